// Package inspection is 巡查 · 隐患排查: the school's safety checks and the
// hazards they find, followed through to rectification and re-check
// (整改闭环).
//
// A Plan is a named checklist (消防器材月检, 每日校园巡查 ...) with items, a
// Schedule of windows (daily, weekly on given days, monthly, twice a term,
// seasonal, ad hoc) and an Assignee (a person, everyone holding a role, or
// each room's owner). A Check is one person doing one window of a plan,
// item by item, by chat; a window nobody finished is recorded as missed.
// A Hazard is a finding (from a check or reported at any time with
// 「发现隐患」): it has a level, a responsible person (a linked repair's
// worker, the room's owner or the 总务主任), a deadline (整改不留宿), is
// reminded and escalated like a repair, fixed with a photo, and closed only
// by a re-check (复查) by whoever found it or the 总务主任.
package inspection

import (
	"fmt"
	"slices"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
)

// AssignKind says who does a plan's checks.
type AssignKind string

// Who does a plan's checks.
const (
	AssignPerson AssignKind = "person" // one staff member
	AssignRole   AssignKind = "role"   // anyone holding the role (one check per window for all of them)
	AssignOwner  AssignKind = "owner"  // each room's owner (the 班主任), one check per room
	// AssignDuty is whoever the duty roster has on check duty (值班) in the
	// window; with nobody on it, the 总务主任.
	AssignDuty AssignKind = "duty"
	// AssignOwn is a leader's own round, its checklist the areas he named
	// (元旦前搞个安全检查 消防 用电 取暖 门窗): an ad hoc plan offered to
	// nobody, done by whoever started its check.
	AssignOwn AssignKind = "own"
)

// Assignee is who does a plan's checks.
type Assignee struct {
	Kind    AssignKind
	StaffID int64      // AssignPerson
	Role    flows.Role // AssignRole
	// Name is the person's name (AssignPerson), read with the plan; in a
	// parsed plan file it is the name still to be resolved.
	Name string
}

// Label says who, in Chinese: 陈主任, 门卫, 各房间负责人（班主任）.
func (a Assignee) Label() string {
	switch a.Kind {
	case AssignPerson:
		return a.Name
	case AssignRole:
		return a.Role.Label()
	case AssignOwner:
		return "各房间负责人（班主任）"
	case AssignDuty:
		return "值班人员（值班表）"
	case AssignOwn:
		return "发起检查的人"
	}
	return string(a.Kind)
}

// Covers reports whether s does checks of a plan with this assignee
// (for AssignOwner: owns at least one room, and for AssignDuty: is on
// duty, both decided by the caller).
func (a Assignee) Covers(s flows.Staff) bool {
	switch a.Kind {
	case AssignPerson:
		return a.StaffID == s.ID
	case AssignRole:
		return s.Has(a.Role)
	}
	return false
}

// Item is one line of a checklist.
type Item struct {
	Seq        int    // 1, 2, 3 ... as shown in chat
	Text       string // what to check: 灭火器压力指针在绿区、铅封完好
	Place      string // where, as written in the plan (optional)
	LocationID int64  // the location Place names, when it names one
}

// Plan is a named checklist with its schedule and assignee.
type Plan struct {
	ID        int64
	SchoolID  int64
	Name      string // unique in the school: 消防器材月检
	Schedule  Schedule
	Assignee  Assignee
	Equipment string // the kind of equipment the plan covers, e.g. 灭火器 ("" for none)
	Items     []Item
	Active    bool
	CreatedAt time.Time
}

// CheckStatus is a check's place in its life:
//
//	open (started or paused) → done
//	open → missed (its window closed first); a window nobody started is
//	recorded missed directly
//	open → cancelled (an ad hoc check called off by its inspector:
//	取消巡查, 不查了; never owed, so never missed)
type CheckStatus string

// Check statuses.
const (
	CheckOpen      CheckStatus = "open"
	CheckDone      CheckStatus = "done"
	CheckMissed    CheckStatus = "missed"
	CheckCancelled CheckStatus = "cancelled"
)

// CheckStatuses lists every check status.
var CheckStatuses = []CheckStatus{CheckOpen, CheckDone, CheckMissed, CheckCancelled}

// Label is the status as staff read it.
func (s CheckStatus) Label() string {
	switch s {
	case CheckOpen:
		return "进行中"
	case CheckDone:
		return "已完成"
	case CheckMissed:
		return "漏检"
	case CheckCancelled:
		return "已取消"
	}
	return string(s)
}

