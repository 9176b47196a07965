package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
)

// probe21World is the eighteenth user test's demo school: the
// seventeenth's (probe18World), where 王师傅 also does 土建.
func probe21World(t *testing.T, w *world) {
	probe18World(t, w)
	w.addRoute(w.school.ID, flows.TradeBuilding, "", w.staff(t, "王师傅"), 1)
}

// TestProbe21Words checks the words of user test 18's leaders that the
// transcripts probe21_* take, and their neighbours that must not be
// taken.
func TestProbe21Words(t *testing.T) {
	for _, c := range []struct {
		name string
		fn   func(string) bool
		text string
		want bool
	}{
		{"whoGoes", whoGoesRE.MatchString, "王师傅请假了 围墙那个紧急的谁去弄", true},
		{"whoGoes", whoGoesRE.MatchString, "303的灯派谁去修", true},
		{"whoGoes", whoGoesRE.MatchString, "围墙那个让哪个师傅去看看", true},
		{"whoGoes", whoGoesRE.MatchString, "图书馆门口地砖那单现在谁在弄", false},
		{"whoGoes", whoGoesRE.MatchString, "报修找谁", false},
		{"went", wentAskRE.MatchString, "二楼配电箱那个学生没事吧 孙师傅去了没", true},
		{"went", wentAskRE.MatchString, "孙师傅到了吗", true},
		{"went", wentAskRE.MatchString, "王师傅来不来得及", false},
		{"went", wentAskRE.MatchString, "让孙师傅去修", false},
		{"sendToDo", func(s string) bool { return sentToDo(s) != "" }, "302玻璃那个 王师傅不在 让孙师傅先去把碎玻璃清了 用板子挡一下", true},
		{"sendToDo", func(s string) bool { return sentToDo(s) != "" }, "叫周师傅马上过去把总阀关了", true},
		{"sendToDo", func(s string) bool { return sentToDo(s) != "" }, "让王师傅先拿纸板封上", false},
		{"approvalSaid", approvalSaid, "302玻璃同意配 三天内装好", true},
		{"approvalSaid", approvalSaid, "配电箱同意换", false},
		{"approvalSaid", approvalSaid, "302玻璃不同意配", false},
		{"defersThing", defersThing, "阅览室空调先放一放 年底没预算了 明年开春再说", true},
		{"defersThing", defersThing, "303灯暂缓吧 灯管等统一采购", true},
		{"defersThing", defersThing, "那就先放一放", false},
		{"defersThing", defersThing, "阅览室空调要不要先放一放", false},
	} {
		if got := c.fn(c.text); got != c.want {
			t.Errorf("%s(%q) = %v, want %v", c.name, c.text, got, c.want)
		}
	}
}
