package repair

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// splitSaidRE asks at the read-back for the problems of one draft to be
// filed apart: 这是两个事啊 窗户一个 投影仪一个 分开报 (user test 32's T4
// was answered 「请回复数字选择」), 分开报, 拆成两张单, 单独派.
var splitSaidRE = rx.MustCompile(`分开(?:报|提交|派|填|写|登记|来)?|拆开|拆成|分成(?:两|2|几)|(?:两|2|几)(?:个|件)(?:事|问题)|各报各的|分(?:两|2)(?:个|张)单|(?:单独|分别)(?:报|派|提交)`)

// splitDraft files the problems of d's one problem text apart, each of its
// own trade, at d's place, when the text names more than one (Understand
// reads them); otherwise it says how to report the other. It reports
// whether t.Text asked for that.
func (f RepairFlow) splitDraft(t *flows.Turn, d *repairDraft, locs []flows.Location) (bool, error) {
	if len(d.Items) > 0 || !splitSaidRE.MatchString(strings.TrimSpace(parse.Normalize(t.Text))) {
		return false, nil
	}
	rd := Understand(d.Desc, locs, sender(t, locs))
	if len(rd.Problems) < 2 {
		d.lead = "这张单里只看出一个问题。另一个问题请在这张提交后单独发一条，比如「302教室灯不亮」。\n"
		return true, f.next(t, d)
	}
	place := RepairGuess{LocationID: d.LocationID, PlaceText: d.PlaceText, Building: d.Building}
	for _, g := range rd.Problems {
		it := draftItem{Trade: g.Trade, Item: g.Item, Desc: flows.Clip(g.Description, MaxDescription), Tier: g.Tier(), Hazard: g.Hazard}
		if g.LocationID != 0 || g.PlaceText != "" {
			it.setPlace(g, locs)
		} else {
			it.setPlace(place, locs)
		}
		d.Items = append(d.Items, it)
	}
	d.Trade, d.Item, d.Desc, d.Tier, d.Hazard = "", "", "", "", ""
	d.lead = fmt.Sprintf("好的，分成 %d 项，每项单独派给对应的维修人员。\n", len(d.Items))
	return true, f.next(t, d)
}
