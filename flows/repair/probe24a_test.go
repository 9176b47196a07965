package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestProbe24aTranscripts runs the conversations of testdata/probe24a: the
// second re-run of the eighteenth user test's leftovers (its F9–F12, N7,
// N8, N11, N12, N14 and N15), in the demo-like school of readingRoomWorld.
func TestProbe24aTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/probe24a/*.txt", readingRoomWorld)
}
