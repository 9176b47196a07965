package store_test

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/houqin/houqin/store/storetest"
)

// TestLinkNonceIsSpentOnce: a per-person link's nonce is fresh on its
// first open only, of 20 concurrent first opens exactly one wins, and an
// expired link's row is pruned by a later spend.
func TestLinkNonceIsSpentOnce(t *testing.T) {
	db := storetest.Open(t)
	now := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	exp := now.Add(7 * 24 * time.Hour)
	if fresh, err := db.SpendLinkNonce(ctx, "n-1", 7, exp, now); err != nil || !fresh {
		t.Fatalf("first open = %v, %v; want fresh", fresh, err)
	}
	if fresh, err := db.SpendLinkNonce(ctx, "n-1", 7, exp, now.Add(time.Minute)); err != nil || fresh {
		t.Errorf("second open = %v, %v; want spent", fresh, err)
	}
	var won atomic.Int32
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			fresh, err := db.SpendLinkNonce(ctx, "n-race", 7, exp, now)
			if err != nil {
				t.Error(err)
			}
			if fresh {
				won.Add(1)
			}
		})
	}
	wg.Wait()
	if won.Load() != 1 {
		t.Errorf("%d of 20 concurrent first opens were fresh, want 1", won.Load())
	}
	// Past n-1's expiry, the next spend forgets it (its link is refused by
	// its signature's expiry by then).
	if _, err := db.SpendLinkNonce(ctx, "n-2", 7, exp.Add(24*time.Hour), exp.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	var left []string
	if err := db.SQL().Select(&left, `SELECT nonce FROM link_nonces ORDER BY nonce`); err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || left[0] != "n-2" {
		t.Errorf("after expiry the table holds %v, want [n-2]", left)
	}
}
