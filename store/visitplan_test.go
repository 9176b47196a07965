package store_test

import (
	"context"
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
	ctx := context.Background()
	db := storetest.Open(t)
	from := time.Date(2025, 11, 20, 0, 0, 0, 0, flows.LoadLocation("Asia/Shanghai"))
	s := storetest.Seed(t, db, "一中")
	storetest.GateHistory(t, db, s, from, 365, 30, 180, visit.PurgedNotice)
	storetest.Analyze(t, db)

	conn, err := db.SQL().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SET plan_cache_mode = force_generic_plan`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `PREPARE last_visit(bigint, text[], text) AS `+store.LastVisitBySQL); err != nil {
		t.Fatal(err)
	}
	school := strconv.FormatInt(s.ID, 10)
	// Who is on campus now (the guard's 「在校」 and the gate's closing):
	// the history's visits have all left.
	if _, err := conn.ExecContext(ctx, `PREPARE inside(bigint) AS `+store.VisitsInsideSQL); err != nil {
		t.Fatal(err)
	}
	text := explainGeneric(t, conn, `EXECUTE inside(`+school+`)`)
	if n := buffersOf(t, text); n > 40 {
		t.Errorf("VisitsInside: %d buffers under the generic plan, at most 40 expected:\n%s", n, text)
	} else {
		t.Logf("VisitsInside: %d buffers", n)
	}
	for what, c := range map[string]struct {
		execute string
		most    int
	}{
		"a new visitor":             {`EXECUTE last_visit(` + school + `, '{newhash}', '13900000000')`, 40},
		"a new visitor, no phone":   {`EXECUTE last_visit(` + school + `, '{newhash}', '')`, 40},
		"the history's phone again": {`EXECUTE last_visit(` + school + `, '{newhash}', '13800138000')`, 200},
	} {
		text := explainGeneric(t, conn, c.execute)
		n := buffersOf(t, text)
		if n > c.most {
			t.Errorf("LastVisitBy, %s: %d buffers under the generic plan, at most %d expected:\n%s", what, n, c.most, text)
		}
		t.Logf("LastVisitBy, %s: %d buffers", what, n)
	}
}
