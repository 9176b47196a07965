package repair

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// RepairGuess is what GuessRepair read from a repair report. Every field is
// a guess for the flow to confirm with the reporter, never a decision.
type RepairGuess struct {
	LocationID         int64   // the one best-matching location; 0 if none or several
	LocationCandidates []int64 // the equally good matches when there are several, in input order
	Trade              flows.Trade
	Item               string // the broken thing as named in the table, e.g. 课桌, 灯管, 水龙头; "" if only a symptom (漏水) or place (厕所) matched
	Large              bool   // a big job by default (大修不隔天); see GuessRepair
	Description        string // the text without the place words and chatter (trimChatter); the whole text if nothing else is left
	Wish               string // the chatter cut that says how soon (明天期末考了，麻烦师傅今天弄好), "" for none
	OnlyPlace          bool   // the text named a place and nothing else (Description is then the whole text)
	Hazard             Hazard // the danger described, "" for none; a hazard makes the job urgent (see Tier)
	// PlaceText is a place the text names that is not in the school's
	// locations (操场东边的围栏), for a report filed under 其他地点;
	// Building is a building hint (教室 → a teaching building, 寝室 →
	// a dormitory) when the room alone is ambiguous.
	PlaceText string
	Building  string
	// Said is the building and floor as written when only they named the
	// candidates (教学楼三楼 for its classrooms), for an answer that
	// rejects them all and says the kind of place (都不是 是厕所).
	Said string
	// Floor is the floor (2 of 二楼东头) a PlaceText begins with when no
	// building is said with it: which building is then asked, as the
	// school's buildings may all have that floor.
	Floor string
	// Several is whether the LocationCandidates are rooms each named by
	// words of its own (302 303的广播都没声): the problem is in every one
	// of them, not in one to ask for (user test 27's K13).
	Several bool
	// Also are rooms the table does not have, said by their numbers in a
	// list with the room found (301 302两个考场广播有杂音, 302 of the table):
	// the problem is in them too, as written, in AlsoBuilding (user test
	// 29's R1 filed 302 only).
	Also         []string
	AlsoBuilding string
}

// rooms are the places g reads one problem in: its location (or its
// candidates when each is named, Several), then the rooms of Also.
func (g RepairGuess) rooms() (ids []int64, also []string) {
	switch {
	case g.Several:
		ids = g.LocationCandidates
	case g.LocationID != 0:
		ids = []int64{g.LocationID}
	}
	return ids, g.Also
}

// inRooms reports whether g is one problem in several rooms (see rooms).
func (g RepairGuess) inRooms() bool {
	ids, also := g.rooms()
	return len(ids)+len(also) > 1 && (len(also) == 0 || len(ids) > 0)
}

// GuessRepair guesses the place, trade and severity of a repair report such
// as "302教室第三排课桌腿断了" or "初二(3)班 灯不亮", matching the text against
// the school's locations, which the caller passes (usually the active ones),
// with the default lexicon (flows/lexicon). It reads one problem; Understand
// reads a whole message.
//
// Places. A location is found by its aliases (初二(3)班), its room (302,
// 男厕所), its building (教学楼) and its floor (2 matches 2楼, 二楼, 2层, 2F).
// Text and names are read alike (see canon): brackets, full-width forms,
// grade forms (初3, 初三年级, 九年级, a class without 初: 三(2)班), Chinese
// numerals (二楼, 四零五), floor and number (4楼5号 → 405) and synonyms
// (男卫生间 → 男厕所, 男寝 → 男生宿舍) do not matter. A room number is found
// only as a whole number that is not a count, order or measure: room 3 is
// not in 13, 3.5, 第3, 3排 or 3号楼, but 305天花板 is room 305. Each
// location scores the length of its longest alias or room found, plus its
// building and floor where they are found elsewhere in the text, plus one
// when a building hint points to its building (405教室 → the teaching
// building, 宿舍405 → the dormitories). A weak name (厕所 for 男厕所) counts
// only with the building or floor. The highest score wins; equal scores
// give every one of them as LocationCandidates, for the flow to offer.
// When only a building is named and a place in it follows (教学楼三楼走廊,
// 食堂门口), or the whole building is meant (整层停电), that place is
// PlaceText with its Building; when nothing in the table is named, a place
// word (篮球场, 学校后门那里) is PlaceText.
//
// Trade and item. The text without the place words is scanned for the
// longest keyword at each position, so 灯管 beats 灯, 门锁 beats 门 and
// 门卫 (a guard, not a door) hides 门. Of the keywords found, a thing (课桌)
// beats a symptom (漏水), which beats a place (厕所); a thing that only
// describes where another is (黑板 in 黑板上方的灯) counts after the other;
// then a keyword in an earlier sentence, then the longer keyword, then the
// earlier. An air conditioner is the electrician's; an interactive
// whiteboard (白板) is 电教's. A hazard names its trade: sparks and smoke are
// the electrician's, burst pipes and gas the plumber's, broken glass the
// carpenter's. Nothing found leaves Trade "", for the flow to ask.
//
// Severity. A hazard (Hazard, see the lexicon's hazard rules) makes the job
// urgent. Otherwise, when in doubt a repair is small: 小修不隔夜 gives it
// the earlier deadline, and a job that turns out bigger is escalated by the
// worker (修不好要及时上报). Large is set for jobs that cannot be done in an
// evening: the roof (屋顶漏雨), structural damage (裂缝, 外墙开裂), a burst
// pipe (水管爆了), contractor equipment (空调不制冷, 冷库, 电梯, 锅炉坏了),
// the distribution board or transformer, the septic tank, and anything
// that affects a whole floor, building or the school (整层停电, 全校断网).
func GuessRepair(text string, locs []flows.Location) RepairGuess {
	return defaultReader().guess(text, locs, Sender{})
}

