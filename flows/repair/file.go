package repair

import (
	"errors"

	"github.com/houqin/houqin/flows"
)

// Filing is a repair report another capability files for the person in
// the turn: a hazard found on a safety round (巡查) that needs a worker.
type Filing struct {
	LocationID  int64
	Trade       flows.Trade
	Item        string
	Description string
	Photo       string
	Large       bool
}

// File reports a repair as t.Staff, routes it under the usual rules and
// tells the worker, as a report by chat would. When the place already has
// an open repair of the trade, File returns that one with existing=true
// and adds t.Staff as a follower instead, so a thing is never repaired
// twice.
func File(t *flows.Turn, f Filing) (r Repair, existing bool, err error) {
	dup, err := db(t).OpenRepairAt(t.Ctx, f.LocationID, f.Trade)
	if err == nil {
		if dup.ReporterID != t.Staff.ID {
			if err := db(t).AddFollower(t.Ctx, dup.ID, t.Staff.ID, t.Now); err != nil {
				return Repair{}, false, err
			}
		}
		return dup, true, nil
	} else if !errors.Is(err, flows.ErrNotFound) {
		return Repair{}, false, err
	}
	r, err = create(t, f, "")
	return r, false, err
}

// create files a new repair of f reported by t.Staff, routed, and tells
// the worker. where is how the place is shown ("": its name and class).
func create(t *flows.Turn, f Filing, where string) (Repair, error) {
	loc, err := t.Tx.LocationByID(t.Ctx, f.LocationID)
	if err != nil {
		return Repair{}, err
	}
	if where == "" {
		where = flows.LocationLabel([]flows.Location{loc}, loc.ID)
	}
	r := Repair{
		SchoolID: t.School.ID, ReporterID: t.Staff.ID, LocationID: f.LocationID, Trade: f.Trade,
		Item: f.Item, Description: f.Description, Photo: f.Photo, Large: f.Large, Status: RepairAssigned,
		ReportedAt: t.Now, DueAt: RepairDue(t.School.Settings, t.School.Location(), t.Now, f.Large),
		LocationName: where, ReporterName: t.Staff.Name,
	}
	if err := route(t, &r, loc.Building); err != nil {
		return Repair{}, err
	}
	// The ref last, just before the insert: its per-school, per-day counter
	// stays locked until this transaction ends (so refs have no gaps), and
	// every other confirm of the school that day waits for it.
	if r.Ref, err = db(t).NextRepairRef(t.Ctx, t.School.ID, t.Now.In(t.School.Location())); err != nil {
		return Repair{}, err
	}
	if err := db(t).CreateRepair(t.Ctx, &r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventReported, To: RepairAssigned, Note: r.RouteReason}); err != nil {
		return Repair{}, err
	}
	return r, notifyJob(t, r, "【新维修任务】")
}