// Check is one window of a plan, for one room with AssignOwner.
type Check struct {
	ID          int64
	SchoolID    int64
	PlanID      int64
	WindowKey   string // Window.Key, or "adhoc-…" for an unscheduled check
	Opens       time.Time
	Closes      time.Time
	LocationID  int64 // the room of an AssignOwner plan; else 0
	InspectorID int64 // who did (or is doing) it; 0 for a window nobody started
	Status      CheckStatus
	StartedAt   time.Time
	DoneAt      time.Time

	// Read with the check, never written through it.
	PlanName      string
	LocationName  string
	InspectorName string
}

// Result is what a check found on one item.
type Result struct {
	CheckID  int64
	Seq      int
	Item     string // the item's text when checked
	OK       bool
	HazardID int64 // the hazard filed for the item, when not OK
}

// CheckRecord is one line of the 安全检查记录: one item of a check and
// what was found there. A check without results (missed, or left
// unfinished) is one line with a zero Result.
type CheckRecord struct {
	Check
	Result
	HazardRef   string
	HazardPlace string
	HazardDesc  string
	HazardPhoto string
}

// Level is how serious a hazard is.
type Level string

// Hazard levels, in rising order.
const (
	LevelGeneral Level = "general" // 一般
	LevelMajor   Level = "major"   // 较大
	LevelSerious Level = "serious" // 重大
	LevelUrgent  Level = "urgent"  // 紧急: a danger now, to be made safe at once
)

// Levels lists the levels in the order they are offered.
var Levels = []Level{LevelGeneral, LevelMajor, LevelSerious, LevelUrgent}

// Label is the level's Chinese name.
func (l Level) Label() string {
	switch l {
	case LevelGeneral:
		return "一般"
	case LevelMajor:
		return "较大"
	case LevelSerious:
		return "重大"
	case LevelUrgent:
		return "紧急"
	}
	return string(l)
}

// Serious reports whether the 分管领导 and the 校长 are told at once.
func (l Level) Serious() bool { return l == LevelSerious || l == LevelUrgent }

// ParseLevel reads a level key or its Chinese name.
func ParseLevel(s string) (Level, bool) {
	for _, l := range Levels {
		if s == string(l) || s == l.Label() || s == l.Label()+"隐患" {
			return l, true
		}
	}
	return "", false
}

// HazardStatus is a hazard's place in its state machine:
//
//	open (待整改) → fixed (整改完成, waiting for the re-check)
//	fixed → closed (复查通过) | open (复查不通过, a reopen)
//	closed → open (复查通过 taken back by its re-checker within a day)
//
// The store refuses every other transition.
type HazardStatus string

// Hazard statuses.
const (
	HazardOpen   HazardStatus = "open"
	HazardFixed  HazardStatus = "fixed"
	HazardClosed HazardStatus = "closed"
)

// HazardStatuses lists every hazard status.
var HazardStatuses = []HazardStatus{HazardOpen, HazardFixed, HazardClosed}

// Label is the status as staff read it.
func (s HazardStatus) Label() string {
	switch s {
	case HazardOpen:
		return "待整改"
	case HazardFixed:
		return "已整改·待复查"
	case HazardClosed:
		return "已复查·闭环"
	}
	return string(s)
}

var hazardTransitions = map[HazardStatus][]HazardStatus{
	HazardOpen:  {HazardFixed},
	HazardFixed: {HazardClosed, HazardOpen},
	// 复查通过 taken back by its re-checker soon after (reopenClosed):
	// user test 30's 刘副校长 passed the heaters and found one still on.
	HazardClosed: {HazardOpen},
}

// CanMove reports whether the state machine allows from → to (staying in
// a status is always allowed: a reminder or a new responsible person).
// The store enforces the same table in a trigger.
func CanMove(from, to HazardStatus) bool {
	return from == to || slices.Contains(hazardTransitions[from], to)
}

