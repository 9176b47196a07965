package repair

import (
	"context"
	"time"

	"github.com/houqin/houqin/flows"
)

// Store is the store side of repair reports.
type Store interface {
	// NextRepairRef allocates the next reference of the school's local day,
	// e.g. BX-20261120-007, the way a sequence gives out numbers: it never
	// waits for another transaction, and a reference taken by a
	// transaction that then rolls back is skipped, not given out again
	// (so a day's references may have a gap after a failure, never a
	// duplicate).
	NextRepairRef(ctx context.Context, schoolID int64, day time.Time) (string, error)
	// CreateRepair inserts r (ID is set) with its first event.
	CreateRepair(ctx context.Context, r *Repair, ev RepairEvent) error
	// CreateNumbered is NextRepairRef for day and CreateRepair with that
	// reference in one step (r.Ref and r.ID are set). The store may write
	// the row later in the same transaction, provided everything the
	// transaction does after the call sees it; a failed write then fails
	// the transaction.
	CreateNumbered(ctx context.Context, r *Repair, day time.Time, ev RepairEvent) error
	// Repair loads and locks a repair; ErrNotFound for an unknown id.
	Repair(ctx context.Context, id int64) (Repair, error)
	// UpdateRepair writes r's mutable fields and appends ev to its trail.
	// It returns ErrIllegalTransition when the state machine forbids the
	// change of status.
	UpdateRepair(ctx context.Context, r Repair, ev RepairEvent) error
	// OpenRepairsAt lists the school's open repairs at a location, by id;
	// the flow decides which of them is the same fault (see sameFault).
	OpenRepairsAt(ctx context.Context, schoolID, locationID int64) ([]Repair, error)
	// AddFollower adds a staff member to be told about a repair, with
	// what they reported when their report was merged into it ("" for
	// none); adding twice is not an error and keeps the first report.
	AddFollower(ctx context.Context, repairID, staffID int64, at time.Time, report string) error
	// FollowerReport is what a follower reported when merged into the
	// repair; ErrNotFound when they do not follow it.
	FollowerReport(ctx context.Context, repairID, staffID int64) (string, error)
	// RemoveFollower stops a staff member following a repair (a report
	// split off into its own job); removing a non-follower is not an error.
	RemoveFollower(ctx context.Context, repairID, staffID int64) error
	// Followers lists the staff following a repair (not the reporter).
	Followers(ctx context.Context, repairID int64) ([]int64, error)
	// OtherLocation returns the school's catch-all location 「其他地点」 of
	// building ("" for the whole school), creating it (inactive, so it is
	// never matched or offered) when missing: a report whose place is not
	// in the location table is filed under it, with the place as written.
	OtherLocation(ctx context.Context, schoolID int64, building string) (flows.Location, error)
	// AddPlace adds an active location (or makes an existing one of the
	// same building and room active again) and returns it: 「加入地点表」.
	AddPlace(ctx context.Context, schoolID int64, building, room string) (flows.Location, error)
	// RepairsAwaitingDecision lists a school's repairs a leader is asked
	// to decide about: blocked (修不好), or open and due before now
	// (escalated as late); by due time, then id, at most limit.
	RepairsAwaitingDecision(ctx context.Context, schoolID int64, now time.Time, limit int) ([]Repair, error)
	// RouteCandidates lists the workers who could take a repair of trade in
	// building at time at: on duty by the roster, or routed by the table.
	RouteCandidates(ctx context.Context, schoolID int64, trade flows.Trade, building string, at time.Time) ([]RouteCandidate, error)
	// RepairsOf lists the repairs a staff member reported, follows or
	// works on: every one not yet closed, and those closed after
	// closedSince. Unclosed ones come first, each group by due time (then
	// id), at most limit.
	RepairsOf(ctx context.Context, staffID int64, closedSince time.Time, limit int) ([]Repair, error)
	// RepairsWaiting lists a school's repairs the scheduler may act on:
	// open ones due before until, every open urgent one (reminded every
	// UrgentRemindMins whatever its due time), and done ones finished
	// before doneBefore; by id.
	RepairsWaiting(ctx context.Context, schoolID int64, until, doneBefore time.Time) ([]Repair, error)
}

// Fault is what the duplicate check compares of an open repair (see
// sameFault): its trade, tier, thing, description and the place as
// written under 其他地点.
type Fault struct {
	ID          int64
	Trade       flows.Trade
	Tier        Tier
	Item        string
	Description string
	PlaceText   string
}

