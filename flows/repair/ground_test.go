package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
)

// TestGroundTrade: the ground before a door is not the door (发现隐患 后门口
// 地面 went to 木工); ground made slippery (ice, standing water, wet) is
// the general hands' (综合维修), not a trade's repair; broken ground is
// 土建's; a door, a drain, a roof, a lamp by a door keep their trades.
func TestGroundTrade(t *testing.T) {
	for text, want := range map[string]flows.Trade{
		"后门口地面":          flows.TradeBuilding,
		"后门口地砖松了":        flows.TradeBuilding,
		"教室门口地砖碎了":       flows.TradeBuilding,
		"后门口地面结冰":        flows.TradeGeneral,
		"后门口的地面全是冰":      flows.TradeGeneral,
		"大门口地面湿滑":        flows.TradeGeneral,
		"教室门口地上有积水":      flows.TradeGeneral,
		"楼梯口积水 很滑":       flows.TradeGeneral,
		"门坏了":            flows.TradeCarpentry,
		"后门坏了":           flows.TradeCarpentry,
		"后门关不上":          flows.TradeCarpentry,
		"后门口的灯不亮":        flows.TradeElectrical,
		"卫生间地面积水 下水道堵了":  flows.TradePlumbing,
		"操场有积水 估计是下水口堵了": flows.TradePlumbing,
		"屋顶积水 漏雨":        flows.TradeBuilding,
	} {
		if got := GuessRepair(text, nil).Trade; got != want {
			t.Errorf("GuessRepair(%q).Trade = %s, want %s", text, got, want)
		}
	}
}

// TestFineThingTrade: a thing said to be fine in the same words is not
// what is broken (user test 31, T30: 「…考场门窗都没问题 四楼楼梯口应急照明灯不
// 亮…」 was filed as 木工); a broken thing said with a fine one keeps its
// trade, and a door said broken is still the carpenter's.
func TestFineThingTrade(t *testing.T) {
	for text, want := range map[string]flows.Trade{
		"下午做了考前安全检查 消防通道都畅通 考场门窗都没问题 四楼楼梯口应急照明灯不亮 交给陈主任整改": flows.TradeElectrical,
		"门窗都没问题 灯不亮":      flows.TradeElectrical,
		"灯都正常，就是后门关不上":    flows.TradeCarpentry,
		"水龙头也没问题 302门锁坏了": flows.TradeCarpentry,
		"门窗有问题":           flows.TradeCarpentry,
		"302的窗户关不上":       flows.TradeCarpentry,
	} {
		if got := GuessRepair(text, nil).Trade; got != want {
			t.Errorf("GuessRepair(%q).Trade = %s, want %s", text, got, want)
		}
	}
}
