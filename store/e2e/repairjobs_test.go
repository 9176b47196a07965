package e2e_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
)

// kinds lists the kinds of what was delivered, in order.
func kinds(items []flows.OutboxItem) string {
	var ks []string
	for _, it := range items {
		ks = append(ks, it.Kind)
	}
	return strings.Join(ks, ",")
}

func TestHousekeepingPrunesTheDedupLogAfterAWeek(t *testing.T) {
	h := newHarness(t)
	h.say("李老师", "帮助")
	h.say("stranger", "绑定 AAAAAAAA")
	sch := &flows.Scheduler{Store: h.db, Now: h.clock, Jobs: flows.Housekeeping().Jobs}
	h.now = h.now.Add(flows.InboundRetention - time.Minute)
	sch.Tick(ctx)
	if n := h.count(`SELECT count(*) FROM inbound`); n != 2 {
		t.Fatalf("pruned too early: %d inbound rows left, want 2", n)
	}
	if n := h.count(`SELECT count(*) FROM bind_failures`); n != 0 {
		t.Errorf("%d binding failures older than an hour kept", n)
	}
	h.now = h.now.Add(time.Hour)
	sch.Tick(ctx)
	if n := h.count(`SELECT count(*) FROM inbound`); n != 0 {
		t.Errorf("%d inbound rows older than a week kept", n)
	}
}

// TestRepairTickReadsOnlyWhatBecameDue: the repair job's read leaves out
// an open repair whose duties up to now are all claimed (reminded before
// its due time, escalated after it, told the principal once late), so a
// tick reads what became due since the last one and not the backlog of
// overdue repairs; each duty still fires once, at its time.
func TestRepairTickReadsOnlyWhatBecameDue(t *testing.T) {
	h := newHarness(t)
	h.say("李老师", "302教室课桌腿断了")
	h.say("李老师", "1")
	r := h.onlyRepair()
	h.deliver()
	st := h.s.Settings
	remind := time.Duration(st.ReminderMinutes) * time.Minute
	late := time.Duration(st.PrincipalAfterHrs) * time.Hour
	sch := &flows.Scheduler{Store: h.db, Now: h.clock, Jobs: repair.Module().Jobs}
	pending := func() int {
		t.Helper()
		var n int
		if err := h.db.InTx(ctx, func(tx flows.Tx) error {
			rs, err := tx.(*store.Tx).RepairsPending(ctx, h.s.ID, h.now, h.now.Add(remind), h.now.AddDate(0, 0, -st.AutoConfirmDays), late, "repair:")
			n = len(rs)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n
	}
	step := func(at time.Time, wantBefore int, wantKinds string) {
		t.Helper()
		h.now = at
		if n := pending(); n != wantBefore {
			t.Errorf("at %s: %d repairs pending before the tick, want %d", at, n, wantBefore)
		}
		sch.Tick(ctx)
		sch.Tick(ctx)
		if n := pending(); n != 0 {
			t.Errorf("at %s: %d repairs pending after the tick, want 0", at, n)
		}
		var ks []string
		for _, items := range h.deliver() {
			ks = append(ks, kinds(items))
		}
		if got := strings.Join(ks, ","); !strings.Contains(got, wantKinds) {
			t.Errorf("at %s: delivered %q, want %s", at, got, wantKinds)
		}
	}
	step(r.DueAt.Add(-remind).Add(time.Minute), 1, repair.NoticeReminder)
	step(r.DueAt.Add(time.Minute), 1, repair.NoticeEscalated)
	step(r.DueAt.Add(late).Add(time.Minute), 1, repair.NoticeEscalated)
	h.now = h.now.Add(24 * time.Hour)
	if n := pending(); n != 0 {
		t.Errorf("a day later: %d repairs pending, want 0 (nothing more is due)", n)
	}
	// Its duties all done, the repair is settled for its due time: out of
	// the partial index the read scans, so the backlog costs no tick.
	if n := h.count(`SELECT count(*) FROM repairs WHERE id = $1 AND settled_due = due_at`, r.ID); n != 1 {
		t.Fatalf("the repair is not settled after its principal's duty (%d rows)", n)
	}
	// A new due time (a leader's 暂缓 to a later day) brings it back: its
	// reminder and escalation fire again at the new time.
	if _, err := h.db.SQL().Exec(`UPDATE repairs SET due_at = due_at + interval '3 days' WHERE id = $1`, r.ID); err != nil {
		t.Fatal(err)
	}
	due := r.DueAt.Add(3 * 24 * time.Hour)
	step(due.Add(-remind).Add(time.Minute), 1, repair.NoticeReminder)
	step(due.Add(time.Minute), 1, repair.NoticeEscalated)
}

// TestSchedulerBatchFallsBackPerJob: a school's jobs run in one
// transaction; when one fails, the others' work is not lost with it: each
// runs again on its own and commits, the failing one alone rolled back.
func TestSchedulerBatchFallsBackPerJob(t *testing.T) {
	h := newHarness(t)
	var runs [3]int
	claim := func(i int, key string) flows.Job {
		return flows.Job{Name: key, Run: func(tr *flows.Turn) error {
			runs[i]++
			_, err := tr.Tx.ClaimJob(tr.Ctx, key+":"+strconv.FormatInt(tr.School.ID, 10), tr.Now)
			return err
		}}
	}
	failing := flows.Job{Name: "failing", Run: func(tr *flows.Turn) error {
		runs[1]++
		if _, err := tr.Tx.ClaimJob(tr.Ctx, "failing:"+strconv.FormatInt(tr.School.ID, 10), tr.Now); err != nil {
			return err
		}
		return errors.New("boom")
	}}
	sch := &flows.Scheduler{Store: h.db, Now: h.clock, Jobs: []flows.Job{claim(0, "first"), failing, claim(2, "third")}}
	sch.Tick(ctx)
	if runs != [3]int{2, 2, 1} {
		t.Errorf("runs = %v, want the batch (first, failing) then each alone", runs)
	}
	id := strconv.FormatInt(h.s.ID, 10)
	for key, want := range map[string]int{"first:" + id: 1, "failing:" + id: 0, "third:" + id: 1} {
		if n := h.count(`SELECT count(*) FROM job_claims WHERE key = $1`, key); n != want {
			t.Errorf("claim %s: %d rows, want %d", key, n, want)
		}
	}
}
