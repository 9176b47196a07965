package inspection

import (
	"context"
	"time"

	"github.com/houqin/houqin/flows"
)

// Store is the store side of safety checks and hazards.
type Store interface {
	ReportStore

	// CheckDuty lists the active staff on check duty (the duty roster's
	// 值班) at any time from from to to, by id.
	CheckDuty(ctx context.Context, schoolID int64, from, to time.Time) ([]int64, error)

	// Plans lists a school's active plans with their items, by id.
	Plans(ctx context.Context, schoolID int64) ([]Plan, error)
	// Plan returns a plan with its items; ErrNotFound for an unknown id.
	Plan(ctx context.Context, id int64) (Plan, error)
	// SavePlan inserts p, or replaces the school's plan of the same name
	// (schedule, assignee, equipment and every item), active; it reports
	// whether the plan is new, and sets p.ID.
	SavePlan(ctx context.Context, p *Plan, at time.Time) (bool, error)

	// ChecksClosingAfter lists a school's checks whose window closes after
	// t, and every check still open, by id.
	ChecksClosingAfter(ctx context.Context, schoolID int64, t time.Time) ([]Check, error)
	// CheckAt loads and locks the check of a plan's window for a place (0
	// for none); ErrNotFound when there is none.
	CheckAt(ctx context.Context, planID int64, windowKey string, locationID int64) (Check, error)
	// Check loads and locks a check; ErrNotFound for an unknown id.
	Check(ctx context.Context, id int64) (Check, error)
	// CreateCheck inserts c (ID is set). It returns ErrConflict when the
	// plan's window already has a check for the same place.
	CreateCheck(ctx context.Context, c *Check) error
	// UpdateCheck writes c's inspector, status and times.
	UpdateCheck(ctx context.Context, c Check) error
	// SaveResult records (or replaces) the result of one item of a check.
	SaveResult(ctx context.Context, schoolID int64, r Result) error
	// Results lists a check's results by item.
	Results(ctx context.Context, checkID int64) ([]Result, error)

	// NextHazardRef allocates the next reference of the school's local
	// day, e.g. YH-20261120-002.
	NextHazardRef(ctx context.Context, schoolID int64, day time.Time) (string, error)
	// CreateHazard inserts h (ID is set) with its first event.
	CreateHazard(ctx context.Context, h *Hazard, ev HazardEvent) error
	// Hazard loads and locks a hazard; ErrNotFound for an unknown id.
	Hazard(ctx context.Context, id int64) (Hazard, error)
	// UpdateHazard writes h's mutable fields and appends ev to its trail.
	// It returns ErrIllegalTransition when the state machine forbids the
	// change of status.
	UpdateHazard(ctx context.Context, h Hazard, ev HazardEvent) error
	// HazardsOf lists the hazards a staff member found or is responsible
	// for that are not closed, and the rectified ones waiting for their
	// re-check as mayRecheck allows (any for the 总务主任, a finder's own
	// rectification for a leader or the principal, never their own), by
	// due time, at most limit.
	HazardsOf(ctx context.Context, staffID int64, limit int) ([]Hazard, error)
	// ChecksAndHazardsOf is ChecksClosingAfter (only when withChecks) and
	// HazardsOf in one step, for 「我的」.
	ChecksAndHazardsOf(ctx context.Context, schoolID, staffID int64, closingAfter time.Time, withChecks bool, limit int) ([]Check, []Hazard, error)
	// HazardsWaiting lists a school's hazards the scheduler may act on:
	// open ones due before until or linked to a repair, and fixed ones.
	HazardsWaiting(ctx context.Context, schoolID int64, until time.Time) ([]Hazard, error)

	// Equipment lists a school's active equipment of a kind ("" for every
	// kind), by expiry date (undated last), then code.
	Equipment(ctx context.Context, schoolID int64, kind string) ([]Equipment, error)
	// EquipmentExpiring lists a school's active equipment that expires on
	// or before the civil date of before, by expiry date.
	EquipmentExpiring(ctx context.Context, schoolID int64, before time.Time) ([]Equipment, error)
	// LevelRules returns the school's deadline per hazard level; a level
	// the school did not set is absent (整改不留宿).
	LevelRules(ctx context.Context, schoolID int64) (LevelRules, error)
}

// ReportStore is what the monthly safety report reads.
type ReportStore interface {
	// ChecksBetween lists a school's checks whose window closed in [from,
	// to), and its unscheduled checks done in it, by window close.
	ChecksBetween(ctx context.Context, schoolID int64, from, to time.Time) ([]Check, error)
	// HazardsFound lists a school's hazards found in [from, to), by time.
	HazardsFound(ctx context.Context, schoolID int64, from, to time.Time) ([]Hazard, error)
	// OpenHazards lists a school's hazards not closed, oldest first.
	OpenHazards(ctx context.Context, schoolID int64) ([]Hazard, error)
}

// db is the transaction of t as this capability's Store.
func db(t *flows.Turn) Store { return flows.StoreOf[Store](t) }
