package repair

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx33gTranscripts runs the conversations of testdata/fx33g: user test
// 33's T1–T5 and T24 (a teacher's own words in a report and a rating), in
// readingRoomWorld's school.
func TestFx33gTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx33g/*.txt", readingRoomWorld)
}
