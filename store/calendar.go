package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/houqin/houqin/flows/canteen"
)

// The meal calendar (00018_meal_calendar.sql): weekday rules and date rules.

// MealCalendar implements canteen.Store.
func (t *Tx) MealCalendar(ctx context.Context, schoolID int64, from, to time.Time) (canteen.Calendar, error) {
	return mealCalendar(ctx, t.q, schoolID, from, to)
}

func mealCalendar(ctx context.Context, q sqlx.QueryerContext, schoolID int64, from, to time.Time) (canteen.Calendar, error) {
	var out canteen.Calendar
	var wds []struct {
		Weekday int            `db:"weekday"`
		Meals   pq.StringArray `db:"meals"`
	}
	if err := sqlx.SelectContext(ctx, q, &wds, `
		SELECT weekday, meals FROM meal_weekdays WHERE school_id = $1 ORDER BY weekday`, schoolID); err != nil {
		return out, wrap("meal calendar", err)
	}
	for _, w := range wds {
		out.Weekdays = append(out.Weekdays, canteen.WeekdayMeals{Weekday: time.Weekday(w.Weekday), Meals: []string(w.Meals)})
	}
	var days []struct {
		Day    time.Time      `db:"day"`
		Open   bool           `db:"open"`
		Meals  pq.StringArray `db:"meals"`
		Reason string         `db:"reason"`
	}
	if err := sqlx.SelectContext(ctx, q, &days, `
		SELECT day, open, meals, reason FROM meal_days
		WHERE school_id = $1 AND day BETWEEN CAST($2 AS date) AND CAST($3 AS date) ORDER BY day`,
		schoolID, civilDate(from), civilDate(to)); err != nil {
		return out, wrap("meal calendar", err)
	}
	for _, d := range days {
		y, m, dd := d.Day.Date()
		out.Days = append(out.Days, canteen.CalendarDay{Day: time.Date(y, m, dd, 0, 0, 0, 0, time.UTC), Open: d.Open, Meals: []string(d.Meals), Reason: d.Reason})
	}
	return out, nil
}

// civilDate formats a civil day (canteen.CivilDay) as a SQL date.
func civilDate(day time.Time) string { return day.Format(time.DateOnly) }

// SetWeekdayMeals sets the meals a school serves on each of the weekdays;
// nil meals removes the rule (every meal again).
func (t *Tx) SetWeekdayMeals(ctx context.Context, schoolID int64, days []time.Weekday, meals []string) error {
	for _, wd := range days {
		var err error
		if meals == nil {
			_, err = t.q.ExecContext(ctx, `DELETE FROM meal_weekdays WHERE school_id = $1 AND weekday = $2`, schoolID, int(wd))
		} else {
			_, err = t.q.ExecContext(ctx, `
				INSERT INTO meal_weekdays (school_id, weekday, meals) VALUES ($1, $2, $3)
				ON CONFLICT (school_id, weekday) DO UPDATE SET meals = EXCLUDED.meals`, schoolID, int(wd), pq.StringArray(meals))
		}
		if err != nil {
			return wrap(fmt.Sprintf("set meals of weekday %d", wd), err)
		}
	}
	return nil
}

// SetCalendarDays writes date rules, replacing the rules of those dates.
// Call it inside DB.InTx for an import that is all or nothing.
func (t *Tx) SetCalendarDays(ctx context.Context, schoolID int64, days []canteen.CalendarDay) error {
	for _, d := range days {
		meals := d.Meals
		if meals == nil {
			meals = []string{}
		}
		_, err := t.q.ExecContext(ctx, `
			INSERT INTO meal_days (school_id, day, open, meals, reason) VALUES ($1, CAST($2 AS date), $3, $4, $5)
			ON CONFLICT (school_id, day) DO UPDATE SET open = EXCLUDED.open, meals = EXCLUDED.meals, reason = EXCLUDED.reason`,
			schoolID, civilDate(d.Day), d.Open, pq.StringArray(meals), d.Reason)
		if err != nil {
			return wrap("set calendar day "+civilDate(d.Day), err)
		}
	}
	return nil
}

// ClearCalendarDays removes the date rules of the civil days from through
// to, and returns how many there were.
func (t *Tx) ClearCalendarDays(ctx context.Context, schoolID int64, from, to time.Time) (int, error) {
	res, err := t.q.ExecContext(ctx, `
		DELETE FROM meal_days WHERE school_id = $1 AND day BETWEEN CAST($2 AS date) AND CAST($3 AS date)`,
		schoolID, civilDate(from), civilDate(to))
	if err != nil {
		return 0, wrap("clear calendar days", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// AllMealDays returns every date rule of a school, for listing.
func (t *Tx) AllMealDays(ctx context.Context, schoolID int64) (canteen.Calendar, error) {
	return mealCalendar(ctx, t.q, schoolID, time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC))
}
