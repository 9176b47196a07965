package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

func tx(ftx flows.Tx) *store.Tx { return ftx.(*store.Tx) }

func TestPlansRoundTripAndReplace(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	plans := inspection.DefaultPlans()
	staff, _ := db.ListStaff(ctx, s.ID, false)
	locs, _ := db.ListLocations(ctx, s.ID, false)
	plans = append(plans, inspection.Plan{Name: "实验楼巡查", Schedule: inspection.Schedule{Every: inspection.Weekly,
		Days: []time.Weekday{time.Wednesday}, Due: 16 * 60}, Assignee: inspection.Assignee{Kind: inspection.AssignPerson, Name: "王老师"},
		Items: []inspection.Item{{Seq: 1, Text: "厕所地面无积水", Place: "实验楼二楼男厕所"}}})
	if err := inspection.ResolvePlans(plans, staff, locs); err != nil {
		t.Fatal(err)
	}
	created := time.Date(2026, 11, 1, 8, 0, 0, 0, time.UTC)
	inTx(t, db, func(ftx flows.Tx) error {
		for i := range plans {
			plans[i].SchoolID = s.ID
			isNew, err := tx(ftx).SavePlan(ctx, &plans[i], created)
			if err != nil || !isNew {
				t.Errorf("SavePlan %s = %v, %v", plans[i].Name, isNew, err)
			}
		}
		return nil
	})
	got, err := db.Plans(ctx, s.ID)
	if err != nil || len(got) != 9 {
		t.Fatalf("Plans = %d, %v", len(got), err)
	}
	last := got[8]
	if last.Assignee.StaffID != s.Staff["王老师"].ID || last.Assignee.Name != "王老师" || last.Schedule.String() != "weekly 3 due 16:00" ||
		len(last.Items) != 1 || last.Items[0].LocationID != s.Locs["toilet"].ID || !last.CreatedAt.Equal(created) {
		t.Errorf("loaded %+v", last)
	}
	if got[0].Equipment != "灭火器" || len(got[0].Items) != 6 || got[0].Items[5].Seq != 6 {
		t.Errorf("消防器材月检 loaded as %+v", got[0])
	}

	// The same name replaces the plan and its items, keeping its id.
	repl := inspection.Plan{SchoolID: s.ID, Name: "实验楼巡查", Schedule: inspection.Schedule{Every: inspection.AdHoc},
		Assignee: inspection.Assignee{Kind: inspection.AssignRole, Role: flows.RoleHead}, Items: []inspection.Item{{Seq: 1, Text: "A"}, {Seq: 2, Text: "B"}}}
	inTx(t, db, func(ftx flows.Tx) error {
		isNew, err := tx(ftx).SavePlan(ctx, &repl, created.Add(time.Hour))
		if err != nil || isNew || repl.ID != last.ID {
			t.Errorf("replacing: new=%v id=%d (was %d), %v", isNew, repl.ID, last.ID, err)
		}
		return nil
	})
	p, err := db.Plan(ctx, last.ID)
	if err != nil || p.Assignee.Kind != inspection.AssignRole || p.Assignee.StaffID != 0 || len(p.Items) != 2 || p.Schedule.Every != inspection.AdHoc {
		t.Errorf("replaced plan %+v, %v", p, err)
	}
	if err := db.DeactivatePlan(ctx, p.ID, created); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Plans(ctx, s.ID); len(got) != 8 {
		t.Errorf("%d active plans after deactivating one, want 8", len(got))
	}
	if all, _ := db.ListPlans(ctx, s.ID, true); len(all) != 9 {
		t.Errorf("ListPlans(all) = %d, want 9", len(all))
	}
	if _, err := db.Plan(ctx, 999999); !errors.Is(err, flows.ErrNotFound) {
		t.Errorf("unknown plan: %v", err)
	}
	// A person plan without a person is refused by the schema.
	err = db.InTx(ctx, func(ftx flows.Tx) error {
		bad := inspection.Plan{SchoolID: s.ID, Name: "坏", Schedule: inspection.Schedule{Every: inspection.AdHoc},
			Assignee: inspection.Assignee{Kind: inspection.AssignPerson}}
		_, err := tx(ftx).SavePlan(ctx, &bad, created)
		return err
	})
	if !errors.Is(err, flows.ErrInvalid) {
		t.Errorf("a person plan with nobody: %v, want ErrInvalid", err)
	}
}

