package repair

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A worker telling the jobs of several rooms done in one message, the rooms
// listed or given as a range (user test 30's T45–T47): 「锅炉修好了 302到305
// 暖气都热了 都是自然的」 recorded only 302, and 「303 304 305的也好了」 took
// 303's 饮水机 (never mentioned) for 303's 暖气 and missed 304 and 305.
// Each room said is one job: the one of the thing named, or, with no thing
// named, the room's only job, or the one of the same thing as the other
// rooms' (303's 暖气 beside 304's and 305's).

// roomRangeRE is a range of rooms: 302到305, 302-305, 302至305, 302~305.
var roomRangeRE = rx.MustCompile(`(\d{3,4})\s*(?:到|至|-|－|~|～|—)\s*(\d{3,4})`)

// partNotDoneRE is words saying some of it is not done yet: 还没弄, 没修,
// 明天弄, 还是不热.
var partNotDoneRE = rx.MustCompile(`还没|没有?(?:修|弄|好|搞|换|热)|还(?:是|有点?)?不|明天|下午|晚上|待会|等会|回头|再(?:弄|修|去)`)

// clauseDoneRE is words telling a thing done (好了, 修好了, 热了), and
// clauseNegRE the same words denied (还没好, 没修好, 不热).
var (
	clauseDoneRE = rx.MustCompile(`(?:修|弄|搞|换)?好了|热了|(?:修|弄|搞|换)完了|没问题了|正常了`)
	clauseNegRE  = rx.MustCompile(`没有?(?:修|弄|搞|换)?(?:好|完|热)|不热`)
)

// roomsDoneAndOff splits the rooms a worker's words say into those told
// done and those put off: each clause (up to the words after its rooms)
// tells its own rooms, so 「303 304的暖气好了 305明天弄」 is 303 and 304
// done, 305 off, and 「302 303修好了 304 305还没好 下午再去」 302 and 303.
// A room said in both is off.
func roomsDoneAndOff(norm string) (done, off []string) {
	var pending []string
	for _, part := range strings.FieldsFunc(norm, func(r rune) bool { return strings.ContainsRune("，,。；;！! ", r) }) {
		pending = append(pending, roomsSaid(part)...)
		words := roomRangeRE.ReplaceAllString(part, "")
		words = roomNumRE.ReplaceAllString(words, "")
		if strings.Trim(words, "、和跟及与的号室间教") == "" {
			continue // rooms only: their clause goes on
		}
		put := partNotDoneRE.MatchString(words) && (!clauseDoneRE.MatchString(words) || clauseNegRE.MatchString(words))
		for _, room := range pending {
			switch {
			case put && !slices.Contains(off, room):
				off = append(off, room)
			case !put && !slices.Contains(done, room):
				done = append(done, room)
			}
		}
		pending = nil
	}
	for _, room := range pending {
		if !slices.Contains(done, room) && !slices.Contains(off, room) {
			done = append(done, room)
		}
	}
	done = slices.DeleteFunc(done, func(room string) bool { return slices.Contains(off, room) })
	return done, off
}

// roomNumRE is a room number said alone, not part of a longer number.
var roomNumRE = rx.MustCompile(`\d+`)

// spellRoomRanges writes each room range of text as its rooms, sep
// between them: 302到305 is 302 303 304 305 when both ends are rooms of
// one floor (same length, same hundred, at most ten rooms). Anything else
// (2023-2025, 302到1205) is left as written.
func spellRoomRanges(text, sep string) string {
	return roomRangeRE.ReplaceAllStringFunc(text, func(m string) string {
		g := roomRangeRE.FindStringSubmatch(m)
		lo, _ := strconv.Atoi(g[1])
		hi, _ := strconv.Atoi(g[2])
		if len(g[1]) != len(g[2]) || hi <= lo || hi-lo > 9 || lo/100 != hi/100 || lo >= 1900 && lo < 2100 {
			return m
		}
		var rooms []string
		for n := lo; n <= hi; n++ {
			rooms = append(rooms, strconv.Itoa(n))
		}
		if sep == " " {
			return " " + strings.Join(rooms, sep) + " "
		}
		return strings.Join(rooms, sep)
	})
}

// roomsSaid are the room numbers the words say, a range spelled out
// (302到305 is 302 303 304 305: same floor, at most ten rooms).
func roomsSaid(text string) []string {
	var out []string
	add := func(s string) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	text = spellRoomRanges(text, " ")
	for _, n := range roomNumRE.FindAllString(text, -1) {
		if len(n) == 3 || len(n) == 4 {
			add(n)
		}
	}
	return out
}

