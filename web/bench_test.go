package web_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
	"github.com/houqin/houqin/web"
)

// seedDistrict makes 45 schools with a year of repairs each (20 a day, a
// mix of small and large, on time and late, done, open and blocked) and
// their done and reopened events, with generate_series.
func seedDistrict(b *testing.B, db *store.DB, schools int, from time.Time, days, perDay int) []storetest.School {
	b.Helper()
	var out []storetest.School
	for i := range schools {
		out = append(out, storetest.Seed(b, db, fmt.Sprintf("第%d中学", i+1)))
	}
	for _, s := range out {
		_, err := db.SQL().ExecContext(ctx, `
			INSERT INTO repairs (school_id, ref, reporter_id, location_id, trade, item, description, large, status,
				worker_id, reported_at, due_at, done_at, cause, rating, reopens, blocked_reason, updated_at)
			SELECT $1, 'BX-' || g, $2, $3, 'carpentry', '课桌', '课桌腿松了', g % 7 = 0,
				CASE WHEN g % 97 = 0 THEN $8 WHEN g % 50 = 0 THEN $9 ELSE $10 END,
				$4, t, t + CASE WHEN g % 7 = 0 THEN interval '24 hours' ELSE interval '10 hours' END,
				CASE WHEN g % 97 = 0 OR g % 50 = 0 THEN NULL ELSE t + (g % 13) * interval '1 hour' END,
				CASE WHEN g % 20 = 0 THEN $11 ELSE $12 END, 1 + g % 5, CASE WHEN g % 31 = 0 THEN 1 ELSE 0 END,
				CASE WHEN g % 97 = 0 THEN '需要采购' ELSE '' END, t
			FROM generate_series(0, $5 - 1) AS g,
			     LATERAL (SELECT CAST($6 AS timestamptz) + (g / $7) * interval '1 day' + interval '7 hours' + (g % $7) * interval '37 minutes' AS t) AS x`,
			s.ID, s.Staff["李老师"].ID, s.Locs["302"].ID, s.Staff["王师傅"].ID, days*perDay, from, perDay,
			string(repair.RepairBlocked), string(repair.RepairAccepted), string(repair.RepairClosed),
			string(repair.CauseDamage), string(repair.CauseWear))
		if err != nil {
			b.Fatal(err)
		}
		_, err = db.SQL().ExecContext(ctx, `
			INSERT INTO repair_events (school_id, repair_id, at, kind)
			SELECT school_id, id, reported_at, $2 FROM repairs WHERE school_id = $1
			UNION ALL SELECT school_id, id, done_at, $3 FROM repairs WHERE school_id = $1 AND done_at IS NOT NULL
			UNION ALL SELECT school_id, id, done_at + interval '1 hour', $4 FROM repairs WHERE school_id = $1 AND reopens > 0 AND done_at IS NOT NULL`,
			s.ID, string(repair.EventReported), string(repair.EventDone), string(repair.EventReopened))
		if err != nil {
			b.Fatal(err)
		}
	}
	if _, err := db.SQL().ExecContext(ctx, `ANALYZE`); err != nil {
		b.Fatal(err)
	}
	return out
}

// BenchmarkDistrictDigest computes, on 45 schools × 365 days × 20 repairs
// (328,500 repairs, ~640,000 events), the district view of one day (every
// school's digest) and one school's full page (with the 14-day series).
// Run: go test -run x -bench District -benchtime 1x -v ./web
func BenchmarkDistrictDigest(b *testing.B) {
	db := storetest.Open(b)
	loc := flows.LoadLocation("Asia/Shanghai")
	from := time.Date(2025, 11, 21, 0, 0, 0, 0, loc)
	start := time.Now()
	schools := seedDistrict(b, db, 45, from, 365, 20)
	var repairs, events int
	db.SQL().Get(&repairs, `SELECT count(*) FROM repairs`)
	db.SQL().Get(&events, `SELECT count(*) FROM repair_events`)
	b.Logf("seeded %d schools, %d repairs, %d events in %v", len(schools), repairs, events, time.Since(start).Round(time.Second))
	day := time.Date(2026, 11, 10, 0, 0, 0, 0, loc)
	asOf := day.Add(31 * time.Hour)
	plan, err := db.ExplainRepairDigest(ctx, schools[20].ID, day, day.AddDate(0, 0, 1), asOf)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("EXPLAIN (ANALYZE, BUFFERS) of the digest query, one school of the district:\n%s", plan)
	b.Run("district", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			v, err := web.BuildDistrict(ctx, db, day, asOf)
			if err != nil {
				b.Fatal(err)
			}
			if len(v.Schools) != 45 || v.Total.Repairs.Reported != 45*20 {
				b.Fatalf("district: %d schools, %d reported", len(v.Schools), v.Total.Repairs.Reported)
			}
		}
	})
	b.Run("school-page", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := digest.BuildDigest(ctx, db, schools[i%45].School, day, asOf, true); err != nil {
				b.Fatal(err)
			}
		}
	})
}
