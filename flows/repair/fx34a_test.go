package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx34aTranscripts runs the conversations of testdata/fx34a: a
// worker's words about jobs he already holds, with old jobs of the demo's
// day sharing the numbers of today's (user tests 31 and 32's T11, T24,
// T49 and the re-type's new problems 4, 5 and 9).
func TestFx34aTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx34a/*.txt", func(t *testing.T) *flowtest.World {
		return newWorld(t).flowWorld()
	})
}
