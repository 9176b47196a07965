package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/houqin/houqin/flows"
)

// The outbox: notifications are queued in the transaction of the change that
// caused them (Enqueue) and delivered by the worker in package bot, which
// leases due rows (ClaimOutbox), sends them outside any transaction and
// records each outcome on its own (SettleOutbox).

// Enqueue implements flows.Notifier. Inside DB.InTx the row is written
// by the transaction's last statement (see Tx.flush), in the same
// transaction; a notification without a recipient is refused at once.
func (t *Tx) Enqueue(ctx context.Context, n flows.Notification, at time.Time) error {
	if t.turn == nil {
		return enqueue(ctx, t.q, n, at)
	}
	if n.ToGroup == "" && n.ToStaff == 0 {
		return fmt.Errorf("store: enqueue %s: %w: no recipient", n.Kind, flows.ErrInvalid)
	}
	buttons, err := json.Marshal(n.Buttons)
	if err != nil {
		return fmt.Errorf("store: enqueue: %w", err)
	}
	if n.Buttons == nil {
		buttons = []byte("[]")
	}
	t.turn.outbox = append(t.turn.outbox, pendingNotice{n: n, buttons: string(buttons), at: at})
	return nil
}

// pendingNotice is a notification Enqueue deferred to the flush.
type pendingNotice struct {
	n       flows.Notification
	buttons string
	at      time.Time
}

