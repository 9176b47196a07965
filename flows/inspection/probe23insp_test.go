package inspection

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestProbe23InspTranscripts runs the conversations of testdata/probe23insp:
// the re-run of the eighteenth user test's safety rounds and hazards (its
// N6, N3, F64 and what followed a finished round), with the repair module
// beside inspection as serve registers it.
func TestProbe23InspTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/probe23insp/*.txt", withRepair)
}
