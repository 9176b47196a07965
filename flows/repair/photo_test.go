package repair

import (
	"context"
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// The completion photo lands on the repair: sent after the cause was asked
// for, sent with 完成, typed 「1」 for the 跳过 button; and a school that does
// not ask finishes without asking.
func TestDonePhotoStored(t *testing.T) {
	w := newWorld(t)
	setups["done_photo"](t, w)
	flowtest.Play(t, w.flowWorld(), `李老师: 302教室灯不亮
李老师: 1
孙师傅: 完成 1
孙师傅: 1
孙师傅: [图片]
王老师: 303教室课桌坏了
王老师: 1
王师傅: 完成 2
王师傅: 1
王师傅: 1
李老师: 302教室门锁坏了
李老师: 1
王师傅: [图片] 完成 3
王师傅: 1
`)
	want := []struct {
		status   RepairStatus
		hasPhoto bool
	}{{RepairDone, true}, {RepairDone, false}, {RepairDone, true}}
	for i, wt := range want {
		r, err := w.Repair(context.Background(), int64(i+1))
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != wt.status || (r.DonePhoto != "") != wt.hasPhoto {
			t.Errorf("repair %d: status %s, done photo %q; want %s, photo %v", i+1, r.Status, r.DonePhoto, wt.status, wt.hasPhoto)
		}
	}
}

func TestNoPhotoAskedByDefault(t *testing.T) {
	w := newWorld(t)
	flowtest.Play(t, w.flowWorld(), `李老师: 302教室灯不亮
李老师: 1
孙师傅: 完成 1
孙师傅: 1
`)
	r, err := w.Repair(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != RepairDone || r.DonePhoto != "" {
		t.Errorf("status %s, done photo %q; want done without a photo", r.Status, r.DonePhoto)
	}
}
