package parse

import (
	"strconv"
	"strings"
)

// ParseChoice reads a numbered choice from 1 to n typed instead of tapping a
// button (a WeChat passive reply has none): "1", "１", "1号", "1.", "第1个",
// "选2", "第三项", "三", "③". It reports false for anything else, including
// numbers outside 1..n, so the flow can treat the text as something else.
func ParseChoice(text string, n int) (int, bool) {
	t := strings.ReplaceAll(Normalize(text), " ", "")
	t = strings.TrimPrefix(t, "选")
	t = strings.TrimPrefix(t, "第")
	t = strings.TrimRight(t, ".。、!！")
	for _, suf := range []string{"个", "号", "项", "条", "位", "种"} {
		if rest, ok := strings.CutSuffix(t, suf); ok {
			t = rest
			break
		}
	}
	k, ok := choiceNumber(t)
	if !ok || k < 1 || k > n {
		return 0, false
	}
	return k, true
}

func choiceNumber(t string) (int, bool) {
	if r := []rune(t); len(r) == 1 && r[0] >= '①' && r[0] <= '⑳' {
		return int(r[0]-'①') + 1, true
	}
	if t != "" && len(t) <= 4 && strings.IndexFunc(t, func(r rune) bool { return !isDigit(r) }) < 0 {
		k, err := strconv.Atoi(t)
		return k, err == nil
	}
	return Numeral(t)
}
