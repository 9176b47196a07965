package canteen_test

import (
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
)

func TestSampleRules(t *testing.T) {
	st := flows.DefaultSettings()
	for _, tc := range []struct {
		grams int
		want  bool
	}{{1, false}, {124, false}, {125, true}, {126, true}, {1000, true}} {
		if got := canteen.SampleWeightOK(st, tc.grams); got != tc.want {
			t.Errorf("SampleWeightOK(%d g) = %v, want %v", tc.grams, got, tc.want)
		}
	}
	for _, tc := range []struct {
		c    float64
		want bool
	}{{-0.1, false}, {0, true}, {4, true}, {8, true}, {8.1, false}} {
		if got := canteen.FridgeTempOK(st, tc.c); got != tc.want {
			t.Errorf("FridgeTempOK(%v ℃) = %v, want %v", tc.c, got, tc.want)
		}
	}
	// The rules are the school's: a stricter school.
	strict := st
	strict.SampleMinGrams, strict.FridgeMaxC, strict.RetentionHours = 150, 5, 72
	if canteen.SampleWeightOK(strict, 149) || !canteen.SampleWeightOK(strict, 150) || canteen.FridgeTempOK(strict, 5.5) {
		t.Error("per-school limits are ignored")
	}
	stored := time.Date(2026, 11, 20, 12, 50, 0, 0, time.UTC)
	if got, want := canteen.SampleDisposeAfter(st, stored), stored.Add(48*time.Hour); !got.Equal(want) {
		t.Errorf("SampleDisposeAfter = %v, want %v", got, want)
	}
	if got, want := canteen.SampleDisposeAfter(strict, stored), stored.Add(72*time.Hour); !got.Equal(want) {
		t.Errorf("SampleDisposeAfter (72 h) = %v, want %v", got, want)
	}
}

func TestDefaultMeal(t *testing.T) {
	loc := flows.LoadLocation("Asia/Shanghai")
	st := flows.DefaultSettings() // 07:00, 11:50, 17:30
	withSnack := st
	withSnack.Meals = append(withSnack.Meals, flows.Meal{Key: flows.MealSnack, Starts: 21 * 60, Ends: 21*60 + 20})
	for _, tc := range []struct {
		st   flows.Settings
		at   string
		want string
	}{
		{st, "00:26", flows.MealDinner}, // the meal just past (user test 28's P5)
		{st, "03:59", flows.MealDinner},
		{withSnack, "01:00", flows.MealSnack},
		{flows.Settings{}, "02:00", flows.MealDinner},
		{st, "04:00", flows.MealBreakfast},
		{st, "07:30", flows.MealBreakfast},
		{st, "09:49", flows.MealBreakfast},
		{st, "09:50", flows.MealLunch},
		{st, "12:50", flows.MealLunch},
		{st, "15:30", flows.MealDinner},
		{st, "23:00", flows.MealDinner},
		{withSnack, "20:30", flows.MealSnack},
		{flows.Settings{}, "12:00", flows.MealLunch},
	} {
		c, _ := flows.ParseClock(tc.at)
		now := c.On(time.Date(2026, 11, 20, 0, 0, 0, 0, loc), loc)
		if got := canteen.DefaultMeal(tc.st, now, loc); got != tc.want {
			t.Errorf("DefaultMeal at %s = %s, want %s", tc.at, got, tc.want)
		}
	}
}
