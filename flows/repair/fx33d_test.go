package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx33dTranscripts runs the conversations of testdata/fx33d: user
// test 31's T41–T43, furniture short said with a fault (or alone, or asked
// to be passed on) going to the 总务主任 as the teacher's words while the
// fault is drafted, in the default test school.
func TestFx33dTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx33d/*.txt", func(t *testing.T) *flowtest.World {
		return newWorld(t).flowWorld()
	})
}
