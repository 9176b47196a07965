package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/houqin/houqin/flows"
)

// AddSchool creates a school with the given rules.
func (t *Tx) AddSchool(ctx context.Context, name, timezone string, settings flows.Settings) (flows.School, error) {
	if timezone == "" {
		timezone = "Asia/Shanghai"
	}
	raw, err := json.Marshal(settings)
	if err != nil {
		return flows.School{}, fmt.Errorf("store: add school: %w", err)
	}
	var r schoolRow
	err = sqlx.GetContext(ctx, t.q, &r, `
		INSERT INTO schools (name, timezone, settings) VALUES ($1, $2, $3) RETURNING `+schoolCols, name, timezone, raw)
	if err != nil {
		return flows.School{}, wrap("add school", err)
	}
	return r.school()
}

// SchoolByName returns a school by its exact name.
func (t *Tx) SchoolByName(ctx context.Context, name string) (flows.School, error) {
	var r schoolRow
	if err := sqlx.GetContext(ctx, t.q, &r, `SELECT `+schoolCols+` FROM schools WHERE name = $1`, name); err != nil {
		return flows.School{}, wrap("school "+name, err)
	}
	return r.school()
}

// Schools lists every school, active ones first.
func (t *Tx) Schools(ctx context.Context) ([]flows.School, error) {
	return listSchools(ctx, t.q, false)
}

// UpdateSchool writes a school's name, time zone, rules and active flag.
func (t *Tx) UpdateSchool(ctx context.Context, s flows.School) error {
	if err := s.Settings.Validate(); err != nil {
		return fmt.Errorf("store: update school: %w: %v", flows.ErrInvalid, err)
	}
	raw, err := json.Marshal(s.Settings)
	if err != nil {
		return fmt.Errorf("store: update school: %w", err)
	}
	res, err := t.q.ExecContext(ctx, `
		UPDATE schools SET name = $2, timezone = $3, settings = $4, active = $5 WHERE id = $1`,
		s.ID, s.Name, s.Timezone, raw, s.Active)
	return affectedOne("update school", res, err)
}

