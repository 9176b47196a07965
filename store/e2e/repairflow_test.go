package e2e_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
)

// One message naming three problems at a place the location table does
// not have, at night, one of them a hazard, on the real store: three jobs,
// each routed by its trade, filed under 其他地点 with the place as
// written; the hazard urgent, its leaders told in the same transaction,
// reminded once per half hour however often the scheduler ticks; the
// 总务主任 asked once to add the place, which moves all three to it. Then a
// report merged into an open job is split off into its own by
// 「不是同一个问题」.
func TestUrgentSeveralProblemsAtAFreePlaceAndASplit(t *testing.T) {
	h := newHarness(t)
	h.now = time.Date(2026, 11, 20, 22, 10, 0, 0, flows.LoadLocation("Asia/Shanghai"))
	h.say("李老师", "1、窗帘杆掉了 2、插座冒烟有焦味 3、水龙头漏水")
	// The reader takes 操场边的小卖部 as a place at once (a place it cannot
	// tell is asked again once first: flows/repair/testdata/free_place.txt).
	wantContains(t, h.say("李老师", "操场边的小卖部"), "共 3 项", "1. 操场边的小卖部：", "紧急", "安全提示：")
	wantContains(t, h.say("李老师", "1"), "已提交 3 项报修", "（紧急）")

	type row struct {
		Ref, Trade, Tier, Place, Room, Worker string
		Active                                bool
	}
	var rows []row
	if err := h.db.SQL().Select(&rows, `
		SELECT r.ref, r.trade, r.tier, r.place_text AS place, l.room, coalesce(w.name, '') AS worker, l.active
		FROM repairs r JOIN locations l ON l.id = r.location_id LEFT JOIN staff w ON w.id = r.worker_id
		WHERE r.school_id = $1 ORDER BY r.id`, h.s.ID); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 {
		t.Fatalf("%d repairs, want 3: %+v", len(rows), rows)
	}
	for i, want := range []row{
		{Trade: "general", Tier: "small", Worker: "陈主任"},
		{Trade: "electrical", Tier: "urgent", Worker: "孙师傅"},
		{Trade: "plumbing", Tier: "small", Worker: "周师傅"},
	} {
		got := rows[i]
		if got.Trade != want.Trade || got.Tier != want.Tier || got.Worker != want.Worker ||
			got.Place != "操场边的小卖部" || got.Room != repair.OtherRoom || got.Active {
			t.Errorf("repair %d = %+v, want %s/%s to %s at 其他地点 (inactive) as 操场边的小卖部", i+1, got, want.Trade, want.Tier, want.Worker)
		}
	}
	var large bool
	if err := h.db.SQL().Get(&large, `SELECT large FROM repairs WHERE ref = $1`, rows[1].Ref); err != nil || large {
		t.Errorf("the urgent repair's computed large = %v, %v; want false", large, err)
	}
	urgent := h.onlyRepairByRef(rows[1].Ref)
	if want := h.now.Add(2 * time.Hour); !urgent.DueAt.Equal(want) {
		t.Errorf("urgent due %s, want %s (2 hours, at night too)", urgent.DueAt, want)
	}
	got := h.deliver()
	for _, who := range []string{"刘副校长", "陈主任"} {
		if k := kinds(got[who]); !strings.Contains(k, repair.NoticeUrgent) {
			t.Errorf("%s was told %s, want the urgent alert at once", who, k)
		}
	}
	if n := strings.Count(kinds(got["陈主任"]), repair.NoticePlace); n != 1 {
		t.Errorf("陈主任 asked %d times to add the place, want once", n)
	}

	// Reminders: one per half hour, however often the scheduler ticks.
	sch := &flows.Scheduler{Store: h.db, Now: h.clock, Jobs: repair.Module().Jobs}
	h.now = h.now.Add(30 * time.Minute)
	sch.Tick(ctx)
	sch.Tick(ctx)
	h.now = h.now.Add(10 * time.Minute)
	sch.Tick(ctx)
	got = h.deliver()
	if k := kinds(got["孙师傅"]); k != repair.NoticeReminder {
		t.Errorf("孙师傅 reminded %q, want one reminder", k)
	}
	if k := kinds(got["陈主任"]); k != repair.NoticeReminder {
		t.Errorf("陈主任 told %q while nobody took the urgent job, want one reminder", k)
	}

	// 加入地点表: once, typed, and the written name confirmed (p20lead);
	// all three move to the new place.
	wantContains(t, h.say("陈主任", "加入地点表 "+itoa(urgent.ID)), "报修时写的地点是「操场边的小卖部」")
	wantContains(t, h.say("陈主任", "确认"), "已把「操场边的小卖部」加入地点表")
	if n := h.count(`SELECT count(*) FROM repairs r JOIN locations l ON l.id = r.location_id
		WHERE r.school_id = $1 AND l.room = '操场边的小卖部' AND l.active AND r.place_text = ''`, h.s.ID); n != 3 {
		t.Errorf("%d repairs at the added place, want all 3", n)
	}

	// A merged report split off: the worker of the job heard of it, and
	// 「不是同一个问题」 makes its own job, the follower gone.
	h.now = h.now.Add(time.Hour)
	h.say("王老师", "303教室灯不亮")
	h.say("王老师", "1")
	h.deliver()
	h.say("李老师", "303教室日光灯不亮")
	wantContains(t, h.say("李老师", "1"), "已把你的报修合并进去", "不是同一个问题")
	if k := kinds(h.deliver()["孙师傅"]); k != repair.NoticeUpdate {
		t.Errorf("孙师傅 told %q of the merged report, want an update", k)
	}
	light := h.onlyRepair()
	wantContains(t, h.say("李老师", "不是同一个问题 "+itoa(light.ID)), "单独派单")
	if n := h.count(`SELECT count(*) FROM repair_followers WHERE repair_id = $1`, light.ID); n != 0 {
		t.Errorf("%d followers left on %s after the split, want 0", n, light.Ref)
	}
	split := h.onlyRepair()
	if split.ID == light.ID || split.Description != "日光灯不亮" || split.ReporterID != h.s.Staff["李老师"].ID {
		t.Errorf("split off as %+v", split)
	}
	if n := h.count(`SELECT count(*) FROM repair_events WHERE repair_id = $1 AND kind IN ('merged', 'split')`, light.ID); n != 2 {
		t.Errorf("%d merged/split events on %s, want 2", n, light.Ref)
	}
}

func (h *harness) onlyRepairByRef(ref string) repair.Repair {
	h.t.Helper()
	r, err := h.db.RepairByRef(ctx, h.s.ID, ref)
	if err != nil {
		h.t.Fatal(err)
	}
	return r
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
