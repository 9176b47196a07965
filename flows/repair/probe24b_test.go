package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestProbe24bTranscripts runs the conversations of testdata/probe24b: the
// leaders' part of the eighteenth user test's second re-run (its N16 and
// N10), in the school of probe21teach.
func TestProbe24bTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/probe24b/*.txt", readingRoomWorld)
}
