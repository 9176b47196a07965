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

// roomNumRE is a room number said alone, not part of a longer number.
var roomNumRE = rx.MustCompile(`\d+`)

// roomsSaid are the room numbers the words say, a range spelled out
// (302到305 is 302 303 304 305: same floor, at most ten rooms).
func roomsSaid(text string) []string {
	var out []string
	add := func(s string) {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	text = roomRangeRE.ReplaceAllStringFunc(text, func(m string) string {
		g := roomRangeRE.FindStringSubmatch(m)
		lo, _ := strconv.Atoi(g[1])
		hi, _ := strconv.Atoi(g[2])
		if len(g[1]) != len(g[2]) || hi <= lo || hi-lo > 9 || lo/100 != hi/100 {
			return m
		}
		var rooms []string
		for n := lo; n <= hi; n++ {
			rooms = append(rooms, strconv.Itoa(n))
		}
		return " " + strings.Join(rooms, " ") + " "
	})
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
	rooms := roomsSaid(parse.Normalize(text))
	if len(rooms) < 2 || partNotDoneRE.MatchString(parse.Normalize(text)) {
		return false, nil // 302 303好了 304 305明天弄: not every room said is done
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return false, err
	}
	// The thing named, with the rooms and their range taken out.
	rest := roomRangeRE.ReplaceAllString(parse.Normalize(text), " ")
	rest = roomNumRE.ReplaceAllString(rest, " ")
	var things []string
	for _, p := range strings.FieldsFunc(rest, func(r rune) bool { return strings.ContainsRune("，,。；;！! ", r) }) {
		if g := GuessRepair(p, nil); g.Item != "" && !slices.Contains(things, g.Item) {
			things = append(things, g.Item)
		}
	}
	byRoom := make([][]Repair, len(rooms))
	for i, room := range rooms {
		g := GuessRepair(room, locs)
		if g.LocationID == 0 {
			return false, nil
		}
		for _, r := range jobs {
			if r.LocationID == g.LocationID {
				byRoom[i] = append(byRoom[i], r)
			}
		}
		if len(things) > 0 {
			byRoom[i] = slices.DeleteFunc(byRoom[i], func(r Repair) bool { return !ofThings(r, things) })
		}
		if len(byRoom[i]) == 0 {
			return false, nil // 304 has none of his jobs (of that thing)
		}
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
	if !roomRangeRE.MatchString(parse.Normalize(text)) && !causeWordRE.MatchString(text) &&
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
		if roomNumRE.MatchString(p) || causeWordRE.MatchString(p) {
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

// roomJobs lists jobs by reference and room: BX-…-001（教学楼302 暖气不热）、….
func roomJobs(rs []Repair) string {
	var out []string
	for _, r := range rs {
		out = append(out, fmt.Sprintf("%s（%s %s）", r.Ref, r.LocationName, jobWords(r, 12)))
	}
	return strings.Join(out, "、")
}

// causeTellsDoneRE is a job's cause said as a finished job's is: 那个是自然
// 坏的, 是自然损坏, 用久了老化的 (what broke it, once mended).
var causeTellsDoneRE = rx.MustCompile(`(?:那个|那单|的)(?:是|就是)?(?:自然(?:坏|损坏)的?|自然损坏|人为(?:损坏|弄坏|坏)的?)`)
