package canteen

import (
	"slices"
	"time"

	"github.com/houqin/houqin/flows"
)

// The meal calendar (校历): a school serves the meals of its settings
// (Settings.Meals) every day unless its calendar says otherwise.
//
//   - A weekday rule names the meals served on that weekday: a canteen closed
//     at weekends has Saturday and Sunday with no meals; a school whose
//     boarders go home on Friday afternoon serves Friday breakfast and lunch.
//   - A date rule overrides the weekday for one date: closed (a holiday or a
//     closure, 国庆, 寒假: no meals at all), or open (a make-up school day,
//     调休上课, served like a school day: every meal of the settings, or the
//     meals it lists).
//
// Meals not in the school's settings are never served, whatever a rule
// lists: the settings say what the canteen can serve at all, and when.

// WeekdayMeals is a weekday rule: the meal keys served on that weekday
// (empty: none).
type WeekdayMeals struct {
	Weekday time.Weekday
	Meals   []string
}

// CalendarDay is a date rule. Day is a civil date (see CivilDay).
type CalendarDay struct {
	Day    time.Time
	Open   bool     // false: closed, no meals
	Meals  []string // when Open: the meals served; empty means every meal
	Reason string   // 国庆, 调休上课 ...
}

// Calendar is a school's weekday rules and the date rules of a range of
// dates (the store loads the range asked for).
type Calendar struct {
	Weekdays []WeekdayMeals
	Days     []CalendarDay
}

// MealPlan is what the calendar says about one day.
type MealPlan struct {
	Meals  []flows.Meal // served, in the order of the settings
	Closed bool         // a date rule closed the day
	Open   bool         // a date rule opened the day (a make-up school day)
	Reason string       // the date rule's reason
}

// Serves reports whether the plan serves the meal key.
func (p MealPlan) Serves(key string) bool {
	return slices.ContainsFunc(p.Meals, func(m flows.Meal) bool { return m.Key == key })
}

// On returns the meals served on a civil day (any instant whose UTC date
// is the day, as CivilDay makes), given the school's meals.
func (c Calendar) On(day time.Time, meals []flows.Meal) MealPlan {
	y, m, d := day.Date()
	for _, r := range c.Days {
		if ry, rm, rd := r.Day.Date(); ry == y && rm == m && rd == d {
			p := MealPlan{Closed: !r.Open, Open: r.Open, Reason: r.Reason}
			if r.Open {
				p.Meals = pick(meals, r.Meals)
			}
			return p
		}
	}
	wd := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Weekday()
	for _, w := range c.Weekdays {
		if w.Weekday == wd {
			if len(w.Meals) == 0 {
				return MealPlan{}
			}
			return MealPlan{Meals: pick(meals, w.Meals)}
		}
	}
	return MealPlan{Meals: meals}
}

// pick is the meals whose keys are listed; an empty list is every meal.
func pick(meals []flows.Meal, keys []string) []flows.Meal {
	if len(keys) == 0 {
		return meals
	}
	var out []flows.Meal
	for _, m := range meals {
		if slices.Contains(keys, m.Key) {
			out = append(out, m)
		}
	}
	return out
}
