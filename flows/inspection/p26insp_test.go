package inspection

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
	"github.com/houqin/houqin/flows/repair"
)

// TestP26inspTranscripts runs testdata/p26insp: the twenty-sixth user
// test's hazards (G11–G13, G34–G42): two hazards told in one message,
// hazards typed freely, and re-checks said in words, with the repair
// module beside inspection as serve registers it.
func TestP26inspTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/p26insp/*.txt", func(t *testing.T) *flowtest.World {
		w := withRepair(t)
		// The demo school's gate, whose alias 大门 begins 大门口 (G12).
		w.Core.AddLocation(flows.Location{SchoolID: 1, Room: "校门", Aliases: []string{"大门", "门卫室"}})
		return w
	})
}

// TestP26inspNoPlansTranscripts runs testdata/p26insp/noplans: a school
// that has loaded no check lists, where a leader's safety check is
// answered with how to record what he finds (G34, G35).
func TestP26inspNoPlansTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/p26insp/noplans/*.txt", func(t *testing.T) *flowtest.World {
		w, f := newWorld(t)
		f.plans = nil
		w.Modules = append([]flows.Module{repair.Module()}, w.Modules...)
		return w
	})
}
