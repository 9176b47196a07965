package store_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store/storetest"
)

// The digest numbers of the hand-checked fixture (see storetest.DigestRepairs).
func TestRepairDigestHandChecked(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	storetest.DigestRepairs(t, db, s)
	d, err := digest.BuildDigest(ctx, db, s.School, storetest.DigestDay, storetest.DigestAsOf, true)
	if err != nil {
		t.Fatal(err)
	}
	r := d.Repairs
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"reported", r.Reported, 6}, {"completed", r.Completed, 4}, {"open", r.Open, 4},
		{"small due", r.SmallDue, 4}, {"small on time", r.SmallOnTime, 2},
		{"large due", r.LargeDue, 1}, {"large on time", r.LargeOnTime, 1},
		{"overdue", len(r.Overdue), 2}, {"escalated", len(r.Escalated), 1}, {"reopens", r.Reopens, 1},
		{"rated", r.Rated, 2}, {"fix samples", r.FixSamples, 4},
	} {
		if c.got != c.want {
			t.Errorf("%s = %d, want %d", c.name, c.got, c.want)
		}
	}
	if got := digest.Pct(r.SmallOnTime, r.SmallDue); got != 50 {
		t.Errorf("same-night compliance = %d%%, want 50%%", got)
	}
	if r.RatingAvg != 4 {
		t.Errorf("rating = %v, want 4", r.RatingAvg)
	}
	if r.MedianFix != 18*time.Hour {
		t.Errorf("median fix = %v, want 18h", r.MedianFix)
	}
	if len(r.Overdue) == 2 {
		// How late is measured at the end of the day, not when the digest
		// is read the next morning: the figure never changes afterwards.
		if r.Overdue[0].Ref != "BX-20261117-001" || r.Overdue[0].Late != 75*time.Hour || r.Overdue[0].Worker != "马师傅" {
			t.Errorf("first overdue = %+v, want BX-20261117-001 by 马师傅, 75h late", r.Overdue[0])
		}
		if r.Overdue[1].Ref != "BX-20261120-003" || r.Overdue[1].Late != 3*time.Hour || r.Overdue[1].Location != "教学楼303" || r.Overdue[1].Item != "门锁" {
			t.Errorf("second overdue = %+v, want BX-20261120-003 教学楼303 门锁, 3h late", r.Overdue[1])
		}
	}
	if len(r.Escalated) == 1 && (r.Escalated[0].Ref != "BX-20261120-005" || r.Escalated[0].Reason != "需要采购：投影仪灯泡") {
		t.Errorf("escalated = %+v", r.Escalated[0])
	}
	want := []digest.WorkerLoad{{Name: "孙师傅", Completed: 2, Open: 1, Overdue: 0}, {Name: "王师傅", Completed: 1, Open: 1, Overdue: 1}, {Name: "周师傅", Completed: 1, Open: 1, Overdue: 0}, {Name: "马师傅", Completed: 0, Open: 1, Overdue: 1}}
	if !reflect.DeepEqual(r.Workers, want) {
		t.Errorf("workers:\n got %+v\nwant %+v", r.Workers, want)
	}
	if len(d.Series) != digest.SeriesDays {
		t.Fatalf("series has %d days, want %d", len(d.Series), digest.SeriesDays)
	}
	last, first := d.Series[len(d.Series)-1], d.Series[len(d.Series)-4]
	if !last.Day.Equal(storetest.DigestDay) || last.Opened != 6 || last.Finished != 4 || last.SmallDue != 4 || last.SmallOnTime != 2 {
		t.Errorf("series day 20 = %+v", last)
	}
	if first.Day.Day() != 17 || first.Opened != 1 || first.SmallDue != 1 || first.SmallOnTime != 0 {
		t.Errorf("series day 17 = %+v", first)
	}
}