// guess is GuessRepair with rd's words, for s: 我们班 is s's classroom,
// unless the text names a room of the school that s does not own (我班一个
// 家长说孩子住的男寝201…: the 班 is whose parent it is, not where).
func (rd *reader) guess(text string, locs []flows.Location, s Sender) RepairGuess {
	norm := []rune(parse.Normalize(text))
	c := rd.canonicalize(norm)

	var g RepairGuess
	removed := make([]bool, len(norm))
	room := rd.place(c, locs, &g, removed)
	if own, at, ok := rd.ownClass(c, locs, s); ok && (!room || slices.ContainsFunc(own, g.names)) {
		g = RepairGuess{}
		clear(removed)
		if len(own) == 1 {
			g.LocationID = own[0]
		} else {
			g.LocationCandidates = own
		}
		c.remove(removed, at)
	}

	dropPlaceFrame(norm, removed)
	keepPlaceList(norm, removed)
	var desc []rune
	for i, r := range norm {
		if !removed[i] {
			desc = append(desc, r)
		}
	}
	placed := g.LocationID != 0 || len(g.LocationCandidates) > 0 || g.PlaceText != ""
	g.Description = tidyDescription(string(desc))
	g.Description, g.Wish = trimChatter(g.Description, placed)
	if g.Description == "" {
		g.Description = tidyDescription(string(norm))
		g.OnlyPlace = placed && g.Description != ""
	}
	if g.Description == "" {
		g.Description = strings.Join(strings.Fields(string(norm)), " ") // only punctuation: keep it as typed
	}
	g.Trade, g.Item, g.Large = rd.classify(rd.canonString(g.Description))
	if rest := withoutFine(g.Description); rest != g.Description && rest != "" {
		// 考场门窗都没问题 应急照明灯不亮 (user test 31, T30, filed as
		// 木工): a thing said to be fine is not what is broken.
		if tr, it, lg := rd.classify(rd.canonString(rest)); tr != "" {
			g.Trade, g.Item, g.Large = tr, it, lg
		}
	}
	if tr, it, ok := rd.powerCutTrade(g.Description, g.Trade, g.Item); ok {
		g.Trade, g.Item = tr, it // 都停电了 投影用不了 (powercut.go)
	}
	if g.PlaceText != "" {
		// A place not in the table is part of what is wrong (整个宿舍楼都
		// 没有热水), or says whose it is (车棚顶上的挡板掉了).
		_, _, large := rd.classify(c.r)
		g.Large = g.Large || large
		if g.Trade == "" {
			g.Trade, _, _ = rd.classify(rd.canonString(g.PlaceText + g.Description))
		} else if g.Trade != flows.TradeBuilding && buildingPartRE.MatchString(g.PlaceText) {
			// 图书馆屋顶漏水 靠窗那排书架的书都湿了: the place written out
			// is a part of the building (屋顶, buildingPartRE; not the
			// ground, whose 积水 may be a blocked drain's), and with the fault said right after
			// it the building's trade (屋顶漏水), not what the rest names
			// (漏水 alone a plumber's, 靠窗 a carpenter's: user test 27's
			// K27).
			first, _, _ := strings.Cut(strings.NewReplacer("，", " ", ",", " ", "。", " ", "；", " ").Replace(g.Description), " ")
			if ct, _, _ := rd.classify(rd.canonString(g.PlaceText + first)); ct == flows.TradeBuilding {
				g.Trade = ct
			}
		}
	}
	if slipperyGround(g, c.r) {
		g.Trade = flows.TradeGeneral
	}
	if g.Hazard = rd.hazard(c); g.Hazard != "" {
		g.Trade = g.Hazard.trade(g.Trade)
		if g.Hazard == HazardElectric && rd.hazardIs(c, HazardWater) {
			// 水管冻裂了 地上全是水 旁边就是插座: the socket's danger
			// (its tip) comes from the burst pipe, a plumber's job
			// (user test 30's T2).
			g.Trade = flows.TradePlumbing
		}
	}
	return g
}

// slipperyRE is ground made slippery: ice, standing water, wet, oil.
var slipperyRE = rx.MustCompile(`结冰|结了冰|结了层冰|有冰|是冰|一层冰|冻上了|冻住了|结霜|积水|有积水|一滩水|湿滑|很滑|太滑|好滑|特别滑|打滑|路滑|地滑|滑倒|溜滑|油污|有油`)

// drainSaidRE is a drain said to be the cause of standing water.
var drainSaidRE = rx.MustCompile(`下水|排水|地漏|水口|堵`)

// groundThings are the ground a person walks on (or nothing named).
var groundThings = []string{"", "地面", "地板", "地砖", "瓷砖", "台阶"}

// slipperyGround reports whether g is ground made slippery and nothing
// broken (后门口地面结冰, 门口有积水 很滑, 楼道地砖湿滑): no trade's repair
// but the school's general hands' (撒盐, 扫水, 铺防滑垫), not the
// carpenter's nor the builder's. A drain or a pipe named (卫生间地面积水
// 下水道堵了, 估计是下水口堵了) keeps its trade, and so does a roof (屋顶积水,
// 楼顶积水).
func slipperyGround(g RepairGuess, text []rune) bool {
	where := g.Item != "" && strings.Contains(string(text), g.Item+"口") // 教室门口地上有积水
	if !slipperyRE.MatchString(string(text)) || !slices.Contains(groundThings, g.Item) && !where ||
		buildingPartRE.MatchString(string(text)) || drainSaidRE.MatchString(string(text)) {
		return false
	}
	return g.Trade == "" || g.Trade == flows.TradeBuilding || g.Trade == flows.TradeCarpentry
}

// placeJoins join a place to another said after it: 校门口和操场那条路.
var placeJoins = runeWords("以及 还有 和 跟 与 及 、")

// keepPlaceList puts back a place cut from the problem that is joined to
// another place after it (校门口和操场那条路都结冰了): the job is at the
// first, and its problem says both, whole; cut, it began 「和操场那条路…」
// (user test 30's T3). A place after it read as a place too (302和303) is
// left to the rooms' own reading.
func keepPlaceList(norm []rune, removed []bool) {
	eachRemovedRun(removed, func(i, j int) {
		k := j
		for k < len(norm) && norm[k] == ' ' {
			k++
		}
		for _, w := range placeJoins {
			if k+len(w) < len(norm) && slices.Equal(norm[k:k+len(w)], w) && unicode.Is(unicode.Han, norm[k+len(w)]) && !removed[k+len(w)] {
				for x := i; x < j; x++ {
					removed[x] = false
				}
				return
			}
		}
	})
}

// eachRemovedRun calls fn with [i, j) for each run of removed runes, in
// order, as they stand before fn changes any of them: the runs of place
// words keepPlaceList and dropPlaceFrame look around.
func eachRemovedRun(removed []bool, fn func(i, j int)) {
	for i := 0; i < len(removed); i++ {
		if !removed[i] {
			continue
		}
		j := i
		for j < len(removed) && removed[j] {
			j++
		}
		fn(i, j)
		i = j
	}
}

// placeFrames are words that only said the place cut from a problem,
// right before it: 也是303的, 就在302.
var placeFrames = runeWords("也是在 也是 就是 也在 都是 都在 就在 就")

// whoFrames say who is at the place, before its 在 (cut with the place):
// 我在302 灯不亮了 is 灯不亮了, not 「我 灯不亮了」.
var whoFrames = runeWords("我们现在 我现在 我们 我 他们 学生们 学生")

