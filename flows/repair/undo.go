package repair

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
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
var mistakeSaidRE = rx.MustCompile(`[点按选回说搞弄]错了?|不小心[点按]|误[点按触]|手滑`)

// notRedoSaidRE is 没修好 itself denied: 不是没修好, 没有没修好.
var notRedoSaidRE = rx.MustCompile(`不是没(?:有)?修好|其实(?:已经)?(?:修)?好了|是修好了|是好的`)

// deniedRedoRE is the 没修好 denied as said at all: 我没说没修好啊, 我没有说
// 没修好 (user test 17's F13 had been read as 催).
var deniedRedoRE = rx.MustCompile(`没(?:有)?(?:说|讲|点|按)(?:过)?(?:没修好|没好|没修)`)

// takesBackRedo reports whether text takes back a 没修好: a mistake said,
// with the repair said fixed, or the 没修好 denied.
func takesBackRedo(text string) bool {
	norm := strings.ToLower(parse.Normalize(text))
	if deniedRedoRE.MatchString(norm) && !asksAnywhereRE.MatchString(puzzledRE.ReplaceAllString(norm, "")) {
		return true // 啊？我没说没修好啊 撤销撤销: 啊？ is surprise, no question
	}
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
	case r.ReporterID != t.Staff.ID && !(selfReported(r) && t.Staff.Has(flows.RoleHead, flows.RoleAdmin)):
		// A worker's own job is signed off by the 总务主任 (finishDone),
		// who may take back his 没修好 as a reporter would hers.
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
	if done, redo, photo, ok := reopenedBy(t, r); ok && !notFixedRE.MatchString(deniedRedoRE.ReplaceAllString(strings.ToLower(parse.Normalize(t.Text)), "")) {
		return restoreFinish(t, r, done, redo, photo) // right after: done again, as it was
	}
	// The job card shows the 返修 words no longer meant.
	if i := strings.LastIndex(r.Description, "；返修："); i > 0 {
		r.Description = r.Description[:i]
	}
	note := "报修人更正：已经修好，刚才的「没修好」是点错了"
	denied := deniedRedoRE.MatchString(strings.ToLower(parse.Normalize(t.Text)))
	if denied {
		// 我没说没修好 says nothing of whether it is fixed: only that the
		// 没修好 was not hers.
		note = "报修人更正：刚才的「没修好」是误会，已撤回"
	}
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventMessaged, From: r.Status, To: r.Status, Note: note}); err != nil {
		return err
	}
	n := Num(r)
	// 我没说没修好: the 没修好 denied is none said.
	if notFixedRE.MatchString(deniedRedoRE.ReplaceAllString(strings.ToLower(parse.Normalize(t.Text)), "")) {
		// 没修好 4, 还是不亮: taken back because it is not fixed, which is
		// then a 没修好, as its button would be; the worker hears that.
		t.Say(fmt.Sprintf("好的，已撤回 %s 的验收。", r.Ref))
		return askRedoWhy(t, r, nil)
	}
	if denied {
		if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r),
			Text: fmt.Sprintf("【更正】%s说 %s（%s %s）刚才的「没修好」是误会，已撤回，不用返修。请回复「完成 %d」，我会再请%s验收。",
				t.Staff.Name, r.Ref, r.Place(), r.Description, n, t.Staff.Name), Buttons: jobButtons(r)}); err != nil {
			return err
		}
		t.Say(fmt.Sprintf("抱歉，是我理解错了。刚才的「没修好」已撤回，已告诉%s不用返修。等%s回复「完成」后，会再请你验收 %s。",
			r.WorkerName, r.WorkerName, r.Ref))
		return nil
	}
	if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r),
		Text: fmt.Sprintf("【更正】%s说 %s（%s %s）其实已经修好了，刚才的「没修好」是点错了，不用返修。请回复「完成 %d」，我会再请%s验收。",
			t.Staff.Name, r.Ref, r.Place(), r.Description, n, t.Staff.Name), Buttons: jobButtons(r)}); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("好的，已告诉%s：%s 其实已经修好，刚才的「没修好」是点错了，不用返修。等%s回复「完成」后，会再请你验收，到时回复「修好了 %d」就行。",
		r.WorkerName, r.Ref, r.WorkerName, n))
	return nil
}

