package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store/storetest"
)

// TestNonceFirstUseWins: the first use of a nonce is remembered with its
// fingerprint; later uses, concurrent ones included, get that fingerprint
// back whatever they carried, and change nothing.
func TestNonceFirstUseWins(t *testing.T) {
	db := storetest.Open(t)
	at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)

	if got, err := db.UseNonce(ctx, flows.ChannelWeChat, "1700000000:42", "fp-a", at); err != nil || got != "fp-a" {
		t.Fatalf("first use = %q, %v; want fp-a", got, err)
	}
	for _, fp := range []string{"fp-a", "fp-b"} {
		if got, err := db.UseNonce(ctx, flows.ChannelWeChat, "1700000000:42", fp, at); err != nil || got != "fp-a" {
			t.Errorf("second use with %s = %q, %v; want the first use's fp-a", fp, got, err)
		}
	}
	// Nonces of another channel are another namespace.
	if got, err := db.UseNonce(ctx, flows.ChannelTelegram, "1700000000:42", "fp-c", at); err != nil || got != "fp-c" {
		t.Errorf("same nonce on another channel = %q, %v; want fp-c", got, err)
	}

	// 20 concurrent first uses of one nonce: they all agree on one winner.
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		firsts = map[string]int{}
	)
	for i := range 20 {
		wg.Go(func() {
			got, err := db.UseNonce(ctx, flows.ChannelWeChat, "1700000000:race", fmt.Sprintf("fp-%d", i), at)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			firsts[got]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if len(firsts) != 1 {
		t.Errorf("concurrent first uses saw %v, want one fingerprint for all 20", firsts)
	}
}

func TestPruneNoncesKeepsTheWindow(t *testing.T) {
	db := storetest.Open(t)
	now := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	for i, age := range []time.Duration{10 * time.Minute, 7 * time.Minute, 5 * time.Minute, 0, -4 * time.Minute} {
		if _, err := db.UseNonce(ctx, flows.ChannelWeChat, fmt.Sprintf("n%d", i), "fp", now.Add(-age)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.UseNonce(ctx, flows.ChannelTelegram, "old", "fp", now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	n, err := db.PruneNonces(ctx, flows.ChannelWeChat, now.Add(-6*time.Minute))
	if err != nil || n != 2 {
		t.Fatalf("PruneNonces = %d, %v; want the 2 signed before the cut", n, err)
	}
	// The kept ones are still refused with their first fingerprint; the
	// pruned ones are new again.
	for i, want := range []string{"new", "new", "fp", "fp", "fp"} {
		got, err := db.UseNonce(ctx, flows.ChannelWeChat, fmt.Sprintf("n%d", i), "new", now)
		if err != nil || got != want {
			t.Errorf("n%d after prune = %q, %v; want %q", i, got, err, want)
		}
	}
	if got, _ := db.UseNonce(ctx, flows.ChannelTelegram, "old", "new", now); got != "fp" {
		t.Errorf("another channel's nonce was pruned")
	}
}
