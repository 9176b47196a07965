package store

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/houqin/houqin/flows"
)

type schoolRow struct {
	ID       int64  `db:"id"`
	Name     string `db:"name"`
	Timezone string `db:"timezone"`
	Settings []byte `db:"settings"`
	Active   bool   `db:"active"`
}

func (r schoolRow) school() (flows.School, error) {
	s := flows.School{ID: r.ID, Name: r.Name, Timezone: r.Timezone, Active: r.Active, Settings: flows.DefaultSettings()}
	// Settings missing from the stored JSON keep their defaults, so a
	// setting added in a later release needs no data migration.
	if err := json.Unmarshal(r.Settings, &s.Settings); err != nil {
		return s, fmt.Errorf("school %d settings: %w", r.ID, err)
	}
	return s, nil
}

const schoolCols = `id, name, timezone, settings, active`

func getSchool(ctx context.Context, q sqlx.QueryerContext, id int64) (flows.School, error) {
	var r schoolRow
	if err := sqlx.GetContext(ctx, q, &r, `SELECT `+schoolCols+` FROM schools WHERE id = $1`, id); err != nil {
		return flows.School{}, wrap(fmt.Sprintf("school %d", id), err)
	}
	return r.school()
}

type staffRow struct {
	ID       int64          `db:"id"`
	SchoolID int64          `db:"school_id"`
	Name     string         `db:"name"`
	Roles    pq.StringArray `db:"roles"`
	Trades   pq.StringArray `db:"trades"`
	Phone    string         `db:"phone"`
	Active   bool           `db:"active"`
}

func (r staffRow) staff() flows.Staff {
	s := flows.Staff{ID: r.ID, SchoolID: r.SchoolID, Name: r.Name, Phone: r.Phone, Active: r.Active}
	for _, x := range r.Roles {
		s.Roles = append(s.Roles, flows.Role(x))
	}
	for _, x := range r.Trades {
		s.Trades = append(s.Trades, flows.Trade(x))
	}
	return s
}

func staffList(rows []staffRow) []flows.Staff {
	out := make([]flows.Staff, len(rows))
	for i, r := range rows {
		out[i] = r.staff()
	}
	return out
}

const staffCols = `s.id, s.school_id, s.name, s.roles, s.trades, s.phone, s.active`

func getStaff(ctx context.Context, q sqlx.QueryerContext, id int64) (flows.Staff, error) {
	var r staffRow
	if err := sqlx.GetContext(ctx, q, &r, `SELECT `+staffCols+` FROM staff s WHERE s.id = $1`, id); err != nil {
		return flows.Staff{}, wrap(fmt.Sprintf("staff %d", id), err)
	}
	return r.staff(), nil
}

type locationRow struct {
	ID       int64          `db:"id"`
	SchoolID int64          `db:"school_id"`
	Building string         `db:"building"`
	Floor    string         `db:"floor"`
	Room     string         `db:"room"`
	Aliases  pq.StringArray `db:"aliases"`
	OwnerID  *int64         `db:"owner_id"`
	Active   bool           `db:"active"`
}

func (r locationRow) location() flows.Location {
	l := flows.Location{ID: r.ID, SchoolID: r.SchoolID, Building: r.Building, Floor: r.Floor, Room: r.Room, Aliases: r.Aliases, Active: r.Active}
	if r.OwnerID != nil {
		l.OwnerID = *r.OwnerID
	}
	return l
}

const locationCols = `id, school_id, building, floor, room, aliases, owner_id, active`

func listLocations(ctx context.Context, q sqlx.QueryerContext, schoolID int64, all bool) ([]flows.Location, error) {
	var rows []locationRow
	if err := sqlx.SelectContext(ctx, q, &rows,
		`SELECT `+locationCols+` FROM locations WHERE school_id = $1 AND (active OR $2) ORDER BY building, room`, schoolID, all); err != nil {
		return nil, wrap("locations", err)
	}
	out := make([]flows.Location, len(rows))
	for i, r := range rows {
		out[i] = r.location()
	}
	return out, nil
}

// School implements flows.Directory.
func (t *Tx) School(ctx context.Context, id int64) (flows.School, error) {
	return t.cachedSchool(ctx, id)
}

