package repair

import (
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// tradeDeniedRE is a clause saying the trade shown is not the job's:
// 这不是木工的活吧, 不是木工修的, 不归电工管.
var tradeDeniedRE = rx.MustCompile(`不(?:是|归|该|属于|用|需要)(?:找)?(木工|电工|水暖|电教|土建)`)

// placeLeadRE is the words before a place said as the right one: 就是,
// 是在, 地点是.
var placeLeadRE = rx.MustCompile(`^(?:地点|地方|位置)?(?:应该|其实)?(?:就|就是|是|在|是在|就在)+`)

// tradePlaceCorrected reads a read-back correction said in clauses that
// are about the category and maybe the place (user test 27's K28: 「这不是
// 木工的活吧 屋顶漏水 就是图书馆阅览室」, asked for a number): a clause
// naming a trade (是土建的活) or denying the one shown (不是木工的活), the
// fault said again (屋顶漏水: its trade), and a clause that is only a
// place. The category is set (or asked, when only denied) and the report
// moved; it reports false when no clause is about the category.
func (f RepairFlow) tradePlaceCorrected(t *flows.Turn, d *repairDraft, locs []flows.Location) (bool, error) {
	var named, fault, denied flows.Trade
	var place string
	deniedAny := false
	for _, c := range clauseSplitRE.Split(strings.TrimSpace(parse.Normalize(t.Text)), -1) {
		if c == "" {
			continue
		}
		if m := tradeDeniedRE.FindStringSubmatch(c); m != nil {
			deniedAny = true
			denied = tradeLabelled(m[1])
			if tr := tradeSaid(tradeDeniedRE.ReplaceAllString(c, "")); tr != "" && named == "" {
				named = tr // 不是木工 是土建
			}
			continue
		}
		if tr := tradeSaid(c); tr != "" {
			if named == "" {
				named = tr // 土建的活, 这是电的问题
			}
			continue
		}
		p := placeLeadRE.ReplaceAllString(c, "")
		if g := GuessRepair(p, locs); g.Trade == "" && g.LocationID != 0 && place == "" {
			place = p
			continue
		}
		if g := GuessRepair(c, locs); g.Trade != "" && fault == "" {
			fault = g.Trade
		}
	}
	if named == "" && !deniedAny {
		return false, nil
	}
	tr := named
	if tr == "" && fault != denied {
		tr = fault
	}
	if tr == denied {
		tr = ""
	}
	if deniedAny || tr != "" {
		d.Trade = tr // "" asks it
	}
	if place != "" {
		if moved, err := f.movePlace(t, d, locs, place, true); moved || err != nil {
			return moved, err
		}
	}
	return true, f.next(t, d)
}

// tradeLabelled is the trade whose label is label, or "".
func tradeLabelled(label string) flows.Trade {
	for _, tr := range flows.Trades {
		if tr.Label() == label {
			return tr
		}
	}
	return ""
}
