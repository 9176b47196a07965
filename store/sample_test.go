package store_test

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

func TestSampleBatchRoundTripAndDisposal(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	cook, head := s.Staff["钱阿姨"], s.Staff["陈主任"]
	loc := flows.LoadLocation("Asia/Shanghai")
	stored := time.Date(2026, 11, 20, 12, 50, 0, 0, loc)
	day := canteen.CivilDay(stored, loc)
	b := canteen.SampleBatch{SchoolID: s.ID, Day: day, Meal: flows.MealLunch, StaffID: cook.ID, FridgeC: 4.5,
		Items:    []canteen.SampleItem{{Dish: "红烧肉", Grams: 130}, {Dish: "清炒菜心", Grams: 118}, {Dish: "米饭", Grams: 150}},
		StoredAt: stored, DisposeAfter: stored.Add(48 * time.Hour), Violation: "清炒菜心 118 克（不足 125 克）",
		ViolationReason: "出菜量不足", MissingDishes: []string{"紫菜蛋汤"}}
	inTx(t, db, func(ftx flows.Tx) error { tx := ftx.(*store.Tx); return tx.CreateSampleBatch(ctx, &b) })
	if b.ID == 0 {
		t.Fatal("no id")
	}

	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		got, err := tx.SampleBatch(ctx, b.ID)
		if err != nil {
			return err
		}
		if !got.Day.Equal(day) || got.Meal != flows.MealLunch || got.StaffName != "钱阿姨" || got.FridgeC != 4.5 ||
			!got.StoredAt.Equal(stored) || !got.DisposeAfter.Equal(b.DisposeAfter) || got.ViolationReason != "出菜量不足" ||
			!reflect.DeepEqual(got.Items, b.Items) || !reflect.DeepEqual(got.MissingDishes, []string{"紫菜蛋汤"}) || !got.DisposedAt.IsZero() {
			t.Errorf("loaded %+v\nwant %+v", got, b)
		}
		meals, err := tx.SampledMeals(ctx, s.ID, day)
		if err != nil || !reflect.DeepEqual(meals, []string{flows.MealLunch}) {
			t.Errorf("SampledMeals = %v, %v", meals, err)
		}
		if meals, _ := tx.SampledMeals(ctx, s.ID, day.AddDate(0, 0, 1)); len(meals) != 0 {
			t.Errorf("SampledMeals of the next day = %v", meals)
		}
		due, err := tx.SamplesDue(ctx, s.ID, stored.Add(47*time.Hour))
		if err != nil || len(due) != 0 {
			t.Errorf("due after 47 h: %v, %v", due, err)
		}
		due, err = tx.SamplesDue(ctx, s.ID, stored.Add(48*time.Hour))
		if err != nil || len(due) != 1 || len(due[0].Items) != 3 {
			t.Errorf("due after 48 h: %+v, %v", due, err)
		}
		return nil
	})

	// The retention rule holds in the database too.
	err := db.InTx(ctx, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		return tx.DisposeSamples(ctx, b.ID, cook.ID, stored.Add(47*time.Hour))
	})
	if !errors.Is(err, flows.ErrInvalid) {
		t.Errorf("early disposal: %v, want ErrInvalid", err)
	}
	at := stored.Add(49 * time.Hour)
	inTx(t, db, func(ftx flows.Tx) error { tx := ftx.(*store.Tx); return tx.DisposeSamples(ctx, b.ID, cook.ID, at) })
	err = db.InTx(ctx, func(ftx flows.Tx) error { tx := ftx.(*store.Tx); return tx.DisposeSamples(ctx, b.ID, head.ID, at) })
	if !errors.Is(err, flows.ErrConflict) {
		t.Errorf("second disposal: %v, want ErrConflict", err)
	}
	err = db.InTx(ctx, func(ftx flows.Tx) error { tx := ftx.(*store.Tx); return tx.DisposeSamples(ctx, 999999, head.ID, at) })
	if !errors.Is(err, flows.ErrNotFound) {
		t.Errorf("unknown batch: %v, want ErrNotFound", err)
	}
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		got, err := tx.SampleBatch(ctx, b.ID)
		if err != nil {
			return err
		}
		if !got.DisposedAt.Equal(at) || got.DisposedBy != cook.ID || got.DisposedByName != "钱阿姨" {
			t.Errorf("disposed %+v", got)
		}
		if due, _ := tx.SamplesDue(ctx, s.ID, at); len(due) != 0 {
			t.Errorf("a disposed batch is still due: %+v", due)
		}
		if _, err := tx.SampleBatch(ctx, 999999); !errors.Is(err, flows.ErrNotFound) {
			t.Errorf("unknown batch: %v", err)
		}
		return nil
	})
}

