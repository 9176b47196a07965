package repair

import (
	"fmt"
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A power cut (停电, 跳闸, 整层都没电), as user test 34's teachers reported
// one: 「三楼没电了」 was asked 在哪里 with 302 as the only option,
// 「教学楼三楼 整层都没电」 was filed at 教学楼 (its floor lost) as a 24-hour
// job during lessons, 「307 308都停电了 投影用不了」 offered 303 and went to
// 电教 by its projector, and the second teacher's report of the same
// outage became a second job. A power cut is the electrician's whatever
// stops working with it, the floor said alone is its place (its building
// asked), rooms the table lacks said in a list are one place as written,
// a whole floor or building without power while classes are on is urgent,
// and a second report of it on the same floor of the same building is
// merged into the first (the duplicate rule of file.go).

// powerCutRE is a place's supply cut: 停电, 断电, 跳闸, or 没电 said of a
// place or of all of it (三楼没电了, 都没电, 整层没有电), not of a device.
var powerCutRE = rx.MustCompile(`停电|断电|跳闸|(?:^|都|全|全都|整层|整栋|整个楼|全楼|楼|层|\d)\s*没有?电|(?:都|全)不来电`)

// powerCutSaid reports whether text says a power cut (see powerCutRE).
func powerCutSaid(text string) bool {
	return powerCutRE.MatchString(parse.Normalize(text))
}

// powerCutAt is where a power cut word starts in c, or -1.
func powerCutAt(c canon) int {
	for i := range c.r {
		for _, w := range cutWords {
			if c.hasPrefixAt(i, w) {
				return i
			}
		}
	}
	return -1
}

// cutWords are the words of a supply cut read in a canonical text.
var cutWords = runeWords("停电 断电 跳闸 没电 没有电 不来电")

// floorCutFillers may stand between a floor said alone and its power cut:
// 三楼整层都没电, 三楼全停电了, 三楼的电都断了.
var floorCutFillers = runeWords("一整层都 一整层 整层都 整层 全都 全部 都 全 的电都 的电 电都 电")

// floorCutPlace finds a floor said alone as the place of a power cut
// (三楼没电了, 三楼整层都停电): the floor's span; its building is asked.
func floorCutPlace(c canon) (span, bool) {
	for i := range c.r {
		if !floorAt(c, i) {
			continue
		}
		j := skipDe(c, i+2)
		for j < len(c.r) && c.r[j] == ' ' {
			j++
		}
		for _, w := range floorCutFillers {
			if c.hasPrefixAt(j, w) {
				j += len(w)
				break
			}
		}
		for _, w := range cutWords {
			if c.hasPrefixAt(j, w) {
				return span{i, i + 2}, true
			}
		}
		if c.hasPrefixAt(j, []rune("断了")) || c.hasPrefixAt(j, []rune("断掉")) {
			return span{i, i + 2}, true // 三楼的电都断了
		}
	}
	return span{}, false
}

// powerCutTrade is the trade of a power cut with what stops working with
// it (投影用不了, 电脑开不了): the electrician's. A device said right before
// the cut word (投影仪断电了) is that device's own fault and keeps its
// trade; so does a hazard (read after this).
func (rd *reader) powerCutTrade(desc string, trade flows.Trade, item string) (flows.Trade, string, bool) {
	if trade == flows.TradeElectrical || !powerCutSaid(desc) {
		return trade, item, false
	}
	c := canon{r: rd.canonString(desc)}
	at := powerCutAt(c)
	if at < 0 {
		return trade, item, false
	}
	if item != "" {
		w := []rune(item)
		for k := at - len(w) - 2; k <= at-len(w); k++ {
			if c.hasPrefixAt(k, w) {
				return trade, item, false
			}
		}
	}
	return flows.TradeElectrical, "", true
}

// roomListCut is a list of rooms the table lacks (307 308, 307和308,
// 307、308), each numbered as one building's rooms are, said with a power
// cut or alone: the span from the first to the last, to file as one place
// as written. A power cut in two neighbouring classrooms is one job; a
// list with a room the table has is read as before (listedNewRooms).
func roomListCut(c canon, locs []flows.Location, nums []span, building string) (span, bool) {
	if len(nums) < 2 {
		return span{}, false
	}
	for k, n := range nums {
		num := string(c.r[n.start:n.end])
		if knownRoom(locs, num) || roomBuilding(locs, num) != building {
			return span{}, false
		}
		if k == 0 {
			continue
		}
		for x := nums[k-1].end; x < n.start; x++ {
			if !strings.ContainsRune(roomListSep, c.r[x]) {
				return span{}, false
			}
		}
	}
	sp := span{nums[0].start, nums[len(nums)-1].end}
	// Only with a power cut said, or as the place alone (教学楼307和308,
	// the answer to 在哪里): a worker's 「304 305还是不热」 is about his
	// jobs there, as before.
	rest := strings.TrimSpace(strings.ReplaceAll(string(c.r[:sp.start])+" "+string(c.r[sp.end:]), building, ""))
	if !powerCutSaid(string(c.r)) && strings.Trim(rest, "的了啊呀吧 ，,。") != "" {
		return span{}, false
	}
	return sp, true
}

// wholeFloorCut reports whether g is a power cut of a whole floor or more
// (a floor said alone, 整层, 全楼), not of one room.
func wholeFloorCut(g RepairGuess, text string) bool {
	if !powerCutSaid(text) {
		return false
	}
	if slices.ContainsFunc(scopeWords, func(w []rune) bool { return strings.Contains(parse.Normalize(text), string(w)) }) {
		return true
	}
	return g.LocationID == 0 && len(g.LocationCandidates) == 0 && g.PlaceText != "" && floorOnlyRE.MatchString(withoutBuilding(g.PlaceText, g.Building))
}

// floorOnlyRE is a place that is only a floor: 三楼, 3楼, 二层.
var floorOnlyRE = rx.MustCompile(`^(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[楼层]$`)

// inClassTime reports whether at is while classes are on: a weekday, from
// the school's MorningDue (before classes) until its IntakeCutoff (下班).
func inClassTime(s flows.Settings, at flows.Clock, weekday int) bool {
	return weekday >= 1 && weekday <= 5 && at >= s.MorningDue && at < s.IntakeCutoff
}

// samePowerCut reports whether an open repair at place (written outside
// the table, in f's building's catch-all) is the power cut f reports: both
// cuts, on the same floor (三楼 and 307 308; 307 and 308).
func samePowerCut(place, desc string, f Filing) bool {
	if !powerCutSaid(desc) && !powerCutSaid(place+desc) || !powerCutSaid(f.Description) && !powerCutSaid(f.PlaceText+f.Description) {
		return false
	}
	a, b := placeFloor(withoutBuilding(place, f.Building)), placeFloor(withoutBuilding(f.PlaceText, f.Building))
	return a != 0 && a == b
}

// placeFloor is the floor a place written outside the table is on: its
// floor word (三楼东头) or its rooms' numbers (307 308, all of one floor);
// 0 when none or several.
func placeFloor(place string) int {
	if m := floorWordRE.FindString(place); m != "" {
		if n, ok := floorNumber(m); ok {
			return n
		}
	}
	floor := 0
	for _, num := range cutRoomNumRE.FindAllString(place, -1) {
		n := int(num[0] - '0')
		if len(num) == 4 {
			n = int(num[0]-'0')*10 + int(num[1]-'0')
		}
		if floor != 0 && n != floor {
			return 0
		}
		floor = n
	}
	return floor
}

// cutRoomNumRE is a room's number in a place as written.
var cutRoomNumRE = rx.MustCompile(`[0-9]{3,4}`)

// buildingBefore is at with the building said right before it (教学楼307,
// 教学楼的307和308): the building is part of the place, not of the problem
// (「教学楼307和308停电了」 was filed with the problem 「教学楼停电了」).
func buildingBefore(c canon, at span, building string) span {
	b := []rune(parse.Normalize(building))
	i := at.start
	if i > 0 && c.r[i-1] == '的' {
		i--
	}
	if len(b) > 0 && c.hasPrefixAt(i-len(b), b) {
		at.start = i - len(b)
	}
	return at
}

// classNowRE says classes are on: 学生在上课呢, 正上着课.
var classNowRE = rx.MustCompile(`在上课|正上课|上着课|正在上课|还在上课|马上要?上课|要上课了`)

// cutUrgent makes a draft of a whole floor's (or building's) power cut
// urgent while classes are on, or when its reporter says they are: a
// floor of classrooms without light or projectors cannot wait 24 hours
// (user test 34's T9 was filed 大修（24 小时内）).
func cutUrgent(t *flows.Turn, d *repairDraft, g RepairGuess, text string) {
	if d.Trade != flows.TradeElectrical || !wholeFloorCut(g, text) {
		return
	}
	local := t.Now.In(t.School.Location())
	clock := flows.Clock(local.Hour()*60 + local.Minute())
	if inClassTime(t.School.Settings, clock, int(local.Weekday())) || classNowRE.MatchString(parse.Normalize(text)) {
		d.raiseTier(TierUrgent, "")
	}
}

// cutUrgentWhy tells the reporter of a power cut why it was made urgent
// (cutUrgent) and how to say it is not: it is no safety hazard, which the
// read-back of an urgent report otherwise says it is.
func cutUrgentWhy(t *flows.Turn) string {
	return fmt.Sprintf("整层停电会影响上课，已按紧急维修处理（%d 小时内），提交后会立即通知维修人员和%s；不用这么急的话请回复「改小修」。",
		t.School.Settings.UrgentDueHours, toldAbove(t))
}

// powerCutJobs are the repairs of rs that are power cuts, when text
// (a question about progress) speaks of one: 停电的事处理得怎么样了 (user
// test 34's T46 was told of the one job whose words said 停电, not of
// 「三楼没电了」).
func powerCutJobs(text string, rs []Repair) []Repair {
	if !cutFaultRE.MatchString(parse.Normalize(text)) {
		return nil
	}
	var out []Repair
	for _, r := range rs {
		if r.Trade == flows.TradeElectrical && powerCutSaid(r.PlaceText+" "+r.Description) {
			out = append(out, r)
		}
	}
	return out
}

// cutPlaceSep ends the place that cutPlaceKept puts before a merged
// report's words.
const cutPlaceSep = "："

// cutPlaceKept is f to merge into dup: when f is merged as the same power
// cut at another place (307 308 into 三楼's), its words begin with its
// place, so that its reporter, the worker and a split (不是同一个问题) still
// know where it is.
func cutPlaceKept(dup Repair, f Filing) Filing {
	if f.PlaceText == "" || samePlaceText(dup.PlaceText, f) || !samePowerCut(dup.PlaceText, dup.Description, f) {
		return f
	}
	f.Description = flows.Clip(withoutBuilding(f.PlaceText, f.Building)+cutPlaceSep+f.Description, MaxDescription)
	return f
}

// cutPlaceSplit reads back the place cutPlaceKept put before a merged
// report: 307 308：都停电了 is 307 308 and 都停电了.
func cutPlaceSplit(report string) (place, rest string, ok bool) {
	place, rest, ok = strings.Cut(report, cutPlaceSep)
	if !ok || place == "" || rest == "" || !powerCutSaid(rest) || placeFloor(place) == 0 {
		return "", "", false
	}
	return place, rest, true
}

// cutUrgentSaid makes a whole floor's power cut urgent when its reporter
// submits it saying classes are on (user test 34's T10: 「提交 快点来人 学生
// 在上课呢」 was filed for the next day).
func cutUrgentSaid(t *flows.Turn, d *repairDraft) {
	if t.Msg.Button != "" || d.Trade != flows.TradeElectrical || d.tier() == TierUrgent || !classNowRE.MatchString(parse.Normalize(t.Text)) {
		return
	}
	g := RepairGuess{PlaceText: d.PlaceText, Building: d.Building}
	if d.LocationID != 0 {
		g.LocationID = d.LocationID
	}
	if wholeFloorCut(g, d.Told+" "+d.Desc) {
		d.raiseTier(TierUrgent, "")
	}
}

// mergedWords are the words of dup a report merged into it is told of:
// with dup's place when the draft was at another (三楼's cut, for 307's),
// so that its reporter sees which report hers joined.
func mergedWords(dup Repair, d *repairDraft) string {
	if dup.PlaceText == "" || d.PlaceText == "" || samePlaceText(dup.PlaceText, Filing{PlaceText: d.PlaceText, Building: d.Building}) {
		return dup.Description
	}
	return shownPlace(dup.LocationName) + " " + dup.Description
}
