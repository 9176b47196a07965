package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx32gTranscripts runs the conversations of testdata/fx32g: user
// test 32's worker telling several jobs in one message, some done and
// one that cannot be done, in ut32World.
func TestFx32gTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx32g/*.txt", ut32World)
}

// ut32World is user test 32's school: 礼堂 and 图书馆阅览室 in the table
// beside the seeded rooms, 吴老师 mending the AV equipment (电教), 赵老师
// a teacher.
func ut32World(t *testing.T) *flowtest.World {
	w := newWorld(t)
	for _, l := range []flows.Location{
		{Room: "礼堂", Aliases: []string{"大礼堂"}},
		{Building: "图书馆", Floor: "1", Room: "阅览室", Aliases: []string{"图书馆"}},
	} {
		l.SchoolID = w.school.ID
		w.AddLocation(l)
	}
	wu := w.addBound("吴老师", flows.RoleWorker, flows.TradeAV)
	w.addRoute(w.school.ID, flows.TradeAV, "", wu, 1)
	w.addBound("赵老师", flows.RoleTeacher)
	return w.flowWorld()
}
