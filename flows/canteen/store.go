package canteen

import (
	"context"
	"time"

	"github.com/houqin/houqin/flows"
)

// Store is the store side of food samples (留样), menus and accompanied
// meals (陪餐). Days are civil dates (see CivilDay).
type Store interface {
	// Menu returns the dishes on a school's menu for a meal of a day, or ErrNotFound.
	Menu(ctx context.Context, schoolID int64, day time.Time, meal string) ([]string, error)
	// SetMenu sets (replaces) the menu of a meal of a day and returns its id.
	SetMenu(ctx context.Context, schoolID int64, day time.Time, meal string, dishes []string, at time.Time) (int64, error)

	// CreateSampleBatch inserts b with its items and sets b.ID. It returns
	// ErrInvalid for a batch the schema refuses (no items, a weight out of
	// range, disposal before storage).
	CreateSampleBatch(ctx context.Context, b *SampleBatch) error
	// SampleBatch loads and locks a batch; ErrNotFound for an unknown id.
	SampleBatch(ctx context.Context, id int64) (SampleBatch, error)
	// SampleBatches lists a school's batches of a day, in the order stored.
	SampleBatches(ctx context.Context, schoolID int64, day time.Time) ([]SampleBatch, error)
	// SamplesDue lists a school's batches not yet disposed of whose
	// retention ended at or before now, oldest first.
	SamplesDue(ctx context.Context, schoolID int64, now time.Time) ([]SampleBatch, error)
	// DisposeSamples records who disposed of a batch and when. It returns
	// ErrConflict when the batch was already disposed of and ErrInvalid
	// when at is before the batch's DisposeAfter.
	DisposeSamples(ctx context.Context, id, staffID int64, at time.Time) error
	// DisposeSamplesEarly records a disposal done before the batch's
	// DisposeAfter, as such (SampleBatch.DisposedEarly): the cook says the
	// samples are already gone. It returns ErrConflict as DisposeSamples
	// does and ErrInvalid when at is not before DisposeAfter.
	DisposeSamplesEarly(ctx context.Context, id, staffID int64, at time.Time) error
	// DisposeSamplesLate records a disposal told late, entered at entered:
	// done at at (as well as it is known, never before DisposeAfter nor
	// after entered), said as said ("" when no time was said). It returns
	// errors as DisposeSamples does.
	DisposeSamplesLate(ctx context.Context, id, staffID int64, at time.Time, said string, entered time.Time) error

	// MoveSamples records that a batch not yet disposed of was moved at
	// at to another fridge, at c (user test 16), said by staffID; the
	// temperature recorded when it was stored is kept. It returns
	// ErrConflict when the batch was disposed of.
	MoveSamples(ctx context.Context, id, staffID int64, c float64, at time.Time) error

	// SampledMeals lists the meal keys of a day that have at least one sample batch.
	SampledMeals(ctx context.Context, schoolID int64, day time.Time) ([]string, error)
	// RecordMissingSamples stores that a meal of a day had no samples by
	// its deadline (the digest counts the meal as served); it reports false
	// when that was already recorded.
	RecordMissingSamples(ctx context.Context, schoolID int64, day time.Time, meal string, at time.Time) (bool, error)

	// MealCalendar returns the school's weekday rules and its date rules
	// of the civil days from through to (both included).
	MealCalendar(ctx context.Context, schoolID int64, from, to time.Time) (Calendar, error)

	// CreateAccompaniedMeal inserts a 陪餐 record and sets a.ID. It returns
	// ErrInvalid for a rating outside 1–5.
	CreateAccompaniedMeal(ctx context.Context, a *AccompaniedMeal) error
	// AccompaniedMeals lists a school's 陪餐 records of the civil days from
	// through to (both included), by day, meal (in flows.MealKeys order),
	// recording time and id, with StaffName set. Only that school's records
	// are read.
	AccompaniedMeals(ctx context.Context, schoolID int64, from, to time.Time) ([]AccompaniedMeal, error)
	// HandleCanteenIssue records the handling of a 陪餐 passed on as a
	// canteen issue: what staffID said was done, at at. It returns
	// ErrNotFound for an unknown record, ErrInvalid for one that is no
	// issue and ErrConflict for one already handled.
	HandleCanteenIssue(ctx context.Context, id, staffID int64, note string, at time.Time) error
	// LastAccompaniedDay returns the latest civil day before the civil day
	// before on which the school has a 陪餐 record, or ErrNotFound.
	LastAccompaniedDay(ctx context.Context, schoolID int64, before time.Time) (time.Time, error)
}

// db is the transaction of t as this capability's Store.
func db(t *flows.Turn) Store { return flows.StoreOf[Store](t) }
