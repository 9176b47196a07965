package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestProbe23InspTranscripts runs testdata/probe23insp: a leader asking
// whether a worker is at work today (周师傅今天在不在), from the story of
// the eighteenth user test, in the demo-like school of probe10World.
func TestProbe23InspTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/probe23insp/*.txt", func(t *testing.T) *flowtest.World {
		w := newWorld(t)
		probe10World(t, w)
		return w.flowWorld()
	})
}
