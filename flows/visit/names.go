package visit

import (
	"cmp"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// The words 来访登记 writes outside itself: flow states kept in sessions,
// button verbs in notification buttons, event kinds in the audit trail,
// notification kinds in the outbox (channels pick templates by them, the
// purge blanks them), and the references and job claims built from them.
// Each is written once, here; the values are stored, so they never change.

// The flows' names, kept in sessions.
const (
	flowCheckIn  = "visit"      // VisitFlow, 来访登记
	flowVisitors = "visitors"   // VisitorsFlow, 在校访客
	flowPick     = "visit-pick" // PickFlow, 是哪一位访客
)

// state is a step of one of the module's flows, saved in the session
// between messages.
type state string

// The check-in's questions (VisitFlow), in the order they are asked.
const (
	stateName    state = "name"    // the visitor's name
	stateID      state = "id"      // the document number, or its type first
	statePhone   state = "phone"   // the mobile number
	statePurpose state = "purpose" // why
	stateOrg     state = "org"     // from which organisation, or 无
	stateHost    state = "host"    // whom to see, or which of several
	statePlate   state = "plate"   // the car, or 无
	stateRepeat  state = "repeat"  // a repeat visitor: reuse the last visit?
	stateConfirm state = "confirm" // the read-back
)

// stateList is the list of visitors inside (VisitorsFlow), waiting for a
// number to check that visitor out.
const stateList state = "list"

// goTo moves the flow to s, keeping data for the next message.
func goTo(t *flows.Turn, s state, data any) error { return t.Goto(string(s), data) }

// verb is what a notification button does to a visit; the same verbs
// come typed (同意 12), through Typed.
type verb string

// Verbs.
const (
	verbOK   verb = "ok"   // 同意: the host or a school leader lets the visitor in
	verbNo   verb = "no"   // 拒绝: the host or a school leader turns the visitor away
	verbHead verb = "head" // 总务主任同意: the guard, on the 总务主任's word by phone
	verbOut  verb = "out"  // 离校: the visitor left
	verbGate verb = "gate" // 放门卫: the host asks the visitor to leave it at the gate, not to come in
	verbBack verb = "back" // 撤销: the guard takes back a check-out recorded by mistake (undo.go)
)

// typedVerbs are the typed forms of the verbs: 同意 12, 总务主任同意 12.
var typedVerbs = map[string]verb{
	"同意": verbOK, "拒绝": verbNo, "不同意": verbNo,
	"总务主任同意": verbHead, "总务主任同意放行": verbHead,
	"离校": verbOut, "已离校": verbOut, "签离": verbOut,
}

// typedVisitRE reads a typed verb and a visit number: 同意 12, 同意第12号,
// 离校#12. The words come from typedVerbs, longest first.
var typedVisitRE = func() *rx.Regexp {
	words := make([]string, 0, len(typedVerbs))
	for w := range typedVerbs {
		words = append(words, regexp.QuoteMeta(w))
	}
	slices.SortFunc(words, func(a, b string) int { return cmp.Or(cmp.Compare(len(b), len(a)), strings.Compare(a, b)) })
	return rx.MustCompile(`^(` + strings.Join(words, "|") + `)\s*(?:第)?\s*[#＃]?(\d{1,12})\s*号?$`)
}()

// actorPrefix is the button-data prefix of the module's Actor.
const actorPrefix = "vs"

// action is the button data of v on visit id.
func action(v verb, id int64) string {
	return flows.Action{Prefix: actorPrefix, Verb: string(v), ID: id}.String()
}

// The data of the buttons in the check-in's own replies (not notifications).
const (
	pickSubmit = "submit" // 确认登记
	pickCancel = "cancel" // 取消
	pickReuse  = "reuse"  // 沿用上次信息
	pickFresh  = "fresh"  // 重新填写
	pickHost   = "host:"  // one of several people who match, followed by the staff id
)

// EventKind names a line of a visit's audit trail.
type EventKind string

// The events of a visit.
const (
	EventRegistered    EventKind = "registered"                 // the guard's check-in
	EventWatchHit      EventKind = "watch_hit"                  // the visitor matched the watch list
	EventApproved      EventKind = "approved"                   // 同意, by the host or a leader
	EventRejected      EventKind = "rejected"                   // 拒绝, by the host or a leader
	EventKept          EventKind = "kept"                       // 留在门卫: the visitor need not come in, by the host or a leader
	EventReconsidered  EventKind = "reconsidered"               // 改为同意: a refusal (or a keeping at the gate) taken back, by the host or a leader
	EventHostTimeout   EventKind = "host_timeout"               // the host did not answer in time
	EventHeadAuthority EventKind = "admitted_on_head_authority" // let in by the guard on the 总务主任's word
	EventLeft          EventKind = "left"                       // 离校, or gone while waiting
	EventLeftUndone    EventKind = "left_undone"                // 撤销: a check-out taken back by the guard (undo.go)
	EventInsideAtClose EventKind = "still_inside_at_close"      // still inside at gate-closing time
	EventInstructed    EventKind = "leader_instructed"          // a leader's instruction after a watch-list alert, passed to the guard (instruct.go)
)

// Notification kinds (flows.Notification.Kind) of the gate.
const (
	NoticeConfirm = "visit.confirm" // for the host: a visitor asks for you
	NoticeDecided = "visit.decided" // the decision, for the guard (and the host, the 总务主任)
	NoticeTimeout = "visit.timeout" // the host has not answered
	NoticeClose   = "visit.close"   // the gate-closing list, for the guards
	NoticeWatch   = "visit.watch"   // a watch-list match, for the leaders
)

// Notices are every notification kind of the gate: the purge blanks
// them all once their visits are past retention. Those about one visit
// carry Ref(its id) and go with it.
var Notices = []string{NoticeConfirm, NoticeDecided, NoticeTimeout, NoticeClose, NoticeWatch}

// DayNotices are the gate's notifications that name visitors without
// being about one visit: the gate-closing list and the watch-list alert,
// written while a visitor is being registered. They name visitors of their
// own day, so the purge blanks them DayNoticeLead early rather than after
// the last of those visitors' retention has ended (a visitor inside for
// several days is named in later lists, which outlive that visit by as
// many days).
var DayNotices = []string{NoticeClose, NoticeWatch}

// DayNoticeLead is how much earlier than retention the purge blanks
// DayNotices.
const DayNoticeLead = 24 * time.Hour

// References (flows.Notification.Ref): a visit, a watch-list entry, and a
// day's gate-closing list.
const (
	refKind  = "visit"
	refWatch = "watch"
	refAlert = "watch_alert" // a WatchAlert, for a leader's instruction about it
	refGate  = "gate"
)

// Ref is the reference of the notifications about visit id: the purge
// blanks them together with the visit.
func Ref(id int64) string { return flows.Ref(refKind, id) }

// RefPrefix begins a visit's daily reference, FK-20261129-001 (访客).
const RefPrefix = "FK"