func TestSampleBatchRefusesBadRecords(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	now := time.Date(2026, 11, 20, 12, 0, 0, 0, time.UTC)
	ok := canteen.SampleBatch{SchoolID: s.ID, Day: canteen.CivilDay(now, time.UTC), Meal: flows.MealLunch, StaffID: s.Staff["钱阿姨"].ID,
		FridgeC: 4, Items: []canteen.SampleItem{{Dish: "米饭", Grams: 150}}, StoredAt: now, DisposeAfter: now.Add(48 * time.Hour)}
	for name, mod := range map[string]func(*canteen.SampleBatch){
		"no dishes":             func(b *canteen.SampleBatch) { b.Items = nil },
		"empty dish":            func(b *canteen.SampleBatch) { b.Items = []canteen.SampleItem{{Dish: "", Grams: 130}} },
		"zero grams":            func(b *canteen.SampleBatch) { b.Items = []canteen.SampleItem{{Dish: "米饭", Grams: 0}} },
		"violation, no reason":  func(b *canteen.SampleBatch) { b.Violation = "冷藏温度 10℃" },
		"disposal before store": func(b *canteen.SampleBatch) { b.DisposeAfter = now },
		"unknown meal":          func(b *canteen.SampleBatch) { b.Meal = "brunch" },
	} {
		b := ok
		mod(&b)
		err := db.InTx(ctx, func(ftx flows.Tx) error { tx := ftx.(*store.Tx); return tx.CreateSampleBatch(ctx, &b) })
		if !errors.Is(err, flows.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
}

func TestMenuMissingAndAccompaniedMeals(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	at := time.Date(2026, 11, 19, 16, 0, 0, 0, time.UTC)
	id, err := db.SetMenu(ctx, s.ID, day, flows.MealLunch, []string{"红烧肉", "米饭"}, at)
	if err != nil {
		t.Fatal(err)
	}
	again, err := db.SetMenu(ctx, s.ID, day, flows.MealLunch, []string{"红烧肉", "清炒菜心", "米饭"}, at)
	if err != nil || again != id {
		t.Fatalf("setting the menu again: id %d, %v; want %d", again, err, id)
	}
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		m, err := tx.Menu(ctx, s.ID, day, flows.MealLunch)
		if err != nil || !reflect.DeepEqual(m, []string{"红烧肉", "清炒菜心", "米饭"}) {
			t.Errorf("Menu = %v, %v", m, err)
		}
		if _, err := tx.Menu(ctx, s.ID, day, flows.MealDinner); !errors.Is(err, flows.ErrNotFound) {
			t.Errorf("no dinner menu: %v, want ErrNotFound", err)
		}
		first, err := tx.RecordMissingSamples(ctx, s.ID, day, flows.MealDinner, at)
		if err != nil || !first {
			t.Errorf("RecordMissingSamples = %v, %v", first, err)
		}
		if second, _ := tx.RecordMissingSamples(ctx, s.ID, day, flows.MealDinner, at); second {
			t.Error("a missing meal was recorded twice")
		}
		a := canteen.AccompaniedMeal{SchoolID: s.ID, Day: day, Meal: flows.MealLunch, StaffID: s.Staff["刘副校长"].ID,
			Dishes: []string{"红烧肉"}, Taste: 5, Portion: 4, Hygiene: 5, Note: "米饭偏硬", Issue: true, RecordedAt: at}
		if err := tx.CreateAccompaniedMeal(ctx, &a); err != nil {
			return err
		}
		var as []canteen.AccompaniedMeal
		err = tx.EachAccompaniedMeal(ctx, s.ID, day, day.AddDate(0, 0, 1), func(a canteen.AccompaniedMeal) error { as = append(as, a); return nil })
		if err != nil || len(as) != 1 || as[0].StaffName != "刘副校长" || !as[0].Issue || as[0].Portion != 4 || !as[0].Day.Equal(day) ||
			!reflect.DeepEqual(as[0].Dishes, []string{"红烧肉"}) || as[0].Note != "米饭偏硬" {
			t.Errorf("EachAccompaniedMeal = %+v, %v", as, err)
		}
		return nil
	})
	bad := canteen.AccompaniedMeal{SchoolID: s.ID, Day: day, Meal: flows.MealLunch, StaffID: s.Staff["刘副校长"].ID, Taste: 6, Portion: 4, Hygiene: 5, RecordedAt: at}
	if err := db.InTx(ctx, func(ftx flows.Tx) error { tx := ftx.(*store.Tx); return tx.CreateAccompaniedMeal(ctx, &bad) }); !errors.Is(err, flows.ErrInvalid) {
		t.Errorf("rating 6: %v, want ErrInvalid", err)
	}
}

