package repair

import (
	"context"
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// A 完成 taken back right after (撤回, the fifteenth user test's F19/F20)
// leaves the job taken by its worker with nothing of the finish kept: no
// done time, cause, damage note or photo.
func TestDoneTakenBack(t *testing.T) {
	w := newWorld(t)
	flowtest.Play(t, w.flowWorld(), `李老师: 302教室灯不亮
李老师: 1
孙师傅: [图片] 完成 1
孙师傅: 2
孙师傅: 初二(3)班
孙师傅: 哎呀点错了 还没弄 撤回
`)
	r, err := w.Repair(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != RepairAccepted || !r.DoneAt.IsZero() || r.Cause != "" || r.DamageNote != "" || r.DonePhoto != "" {
		t.Errorf("status %s, done at %v, cause %q, note %q, photo %q; want accepted with no finish", r.Status, r.DoneAt, r.Cause, r.DamageNote, r.DonePhoto)
	}
}
