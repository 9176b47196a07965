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
		// User test 29c's sign-offs in words (V20–V22), and nearby words
		// that are none.
		{"看了 桌子换新的了 可以", true}, {"那个303的桌子我刚去看了一下已经换了一张新的了没啥问题", true},
		{"桌子看到了 换了张新的 形", true}, {"303的桌子已经换好了 没问题", true}, {"看过了 椅子换了把新的 挺好", true},
		{"桌子看到了 是换了张新的 但是还是晃", false}, {"桌子还没换新的", false}, {"看了一下 还是不行", false},
		{"我刚去看了一下", false}, {"桌子没换 可以", false},
	} {
		if got := signsOff(c.text); got != c.want {
			t.Errorf("signsOff(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