// takeBackWord is the command word of a 没修好 taken back, as asked
// which (flows.ChooseItem) when several could be.
const takeBackWord = "点错了"

// A reporter may also take back a 验收 right after making it, while the
// rating is asked (the fourteenth user test's teacher: her words about an
// extinguisher's re-check signed off her toilet tap, and 「不对不对 我说的是
// 灭火器」 only got 「请回复 1 到 5 打分」). The repair goes back to done,
// awaiting her sign-off again (the store allows closed → done for this
// alone), nothing of the worker's finish is lost, and the worker and
// followers are told the 验收 they were told of is taken back. Later, a
// repair signed off is a 返修 (a new job) as before: by then the worker
// may rightly have taken it for finished.

// signOffBackRE is a sign-off just made said to be a mistake: 不对不对,
// 点错了, 我说的是灭火器, 不是这个, 还没去看呢, 没修好.
var signOffBackRE = rx.MustCompile(`^(?:不对|不是|错了|搞错了|弄错了)|[点按选回说搞弄]错了?|不小心[点按]|误[点按触]|手滑|我说的是|说的不是|不是(?:说)?(?:这个|这单|这件|它)|还没(?:去)?看|没去看|没看呢|撤回|撤销验收|没修好|没有修好|还没修好`)

// undoSaidRE is the undo asked for in so many words, which a question
// beside it does not make a question: 咋个也验收了？先撤回.
var undoSaidRE = rx.MustCompile(`撤回|撤销|取消验收|退回验收`)

// takesBackSignOff reports whether text, at the rating question, takes
// back the sign-off just made.
func takesBackSignOff(text string) bool {
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(text)))
	return signOffBackRE.MatchString(norm) && (!asksAnywhereRE.MatchString(norm) || undoSaidRE.MatchString(norm))
}

// signedOffNamed is the repair whose sign-off the words at r's rating
// question take back: of r and those signed off with it (also, ids as
// followUpData.Also keeps them), the one the words name alone; else r.
func signedOffNamed(t *flows.Turn, r Repair, also string) (Repair, error) {
	if also == "" {
		return r, nil
	}
	norm := strings.ToLower(parse.Normalize(t.Text))
	named := []Repair{}
	for _, f := range strings.Split(also, ",") {
		id, _ := strconv.ParseInt(f, 10, 64)
		o, err := db(t).Repair(t.Ctx, id)
		if err != nil {
			return r, err
		}
		if o.SchoolID == t.School.ID && o.ReporterID == t.Staff.ID && nameStrength(norm, o) > 0 {
			named = append(named, o)
		}
	}
	if len(named) == 1 && nameStrength(norm, r) == 0 {
		return named[0], nil
	}
	return r, nil
}

// idList is the ids of rs, comma-separated.
func idList(rs []Repair) string {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = strconv.FormatInt(r.ID, 10)
	}
	return strings.Join(ids, ",")
}

