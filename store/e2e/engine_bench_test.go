package e2e_test

import (
	"testing"
	"time"

	"github.com/houqin/houqin/flows/repair"
)

// BenchmarkHandleFullReport measures one whole repair report through the
// engine on a real PostgreSQL: the one-message report (location, trade and
// deadline read back) and its confirmation (dedup row, repair, route,
// event, two outbox rows, session), i.e. two Handle calls per op. Between
// ops the repair is marked done, untimed, so the next report is not folded
// into it as a duplicate.
//
//	go test -run '^$' -bench HandleFullReport -benchtime 200x ./flows/
func BenchmarkHandleFullReport(b *testing.B) {
	h := newHarness(b)
	b.ResetTimer()
	for range b.N {
		h.now = h.now.Add(time.Second)
		h.say("李老师", "302教室第三排课桌腿断了")
		if got := h.say("李老师", "1"); len(got) == 0 {
			b.Fatal("no reply")
		}
		b.StopTimer()
		if _, err := h.db.SQL().Exec(`UPDATE repairs SET status = $1 WHERE status = $2`, repair.RepairDone, repair.RepairAssigned); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/2, "µs/message")
}
