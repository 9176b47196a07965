package repair

import (
	"context"
	"strings"
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestDrainDoneKeepsPhotoAndFix: user test 16's 周师傅, having taken the
// 操场 drain job in his own words, sent 「[图片] 下水口掏出来一大坨树叶和泥巴
// 水已经排干净了」: the job is done with that photo kept as its done photo
// and his words as the fix (the photo had been thrown away).
func TestDrainDoneKeepsPhotoAndFix(t *testing.T) {
	w := newWorld(t)
	flowtest.Play(t, w.flowWorld(), `at 2026-12-01 12:00
王老师: 302水龙头一直漏水
王老师: 1
李老师: 操场东头下水口堵了，一大片积水
李老师: 1
周师傅: 操场下水口那个我现在过去通 先接了
周师傅: [图片] 下水口掏出来一大坨树叶和泥巴 水已经排干净了
周师傅: 1
`)
	r, err := w.Repair(context.Background(), 2)
	if err != nil {
		t.Fatal(err)
	}
	if r.Status != RepairDone || r.DonePhoto == "" {
		t.Errorf("drain job: status %s, done photo %q; want done with the photo", r.Status, r.DonePhoto)
	}
	evs, err := w.RepairEvents(context.Background(), r.ID)
	if err != nil {
		t.Fatal(err)
	}
	fixed := false
	for _, e := range evs {
		if e.Kind == EventDone && strings.Contains(e.Note, "树叶和泥巴") {
			fixed = true
		}
	}
	if !fixed {
		t.Errorf("drain job's events %+v: want his words as the fix of 完成", evs)
	}
	if o, _ := w.Repair(context.Background(), 1); o.Status != RepairAssigned {
		t.Errorf("the 302 tap job: status %s, want it left assigned", o.Status)
	}
}
