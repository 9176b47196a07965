package visit

import (
	"context"
	"slices"
	"time"

	"github.com/houqin/houqin/flows"
)

// VisitStatus is where a visit stands at the gate.
type VisitStatus string

// The states of a visit: registered and waiting for the host, let in,
// turned away, kept at the gate, and gone. A visitor who leaves while
// still waiting is closed as left with no admission time.
//
// VisitKept (留在门卫) is the host's third answer, no refusal: the visitor
// need not come in, and leaves what they brought at the gate or is met
// there (快递放门卫室就行 我自己去拿). Like a refused visitor, a kept one
// never came in: the visit is not among InsideStatuses (no check-out is
// owed, no reminder, not inside at gate closing), and the guard may still
// record when they went, which sets LeftAt and keeps the status, so the
// digest and the ledger keep saying what it was.
const (
	VisitWaiting  VisitStatus = "waiting"
	VisitAdmitted VisitStatus = "admitted"
	VisitRejected VisitStatus = "rejected"
	VisitKept     VisitStatus = "kept"
	VisitLeft     VisitStatus = "left"
)

// VisitStatuses lists every status, in the order a visit passes them.
var VisitStatuses = []VisitStatus{VisitWaiting, VisitAdmitted, VisitRejected, VisitKept, VisitLeft}

// NotEntered reports whether s is a decision that kept the visitor out:
// refused (rejected) or kept at the gate. Such a visit may still be
// admitted after all (mayReconsider), and its departure, if the guard
// records it, sets LeftAt without changing the status.
func (s VisitStatus) NotEntered() bool { return s == VisitRejected || s == VisitKept }

// InsideStatuses are those of a visitor on site or at the gate: waiting
// for the host, or let in and not yet left.
var InsideStatuses = []VisitStatus{VisitWaiting, VisitAdmitted}

// EnteredStatuses are those of a visitor who may have come in: a visit in
// one of them with a decision time (DecidedAt) was let in. A visitor who
// left while still waiting has none.
var EnteredStatuses = []VisitStatus{VisitAdmitted, VisitLeft}

// visitMoves is the state machine of a visit: it waits, then is admitted,
// rejected or kept at the gate, and an admitted (or still waiting) visitor
// leaves. A refusal may be taken back (改为同意: rejected → admitted), and
// a host who kept the visitor at the gate may let them in after all
// (算了 还是让他上来吧: kept → admitted), while the visitor is still at
// the gate; when is mayReconsider's rule. A check-out recorded by mistake
// may be taken back (撤销: left → admitted), within UndoLeaveWindow and
// for a visitor who had been let in (mayUndoLeave); nothing else comes
// back from left. An admission is never turned into a refusal, and a
// kept visit is never turned into a refusal either. The store's trigger
// visit_transition (migration 00046) enforces the same table, and a store
// test checks that the two agree on every pair.
var visitMoves = map[VisitStatus][]VisitStatus{
	VisitWaiting:  {VisitAdmitted, VisitRejected, VisitKept, VisitLeft},
	VisitAdmitted: {VisitLeft},
	VisitRejected: {VisitAdmitted},
	VisitKept:     {VisitAdmitted},
	VisitLeft:     {VisitAdmitted},
}

// CanMove reports whether a visit in status s may change to status to.
// Staying in the same status is always allowed.
func (s VisitStatus) CanMove(to VisitStatus) bool {
	return s == to || slices.Contains(visitMoves[s], to)
}

// Label is the status in Chinese.
func (s VisitStatus) Label() string {
	switch s {
	case VisitWaiting:
		return "等待被访人确认"
	case VisitAdmitted:
		return "已放行，在校"
	case VisitRejected:
		return "未获同意，未入校"
	case VisitKept:
		return "留在门卫处，未入校"
	case VisitLeft:
		return "已离校"
	}
	return string(s)
}

// IDType is the kind of identity document a visitor shows.
type IDType string

