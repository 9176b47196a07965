package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

// TestHazardReadsUnderGenericPlans: 「我的」's hazards (HazardsOf, read with
// every 「我的」 by ChecksAndHazardsOf), under the generic plan a message's
// transaction runs, read the person's unclosed hazards, not every hazard
// they ever found: a safety officer's year of closed findings must not be
// read again on every 「我的」.
func TestHazardReadsUnderGenericPlans(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	from := time.Date(2025, 11, 20, 8, 0, 0, 0, flows.LoadLocation("Asia/Shanghai"))
	finder, fixer := s.Staff["老郑"].ID, s.Staff["王师傅"].ID
	// A year of findings, three a day, all closed, and five still open;
	// and a district's worth of other people's closed ones (10,000), so
	// that reading the whole table shows.
	if _, err := db.SQL().ExecContext(ctx, `
		INSERT INTO hazards (school_id, ref, description, level, status, finder_id, responsible_id, found_at, due_at,
			fixed_at, fixed_by, rechecked_at, rechecked_by, updated_at)
		SELECT $1, 'YH-' || g, '走廊灯不亮', 'general', CASE WHEN g > 1095 THEN 'open' ELSE 'closed' END, $2::bigint, $3::bigint,
			t, t + interval '1 day', CASE WHEN g > 1095 THEN NULL ELSE t + interval '1 hour' END,
			CASE WHEN g > 1095 THEN NULL ELSE $3::bigint END, CASE WHEN g > 1095 THEN NULL ELSE t + interval '2 hours' END,
			CASE WHEN g > 1095 THEN NULL ELSE $2::bigint END, t
		FROM generate_series(1, 1100) AS g, LATERAL (SELECT CAST($4 AS timestamptz) + (g / 3) * interval '1 day' AS t) AS x`,
		s.ID, finder, fixer, from); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(ctx, `
		INSERT INTO hazards (school_id, ref, description, level, status, finder_id, responsible_id, found_at, due_at,
			fixed_at, fixed_by, rechecked_at, rechecked_by, updated_at)
		SELECT $1, 'YH-X' || g, '楼梯扶手松动', 'general', 'closed', $2::bigint, $2::bigint, t, t + interval '1 day',
			t + interval '1 hour', $2::bigint, t + interval '2 hours', $2::bigint, t
		FROM generate_series(1, 10000) AS g, LATERAL (SELECT CAST($3 AS timestamptz) + (g / 30) * interval '1 day' AS t) AS x`,
		s.ID, s.Staff["孙师傅"].ID, from); err != nil {
		t.Fatal(err)
	}
	storetest.Analyze(t, db)

	g := newGenericPlanner(t, db)
	g.prepare("hazards_of(bigint, int)", store.HazardsOfSQL)
	for who, id := range map[string]int64{"the finder": finder, "the one responsible": fixer, "someone else": s.Staff["李老师"].ID} {
		g.readsAtMost("HazardsOf("+who+")", `EXECUTE hazards_of(`+strconv.FormatInt(id, 10)+`, 20)`, 60)
	}
}
