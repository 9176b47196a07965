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
		"明天": 1, "后天": 2, "大后天": 3, "周五": 3, "星期五吧": 3, "周一": 6, "周二": 7, "这周三": 1,
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
