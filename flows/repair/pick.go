package repair

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Which repair a command is about, when it fits several (接了 with three
// jobs waiting, 完成 4 with yesterday's 4 and today's): the list is a
// question of its own (stateActPick), answered by number, by label, or by
// what the list shows of each job, its place or its thing (女厕那个, 302的,
// 篮球架), as the tenth user test's workers answered. An answer that
// names none of them is asked again; a long one that is about something
// else is read afresh, so nothing said is lost to the question.

// askWhich asks which of the ready items c means when it fits several,
// for a writer in no other conversation, and reports whether it asked.
// The question's words are flows.ChooseItem's.
func askWhich(t *flows.Turn, c flows.Command, rs []Repair, items []flows.Item) (bool, error) {
	optional := t.Flow() == followUpName && t.State() == string(stateRateComment)
	if !t.Idle() && !optional || c.Ref != "" {
		// (At the optional comment on a rating, a command typed ends it:
		// 修好了 then 两个都是 had been kept as that comment.)
		return false, nil
	}
	var pool []int
	for i, it := range items {
		if it.Ready && it.Data != "" && (c.Num == 0 || it.Seq() == c.Num) {
			pool = append(pool, i)
		}
	}
	if len(pool) < 2 {
		return false, nil
	}
	var chosen []Repair
	var acts []string
	for _, i := range pool {
		chosen, acts = append(chosen, rs[i]), append(acts, items[i].Data)
	}
	buttons, ids := whichButtons(chosen)
	head := fmt.Sprintf("你有 %d 个报修可以「%s」，是哪一个？", len(pool), c.Word)
	if c.Num > 0 {
		head = fmt.Sprintf("你有 %d 个编号为 %d 的报修，是哪一个？", len(pool), c.Num)
	}
	t.Say(head+"\n"+flows.Numbered(buttons), buttons...)
	a := followUpData{Choice: strings.Join(ids, ","), Acts: acts}
	if act, ok := flows.ParseAction(acts[0]); ok && verb(act.Verb) == verbLead && t.Msg.Button == "" {
		// 同意叫厂家来 两天吧 naming no job: the decision is kept for the
		// job picked (user test 29's R26 was shown the menu after 「1」).
		a.Note = flows.Clip(strings.TrimSpace(t.Text), 300)
	}
	if act, ok := flows.ParseAction(acts[0]); ok && verb(act.Verb) == verbReclass && t.Msg.Button == "" && reclassReason(t) != "" {
		// 改小修 1 先不急, with two jobs numbered 1: the reason typed with
		// the change is kept for the job picked, not asked for again.
		a.Note = flows.Clip(strings.TrimSpace(t.Text), 300)
	}
	if act, ok := flows.ParseAction(acts[0]); ok && verb(act.Verb) == verbNote && t.Msg.Button == "" && noteOf(t.Text) != "" {
		// 说明 6 李老师麻烦过来开下301的门, with two jobs numbered 6: the
		// words typed with the command are kept for the job picked (user
		// test 31's T16 was asked for them again after 「1」).
		a.Note = flows.Clip(strings.TrimSpace(t.Text), 300)
	}
	return true, ask(t, stateActPick, a)
}

// whichButtons are the choices of askWhich: each repair's reference, place,
// problem and status, as flows.ChooseItem shows them; their data the ids.
func whichButtons(rs []Repair) ([]flows.Button, []string) {
	buttons := make([]flows.Button, len(rs))
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = strconv.FormatInt(r.ID, 10)
		buttons[i] = flows.Button{Label: fmt.Sprintf("%s %s「%s」%s", r.Ref, r.Place(), jobWords(r, 20), r.Status.Label()), Data: ids[i]}
	}
	return buttons, ids
}

