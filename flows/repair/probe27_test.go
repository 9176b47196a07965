package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestProbe27Transcripts runs the conversations of testdata/probe27: the
// places user test 27's teachers said the first time (a winter week), in
// the demo's school: 教学楼 201 (赵老师's class), 302 (李老师's) and 303
// (王老师's), 实验楼's 二楼男厕所 and 物理实验室, 图书馆's 阅览室, 食堂's
// 后厨 and the gate; no dormitory.
func TestProbe27Transcripts(t *testing.T) {
	flowtest.Run(t, "testdata/probe27/*.txt", func(t *testing.T) *flowtest.World {
		w := newWorld(t)
		zh := w.addBound("赵老师", flows.RoleTeacher)
		wang := w.staff(t, "王老师")
		for i, l := range w.Places {
			if l.Room == "303" {
				w.Places[i].OwnerID = wang.ID
			}
		}
		for _, l := range []flows.Location{
			{Building: "教学楼", Floor: "2", Room: "201", Aliases: []string{"初一(1)班", "初一1班"}, OwnerID: zh.ID},
			{Building: "实验楼", Floor: "3", Room: "物理实验室", Aliases: []string{"物理实验室"}},
			{Building: "图书馆", Floor: "1", Room: "阅览室", Aliases: []string{"图书馆"}},
			{Building: "食堂", Floor: "1", Room: "后厨"},
			{Building: "", Floor: "", Room: "校门", Aliases: []string{"大门", "门卫室"}},
		} {
			l.SchoolID = w.school.ID
			w.AddLocation(l)
		}
		return w.flowWorld()
	})
}
