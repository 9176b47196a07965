package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx32fTranscripts runs the conversations of testdata/fx32f: user
// test 31's 总务主任 naming several places in one sentence to be added
// to the location table, in the seeded world (教学楼302 and 303, 实验楼's
// 二楼男厕所; no 301, 305 or 307).
func TestFx32fTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx32f/*.txt", func(t *testing.T) *flowtest.World {
		return newWorld(t).flowWorld()
	})
}