// dropPlaceFrame marks removed, around each run of place words removed
// (also a 的 after it), the words that only framed them: 还有那个桌子腿断了
// 也是303的 第二排 is 桌子腿断了 第二排, not …也是 第二排 (user test 29's
// R12). The frame must end a clause with the place.
func dropPlaceFrame(norm []rune, removed []bool) {
	eachRemovedRun(removed, func(i, j int) {
		end := j
		if end < len(norm) && norm[end] == '的' {
			end++
		}
		if end < len(norm) && !unicode.IsSpace(norm[end]) && !unicode.IsPunct(norm[end]) {
			return
		}
		frames := placeFrames
		if norm[i] == '在' {
			frames = slices.Concat(whoFrames, placeFrames)
		}
		for _, w := range frames {
			k := i - len(w)
			if k >= 0 && slices.Equal(norm[k:i], w) && (k == 0 || unicode.IsSpace(norm[k-1]) || unicode.IsPunct(norm[k-1])) {
				for x := k; x < end; x++ {
					removed[x] = true
				}
				return
			}
		}
	})
}

// trade is who repairs a hazard: an electrician for sparks and smoke
// whatever the thing (a sparking computer is the electrician's first), a
// plumber for burst pipes and gas, a carpenter for broken glass, and for
// what may fall or open up, whoever repairs the thing (t), else 土建.
func (h Hazard) trade(t flows.Trade) flows.Trade {
	switch h {
	case HazardElectric, HazardFire:
		return flows.TradeElectrical
	case HazardWater, HazardGas:
		return flows.TradePlumbing
	case HazardGlass:
		return flows.TradeCarpentry
	}
	if t == "" {
		return flows.TradeBuilding
	}
	return t
}

// ownClass finds 我们班 (and its other forms) in c: the locations s owns
// among locs, and where the words are.
func (rd *reader) ownClass(c canon, locs []flows.Location, s Sender) ([]int64, span, bool) {
	if len(s.Owned) == 0 {
		return nil, span{}, false
	}
	at, ok := longestMatch(c, rd.markers["own"])
	if !ok {
		return nil, span{}, false
	}
	var own []int64
	for _, l := range locs {
		if slices.Contains(s.Owned, l.ID) {
			own = append(own, l.ID)
		}
	}
	return own, at, len(own) > 0
}

// names reports whether g names location id, alone or as a candidate.
func (g RepairGuess) names(id int64) bool {
	return g.LocationID == id || slices.Contains(g.LocationCandidates, id)
}

// place finds the location c names among locs and marks its words
// removed; or, when it names a place the table does not have, keeps
// that place as text (PlaceText, Building). room reports whether what it
// found is named by a room or alias (or is a whole building of its own,
// 操场), not only by a building or floor.
func (rd *reader) place(c canon, locs []flows.Location, g *RepairGuess, removed []bool) (room bool) {
	if at, building, drop, ok := rd.newRoom(c, locs); ok {
		// 304 beside 教学楼's 301–303, not in the table (newroom.go).
		at = buildingBefore(c, at, building)
		g.PlaceText, g.Building = c.source(at), building
		c.remove(removed, at)
		for _, sp := range drop {
			c.remove(removed, sp) // 301… 哦不对 是: taken back
		}
		return false
	}
	hints := rd.hintsIn(c)
	// Only the locations one of whose names (or whose building) the text
	// has can score; they are taken in the order of locs, as ties keep it.
	ix := rd.index(locs)
	at := ix.foundAt(c)
	var best []int // indexes into locs
	var bestMatch []locMatch
	bestScore := 0
	cands := ix.candidates(at)
	matches := make([]locMatch, len(cands))
	spoken := make([]bool, len(cands))
	heard := false // a place is named that is not only who said it
	for k, i := range cands {
		matches[k] = ix.match(c, at, i, locs[i], hints)
		spoken[k] = matches[k].score > 0 && saysAfter(c, matches[k])
		heard = heard || matches[k].score > 0 && !spoken[k]
	}
	for k, i := range cands {
		m := matches[k]
		if spoken[k] && heard {
			// 303…离线了 教务处说后台看不到画面: the office said it, and the
			// fault is 303's (user test 29's R4 filed a job at 教务处 too).
			continue
		}
		switch {
		case m.score == 0 || m.score < bestScore:
		case m.score > bestScore:
			best, bestMatch, bestScore = append(best[:0], i), append(bestMatch[:0], m), m.score
		default:
			best, bestMatch = append(best, i), append(bestMatch, m)
		}
	}
	if len(best) == 0 {
		sp, ok := rd.freePlace(c)
		cut, floorOnly := sp, false
		if !ok {
			sp, ok = rd.floorPlace(c)
			if !ok {
				sp, ok = floorCutPlace(c) // 三楼没电了 (powercut.go)
			}
			cut, floorOnly = withPointer(c, sp), ok
			for _, w := range ourWords {
				if k := cut.start - len(w); k >= 0 && c.hasPrefixAt(k, w) {
					cut.start = k // 我们三楼办公室暖气: 我们 goes with it
					break
				}
			}
		}
		if ok {
			g.PlaceText = c.source(sp)
			if floorOnly {
				// Only a place freePlace does not find asks its building: one
				// it finds (二楼楼梯口, 三楼走廊) has long been filed as
				// written, under the school's 其他地点.
				g.Floor = string(c.r[sp.start])
			}
			c.remove(removed, cut)
		}
		return false
	}
	// Only a building (and floor) named, in a building of many rooms: a
	// place in it that is not a room (教学楼三楼走廊, 食堂门口), the whole
	// building (教学楼整层停电), or one of its rooms, for the flow to ask.
	room = slices.ContainsFunc(bestMatch, func(m locMatch) bool { return m.room })
	if room && len(best) == 1 {
		if sp, ok := rd.besideRoom(c, bestMatch[0]); ok {
			// 三楼女厕所水龙头关不紧，303旁边那个: 303 says where the
			// toilet is; the place is the toilet, of 303's building, in
			// the table or as written.
			building := locs[best[0]].Building
			var in RepairGuess
			said := []rune(parse.Normalize(building + c.source(sp)))
			rd.place(rd.canonicalize(said), locs, &in, make([]bool, len(said)))
			if l, ok := locationIn(locs, in.LocationID); ok && l.Building == building {
				g.LocationID = in.LocationID
			} else {
				g.PlaceText, g.Building = c.source(sp), building
			}
			c.remove(removed, sp)
			return true
		}
	}
	if !room {
		m := bestMatch[0]
		building := locs[best[0]].Building
		run := rd.placeRun
		if m.floor.end > 0 && m.floor.end == m.end() {
			run = rd.floorRun // 教学楼二楼东头: the floor's end, no room of it
		}
		if end := run(c, m.end()); end > m.end() && !onlyFloors(c, m.end(), end) {
			sp := span{m.building.start, end}
			g.PlaceText, g.Building = c.source(sp), building
			c.remove(removed, withPointer(c, sp))
			return false
		}
		if i := skipDe(c, m.end()); rd.roomNameAt(c, i) > i {
			// 实验楼二楼化学实验室: a room the table does not have, named
			// after its building and floor, is that room as written, never
			// another room of the floor (a gas leak had gone to the
			// floor's only room, its 男厕所).
			sp := span{m.building.start, rd.roomNameAt(c, i)}
			if m.floor.end > 0 && m.floor.start < sp.start {
				sp.start = m.floor.start
			}
			if id, ok := soundSlip(c.source(span{i, sp.end}), building, locs); ok {
				// 图书馆越览室: 阅览室 with one character written by its
				// sound (the sixteenth user test's was filed as written).
				g.LocationID = id
				c.remove(removed, sp)
				return true
			}
			g.PlaceText, g.Building = c.source(sp), building
			c.remove(removed, sp)
			return false
		}
		if slices.ContainsFunc(scopeWords, c.contains) {
			sp := m.building
			if m.floor.end > 0 && m.floor.start >= m.building.end {
				sp.end = m.floor.end // 教学楼三楼 整层都没电: that floor (powercut.go)
			}
			g.PlaceText, g.Building = c.source(sp), building
			c.remove(removed, sp)
			return false
		}
		if sp, ok := floorElsewhere(c, m, locs, best); ok {
			// 实验楼三楼烟感一直在响 (user test 34's T5), the building's
			// rooms in the table all on other floors: the building and
			// floor as written, not its 二楼 room.
			g.PlaceText, g.Building = c.source(sp), building
			c.remove(removed, sp)
			return false
		}
	}
	for _, m := range bestMatch {
		for _, sp := range m.spans {
			c.remove(removed, sp)
		}
	}
	if len(best) == 1 {
		g.LocationID = locs[best[0]].ID
		if room {
			rd.dropTakenBack(c, bestMatch[0], removed) // 301… 哦不对 是304, 304 in the table
			g.Also, g.AlsoBuilding = listedNewRooms(c, locs, bestMatch, removed)
		}
		return room
	}
	for _, i := range best {
		g.LocationCandidates = append(g.LocationCandidates, locs[i].ID)
	}
	g.Several = room && eachNamed(bestMatch)
	if g.Several {
		g.Also, g.AlsoBuilding = listedNewRooms(c, locs, bestMatch, removed)
	}
	if !room {
		m := bestMatch[0]
		start := m.building.start
		if m.floor.end > 0 && (m.building.end == 0 || m.floor.start < start) {
			start = m.floor.start
		}
		if m.building.end == 0 && m.floor.end == 0 {
			start = m.end()
		}
		g.Said = c.source(span{start, m.end()})
	}
	g.Building = locs[best[0]].Building
	for _, i := range best {
		if locs[i].Building != g.Building {
			g.Building = ""
		}
	}
	return room
}