func affectedOne(what string, res interface{ RowsAffected() (int64, error) }, err error) error {
	if err != nil {
		return wrap(what, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("store: %s: %w", what, flows.ErrNotFound)
	}
	return nil
}

// AddStaff creates a staff member; ID is ignored and returned set.
func (t *Tx) AddStaff(ctx context.Context, s flows.Staff) (flows.Staff, error) {
	var r staffRow
	err := sqlx.GetContext(ctx, t.q, &r, `
		INSERT INTO staff AS s (school_id, name, initials, roles, trades, phone)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING `+staffCols,
		s.SchoolID, s.Name, flows.Initials(s.Name), textArray(s.Roles), textArray(s.Trades), s.Phone)
	if err != nil {
		return flows.Staff{}, wrap("add staff", err)
	}
	return r.staff(), nil
}

// UpdateStaff writes a staff member's name, roles, trades, phone and active flag.
func (t *Tx) UpdateStaff(ctx context.Context, s flows.Staff) error {
	res, err := t.q.ExecContext(ctx, `
		UPDATE staff SET name = $2, initials = $3, roles = $4, trades = $5, phone = $6, active = $7 WHERE id = $1`,
		s.ID, s.Name, flows.Initials(s.Name), textArray(s.Roles), textArray(s.Trades), s.Phone, s.Active)
	return affectedOne("update staff", res, err)
}

// Staff returns a staff member by id.
func (t *Tx) Staff(ctx context.Context, id int64) (flows.Staff, error) {
	return getStaff(ctx, t.q, id)
}

// StaffByName returns the school's active staff members named exactly name.
func (t *Tx) StaffByName(ctx context.Context, schoolID int64, name string) ([]flows.Staff, error) {
	var rows []staffRow
	err := sqlx.SelectContext(ctx, t.q, &rows, `
		SELECT `+staffCols+` FROM staff s WHERE s.school_id = $1 AND s.name = $2 AND s.active ORDER BY s.id`, schoolID, name)
	return staffList(rows), wrap("staff by name", err)
}

// ListStaff lists a school's staff, deactivated ones too when all is set.
func (t *Tx) ListStaff(ctx context.Context, schoolID int64, all bool) ([]flows.Staff, error) {
	var rows []staffRow
	err := sqlx.SelectContext(ctx, t.q, &rows, `
		SELECT `+staffCols+` FROM staff s WHERE s.school_id = $1 AND (s.active OR $2) ORDER BY s.id`, schoolID, all)
	return staffList(rows), wrap("list staff", err)
}

// AddLocation creates a location; ID is ignored and returned set.
func (t *Tx) AddLocation(ctx context.Context, l flows.Location) (flows.Location, error) {
	if l.Aliases == nil {
		l.Aliases = []string{}
	}
	var r locationRow
	err := sqlx.GetContext(ctx, t.q, &r, `
		INSERT INTO locations (school_id, building, floor, room, aliases, owner_id)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING `+locationCols,
		l.SchoolID, l.Building, l.Floor, l.Room, pq.StringArray(l.Aliases), nullID(l.OwnerID))
	if err != nil {
		return flows.Location{}, wrap("add location", err)
	}
	return r.location(), nil
}

// UpdateLocation writes a location's fields and active flag.
func (t *Tx) UpdateLocation(ctx context.Context, l flows.Location) error {
	if l.Aliases == nil {
		l.Aliases = []string{}
	}
	res, err := t.q.ExecContext(ctx, `
		UPDATE locations SET building = $2, floor = $3, room = $4, aliases = $5, owner_id = $6, active = $7 WHERE id = $1`,
		l.ID, l.Building, l.Floor, l.Room, pq.StringArray(l.Aliases), nullID(l.OwnerID), l.Active)
	return affectedOne("update location", res, err)
}

// Location returns a location by id.
func (t *Tx) Location(ctx context.Context, id int64) (flows.Location, error) {
	var r locationRow
	if err := sqlx.GetContext(ctx, t.q, &r, `SELECT `+locationCols+` FROM locations WHERE id = $1`, id); err != nil {
		return flows.Location{}, wrap(fmt.Sprintf("location %d", id), err)
	}
	return r.location(), nil
}

// ListLocations lists a school's locations, deactivated ones too when all is set.
func (t *Tx) ListLocations(ctx context.Context, schoolID int64, all bool) ([]flows.Location, error) {
	return listLocations(ctx, t.q, schoolID, all)
}

// BindConsole binds the terminal account of a staff member ("console",
// staff id), used by `houqin chat` and `houqin demo`: whoever runs the
// binary on the server is trusted to act as any staff member.
func (t *Tx) BindConsole(ctx context.Context, staffID int64, now time.Time) (string, error) {
	st, err := getStaff(ctx, t.q, staffID)
	if err != nil {
		return "", err
	}
	ext := strconv.FormatInt(staffID, 10)
	_, err = t.q.ExecContext(ctx, `
		INSERT INTO identities (channel, external_id, school_id, staff_id, bound_at, last_seen)
		VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (channel, external_id) DO NOTHING`,
		string(flows.ChannelConsole), ext, st.SchoolID, st.ID, now)
	return ext, wrap("bind console", err)
}

// SigningKey returns the random key kept under name in the database,
// making it the first time: every instance sharing the database signs
// with the same key.
func (t *Tx) SigningKey(ctx context.Context, name string) ([]byte, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return nil, fmt.Errorf("store: signing key: %w", err)
	}
	var v string
	err := sqlx.GetContext(ctx, t.q, &v, `
		WITH ins AS (
			INSERT INTO kv (key, value, expires_at) VALUES ($1, $2, 'infinity')
			ON CONFLICT (key) DO NOTHING RETURNING value
		)
		SELECT value FROM ins UNION ALL SELECT value FROM kv WHERE key = $1
		LIMIT 1`, name, hex.EncodeToString(b))
	if errors.Is(err, sql.ErrNoRows) {
		// Another instance inserted it concurrently, after this
		// statement's snapshot: it is committed now.
		err = sqlx.GetContext(ctx, t.q, &v, `SELECT value FROM kv WHERE key = $1`, name)
	}
	if err != nil {
		return nil, wrap("signing key", err)
	}
	return []byte(v), nil
}
