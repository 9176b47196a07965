package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

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

// PruneConversations implements flows.Conversations.
func (t *Tx) PruneConversations(ctx context.Context, inbound, failures time.Time) error {
	if _, err := t.q.ExecContext(ctx, `DELETE FROM inbound WHERE received_at < $1`, inbound); err != nil {
		return wrap("prune inbound", err)
	}
	_, err := t.q.ExecContext(ctx, `DELETE FROM bind_failures WHERE at < $1`, failures)
	return wrap("prune bind failures", err)
}

// EndIdleSessions implements flows.Conversations. updated_at is kept: the
// session was not used.
func (t *Tx) EndIdleSessions(ctx context.Context, before time.Time) error {
	_, err := t.q.ExecContext(ctx, `
		UPDATE sessions SET flow = '', state = '', data = '{}'
		WHERE updated_at < $1 AND (flow <> '' OR state <> '' OR data <> '{}')`, before)
	return wrap("end idle sessions", err)
}