// seedPlan saves one of the shipped plans for the school.
func seedPlan(t *testing.T, db *store.DB, s storetest.School, name string, created time.Time) inspection.Plan {
	t.Helper()
	for _, p := range inspection.DefaultPlans() {
		if p.Name != name {
			continue
		}
		p.SchoolID = s.ID
		inTx(t, db, func(ftx flows.Tx) error { _, err := tx(ftx).SavePlan(ctx, &p, created); return err })
		return p
	}
	t.Fatalf("no default plan %s", name)
	return inspection.Plan{}
}

func TestChecksResultsAndMissed(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	loc := s.Location()
	created := time.Date(2026, 9, 1, 8, 0, 0, 0, loc)
	p := seedPlan(t, db, s, "班级财产检查", created)
	now := time.Date(2026, 11, 20, 10, 0, 0, 0, loc)
	w, ok := p.Schedule.WindowAt(now, loc)
	if !ok {
		t.Fatal("no window")
	}
	c := inspection.Check{SchoolID: s.ID, PlanID: p.ID, WindowKey: w.Key, Opens: w.Opens, Closes: w.Closes,
		LocationID: s.Locs["302"].ID, InspectorID: s.Staff["李老师"].ID, Status: inspection.CheckOpen, StartedAt: now}
	inTx(t, db, func(ftx flows.Tx) error { return tx(ftx).CreateCheck(ctx, &c) })
	// The same window and room again is a conflict; another room is not.
	dup := c
	err := db.InTx(ctx, func(ftx flows.Tx) error { return tx(ftx).CreateCheck(ctx, &dup) })
	if !errors.Is(err, flows.ErrConflict) {
		t.Errorf("a second check of the window and room: %v, want ErrConflict", err)
	}
	other := inspection.Check{SchoolID: s.ID, PlanID: p.ID, WindowKey: w.Key, Opens: w.Opens, Closes: w.Closes,
		LocationID: s.Locs["303"].ID, Status: inspection.CheckMissed}
	inTx(t, db, func(ftx flows.Tx) error { return tx(ftx).CreateCheck(ctx, &other) })

	inTx(t, db, func(ftx flows.Tx) error {
		got, err := tx(ftx).CheckAt(ctx, p.ID, w.Key, s.Locs["302"].ID)
		if err != nil || got.ID != c.ID || got.PlanName != "班级财产检查" || got.LocationName != "教学楼302" ||
			got.InspectorName != "李老师" || !got.StartedAt.Equal(now) || !got.Closes.Equal(w.Closes) {
			t.Errorf("CheckAt = %+v, %v", got, err)
		}
		if _, err := tx(ftx).CheckAt(ctx, p.ID, w.Key, 0); !errors.Is(err, flows.ErrNotFound) {
			t.Errorf("CheckAt without a room: %v, want ErrNotFound", err)
		}
		for i, r := range []inspection.Result{{Seq: 1, Item: "课桌椅完好", OK: true}, {Seq: 2, Item: "门窗完好", OK: true}} {
			r.CheckID = c.ID
			if err := tx(ftx).SaveResult(ctx, s.ID, r); err != nil {
				t.Errorf("result %d: %v", i, err)
			}
		}
		// Saved again, a result replaces the first.
		if err := tx(ftx).SaveResult(ctx, s.ID, inspection.Result{CheckID: c.ID, Seq: 2, Item: "门窗完好", OK: true}); err != nil {
			t.Error(err)
		}
		rs, err := tx(ftx).Results(ctx, c.ID)
		if err != nil || len(rs) != 2 || rs[1].Seq != 2 || !rs[1].OK {
			t.Errorf("Results = %+v, %v", rs, err)
		}
		c.Status, c.DoneAt = inspection.CheckDone, now.Add(time.Hour)
		return tx(ftx).UpdateCheck(ctx, c)
	})
	// A not-OK result needs its hazard.
	err = db.InTx(ctx, func(ftx flows.Tx) error {
		return tx(ftx).SaveResult(ctx, s.ID, inspection.Result{CheckID: c.ID, Seq: 3, Item: "x"})
	})
	if !errors.Is(err, flows.ErrInvalid) {
		t.Errorf("a problem without its hazard: %v, want ErrInvalid", err)
	}
	// Done needs its time.
	err = db.InTx(ctx, func(ftx flows.Tx) error {
		bad := other
		bad.Status = inspection.CheckDone
		return tx(ftx).UpdateCheck(ctx, bad)
	})
	if !errors.Is(err, flows.ErrInvalid) {
		t.Errorf("done without done_at: %v, want ErrInvalid", err)
	}

	open, err := db.ChecksClosingAfter(ctx, s.ID, now)
	if err != nil || len(open) != 2 {
		t.Errorf("ChecksClosingAfter(now) = %d, %v; want both", len(open), err)
	}
	if later, _ := db.ChecksClosingAfter(ctx, s.ID, w.Closes); len(later) != 0 {
		t.Errorf("ChecksClosingAfter(close) = %+v, want none (none open)", later)
	}
	month := time.Date(2027, 1, 1, 0, 0, 0, 0, loc)
	between, err := db.ChecksBetween(ctx, s.ID, month, month.AddDate(0, 1, 0))
	if err != nil || len(between) != 2 || between[0].Status != inspection.CheckDone || between[1].Status != inspection.CheckMissed {
		t.Errorf("ChecksBetween(January) = %+v, %v", between, err)
	}
	if nov, _ := db.ChecksBetween(ctx, s.ID, month.AddDate(0, -2, 0), month.AddDate(0, -1, 0)); len(nov) != 0 {
		t.Errorf("ChecksBetween(November) = %+v, want none: the window closes in January", nov)
	}
}

