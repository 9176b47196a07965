package visit

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestProbe24bTranscripts runs testdata/probe24b: the gate's part of the
// second re-run of the eighteenth user test (its F70).
func TestProbe24bTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/probe24b/*.txt", func(t *testing.T) *flowtest.World {
		fw, _ := newWorld(t, testVault(t))
		return fw
	})
}
