package repair

import (
	"testing"

	"github.com/houqin/houqin/flows"
)

// probe21World is the eighteenth user test's demo school: the
// seventeenth's (probe18World), where 王师傅 also does 土建.
func probe21World(t *testing.T, w *world) {
	probe18World(t, w)
	w.addRoute(w.school.ID, flows.TradeBuilding, "", w.staff(t, "王师傅"), 1)
}
