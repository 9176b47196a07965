package store_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

// TestRepairReadsUnderGenericPlans: under the generic plans a message's
// transaction runs (see genericPlans), in a district of schools with a
// year of repairs each, the duplicate check reads the open repairs of its
// place only, and 「我的」's list reads about what its limit asks for
// someone with a year of repairs and almost nothing for someone with none.
// A plan that walked the school's repairs in deadline order filtering on
// the person (as RepairsOf's recently closed branches did, and the latest
// notice the outbox, 00037) reads the school's whole history instead.
func TestRepairReadsUnderGenericPlans(t *testing.T) {
	db := storetest.Open(t)
	from := time.Date(2025, 11, 20, 0, 0, 0, 0, flows.LoadLocation("Asia/Shanghai"))
	schools := storetest.SeedDistrict(t, db, 3, from, 365, 20)
	s := schools[1]
	since := from.AddDate(1, 0, 0).Add(-repair.MineClosedFor)

	g := newGenericPlanner(t, db)
	// The duplicate check: the open repairs at one place (the history's
	// open ones are all at 302: about 220 rows to return).
	g.prepare("at_place(bigint, bigint)", store.OpenRepairsAtSQL)
	for room, most := range map[string]int{"302": 300, "303": 40} {
		g.readsAtMost("OpenRepairsAt("+room+")", `EXECUTE at_place(`+strconv.FormatInt(s.ID, 10)+`, `+strconv.FormatInt(s.Locs[room].ID, 10)+`)`, most)
	}
	// The same rows, as a confirmation reads them (repair.FaultReader).
	g.prepare("faults_at(bigint, bigint)", store.OpenFaultsAtSQL)
	for room, most := range map[string]int{"302": 300, "303": 40} {
		g.readsAtMost("OpenFaultsAt("+room+")", `EXECUTE faults_at(`+strconv.FormatInt(s.ID, 10)+`, `+strconv.FormatInt(s.Locs[room].ID, 10)+`)`, most)
	}
	// A leader's 「我的」 also lists the repairs awaiting a decision.
	g.prepare("awaiting(bigint, text[], text, timestamptz, int)", store.AwaitingDecisionSQL)
	var open []string
	for _, st := range repair.OpenStatuses {
		open = append(open, string(st))
	}
	g.readsAtMost("RepairsAwaitingDecision", `EXECUTE awaiting(`+strconv.FormatInt(s.ID, 10)+`, '{`+strings.Join(open, ",")+`}', '`+
		string(repair.RepairBlocked)+`', '`+from.AddDate(1, 0, 0).Format(time.RFC3339)+`', 20)`, 200)
	// Both of its statements: with the names joined, and without them
	// and told the school (a message's, see repairsOfNamed).
	g.prepare("mine(bigint, timestamptz)", store.RepairsOfQuery(20, false))
	g.prepare("mine_bare(bigint, timestamptz, bigint)", store.RepairsOfQuery(20, true))
	for who, most := range map[string]int{"李老师": 200, "王师傅": 200, "孙师傅": 40, "张校长": 40} {
		id, at := strconv.FormatInt(s.Staff[who].ID, 10), since.Format(time.RFC3339)
		g.readsAtMost("RepairsOf("+who+")", `EXECUTE mine(`+id+`, '`+at+`')`, most)
		g.readsAtMost("RepairsOf("+who+"), bare", `EXECUTE mine_bare(`+id+`, '`+at+`', `+strconv.FormatInt(s.ID, 10)+`)`, most)
	}
}
