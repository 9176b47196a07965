package repair

import (
	"strings"

	"github.com/houqin/houqin/flows"
)

// A leader decides on a job awaiting him in his own words, naming it by
// what he has heard of it rather than by its report: 「302的阀门同意买」
// of BX-003 「302暖气不热」, whose worker wrote 「阀门坏了 需要配件」 (user
// test 33's T35 was told no 阀门 job awaited him). The part or the cause
// is in the worker's reason; the place is the job's.

// decisionNamed is which of rs a leader's decision read as g names: those
// that match it (matches), or say its thing in their own words or in
// their worker's reason, at its place if it names one; failing those, the
// jobs awaiting a decision at the place it names.
func decisionNamed(rs []Repair, g RepairGuess) []int {
	var hit []int
	for i, r := range rs {
		if matches(r, g) || g.Item != "" && (strings.Contains(r.Description, g.Item) || strings.Contains(r.BlockedReason, g.Item)) &&
			(g.LocationID == 0 || g.LocationID == r.LocationID) {
			hit = append(hit, i)
		}
	}
	if len(hit) > 0 || g.LocationID == 0 {
		return hit
	}
	for i, r := range rs {
		if r.LocationID == g.LocationID && r.Status == RepairBlocked {
			hit = append(hit, i) // 302的阀门, of 302's heating: the place's job
		}
	}
	return hit
}

// narrowDecision leaves ready, of the jobs a leader's decision in words
// may be about, those it names (decisionNamed), when it names one that is
// ready; otherwise nothing changes and the other narrowings decide.
func narrowDecision(t *flows.Turn, text string, rs []Repair, items []flows.Item) {
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return
	}
	g := GuessRepair(text, locs)
	if g.LocationID == 0 && g.Item == "" {
		return
	}
	named := make([]bool, len(rs))
	any := false
	for _, i := range decisionNamed(rs, g) {
		named[i] = true
		any = any || items[i].Ready
	}
	if !any {
		return
	}
	for i := range items {
		items[i].Ready = items[i].Ready && named[i]
	}
}
