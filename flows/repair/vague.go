package repair

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// vagueFaultRE is a fault said without saying what is wrong: 好像有点问题,
// 有毛病, 不对劲, 你们派人看看.
var vagueFaultRE = rx.MustCompile(`有点问题|有些问题|有问题|出问题|出了问题|有点毛病|有毛病|出毛病|不对劲|不太对|不大对|派人(?:来|去)?看看|派个人`)

// vagueDescription reports whether desc says a fault only vaguely
// (vagueFaultRE), naming no symptom: 三楼那边厕所好像有点问题 你们派人看看.
func vagueDescription(desc string) bool {
	norm := strings.ToLower(parse.Normalize(desc))
	if !vagueFaultRE.MatchString(norm) {
		return false
	}
	rest := vagueFaultRE.ReplaceAllString(norm, " ")
	rd := defaultReader()
	return !rd.fault(rd.canonicalize([]rune(rest)))
}

// sharpened puts in as d's description the fault an answer says (有个坑
// 堵了 味道大) when d's description says one only vaguely (user test 18's
// F6 filed 「那个 三楼那边厕所好像有点问题 你们派人看看」 and dropped the
// real fault said with the place); the trade is the answer's.
func (d *repairDraft) sharpened(g RepairGuess) bool {
	desc := strings.TrimSpace(g.Description)
	if d.Desc == "" || desc == "" || g.OnlyPlace || !vagueDescription(d.Desc) || vagueDescription(desc) {
		return false
	}
	rd := defaultReader()
	if !rd.fault(rd.canonicalize([]rune(strings.ToLower(parse.Normalize(desc))))) {
		return false
	}
	d.Desc = flows.Clip(desc, MaxDescription)
	if g.Trade != "" {
		d.Trade, d.Item = g.Trade, g.Item
	}
	return true
}

// tradeNumWordRE is a trade's number said with a word of its option: 5 地面,
// 3水暖 (user test 18's F17 was asked for a number again).
var tradeNumWordRE = rx.MustCompile(`^\s*([1-6])\s*[.、，,：:]?\s*(\p{Han}{1,8})\s*$`)

// tradeAnswered reads an answer to 「这属于哪一类维修？」 that the buttons
// do not: a number with a word of its option (5 地面), or the fault said
// (灯一直在闪), whose trade it is; the fault said then sharpens a vague
// description.
func tradeAnswered(t *flows.Turn, d *repairDraft) (flows.Trade, bool) {
	text := strings.TrimSpace(parse.Normalize(t.Text))
	// 跟刚才那个一样 挂钟: the pointing back names the kind of the report
	// before, and is no part of the problem (sameas.go).
	text, same := withoutSameAs(text)
	if same {
		tr, ok := flows.Trade(""), false
		if text != "" {
			tr, ok = tradeAnsweredText(t, d, text)
		}
		if !ok {
			tr = lastReported(t)
			ok = tr != ""
		}
		return tr, ok
	}
	return tradeAnsweredText(t, d, text)
}

// tradeAnsweredText is tradeAnswered of text, the answer without words
// that point back.
func tradeAnsweredText(t *flows.Turn, d *repairDraft, text string) (flows.Trade, bool) {
	if m := tradeNumWordRE.FindStringSubmatch(text); m != nil {
		n, _ := strconv.Atoi(m[1])
		b := tradeButtons[n-1]
		g := GuessRepair(m[2], nil)
		if strings.Contains(b.Label, m[2]) || g.Trade == flows.Trade(b.Data) || utf8.RuneCountInString(m[2]) <= 2 && g.Trade == "" {
			return flows.Trade(b.Data), true
		}
		return "", false
	}
	for _, tr := range flows.Trades {
		if flows.IsWord(text, []string{tr.Label()}) {
			return "", false // 水暖: pickTrade's
		}
	}
	if tr, rest := tradeClauseCut(text); tr != "" {
		// 电工吧 应该是电池没电了 (user test 27's K4): the trade named,
		// and what is wrong said besides; the naming is no part of the
		// problem.
		if g := GuessRepair(rest, nil); rest != "" && len(d.Items) == 0 &&
			(g.Item != "" || defaultReader().fault(defaultReader().canonicalize([]rune(strings.ToLower(rest))))) {
			if vagueDescription(d.Desc) {
				d.Desc = flows.Clip(rest, MaxDescription)
			} else if !strings.Contains(d.Desc, rest) {
				d.Desc = flows.Clip(d.Desc+"，"+rest, MaxDescription)
			}
			if d.Item == "" {
				d.Item = g.Item
			}
		}
		return tr, true
	}
	g := GuessRepair(text, nil)
	if g.Trade == "" || g.Item == "" && !defaultReader().fault(defaultReader().canonicalize([]rune(strings.ToLower(text)))) {
		return "", false
	}
	if len(d.Items) == 0 {
		if vagueDescription(d.Desc) {
			d.Desc = flows.Clip(text, MaxDescription)
		} else if more, ok := namedMore(d.Desc, text); ok && g.Item == text {
			d.Desc = flows.Clip(more, MaxDescription) // 挂钟, of 钟也不走了
		} else if g.Item == text && GuessRepair(d.Desc, nil).Item == "" && d.Desc != "" {
			d.Desc = flows.Clip(text+d.Desc, MaxDescription) // 挂钟, of (那个)也不走了: the thing it is
		} else if !strings.Contains(d.Desc, text) {
			d.Desc = flows.Clip(d.Desc+"，"+text, MaxDescription)
		}
		d.Item = g.Item
	}
	return g.Trade, true
}

// tradeClauseRE is a clause that only names a trade: 电工吧, 应该是水暖的活,
// 找木工.
var tradeClauseRE = rx.MustCompile(`^(?:应该|可能|估计|大概|我觉得|感觉)?(?:是|算|属于|找|归|叫)?(木工|电工|水暖|电教|土建|综合维修)(?:的)?(?:活儿?|问题|事儿?|师傅)?(?:吧|啊|呢|哈|吗)?$`)

// tradeClauseCut is the trade a clause of text names alone (电工吧), and
// the other clauses, joined as written; "" when no clause names one.
func tradeClauseCut(text string) (flows.Trade, string) {
	var tr flows.Trade
	var rest []string
	for _, c := range clauseSplitRE.Split(text, -1) {
		if m := tradeClauseRE.FindStringSubmatch(c); m != nil && tr == "" {
			for _, t := range flows.Trades {
				if t.Label() == m[1] {
					tr = t
				}
			}
			continue
		}
		if c != "" {
			rest = append(rest, c)
		}
	}
	return tr, strings.Join(rest, " ")
}
