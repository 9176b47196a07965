package inspection

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestProbe24bTranscripts runs testdata/probe24b: the second re-run of
// the eighteenth user test's safety rounds and hazards (its F60 and N13),
// with the repair module beside inspection as serve registers it.
func TestProbe24bTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/probe24b/*.txt", withRepair)
}
