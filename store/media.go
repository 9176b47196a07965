package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/houqin/houqin/bot/media"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
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

// RepairPhoto implements media.NoticePhotos' store: a photo of a school's
// repair (by id, or by its BX reference when id is 0), which "report" or
// "done", as the media queue knows it; ErrNotFound when the repair has no
// such photo or it was never queued.
func (t *Tx) RepairPhoto(ctx context.Context, schoolID, id int64, ref, which string) (media.Attached, error) {
	var row struct {
		Channel string  `db:"channel"`
		Ref     string  `db:"ref"`
		Status  string  `db:"status"`
		ID      *int64  `db:"id"`
		MIME    *string `db:"mime"`
		Width   *int    `db:"width"`
		Height  *int    `db:"height"`
		SHA256  *string `db:"sha256"`
		Data    []byte  `db:"data"`
	}
	err := sqlx.GetContext(ctx, t.q, &row, `
		SELECT m.channel, m.ref, m.status, p.id, p.mime, p.width, p.height, p.sha256, p.data
		FROM repairs r
		JOIN media m ON m.school_id = r.school_id AND m.ref = (CASE WHEN $4 = 'done' THEN r.done_photo ELSE r.photo END)
		LEFT JOIN photos p ON p.id = m.photo_id
		WHERE r.school_id = $1 AND (r.id = $2 OR $2 = 0 AND r.ref = $3) AND (CASE WHEN $4 = 'done' THEN r.done_photo ELSE r.photo END) <> ''
		ORDER BY m.status = 'stored' DESC LIMIT 1`, schoolID, id, ref, which)
	if err != nil {
		return media.Attached{}, wrap("repair photo", err)
	}
	a := media.Attached{Channel: flows.Channel(row.Channel), Ref: row.Ref, Status: row.Status}
	if row.ID != nil {
		a.Photo = media.Photo{ID: *row.ID, SchoolID: schoolID, MIME: deref(row.MIME), Width: deref(row.Width), Height: deref(row.Height),
			SHA256: deref(row.SHA256), Data: row.Data}
	}
	return a, nil
}

// RepairsWithPhotos lists a school's repairs reported or finished in [from,
// to) that have a photo (the report's or the completion's), newest report
// first, at most limit: the digest page's thumbnails.
func (t *Tx) RepairsWithPhotos(ctx context.Context, schoolID int64, from, to time.Time, limit int) ([]repair.Repair, error) {
	var rows []struct {
		Ref          string     `db:"ref"`
		Description  string     `db:"description"`
		Status       string     `db:"status"`
		Photo        string     `db:"photo"`
		DonePhoto    string     `db:"done_photo"`
		ReportedAt   time.Time  `db:"reported_at"`
		DoneAt       *time.Time `db:"done_at"`
		LocationName string     `db:"location_name"`
	}
	err := sqlx.SelectContext(ctx, t.q, &rows, `
		SELECT r.ref, r.description, r.status, r.photo, r.done_photo, r.reported_at, r.done_at, l.building || l.room AS location_name
		FROM repairs r JOIN locations l ON l.id = r.location_id
		WHERE r.school_id = $1 AND (r.photo <> '' OR r.done_photo <> '')
		  AND (r.reported_at >= $2 AND r.reported_at < $3 OR r.done_at >= $2 AND r.done_at < $3)
		ORDER BY r.reported_at DESC, r.id DESC LIMIT $4`, schoolID, from, to, limit)
	if err != nil {
		return nil, wrap("repairs with photos", err)
	}
	out := make([]repair.Repair, len(rows))
	for i, r := range rows {
		out[i] = repair.Repair{SchoolID: schoolID, Ref: r.Ref, Description: r.Description, Status: repair.RepairStatus(r.Status),
			Photo: r.Photo, DonePhoto: r.DonePhoto, ReportedAt: r.ReportedAt, DoneAt: deref(r.DoneAt), LocationName: r.LocationName}
	}
	return out, nil
}

// PurgePhotos implements media.Purger: up to limit of a school's stored
// photo references that arrived before before are marked purged, and each
// photo no reference points to any more is deleted. It returns how many
// references it purged.
func (t *Tx) PurgePhotos(ctx context.Context, schoolID int64, before time.Time, limit int) (int, error) {
	var olds []*int64
	if err := sqlx.SelectContext(ctx, t.q, &olds, `
		WITH old AS (
			SELECT channel, ref, photo_id FROM media
			WHERE school_id = $1 AND status = 'stored' AND received_at < $2
			ORDER BY received_at LIMIT $3 FOR UPDATE SKIP LOCKED)
		UPDATE media m SET status = 'purged', photo_id = NULL, lease_until = NULL
		FROM old WHERE m.channel = old.channel AND m.ref = old.ref
		RETURNING old.photo_id`, schoolID, before, limit); err != nil {
		return 0, wrap("purge photos", err)
	}
	if len(olds) == 0 {
		return 0, nil
	}
	ids := make(pq.Int64Array, 0, len(olds))
	for _, id := range olds {
		if id != nil {
			ids = append(ids, *id)
		}
	}
	_, err := t.q.ExecContext(ctx, `
		DELETE FROM photos p WHERE p.school_id = $1 AND p.id = ANY($2)
		  AND NOT EXISTS (SELECT 1 FROM media m WHERE m.photo_id = p.id)`, schoolID, ids)
	return len(olds), wrap("purge photos", err)
}
