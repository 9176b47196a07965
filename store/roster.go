package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
)

// The admin commands' removals and the duty roster's listing. A removal is
// for a record entered by mistake: a person or room with history (repairs,
// visits, samples, messages ...) keeps it, and is deactivated instead.

// ErrHasHistory is returned by RemoveStaff and RemoveLocation for a record
// that other records name; it wraps flows.ErrConflict.
var ErrHasHistory = fmt.Errorf("%w: other records refer to it", flows.ErrConflict)

// RemoveStaff deletes a staff member with no history, with their chat
// accounts, binding codes, sessions, routes and duties, and clears them as
// a room's owner; call it inside DB.InTx. It returns ErrNotFound for an
// unknown id and ErrHasHistory when records name them.
func (t *Tx) RemoveStaff(ctx context.Context, id int64) error {
	if _, err := getStaff(ctx, t.q, id); err != nil {
		return err
	}
	for _, q := range []string{
		`DELETE FROM identities WHERE staff_id = $1`,
		`DELETE FROM bind_codes WHERE staff_id = $1`,
		`DELETE FROM sessions WHERE staff_id = $1`,
		`DELETE FROM routes WHERE worker_id = $1`,
		`DELETE FROM duty_roster WHERE staff_id = $1`,
		`UPDATE locations SET owner_id = NULL WHERE owner_id = $1`,
	} {
		if _, err := t.q.ExecContext(ctx, q, id); err != nil {
			return wrap(fmt.Sprintf("remove staff %d", id), err)
		}
	}
	_, err := t.q.ExecContext(ctx, `DELETE FROM staff WHERE id = $1`, id)
	if err != nil && errors.Is(mapErr(err), flows.ErrInvalid) { // a foreign key: history names them
		return fmt.Errorf("store: remove staff %d: %w", id, ErrHasHistory)
	}
	return wrap(fmt.Sprintf("remove staff %d", id), err)
}

// RemoveLocation deletes a location no record names; call it inside
// DB.InTx. It returns ErrNotFound for an unknown id and ErrHasHistory when
// repairs, checks or hazards name it.
func (t *Tx) RemoveLocation(ctx context.Context, id int64) error {
	res, err := t.q.ExecContext(ctx, `DELETE FROM locations WHERE id = $1`, id)
	if err != nil && errors.Is(mapErr(err), flows.ErrInvalid) {
		return fmt.Errorf("store: remove location %d: %w", id, ErrHasHistory)
	}
	return affectedOne(fmt.Sprintf("remove location %d", id), res, err)
}

// BuildingExists reports whether a school has an active location in the
// building.
func (t *Tx) BuildingExists(ctx context.Context, schoolID int64, building string) (bool, error) {
	var ok bool
	err := sqlx.GetContext(ctx, t.q, &ok, `
		SELECT EXISTS (SELECT 1 FROM locations WHERE school_id = $1 AND building = $2 AND active)`, schoolID, building)
	return ok, wrap("building exists", err)
}

// Duty is one row of the duty roster.
type Duty struct {
	ID       int64     `db:"id" json:"id"`
	SchoolID int64     `db:"school_id" json:"school_id"`
	StaffID  int64     `db:"staff_id" json:"staff_id"`
	Staff    string    `db:"staff" json:"staff"`
	Purpose  string    `db:"purpose" json:"purpose"` // DutyRepair or DutyCheck
	Trade    string    `db:"trade" json:"trade"`
	Starts   time.Time `db:"starts_at" json:"starts_at"`
	Ends     time.Time `db:"ends_at" json:"ends_at"`
	Note     string    `db:"note" json:"note"`
}

// Duties lists a school's duties that end after since, earliest first.
func (t *Tx) Duties(ctx context.Context, schoolID int64, since time.Time) ([]Duty, error) {
	var out []Duty
	err := sqlx.SelectContext(ctx, t.q, &out, `
		SELECT d.id, d.school_id, d.staff_id, s.name AS staff, d.purpose, d.trade, d.starts_at, d.ends_at, d.note
		FROM duty_roster d JOIN staff s ON s.id = d.staff_id
		WHERE d.school_id = $1 AND d.ends_at > $2
		ORDER BY d.starts_at, d.id`, schoolID, since)
	return out, wrap("duties", err)
}

