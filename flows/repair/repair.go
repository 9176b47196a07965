package repair

import (
	"fmt"
	"slices"
	"time"

	"github.com/houqin/houqin/flows"
)

// RepairStatus is a repair's place in its state machine:
//
//	assigned → accepted → done → closed
//	    ↘  blocked (修不好) → assigned | accepted (approved) | deferred
//	assigned | accepted → deferred (暂缓 by a leader of a late repair)
//	done → assigned (没修好, a reopen)
//	closed → done (a 验收 taken back at once, undo.go)
//
// The store refuses every other transition (a trigger, tested against
// CanMove pair by pair). No flow withdraws a repair: the schema still
// accepts a status 'cancelled' from its first version, which no code
// writes, nothing moves to or from, and the queries leave out by listing
// the statuses they mean.
type RepairStatus string

// Repair statuses.
const (
	RepairAssigned RepairStatus = "assigned" // routed to a worker, not yet taken
	RepairAccepted RepairStatus = "accepted" // 接单
	RepairBlocked  RepairStatus = "blocked"  // 修不好: waiting for a leader's decision
	RepairDeferred RepairStatus = "deferred" // 暂缓 by a leader, with a new due time
	RepairDone     RepairStatus = "done"     // 完成, waiting for the reporter's sign-off
	RepairClosed   RepairStatus = "closed"   // 验收 (signed off or auto-confirmed)
	// RepairCancelled is 撤销: withdrawn by its reporter (or the 总务主任)
	// before it was done. It is not in Statuses: the digest's rates and
	// the reminders never count it.
	RepairCancelled RepairStatus = "cancelled"
)

// The statuses as lists, for the store's queries: one list, one place.
var (
	// Statuses is every status of the state machine.
	Statuses = []RepairStatus{RepairAssigned, RepairAccepted, RepairBlocked, RepairDeferred, RepairDone, RepairClosed}
	// OpenStatuses are those of a repair that still needs work (Open).
	OpenStatuses = []RepairStatus{RepairAssigned, RepairAccepted, RepairBlocked, RepairDeferred}
	// UnclosedStatuses are those of a repair not yet signed off: open or done.
	UnclosedStatuses = []RepairStatus{RepairAssigned, RepairAccepted, RepairBlocked, RepairDeferred, RepairDone}
	// InHandStatuses are those of a job that counts in its worker's load
	// when routing: not a blocked one, which waits for a leader.
	InHandStatuses = []RepairStatus{RepairAssigned, RepairAccepted, RepairDeferred}
)

// Label is the status as staff read it.
func (s RepairStatus) Label() string {
	switch s {
	case RepairAssigned:
		return "待接单"
	case RepairAccepted:
		return "维修中"
	case RepairBlocked:
		return "修不好·待领导处理"
	case RepairDeferred:
		return "暂缓"
	case RepairDone:
		return "已完成·待验收"
	case RepairClosed:
		return "已验收"
	case RepairCancelled:
		return "已撤销"
	}
	return string(s)
}

// Open reports whether the repair still needs work (before 完成).
func (s RepairStatus) Open() bool { return slices.Contains(OpenStatuses, s) }

var repairTransitions = map[RepairStatus][]RepairStatus{
	RepairAssigned: {RepairAccepted, RepairBlocked, RepairDeferred, RepairDone, RepairCancelled},
	RepairAccepted: {RepairAssigned, RepairBlocked, RepairDeferred, RepairDone, RepairCancelled},
	RepairBlocked:  {RepairAssigned, RepairAccepted, RepairDeferred, RepairCancelled},
	RepairDeferred: {RepairAssigned, RepairAccepted, RepairBlocked, RepairDone, RepairCancelled},
	RepairDone:     {RepairClosed, RepairAssigned},
	RepairClosed:   {RepairDone}, // a 验收 taken back right after (undo.go)
}

// CanMove reports whether the state machine allows from → to; from → from
// is a change of worker or due time that keeps the status, which only an
// open repair allows. The store enforces the same table in a trigger
// (store's TestTransitionTableMatchesTrigger checks every pair); flows
// check first to answer kindly.
func CanMove(from, to RepairStatus) bool {
	return from == to && from.Open() || slices.Contains(repairTransitions[from], to)
}

// Repair is one repair report (报修单).
type Repair struct {
	ID             int64
	SchoolID       int64
	Ref            string // BX-20261120-007
	ReporterID     int64
	LocationID     int64
	Trade          flows.Trade
	Item           string
	Description    string
	Photo          string
	Tier           Tier   // small, large or urgent
	PlaceText      string // the place as written when it is not in the location table (LocationID is then 其他地点)
	Status         RepairStatus
	WorkerID       int64
	RouteReason    string
	ReportedAt     time.Time
	DueAt          time.Time
	AcceptedAt     time.Time
	DoneAt         time.Time
	ClosedAt       time.Time
	DonePhoto      string
	Cause          Cause
	DamageNote     string
	BlockedReason  string
	Recommendation string // parts, purchase, contractor
	Decision       string // the leader's answer to 修不好
	Reopens        int
	Rating         int
	RatingComment  string
	AutoConfirmed  bool

	// Read with the repair, never written through it.
	LocationName string
	ReporterName string
	WorkerName   string
}

