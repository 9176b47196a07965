package repair

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Another room said to have the same problem, on the read-back of one
// (user test 29's R3: 「301也有问题啊 两个教室都要修」 was asked for a number,
// and the report went in with 302 only): the problem is one job in each
// room, read back together.

// alsoPlaceRE is another place said, on a read-back of one problem, to
// have it too: 301也有问题啊, 隔壁303也一样, 还有301也要修.
var alsoPlaceRE = rx.MustCompile(`^(?:不对|还有|另外|对了|哦|噢)?[\s，,]*(?:隔壁)?([^\s，,。！!也]{1,12}?)(?:教室|考场|那边|那里|那儿|的)?(?:也|同样|一样)(?:有问题|有毛病|有|坏了|一样|是|要修|得修|需要修|这样|不行|有这个问题|有这问题|是这样)`)

// alsoPlaceSaid reads alsoPlaceRE: the other place, when it is one the
// read-back's is not and names no thing of its own (301的灯也坏了 is a
// report of its own).
func alsoPlaceSaid(text string, d *repairDraft, locs []flows.Location, s Sender) (RepairGuess, bool) {
	m := alsoPlaceRE.FindStringSubmatch(parse.Normalize(strings.TrimSpace(text)))
	if m == nil {
		return RepairGuess{}, false
	}
	g := defaultReader().guess(m[1], locs, s)
	if g.Item != "" || g.Several || len(g.LocationCandidates) > 0 || g.Floor != "" {
		return RepairGuess{}, false
	}
	switch {
	case g.LocationID != 0 && g.LocationID != d.LocationID:
	case g.LocationID == 0 && g.PlaceText != "" && g.Building != "" && roomNumberRE.MatchString(withoutBuilding(g.PlaceText, g.Building)) &&
		!(d.PlaceText == g.PlaceText && d.Building == g.Building):
		// 301, a room of the 教学楼 the table lacks (newroom.go).
	default:
		return RepairGuess{}, false
	}
	return g, true
}

// alsoThere makes the draft one item in its own place and one in g's,
// and reads them back.
func (f RepairFlow) alsoThere(t *flows.Turn, d *repairDraft, g RepairGuess, locs []flows.Location) error {
	desc := ofOneRoom(d.Desc)
	here := draftItem{LocationID: d.LocationID, Location: d.Location, PlaceText: d.PlaceText, Building: d.Building,
		Trade: d.Trade, Item: d.Item, Desc: desc, Tier: d.tier(), Hazard: d.Hazard}
	there := here
	there.LocationID, there.Location, there.PlaceText, there.Building = 0, "", "", ""
	there.setPlace(g, locs)
	if there.PlaceText != "" {
		there.PlaceText = withoutBuilding(there.PlaceText, there.Building)
	}
	d.Items = []draftItem{here, there}
	d.LocationID, d.Location, d.Candidates, d.Said, d.PlaceText, d.Building = 0, "", nil, "", "", ""
	said := there.Location
	if there.LocationID == 0 {
		said = there.Building + there.PlaceText
	}
	d.lead = fmt.Sprintf("好的，%s也报上，每处单独派单。\n", said)
	return f.next(t, d)
}
