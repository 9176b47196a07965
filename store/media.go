package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/houqin/houqin/bot/media"
	"github.com/houqin/houqin/flows"
)

// Photos (bot/media): the fetch queue and the stored images.

var _ media.Store = (*DB)(nil)

// QueueMedia implements media.Store.
func (t *Tx) QueueMedia(ctx context.Context, ch flows.Channel, externalID string, refs []string, at time.Time) (int, error) {
	res, err := t.q.ExecContext(ctx, `
		INSERT INTO media (channel, ref, school_id, received_at, next_at)
		SELECT $1, r, i.school_id, $4, $4
		FROM identities i, unnest($3::text[]) AS r
		WHERE i.channel = $1 AND i.external_id = $2
		ON CONFLICT (channel, ref) DO NOTHING`, string(ch), externalID, pq.StringArray(refs), at)
	if err != nil {
		return 0, wrap("queue media", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// ClaimMedia implements media.Store.
func (d *DB) ClaimMedia(ctx context.Context, now, until time.Time, channels []flows.Channel, limit int) ([]media.Pending, error) {
	var rows []struct {
		Channel    string    `db:"channel"`
		Ref        string    `db:"ref"`
		SchoolID   int64     `db:"school_id"`
		ReceivedAt time.Time `db:"received_at"`
		Attempts   int       `db:"attempts"`
	}
	err := d.inTx(ctx, func(tx *sqlx.Tx) error {
		return sqlx.SelectContext(ctx, tx, &rows, `
			UPDATE media m SET lease_until = $2
			FROM (SELECT channel, ref FROM media
			      WHERE status = 'pending' AND next_at <= $1 AND (lease_until IS NULL OR lease_until < $1)
			        AND channel = ANY($3)
			      ORDER BY next_at LIMIT $4 FOR UPDATE SKIP LOCKED) due
			WHERE m.channel = due.channel AND m.ref = due.ref
			RETURNING m.channel, m.ref, m.school_id, m.received_at, m.attempts`,
			now, until, textArray(channels), limit)
	})
	if err != nil {
		return nil, wrap("claim media", err)
	}
	out := make([]media.Pending, len(rows))
	for i, r := range rows {
		out[i] = media.Pending{Channel: flows.Channel(r.Channel), Ref: r.Ref, SchoolID: r.SchoolID, ReceivedAt: r.ReceivedAt, Attempts: r.Attempts}
	}
	return out, nil
}

// SaveMedia implements media.Store.
func (d *DB) SaveMedia(ctx context.Context, p media.Pending, ph media.Photo, at time.Time) (int64, error) {
	var id int64
	err := d.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := sqlx.GetContext(ctx, tx, &id, `
			INSERT INTO photos (school_id, sha256, mime, width, height, data, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (school_id, sha256) DO UPDATE SET sha256 = EXCLUDED.sha256
			RETURNING id`, p.SchoolID, ph.SHA256, ph.MIME, ph.Width, ph.Height, ph.Data, at); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `
			UPDATE media SET status = 'stored', photo_id = $3, attempts = attempts + 1, lease_until = NULL, last_error = ''
			WHERE channel = $1 AND ref = $2`, string(p.Channel), p.Ref, id)
		return err
	})
	return id, wrap("save media", err)
}

// FailMedia implements media.Store.
func (t *Tx) FailMedia(ctx context.Context, p media.Pending, reason string, retryAt time.Time) error {
	status, next := "pending", retryAt
	if retryAt.IsZero() {
		status, next = "failed", p.ReceivedAt
	}
	_, err := t.q.ExecContext(ctx, `
		UPDATE media SET status = $3, next_at = $4, attempts = attempts + 1, lease_until = NULL, last_error = $5
		WHERE channel = $1 AND ref = $2 AND status = 'pending'`, string(p.Channel), p.Ref, status, next, reason)
	return wrap("fail media", err)
}

// PhotoOf returns the state of the photo a school's repair keeps as ref:
// "stored" with its id, "pending", "failed", or ErrNotFound when the
// reference was never queued (a photo from before houqin kept them).
func (t *Tx) PhotoOf(ctx context.Context, schoolID int64, ref string) (status string, photoID int64, err error) {
	var row struct {
		Status  string `db:"status"`
		PhotoID *int64 `db:"photo_id"`
	}
	if err := sqlx.GetContext(ctx, t.q, &row, `
		SELECT status, photo_id FROM media WHERE school_id = $1 AND ref = $2
		ORDER BY status = 'stored' DESC LIMIT 1`, schoolID, ref); err != nil {
		return "", 0, wrap("photo of", err)
	}
	return row.Status, deref(row.PhotoID), nil
}

// Photo returns a stored photo of a school, or ErrNotFound.
func (t *Tx) Photo(ctx context.Context, schoolID, id int64) (media.Photo, error) {
	var ph media.Photo
	err := sqlx.GetContext(ctx, t.q, &ph, `
		SELECT id AS "id", school_id AS "schoolid", sha256 AS "sha256", mime AS "mime", width AS "width", height AS "height", data AS "data"
		FROM photos WHERE school_id = $1 AND id = $2`, schoolID, id)
	return ph, wrap("photo", err)
}
