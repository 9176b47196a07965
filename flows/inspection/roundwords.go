package inspection

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/internal/rx"
)

// A leader tells the check she is starting in her own words, not in the
// one shape plannedRoundRE reads (user test 29c's 刘副校长, V7, none
// understood): 「考试前再巡一遍 重点看消防通道和用电」「我现在要去做个考前的安全
// 检查啊主要看一下消防通道还有用电还有监控这几个方面」「开始考前安全简查 消防通道
// 用电」「我这边开始查了 考场周边的消防通道和监控」. Read as words: she says she
// starts (开始, 现在要去, 再) a check (巡一遍, 检查, 查了), names the areas it
// covers (areas), and tells nothing wrong, asks nothing and sets nothing
// for later (明天…提醒我 is no start).

// roundStartRE is the check said begun: 开始查了, 现在要去做个…检查, 再巡一遍,
// 开始考前安全检查.
var roundStartRE = rx.MustCompile(`(?:开始|现在要|现在去|要去|这就去|马上去|准备|再)\p{Han}{0,10}?(?:巡一遍|巡一圈|巡一下|巡查|巡视|检查|排查|查一遍|查一圈|查一下|查了|查)`)

// roundNotNowRE is a check asked about or set for later: 做了没有, 谁去查的,
// 明天早上七点…提醒我.
var roundNotNowRE = rx.MustCompile(`[？?]|吗|没有|了没|谁|哪个|提醒|明天|后天|下周|下午|晚上|到时候|几点|有没有`)

// roundTypos are a check's words as pinyin input mistypes them: 简查 for
// 检查.
var roundTypos = strings.NewReplacer("简查", "检查", "减查", "检查", "巡差", "巡查")

// areasNamed finds the areas text names, in its order, each once, the
// longest name first (消防通道, not 消防).
func areasNamed(text string) []string {
	var out []string
	rs := []rune(text)
	for i := 0; i < len(rs); {
		best, k := "", 0
		for _, a := range areas {
			for _, name := range a.Names {
				n := utf8.RuneCountInString(name)
				if n > k && n >= 2 && i+n <= len(rs) && string(rs[i:i+n]) == name {
					best, k = name, n
				}
			}
		}
		if k == 0 {
			i++
			continue
		}
		if !slices.Contains(out, best) && len(out) < MaxItems {
			out = append(out, best)
		}
		i += k
	}
	return out
}

// roundInWords reads a leader's own check said in words (see above): the
// areas it covers and its title (考前安全检查, or 安全检查); ok is false when
// text is not one.
func roundInWords(text string) (names []string, title string, ok bool) {
	s := roundTypos.Replace(strings.TrimSpace(text))
	if !roundStartRE.MatchString(s) || roundNotNowRE.MatchString(s) || troubleRE.MatchString(s) || dangerRE.MatchString(s) {
		return nil, "", false
	}
	names = areasNamed(s)
	if len(names) == 0 {
		return nil, "", false
	}
	switch {
	case strings.Contains(s, "考前") || strings.Contains(s, "考试前"):
		title = "考前安全检查"
	case strings.Contains(s, "期末"):
		title = "期末安全检查"
	default:
		title = "安全检查"
	}
	return names, title, true
}

// A leader asks whether a check was done and by whom in her own words:
// 「考前安全检查做了没有 谁去查的」 (user test 29c's V8, not understood). Any
// question whether a check was done, or who did it, with no other day or
// week named, is today's checks (todaysChecks).

// checkWordRE is a check named: 巡查, 安全检查, 消防检查.
var checkWordRE = rx.MustCompile(`巡查|巡检|检查|排查`)

// checkDoneAskRE asks whether it was done, or by whom: 做了没有, 查了吗,
// 谁去查的, 是谁做的.
var checkDoneAskRE = rx.MustCompile(`(?:做|查|检查|巡|巡查|完成|做完|查完)(?:过)?了?(?:没有?|吗|没得)|有没有(?:人)?(?:做|查|去查|检查)|谁(?:去|来)?(?:做|查|检查|巡)的?|(?:是)?谁(?:负责)?(?:查|做)的`)

// checkOtherDayRE is another day or the week named, or a check set for
// later: not today's checks.
var checkOtherDayRE = rx.MustCompile(`昨天|前天|明天|后天|这周|本周|上周|这个星期|这礼拜|上个月|这个月|提醒`)

// checksAskedInWords reports whether text asks whether today's checks
// were done, in words (see above).
func checksAskedInWords(text string) bool {
	s := strings.TrimSpace(text)
	return checkWordRE.MatchString(s) && checkDoneAskRE.MatchString(s) && !checkOtherDayRE.MatchString(s) &&
		!troubleRE.MatchString(s) && utf8.RuneCountInString(s) <= 30
}

// checkRemindRE asks to be reminded of a check later: 明天早上七点我要做考前
// 安全检查 到时候提醒我一下 (user test 29c's V8).
var checkRemindRE = rx.MustCompile(`提醒(?:我|一下|下)|叫我一下|到时候(?:喊|叫)我`)

// checkRemindAsked reports whether text asks to be reminded of a check.
func checkRemindAsked(text string) bool {
	return checkRemindRE.MatchString(text) && checkWordRE.MatchString(text)
}

// noRemindText answers a reminder asked for a check: houqin cannot set
// one; how to start it when the time comes.
const noRemindText = "抱歉，暂时不能设提醒。到时候直接发「开始安全检查」（可以接着说要查哪几块，比如「开始考前安全检查 消防通道 用电」），我就把检查清单发给你。"
