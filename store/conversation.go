package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/houqin/houqin/flows"
)

// ClaimInbound implements flows.Conversations. The insert of a key another
// transaction holds uncommitted waits for that transaction, so concurrent
// deliveries of one message are handled one after the other.
func (t *Tx) ClaimInbound(ctx context.Context, ch flows.Channel, key string, at time.Time) ([]flows.Reply, bool, error) {
	res, err := t.q.ExecContext(ctx, `
		INSERT INTO inbound (channel, dedup_key, received_at) VALUES ($1, $2, $3)
		ON CONFLICT (channel, dedup_key) DO NOTHING`, string(ch), key, at)
	if err != nil {
		return nil, false, wrap("claim inbound", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil, false, nil
	}
	var raw []byte
	if err := sqlx.GetContext(ctx, t.q, &raw, `
		SELECT coalesce(replies, '[]') FROM inbound WHERE channel = $1 AND dedup_key = $2`, string(ch), key); err != nil {
		return nil, false, wrap("claim inbound", err)
	}
	var replies []flows.Reply
	if err := json.Unmarshal(raw, &replies); err != nil {
		return nil, false, fmt.Errorf("store: claim inbound: %w", err)
	}
	return replies, true, nil
}

// FinishInbound implements flows.Conversations.
func (t *Tx) FinishInbound(ctx context.Context, ch flows.Channel, key string, replies []flows.Reply) error {
	if replies == nil {
		replies = []flows.Reply{}
	}
	raw, err := json.Marshal(replies)
	if err != nil {
		return fmt.Errorf("store: finish inbound: %w", err)
	}
	_, err = t.q.ExecContext(ctx, `
		UPDATE inbound SET replies = $3 WHERE channel = $1 AND dedup_key = $2`, string(ch), key, raw)
	return wrap("finish inbound", err)
}

type sessionRow struct {
	Channel    string    `db:"channel"`
	ExternalID string    `db:"external_id"`
	StaffID    int64     `db:"staff_id"`
	Flow       string    `db:"flow"`
	State      string    `db:"state"`
	Data       []byte    `db:"data"`
	UpdatedAt  time.Time `db:"updated_at"`
}

// Session implements flows.Conversations. It locks the account's identity
// row first, so one person's messages are handled strictly one at a time
// even when their session does not exist yet.
func (t *Tx) Session(ctx context.Context, ch flows.Channel, ext string) (flows.Session, error) {
	var staffID int64
	if err := sqlx.GetContext(ctx, t.q, &staffID, `
		SELECT staff_id FROM identities WHERE channel = $1 AND external_id = $2 FOR UPDATE`, string(ch), ext); err != nil {
		return flows.Session{}, wrap("session", err)
	}
	var r sessionRow
	err := sqlx.GetContext(ctx, t.q, &r, `
		SELECT channel, external_id, staff_id, flow, state, data, updated_at
		FROM sessions WHERE channel = $1 AND external_id = $2`, string(ch), ext)
	if err != nil {
		if mapErr(err) == flows.ErrNotFound {
			return flows.Session{Channel: ch, ExternalID: ext, StaffID: staffID}, nil
		}
		return flows.Session{}, wrap("session", err)
	}
	return flows.Session{Channel: flows.Channel(r.Channel), ExternalID: r.ExternalID, StaffID: r.StaffID,
		Flow: r.Flow, State: r.State, Data: r.Data, UpdatedAt: r.UpdatedAt}, nil
}

// SaveSession implements flows.Conversations.
func (t *Tx) SaveSession(ctx context.Context, s flows.Session) error {
	data := s.Data
	if len(data) == 0 {
		data = []byte("{}")
	}
	res, err := t.q.ExecContext(ctx, `
		INSERT INTO sessions (channel, external_id, school_id, staff_id, flow, state, data, updated_at)
		SELECT i.channel, i.external_id, i.school_id, i.staff_id, $3, $4, $5, $6
		FROM identities i WHERE i.channel = $1 AND i.external_id = $2
		ON CONFLICT (channel, external_id) DO UPDATE
		SET flow = EXCLUDED.flow, state = EXCLUDED.state, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at`,
		string(s.Channel), s.ExternalID, s.Flow, s.State, data, s.UpdatedAt)
	if err != nil {
		return wrap("save session", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("store: save session: %w", flows.ErrNotFound)
	}
	return nil
}

// Enqueue implements flows.Notifier.
func (t *Tx) Enqueue(ctx context.Context, n flows.Notification, at time.Time) error {
	return enqueue(ctx, t.q, n, at)
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

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// ClaimJob implements flows.Jobs.
func (t *Tx) ClaimJob(ctx context.Context, key string, at time.Time) (bool, error) {
	res, err := t.q.ExecContext(ctx, `INSERT INTO job_claims (key, claimed_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, key, at)
	if err != nil {
		return false, wrap("claim job", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
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
	return d.claimOutbox(ctx, now, limit, channels, "", deliver)
}

// ClaimOutboxTo is ClaimOutbox for one account: it claims only the rows
// that resolve to address on channel ch (a person's rows whose account on ch
// is address, a group's rows for chat address on ch), so that the rows of
// everyone else stay queued. Each `houqin chat` terminal delivers its own
// person's notifications with it.
func (d *DB) ClaimOutboxTo(ctx context.Context, now time.Time, limit int, ch flows.Channel, address string, deliver func([]flows.OutboxItem) []flows.Outcome) (int, error) {
	if address == "" {
		return 0, errors.New("store: claim outbox: empty address")
	}
	return d.claimOutbox(ctx, now, limit, []flows.Channel{ch}, address, deliver)
}

// claimOutbox claims the due rows deliverable on channels and, unless
// address is empty, resolving to address.
func (d *DB) claimOutbox(ctx context.Context, now time.Time, limit int, channels []flows.Channel, address string, deliver func([]flows.OutboxItem) []flows.Outcome) (int, error) {
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
			  AND ($4 = '' OR CASE WHEN o.chat_id <> '' THEN o.chat_id ELSE i.external_id END = $4)
			ORDER BY o.next_at, o.id
			LIMIT $2
			FOR UPDATE OF o SKIP LOCKED`, now, limit, chans, address)
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

// PruneConversations implements flows.Conversations.
func (t *Tx) PruneConversations(ctx context.Context, inbound, failures time.Time) error {
	if _, err := t.q.ExecContext(ctx, `DELETE FROM inbound WHERE received_at < $1`, inbound); err != nil {
		return wrap("prune inbound", err)
	}
	_, err := t.q.ExecContext(ctx, `DELETE FROM bind_failures WHERE at < $1`, failures)
	return wrap("prune bind failures", err)
}

// PendingOutbox counts the notifications not yet delivered, for /metrics.
func (t *Tx) PendingOutbox(ctx context.Context) (int, error) {
	var n int
	err := sqlx.GetContext(ctx, t.q, &n, `SELECT count(*) FROM outbox WHERE status = 'pending'`)
	return n, wrap("pending outbox", err)
}
