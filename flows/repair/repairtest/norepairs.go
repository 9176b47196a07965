package repairtest

import (
	"context"
	"time"

	"github.com/houqin/houqin/flows/repair"
)

// NoRepairs is the part of repair.Store that another module's transcripts
// need when repair runs beside it on a test world with no repair store: a
// school where nobody has a repair, as serve's store answers such a school.
// Repair's readers of typed words (a sign-off said in words, thanks, a
// leader's list) look for the writer's repairs and find none. Any other
// method of the embedded (nil) Store panics: a message of the other module
// must get no further into repair. Embed it beside the world's transaction:
//
//	type repairWorld struct {
//		world
//		repairtest.NoRepairs
//	}
type NoRepairs struct {
	repair.Store
}

// RepairsOf implements repair.Store: nobody has a repair.
func (NoRepairs) RepairsOf(context.Context, int64, time.Time, int) ([]repair.Repair, error) {
	return nil, nil
}

// RepairsWaiting implements repair.Store: no repair waits.
func (NoRepairs) RepairsWaiting(context.Context, int64, time.Time, time.Time) ([]repair.Repair, error) {
	return nil, nil
}

// RepairsAwaitingDecision implements repair.Store: none awaits a leader.
func (NoRepairs) RepairsAwaitingDecision(context.Context, int64, time.Time, int) ([]repair.Repair, error) {
	return nil, nil
}
