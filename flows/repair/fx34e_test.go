package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx34eTranscripts runs the conversations of testdata/fx34e: user test
// 34's power cut, reported by several teachers and asked about (T8–T17,
// T46), in ut34World.
func TestFx34eTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx34e/*.txt", ut34World)
}

// ut34World is the demo's school as user test 34 had it: 教学楼 201, 302,
// 303, 教务处 and 语文组办公室 (no 307 or 308), 实验楼's 二楼男厕所 and
// 物理实验室, 图书馆, 食堂, the gate and 礼堂, and a 电教 worker (吴老师).
func ut34World(t *testing.T) *flowtest.World {
	w := newWorld(t)
	zh := w.addBound("赵老师", flows.RoleTeacher)
	wu := w.addBound("吴老师", flows.RoleWorker, flows.TradeAV)
	w.addRoute(w.school.ID, flows.TradeAV, "", wu, 1)
	for _, l := range []flows.Location{
		{Building: "教学楼", Floor: "2", Room: "201", Aliases: []string{"初一(1)班", "初一1班"}, OwnerID: zh.ID},
		{Building: "实验楼", Floor: "3", Room: "物理实验室", Aliases: []string{"物理实验室"}},
		{Building: "图书馆", Floor: "1", Room: "阅览室", Aliases: []string{"图书馆"}},
		{Building: "食堂", Floor: "1", Room: "后厨"},
		{Building: "", Floor: "", Room: "校门", Aliases: []string{"大门", "门卫室"}},
		{Building: "", Floor: "", Room: "礼堂", Aliases: []string{"大礼堂"}},
		{Building: "教学楼", Floor: "2", Room: "教务处"},
		{Building: "教学楼", Floor: "3", Room: "语文组办公室", Aliases: []string{"语文组", "语文教研组"}},
	} {
		l.SchoolID = w.school.ID
		w.AddLocation(l)
	}
	return w.flowWorld()
}
