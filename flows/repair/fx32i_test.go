package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx32iTranscripts runs the conversations of testdata/fx32i: user
// test 32's workers saying two jobs are one report twice (报重了), taking
// a job with a word for its reporter or a question for the 总务主任, and
// taking two named jobs beside a task, in ut32World.
func TestFx32iTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx32i/*.txt", ut32World)
}
