package digest_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/flows/flowtest"
	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/flows/repair"
)

// world is one transaction of the digest's transcripts.
type world struct {
	*flowtest.Core
	*fakeDigest
}

var shanghai = flows.LoadLocation("Asia/Shanghai")

// link is the digest page's link, as cmd/houqin makes it (unsigned here).
func link(s flows.School, day time.Time) string {
	return "https://houqin.example/digest/" + s.Name + "/" + day.Format(time.DateOnly)
}

// newWorld is the seeded school 一中, plus 赵书记 who is both principal and
// 分管领导 (and so gets one digest, not two), with the digest module and
// three days of figures:
//
//   - Thursday 11-19, a bad day: four overdue repairs (one waiting for a
//     leader), a repair sent back, visitors still inside at closing time
//     and a watch-list match, lunch not sampled, dinner without 陪餐, a
//     violation and two disposals due;
//   - Friday 11-20, nothing at all;
//   - Saturday 11-21, two repairs reported and one done, no meals served;
//   - Sunday 11-22, a repair filed and marked done within the same minute
//     (the median time to fix the store returns, rounded to the minute, is 0).
func newWorld(t *testing.T) (*flowtest.World, *fakeDigest) {
	c := flowtest.NewCore()
	s := flowtest.Seed(c)
	zhao := c.AddStaff(flows.Staff{SchoolID: s.ID, Name: "赵书记", Roles: []flows.Role{flows.RolePrincipal, flows.RoleLeader}})
	c.Bind(flows.ChannelConsole, zhao.Name, zhao)
	f := newFakeDigest()
	asOf := time.Date(2026, 11, 20, 7, 0, 0, 0, shanghai)
	due := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, shanghai) }
	overdue := func(ref, place, item, worker string, st repair.RepairStatus, dueAt time.Time, reason string) digest.OverdueRepair {
		return digest.OverdueRepair{Ref: ref, Location: place, Item: item, Worker: worker, Status: st, DueAt: dueAt, Late: asOf.Sub(dueAt), Reason: reason}
	}
	blocked := overdue("R-0003", "实验楼二楼男厕所", "水管", "周师傅", repair.RepairBlocked, due(18, 21, 0), "需要换整段水管，要采购")
	f.days["2026-11-19"] = day{
		repairs: digest.RepairDigest{
			Reported: 5, Completed: 3, Open: 6, SmallDue: 4, SmallOnTime: 3, LargeDue: 1, LargeOnTime: 0,
			Overdue: []digest.OverdueRepair{
				overdue("R-0001", "教学楼302", "窗户", "王师傅", repair.RepairAccepted, due(17, 21, 0), ""),
				blocked,
				overdue("R-0007", "教学楼303", "灯", "孙师傅", repair.RepairAssigned, due(19, 21, 0), ""),
				overdue("R-0009", "教学楼302", "投影仪不亮", "", repair.RepairAssigned, due(20, 6, 15), ""),
			},
			Escalated: []digest.OverdueRepair{blocked},
			Reopens:   1, Rated: 2, RatingAvg: 4.5, MedianFix: 2*time.Hour + 30*time.Minute, FixSamples: 3,
		},
		gate: &digest.GateDigest{VisitorsIn: 7, StillInside: 1, HostRefusals: 1, KeptAtGate: 3, WatchHits: 1},
		canteen: &digest.CanteenDigest{Meals: []digest.MealCheck{
			{Meal: flows.MealBreakfast, Sampled: true, Accompanied: true},
			{Meal: flows.MealLunch, Sampled: false, Accompanied: true},
			{Meal: flows.MealDinner, Sampled: true, Accompanied: false},
		}, Violations: 1, DisposalsDue: 2},
	}
	f.days["2026-11-21"] = day{repairs: digest.RepairDigest{Reported: 2, Completed: 1, Open: 1, SmallDue: 1, SmallOnTime: 1, FixSamples: 1, MedianFix: 40 * time.Minute}}
	f.days["2026-11-22"] = day{repairs: digest.RepairDigest{Reported: 1, Completed: 1, Rated: 1, RatingAvg: 5, FixSamples: 1}}
	for d, p := range map[int]digest.DayPoint{18: {Opened: 3, Finished: 2, SmallDue: 2, SmallOnTime: 2, Visitors: 4, Meals: 3, MealsComplete: 3},
		19: {Opened: 5, Finished: 3, SmallDue: 4, SmallOnTime: 3, Visitors: 7, Meals: 3, MealsComplete: 1},
		20: {Opened: 1, Visitors: 2, Meals: 1, MealsComplete: 1}} {
		p.Day = time.Date(2026, 11, d, 0, 0, 0, 0, shanghai)
		f.series = append(f.series, p)
	}
	slices.SortFunc(f.series, func(a, b digest.DayPoint) int { return a.Day.Compare(b.Day) })
	// Tuesday 11-24 (user test 26): four hazards found, a 紧急 one (a
	// student hurt) closed by the morning's end, a 较大 one closed, a 一般
	// one sent back once and fixed again, re-checked only the next
	// morning, and a 重大 one still open.
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, shanghai) }
	f.hazards = []inspection.Hazard{
		{Ref: "YH-20261124-001", Place: "校门（大门）", Description: "台阶结冰 路滑 学生摔了", Level: inspection.LevelUrgent,
			Status: inspection.HazardClosed, FoundAt: at(24, 7, 40), DueAt: at(24, 9, 40), FixedAt: at(24, 8, 30), RecheckedAt: at(24, 9, 0)},
		{Ref: "YH-20261124-002", Place: "食堂后门", Description: "消防通道堆了煤和菜筐", Level: inspection.LevelMajor,
			Status: inspection.HazardClosed, FoundAt: at(24, 10, 0), DueAt: at(24, 21, 0), FixedAt: at(24, 11, 0), RecheckedAt: at(24, 11, 30)},
		{Ref: "YH-20261124-003", Place: "初一办公室", Description: "小太阳电暖器离窗帘太近", Level: inspection.LevelGeneral,
			Status: inspection.HazardClosed, FoundAt: at(24, 10, 30), DueAt: at(25, 21, 0), FixedAt: at(24, 15, 0), RecheckedAt: at(25, 8, 0), Reopens: 1},
		{Ref: "YH-20261124-004", Place: "实验楼一楼", Description: "配电箱门坏了 电线裸露", Level: inspection.LevelSerious,
			Status: inspection.HazardOpen, FoundAt: at(24, 16, 0), DueAt: at(24, 21, 0)},
	}
	w := &flowtest.World{Core: c, Store: &flowtest.Store{Tx: world{c, f}}, Modules: []flows.Module{digest.Module(link, nil)}}
	return w, f
}

