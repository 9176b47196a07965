package canteen_test

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
	"github.com/houqin/houqin/flows/flowtest"
)

// fakeCanteen is an in-memory canteen.Store, faithful to store/sample.go
// and the schema of 00004_samples.sql: the same orderings, the same
// errors (ErrNotFound, ErrConflict for a second disposal, ErrInvalid for
// what a CHECK constraint refuses), days as civil dates, the fridge
// temperature kept to one decimal, and copies out so a flow cannot change
// a stored record behind the store's back.
type fakeCanteen struct {
	core    *flowtest.Core // for staff names, which the store joins
	menus   []menu
	batches []canteen.SampleBatch
	missing []missingMeal
	meals   []canteen.AccompaniedMeal
	cal     canteen.Calendar // every school's: the transcripts have one
}

type menu struct {
	id       int64
	schoolID int64
	day      string
	meal     string
	dishes   []string
}

type missingMeal struct {
	schoolID int64
	day      string
	meal     string
	at       time.Time
}

var _ canteen.Store = (*fakeCanteen)(nil)

func newFakeCanteen(core *flowtest.Core) *fakeCanteen { return &fakeCanteen{core: core} }

// civil is the date column's value of a day, as the store writes it.
func civil(day time.Time) string { return day.Format(time.DateOnly) }

// civilDay is a date column read back: midnight UTC.
func civilDay(s string) time.Time {
	d, _ := time.Parse(time.DateOnly, s)
	return d
}

func (f *fakeCanteen) name(id int64) string {
	s, err := f.core.StaffByID(context.Background(), id)
	if err != nil {
		return ""
	}
	return s.Name
}

func invalid(what string, why string) error {
	return fmt.Errorf("fake canteen: %s: %w: %s", what, flows.ErrInvalid, why)
}

// Menu implements canteen.Store.
func (f *fakeCanteen) Menu(_ context.Context, schoolID int64, day time.Time, meal string) ([]string, error) {
	for _, m := range f.menus {
		if m.schoolID == schoolID && m.day == civil(day) && m.meal == meal {
			return slices.Clone(m.dishes), nil
		}
	}
	return nil, fmt.Errorf("fake canteen: menu %s %s: %w", civil(day), meal, flows.ErrNotFound)
}

// SetMenu implements canteen.Store.
func (f *fakeCanteen) SetMenu(_ context.Context, schoolID int64, day time.Time, meal string, dishes []string, _ time.Time) (int64, error) {
	if !slices.Contains(flows.MealKeys, meal) || len(dishes) == 0 {
		return 0, invalid("set menu", "meal or dishes")
	}
	for i, m := range f.menus {
		if m.schoolID == schoolID && m.day == civil(day) && m.meal == meal {
			f.menus[i].dishes = slices.Clone(dishes)
			return m.id, nil
		}
	}
	m := menu{id: int64(len(f.menus) + 1), schoolID: schoolID, day: civil(day), meal: meal, dishes: slices.Clone(dishes)}
	f.menus = append(f.menus, m)
	return m.id, nil
}

// CreateSampleBatch implements canteen.Store, refusing what the schema
// refuses.
func (f *fakeCanteen) CreateSampleBatch(_ context.Context, b *canteen.SampleBatch) error {
	const what = "create sample batch"
	switch {
	case len(b.Items) == 0:
		return invalid(what, "no dishes")
	case !slices.Contains(flows.MealKeys, b.Meal):
		return invalid(what, "meal "+b.Meal)
	case b.FridgeC < -30 || b.FridgeC > 60:
		return invalid(what, "fridge temperature")
	case !b.DisposeAfter.After(b.StoredAt):
		return invalid(what, "disposal before storage")
	case b.Violation != "" && b.ViolationReason == "":
		return invalid(what, "a violation without its reason")
	case f.name(b.StaffID) == "":
		return invalid(what, "unknown staff")
	}
	for _, it := range b.Items {
		if it.Dish == "" || it.Grams < 1 || it.Grams > 5000 {
			return invalid(what, "dish "+it.Dish)
		}
	}
	b.ID = int64(len(f.batches) + 1)
	stored := canteen.SampleBatch{
		ID: b.ID, SchoolID: b.SchoolID, Day: civilDay(civil(b.Day)), Meal: b.Meal, StaffID: b.StaffID,
		Items: slices.Clone(b.Items), FridgeC: math.Round(b.FridgeC*10) / 10, Photo: b.Photo,
		StoredAt: b.StoredAt, DisposeAfter: b.DisposeAfter, Violation: b.Violation, ViolationReason: b.ViolationReason,
		MissingDishes: slices.Clone(b.MissingDishes),
	}
	if stored.MissingDishes == nil {
		stored.MissingDishes = []string{}
	}
	// The store's num: the smallest no other batch of its day nor one
	// still in the fridge holds.
	taken := map[int]bool{}
	for _, x := range f.batches {
		if x.SchoolID == b.SchoolID && (civil(x.Day) == civil(stored.Day) || x.DisposedAt.IsZero()) {
			taken[x.Seq] = true
		}
	}
	for stored.Seq = 1; taken[stored.Seq]; stored.Seq++ {
	}
	f.batches = append(f.batches, stored)
	b.Seq = stored.Seq
	return nil
}