// sayWords follow a place that only says who told of the fault: 教务处说,
// 门卫那边反映, 隔壁班老师讲.
var sayWords = runeWords("说 讲 反映 反应 反馈 告诉 打电话 来电话 通知 发现 提醒 喊")

// sayLead may stand between the place and its sayWords: 教务处那边说,
// 303的老师讲.
var sayLead = runeWords("那边的人 那边的 那边 的老师 老师 的人 的同事 的")

// saysAfter reports whether m's words are followed by a word of saying
// (see sayWords): the place is who told, not where the fault is.
func saysAfter(c canon, m locMatch) bool {
	e := m.end()
	for _, sp := range m.spans {
		e = max(e, sp.end)
	}
	for _, w := range sayLead {
		if c.hasPrefixAt(e, w) {
			e += len(w)
			break
		}
	}
	for _, w := range sayWords {
		if c.hasPrefixAt(e, w) {
			return true
		}
	}
	return false
}

// roomListSep is what may stand between rooms said in a list: 301 302,
// 301和302, 301、302.
const roomListSep = " 、,，和跟与及还"

// listedNewRooms are the numbers of rooms the table lacks said in a list
// with the rooms ms found (301 302两个考场: 301 beside 302), each of the
// one building numbering its rooms so, as written; their words are
// marked removed. A number said apart (302 第3排, 301的老师说) is none.
func listedNewRooms(c canon, locs []flows.Location, ms []locMatch, removed []bool) (rooms []string, building string) {
	var found []span
	for _, m := range ms {
		found = append(found, m.spans...)
	}
	listed := func(a, b span) bool {
		if a.start > b.start {
			a, b = b, a
		}
		return a.end <= b.start && strings.Trim(string(c.r[a.end:b.start]), roomListSep) == "" && b.start-a.end <= 2
	}
	nums := roomNumbers(c)
	var list []span
	for changed := true; changed; {
		changed = false
		for _, n := range nums {
			if overlapsAny(n, found) || overlapsAny(n, list) || removed[n.start] {
				continue
			}
			if !slices.ContainsFunc(found, func(f span) bool { return listed(n, f) }) && !slices.ContainsFunc(list, func(f span) bool { return listed(n, f) }) {
				continue
			}
			num := string(c.r[n.start:n.end])
			b := roomBuilding(locs, num)
			if knownRoom(locs, num) || b == "" || building != "" && b != building {
				continue
			}
			building = b
			list = append(list, n)
			changed = true
		}
	}
	slices.SortFunc(list, func(a, b span) int { return a.start - b.start })
	for _, n := range list {
		rooms = append(rooms, c.source(n))
		c.remove(removed, n)
	}
	return rooms, building
}

// eachNamed reports whether every match is a room named by words of its
// own (302 303的广播都没声), not several rooms one word fits (厕所).
func eachNamed(ms []locMatch) bool {
	for i, m := range ms {
		if !m.room || len(m.spans) == 0 {
			return false
		}
		for _, o := range ms[:i] {
			if m.spans[0].overlaps(o.spans[0]) {
				return false
			}
		}
	}
	return true
}

// dropTakenBack marks removed, when the room m names is said as a
// self-correction (301黑板上面的灯坏了两根 哦不对 是304), the correction's
// words and the room numbers said before them: taken back, they are no
// part of what is wrong (user test 18's F9 kept 「301…哦不对」 as the
// description once 304 was a room of the table; newRoom does this for a
// room it has not).
func (rd *reader) dropTakenBack(c canon, m locMatch, removed []bool) {
	if len(m.spans) == 0 {
		return
	}
	start := m.spans[0].start
	for _, sp := range m.spans {
		start = min(start, sp.start)
	}
	from, taken := correctionStart(c, start)
	if !taken {
		return
	}
	c.remove(removed, span{from, start})
	for _, n := range roomNumbers(c) {
		if n.end <= from {
			c.remove(removed, n)
		}
	}
}

