package repair

import (
	"slices"
	"strconv"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
)

// RepairGuess is what GuessRepair read from a repair report. Every field is
// a guess for the flow to confirm with the reporter, never a decision.
type RepairGuess struct {
	LocationID         int64   // the one best-matching location; 0 if none or several
	LocationCandidates []int64 // the equally good matches when there are several, in input order
	Trade              flows.Trade
	Item               string // the broken thing as named in the table, e.g. 课桌, 灯管, 水龙头; "" if only a symptom (漏水) or place (厕所) matched
	Large              bool   // a big job by default (大修不隔天); see GuessRepair
	Description        string // the text without the place words; the whole text if nothing else is left
	OnlyPlace          bool   // the text named a place and nothing else (Description is then the whole text)
	Hazard             Hazard // the danger described, "" for none; a hazard makes the job urgent (see Tier)
	// PlaceText is a place the text names that is not in the school's
	// locations (操场东边的围栏), for a report filed under 其他地点;
	// Building is a building hint (教室 → a teaching building, 寝室 →
	// a dormitory) when the room alone is ambiguous.
	PlaceText string
	Building  string
}

// GuessRepair guesses the place, trade and severity of a repair report such
// as "302教室第三排课桌腿断了" or "初二(3)班 灯不亮", matching the text against
// the school's locations, which the caller passes (usually the active ones).
//
// Places. A location is found by its aliases (初二(3)班), its room (302,
// 男厕), its building (教学楼) and its floor (2 matches 2楼, 二楼, 2层, 2F).
// Brackets, full-width forms and Chinese numerals before 班/楼/层/号 do not
// matter: 初二（三）班 finds the alias 初二(3)班. A room number is found only
// as a whole number that is not a count, order or measure: room 3 is not in
// 13, 3.5, 第3, 3排 or 3号楼. Each location scores the length of its longest
// alias or room found, plus its building and floor where they are found
// elsewhere in the text; the floor counts only beside a room or building.
// The highest score wins; equal scores give LocationCandidates, for the
// flow to offer as choices.
//
// Trade and item. The text without the place words is scanned for the
// longest keyword at each position, so 灯管 beats 灯, 门锁 beats 门 and
// 门卫 (a guard, not a door) hides 门. Of the keywords found, a thing (课桌)
// beats a symptom (漏水), which beats a place (厕所); a thing that only
// describes where another is (黑板 in 黑板上方的灯) counts after the other;
// then the longer keyword wins, then the earlier. An air conditioner is the
// electrician's; an interactive whiteboard (白板) is 电教's. Nothing found
// leaves Trade "", for the flow to ask.
//
// Severity. When in doubt a repair is small: 小修不隔夜 gives it the earlier
// deadline, and a job that turns out bigger is escalated by the worker
// (修不好要及时上报). Large is set for jobs that cannot be done in an evening:
// the roof (屋顶漏雨), structural damage (裂缝, 坍塌), a burst pipe (水管爆了),
// the distribution board or transformer, the septic tank, the lift, and
// anything that affects a whole floor, building or the school (整层停电,
// 全校断网).
func GuessRepair(text string, locs []flows.Location) RepairGuess {
	norm := []rune(parse.Normalize(text))
	c := canonicalize(norm)

	var g RepairGuess
	best, bestScore := []int{}, 0
	matches := make([][]span, len(locs))
	for i, l := range locs {
		score, spans := matchLocation(c, l)
		matches[i] = spans
		switch {
		case score == 0 || score < bestScore:
		case score > bestScore:
			best, bestScore = []int{i}, score
		default:
			best = append(best, i)
		}
	}
	removed := make([]bool, len(norm))
	for _, i := range best {
		for _, sp := range matches[i] {
			c.remove(removed, sp)
		}
	}
	switch {
	case len(best) == 1:
		g.LocationID = locs[best[0]].ID
	case len(best) > 1:
		for _, i := range best {
			g.LocationCandidates = append(g.LocationCandidates, locs[i].ID)
		}
	}

	var desc []rune
	for i, r := range norm {
		if !removed[i] {
			desc = append(desc, r)
		}
	}
	g.Description = tidyDescription(string(desc))
	if g.Description == "" {
		g.Description = tidyDescription(string(norm))
		g.OnlyPlace = len(best) > 0 && g.Description != ""
	}
	if g.Description == "" {
		g.Description = strings.Join(strings.Fields(string(norm)), " ") // only punctuation: keep it as typed
	}
	g.Trade, g.Item, g.Large = classify(canonString(g.Description))
	return g
}

