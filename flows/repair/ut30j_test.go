package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestUT30jTranscripts runs the conversations of testdata/ut30j: a
// worker's one message about several of his jobs, from the thirtieth user
// test (a winter week: four 暖气 jobs, a burst pipe, ice at the gate), in
// a school with rooms 304 and 305 besides the seeded ones, 赵老师 (a
// teacher), and the general jobs (ice, salt) routed to 王师傅.
func TestUT30jTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/ut30j/*.txt", ut30jWorld)
}

// ut30jWorld is the world of testdata/ut30j, which testdata/fx31b shares.
func ut30jWorld(t *testing.T) *flowtest.World {
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
}
