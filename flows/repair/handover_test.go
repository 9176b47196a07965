package repair

import (
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

// TestWeekEndDays: 这周之内 (user test 16's F40) is this Friday, or Sunday
// when said on Friday or at the weekend; on Sunday how long is asked.
func TestWeekEndDays(t *testing.T) {
	for _, c := range []struct {
		day  int // of December 2026: the 1st is a Tuesday
		text string
		want int
	}{
		{1, "这周之内弄好", 3}, {1, "本周内修好", 3}, {1, "这个星期之内", 3}, {1, "周末前弄好", 5},
		{4, "这周之内弄好", 2}, {5, "这周内", 1}, {6, "这周之内弄好", 0},
		{1, "三天内弄好", 0}, {1, "下周三", 0},
	} {
		now := time.Date(2026, 12, c.day, 7, 30, 0, 0, time.UTC)
		tr := &flows.Turn{Now: now, School: flows.School{Settings: flows.DefaultSettings()}}
		got, ok := weekEndDays(tr, c.text)
		if !ok {
			got = 0
		}
		if got != c.want {
			t.Errorf("12月%d日 weekEndDays(%q) = %d, want %d", c.day, c.text, got, c.want)
		}
	}
}

// TestHandOverWords: the words of a worker off sick, and whom a 转派
// answer names (老周 is 周师傅; one said ill is not meant).
func TestHandOverWords(t *testing.T) {
	for text, want := range map[string]bool{
		"我今天发烧了在医院输液，来不了学校，手上的活儿能不能先让别人干": true,
		"不是报修啊，我是说我生病请假了，303那个单子转给别人":     true,
		"孙师傅请假了 这个单子转给别人":                 false,
		"我感冒了 嗓子疼":       false,
		"303的水管漏了 在医院那边": false,
	} {
		if got := saysOffSick(text); got != want {
			t.Errorf("saysOffSick(%q) = %v, want %v", text, got, want)
		}
	}
	for _, c := range []struct{ name, full string }{{"老周", "周师傅"}, {"小周", "周师傅"}, {"周师傅", "周师傅"}, {"陈主任", "陈主任"}} {
		if !namesPerson(c.name, c.full) {
			t.Errorf("namesPerson(%q, %q) = false", c.name, c.full)
		}
	}
	for _, c := range []struct{ name, full string }{{"老王", "周师傅"}, {"老师", "师傅"}, {"王师傅", "周师傅"}} {
		if namesPerson(c.name, c.full) {
			t.Errorf("namesPerson(%q, %q) = true", c.name, c.full)
		}
	}
}
