package inspection

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
	"github.com/houqin/houqin/flows/repair"
)

// A hazard with a linked repair is rectified when the repair is finished:
// the worker's photo is the rectification photo, and the finder is asked
// to re-check. The repair's own reminders stand in for the hazard's.
func TestLinkedRepairFinishedAsksForRecheck(t *testing.T) {
	w, f := newWorld(t)
	out := flowtest.Play(t, w, "at 10:00\n老郑: [图片] 发现隐患 实验楼二楼男厕所电线裸露\n老郑: 1\n老郑: 1\nat 20:30\ntick\n")
	if len(f.hazards) != 1 || f.hazards[0].RepairID == 0 {
		t.Fatalf("no hazard with a linked repair:\n%s", out)
	}
	if strings.Contains(out, "hazard.reminder") {
		t.Errorf("a hazard with a linked repair was reminded on its own:\n%s", out)
	}
	done := flowtest.Start.Add(12*time.Hour + 45*time.Minute)
	f.finishRepair(f.hazards[0].RepairID, done, "photo-fixed")
	w.Start = done.Add(time.Minute)
	out = flowtest.Play(t, w, "tick\ntick\n")
	h := f.hazards[0]
	if h.Status != HazardFixed || h.FixPhoto != "photo-fixed" || h.FixedBy == 0 || !strings.Contains(h.FixNote, "BX-20261120-001") {
		t.Errorf("after the repair: %+v", h)
	}
	if n := strings.Count(out, "→ 老郑 (hazard.recheck)"); n != 1 {
		t.Errorf("the finder was asked to re-check %d times:\n%s", n, out)
	}
}

// Button data arrives untrusted: forged or stale data is refused, never acted on.
func TestForgedButtons(t *testing.T) {
	w, _ := newWorld(t)
	eng := flows.NewEngine(flows.EngineConfig{Store: w.Store, Now: func() time.Time { return flowtest.Start.Add(11 * time.Hour) }, Modules: w.Modules})
	for i, c := range []struct{ who, data, want string }{
		{"老郑", "yh:zap:1", "没有找到这条隐患"},
		{"老郑", "yh:fix:abc", flows.ExpiredButton},
		{"王老师", "xc:start:1", "不需要你做"},             // the fire check is the 总务主任's
		{"王老师", "xc:start:3:1", "不需要你做"},           // 302 is 李老师's room
		{"李老师", "xc:start:3:1", "班级财产检查 · 教学楼302"}, // ... and she may
		{"老郑", "xc:open:2", flows.ExpiredButton},
	} {
		rs, err := eng.Handle(context.Background(), flows.Message{Channel: flows.ChannelConsole, ExternalUser: c.who, Chat: c.who,
			Button: c.data, DedupKey: "forged" + string(rune('a'+i))})
		if err != nil || len(rs) == 0 || !strings.Contains(rs[0].Text, c.want) {
			t.Errorf("%s presses %s: %v %+v, want %q", c.who, c.data, err, rs, c.want)
		}
	}
}

// linkedHazardRechecked files a hazard with a linked repair, finishes the
// repair (signed off too with signedOff), lets the tick rectify the
// hazard, and fails its re-check; it returns what the failure printed.
func linkedHazardRechecked(t *testing.T, signedOff bool) (*flowtest.World, *fake, string) {
	t.Helper()
	w, f := newWorld(t)
	flowtest.Play(t, w, "at 10:00\n老郑: [图片] 发现隐患 实验楼二楼男厕所电线裸露\n老郑: 1\n老郑: 1\nat 20:30\ntick\n")
	if len(f.hazards) != 1 || f.hazards[0].RepairID == 0 {
		t.Fatal("no hazard with a linked repair")
	}
	done := flowtest.Start.Add(12*time.Hour + 45*time.Minute)
	f.finishRepair(f.hazards[0].RepairID, done, "photo-fixed")
	if signedOff {
		for i := range f.repairs {
			if f.repairs[i].ID == f.hazards[0].RepairID {
				f.repairs[i].Status = repair.RepairClosed
			}
		}
	}
	w.Start = done.Add(time.Minute)
	flowtest.Play(t, w, "tick\n")
	if f.hazards[0].Status != HazardFixed {
		t.Fatalf("the finished repair did not rectify the hazard: %+v", f.hazards[0])
	}
	w.Start = done.Add(time.Hour)
	out := flowtest.Play(t, w, fmt.Sprintf("老郑: 复查不通过 %d\n老郑: 电线还露在外面\ntick\nat +1h\ntick\n", Num(f.hazards[0])))
	h := f.hazards[0]
	if h.Status != HazardOpen || h.Reopens != 1 || h.RecheckNote != "电线还露在外面" {
		t.Fatalf("after the failed re-check and two ticks: %+v\n%s", h, out)
	}
	if n := strings.Count(out, "(hazard.recheck)"); n != 0 {
		t.Errorf("the re-check was asked for again without new work:\n%s", out)
	}
	return w, f, out
}

