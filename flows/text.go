package flows

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Clip shortens s to at most n runes, for fields shown in a chat line.
// It never cuts a number or a Latin word in two (see cutBefore).
func Clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)
	return string(rs[:cutBefore(rs, n)])
}

// cutBefore is where to cut rs to keep at most n of its runes (n <
// len(rs)): n, or, when n falls inside a run of ASCII digits and letters,
// the start of that run, so long as half of n is kept. A cut number is a
// wrong number: 「灭火器 标签2023年到期」 cut at 30 read 「标签202」 (user test
// 34), and 202 could be a room.
func cutBefore(rs []rune, n int) int {
	if n <= 0 || !asciiAlnum(rs[n-1]) || !asciiAlnum(rs[n]) {
		return n
	}
	i := n - 1
	for i > 0 && asciiAlnum(rs[i-1]) {
		i--
	}
	if i < (n+1)/2 {
		return n
	}
	for i > 0 && rs[i-1] == ' ' {
		i--
	}
	return i
}

func asciiAlnum(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

// ClipWords is s cut to at most n characters, like Clip, but at the end
// of its last clause or word that fits (a space or a comma before the
// cut), when that keeps at least half of them: a job's summary reads
// 「暖气片冰凉 一点不热」, not 「暖气片冰凉 一点不热；返」 (user test 28's N43).
func ClipWords(s string, n int) string {
	rs := []rune(s)
	if len(rs) <= n {
		return s
	}
	if strings.ContainsRune("了啦呢吧啊！!？?~～", rs[n]) {
		return string(rs[:n]) // 怕是漏电(了): the clause's last word
	}
	for i := n; i >= (n+1)/2 && i > 0; i-- {
		if strings.ContainsRune(" 　，,；;、。", rs[i]) {
			return strings.TrimRight(string(rs[:i]), " 　，,；;、。")
		}
	}
	return string(rs[:cutBefore(rs, n)])
}

// IsWord reports whether text, ignoring case and trailing punctuation, is
// one of words: 「取消。」 is 取消.
func IsWord(text string, words []string) bool {
	text = strings.ToLower(strings.TrimRight(text, "。.!！ "))
	return slices.Contains(words, text)
}

// WordsAck are the words that acknowledge a notice (好的, 收到, 知道了):
// they say the message was read, and nothing more.
var WordsAck = []string{"好", "好的", "好滴", "好嘞", "收到", "收到了", "知道了", "知道", "明白", "明白了", "了解", "ok", "okay", "嗯", "嗯嗯", "行", "好的收到", "收到谢谢", "好的谢谢"}

// IsAck reports whether text is only an acknowledgement (WordsAck),
// once or twice (「好的，收到」).
func IsAck(text string) bool {
	parts := strings.FieldsFunc(strings.TrimSpace(text), func(r rune) bool { return strings.ContainsRune("，,。.！!~ 、", r) })
	if len(parts) == 0 || len(parts) > 2 {
		return false
	}
	for _, p := range parts {
		if !IsWord(p, WordsAck) {
			return false
		}
	}
	return true
}

// RoleLabels names the roles in Chinese, joined by 、.
func RoleLabels(rs []Role) string {
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.Label()
	}
	return strings.Join(names, "、")
}

// LateText says how long something is, late or left, as chat and pages
// say it: 45 分钟, 2.5 小时, 12 小时, 3 天 4 小时, 10 天 — never 245.5 小时.
func LateText(d time.Duration) string {
	switch {
	case d < time.Hour:
		return fmt.Sprintf("%d 分钟", int(d.Minutes()))
	case d < 48*time.Hour:
		return strings.TrimSuffix(fmt.Sprintf("%.1f", d.Hours()), ".0") + " 小时"
	}
	days := int(d / (24 * time.Hour))
	if h := int((d - time.Duration(days)*24*time.Hour) / time.Hour); h > 0 {
		return fmt.Sprintf("%d 天 %d 小时", days, h)
	}
	return fmt.Sprintf("%d 天", days)
}
