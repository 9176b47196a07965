package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store/storetest"
)

// BenchmarkMine measures 「我的」 against history, with every module that
// answers it as serve wires them: first with one school
// that has a year of repairs (20 a day, all reported by 李老师 and worked
// on by 王师傅, about 220 still open), then with 44 more such schools (45
// × 365 × 20 = 328,500 repairs, a district's year). Each stage times the
// whole message through the engine on PostgreSQL (dedup, session, reply)
// and RepairsOf alone; the district's runs report their cost as a
// multiple of the one school's (x-one-school), which stays near 1 when
// 「我的」 is flat with history. With -v it logs the query's EXPLAIN
// (ANALYZE, BUFFERS) at both stages.
//
//	go test -run '^$' -bench Mine -v ./store/e2e/
func BenchmarkMine(b *testing.B) {
	// With the inspection module and the shipped plans, as serve has:
	// 「我的」 also lists the checks due and the hazards.
	h := newHarness(b, inspection.Module(nil))
	saveShippedPlans(b, h)
	from := time.Date(h.now.Year()-1, h.now.Month(), h.now.Day(), 0, 0, 0, 0, h.now.Location())
	const days, perDay = 365, 20
	start := time.Now()
	storetest.RepairHistory(b, h.db, h.s, from, days, perDay)
	storetest.Analyze(b, h.db)
	b.Logf("one school: %d repairs in %v", days*perDay, time.Since(start).Round(time.Millisecond))

	since := h.now.Add(-repair.MineClosedFor)
	explain := func(stage string) {
		for _, who := range []string{"李老师", "王师傅"} {
			plan, err := h.db.ExplainRepairsOf(ctx, h.s.Staff[who].ID, since, 20)
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("EXPLAIN (ANALYZE, BUFFERS) of RepairsOf(%s), %s:\n%s", who, stage, plan)
			plan, err = h.db.ExplainRepairsOfBare(ctx, h.s.Staff[who].ID, h.s.ID, since, 20)
			if err != nil {
				b.Fatal(err)
			}
			b.Logf("EXPLAIN (ANALYZE, BUFFERS) of the bare RepairsOf(%s) a message runs, generic plan, %s:\n%s", who, stage, plan)
		}
	}
	engine := func(b *testing.B) {
		for range b.N {
			if got := h.say("李老师", "我的"); !strings.Contains(got, "BX-") {
				b.Fatalf("我的 = %q, want the open repairs", got)
			}
		}
	}
	query := func(b *testing.B) {
		for range b.N {
			rs, err := h.db.RepairsOf(ctx, h.s.Staff["王师傅"].ID, since, 20)
			if err != nil || len(rs) != 20 {
				b.Fatalf("RepairsOf(王师傅) = %d repairs, %v; want 20", len(rs), err)
			}
		}
	}
	// perOp keeps the one school's ns/op of each benchmark, from its last
	// (largest b.N) run, for the district's to divide by.
	perOp := map[string]float64{}
	stage := func(district bool, name string, run func(*testing.B)) func(*testing.B) {
		return func(b *testing.B) {
			run(b)
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			if district {
				b.ReportMetric(ns/perOp[name], "x-one-school")
			} else {
				perOp[name] = ns
			}
		}
	}

	explain("one school")
	b.Run("one-school/engine", stage(false, "engine", engine))
	b.Run("one-school/query", stage(false, "query", query))

	start = time.Now()
	storetest.SeedDistrict(b, h.db, 44, from, days, perDay)
	var n int
	if err := h.db.SQL().Get(&n, `SELECT count(*) FROM repairs`); err != nil {
		b.Fatal(err)
	}
	b.Logf("district: 45 schools, %d repairs in %v", n, time.Since(start).Round(time.Second))
	explain("45 schools")
	b.Run("district/engine", stage(true, "engine", engine))
	b.Run("district/query", stage(true, "query", query))
}
