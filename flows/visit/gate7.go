package visit

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
)

// statusAskRE is a guard asking what became of a visitor: 王建国进去了吗,
// 舅舅那个进去了吗, 让进吗, 教育局的人校长又同意了 让进吗. Group 1 is who,
// if said.
var statusAskRE = regexp.MustCompile(`(?:^|\s)(\S*?)(?:已经|已)?(?:进去了|进来了|进校了|让进|能进|可以进|能不能进|让不让进|放进去了|放行了|同意了|回复了)(?:吗|嘛|没有?)[？?]*(?:\s|$)`)

// askedStatus answers a guard asking whether a visitor is let in: the
// state of the visit the words describe, or of today's visits at the gate
// when they describe none. It reports false for words that ask nothing.
func askedStatus(t *flows.Turn, text string) bool {
	m := statusAskRE.FindStringSubmatch(parse.Normalize(text))
	if m == nil {
		return false
	}
	vs, err := candidates(t)
	if err != nil {
		t.Say("暂时查不到访客记录，请稍后再试。")
		return true
	}
	today := dayStart(t)
	vs = slices.DeleteFunc(vs, func(v Visit) bool { return v.ArrivedAt.Before(today) })
	if desc := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(m[1], "那个"), "那位"), "的"); desc != "" {
		hit := byNameOrTitle(t, vs, desc)
		if len(hit) == 0 {
			for _, v := range vs {
				if describedBy(v, desc) || strings.Contains(v.PurposeNote, desc) {
					hit = append(hit, v)
				}
			}
		}
		if len(hit) > 0 {
			vs = hit
		}
	}
	if len(vs) == 0 {
		t.Say("今天还没有登记访客。")
		return true
	}
	if len(vs) > 1 {
		// Those still at issue first: waiting, then inside.
		open := slices.DeleteFunc(slices.Clone(vs), func(v Visit) bool { return v.Status == VisitLeft })
		if len(open) > 0 {
			vs = open
		}
	}
	if len(vs) == 1 {
		t.Say(statusLine(vs[0]))
		return true
	}
	var b strings.Builder
	b.WriteString("今天的访客：")
	for i, v := range vs {
		if i == 5 {
			break
		}
		b.WriteString("\n" + statusLine(v))
	}
	t.Say(b.String())
	return true
}

// statusLine tells a guard where a visit stands, and what to do.
func statusLine(v Visit) string {
	head := fmt.Sprintf("第 %d 号访客%s（找%s）", Num(v), v.Name, v.HostName)
	switch v.Status {
	case VisitWaiting:
		return head + "：还在等" + v.HostName + "确认，请访客在门卫室稍候，有回复会马上告诉你。"
	case VisitAdmitted:
		return head + "：" + v.HostName + "已同意，可以放行。"
	case VisitRejected:
		return head + "：未获同意，不能入校。"
	}
	return head + "：" + v.Status.Label() + "。"
}
