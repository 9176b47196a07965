package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx32lTranscripts runs the conversations of testdata/fx32l: places
// typed at the place question in user test 32 (a building said with the
// kind of toilet after a floor, a place the table lacks that matched
// wrong rooms), in the default test school.
func TestFx32lTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx32l/*.txt", func(t *testing.T) *flowtest.World {
		w := newWorld(t)
		demoPlaces(w)
		return w.flowWorld()
	})
}

// demoPlaces adds the demo school's other locations (cmd/houqin/demo.go)
// to the default test school, which holds 教学楼302 and 303 and
// 实验楼's 二楼男厕所, and then more, a user test's own.
func demoPlaces(w *world, more ...flows.Location) {
	for _, l := range append([]flows.Location{
		{Building: "教学楼", Floor: "2", Room: "201", Aliases: []string{"初一(1)班", "初一1班"}},
		{Building: "实验楼", Floor: "3", Room: "物理实验室", Aliases: []string{"物理实验室"}},
		{Building: "图书馆", Floor: "1", Room: "阅览室", Aliases: []string{"图书馆"}},
		{Building: "", Floor: "", Room: "礼堂", Aliases: []string{"大礼堂"}},
		{Building: "教学楼", Floor: "2", Room: "教务处"},
	}, more...) {
		l.SchoolID = w.school.ID
		w.AddLocation(l)
	}
}
