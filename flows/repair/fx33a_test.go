package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx33aTranscripts runs the conversations of testdata/fx33a: a
// leader's errand given to a worker in words, recorded as a task, told
// done and asked after (user test 32's T31), in ut32World.
func TestFx33aTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx33a/*.txt", ut32World)
}
