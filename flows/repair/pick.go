package repair

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
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
	if !t.Idle() || c.Ref != "" {
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
	return true, ask(t, stateActPick, followUpData{Choice: strings.Join(ids, ","), Acts: acts})
}

// whichButtons are the choices of askWhich: each repair's reference, place,
// problem and status, as flows.ChooseItem shows them; their data the ids.
func whichButtons(rs []Repair) ([]flows.Button, []string) {
	buttons := make([]flows.Button, len(rs))
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = strconv.FormatInt(r.ID, 10)
		buttons[i] = flows.Button{Label: fmt.Sprintf("%s %s「%s」%s", r.Ref, r.LocationName, flows.Clip(r.Description, 20), r.Status.Label()), Data: ids[i]}
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
	choice, ok := t.Pick(buttons)
	if !ok && t.Msg.Button == "" && strings.TrimSpace(t.Text) != "" {
		if r, named := pickedByWords(t, rs); named {
			choice, ok = strconv.FormatInt(r.ID, 10), true
		} else if c, room := roomPicked(buttons, t.Text); room {
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
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return Repair{}, false
	}
	g := GuessRepair(t.Text, locs)
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
	if len(hit) == 0 {
		hit = rs
	}
	if r, ok := namedAlone(t.Text, hit); ok {
		return r, true
	}
	norm := strings.ToLower(parse.Normalize(t.Text))
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
