package repair

import (
	"strings"
	"unicode"

	"github.com/houqin/houqin/internal/rx"
)

// Nonsense reports whether text says nothing a person could mean: Latin
// letters that are neither pinyin nor a common English word (asdfjkl;,
// qwer, hhhhh — keyboard mashing), or punctuation alone (。。。, ;;).
// Such text is never stored as a comment, a reason, a place or a
// description; it is answered as not understood, with the question that
// waits. Chinese characters, digits and emoji always say something.
func Nonsense(text string) bool {
	text = strings.TrimSpace(text)
	if text == "" {
		return false
	}
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			words = append(words, strings.ToLower(b.String()))
			b.Reset()
		}
	}
	for _, r := range text {
		switch {
		case r < 128 && unicode.IsLetter(r):
			b.WriteRune(r)
			continue
		case unicode.IsLetter(r), unicode.IsDigit(r), unicode.Is(unicode.So, r):
			return false // 好, 3, 👍
		}
		flush()
	}
	flush()
	for _, w := range words {
		if latinWords[w] || isPinyin(w) {
			return false
		}
	}
	return true
}

// latinWords are the English words and abbreviations staff type among
// Chinese: 投影 ppt, wifi 连不上, ok.
var latinWords = map[string]bool{
	"ok": true, "okay": true, "good": true, "nice": true, "great": true, "fine": true, "cool": true, "perfect": true,
	"thanks": true, "thank": true, "thx": true, "yes": true, "no": true, "hi": true, "hello": true, "bye": true,
	"wifi": true, "ppt": true, "pc": true, "tv": true, "led": true, "usb": true, "hdmi": true, "vga": true, "ac": true,
	"bug": true, "app": true, "ip": true, "it": true, "diy": true, "vip": true,
}

// pinyinSyllableRE is one toneless pinyin syllable.
var pinyinSyllableRE = rx.MustCompile(`^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|ong|iao|ian|uai|uan|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un|ue|ve|a|o|e|i|u|v)$`)

// isPinyin reports whether w splits wholly into pinyin syllables
// (diannao, baoxiu): words typed without a Chinese input method.
func isPinyin(w string) bool {
	// ok[i]: w[:i] splits into syllables. A syllable is at most six letters
	// (zhuang).
	ok := make([]bool, len(w)+1)
	ok[0] = true
	for i := 1; i <= len(w); i++ {
		for j := max(0, i-6); j < i && !ok[i]; j++ {
			ok[i] = ok[j] && pinyinSyllableRE.MatchString(w[j:i])
		}
	}
	return ok[len(w)]
}
