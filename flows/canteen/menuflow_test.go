package canteen

import (
	"slices"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

// TestParseMenuDay reads days as a canteen writes them, on Wednesday
// 2026-11-25.
func TestParseMenuDay(t *testing.T) {
	wed := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		in, day, rest string
	}{
		{"今天午餐", "2026-11-25", "午餐"},
		{"明日晚餐", "2026-11-26", "晚餐"},
		{"后天", "2026-11-27", ""},
		{"大后天早餐", "2026-11-28", "早餐"},
		{"昨天午餐", "2026-11-24", "午餐"},
		{"周三午餐", "2026-11-25", "午餐"}, // today
		{"周一午餐", "2026-11-30", "午餐"}, // already past this week: the coming one
		{"星期五", "2026-11-27", ""},    // later this week
		{"礼拜天", "2026-11-29", ""},    // Sunday ends the week
		{"周7", "2026-11-29", ""},
		{"本周一", "2026-11-23", ""}, // said so: this week's, in the past
		{"这周五午餐", "2026-11-27", "午餐"},
		{"下周一午餐", "2026-11-30", "午餐"},
		{"下个星期三", "2026-12-02", ""},
		{"下下周一", "2026-12-07", ""},
		{"12月1日午餐", "2026-12-01", "午餐"},
		{"12月1号（周二）午餐", "2026-12-01", "午餐"},
		{"12.1 午餐", "2026-12-01", "午餐"},
		{"12/2", "2026-12-02", ""},
		{"2026-12-03晚餐", "2026-12-03", "晚餐"},
		{"2027年1月4日", "2027-01-04", ""},
		{"1月4日", "2027-01-04", ""},   // said in November: next January
		{"11月20日", "2026-11-20", ""}, // a few days back stays this year (and is refused as past)
		{"１２月１日", "2026-12-01", ""},  // full-width digits
	} {
		day, rest, ok := parseMenuDay(tt.in, wed)
		if !ok || day.Format(time.DateOnly) != tt.day || rest != tt.rest {
			t.Errorf("parseMenuDay(%q) = %s, %q, %v; want %s, %q", tt.in, day.Format(time.DateOnly), rest, ok, tt.day, tt.rest)
		}
	}
	for _, in := range []string{"午餐", "红烧肉", "13月1日", "2月30日", "周八", "1. 红烧肉", "下周", "3号窗口", "2号楼食堂"} {
		if day, _, ok := parseMenuDay(in, wed); ok {
			t.Errorf("parseMenuDay(%q) = %s, want no day", in, day.Format(time.DateOnly))
		}
	}
}

// TestReadMenuText reads a week's menu with its heading, meals carried
// over lines, and dishes one per line.
func TestReadMenuText(t *testing.T) {
	wed := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC)
	text := "下周食谱\n周一\n早餐：包子 豆浆\n午餐：红烧肉150g，番茄炒蛋；米饭\n周五晚餐：\n1. 饺子\n2. 紫菜汤\n3. 饺子"
	got, problem := readMenuText(text, wed, defaultVocab())
	if problem != "" {
		t.Fatal(problem)
	}
	want := []menuMeal{
		{Day: "2026-11-30", Meal: flows.MealBreakfast, Dishes: []string{"包子", "豆浆"}},
		{Day: "2026-11-30", Meal: flows.MealLunch, Dishes: []string{"红烧肉", "番茄炒蛋", "米饭"}},
		{Day: "2026-12-04", Meal: flows.MealDinner, Dishes: []string{"饺子", "紫菜汤"}},
	}
	if !slices.EqualFunc(got, want, func(a, b menuMeal) bool {
		return a.Day == b.Day && a.Meal == b.Meal && slices.Equal(a.Dishes, b.Dishes)
	}) {
		t.Errorf("readMenuText:\n got %+v\nwant %+v", got, want)
	}
	for _, bad := range []string{
		"本周一午餐：红烧肉", // this week's Monday is past
		"下周一午餐：" + "红烧肉烧土豆配上米饭再来一碗紫菜蛋花汤再加一个苹果做饭后水果最后一杯酸奶", // a dish over 30 characters
	} {
		if _, problem := readMenuText(bad, wed, defaultVocab()); problem == "" {
			t.Errorf("readMenuText(%q): no problem told", bad)
		}
	}
}