func newHazard(t *testing.T, db *store.DB, s storetest.School, level inspection.Level, found, due time.Time) inspection.Hazard {
	t.Helper()
	h := inspection.Hazard{SchoolID: s.ID, LocationID: s.Locs["303"].ID, Place: "教学楼303（初二(4)班）", Description: "窗户玻璃裂了",
		Photo: "photo-1", Level: level, Status: inspection.HazardOpen, FinderID: s.Staff["老郑"].ID,
		ResponsibleID: s.Staff["王老师"].ID, FoundAt: found, DueAt: due}
	inTx(t, db, func(ftx flows.Tx) error {
		var err error
		if h.Ref, err = tx(ftx).NextHazardRef(ctx, s.ID, found.In(s.Location())); err != nil {
			return err
		}
		return tx(ftx).CreateHazard(ctx, &h, inspection.HazardEvent{At: found, ActorID: h.FinderID, Kind: inspection.EventFound, To: h.Status})
	})
	return h
}

// The trigger and inspection.CanMove agree on every pair of statuses.
func TestHazardTransitionsMatchTheTrigger(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	found := time.Date(2026, 11, 20, 10, 0, 0, 0, s.Location())
	for _, from := range inspection.HazardStatuses {
		for _, to := range inspection.HazardStatuses {
			h := newHazard(t, db, s, inspection.LevelGeneral, found, found.Add(11*time.Hour))
			// Walk to from through allowed moves, outside the test.
			path := map[inspection.HazardStatus][]inspection.HazardStatus{
				inspection.HazardOpen: nil, inspection.HazardFixed: {inspection.HazardFixed},
				inspection.HazardClosed: {inspection.HazardFixed, inspection.HazardClosed}}[from]
			move := func(st inspection.HazardStatus) error {
				return db.InTx(ctx, func(ftx flows.Tx) error {
					cur, err := tx(ftx).Hazard(ctx, h.ID)
					if err != nil {
						return err
					}
					prev := cur.Status
					cur.Status, cur.FixedAt, cur.RecheckedAt = st, found.Add(time.Hour), found.Add(2*time.Hour)
					return tx(ftx).UpdateHazard(ctx, cur, inspection.HazardEvent{At: found.Add(time.Hour), Kind: "test", From: prev, To: st})
				})
			}
			for _, st := range path {
				if err := move(st); err != nil {
					t.Fatalf("walking to %s: %v", from, err)
				}
			}
			err := move(to)
			if ok := inspection.CanMove(from, to); ok != (err == nil) || !ok && !errors.Is(err, flows.ErrIllegalTransition) {
				t.Errorf("%s → %s: CanMove %v, store says %v", from, to, ok, err)
			}
		}
	}
}

