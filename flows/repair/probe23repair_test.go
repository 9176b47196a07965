package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestProbe23RepairTranscripts runs the conversations of
// testdata/probe23repair: the re-run of the eighteenth user test's repair
// stories (its N1, N4, N5 and F18, F34, F36, F52, F54), in a school like the
// demo's: 吴老师 mends computers and projectors (电教), 王师傅 does 土建
// too, 赵老师 is a teacher, 图书馆 has its 阅览室.
func TestProbe23RepairTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/probe23repair/*.txt", readingRoomWorld)
}
