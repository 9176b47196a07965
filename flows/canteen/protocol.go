package canteen

import (
	"fmt"
	"strconv"
	"time"

	"github.com/houqin/houqin/flows"
)

// The canteen's names shared with the rest of houqin: the flow states it
// persists in sessions, the button data it reads back, the notification
// kinds the outbox stores and channel templates are keyed by, and the job
// claims it takes. Each is written once, here. Their values are stored
// (sessions, claims, outbox rows, templates configured by schools), so a
// value never changes; a new name is a new constant.

// state is a persisted state of SampleFlow or AccompanyFlow.
type state string

// The states of 留样 (SampleFlow).
const (
	stateDishes  state = "dishes"   // dishes and weights wanted (陪餐: the dishes eaten)
	stateUnder   state = "under"    // a dish is under the minimum weight
	stateTemp    state = "temp"     // the fridge temperature wanted
	stateFixTemp state = "fix_temp" // the fridge is out of range
	stateReason  state = "reason"   // the reason for a violation wanted
	stateConfirm state = "confirm"  // the read-back, waiting for 确认提交
)

// The states of 陪餐 (AccompanyFlow), after stateDishes.
const (
	stateRatings state = "ratings" // 口味, 份量, 卫生 wanted
	stateNote    state = "note"    // a note or a photo, or 无
	stateIssue   state = "issue"   // whether the 总务主任 follows the note up
)

// goTo moves t's flow to s, keeping data for the next step.
func goTo(t *flows.Turn, s state, data any) error { return t.Goto(string(s), data) }

// choice is the data of a button offered inside a conversation (as
// opposed to a notification's action): it comes back as Msg.Button in the
// same session.
type choice string

const (
	choiceSubmit     choice = "submit"      // 确认提交
	choiceEditDishes choice = "edit_dishes" // 改菜品
	choiceEditTemp   choice = "edit_temp"   // 改温度
	choiceCancel     choice = "cancel"      // 取消
	choiceViolate    choice = "violate"     // 按违规登记
	choiceByMenu     choice = "menu"        // 陪餐: 按菜单
	choiceIssue      choice = "issue"       // 陪餐: 交总务主任跟进
	choiceNote       choice = "note"        // 陪餐: 只记录
)

func button(label string, c choice) flows.Button { return flows.Button{Label: label, Data: string(c)} }

// tapped reports whether the message is a tap of c.
func tapped(t *flows.Turn, c choice) bool { return t.Msg.Button == string(c) }

// actionPrefix is the prefix of the canteen's notification buttons
// (flows.Action.Prefix), owned by SampleFlow as an Actor.
const actionPrefix = "sp"

// verb is what a canteen notification button does (flows.Action.Verb).
type verb string

// verbDispose confirms the disposal of a batch: the 「已处理」 button of
// the disposal reminder and the typed 「已处理 N」.
const verbDispose verb = "dispose"

// The disposal told in the cook's own words (the thirteenth user test:
// 昨天的留样早倒了): verbSaid disposes of the batches due and asks whether
// the others, still within their retention time, are really gone;
// verbEarly, her 「确认已倒掉」, records them disposed of early and tells
// the 总务主任; verbKept, her 「没有，还在冷藏」, leaves them as they are.
const (
	verbSaid  verb = "said"
	verbEarly verb = "early"
	verbKept  verb = "kept"
)

// verbAction is the action data of v on the batches ids (disposeAction's
// form); ok is false when they do not fit in one button's data.
func verbAction(v verb, ids []int64) (string, bool) {
	a := flows.Action{Prefix: actionPrefix, Verb: string(v), ID: ids[0]}
	for _, id := range ids[1:] {
		a.Args = append(a.Args, strconv.FormatInt(id, 10))
	}
	data := a.String()
	return data, len(data) <= flows.MaxActionData
}

func action(v verb, id int64) string {
	return flows.Action{Prefix: actionPrefix, Verb: string(v), ID: id}.String()
}

// The kinds of the canteen's notifications (flows.Notification.Kind).
const (
	KindSampleViolation = "sample.violation" // a record broke a rule or missed a menu dish: to the 总务主任
	KindSampleDispose   = "sample.dispose"   // samples may be disposed of: to the canteen
	KindSampleMissing   = "sample.missing"   // a meal has no sample record: to the canteen and the 总务主任
	KindSampleEarly     = "sample.early"     // samples were thrown away before their retention time: to the 总务主任
	KindCanteenIssue    = "canteen.issue"    // a 陪餐 problem to follow up: to the 总务主任
	KindCanteenRemark   = "canteen.remark"   // a 陪餐 opinion passed on without a follow-up: to the canteen
)

// The kinds of item the canteen's notifications refer to (flows.Ref).
const (
	refSample    = "sample"         // a sample batch, by id
	refAccompany = "accompany"      // a 陪餐 record, by id
	refMissing   = "sample-missing" // a meal of a day without samples
)

// missingRef names a meal of a day that had no samples.
func missingRef(day time.Time, meal string) string {
	return refMissing + ":" + day.Format(time.DateOnly) + ":" + meal
}

// disposeClaim is the job claim of a batch's disposal reminder.
func disposeClaim(id int64) string { return "sample:dispose:" + strconv.FormatInt(id, 10) }

// missingClaim is the job claim of a meal's missing-sample alert.
func missingClaim(schoolID int64, day time.Time, meal string) string {
	return fmt.Sprintf("sample:missing:%d:%s:%s", schoolID, day.Format(time.DateOnly), meal)
}

// missedToldClaim is the claim of a cook's report that a meal's sample was
// not kept, so that the 总务主任 is told once.
func missedToldClaim(schoolID int64, day time.Time, meal string) string {
	return fmt.Sprintf("sample:missed-told:%d:%s:%s", schoolID, day.Format(time.DateOnly), meal)
}
