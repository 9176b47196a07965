package e2e_test

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

// BenchmarkIdle measures what houqin costs with no messages at all: the
// scheduler's tick (every module's jobs for every school, every 30 s in
// serve) against one school with a year of history, then against a
// district (45 such schools: repairs and their events and notifications,
// visits and the gate's notifications, purged past retention as the job
// leaves them, a week of the dedup log). It reports the CPU of this
// process and of PostgreSQL's processes (from /proc, by the pids in
// pg_stat_activity) per tick and as ms per second at the 30 s interval,
// and logs the EXPLAIN (ANALYZE, BUFFERS) of the visit purge's outbox
// statement at both stages.
//
//	go test -run '^$' -bench Idle -benchtime 20x -v ./store/e2e/
func BenchmarkIdle(b *testing.B) {
	h := newHarness(b)
	from := time.Date(h.now.Year()-1, h.now.Month(), h.now.Day(), 0, 0, 0, 0, h.now.Location())
	const days, perDay, visitsPerDay, inboundPerDay = 365, 20, 30, 200
	history := func(s storetest.School) {
		storetest.RepairHistory(b, h.db, s, from, days, perDay)
		storetest.NoticeHistory(b, h.db, s)
		storetest.GateHistory(b, h.db, s, from, days, visitsPerDay, 180, visit.PurgedNotice)
		storetest.InboundHistory(b, h.db, s, h.now, inboundPerDay)
	}
	history(h.s)
	storetest.Analyze(b, h.db)
	sched := &flows.Scheduler{Store: h.db, Now: h.clock, Jobs: flows.ModuleJobs([]flows.Module{
		visit.Module(nil), repair.Module(), canteen.Module(), inspection.Module(nil), digest.Module(nil, nil), flows.Housekeeping(),
	})}
	explain := func(stage string) {
		plan, err := h.db.ExplainPurgeVisits(ctx, h.s.ID, h.now.AddDate(0, 0, -180), h.now)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("EXPLAIN (ANALYZE, BUFFERS) of the visit purge's outbox statement, %s:\n%s", stage, plan)
		st := flows.DefaultSettings()
		remind := time.Duration(st.ReminderMinutes) * time.Minute
		plan, err = h.db.ExplainRepairsPending(ctx, h.s.ID, h.now, h.now.Add(remind), h.now.AddDate(0, 0, -st.AutoConfirmDays),
			time.Duration(st.PrincipalAfterHrs)*time.Hour)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("EXPLAIN (ANALYZE, BUFFERS) of the repair job's read, %s:\n%s", stage, plan)
	}
	obs := &jobTimes{took: map[string]time.Duration{}}
	sched.Observer = obs
	perTick := map[string][2]float64{}
	stage := func(name string) func(*testing.B) {
		return func(b *testing.B) {
			sched.Tick(ctx) // the hour's housekeeping and the day's first runs, untimed
			pg0, ok0 := h.db.ServerCPU(ctx)
			app0 := store.SelfCPU()
			obs.reset()
			rt0 := h.db.RoundTrips().Load()
			b.ResetTimer()
			for range b.N {
				h.now = h.now.Add(30 * time.Second)
				sched.Tick(ctx)
			}
			b.StopTimer()
			app := float64((store.SelfCPU() - app0).Microseconds()) / 1000 / float64(b.N)
			pg := -1.0
			if pg1, ok1 := h.db.ServerCPU(ctx); ok0 && ok1 {
				pg = float64(store.CPUDelta(pg0, pg1).Microseconds()) / 1000 / float64(b.N)
			}
			b.ReportMetric(app, "app-ms/tick")
			b.ReportMetric(pg, "pg-ms/tick")
			b.ReportMetric(app/30, "app-ms/s")
			b.ReportMetric(pg/30, "pg-ms/s")
			perTick[name] = [2]float64{app, pg}
			b.ReportMetric(float64(h.db.RoundTrips().Load()-rt0)/float64(b.N), "round-trips/tick")
			b.Logf("%s: wall time per tick by job (all schools, in the school's transaction): %s", name, obs.report(b.N))
		}
	}
	explain("one school")
	b.Run("one-school", stage("one"))

	start := time.Now()
	for _, s := range storetest.SeedDistrict(b, h.db, 44, from, 0, perDay) {
		history(s)
	}
	storetest.Analyze(b, h.db)
	var n int
	if err := h.db.SQL().Get(&n, `SELECT count(*) FROM outbox`); err != nil {
		b.Fatal(err)
	}
	b.Logf("district: 45 schools, %d outbox rows, in %v", n, time.Since(start).Round(time.Second))
	explain("45 schools")
	b.Run("district", stage("district"))
	if one, d := perTick["one"], perTick["district"]; one[0] > 0 {
		b.Logf("district / one school per tick: app %.1f×, PostgreSQL %.1f×", d[0]/one[0], d[1]/one[1])
	}
}

// jobTimes sums the scheduler's JobRan durations by job, so that the
// benchmark's log breaks a tick down (wall time, which at idle is mostly
// the statements' time in PostgreSQL).
type jobTimes struct {
	mu   sync.Mutex
	took map[string]time.Duration
}

func (o *jobTimes) TickStarted(time.Duration) {}
func (o *jobTimes) TickDone(time.Time)        {}
func (o *jobTimes) JobRan(job string, _ error, took time.Duration) {
	o.mu.Lock()
	o.took[job] += took
	o.mu.Unlock()
}

func (o *jobTimes) reset() {
	o.mu.Lock()
	clear(o.took)
	o.mu.Unlock()
}

func (o *jobTimes) report(ticks int) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	names := make([]string, 0, len(o.took))
	for n := range o.took {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return o.took[names[i]] > o.took[names[j]] })
	var sb strings.Builder
	for _, n := range names {
		fmt.Fprintf(&sb, "%s %.1f ms; ", n, float64(o.took[n].Microseconds())/1000/float64(ticks))
	}
	return sb.String()
}
