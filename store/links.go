package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/houqin/houqin/flows"
)

// SpendLinkNonce implements web.LinkNonces: it records the first open of a
// per-person link by its nonce and reports whether this was that first
// open (true) or the link had been opened before (false). Links expired
// before now are forgotten in the same statement: an expired link is
// refused by its signature check before its nonce is looked at, so its
// row has nothing left to guard. ON CONFLICT DO NOTHING waits for a
// concurrent first open of the same nonce to commit, so of two
// simultaneous opens exactly one is the first.
func (d *DB) SpendLinkNonce(ctx context.Context, nonce string, staffID int64, expires, now time.Time) (bool, error) {
	res, err := d.db.ExecContext(ctx, `
		WITH gone AS (DELETE FROM link_nonces WHERE expires_at < $4)
		INSERT INTO link_nonces (nonce, staff_id, spent_at, expires_at) VALUES ($1, $2, $4, $3)
		ON CONFLICT (nonce) DO NOTHING`, nonce, staffID, expires, now)
	if err != nil {
		return false, wrap("spend link nonce", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

var _ flows.KeptMessages = (*Tx)(nil)

// KeepMessage implements flows.KeptMessages: it keeps text for the account,
// replacing what was kept, and forgets what anyone kept over
// flows.KeepUnboundFor before at.
func (t *Tx) KeepMessage(ctx context.Context, ch flows.Channel, externalID, text string, at time.Time) error {
	_, err := t.q.ExecContext(ctx, `
		WITH gone AS (DELETE FROM kept_messages WHERE kept_at < $5)
		INSERT INTO kept_messages (channel, external_id, text, kept_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (channel, external_id) DO UPDATE SET text = EXCLUDED.text, kept_at = EXCLUDED.kept_at`,
		string(ch), externalID, text, at, at.Add(-flows.KeepUnboundFor))
	return wrap("keep message", err)
}

// TakeKeptMessage implements flows.KeptMessages: one statement deletes the
// account's kept message and returns it when it was kept at or after since.
func (t *Tx) TakeKeptMessage(ctx context.Context, ch flows.Channel, externalID string, since time.Time) (string, error) {
	var row struct {
		Text   string    `db:"text"`
		KeptAt time.Time `db:"kept_at"`
	}
	err := sqlx.GetContext(ctx, t.q, &row, `
		DELETE FROM kept_messages WHERE channel = $1 AND external_id = $2 RETURNING text, kept_at`, string(ch), externalID)
	if err != nil {
		return "", wrap("take kept message", err)
	}
	if row.KeptAt.Before(since) {
		return "", flows.ErrNotFound
	}
	return row.Text, nil
}
