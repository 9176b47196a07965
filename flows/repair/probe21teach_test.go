package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestProbe21TeachTranscripts runs the conversations of testdata/probe21teach: the
// eighteenth user test's teachers (their F1–F24), in a school like the
// demo's: 吴老师 mends computers and projectors (电教), 王师傅 does 土建
// too, 赵老师 is a teacher, and 教学楼 has 201, 302, 303 but no 304,
// 图书馆 its 阅览室.
func TestProbe21TeachTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/probe21teach/*.txt", readingRoomWorld)
}

// readingRoomWorld is probe10World's school with 初一(1)班 and the library's
// reading room (图书馆 阅览室), as the eighteenth user test's stories need.
func readingRoomWorld(t *testing.T) *flowtest.World {
	w := newWorld(t)
	probe10World(t, w)
	for _, l := range []flows.Location{
		{Building: "教学楼", Floor: "2", Room: "201", Aliases: []string{"初一(1)班"}},
		{Building: "图书馆", Floor: "1", Room: "阅览室", Aliases: []string{"图书馆"}},
	} {
		l.SchoolID = w.school.ID
		w.AddLocation(l)
	}
	return w.flowWorld()
}
