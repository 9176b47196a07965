package canteen

import (
	"strings"
	"testing"
	"time"
)

// A meal said in the middle of a menu line starts that meal's dishes;
// a meal word inside a dish's name, or last on the line, does not.
func TestSplitMeals(t *testing.T) {
	r := menuReader{today: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), words: defaultVocab()}
	for _, tt := range []struct{ in, want string }{
		{"明天早饭 肉包子 豆浆 茶叶蛋 午饭 宫保鸡丁 米饭", "明天早饭 肉包子 豆浆 茶叶蛋 | 午饭 宫保鸡丁 米饭"},
		{"明天早饭  肉包子  午饭  米饭", "明天早饭  肉包子 | 午饭  米饭"},
		{"早饭：肉包子，豆浆；午饭：米饭；晚饭：面条", "早饭：肉包子，豆浆 | 午饭：米饭 | 晚饭：面条"},
		{"明天午饭 红烧肉 米饭 后天午饭 鱼 米饭", "明天午饭 红烧肉 米饭 | 后天午饭 鱼 米饭"},
		{"明天午饭 红烧肉 米饭 午饭", "明天午饭 红烧肉 米饭 午饭"},
		{"明天早饭 早餐饼 豆浆", "明天早饭 早餐饼 豆浆"},
		{"  ", ""},
	} {
		if got := strings.Join(r.splitMeals(tt.in), " | "); got != tt.want {
			t.Errorf("splitMeals(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// Splitting a line never panics and keeps its words, in order.
func FuzzSplitMeals(f *testing.F) {
	for _, s := range []string{"明天早饭 肉包子 午饭 米饭", "早饭：包子；；午饭：  米饭", "午饭", " 、午饭 "} {
		f.Add(s)
	}
	r := menuReader{today: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), words: defaultVocab()}
	f.Fuzz(func(t *testing.T, line string) {
		pieces := r.splitMeals(line)
		squeeze := func(s string) string {
			return strings.Map(func(c rune) rune {
				if isMenuSep(c) {
					return -1
				}
				return c
			}, s)
		}
		if got, want := squeeze(strings.Join(pieces, "")), squeeze(line); got != want {
			t.Errorf("splitMeals(%q) = %q: words changed", line, pieces)
		}
	})
}
