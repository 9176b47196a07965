package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/houqin/houqin/flows/visit"
)

// Watch-list alerts raised at the gate (migration 00048).

type watchAlertRow struct {
	ID        int64      `db:"id"`
	SchoolID  int64      `db:"school_id"`
	GuardID   int64      `db:"guard_id"`
	AlertedAt time.Time  `db:"alerted_at"`
	VisitID   *int64     `db:"visit_id"`
	SaidBy    *int64     `db:"said_by"`
	SaidAt    *time.Time `db:"said_at"`
}

func (r watchAlertRow) alert() visit.WatchAlert {
	return visit.WatchAlert{ID: r.ID, SchoolID: r.SchoolID, GuardID: r.GuardID, At: r.AlertedAt,
		VisitID: deref(r.VisitID), SaidBy: deref(r.SaidBy), SaidAt: deref(r.SaidAt)}
}

const watchAlertSelect = `SELECT id, school_id, guard_id, alerted_at, visit_id, said_by, said_at FROM watch_alerts`

// CreateWatchAlert implements visit.Store.
func (t *Tx) CreateWatchAlert(ctx context.Context, a *visit.WatchAlert) error {
	err := sqlx.GetContext(ctx, t.q, &a.ID, `
		INSERT INTO watch_alerts (school_id, guard_id, alerted_at, visit_id, said_by, said_at)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		a.SchoolID, a.GuardID, a.At, nullID(a.VisitID), nullID(a.SaidBy), nullTime(a.SaidAt))
	return wrap("create watch alert", err)
}

// WatchAlert implements visit.Store.
func (t *Tx) WatchAlert(ctx context.Context, id int64) (visit.WatchAlert, error) {
	var r watchAlertRow
	if err := sqlx.GetContext(ctx, t.q, &r, watchAlertSelect+` WHERE id = $1`, id); err != nil {
		return visit.WatchAlert{}, wrap(fmt.Sprintf("watch alert %d", id), err)
	}
	return r.alert(), nil
}

// LatestWatchAlert implements visit.Store (watch_alerts_school_idx).
func (t *Tx) LatestWatchAlert(ctx context.Context, schoolID int64, since time.Time) (visit.WatchAlert, error) {
	var r watchAlertRow
	err := sqlx.GetContext(ctx, t.q, &r, watchAlertSelect+`
		WHERE school_id = $1 AND alerted_at >= $2 ORDER BY alerted_at DESC, id DESC LIMIT 1`, schoolID, since)
	if err != nil {
		return visit.WatchAlert{}, wrap("latest watch alert", err)
	}
	return r.alert(), nil
}

// UpdateWatchAlert implements visit.Store.
func (t *Tx) UpdateWatchAlert(ctx context.Context, a visit.WatchAlert) error {
	res, err := t.q.ExecContext(ctx, `UPDATE watch_alerts SET visit_id = $2, said_by = $3, said_at = $4 WHERE id = $1`,
		a.ID, nullID(a.VisitID), nullID(a.SaidBy), nullTime(a.SaidAt))
	return affectedOne(fmt.Sprintf("update watch alert %d", a.ID), res, err)
}
