package repair

import "testing"

// TestCauseSaid checks the cause a worker's done words give by
// themselves, so that he is not asked it.
func TestCauseSaid(t *testing.T) {
	for _, c := range []struct {
		text string
		want Cause
		ok   bool
	}{
		{"[图片]三楼女厕水管换了一截 好了 是冻裂的", CauseWear, true}, // user test 26's G6
		{"窗户合页换了 风刮坏的", CauseWear, true},
		{"楼梯灯管老化了 换了个新的 不闪了", CauseWear, true},
		{"门锁换了 是学生踢坏的", CauseDamage, true},
		{"水管换好了", "", false},
		{"灯管老化了 也有学生砸的", "", false}, // both: asked
	} {
		got, _, ok := causeSaid(c.text)
		if got != c.want || ok != c.ok {
			t.Errorf("causeSaid(%q) = %q, %v; want %q, %v", c.text, got, ok, c.want, c.ok)
		}
	}
}
