package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx31bTranscripts runs the conversations of testdata/fx31b: user
// test 30b's leader approving several jobs at once, a hazard reported at
// two places, and a teacher's guess about the cause beside her report, in
// the world of testdata/ut30j (rooms 304 and 305, the gate, the general
// jobs routed to 王师傅; no 操场 in the location table, as in the demo).
func TestFx31bTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx31b/*.txt", ut30jWorld)
}
