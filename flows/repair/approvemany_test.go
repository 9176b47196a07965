package repair

import "testing"

// TestApprovesMany checks the words that approve several waiting jobs at
// once (user test 30b's T17 said other ways) against the near ones that
// refuse or ask.
func TestApprovesMany(t *testing.T) {
	for s, want := range map[string]bool{
		"暖气那几单都找外面修": true,
		"都让供暖公司来弄吧":  true,
		"都批了":        true,
		"这几个都同意":     true,
		"不要都外包":      false,
		"先别都找外面":     false,
		"都不用找厂家":     false,
		"这几个都外包出去吗":  false,
		"暖气的事先别批":    false,
		"暖气的事批了吗":    false,
		"暖气那几单我都看过了": false,
	} {
		if got := approvesMany(s); got != want {
			t.Errorf("approvesMany(%q) = %v, want %v", s, got, want)
		}
	}
}
