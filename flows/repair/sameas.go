package repair

import (
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// Words that only point back at another report (跟刚才那个一样, 同上, 也是这个)
// say which kind a problem is, never what is wrong: user test 31's T2
// answered 「这属于哪一类维修？」 with 「跟刚才那个一样 挂钟」, and the ticket's
// 问题 read 「钟也不走了，跟刚才那个一样 挂钟」.

// pointBackRE is a clause of its own that points back at a report said
// before: 跟刚才那个一样, 和上一个一样的, 同上, 也是这个, 一样的 (a word on
// its own), 跟刚才的一样 是挂钟.
var pointBackRE = rx.MustCompile(`(?:^|[\s，,。；;！!]+)(?:` +
	`(?:就|也|都)?(?:跟|和|同|与)(?:刚才|刚刚|上一个|上个|上面|前面|前一个|之前|我刚才|我刚刚|我之前)(?:那个|那张|那单|那件|说的|报的|的)*(?:是)?(?:一样|一个样|相同|同一类|一类)(?:的)?(?:问题|毛病|情况|类)?` +
	`|同上|也是这个|也是那个|也是这样|都是这个|一样的|一样的问题|同样的问题|同一类|也是一样` +
	`)(?:吧|啊|呀|哈|嘛|呢)?(?:[\s，,。；;！!]+|$)`)

// withoutSameAs is text with each clause of pointBackRE taken out, and
// whether one was.
func withoutSameAs(text string) (string, bool) {
	said := false
	for {
		loc := pointBackRE.FindStringIndex(text)
		if loc == nil {
			break
		}
		said = true
		text = text[:loc[0]] + " " + text[loc[1]:]
	}
	return strings.Trim(strings.Join(strings.Fields(text), " "), " ,，、:;；。.!！"), said
}

// SameAsWithin is how far back a report stands as the one 跟刚才那个一样
// points at.
const SameAsWithin = 2 * time.Hour

// lastReported is the trade of the sender's latest report within
// SameAsWithin, "" when there is none or the store cannot say.
func lastReported(t *flows.Turn) flows.Trade {
	st, ok := t.Tx.(Store)
	if !ok {
		return ""
	}
	rs, err := st.RepairsOf(t.Ctx, t.Staff.ID, t.Now.Add(-SameAsWithin), 20)
	if err != nil {
		return ""
	}
	var last *Repair
	for i, r := range rs {
		if r.ReporterID != t.Staff.ID || t.Now.Sub(r.ReportedAt) > SameAsWithin || r.Trade == "" {
			continue
		}
		if last == nil || r.ReportedAt.After(last.ReportedAt) {
			last = &rs[i]
		}
	}
	if last == nil {
		return ""
	}
	return last.Trade
}

// namedMore puts a thing named more fully (挂钟, of the 钟 the description
// says) in place of the shorter word: 钟也不走了 with 挂钟 is 挂钟也不走了. It
// reports false when desc says no tail of thing.
func namedMore(desc, thing string) (string, bool) {
	r := []rune(thing)
	for i := 1; i < len(r); i++ {
		tail := string(r[i:])
		if j := strings.Index(desc, tail); j >= 0 && !strings.Contains(desc, thing) {
			return desc[:j] + thing + desc[j+len(tail):], true
		}
	}
	return desc, false
}
