package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx33eTranscripts runs the conversations of testdata/fx33e: small
// misreadings the last session's helpers noticed (the trade of a thing on
// a piece of furniture, urgency asked in the first message, a report
// merged into another as its reporter sees it), in ut32World.
func TestFx33eTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx33e/*.txt", ut32World)
}
