package repair

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// placeListRE is the 总务主任 naming places to be added to the location
// table in one sentence, the list before the verb: 301 305 试卷保密室
// 三楼东走廊 这几个都加到地点表里 (user test 31's T44), 把301、305和302都
// 加进地点表, 这几个地点全部加到地点表里吧 (no list: all that wait).
var placeListRE = rx.MustCompile(`^(?:请|麻烦)?(?:帮我|帮忙)?(?:把|将)?(.*?)[\s，,]*(?:这几个|这几处|这几间|这些|这)?(?:地点|地方|房间)?(?:都|全部|全都|统统|一起|一块儿?|也)?(?:给我|帮我)?(?:加到|加进|加入|放进|放到|添到|添加到|补进|补到|录入|录进)(?:了)?地点表(?:里|里面|中|上)?(?:去)?(?:吧|啊|哈|一下|谢谢)?[。！!\s]*$`)

// placeListAfterRE is the same with the list after the verb: 地点表里加上
// 试卷保密室 篮球场, 加入地点表：301 305.
var placeListAfterRE = rx.MustCompile(`^(?:请|麻烦)?(?:帮我|帮忙)?(?:在)?(?:地点表(?:里|里面|中|上)?(?:再|也)?(?:加上|添上|补上|加入|添加|增加|新增|加)|(?:加入|加到|加进|添加到|补进)地点表)[：:\s]*(.+?)(?:吧|啊|哈|谢谢)?[。！!\s]*$`)

// placeListAllRE is the list left over when it names none of the places
// but says all: 这几个, 全部, 都.
var placeListAllRE = rx.MustCompile(`^(?:这几个|这几处|这些|这|全部|全都|所有的?|都)?(?:地点|地方|房间)?(?:全部|全都|都)?$`)

// placeListSepRE splits the list into the places named.
var placeListSepRE = rx.MustCompile(`[\s、，,；;和跟与及]+|还有|以及`)

// placeListNotName is a word a place's name does not hold: the list is
// not places but some other sentence.
var placeListNotName = rx.MustCompile(`[了吗呢吧么啊呀我你他她它谁什怎哪没不要能会]`)

// placeListFiller is a word of the sentence left in the list: no place.
var placeListFiller = rx.MustCompile(`^(?:一下|一些|这个|那个|这些|那些|这里|那里|进去|上去|地点|地方|东西)$`)

