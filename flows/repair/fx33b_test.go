package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx33bTranscripts runs the conversations of testdata/fx33b: user
// test 32's worker explaining a 修不好 he has just reported, and
// correcting which of his jobs is the one he cannot fix, in ut32World.
func TestFx33bTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx33b/*.txt", ut32World)
}
