package canteen_test

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
	"github.com/houqin/houqin/flows/repair"
)

// TestProbe24bTranscripts runs testdata/probe24b: the canteen's part of
// the second re-run of the eighteenth user test (its N9 and F79), beside
// the repair module as serve registers it.
func TestProbe24bTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/probe24b/*.txt", func(t *testing.T) *flowtest.World {
		w := newWorld(t)
		w.Modules = append([]flows.Module{repair.Module()}, w.Modules...)
		w.Store.(*flowtest.Store).Tx = repairWorld{world: w.Store.(*flowtest.Store).Tx.(world)}
		return w
	})
}
