package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx32jTranscripts runs the conversations of testdata/fx32j: user
// test 32's leaders acting on several jobs of one place at once, and on
// a 修不好 that turns out to be fixed after all, in ut32World.
func TestFx32jTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx32j/*.txt", ut32World)
}