// AccompaniedMeals reads one school's 陪餐 records of a span of days, in
// day and meal order, never another school's; LastAccompaniedDay finds the
// latest day before a given one.
func TestAccompaniedMealsRead(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	other := storetest.Seed(t, db, "二中")
	d := func(day int) time.Time { return time.Date(2026, 11, day, 0, 0, 0, 0, time.UTC) }
	at := time.Date(2026, 11, 20, 12, 50, 0, 0, flows.LoadLocation("Asia/Shanghai"))
	add := func(school storetest.School, day int, meal, who, note string) {
		a := canteen.AccompaniedMeal{SchoolID: school.ID, Day: d(day), Meal: meal, StaffID: school.Staff[who].ID,
			Dishes: []string{"米饭"}, Taste: 5, Portion: 4, Hygiene: 5, Note: note, RecordedAt: at}
		inTx(t, db, func(ftx flows.Tx) error { return ftx.(*store.Tx).CreateAccompaniedMeal(ctx, &a) })
	}
	add(s, 20, flows.MealDinner, "张校长", "")
	add(s, 20, flows.MealLunch, "刘副校长", "青菜有点咸")
	add(s, 23, flows.MealBreakfast, "陈主任", "")
	add(s, 25, flows.MealLunch, "刘副校长", "")
	add(other, 21, flows.MealLunch, "张校长", "二中的意见")
	add(other, 24, flows.MealLunch, "张校长", "")

	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		got, err := tx.AccompaniedMeals(ctx, s.ID, d(20), d(23))
		if err != nil {
			return err
		}
		var seen []string
		for _, a := range got {
			seen = append(seen, civilString(a.Day)+" "+a.Meal+" "+a.StaffName+" "+a.Note)
			if a.SchoolID != s.ID {
				t.Errorf("another school's record: %+v", a)
			}
		}
		want := []string{"2026-11-20 lunch 刘副校长 青菜有点咸", "2026-11-20 dinner 张校长 ", "2026-11-23 breakfast 陈主任 "}
		if !reflect.DeepEqual(seen, want) {
			t.Errorf("AccompaniedMeals(20–23) = %q, want %q", seen, want)
		}
		if got, err := tx.AccompaniedMeals(ctx, s.ID, d(21), d(22)); err != nil || len(got) != 0 {
			t.Errorf("AccompaniedMeals(21–22) = %+v, %v; want none (二中's 21st is not 一中's)", got, err)
		}
		last, err := tx.LastAccompaniedDay(ctx, s.ID, d(25))
		if err != nil || !last.Equal(d(23)) {
			t.Errorf("LastAccompaniedDay(before 25) = %v, %v; want 2026-11-23", last, err)
		}
		last, err = tx.LastAccompaniedDay(ctx, other.ID, d(30))
		if err != nil || !last.Equal(d(24)) {
			t.Errorf("二中 LastAccompaniedDay(before 30) = %v, %v; want 2026-11-24", last, err)
		}
		if _, err := tx.LastAccompaniedDay(ctx, s.ID, d(20)); !errors.Is(err, flows.ErrNotFound) {
			t.Errorf("LastAccompaniedDay(before 20) = %v, want ErrNotFound", err)
		}
		return nil
	})
}

