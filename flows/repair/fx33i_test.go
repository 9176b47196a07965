package repair

import "testing"

// TestFx33iDecisionWords: a leader's decision on a job awaiting him in his
// own words (user test 33's T35, T36), and words that are none: a
// question, a report, a refusal asked about.
func TestFx33iDecisionWords(t *testing.T) {
	for _, c := range []struct {
		name string
		f    func(string) bool
		text string
		want bool
	}{
		{"defersThing", defersThing, "图书馆暖气管那个 周师傅说要等天暖和了才能焊 先暂缓 让他们先拿盆接着", true},
		{"defersThing", defersThing, "图书馆那个 周师傅说得等天暖和 就先放放吧", true},
		{"defersThing", defersThing, "投影仪那个 学生说推迟了两天", false},
		{"defersThing", defersThing, "图书馆那个 周师傅说要等 先暂缓吗", false},
		{"defersThing", defersThing, "图书馆那个 我说了不要 先暂缓", false},
		{"approvalSaid", approvalSaid, "那个就外包吧", true},
		{"approvalSaid", approvalSaid, "就找厂家来修吧", true},
		{"approvalSaid", approvalSaid, "外修吧", true},
		{"approvalSaid", approvalSaid, "外包公司来过了吧", false},
		{"approvalSaid", approvalSaid, "要不要外包吧", false},
		{"refuseSaid", refuseSaid, "不批 自己想办法", true},
		{"refuseSaid", refuseSaid, "不同意外修 先自己修修看", true},
		{"refuseSaid", refuseSaid, "没批 让周师傅自己想想办法", true},
		{"refuseSaid", refuseSaid, "不批的话自己能修吗", false},
		{"refuseSaid", refuseSaid, "不批 找厂家太贵", false},
		{"refuseSaid", refuseSaid, "我自己想办法", false},
		{"waitSeason", waitSeasonRE.MatchString, "等放假再修", true},
		{"waitSeason", waitSeasonRE.MatchString, "等到寒假再说", true},
		{"waitSeason", waitSeasonRE.MatchString, "放假前一定修好", false},
	} {
		if got := c.f(c.text); got != c.want {
			t.Errorf("%s(%q) = %v, want %v", c.name, c.text, got, c.want)
		}
	}
}
