package repair

import (
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// One problem of several said in one description, taken back at the
// read-back (user test 31's T42: 「桌子少了两张，还有黑板上头那个钟又不走了」
// read back as one repair, then 「桌子的事不用修 我跟陈主任说 只报钟」 was
// answered 「请回复数字选择」): the clauses of the thing dropped leave the
// description, those of the thing kept stay.

// dropThingRE is a clause taking one thing out of the report: 桌子的事不用修,
// 桌子不用报了, 桌子那个先不报.
var dropThingRE = rx.MustCompile(`^(?:那个|这个)?(\p{Han}{1,6}?)(?:的事儿?|的事情|那个|那块|的)?(?:就|先|暂时)?(?:不用|不要|不需要|别|不)(?:修|报|报修|管)(?:了|啦|吧)?$`)

// keepThingRE is a clause keeping one thing only: 只报钟, 就修那个钟就行, 光报钟吧.
var keepThingRE = rx.MustCompile(`^(?:就|只|只要|光|单)(?:报|修|报修)(?:一下)?(?:那个|这个)?(\p{Han}{1,6}?)(?:的事儿?|那个|这个|的)?(?:就行|就好|就可以|吧|了|啦)?$`)

// descClauseRE splits a description into its clauses.
var descClauseRE = rx.MustCompile(`[，,。；;！!\s]+`)

// leadAlsoRE begins a clause that was said after another: 还有, 另外.
var leadAlsoRE = rx.MustCompile(`^(?:还有|另外|而且|再有|以及|和)`)

// dropKeepSaid reads text's clauses as things taken out of a report
// (桌子的事不用修) and things kept (只报钟); ok is false when a clause names
// something else to mend (桌子不用修 灯也坏了: more than a part kept).
func dropKeepSaid(text string) (drop, keep []string, ok bool) {
	for _, c := range descClauseRE.Split(strings.TrimSpace(parse.Normalize(text)), -1) {
		switch {
		case c == "":
		case dropThingRE.MatchString(c):
			drop = append(drop, dropThingRE.FindStringSubmatch(c)[1])
		case keepThingRE.MatchString(c):
			keep = append(keep, keepThingRE.FindStringSubmatch(c)[1])
		case GuessRepair(c, nil).Item != "" || GuessRepair(c, nil).Trade != "":
			return nil, nil, false
		}
	}
	return drop, keep, true
}

// onlyPartAbsent reads text as taking out of desc a thing it does not hold
// and keeping what it does: 「桌子的事不用修 我跟陈主任说 只报钟」 at a draft of
// the clock alone, the desks having been passed on to the 总务主任 when
// the report was read (request.go); dropped is the thing taken out. It is
// false when text says no such thing, names something else to mend, or
// desc holds a thing dropped or lacks a thing kept.
func onlyPartAbsent(text, desc string) (dropped string, ok bool) {
	drop, keep, ok := dropKeepSaid(text)
	if !ok || len(drop) == 0 {
		return "", false
	}
	for _, w := range drop {
		if strings.Contains(desc, w) {
			return "", false
		}
	}
	for _, w := range keep {
		if !strings.Contains(desc, w) {
			return "", false
		}
	}
	return strings.Join(drop, "、"), true
}

// onlyPartSaid reads text as keeping part of desc: the description
// without the clauses of the thing dropped (or with only those of the thing
// kept), and the thing dropped, or false when text says no such thing or
// desc has nothing else.
func onlyPartSaid(text, desc string) (rest, dropped string, ok bool) {
	drop, keep, ok := dropKeepSaid(text)
	if !ok || len(drop) == 0 && len(keep) == 0 {
		return "", "", false
	}
	var kept, gone []string
	for _, c := range descClauseRE.Split(desc, -1) {
		if c == "" {
			continue
		}
		out := false
		for _, w := range drop {
			out = out || strings.Contains(c, w)
		}
		in := len(keep) == 0
		for _, w := range keep {
			in = in || strings.Contains(c, w)
		}
		if out || !in {
			gone = append(gone, c)
			continue
		}
		kept = append(kept, leadAlsoRE.ReplaceAllString(c, ""))
	}
	if len(kept) == 0 || len(gone) == 0 {
		return "", "", false
	}
	dropped = strings.Join(drop, "、")
	if dropped == "" {
		dropped = strings.Join(gone, "，")
	}
	return strings.Join(kept, " "), dropped, true
}

// keepPart makes d's description rest, read afresh for its trade, and
// says what was taken out.
func (f RepairFlow) keepPart(t *flows.Turn, d *repairDraft, rest, dropped string, locs []flows.Location) error {
	d.lead = "好的，" + dropped + "不报了，只报修下面这个。\n"
	return f.redescribe(t, d, rest, locs)
}