func civilString(day time.Time) string { return day.Format(time.DateOnly) }

// A canteen issue's handling (migration 00049): kept once with who and
// when, read back with the record; a 陪餐 passed on as no issue, one
// handled already and an unknown one are refused.
func TestCanteenIssueHandled(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	day := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	at := time.Date(2026, 11, 23, 12, 50, 0, 0, time.UTC)
	add := func(note string, issue bool) int64 {
		a := canteen.AccompaniedMeal{SchoolID: s.ID, Day: day, Meal: flows.MealLunch, StaffID: s.Staff["刘副校长"].ID,
			Dishes: []string{"回锅肉"}, Taste: 4, Portion: 5, Hygiene: 5, Note: note, Issue: issue, RecordedAt: at}
		inTx(t, db, func(ftx flows.Tx) error { return ftx.(*store.Tx).CreateAccompaniedMeal(ctx, &a) })
		return a.ID
	}
	issue, quiet := add("回锅肉太肥", true), add("米饭有点硬", false)
	head := s.Staff["陈主任"].ID
	handled := at.Add(3 * time.Hour)
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		if err := tx.HandleCanteenIssue(ctx, issue, head, "已经跟食堂说了", handled); err != nil {
			return err
		}
		if err := tx.HandleCanteenIssue(ctx, issue, head, "again", handled); !errors.Is(err, flows.ErrConflict) {
			t.Errorf("handled twice: %v, want ErrConflict", err)
		}
		if err := tx.HandleCanteenIssue(ctx, quiet, head, "x", handled); !errors.Is(err, flows.ErrInvalid) {
			t.Errorf("no issue handled: %v, want ErrInvalid", err)
		}
		if err := tx.HandleCanteenIssue(ctx, quiet+100, head, "x", handled); !errors.Is(err, flows.ErrNotFound) {
			t.Errorf("unknown record handled: %v, want ErrNotFound", err)
		}
		got, err := tx.AccompaniedMeals(ctx, s.ID, day, day)
		if err != nil || len(got) != 2 {
			t.Fatalf("AccompaniedMeals = %+v, %v", got, err)
		}
		for _, a := range got {
			switch a.ID {
			case issue:
				if a.HandledNote != "已经跟食堂说了" || a.HandledBy != head || !a.HandledAt.Equal(handled) {
					t.Errorf("handled issue read as %q by %d at %v", a.HandledNote, a.HandledBy, a.HandledAt)
				}
			case quiet:
				if a.HandledBy != 0 || !a.HandledAt.IsZero() || a.HandledNote != "" {
					t.Errorf("quiet record read as handled: %+v", a)
				}
			}
		}
		return nil
	})
}

