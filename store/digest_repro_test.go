package store_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

// change loads a repair, lets fn change it and writes it with an event at
// at, as the repair flow does.
func change(t *testing.T, db *store.DB, id int64, at time.Time, kind repair.EventKind, fn func(*repair.Repair)) {
	t.Helper()
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		r, err := tx.Repair(ctx, id)
		if err != nil {
			return err
		}
		from := r.Status
		fn(&r)
		return tx.UpdateRepair(ctx, r, repair.RepairEvent{At: at, Kind: kind, From: from, To: r.Status})
	})
}

// A past day's digest is computed from what was true that day: computed
// again after later activity (new repairs after midnight, a repair closed
// and rated, an overdue one deferred and then finished, a late sample
// record, a visitor let in after midnight) it is identical, figure for
// figure, chart included.
func TestPastDigestIsReproducible(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	day := storetest.DigestDay // 2026-11-20, Asia/Shanghai
	at := func(d, h, m int) time.Time {
		return day.AddDate(0, 0, d).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}
	// On the day: two small repairs due at 21:00; one done at 20:00, the
	// other still open at 21:00 (the scheduler escalates it as overdue).
	onTime := newRepair(t, db, s, "王师傅", at(0, 21, 0))
	change(t, db, onTime.ID, at(0, 20, 0), repair.EventDone, func(r *repair.Repair) { r.Status, r.DoneAt = repair.RepairDone, at(0, 20, 0) })
	late := newRepair(t, db, s, "孙师傅", at(0, 21, 0))

	before, err := digest.BuildDigest(ctx, db, s.School, day, at(1, 7, 0), true)
	if err != nil {
		t.Fatal(err)
	}
	r := before.Repairs
	if r.Reported != 2 || r.SmallDue != 2 || r.SmallOnTime != 1 || r.Open != 1 || r.Completed != 1 || r.Rated != 0 {
		t.Errorf("the day: reported %d, small %d/%d on time, open %d, completed %d, rated %d; want 2, 1/2, 1, 1, 0",
			r.Reported, r.SmallOnTime, r.SmallDue, r.Open, r.Completed, r.Rated)
	}
	if len(r.Overdue) != 1 || r.Overdue[0].Ref != late.Ref || r.Overdue[0].Late != 3*time.Hour {
		t.Errorf("overdue = %+v, want %s 3h late at midnight", r.Overdue, late.Ref)
	}
	if !before.AsOf.Equal(at(1, 0, 0)) {
		t.Errorf("AsOf = %v, want the end of the day", before.AsOf)
	}

	// Later: a repair reported 30 minutes after midnight and another in
	// the morning; the on-time one signed off and rated; the late one
	// reclassified (its due time moves to the day after) and then
	// finished; yesterday's lunch sample recorded late (补录).
	newRepair(t, db, s, "王师傅", at(1, 3, 30))
	newRepair(t, db, s, "周师傅", at(1, 11, 0))
	change(t, db, onTime.ID, at(1, 9, 0), repair.EventConfirmed, func(r *repair.Repair) {
		r.Status, r.ClosedAt, r.Rating = repair.RepairClosed, at(1, 9, 0), 5
	})
	change(t, db, late.ID, at(1, 8, 0), repair.EventReclassified, func(r *repair.Repair) { r.Tier, r.DueAt = repair.TierLarge, at(1, 21, 0) })
	change(t, db, late.ID, at(1, 10, 0), repair.EventDone, func(r *repair.Repair) { r.Status, r.DoneAt = repair.RepairDone, at(1, 10, 0) })
	inTx(t, db, func(ftx flows.Tx) error {
		b := canteen.SampleBatch{SchoolID: s.ID, Day: canteen.CivilDay(day, day.Location()), Meal: flows.MealLunch, StaffID: s.Staff["钱阿姨"].ID,
			FridgeC: 4, Items: []canteen.SampleItem{{Dish: "红烧肉", Grams: 130}}, StoredAt: at(1, 8, 30), DisposeAfter: at(3, 8, 30)}
		return ftx.(*store.Tx).CreateSampleBatch(ctx, &b)
	})

	after, err := digest.BuildDigest(ctx, db, s.School, day, at(2, 7, 0), true)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(after, before) {
		t.Errorf("the digest of %s changed after later activity:\nbefore %+v\n after %+v", day.Format(time.DateOnly), before, after)
	}
	// The next day's digest sees the later activity, and judges the
	// moved due time there.
	next, err := digest.BuildDigest(ctx, db, s.School, day.AddDate(0, 0, 1), at(2, 7, 0), false)
	if err != nil {
		t.Fatal(err)
	}
	// (The rating is of a repair finished on the 20th, so no day counts it.)
	if nr := next.Repairs; nr.Reported != 2 || nr.LargeDue != 1 || nr.LargeOnTime != 1 || nr.SmallDue != 2 || nr.Completed != 1 {
		t.Errorf("the next day: reported %d, large %d/%d, small due %d, completed %d; want 2, 1/1, 2, 1", nr.Reported, nr.LargeOnTime, nr.LargeDue, nr.SmallDue, nr.Completed)
	}
}

// The 11-20 case of issue 15: a repair escalated as overdue that night
// and deferred by a leader the next morning is late on its day, not
// dropped from it (which showed 100 % on time).
func TestDeferredAfterEscalationIsLateOnItsDay(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	day := storetest.DigestDay
	r := newRepair(t, db, s, "王师傅", day.Add(21*time.Hour))
	change(t, db, r.ID, day.Add(33*time.Hour), repair.EventBlocked, func(x *repair.Repair) {
		x.Status, x.BlockedReason = repair.RepairBlocked, "需要采购"
	})
	change(t, db, r.ID, day.Add(34*time.Hour), repair.EventDecided, func(x *repair.Repair) {
		x.Status, x.DueAt = repair.RepairDeferred, day.Add(5*24*time.Hour)
	})
	d, err := digest.BuildDigest(ctx, db, s.School, day, day.Add(3*24*time.Hour), false)
	if err != nil {
		t.Fatal(err)
	}
	if got := digest.Pct(d.Repairs.SmallOnTime, d.Repairs.SmallDue); d.Repairs.SmallDue != 1 || got != 0 {
		t.Errorf("small on time %d/%d (%d%%), want 0/1", d.Repairs.SmallOnTime, d.Repairs.SmallDue, got)
	}
	// A due time moved before it came is not judged on the old day.
	r2 := newRepair(t, db, s, "孙师傅", day.AddDate(0, 0, 1).Add(21*time.Hour))
	change(t, db, r2.ID, day.AddDate(0, 0, 1).Add(19*time.Hour), repair.EventReclassified, func(x *repair.Repair) {
		x.Tier, x.DueAt = repair.TierLarge, day.AddDate(0, 0, 2).Add(15*time.Hour)
	})
	d, err = digest.BuildDigest(ctx, db, s.School, day.AddDate(0, 0, 1), day.Add(3*24*time.Hour), false)
	if err != nil {
		t.Fatal(err)
	}
	if d.Repairs.SmallDue != 0 || d.Repairs.LargeDue != 0 {
		t.Errorf("day 21: small due %d, large due %d; want 0 and 0 (moved before it came)", d.Repairs.SmallDue, d.Repairs.LargeDue)
	}
}
