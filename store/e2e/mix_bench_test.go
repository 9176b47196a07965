package e2e_test

import (
	"strings"
	"syscall"
	"testing"
	"time"
)

// BenchmarkMessageMix sends houqin bench's mix through the engine with
// every module serve wires, on PostgreSQL: a teacher's report, its
// confirmation and 「我的」, three messages per op. Beside the time it
// reports the process's own CPU per message (app-µs/msg, from getrusage:
// the engine, the flows' reading of the words and the driver, not
// PostgreSQL's), which other work on the machine inflates far less than
// the time, so two builds can be compared on a busy machine too:
//
//	go test -run '^$' -bench MessageMix -benchtime 300x ./store/e2e/
func BenchmarkMessageMix(b *testing.B) {
	h := newHarness(b, servedModules()...)
	saveShippedPlans(b, h)
	faults := []string{"教室第三排课桌腿断了", "教室的灯不亮了", "教室后门门锁坏了", "教室窗户关不上", "教室的投影仪打不开", "教室饮水机漏水"}
	rooms := []string{"302", "303"}
	send := func(i int) {
		h.now = h.now.Add(time.Minute)
		report := rooms[i%len(rooms)] + faults[(i/len(rooms))%len(faults)]
		if got := h.say("李老师", report); !strings.Contains(got, "请核对") {
			b.Fatalf("%s: %q", report, got)
		}
		if got := h.say("李老师", "1"); got == "" {
			b.Fatal("no reply to the confirmation")
		}
		if got := h.say("李老师", "我的"); !strings.Contains(got, "BX-") {
			b.Fatalf("我的: %q", got)
		}
	}
	send(0) // the connection's statements prepared, as in a serving process
	cpu := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			b.Fatal(err)
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	b.ResetTimer()
	before := cpu()
	for i := range b.N {
		send(i + 1)
	}
	used := cpu() - before
	b.StopTimer()
	b.ReportMetric(float64(used.Microseconds())/float64(3*b.N), "app-µs/msg")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(3*b.N), "µs/msg")
}
