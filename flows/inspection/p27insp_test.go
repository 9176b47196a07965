package inspection

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestP27inspTranscripts runs testdata/p27insp: the twenty-seventh user
// test's winter safety week: a failed re-check spoken of again (G40, H2,
// H3) and round findings that already say their level and who rectifies
// (G36, G37), with the repair module beside inspection as serve registers
// it.
func TestP27inspTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/p27insp/*.txt", func(t *testing.T) *flowtest.World {
		w := withRepair(t)
		w.Core.AddLocation(flows.Location{SchoolID: 1, Room: "校门", Aliases: []string{"大门", "门卫室"}})
		return w
	})
}
