package repair

import (
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
)

var _ flows.Seeder = RepairFlow{}

// Seeds implements flows.Seeder: words not understood, then 报修 chosen
// from the menu, start the report when they name a place, a broken thing or
// a fault (user test 31's T4: the fault said, then 「1」, was answered
// 「在哪里？」 and forgotten).
func (RepairFlow) Seeds(t *flows.Turn, missed string) bool {
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return false // asked afresh, as before
	}
	g := defaultReader().guess(missed, locs, sender(t, locs))
	if g.Item != "" || g.Trade != "" || g.LocationID != 0 || len(g.LocationCandidates) > 0 || g.PlaceText != "" || g.Floor != "" {
		return true
	}
	rd := defaultReader()
	return rd.fault(rd.canonicalize([]rune(strings.ToLower(parse.Normalize(missed)))))
}
