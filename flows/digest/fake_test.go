package digest_test

import (
	"context"
	"fmt"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/flows/inspection"
)

// fakeDigest is an in-memory digest.Store. The store's methods are SQL
// aggregates, proven on PostgreSQL (store/digest_test.go); here they return
// what the test sets up for a day, so the tests can be about when the
// digest goes, to whom, and how it reads.
type fakeDigest struct {
	days   map[string]day // by the school-local date the digest is of
	series []digest.DayPoint
	// hazards are the safety hazards, as inspection.ReportStore lists them.
	hazards []inspection.Hazard
	// Builds counts the digests computed (calls of RepairDigest).
	Builds int
}

// day is what the aggregates return for one school-local day. An unset
// day is quiet: zero counts, and gate and canteen sections with nothing
// in them, as the store returns for a day with no rows.
type day struct {
	repairs digest.RepairDigest
	gate    *digest.GateDigest
	canteen *digest.CanteenDigest
}

var _ digest.Store = (*fakeDigest)(nil)

func newFakeDigest() *fakeDigest { return &fakeDigest{days: map[string]day{}} }

// key checks that [from, to) is one local day, as BuildDigest asks, and
// names it.
func key(from, to time.Time) (string, error) {
	if !to.Equal(from.AddDate(0, 0, 1)) || from.Hour() != 0 || from.Minute() != 0 {
		return "", fmt.Errorf("fake digest: [%v, %v) is not one local day: %w", from, to, flows.ErrInvalid)
	}
	return from.Format(time.DateOnly), nil
}

// RepairDigest implements digest.Store.
func (f *fakeDigest) RepairDigest(_ context.Context, _ int64, from, to, _ time.Time) (digest.RepairDigest, error) {
	k, err := key(from, to)
	if err != nil {
		return digest.RepairDigest{}, err
	}
	f.Builds++
	return f.days[k].repairs, nil
}

// DigestSeries implements digest.Store.
func (f *fakeDigest) DigestSeries(_ context.Context, _ flows.School, first, last, _ time.Time) ([]digest.DayPoint, error) {
	var out []digest.DayPoint
	for _, p := range f.series {
		if !p.Day.Before(first) && !p.Day.After(last) {
			out = append(out, p)
		}
	}
	return out, nil
}

// GateDigest implements digest.Store.
func (f *fakeDigest) GateDigest(_ context.Context, _ flows.School, from, to, _ time.Time) (*digest.GateDigest, error) {
	k, err := key(from, to)
	if err != nil {
		return nil, err
	}
	if g := f.days[k].gate; g != nil {
		c := *g
		return &c, nil
	}
	return &digest.GateDigest{}, nil
}

// CanteenDigest implements digest.Store.
func (f *fakeDigest) CanteenDigest(_ context.Context, _ flows.School, from, to, _ time.Time) (*digest.CanteenDigest, error) {
	k, err := key(from, to)
	if err != nil {
		return nil, err
	}
	if c := f.days[k].canteen; c != nil {
		out := *c
		out.Meals = append([]digest.MealCheck(nil), c.Meals...)
		return &out, nil
	}
	return &digest.CanteenDigest{}, nil
}

var _ inspection.ReportStore = (*fakeDigest)(nil)

// ChecksBetween implements inspection.ReportStore: no checks are owed.
func (f *fakeDigest) ChecksBetween(context.Context, int64, time.Time, time.Time) ([]inspection.Check, error) {
	return nil, nil
}

// HazardsFound implements inspection.ReportStore.
func (f *fakeDigest) HazardsFound(_ context.Context, _ int64, from, to time.Time) ([]inspection.Hazard, error) {
	var out []inspection.Hazard
	for _, h := range f.hazards {
		if !h.FoundAt.Before(from) && h.FoundAt.Before(to) {
			out = append(out, h)
		}
	}
	return out, nil
}

// OpenHazards implements inspection.ReportStore.
func (f *fakeDigest) OpenHazards(context.Context, int64) ([]inspection.Hazard, error) {
	var out []inspection.Hazard
	for _, h := range f.hazards {
		if h.Status != inspection.HazardClosed {
			out = append(out, h)
		}
	}
	return out, nil
}
