package e2e_test

import (
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
	"github.com/houqin/houqin/flows/digest"
)

// The meal calendar on PostgreSQL: no missing-sample alert on a weekend
// the canteen is closed or on a holiday; the alert on a make-up school day
// (调休上课) that falls on a Saturday; and the digest of a holiday does not
// owe the meals its week's menu named.
func TestMealCalendarOnPostgres(t *testing.T) {
	h, tick := sampleHarness(t)
	sid := h.s.ID
	civil := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	if err := h.db.SetWeekdayMeals(ctx, sid, []time.Weekday{time.Saturday, time.Sunday}, []string{}); err != nil {
		t.Fatal(err)
	}
	if err := h.db.SetCalendarDays(ctx, sid, []canteen.CalendarDay{
		{Day: civil(2026, 11, 23), Reason: "校庆放假"},
		{Day: civil(2026, 11, 28), Open: true, Reason: "调休上课"},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.SetMenu(ctx, sid, civil(2026, 11, 23), flows.MealLunch, []string{"红烧肉", "米饭"}, h.now); err != nil {
		t.Fatal(err)
	}
	loc := h.now.Location()
	for _, c := range []struct {
		at   time.Time
		want int // alerts to 钱阿姨
	}{
		{time.Date(2026, 11, 21, 13, 40, 0, 0, loc), 0}, // Saturday
		{time.Date(2026, 11, 22, 19, 20, 0, 0, loc), 0}, // Sunday
		{time.Date(2026, 11, 23, 19, 20, 0, 0, loc), 0}, // the holiday, a Monday
		{time.Date(2026, 11, 24, 13, 40, 0, 0, loc), 2}, // Tuesday: breakfast and lunch
		{time.Date(2026, 11, 28, 13, 40, 0, 0, loc), 2}, // the make-up Saturday
	} {
		h.now = c.at
		tick()
		if got := len(kind(h.deliver()["钱阿姨"], canteen.KindSampleMissing)); got != c.want {
			t.Errorf("%s: %d missing-sample alerts, want %d", c.at.Format("01-02 Mon 15:04"), got, c.want)
		}
	}
	d, err := digest.BuildDigest(ctx, h.db, h.s.School, time.Date(2026, 11, 23, 0, 0, 0, 0, loc), time.Date(2026, 11, 24, 7, 0, 0, 0, loc), true)
	if err != nil {
		t.Fatal(err)
	}
	if d.Canteen == nil || len(d.Canteen.Meals) != 0 {
		t.Errorf("holiday digest canteen = %+v, want no meals owed", d.Canteen)
	}
	if last := d.Series[len(d.Series)-1]; last.Meals != 0 {
		t.Errorf("holiday chart point = %+v, want 0 meals", last)
	}
	// Without the holiday rule, the menu makes lunch owed.
	if _, err := h.db.ClearCalendarDays(ctx, sid, civil(2026, 11, 23), civil(2026, 11, 23)); err != nil {
		t.Fatal(err)
	}
	d, err = digest.BuildDigest(ctx, h.db, h.s.School, time.Date(2026, 11, 23, 0, 0, 0, 0, loc), time.Date(2026, 11, 24, 7, 0, 0, 0, loc), true)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Canteen.Meals) != 1 || d.Canteen.Meals[0].Meal != flows.MealLunch || d.Canteen.Meals[0].Sampled {
		t.Errorf("school-day digest canteen = %+v, want lunch not sampled", d.Canteen)
	}
}
