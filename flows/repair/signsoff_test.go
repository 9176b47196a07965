package repair

import "testing"

// TestSignsOff: a fixed word after the thing is a sign-off; the same word
// negated before it is a fault (「投影仪不亮了」 had signed off a teacher's
// unrelated repair awaiting her).
func TestSignsOff(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"门好了", true}, {"303灯亮了", true}, {"灯亮了，谢谢", true}, {"水龙头不漏了", true},
		{"下水道通了", true}, {"好了", true},
		{"投影仪不亮了", false}, {"灯不亮了", false}, {"水管不通了", false}, {"还没修好了", false},
		{"灯没亮了", false}, {"修好了没", false},
	} {
		if got := signsOff(c.text); got != c.want {
			t.Errorf("signsOff(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
