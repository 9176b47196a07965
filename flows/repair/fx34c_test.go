package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx34cTranscripts runs the conversations of testdata/fx34c: how a
// teacher's report is read (rt3132's leftovers of user tests 31 and 32)
// and user test 33's mistyped number.
func TestFx34cTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx34c/*.txt", func(t *testing.T) *flowtest.World { return newWorld(t).flowWorld() })
}
