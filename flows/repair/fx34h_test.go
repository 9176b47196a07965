package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx34hTranscripts runs the conversations of testdata/fx34h: user
// test 34's workers finishing several jobs in one message (by their
// numbers or their things), asking a colleague for help and handing a
// job over in one sentence, in ut32World.
func TestFx34hTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx34h/*.txt", ut32World)
}
