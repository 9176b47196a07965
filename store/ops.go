package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
)

// What operations read about the database itself: /metrics (OutboxStats)
// and `houqin doctor` (SchemaVersion, LatestSealedID).

// OutboxStats is the outbox at one moment.
type OutboxStats struct {
	Pending int       // rows neither delivered nor given up on
	Oldest  time.Time // created_at of the oldest pending row; zero when none
	Queued  int64     // the outbox id sequence: rows ever queued (rolled-back ones too)
}

// OutboxStats reads the outbox's backlog and how many rows were ever
// queued, in one statement.
func (d *DB) OutboxStats(ctx context.Context) (OutboxStats, error) {
	var r struct {
		Pending int           `db:"pending"`
		Oldest  sql.NullTime  `db:"oldest"`
		Queued  sql.NullInt64 `db:"queued"`
	}
	err := sqlx.GetContext(ctx, d.db, &r, `
		SELECT count(*) AS pending, min(created_at) AS oldest,
		       (SELECT pg_sequence_last_value(CAST(pg_get_serial_sequence('outbox', 'id') AS regclass))) AS queued
		FROM outbox WHERE status = 'pending'`)
	if err != nil {
		return OutboxStats{}, wrap("outbox stats", err)
	}
	st := OutboxStats{Pending: r.Pending, Queued: r.Queued.Int64}
	if r.Oldest.Valid {
		st.Oldest = r.Oldest.Time
	}
	return st, nil
}

// SchemaVersion returns the highest migration applied to the database and
// the highest this build embeds.
func (d *DB) SchemaVersion(ctx context.Context) (current, latest int64, err error) {
	p, err := d.provider()
	if err != nil {
		return 0, 0, fmt.Errorf("store: schema version: %w", err)
	}
	current, latest, err = p.GetVersions(ctx)
	if err != nil {
		return 0, 0, fmt.Errorf("store: schema version: %w", err)
	}
	return current, latest, nil
}

// LatestSealedID returns the newest visit that still holds a sealed ID
// number, to check that the configured key opens it; flows.ErrNotFound
// when there is none.
func (d *DB) LatestSealedID(ctx context.Context) (schoolID, visitID int64, sealed []byte, err error) {
	var r struct {
		SchoolID int64  `db:"school_id"`
		ID       int64  `db:"id"`
		Sealed   []byte `db:"id_cipher"`
	}
	err = sqlx.GetContext(ctx, d.db, &r, `
		SELECT school_id, id, id_cipher FROM visits
		WHERE id_cipher IS NOT NULL ORDER BY id DESC LIMIT 1`)
	if err != nil {
		return 0, 0, nil, wrap("latest sealed id", err)
	}
	return r.SchoolID, r.ID, r.Sealed, nil
}