// The documents the gate accepts. The two Hong Kong and Macau permits
// are different documents held by different people: a mainland resident's
// 往来港澳通行证 (港澳通行证, to travel there) and a Hong Kong or Macau
// resident's 港澳居民来往内地通行证 (回乡证, to come to the mainland), the
// one such a visitor shows at the gate. Visits registered before the two
// were told apart hold hkmo for either.
const (
	IDResident   IDType = "resident"   // 居民身份证
	IDPassport   IDType = "passport"   // 护照
	IDHKMacau    IDType = "hkmo"       // 往来港澳通行证（港澳通行证）
	IDHomeReturn IDType = "homereturn" // 港澳居民来往内地通行证（回乡证）
	IDTaiwan     IDType = "tw"         // 台湾居民来往大陆通行证（台胞证）
	IDOther      IDType = "other"
	// IDNone is a visitor registered without a document (没带身份证): the
	// guard's reason is kept with the visit, and the host is told.
	IDNone IDType = "none"
)

// Label is the document's Chinese name.
func (t IDType) Label() string {
	switch t {
	case IDResident:
		return "居民身份证"
	case IDPassport:
		return "护照"
	case IDHKMacau:
		return "港澳通行证"
	case IDHomeReturn:
		return "回乡证"
	case IDTaiwan:
		return "台胞证"
	case IDOther:
		return "其他证件"
	case IDNone:
		return "无证件"
	}
	return string(t)
}

// Visit is one visitor's registration at the gate.
type Visit struct {
	ID          int64
	Ref         string // FK-20261129-001: set by CreateVisit; its sequence is the number people type (Num)
	SchoolID    int64
	GuardID     int64 // who registered it
	GuardName   string
	Name        string
	IDType      IDType
	IDCipher    []byte // the number sealed by IDVault for VisitRow(SchoolID, ID); nil once purged
	IDHash      string // IDVault.Hash of the number in the school; "" once purged
	IDMasked    string // for display: 110105********002X
	IDNote      string // the guard's words about the document: 没带身份证 (IDNone), 驾驶证 (IDOther)
	Phone       string
	Org         string
	Purpose     string // one of VisitPurposes
	PurposeNote string // what was typed, e.g. 家长会
	HostID      int64
	HostName    string
	Plate       string
	Party       int
	Status      VisitStatus
	ArrivedAt   time.Time
	DecidedAt   time.Time
	DecidedBy   int64  // who let the visitor in or turned them away
	Decision    string // how, e.g. 被访人李老师同意 or 经总务主任陈主任电话同意
	LeftAt      time.Time
	// InsideAtClose records that the visitor was still inside at
	// gate-closing time, for the guard's list and the next digest.
	InsideAtClose bool
	WatchNote     string // the watch-list note when the visitor matched one
	PurgedAt      time.Time
}

// VisitEvent is one line of a visit's audit trail.
type VisitEvent struct {
	VisitID int64
	At      time.Time
	ActorID int64 // 0: the scheduler
	Kind    EventKind
	Note    string // never personal data of the visitor
}

// WatchKind says what a watch-list entry matches on.
type WatchKind string

// Watch-list entries match an ID number (by keyed hash), a mobile number
// or an exact name.
const (
	WatchID    WatchKind = "id"
	WatchPhone WatchKind = "phone"
	WatchName  WatchKind = "name"
)

// WatchEntry is one line of a school's watch list (校闹, a court order ...).
type WatchEntry struct {
	ID       int64
	SchoolID int64
	Kind     WatchKind
	Value    string // phone or name; "" for an ID number, which is kept only as Hash
	Hash     string // IDVault.Hash of the ID number in the school (LegacyHash if added before)
	Masked   string // how the entry is shown: 110105********002X, 138****8000, a name
	Note     string
	AddedAt  time.Time
}

// WatchAlert is one watch-list alert raised at the gate: a visitor being
// registered matched the watch list and the leaders were told, whether or
// not the guard then finished the registration (the fourteenth user test's
// 刘强 was never registered, and the day's digest said 重点人员 0 次). A
// leader's instruction about it reaches the guard who raised it. It holds
// no personal data of the visitor: the visit, once registered, does.
type WatchAlert struct {
	ID       int64
	SchoolID int64
	GuardID  int64
	At       time.Time
	VisitID  int64     // the visit registered from it; 0 until then, or never
	SaidBy   int64     // the leader whose instruction the guard was given last; 0 for none
	SaidAt   time.Time // when
}

