package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx34dTranscripts runs the conversations of testdata/fx34d: a 烟感
// beeping during a 消防演练 (user test 34's T5–T7), in ut32World.
func TestFx34dTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx34d/*.txt", ut32World)
}

// TestSmokeAlarmTrade: a smoke detector is the electrician's, however it is
// named and wherever it hangs (user test 34's T7: 「实验楼三楼楼道那个烟感还在
// 叫」 went to 土建 by its 楼道).
func TestSmokeAlarmTrade(t *testing.T) {
	for _, text := range []string{
		"演练都结束了 实验楼三楼楼道那个烟感还在叫 估计坏了 找人来看看吧",
		"实验楼三楼烟感一直在响 滴滴滴的",
		"三楼走廊的烟感器一直嘀嘀叫",
		"楼梯口的烟雾报警器一直响",
		"操场边上那个火灾报警器坏了",
		"宿舍楼道烟感探头掉下来了",
	} {
		if g := GuessRepair(text, nil); g.Trade != flows.TradeElectrical {
			t.Errorf("GuessRepair(%q).Trade = %s, want %s", text, g.Trade, flows.TradeElectrical)
		}
	}
	// Negatives: a corridor's own fault stays 土建.
	for _, text := range []string{"三楼楼道墙皮脱落了", "楼梯扶手松了"} {
		if g := GuessRepair(text, nil); g.Trade != flows.TradeBuilding {
			t.Errorf("GuessRepair(%q).Trade = %s, want %s", text, g.Trade, flows.TradeBuilding)
		}
	}
}

// TestFloorNotInTable: a building and a floor none of its rooms in the
// table is on is that place as written, not the building's room on
// another floor (user test 34's T5: 「实验楼三楼烟感…」 was filed at its
// 物理实验室); a floor a room is on still finds it.
func TestFloorNotInTable(t *testing.T) {
	locs := []flows.Location{{ID: 1, Building: "实验楼", Floor: "2", Room: "二楼男厕所"}, {ID: 2, Building: "教学楼", Floor: "3", Room: "302"}}
	for _, c := range []struct {
		text  string
		loc   int64
		place string
	}{
		{"实验楼三楼烟感一直在响 滴滴滴的", 0, "实验楼三楼"},
		{"实验楼3楼灯不亮", 0, "实验楼3楼"},
		{"教学楼二楼灯不亮", 0, "教学楼二楼"},
		// Negatives: the floor its room is on, the room named.
		{"实验楼二楼男厕所水龙头坏了", 1, ""},
		{"教学楼302灯不亮", 2, ""},
	} {
		if g := GuessRepair(c.text, locs); g.LocationID != c.loc || g.PlaceText != c.place {
			t.Errorf("GuessRepair(%q) = %d %q, want %d %q", c.text, g.LocationID, g.PlaceText, c.loc, c.place)
		}
	}
}
