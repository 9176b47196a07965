package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx30bTranscripts runs the conversations of testdata/fx30b: user test
// 29b's S1, S3 and S4 (several jobs taken or signed off in one answer, and
// 急 said with a report), in readingRoomWorld's school.
func TestFx30bTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx30b/*.txt", readingRoomWorld)
}