// outboxCTE is the flush's INSERT of deferred notifications, in the order
// they were queued: one row per staff notification, one per chat the
// school named for a group notification (none if it named none). Its
// arguments are arrays, so any number of notifications is one statement.
func outboxCTE(ns []pendingNotice, arg func(any) string) string {
	var school, staff, group, kind, ref, body, buttons, link, origin, at pq.StringArray
	id := func(v int64) string {
		if v == 0 {
			return ""
		}
		return strconv.FormatInt(v, 10)
	}
	for _, p := range ns {
		school = append(school, id(p.n.SchoolID))
		staff = append(staff, id(p.n.ToStaff))
		group = append(group, p.n.ToGroup)
		kind = append(kind, p.n.Kind)
		ref = append(ref, p.n.Ref)
		body = append(body, p.n.Text)
		buttons = append(buttons, p.buttons)
		link = append(link, p.n.Link)
		origin = append(origin, id(p.n.Origin))
		at = append(at, p.at.Format(time.RFC3339Nano))
	}
	return `outq AS (
		INSERT INTO outbox (school_id, to_staff, channel, chat_id, kind, ref, body, buttons, link, origin, next_at, created_at)
		SELECT v.school_id::bigint, CASE WHEN v.grp = '' THEN nullif(v.to_staff, '')::bigint END,
			coalesce(g.channel, ''), coalesce(g.chat_id, ''), v.kind, v.ref, v.body, v.buttons::jsonb, v.link,
			nullif(v.origin, '')::bigint, v.at::timestamptz, v.at::timestamptz
		FROM unnest(` + arg(school) + `::text[], ` + arg(staff) + `::text[], ` + arg(group) + `::text[], ` + arg(kind) + `::text[], ` +
		arg(ref) + `::text[], ` + arg(body) + `::text[], ` + arg(buttons) + `::text[], ` + arg(link) + `::text[], ` +
		arg(origin) + `::text[], ` + arg(at) + `::text[])
			WITH ORDINALITY AS v (school_id, to_staff, grp, kind, ref, body, buttons, link, origin, at, ord)
		LEFT JOIN chat_groups g ON v.grp <> '' AND g.school_id = v.school_id::bigint AND g.purpose = v.grp
		WHERE v.grp = '' OR g.school_id IS NOT NULL
		ORDER BY v.ord, g.channel, g.chat_id
		RETURNING id)`
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
		// flows.Turn.Notify resolves "nobody named" to the 总务主任; a row
		// with no recipient would be delivered to nobody.
		return fmt.Errorf("store: enqueue %s: %w: no recipient", n.Kind, flows.ErrInvalid)
	}
	_, err = q.ExecContext(ctx, `
		INSERT INTO outbox (school_id, to_staff, kind, ref, body, buttons, link, origin, next_at, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
		n.SchoolID, n.ToStaff, n.Kind, n.Ref, n.Text, buttons, n.Link, origin, at)
	return wrap("enqueue", err)
}

// enqueueFallback queues an undelivered notice so that it reaches someone:
// to its recipients (n.ToStaff, or every 总务主任 when 0) who have an account
// on one of channels other than avoid; when none has, to the school's
// 总务主任 who have; when nobody has, to its recipients anyway, to wait for
// the channel to come back. The rows remember avoid, so each is sent on
// another channel than the one that failed whenever its recipient has one,
// and the failed row (of), so that they are blanked with it when its
// personal data is purged: they copy its text.
func enqueueFallback(ctx context.Context, q sqlx.ExtContext, n flows.Notification, of int64, avoid flows.Channel, channels []flows.Channel, at time.Time) error {
	buttons, err := json.Marshal(n.Buttons)
	if err != nil || n.Buttons == nil {
		buttons = []byte("[]")
	}
	_, err = q.ExecContext(ctx, `
		WITH named AS (
			SELECT s.id FROM staff s
			WHERE s.school_id = $1 AND s.active
			  AND CASE WHEN CAST($2 AS bigint) = 0 THEN 'head' = ANY (s.roles) ELSE s.id = $2 END
		), reachable AS (
			SELECT s.id, s.id IN (SELECT id FROM named) AS named
			FROM staff s
			WHERE s.school_id = $1 AND s.active AND (s.id IN (SELECT id FROM named) OR 'head' = ANY (s.roles))
			  AND EXISTS (SELECT 1 FROM identities i WHERE i.staff_id = s.id AND i.channel = ANY ($3) AND i.channel <> $4)
		), pick AS (
			SELECT id FROM reachable WHERE named
			UNION ALL
			SELECT id FROM reachable WHERE NOT named AND NOT EXISTS (SELECT 1 FROM reachable WHERE named)
			UNION ALL
			SELECT id FROM named WHERE NOT EXISTS (SELECT 1 FROM reachable)
		)
		INSERT INTO outbox (school_id, to_staff, kind, ref, body, buttons, link, origin, avoid_channel, fallback_of, next_at, created_at)
		SELECT $1, pick.id, $5, $6, $7, $8, $9, $10, $4, $12, $11, $11 FROM pick`,
		n.SchoolID, n.ToStaff, channelArray(channels), string(avoid),
		n.Kind, n.Ref, n.Text, buttons, n.Link, nullID(n.Origin), at, of)
	return wrap("enqueue fallback", err)
}

func channelArray(channels []flows.Channel) pq.StringArray {
	a := make(pq.StringArray, len(channels))
	for i, c := range channels {
		a[i] = string(c)
	}
	return a
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
	Created  time.Time  `db:"created_at"`
}

// ClaimOutbox implements flows.Outbox. The transaction only picks and marks
// the rows; nothing is sent while it is open.
func (d *DB) ClaimOutbox(ctx context.Context, now time.Time, l flows.Lease, limit int) ([]flows.OutboxItem, error) {
	if l.Worker == "" || !l.Until.After(now) {
		return nil, fmt.Errorf("store: claim outbox: %w: a lease needs a worker and an end after now", flows.ErrInvalid)
	}
	var items []flows.OutboxItem
	err := d.inTx(ctx, func(tx *sqlx.Tx) error {
		var rows []outboxRow
		// A staff row resolves to the account the person used last among the
		// channels this worker can send on, not on the row's avoided channel
		// if they have another; a person bound nowhere gets an empty address
		// and is reported undeliverable by the worker. A row whose lease ran
		// out (its worker died) is due again, first in line: its next_at is
		// older than anything queued since.
		err := sqlx.SelectContext(ctx, tx, &rows, `
			SELECT o.id, o.school_id, o.to_staff, o.kind, o.ref, o.body, o.buttons, o.link, o.origin, o.attempts, o.created_at,
			       (o.chat_id <> '') AS is_group,
			       CASE WHEN o.chat_id <> '' THEN o.channel ELSE coalesce(i.channel, '') END AS channel,
			       CASE WHEN o.chat_id <> '' THEN o.chat_id ELSE coalesce(i.external_id, '') END AS address,
			       i.last_seen
			FROM outbox o
			LEFT JOIN LATERAL (
				SELECT channel, external_id, last_seen FROM identities
				WHERE staff_id = o.to_staff AND channel = ANY ($3)
				ORDER BY channel = o.avoid_channel, last_seen DESC LIMIT 1
			) i ON o.to_staff IS NOT NULL
			WHERE o.status = 'pending' AND o.next_at <= $1
			  AND (o.claimed_until IS NULL OR o.claimed_until <= $1)
			  AND CASE WHEN o.chat_id <> '' THEN o.channel = ANY ($3)
			           -- a person reachable only on a channel this worker lacks waits for a worker that has it
			           ELSE i.channel IS NOT NULL OR NOT EXISTS (SELECT 1 FROM identities x WHERE x.staff_id = o.to_staff) END
			  AND ($4 = '' OR CASE WHEN o.chat_id <> '' THEN o.chat_id ELSE i.external_id END = $4)
			ORDER BY o.next_at, o.id
			LIMIT $2
			FOR UPDATE OF o SKIP LOCKED`, now, limit, channelArray(l.Channels), l.Address)
		if err != nil {
			return wrap("claim outbox", err)
		}
		if len(rows) == 0 {
			return nil
		}
		ids := make(pq.Int64Array, len(rows))
		items = make([]flows.OutboxItem, len(rows))
		for i, r := range rows {
			ids[i] = r.ID
			it := flows.OutboxItem{ID: r.ID, Attempts: r.Attempts, Queued: r.Created,
				Channel: flows.Channel(r.Channel), Address: r.Address, IsGroup: r.IsGroup}
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
		_, err = tx.ExecContext(ctx, `
			UPDATE outbox SET claimed_by = $2, claimed_until = $3 WHERE id = ANY ($1)`, ids, l.Worker, l.Until)
		return wrap("lease outbox", err)
	})
	if err != nil {
		return nil, err
	}
	return items, nil
}

// SettleOutbox implements flows.Outbox.
func (d *DB) SettleOutbox(ctx context.Context, now time.Time, l flows.Lease, o flows.Outcome) error {
	tried := 1
	if o.Waited {
		tried = 0
	}
	return d.inTx(ctx, func(tx *sqlx.Tx) error {
		if o.Sent {
			// Delivered is a fact, recorded even if the lease ran out and
			// another worker holds the row now (it then sends it twice: the
			// one notification in doubt).
			_, err := tx.ExecContext(ctx, `
				UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = $2, last_error = '',
				       claimed_by = NULL, claimed_until = NULL
				WHERE id = $1 AND status <> 'sent'`, o.ID, now)
			return wrap(fmt.Sprintf("settle outbox %d", o.ID), err)
		}
		var res sql.Result
		var err error
		if !o.RetryAt.IsZero() {
			res, err = tx.ExecContext(ctx, `
				UPDATE outbox SET attempts = attempts + $3, next_at = $4, last_error = $5,
				       claimed_by = NULL, claimed_until = NULL
				WHERE id = $1 AND status = 'pending' AND claimed_by = $2`, o.ID, l.Worker, tried, o.RetryAt, o.Err)
		} else {
			res, err = tx.ExecContext(ctx, `
				UPDATE outbox SET status = 'failed', attempts = attempts + $3, last_error = $4,
				       claimed_by = NULL, claimed_until = NULL
				WHERE id = $1 AND status = 'pending' AND claimed_by = $2`, o.ID, l.Worker, tried, o.Err)
		}
		if err != nil {
			return wrap(fmt.Sprintf("settle outbox %d", o.ID), err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("store: settle outbox %d: lease of %s lost: %w", o.ID, l.Worker, flows.ErrConflict)
		}
		if o.RetryAt.IsZero() && o.Fallback != nil {
			return enqueueFallback(ctx, tx, *o.Fallback, o.ID, o.Avoid, l.Channels, now)
		}
		return nil
	})
}

// ReleaseOutbox implements flows.Outbox.
func (d *DB) ReleaseOutbox(ctx context.Context, l flows.Lease, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := d.db.ExecContext(ctx, `
		UPDATE outbox SET claimed_by = NULL, claimed_until = NULL
		WHERE id = ANY ($1) AND claimed_by = $2 AND status = 'pending'`, pq.Int64Array(ids), l.Worker)
	return wrap("release outbox", err)
}

// PendingOutbox counts the notifications not yet delivered, for /metrics.
func (d *DB) PendingOutbox(ctx context.Context) (int, error) {
	var n int
	err := sqlx.GetContext(ctx, d.db, &n, `SELECT count(*) FROM outbox WHERE status = 'pending'`)
	return n, wrap("pending outbox", err)
}

// pruneBatch and pruneMax bound one PruneOutbox call: a database with
// years of outbox history catches up over a few hourly runs instead of
// holding one long transaction.
const (
	pruneBatch = 5000
	pruneMax   = 100000
)

// PruneOutbox implements flows.OutboxPruner: it deletes delivered and
// failed notifications queued before before, oldest first, and returns how
// many. A row that an undelivered notice still being kept copies
// (fallback_of) stays until that notice goes.
func (t *Tx) PruneOutbox(ctx context.Context, before time.Time) (int, error) {
	total := 0
	for total < pruneMax {
		res, err := t.q.ExecContext(ctx, `
			WITH batch AS (
				SELECT id FROM outbox WHERE created_at < $1 AND status <> 'pending'
				ORDER BY created_at LIMIT $2
			)
			DELETE FROM outbox o USING batch b
			WHERE o.id = b.id
			  AND NOT EXISTS (SELECT 1 FROM outbox f WHERE f.fallback_of = o.id AND f.id NOT IN (SELECT id FROM batch))`,
			before, pruneBatch)
		if err != nil {
			return total, wrap("prune outbox", err)
		}
		n, _ := res.RowsAffected()
		total += int(n)
		if n < pruneBatch {
			break
		}
	}
	return total, nil
}

var _ flows.NoticeWithdrawer = (*Tx)(nil)

// WithdrawNotices implements flows.NoticeWithdrawer for personal
// notifications, as withdrawEndedNotices does for an ended repair's (both
// withdrawPending). Rows this transaction queued are not written yet
// (Tx.flush) and are not withdrawn.
func (t *Tx) WithdrawNotices(ctx context.Context, schoolID int64, kind, ref, why string, now time.Time) ([]int64, error) {
	staff, err := t.withdrawPending(ctx, schoolID, ref, []string{kind}, why, now)
	if err != nil {
		return nil, wrap("withdraw notices", err)
	}
	return slices.DeleteFunc(staff, func(id int64) bool { return id == 0 }), nil
}