// batch returns a copy of a stored batch with the staff names joined.
func (f *fakeCanteen) batch(b canteen.SampleBatch) canteen.SampleBatch {
	b.Items, b.MissingDishes = slices.Clone(b.Items), slices.Clone(b.MissingDishes)
	b.StaffName = f.name(b.StaffID)
	if b.DisposedBy != 0 {
		b.DisposedByName = f.name(b.DisposedBy)
	}
	return b
}

func (f *fakeCanteen) find(id int64) int {
	return slices.IndexFunc(f.batches, func(b canteen.SampleBatch) bool { return b.ID == id })
}

// SampleBatch implements canteen.Store.
func (f *fakeCanteen) SampleBatch(_ context.Context, id int64) (canteen.SampleBatch, error) {
	i := f.find(id)
	if i < 0 {
		return canteen.SampleBatch{}, fmt.Errorf("fake canteen: sample batch %d: %w", id, flows.ErrNotFound)
	}
	return f.batch(f.batches[i]), nil
}

// SampleBatches implements canteen.Store: by storage time, then id.
func (f *fakeCanteen) SampleBatches(_ context.Context, schoolID int64, day time.Time) ([]canteen.SampleBatch, error) {
	var out []canteen.SampleBatch
	for _, b := range f.batches {
		if b.SchoolID == schoolID && civil(b.Day) == civil(day) {
			out = append(out, f.batch(b))
		}
	}
	slices.SortStableFunc(out, func(a, b canteen.SampleBatch) int { return a.StoredAt.Compare(b.StoredAt) })
	return out, nil
}

// SamplesDue implements canteen.Store: oldest retention end first.
func (f *fakeCanteen) SamplesDue(_ context.Context, schoolID int64, now time.Time) ([]canteen.SampleBatch, error) {
	var out []canteen.SampleBatch
	for _, b := range f.batches {
		if b.SchoolID == schoolID && b.DisposedAt.IsZero() && !b.DisposeAfter.After(now) {
			out = append(out, f.batch(b))
		}
	}
	slices.SortStableFunc(out, func(a, b canteen.SampleBatch) int { return a.DisposeAfter.Compare(b.DisposeAfter) })
	return out, nil
}

// DisposeSamples implements canteen.Store: ErrNotFound for an unknown
// batch, ErrConflict once it was disposed of, and ErrInvalid before its
// DisposeAfter (the schema's retention CHECK).
func (f *fakeCanteen) DisposeSamples(_ context.Context, id, staffID int64, at time.Time) error {
	i := f.find(id)
	switch {
	case i < 0:
		return fmt.Errorf("fake canteen: dispose samples %d: %w", id, flows.ErrNotFound)
	case !f.batches[i].DisposedAt.IsZero():
		return fmt.Errorf("fake canteen: dispose samples %d: %w: already disposed of", id, flows.ErrConflict)
	case at.Before(f.batches[i].DisposeAfter):
		return invalid(fmt.Sprintf("dispose samples %d", id), "before the retention time")
	case f.name(staffID) == "":
		return invalid(fmt.Sprintf("dispose samples %d", id), "unknown staff")
	}
	f.batches[i].DisposedAt, f.batches[i].DisposedBy = at, staffID
	return nil
}

// DisposeSamplesLate implements canteen.Store: as DisposeSamples, and
// ErrInvalid when at is after entered (the schema's CHECK).
func (f *fakeCanteen) DisposeSamplesLate(ctx context.Context, id, staffID int64, at time.Time, said string, entered time.Time) error {
	if at.After(entered) {
		return invalid(fmt.Sprintf("dispose samples %d", id), "disposed after it was entered")
	}
	if err := f.DisposeSamples(ctx, id, staffID, at); err != nil {
		return err
	}
	i := f.find(id)
	f.batches[i].DisposalSaid, f.batches[i].DisposalEnteredAt = said, entered
	return nil
}

// MoveSamples implements canteen.Store.
func (f *fakeCanteen) MoveSamples(_ context.Context, id, staffID int64, c float64, at time.Time) error {
	i := f.find(id)
	switch {
	case i < 0:
		return fmt.Errorf("fake canteen: move samples %d: %w", id, flows.ErrNotFound)
	case !f.batches[i].DisposedAt.IsZero():
		return fmt.Errorf("fake canteen: move samples %d: %w: already disposed of", id, flows.ErrConflict)
	case c < -30 || c > 60:
		return invalid(fmt.Sprintf("move samples %d", id), "moved_c out of range")
	}
	f.batches[i].MovedC, f.batches[i].MovedAt, f.batches[i].MovedBy = c, at, staffID
	return nil
}

