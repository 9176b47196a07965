package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
)

func TestSameFault(t *testing.T) {
	open := func(trade flows.Trade, item, desc string, tier Tier) Repair {
		return Repair{Trade: trade, Item: item, Description: desc, Tier: tier}
	}
	report := func(trade flows.Trade, item, desc string, tier Tier) Filing {
		return Filing{Trade: trade, Item: item, Description: desc, Tier: tier}
	}
	el, pl, ca := flows.TradeElectrical, flows.TradePlumbing, flows.TradeCarpentry
	for _, tt := range []struct {
		name string
		r    Repair
		f    Filing
		want bool
	}{
		{"same thing, same symptom", open(pl, "水龙头", "水龙头漏水", TierSmall), report(pl, "水龙头", "水龙头一直滴水", TierSmall), true},
		{"same thing, vague symptom", open(pl, "水龙头", "水龙头漏水", TierSmall), report(pl, "水龙头", "水龙头坏了", TierSmall), true},
		{"same thing, other symptom", open(pl, "水龙头", "水龙头漏水", TierSmall), report(pl, "水龙头", "水龙头没水", TierSmall), false},
		{"other trade", open(pl, "水龙头", "水龙头漏水", TierSmall), report(el, "灯", "灯不亮", TierSmall), false},
		{"other thing of the trade", open(el, "灯", "灯不亮", TierSmall), report(el, "插座", "插座不亮", TierSmall), false},
		{"a hazard is not merged into a job that is not urgent", open(el, "插座", "插座没电", TierSmall), report(el, "插座", "插座打火", TierUrgent), false},
		{"a hazard into an urgent job of the same fault", open(el, "插座", "插座打火", TierUrgent), report(el, "插座", "插座冒火花", TierUrgent), true},
		{"not urgent into urgent, same thing", open(el, "插座", "插座打火", TierUrgent), report(el, "插座", "插座坏了", TierSmall), true},
		{"one names the other, same symptom", open(el, "灯", "灯不亮", TierSmall), report(el, "日光灯", "日光灯也不亮", TierSmall), true},
		{"one names the other, vague symptom", open(ca, "门锁", "门锁坏了", TierSmall), report(ca, "门", "门关不上", TierSmall), false},
		{"no thing, same symptom", open(pl, "水龙头", "水龙头漏水", TierSmall), report(pl, "", "男厕所漏水", TierSmall), true},
		{"no thing, vague", open(pl, "水龙头", "水龙头漏水", TierSmall), report(pl, "", "男厕所坏了", TierSmall), false},
		{"漏电 is not 漏水", open(el, "", "有地方漏水", TierSmall), report(el, "", "墙上漏电", TierSmall), false},
	} {
		if got := sameFault(tt.r, tt.f); got != tt.want {
			t.Errorf("%s: sameFault(%q, %q) = %v, want %v", tt.name, tt.r.Description, tt.f.Description, got, tt.want)
		}
	}
}
