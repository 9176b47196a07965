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

// A leader putting some jobs first for everyone (user test 33's T12 and
// T13, in exam week: 「考场的都先弄 明早八点开考」, 「通知师傅们 201 301 302
// 这几个考场的报修优先 八点前必须弄好」, both not understood). The open jobs
// his words name, by their rooms (201 301 302) or by what they are for
// (考场: the jobs whose place or words say 考场 or 考试), are made urgent
// as 改紧急 makes them (reclassJobs), due by the time he names when he
// names one; their workers and reporters are told, and the reply names
// each job. Words naming no open job are answered so, with the open jobs
// to choose from by room, never 没看懂. Words that name a fault, and one
// room alone (302的门先修一下), are read as before: a report, or one job's
// order.

var (
	// priorityRE puts jobs first: 优先, 先弄, 先修, 排在前面.
	priorityRE = rx.MustCompile(`优先|先(?:弄|修|处理|办|搞|干|做|安排|把)|(?:排|放)(?:在)?(?:最)?前面|(?:最)?先(?:弄|修)`)
	// priorityNotRE keeps words from being an order to put jobs first:
	// a question (考场的先弄了吗), 不用优先, or the writer's own (我先弄).
	priorityNotRE = rx.MustCompile(`[？?]|吗|没有?[。！!]*$|不用|不要|不必|别|我先|谁先|哪个先|先弄哪|先修哪`)
	// priorityPurpose are words naming jobs by what they are for, with the
	// words a job's place or problem says it so: 考场 are the jobs of an
	// exam room or an exam.
	priorityPurpose = []struct {
		word  string
		marks []string
	}{
		{"考场", []string{"考场", "考试", "考生", "监考", "考务"}},
		{"考试", []string{"考场", "考试", "考生", "监考", "考务"}},
	}
	// priorityFaultRE names a fault: words that name one (201 301的灯都
	// 坏了 先修一下) are a report, or one job's words, read as before.
	priorityFaultRE = rx.MustCompile(`坏|不亮|不响|不转|不通|不热|漏|堵|裂|断了|掉了|松了|故障|冒烟|失灵`)
	// priorityFillerRE is a clause of the order that is no reason to pass
	// on: 通知师傅们, 八点前必须弄好, 抓紧.
	priorityFillerRE = rx.MustCompile(`^(?:通知|告诉|跟|让|叫)?(?:一下)?(?:各位|所有)?(?:师傅|维修工|大家)(?:们)?(?:说|一下|一声)?$|(?:前|之前|以前)(?:必须|务必|一定要?|得|要)?(?:都)?(?:弄|修|处理|搞)?(?:好|完)`)
)

// prioritySaid reads a leader's order to put the jobs his words name
// first (see above); false when the words are no such order.
func prioritySaid(t *flows.Turn, text string) (bool, error) {
	if !t.Idle() || t.Msg.Button != "" || !t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) {
		return false, nil
	}
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(text)))
	if !priorityRE.MatchString(norm) || priorityNotRE.MatchString(norm) || noRushRE.MatchString(norm) || priorityFaultRE.MatchString(norm) {
		return false, nil
	}
	rooms := placeNumRE.FindAllString(norm, -1)
	var marks []string
	purpose := ""
	for _, p := range priorityPurpose {
		if strings.Contains(norm, p.word) {
			purpose, marks = p.word, p.marks
			break
		}
	}
	if purpose == "" && len(rooms) < 2 && (len(rooms) == 0 || !allJobsSaidRE.MatchString(norm)) {
		return false, nil // 302的门先修一下: one job's, or a report, read as before
	}
	rs, err := candidates(t)
	if err != nil {
		return false, err
	}
	rs = slices.DeleteFunc(rs, func(r Repair) bool { return !r.Status.Open() || mayAct(t, r, verbReclass) != "" })
	var named []Repair
	for _, r := range rs {
		if len(rooms) > 0 {
			if slices.ContainsFunc(rooms, func(n string) bool { return strings.Contains(r.LocationName, n) }) {
				named = append(named, r)
			}
			continue
		}
		about := r.LocationName + " " + r.PlaceText + " " + r.Description
		if slices.ContainsFunc(marks, func(m string) bool { return strings.Contains(about, m) }) {
			named = append(named, r)
		}
	}
	t.Done()
	if len(named) == 0 {
		what := purpose
		if len(rooms) > 0 {
			what = strings.Join(rooms, "、")
		}
		var lines []string
		for _, r := range rs {
			lines = append(lines, fmt.Sprintf("· %s %s「%s」", r.Ref, r.LocationName, flows.ClipWords(firstDescription(r), 20)))
		}
		if len(lines) == 0 {
			t.Say(fmt.Sprintf("现在没有找到%s没修完的报修，全校也没有没修完的报修，不用改什么。", what))
			return true, nil
		}
		if len(lines) > 8 {
			lines = append(lines[:8], fmt.Sprintf("……共 %d 单", len(rs)))
		}
		t.Say(fmt.Sprintf("没有找到%s没修完的报修，什么都没有改。现在没修完的报修有：\n%s\n要先弄哪几间的，请告诉我房间号（比如「%s的报修优先」）。",
			what, strings.Join(lines, "\n"), roomsOf(rs)))
		return true, nil
	}
	slices.SortFunc(named, func(a, b Repair) int { return cmp.Compare(a.ID, b.ID) })
	return true, reclassJobs(t, named, TierUrgent, dropUrging(priorityReason(norm, rooms, purpose)))
}

// priorityReason is the reason said with an order to put jobs first: its
// clauses besides the order itself, the rooms and whom it is for (明早
// 八点开考); "" when none is left.
func priorityReason(norm string, rooms []string, purpose string) string {
	var kept []string
	for _, c := range strings.FieldsFunc(norm, func(r rune) bool { return strings.ContainsRune(" ，,。；;！!", r) }) {
		if priorityRE.MatchString(c) || priorityFillerRE.MatchString(c) || slices.Contains(rooms, c) || c == purpose || utf8.RuneCountInString(c) < 2 {
			continue
		}
		kept = append(kept, c)
	}
	return flows.Clip(strings.Join(kept, " "), 200)
}

// roomsOf is the rooms of the first open jobs of rs that have a number,
// as a leader would type them (201 301), for an example to follow; a
// job's short number when none has.
func roomsOf(rs []Repair) string {
	var out []string
	for _, r := range rs {
		if n := placeNumRE.FindString(r.LocationName); n != "" && !slices.Contains(out, n) && len(out) < 2 {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		return fmt.Sprint(Num(rs[0]))
	}
	return strings.Join(out, " ")
}