// skipDe is i past a 的 there (三楼的会议室).
func skipDe(c canon, i int) int {
	if i < len(c.r) && c.r[i] == '的' {
		return i + 1
	}
	return i
}

// roomNameAt is where a named room that starts at i ends: a kind of room
// (会议室, 女厕所), or a few characters that name one before it or before
// 室 (化学实验室, 美术室); i when there is none. A classroom (教室) is no
// named room: which one is asked.
func (rd *reader) roomNameAt(c canon, i int) int {
	for k := i; k < len(c.r) && k < i+5; k++ {
		for _, p := range rd.places {
			if p.room && c.hasPrefixAt(k, p.word) {
				return k + len(p.word)
			}
		}
		if c.r[k] == '室' && k > i && string(c.r[i:k+1]) != "教室" {
			return k + 1
		}
		if !unicode.Is(unicode.Han, c.r[k]) || strings.ContainsRune("的了在有是和跟与旁边里外上下前后楼层", c.r[k]) {
			break
		}
	}
	return i
}

// soundSlip is the room of building that a room name written in it
// misses by one character of the same sound (越览室 for 阅览室, typed by
// pinyin or said by voice), when exactly one room does: names of the same
// length only, so that another room (阅读室, 会议室) is never taken for it.
func soundSlip(written, building string, locs []flows.Location) (int64, bool) {
	w := []rune(written)
	if len(w) < 2 {
		return 0, false
	}
	var found int64
	for _, l := range locs {
		if l.Building != building || l.ID == found {
			continue
		}
		for _, name := range append([]string{l.Room}, l.Aliases...) {
			if !oneSoundOff(w, []rune(name)) {
				continue
			}
			if found != 0 {
				return 0, false // two rooms it might be: as written
			}
			found = l.ID
			break
		}
	}
	return found, found != 0
}

// oneSoundOff reports whether a and b differ in exactly one character,
// Chinese in both and of the same toneless pinyin.
func oneSoundOff(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	off := -1
	for k := range a {
		if a[k] == b[k] {
			continue
		}
		if off >= 0 {
			return false
		}
		off = k
	}
	return off >= 0 && unicode.Is(unicode.Han, a[off]) && unicode.Is(unicode.Han, b[off]) &&
		flows.Sound(string(a[off])) == flows.Sound(string(b[off]))
}

// besideWords place a thing beside a room: 303旁边那个.
var besideWords = runeWords("旁边 边上 隔壁 对面 附近 旁")

// besideRoom finds, when the room m names is followed by 旁边 (303旁边),
// the floor and kind of room the text names elsewhere (三楼女厕所): the
// room that is beside it.
func (rd *reader) besideRoom(c canon, m locMatch) (span, bool) {
	beside := false
	for _, sp := range m.spans {
		for _, w := range besideWords {
			beside = beside || c.hasPrefixAt(sp.end, w)
		}
	}
	if !beside {
		return span{}, false
	}
	for k := 2; k < len(c.r); k++ {
		if !isDigit(c.r[k-2]) || (c.r[k-1] != '楼' && c.r[k-1] != '层') {
			continue
		}
		if end := rd.roomNameAt(c, k); end > k && !overlapsAny(span{k - 2, end}, m.spans) {
			return span{k - 2, end}, true
		}
	}
	return span{}, false
}

// isRoomName reports whether text is only a named room (化学实验室,
// 美术室, 女厕所): a place, though the table may not have it.
func isRoomName(text string) bool {
	rd := defaultReader()
	c := rd.canonicalize([]rune(parse.Normalize(strings.TrimRight(strings.TrimSpace(text), "。.！!"))))
	return len(c.r) > 0 && rd.roomNameAt(c, 0) == len(c.r)
}

// scopeWords say a whole building is affected: 整层停电, 整栋楼停水.
var scopeWords = runeWords("整层 一整层 整栋 整幢 整座 全楼 整楼 整个楼")

// onlyFloors reports whether c from i to j is only floors (3楼, 2层) or
// the 楼 of a building's name (男生宿舍楼).
func onlyFloors(c canon, i, j int) bool {
	for i < j {
		switch {
		case i+1 < j && isDigit(c.r[i]) && (c.r[i+1] == '楼' || c.r[i+1] == '层'):
			i += 2
		case c.r[i] == '楼':
			i++
		default:
			return false
		}
	}
	return true
}

// placeRun is where a run of place words (篮球场, 门口, 东边, 3楼) that
// starts at i ends; i when there is none.
// floorEnds are the ends and corners of a floor or a corridor, which go on
// a place only when another place word follows them: 教学楼二楼东头楼梯口
// (user test 26's G2 was filed at the floor's only room, 201), not
// 操场东头那个篮球架 (the 篮球场).
var floorEnds = [][]rune{[]rune("东头"), []rune("西头"), []rune("南头"), []rune("北头"), []rune("尽头"), []rune("那头"), []rune("拐角")}

// corridorWords are places along which a floor's end lies: 走廊东头.
var corridorWords = runeWords("走廊 楼道 过道 连廊")

// floorRun is placeRun after a floor (教学楼二楼|东头): the floor's end
// goes on its own there.
func (rd *reader) floorRun(c canon, i int) int {
	for _, w := range floorEnds {
		if c.hasPrefixAt(i, w) {
			return rd.placeRun(c, i+len(w))
		}
	}
	return rd.placeRun(c, i)
}

func (rd *reader) placeRun(c canon, i int) int {
	along := false // the word before is a corridor or a floor, whose end may follow
	for i < len(c.r) {
		n := 0
		for _, p := range rd.places {
			if c.hasPrefixAt(i, p.word) {
				n = len(p.word)
				break
			}
		}
		if n == 0 && along {
			for _, w := range floorEnds {
				if c.hasPrefixAt(i, w) {
					n = len(w) // 二楼走廊东头那个暖气片: the corridor's end
					break
				}
			}
		}
		if n == 0 && i+1 < len(c.r) && isDigit(c.r[i]) && (c.r[i+1] == '楼' || c.r[i+1] == '层') {
			n = 2
		}
		if n == 0 && i+2 < len(c.r) && (c.r[i] == '到' || c.r[i] == '至') && isDigit(c.r[i+1]) && (c.r[i+2] == '楼' || c.r[i+2] == '层') {
			n = 3 // 二楼到三楼的楼梯: a stair between floors
		}
		if n == 0 && c.r[i] == '的' && i > 0 && rd.placeRun(c, i+1) > i+1 {
			n = 1 // 三楼的走廊
		}
		if n == 0 {
			for _, w := range floorEnds {
				if c.hasPrefixAt(i, w) && rd.placeRun(c, i+len(w)) > i+len(w) {
					n = len(w) // 二楼东头楼梯口: the end of a floor, then its place
					break
				}
			}
		}
		if n == 0 {
			break
		}
		along = n == 2 && floorAt(c, i)
		for _, w := range corridorWords {
			along = along || n == len(w) && c.hasPrefixAt(i, w)
		}
		i += n
	}
	return i
}