// asRepair is f as the repair it is of, with what the check compares.
func (f Fault) asRepair() Repair {
	return Repair{ID: f.ID, Trade: f.Trade, Tier: f.Tier, Item: f.Item, Description: f.Description, PlaceText: f.PlaceText}
}

// FaultReader is implemented by a Store that can list the open repairs at
// a place with only what the duplicate check compares: OpenFaultsAt
// answers as OpenRepairsAt, by id, one Fault per repair. Every
// confirmation checks for a duplicate, and seldom finds one; the whole
// repair of the one it finds is then read by Repair. On PostgreSQL the
// open repairs came as whole rows with their place's and people's names,
// in JSON when read ahead (RouteAhead, RouteHinter), which cost more than
// anything else the confirmation read. After ExpectRoute or HintRoute,
// OpenFaultsAt, not OpenRepairsAt, is the call the store reads ahead for.
// A Store without it is asked OpenRepairsAt.
type FaultReader interface {
	OpenFaultsAt(ctx context.Context, schoolID, locationID int64) ([]Fault, error)
}

// RecentReader reads what was finished at a place lately, so that a
// report saying the fault came back (「又不亮了」「昨天才修的」) goes back
// to the job it follows (返修) instead of being filed as if new. A Store
// without it files such a report as new.
type RecentReader interface {
	// FinishedRepairsAt lists the school's repairs at a location finished
	// (done, awaiting sign-off, or signed off) at or after since, the
	// latest finished first, at most RecentLimit.
	FinishedRepairsAt(ctx context.Context, schoolID, locationID int64, since time.Time) ([]Repair, error)
}

// RecentLimit bounds FinishedRepairsAt.
const RecentLimit = 10

// RouteAhead is implemented by a Store that can read a filing's route
// candidates in the same statement as the open repairs at its place (a
// round trip fewer per confirmation on PostgreSQL). ExpectRoute announces
// the RouteCandidates call that will follow the next OpenFaultsAt (see
// FaultReader); the answer must be the one RouteCandidates would give, and
// a call with other arguments is answered as without the announcement. A
// Store without it (the in-memory one) is simply asked twice.
type RouteAhead interface {
	ExpectRoute(schoolID int64, trade flows.Trade, building string, at time.Time)
}

// RouteHinter is implemented by a Store that can read, with the person's
// next message, what confirming a report read back now will read: the
// open repairs at the place and the route candidates for its trade and
// building (on PostgreSQL with the message's claim, so a confirmation is a
// statement shorter; see flows.AssentExpecter). HintRoute is a guess left
// with the session this turn writes, never an answer: the store answers
// OpenRepairsAt and RouteCandidates from it only when they ask exactly for
// it and what it read is as current as the session, and a later session
// write without a hint clears it. A Store without it reads as usual.
type RouteHinter interface {
	HintRoute(schoolID, locationID int64, trade flows.Trade, building string)
}

// db is the transaction of t as this capability's Store.
func db(t *flows.Turn) Store { return flows.StoreOf[Store](t) }

// DutyEntry is one duty of the roster as a leader's 「今天谁值班」 shows it.
type DutyEntry struct {
	Staff   string      // who is on duty
	Check   bool        // a duty for the checks of plans assigned to 值班, not for repairs
	Trade   flows.Trade // the trade a repair duty covers; "" for all
	Starts  time.Time
	Ends    time.Time
	Note    string // 周末值班
	StaffID int64
}

// DutyLister is the roster read for a leader's question (leaders.go),
// reached from the transaction by a type assertion.
type DutyLister interface {
	// DutiesBetween lists a school's duties that overlap [from, to),
	// earliest first.
	DutiesBetween(ctx context.Context, schoolID int64, from, to time.Time) ([]DutyEntry, error)
}

// HazardBrief is an open hazard as a leader asking how things stand is
// told of it (a repair's sibling kept by the inspection capability, which
// this one cannot import).
type HazardBrief struct {
	Ref         string // YH-20261120-001
	LocationID  int64  // 0 when the place is only described
	Place       string
	Description string
	Level       string // its label: 一般, 较大, 重大, 紧急
	Status      string // its label: 待整改, 已整改·待复查
	Fixed       bool   // rectified, waiting for its re-check
	Responsible string
	DueAt       time.Time
}

// HazardLister reads a school's open hazards, so that a leader asking
// about repairs and hazards together (报修和隐患都啥情况), or how a place
// stands, hears both in one reply. A Store without it leaves hazards to
// the inspection's own question.
type HazardLister interface {
	// OpenHazardBriefs lists the school's hazards not closed, oldest
	// first.
	OpenHazardBriefs(ctx context.Context, schoolID int64) ([]HazardBrief, error)
}
