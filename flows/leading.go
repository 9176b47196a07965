package flows

import "strings"

// LeadingWord reports whether text begins with one of words as a part of
// its own (before a space or a punctuation mark), and returns the words
// after it: 「要 让陈主任盯一下」 begins with 要, and the rest is
// 「让陈主任盯一下」. A question's answer said first and explained after
// is read by it; the rest is "" when text is the word alone.
func LeadingWord(text string, words []string) (rest string, ok bool) {
	text = strings.TrimSpace(text)
	i := strings.IndexFunc(text, func(r rune) bool { return strings.ContainsRune(" 　，,。.！!、；;：:~", r) })
	if i < 0 {
		return "", IsWord(text, words)
	}
	if !IsWord(text[:i], words) {
		return "", false
	}
	rest = strings.TrimLeft(text[i:], " 　，,。.！!、；;：:~")
	return strings.TrimSpace(rest), true
}
