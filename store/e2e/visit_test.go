package e2e_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store/storetest"
)

// The gate's conversations run as golden transcripts on an in-memory
// store in flows/visit (testdata/*.txt), and the gate's queries are tested
// in store/visit_test.go. What stays here is what needs the whole stack on
// PostgreSQL: that a check-in from one message, next to the repair module,
// leaves the plain ID number in no column of any table (sessions, the
// dedup log's replies, the outbox, visits, events ...), and the visit jobs on
// the real scheduler and job claims.

// idZhang is a valid resident ID number (check digit computed).
const idZhang = "11010519491231002X"

func testVault(t *testing.T) *visit.IDVault {
	t.Helper()
	v, err := visit.NewIDVault(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func newGate(t *testing.T) (*harness, *visit.IDVault) {
	v := testVault(t)
	return newHarness(t, visit.Module(v)), v
}

func (h *harness) visitTick() {
	h.t.Helper()
	(&flows.Scheduler{Store: h.db, Now: h.clock, Jobs: visit.Module(nil).Jobs}).Tick(ctx)
}

func (h *harness) lastVisit() visit.Visit {
	h.t.Helper()
	var id int64
	if err := h.db.SQL().Get(&id, `SELECT id FROM visits ORDER BY id DESC LIMIT 1`); err != nil {
		h.t.Fatal(err)
	}
	v, err := h.db.VisitByID(ctx, id)
	if err != nil {
		h.t.Fatal(err)
	}
	return v
}

func (h *harness) visitEvents(id int64) []visit.EventKind {
	h.t.Helper()
	evs, err := h.db.VisitEvents(ctx, id)
	if err != nil {
		h.t.Fatal(err)
	}
	var kinds []visit.EventKind
	for _, e := range evs {
		kinds = append(kinds, e.Kind)
	}
	return kinds
}

const oneMessage = "张三 身份证" + idZhang + " 13800138000 找初二班主任李老师 家长会 京A12345"

func TestVisitCheckInFromOneMessageAndHostApproves(t *testing.T) {
	h, vault := newGate(t)
	h.now = time.Date(2026, 11, 20, 9, 30, 0, 0, h.now.Location())
	got := h.say("老郑", oneMessage)
	wantContains(t, got, "请核对", "张三", "110105********002X", "13800138000", "学生家长", "家长来访（家长会）", "李老师", "京A12345", "1 人")
	if strings.Contains(got, idZhang) {
		t.Errorf("the read-back shows the plain ID number:\n%s", got)
	}
	got = h.say("老郑", "1")
	wantContains(t, got, "已登记", "李老师")
	v := h.lastVisit()
	if v.Status != visit.VisitWaiting || v.HostID != h.s.Staff["李老师"].ID || v.Party != 1 || v.Plate != "京A12345" {
		t.Fatalf("visit %+v", v)
	}
	if plain, err := vault.Open(v.IDCipher, visit.VisitRow(v.SchoolID, v.ID)); err != nil || plain != idZhang || v.IDHash != vault.Hash(v.SchoolID, idZhang) {
		t.Errorf("stored ID opens to %q (%v)", plain, err)
	}
	card := h.deliver()["李老师"]
	if len(card) != 1 || len(card[0].Buttons) != 2 {
		t.Fatalf("host card %+v", card)
	}
	wantContains(t, card[0].Text, "张三", "家长来访", "1 人", "京A12345", "110105********002X", fmt.Sprintf("同意 %d", visit.Num(v)))
	if strings.Contains(card[0].Text, idZhang) {
		t.Error("the host's card shows the plain ID number")
	}
	h.now = h.now.Add(3 * time.Minute)
	wantContains(t, h.press("李老师", card[0].Buttons[0].Data), "已同意")
	wantContains(t, h.deliver()["老郑"][0].Text, "李老师同意", "请放行", fmt.Sprintf("离校 %d", visit.Num(v)))
	v = h.lastVisit()
	if v.Status != visit.VisitAdmitted || v.DecidedBy != h.s.Staff["李老师"].ID {
		t.Errorf("after approval %+v", v)
	}
	// Pressing again changes nothing.
	wantContains(t, h.press("李老师", card[0].Buttons[1].Data), "不需要再确认")
	if got, want := h.visitEvents(v.ID), []visit.EventKind{visit.EventRegistered, visit.EventApproved}; !slices.Equal(got, want) {
		t.Errorf("events %s, want %s", got, want)
	}
	if found := storetest.Traces(t, h.db, idZhang); len(found) > 0 {
		t.Errorf("the plain ID number is stored: %v", found)
	}
}

// The visit jobs on the real scheduler: the host timeout, once, then the
// guard admits on the 总务主任's authority; gate closing, once a day.
func TestVisitJobs(t *testing.T) {
	h, _ := newGate(t)
	h.say("老郑", oneMessage)
	h.say("老郑", "1")
	v := h.lastVisit()
	h.deliver()
	h.now = h.now.Add(5 * time.Minute)
	h.visitTick()
	if out := h.deliver(); len(out["老郑"]) != 0 {
		t.Fatalf("the guard was told before the timeout: %v", out["老郑"])
	}
	wantContains(t, h.say("老郑", fmt.Sprintf("总务主任同意 %d", visit.Num(v))), "请先等被访人李老师回复")
	h.now = h.now.Add(6 * time.Minute)
	h.visitTick()
	out := h.deliver()
	if len(out["老郑"]) != 1 || len(out["陈主任"]) != 1 {
		t.Fatalf("timeout notifications: %v", out)
	}
	wantContains(t, out["老郑"][0].Text, "还没有回复", "总务主任陈主任", fmt.Sprintf("总务主任同意 %d", visit.Num(v)))
	wantContains(t, out["陈主任"][0].Text, "已等 10 分钟", fmt.Sprintf("同意 %d", visit.Num(v)))
	h.visitTick()
	if out := h.deliver(); len(out) != 0 {
		t.Errorf("a second tick notified again: %v", out)
	}
	wantContains(t, h.press("老郑", out["老郑"][0].Buttons[0].Data), "经总务主任陈主任电话同意", "由门卫老郑放行")
	v = h.lastVisit()
	if v.Status != visit.VisitAdmitted || v.DecidedBy != h.s.Staff["老郑"].ID || !strings.Contains(v.Decision, "陈主任") {
		t.Errorf("admitted on authority: %+v", v)
	}
	told := h.deliver()
	wantContains(t, told["陈主任"][0].Text, "按你的电话同意")
	wantContains(t, told["李老师"][0].Text, "已进校")
	h.now = time.Date(2026, 11, 20, 18, 1, 0, 0, h.now.Location())
	h.visitTick()
	h.visitTick()
	if out := h.deliver(); len(out["老郑"]) != 1 || !strings.Contains(out["老郑"][0].Text, "闭校提醒") {
		t.Errorf("gate-close notifications %v, want one", out)
	}
	v = h.lastVisit()
	want := []visit.EventKind{visit.EventRegistered, visit.EventHostTimeout, visit.EventHeadAuthority, visit.EventInsideAtClose}
	if got := h.visitEvents(v.ID); !slices.Equal(got, want) || !v.InsideAtClose {
		t.Errorf("events %s (inside at close: %v), want %s", got, v.InsideAtClose, want)
	}
}
