package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestProbe25Transcripts runs the conversations of testdata/probe25: the
// repair-flow leftovers of the eighteenth user test and its second re-run
// (a worker's 外包 after his 修不好 was reported, 插座的我去了 of a job done,
// 等我问问, a rating racing the automatic sign-off, 催 3 of two jobs
// numbered 3, 不是报修 取消 with no draft), in the school of
// readingRoomWorld.
func TestProbe25Transcripts(t *testing.T) {
	flowtest.Run(t, "testdata/probe25/*.txt", func(t *testing.T) *flowtest.World {
		w := readingRoomWorld(t)
		// 304 is a real room of the teaching building, 初二(5)班 (user test
		// 18's F9–F12 were met where it was not).
		w.Core.AddLocation(flows.Location{SchoolID: w.Core.Schools[0].ID, Building: "教学楼", Floor: "3", Room: "304", Aliases: []string{"初二(5)班"}})
		return w
	})
}
