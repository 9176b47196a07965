package e2e_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/store"
)

// A guard's round on PostgreSQL: a finding that needs the electrician
// files a linked, routed repair; the electrician's 完成 rectifies the
// hazard at the next tick, and the guard's re-check closes it.
func TestRoundWithLinkedRepairToRecheck(t *testing.T) {
	mod := inspection.Module(nil)
	h := newHarness(t, mod)
	saveDailyRound(t, h)
	tick := func() map[string][]flows.OutboxItem {
		(&flows.Scheduler{Store: h.db, Now: h.clock, Jobs: mod.Jobs}).Tick(ctx)
		return h.deliver()
	}
	h.now = h.now.Add(11*time.Hour + 30*time.Minute) // 19:30
	if out := h.say("老郑", "巡查"); !strings.Contains(out, "【每日校园巡查】") {
		t.Fatalf("巡查: %s", out)
	}
	m := h.msg("老郑", "4 有问题 实验楼二楼男厕所电线裸露", "")
	m.Media = []flows.Media{{Kind: "image", Ref: "photo-found"}}
	h.handle(m)
	h.say("老郑", "3") // 重大
	if out := h.say("老郑", "1"); !strings.Contains(out, "已报修 BX-20261120-001，派给孙师傅") || !strings.Contains(out, "已同时报告分管领导和校长") {
		t.Fatalf("filing: %s", out)
	}
	out := h.deliver()
	if kinds(out["孙师傅"]) != "repair.assigned" || kinds(out["刘副校长"]) != "hazard.alert" || kinds(out["张校长"]) != "hazard.alert" {
		t.Fatalf("notifications: %v", out)
	}
	if out := h.say("老郑", "全部正常"); !strings.Contains(out, "5 项中 1 项有隐患") {
		t.Fatalf("全部正常: %s", out)
	}
	if n := h.count(`SELECT count(*) FROM inspection_results r JOIN hazards z ON z.id = r.hazard_id JOIN repairs p ON p.id = z.repair_id
		WHERE r.seq = 4 AND NOT r.ok AND p.worker_id = $1`, h.s.Staff["孙师傅"].ID); n != 1 {
		t.Fatalf("item 4 is not linked through its hazard to 孙师傅's repair (%d rows)", n)
	}
	if n := h.count(`SELECT count(*) FROM inspection_checks WHERE status = $1`, string(inspection.CheckDone)); n != 1 {
		t.Fatalf("%d checks done, want 1", n)
	}

	r := h.onlyRepair()
	h.pressf("孙师傅", "rp:done:%d", r.ID)
	done := h.msg("孙师傅", "1", "") // 自然损坏
	done.Media = []flows.Media{{Kind: "image", Ref: "photo-fixed"}}
	h.handle(done)
	h.deliver()
	h.now = h.now.Add(time.Minute)
	out = tick()
	if kinds(out["老郑"]) != "hazard.recheck" {
		t.Fatalf("after the repair: %v, want a re-check request to 老郑", out)
	}
	if out := tick(); len(out["老郑"]) != 0 {
		t.Fatalf("a second tick asked again: %v", out)
	}
	z, err := h.db.Hazard(ctx, 1)
	if err != nil || z.Status != inspection.HazardFixed || z.FixPhoto != "photo-fixed" || z.RepairRef != r.Ref {
		t.Fatalf("hazard after the repair: %+v, %v", z, err)
	}
	if out := h.pressf("老郑", "yh:pass:%d", z.ID); !strings.Contains(out, "已闭环") {
		t.Fatalf("复查通过: %s", out)
	}
	out = h.deliver()
	// The repair that fixed it awaited 老郑's 验收 too: the re-check signs
	// it off (user test 18's N13), and its worker is told both in one
	// notice (the brief p25insp: he had two of the one wall).
	if kinds(out["孙师傅"]) != "hazard.update" || !strings.Contains(out["孙师傅"][0].Text, "也一并验收通过") || kinds(out["刘副校长"]) != "hazard.update" {
		t.Fatalf("closing told %v", out)
	}
	if n := h.count(`SELECT count(*) FROM hazard_events WHERE hazard_id = $1`, z.ID); n != 3 {
		t.Errorf("%d hazard events, want found, repair_fix, passed", n)
	}
}

