package e2e_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
)

func (h *harness) tick() map[string][]flows.OutboxItem {
	h.t.Helper()
	sch := &flows.Scheduler{Store: h.db, Now: h.clock, Jobs: repair.Module().Jobs}
	sch.Tick(ctx)
	return h.deliver()
}

func kinds(items []flows.OutboxItem) string {
	var ks []string
	for _, it := range items {
		ks = append(ks, it.Kind)
	}
	return strings.Join(ks, ",")
}

func TestSchedulerRemindsEscalatesAndAutoConfirms(t *testing.T) {
	h := newHarness(t)
	h.now = h.now.Add(6 * time.Hour) // 14:00
	h.say("李老师", "302教室门锁坏了")
	h.say("李老师", "1")
	r := h.onlyRepair()
	h.deliver()

	h.now = time.Date(2026, 11, 20, 19, 59, 0, 0, h.now.Location())
	if out := h.tick(); len(out) != 0 {
		t.Fatalf("19:59: %v, want nothing yet", out)
	}
	h.now = h.now.Add(time.Minute) // 20:00, an hour before due
	out := h.tick()
	if kinds(out["王师傅"]) != "repair.reminder" || len(out) != 1 {
		t.Fatalf("20:00: %v, want one reminder to 王师傅", out)
	}
	if out := h.tick(); len(out) != 0 {
		t.Fatalf("second tick at 20:00 sent again: %v", out)
	}
	h.now = h.now.Add(time.Hour) // 21:00, due
	out = h.tick()
	for _, who := range []string{"刘副校长", "陈主任"} {
		if kinds(out[who]) != "repair.escalated" {
			t.Errorf("21:00: %s got %q, want an escalation", who, kinds(out[who]))
		}
	}
	wantContains(t, out["李老师"][0].Text, "没能在期限内修好")
	if len(out["张校长"]) != 0 {
		t.Error("the principal heard at the due time; that is 12 hours later")
	}
	h.now = h.now.Add(12 * time.Hour)
	out = h.tick()
	if kinds(out["张校长"]) != "repair.escalated" || len(out) != 1 {
		t.Fatalf("+12h: %v, want the principal only", out)
	}
	if out := h.tick(); len(out) != 0 {
		t.Fatalf("escalated twice: %v", out)
	}
	// Finished but never signed off: confirmed after 3 days, once.
	h.say("王师傅", fmt.Sprintf("完成 %d", r.ID))
	h.say("王师傅", "1")
	h.deliver()
	h.now = h.now.Add(3*24*time.Hour - time.Minute)
	h.tick()
	if got := h.onlyRepair(); got.Status != repair.RepairDone {
		t.Fatalf("closed before 3 days: %s", got.Status)
	}
	h.now = h.now.Add(time.Minute)
	out = h.tick()
	got := h.onlyRepair()
	if got.Status != repair.RepairClosed || !got.AutoConfirmed {
		t.Fatalf("after 3 days: %s auto=%v", got.Status, got.AutoConfirmed)
	}
	wantContains(t, out["李老师"][0].Text, "自动确认")
	if out := h.tick(); len(out) != 0 {
		t.Fatalf("auto-confirmed twice: %v", out)
	}
}

// A new due time (a leader's decision) gets its own reminder and escalation.
func TestNewDueTimeGetsNewReminders(t *testing.T) {
	h := newHarness(t)
	h.now = h.now.Add(6 * time.Hour)
	h.say("李老师", "302教室窗户关不上")
	h.say("李老师", "1")
	r := h.onlyRepair()
	h.now = time.Date(2026, 11, 20, 21, 0, 0, 0, h.now.Location())
	h.tick()
	h.say("刘副校长", fmt.Sprintf("处理 %d", r.ID))
	h.say("刘副校长", "2")
	h.say("刘副校长", "1")
	h.deliver()
	h.now = h.now.Add(23 * time.Hour)
	if out := h.tick(); kinds(out["王师傅"]) != "repair.reminder" {
		t.Fatalf("no reminder for the new due time: %v", out)
	}
	h.now = h.now.Add(time.Hour)
	if out := h.tick(); kinds(out["刘副校长"]) != "repair.escalated" {
		t.Fatalf("no escalation at the new due time: %v", out)
	}
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