// StaffByID implements flows.Directory: from the directory cache of a
// school whose version this transaction read, else from the database.
func (t *Tx) StaffByID(ctx context.Context, id int64) (flows.Staff, error) {
	if t.turn != nil {
		for school := range t.turn.known {
			all, ok, err := t.cachedStaff(ctx, school)
			if err != nil {
				return flows.Staff{}, err
			}
			if i, found := slices.BinarySearchFunc(all, id, func(s flows.Staff, id int64) int { return cmp.Compare(s.ID, id) }); ok && found {
				return cloneStaff(all[i]), nil
			}
		}
	}
	return getStaff(ctx, t.q, id)
}

// StaffByIdentity implements flows.Directory. Inside a transaction
// (DB.InTx) it also locks the account's identity row, so that one
// person's messages are handled strictly one at a time (Session needs no
// statement of its own to lock it), and reads the school's directory
// version for the directory cache: the message's first directory read.
func (t *Tx) StaffByIdentity(ctx context.Context, ch flows.Channel, ext string) (flows.Staff, error) {
	if t.turn == nil {
		var r staffRow
		err := sqlx.GetContext(ctx, t.q, &r, `
			SELECT `+staffCols+`
			FROM identities i JOIN staff s ON s.id = i.staff_id
			WHERE i.channel = $1 AND i.external_id = $2 AND s.active`, string(ch), ext)
		if err != nil {
			return flows.Staff{}, wrap("staff by identity", err)
		}
		return r.staff(), nil
	}
	if p := t.turn.prefetch; p != nil && p.ch == ch && p.ext == ext {
		t.turn.prefetch = nil // once: a binding in this transaction may change the answer
		if !p.found {
			return flows.Staff{}, fmt.Errorf("store: staff by identity: %w", flows.ErrNotFound)
		}
		t.sawVersion(p.staff.SchoolID, p.version)
		t.turn.locked, t.turn.lockedCh, t.turn.lockedExt, t.turn.lockedStaff = true, ch, ext, p.staff.ID
		t.turn.fresh = p.session
		return p.staff, nil
	}
	var r struct {
		staffRow
		Version int64 `db:"dir_version"`
	}
	err := sqlx.GetContext(ctx, t.q, &r, `
		SELECT `+staffCols+`, sc.dir_version
		FROM identities i JOIN staff s ON s.id = i.staff_id JOIN schools sc ON sc.id = s.school_id
		WHERE i.channel = $1 AND i.external_id = $2 AND s.active
		FOR UPDATE OF i`, string(ch), ext)
	if err != nil {
		return flows.Staff{}, wrap("staff by identity", err)
	}
	t.sawVersion(r.SchoolID, r.Version)
	t.turn.locked, t.turn.lockedCh, t.turn.lockedExt, t.turn.lockedStaff = true, ch, ext, r.ID
	return r.staff(), nil
}

// StaffWithRole implements flows.Directory.
func (t *Tx) StaffWithRole(ctx context.Context, schoolID int64, role flows.Role) ([]flows.Staff, error) {
	all, ok, err := t.cachedStaff(ctx, schoolID)
	if err != nil {
		return nil, err
	}
	if ok {
		var out []flows.Staff
		for _, s := range all {
			if s.Active && slices.Contains(s.Roles, role) {
				out = append(out, cloneStaff(s))
			}
		}
		return out, nil
	}
	var rows []staffRow
	err = sqlx.SelectContext(ctx, t.q, &rows, `
		SELECT `+staffCols+` FROM staff s
		WHERE s.school_id = $1 AND s.active AND $2 = ANY (s.roles) ORDER BY s.id`, schoolID, string(role))
	if err != nil {
		return nil, wrap("staff with role", err)
	}
	return staffList(rows), nil
}

// FindStaff implements flows.Directory.
func (t *Tx) FindStaff(ctx context.Context, schoolID int64, query string) ([]flows.Staff, error) {
	return findStaff(ctx, t.q, schoolID, query)
}

