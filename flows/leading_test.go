package flows

import "testing"

func TestLeadingWord(t *testing.T) {
	words := []string{"要", "需要", "不用"}
	for _, tc := range []struct {
		text, rest string
		ok         bool
	}{
		{"要 让陈主任盯一下", "让陈主任盯一下", true},
		{"需要，下周再看看", "下周再看看", true},
		{"要", "", true},
		{"不用。", "", true},
		{"要是能快点就好了", "", false},
		{"让陈主任盯一下", "", false},
	} {
		rest, ok := LeadingWord(tc.text, words)
		if rest != tc.rest || ok != tc.ok {
			t.Errorf("LeadingWord(%q) = %q, %v; want %q, %v", tc.text, rest, ok, tc.rest, tc.ok)
		}
	}
}
