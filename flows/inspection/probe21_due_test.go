package inspection

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// A deadline said with how a hazard is dealt with (user test 18, F61:
// 「不用修 让陈主任安排人清走纸箱 换灭火器 明天之前弄好」) is the hazard's when a
// leader says it; a guard's later one does not stretch the level's rule.
func TestDueSaidAtHandle(t *testing.T) {
	for _, c := range []struct {
		who, want string
	}{{"刘副校长", "11月21日 21:00"}, {"老郑", "11月20日 21:00"}} {
		w, f := newWorld(t)
		out := flowtest.Play(t, w, "at 15:00\n"+c.who+": [图片]实验楼三楼消防通道堆了好多纸箱子\n"+c.who+": 较大\n"+
			c.who+": 不用修 让陈主任安排人清走纸箱 明天之前弄好\n")
		if len(f.hazards) != 1 {
			t.Fatalf("%s: %d hazards:\n%s", c.who, len(f.hazards), out)
		}
		if got := f.hazards[0].DueAt.In(flowtest.Start.Location()).Format("1月2日 15:04"); got != c.want {
			t.Errorf("%s: due %s, want %s:\n%s", c.who, got, c.want, out)
		}
	}
}
