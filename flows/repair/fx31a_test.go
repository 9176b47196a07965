package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx31aTranscripts runs the conversations of testdata/fx31a: a worker's
// words on several jobs from user test 30b, in a school laid out as the demo
// is: 304 and 305 are not in the location table (their reports are filed
// under 教学楼其他地点), and 礼堂, 校门 and 语文组办公室 are; 赵老师 is a
// teacher.
func TestFx31aTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx31a/*.txt", func(t *testing.T) *flowtest.World {
		w := newWorld(t)
		zh := w.AddStaff(flows.Staff{SchoolID: w.school.ID, Name: "赵老师", Roles: []flows.Role{flows.RoleTeacher}})
		w.Bind(flows.ChannelConsole, "赵老师", zh)
		w.AddLocation(flows.Location{SchoolID: w.school.ID, Room: "礼堂", Aliases: []string{"大礼堂"}})
		w.AddLocation(flows.Location{SchoolID: w.school.ID, Room: "校门", Aliases: []string{"大门", "门卫室"}})
		w.AddLocation(flows.Location{SchoolID: w.school.ID, Building: "教学楼", Floor: "3", Room: "语文组办公室", Aliases: []string{"语文组"}})
		return w.flowWorld()
	})
}
