package repair

import (
	"slices"
	"strings"
	"unicode"

	"github.com/houqin/houqin/flows"
)

// A room the location table does not have, said by its number beside the
// rooms it does (304 in a 教学楼 of 301–303): user test 18's teacher took
// four messages to have it filed as 「其他地点：304」, offered 302 and 303
// on the way (F9–F12). A number of as many digits and the same floor as
// rooms of one building only is that building's room, as written.

// roomNumberStops follow a number that is no room's: 3号楼, 300个, 304米.
const roomNumberStops = "号楼栋层排个根分元米次点块斤克度年月日台张把位%.,，"

// correctionBefore are the words of a spoken self-correction before what
// is meant, read backwards from it: 哦不对 是304, 说错了 应该是304.
var correctionWords = []string{"不对", "说错了", "错了", "不是"}

// roomNumbers are the spans of c that are numbers of 3 or 4 digits said
// as a room is (not 3号楼, 300个, 第301).
func roomNumbers(c canon) []span {
	var out []span
	for i := 0; i < len(c.r); {
		if !isDigit(c.r[i]) {
			i++
			continue
		}
		j := i
		for j < len(c.r) && isDigit(c.r[j]) {
			j++
		}
		n := j - i
		prevOK := i == 0 || c.r[i-1] != '第' && c.r[i-1] != '.'
		// 301日光灯, 301台灯: a thing glued to the number, not 301日 or
		// 301台 (rt3132: the table's rooms were read so, 301 was not).
		nextOK := j == len(c.r) || !strings.ContainsRune(roomNumberStops, c.r[j]) ||
			c.r[j] == '号' && (j+1 == len(c.r) || c.r[j+1] != '楼') || c.thingAfterRoom(c.r[i:j], j)
		if (n == 3 || n == 4) && prevOK && nextOK {
			out = append(out, span{i, j})
		}
		i = j
	}
	return out
}

// knownRoom reports whether a location of locs has num as its room or
// among its aliases.
func knownRoom(locs []flows.Location, num string) bool {
	return slices.ContainsFunc(locs, func(l flows.Location) bool {
		return l.Active && (l.Room == num || slices.ContainsFunc(l.Aliases, func(a string) bool { return strings.Contains(a, num) }))
	})
}

// roomBuilding is the one building whose numbered rooms are numbered as
// num is (as many digits, the same floor: its first digit, or two of
// four); "" when none or several. When no building has a numbered room
// on that floor, it is the one building numbering its rooms with as many
// digits: a table that lists only some rooms of a 教学楼 (201, 302, 303)
// does not make its fourth floor another building's (user test 26's 402
// was asked 「在哪里」 and offered 201, 302 and 303 in a loop, G20–G23).
func roomBuilding(locs []flows.Location, num string) string {
	if b, ok := numberedBuilding(locs, num, true); ok {
		return b
	}
	b, _ := numberedBuilding(locs, num, false)
	return b
}

// numberedBuilding is roomBuilding's search, on num's floor only (onFloor)
// or on any; ok is false when no building has such a room.
func numberedBuilding(locs []flows.Location, num string, onFloor bool) (string, bool) {
	floor := num[:len(num)-2]
	building, found := "", false
	for _, l := range locs {
		if !l.Active || l.Building == "" || len(l.Room) != len(num) || !allDigits(l.Room) || onFloor && !strings.HasPrefix(l.Room, floor) {
			continue
		}
		found = true
		if building != "" && building != l.Building {
			return "", true
		}
		building = l.Building
	}
	return building, found
}

// otherBuildingNamed reports whether text names a building other than
// building: a 楼 after a character that is no floor's number (行政楼三楼
// 305室), once building's own name is taken out.
func otherBuildingNamed(text, building string) bool {
	rs := []rune(strings.ReplaceAll(text, building, " "))
	for i := 1; i < len(rs); i++ {
		if rs[i] == '楼' && unicode.Is(unicode.Han, rs[i-1]) && !strings.ContainsRune("一二三四五六七八九十两几零〇第楼上下", rs[i-1]) {
			return true
		}
	}
	return false
}

func allDigits(s string) bool {
	return s != "" && strings.IndexFunc(s, func(r rune) bool { return !isDigit(r) }) < 0
}

// newRoom finds in c a room the table does not have (see above): the
// span of its number, its building, and the spans to leave out of the
// description with it: a room said before it and taken back (301… 哦不对
// 是304). ok is false when c names a room the table has, unless taken
// back, or none of its kind.
func (rd *reader) newRoom(c canon, locs []flows.Location) (at span, building string, drop []span, ok bool) {
	nums := roomNumbers(c)
	if len(nums) == 0 {
		return span{}, "", nil, false
	}
	last := nums[len(nums)-1]
	num := string(c.r[last.start:last.end])
	if knownRoom(locs, num) {
		return span{}, "", nil, false
	}
	if building = roomBuilding(locs, num); building == "" || otherBuildingNamed(string(c.r), building) {
		return span{}, "", nil, false // 行政楼三楼305室: that building's, as written
	}
	if len(nums) > 1 {
		from, taken := correctionStart(c, last.start)
		if !taken {
			if sp, ok := roomListCut(c, locs, nums, building); ok {
				return sp, building, nil, true // 307 308 (powercut.go)
			}
			return span{}, "", nil, false // 301 and 304: two rooms, not one
		}
		drop = append(drop, span{from, last.start})
		for _, n := range nums[:len(nums)-1] {
			drop = append(drop, n)
		}
	}
	if sp, ok := floorOfRoom(c, last, num); ok {
		drop = append(drop, sp)
	}
	return last, building, drop, true
}

// floorOfRoom is the floor said right before a room's number that is
// the number's own (三楼305, 3楼的305): it says where the room is, which
// the number already does, and is no part of the problem (user test 32's
// T1 kept 「三楼暖气片不热」 as the problem of 教学楼305). A floor the
// number is not on (二楼305) is left where it is.
func floorOfRoom(c canon, at span, num string) (span, bool) {
	k := at.start - 2
	if k > 0 && c.r[at.start-1] == '的' {
		k--
	}
	if !floorAt(c, k) || k+2 > at.start || string(c.r[k]) != num[:len(num)-2] {
		return span{}, false
	}
	return span{k, at.start}, true
}

// correctionStart reads back from i, the start of what is meant, over a
// self-correction (哦不对 是, 说错了 应该是): where it begins, and whether
// there is one.
func correctionStart(c canon, i int) (int, bool) {
	skip := func(j int, set string) int {
		for j > 0 && strings.ContainsRune(set, c.r[j-1]) {
			j--
		}
		return j
	}
	j := skip(i, " ，,。：:")
	for _, w := range []string{"应该是", "其实是", "是", "在"} {
		if k := j - len([]rune(w)); k >= 0 && string(c.r[k:j]) == w {
			j = k
			break
		}
	}
	j = skip(j, " ，,。")
	for _, w := range correctionWords {
		if k := j - len([]rune(w)); k >= 0 && string(c.r[k:j]) == w {
			k = skip(k, "哦噢啊呃 ，,")
			return k, true
		}
	}
	return i, false
}