// undoSignOff puts r, signed off by t.Staff a moment ago, back to awaiting
// their sign-off, and tells its worker and followers (see above).
func undoSignOff(t *flows.Turn, r Repair) error {
	t.Done()
	if r.Status != RepairClosed || r.AutoConfirmed {
		t.Say(fmt.Sprintf("%s 目前%s，没有要撤回的验收。", r.Ref, r.Status.Label()))
		return nil
	}
	note := "报修人撤回验收：" + flows.Clip(strings.TrimSpace(t.Text), 100)
	r.Status, r.ClosedAt = RepairDone, time.Time{}
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventUnconfirmed, From: RepairClosed, To: r.Status, Note: note}); err != nil {
		return err
	}
	n := Num(r)
	if notFixedRE.MatchString(t.Text) {
		// 没修好 4, 还是不亮: taken back because it is not fixed, which is
		// then a 没修好, as its button would be; the worker hears that.
		t.Say(fmt.Sprintf("好的，已撤回 %s 的验收。", r.Ref))
		return askRedoWhy(t, r, nil)
	}
	if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r),
		Text: fmt.Sprintf("【更正】%s刚才对 %s（%s %s）的验收是误会，已撤回。这张单仍在等%s验收，你不用做什么。",
			t.Staff.Name, r.Ref, r.Place(), r.Description, t.Staff.Name)}); err != nil {
		return err
	}
	if err := tellFollowers(t, r, fmt.Sprintf("更正：你关注的 %s（%s %s）刚才的验收已撤回，仍在等%s验收。", r.Ref, r.Place(), followerDesc(r), t.Staff.Name)); err != nil {
		return err
	}
	if err := groupCard(t, r); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("好的，已撤回 %s（%s %s）的验收，也告诉了%s。你去看过后，修好了请回复「修好了 %d」，没修好请回复「没修好 %d」。",
		r.Ref, r.Place(), jobWords(r, 20), r.WorkerName, n, n),
		flows.Button{Label: "确认修好", Data: action(verbOK, r.ID)}, flows.Button{Label: "没修好", Data: action(verbRedo, r.ID)})
	return nil
}

// ratingAsked reports whether t.Staff is at the rating question of r's
// sign-off, the moment a sign-off may be taken back.
func ratingAsked(t *flows.Turn, r Repair) bool {
	if t.Flow() != followUpName || t.State() != string(stateRate) {
		return false
	}
	var a followUpData
	return t.Load(&a) == nil && a.ID == r.ID && r.ReporterID == t.Staff.ID
}

// A worker may take back a 完成 recorded by mistake (the fifteenth user
// test's electrician finished the wrong job with 「完成 2」「1」 and said at
// once 「哎呀点错了，实验室那个还没弄…撤回撤回」, then 「撤回」: neither was
// understood, and the teacher was asked to sign off work not done). It is
// taken within UndoDoneWindow of the 完成 and before the reporter signs
// it off, as a sign-off is taken back at the rating question: later, the
// reporter's 没修好 is the way. The job goes back to him, taken (done →
// assigned → accepted, the moves the state machine has), the finish
// (cause, 人为's note, photo) is cleared, and the reporter and followers
// are told the 已修好 they were told of was a mistake.

// UndoDoneWindow is how long after a 完成 its worker may take it back.
const UndoDoneWindow = 30 * time.Minute

// undoDoneRE is a worker taking back what he just did: 撤回, 撤销, or a
// mistake said (点错了, 搞错了) with the job said not done (还没弄).
var undoDoneRE = rx.MustCompile(`^(?:撤回|撤销|撤回来|取消完成|撤回完成|撤销完成)(?:吧|了|一下|下)?[。！!]*$|撤回|撤销完成|取消完成`)

// wrongJobSaidRE opens a correction of what was just recorded: 不对不对,
// 不是这个, 错了 (user test 29's R23: 「不对不对 保密室的锁还没换呢 完成的是
// 303桌子」, after the lock had been finished in his stead).
var wrongJobSaidRE = rx.MustCompile(`^(?:不对|不是这|错了|搞错|弄错|记错)`)

// doneIsOtherRE names the job that is done instead: 完成的是303桌子, 修好的是
// 桌子, 是303桌子修好了. Its first group is the words naming it.
var doneIsOtherRE = rx.MustCompile(`(?:完成|修好|弄好|换好)的是(.+)$|(?:^|[\s，,。！!])是(\S.*?)(?:修好|弄好|完成|换好)了`)