var _ repair.DutyLister = (*Tx)(nil)

// DutiesBetween implements repair.DutyLister.
func (t *Tx) DutiesBetween(ctx context.Context, schoolID int64, from, to time.Time) ([]repair.DutyEntry, error) {
	var rows []Duty
	err := sqlx.SelectContext(ctx, t.q, &rows, `
		SELECT d.id, d.school_id, d.staff_id, s.name AS staff, d.purpose, d.trade, d.starts_at, d.ends_at, d.note
		FROM duty_roster d JOIN staff s ON s.id = d.staff_id
		WHERE d.school_id = $1 AND d.ends_at > $2 AND d.starts_at < $3
		ORDER BY d.starts_at, d.id`, schoolID, from, to)
	if err != nil {
		return nil, wrap("duties between", err)
	}
	out := make([]repair.DutyEntry, len(rows))
	for i, d := range rows {
		out[i] = repair.DutyEntry{Staff: d.Staff, StaffID: d.StaffID, Check: d.Purpose == DutyCheck, Trade: flows.Trade(d.Trade),
			Starts: d.Starts, Ends: d.Ends, Note: d.Note}
	}
	return out, nil
}

// RemoveDuty deletes a duty; ErrNotFound for an unknown id.
func (t *Tx) RemoveDuty(ctx context.Context, id int64) error {
	res, err := t.q.ExecContext(ctx, `DELETE FROM duty_roster WHERE id = $1`, id)
	return affectedOne(fmt.Sprintf("remove duty %d", id), res, err)
}

// Route returns one route (active or not); ErrNotFound for an unknown id.
func (t *Tx) Route(ctx context.Context, id int64) (Route, error) {
	var r Route
	err := sqlx.GetContext(ctx, t.q, &r, `
		SELECT r.id, r.school_id, r.trade, r.building, r.worker_id, r.priority, r.active, s.name AS worker
		FROM routes r JOIN staff s ON s.id = r.worker_id WHERE r.id = $1`, id)
	return r, wrap(fmt.Sprintf("route %d", id), err)
}

// UpdateRoute writes a route's building, priority and active flag. It
// returns ErrConflict when the school already has that route.
func (t *Tx) UpdateRoute(ctx context.Context, r Route) error {
	res, err := t.q.ExecContext(ctx, `UPDATE routes SET building = $2, priority = $3, active = $4 WHERE id = $1`,
		r.ID, r.Building, r.Priority, r.Active)
	return affectedOne(fmt.Sprintf("update route %d", r.ID), res, err)
}

// Duty returns one duty; ErrNotFound for an unknown id.
func (t *Tx) Duty(ctx context.Context, id int64) (Duty, error) {
	var d Duty
	err := sqlx.GetContext(ctx, t.q, &d, `
		SELECT d.id, d.school_id, d.staff_id, s.name AS staff, d.purpose, d.trade, d.starts_at, d.ends_at, d.note
		FROM duty_roster d JOIN staff s ON s.id = d.staff_id WHERE d.id = $1`, id)
	return d, wrap(fmt.Sprintf("duty %d", id), err)
}

// UpdateDuty writes a duty's staff member, trade, times and note; ErrInvalid
// when it would end before it starts.
func (t *Tx) UpdateDuty(ctx context.Context, d Duty) error {
	res, err := t.q.ExecContext(ctx, `
		UPDATE duty_roster SET staff_id = $2, trade = $3, starts_at = $4, ends_at = $5, note = $6 WHERE id = $1`,
		d.ID, d.StaffID, d.Trade, d.Starts, d.Ends, d.Note)
	return affectedOne(fmt.Sprintf("update duty %d", d.ID), res, err)
}
