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
	Offer      []byte    `db:"offer"`
	NoticeMark int64     `db:"notice_mark"`
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
		SELECT channel, external_id, staff_id, flow, state, data, updated_at, offer, notice_mark
		FROM sessions WHERE channel = $1 AND external_id = $2`, string(ch), ext)
	if err != nil {
		if mapErr(err) == flows.ErrNotFound {
			return flows.Session{Channel: ch, ExternalID: ext, StaffID: staffID}, nil
		}
		return flows.Session{}, wrap("session", err)
	}
	var offer flows.Offer
	if err := json.Unmarshal(r.Offer, &offer); err != nil {
		// An unreadable offer only costs typing a choice: start afresh.
		offer = flows.Offer{}
	}
	return flows.Session{Channel: flows.Channel(r.Channel), ExternalID: r.ExternalID, StaffID: r.StaffID,
		Flow: r.Flow, State: r.State, Data: r.Data, UpdatedAt: r.UpdatedAt, Offer: offer, NoticeMark: r.NoticeMark}, nil
}

// SaveSession implements flows.Conversations.
func (t *Tx) SaveSession(ctx context.Context, s flows.Session) error {
	data := s.Data
	if len(data) == 0 {
		data = []byte("{}")
	}
	offer, err := json.Marshal(s.Offer)
	if err != nil {
		return fmt.Errorf("store: save session: %w", err)
	}
	// notice_mark: the end of the outbox now (the primary key's last
	// entry), so notifications queued later are newer than this message.
	res, err := t.q.ExecContext(ctx, `
		INSERT INTO sessions (channel, external_id, school_id, staff_id, flow, state, data, updated_at, offer, notice_mark)
		SELECT i.channel, i.external_id, i.school_id, i.staff_id, $3, $4, $5, $6, $7,
			(SELECT coalesce(max(id), 0) FROM outbox)
		FROM identities i WHERE i.channel = $1 AND i.external_id = $2
		ON CONFLICT (channel, external_id) DO UPDATE
		SET flow = EXCLUDED.flow, state = EXCLUDED.state, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at,
			offer = EXCLUDED.offer, notice_mark = EXCLUDED.notice_mark`,
		string(s.Channel), s.ExternalID, s.Flow, s.State, data, s.UpdatedAt, offer)
	if err != nil {
		return wrap("save session", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("store: save session: %w", flows.ErrNotFound)
	}
	return nil
}

// LatestNotice implements flows.Conversations: the outbox id is the
// position. Fallback notices (copies of an undelivered one) count too.
func (t *Tx) LatestNotice(ctx context.Context, staffID, mark int64) (flows.Notice, bool, error) {
	var r struct {
		ID      int64     `db:"id"`
		At      time.Time `db:"created_at"`
		Buttons []byte    `db:"buttons"`
	}
	err := sqlx.GetContext(ctx, t.q, &r, `
		SELECT id, created_at, buttons FROM outbox
		WHERE to_staff = $1 AND id > $2 AND buttons <> '[]'
		ORDER BY id DESC LIMIT 1`, staffID, mark)
	if mapErr(err) == flows.ErrNotFound {
		return flows.Notice{}, false, nil
	}
	if err != nil {
		return flows.Notice{}, false, wrap("latest notice", err)
	}
	n := flows.Notice{Mark: r.ID, At: r.At}
	if err := json.Unmarshal(r.Buttons, &n.Buttons); err != nil {
		return flows.Notice{}, false, fmt.Errorf("store: latest notice: %w", err)
	}
	return n, len(n.Buttons) > 0, nil
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
