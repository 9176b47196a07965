package canteen_test

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestProbe23InspTranscripts runs testdata/probe23insp: the canteen's part
// of the re-run of the eighteenth user test (its N2), beside the repair
// module as serve registers it.
func TestProbe23InspTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/probe23insp/*.txt", besideRepair)
}
