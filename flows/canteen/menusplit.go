package canteen

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// splitMeals cuts a menu line where another meal begins in its middle:
// 「明天早饭 肉包子 豆浆 茶叶蛋 午饭 宫保鸡丁 米饭」 is breakfast's dishes, then
// lunch's (the eighteenth user test's 钱阿姨 put both meals on one line and
// all eight dishes went to breakfast). A meal (or a day and a meal) starts
// a piece when it stands as a word of its own, after a space or a
// separator and before its dishes; the first piece keeps the line's start.
func (r *menuReader) splitMeals(line string) []string {
	var out []string
	start := 0
	for i, c := range line {
		if i <= start || !isMenuSep(c) {
			continue // the line's start, a word, or a separator already passed
		}
		j := i
		for j < len(line) {
			next, size := utf8.DecodeRuneInString(line[j:])
			if !isMenuSep(next) {
				break
			}
			j += size
		}
		if j >= len(line) || strings.TrimSpace(line[start:i]) == "" || !r.startsMeal(line[j:]) {
			continue
		}
		out = append(out, strings.TrimSpace(line[start:i]))
		start = j
	}
	return append(out, strings.TrimSpace(line[start:]))
}

// startsMeal reports whether s begins with a meal word (maybe after a
// day) standing alone, with dishes after it: 午饭 宫保鸡丁, 晚饭：面条,
// 后天早饭 包子. 午饭肉 or a meal word that names a dish (点心 130g) is not.
func (r *menuReader) startsMeal(s string) bool {
	s = strings.TrimSpace(s)
	if _, rest, ok := r.days(s); ok {
		s = strings.TrimPrefix(strings.TrimSpace(rest), "的")
	}
	_, rest, ok := r.meal(s)
	if !ok || strings.TrimSpace(rest) == "" {
		return false // a meal word last on the line heads nothing
	}
	word := s[:len(s)-len(rest)]
	return len(strings.TrimRightFunc(word, isMenuSep)) < len(word)
}

// isMenuSep is what separates a menu line's words: a space or the
// punctuation between dishes.
func isMenuSep(c rune) bool {
	return unicode.IsSpace(c) || strings.ContainsRune("，,；;。、:：", c)
}
