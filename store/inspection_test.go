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
