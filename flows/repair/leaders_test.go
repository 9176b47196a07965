package repair

import (
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

// TestDateDays: a date said where houqin asks for days, counted from a
// Tuesday (2026-12-01).
func TestDateDays(t *testing.T) {
	now := time.Date(2026, 12, 1, 7, 30, 0, 0, time.UTC)
	for text, want := range map[string]int{
		"明天": 1, "后天": 2, "大后天": 3, "周五": 3, "星期五吧": 3, "周一": 6, "周二": 0, "这周三": 1,
		"下周三吧": 8, "下个星期一": 6, "下礼拜天": 12, "12月9日": 8, "9号": 8, "下下周一": 13,
		"3天": 0, "今天": 0, "1号": 31, "12月1日": 0, "2月30日": 0,
	} {
		tr := &flows.Turn{Now: now, School: flows.School{Settings: flows.DefaultSettings()}}
		got, ok := dateDays(tr, text)
		if !ok {
			got = 0
		}
		if got != want {
			t.Errorf("dateDays(%q) = %d, want %d", text, got, want)
		}
	}
}

// TestWeekdayDays: a weekday said before it (tomorrow's), on it (today,
// 0 days: 周四前修好 said on a Thursday had been next week's Thursday),
// and after it (next week's), each way a person says it; 下周四 is always
// next week's, 这周三 said on a Thursday is past, no day.
func TestWeekdayDays(t *testing.T) {
	for _, c := range []struct {
		day  int // of December 2026: 2 is a Wednesday, 3 Thursday, 4 Friday
		text string
		want int // -1 for none
	}{
		{2, "周四前修好", 1}, {2, "星期四", 1}, {2, "这周四", 1}, {2, "礼拜四下午", 1}, {2, "下周四", 8},
		{3, "周四前修好", 0}, {3, "星期四", 0}, {3, "这周四", 0}, {3, "本周四", 0}, {3, "这个礼拜四", 0},
		{3, "周四下午巡查", 0}, {3, "下周四", 7}, {3, "下个星期四", 7}, {3, "下下周四", 14},
		{3, "周三", 6}, {3, "这周三", -1}, {3, "周五", 1},
		{4, "周四前修好", 6}, {4, "星期四", 6}, {4, "下周四", 6}, {4, "这周四", -1},
	} {
		now := time.Date(2026, 12, c.day, 1, 30, 0, 0, time.UTC) // 9:30 in Shanghai
		tr := &flows.Turn{Now: now, School: flows.School{Settings: flows.DefaultSettings()}}
		got, _, ok := dateDaysOf(tr, c.text)
		if !ok {
			got = -1
		}
		if got != c.want {
			t.Errorf("12月%d日 dateDaysOf(%q) = %d, want %d", c.day, c.text, got, c.want)
		}
	}
}

// TestSeasonDue: a deferral's time said as the school year goes, as the
// day it means, from a day in each half of the year.
func TestSeasonDue(t *testing.T) {
	for _, c := range []struct {
		now  string
		text string
		want string // "" for none
	}{
		{"2026-12-01", "明年开春吧", "2027-03-01"},
		{"2026-12-01", "开春以后再说", "2027-03-01"},
		{"2027-01-10", "开春", "2027-03-01"},
		{"2027-01-10", "明年开春", "2028-03-01"},
		{"2026-12-01", "寒假", "2027-01-20"},
		{"2026-12-01", "等放假再说", "2027-01-20"},
		{"2027-05-10", "等放假再说", "2027-07-15"},
		{"2027-05-10", "下学期", "2027-09-01"},
		{"2026-12-01", "下学期吧", "2027-03-01"},
		{"2026-12-01", "三个月", "2027-03-01"},
		{"2026-12-01", "半年", "2027-06-01"},
		{"2026-12-01", "过几天", ""},
		{"2026-12-01", "两个月", ""}, // parseDays' (60 days)
	} {
		now, _ := time.ParseInLocation("2006-01-02", c.now, flows.LoadLocation("Asia/Shanghai"))
		tr := &flows.Turn{Now: now.Add(9 * time.Hour), School: flows.School{Timezone: "Asia/Shanghai", Settings: flows.DefaultSettings()}}
		due, ok := seasonDue(tr, c.text)
		got := ""
		if ok {
			got = due.In(tr.School.Location()).Format("2006-01-02")
		}
		if got != c.want {
			t.Errorf("%s: seasonDue(%q) = %q, want %q", c.now, c.text, got, c.want)
		}
	}
}

// TestLeaderWords: the leaders' questions and decisions of leaders.go.
func TestLeaderWords(t *testing.T) {
	for _, c := range []struct {
		re   interface{ MatchString(string) bool }
		text string
		want bool
	}{
		{overdueAskRE, "现在还有哪些单子超时了", true},
		{overdueAskRE, "目前有几个单子逾期了", true},
		{overdueAskRE, "哪些报修超期了", true},
		{overdueAskRE, "303灯超时了还没人来", false},
		{workerJobsAskRE, "孙师傅今天手上都有哪些活", true},
		{workerJobsAskRE, "王师傅手头还有几个单子", true},
		{placeJobsAskRE, "303那几个单子拖了十天了 怎么回事 谁在管", true},
		{placeJobsAskRE, "饮水机的报修现在谁负责", true},
		{placeJobsAskRE, "图书馆那个单子什么情况", true},
		{placeJobsAskRE, "303的灯不亮了 怎么回事", false},
		{placeJobsAskRE, "302教室灯不亮", false},
		{deicticRE, "这几", true},
		{deicticRE, "图书馆", false},
		{decisionAskedRE, "要不要批准", true},
		{decisionAskedRE, "批准 买玻璃", false},
		{deferSaidRE, "灯泡还没到货 先暂缓吧 下周三到", true},
		{deferSaidRE, "先放一放 等配件", true},
		{approveSaidRE, "批准 买玻璃", true},
		{approveSaidRE, "玻璃的事同意 让王师傅明天装好", true},
		{approveSaidRE, "不同意 先修修看", false},
		{approveThingRE, "玻璃的事同意 让王师傅明天装好", true},
		{approveThingRE, "门锁那个批准了", true},
		{approveThingRE, "同意", false},
		{approveThingRE, "303饮水机那单我批了 找厂家来修", true},
		{approveThingRE, "投影仪那个可以 买新的", true},
		{approveThingRE, "投影仪那个可以了 谢谢", false},
		{sendSaidRE, "换个人 让周师傅去", true},
		{sendSaidRE, "叫孙师傅过去一趟", true},
		{sendSaidRE, "让学生去门卫室拿", false},
		{reassignAskRE, "换个人吧", true},
		{reassignAskRE, "换个灯泡", false},
	} {
		if got := c.re.MatchString(c.text); got != c.want {
			t.Errorf("%q: match = %v, want %v", c.text, got, c.want)
		}
	}
}

// TestApprovalSaid: a leader's approval in his own words (the fourteenth
// user test's 「303饮水机那单我批了 找厂家来修 三天之内弄好」), and words
// that are none: a question, a refusal, 行 inside a word.
func TestApprovalSaid(t *testing.T) {
	for text, want := range map[string]bool{
		"303饮水机那单我批了 找厂家来修 三天之内弄好": true, "批了 让厂家上门": true, "行 找厂家售后吧": true,
		"302窗户可以 买新合页 两天内装好": true, "同意采购": true, "饮水机加热管同意买 三天内弄好": true,
		"要不要找厂家来修？": false, "不同意外修 先自己修修看": false, "没批 找厂家太贵": false,
		"行政楼饮水机找厂家来修过": false, "厂家来修过了": false, "谢谢王师傅": false,
	} {
		if got := approvalSaid(text); got != want {
			t.Errorf("approvalSaid(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestDefersThing: 暂缓 said of a thing's job, not asked, not denied.
func TestDefersThing(t *testing.T) {
	for text, want := range map[string]bool{
		"投影仪那个先缓缓 等下学期统一换新的": true, "玻璃的事先放一放": true, "303饮水机那单暂缓吧": true,
		"投影仪那个不暂缓了": false, "投影仪那个要不要先缓缓？": false, "先缓缓": false, "投影仪那个修好了": false,
	} {
		if got := defersThing(text); got != want {
			t.Errorf("defersThing(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestDueSaid: the deadline in a leader's decision (user test 17), said on
// Tuesday 2026-12-01 at 09:40 in the school's time: the day and the time
// said, a day said as a reason (明天考试) not the deadline when another is
// said, and 快一点 no time.
func TestDueSaid(t *testing.T) {
	set := flows.DefaultSettings()
	tr := &flows.Turn{School: flows.School{Settings: set}}
	loc := tr.School.Location()
	tr.Now = time.Date(2026, 12, 1, 9, 40, 0, 0, loc)
	at := func(d, h, m int) time.Time { return time.Date(2026, 12, d, h, m, 0, 0, loc) }
	small := set.SmallDue.On(tr.Now, loc)
	for text, want := range map[string]time.Time{
		"批准采购 让他自己去买 今天务必装上 明天考试": small,
		"不对 我说的是今天之内装好 明天是考试":     small,
		"今天就得弄好":      small,
		"今天晚上九点":      at(1, 21, 0),
		"同意延期 明天中午之前": at(2, 12, 0),
		"同意延到明天中午12点": at(2, 12, 0),
		"下午三点前弄好":     at(1, 15, 0),
		"明天考试":        small.AddDate(0, 0, 1),
		"快一点弄好":       {},
		"今天王师傅请假了":    {},
		"早上七点":        {}, // past
	} {
		got, ok := dueSaid(tr, text)
		if !ok {
			got = time.Time{}
		}
		if !got.Equal(want) {
			t.Errorf("dueSaid(%q) = %v, want %v", text, got, want)
		}
	}
}