// bareUndoRE is 撤回 said alone.
var bareUndoRE = rx.MustCompile(`^(?:撤回|撤销|撤回来|取消完成|撤回完成|撤销完成)(?:吧|了|一下|下)?[。！!]*$`)

// undoDoneSaid reads a worker's words taking back a 完成 just recorded
// (see above) as verbUndone of that job: the latest he finished within
// UndoDoneWindow and not yet signed off.
func undoDoneSaid(t *flows.Turn, text string) (string, bool) {
	if !t.Idle() || t.Msg.Button != "" {
		return "", false
	}
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(text)))
	said := undoDoneRE.MatchString(norm) && !strings.Contains(norm, "报修") ||
		mistakeSaidRE.MatchString(norm) && (notYetFixedRE.MatchString(norm) || strings.Contains(norm, "完成")) ||
		wrongJobSaidRE.MatchString(norm) && (notYetFixedRE.MatchString(norm) || doneIsOtherRE.MatchString(norm))
	if !said || asksAnywhereRE.MatchString(norm) {
		return "", false
	}
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now.Add(-UndoDoneWindow), 100)
	if err != nil {
		return "", false
	}
	var last Repair
	for _, r := range rs {
		if r.WorkerID == t.Staff.ID && r.Status == RepairDone && mayUndoDone(t, r) == "" && r.DoneAt.After(last.DoneAt) && !redoUndoneLast(t, r) {
			last = r
		}
	}
	if last.ID == 0 && !t.Staff.Has(flows.RoleWorker) {
		// Anyone who holds a job (the 总务主任 with the 综合维修 ones) may
		// take back his 完成; with none, his words are not about one.
		return "", false
	}
	if last.ID == 0 {
		ownOpen := slices.ContainsFunc(rs, func(r Repair) bool { return r.ReporterID == t.Staff.ID && r.Status.Open() })
		if data, ok := undoXferSaid(t, norm, false); ok && bareUndoRE.MatchString(norm) && !ownOpen {
			return data, true // 撤销, right after a 转派 to the wrong person (handover.go)
		}
		if bareUndoRE.MatchString(norm) && !ownOpen {
			// 撤回 with nothing of his to take back (and no report of his
			// own to withdraw, which 撤回 also says): told so, not 没看懂.
			t.Say(fmt.Sprintf("你最近 %d 分钟内没有记过完成、还没验收的单子，没有可以撤回的。发送「我的」可以查看你的事项。", int(UndoDoneWindow.Minutes())))
			return "", true
		}
		return "", false
	}
	return action(verbUndone, last.ID), true
}

// mayUndoDone is why t.Staff may not take back r's 完成, or "".
func mayUndoDone(t *flows.Turn, r Repair) string {
	switch {
	case r.WorkerID != t.Staff.ID:
		return "只有维修人员本人可以撤回完成。"
	case r.Status != RepairDone:
		return fmt.Sprintf("%s 目前%s，没有要撤回的完成。", r.Ref, r.Status.Label())
	case t.Now.Sub(r.DoneAt) > UndoDoneWindow:
		return fmt.Sprintf("%s 记完成已经超过 %d 分钟，不能撤回了；如果还没修好，请报修人回复「没修好 %d」。", r.Ref, int(UndoDoneWindow.Minutes()), Num(r))
	}
	return ""
}