// The morning digest as golden transcripts (testdata/*.txt).
func TestTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/*.txt", func(t *testing.T) *flowtest.World { w, _ := newWorld(t); return w })
}

// After the morning's sends every later tick of the day is a few claim
// lookups: the digest is computed only while someone still needs it.
func TestDigestComputedOnlyWhileSomeoneNeedsIt(t *testing.T) {
	w, f := newWorld(t)
	flowtest.Play(t, w, "at 2026-11-21 07:00\ntick\nat 07:01\ntick\nat 12:00\ntick")
	if f.Builds != 1 {
		t.Errorf("digest computed %d times in a morning, want 1", f.Builds)
	}
}

// SendDigest (houqin digest --send) queues the digest to everyone now and
// takes the day's claims, so the scheduler does not send it again; a
// second --send is deliberate and sends again.
func TestSendDigest(t *testing.T) {
	w, f := newWorld(t)
	tx := world{w.Core, f}
	s := w.Core.Schools[0]
	now := time.Date(2026, 11, 21, 6, 30, 0, 0, shanghai)
	d, err := digest.BuildDigest(context.Background(), tx, s, now.AddDate(0, 0, -1), now, false)
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		n, err := digest.SendDigest(context.Background(), tx, d, link, now)
		if err != nil || n != 4 {
			t.Fatalf("SendDigest = %d, %v; want 4 recipients", n, err)
		}
	}
	if got := len(w.Core.Outbox); got != 8 {
		t.Fatalf("%d notifications after two sends, want 8", got)
	}
	flowtest.Play(t, w, "at 2026-11-21 07:00\ntick")
	if got := len(w.Core.Outbox); got != 8 {
		t.Errorf("%d notifications after the 07:00 tick, want still 8: the scheduler sent the day's digest again", got)
	}
	for _, q := range w.Core.Outbox {
		if q.Kind != digest.Kind || q.Link != link(s, d.Day) || q.Text != "【一中 11月20日（周五）后勤日报】一切正常" {
			t.Errorf("queued %+v", q)
		}
	}
}