// Place is the repair's place as people read it: the location's name, or
// a place not in the location table as written after its building
// (教学楼305, 图书馆门口), never the catch-all it is filed under
// (教学楼其他地点：305, user test 32's T1 saw that in every notice).
func (r Repair) Place() string { return shownPlace(r.LocationName) }

// Severity is 紧急, 大修 or 小修.
func (r Repair) Severity() string { return r.Tier.Label() }

// Label is the tier as staff read it: 紧急, 大修 or 小修.
func (t Tier) Label() string {
	switch t {
	case TierUrgent:
		return "紧急"
	case TierLarge:
		return "大修"
	}
	return "小修"
}

// Tiers lists the tiers, most urgent first.
var Tiers = []Tier{TierUrgent, TierLarge, TierSmall}

// ParseTier reads a stored tier; anything unknown is small.
func ParseTier(s string) Tier {
	switch Tier(s) {
	case TierUrgent, TierLarge:
		return Tier(s)
	}
	return TierSmall
}

// Cause is what broke a repaired thing, as the worker says at 完成.
type Cause string

// Causes. Damage done by people goes to the 赔偿台账 with a note of who.
const (
	CauseWear   Cause = "wear"   // 自然损坏
	CauseDamage Cause = "damage" // 人为损坏
)

// Label is the cause as staff read it.
func (c Cause) Label() string {
	switch c {
	case CauseWear:
		return "自然损坏"
	case CauseDamage:
		return "人为损坏"
	}
	return string(c)
}

// RepairEvent is one row of a repair's audit trail.
type RepairEvent struct {
	RepairID int64
	At       time.Time
	ActorID  int64 // 0: the scheduler
	Kind     EventKind
	From, To RepairStatus
	Note     string
	Photo    string // a photo sent with the words (EventNoted), a chat reference; "" for none
}

// EventKind is what happened to a repair. The digest counts repairs
// finished (EventDone) and sent back (EventReopened) by their events.
type EventKind string

// Event kinds, one per action of the flows and jobs.
const (
	EventReported      EventKind = "reported"        // the report, routed
	EventAccepted      EventKind = "accepted"        // 接单
	EventDone          EventKind = "done"            // 完成
	EventBlocked       EventKind = "blocked"         // 修不好
	EventTransferred   EventKind = "transferred"     // 转派 by the worker, 改派 by a leader
	EventReclassified  EventKind = "reclassified"    // 改大修, 改小修
	EventDecided       EventKind = "decided"         // a leader approved or deferred
	EventReopened      EventKind = "reopened"        // 没修好
	EventConfirmed     EventKind = "confirmed"       // 验收 by the reporter
	EventAutoConfirmed EventKind = "auto_confirmed"  // 验收 assumed after AutoConfirmDays
	EventUnconfirmed   EventKind = "unconfirmed"     // a 验收 taken back by the reporter right after (undo.go)
	EventUndone        EventKind = "undone"          // a 完成 taken back by the worker right after (undo.go)
	EventUntaken       EventKind = "untaken"         // a 接单 of the wrong job taken back by the worker right after (retake.go)
	EventUnblocked     EventKind = "unblocked"       // a 修不好 taken back by its worker, before any leader decided, because the job is done after all (unblock.go), or a 申请延期 filed on the wrong job (misfiled.go)
	EventRedoUndone    EventKind = "redo_undone"     // a 没修好 taken back by the reporter right after: done again, awaiting her 验收 (undo.go)
	EventDonePhotoKept EventKind = "done_photo_kept" // the photo of a finish a 没修好 clears, kept in the trail (its note) so that taking the 没修好 back restores it (undo.go)
	EventRated         EventKind = "rated"           // the reporter's 1–5
	EventCommented     EventKind = "commented"       // the reporter's words with the rating
	EventMerged        EventKind = "merged"          // another report of the same fault, merged in (its reporter follows)
	EventSplit         EventKind = "split"           // 不是同一个问题: a merged report split off into its own job
	EventPlaceAdded    EventKind = "place_added"     // the free-text place added to the location table
	EventNoted         EventKind = "noted"           // the worker's word on the job (说明), passed to the reporter
	EventCancelled     EventKind = "cancelled"       // 撤销 by the reporter or the 总务主任
	EventMergedInto    EventKind = "merged_into"     // closed as a duplicate of another job (its note begins 并入 REF), which its reporter now follows
	EventMessaged      EventKind = "messaged"        // the reporter's word to the worker (留言)
	EventNudged        EventKind = "nudged"          // 催修: the reporter or a leader asked the worker for haste
	EventOrdered       EventKind = "ordered"         // a leader's word to the worker (领导交代), passed on as said
)