// answerActPick takes the answer to askWhich and does the command to the
// repair chosen.
func answerActPick(t *flows.Turn, a followUpData) error {
	rs, err := chosenJobs(t, a.Choice)
	if err != nil {
		return err
	}
	if len(rs) != len(a.Acts) {
		t.Done()
		t.Say(flows.ExpiredButton)
		return nil
	}
	buttons, ids := whichButtons(rs)
	if done, err := handBackAll(t, a.Acts); done || err != nil {
		return err // 漏水那个，门锁的也一起转了吧: every one (handover.go)
	}
	if done, err := pickedSeveral(t, a, rs); done || err != nil {
		return err // 两个都是, 灯那个 还有饮水机也催催 (pickmany.go)
	}
	choice, ok := t.Pick(buttons)
	if !ok && t.Msg.Button == "" && strings.TrimSpace(t.Text) != "" {
		if r, named := pickedByWords(t, rs); named {
			choice, ok = strconv.FormatInt(r.ID, 10), true
		} else if c, room := roomPicked(buttons, t.Text); room {
			choice, ok = c, true
		} else if c, both := wordsAndNumber(t, buttons, rs); both {
			choice, ok = c, true
		}
	}
	if !ok {
		if t.Msg.Button == "" && utf8.RuneCountInString(strings.TrimSpace(t.Text)) >= 8 {
			// 302插座跟女厕滴水 我下午三点以后去: not an answer but news,
			// read as if no question had been asked.
			t.Done()
			t.Pass()
			return nil
		}
		t.Say("是哪一个？请回复数字，或说一下地点或东西（比如「302的」「女厕那个」）；不是这些的话请发送「取消」。\n"+flows.Numbered(buttons), buttons...)
		return nil
	}
	t.Done()
	for i, id := range ids {
		if id != choice {
			continue
		}
		if act, ok := flows.ParseAction(a.Acts[i]); ok && verb(act.Verb) == verbTake && t.Msg.Button == "" && saysDone(t.Text) &&
			mayAct(t, rs[i], verbDone) == "" {
			// 到了，是插座里面线松了，已经断电重新接好了, asked which job
			// he takes: that job is done already.
			return askCauseFixed(t, rs[i], flows.Clip(strings.TrimRight(strings.TrimSpace(t.Text), "。.！!"), MaxNote))
		}
		if act, ok := flows.ParseAction(a.Acts[i]); ok && (verb(act.Verb) == verbLead || verb(act.Verb) == verbNote || verb(act.Verb) == verbReclass) && a.Note != "" {
			// The leader's decision, the worker's 说明, or the reason of a
			// tier change, said before the pick, read as if typed now (the
			// number's button aside).
			t.Text, t.Msg.Button = a.Note, ""
		}
		if id == choice {
			return RepairFlow{}.Act(t, a.Acts[i])
		}
	}
	return nil
}

// pickedByWords is the one repair of rs the words name: by its place,
// trade or thing (GuessRepair), else by its thing or a word of its own
// description or place that no other of rs has (namedAlone).
func pickedByWords(t *flows.Turn, rs []Repair) (Repair, bool) {
	return pickedByText(t, t.Text, rs)
}

// pickedByText is pickedByWords of text rather than the whole message.
func pickedByText(t *flows.Turn, text string, rs []Repair) (Repair, bool) {
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return Repair{}, false
	}
	g := GuessRepair(text, locs)
	var hit []Repair
	if g.LocationID != 0 || g.Trade != "" || g.Item != "" {
		for _, r := range rs {
			if matches(r, g) {
				hit = append(hit, r)
			}
		}
	}
	if len(hit) == 1 {
		return hit[0], true
	}
	norm := strings.ToLower(parse.Normalize(text))
	if len(hit) == 0 {
		hit = rs
		if g.Item != "" {
			// 阅览室空调先放一放, asked which of five to 处理 and none of
			// them the air conditioner: not the reading room's projector
			// (the re-run of user test 18's F52), whose place alone the
			// words share. Words naming a thing pick only a job of it.
			hit = nil
			for _, r := range rs {
				if hasThing(r, g) || namesThing(norm, r.Item) {
					hit = append(hit, r)
				}
			}
		}
	}
	if r, ok := namedAlone(text, hit); ok {
		return r, true
	}
	var named []Repair
	for _, r := range hit {
		if namesThing(norm, r.Item) {
			named = append(named, r)
		}
	}
	if len(named) == 1 {
		return named[0], true
	}
	return Repair{}, false
}

// sameNumberShown leaves ready, of the writer's repairs sharing the number
// n he typed (接单 4 with last week's BX-…-004 and today's, user test 16's
// F36/F77/F80), the one his screen shows that number for: the job of the
// card or reply just shown him, whose 「接单 4」「完成 4」 he copies; else
// the one that is his own job over one he oversees (user test 16's 陈主任
// with the 单杠 job and a worker's 7); else the one he has taken over
// those only given him. When the card shows one and he has taken the
// other (完成 3 under a new job's card, yesterday's 3 in his hands), or
// none of these tells them apart, he is still asked which.
func sameNumberShown(t *flows.Turn, n int, rs []Repair, items []flows.Item) {
	same := readyNumbered(items, n)
	if len(same) < 2 {
		return
	}
	only := func(ok func(i int) bool) int {
		hit := -1
		for _, i := range same {
			if ok(i) {
				if hit >= 0 {
					return -1
				}
				hit = i
			}
		}
		return hit
	}
	// A leader's 催 3 is no answer to a notice that offered him other
	// verbs (【紧急报修】 … 「处理 3」 of today's 3): it may mean last
	// week's 3, and is asked (user test 18: two jobs shown as 3, one
	// chased unasked). Other verbs keep the card's number (转派 3 under
	// its 「处理 3」).
	nudge := false
	if a, ok := flows.ParseAction(items[same[0]].Data); ok {
		nudge = verb(a.Verb) == verbNudge
	}
	shown := map[int64]bool{}
	for _, b := range t.Offered() {
		if a, ok := flows.ParseAction(b.Data); ok && a.Prefix == actorPrefix && (!nudge || verb(a.Verb) == verbNudge) {
			shown[a.ID] = true
		}
	}
	taken := only(func(i int) bool { return rs[i].Status == RepairAccepted && rs[i].WorkerID == t.Staff.ID })
	pick := only(func(i int) bool { return shown[rs[i].ID] })
	if pick < 0 {
		pick = only(func(i int) bool { return rs[i].WorkerID == t.Staff.ID })
	}
	if pick < 0 {
		pick = taken
	}
	if pick < 0 {
		// 完成 6 with today's 6 and the demo's 13-day-old 6 both waiting
		// (the re-type's T11): today's, whose card he copies (samenum.go).
		cands := make([]Repair, len(same))
		for k, i := range same {
			cands[k] = rs[i]
		}
		if k := todaysOwn(t, cands); k >= 0 {
			pick = same[k]
		}
	}
	if pick < 0 || taken >= 0 && taken != pick {
		return
	}
	for _, i := range same {
		items[i].Ready = i == pick
	}
}

