package repair

import (
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

// TestNamedTime reads the times a leader names with an urgent order, in
// the school's time zone (user test 32's T27), and no time where there is
// none.
func TestNamedTime(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Skip(err)
	}
	now := time.Date(2026, 12, 3, 12, 30, 0, 0, loc) // a Thursday
	tr := &flows.Turn{Now: now.UTC(), School: flows.School{Timezone: "Asia/Shanghai", Settings: flows.DefaultSettings()}}
	for _, c := range []struct {
		text string
		want string // 2006-01-02 15:04 in Shanghai, "" for none
	}{
		{"礼堂那边的活都改成紧急 两点家长会就开始了 抓紧", "2026-12-03 14:00"},
		{"考场的都先弄 明早八点开考", "2026-12-04 08:00"},
		{"302的灯下午三点前必须修好", "2026-12-03 15:00"},
		{"礼堂麦克风 两点半之前弄好", "2026-12-03 14:30"},
		{"明天上午十点之前把图书馆的暖气修了", "2026-12-04 10:00"},
		{"改紧急 14:30前弄好", "2026-12-03 14:30"},
		{"改紧急 3点前", "2026-12-03 15:00"},
		{"晚上七点要用", "2026-12-03 19:00"},
		{"改成紧急 八点开考", "2026-12-03 08:00"}, // past: the caller says so
		{"改成紧急 快一点弄", ""},
		{"7号单改紧急", ""},
		{"改紧急 307玻璃碎了", ""},
		{"两点的会在礼堂", ""}, // no order either: never reaches a tier change
	} {
		got, ok := namedTime(tr, c.text)
		s := ""
		if ok {
			s = got.In(loc).Format("2006-01-02 15:04")
		}
		if s != c.want {
			t.Errorf("namedTime(%q) = %q, want %q", c.text, s, c.want)
		}
	}
}

// TestDropUrging keeps the reason of an urgent order whole and drops the
// clauses that only urge.
func TestDropUrging(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"两点家长会就开始了 抓紧", "两点家长会就开始了"},
		{"抓紧，两点家长会就开始了", "两点家长会就开始了"},
		{"两点前肯定装不上，玻璃要去外面配", "两点前肯定装不上，玻璃要去外面配"},
		{"考场要用 赶紧弄一下吧", "考场要用"},
		{"抓紧", ""},
		{"快点修好 考场要用", "快点修好 考场要用"},
	} {
		if got := dropUrging(c.in); got != c.want {
			t.Errorf("dropUrging(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestDueOrderWords tells a leader's order to have a job done by a time
// from the words that are not one.
func TestDueOrderWords(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"302的灯下午三点前必须修好", true},
		{"礼堂麦克风 两点半之前弄好", true},
		{"明天上午十点之前把图书馆的暖气修了", true},
		{"这个单子今天下午四点前弄完", true},
		{"考场的都先弄 明早八点开考", true},
		{"两点的会在礼堂", false},
		{"302的灯下午三点修好了", false},
		{"302的灯下午三点前能修好吗", false},
		{"礼堂麦克风改成紧急 两点前弄好", false}, // a tier change: askReclassWhy's
		{"我觉得两点前来得及", false},
		{"礼堂那边都弄好了吗 两点就开会了", false},
		{"302的灯修好没有 三点前必须修好", false}, // asked first: the flows answer it
	} {
		if got := dueOrderWords(c.text); got != c.want {
			t.Errorf("dueOrderWords(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