func TestHazardRoundTripAndQueries(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	loc := s.Location()
	found := time.Date(2026, 11, 20, 10, 0, 0, 0, loc)
	a := newHazard(t, db, s, inspection.LevelMajor, found, found.Add(11*time.Hour))
	b := newHazard(t, db, s, inspection.LevelSerious, found.Add(time.Hour), found.Add(48*time.Hour))
	if a.Ref != "YH-20261120-001" || b.Ref != "YH-20261120-002" {
		t.Errorf("refs %s, %s", a.Ref, b.Ref)
	}
	got, err := db.Hazard(ctx, a.ID)
	if err != nil || got.FinderName != "老郑" || got.ResponsibleName != "王老师" || got.Level != inspection.LevelMajor ||
		got.Place != "教学楼303（初二(4)班）" || !got.DueAt.Equal(a.DueAt) || got.PlanName != "" || got.RepairRef != "" {
		t.Errorf("Hazard = %+v, %v", got, err)
	}
	waiting, _ := db.HazardsWaiting(ctx, s.ID, found.Add(12*time.Hour))
	if len(waiting) != 1 || waiting[0].ID != a.ID {
		t.Errorf("HazardsWaiting(+12h) = %+v, want the first only", waiting)
	}
	// Fixed, a hazard waits for its re-check whatever its deadline.
	inTx(t, db, func(ftx flows.Tx) error {
		h, err := tx(ftx).Hazard(ctx, b.ID)
		if err != nil {
			return err
		}
		h.Status, h.FixedAt, h.FixedBy, h.FixPhoto = inspection.HazardFixed, found.Add(2*time.Hour), s.Staff["王老师"].ID, "photo-2"
		return tx(ftx).UpdateHazard(ctx, h, inspection.HazardEvent{At: h.FixedAt, ActorID: h.FixedBy, Kind: inspection.EventFixed,
			From: inspection.HazardOpen, To: h.Status})
	})
	waiting, _ = db.HazardsWaiting(ctx, s.ID, found)
	if len(waiting) != 1 || waiting[0].ID != b.ID || waiting[0].FixPhoto != "photo-2" {
		t.Errorf("HazardsWaiting(found) = %+v, want the fixed one", waiting)
	}
	// The 总务主任 neither found nor rectifies either; the fixed one waits
	// for his re-check too (p20lead).
	for who, want := range map[string]int{"老郑": 2, "王老师": 2, "陈主任": 1, "李老师": 0} {
		if hs, err := db.HazardsOf(ctx, s.Staff[who].ID, 10); err != nil || len(hs) != want {
			t.Errorf("HazardsOf(%s) = %d, %v; want %d", who, len(hs), err, want)
		}
	}
	if hs, _ := db.HazardsFound(ctx, s.ID, found, found.Add(time.Hour)); len(hs) != 1 || hs[0].ID != a.ID {
		t.Errorf("HazardsFound(first hour) = %+v", hs)
	}
	if hs, _ := db.OpenHazards(ctx, s.ID); len(hs) != 2 || hs[0].ID != a.ID {
		t.Errorf("OpenHazards = %+v", hs)
	}
	// A closed hazard needs its re-check time.
	err = db.InTx(ctx, func(ftx flows.Tx) error {
		h, err := tx(ftx).Hazard(ctx, b.ID)
		if err != nil {
			return err
		}
		h.Status = inspection.HazardClosed
		return tx(ftx).UpdateHazard(ctx, h, inspection.HazardEvent{At: found, Kind: inspection.EventPassed, From: inspection.HazardFixed, To: h.Status})
	})
	if !errors.Is(err, flows.ErrInvalid) {
		t.Errorf("closed without a re-check: %v, want ErrInvalid", err)
	}
	var events int
	if err := db.SQL().Get(&events, `SELECT count(*) FROM hazard_events WHERE hazard_id = $1`, b.ID); err != nil || events != 2 {
		t.Errorf("%d events for the second hazard, %v; want found and fixed", events, err)
	}
}

