package canteen_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
	"github.com/houqin/houqin/flows/flowtest"
)

// MealCalendar implements canteen.Store: the weekday rules, and the date
// rules from through to.
func (f *fakeCanteen) MealCalendar(_ context.Context, _ int64, from, to time.Time) (canteen.Calendar, error) {
	out := canteen.Calendar{Weekdays: slices.Clone(f.cal.Weekdays)}
	for _, d := range f.cal.Days {
		if civil(d.Day) >= civil(from) && civil(d.Day) <= civil(to) {
			out.Days = append(out.Days, d)
		}
	}
	return out, nil
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestCalendarOn(t *testing.T) {
	meals := flows.DefaultSettings().Meals
	cal := canteen.Calendar{
		Weekdays: []canteen.WeekdayMeals{
			{Weekday: time.Saturday}, {Weekday: time.Sunday},
			{Weekday: time.Friday, Meals: []string{flows.MealBreakfast, flows.MealLunch, flows.MealSnack}},
		},
		Days: []canteen.CalendarDay{
			{Day: date(2026, 10, 1), Reason: "国庆"},
			{Day: date(2026, 10, 10), Open: true, Reason: "调休上课"},
			{Day: date(2026, 10, 11), Open: true, Meals: []string{flows.MealLunch}, Reason: "补课"},
		},
	}
	keys := func(p canteen.MealPlan) []string {
		var out []string
		for _, m := range p.Meals {
			out = append(out, m.Key)
		}
		return out
	}
	for _, c := range []struct {
		day    time.Time
		want   []string
		closed bool
		reason string
	}{
		{date(2026, 9, 30), []string{"breakfast", "lunch", "dinner"}, false, ""}, // Wednesday: no rule
		{date(2026, 10, 1), nil, true, "国庆"},                                     // a Thursday holiday
		{date(2026, 10, 2), []string{"breakfast", "lunch"}, false, ""},           // Friday: no snack in the settings
		{date(2026, 10, 3), nil, false, ""},                                      // Saturday
		{date(2026, 10, 10), []string{"breakfast", "lunch", "dinner"}, false, "调休上课"},
		{date(2026, 10, 11), []string{"lunch"}, false, "补课"},
	} {
		p := cal.On(c.day, meals)
		if got := keys(p); !slices.Equal(got, c.want) || p.Closed != c.closed || p.Reason != c.reason {
			t.Errorf("%s: got %v closed=%v %q, want %v closed=%v %q", c.day.Format(time.DateOnly), got, p.Closed, p.Reason, c.want, c.closed, c.reason)
		}
	}
	if !cal.On(date(2026, 10, 10), meals).Serves(flows.MealDinner) || cal.On(date(2026, 10, 3), meals).Serves(flows.MealLunch) {
		t.Error("Serves disagrees with Meals")
	}
}

// The missing-sample alerts follow the calendar (testdata/calendar):
// closed at weekends, a holiday on Monday 11-23, and Saturday 11-28 a
// make-up school day.
func TestTranscriptsCalendar(t *testing.T) {
	flowtest.Run(t, "testdata/calendar/*.txt", func(t *testing.T) *flowtest.World {
		w := newWorld(t)
		f := w.Store.(*flowtest.Store).Tx.(world).fakeCanteen
		f.cal = canteen.Calendar{
			Weekdays: []canteen.WeekdayMeals{{Weekday: time.Saturday}, {Weekday: time.Sunday}},
			Days: []canteen.CalendarDay{
				{Day: date(2026, 11, 23), Reason: "校庆放假"},
				{Day: date(2026, 11, 28), Open: true, Meals: []string{flows.MealLunch}, Reason: "调休上课"},
			},
		}
		return w
	})
}
