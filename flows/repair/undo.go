package repair

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
)

// A reporter may take back a 没修好 sent by mistake (是修好了 我点错了,
// 点错了 其实修好了: the twelfth user test's teacher, whose words were
// thanked for). The job is then back with its worker. The state machine
// would let it go from assigned or accepted straight to done again, but the
// finish the 返修 cleared (the worker's cause, 人为 for the 赔偿台账, his
// photo) is not kept, and marking it done without them would lose them or
// make them up. So the worker is told plainly that it is fixed and that no
// rework is needed, and asked to mark it done again, which brings the
// reporter the sign-off once more; the reporter is told so. It is taken
// while the job sent back is still open with the worker (not blocked,
// deferred or finished again), which is the short time it makes sense in.

// mistakeSaidRE is a person saying they pressed or said the wrong thing.
var mistakeSaidRE = regexp.MustCompile(`[点按选回说搞弄]错了?|不小心[点按]|误[点按触]|手滑`)

// notRedoSaidRE is 没修好 itself denied: 不是没修好, 没有没修好.
var notRedoSaidRE = regexp.MustCompile(`不是没(?:有)?修好|其实(?:已经)?(?:修)?好了|是修好了|是好的`)

// takesBackRedo reports whether text takes back a 没修好: a mistake said,
// with the repair said fixed.
func takesBackRedo(text string) bool {
	norm := strings.ToLower(parse.Normalize(text))
	if !mistakeSaidRE.MatchString(norm) || asksAnywhereRE.MatchString(norm) {
		return false
	}
	if notRedoSaidRE.MatchString(norm) {
		return true
	}
	norm = faultGone(norm)
	return signOffWordsRE.MatchString(norm) && !notFixedRE.MatchString(norm) && !stillBrokenRE.MatchString(norm)
}

// mayTakeBackRedo is why t.Staff may not take back a 没修好 of r, or "".
func mayTakeBackRedo(t *flows.Turn, r Repair) string {
	switch {
	case r.ReporterID != t.Staff.ID:
		return "只有报修人可以更正验收结果。"
	case r.Reopens == 0 || r.Status != RepairAssigned && r.Status != RepairAccepted:
		return fmt.Sprintf("%s 目前%s，没有要更正的「没修好」。", r.Ref, r.Status.Label())
	}
	return ""
}

// takeBackRedo tells r's worker that its 没修好 was a mistake and r is
// fixed, and its reporter that the sign-off comes again once he marks it
// done (see the comment above).
func takeBackRedo(t *flows.Turn, r Repair, _ []string) error {
	t.Done()
	// The job card shows the 返修 words no longer meant.
	if i := strings.LastIndex(r.Description, "；返修："); i > 0 {
		r.Description = r.Description[:i]
	}
	note := "报修人更正：已经修好，刚才的「没修好」是点错了"
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventMessaged, From: r.Status, To: r.Status, Note: note}); err != nil {
		return err
	}
	n := Num(r)
	if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r),
		Text: fmt.Sprintf("【更正】%s说 %s（%s %s）其实已经修好了，刚才的「没修好」是点错了，不用返修。请回复「完成 %d」，我会再请%s验收。",
			t.Staff.Name, r.Ref, r.LocationName, r.Description, n, t.Staff.Name), Buttons: jobButtons(r)}); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("好的，已告诉%s：%s 其实已经修好，刚才的「没修好」是点错了，不用返修。等%s回复「完成」后，会再请你验收，到时回复「修好了 %d」就行。",
		r.WorkerName, r.Ref, r.WorkerName, n))
	return nil
}

// takeBackWord is the command word of a 没修好 taken back, as asked
// which (flows.ChooseItem) when several could be.
const takeBackWord = "点错了"