// DisposeSamplesEarly implements canteen.Store: as DisposeSamples, but
// ErrInvalid at or after DisposeAfter (the schema's retention CHECK).
func (f *fakeCanteen) DisposeSamplesEarly(_ context.Context, id, staffID int64, at time.Time) error {
	i := f.find(id)
	switch {
	case i < 0:
		return fmt.Errorf("fake canteen: dispose samples early %d: %w", id, flows.ErrNotFound)
	case !f.batches[i].DisposedAt.IsZero():
		return fmt.Errorf("fake canteen: dispose samples early %d: %w: already disposed of", id, flows.ErrConflict)
	case !at.Before(f.batches[i].DisposeAfter):
		return invalid(fmt.Sprintf("dispose samples early %d", id), "not before the retention time")
	case f.name(staffID) == "":
		return invalid(fmt.Sprintf("dispose samples early %d", id), "unknown staff")
	}
	f.batches[i].DisposedAt, f.batches[i].DisposedBy, f.batches[i].DisposedEarly = at, staffID, true
	return nil
}

// SampledMeals implements canteen.Store: distinct meal keys, sorted (the
// store's ORDER BY meal).
func (f *fakeCanteen) SampledMeals(_ context.Context, schoolID int64, day time.Time) ([]string, error) {
	var out []string
	for _, b := range f.batches {
		if b.SchoolID == schoolID && civil(b.Day) == civil(day) && !slices.Contains(out, b.Meal) {
			out = append(out, b.Meal)
		}
	}
	slices.Sort(out)
	return out, nil
}

// RecordMissingSamples implements canteen.Store.
func (f *fakeCanteen) RecordMissingSamples(_ context.Context, schoolID int64, day time.Time, meal string, at time.Time) (bool, error) {
	m := missingMeal{schoolID: schoolID, day: civil(day), meal: meal, at: at}
	if slices.ContainsFunc(f.missing, func(x missingMeal) bool {
		return x.schoolID == m.schoolID && x.day == m.day && x.meal == m.meal
	}) {
		return false, nil
	}
	f.missing = append(f.missing, m)
	return true, nil
}

// CreateAccompaniedMeal implements canteen.Store.
func (f *fakeCanteen) CreateAccompaniedMeal(_ context.Context, a *canteen.AccompaniedMeal) error {
	const what = "create accompanied meal"
	ok := func(r int) bool { return r >= 1 && r <= 5 }
	switch {
	case !slices.Contains(flows.MealKeys, a.Meal):
		return invalid(what, "meal "+a.Meal)
	case !ok(a.Taste) || !ok(a.Portion) || !ok(a.Hygiene):
		return invalid(what, "ratings")
	case f.name(a.StaffID) == "":
		return invalid(what, "unknown staff")
	}
	a.ID = int64(len(f.meals) + 1)
	stored := *a
	stored.Day, stored.Dishes, stored.StaffName = civilDay(civil(a.Day)), slices.Clone(a.Dishes), ""
	f.meals = append(f.meals, stored)
	return nil
}

// AccompaniedMeals implements canteen.Store: the school's records of the
// days from through to, by day, meal order, recording time and id.
func (f *fakeCanteen) AccompaniedMeals(_ context.Context, schoolID int64, from, to time.Time) ([]canteen.AccompaniedMeal, error) {
	var out []canteen.AccompaniedMeal
	for _, a := range f.meals {
		if a.SchoolID == schoolID && civil(a.Day) >= civil(from) && civil(a.Day) <= civil(to) {
			a.Dishes, a.StaffName = slices.Clone(a.Dishes), f.name(a.StaffID)
			out = append(out, a)
		}
	}
	slices.SortStableFunc(out, func(a, b canteen.AccompaniedMeal) int {
		return cmp.Or(strings.Compare(civil(a.Day), civil(b.Day)),
			cmp.Compare(slices.Index(flows.MealKeys, a.Meal), slices.Index(flows.MealKeys, b.Meal)),
			a.RecordedAt.Compare(b.RecordedAt), cmp.Compare(a.ID, b.ID))
	})
	return out, nil
}

// HandleCanteenIssue implements canteen.Store.
func (f *fakeCanteen) HandleCanteenIssue(_ context.Context, id, staffID int64, note string, at time.Time) error {
	for i, a := range f.meals {
		if a.ID != id {
			continue
		}
		switch {
		case !a.Issue:
			return invalid("handle canteen issue", "not an issue")
		case !a.HandledAt.IsZero():
			return fmt.Errorf("fake canteen: handle canteen issue %d: %w", id, flows.ErrConflict)
		}
		f.meals[i].HandledNote, f.meals[i].HandledBy, f.meals[i].HandledAt = note, staffID, at
		return nil
	}
	return fmt.Errorf("fake canteen: handle canteen issue %d: %w", id, flows.ErrNotFound)
}

// LastAccompaniedDay implements canteen.Store.
func (f *fakeCanteen) LastAccompaniedDay(_ context.Context, schoolID int64, before time.Time) (time.Time, error) {
	last := ""
	for _, a := range f.meals {
		if d := civil(a.Day); a.SchoolID == schoolID && d < civil(before) && d > last {
			last = d
		}
	}
	if last == "" {
		return time.Time{}, fmt.Errorf("fake canteen: last accompanied day: %w", flows.ErrNotFound)
	}
	return civilDay(last), nil
}
