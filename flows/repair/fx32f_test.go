package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx32fTranscripts runs the conversations of testdata/fx32f: user
// test 31's 总务主任 naming several places in one sentence to be added
// to the location table, in the seeded world (教学楼302 and 303, 实验楼's
// 二楼男厕所, and the hall 礼堂; no 301, 305 or 307; general jobs go to
// 王师傅).
func TestFx32fTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx32f/*.txt", func(t *testing.T) *flowtest.World {
		w := newWorld(t)
		w.AddLocation(flows.Location{SchoolID: w.school.ID, Room: "礼堂", Aliases: []string{"大礼堂"}})
		w.addRoute(w.school.ID, flows.TradeGeneral, "", w.staff(t, "王师傅"), 1)
		return w.flowWorld()
	})
}

// TestBlockedHydrantEitherName: the fire hydrant blocked is a passage to
// clear by either of its names (消防栓, 消火栓), and only when blocked.
func TestBlockedHydrantEitherName(t *testing.T) {
	for text, want := range map[string]bool{
		"302门口的消防栓被杂物挡住了": true,
		"302门口的消火栓被杂物挡住了": true,
		"消火栓前面堆了一堆桌椅":     true,
		"303的消火栓门关不上":     false,
	} {
		if got := IsBlockedPassage(text); got != want {
			t.Errorf("IsBlockedPassage(%q) = %v, want %v", text, got, want)
		}
	}
}
