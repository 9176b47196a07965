package e2e_test

import (
	"testing"
	"time"

	"github.com/houqin/houqin/flows/repair"
)

// A 没修好 taken back right after (撤销; user test 17's F14), on the real
// store: the trigger lets the job go from assigned back to done, the
// worker's finish (its time, 人为损坏 and who did it) comes back from the
// trail, and the trail keeps both the 没修好 and its undoing.
func TestRedoTakenBackRestoresTheFinish(t *testing.T) {
	h := newHarness(t)
	h.report(t, "李老师", "302", "门锁坏了")
	h.now = h.now.Add(time.Minute)
	h.say("王师傅", "完成 1")
	h.say("王师傅", "2")
	h.say("王师傅", "学生踢的")
	done := h.onlyRepair()
	if done.Status != repair.RepairDone {
		t.Fatalf("after 完成: %s", done.Status)
	}
	h.now = h.now.Add(time.Minute)
	h.say("李老师", "没修好 1")
	h.say("李老师", "还是锁不上")
	if r := h.onlyRepair(); r.Status != repair.RepairAssigned {
		t.Fatalf("after 没修好: %s", r.Status)
	}
	h.now = h.now.Add(time.Minute)
	wantContains(t, h.say("李老师", "撤销"), "已撤回", "等你验收")
	r := h.onlyRepair()
	if r.Status != repair.RepairDone || !r.DoneAt.Equal(done.DoneAt) || r.Cause != repair.CauseDamage || r.DamageNote != "学生踢的" ||
		r.Description != done.Description || r.Reopens != done.Reopens {
		t.Errorf("restored = %s done %s %s %q %q reopens %d, want done %s as before: %s %q %q reopens %d",
			r.Status, r.DoneAt, r.Cause, r.DamageNote, r.Description, r.Reopens, done.DoneAt, done.Cause, done.DamageNote, done.Description, done.Reopens)
	}
	if n := h.count(`SELECT count(*) FROM repair_events WHERE repair_id = $1 AND kind IN ($2, $3)`,
		r.ID, string(repair.EventReopened), string(repair.EventRedoUndone)); n != 2 {
		t.Errorf("%d events of the 没修好 and its undoing, want 2", n)
	}
}
