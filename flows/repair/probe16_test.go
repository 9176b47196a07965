package repair

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestUncheckedNotSignedOff: of two repairs awaiting her, words signing
// one off and saying the other is not looked at yet close only the first
// (the fifteenth user test's 「投影仪可以了，篮球架那个我还没去操场看」
// closed both); words saying one is still broken send it back with them.
func TestUncheckedNotSignedOff(t *testing.T) {
	w := newWorld(t)
	flowtest.Play(t, w.flowWorld(), `at 2026-12-01 07:30
李老师: 302门锁坏了
李老师: 1
李老师: 303插座没电了
李老师: 1
王老师: 303饮水机漏水
王老师: 1
王老师: 303后门锁坏了
王老师: 1
王师傅: 完成 1
王师傅: 1
孙师傅: 完成 2
孙师傅: 1
周师傅: 完成 3
周师傅: 1
王师傅: 完成 4
王师傅: 1
李老师: 门锁可以了，插座那个我还没去教室看
王老师: 后门锁好了，饮水机还是在滴水，没修好
`)
	for id, want := range map[int64]RepairStatus{1: RepairClosed, 2: RepairDone, 3: RepairAssigned, 4: RepairClosed} {
		r, err := w.Repair(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != want {
			t.Errorf("repair %d (%s): status %s, want %s", id, r.Description, r.Status, want)
		}
		if id == 3 && !strings.Contains(r.Description, "返修：饮水机还是在滴水") {
			t.Errorf("repair 3 sent back as %q, want her words as the reason", r.Description)
		}
	}
}

// TestReworkKeepsApprovedDue: a job a leader approved for outside repair,
// sent back by its reporter, keeps the approved deadline (the fifteenth
// user test's was given today's 14:06).
func TestReworkKeepsApprovedDue(t *testing.T) {
	w := newWorld(t)
	flowtest.Play(t, w.flowWorld(), `李老师: 303饮水机漏水
李老师: 1
周师傅: 修不好 1
周师傅: 3
周师傅: 饮水机加热管漏了 在保修期内 让厂家上门
at 2026-11-21 10:30
张校长: 303饮水机那单我批了 找厂家来修 三天之内弄好
周师傅: 完成 1
周师傅: 1
李老师: 没修好 1
李老师: 根本没人来修，还是在漏
`)
	r, err := w.Repair(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != RepairAssigned || r.DueAt.In(w.school.Location()).Format(time.DateTime) != "2026-11-24 21:00:00" {
		t.Errorf("sent back: status %s, due %s; want assigned, due 2026-11-24 21:00", r.Status, r.DueAt.In(w.school.Location()))
	}
}
