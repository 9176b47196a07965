package canteen_test

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestProbe24bTranscripts runs testdata/probe24b: the canteen's part of
// the second re-run of the eighteenth user test (its N9 and F79), beside
// the repair module as serve registers it.
func TestProbe24bTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/probe24b/*.txt", besideRepair)
}