// span is a half-open range of canonical runes.
type span struct{ start, end int }

func (a span) overlaps(b span) bool { return a.start < b.end && b.start < a.end }

// longestMatch is the longest of the names found in c, as a span; ok is false
// when none is found.
func longestMatch(c canon, names [][]rune) (span, bool) {
	var best span
	found := false
	for _, n := range names {
		if found && len(n) <= best.end-best.start {
			continue
		}
		if at := c.find(n); len(at) > 0 {
			best, found = span{at[0], at[0] + len(n)}, true
		}
	}
	return best, found
}

// matchLocation scores how well c names l and returns the spans that did.
func matchLocation(c canon, l flows.Location) (int, []span) {
	var spans []span
	main, okMain := longestMatch(c, locationNames(l))
	if okMain {
		spans = append(spans, main)
	}
	if l.Building != "" {
		if b, ok := longestMatch(c, [][]rune{canonString(l.Building)}); ok && !overlapsAny(b, spans) {
			spans = append(spans, b)
		}
	}
	if len(spans) == 0 {
		return 0, nil
	}
	if l.Floor != "" {
		if f, ok := longestMatch(c, floorNames(l.Floor)); ok && !overlapsAny(f, spans) {
			spans = append(spans, f)
		}
	}
	score := 0
	for _, sp := range spans {
		score += sp.end - sp.start
	}
	return score, spans
}

func overlapsAny(s span, spans []span) bool {
	return slices.ContainsFunc(spans, s.overlaps)
}

// locationNames are the names that identify l within its building: its
// aliases and its room, and the bare number of a room stored as "302室".
func locationNames(l flows.Location) [][]rune {
	var names [][]rune
	add := func(s string) {
		if r := canonString(s); len(r) > 0 {
			names = append(names, r)
		}
	}
	for _, a := range l.Aliases {
		add(a)
	}
	add(l.Room)
	for _, suf := range []string{"教室", "室", "号房", "房", "号"} {
		if core, ok := strings.CutSuffix(l.Room, suf); ok && core != "" && isASCIIAlnum([]rune(core)[len([]rune(core))-1]) {
			add(core)
			break
		}
	}
	return names
}

// floorNames are the ways people write a floor: "2" gives 2楼 2层 2f; a
// floor stored as 2楼, 二层 or 2F gives the same; anything else (地下室, B1)
// is matched as written.
func floorNames(floor string) [][]rune {
	f := string(canonString(floor))
	for _, suf := range []string{"楼", "层", "f"} {
		f = strings.TrimSuffix(f, suf)
	}
	if f == "" || strings.IndexFunc(f, func(r rune) bool { return !isDigit(r) }) >= 0 {
		if n, ok := parse.Numeral(f); ok && f != "" {
			f = strconv.Itoa(n)
		} else {
			return [][]rune{canonString(floor)}
		}
	}
	return [][]rune{[]rune(f + "楼"), []rune(f + "层"), []rune(f + "f")}
}

// roomSuffixes and placeTrailers may follow a place name and go with it: 302教室里的 ...
var (
	roomSuffixes  = runeWords("教室 室 房间 宿舍 号房 号")
	placeTrailers = runeWords("里面 里 内")
)

// remove marks the source runes of sp as removed, with a room suffix
// (教室, 室 ...), a trailing 里/的 and a preceding 在 that belong with it.
func (c canon) remove(removed []bool, sp span) {
	end := sp.end
	if end < len(c.r) && c.r[end-1] == '厕' && c.r[end] == '所' {
		end++ // room 男厕 in 男厕所
	}
	for _, words := range [][][]rune{roomSuffixes, placeTrailers, {[]rune("的")}} {
		for _, w := range words {
			if c.hasPrefixAt(end, w) {
				end += len(w)
				break
			}
		}
	}
	start := sp.start
	if start > 0 && c.r[start-1] == '在' {
		start--
	}
	for i := c.orig[start]; i <= c.orig[end-1]; i++ {
		removed[i] = true
	}
}

// tidyDescription puts the description on one line and trims the
// punctuation left where place words were cut out.
func tidyDescription(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	return strings.Trim(s, " ,，、:;；。.!！-")
}
