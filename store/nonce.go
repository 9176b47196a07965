package store

import (
	"context"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/houqin/houqin/flows"
)

// UseNonce implements wechat.Nonces: it records the first use of a signed
// callback nonce with the fingerprint of the message it carried. When the
// nonce was used before, nothing changes and the fingerprint stored then is
// returned, so the caller can tell a retry of that message from a replay.
//
// Two statements, not one: in one statement the SELECT would read the
// snapshot taken before a concurrent first use committed. ON CONFLICT DO
// NOTHING waits for a concurrent insert of the same nonce to commit, so the
// SELECT that follows sees it. It returns flows.ErrNotFound only if the
// first use was pruned in between, which the pruning rule rules out for any
// request that passed the timestamp check.
func (d *DB) UseNonce(ctx context.Context, ch flows.Channel, nonce, fingerprint string, signedAt time.Time) (string, error) {
	res, err := d.db.ExecContext(ctx, `
		INSERT INTO callback_nonces (channel, nonce, fingerprint, signed_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (channel, nonce) DO NOTHING`, string(ch), nonce, fingerprint, signedAt)
	if err != nil {
		return "", wrap("use nonce", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return fingerprint, nil
	}
	var first string
	err = sqlx.GetContext(ctx, d.db, &first, `
		SELECT fingerprint FROM callback_nonces WHERE channel = $1 AND nonce = $2`, string(ch), nonce)
	return first, wrap("use nonce", err)
}

// PruneNonces implements wechat.Nonces: it forgets the channel's nonces
// signed before before, and reports how many.
func (d *DB) PruneNonces(ctx context.Context, ch flows.Channel, before time.Time) (int64, error) {
	res, err := d.db.ExecContext(ctx, `
		DELETE FROM callback_nonces WHERE channel = $1 AND signed_at < $2`, string(ch), before)
	if err != nil {
		return 0, wrap("prune nonces", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
