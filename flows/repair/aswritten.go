package repair

import (
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A place the table lacks, typed at the place question with its building
// (教学楼二楼男厕所, when the table has no toilet in 教学楼), matched rooms
// by its parts: another building's 二楼男厕所, the building's 201 by its
// floor, its 教务处. User test 32's T9 was offered only those three, and
// T10's 都不是 就是教学楼二楼的男厕所 was offered them again. The answer
// is now offered as written beside them (按你写的：…), as a place the table
// lacks is filed elsewhere, and 都不是 with such a place takes it.

// writtenButtonData is the data of the as-written choice.
const writtenButtonData = "loc:written"

// writtenButton offers place as written.
func writtenButton(place string) flows.Button {
	return flows.Button{Label: "按你写的：" + place, Data: writtenButtonData}
}

// asWrittenRE is the as-written choice typed in words: 按你写的, 就按我写的,
// 按我说的来.
var asWrittenRE = rx.MustCompile(`^(?:就)?(?:按|照)(?:你|我)?(?:写|说)的(?:来|吧|就行|登记)?[。.！!]?$`)

// writtenBuilding is the building of locs that text names, the longest
// when several do ("" if none).
func writtenBuilding(text string, locs []flows.Location) string {
	n := parse.Normalize(text)
	best := ""
	for _, l := range locs {
		if l.Building != "" && len(l.Building) > len(best) && strings.Contains(n, parse.Normalize(l.Building)) {
			best = l.Building
		}
	}
	return best
}

// offerWritten is the answer text to offer as written beside the rooms
// cands it matched: when it names a building and none of the rooms of that
// building by its room or name (教学楼二楼男厕所 names 201 only by its
// floor). An answer naming no building (302, 男厕所), or only a building
// and its floor (教学楼三楼), is left to the list.
func offerWritten(text string, cands []int64, locs []flows.Location) string {
	place := strings.TrimRight(strings.TrimSpace(text), "。.，,！!啊呀呢吧 ")
	b := writtenBuilding(place, locs)
	if b == "" {
		return ""
	}
	rest := strings.Trim(strings.Replace(parse.Normalize(place), parse.Normalize(b), "", 1), " 的")
	if rest == "" || floorWordRE.ReplaceAllString(rest, "") == "" {
		return "" // 教学楼三楼: which room of the floor, not a place of its own
	}
	for _, id := range cands {
		if l, ok := locationIn(locs, id); ok && l.Building == b && namesRoom(place, locs, id) {
			return ""
		}
	}
	return flows.Clip(place, 60)
}

// takeWritten files the draft under place as written, with the building
// it names.
func (f RepairFlow) takeWritten(t *flows.Turn, d *repairDraft, place string, locs []flows.Location) error {
	place = strings.TrimRight(strings.TrimSpace(place), "。.，,！!啊呀呢吧 ")
	d.Candidates, d.Said, d.Written = nil, "", ""
	d.apply(RepairGuess{PlaceText: place, Building: writtenBuilding(place, locs)}, locs)
	return f.next(t, d)
}
