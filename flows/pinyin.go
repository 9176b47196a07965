package flows

import (
	"strings"

	"github.com/mozillazg/go-pinyin"
)

// Sound returns the toneless pinyin of a Chinese name, syllables joined
// by spaces (姜国栋 and 蒋国栋 → "jiang guo dong"): what voice input keeps of
// a name when it writes it with other characters.
func Sound(name string) string {
	return strings.Join(pinyin.LazyPinyin(name, pinyin.NewArgs()), " ")
}

// Initials returns the lower-case pinyin initials of a Chinese name
// (李老师 → lls), so staff can be found by typing them; other letters and
// digits are kept as they are.
func Initials(name string) string {
	a := pinyin.NewArgs()
	a.Style = pinyin.FirstLetter
	a.Fallback = func(r rune, _ pinyin.Args) []string {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9') {
			return []string{strings.ToLower(string(r))}
		}
		return nil
	}
	var b strings.Builder
	for _, p := range pinyin.Pinyin(name, a) {
		if len(p) > 0 {
			b.WriteString(p[0])
		}
	}
	return b.String()
}
