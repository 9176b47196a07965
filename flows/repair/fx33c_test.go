package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx33cTranscripts runs the conversations of testdata/fx33c: user
// test 32's T27, a leader's urgency with a time of day (两点家长会就开始了),
// in ut32World: the reply names the jobs, the deadline is never after the
// time he named, and the reason passed on is his whole clause.
func TestFx33cTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx33c/*.txt", ut32World)
}
