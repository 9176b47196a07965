package repair

import (
	"time"

	"github.com/houqin/houqin/flows"
)

// RecentWordWithin is how long a worker's word on a job (说明) stands as
// his explanation when he then says he cannot do it and the leaders need
// one: user test 18's 孙师傅 said 「压缩机不行了 得厂家来修」, then 「修不好 6」
// and 「外包」, and was asked to explain again.
const RecentWordWithin = 2 * time.Hour

// recentWord is the worker's latest word on r (a 说明 event of his)
// within RecentWordWithin, or "" when there is none or the store keeps no
// trail.
func recentWord(t *flows.Turn, r Repair) string {
	er, ok := t.Tx.(eventsReader)
	if !ok {
		return ""
	}
	evs, err := er.RepairEvents(t.Ctx, r.ID)
	if err != nil {
		return ""
	}
	for i := len(evs) - 1; i >= 0; i-- {
		e := evs[i]
		if t.Now.Sub(e.At) > RecentWordWithin {
			return ""
		}
		if e.Kind == EventNoted && e.ActorID == t.Staff.ID && e.Note != "" {
			return tidyReason(e.Note)
		}
	}
	return ""
}