// undoDone puts r, finished by t.Staff a moment ago, back in his hands,
// and tells its reporter and followers (see above).
func undoDone(t *flows.Turn, r Repair, _ []string) error {
	t.Done()
	note := "维修人员撤回完成：" + flows.Clip(strings.TrimSpace(t.Text), 100)
	r.Status, r.DoneAt, r.Cause, r.DamageNote, r.DonePhoto = RepairAssigned, time.Time{}, "", "", ""
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventUndone, From: RepairDone, To: RepairAssigned, Note: note}); err != nil {
		return err
	}
	r.Status = RepairAccepted
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventAccepted, From: RepairAssigned, To: RepairAccepted, Note: "撤回完成，仍由" + t.Staff.Name + "维修"}); err != nil {
		return err
	}
	n := Num(r)
	if err := tellReporter(t, r, fmt.Sprintf("【更正】你报修的 %s（%s %s）刚才说「已修好」是%s点错了，其实还没有修好，已撤回，你不用验收。修好后会再请你验收。",
		r.Ref, r.Place(), r.Description, t.Staff.Name), nil, false); err != nil {
		return err
	}
	if err := tellFollowers(t, r, fmt.Sprintf("更正：你关注的 %s（%s %s）刚才的「已修好」是误操作，已撤回，仍在维修中。", r.Ref, r.Place(), followerDesc(r))); err != nil {
		return err
	}
	if err := groupCard(t, r); err != nil {
		return err
	}
	undone := fmt.Sprintf("好的，已撤回 %s（%s %s）的完成，这单仍在你手上，期限 %s；也告诉了报修人%s，不用验收。",
		r.Ref, r.Place(), jobWords(r, 20), t.When(r.DueAt), r.ReporterName)
	if m := doneIsOtherRE.FindStringSubmatch(strings.ToLower(parse.Normalize(t.Text))); m != nil {
		// 不对不对 保密室的锁还没换呢 完成的是303桌子: the job done instead,
		// read as his 「303桌子修好了」 would be, the one just undone aside.
		if other, ok, err := doneInstead(t, r, m[1]+m[2]); ok || err != nil {
			if err != nil {
				return err
			}
			t.Say(undone)
			return askCauseFixed(t, other, "")
		}
	}
	t.Say(fmt.Sprintf("%s修好后再回复「完成 %d」。", undone, n), jobButtons(r)...)
	return nil
}

// doneInstead is the one job of t.Staff's, other than undone, that words
// (from 完成的是303桌子) name as done instead, if there is exactly one.
func doneInstead(t *flows.Turn, undone Repair, words string) (Repair, bool, error) {
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now, 20)
	if err != nil {
		return Repair{}, false, err
	}
	var jobs []Repair
	for _, r := range rs {
		if r.ID != undone.ID && r.WorkerID == t.Staff.ID && mayAct(t, r, verbDone) == "" {
			jobs = append(jobs, r)
		}
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return Repair{}, false, err
	}
	if named := heldNamed(words, Reading{Intent: IntentDone, Problems: []RepairGuess{GuessRepair(words, locs)}}, jobs); len(named) == 1 {
		return named[0], true, nil
	}
	if r, ok := namedAlone(words, jobs); ok {
		return r, true, nil
	}
	return Repair{}, false, nil
}

// A reporter's 没修好 taken back right after it (user test 17's F14: a
// teacher answered 没修好 by mistake, then typed a bare 撤销 at once, and
// was asked to confirm withdrawing the whole report) puts the job back as
// it was before: done, awaiting her 验收, with the worker's finish as he
// recorded it, read back from the trail (the 完成 event's time, its cause
// and who damaged it), and the worker, told of the 返修, told it is off.
// Both the 没修好 and its undoing stay in the trail (EventRedoUndone). It
// is taken within UndoDoneWindow of the 没修好, while the job sent back is
// still with the same worker and not finished, blocked or handed on again;
// the photo of the finished work, which the 没修好 clears from the repair,
// is kept in the trail for this (keepDonePhoto). Later, or when the
// finish cannot be read back, takeBackRedo's older way holds: the worker
// is asked to mark it done again.

// bareMistakeRE is a mistake said with nothing else: 点错了, 刚才按错了,
// 不好意思 我按错了.
var bareMistakeRE = rx.MustCompile(`^(?:哎呀|哎|啊|呀|不好意思|抱歉|对不起|sorry)?[，,。！!\s]*(?:刚才|刚刚|刚)?(?:我)?(?:不小心)?(?:点|按|选|回|说|搞|弄)错了?(?:了|啦)?[，,。！!~～\s]*(?:撤回|撤销|撤回来)?(?:吧|一下)?[。！!~～\s]*$`)

