package flows

import (
	"strconv"
	"strings"
	"unicode"
)

// CleanText folds full-width letters and digits (ＡＢＣ１２３, full-width
// space) to half-width, drops control characters and trims and collapses spaces. It is
// applied to every inbound message before any flow reads it.
func CleanText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\u3000':
			r = ' '
		case r >= '０' && r <= '９', r >= 'Ａ' && r <= 'Ｚ', r >= 'ａ' && r <= 'ｚ', r == '＃', r == '＋', r == '－', r == '．':
			// Full-width letters and digits fold; Chinese punctuation
			// (，。：（）) stays as people wrote it.
			r = r - '！' + '!'
		}
		if r == '\n' {
			// Keep line breaks: a dish list is one dish per line.
			b.WriteRune('\n')
			space = false
			continue
		}
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if unicode.IsControl(r) || r == '\uFEFF' || r == '\u200B' {
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	lines := strings.Split(b.String(), "\n")
	out := lines[:0]
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

var chineseDigits = map[string]int{"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}

// ParseNumber reads a typed choice: "2", "2号", "第2个", "二".
func ParseNumber(s string) (int, bool) {
	s = strings.TrimSpace(s)
	s = strings.TrimPrefix(s, "第")
	for _, suf := range []string{"个", "号", "项", "条", "."} {
		s = strings.TrimSuffix(s, suf)
	}
	if n, ok := chineseDigits[s]; ok {
		return n, true
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > 1000 {
		return 0, false
	}
	return n, true
}
