package repair

import (
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// descWrongRE is the description said to be wrong at the read-back, and
// the right one after it: 问题写错了 是蹲坑堵了 有味 (user test 18's F7 was
// asked for a number), 描述不对 应该是灯管一直闪, 不对 问题是下水道堵了.
var descWrongRE = rx.MustCompile(`^(?:不对[啊呀哦]?[\s，,。]*)?(?:问题|描述|情况)(?:写错了|写错|写得不对|写的不对|说错了|不对|错了|是)[啊呀哦]?[\s，,。：:]*(?:应该是|其实是|是|就是|改成|写成)?[\s，,：:]*(\S.*)$`)

// descriptionWrongSaid is the new description text puts in as a
// correction of the old (descWrongRE), when it says a fault.
func descriptionWrongSaid(text string) (string, bool) {
	m := descWrongRE.FindStringSubmatch(strings.TrimSpace(parse.Normalize(text)))
	if m == nil {
		return "", false
	}
	desc := strings.TrimSpace(m[1])
	if desc == "" || OnlyFiller(desc) || !defaultReader().fault(defaultReader().canonicalize([]rune(desc))) {
		return "", false
	}
	return desc, true
}

// oneProblemRE says the items of a read-back of several are one problem:
// 不对 就一个问题 讲台电脑开不了机 找吴老师 (user test 18's F20, asked for a
// number), 这是同一个问题, 是一回事.
var oneProblemRE = rx.MustCompile(`(?:就|只|只有|只是|其实)?(?:一个|1个|同一个)问题|是一回事|是一个事|一个毛病|同一个毛病`)

// askWorkerRE is a worker asked for by name at the end of the words:
// 找吴老师, 让孙师傅来.
var askWorkerRE = rx.MustCompile(`[\s，,]*(?:找|让|叫|请)(\p{Han}{1,3}(?:师傅|老师))(?:来|来修|修|看看|来看看)?[\s。！!]*$`)

// oneProblemSaid reads text, typed at a read-back of several items, as
// saying they are one problem: the description it gives after saying so
// (the items' descriptions joined when it gives none), and the worker it
// asks for by name, if any.
func oneProblemSaid(text string, items []draftItem) (desc, worker string, ok bool) {
	norm := strings.TrimSpace(parse.Normalize(text))
	loc := oneProblemRE.FindStringIndex(norm)
	if loc == nil || len(items) < 2 {
		return "", "", false
	}
	rest := norm[loc[1]:]
	if m := askWorkerRE.FindStringSubmatchIndex(rest); m != nil {
		worker = rest[m[2]:m[3]]
		rest = rest[:m[0]]
	}
	rest = strings.Trim(rest, " ，,。：:")
	if rest == "" || !defaultReader().fault(defaultReader().canonicalize([]rune(rest))) {
		var ds []string
		for _, it := range items {
			ds = append(ds, it.Desc)
		}
		rest = strings.Join(ds, "，")
	}
	return rest, worker, true
}

// asOne makes d's items one report at the first item's place, described
// by desc, of the trade of the worker asked for when they have one, else
// of the trade desc names.
func (f RepairFlow) asOne(t *flows.Turn, d *repairDraft, desc, worker string, locs []flows.Location) error {
	first := d.Items[0]
	d.Items, d.Ask = nil, 0
	d.LocationID, d.Location, d.PlaceText, d.Building = first.LocationID, first.Location, first.PlaceText, first.Building
	d.Desc, d.Trade, d.Item, d.Tier, d.Hazard, d.Large = flows.Clip(desc, MaxDescription), "", "", "", "", false
	g := GuessRepair(desc, nil)
	if rd := understand(desc, locs, sender(t, locs)); len(rd.Problems) > 0 {
		g.Hazard = rd.Problems[0].Hazard
	}
	if worker != "" {
		if ss, err := t.Tx.FindStaff(t.Ctx, t.School.ID, worker); err == nil && len(ss) == 1 && ss[0].Has(flows.RoleWorker) && len(ss[0].Trades) > 0 {
			g.Trade = ss[0].Trades[0] // 找吴老师: his trade
		}
	}
	d.apply(RepairGuess{Trade: g.Trade, Item: g.Item, Large: g.Large, Hazard: g.Hazard}, locs)
	return f.next(t, d)
}
