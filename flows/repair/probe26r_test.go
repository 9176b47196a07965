package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestProbe26rTranscripts runs the conversations of testdata/probe26r:
// the repair flow's failures of the twenty-sixth user test (a cold week:
// burst pipes, radiators, a burnt electric blanket), in a school with
// 赵老师 (a dormitory's 班主任) besides the seeded staff.
func TestProbe26rTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/probe26r/*.txt", func(t *testing.T) *flowtest.World {
		w := newWorld(t)
		st := w.AddStaff(flows.Staff{SchoolID: w.school.ID, Name: "赵老师", Roles: []flows.Role{flows.RoleTeacher}})
		w.Bind(flows.ChannelConsole, "赵老师", st)
		return w.flowWorld()
	})
}