// Samples the cook says were thrown away before their retention time
// (migration 00045): the disposal is kept with its real time and marked
// early; the retention CHECK still refuses an early disposal not marked
// so, and one marked early that is not; the ledger reads the mark.
func TestSampleDisposedEarly(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	cook := s.Staff["钱阿姨"]
	stored := time.Date(2026, 11, 20, 12, 50, 0, 0, time.UTC)
	newBatch := func() canteen.SampleBatch {
		b := canteen.SampleBatch{SchoolID: s.ID, Day: canteen.CivilDay(stored, time.UTC), Meal: flows.MealLunch, StaffID: cook.ID, FridgeC: 4,
			Items: []canteen.SampleItem{{Dish: "米饭", Grams: 150}}, StoredAt: stored, DisposeAfter: stored.Add(48 * time.Hour)}
		inTx(t, db, func(ftx flows.Tx) error { return ftx.(*store.Tx).CreateSampleBatch(ctx, &b) })
		return b
	}
	early, late := newBatch(), newBatch()
	at := stored.Add(20 * time.Hour)
	inTx(t, db, func(ftx flows.Tx) error { return ftx.(*store.Tx).DisposeSamplesEarly(ctx, early.ID, cook.ID, at) })
	err := db.InTx(ctx, func(ftx flows.Tx) error { return ftx.(*store.Tx).DisposeSamplesEarly(ctx, early.ID, cook.ID, at) })
	if !errors.Is(err, flows.ErrConflict) {
		t.Errorf("second early disposal: %v, want ErrConflict", err)
	}
	err = db.InTx(ctx, func(ftx flows.Tx) error {
		return ftx.(*store.Tx).DisposeSamplesEarly(ctx, late.ID, cook.ID, stored.Add(49*time.Hour))
	})
	if !errors.Is(err, flows.ErrInvalid) {
		t.Errorf("early disposal after the retention time: %v, want ErrInvalid", err)
	}
	err = db.InTx(ctx, func(ftx flows.Tx) error { return ftx.(*store.Tx).DisposeSamples(ctx, late.ID, cook.ID, at) })
	if !errors.Is(err, flows.ErrInvalid) {
		t.Errorf("disposal before the retention time, not marked early: %v, want ErrInvalid", err)
	}
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		got, err := tx.SampleBatch(ctx, early.ID)
		if err != nil {
			return err
		}
		if !got.DisposedAt.Equal(at) || got.DisposedBy != cook.ID || !got.DisposedEarly {
			t.Errorf("disposed early: %+v", got)
		}
		if got, _ := tx.SampleBatch(ctx, late.ID); got.DisposedEarly || !got.DisposedAt.IsZero() {
			t.Errorf("the other batch: %+v", got)
		}
		var seen []bool
		err = tx.EachSampleBatch(ctx, s.ID, stored.AddDate(0, 0, -1), stored.AddDate(0, 0, 1), func(b canteen.SampleBatch) error {
			seen = append(seen, b.DisposedEarly)
			return nil
		})
		if err != nil || !reflect.DeepEqual(seen, []bool{true, false}) {
			t.Errorf("ledger's batches disposed early = %v, %v; want [true false]", seen, err)
		}
		return nil
	})
}

