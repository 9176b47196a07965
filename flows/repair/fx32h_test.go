package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx32hTranscripts runs the conversations of testdata/fx32h: user
// test 32's teachers urging a new fault, saying a radiator's fault in
// other words, and asking whose job a projector is, in the world of user
// test 29 (吴老师 mends 电教, 赵老师 teaches; no room 305 in the table, as
// in the demo).
func TestFx32hTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx32h/*.txt", func(t *testing.T) *flowtest.World {
		w := newWorld(t)
		ut29World(t, w)
		return w.flowWorld()
	})
}