// undoRedoWords reports whether text, from a reporter right after her
// 没修好, takes it back: 撤销, 撤回, 点错了, 刚才按错了，其实修好了.
func undoRedoWords(text string) bool {
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(text)))
	if asksAnywhereRE.MatchString(norm) {
		return false
	}
	return bareUndoRE.MatchString(norm) || bareMistakeRE.MatchString(norm) || redoUndoneRE.MatchString(norm) || takesBackRedo(text)
}

// redoUndoneRE is the 没修好 itself taken back in words: 撤销没修好, 取消
// 刚才的没修好, 没修好是点错的; or a slip said alone: 手滑了.
var redoUndoneRE = rx.MustCompile(`(?:撤销|撤回|取消)(?:刚才|刚刚)?的?(?:那个)?「?没修好|没修好」?(?:是|那个是|那下是)?(?:我)?(?:点|按|选)错(?:的|了)|^手滑了?[。！!~～]*$`)

// reopenedBy is the finish r had before t.Staff's 没修好 sent it back, as
// the trail tells it (its 完成 event, and the photo kept by
// keepDonePhoto, ""), and the 没修好, when it may be put back (see
// above); ok is false otherwise.
func reopenedBy(t *flows.Turn, r Repair) (done, redo RepairEvent, photo string, ok bool) {
	er, has := t.Tx.(eventsReader)
	if !has || r.ReporterID != t.Staff.ID || r.Status != RepairAssigned && r.Status != RepairAccepted {
		return done, redo, "", false
	}
	evs, err := er.RepairEvents(t.Ctx, r.ID)
	if err != nil {
		return done, redo, "", false
	}
	i := len(evs) - 1
	for ; i >= 0; i-- {
		e := evs[i]
		if e.Kind == EventReopened {
			break
		}
		if e.Kind != EventAccepted && (e.From != e.To || e.Kind == EventTransferred || e.Kind == EventReclassified) {
			return done, redo, "", false // finished, blocked, handed on since
		}
	}
	if i < 1 || evs[i].ActorID != t.Staff.ID || evs[i].From != RepairDone || t.Now.Sub(evs[i].At) > UndoDoneWindow {
		return done, redo, "", false
	}
	for j := i - 1; j >= 0; j-- {
		switch evs[j].Kind {
		case EventDonePhotoKept:
			if photo == "" {
				photo = evs[j].Note
			}
		case EventDone:
			if _, _, read := finishOf(evs[j].Note); !read {
				return done, redo, "", false
			}
			return evs[j], evs[i], photo, true
		}
	}
	return done, redo, "", false
}

// finishOf reads the cause and its note (who damaged it) back from a 完成
// event's note, as finishDone writes it: 自然损坏, 人为损坏：学生踢的, each
// perhaps followed by ；and what was done. The words after 人为损坏： are
// kept whole, what was done too if there was any, rather than cut where
// the damage note might go on.
func finishOf(note string) (Cause, string, bool) {
	damage := CauseDamage.Label() + "："
	switch {
	case strings.HasPrefix(note, damage):
		return CauseDamage, strings.TrimPrefix(note, damage), true
	case note == CauseWear.Label() || strings.HasPrefix(note, CauseWear.Label()+"；"):
		return CauseWear, "", true
	case note == "" || strings.HasPrefix(note, "；"):
		return "", "", true // no cause asked
	}
	return "", "", false
}

