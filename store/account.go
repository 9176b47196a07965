package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/houqin/houqin/flows"
)

// BindAccount binds the chat account ext on channel ch to a staff member
// without a binding code: the school vouches for it, as when it imports
// its staff with their WeCom UserIDs (`houqin staff edit --wecom-userid`,
// the staff sheet's wecom_userid column). It replaces the staff member's
// other account on ch, whose session goes with it; binding the same
// account again changes nothing. It returns flows.ErrNotFound for an
// unknown staff member and flows.ErrConflict when the account is bound to
// someone else.
func (t *Tx) BindAccount(ctx context.Context, staffID int64, ch flows.Channel, ext string, now time.Time) error {
	var r struct {
		Staff   int   `db:"staff"`
		TakenBy int64 `db:"taken_by"`
	}
	err := sqlx.GetContext(ctx, t.q, &r, `
		WITH st AS (
			SELECT id, school_id FROM staff WHERE id = $3
		), taken AS (
			SELECT staff_id FROM identities WHERE channel = $1 AND external_id = $2
		), gone AS (
			DELETE FROM identities i USING st
			WHERE i.staff_id = st.id AND i.channel = $1 AND i.external_id <> $2
			  AND NOT EXISTS (SELECT 1 FROM taken WHERE taken.staff_id <> st.id)
			RETURNING i.channel, i.external_id
		), sessions_gone AS (
			DELETE FROM sessions s USING gone WHERE s.channel = gone.channel AND s.external_id = gone.external_id
		), ins AS (
			INSERT INTO identities (channel, external_id, school_id, staff_id, bound_at, last_seen)
			SELECT $1, $2, st.school_id, st.id, $4, $4 FROM st WHERE NOT EXISTS (SELECT 1 FROM taken)
			RETURNING staff_id
		)
		SELECT (SELECT count(*) FROM st) AS staff, COALESCE((SELECT staff_id FROM taken), 0) AS taken_by`,
		string(ch), ext, staffID, now)
	if err != nil {
		return wrap("bind account", err)
	}
	if r.Staff == 0 {
		return fmt.Errorf("store: bind account: staff %d: %w", staffID, flows.ErrNotFound)
	}
	if r.TakenBy != 0 && r.TakenBy != staffID {
		return fmt.Errorf("store: bind account: the %s account is bound to staff %d: %w", ch, r.TakenBy, flows.ErrConflict)
	}
	return nil
}
