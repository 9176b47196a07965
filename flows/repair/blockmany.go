package repair

import (
	"slices"
	"strconv"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A worker's 修不好 of several jobs at once (user test 30's T12–T16): the
// four 暖气 jobs of a boiler without pressure. 修不好's action carries the
// others after blockAlso; the reason is read or asked once, and every job
// goes to the leaders with it.

// blockAlso begins 修不好's arguments that name more jobs blocked with it.
const blockAlso = "blockalso"

// alsoBlocked are the ids (comma-separated) 修不好's arguments name after
// blockAlso, "" when none.
func alsoBlocked(args []string) string {
	i := slices.Index(args, blockAlso)
	if i < 0 {
		return ""
	}
	var ids []string
	for _, a := range args[i+1:] {
		if _, err := strconv.ParseInt(a, 10, 64); err != nil {
			break
		}
		ids = append(ids, a)
	}
	return strings.Join(ids, ",")
}

// blockRepairs is blockRepair of r and then of each of others (ids,
// comma-separated) still the worker's to block, with the same need and
// reason.
func blockRepairs(t *flows.Turn, r Repair, others, rec, why string) error {
	if err := blockRepair(t, r, rec, why); err != nil || others == "" {
		return err
	}
	next, err := chosenJobs(t, others)
	if err != nil {
		return err
	}
	for _, o := range next {
		if mayAct(t, o, verbBlock) != "" {
			continue
		}
		if err := blockRepair(t, o, rec, why); err != nil {
			return err
		}
	}
	return nil
}

// notProblemRE is a clause saying what the fault is not: 不是管子的问题,
// 不是暖气片的事. The thing it names names no job.
var notProblemRE = rx.MustCompile(`不是\p{Han}{1,8}?(?:的)?(?:问题|事|毛病|原因)|不是\p{Han}{1,6}?坏了?`)

// allOfThingRE is words making a 修不好 of every job of the thing named:
// 都修不了, 那几个, 四个都, 全部.
// A count is of jobs only when 都 or 单 follows it: 坏了三个灯珠 counts
// the parts of one job (user test 30b's U3 escalated an old 303 light
// with the 礼堂 stage light).
var allOfThingRE = rx.MustCompile(`都|那几个|这几个|[两二三四五六七八九几]个(?:都|全|单)|全部|全都|一起|锅炉|总阀|总闸|停电|停水`)

// blockedOfThing narrows a worker's 修不好 in words to the jobs of the
// thing they name (暖气), the clauses saying what it is not (不是管子的问题)
// left out: of several, all of them when the words say so (都, 那几个, or a
// cause they share: 锅炉), each ready item's action then carrying the
// others (also: blockAlso and their ids, for 修不好's arguments). It
// reports whether it narrowed.
func blockedOfThing(t *flows.Turn, text string, rs []Repair, items []flows.Item) (narrowed bool, also []string) {
	norm := notProblemRE.ReplaceAllString(parse.Normalize(text), " ")
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return false, nil
	}
	segs := strings.FieldsFunc(norm, func(r rune) bool { return strings.ContainsRune("，,。；;！! 、和跟", r) })
	var things []string
	for _, seg := range segs {
		if g := GuessRepair(seg, nil); g.Item != "" && !slices.Contains(things, g.Item) {
			things = append(things, g.Item)
		}
	}
	if len(things) != 1 {
		return false, nil
	}
	var rooms []string
	for _, room := range roomsSaid(norm) {
		rooms = append(rooms, room)
	}
	// With no room said, a place named (礼堂) is the only place whose jobs
	// it may be (user test 30b's U3: 「礼堂舞台灯坏了三个灯珠」 escalated the
	// 303 classroom light too).
	// With rooms said, a place named beside them is said too: 303和礼堂的
	// 灯都修不了 (user test 31) is the 303 job and the 礼堂 one.
	var named []RepairGuess
	if len(rooms) > 0 && len(segs) > 1 {
		for _, seg := range segs {
			if g := GuessRepair(seg, locs); g.LocationID != 0 || g.PlaceText != "" {
				named = append(named, g)
			}
		}
	}
	var place RepairGuess
	if len(rooms) == 0 {
		place = GuessRepair(norm, locs)
	}
	var hit []int
	for i, it := range items {
		if !it.Ready || !ofThings(rs[i], things) {
			continue
		}
		if len(rooms) > 0 && !slices.ContainsFunc(rooms, func(room string) bool {
			return inRoom(rs[i], room, locs)
		}) && !slices.ContainsFunc(named, func(p RepairGuess) bool { return atGuessed(rs[i], p) }) {
			continue
		}
		hit = append(hit, i)
	}
	if at := slices.DeleteFunc(slices.Clone(hit), func(i int) bool {
		return place.LocationID != 0 && rs[i].LocationID != place.LocationID ||
			place.LocationID == 0 && (place.PlaceText == "" || !atPlace(rs[i], place.PlaceText))
	}); len(at) > 0 {
		hit = at
	} else {
		// A place none of them is at says nothing of which (锅炉房那边压力
		// 上不来, of the 暖气 jobs).
		place = RepairGuess{}
	}
	narrowedBy := len(hit)
	if specific := slices.DeleteFunc(slices.Clone(hit), func(i int) bool {
		return !slices.ContainsFunc(things, func(th string) bool {
			return strings.Contains(rs[i].Item, th) || strings.Contains(rs[i].Description, th)
		})
	}); len(specific) > 0 && len(specific) < len(hit) {
		// 舞台灯那几个灯珠坏了: the jobs whose words have the thing as said
		// (舞台灯), not every light of his (user test 30b's U3).
		hit = specific
	}
	if len(hit) == 0 {
		return false, nil
	}
	if len(hit) == 1 && (narrowedBy > 1 || place.LocationID != 0 || place.PlaceText != "") {
		// The one job of the thing at the place said (礼堂舞台灯…), or of
		// the thing as said (舞台灯): that one, whatever else is ready.
		for i := range items {
			items[i].Ready = i == hit[0]
		}
		return true, nil
	}
	if len(hit) < 2 || !allOfThingRE.MatchString(norm) && len(rooms) < 2 {
		return false, nil // one, or which of them: read as before
	}
	also = []string{blockAlso}
	for _, i := range hit[1:] {
		also = append(also, strconv.FormatInt(rs[i].ID, 10))
	}
	first := hit[0]
	for i := range items {
		items[i].Ready = i == first
	}
	act, _ := flows.ParseAction(items[first].Data)
	items[first].Data = action(verbBlock, rs[first].ID, append(slices.Clone(act.Args), also...)...)
	return true, also
}

// allBlocks is one 修不好 action of the picked of acts (indexes) that
// carries the others (blockAlso), when every picked act is a 修不好.
func allBlocks(acts []string, picked []int) (string, bool) {
	var first flows.Action
	var also []string
	for n, i := range picked {
		act, ok := flows.ParseAction(acts[i])
		if !ok || verb(act.Verb) != verbBlock || slices.Contains(act.Args, blockAlso) {
			return "", false
		}
		if n == 0 {
			first = act
			continue
		}
		also = append(also, strconv.FormatInt(act.ID, 10))
	}
	if len(also) == 0 {
		return "", false
	}
	return action(verbBlock, first.ID, append(append(slices.Clone(first.Args), blockAlso), also...)...), true
}

// atGuessed reports whether r is at the place g read: its location, or
// its written place.
func atGuessed(r Repair, g RepairGuess) bool {
	if g.LocationID != 0 {
		return r.LocationID == g.LocationID
	}
	return g.PlaceText != "" && atPlace(r, g.PlaceText)
}
