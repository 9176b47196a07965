// Package repairtest holds the contract every repair.Store keeps: the
// behaviour flows/repair relies on, stated once and run against both the
// PostgreSQL store (store/repair_test.go) and the in-memory fake the
// transcripts use (flows/repair), so that the fake stays faithful.
package repairtest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
)

// World is a store under test, seeded with the school of storetest.Seed
// and flowtest.Seed: its people, the rooms 302, 303 and toilet (实验楼
// 二楼男厕所), and the school-wide routes 木工 → 王师傅, 电工 → 孙师傅,
// 水暖 → 周师傅 at priority 1; no duty roster, no repairs.
type World struct {
	// Do runs fn in one transaction, committing when it returns nil.
	Do       func(fn func(repair.Store) error) error
	School   int64
	Staff    func(name string) int64
	Location func(key string) int64 // "302", "303" or "toilet"
}

// base is the contract's first moment: Friday 2026-11-20 08:00 in Shanghai.
var base = time.Date(2026, 11, 20, 8, 0, 0, 0, flows.LoadLocation("Asia/Shanghai"))

// Contract checks w against what flows/repair relies on: references
// numbered per school and day, repairs read back with their names,
// updates that keep to the state machine, the open repair at a place,
// followers, route candidates with their load, the repairs of a person
// (unclosed first by due time, closed ones for a while) and the repairs
// the scheduler acts on.
func Contract(t *testing.T, w World) {
	t.Helper()
	ctx := context.Background()
	do := func(fn func(s repair.Store) error) {
		t.Helper()
		if err := w.Do(fn); err != nil {
			t.Fatal(err)
		}
	}
	at := func(d time.Duration) time.Time { return base.Add(d) }

	var refs []string
	do(func(s repair.Store) error {
		for _, day := range []time.Time{base, base, base.AddDate(0, 0, 1)} {
			ref, err := s.NextRepairRef(ctx, w.School, day)
			if err != nil {
				return err
			}
			refs = append(refs, ref)
		}
		return nil
	})
	if want := []string{"BX-20261120-001", "BX-20261120-002", "BX-20261121-001"}; !slices.Equal(refs, want) {
		t.Errorf("NextRepairRef: %v, want %v", refs, want)
	}

	create := func(ref, loc, reporter, worker string, trade flows.Trade, due time.Time) repair.Repair {
		t.Helper()
		r := repair.Repair{SchoolID: w.School, Ref: ref, ReporterID: w.Staff(reporter), LocationID: w.Location(loc), Trade: trade,
			Item: "物件", Description: "坏了", Photo: "photo-" + ref, Status: repair.RepairAssigned, WorkerID: w.Staff(worker),
			RouteReason: "路由表", ReportedAt: base, DueAt: due}
		do(func(s repair.Store) error {
			return s.CreateRepair(ctx, &r, repair.RepairEvent{At: base, ActorID: r.ReporterID, Kind: repair.EventReported, To: r.Status})
		})
		if r.ID == 0 {
			t.Fatalf("CreateRepair %s: no id", ref)
		}
		return r
	}
	r1 := create(refs[0], "302", "李老师", "王师傅", flows.TradeCarpentry, at(13*time.Hour))
	r2 := create(refs[1], "303", "李老师", "孙师傅", flows.TradeElectrical, at(2*time.Hour))
	r3 := create(refs[2], "toilet", "王老师", "周师傅", flows.TradePlumbing, at(13*time.Hour))
	r4 := create("BX-20261120-009", "303", "王老师", "马师傅", flows.TradeCarpentry, at(13*time.Hour))

	load := func(id int64) repair.Repair {
		t.Helper()
		var r repair.Repair
		do(func(s repair.Store) (err error) { r, err = s.Repair(ctx, id); return err })
		return r
	}
	got := load(r1.ID)
	if got.Ref != r1.Ref || got.SchoolID != w.School || got.ReporterID != r1.ReporterID || got.LocationID != r1.LocationID ||
		got.Trade != r1.Trade || got.Item != r1.Item || got.Description != r1.Description || got.Photo != r1.Photo ||
		got.Status != repair.RepairAssigned || got.WorkerID != r1.WorkerID || got.RouteReason != r1.RouteReason ||
		!got.ReportedAt.Equal(base) || !got.DueAt.Equal(r1.DueAt) || !got.AcceptedAt.IsZero() {
		t.Errorf("Repair(%d) = %+v, want what was created: %+v", r1.ID, got, r1)
	}
	if got.LocationName != "教学楼302" || got.ReporterName != "李老师" || got.WorkerName != "王师傅" {
		t.Errorf("Repair(%d) names: %q %q %q, want 教学楼302 李老师 王师傅", r1.ID, got.LocationName, got.ReporterName, got.WorkerName)
	}
	if err := w.Do(func(s repair.Store) error { _, err := s.Repair(ctx, r4.ID+1000); return err }); !errors.Is(err, flows.ErrNotFound) {
		t.Errorf("Repair(unknown): %v, want ErrNotFound", err)
	}

	// update moves repair id to status to, changing what change does, in a
	// transaction of its own (a refused update aborts it).
	update := func(id int64, to repair.RepairStatus, change func(*repair.Repair)) error {
		return w.Do(func(s repair.Store) error {
			r, err := s.Repair(ctx, id)
			if err != nil {
				return err
			}
			from := r.Status
			r.Status = to
			if change != nil {
				change(&r)
			}
			return s.UpdateRepair(ctx, r, repair.RepairEvent{At: base, Kind: repair.EventAccepted, From: from, To: to})
		})
	}
	mustUpdate := func(id int64, to repair.RepairStatus, change func(*repair.Repair)) {
		t.Helper()
		if err := update(id, to, change); err != nil {
			t.Fatalf("repair %d → %s: %v", id, to, err)
		}
	}

	openAt := func(loc string) []int64 {
		t.Helper()
		var rs []repair.Repair
		do(func(s repair.Store) (err error) {
			rs, err = s.OpenRepairsAt(ctx, w.School, w.Location(loc))
			return err
		})
		return ids(rs)
	}
	if got, want := openAt("303"), []int64{r2.ID, r4.ID}; !slices.Equal(got, want) {
		t.Errorf("OpenRepairsAt(303) = %v, want %v (every trade, by id)", got, want)
	}
	if got := openAt("302"); !slices.Equal(got, []int64{r1.ID}) {
		t.Errorf("OpenRepairsAt(302) = %v, want [%d]", got, r1.ID)
	}
	do(func(s repair.Store) error {
		rs, err := s.OpenRepairsAt(ctx, w.School+1000, w.Location("302"))
		if err == nil && len(rs) != 0 {
			t.Errorf("OpenRepairsAt(another school) = %v, want none", ids(rs))
		}
		return err
	})
	// A FaultReader's faults are OpenRepairsAt's repairs, field for field.
	for _, at := range []struct {
		school int64
		loc    string
	}{{w.School, "303"}, {w.School, "302"}, {w.School, "toilet"}, {w.School + 1000, "302"}} {
		do(func(s repair.Store) error {
			fr, ok := s.(repair.FaultReader)
			if !ok {
				return nil
			}
			fs, err := fr.OpenFaultsAt(ctx, at.school, w.Location(at.loc))
			if err != nil {
				return err
			}
			rs, err := s.OpenRepairsAt(ctx, at.school, w.Location(at.loc))
			if err != nil {
				return err
			}
			want := make([]repair.Fault, len(rs))
			for i, r := range rs {
				want[i] = repair.Fault{ID: r.ID, Trade: r.Trade, Tier: r.Tier, Item: r.Item, Description: r.Description, PlaceText: r.PlaceText}
			}
			if !slices.Equal(fs, want) {
				t.Errorf("OpenFaultsAt(school %d, %s) = %+v, want OpenRepairsAt's %+v", at.school, at.loc, fs, want)
			}
			return nil
		})
	}

	do(func(s repair.Store) error {
		for _, f := range []struct {
			repair int64
			who    string
			at     time.Duration
		}{{r1.ID, "王老师", time.Minute}, {r1.ID, "张校长", 2 * time.Minute}, {r1.ID, "王老师", 3 * time.Minute}, {r4.ID + 1000, "王老师", 0}} {
			if err := s.AddFollower(ctx, f.repair, w.Staff(f.who), at(f.at), "报告"+f.who+f.at.String()); err != nil {
				return err
			}
		}
		return nil
	})
	do(func(s repair.Store) error {
		if got, err := s.FollowerReport(ctx, r1.ID, w.Staff("王老师")); err != nil || got != "报告王老师1m0s" {
			t.Errorf("FollowerReport(王老师) = %q, %v; want the first report kept", got, err)
		}
		if _, err := s.FollowerReport(ctx, r1.ID, w.Staff("李老师")); !errors.Is(err, flows.ErrNotFound) {
			t.Errorf("FollowerReport(not a follower): %v, want ErrNotFound", err)
		}
		return nil
	})
	var fs1, fs2 []int64
	do(func(s repair.Store) (err error) {
		if fs1, err = s.Followers(ctx, r1.ID); err != nil {
			return err
		}
		fs2, err = s.Followers(ctx, r2.ID)
		return err
	})
	if want := []int64{w.Staff("王老师"), w.Staff("张校长")}; !slices.Equal(fs1, want) || len(fs2) != 0 {
		t.Errorf("Followers: %v and %v, want %v and none", fs1, fs2, want)
	}

	// A follower split off is no longer told.
	do(func(s repair.Store) error {
		if err := s.AddFollower(ctx, r2.ID, w.Staff("王老师"), at(time.Minute), "插座打火"); err != nil {
			return err
		}
		if err := s.RemoveFollower(ctx, r2.ID, w.Staff("王老师")); err != nil {
			return err
		}
		if err := s.RemoveFollower(ctx, r2.ID, w.Staff("王老师")); err != nil {
			return err
		}
		fs, err := s.Followers(ctx, r2.ID)
		if err == nil && len(fs) != 0 {
			t.Errorf("Followers(r2) after RemoveFollower = %v, want none", fs)
		}
		return err
	})

	// r2 taken, r3 finished and signed off, r4 finished.
	mustUpdate(r2.ID, repair.RepairAccepted, func(r *repair.Repair) { r.AcceptedAt = at(10 * time.Minute) })
	mustUpdate(r3.ID, repair.RepairDone, func(r *repair.Repair) { r.DoneAt, r.Cause = at(time.Hour), repair.CauseWear })
	if err := update(r3.ID, repair.RepairAccepted, nil); !errors.Is(err, flows.ErrIllegalTransition) {
		t.Errorf("done → accepted: %v, want ErrIllegalTransition", err)
	}
	mustUpdate(r3.ID, repair.RepairClosed, func(r *repair.Repair) { r.ClosedAt = at(2 * time.Hour) })
	mustUpdate(r4.ID, repair.RepairDone, func(r *repair.Repair) { r.DoneAt = at(3 * time.Hour) })
	if err := w.Do(func(s repair.Store) error {
		return s.UpdateRepair(ctx, repair.Repair{ID: r4.ID + 1000, Status: repair.RepairAssigned}, repair.RepairEvent{At: base})
	}); !errors.Is(err, flows.ErrNotFound) {
		t.Errorf("UpdateRepair(unknown): %v, want ErrNotFound", err)
	}
	if got := load(r3.ID); got.Status != repair.RepairClosed || got.Cause != repair.CauseWear || !got.DoneAt.Equal(at(time.Hour)) || !got.ClosedAt.Equal(at(2*time.Hour)) {
		t.Errorf("Repair(%d) after done and closed: %+v", r3.ID, got)
	}
	if got := openAt("toilet"); len(got) != 0 {
		t.Errorf("OpenRepairsAt(toilet) after it was closed = %v, want none", got)
	}

	// What was finished lately at a place, for a report that says its fault
	// came back: done or signed off since the time asked, the latest first.
	finishedAt := func(loc string, since time.Time) []int64 {
		t.Helper()
		var rs []repair.Repair
		do(func(s repair.Store) (err error) {
			rr, ok := s.(repair.RecentReader)
			if !ok {
				t.Fatalf("%T does not implement repair.RecentReader", s)
			}
			rs, err = rr.FinishedRepairsAt(ctx, w.School, w.Location(loc), since)
			return err
		})
		return ids(rs)
	}
	if got := finishedAt("toilet", at(time.Hour)); !slices.Equal(got, []int64{r3.ID}) {
		t.Errorf("FinishedRepairsAt(toilet, its finish) = %v, want [%d] (signed off)", got, r3.ID)
	}
	if got := finishedAt("toilet", at(time.Hour+time.Second)); len(got) != 0 {
		t.Errorf("FinishedRepairsAt(toilet, after its finish) = %v, want none", got)
	}
	if got := finishedAt("303", base); !slices.Equal(got, []int64{r4.ID}) {
		t.Errorf("FinishedRepairsAt(303) = %v, want [%d] (done; r2 in hand is not finished)", got, r4.ID)
	}
	if got := finishedAt("302", base); len(got) != 0 {
		t.Errorf("FinishedRepairsAt(302) = %v, want none (nothing finished there)", got)
	}

	// A worker's load counts the jobs in hand, not one waiting for a leader.
	load1 := func(trade flows.Trade) []repair.RouteCandidate {
		t.Helper()
		var cs []repair.RouteCandidate
		do(func(s repair.Store) (err error) {
			cs, err = s.RouteCandidates(ctx, w.School, trade, "教学楼", base)
			return err
		})
		return cs
	}
	if cs := load1(flows.TradeCarpentry); len(cs) != 1 ||
		cs[0] != (repair.RouteCandidate{StaffID: w.Staff("王师傅"), Name: "王师傅", Priority: 1, OpenJobs: 1}) {
		t.Errorf("RouteCandidates(carpentry) = %+v, want 王师傅 with 1 job", cs)
	}
	mustUpdate(r2.ID, repair.RepairBlocked, nil)
	if cs := load1(flows.TradeElectrical); len(cs) != 1 || cs[0].StaffID != w.Staff("孙师傅") || cs[0].OpenJobs != 0 {
		t.Errorf("RouteCandidates(electrical) with its job blocked = %+v, want 孙师傅 with 0 jobs", cs)
	}
	mustUpdate(r2.ID, repair.RepairAccepted, nil)
	if cs := load1(flows.TradeAV); len(cs) != 0 {
		t.Errorf("RouteCandidates(av) = %+v, want none", cs)
	}

	// A worker away (请假) is no candidate while away; 销假 ends the
	// absence under way and keeps one not begun yet.
	var aways []repair.Away
	do(func(s repair.Store) error {
		as, ok := s.(repair.AwayStore)
		if !ok {
			t.Fatalf("%T does not implement repair.AwayStore", s)
		}
		if _, err := as.AddAway(ctx, w.School, w.Staff("孙师傅"), at(-time.Hour), at(time.Hour), "我今天病了，请个假"); err != nil {
			return err
		}
		if _, err := as.AddAway(ctx, w.School, w.Staff("孙师傅"), at(24*time.Hour), at(28*time.Hour), "明天上午请假"); err != nil {
			return err
		}
		var err error
		aways, err = as.Aways(ctx, w.School, base)
		return err
	})
	if len(aways) != 2 || aways[0].Name != "孙师傅" || aways[0].SchoolID != w.School || !aways[0].Ends.Equal(at(time.Hour)) || aways[1].Note != "明天上午请假" {
		t.Errorf("Aways = %+v, want 孙师傅's two, today's first", aways)
	}
	if cs := load1(flows.TradeElectrical); len(cs) != 0 {
		t.Errorf("RouteCandidates(electrical) with 孙师傅 away = %+v, want none", cs)
	}
	do(func(s repair.Store) error {
		as := s.(repair.AwayStore)
		n, err := as.EndAway(ctx, w.Staff("孙师傅"), base)
		if err == nil && n != 1 {
			t.Errorf("EndAway = %d, want 1", n)
		}
		if err == nil {
			aways, err = as.Aways(ctx, w.School, base)
		}
		return err
	})
	if len(aways) != 1 || !aways[0].Starts.Equal(at(24*time.Hour)) {
		t.Errorf("Aways after EndAway = %+v, want tomorrow's alone", aways)
	}
	if cs := load1(flows.TradeElectrical); len(cs) != 1 || cs[0].StaffID != w.Staff("孙师傅") {
		t.Errorf("RouteCandidates(electrical) after 销假 = %+v, want 孙师傅", cs)
	}

	of := func(who string, closedSince time.Time, limit int) []int64 {
		t.Helper()
		var rs []repair.Repair
		do(func(s repair.Store) (err error) {
			rs, err = s.RepairsOf(ctx, w.Staff(who), closedSince, limit)
			return err
		})
		return ids(rs)
	}
	for _, tt := range []struct {
		who   string
		since time.Time
		limit int
		want  []int64
	}{
		{"李老师", base, 10, []int64{r2.ID, r1.ID}},              // by due time
		{"王老师", base, 10, []int64{r1.ID, r4.ID, r3.ID}},       // follows r1; r4 done; r3 closed after since
		{"王老师", at(2 * time.Hour), 10, []int64{r1.ID, r4.ID}}, // r3 closed at since, not after
		{"王老师", base, 1, []int64{r1.ID}},                      // limit
		{"王师傅", base, 10, []int64{r1.ID}},                     // works on it
		{"周师傅", base.Add(-time.Hour), 10, []int64{r3.ID}},     // worked on it, closed since
		{"钱阿姨", base, 10, nil},                                // nothing
	} {
		if got := of(tt.who, tt.since, tt.limit); !slices.Equal(got, tt.want) {
			t.Errorf("RepairsOf(%s, %s, %d) = %v, want %v", tt.who, tt.since.Format("15:04"), tt.limit, got, tt.want)
		}
	}

	waiting := func(until, doneBefore time.Time) []int64 {
		t.Helper()
		var rs []repair.Repair
		do(func(s repair.Store) (err error) {
			rs, err = s.RepairsWaiting(ctx, w.School, until, doneBefore)
			return err
		})
		return ids(rs)
	}
	if got, want := waiting(at(2*time.Hour), at(3*time.Hour)), []int64{r2.ID, r4.ID}; !slices.Equal(got, want) {
		t.Errorf("RepairsWaiting(10:00, 11:00) = %v, want %v (due by then, done by then)", got, want)
	}
	if got := waiting(at(2*time.Hour-time.Minute), at(3*time.Hour-time.Minute)); len(got) != 0 {
		t.Errorf("RepairsWaiting(09:59, 10:59) = %v, want none", got)
	}
	if got, want := waiting(at(13*time.Hour), at(3*time.Hour)), []int64{r1.ID, r2.ID, r4.ID}; !slices.Equal(got, want) {
		t.Errorf("RepairsWaiting(21:00, 11:00) = %v, want %v", got, want)
	}

	// Leaders decide about the blocked and the late ones, by due time.
	awaiting := func(now time.Time) []int64 {
		t.Helper()
		var rs []repair.Repair
		do(func(s repair.Store) (err error) {
			rs, err = s.RepairsAwaitingDecision(ctx, w.School, now, 10)
			return err
		})
		return ids(rs)
	}
	if got := awaiting(at(time.Hour)); len(got) != 0 {
		t.Errorf("RepairsAwaitingDecision(09:00) = %v, want none", got)
	}
	if got, want := awaiting(at(2*time.Hour+time.Minute)), []int64{r2.ID}; !slices.Equal(got, want) {
		t.Errorf("RepairsAwaitingDecision(10:01) = %v, want %v (r2 late)", got, want)
	}
	mustUpdate(r1.ID, repair.RepairBlocked, nil)
	if got, want := awaiting(at(2*time.Hour+time.Minute)), []int64{r2.ID, r1.ID}; !slices.Equal(got, want) {
		t.Errorf("RepairsAwaitingDecision(10:01) with r1 blocked = %v, want %v", got, want)
	}
	do(func(s repair.Store) error {
		rs, err := s.RepairsAwaitingDecision(ctx, w.School+1000, at(24*time.Hour), 10)
		if err == nil && len(rs) != 0 {
			t.Errorf("RepairsAwaitingDecision(another school) = %v, want none", ids(rs))
		}
		return err
	})
	// A leader may defer an open repair that is not blocked (暂缓 of a late one).
	mustUpdate(r2.ID, repair.RepairDeferred, func(r *repair.Repair) { r.DueAt = at(48 * time.Hour) })

	// An urgent repair at a place not in the table: its tier and place
	// kept, filed under the school's 其他地点, which is found again, not
	// made twice, and never offered as a place.
	var other, dorm repair.Repair
	do(func(s repair.Store) error {
		loc, err := s.OtherLocation(ctx, w.School, "")
		if err != nil {
			return err
		}
		again, err := s.OtherLocation(ctx, w.School, "")
		if err != nil {
			return err
		}
		inDorm, err := s.OtherLocation(ctx, w.School, "宿舍楼")
		if err != nil {
			return err
		}
		if loc.ID == 0 || again.ID != loc.ID || inDorm.ID == loc.ID || loc.Room != repair.OtherRoom || loc.Active || inDorm.Building != "宿舍楼" {
			t.Errorf("OtherLocation: %+v, again %+v, in 宿舍楼 %+v", loc, again, inDorm)
		}
		other = repair.Repair{SchoolID: w.School, Ref: "BX-20261120-010", ReporterID: w.Staff("李老师"), LocationID: loc.ID, Trade: flows.TradeBuilding,
			Description: "围栏松动要倒了", Tier: repair.TierUrgent, PlaceText: "操场东边的围栏", Status: repair.RepairAssigned,
			WorkerID: w.Staff("王师傅"), ReportedAt: base, DueAt: at(2 * time.Hour)}
		if err := s.CreateRepair(ctx, &other, repair.RepairEvent{At: base, Kind: repair.EventReported, To: repair.RepairAssigned}); err != nil {
			return err
		}
		dorm = repair.Repair{SchoolID: w.School, Ref: "BX-20261120-011", ReporterID: w.Staff("李老师"), LocationID: inDorm.ID, Trade: flows.TradeCarpentry,
			Description: "门坏了", Tier: repair.TierLarge, PlaceText: "三楼楼梯口", Status: repair.RepairAssigned,
			WorkerID: w.Staff("王师傅"), ReportedAt: base, DueAt: at(24 * time.Hour)}
		return s.CreateRepair(ctx, &dorm, repair.RepairEvent{At: base, Kind: repair.EventReported, To: repair.RepairAssigned})
	})
	if got := load(other.ID); got.Tier != repair.TierUrgent || got.PlaceText != "操场东边的围栏" || got.LocationName != "其他地点：操场东边的围栏" {
		t.Errorf("urgent repair at a free place loaded as tier %q, place %q, name %q", got.Tier, got.PlaceText, got.LocationName)
	}
	if got := load(dorm.ID); got.Tier != repair.TierLarge || got.LocationName != "宿舍楼其他地点：三楼楼梯口" {
		t.Errorf("large repair in 宿舍楼 loaded as tier %q, name %q", got.Tier, got.LocationName)
	}
	// An urgent repair waits for the scheduler whatever its due time (its
	// reminders are every half hour); a large one only near its due time.
	if got := waiting(at(time.Minute), at(time.Minute)); !slices.Contains(got, other.ID) || slices.Contains(got, dorm.ID) {
		t.Errorf("RepairsWaiting(08:01) = %v, want the urgent %d and not the large %d", got, other.ID, dorm.ID)
	}
	// 加入地点表: the place added, the repair moved to it, its tier changed.
	do(func(s repair.Store) error {
		loc, err := s.AddPlace(ctx, w.School, "", "操场东边的围栏")
		if err != nil {
			return err
		}
		again, err := s.AddPlace(ctx, w.School, "", "操场东边的围栏")
		if err != nil {
			return err
		}
		if loc.ID == 0 || again.ID != loc.ID || !loc.Active || loc.Room != "操场东边的围栏" {
			t.Errorf("AddPlace: %+v, again %+v", loc, again)
		}
		r, err := s.Repair(ctx, other.ID)
		if err != nil {
			return err
		}
		r.LocationID, r.PlaceText, r.Tier = loc.ID, "", repair.TierSmall
		return s.UpdateRepair(ctx, r, repair.RepairEvent{At: base, Kind: repair.EventPlaceAdded, From: r.Status, To: r.Status})
	})
	if got := load(other.ID); got.Tier != repair.TierSmall || got.PlaceText != "" || got.LocationName != "操场东边的围栏" {
		t.Errorf("after 加入地点表 and 改小修: tier %q, place %q, name %q", got.Tier, got.PlaceText, got.LocationName)
	}

	// A worker's load is counted up to repair.LoadCap and no further: a
	// filing does not read the whole backlog. 王师傅 has two jobs in hand
	// (the urgent one and the one in 宿舍楼; r1 waits for a leader).
	for i := range repair.LoadCap {
		create(fmt.Sprintf("BX-20261122-%03d", i+1), "302", "李老师", "王师傅", flows.TradeCarpentry, at(13*time.Hour))
	}
	if cs := load1(flows.TradeCarpentry); len(cs) != 1 || cs[0].StaffID != w.Staff("王师傅") || cs[0].OpenJobs != repair.LoadCap {
		t.Errorf("RouteCandidates(carpentry) with %d jobs in hand = %+v, want 王师傅 counted to %d", repair.LoadCap+2, cs, repair.LoadCap)
	}
}

func ids(rs []repair.Repair) []int64 {
	var out []int64
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}