// placeManySaid does what placeListRE says: each place named whose
// report waits for 加入地点表 is added under the name said (the repairs
// written with it moved there, as addPlace does), a place the table has
// already is said to be there, and a new place with no report behind it
// is added too, as the 总务主任 may; one reply tells them all. A bare
// room number with no report behind it is not added: its building is
// not known. Words that name no place, or a single place placeAddSaid
// read already, are left to the rest of typed.
func placeManySaid(t *flows.Turn, text string) (bool, error) {
	if !t.Idle() || t.Msg.Button != "" || !t.Staff.Has(flows.RoleHead, flows.RoleAdmin) {
		return false, nil
	}
	norm := strings.TrimSpace(parse.Normalize(text))
	list, ok := "", false
	if m := placeListRE.FindStringSubmatch(norm); m != nil {
		list, ok = m[1], true
	} else if m := placeListAfterRE.FindStringSubmatch(norm); m != nil {
		list, ok = m[1], true
	}
	if !ok {
		return false, nil
	}
	rs, err := candidates(t)
	if err != nil {
		return false, err
	}
	var waiting []Repair
	for _, r := range rs {
		if r.PlaceText != "" && mayAct(t, r, verbPlace) == "" &&
			!slices.ContainsFunc(waiting, func(w Repair) bool { return w.PlaceText == r.PlaceText && w.LocationID == r.LocationID }) {
			waiting = append(waiting, r)
		}
	}
	slices.SortFunc(waiting, func(a, b Repair) int { return cmp.Compare(a.ID, b.ID) })
	list = strings.TrimSpace(list)
	var names []string
	if placeListAllRE.MatchString(list) {
		if list == "" && !strings.ContainsAny(norm, "都全些几") || len(waiting) < 2 {
			return false, nil // one waiting: placeAddSaid asks which name
		}
		for _, r := range waiting {
			names = append(names, r.PlaceText)
		}
	} else {
		for _, n := range placeListSepRE.Split(list, -1) {
			n = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(n), "的"), "那个")
			if n == "" || slices.Contains(names, n) {
				continue
			}
			if isJobNumber(n) || !placeNameRE.MatchString(n) || placeListNotName.MatchString(n) || placeListFiller.MatchString(n) ||
				utf8.RuneCountInString(n) < 2 && !isRoomNumber(n) || utf8.RuneCountInString(n) > placeNameMax {
				return false, nil // 加入地点表 3 实验楼201, or not a list of places
			}
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return false, nil
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return false, err
	}
	var added, there, unknown []string
	done := map[int64]bool{}
	for _, n := range names {
		if r, ok := waitingFor(waiting, n); ok {
			if done[r.ID] {
				continue
			}
			done[r.ID] = true
			name := r.PlaceText
			if strings.Contains(n, r.PlaceText) {
				name = n // 教学楼301 for the 301 written: the name said
			}
			a, err := placeMoved(t, r, name)
			if err != nil {
				return true, err
			}
			line := fmt.Sprintf("· %s（%s 已改到这个地点）", a.name, strings.Join(a.refs, "、"))
			if a.had {
				line = fmt.Sprintf("· %s（地点表里本来就有，%s 的地点已改过来）", a.name, strings.Join(a.refs, "、"))
			}
			added = append(added, line)
			continue
		}
		if l, ok := tableHas(locs, n); ok {
			there = append(there, "「"+l.Name()+"」")
			continue
		}
		if isRoomNumber(n) {
			unknown = append(unknown, "「"+n+"」")
			continue
		}
		building, room := placeName(locs, "", n)
		loc, err := db(t).AddPlace(t.Ctx, t.School.ID, building, room)
		if err != nil {
			return true, err
		}
		locs = append(locs, loc)
		added = append(added, "· "+loc.Name())
	}
	var b strings.Builder
	if len(added) > 0 {
		these := "这些地点"
		if len(added) == 1 {
			these = "这个地点"
		}
		fmt.Fprintf(&b, "好的，已加入地点表：\n%s\n以后报修可以直接说%s。", strings.Join(added, "\n"), these)
	}
	if len(there) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s地点表里本来就有，不用再加。", strings.Join(there, ""))
	}
	if len(unknown) > 0 {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%s没有待加入的报修，不知道在哪栋楼，没有加入；请连楼名一起说，如「%s%s加到地点表里」。",
			strings.Join(unknown, ""), someBuilding(locs), strings.Trim(unknown[0], "「」"))
	}
	if places, says := stillWaiting(waiting, done); places != "" && len(added) > 0 {
		fmt.Fprintf(&b, "\n还有%s在等加入地点表，可回复%s。", places, says)
	}
	t.Say(b.String())
	return true, nil
}

// waitingFor is the repair, of those waiting for 加入地点表, whose written
// place is n, or holds it or is held by it (保密室 for 试卷保密室, 教学楼301
// for 301) when only one is.
func waitingFor(waiting []Repair, n string) (Repair, bool) {
	for _, r := range waiting {
		if r.PlaceText == n {
			return r, true
		}
	}
	var found []Repair
	for _, r := range waiting {
		if strings.Contains(r.PlaceText, n) || strings.Contains(n, r.PlaceText) {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		return Repair{}, false
	}
	return found[0], true
}

// tableHas is the location the table has by the name n: its whole name,
// its room or one of its other names.
func tableHas(locs []flows.Location, n string) (flows.Location, bool) {
	for _, l := range locs {
		if l.Name() == n || l.Room == n || slices.Contains(l.Aliases, n) {
			return l, true
		}
	}
	return flows.Location{}, false
}

// stillWaiting lists the written places still waiting for 加入地点表
// (「307」) and the commands that add them (「加入地点表 3」).
func stillWaiting(waiting []Repair, done map[int64]bool) (places, says string) {
	for _, r := range waiting {
		if !done[r.ID] {
			places += "「" + r.PlaceText + "」"
			says += fmt.Sprintf("「加入地点表 %d」", Num(r))
		}
	}
	return places, says
}

// isJobNumber reports a number as short as the jobs' own (3 of 加入地点表
// 3): not a room.
func isJobNumber(s string) bool {
	return s != "" && len(s) <= 2 && strings.Trim(s, "0123456789") == ""
}

// isRoomNumber reports a room said by its number alone (301, 3-05): a
// place whose building is not said.
func isRoomNumber(s string) bool {
	return s != "" && strings.Trim(s, "0123456789-") == ""
}

// someBuilding is a building of the school's table, to show how a room is
// named with it: the first one the table lists, else 教学楼.
func someBuilding(locs []flows.Location) string {
	for _, l := range locs {
		if l.Building != "" {
			return l.Building
		}
	}
	return "教学楼"
}