// freePlace finds a place the text names that is not a location: it
// starts at the first place word that is not relative (篮球场, 学校) and
// runs on over the place words after it (学校后门那里).
func (rd *reader) freePlace(c canon) (span, bool) {
	floorAt := func(k int) bool {
		return k >= 0 && k+1 < len(c.r) && isDigit(c.r[k]) && (c.r[k+1] == '楼' || c.r[k+1] == '层')
	}
	for i := range c.r {
		if leansOn(c, i) {
			continue
		}
		for _, p := range rd.places {
			if !p.relative && c.hasPrefixAt(i, p.word) {
				// 二楼到三楼楼梯, 三楼的楼梯: the floors said before it
				// are part of the place.
				start := sideBefore(c, i, floorAt)
				for {
					if floorAt(start - 2) {
						start -= 2
						continue
					}
					if start >= 3 && strings.ContainsRune("到至的", c.r[start-1]) && floorAt(start-3) {
						start--
						continue
					}
					break
				}
				if later, ok := rd.placeSaidFully(c, p.word, i+len(p.word)); ok && start == i {
					return later, true
				}
				return span{start, roomNumberAfter(c, rd.placeRun(c, i))}, true
			}
		}
	}
	return span{}, false
}

// sideBefore is where a place found at i begins with the side of it said
// before it: 三楼东边走廊, 东头的楼梯 (user test 31's T3 was filed at
// 「其他地点：走廊」, 三楼东边 left in the problem); a bare 东 or 西 only
// after a floor (三楼东走廊), as 东西 alone begins other words.
func sideBefore(c canon, i int, floorAt func(int) bool) int {
	for _, side := range sideWords {
		for _, link := range append([][]rune{nil}, sideLinks...) {
			if s := i - len(link) - len(side); s >= 0 && c.hasPrefixAt(s, side) && c.hasPrefixAt(i-len(link), link) {
				return s
			}
		}
	}
	if i >= 3 && strings.ContainsRune("东西南北", c.r[i-1]) && floorAt(i-3) {
		return i - 1
	}
	return i
}

// sideWords say which of a kind of place: 东边那个楼梯.
var sideWords = runeWords("东边 西边 南边 北边 东头 西头 南头 北头 东侧 西侧 南侧 北侧 东面 西面 南面 北面 靠东 靠西 中间")

// sideLinks may stand between a side and its place: 东边那个楼梯, 西头的厕所.
var sideLinks = runeWords("那个 这个 的 那")

// stretchWords end a place between floors: 二楼到三楼那段.
var stretchWords = runeWords("那一段 那段 这段 之间 中间")

// placeSaidFully finds the place word said again from `from` on, the
// second time with its side before it and its floors after (还有楼梯扶手
// 松了 就东边那个楼梯 二楼到三楼那段: user test 29's R13 was filed at
// 「其他地点：楼梯」): that is the place.
func (rd *reader) placeSaidFully(c canon, word []rune, from int) (span, bool) {
	for k := from; k+len(word) <= len(c.r); k++ {
		if !c.hasPrefixAt(k, word) {
			continue
		}
		start := -1
		for _, side := range sideWords {
			for _, link := range append([][]rune{nil}, sideLinks...) {
				if s := k - len(link) - len(side); s >= from && c.hasPrefixAt(s, side) && c.hasPrefixAt(k-len(link), link) {
					start = s
				}
			}
		}
		if start < 0 {
			continue
		}
		end := rd.placeRun(c, k)
		for _, w := range stretchWords {
			if end > k+len(word) && c.hasPrefixAt(end, w) {
				end += len(w)
				break
			}
		}
		return span{start, end}, true
	}
	return span{}, false
}

// pointers point at the thing after a place: 二楼东头那个暖气片.
var pointers = runeWords("那个 这个 那块 这块 那里的 那边的")

// ourWords say whose a floor's place is: 我们三楼办公室.
var ourWords = runeWords("我们 咱们 俺们")

// withPointer is sp with the word after it that points at the thing
// there (二楼东头那个暖气片: the 那个 goes with the place).
func withPointer(c canon, sp span) span {
	for _, w := range pointers {
		if c.hasPrefixAt(sp.end, w) {
			sp.end += len(w)
			break
		}
	}
	return sp
}

// floorFirst is the floor a place said with no building starts with (2
// of 二楼走廊东头), or "".
func floorFirst(place string) string {
	c := defaultReader().canonicalize([]rune(parse.Normalize(place)))
	if floorAt(c, 0) {
		return string(c.r[0])
	}
	return ""
}

// floorAt reports whether a floor (3楼, 2层) starts at k in c.
func floorAt(c canon, k int) bool {
	return k >= 0 && k+1 < len(c.r) && isDigit(c.r[k]) && (c.r[k+1] == '楼' || c.r[k+1] == '层') &&
		(k == 0 || !isDigit(c.r[k-1]))
}

// floorPlace finds a place said by its floor alone, which freePlace does
// not start at: the end of a floor (二楼东头, 三楼的尽头, 二楼东头楼梯口)
// or a kind of room on it (一楼男厕所). User test 27's teachers said
// 「二楼东头那个暖气片漏水了」 and 「一楼男厕所小便池冻住了」, were asked
// 在哪里 with their own classroom of another floor as the only option,
// and what they had said of the place was lost; kept, only the building
// is asked (RepairGuess.Floor).
func (rd *reader) floorPlace(c canon) (span, bool) {
	for i := range c.r {
		if !floorAt(c, i) {
			continue
		}
		j := skipDe(c, i+2)
		if end := rd.roomNameAt(c, j); end > j {
			return span{i, end}, true
		}
		for _, w := range floorEnds {
			if c.hasPrefixAt(j, w) {
				return span{i, rd.placeRun(c, j+len(w))}, true
			}
		}
	}
	return span{}, false
}

// leansOn reports whether the word at i follows 靠: 靠走廊的窗户, 靠走廊那边
// 的窗户 are a window of the room on its corridor side, not a place 走廊
// (user test 16's 303 window handle was filed at 「其他地点：走廊」); so are
// 靠窗的灯管 and 靠门的插座 a thing's position in its room. 靠近后门的路灯
// is near a place, which stays one.
func leansOn(c canon, i int) bool {
	return i >= 1 && c.r[i-1] == '靠'
}