// A repair finished exactly at its due time is on time; a minute later is not.
func TestComplianceEdgeAtDueTime(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	day := storetest.DigestDay
	due := day.Add(21 * time.Hour)
	for i, done := range []time.Time{due, due.Add(time.Minute), due.Add(-time.Second)} {
		storetest.AddRepair(t, db, s, storetest.RepairSeed{Ref: "E" + string(rune('1'+i)), Loc: "302", Reporter: "李老师", Worker: "王师傅",
			Desc: "测试", Status: repair.RepairDone, Reported: day.Add(8 * time.Hour), Due: due, Done: done,
			Events: []repair.RepairEvent{{Kind: repair.EventDone, At: done}}})
	}
	r, err := db.RepairDigest(ctx, s.ID, day, day.AddDate(0, 0, 1), storetest.DigestAsOf)
	if err != nil {
		t.Fatal(err)
	}
	if r.SmallDue != 3 || r.SmallOnTime != 2 {
		t.Errorf("small on time = %d/%d, want 2/3 (exactly at due counts)", r.SmallOnTime, r.SmallDue)
	}
	// Asked at 20:00 the same day, nothing is due yet, so nothing is judged.
	r, err = db.RepairDigest(ctx, s.ID, day, day.AddDate(0, 0, 1), day.Add(20*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if r.SmallDue != 0 {
		t.Errorf("before the due time: small due = %d, want 0", r.SmallDue)
	}
}

// A 完成 the worker took back (撤回) the same day finished nothing: the
// day's completed count and its series point leave it out.
func TestUndoneCompletionNotCounted(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	day := storetest.DigestDay
	at := day.Add(10 * time.Hour)
	storetest.AddRepair(t, db, s, storetest.RepairSeed{Ref: "U1", Loc: "302", Reporter: "李老师", Worker: "王师傅",
		Desc: "门锁坏了", Status: repair.RepairDone, Reported: day.Add(8 * time.Hour), Due: day.Add(21 * time.Hour), Done: at,
		Events: []repair.RepairEvent{{Kind: repair.EventDone, At: at}}})
	storetest.AddRepair(t, db, s, storetest.RepairSeed{Ref: "U2", Loc: "302", Reporter: "李老师", Worker: "王师傅",
		Desc: "窗户关不上", Status: repair.RepairAccepted, Reported: day.Add(8 * time.Hour), Due: day.Add(21 * time.Hour),
		Events: []repair.RepairEvent{{Kind: repair.EventDone, At: at}, {Kind: repair.EventUndone, At: at.Add(5 * time.Minute)}}})
	r, err := db.RepairDigest(ctx, s.ID, day, day.AddDate(0, 0, 1), storetest.DigestAsOf)
	if err != nil {
		t.Fatal(err)
	}
	if r.Completed != 1 {
		t.Errorf("completed = %d, want 1 (the undone one left out)", r.Completed)
	}
	d, err := digest.BuildDigest(ctx, db, s.School, day, storetest.DigestAsOf, true)
	if err != nil {
		t.Fatal(err)
	}
	if last := d.Series[len(d.Series)-1]; last.Finished != 1 {
		t.Errorf("series finished = %d, want 1", last.Finished)
	}
}

// A 没修好 its reporter took back at once (repair's undo.go) sent nothing
// back: the day's reopens leave it out, and count a later one.
func TestUndoneReopenNotCounted(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	day := storetest.DigestDay
	at := day.Add(10 * time.Hour)
	storetest.AddRepair(t, db, s, storetest.RepairSeed{Ref: "R1", Loc: "302", Reporter: "李老师", Worker: "王师傅",
		Desc: "门锁坏了", Status: repair.RepairAssigned, Reported: day.Add(8 * time.Hour), Due: day.Add(21 * time.Hour),
		Events: []repair.RepairEvent{{Kind: repair.EventDone, At: at}, {Kind: repair.EventReopened, At: at.Add(time.Minute)},
			{Kind: repair.EventRedoUndone, At: at.Add(2 * time.Minute)}, {Kind: repair.EventReopened, At: at.Add(time.Hour)}}})
	r, err := db.RepairDigest(ctx, s.ID, day, day.AddDate(0, 0, 1), storetest.DigestAsOf)
	if err != nil {
		t.Fatal(err)
	}
	if r.Reopens != 1 {
		t.Errorf("reopens = %d, want 1 (the one taken back left out)", r.Reopens)
	}
}

func TestCanteenDigest(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	storetest.DigestCanteen(t, db, s)
	d, err := digest.BuildDigest(ctx, db, s.School, storetest.DigestDay, storetest.DigestAsOf, true)
	if err != nil {
		t.Fatal(err)
	}
	want := &digest.CanteenDigest{Meals: []digest.MealCheck{
		{Meal: flows.MealBreakfast, Sampled: true, Accompanied: true},
		{Meal: flows.MealLunch, Sampled: false, Accompanied: true},
		{Meal: flows.MealDinner, Sampled: true, Accompanied: false},
	}, Violations: 1, DisposalsDue: 1}
	if !reflect.DeepEqual(d.Canteen, want) {
		t.Errorf("canteen:\n got %+v\nwant %+v", d.Canteen, want)
	}
	if got := strings.Join(d.Attention(), "，"); got != "午餐未留样，晚餐无陪餐记录，1 份留样不合规" {
		t.Errorf("attention = %q", got)
	}
	last, before := d.Series[len(d.Series)-1], d.Series[len(d.Series)-2]
	if last.Meals != 3 || last.MealsComplete != 1 || before.Meals != 1 || before.MealsComplete != 0 {
		t.Errorf("series: day 20 %d/%d meals complete, day 19 %d/%d; want 1/3 and 0/1", last.MealsComplete, last.Meals, before.MealsComplete, before.Meals)
	}
}

// A sample thrown away before its 48 hours, told on the digest's day, is
// counted and named in what needs attention; one thrown away early on
// another day is not.
func TestCanteenDigestEarlyDisposal(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	storetest.DigestCanteen(t, db, s)
	day := storetest.DigestDay
	cook := s.Staff["钱阿姨"].ID
	// The breakfast batch (stored 07:30, due 48 hours later), thrown away
	// at 19:00; yesterday's lunch, thrown away early the day before.
	for _, b := range []struct {
		meal string
		at   time.Time
	}{{"breakfast", day.Add(19 * time.Hour)}, {"lunch", day.Add(-time.Hour)}} {
		if _, err := db.SQL().ExecContext(ctx, `UPDATE sample_batches SET disposed_at = $3, disposed_by = $4, disposed_early = true
			WHERE school_id = $1 AND meal = $2`, s.ID, b.meal, b.at, cook); err != nil {
			t.Fatal(err)
		}
	}
	d, err := digest.BuildDigest(ctx, db, s.School, day, storetest.DigestAsOf, true)
	if err != nil {
		t.Fatal(err)
	}
	if d.Canteen.DisposedEarly != 1 {
		t.Errorf("disposed early = %d, want 1 (the day's only)", d.Canteen.DisposedEarly)
	}
	if got := strings.Join(d.Attention(), "，"); !strings.Contains(got, "1 份留样未满 48 小时就处理了") {
		t.Errorf("attention = %q, want the early disposal named", got)
	}
}

func TestGateDigest(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	storetest.DigestVisits(t, db, s)
	d, err := digest.BuildDigest(ctx, db, s.School, storetest.DigestDay, storetest.DigestAsOf, true)
	if err != nil {
		t.Fatal(err)
	}
	want := &digest.GateDigest{VisitorsIn: 4, StillInside: 1, HostRefusals: 1, KeptAtGate: 2, WatchHits: 1}
	if !reflect.DeepEqual(d.Gate, want) {
		t.Errorf("gate = %+v, want %+v", d.Gate, want)
	}
	if last := d.Series[len(d.Series)-1]; last.Visitors != 4 {
		t.Errorf("visitors on the chart's last day = %d, want 4", last.Visitors)
	}
}

// Urgent repairs are counted apart from small and large ones (00014's
// tier), and marked in the overdue list.
func TestRepairDigestCountsUrgentApart(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	d := storetest.DigestDay
	at := func(h, m int) time.Time { return d.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	storetest.AddRepair(t, db, s, storetest.RepairSeed{Ref: "BX-20261120-001", Loc: "302", Reporter: "李老师", Worker: "孙师傅",
		Item: "插座", Desc: "插座冒烟", Urgent: true, Status: repair.RepairDone, Reported: at(8, 0), Due: at(10, 0), Done: at(9, 0),
		Cause: repair.CauseWear, Events: []repair.RepairEvent{{Kind: repair.EventDone, At: at(9, 0)}}})
	storetest.AddRepair(t, db, s, storetest.RepairSeed{Ref: "BX-20261120-002", Loc: "303", Reporter: "王老师", Worker: "王师傅",
		Item: "玻璃", Desc: "玻璃碎了挂在窗框上", Urgent: true, Status: repair.RepairAccepted, Reported: at(10, 0), Due: at(12, 0)})
	dg, err := digest.BuildDigest(ctx, db, s.School, d, storetest.DigestAsOf, false)
	if err != nil {
		t.Fatal(err)
	}
	r := dg.Repairs
	if r.UrgentDue != 2 || r.UrgentOnTime != 1 || r.SmallDue != 0 || r.LargeDue != 0 {
		t.Errorf("urgent %d/%d, small due %d, large due %d; want urgent 1/2 and no small or large", r.UrgentOnTime, r.UrgentDue, r.SmallDue, r.LargeDue)
	}
	if len(r.Overdue) != 1 || r.Overdue[0].Ref != "BX-20261120-002" || !r.Overdue[0].Urgent {
		t.Errorf("overdue = %+v, want BX-20261120-002 marked urgent", r.Overdue)
	}
}
