package e2e_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/store"
)

// TestMineListsReadWithTheClaim: after ExpectMine, the claim reads
// 「我的」's inspection lists, and ChecksAndHazardsOf answers from them
// with no round trip of its own, exactly what its own read returns (a
// hazard with its linked repair, the round's checks, with and without
// them, for the finder, the person responsible and others); arguments
// other than the ones read for are answered by its own read.
func TestMineListsReadWithTheClaim(t *testing.T) {
	h := newHarness(t, inspection.Module(nil))
	saveDailyRound(t, h)
	h.now = h.now.Add(11*time.Hour + 30*time.Minute)
	fileWiringHazard(t, h)

	type answer struct {
		checks  []inspection.Check
		hazards []inspection.Hazard
		trips   int64 // after the claim
	}
	seq := 0
	read := func(who string, ahead bool, closingAfter time.Time, withChecks bool, limit int) answer {
		t.Helper()
		seq++
		staff := h.s.Staff[who].ID
		var a answer
		if err := h.db.InTx(ctx, func(ftx flows.Tx) error {
			tx := ftx.(*store.Tx)
			tx.Expect(flows.ChannelConsole, h.account(who))
			if ahead {
				tx.ExpectMine(h.now)
			}
			if _, dup, err := tx.ClaimInbound(ctx, flows.ChannelConsole, fmt.Sprintf("mine-%d", seq), h.now); err != nil || dup {
				return fmt.Errorf("claim: dup %v, %v", dup, err)
			}
			before := h.db.RoundTrips().Load()
			var err error
			if a.checks, a.hazards, err = tx.ChecksAndHazardsOf(ctx, h.s.ID, staff, closingAfter, withChecks, limit); err != nil {
				return err
			}
			a.trips = h.db.RoundTrips().Load() - before
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return a
	}
	for _, who := range []string{"老郑", "孙师傅", "李老师", "张校长"} {
		for _, with := range []bool{false, true} {
			read(who, false, h.now, with, 20) // prepare the statements
			read(who, true, h.now, with, 20)
			want := read(who, false, h.now, with, 20)
			got := read(who, true, h.now, with, 20)
			if g, w := asInstants(t, got.checks), asInstants(t, want.checks); g != w {
				t.Errorf("%s checks (with %v) read with the claim:\n got %s\nwant %s", who, with, g, w)
			}
			if g, w := asInstants(t, got.hazards), asInstants(t, want.hazards); g != w {
				t.Errorf("%s hazards read with the claim:\n got %s\nwant %s", who, g, w)
			}
			if got.trips != 0 || want.trips != 1 {
				t.Errorf("%s: %d round trips after the claim with the lists read ahead, %d without; want 0 and 1", who, got.trips, want.trips)
			}
		}
	}
	// Something to compare: 老郑's hazard, the round's checks.
	if zheng := read("老郑", false, h.now, true, 20); len(zheng.hazards) != 1 || len(zheng.checks) == 0 {
		t.Fatalf("nothing to compare: 老郑 has %d hazards and %d checks", len(zheng.hazards), len(zheng.checks))
	}
	// Asked with other arguments than the ones read for: their own reads.
	for _, c := range []struct {
		what         string
		closingAfter time.Time
		limit        int
	}{{"checks closing after", h.now.Add(-time.Hour), 20}, {"limit", h.now, 5}} {
		want := read("老郑", false, c.closingAfter, true, c.limit)
		got := read("老郑", true, c.closingAfter, true, c.limit)
		if g, w := asInstants(t, got), asInstants(t, want); g != w || got.trips == 0 {
			t.Errorf("%s other than read ahead (%d round trips):\n got %s\nwant %s", c.what, got.trips, g, w)
		}
	}
}

// TestMineSeesTheHazardItWaitedFor: 「我的」 arriving while an earlier
// message of the same person holds the account and changes their hazard
// waits for it and lists the hazard as changed: the lists read with the
// claim, in a snapshot taken before the wait, are not used.
func TestMineSeesTheHazardItWaitedFor(t *testing.T) {
	h := newHarness(t, inspection.Module(nil))
	saveDailyRound(t, h)
	h.now = h.now.Add(11*time.Hour + 30*time.Minute)
	fileWiringHazard(t, h)
	wantContains(t, h.say("老郑", "我的"), "「电线裸露」待整改")

	held := h.holdAccount("老郑")
	if _, err := held.Exec(`UPDATE hazards SET description = '配电箱门脱落' WHERE finder_id = $1`, h.s.Staff["老郑"].ID); err != nil {
		t.Fatal(err)
	}
	got := h.sayWhileHeld(held, "老郑", "我的")
	if !strings.Contains(got, "「配电箱门脱落」待整改") || strings.Contains(got, "「电线裸露」待整改") {
		t.Errorf("「我的」 did not list the hazard as the message it waited for left it: %q", got)
	}
}
