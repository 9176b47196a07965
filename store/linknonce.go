package store

import (
	"context"
	"time"
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
