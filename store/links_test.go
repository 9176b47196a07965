package store_test

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
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

// TestKeptMessageWaitsHalfAnHour: a message kept for an unbound account is
// taken once within flows.KeepUnboundFor, replaced by a later one, and
// forgotten after it.
func TestKeptMessageWaitsHalfAnHour(t *testing.T) {
	db := storetest.Open(t)
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	in := func(fn func(*store.Tx) error) {
		t.Helper()
		if err := db.InTx(ctx, func(ftx flows.Tx) error { return fn(ftx.(*store.Tx)) }); err != nil {
			t.Fatal(err)
		}
	}
	take := func(ext string, now time.Time) (string, error) {
		var text string
		var err error
		in(func(tx *store.Tx) error {
			text, err = tx.TakeKeptMessage(ctx, flows.ChannelWeChat, ext, now.Add(-flows.KeepUnboundFor))
			return nil
		})
		return text, err
	}
	in(func(tx *store.Tx) error {
		if err := tx.KeepMessage(ctx, flows.ChannelWeChat, "o-new", "扫码报修 loc:aaaaaaaaaaaaaaaa", at); err != nil {
			return err
		}
		// A second scan replaces the first.
		if err := tx.KeepMessage(ctx, flows.ChannelWeChat, "o-new", "扫码报修 loc:bbbbbbbbbbbbbbbb", at.Add(time.Minute)); err != nil {
			return err
		}
		return tx.KeepMessage(ctx, flows.ChannelWeChat, "o-late", "扫码报修 loc:cccccccccccccccc", at)
	})
	if got, err := take("o-new", at.Add(20*time.Minute)); err != nil || got != "扫码报修 loc:bbbbbbbbbbbbbbbb" {
		t.Errorf("taken within the window: %q, %v; want the second scan", got, err)
	}
	if got, err := take("o-new", at.Add(21*time.Minute)); !errors.Is(err, flows.ErrNotFound) {
		t.Errorf("taken twice: %q, %v; want ErrNotFound", got, err)
	}
	if got, err := take("o-late", at.Add(31*time.Minute)); !errors.Is(err, flows.ErrNotFound) {
		t.Errorf("taken after 31 minutes: %q, %v; want ErrNotFound", got, err)
	}
	// Keeping prunes what anyone kept over the window before.
	in(func(tx *store.Tx) error {
		if err := tx.KeepMessage(ctx, flows.ChannelTelegram, "7", "扫码报修 loc_aaaaaaaaaaaaaaaa", at); err != nil {
			return err
		}
		return tx.KeepMessage(ctx, flows.ChannelTelegram, "8", "扫码报修 loc_aaaaaaaaaaaaaaaa", at.Add(time.Hour))
	})
	var n int
	if err := db.SQL().Get(&n, `SELECT count(*) FROM kept_messages`); err != nil || n != 1 {
		t.Errorf("kept_messages holds %d rows (%v), want only the latest", n, err)
	}
}
