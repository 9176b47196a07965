package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestProbe27aTranscripts runs the conversations of testdata/probe27a: a
// worker's own words about the jobs he has, from the twenty-seventh user
// test (exam week), in a school with 赵老师 (a teacher) and 吴老师 (who
// mends 电教: broadcast, projectors) besides the seeded staff.
func TestProbe27aTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/probe27a/*.txt", func(t *testing.T) *flowtest.World {
		w := newWorld(t)
		zh := w.AddStaff(flows.Staff{SchoolID: w.school.ID, Name: "赵老师", Roles: []flows.Role{flows.RoleTeacher}})
		w.Bind(flows.ChannelConsole, "赵老师", zh)
		wu := w.AddStaff(flows.Staff{SchoolID: w.school.ID, Name: "吴老师", Roles: []flows.Role{flows.RoleWorker}, Trades: []flows.Trade{flows.TradeAV}})
		w.Bind(flows.ChannelConsole, "吴老师", wu)
		w.addRoute(w.school.ID, flows.TradeAV, "", wu, 1)
		return w.flowWorld()
	})
}
