package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx34bTranscripts runs the conversations of testdata/fx34b: a
// worker's words on a leader's errand passed on to the leader, leaders
// putting jobs first, and a worker's request to a colleague spoken to by
// name, in ut32World.
func TestFx34bTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx34b/*.txt", ut32World)
}
