package repair

import (
	"context"
	"time"

	"github.com/houqin/houqin/flows"
)

// Store is the store side of repair reports.
type Store interface {
	// NextRepairRef allocates the next reference of the school's local day,
	// e.g. BX-20261120-007. References have no gaps: one allocated in a
	// transaction that rolls back is allocated again. The price is that the
	// school-day's counter stays taken until the transaction ends, and a
	// concurrent allocation for that school and day waits for it; call it
	// as late in the transaction as possible.
	NextRepairRef(ctx context.Context, schoolID int64, day time.Time) (string, error)
	// CreateRepair inserts r (ID is set) with its first event.
	CreateRepair(ctx context.Context, r *Repair, ev RepairEvent) error
	// Repair loads and locks a repair; ErrNotFound for an unknown id.
	Repair(ctx context.Context, id int64) (Repair, error)
	// UpdateRepair writes r's mutable fields and appends ev to its trail.
	// It returns ErrIllegalTransition when the state machine forbids the
	// change of status.
	UpdateRepair(ctx context.Context, r Repair, ev RepairEvent) error
	// OpenRepairAt returns the open repair for a location and trade, or ErrNotFound.
	OpenRepairAt(ctx context.Context, locationID int64, trade flows.Trade) (Repair, error)
	// AddFollower adds a staff member to be told about a repair; adding
	// twice is not an error.
	AddFollower(ctx context.Context, repairID, staffID int64, at time.Time) error
	// Followers lists the staff following a repair (not the reporter).
	Followers(ctx context.Context, repairID int64) ([]int64, error)
	// RouteCandidates lists the workers who could take a repair of trade in
	// building at time at: on duty by the roster, or routed by the table.
	RouteCandidates(ctx context.Context, schoolID int64, trade flows.Trade, building string, at time.Time) ([]RouteCandidate, error)
	// RepairsOf lists the repairs a staff member reported, follows or
	// works on: every one not yet closed, and those closed after
	// closedSince. Unclosed ones come first, each group by due time (then
	// id), at most limit.
	RepairsOf(ctx context.Context, staffID int64, closedSince time.Time, limit int) ([]Repair, error)
	// RepairsWaiting lists a school's repairs the scheduler may act on:
	// open ones due before until, and done ones finished before doneBefore.
	RepairsWaiting(ctx context.Context, schoolID int64, until, doneBefore time.Time) ([]Repair, error)
}

// db is the transaction of t as this capability's Store.
func db(t *flows.Turn) Store { return flows.StoreOf[Store](t) }