// A failed re-check of a hazard whose linked repair was finished and not
// yet signed off sends the repair back to its worker as 返修 (its job card,
// its rules): the old 完成 does not rectify the hazard again at the next
// tick (it once did, and the finder was asked to re-check the same work),
// and the repair's next 完成 does, asking the finder again.
func TestFailedRecheckReopensTheLinkedRepair(t *testing.T) {
	w, f, out := linkedHazardRechecked(t, false)
	h := f.hazards[0]
	r, _ := f.Repair(context.Background(), h.RepairID)
	if r.Status != repair.RepairAssigned || r.Reopens != 1 || !strings.Contains(r.Description, "返修：隐患复查不通过：电线还露在外面") {
		t.Fatalf("the linked repair after the failed re-check: %+v", r)
	}
	for _, want := range []string{"维修单 " + r.Ref + " 转为返修", "→ " + r.WorkerName + " (repair.assigned): 【返修】隐患复查不通过 " + r.Ref} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "(hazard.update)") {
		t.Errorf("the worker was also sent the hazard's rework, beside the repair's:\n%s", out)
	}
	// Past the hazard's deadline the repair's own reminders apply, not
	// the hazard's escalation.
	w.Start = h.DueAt.Add(time.Minute)
	if out := flowtest.Play(t, w, "tick\n"); strings.Contains(out, "hazard.escalated") {
		t.Errorf("the hazard escalated while its repair was being reworked:\n%s", out)
	}
	// The repair finished again rectifies the hazard and asks the finder.
	f.finishRepair(h.RepairID, w.Start.Add(time.Hour), "photo-fixed-2")
	w.Start = w.Start.Add(2 * time.Hour)
	out = flowtest.Play(t, w, "tick\n")
	if f.hazards[0].Status != HazardFixed || !strings.Contains(out, "(hazard.recheck)") {
		t.Errorf("the repair finished again did not rectify the hazard and ask for the re-check: %+v\n%s", f.hazards[0], out)
	}
}

// A failed re-check of a hazard whose linked repair was signed off
// already (it cannot be reopened) sends the rectification to the worker
// through the hazard: its old 完成 does not rectify it again, the hazard
// is reminded and escalated as any open hazard, and the worker's 整改完成
// asks for the re-check.
func TestFailedRecheckOfASignedOffLinkedRepair(t *testing.T) {
	w, f, out := linkedHazardRechecked(t, true)
	h := f.hazards[0]
	worker := h.ResponsibleName
	if !strings.Contains(out, "→ "+worker+" (hazard.update)") || !strings.Contains(out, "复查不通过") {
		t.Errorf("the worker %s was not told to rectify again:\n%s", worker, out)
	}
	if r, _ := f.Repair(context.Background(), h.RepairID); r.Status != repair.RepairClosed {
		t.Errorf("a signed-off repair changed: %+v", r)
	}
	// Past the new deadline the hazard escalates as any open hazard.
	w.Start = h.DueAt.Add(time.Minute)
	out = flowtest.Play(t, w, "tick\n")
	if !strings.Contains(out, "hazard.escalated") {
		t.Errorf("an overdue hazard whose repair was signed off before its failed re-check was not escalated:\n%s", out)
	}
	// The worker's own 整改完成 rectifies it and asks the finder again.
	out = flowtest.Play(t, w, fmt.Sprintf("%s: [图片] 整改完成 %d\n", worker, Num(h)))
	if f.hazards[0].Status != HazardFixed {
		t.Errorf("the worker's 整改完成 did not rectify the hazard: %+v\n%s", f.hazards[0], out)
	}
}

// TestBesideRoomAndPassNoteStored: the sixteenth user test's light beside a
// room (F68) is stored at the place as written, with no room and not given
// to the room's owner; 复查通过 typed after a correction (F72) closes it
// and stores the correction as the re-check's note.
func TestBesideRoomAndPassNoteStored(t *testing.T) {
	w, f := newWorld(t)
	out := flowtest.Play(t, w, "at 10:00\n老郑: 发现隐患 三楼有间空教室灯没关\n老郑: 无照片\n老郑: 教学楼三楼 好像是302隔壁\n老郑: 一般\n老郑: 不用修\n"+
		"陈主任: 整改完成 1\n陈主任: [图片]\n老郑: 记错教室了 是302隔壁那间 反正灯关了 复查通过\n")
	if len(f.hazards) != 1 {
		t.Fatalf("hazards: %d\n%s", len(f.hazards), out)
	}
	h := f.hazards[0]
	if h.LocationID != 0 || h.Place != "教学楼三楼 302隔壁" || h.ResponsibleName != "陈主任" {
		t.Errorf("the hazard beside 302: location %d place %q responsible %s\n%s", h.LocationID, h.Place, h.ResponsibleName, out)
	}
	if h.Status != HazardClosed || h.RecheckNote != "记错教室了 是302隔壁那间 反正灯关了" {
		t.Errorf("after 复查通过: status %s note %q\n%s", h.Status, h.RecheckNote, out)
	}
}

// TestObjectionGivesHazardBack: the class teacher given a hazard that is
// no hazard of hers (F30 of the sixteenth user test) gives it back: the
// 总务主任 is responsible again, and her words are the event's note.
func TestObjectionGivesHazardBack(t *testing.T) {
	w, f := newWorld(t)
	out := flowtest.Play(t, w, "at 10:00\n老郑: 发现隐患 三楼有间空教室灯没关\n老郑: 无照片\n老郑: 教学楼302\n老郑: 一般\n老郑: 不用修\n"+
		"李老师: 灯是我开的，啥子隐患哦\n")
	if len(f.hazards) != 1 || f.hazards[0].ResponsibleName != "陈主任" || f.hazards[0].Status != HazardOpen {
		t.Fatalf("the hazard after the objection: %+v\n%s", f.hazards, out)
	}
	last := f.events[len(f.events)-1]
	if last.Kind != EventGiven || last.Note != "李老师退回总务处：灯是我开的，啥子隐患哦" {
		t.Errorf("the last event: %+v", last)
	}
}