// Hazard is one finding (隐患) and its rectification.
type Hazard struct {
	ID            int64
	SchoolID      int64
	Ref           string // YH-20261120-001
	CheckID       int64  // 0 for a 发现隐患 outside any check
	ItemSeq       int
	LocationID    int64 // 0 when the place is only described
	Place         string
	Description   string
	Photo         string
	Level         Level
	Status        HazardStatus
	FinderID      int64
	ResponsibleID int64
	RepairID      int64 // the linked repair, when it needed a worker
	FoundAt       time.Time
	DueAt         time.Time
	FixedAt       time.Time
	FixedBy       int64
	FixPhoto      string
	FixNote       string
	RecheckedAt   time.Time
	RecheckedBy   int64
	RecheckNote   string
	Reopens       int

	// Read with the hazard, never written through it.
	FinderName      string
	ResponsibleName string
	RecheckerName   string
	PlanName        string // the plan of its check, if any
	Item            string // the checklist item, if any
	RepairRef       string

	// RepairOpen is set by fileHazard when the hazard was linked to a
	// repair already open, not a new one; never stored.
	RepairOpen bool
}

// Where names the hazard's place for a chat line.
func (h Hazard) Where() string {
	if h.Place != "" {
		return h.Place
	}
	return "（未注明地点）"
}

// Title names the hazard in a chat line: YH-20261120-001
// 教学楼303（初二(4)班）「窗户玻璃裂了」.
func (h Hazard) Title() string {
	return fmt.Sprintf("%s %s「%s」", h.Ref, h.Where(), flows.Clip(h.Description, 30))
}

// HazardEvent is one row of a hazard's audit trail.
type HazardEvent struct {
	HazardID int64
	At       time.Time
	ActorID  int64 // 0: the scheduler
	Kind     EventKind
	From, To HazardStatus
	Note     string
}

// EventKind names what happened to a hazard.
type EventKind string

// Hazard event kinds.
const (
	EventFound     EventKind = "found"
	EventFixed     EventKind = "fixed"
	EventPassed    EventKind = "passed"     // 复查通过
	EventFailed    EventKind = "failed"     // 复查不通过, reopened
	EventRepairFix EventKind = "repair_fix" // the linked repair was finished
	EventGiven     EventKind = "given"      // handed to another responsible person
	EventFixUndone EventKind = "fix_undone" // a 整改 recorded by mistake, taken back
	EventRelayed   EventKind = "relayed"    // a leader's instruction, passed on
	EventProgress  EventKind = "progress"   // the rectification's progress, told by whoever does it
)

// Equipment is one item of an equipment register (灭火器 ...).
type Equipment struct {
	ID         int64
	SchoolID   int64
	Kind       string // 灭火器
	Code       string // its number on the register, e.g. JX-1-03
	LocationID int64
	Place      string
	Expires    time.Time // a civil date (UTC midnight); zero when it does not expire
	Active     bool
}

// DaysLeft is the number of days from the civil day of now (in loc) to the
// expiry date; negative when expired.
func (e Equipment) DaysLeft(now time.Time, loc *time.Location) int {
	y, m, d := now.In(loc).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return int(e.Expires.Sub(today).Hours() / 24)
}

// ExpiryWarnDays is how far ahead an expiring item is announced.
const ExpiryWarnDays = 30

// LevelRules are a school's rectification deadlines, per level: a number of
// hours after the finding, or 0 for 整改不留宿 (the same day, by the
// school's small-repair rule).
type LevelRules map[Level]int

// Due is the rectification deadline of a hazard of level found at found.
//
// 整改不留宿: found before the school's intake_cutoff (18:00), it is due at
// small_due (21:00) the same day; found later, or in the night, at
// morning_due (07:30), before classes — the rule of a small repair.
// A 紧急 hazard, a danger now, is due as an urgent repair is, within
// hours and through the night: user test 28's heater left on in a locked
// office at 22:45 was due at 07:30 the next morning.
func (r LevelRules) Due(s flows.Settings, loc *time.Location, found time.Time, l Level) time.Time {
	if h := r[l]; h > 0 {
		return found.Add(time.Duration(h) * time.Hour)
	}
	if l == LevelUrgent {
		return repair.RepairDue(s, loc, found, repair.TierUrgent)
	}
	return repair.RepairDue(s, loc, found, repair.TierSmall)
}

// RefPrefix starts every hazard reference: YH-20261120-001 (隐患).
const RefPrefix = "YH"

// FormatRef makes a hazard reference from the local day and its number.
func FormatRef(day time.Time, n int) string {
	return fmt.Sprintf("%s-%s-%03d", RefPrefix, day.Format("20060102"), n)
}
