package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/houqin/houqin/flows"
)

// Enqueue implements flows.Notifier.
func (t *Tx) Enqueue(ctx context.Context, n flows.Notification, at time.Time) error {
	return enqueue(ctx, t.tx, n, at)
}

func enqueue(ctx context.Context, q sqlx.ExtContext, n flows.Notification, at time.Time) error {
	buttons, err := json.Marshal(n.Buttons)
	if err != nil {
		return fmt.Errorf("store: enqueue: %w", err)
	}
	if n.Buttons == nil {
		buttons = []byte("[]")
	}
	origin := nullID(n.Origin)
	if n.ToGroup != "" {
		_, err = q.ExecContext(ctx, `
			INSERT INTO outbox (school_id, channel, chat_id, kind, ref, body, buttons, link, origin, next_at, created_at)
			SELECT g.school_id, g.channel, g.chat_id, $3, $4, $5, $6, $7, $8, $9, $9
			FROM chat_groups g WHERE g.school_id = $1 AND g.purpose = $2`,
			n.SchoolID, n.ToGroup, n.Kind, n.Ref, n.Text, buttons, n.Link, origin, at)
		return wrap("enqueue group", err)
	}
	if n.ToStaff == 0 {
		// No recipient named: the school's 总务主任 (every one of them).
		_, err = q.ExecContext(ctx, `
			INSERT INTO outbox (school_id, to_staff, kind, ref, body, buttons, link, origin, next_at, created_at)
			SELECT s.school_id, s.id, $2, $3, $4, $5, $6, $7, $8, $8
			FROM staff s WHERE s.school_id = $1 AND s.active AND 'head' = ANY (s.roles)`,
			n.SchoolID, n.Kind, n.Ref, n.Text, buttons, n.Link, origin, at)
		return wrap("enqueue to head", err)
	}
	_, err = q.ExecContext(ctx, `
		INSERT INTO outbox (school_id, to_staff, kind, ref, body, buttons, link, origin, next_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
		n.SchoolID, n.ToStaff, n.Kind, n.Ref, n.Text, buttons, n.Link, origin, at)
	return wrap("enqueue", err)
}

type outboxRow struct {
	ID       int64      `db:"id"`
	SchoolID int64      `db:"school_id"`
	ToStaff  *int64     `db:"to_staff"`
	Channel  string     `db:"channel"`
	Address  string     `db:"address"`
	IsGroup  bool       `db:"is_group"`
	LastSeen *time.Time `db:"last_seen"`
	Kind     string     `db:"kind"`
	Ref      string     `db:"ref"`
	Body     string     `db:"body"`
	Buttons  []byte     `db:"buttons"`
	Link     string     `db:"link"`
	Origin   *int64     `db:"origin"`
	Attempts int        `db:"attempts"`
}

// ClaimOutbox implements flows.Outbox.
func (d *DB) ClaimOutbox(ctx context.Context, now time.Time, limit int, channels []flows.Channel, deliver func([]flows.OutboxItem) []flows.Outcome) (int, error) {
	chans := make(pq.StringArray, len(channels))
	for i, c := range channels {
		chans[i] = string(c)
	}
	var n int
	err := d.inTx(ctx, func(tx *sqlx.Tx) error {
		var rows []outboxRow
		// A staff row resolves to the account the person used last among the
		// channels this worker can send on; a person bound nowhere gets an
		// empty address and is reported undeliverable by the worker.
		err := sqlx.SelectContext(ctx, tx, &rows, `
			SELECT o.id, o.school_id, o.to_staff, o.kind, o.ref, o.body, o.buttons, o.link, o.origin, o.attempts,
			       (o.chat_id <> '') AS is_group,
			       CASE WHEN o.chat_id <> '' THEN o.channel ELSE coalesce(i.channel, '') END AS channel,
			       CASE WHEN o.chat_id <> '' THEN o.chat_id ELSE coalesce(i.external_id, '') END AS address,
			       i.last_seen
			FROM outbox o
			LEFT JOIN LATERAL (
				SELECT channel, external_id, last_seen FROM identities
				WHERE staff_id = o.to_staff AND channel = ANY ($3)
				ORDER BY last_seen DESC LIMIT 1
			) i ON o.to_staff IS NOT NULL
			WHERE o.status = 'pending' AND o.next_at <= $1
			  AND CASE WHEN o.chat_id <> '' THEN o.channel = ANY ($3)
			           -- a person reachable only on a channel this worker lacks waits for a worker that has it
			           ELSE i.channel IS NOT NULL OR NOT EXISTS (SELECT 1 FROM identities x WHERE x.staff_id = o.to_staff) END
			ORDER BY o.next_at, o.id
			LIMIT $2
			FOR UPDATE OF o SKIP LOCKED`, now, limit, chans)
		if err != nil {
			return wrap("claim outbox", err)
		}
		if len(rows) == 0 {
			return nil
		}
		items := make([]flows.OutboxItem, len(rows))
		for i, r := range rows {
			it := flows.OutboxItem{ID: r.ID, Attempts: r.Attempts, Channel: flows.Channel(r.Channel), Address: r.Address, IsGroup: r.IsGroup}
			if r.LastSeen != nil {
				it.LastSeen = *r.LastSeen
			}
			it.Notification = flows.Notification{SchoolID: r.SchoolID, Kind: r.Kind, Ref: r.Ref, Text: r.Body, Link: r.Link}
			if r.ToStaff != nil {
				it.ToStaff = *r.ToStaff
			}
			if r.Origin != nil {
				it.Origin = *r.Origin
			}
			if err := json.Unmarshal(r.Buttons, &it.Buttons); err != nil {
				return fmt.Errorf("store: outbox %d buttons: %w", r.ID, err)
			}
			items[i] = it
		}
		for _, o := range deliver(items) {
			var err error
			switch {
			case o.Sent:
				_, err = tx.ExecContext(ctx, `
					UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = $2, last_error = '' WHERE id = $1`, o.ID, now)
			case !o.RetryAt.IsZero():
				_, err = tx.ExecContext(ctx, `
					UPDATE outbox SET attempts = attempts + 1, next_at = $2, last_error = $3 WHERE id = $1`, o.ID, o.RetryAt, o.Err)
			default:
				_, err = tx.ExecContext(ctx, `
					UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = $2 WHERE id = $1`, o.ID, o.Err)
			}
			if err != nil {
				return wrap("outbox outcome", err)
			}
			if o.Fallback != nil {
				if err := enqueue(ctx, tx, *o.Fallback, now); err != nil {
					return err
				}
			}
			n++
		}
		return nil
	})
	return n, err
}

// PendingOutbox counts the notifications not yet delivered, for /metrics.
func (d *DB) PendingOutbox(ctx context.Context) (int, error) {
	var n int
	err := sqlx.GetContext(ctx, d.db, &n, `SELECT count(*) FROM outbox WHERE status = 'pending'`)
	return n, wrap("pending outbox", err)
}
