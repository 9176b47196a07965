package repair

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
)

// The words 报修 writes outside itself: flow states kept in sessions,
// button verbs in notification buttons, notification kinds in the outbox
// (channels pick templates by them), and the item reference groups edit
// their cards by. Each is written once, here; the values are stored, so
// they never change.

// state is a step of one of the module's flows, saved in the session
// between messages.
type state string

// The report's steps (RepairFlow).
const (
	stateLocation    state = "loc"     // where
	stateDescription state = "desc"    // what is wrong
	stateTrade       state = "trade"   // which trade, when the description did not say
	stateConfirm     state = "confirm" // the read-back
)

// The follow-up questions of a button (followUp).
const (
	stateDoneCause   state = "done.cause"   // 完成: natural wear or damage?
	stateDoneNote    state = "done.note"    // 完成 with damage: by whom?
	stateDonePhoto   state = "done.photo"   // 完成 where the school asks for a photo: the photo, or 跳过
	stateBlockRec    state = "block.rec"    // 修不好: what is needed?
	stateBlockWhy    state = "block.why"    // 修不好: the situation
	stateXferTo      state = "xfer.to"      // 转派: to whom?
	stateReclassTier state = "reclass.tier" // 改紧急/大修/小修: to which tier?
	stateReclassWhy  state = "reclass.why"  // 改紧急/大修/小修: why?
	stateLeadChoose  state = "lead.choose"  // 处理: reassign, approve or defer?
	stateLeadWorker  state = "lead.worker"  // 改派: to whom?
	stateLeadNote    state = "lead.note"    // 暂缓: why?
	stateLeadDays    state = "lead.days"    // approve or defer: how many days?
	stateRedoWhy     state = "redo.why"     // 没修好: what is still wrong?
	stateRate        state = "rate"         // after 验收: how many points, typed?
	stateRateComment state = "rate.comment" // after the rating: any words?
	statePlaceName   state = "place.name"   // 加入地点表: under the name written, or which?
	stateNoteText    state = "note.text"    // 说明 N alone: what to tell the reporter?
	stateNotePick    state = "note.pick"    // a worker's word on a job, with several in hand: which job?
	stateDonePick    state = "done.pick"    // a worker's job done in their own words, with several in hand: which job?
	stateActPick     state = "act.pick"     // a command that fits several repairs (接了, 完成 4 with two 4s): which one?
	stateWithdraw    state = "withdraw"     // 撤销: sure?
	stateBulkXfer    state = "lead.bulk"    // a leader's 「孙师傅手上的活都给王师傅」: sure?
)

// verb is what a notification button does to a repair; the same verbs
// come typed (接单 7), through Typed.
type verb string

// Verbs.
const (
	verbTake    verb = "take"    // 接单
	verbDone    verb = "done"    // 完成
	verbBlock   verb = "block"   // 修不好
	verbXfer    verb = "xfer"    // 转派
	verbReclass verb = "reclass" // 改紧急/改大修/改小修, with the tier as its argument (none: ask)
	verbLead    verb = "lead"    // 处理: a leader's decision
	verbOK      verb = "ok"      // 确认修好
	verbRedo    verb = "redo"    // 没修好
	verbRate    verb = "rate"    // 1–5 分, with the score as its argument
	verbSplit   verb = "split"   // 不是同一个问题: a merged report split off into its own job
	verbPlace   verb = "place"   // 加入地点表: the free-text place of a repair added to the locations
	verbNote    verb = "note"    // 说明: the worker's word on the job, passed to the reporter
	verbCancel  verb = "cancel"  // 撤销: the reporter withdraws a repair not needed any more
	verbNudge   verb = "nudge"   // 催: the worker reminded, at most once a day
	verbTell    verb = "tell"    // 留言: the reporter's word on the repair, passed to its worker
	verbUnredo  verb = "unredo"  // 点错了: the reporter takes back a 没修好 sent by mistake (undo.go)
	verbUndone  verb = "undone"  // 撤回: the worker takes back a 完成 just recorded by mistake (undo.go)
	verbUnxfer  verb = "unxfer"  // 撤回: the worker takes back a 转派 just made to the wrong person (handover.go)
	verbRetake  verb = "retake"  // 接错了 我接的是…: the worker puts back a job taken by mistake and takes the one meant (retake.go)
	verbPhoto   verb = "photo"   // a photo the reporter sends right after her report, kept as its photo (reporter.go)
	verbStatus  verb = "status"  // 是哪个师傅来修: the status of her repair, as a question of its progress gets (reporter.go)
)

