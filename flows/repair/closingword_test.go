package repair

import "testing"

// TestWithoutClosingWord: a worker's closing 完成 is no news for the
// reporter; what he did is (user test 28's completion notice).
func TestWithoutClosingWord(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"302暖气放了气 现在有点温了 完成", "302暖气放了气 现在有点温了"},
		{"换了个阀芯 好了", "换了个阀芯"},
		{"完成", ""},
		{"完成了。", ""},
		{"搞定 完成 1", ""},
		{"好了 就是插头被踢掉了", "就是插头被踢掉了"},
		{"OK，灯管换了两根。", "灯管换了两根"},
		{"灯管换了 现在好了", "灯管换了 现在好了"},
		{"修好了但是还有点响", "修好了但是还有点响"},
		{"", ""},
	} {
		if got := withoutClosingWord(c.in); got != c.want {
			t.Errorf("withoutClosingWord(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