func findStaff(ctx context.Context, q sqlx.QueryerContext, schoolID int64, query string) ([]flows.Staff, error) {
	query = strings.TrimSpace(query)
	if query == "" {
		return nil, nil
	}
	var rows []staffRow
	err := sqlx.SelectContext(ctx, q, &rows, `
		SELECT `+staffCols+` FROM staff s
		WHERE s.school_id = $1 AND s.active
		  AND (strpos(s.name, $2) > 0 OR (s.initials <> '' AND s.initials LIKE lower($3) || '%'))
		ORDER BY (s.name = $2) DESC, s.id LIMIT 20`, schoolID, query, likeEscape(query))
	if err != nil {
		return nil, wrap("find staff", err)
	}
	return staffList(rows), nil
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Locations implements flows.Directory. The list is the directory
// cache's own when the transaction read the school's version, shared by
// every message until the directory changes: read-only, as the interface
// says. Copied for each caller, the bench's 300 rooms were about 31 KB of
// a message's allocation (and the garbage collection that follows) and
// 1.8% of its CPU profile for the copy alone.
func (t *Tx) Locations(ctx context.Context, schoolID int64) ([]flows.Location, error) {
	return t.sharedLocations(ctx, schoolID)
}

// LocationByID implements flows.Directory: an active location of a school
// whose directory version this transaction read comes from the cache.
func (t *Tx) LocationByID(ctx context.Context, id int64) (flows.Location, error) {
	if t.turn != nil {
		for school := range t.turn.known {
			locs, err := t.sharedLocations(ctx, school)
			if err != nil {
				return flows.Location{}, err
			}
			for _, l := range locs {
				if l.ID == id {
					l.Aliases = slices.Clone(l.Aliases)
					return l, nil
				}
			}
		}
	}
	var r locationRow
	if err := sqlx.GetContext(ctx, t.q, &r, `SELECT `+locationCols+` FROM locations WHERE id = $1`, id); err != nil {
		return flows.Location{}, wrap(fmt.Sprintf("location %d", id), err)
	}
	return r.location(), nil
}

// Binding codes.

// codeAlphabet avoids characters people confuse (0/O, 1/I/L).
const codeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"

// CodeLength gives 31^8 ≈ 8.5e11 codes; with failures throttled to a few
// per hour per account, guessing a live code is hopeless.
const CodeLength = 8

func newCode() (string, error) {
	b := make([]byte, CodeLength)
	for i := range b {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(codeAlphabet))))
		if err != nil {
			return "", err
		}
		b[i] = codeAlphabet[n.Int64()]
	}
	return string(b), nil
}

func hashCode(code string) string {
	sum := sha256.Sum256([]byte(strings.ToUpper(strings.TrimSpace(code))))
	return hex.EncodeToString(sum[:])
}

// InviteStaff creates a one-time binding code for a staff member, valid
// until now+ttl. Only the code's hash is stored.
func (t *Tx) InviteStaff(ctx context.Context, staffID int64, now time.Time, ttl time.Duration) (string, error) {
	st, err := getStaff(ctx, t.q, staffID)
	if err != nil {
		return "", err
	}
	if !st.Active {
		return "", fmt.Errorf("store: invite staff %d: %w: deactivated", staffID, flows.ErrInvalid)
	}
	code, err := newCode()
	if err != nil {
		return "", fmt.Errorf("store: invite: %w", err)
	}
	_, err = t.q.ExecContext(ctx, `
		INSERT INTO bind_codes (code_hash, school_id, staff_id, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5)`, hashCode(code), st.SchoolID, st.ID, now, now.Add(ttl))
	if err != nil {
		return "", wrap("invite", err)
	}
	return code, nil
}

// bindLockKey is the transaction-scoped advisory lock that binding
// attempts take turns on ("houqin" and 1).
const bindLockKey int64 = 0x686f7571696e0001

// LockBinding implements flows.Conversations with a transaction-scoped
// advisory lock: held until commit or rollback, on every instance sharing
// the database. On the pool (outside DB.InTx) it would be released at once.
// The counts read after it see every failure committed before it was
// granted because InTx runs at READ COMMITTED (a snapshot per statement);
// under REPEATABLE READ they would not.
func (t *Tx) LockBinding(ctx context.Context) error {
	_, err := t.q.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, bindLockKey)
	return wrap("lock binding", err)
}

type bindCodeRow struct {
	SchoolID  int64      `db:"school_id"`
	StaffID   int64      `db:"staff_id"`
	ExpiresAt time.Time  `db:"expires_at"`
	UsedAt    *time.Time `db:"used_at"`
	RevokedAt *time.Time `db:"revoked_at"`
}

func (r bindCodeRow) code() flows.BindCode {
	return flows.BindCode{SchoolID: r.SchoolID, StaffID: r.StaffID, ExpiresAt: r.ExpiresAt, Used: r.UsedAt != nil, Revoked: r.RevokedAt != nil}
}

