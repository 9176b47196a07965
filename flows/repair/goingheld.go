package repair

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
)

// A worker's 「X的我去了」 with no notice of a job before it names a job of
// his: user test 18's second re-run had 「插座的我去了」, said of the socket
// job he had already finished and that waited for the teacher's sign-off
// (待验收), answered 「抱歉，我没有看懂」 with the menu. The words are read
// by the job they name: one waiting for him is taken, one he holds is
// acknowledged (he is on his way), one he has finished is said to wait
// for its sign-off, with how to go again, and one he reported 修不好 to
// wait for the leaders.

// goingHeldSaid reads a worker's words of going (goingClause) that name
// one job of his (see above); other words, and words under a notice
// offering 接单 (noticeTakeSaid reads those), are left to the flows.
func goingHeldSaid(t *flows.Turn, text string) (string, bool) {
	if !t.Staff.Has(flows.RoleWorker) || !t.Idle() || t.Msg.Button != "" || noticedTake(t) != 0 || goingClause(text) == "" {
		return "", false
	}
	rs, err := candidates(t)
	if err != nil {
		return "", false
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return "", false
	}
	g := GuessRepair(text, locs)
	if g.Item == "" && g.LocationID == 0 && g.PlaceText == "" {
		return "", false // 我去了 alone: nothing named (justTaken answers it)
	}
	norm := strings.ToLower(parse.Normalize(text))
	var named []Repair
	for _, r := range rs {
		switch r.Status {
		case RepairAssigned, RepairAccepted, RepairDeferred, RepairDone, RepairBlocked:
		default:
			continue
		}
		if r.WorkerID == t.Staff.ID && (hasThing(r, g) || namesThing(norm, r.Item) || namesDescribed(norm, r.Description)) {
			named = append(named, r)
		}
	}
	if len(named) > 1 {
		// A job finished and another of the same thing still to do: the
		// one still to do is where he goes.
		var open []Repair
		for _, r := range named {
			if r.Status != RepairDone {
				open = append(open, r)
			}
		}
		named = open
	}
	if len(named) != 1 {
		return "", false
	}
	r := named[0]
	desc := fmt.Sprintf("%s（%s「%s」）", r.Ref, r.Place(), jobWords(r, 12))
	switch {
	case r.Status == RepairDone:
		signer := r.ReporterName
		if selfReported(r) {
			signer = "总务主任"
		}
		if signer == "" {
			signer = "报修人"
		}
		again := fmt.Sprintf("如果发现还没修好、要再去修，可以请%s回复「没修好 %d」，这单会回到你手上", signer, Num(r))
		if mayUndoDone(t, r) == "" {
			again = "如果是完成报早了、还要再去修，请回复「撤回」，这单会回到你手上"
		}
		t.Say(fmt.Sprintf("%s你已经报过完成，正等%s验收，不用再接单。%s。", desc, signer, again))
		return "", true
	case r.Status == RepairBlocked:
		// 灯的我去了 of a job he reported 修不好: it waits for the leaders.
		t.Say(fmt.Sprintf("%s你已经报了修不好，正等领导决定，领导决定后会告诉你。现场有新情况可以直接发给我，我会补充进去。", desc))
		return "", true
	case mayAct(t, r, verbTake) == "":
		return action(verbTake, r.ID), true // 插座的我去了, of the job waiting for him
	}
	t.Say(fmt.Sprintf("好的，辛苦了！%s已经在你手上，修好后回复「完成 %d」就行。", desc, Num(r)))
	return "", true
}

// goingJobsTaken takes, or notes his words on, each job of his that one
// of the going clauses (withoutGoing) names alone: 303饮水机我明天去 beside
// a job told done. A clause naming none or several does nothing.
func goingJobsTaken(t *flows.Turn, going []string) error {
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now, 20)
	if err != nil {
		return err
	}
	var mine []Repair
	for _, r := range rs {
		if r.WorkerID == t.Staff.ID && r.Status.Open() && r.Status != RepairDone && r.Status != RepairBlocked {
			mine = append(mine, r)
		}
	}
	for _, c := range going {
		items := make([]flows.Item, len(mine))
		for i, r := range mine {
			items[i] = flows.Item{ID: r.ID, Ready: true}
		}
		narrowByText(t, c, mine, items)
		var named []Repair
		for i, it := range items {
			if it.Ready {
				named = append(named, mine[i])
			}
		}
		if len(named) != 1 || len(mine) > 1 && len(named) == len(mine) {
			continue
		}
		r := named[0]
		if mayAct(t, r, verbTake) == "" && r.Status != RepairAccepted {
			if err := takeOneSaying(t, r, c); err != nil {
				return err
			}
			continue
		}
		if mayAct(t, r, verbNote) == "" {
			if err := recordNote(t, r, c); err != nil {
				return err
			}
		}
	}
	return nil
}
