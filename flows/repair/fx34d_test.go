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
