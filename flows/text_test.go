package flows_test

import (
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

func TestParseBindCommand(t *testing.T) {
	for _, tc := range []struct {
		in, code string
		ok       bool
	}{
		{"绑定 7K3M9QXA", "7K3M9QXA", true},
		{"绑定：7k3m9qxa", "7K3M9QXA", true},
		{"BIND 7K3M9QXA", "7K3M9QXA", true},
		{"绑定7K3M", "7K3M", true},
		{"绑定 7K3", "", false},
		{"绑定 7K3M9QXA 谢谢", "", false},
		{"请绑定 7K3M9QXA", "", false},
		{"绑定 ７K3M9QXA", "", false}, // full width is folded by parse.Normalize before, not here
	} {
		code, ok := flows.ParseBindCommand(tc.in)
		if code != tc.code || ok != tc.ok {
			t.Errorf("ParseBindCommand(%q) = %q, %v; want %q, %v", tc.in, code, ok, tc.code, tc.ok)
		}
	}
}

// FuzzParseBindCommand: whatever is accepted is a code of 4–16 letters and
// digits, upper-cased, that the sender typed.
func FuzzParseBindCommand(f *testing.F) {
	for _, s := range []string{"绑定 7K3M9QXA", "bind:abcd", "绑定：", "绑定 " + strings.Repeat("A", 17)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		code, ok := flows.ParseBindCommand(s)
		if !ok {
			return
		}
		if n := len(code); n < 4 || n > 16 || strings.ToUpper(code) != code {
			t.Fatalf("ParseBindCommand(%q) = %q", s, code)
		}
		for _, r := range code {
			if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
				t.Fatalf("ParseBindCommand(%q) = %q: not a code character %q", s, code, r)
			}
		}
		if !strings.Contains(strings.ToUpper(s), code) {
			t.Fatalf("ParseBindCommand(%q) = %q: not what was typed", s, code)
		}
		if again, ok := flows.ParseBindCommand(flows.BindCommand(code)); !ok || again != code {
			t.Fatalf("ParseBindCommand(BindCommand(%q)) = %q, %v", code, again, ok)
		}
	})
}

// FuzzParseClock: an accepted clock is a time of day that prints and parses
// back to itself.
func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"07:30", "7:30", "23:59", "24:00", "-1:00", "12:60", "1:2", "+7:30", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := flows.ParseClock(s)
		if err != nil {
			return
		}
		if c < 0 || c >= 24*60 {
			t.Fatalf("ParseClock(%q) = %d, outside a day", s, c)
		}
		back, err := flows.ParseClock(c.String())
		if err != nil || back != c {
			t.Fatalf("ParseClock(%q) = %v; its String %q parses to %v, %v", s, c, c.String(), back, err)
		}
	})
}

// A relative day is spelt as a date near midnight (user test 28's P3): a
// notice written at 23:59 is read after midnight, and a due time in the
// small hours of tomorrow is easily taken for the night after.
func TestFormatWhen(t *testing.T) {
	loc := flows.LoadLocation("Asia/Shanghai")
	at := func(day, hour, min int) time.Time { return time.Date(2026, 12, day, hour, min, 0, 0, loc) }
	for _, tc := range []struct {
		at, now time.Time
		want    string
	}{
		{at(3, 21, 0), at(3, 14, 0), "今天 21:00"},
		{at(4, 7, 30), at(3, 14, 0), "明天 07:30"},
		{at(2, 18, 10), at(3, 14, 0), "昨天 18:10"},
		{at(4, 7, 30), at(3, 21, 59), "明天 07:30"},
		{at(4, 7, 30), at(3, 22, 0), "12月4日 07:30"},
		{at(4, 1, 59), at(3, 23, 59), "12月4日 01:59"},
		{at(4, 7, 30), at(4, 0, 10), "12月4日 07:30"},
		{at(4, 1, 30), at(3, 21, 30), "12月4日 01:30"},
		{at(4, 4, 0), at(3, 15, 0), "明天 04:00"},
		{at(4, 7, 30), at(4, 4, 0), "今天 07:30"},
		{at(6, 9, 0), at(3, 14, 0), "12月6日 09:00"},
		{at(4, 0, 0), at(3, 15, 0), "今天 24:00"},
		{at(5, 0, 0), at(3, 15, 0), "明天 24:00"},
		{at(4, 0, 0), at(3, 23, 0), "12月3日 24:00"},
	} {
		if got := flows.FormatWhen(tc.at, tc.now, loc); got != tc.want {
			t.Errorf("FormatWhen(%s, now %s) = %q, want %q", tc.at.Format("01-02 15:04"), tc.now.Format("01-02 15:04"), got, tc.want)
		}
	}
}

// TestClipKeepsNumbersWhole: a clipped field never shows part of a number
// (「标签202」 of 标签2023年到期 could be read as room 202), unless that
// would drop more than half of what fits.
func TestClipKeepsNumbersWhole(t *testing.T) {
	for _, c := range []struct {
		in   string
		n    int
		want string
	}{
		{"三楼楼梯口有个灭火器过期了 2023年的；灭火器 标签2023年到期", 30, "三楼楼梯口有个灭火器过期了 2023年的；灭火器 标签"},
		{"灯不亮 302", 6, "灯不亮"},
		{"灯不亮了，教室很暗", 5, "灯不亮了，"},
		{"1234567890", 4, "1234"}, // nothing before the run: cut as before
		{"投影仪HDMI接口松了", 5, "投影仪"},
		{"302灯不亮", 3, "302"},
	} {
		if got := flows.Clip(c.in, c.n); got != c.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", c.in, c.n, got, c.want)
		}
	}
	if got := flows.ClipWords("灭火器压力不够 编号A12345需要更换", 11); got != "灭火器压力不够" {
		t.Errorf("ClipWords cut = %q", got)
	}
	if got := flows.ClipWords("灭火器压力不够编号A12345需要更换", 11); got != "灭火器压力不够编号" {
		t.Errorf("ClipWords cut in a number = %q", got)
	}
}