// roomNumberAfter is end past a room's number said straight after a place
// not in the table (行政楼203, 行政楼二楼205室): the more exact place
// the twelfth user test's teacher gave had lost it, and then its floor.
func roomNumberAfter(c canon, end int) int {
	j := end
	for j < len(c.r) && j-end < 4 && isDigit(c.r[j]) {
		j++
	}
	if j-end < 2 || j < len(c.r) && isDigit(c.r[j]) {
		return end
	}
	for _, suffix := range []string{"教室", "室", "房", "号"} {
		if c.hasPrefixAt(j, []rune(suffix)) {
			return j + len([]rune(suffix))
		}
	}
	return j
}

// source is the source text of sp.
func (c canon) source(sp span) string {
	return string(c.src[c.orig[sp.start] : c.orig[sp.end-1]+1])
}

// hintsIn are the parts of building names the building hints in c point to.
func (rd *reader) hintsIn(c canon) []string {
	var parts []string
	for _, h := range rd.hints {
		if !slices.Contains(parts, h.part) && c.contains(h.word) {
			parts = append(parts, h.part)
		}
	}
	return parts
}

// locMatch is how well a text names a location.
type locMatch struct {
	score    int
	spans    []span
	building span // where the building is named, if it is
	floor    span // where the floor is named, if it is
	room     bool // a room or alias is named, or the location is the whole building
}

// end is where the building and floor named end.
func (m locMatch) end() int { return max(m.building.end, m.floor.end) }

// span is a half-open range of canonical runes.
type span struct{ start, end int }

func (a span) overlaps(b span) bool { return a.start < b.end && b.start < a.end }

// beside is whether b is right before or after a in c, or one 的 or space
// apart: the floor of 实验楼三楼, 三楼的男厕所 or 303 三楼, not of
// 实验楼楼顶漏水，三楼都渗水了.
func (a span) beside(c canon) func(b span) bool {
	return func(b span) bool {
		gap := func(i, j int) bool { return i == j || (j == i+1 && (c.r[i] == '的' || c.r[i] == ' ')) }
		return gap(a.end, b.start) || gap(b.end, a.start)
	}
}

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

func overlapsAny(s span, spans []span) bool {
	return slices.ContainsFunc(spans, s.overlaps)
}

// locNames are a location's names, canonical.
type locNames struct {
	strong, weak [][]rune
	building     []rune
	floors       [][]rune
}

// namesOf is l's names, kept by rd: a location is read against every
// message of its school, and canonicalising its names each time is most
// of the work.
func (rd *reader) namesOf(l flows.Location) *locNames {
	key := strings.Join(append([]string{l.Building, l.Floor, l.Room}, l.Aliases...), "\x00")
	if ns, ok := rd.names.Load(key); ok {
		return ns.(*locNames)
	}
	ns := &locNames{building: rd.canonString(l.Building)}
	ns.strong, ns.weak = rd.locationNames(l)
	if l.Floor != "" {
		ns.floors = floorNames(l.Floor)
	}
	rd.names.Store(key, ns)
	return ns
}