// Migration 00045's Down leaves no early disposal the old schema would
// refuse: such a batch is back in the fridge, as the old schema kept it.
func TestSampleDisposedEarlyDown(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	cook := s.Staff["钱阿姨"]
	stored := time.Date(2026, 11, 20, 12, 50, 0, 0, time.UTC)
	b := canteen.SampleBatch{SchoolID: s.ID, Day: canteen.CivilDay(stored, time.UTC), Meal: flows.MealLunch, StaffID: cook.ID, FridgeC: 4,
		Items: []canteen.SampleItem{{Dish: "米饭", Grams: 150}}, StoredAt: stored, DisposeAfter: stored.Add(48 * time.Hour)}
	inTx(t, db, func(ftx flows.Tx) error { return ftx.(*store.Tx).CreateSampleBatch(ctx, &b) })
	inTx(t, db, func(ftx flows.Tx) error {
		return ftx.(*store.Tx).DisposeSamplesEarly(ctx, b.ID, cook.ID, stored.Add(time.Hour))
	})
	if err := db.MigrateDownTo(ctx, 44); err != nil {
		t.Fatal(err)
	}
	var disposed bool
	if err := db.SQL().QueryRow(`SELECT disposed_at IS NOT NULL FROM sample_batches WHERE id = $1`, b.ID).Scan(&disposed); err != nil {
		t.Fatal(err)
	}
	if disposed {
		t.Error("an early disposal survived the Down")
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
}

// Samples moved to another fridge (user test 16) are recorded as moved,
// with the new fridge's temperature, who and when; the temperature read when
// they were stored is never rewritten. A batch disposed of is not moved.
func TestMoveSamples(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	cook := s.Staff["钱阿姨"]
	stored := time.Date(2026, 11, 20, 12, 50, 0, 0, time.UTC)
	b := canteen.SampleBatch{SchoolID: s.ID, Day: canteen.CivilDay(stored, time.UTC), Meal: flows.MealLunch, StaffID: cook.ID, FridgeC: 3,
		Items: []canteen.SampleItem{{Dish: "米饭", Grams: 150}}, StoredAt: stored, DisposeAfter: stored.Add(48 * time.Hour)}
	inTx(t, db, func(ftx flows.Tx) error { return ftx.(*store.Tx).CreateSampleBatch(ctx, &b) })
	moved := stored.Add(3 * time.Hour)
	inTx(t, db, func(ftx flows.Tx) error { return ftx.(*store.Tx).MoveSamples(ctx, b.ID, cook.ID, 4.5, moved) })
	inTx(t, db, func(ftx flows.Tx) error {
		got, err := ftx.(*store.Tx).SampleBatch(ctx, b.ID)
		if err == nil && (got.FridgeC != 3 || got.MovedC != 4.5 || !got.MovedAt.Equal(moved) || got.MovedBy != cook.ID) {
			t.Errorf("after the move: stored at %v℃, moved to %v℃ at %v by %d; want 3℃ kept, 4.5℃ at %v by %d",
				got.FridgeC, got.MovedC, got.MovedAt, got.MovedBy, moved, cook.ID)
		}
		return err
	})
	inTx(t, db, func(ftx flows.Tx) error {
		return ftx.(*store.Tx).DisposeSamples(ctx, b.ID, cook.ID, stored.Add(49*time.Hour))
	})
	err := db.InTx(ctx, func(ftx flows.Tx) error {
		return ftx.(*store.Tx).MoveSamples(ctx, b.ID, cook.ID, 5, moved.Add(time.Hour))
	})
	if !errors.Is(err, flows.ErrConflict) {
		t.Errorf("fridge of a batch disposed of: %v, want ErrConflict", err)
	}
}

// A disposal told late keeps the time said and when it was entered
// (migration 00053), read back by the batch and by the ledger's reading;
// entered before it was done is refused.
func TestSampleDisposedLate(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	cook := s.Staff["钱阿姨"]
	stored := time.Date(2026, 11, 20, 12, 50, 0, 0, time.UTC)
	newBatch := func() canteen.SampleBatch {
		b := canteen.SampleBatch{SchoolID: s.ID, Day: canteen.CivilDay(stored, time.UTC), Meal: flows.MealLunch, StaffID: cook.ID, FridgeC: 4,
			Items: []canteen.SampleItem{{Dish: "米饭", Grams: 150}}, StoredAt: stored, DisposeAfter: stored.Add(48 * time.Hour)}
		inTx(t, db, func(ftx flows.Tx) error { return ftx.(*store.Tx).CreateSampleBatch(ctx, &b) })
		return b
	}
	said, unsaid := newBatch(), newBatch()
	at, entered := stored.Add(50*time.Hour), stored.AddDate(0, 0, 12)
	inTx(t, db, func(ftx flows.Tx) error {
		return ftx.(*store.Tx).DisposeSamplesLate(ctx, said.ID, cook.ID, at, "11月22日下午", entered)
	})
	err := db.InTx(ctx, func(ftx flows.Tx) error {
		return ftx.(*store.Tx).DisposeSamplesLate(ctx, unsaid.ID, cook.ID, entered.Add(time.Hour), "", entered)
	})
	if !errors.Is(err, flows.ErrInvalid) {
		t.Errorf("entered before it was done: %v, want ErrInvalid", err)
	}
	inTx(t, db, func(ftx flows.Tx) error {
		return ftx.(*store.Tx).DisposeSamplesLate(ctx, unsaid.ID, cook.ID, entered, "", entered)
	})
	err = db.InTx(ctx, func(ftx flows.Tx) error {
		return ftx.(*store.Tx).DisposeSamplesLate(ctx, said.ID, cook.ID, at, "", entered)
	})
	if !errors.Is(err, flows.ErrConflict) {
		t.Errorf("second disposal: %v, want ErrConflict", err)
	}
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		got, err := tx.SampleBatch(ctx, said.ID)
		if err != nil {
			return err
		}
		if !got.DisposedAt.Equal(at) || !got.DisposalEnteredAt.Equal(entered) || got.DisposalSaid != "11月22日下午" || got.DisposedEarly {
			t.Errorf("disposed late: %+v", got)
		}
		var seen []string
		err = tx.EachSampleBatch(ctx, s.ID, stored.AddDate(0, 0, -1), stored.AddDate(0, 0, 1), func(b canteen.SampleBatch) error {
			seen = append(seen, b.DisposalSaid+"@"+b.DisposalEnteredAt.UTC().Format("01-02"))
			return nil
		})
		if want := []string{"11月22日下午@12-02", "@12-02"}; err != nil || !reflect.DeepEqual(seen, want) {
			t.Errorf("ledger's late disposals = %v, %v; want %v", seen, err, want)
		}
		return nil
	})
}
