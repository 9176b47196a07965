package store_test

import (
	"context"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

// TestRouteReadsAtMostTheLoadCap: routing counts the worker's jobs in hand
// up to repair.LoadCap, so a filing's route read stays small however long
// the worker's backlog. The backlog is fresh (not vacuumed), as during a
// busy day: each job counted is a heap fetch (0.6 ms for 906 of them in
// the bench's route statement, auto_explain).
func TestRouteReadsAtMostTheLoadCap(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, flows.LoadLocation("Asia/Shanghai"))
	if _, err := db.SQL().ExecContext(context.Background(), `
		INSERT INTO repairs (school_id, ref, reporter_id, location_id, trade, item, description, tier, status,
			worker_id, reported_at, due_at, updated_at)
		SELECT $1, 'BX-20261120-' || g, $2, $3, 'carpentry', '课桌', '课桌坏了', 'small', 'assigned', $4, $5, $5, $5
		FROM generate_series(1, 600) AS g`,
		s.ID, s.Staff["李老师"].ID, s.Locs["303"].ID, s.Staff["王师傅"].ID, at); err != nil {
		t.Fatal(err)
	}
	g := newGenericPlanner(t, db)
	g.prepare("route(bigint, text, text, timestamptz)", store.RouteCandidatesSQL)
	plan := g.readsAtMost("RouteCandidates with 600 jobs in hand", `EXECUTE route(`+strconv.FormatInt(s.ID, 10)+`, 'carpentry', '教学楼', '`+
		at.Format(time.RFC3339)+`')`, 60)
	// What it costs is the rows it visits (every one a heap fetch), more
	// than the buffers: no node may return more rows than the cap.
	for _, m := range regexp.MustCompile(`actual time=[\d.]+\.\.[\d.]+ rows=(\d+)`).FindAllStringSubmatch(plan, -1) {
		if n, _ := strconv.Atoi(m[1]); n > repair.LoadCap {
			t.Errorf("a node of the route read returned %d rows, more than the cap %d:\n%s", n, repair.LoadCap, plan)
			break
		}
	}

	var cs []repair.RouteCandidate
	if err := db.InTx(context.Background(), func(tx flows.Tx) (err error) {
		cs, err = tx.(*store.Tx).RouteCandidates(context.Background(), s.ID, flows.TradeCarpentry, "教学楼", at)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].StaffID != s.Staff["王师傅"].ID || cs[0].OpenJobs != repair.LoadCap {
		t.Errorf("RouteCandidates = %+v, want 王师傅 with %d (the cap)", cs, repair.LoadCap)
	}
}
