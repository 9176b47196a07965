package repair

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A place said by its floor and no building (二楼东头, 一楼男厕所): user
// test 27's teachers were asked 「在哪里」 with their own classroom, of
// another floor, as the only option, and what they had said was lost
// (G1, G49). The place is kept as said, and only its building is asked,
// offering the buildings of the table that reach that floor.
//
// A building the table does not have (男生宿舍, when the table lists no
// dormitory) is taken in the person's own words: the answer is put before
// the place and the report is filed under 其他地点 as written, the way a
// room number the table lacks is (newroom.go), rather than asked again or
// moved to a building of the table that it is not.

// bldgButtonPrefix starts the data of a building's button, before its name.
const bldgButtonPrefix = "bldg:"

// floorNumber is a location's floor as a number (2, 2楼, 二层, 2F); ok is
// false for a floor that is none (地下室, B1) or none said.
func floorNumber(floor string) (int, bool) {
	f := string(canonString(floor))
	for _, suf := range []string{"楼", "层", "f"} {
		f = strings.TrimSuffix(f, suf)
	}
	if f == "" {
		return 0, false
	}
	if n, err := strconv.Atoi(f); err == nil {
		return n, true
	}
	return parse.Numeral(f)
}

// buildingsReaching are the buildings of locs that have a room on floor
// or above it (a building with rooms on its third floor has a first and a
// second), in the directory's order (buildingOrder).
func buildingsReaching(locs []flows.Location, floor string) []string {
	want, ok := floorNumber(floor)
	if !ok {
		return nil
	}
	var out []string
	for _, l := range locs {
		if l.Building == "" || slices.Contains(out, l.Building) {
			continue
		}
		if n, ok := floorNumber(l.Floor); ok && n >= want {
			out = append(out, l.Building)
		}
	}
	buildingOrder(out, locs)
	return out
}

// buildingOrder sorts buildings in the order the school's directory has
// them: by the first of each building's locations added (its smallest
// id), then by name. The store lists locations by building name, whose
// order depends on the database's collation and reads as arbitrary for
// Chinese names; the numbers offered must not move with it.
func buildingOrder(buildings []string, locs []flows.Location) {
	first := map[string]int64{}
	for _, l := range locs {
		if id, ok := first[l.Building]; !ok || l.ID < id {
			first[l.Building] = l.ID
		}
	}
	slices.SortStableFunc(buildings, func(a, b string) int {
		return cmp.Or(cmp.Compare(first[a], first[b]), strings.Compare(a, b))
	})
}

// buildingButtons offer the buildings a floor-only place may be in.
func buildingButtons(locs []flows.Location, floor string) []flows.Button {
	var out []flows.Button
	for _, b := range buildingsReaching(locs, floor) {
		out = append(out, flows.Button{Label: b, Data: bldgButtonPrefix + b})
	}
	if len(out) > 8 {
		out = out[:8]
	}
	return out
}

// askBuilding asks which building the draft's floor-only place is in.
func (f RepairFlow) askBuilding(t *flows.Turn, d *repairDraft, buttons []flows.Button) error {
	q := fmt.Sprintf("地点记下了：%s。请问是哪栋楼？", d.PlaceText)
	if a := d.Hazard.Advice(); a != "" && d.tier() == TierUrgent && state(t.State()) != stateLocation {
		q = "这是安全隐患，请先注意安全：" + a + "\n" + q
	}
	if len(buttons) > 0 {
		q += "请回复数字或楼名：\n" + flows.Numbered(buttons)
	} else {
		q += "请回复楼名，比如「宿舍楼」。"
	}
	t.Say(d.lead+q, buttons...)
	return t.Goto(string(stateLocation), d)
}

