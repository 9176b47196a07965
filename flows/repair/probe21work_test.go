package repair

import (
	"context"
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestProgressPhotoKept: user test 18's F30, 「[图片]玻璃渣清完了 先用三合板
// 钉上了 玻璃要等王师傅回来量尺寸再配」 on the urgent glass job he had taken:
// his words are the job's progress, and the photo is kept with them (it
// had been thrown away as not understood).
func TestProgressPhotoKept(t *testing.T) {
	w := newWorld(t)
	flowtest.Play(t, w.flowWorld(), `at 2026-12-01 14:00
李老师: 302窗户玻璃碎了 有学生划伤了
李老师: 提交
王师傅: 接单 1
王师傅: [图片]玻璃渣清完了 先用三合板钉上了 玻璃要等王师傅回来量尺寸再配
`)
	evs, err := w.RepairEvents(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range evs {
		if e.Kind == EventNoted && e.Photo != "" {
			return
		}
	}
	t.Errorf("glass job's events %+v: want his word on it with the photo", evs)
}
