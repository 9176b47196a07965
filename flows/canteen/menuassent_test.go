package canteen

import "testing"

// TestMenuAssent: at 「吃的就是这些的话回复「按菜单」」 a yes in words is the
// dishes shown (user test 29's R38); dishes named after a yes, or a no,
// are not.
func TestMenuAssent(t *testing.T) {
	for text, want := range map[string]bool{
		"对 就这些": true, "是的": true, "对": true, "嗯 都吃了": true, "就这些": true, "就是这几样": true, "没错，就这些了": true,
		"对 红烧鸡块和米饭": false, "不对": false, "只吃了米饭": false, "": false, "这些都没吃": false,
	} {
		if got := menuAssentRE.MatchString(text); got != want {
			t.Errorf("menuAssentRE.MatchString(%q) = %v, want %v", text, got, want)
		}
	}
}
