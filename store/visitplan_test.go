package store_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

// TestVisitReadsUnderGenericPlans: the gate's repeat-visitor lookup
// (LastVisitBy), under the generic plan a message's transaction runs,
// reads a few buffers for a visitor who never came, at a school with a
// year of visits at the gate; a plan that walked the school's visits by
// arrival filtering on the ID hash or phone would read every kept visit.
// The history's visitors all give one phone: asked for it, the lookup
// reads that phone's kept visits (5,400), a bound of its own.
func TestVisitReadsUnderGenericPlans(t *testing.T) {
	db := storetest.Open(t)
	from := time.Date(2025, 11, 20, 0, 0, 0, 0, flows.LoadLocation("Asia/Shanghai"))
	s := storetest.Seed(t, db, "一中")
	storetest.GateHistory(t, db, s, from, 365, 30, 180, visit.PurgedNotice)
	storetest.Analyze(t, db)

	g := newGenericPlanner(t, db)
	school := strconv.FormatInt(s.ID, 10)
	// Who is on campus now (the guard's 「在校」 and the gate's closing):
	// the history's visits have all left.
	g.prepare("inside(bigint)", store.VisitsInsideSQL)
	g.readsAtMost("VisitsInside", `EXECUTE inside(`+school+`)`, 40)
	g.prepare("last_visit(bigint, text[], text)", store.LastVisitBySQL)
	for what, c := range map[string]struct {
		execute string
		most    int
	}{
		"a new visitor":             {`EXECUTE last_visit(` + school + `, '{newhash}', '13900000000')`, 40},
		"a new visitor, no phone":   {`EXECUTE last_visit(` + school + `, '{newhash}', '')`, 40},
		"the history's phone again": {`EXECUTE last_visit(` + school + `, '{newhash}', '13800138000')`, 200},
	} {
		g.readsAtMost("LastVisitBy, "+what, c.execute, c.most)
	}
}
