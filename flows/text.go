package flows

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// Clip shortens s to at most n runes, for fields shown in a chat line.
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}

// IsWord reports whether text, ignoring case and trailing punctuation, is
// one of words: 「取消。」 is 取消.
func IsWord(text string, words []string) bool {
	text = strings.ToLower(strings.TrimRight(text, "。.!！ "))
	return slices.Contains(words, text)
}

// RoleLabels names the roles in Chinese, joined by 、.
func RoleLabels(rs []Role) string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.Label()
	}
	return strings.Join(names, "、")
}
