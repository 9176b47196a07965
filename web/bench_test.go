package web_test

import (
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/store/storetest"
	"github.com/houqin/houqin/web"
)

// BenchmarkDistrictDigest computes, on 45 schools × 365 days × 20 repairs
// (328,500 repairs, ~640,000 events), the district view of one day (every
// school's digest) and one school's full page (with the 14-day series).
// Run: go test -run x -bench District -benchtime 1x -v ./web
func BenchmarkDistrictDigest(b *testing.B) {
	db := storetest.Open(b)
	loc := flows.LoadLocation("Asia/Shanghai")
	from := time.Date(2025, 11, 21, 0, 0, 0, 0, loc)
	start := time.Now()
	schools := storetest.SeedDistrict(b, db, 45, from, 365, 20)
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
