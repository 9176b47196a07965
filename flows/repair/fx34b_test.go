package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx34bTranscripts runs the conversations of testdata/fx34b: a
// worker's words on a leader's errand passed on to the leader, leaders
// putting jobs first, and a worker's request to a colleague spoken to by
// name, in ut32World with the exam rooms 201 and 301 of user test 33.
func TestFx34bTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx34b/*.txt", func(t *testing.T) *flowtest.World {
		w := ut32World(t)
		for _, room := range []string{"201", "301"} {
			w.Core.AddLocation(flows.Location{SchoolID: w.Core.Schools[0].ID, Building: "教学楼", Floor: room[:1], Room: room})
		}
		return w
	})
}