// PurgedNotice replaces the text of the notifications about visits whose
// personal data was purged (the host's card, the guard's alerts).
const PurgedNotice = "（访客个人信息已超过保留期限，已删除）"

// Store is the store side of the gate log.
type Store interface {
	// CreateVisit inserts v (ID and Ref are set: Ref is the school's
	// next daily reference FK-YYYYMMDD-NNN of the local day of
	// v.ArrivedAt) with its first event.
	CreateVisit(ctx context.Context, v *Visit, ev VisitEvent) error
	// SetIDCipher stores the sealed ID number of a visit not purged: it is
	// sealed after CreateVisit, bound to the visit's id. ErrNotFound for
	// an unknown or purged visit.
	SetIDCipher(ctx context.Context, id int64, sealed []byte) error
	// Visit loads and locks a visit; ErrNotFound for an unknown id.
	Visit(ctx context.Context, id int64) (Visit, error)
	// UpdateVisit writes v's status, decision, times and close flag and
	// appends ev. It returns ErrIllegalTransition when the status may not
	// change that way.
	UpdateVisit(ctx context.Context, v Visit, ev VisitEvent) error
	// AddVisitEvent appends an event without changing the visit.
	AddVisitEvent(ctx context.Context, ev VisitEvent) error
	// VisitsInside lists a school's visits waiting or admitted and not
	// left, oldest first.
	VisitsInside(ctx context.Context, schoolID int64) ([]Visit, error)
	// VisitsSince lists a school's visits registered at or after the
	// time, whatever their status, by id (the typed commands' candidates).
	VisitsSince(ctx context.Context, schoolID int64, since time.Time) ([]Visit, error)
	// VisitsAwaitingHost lists visits still waiting that were registered
	// before the time.
	VisitsAwaitingHost(ctx context.Context, schoolID int64, before time.Time) ([]Visit, error)
	// LastVisitBy returns the school's latest unpurged visit with one of
	// the ID hashes or the phone (none, or "", matches nothing), or
	// ErrNotFound.
	LastVisitBy(ctx context.Context, schoolID int64, idHashes []string, phone string) (Visit, error)
	// VisitsInsideAtClose lists visits flagged as still inside at gate
	// closing that arrived in [from, to), for the digest.
	VisitsInsideAtClose(ctx context.Context, schoolID int64, from, to time.Time) ([]Visit, error)
	// WatchMatches lists the school's watch-list entries matching any of
	// the ID hashes, the phone or the name given ("" matches nothing).
	WatchMatches(ctx context.Context, schoolID int64, idHashes []string, phone, name string) ([]WatchEntry, error)
	// WatchedVisitsBy lists the school's unpurged visits that matched the
	// watch list (WatchNote set) with the phone or the exact name given
	// ("" matches nothing), the newest first, at most five.
	WatchedVisitsBy(ctx context.Context, schoolID int64, phone, name string) ([]Visit, error)
	// CreateWatchAlert inserts a (its ID is set).
	CreateWatchAlert(ctx context.Context, a *WatchAlert) error
	// WatchAlert loads an alert; ErrNotFound for an unknown id.
	WatchAlert(ctx context.Context, id int64) (WatchAlert, error)
	// LatestWatchAlert returns the school's newest alert raised at or
	// after since, or ErrNotFound.
	LatestWatchAlert(ctx context.Context, schoolID int64, since time.Time) (WatchAlert, error)
	// UpdateWatchAlert writes a's visit and instruction; ErrNotFound for
	// an unknown id.
	UpdateWatchAlert(ctx context.Context, a WatchAlert) error
	// PurgeVisits removes the personal fields of visits that arrived
	// before the time, whatever their status, keeping the counts and
	// masked data the ledger needs; it returns how many it purged. Purged
	// visits are not touched again.
	PurgeVisits(ctx context.Context, schoolID int64, before, now time.Time) (int, error)
}

// db is the transaction of t as this capability's Store.
func db(t *flows.Turn) Store { return flows.StoreOf[Store](t) }