// roomsDoneSaid reads a worker's words telling the jobs of two or more
// rooms done (see above) as 完成 of each, the cause said once for all; ok
// false when the words do not name such rooms, or a room said has none of
// his jobs, or which one is unclear.
func roomsDoneSaid(t *flows.Turn, text string, jobs []Repair) (bool, error) {
	rooms, off := roomsDoneAndOff(parse.Normalize(text))
	if len(rooms) == 0 || len(rooms) < 2 && len(off) == 0 {
		return false, nil
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return false, err
	}
	// The thing named, with the rooms and their range taken out.
	rest := roomRangeRE.ReplaceAllString(parse.Normalize(text), " ")
	rest = partNotDoneRE.ReplaceAllString(rest, " ")
	rest = roomNumRE.ReplaceAllString(rest, " ")
	var things []string
	for _, p := range strings.FieldsFunc(rest, func(r rune) bool { return strings.ContainsRune("，,。；;！! ", r) }) {
		if g := GuessRepair(p, nil); g.Item != "" && !slices.Contains(things, g.Item) {
			things = append(things, g.Item)
		}
	}
	ranged := roomRangeRE.MatchString(parse.Normalize(text))
	byRoom := make([][]Repair, len(rooms))
	for i, room := range rooms {
		for _, r := range jobs {
			if inRoom(r, room, locs) {
				byRoom[i] = append(byRoom[i], r)
			}
		}
		if len(things) > 0 {
			byRoom[i] = slices.DeleteFunc(byRoom[i], func(r Repair) bool { return !ofThings(r, things) })
		}
		if len(byRoom[i]) == 0 && !ranged {
			return false, nil // 304 has none of his jobs (of that thing)
		}
	}
	// A range spans rooms whose jobs are done already, or that had none
	// (302到305, 303 and 304 recorded a moment ago): the rest of it.
	byRoom = slices.DeleteFunc(byRoom, func(rs []Repair) bool { return len(rs) == 0 })
	if len(byRoom) == 0 {
		return false, nil
	}
	// A room with several jobs: the one of the thing the rooms with one share.
	var shared []string
	for _, rs := range byRoom {
		if len(rs) == 1 && rs[0].Item != "" && !slices.Contains(shared, rs[0].Item) {
			shared = append(shared, rs[0].Item)
		}
	}
	// Each room said with one job, no range and no cause: read as before
	// (heldSeveralDone and the rest ask each in turn).
	if len(off) == 0 && !roomRangeRE.MatchString(parse.Normalize(text)) && !causeWordRE.MatchString(text) &&
		!slices.ContainsFunc(byRoom, func(rs []Repair) bool { return len(rs) > 1 }) {
		return false, nil
	}
	var done []Repair
	for _, rs := range byRoom {
		if len(rs) > 1 && len(shared) == 1 {
			rs = slices.DeleteFunc(slices.Clone(rs), func(r Repair) bool { return r.Item != shared[0] })
		}
		if len(rs) != 1 {
			return false, nil // which of the room's jobs: asked as before
		}
		done = append(done, rs[0])
	}
	// What was done, for each reporter: the words that name no room and
	// give no cause (锅炉修好了).
	var fix []string
	for _, p := range strings.FieldsFunc(strings.TrimSpace(text), func(r rune) bool { return strings.ContainsRune("，,。；;！! ", r) }) {
		if roomNumRE.MatchString(p) || causeWordRE.MatchString(p) || partNotDoneRE.MatchString(p) {
			continue
		}
		if _, _, ok := causeSaid(p); ok {
			continue
		}
		fix = append(fix, p)
	}
	fixes := make(map[string]string, len(done))
	var next []string
	for i, r := range done {
		id := strconv.FormatInt(r.ID, 10)
		fixes[id] = flows.Clip(strings.Join(fix, " "), MaxNote)
		if i > 0 {
			next = append(next, id)
		}
	}
	// The jobs of the rooms put off (305明天弄) stay open: said so, so he
	// knows they were not forgotten.
	var later []string
	for _, room := range off {
		for _, o := range jobs {
			if inRoom(o, room, locs) && (len(things) == 0 || ofThings(o, things)) && !slices.ContainsFunc(done, func(d Repair) bool { return d.ID == o.ID }) {
				later = append(later, fmt.Sprintf("%s（%s %s）", o.Ref, o.Place(), jobWords(o, 12)))
			}
		}
	}
	if len(later) > 0 {
		t.Say(fmt.Sprintf("好的，%s先不记完成，修好后再告诉我。", strings.Join(later, "、")))
	}
	if len(done) == 1 {
		if cause, note, ok := causeSaid(text); ok && causeWordRE.MatchString(text) {
			return true, finishOrAskPhoto(t, done[0], followUpData{ID: done[0].ID, Fix: fixes[strconv.FormatInt(done[0].ID, 10)]}, cause, note)
		}
		return true, askCauseFixed(t, done[0], fixes[strconv.FormatInt(done[0].ID, 10)])
	}
	r := done[0]
	a := followUpData{ID: r.ID, Fix: fixes[strconv.FormatInt(r.ID, 10)], Next: strings.Join(next, ","), Fixes: fixes}
	if cause, note, ok := causeSaid(text); ok && causeWordRE.MatchString(text) {
		a.Same = true // 都是自然的: the cause of every one
		return true, finishOrAskPhoto(t, r, a, cause, note)
	}
	a.Same = true
	t.Say(fmt.Sprintf("这句话说到 %d 单：%s。请选择损坏原因（%d 单一起记）：\n%s", len(done), roomJobs(done), len(done), flows.Numbered(causeButtons)), causeButtons...)
	return true, ask(t, stateDoneCause, a)
}

// inRoom reports whether job r is at room, a room number said: the room
// of the location table it names, or, when the table has no such room, a
// job filed under 其他地点 as that number (教学楼其他地点：304, user test
// 30b's T45–T47, where 304 and 305 were not in the demo's table).
func inRoom(r Repair, room string, locs []flows.Location) bool {
	if id := GuessRepair(room, locs).LocationID; id != 0 {
		return r.LocationID == id
	}
	_, free, ok := strings.Cut(r.LocationName, OtherRoom+"：")
	return ok && slices.Contains(roomNumRE.FindAllString(free, -1), room)
}

// roomJobs lists jobs by reference and room: BX-…-001（教学楼302 暖气不热）、….
func roomJobs(rs []Repair) string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprintf("%s（%s %s）", r.Ref, r.Place(), jobWords(r, 12)))
	}
	return strings.Join(out, "、")
}

// causeTellsDoneRE is a job's cause said as a finished job's is: 那个是自然
// 坏的, 是自然损坏, 用久了老化的 (what broke it, once mended).
var causeTellsDoneRE = rx.MustCompile(`(?:那个|那单|的)(?:是|就是)?(?:自然(?:坏|损坏)的?|自然损坏|人为(?:损坏|弄坏|坏)的?)`)