const bindCodeCols = `school_id, staff_id, expires_at, used_at, revoked_at`

// RevokeInvites revokes a staff member's binding codes that are unused and
// unexpired at now, and returns how many it revoked. A revoked code is
// answered like a wrong one.
func (t *Tx) RevokeInvites(ctx context.Context, staffID int64, now time.Time) (int, error) {
	if _, err := getStaff(ctx, t.q, staffID); err != nil {
		return 0, err
	}
	res, err := t.q.ExecContext(ctx, `
		UPDATE bind_codes SET revoked_at = $2
		WHERE staff_id = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2`, staffID, now)
	if err != nil {
		return 0, wrap("revoke invites", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// UnbindStaff removes a staff member's chat accounts, on one channel or
// (ch empty) on all, with their sessions, and returns the accounts removed.
// Those accounts are then strangers: they get the binding instructions, and
// notifications to the person wait for an account (or are reported
// undeliverable) as for anyone bound nowhere.
func (t *Tx) UnbindStaff(ctx context.Context, staffID int64, ch flows.Channel) ([]flows.Identity, error) {
	if _, err := getStaff(ctx, t.q, staffID); err != nil {
		return nil, err
	}
	var rows []struct {
		Channel    string `db:"channel"`
		ExternalID string `db:"external_id"`
		SchoolID   int64  `db:"school_id"`
	}
	err := sqlx.SelectContext(ctx, t.q, &rows, `
		WITH gone AS (
			DELETE FROM identities WHERE staff_id = $1 AND ($2 = '' OR channel = $2)
			RETURNING channel, external_id, school_id
		), sessions_gone AS (
			DELETE FROM sessions s USING gone WHERE s.channel = gone.channel AND s.external_id = gone.external_id
		)
		SELECT channel, external_id, school_id FROM gone ORDER BY channel, external_id`, staffID, string(ch))
	if err != nil {
		return nil, wrap("unbind staff", err)
	}
	out := make([]flows.Identity, len(rows))
	for i, r := range rows {
		out[i] = flows.Identity{Channel: flows.Channel(r.Channel), ExternalID: r.ExternalID, StaffID: staffID, SchoolID: r.SchoolID}
	}
	return out, nil
}

// BindCode implements flows.Conversations.
func (t *Tx) BindCode(ctx context.Context, code string) (flows.BindCode, error) {
	var r bindCodeRow
	if err := sqlx.GetContext(ctx, t.q, &r, `SELECT `+bindCodeCols+` FROM bind_codes WHERE code_hash = $1`, hashCode(code)); err != nil {
		return flows.BindCode{}, wrap("bind code", err)
	}
	return r.code(), nil
}

// RedeemBindCode implements flows.Conversations.
func (t *Tx) RedeemBindCode(ctx context.Context, code string, ch flows.Channel, ext string, now time.Time) (flows.Staff, error) {
	var r bindCodeRow
	err := sqlx.GetContext(ctx, t.q, &r, `
		SELECT `+bindCodeCols+` FROM bind_codes WHERE code_hash = $1 FOR UPDATE`, hashCode(code))
	if err != nil {
		return flows.Staff{}, wrap("redeem code", err)
	}
	if c := r.code(); c.Used || c.Revoked || !now.Before(c.ExpiresAt) {
		return flows.Staff{}, fmt.Errorf("store: redeem code: %w", flows.ErrExpired)
	}
	st, err := getStaff(ctx, t.q, r.StaffID)
	if err != nil {
		return flows.Staff{}, err
	}
	if !st.Active {
		return flows.Staff{}, fmt.Errorf("store: redeem code: %w", flows.ErrExpired)
	}
	if _, err := t.q.ExecContext(ctx, `UPDATE bind_codes SET used_at = $2, used_by = $3 WHERE code_hash = $1`,
		hashCode(code), now, string(ch)+":"+ext); err != nil {
		return flows.Staff{}, wrap("redeem code", err)
	}
	// A chat account binds to one staff member; binding again moves it, and
	// its old session (with the old person's state) is dropped.
	if _, err := t.q.ExecContext(ctx, `
		INSERT INTO identities (channel, external_id, school_id, staff_id, bound_at, last_seen)
		VALUES ($1, $2, $3, $4, $5, $5)
		ON CONFLICT (channel, external_id) DO UPDATE
		SET school_id = EXCLUDED.school_id, staff_id = EXCLUDED.staff_id, bound_at = EXCLUDED.bound_at, last_seen = EXCLUDED.last_seen`,
		string(ch), ext, st.SchoolID, st.ID, now); err != nil {
		return flows.Staff{}, wrap("bind identity", err)
	}
	if _, err := t.q.ExecContext(ctx, `DELETE FROM sessions WHERE channel = $1 AND external_id = $2`, string(ch), ext); err != nil {
		return flows.Staff{}, wrap("bind identity", err)
	}
	return st, nil
}

// Identities implements flows.Conversations.
func (t *Tx) Identities(ctx context.Context, staffID int64) ([]flows.Identity, error) {
	var rows []struct {
		Channel    string    `db:"channel"`
		ExternalID string    `db:"external_id"`
		StaffID    int64     `db:"staff_id"`
		SchoolID   int64     `db:"school_id"`
		LastSeen   time.Time `db:"last_seen"`
	}
	if err := sqlx.SelectContext(ctx, t.q, &rows, `
		SELECT channel, external_id, staff_id, school_id, last_seen FROM identities
		WHERE staff_id = $1 ORDER BY bound_at, channel, external_id`, staffID); err != nil {
		return nil, wrap("identities", err)
	}
	out := make([]flows.Identity, len(rows))
	for i, r := range rows {
		out[i] = flows.Identity{Channel: flows.Channel(r.Channel), ExternalID: r.ExternalID, StaffID: r.StaffID, SchoolID: r.SchoolID, LastSeen: r.LastSeen}
	}
	return out, nil
}

// BindFailures implements flows.Conversations.
func (t *Tx) BindFailures(ctx context.Context, scope flows.BindScope, since time.Time) (int, error) {
	var n int
	var err error
	switch {
	case scope.Channel != "":
		err = sqlx.GetContext(ctx, t.q, &n, `
			SELECT count(*) FROM bind_failures WHERE channel = $1 AND external_id = $2 AND at >= $3`,
			string(scope.Channel), scope.ExternalID, since)
	case scope.SchoolID != 0:
		err = sqlx.GetContext(ctx, t.q, &n, `
			SELECT count(*) FROM bind_failures WHERE school_id = $1 AND at >= $2`, scope.SchoolID, since)
	default:
		err = sqlx.GetContext(ctx, t.q, &n, `SELECT count(*) FROM bind_failures WHERE at >= $1`, since)
	}
	return n, wrap("bind failures", err)
}

// RecordBindFailure implements flows.Conversations.
func (t *Tx) RecordBindFailure(ctx context.Context, f flows.BindFailure) error {
	_, err := t.q.ExecContext(ctx, `
		INSERT INTO bind_failures (channel, external_id, school_id, at) VALUES ($1, $2, $3, $4)`,
		string(f.Channel), f.ExternalID, nullID(f.SchoolID), f.At)
	return wrap("record bind failure", err)
}

// TouchIdentity implements flows.Conversations.
// Inside DB.InTx the write is deferred like SaveSession's.
func (t *Tx) TouchIdentity(ctx context.Context, ch flows.Channel, ext string, at time.Time) error {
	if t.turn != nil {
		if p := t.turn.touch; p != nil && (p.ch != ch || p.ext != ext) {
			if err := t.flush(ctx); err != nil {
				return err
			}
		}
		if p := t.turn.touch; p == nil || at.After(p.at) {
			t.turn.touch = &pendingTouch{ch: ch, ext: ext, at: at}
		}
		return nil
	}
	_, err := t.q.ExecContext(ctx, `
		UPDATE identities SET last_seen = greatest(last_seen, $3) WHERE channel = $1 AND external_id = $2`, string(ch), ext, at)
	return wrap("touch identity", err)
}

// ActiveSchools implements flows.Directory.
func (t *Tx) ActiveSchools(ctx context.Context) ([]flows.School, error) {
	return listSchools(ctx, t.q, true)
}

func listSchools(ctx context.Context, q sqlx.QueryerContext, activeOnly bool) ([]flows.School, error) {
	var rows []schoolRow
	if err := sqlx.SelectContext(ctx, q, &rows, `
		SELECT `+schoolCols+` FROM schools WHERE active OR NOT $1 ORDER BY active DESC, id`, activeOnly); err != nil {
		return nil, wrap("schools", err)
	}
	out := make([]flows.School, 0, len(rows))
	for _, r := range rows {
		s, err := r.school()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}
