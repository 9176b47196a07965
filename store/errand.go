package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/houqin/houqin/flows"
)

// A leader's errands to workers given in words (migration 00059).

var _ flows.Errands = (*Tx)(nil)

type errandRow struct {
	ID        int64      `db:"id"`
	SchoolID  int64      `db:"school_id"`
	LeaderID  int64      `db:"leader_id"`
	WorkerID  int64      `db:"worker_id"`
	Words     string     `db:"words"`
	GivenAt   time.Time  `db:"given_at"`
	Reply     string     `db:"reply"`
	RepliedAt *time.Time `db:"replied_at"`
	DoneWords string     `db:"done_words"`
	DoneAt    *time.Time `db:"done_at"`
}

func (r errandRow) errand() flows.Errand {
	return flows.Errand{ID: r.ID, SchoolID: r.SchoolID, LeaderID: r.LeaderID, WorkerID: r.WorkerID, Words: r.Words,
		GivenAt: r.GivenAt, Reply: r.Reply, RepliedAt: deref(r.RepliedAt), DoneWords: r.DoneWords, DoneAt: deref(r.DoneAt)}
}

// CreateErrand implements flows.Errands.
func (t *Tx) CreateErrand(ctx context.Context, e *flows.Errand) error {
	err := sqlx.GetContext(ctx, t.q, &e.ID, `
		INSERT INTO errands (school_id, leader_id, worker_id, words, given_at, reply, replied_at, done_words, done_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
		e.SchoolID, e.LeaderID, e.WorkerID, e.Words, e.GivenAt, e.Reply, nullTime(e.RepliedAt), e.DoneWords, nullTime(e.DoneAt))
	return wrap("create errand", err)
}

// ErrandsSince implements flows.Errands (errands_school_idx).
func (t *Tx) ErrandsSince(ctx context.Context, schoolID int64, since time.Time) ([]flows.Errand, error) {
	var rows []errandRow
	err := sqlx.SelectContext(ctx, t.q, &rows, `
		SELECT id, school_id, leader_id, worker_id, words, given_at, reply, replied_at, done_words, done_at
		FROM errands WHERE school_id = $1 AND given_at >= $2 ORDER BY given_at DESC, id DESC`, schoolID, since)
	if err != nil {
		return nil, wrap("errands since", err)
	}
	out := make([]flows.Errand, len(rows))
	for i, r := range rows {
		out[i] = r.errand()
	}
	return out, nil
}

// UpdateErrand implements flows.Errands.
func (t *Tx) UpdateErrand(ctx context.Context, e flows.Errand) error {
	res, err := t.q.ExecContext(ctx, `UPDATE errands SET reply = $2, replied_at = $3, done_words = $4, done_at = $5 WHERE id = $1`,
		e.ID, e.Reply, nullTime(e.RepliedAt), e.DoneWords, nullTime(e.DoneAt))
	return affectedOne(fmt.Sprintf("update errand %d", e.ID), res, err)
}