// NightLead is the least time a night report gets before MorningDue: a
// repair reported at 07:26 cannot be due at 07:30.
const NightLead = 2 * time.Hour

// RepairDue is the deadline rule 小修不隔夜、大修不隔天, in the school's zone:
//
//   - an urgent repair (紧急/安全隐患) is due UrgentDueHours after the
//     report, day or night;
//   - a large repair is due LargeDueHours after the report;
//   - a small repair reported from MorningDue until before IntakeCutoff is
//     due the same day at SmallDue;
//   - a small repair reported at or after IntakeCutoff, or in the night up
//     to NightLead before MorningDue, is due at the next MorningDue (before
//     classes);
//   - one reported later than that in the early morning cannot be fixed
//     before classes any more: it is a day report, due at SmallDue.
func RepairDue(s flows.Settings, loc *time.Location, reported time.Time, tier Tier) time.Time {
	switch tier {
	case TierUrgent:
		return reported.Add(time.Duration(s.UrgentDueHours) * time.Hour)
	case TierLarge:
		return reported.Add(time.Duration(s.LargeDueHours) * time.Hour)
	}
	local := reported.In(loc)
	clock := flows.Clock(local.Hour()*60 + local.Minute())
	switch {
	case clock+flows.Clock(NightLead/time.Minute) <= s.MorningDue:
		return s.MorningDue.On(local, loc)
	case clock < s.MorningDue:
		return s.SmallDue.On(local, loc)
	case clock < s.IntakeCutoff:
		return s.SmallDue.On(local, loc)
	default:
		return s.MorningDue.On(local.AddDate(0, 0, 1), loc)
	}
}

// RouteCandidate is a worker who could take a repair, with what routing
// decides by.
type RouteCandidate struct {
	StaffID  int64
	Name     string
	OnDuty   bool   // from the duty roster at the time of the report
	DutyNote string // e.g. 周末值班
	Building string // the route's building; "" for a school-wide route
	Priority int
	OpenJobs int // jobs in hand (InHandStatuses), counted up to LoadCap
}

// LoadCap is as far as a worker's jobs in hand are counted for routing.
// Routing compares loads to share work among equals, and a worker with
// fifty jobs in hand is swamped whatever the exact number; counting
// further would make every filing read the whole backlog of the worker it
// routes to (1,855 buffers a confirmation once the bench's worker had two
// thousand), so a message's cost would grow with the backlog. Two workers
// both at the cap count as equals (the lower id first), and the reason
// recorded says 「在手 50 单以上」.
const LoadCap = 50

// loadText is a candidate's load as the routing reason gives it.
func loadText(n int) string {
	if n >= LoadCap {
		return fmt.Sprintf("在手 %d 单以上", LoadCap)
	}
	return fmt.Sprintf("在手 %d 单", n)
}

// ChooseWorker applies the routing rule: someone on duty now (the roster
// covers nights, weekends and holidays) first; then routes for the
// repair's building before school-wide ones, lower priority numbers first,
// and the least loaded among equals (then the lowest id). With no candidate
// it returns 0 and the caller falls back to the 总务主任 as dispatcher.
// The reason is recorded with the repair.
func ChooseWorker(cands []RouteCandidate) (int64, string) {
	if len(cands) == 0 {
		return 0, ""
	}
	c := slices.Clone(cands)
	slices.SortStableFunc(c, func(a, b RouteCandidate) int {
		switch {
		case a.OnDuty != b.OnDuty:
			if a.OnDuty {
				return -1
			}
			return 1
		case !a.OnDuty && (a.Building == "") != (b.Building == ""):
			if a.Building != "" {
				return -1
			}
			return 1
		case !a.OnDuty && a.Priority != b.Priority:
			return a.Priority - b.Priority
		case a.OpenJobs != b.OpenJobs:
			return a.OpenJobs - b.OpenJobs
		}
		return int(a.StaffID - b.StaffID)
	})
	w := c[0]
	if w.OnDuty {
		note := w.DutyNote
		if note == "" {
			note = "值班"
		}
		return w.StaffID, fmt.Sprintf("值班表：%s（%s，%s）", w.Name, note, loadText(w.OpenJobs))
	}
	where := "全校"
	if w.Building != "" {
		where = w.Building
	}
	equals := 0
	for _, x := range c {
		if !x.OnDuty && x.Building == w.Building && x.Priority == w.Priority {
			equals++
		}
	}
	reason := fmt.Sprintf("路由表：%s → %s（优先级 %d，%s）", where, w.Name, w.Priority, loadText(w.OpenJobs))
	if equals > 1 {
		reason += fmt.Sprintf("，%d 人同级中在手最少", equals)
	}
	return w.StaffID, reason
}