func TestEquipmentAndLevelRules(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	items := []inspection.Equipment{
		{SchoolID: s.ID, Kind: "灭火器", Code: "JX-302", LocationID: s.Locs["302"].ID, Expires: day(12, 15)},
		{SchoolID: s.ID, Kind: "灭火器", Code: "JX-101", Place: "一楼走廊", Expires: day(11, 10)},
		{SchoolID: s.ID, Kind: "应急灯", Code: "YJ-1", Place: "楼梯口"},
	}
	inTx(t, db, func(ftx flows.Tx) error {
		for i := range items {
			if isNew, err := tx(ftx).SaveEquipment(ctx, &items[i]); err != nil || !isNew {
				t.Errorf("SaveEquipment %s: %v, %v", items[i].Code, isNew, err)
			}
		}
		again := items[0]
		again.Expires = day(12, 20)
		if isNew, err := tx(ftx).SaveEquipment(ctx, &again); err != nil || isNew || again.ID != items[0].ID {
			t.Errorf("saving JX-302 again: new=%v %v", isNew, err)
		}
		return nil
	})
	all, err := db.Equipment(ctx, s.ID, "")
	if err != nil || len(all) != 3 || all[0].Code != "JX-101" || all[1].Place != "教学楼302" || !all[1].Expires.Equal(day(12, 20)) || !all[2].Expires.IsZero() {
		t.Errorf("Equipment = %+v, %v", all, err)
	}
	if ex, _ := db.Equipment(ctx, s.ID, "灭火器"); len(ex) != 2 {
		t.Errorf("灭火器 = %d, want 2", len(ex))
	}
	if soon, _ := db.EquipmentExpiring(ctx, s.ID, time.Date(2026, 12, 20, 8, 0, 0, 0, s.Location())); len(soon) != 2 {
		t.Errorf("EquipmentExpiring(12-20) = %+v, want both dated ones", soon)
	}
	if soon, _ := db.EquipmentExpiring(ctx, s.ID, time.Date(2026, 12, 19, 23, 0, 0, 0, s.Location())); len(soon) != 1 {
		t.Errorf("EquipmentExpiring(12-19) = %+v, want the expired one", soon)
	}

	if err := db.SetLevelRule(ctx, s.ID, inspection.LevelSerious, 72); err != nil {
		t.Fatal(err)
	}
	if err := db.SetLevelRule(ctx, s.ID, inspection.LevelMajor, 24); err != nil {
		t.Fatal(err)
	}
	if err := db.SetLevelRule(ctx, s.ID, inspection.LevelMajor, 0); err != nil {
		t.Fatal(err)
	}
	rules, err := db.LevelRules(ctx, s.ID)
	if err != nil || len(rules) != 1 || rules[inspection.LevelSerious] != 72 {
		t.Errorf("LevelRules = %v, %v", rules, err)
	}
	found := time.Date(2026, 11, 20, 10, 0, 0, 0, s.Location())
	if d := rules.Due(s.Settings, s.Location(), found, inspection.LevelGeneral); !d.Equal(time.Date(2026, 11, 20, 21, 0, 0, 0, s.Location())) {
		t.Errorf("一般 found at 10:00 is due %v, want 21:00 the same day", d)
	}
	if d := rules.Due(s.Settings, s.Location(), found, inspection.LevelSerious); !d.Equal(found.Add(72 * time.Hour)) {
		t.Errorf("重大 is due %v, want 72 hours later", d)
	}
}
