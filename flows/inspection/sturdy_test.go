package inspection

import "testing"

// TestSaidGoneSturdy: a clause approving the work itself (焊得挺结实) is
// part of a re-check told in words, beside a look or the hazard gone
// (user test 18's N13; the brief p25insp), never alone, never denied.
func TestSaidGoneSturdy(t *testing.T) {
	for _, c := range []struct {
		text string
		want bool
	}{
		{"围墙我看了 焊得挺结实 好了", true},
		{"看过了 修的挺牢固 没问题", true},
		{"我去看了 装得很稳", true},
		{"焊得挺结实", false},
		{"围墙我看了 焊得不结实", false},
	} {
		if got, _ := saidGone(c.text); got != c.want {
			t.Errorf("saidGone(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}
