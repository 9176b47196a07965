package repair

import "testing"

// A job promised done later is not told done (the fifteenth user test's
// 「303的灯我下午去换，今天肯定搞定」 had started the completion); one said
// done with the same words in the past still is.
func TestPromiseIsNotDone(t *testing.T) {
	for text, want := range map[string]bool{
		"303的灯我下午去换，今天肯定搞定": false,
		"下午一定弄好":            false,
		"明天能修好":             false,
		"肯定修好了":             true,
		"302的灯搞定了":          true,
		"灯管换了 搞定":           true,
	} {
		if got := saysDone(text); got != want {
			t.Errorf("saysDone(%q) = %v, want %v", text, got, want)
		}
	}
}