// actorPrefix is the button-data prefix of the module's Actor.
const actorPrefix = "rp"

// action is the button data of v on repair id.
func action(v verb, id int64, args ...string) string {
	return flows.Action{Prefix: actorPrefix, Verb: string(v), ID: id, Args: args}.String()
}

// Notification kinds (flows.Notification.Kind) of repairs.
const (
	NoticeAssigned  = "repair.assigned"  // a job for a worker
	NoticeCard      = "repair.card"      // the repair's card in the maintenance group
	NoticeUpdate    = "repair.update"    // news for the reporter, the followers or the worker
	NoticeReminder  = "repair.reminder"  // the worker's deadline is near, or past
	NoticeEscalated = "repair.escalated" // for a leader: late, or 修不好
	NoticeUrgent    = "repair.urgent"    // for a leader: an urgent repair (安全隐患), at once
	// NoticeUrgentFiled is the urgent alert of a report to a leader who
	// may have read its hazard's early alert (alertHazardDraft) already:
	// it is never withdrawn with the repair's end (EndedNotices), so that
	// the early alarm is never the last word a leader reads of it.
	NoticeUrgentFiled = "repair.urgent.filed"
	NoticePlace       = "repair.place" // for the 总务主任: a place not in the location table
)

// EndedNotices are the kinds of a repair's notices that are about it
// still being open: its deadline near or past, a leader asked to act.
// Those not delivered yet when the repair is done, signed off or
// cancelled are withdrawn (the store's UpdateRepair): user test 27's
// principal, opening his chat, was shown 【维修严重超时】 … 待接单 of repairs
// done and signed off hours before. An urgent alert (【紧急报修】, a
// leader told at once) is the same: a leader who has not received it yet
// must not be sent to deal with a danger already made good.
var EndedNotices = []string{NoticeReminder, NoticeEscalated, NoticeUrgent}

// refKind names repairs in notification references: flows.Ref(refKind, id).
const refKind = "repair"

// Ref is the reference of repair id in notifications, by which a group's
// card for it is found and edited.
func Ref(id int64) string { return flows.Ref(refKind, id) }

func ref(r Repair) string { return Ref(r.ID) }

// jobKey is the scheduler's claim on one duty (a reminder, an escalation)
// for a repair and its due time.
func jobKey(duty string, r Repair) string {
	return refKind + ":" + duty + ":" + strconv.FormatInt(r.ID, 10) + ":" + strconv.FormatInt(r.DueAt.Unix(), 10)
}

// reworkWords is how much of a 返修's words a status line shows after the
// job's own (statusWords).
const reworkWords = 24

// statusWords is jobWords for a line telling where a job stands: the job
// named by its own words, then why it was sent back, in the last 返修's
// words, cut on their own (a leader's list had read 「暖气不热；返修：不对」
// for 「不对 没修好！我说的是还不热」, user test 30).
func statusWords(r Repair, n int) string {
	i := strings.LastIndex(r.Description, "；返修：")
	if i <= 0 {
		return jobWords(r, n)
	}
	base := r
	base.Description, _, _ = strings.Cut(r.Description, "；返修：")
	return jobWords(base, n) + "；返修：" + flows.ClipWords(r.Description[i+len("；返修："):], reworkWords)
}

// jobWords is r's description as a chat line names the job, at most n
// characters (flows.ClipWords): from the clause that names its thing when
// the words before it would crowd the thing out, so that the job is named
// by its problem. User test 29's R16 named the 302 broadcast job
// 「明天英语听力」, a cut of words that told when it was needed.
func jobWords(r Repair, n int) string {
	d := r.Description
	clip := flows.ClipWords(d, n)
	if r.Item == "" || strings.Contains(clip, r.Item) {
		return clip
	}
	at := strings.Index(d, r.Item)
	if at <= 0 {
		return clip
	}
	start := strings.LastIndexAny(d[:at], " 　，,；;、。")
	if start < 0 {
		return clip
	}
	_, w := utf8.DecodeRuneInString(d[start:])
	return flows.ClipWords(d[start+w:], n)
}