// answerBuilding reads the answer to askBuilding: a building offered (by
// its number, button or name), a building the table does not have (see
// above), or a whole place instead, read as any answer to 在哪里 (handled
// reports false for that).
func (f RepairFlow) answerBuilding(t *flows.Turn, d *repairDraft, locs []flows.Location, buttons []flows.Button) (handled bool, err error) {
	building := ""
	if data, words, ok := t.PickWords(buttons); ok {
		building = strings.TrimPrefix(data, bldgButtonPrefix)
		if _, place, ok := buildingWithKind(building+words, d.PlaceText, locs); ok && words != "" {
			d.PlaceText = place // 1 男厕, for 二楼厕所: 二楼男厕
		}
	} else if t.Text == "" {
		return true, f.askBuilding(t, d, buttons)
	} else {
		said := strings.TrimRight(PlaceWords(t.Text), "。.，,！!啊呀呢吧的 ")
		said = strings.TrimPrefix(strings.TrimPrefix(said, "在"), "是")
		for _, w := range []string{"那边", "这边", "那里", "这里", "那儿", "那块", "里面", "的"} {
			if rest := strings.TrimSuffix(said, w); rest != "" {
				said = rest // 教学楼那边: the building
			}
		}
		for _, l := range locs {
			if l.Building != "" && parse.Normalize(said) == parse.Normalize(l.Building) {
				building = l.Building
				break
			}
		}
		if building == "" {
			if b, place, ok := buildingWithKind(said, d.PlaceText, locs); ok {
				building, d.PlaceText = b, place
			}
		}
		if building == "" {
			g := GuessRepair(said, locs)
			if g.LocationID == 0 && len(g.LocationCandidates) == 0 && g.PlaceText != "" && g.Floor != "" && g.Building == "" {
				// The floor's place said again, still with no building
				// (三楼初二年级组办公室, twice): filed as written, as it
				// was before the building was asked.
				d.PlaceText, d.Building, d.AskBuilding = flows.Clip(g.PlaceText, 60), "", ""
				return true, f.next(t, d)
			}
			if g.LocationID != 0 || len(g.LocationCandidates) > 0 || g.Trade != "" || Nonsense(said) || !buildingWordRE.MatchString(said) || utf8.RuneCountInString(said) > 10 {
				// A place of its own (实验楼二楼男厕所, 302), or no
				// building: read as an answer to 在哪里.
				if g.LocationCandidates != nil && g.Building != "" && len(g.LocationCandidates) > 1 && g.Said == g.Building {
					building = g.Building // 教学楼的: the building, not its rooms
				} else {
					d.PlaceText, d.AskBuilding = "", ""
					return false, nil
				}
			} else {
				// Not in the table: the teacher's own words (see above).
				d.PlaceText, d.Building, d.AskBuilding = flows.Clip(said+d.PlaceText, 60), "", ""
				return true, f.next(t, d)
			}
		}
	}
	place := d.PlaceText
	d.AskBuilding = ""
	// 实验楼 for 二楼男厕所: the room of the table, when it names one of
	// the building's rooms (not only its floor: 教学楼二楼东头 is no 201).
	if g := GuessRepair(building+place, locs); g.LocationID != 0 && (namesRoom(place, locs, g.LocationID) || namesRoom(building+place, locs, g.LocationID)) {
		if l, ok := locationIn(locs, g.LocationID); ok && l.Building == building {
			d.LocationID, d.Location, d.PlaceText, d.Building = g.LocationID, flows.LocationLabel(locs, g.LocationID), "", ""
			return true, f.next(t, d)
		}
	}
	d.Building = building
	return true, f.next(t, d)
}

// buildingWordRE is an answer that names a building: 男生宿舍, 宿舍楼,
// 3号楼, 体育馆, 老食堂.
var buildingWordRE = rx.MustCompile(`(?:楼|宿舍|公寓|馆|堂|中心|寝室?)$`)

// saidElsewhere reports whether what was said of a report (its words so
// far) places it away from l: on another floor (三楼…, for a room of the
// second), or where a building hint points elsewhere (宿舍里有股焦糊味,
// for a classroom). The reporter's own room is then no option to offer
// (user test 26's G7 was offered 教学楼201 for a smoking dormitory).
func saidElsewhere(said string, l flows.Location) bool {
	rd := defaultReader()
	c := rd.canonicalize([]rune(parse.Normalize(said)))
	if n, ok := floorNumber(l.Floor); ok {
		for i := range c.r {
			if floorAt(c, i) && int(c.r[i]-'0') != n {
				return true
			}
		}
	}
	hints := rd.hintsIn(c)
	return len(hints) > 0 && !slices.ContainsFunc(hints, func(part string) bool { return strings.Contains(l.Building, part) })
}

// buildingWithKind reads an answer to askBuilding that names a building of
// locs and then the kind of the place (教学楼 男厕, 教学楼的女厕所, for
// 二楼厕所): the building, and the place with the floor said before and
// the kind now said (二楼男厕). User test 32's T8 had filed 教学楼 男厕 as
// 教学楼其他地点：男厕, the 二楼 she had said lost. Words that name a floor
// or a room number of their own, or a fault, are no such answer.
func buildingWithKind(said, place string, locs []flows.Location) (building, merged string, ok bool) {
	n := parse.Normalize(said)
	for _, l := range locs {
		b := parse.Normalize(l.Building)
		if l.Building == "" || !strings.HasPrefix(n, b) || len(l.Building) <= len(building) {
			continue
		}
		building = l.Building
	}
	if building == "" {
		return "", "", false
	}
	rest := strings.TrimSpace(strings.TrimPrefix(n, parse.Normalize(building)))
	rest = strings.Trim(strings.TrimPrefix(rest, "的"), " ，,、")
	if rest == "" || utf8.RuneCountInString(rest) > 8 || floorWordRE.MatchString(rest) || roomNumberRE.MatchString(rest) || Nonsense(rest) {
		return "", "", false
	}
	if rd := defaultReader(); rd.fault(rd.canonicalize([]rune(rest))) {
		return "", "", false // 教学楼 冲水坏了: a fault, not the place's kind
	}
	floor := floorWordRE.FindString(place)
	if floor == "" || !strings.HasPrefix(place, floor) {
		return "", "", false
	}
	kind := strings.TrimPrefix(place, floor)
	if kind != "" && !strings.ContainsAny(rest, kind) {
		rest += kind // 教学楼 东头, for 二楼厕所: 二楼东头厕所
	}
	return building, floor + rest, true
}
