package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx31bTranscripts runs the conversations of testdata/fx31b: user
// test 30b's leader approving several jobs at once, a hazard reported at
// two places, and a teacher's guess about the cause beside her report, in
// the world of testdata/ut30j (rooms 304 and 305, the gate, the general
// jobs routed to 王师傅; no 操场 in the location table, as in the demo).
func TestFx31bTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx31b/*.txt", func(t *testing.T) *flowtest.World {
		w := newWorld(t)
		zh := w.AddStaff(flows.Staff{SchoolID: w.school.ID, Name: "赵老师", Roles: []flows.Role{flows.RoleTeacher}})
		w.Bind(flows.ChannelConsole, "赵老师", zh)
		for _, room := range []string{"304", "305"} {
			w.AddLocation(flows.Location{SchoolID: w.school.ID, Building: "教学楼", Floor: "3", Room: room})
		}
		w.AddLocation(flows.Location{SchoolID: w.school.ID, Building: "校园", Room: "校门", Aliases: []string{"大门", "校门口"}})
		w.addRoute(w.school.ID, flows.TradeGeneral, "", w.staff(t, "王师傅"), 1)
		w.addRoute(w.school.ID, flows.TradeBuilding, "", w.staff(t, "王师傅"), 1)
		return w.flowWorld()
	})
}