// ChecksAndHazardsOf, 「我的」's one read, returns what ChecksClosingAfter
// and HazardsOf return on their own, for the finder, the person
// responsible and someone with neither.
func TestChecksAndHazardsOfIsBothReads(t *testing.T) {
	mod := inspection.Module(nil)
	h := newHarness(t, mod)
	saveDailyRound(t, h)
	h.now = h.now.Add(11*time.Hour + 30*time.Minute)
	fileWiringHazard(t, h)
	for _, who := range []string{"老郑", "孙师傅", "李老师", "张校长"} {
		staff := h.s.Staff[who].ID
		for _, with := range []bool{true, false} {
			var cs1, cs2 []inspection.Check
			var hs1, hs2 []inspection.Hazard
			if err := h.db.InTx(ctx, func(ftx flows.Tx) error {
				tx := ftx.(*store.Tx)
				var err error
				if cs1, hs1, err = tx.ChecksAndHazardsOf(ctx, h.s.ID, staff, h.now, with, 20); err != nil {
					return err
				}
				if with {
					if cs2, err = tx.ChecksClosingAfter(ctx, h.s.ID, h.now); err != nil {
						return err
					}
				}
				hs2, err = tx.HazardsOf(ctx, staff, 20)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			if with && len(cs2) == 0 {
				t.Fatalf("no check to compare")
			}
			if got, want := asInstants(t, cs1), asInstants(t, cs2); got != want {
				t.Errorf("%s checks (with %v):\n got %s\nwant %s", who, with, got, want)
			}
			if who == "老郑" && len(hs2) == 0 {
				t.Fatalf("the finder has no hazard to compare")
			}
			if got, want := asInstants(t, hs1), asInstants(t, hs2); got != want {
				t.Errorf("%s hazards:\n got %s\nwant %s", who, got, want)
			}
		}
	}
	if n := h.count(`SELECT count(*) FROM hazards`); n != 1 {
		t.Fatalf("%d hazards, want 1", n)
	}
}

// fileWiringHazard has 老郑 find bare wiring on the daily round (item 4,
// with a photo) and file it as a repair for 孙师傅: a hazard with its
// linked repair. The round must be open (saveDailyRound, late morning).
func fileWiringHazard(t *testing.T, h *harness) {
	t.Helper()
	h.say("老郑", "巡查")
	m := h.msg("老郑", "4 有问题 实验楼二楼男厕所电线裸露", "")
	m.Media = []flows.Media{{Kind: "image", Ref: "photo-found"}}
	h.handle(m)
	h.say("老郑", "3")
	if out := h.say("老郑", "1"); !strings.Contains(out, "已报修") {
		t.Fatalf("filing the hazard: %s", out)
	}
}

// saveDailyRound gives h's school the shipped 每日校园巡查 plan.
func saveDailyRound(t *testing.T, h *harness) {
	t.Helper()
	saveShippedPlans(t, h, "每日校园巡查")
}

// saveShippedPlans gives h's school the shipped plans named, or all of
// them (as `houqin check import` does) when none is named.
func saveShippedPlans(t testing.TB, h *harness, names ...string) {
	t.Helper()
	for _, p := range inspection.DefaultPlans() {
		if len(names) > 0 && !slices.Contains(names, p.Name) {
			continue
		}
		p.SchoolID = h.s.ID
		if err := h.db.InTx(ctx, func(ftx flows.Tx) error { _, err := ftx.(*store.Tx).SavePlan(ctx, &p, h.now); return err }); err != nil {
			t.Fatal(err)
		}
	}
}

// A failed re-check on PostgreSQL of a hazard whose linked repair was
// finished and not signed off: the repair goes back to its worker as 返修
// (the row assigned again, a reopened event), and its next 完成 rectifies
// the hazard and asks the finder again.
func TestFailedRecheckReopensTheLinkedRepair(t *testing.T) {
	mod := inspection.Module(nil)
	h := newHarness(t, mod)
	tick := func() map[string][]flows.OutboxItem {
		(&flows.Scheduler{Store: h.db, Now: h.clock, Jobs: mod.Jobs}).Tick(ctx)
		return h.deliver()
	}
	m := h.msg("老郑", "发现隐患 实验楼二楼男厕所电线裸露", "")
	m.Media = []flows.Media{{Kind: "image", Ref: "photo-found"}}
	h.handle(m)
	h.say("老郑", "1") // 一般
	if out := h.say("老郑", "1"); !strings.Contains(out, "派给孙师傅") {
		t.Fatalf("filing: %s", out)
	}
	h.deliver()
	finish := func(photo string) {
		r := h.onlyRepair()
		h.pressf("孙师傅", "rp:done:%d", r.ID)
		done := h.msg("孙师傅", "1", "")
		done.Media = []flows.Media{{Kind: "image", Ref: photo}}
		h.handle(done)
		h.deliver()
		h.now = h.now.Add(time.Minute)
	}
	finish("photo-fixed")
	if out := tick(); kinds(out["老郑"]) != "hazard.recheck" {
		t.Fatalf("after the repair: %v, want a re-check request to 老郑", out)
	}
	h.now = h.now.Add(time.Hour)
	h.say("老郑", "复查不通过 1")
	if out := h.say("老郑", "电线还露在外面"); !strings.Contains(out, "转为返修") {
		t.Fatalf("复查不通过: %s", out)
	}
	if out := h.deliver(); kinds(out["孙师傅"]) != "repair.assigned" {
		t.Fatalf("the failed re-check told %v, want the repair's job card to 孙师傅", out)
	}
	r := h.onlyRepair()
	if r.Status != "assigned" || r.Reopens != 1 || !strings.Contains(r.Description, "电线还露在外面") {
		t.Fatalf("the linked repair after the failed re-check: %+v", r)
	}
	if n := h.count(`SELECT count(*) FROM repair_events WHERE repair_id = $1 AND kind = 'reopened'`, r.ID); n != 1 {
		t.Errorf("%d reopened events, want 1", n)
	}
	if out := tick(); len(out["老郑"]) != 0 {
		t.Fatalf("the old 完成 rectified the hazard again: %v", out)
	}
	h.now = h.now.Add(2 * time.Hour)
	finish("photo-fixed-2")
	if out := tick(); kinds(out["老郑"]) != "hazard.recheck" {
		t.Fatalf("after the repair's second 完成: %v, want a re-check request to 老郑", out)
	}
	z, err := h.db.Hazard(ctx, 1)
	if err != nil || z.Status != inspection.HazardFixed || z.FixPhoto != "photo-fixed-2" || z.Reopens != 1 {
		t.Fatalf("hazard after the rework: %+v, %v", z, err)
	}
}

// A rectified hazard waits in HazardsOf (「我的」) for whoever may re-check
// it besides its finder: the 总务主任 for any, the 分管领导 and the 校长 for
// the 总务主任's own rectification of his own finding (p20lead: the
// leaders' 「我的」 listed none); never for its fixer or a teacher.
func TestHazardsOfListsRechecksWaiting(t *testing.T) {
	h := newHarness(t, inspection.Module(nil))
	photo := func(who, text string) string {
		m := h.msg(who, text, "")
		m.Media = []flows.Media{{Kind: "image", Ref: "photo-" + who}}
		return h.handle(m)
	}
	find := func(who, what string) {
		h.say(who, "发现隐患 "+what)
		photo(who, "")
		h.say(who, "1")
		if out := h.say(who, "2"); !strings.Contains(out, "已登记") {
			t.Fatalf("%s: %s", what, out)
		}
	}
	waiting := func(who string) []string {
		var refs []string
		if err := h.db.InTx(ctx, func(ftx flows.Tx) error {
			hs, err := ftx.(*store.Tx).HazardsOf(ctx, h.s.Staff[who].ID, 20)
			for _, z := range hs {
				if me := h.s.Staff[who].ID; z.Status == inspection.HazardFixed && z.FinderID != me && z.ResponsibleID != me {
					refs = append(refs, z.Ref)
				}
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return refs
	}
	find("老郑", "教学楼302门口消防通道堆放桌椅")
	if out := photo("李老师", "整改完成 1 桌椅已搬回教室"); !strings.Contains(out, "整改完成") {
		t.Fatalf("李老师's rectification: %s", out)
	}
	find("陈主任", "教学楼303门口堆放纸箱")
	if out := photo("陈主任", "整改完成 2 纸箱已清走"); !strings.Contains(out, "整改完成") {
		t.Fatalf("陈主任's rectification: %s", out)
	}
	for who, want := range map[string]string{"陈主任": "[YH-20261120-001]", "刘副校长": "[YH-20261120-002]", "张校长": "[YH-20261120-002]", "李老师": "[]", "王老师": "[]"} {
		if got := fmt.Sprint(waiting(who)); got != want {
			t.Errorf("%s: re-checks waiting %s, want %s", who, got, want)
		}
	}
}
