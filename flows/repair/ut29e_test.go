package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestUT29eTranscripts runs the conversations of testdata/ut29e: teachers'
// and a leader's first reports of user test 29 (期末考试 week), in the demo's
// school: 教学楼 201 (赵老师's class), 302 (李老师's), 303 (王老师's) and the
// 教务处 office, 实验楼's 二楼男厕所 and 物理实验室, 图书馆's 阅览室, 食堂's
// 后厨, the gate and 礼堂; no 301, 202, 文印室 or 试卷保密室, and a 电教
// worker (吴老师) as in the demo.
func TestUT29eTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/ut29e/*.txt", func(t *testing.T) *flowtest.World {
		w := newWorld(t)
		zh := w.addBound("赵老师", flows.RoleTeacher)
		wu := w.addBound("吴老师", flows.RoleWorker, flows.TradeAV)
		w.addRoute(w.school.ID, flows.TradeAV, "", wu, 1)
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
			{Building: "", Floor: "", Room: "礼堂", Aliases: []string{"大礼堂"}},
			{Building: "教学楼", Floor: "2", Room: "教务处"},
		} {
			l.SchoolID = w.school.ID
			w.AddLocation(l)
		}
		return w.flowWorld()
	})
}