// undoRedoSaid reads a reporter's bare words taking back her 没修好 of a
// moment ago (撤销, 点错了; see above) as verbUnredo of that repair: the
// latest she sent back that may be put back. Words with nothing of hers
// to take back are left to read as before (撤销 withdraws a report).
func undoRedoSaid(t *flows.Turn, text string) (string, bool) {
	if !t.Idle() || t.Msg.Button != "" || !undoRedoWords(text) {
		return "", false
	}
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now.Add(-UndoDoneWindow), 100)
	if err != nil {
		return "", false
	}
	var last Repair
	var lastAt time.Time
	for _, r := range rs {
		if _, redo, _, ok := reopenedBy(t, r); ok && redo.At.After(lastAt) {
			last, lastAt = r, redo.At
		}
	}
	if last.ID == 0 {
		return "", false
	}
	for _, r := range rs {
		if r.ReporterID == t.Staff.ID && r.ID != last.ID && !r.ReportedAt.Before(lastAt) {
			return "", false // a report of hers since: 撤销 may be of that
		}
	}
	return action(verbUnredo, last.ID), true
}

// restoreFinish puts r, sent back by t.Staff's 没修好 (redo) a moment
// ago, back to done with the finish of done and its photo, and tells its worker and
// followers the 返修 is off (see above).
func restoreFinish(t *flows.Turn, r Repair, done, redo RepairEvent, photo string) error {
	t.Done()
	from := r.Status
	cause, note, _ := finishOf(done.Note)
	r.Status, r.DoneAt, r.Cause, r.DamageNote, r.DonePhoto = RepairDone, done.At, cause, note, photo
	if redo.Note != "" {
		// The job card shows the 返修 words no longer meant.
		if i := strings.LastIndex(r.Description, "；返修："); i > 0 {
			r.Description = r.Description[:i]
		}
	}
	if r.Reopens > 0 {
		r.Reopens-- // the 返修 taken back is none; the trail keeps both
	}
	if ok, err := move(t, r, EventRedoUndone, "报修人撤回没修好："+flows.Clip(strings.TrimSpace(t.Text), 100), from); !ok {
		return err
	}
	n := Num(r)
	slip, sorry := "点错了", "好的"
	if deniedRedoRE.MatchString(strings.ToLower(parse.Normalize(t.Text))) {
		// 我没说没修好啊: not her slip, but the 没修好 read into her words.
		slip, sorry = "误会", "抱歉，是我理解错了"
	}
	if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r),
		Text: fmt.Sprintf("【更正】%s刚才对 %s（%s %s）的「没修好」是%s，已撤回，不用返修了。这单仍算你已修好，等%s验收，你不用做什么。",
			t.Staff.Name, r.Ref, r.Place(), r.Description, slip, t.Staff.Name)}); err != nil {
		return err
	}
	if err := tellFollowers(t, r, fmt.Sprintf("更正：你关注的 %s（%s %s）刚才的「没修好」是%s，已撤回，仍是已修好、等%s验收。",
		r.Ref, r.Place(), followerDesc(r), slip, t.Staff.Name)); err != nil {
		return err
	}
	if err := groupCard(t, r); err != nil {
		return err
	}
	t.Say(fmt.Sprintf(sorry+"，刚才的「没修好」已撤回，%s（%s %s）仍是%s已修好、等你验收，也告诉了%s不用返修。你去看过后，修好了请回复「修好了 %d」，没修好请回复「没修好 %d」。",
		r.Ref, r.Place(), jobWords(r, 20), r.WorkerName, r.WorkerName, n, n),
		flows.Button{Label: "确认修好", Data: action(verbOK, r.ID)}, flows.Button{Label: "没修好", Data: action(verbRedo, r.ID)})
	return nil
}

// redoUndoneLast reports whether the last thing done to r is its
// reporter taking back her 没修好: the worker's 她点错了 那就算完成 then
// speaks of her slip, not of a 完成 of his to take back.
func redoUndoneLast(t *flows.Turn, r Repair) bool {
	er, ok := t.Tx.(eventsReader)
	if !ok {
		return false
	}
	evs, err := er.RepairEvents(t.Ctx, r.ID)
	return err == nil && len(evs) > 0 && evs[len(evs)-1].Kind == EventRedoUndone
}
