package flows

import "strings"

// RepairGuess is what one message says about a repair.
type RepairGuess struct {
	LocationID         int64
	LocationCandidates []int64
	Trade              Trade
	Item               string
	Large              bool
	Description        string
}

// GuessRepair reads a location, trade and item out of a report. (Provisional
// keyword table; replaced by the full parser.)
func GuessRepair(text string, locs []Location) RepairGuess {
	g := RepairGuess{Description: text}
	for _, kw := range []struct {
		w string
		t Trade
	}{{"课桌", TradeCarpentry}, {"椅", TradeCarpentry}, {"门", TradeCarpentry}, {"窗", TradeCarpentry}, {"灯", TradeElectrical}, {"插座", TradeElectrical}, {"水龙头", TradePlumbing}, {"漏水", TradePlumbing}, {"投影", TradeAV}, {"屋顶", TradeBuilding}} {
		if strings.Contains(text, kw.w) {
			g.Trade, g.Item = kw.t, kw.w
			break
		}
	}
	best := 0
	for _, l := range locs {
		for _, name := range append([]string{l.Building + l.Room, l.Room}, l.Aliases...) {
			if name != "" && strings.Contains(text, name) && len(name) > best {
				best, g.LocationID = len(name), l.ID
			}
		}
	}
	return g
}
