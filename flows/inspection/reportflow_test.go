package inspection

import (
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

// TestReportMonth: the month a question about the safety report names, on
// 1 December and in mid-March; a month still to come is last year's, and
// a named past month is whole.
func TestReportMonth(t *testing.T) {
	loc := flows.LoadLocation("Asia/Shanghai")
	dec1 := time.Date(2026, 12, 1, 2, 30, 0, 0, loc)
	mar := time.Date(2027, 3, 15, 9, 0, 0, 0, loc)
	for _, c := range []struct {
		text  string
		now   time.Time
		month string
		whole bool
		ok    bool
	}{
		{"安全月报", dec1, "2026-12", false, true},
		{"11月安全月报", dec1, "2026-11", true, true},
		{"十一月的安全月报", dec1, "2026-11", true, true},
		{"上个月的安全月报发我一下", dec1, "2026-11", true, true},
		{"上月安全月报", dec1, "2026-11", true, true},
		{"12月安全月报", dec1, "2026-12", false, true},
		{"3月份的安全月报", mar, "2027-03", false, true},
		{"1月安全月报", mar, "2027-01", true, true},
		{"12月安全月报", mar, "2026-12", true, true},
		{"十二月安全月报", mar, "2026-12", true, true},
		{"5月安全月报", mar, "2026-05", true, true},
		{"上个月的安全月报", mar, "2027-02", true, true},
		{"13月安全月报", mar, "", false, false},
	} {
		m, whole, ok := reportMonth(c.text, c.now, loc)
		if ok != c.ok || ok && (m.Format("2006-01") != c.month || whole != c.whole) {
			t.Errorf("reportMonth(%q, %s) = %s, whole %v, ok %v; want %s, whole %v, ok %v",
				c.text, c.now.Format("2006-01-02"), m.Format("2006-01"), whole, ok, c.month, c.whole, c.ok)
		}
	}
}

// TestReportAccepts: questions about the month's safety, with a request to
// send the report, are the report's; a hazard told is not.
func TestReportAccepts(t *testing.T) {
	for text, want := range map[string]bool{
		"这个月安全情况怎么样": true, "上个月的安全月报": true, "11月安全月报": true, "十一月的安全月报": true,
		"上个月的安全月报发我一下": true, "隐患排查情况": true, "这个月的安全情况发我看一下": true, "安全情况给我看看": true,
		"本月安全情况发一下": true, "现在还有哪些隐患没整改完": true, "还有几处隐患没处理": true,
		"最近有没有啥安全隐患没整改完的": true, "有没得隐患没整改完": true, "还有多少个隐患没整改完的": true, "现在还有隐患没处理完吗": true,
		"隐患没整改完": false, "操场的隐患没整改完 又有学生摔了": false,
		"把上个月的安全报告发我一下": true, "帮我把这个月的安全情况发一下": true, "麻烦把11月的安全报告发给我": true,
		"这个月的安全报告也要一份": true, "安全月报也发我一份": true, "上个月的安全报告再来一份": true, "安全报告顺便发我": true,
		"安全出口的灯也要换一个": false, "安全也要": false,
		"把灭火器换了": false, "安全出口被堵了": false, "隐患": false, "发现隐患 围墙有裂缝": false,
	} {
		if got := (ReportFlow{}).Accepts(&flows.Turn{Text: text}); got != want {
			t.Errorf("Accepts(%q) = %v, want %v", text, got, want)
		}
	}
}