// readyNumbered is the indexes of the ready items numbered n.
func readyNumbered(items []flows.Item, n int) []int {
	var same []int
	for i, it := range items {
		if it.Ready && it.Seq() == n {
			same = append(same, i)
		}
	}
	return same
}

// sameNumberPlaced leaves ready, of the writer's repairs sharing the
// number n he typed, the one at the place his words name, when only one
// is: 说明 6 李老师麻烦过来开下301的门, with today's 6 at 其他地点：301 and
// an old 6 at 303 (user test 31's T15). Words naming no place, or a place
// of several or none of them, change nothing.
func sameNumberPlaced(t *flows.Turn, n int, text string, rs []Repair, items []flows.Item) {
	same := readyNumbered(items, n)
	if len(same) < 2 {
		return
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return
	}
	g := GuessRepair(text, locs)
	if g.LocationID == 0 && g.PlaceText == "" {
		return
	}
	at := -1
	for _, i := range same {
		r := rs[i]
		if g.LocationID != 0 && r.LocationID == g.LocationID || g.LocationID == 0 && atPlace(r, g.PlaceText) {
			if at >= 0 {
				return
			}
			at = i
		}
	}
	if at < 0 {
		return
	}
	for _, i := range same {
		items[i].Ready = i == at
	}
}

// takenOfPlace leaves ready, of the jobs at the place the words name whose
// thing or description they fit (trade aside), the one he has taken, when
// several fit and he has taken one: user test 16's 周师傅, holding last
// week's 303 饮水机漏水 untaken and today's 303 天花板漏水 taken, said 「就
// 303漏水那单，修不好」 and the 饮水机 job was chosen, for 漏水 reads as
// plumbing and the ceiling is 土建's.
func takenOfPlace(t *flows.Turn, text string, rs []Repair, items []flows.Item) {
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return
	}
	g := GuessRepair(text, locs)
	if g.LocationID == 0 {
		return
	}
	norm := strings.ToLower(parse.Normalize(text))
	var fit []int
	taken := -1
	for i, it := range items {
		r := rs[i]
		if !it.Ready || r.LocationID != g.LocationID {
			continue
		}
		if matches(r, g) || namesThing(norm, r.Item) || sharesWords(norm, r.Description) {
			fit = append(fit, i)
			if r.Status == RepairAccepted && r.WorkerID == t.Staff.ID {
				if taken >= 0 {
					return // two taken: asked which
				}
				taken = i
			}
		}
	}
	if len(fit) < 2 || taken < 0 {
		return
	}
	for _, i := range fit {
		items[i].Ready = i == taken
	}
}

// sharesWords reports whether norm has two Chinese characters running in
// desc, fault words too (漏水 of 天花板漏水): what namesDescribed leaves
// out as plain, for jobs at one place already.
func sharesWords(norm, desc string) bool {
	rs := []rune(desc)
	for i := 0; i+1 < len(rs); i++ {
		if unicode.Is(unicode.Han, rs[i]) && unicode.Is(unicode.Han, rs[i+1]) && !strings.ContainsAny(string(rs[i:i+2]), "的了个一") &&
			strings.Contains(norm, string(rs[i:i+2])) {
			return true
		}
	}
	return false
}

// wordsNumberRE is an answer to a list in words and its number: 保密室的锁
// 2, 2 保密室的锁, 2号 保密室那个.
var wordsNumberRE = rx.MustCompile(`^(?:(\D*\S)\s*(\d{1,2})\s*号?|(\d{1,2})\s*号?[\s，,.、]+(\D+))$`)

// wordsAndNumber reads an answer to a list of rs (buttons) that gives both
// what the job is and its number (user test 29's R19: 「保密室的锁 2」 was
// not understood). The words decide when they name one job; else the
// number does, when the words name none of the others.
func wordsAndNumber(t *flows.Turn, buttons []flows.Button, rs []Repair) (string, bool) {
	m := wordsNumberRE.FindStringSubmatch(strings.TrimSpace(t.Text))
	if m == nil {
		return "", false
	}
	words, num := m[1], m[2]
	if m[3] != "" {
		words, num = m[4], m[3]
	}
	if r, ok := pickedByText(t, words, rs); ok {
		return strconv.FormatInt(r.ID, 10), true
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 || n > len(buttons) {
		return "", false
	}
	return buttons[n-1].Data, true
}