// locationNames are the names that identify l within its building: its
// aliases and its room, and the bare number of a room stored as "302室";
// and the weak names: a toilet without its 男/女, a room without the
// floor it starts with (大厅 for 一楼大厅).
func (rd *reader) locationNames(l flows.Location) (strong, weak [][]rune) {
	add := func(names *[][]rune, s string) {
		if r := rd.canonString(s); len(r) > 0 {
			*names = append(*names, r)
		}
	}
	for _, a := range l.Aliases {
		add(&strong, a)
		if r := rd.canonString(a); len(r) > 3 && (r[0] == '初' || r[0] == '高') && isCNNumeral(r[1]) && isDigit(r[2]) {
			strong = append(strong, r[1:]) // 三5班 for 初三5班
		}
	}
	add(&strong, l.Room)
	for _, suf := range []string{"教室", "室", "号房", "房", "号"} {
		if core, ok := strings.CutSuffix(l.Room, suf); ok && core != "" && isASCIIAlnum([]rune(core)[len([]rune(core))-1]) {
			add(&strong, core)
			break
		}
	}
	room := string(rd.canonString(l.Room))
	for _, sex := range []string{"男", "女"} {
		if rest, ok := strings.CutPrefix(room, sex); ok && strings.HasPrefix(rest, "厕") {
			add(&weak, rest)
		}
	}
	if rs := []rune(room); len(rs) > 2 && isDigit(rs[0]) && (rs[1] == '楼' || rs[1] == '层') {
		add(&weak, string(rs[2:]))
	}
	return strong, weak
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
	if end < len(c.r) && c.r[end-1] == '门' && c.r[end] == '口' {
		end++ // 校门 in 校门口: no 口 left to begin the problem (user test 30's T3)
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
	s = strings.Trim(s, " ,，、:;；。.!！-")
	if rest, same := withoutSameAs(s); same && rest != "" {
		s = rest // 303的钟 跟刚才那个一样 也不走了: the pointing back is no part of the problem
	}
	if loc := greetingLeadRE.FindStringIndex(s); loc != nil && loc[1] < len(s) {
		s = strings.Trim(s[loc[1]:], " ,，、:;；。.!！-") // 老师们好，三楼女厕所…: the greeting is no part of the problem
	}
	if loc := attentionLeadRE.FindStringIndex(s); loc != nil && loc[1] < len(s) {
		s = strings.Trim(s[loc[1]:], " ,，、:;；。.!！-") // 老师们注意 二楼女卫生间…: the call to listen is no part of the problem
	}
	if loc := urgentAskTailRE.FindStringIndex(s); loc != nil && loc[0] > 0 {
		s = strings.Trim(s[:loc[0]], " ,，、:;；。.!！-") // …地上好多水 这个算急的吗: the question is answered on the read-back (urgentAsked)
	}
	if loc := canFixTailRE.FindStringIndex(s); loc != nil && loc[0] > 0 {
		s = strings.Trim(s[:loc[0]], " ,，、:;；。.!！-") // 门锁坏了 今天能修好吗: the read-back's deadline answers it
	}
	if loc := calmTailRE.FindStringIndex(s); loc != nil && loc[0] > 0 {
		s = strings.Trim(s[:loc[0]], " ,，、:;；。.!！-") // 302窗户关不上 不急: how soon is the tier's to say, not the problem's
	}
	if loc := notThatLeadRE.FindStringIndex(s); loc != nil && loc[1] < len(s) {
		s = strings.Trim(s[loc[1]:], " ,，、:;；。.!！-") // 不是催 是新的 电暖器冒烟了: the correction of what houqin read is no part of the problem
	}
	if loc := notThatPlaceLeadRE.FindStringIndex(s); loc != nil && loc[1] < len(s) {
		s = strings.Trim(s[loc[1]:], " ,，、:;；。.!！-") // 不是暖气 是二楼厕所 冲水坏了: the correction, its place cut out
	}
	if loc := newReportTailRE.FindStringIndex(s); loc != nil && loc[0] > 0 {
		s = strings.Trim(s[:loc[0]], " ,，、:;；。.!！-") // …冲水坏了 新报一个: the asking is no part of the problem
	}
	if loc := complaintLeadRE.FindStringIndex(s); loc != nil && loc[1] < len(s) {
		s = strings.Trim(s[loc[1]:], " ,，、:;；。.!！?？-") // 小便池的怎么没有啊 一楼男厕所小便池冻住了: the grumble is no part of the problem
	}
	if loc := danglingTailRE.FindStringIndex(s); loc != nil && loc[0] > 0 {
		s = strings.Trim(s[:loc[0]], " ,，、:;；。.!！-")
	}
	return s
}

// danglingTailRE is what is left at the end when a place said last is
// taken out: 窗户把手也掉了一个 靠走廊那边的窗户 就 (of 就在我们班: user test
// 16's description ended so), …，是 (of 是在303).
var danglingTailRE = rx.MustCompile(`[\s,，、]+(?:就|就是|是|都|都是|也|也是|那个|这个)$`)

// complaintLeadRE is a grumble a report begins with, a clause of its
// own: 小便池的怎么没有啊, 这个咋还没人管呢 (user test 26's G49 kept
// 「小便池的怎么没有啊」 in the ticket's 问题).
var complaintLeadRE = rx.MustCompile(`^[\p{Han}]{0,8}?(?:怎么|咋|为啥|为什么|咋个)(?:还|又|都)?(?:没有|没人管|没人修|没人来|不管|回事)(?:啊|呀|呢|嘛|哇)*[\s,，。!！?？]+`)

// notThatLeadRE is a report begun by correcting what houqin made of
// the message before (不是X 是Y): 不是催 是新的, 我不是要催单，是一个新的报修：,
// 不是说那个 是另外一个 (user test 30's T8 filed 「不是催 是新的 电暖器冒烟了」
// as the problem).
var notThatLeadRE = rx.MustCompile(`^我?(?:不是|并不是|没有|没)(?:要|说|想)?\p{Han}{1,6}?[\s,，。!！]+(?:是|而是|我是|这是|这个是|要报)?(?:一个|个)?(?:新的|新报的|新问题|另外的|另外一个|另一个|别的)(?:报修|问题|单子|事|事情|情况)?[啊呀哈的]?(?:[\s,，。!！:：]+|$)`)

// notThatPlaceLeadRE is what is left of a report begun by correcting what
// houqin read when the place said after 是 is cut out: 不是暖气 是 (of 不是
// 暖气 是二楼厕所 冲水坏了, user test 32's T8). A 是 that runs on into
// words (不是不亮 是一直闪) is the fault itself and is kept.
var notThatPlaceLeadRE = rx.MustCompile(`^我?(?:不是|并不是)\p{Han}{1,6}?[\s,，。!！]+(?:是|而是|在)[\s,，。!！]+`)

// newReportTailRE is a report's last clause asking for it to be filed anew:
// 新报一个, 帮我重新报一下, 再报一单吧 (user test 32's T8 kept 新报一个 in
// the problem).
var newReportTailRE = rx.MustCompile(`[\s,，。!！]+(?:帮我|麻烦|请)?(?:再|重新|新|另)(?:报|开|提)(?:一个|一单|个|一下)?(?:新的)?(?:单子?|报修)?[吧啊呀哈]?$`)

// attentionLeadRE is a call to listen a report begins with, as in a
// staff group: 老师们注意, 各位老师, 大家注意一下, 请注意： (user test 33's
// T1 kept 「老师们注意」 in the problem).
var attentionLeadRE = rx.MustCompile(`^(?:(?:各位|大家)(?:老师们?|师傅们?|领导|同事们?)?|老师们|师傅们|同事们|请|注意)(?:请)?(?:注意|注意一下|注意了|留意一下|看一下)?[啊呀哈啦]?[ ,，。!！~:：]+`)

// urgentAskTailRE is a report's last clause asking whether it is urgent:
// 这个算急的吗, 算不算紧急, 急不急啊, 要不要加急 (user test 33's T1).
var urgentAskTailRE = rx.MustCompile(`[\s,，。!！]+(?:这个|这|那个|这种|这样|它)?(?:(?:算|是|属于)(?:不是|不算)?(?:急|紧急|着急|加急)(?:的|事|情况|的事|维修)?(?:吗|么|嘛|不|没)|(?:算不算|是不是|属不属于)(?:急|紧急|加急)(?:的|事|情况|的事|维修)?|急不急|要不要(?:加急|紧急)|需不需要(?:加急|紧急))[啊呀呢哈]?[?？]*$`)

// calmTailRE is a report's last clause saying there is no hurry: 不急,
// 不着急 慢慢修, 有空再来修吧 (fx33e's helper saw 「302窗户关不上 不急」 keep
// 不急 in the problem).
var calmTailRE = rx.MustCompile(`[\s,，。!！]+(?:(?:不急|不着急|不用急|不用着急|不是很急|不太急|不赶时间)(?:的|啊|呀|哈|吧)*[\s,，]*)?(?:(?:慢慢修|有空再(?:来)?修|有空(?:再)?来修|有时间再(?:来)?修)(?:就行|就好|就可以)?(?:的|啊|呀|哈|吧)*)?[。.!！]*$`)

// greetingLeadRE is a greeting a report begins with: 老师们好，, 各位师傅好！, 您好 .
var greetingLeadRE = rx.MustCompile(`^(?:各位|大家)?(?:老师们|老师|师傅们|师傅|领导|同事们|大家)?(?:好|你好|您好|早上好|上午好|下午好|晚上好|早)[啊呀哈]?[ ,，。!！~]+`)

// buildingPartRE is a part of a building that a place written out may be:
// a roof, a ceiling, a wall.
var buildingPartRE = rx.MustCompile(`屋顶|房顶|楼顶|天花板|吊顶|墙`)

// fineClauseRE is a clause saying what it names is fine: 考场门窗都没问题,
// 消防通道都畅通.
var fineClauseRE = rx.MustCompile(`(?:都|也|全|还)?(?:没问题|没有问题|没啥问题|没什么问题|正常|完好|挺好|好的|畅通|通畅|没事)的?$`)

// withoutFine is s without its clauses (between spaces or punctuation)
// that say what they name is fine (fineClauseRE).
func withoutFine(s string) string {
	var kept []string
	for _, c := range strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("，,。；;！!", r) }) {
		if !fineClauseRE.MatchString(c) {
			kept = append(kept, c)
		}
	}
	return strings.Join(kept, " ")
}
