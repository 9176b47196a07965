package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx32aTranscripts runs the conversations of testdata/fx32a: a
// teacher's reports from user test 31 (a clock said 钟 after a 挂钟, words
// that point back at the report before, a report not understood and then
// 报修 chosen from the menu), in the default test school.
func TestFx32aTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx32a/*.txt", func(t *testing.T) *flowtest.World {
		return newWorld(t).flowWorld()
	})
}
