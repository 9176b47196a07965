package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestFx33eTranscripts runs the conversations of testdata/fx33e: small
// misreadings the last session's helpers noticed (the trade of a thing on
// a piece of furniture, urgency asked in the first message, a report
// merged into another as its reporter sees it), in ut32World.
func TestFx33eTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/fx33e/*.txt", ut32World)
}

// TestThingOnFurnitureTrade: the thing that is broken wins over the
// furniture it sits on, with 那个 or 上 between them too (「讲台那个插座没
// 电了」 went to 木工 by its 讲台); furniture broken itself stays 木工.
func TestThingOnFurnitureTrade(t *testing.T) {
	for _, c := range []struct {
		text  string
		trade flows.Trade
		item  string
	}{
		{"讲台那个插座没电了", flows.TradeElectrical, "插座"},
		{"讲台这个插座不通电", flows.TradeElectrical, "插座"},
		{"讲台上那个插座坏了", flows.TradeElectrical, "插座"},
		{"桌子上的台灯不亮", flows.TradeElectrical, "台灯"},
		{"桌子那个台灯不亮了", flows.TradeElectrical, "台灯"},
		{"黑板上的灯坏了", flows.TradeElectrical, "灯"},
		{"黑板那盏灯一闪一闪的", flows.TradeElectrical, "灯"},
		{"讲台那个电脑开不了机", flows.TradeAV, "电脑"},
		// Negatives: the furniture itself is what is broken.
		{"讲台抽屉坏了", flows.TradeCarpentry, "抽屉"},
		{"讲台那个抽屉拉不开", flows.TradeCarpentry, "抽屉"},
		{"讲台坏了 晃得厉害", flows.TradeCarpentry, "讲台"},
		{"黑板掉漆了", flows.TradeCarpentry, "黑板"},
		{"桌子腿断了", flows.TradeCarpentry, "桌子"},
	} {
		g := GuessRepair(c.text, nil)
		if g.Trade != c.trade || g.Item != c.item {
			t.Errorf("GuessRepair(%q) = %s %q, want %s %q", c.text, g.Trade, g.Item, c.trade, c.item)
		}
	}
}
