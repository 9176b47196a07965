package e2e_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
)

// TestMineReadWithTheClaim: after ExpectMine, the claim reads 「我的」's
// lists, and RepairsOf and ChecksAndHazardsOf answer from them with no
// round trip of their own, exactly what their own reads return (repairs
// open and closed, followed, a hazard with its linked repair, checks with
// and without); arguments other than the ones read for are answered by
// their own reads.
func TestMineReadWithTheClaim(t *testing.T) {
	h := newHarness(t, inspection.Module(nil))
	saveDailyRound(t, h)
	h.now = h.now.Add(11*time.Hour + 30*time.Minute)
	for _, fault := range []string{"第三排课桌腿断了", "讲台抽屉坏了"} {
		h.now = h.now.Add(time.Minute)
		h.say("李老师", "302教室"+fault)
		if out := h.say("李老师", "1"); !strings.Contains(out, "报修成功") {
			t.Fatalf("report %s: %s", fault, out)
		}
	}
	// One of them done and signed off a day ago (closed, still listed).
	for _, status := range []repair.RepairStatus{repair.RepairDone, repair.RepairClosed} {
		if _, err := h.db.SQL().Exec(`UPDATE repairs SET status = $1, done_at = $2, closed_at = CASE WHEN $1 = 'closed' THEN $2::timestamptz END
			WHERE id = (SELECT min(id) FROM repairs)`, status, h.now.Add(-24*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	fileWiringHazard(t, h)

	type answer struct {
		repairs []repair.Repair
		checks  []inspection.Check
		hazards []inspection.Hazard
		trips   int64 // after the claim
	}
	seq := 0
	read := func(who string, ahead bool, closedSince, closingAfter time.Time, withChecks bool) answer {
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
			if a.repairs, err = tx.RepairsOf(ctx, staff, closedSince, 20); err != nil {
				return err
			}
			if a.checks, a.hazards, err = tx.ChecksAndHazardsOf(ctx, h.s.ID, staff, closingAfter, withChecks, 20); err != nil {
				return err
			}
			a.trips = h.db.RoundTrips().Load() - before
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return a
	}
	since := h.now.Add(-repair.MineClosedFor)
	for _, who := range []string{"李老师", "老郑", "孙师傅", "张校长"} {
		for _, with := range []bool{false, true} {
			read(who, false, since, h.now, with) // prepare the statements
			read(who, true, since, h.now, with)
			want := read(who, false, since, h.now, with)
			got := read(who, true, since, h.now, with)
			if g, w := asInstants(t, got.repairs), asInstants(t, want.repairs); g != w {
				t.Errorf("%s repairs read with the claim:\n got %s\nwant %s", who, g, w)
			}
			if g, w := asInstants(t, got.checks), asInstants(t, want.checks); g != w {
				t.Errorf("%s checks (with %v) read with the claim:\n got %s\nwant %s", who, with, g, w)
			}
			if g, w := asInstants(t, got.hazards), asInstants(t, want.hazards); g != w {
				t.Errorf("%s hazards read with the claim:\n got %s\nwant %s", who, g, w)
			}
			if got.trips != 0 || want.trips != 2 {
				t.Errorf("%s: %d round trips after the claim with the lists read ahead, %d without; want 0 and 2", who, got.trips, want.trips)
			}
		}
	}
	// Something to compare: 李老师's open and closed repairs, 老郑's
	// hazard, the round's checks.
	li := read("李老师", false, since, h.now, true)
	zheng := read("老郑", false, since, h.now, true)
	if len(li.repairs) != 2 || li.repairs[1].Status != repair.RepairClosed || len(zheng.hazards) != 1 || len(zheng.checks) == 0 {
		t.Fatalf("nothing to compare: 李老师 %d repairs, 老郑 %d hazards and %d checks", len(li.repairs), len(zheng.hazards), len(zheng.checks))
	}
	// Asked with other arguments than the ones read for: their own reads.
	for _, c := range []struct {
		what                string
		since, closingAfter time.Time
	}{{"closed since", since.Add(-48 * time.Hour), h.now}, {"checks closing after", since, h.now.Add(-time.Hour)}} {
		want := read("李老师", false, c.since, c.closingAfter, true)
		got := read("李老师", true, c.since, c.closingAfter, true)
		if g, w := asInstants(t, got), asInstants(t, want); g != w || got.trips == 0 {
			t.Errorf("%s other than read ahead (%d round trips):\n got %s\nwant %s", c.what, got.trips, g, w)
		}
	}
}

// TestMineSeesWhatItWaitedFor: 「我的」 arriving while an earlier message
// of the same person holds the account and changes one of their repairs
// waits for it and lists the repair as changed: the lists read with the
// claim, in a snapshot taken before the wait, are not used.
func TestMineSeesWhatItWaitedFor(t *testing.T) {
	h := newHarness(t)
	h.say("李老师", "302教室第三排课桌腿断了")
	if out := h.say("李老师", "1"); !strings.Contains(out, "报修成功") {
		t.Fatalf("report: %s", out)
	}
	wantContains(t, h.say("李老师", "我的"), "课桌腿断了")

	sqlTx, err := h.db.SQL().BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer sqlTx.Rollback()
	for _, q := range []string{
		`SELECT 1 FROM identities WHERE channel = $1 AND external_id = $2 FOR UPDATE`,
		`UPDATE identities SET last_seen = last_seen WHERE channel = $1 AND external_id = $2`,
	} {
		if _, err := sqlTx.Exec(q, string(flows.ChannelConsole), h.account("李老师")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := sqlTx.Exec(`UPDATE repairs SET description = '讲台整个塌了' WHERE reporter_id = $1`, h.s.Staff["李老师"].ID); err != nil {
		t.Fatal(err)
	}
	reply := make(chan string, 1)
	go func() { reply <- h.say("李老师", "我的") }()
	time.Sleep(300 * time.Millisecond) // 「我的」 is waiting for the account's lock
	select {
	case got := <-reply:
		t.Fatalf("「我的」 did not wait for the account's lock: %q", got)
	default:
	}
	if err := sqlTx.Commit(); err != nil {
		t.Fatal(err)
	}
	got := <-reply
	if !strings.Contains(got, "讲台整个塌了") || strings.Contains(got, "课桌腿断了") {
		t.Errorf("「我的」 did not list the repair as the message it waited for left it: %q", got)
	}
}
