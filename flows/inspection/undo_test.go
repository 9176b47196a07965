package inspection

import (
	"slices"
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
	"github.com/houqin/houqin/flows/repair"
)

// A 整改 recorded on the wrong hazard (user test 16's 总务主任: the 积水's
// instead of the 单杠's) and taken back with 搞错了 is undone in the record:
// the 积水 is open again with no fixer nor photo, its trail says so, and
// the 单杠 named instead is rectified with the same photo by the same person.
func TestFixTakenBackMovesToHazardNamed(t *testing.T) {
	w, f := newWorld(t)
	out := flowtest.Play(t, w, `at 12:00
李老师: 发现隐患 操场边上的单杠 有一根横杠松了 一抓就晃
李老师: 无照片
李老师: 较大 不用修
老郑: 发现隐患 操场东头有一块积水 学生跑操容易滑倒
老郑: 无照片
老郑: 操场
老郑: 一般 不用修
at 13:00
陈主任: 整改完成 2
陈主任: [图片] 焊好了
陈主任: 搞错了！不是积水那个 积水还没弄 是单杠那个1号
`)
	if len(f.hazards) != 2 {
		t.Fatalf("%d hazards, want 2:\n%s", len(f.hazards), out)
	}
	bar, water := f.hazards[0], f.hazards[1]
	if water.Status != HazardOpen || water.FixedBy != 0 || water.FixPhoto != "" || !water.FixedAt.IsZero() {
		t.Errorf("the 积水 after the undo: %+v", water)
	}
	if bar.Status != HazardFixed || bar.FixPhoto == "" || bar.FixNote != "焊好了" {
		t.Errorf("the 单杠 after the undo: %+v", bar)
	}
	if !slices.ContainsFunc(f.events, func(e HazardEvent) bool { return e.HazardID == water.ID && e.Kind == EventFixUndone }) {
		t.Errorf("no %s event on the 积水: %+v", EventFixUndone, f.events)
	}
}

// A failed re-check of a hazard whose repair was handed on (转派) makes the
// repair's worker now its responsible person (user test 16: it went back
// to 王师傅, who had handed it to 周师傅).
func TestFailedRecheckGoesToRepairHolder(t *testing.T) {
	w, f := newWorld(t)
	w.Modules = append([]flows.Module{repair.Module()}, w.Modules...)
	out := flowtest.Play(t, w, `at 12:00
老郑: 发现隐患 操场东头有一块积水 学生跑操容易滑倒
老郑: 无照片
老郑: 操场
老郑: 一般
老郑: 要修 叫王师傅
`)
	if len(f.hazards) != 1 || f.hazards[0].RepairID == 0 {
		t.Fatalf("no hazard with a linked repair:\n%s", out)
	}
	h := f.hazards[0]
	for i := range f.repairs {
		if f.repairs[i].ID == h.RepairID {
			if f.repairs[i].WorkerName != "王师傅" {
				t.Fatalf("the repair went to %s, want 王师傅 as named", f.repairs[i].WorkerName)
			}
			zhou, err := f.StaffNamed("周师傅")
			if err != nil {
				t.Fatal(err)
			}
			f.repairs[i].WorkerID, f.repairs[i].WorkerName = zhou.ID, zhou.Name
		}
	}
	out = flowtest.Play(t, w, `at 13:00
陈主任: 整改完成 1
陈主任: [图片]
老郑: 复查不通过 1
老郑: 积水还在
`)
	if got := f.hazards[0].ResponsibleName; got != "周师傅" {
		t.Errorf("responsible after the failed re-check: %s, want 周师傅:\n%s", got, out)
	}
}
