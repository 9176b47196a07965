package repair

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// A worker off sick (user test 16's 王师傅: 「我今天发烧了在医院输液，来不了
// 学校，手上的活儿能不能先让别人干」) is not reporting a repair. What a school
// office does then: the worker tells the 总务主任, who knows who is free
// and hands the jobs on. So every open job of his goes back to the 总务主任
// at once (as 退回 does, one job at a time), who hears the worker's own
// words; the worker is not asked to choose a colleague from bed.

// offSickRE is a worker saying he is ill or away: 发烧了, 在医院输液, 请病假,
// 生病请假了, 这两天来不了.
var offSickRE = rx.MustCompile(`发烧|发高烧|生病|病了|病倒|感冒|输液|打吊针|吊水|住院|在医院|看病|请假|请病假|身体不舒服|不舒服|受伤|腰扭了|脚崴了`)

// handOverRE is his jobs to be done by someone else: 让别人干, 转给别人,
// 手上的活儿, 帮我安排一下. 来不了 alone asks nothing of his jobs: he is
// away (away.go), and they stay his.
var handOverRE = rx.MustCompile(`别人|别个|其他人|其他师傅|转派|转给|转了|交给|交出去|安排|顶一下|顶下|替我|帮我弄|手上的活|手上的单|手头的活|我的活|我的单`)

// saysOffSick is whether text is the writer off sick with his jobs to be
// done by others; not someone else named ill (孙师傅请假了 这个单子转给别人).
func saysOffSick(text string) bool {
	return offSickRE.MatchString(text) && handOverRE.MatchString(text) && !ruledOutRE.MatchString(text)
}

// offSickSaid reads a worker off sick asking for his jobs to be handed on:
// all the jobs he may still hand on, as one 转派 to the 总务主任 of the first
// that carries the others (askTransferee, offSick).
func offSickSaid(t *flows.Turn, text string) (string, bool) {
	if !t.Staff.Has(flows.RoleWorker) || !t.Idle() || t.Msg.Button != "" {
		return "", false
	}
	if !saysOffSick(text) {
		return "", false
	}
	rs, err := candidates(t)
	if err != nil {
		return "", false
	}
	var ids []string
	for _, r := range rs {
		if r.WorkerID == t.Staff.ID && mayAct(t, r, verbXfer) == "" {
			ids = append(ids, strconv.FormatInt(r.ID, 10))
		}
	}
	if len(ids) == 0 {
		return "", false // 请假 said with no job of his open: not ours
	}
	id, _ := strconv.ParseInt(ids[0], 10, 64)
	return action(verbXfer, id, append([]string{offSick}, ids[1:]...)...), true
}

// offSick is askTransferee's argument for the jobs of a worker off sick,
// the other jobs' ids after it.
const offSick = "@病假"

// handOverSick gives r and the jobs of ids back to the 总务主任, who hears
// why in the worker's words; with no 总务主任 the worker is asked to whom,
// as 转派 asks.
func handOverSick(t *flows.Turn, r Repair, ids []string) error {
	heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
	if err != nil {
		return err
	}
	heads = slices.DeleteFunc(heads, func(h flows.Staff) bool { return h.ID == t.Staff.ID })
	if len(heads) == 0 {
		return askTransferee(t, r, nil)
	}
	head := heads[0]
	jobs := []Repair{r}
	for _, s := range ids {
		n, _ := strconv.ParseInt(s, 10, 64)
		o, err := db(t).Repair(t.Ctx, n)
		if err != nil || o.WorkerID != t.Staff.ID || mayAct(t, o, verbXfer) != "" {
			continue // gone meanwhile: nothing to hand on
		}
		jobs = append(jobs, o)
	}
	away := ""
	if as, ok := t.Tx.(AwayStore); ok {
		// Away meanwhile (away.go): new jobs pass him by too.
		_, said, err := recordAway(t, as)
		if err != nil {
			return err
		}
		away = "（已记为请假：" + said + "，这段时间新的报修不会派给他）"
	}
	t.Say("好的，你安心养病。你手上的单子交给" + head.Name + "重新安排：")
	refs := make([]string, len(jobs))
	for i, j := range jobs {
		refs[i] = j.Ref
		if err := reassign(t, j, head.ID, false); err != nil {
			return err
		}
	}
	return t.Notify(flows.Notification{ToStaff: head.ID, Kind: NoticeUpdate, Ref: ref(r),
		Text: fmt.Sprintf("%s请假了%s，他的原话：「%s」。他手上的 %s 已转给你，请安排其他师傅。", t.Staff.Name, away, flows.Clip(strings.TrimSpace(t.Text), 100), strings.Join(refs, "、"))})
}

// giveToRE is whom a job is given to: 给陈主任, 交给老周, 转给孙师傅 (老周:
// a surname with 老 or 小 before it, as colleagues call each other; user
// test 16's 「给老周吧，漏水他在行」 meant 周师傅); the last one said is meant (王师傅不是病了嘛 那就还是给陈主任).
var giveToRE = rx.MustCompile(`(?:交给|转给|转派给|派给|让|给)\s*(\p{Han}{1,2}?(?:师傅|老师|主任)|[老小]\p{Han})`)

// ruledOutRE is a person said to be ill or away, so not the one meant:
// 王师傅不是病了嘛, 周师傅请假了, 孙师傅不在.
var ruledOutRE = rx.MustCompile(`(\p{Han}{1,2}?(?:师傅|老师|主任)|[老小]\p{Han})(?:不是|他|也|今天|这两天|这几天)*(?:病了|生病|在输液|住院|请假|不在|来不了|休息)`)

// bareNameRE is a person's name alone, as an answer: 陈主任, 老周吧.
var bareNameRE = rx.MustCompile(`^(\p{Han}{1,2}?(?:师傅|老师|主任)|[老小]\p{Han})(?:吧|嘛|呗|哈)?[。！!～~]*$`)

// personGiven is the staff member a 转派 answer names in words (給老周吧,
// 陈主任, 王师傅不是病了嘛 那就还是给陈主任): among buttons, or, for a
// worker's 转派, the 总务主任 named, who routes it again. ruled is the one
// the words name as ill or away, when they name no one else.
func personGiven(t *flows.Turn, buttons []flows.Button, byLeader bool) (id int64, ruled string, err error) {
	name, ruled := nameGiven(t.Text)
	if name == "" {
		return 0, ruled, nil
	}
	for _, b := range buttons {
		label, _, _ := strings.Cut(b.Label, "（")
		if namesPerson(name, label) {
			id, _ := strconv.ParseInt(b.Data, 10, 64)
			return id, "", nil
		}
	}
	if byLeader || !strings.HasSuffix(name, "主任") {
		return 0, "", nil
	}
	heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
	if err != nil {
		return 0, "", err
	}
	for _, h := range heads {
		if h.ID != t.Staff.ID && namesPerson(name, h.Name) {
			return h.ID, "", nil
		}
	}
	return 0, "", nil
}

// nameGiven is the person a 转派 answer gives the job to in words (给老周吧,
// 王师傅), or "" when none or the one named is said to be ill or away;
// ruled is the one said to be ill or away.
func nameGiven(text string) (name, ruled string) {
	text = strings.TrimSpace(text)
	out := map[string]bool{}
	for _, m := range ruledOutRE.FindAllStringSubmatch(text, -1) {
		out[m[1]], ruled = true, m[1]
	}
	if ms := giveToRE.FindAllStringSubmatch(text, -1); len(ms) > 0 {
		name = ms[len(ms)-1][1]
	} else if m := bareNameRE.FindStringSubmatch(text); m != nil {
		name = m[1]
	}
	if out[name] {
		return "", ruled
	}
	return name, ruled
}

// tellWhyGiven passes a worker's words beyond the name (王师傅不是病了嘛
// 那就还是给陈主任 让他找外面锁匠) to the one he gave r to, who would
// otherwise get the bare job card.
func tellWhyGiven(t *flows.Turn, r Repair, to int64) error {
	text := strings.TrimSpace(t.Text)
	if bareNameRE.MatchString(text) || to == t.Staff.ID {
		return nil
	}
	return t.Notify(flows.Notification{ToStaff: to, Kind: NoticeUpdate, Ref: ref(r),
		Text: fmt.Sprintf("%s 是%s转给你的，他的原话：「%s」", r.Ref, t.Staff.Name, flows.Clip(text, 100))})
}

// namesPerson is whether name said (周师傅, 老周, 小周) is the staff
// member called full (周师傅).
func namesPerson(name, full string) bool {
	if name == full {
		return true
	}
	if utf8.RuneCountInString(name) == 2 && (strings.HasPrefix(name, "老") || strings.HasPrefix(name, "小")) && !strings.HasSuffix(name, "师") {
		_, size := utf8.DecodeRuneInString(name)
		return strings.HasPrefix(full, name[size:]) && full != name[size:]
	}
	return false
}

// A worker may take back a 转派 he has just made to the wrong person (user
// test 16's 孙师傅: 「不对不对 我没说给王师傅 撤回」, then 「撤销」, and the lock
// job stayed with the sick 王师傅). As with a 没修好 taken back (undo.go),
// it is taken within minutes (UndoDoneWindow, as a 完成 is), and only while
// the one it went to has not taken it yet. The job comes back to him, the one it
// went to and the reporter are told it was a mistake, and he is asked
// again to whom it goes.

// undoXferRE is a transfer just made said to be wrong: 我没说给王师傅, 转错了,
// 不是给他; with 撤回 or 撤销 (undoDoneRE) beside it, or alone.
var undoXferRE = rx.MustCompile(`没说(?:要)?(?:转)?给|不是(?:转)?给|转错|给错|派错|选错|点错`)

// undoXferSaid reads 撤回 of a 转派 just made: the one job t.Staff handed
// on that its new worker has not taken yet. named is whether the words
// speak of the transfer (我没说给王师傅 撤回), not only 撤回.
func undoXferSaid(t *flows.Turn, norm string, named bool) (string, bool) {
	if !t.Staff.Has(flows.RoleWorker) || !t.Idle() || t.Msg.Button != "" {
		return "", false
	}
	if named && !(undoXferRE.MatchString(norm) && undoDoneRE.MatchString(norm)) {
		return "", false
	}
	open, err := db(t).RepairsWaiting(t.Ctx, t.School.ID, t.Now.AddDate(100, 0, 0), time.Time{})
	if err != nil {
		return "", false
	}
	var last Repair
	var lastAt time.Time
	for _, r := range open {
		if !handedOnBy(r, t.Staff) || mayUndoXfer(t, r) != "" {
			continue
		}
		if at := handedOnAt(t, r); at.After(lastAt) {
			last, lastAt = r, at
		}
	}
	if last.ID == 0 {
		return "", false // nothing handed on lately: 撤回 reads as before
	}
	return action(verbUnxfer, last.ID), true
}

// handedOnAt is when t.Staff last handed r on, from the repair's trail;
// zero when the store keeps none.
func handedOnAt(t *flows.Turn, r Repair) time.Time {
	er, ok := t.Tx.(eventsReader)
	if !ok {
		return time.Time{}
	}
	evs, err := er.RepairEvents(t.Ctx, r.ID)
	if err != nil {
		return time.Time{}
	}
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].Kind == EventTransferred && evs[i].ActorID == t.Staff.ID {
			return evs[i].At
		}
	}
	return time.Time{}
}

// handedOnBy is whether r was last handed on by s (its RouteReason, as
// reassign writes it: 由孙师傅转派).
func handedOnBy(r Repair, s flows.Staff) bool {
	return r.RouteReason == "由"+s.Name+"转派" && r.WorkerID != s.ID
}

// mayUndoXfer is why t.Staff may not take back the 转派 of r, or "".
func mayUndoXfer(t *flows.Turn, r Repair) string {
	switch {
	case !handedOnBy(r, t.Staff):
		return fmt.Sprintf("%s 不是你转派出去的，没有可以撤回的转派。", r.Ref)
	case r.Status != RepairAssigned:
		return fmt.Sprintf("%s 已经由%s接手（%s），不能撤回转派了；请直接和%s说一下。", r.Ref, r.WorkerName, r.Status.Label(), r.WorkerName)
	case t.Now.Sub(handedOnAt(t, r)) > UndoDoneWindow:
		return fmt.Sprintf("%s 转派已经超过 %d 分钟，不能撤回了；请直接和%s说一下。", r.Ref, int(UndoDoneWindow.Minutes()), r.WorkerName)
	}
	return ""
}

// undoXfer gives r back to t.Staff, who handed it on by mistake, tells
// the one it went to and its reporter, and asks again to whom it goes.
func undoXfer(t *flows.Turn, r Repair, _ []string) error {
	t.Done()
	from, wrong, wrongName := r.Status, r.WorkerID, r.WorkerName
	r.WorkerID, r.WorkerName = t.Staff.ID, t.Staff.Name
	r.RouteReason = t.Staff.Name + "撤回转派"
	if ok, err := move(t, r, EventTransferred, "撤回转给"+wrongName+"："+flows.Clip(strings.TrimSpace(t.Text), 100), from); !ok {
		return err
	}
	if err := t.Notify(flows.Notification{ToStaff: wrong, Kind: NoticeUpdate, Ref: ref(r),
		Text: fmt.Sprintf("【更正】%s（%s %s）刚才是%s转错了，已撤回，你不用处理。", r.Ref, r.Place(), r.Description, t.Staff.Name)}); err != nil {
		return err
	}
	if err := tellReporter(t, r, fmt.Sprintf("【更正】你报修的 %s（%s %s）刚才转给%s是转错了，已撤回，会重新安排维修人员。", r.Ref, r.Place(), r.Description, wrongName), nil, false); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("好的，已撤回 %s 转给%s，也告诉了%s不用处理。", r.Ref, wrongName, wrongName))
	return askTransferee(t, r, nil)
}

// weekEndRE is a deadline of this week's end: 这周之内弄好, 本周内, 这个星期
// 之内, 周末前 (user test 16's 分管领导: 「…同意外包，让陈主任联系防水公司，这周
// 之内弄好」 was asked for a number of days).
var weekEndRE = rx.MustCompile(`(?:这|本)(?:个)?(?:周|星期|礼拜)(?:之内|以内|内|结束前|完之前|末前|末之前)|(?:这|本)?周末(?:之前|前)`)

// weekEndDays is how many days ahead this week's end is, said back to the
// leader as the date it means. A school's week ends on Friday, when the
// workers are there; said on Friday or at the weekend, it is Sunday.
func weekEndDays(t *flows.Turn, text string) (int, bool) {
	said := weekEndRE.FindString(text)
	if said == "" {
		return 0, false
	}
	loc := t.School.Location()
	now := t.Now.In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, loc)
	wd := (int(today.Weekday()) + 6) % 7 // Monday is 0
	end := 4                             // Friday
	if wd >= end || strings.Contains(said, "周末") {
		end = 6
	}
	n := end - wd
	if n < 1 {
		return 0, false // said on Sunday: how long is asked
	}
	day := today.AddDate(0, 0, n)
	t.Say(fmt.Sprintf("「%s」按 %d月%d日（周%s）算。", said, day.Month(), day.Day(), []string{"日", "一", "二", "三", "四", "五", "六"}[day.Weekday()]))
	return n, true
}

// chargedRE is someone a leader's decision gives a task to: 让陈主任联系防水
// 公司, 叫吴老师问一下厂家, 请陈主任安排 (user test 16's 分管领导, whose
// 「让陈主任联系防水公司」 reached only the worker).
var chargedRE = rx.MustCompile(`(?:让|叫|请|由)\s*(\p{Han}{1,2}?(?:师傅|老师|主任|校长))\s*(?:去|来|负责|帮忙)?\s*(?:联系|找|问|安排|跟进|对接|负责|办|买|采购|盯)`)

// chargedSaid are the staff a leader's words give a task to, besides the
// job's worker (who hears the words anyway) and the leader.
func chargedSaid(t *flows.Turn, r Repair, words string) ([]flows.Staff, error) {
	if words == "" || t.Msg.Button != "" {
		return nil, nil
	}
	var out []flows.Staff
	for _, m := range chargedRE.FindAllStringSubmatch(words, -1) {
		found, err := t.Tx.FindStaff(t.Ctx, t.School.ID, m[1])
		if err != nil {
			return nil, err
		}
		for _, s := range found {
			if s.Name == m[1] && s.ID != r.WorkerID && s.ID != t.Staff.ID &&
				!slices.ContainsFunc(out, func(o flows.Staff) bool { return o.ID == s.ID }) {
				out = append(out, s)
			}
		}
	}
	return out, nil
}

// tellCharged tells each of charged the decision on r and the leader's
// words, as the task they are given.
func tellCharged(t *flows.Turn, r Repair, charged []flows.Staff, words string) error {
	what, _ := decisionParts(r.Decision)
	for _, s := range charged {
		if err := t.Notify(flows.Notification{ToStaff: s.ID, Kind: NoticeUpdate, Ref: ref(r), Link: t.Link("/r/" + r.Ref),
			Text: fmt.Sprintf("【领导交办】%s（%s %s）%s已处理：%s，新的期限 %s。\n%s的原话：「%s」\n维修人员：%s。",
				r.Ref, r.Place(), r.Description, t.Staff.Name, what, t.When(r.DueAt), t.Staff.Name, words, r.WorkerName)}); err != nil {
			return err
		}
	}
	return nil
}

// allSaidRE is every job listed meant at once: 门锁的也一起转了吧, 两个都转,
// 全部转给别人 (user test 16's 王师傅, asked which of his two jobs to hand
// back, had only the lock job moved, the leak silently left with him).
var allSaidRE = rx.MustCompile(`一起|一块儿?|两个都|几个都|都转|都给|全部|全都|统统`)

// handBackAll does every act of a which-one question about handing jobs
// back to the 总务主任 (giveBack), when the answer says all of them.
func handBackAll(t *flows.Turn, acts []string) (bool, error) {
	text := strings.TrimSpace(t.Text)
	if t.Msg.Button != "" || !allSaidRE.MatchString(text) || strings.ContainsAny(text, "不别") {
		return false, nil
	}
	for _, s := range acts {
		act, ok := flows.ParseAction(s)
		if !ok || verb(act.Verb) != verbXfer || len(act.Args) == 0 || act.Args[0] != giveBack {
			return false, nil
		}
	}
	t.Done()
	for _, s := range acts {
		if err := (RepairFlow{}).Act(t, s); err != nil {
			return true, err
		}
	}
	return true, nil
}

// xferAskedRE is a worker asking whether a job was handed on, or asking
// for it again: 那漏水那个呢？转了没有, 转了吗, 也一起转了吧.
var xferAskedRE = rx.MustCompile(`转了没|转没转|转了吗|转走了吗|转出去了吗|转过去了吗|转好了吗|(?:也|一起|都)转`)

// handedOnSaid answers a worker asking about jobs he has handed on (user
// test 16's F5: 「那漏水那个呢？转了没有」 began a repair report): where
// each is now, those his words name, or all of them. Taken only when no
// job of his is still his to hand on, so a 转 of one of them reads as
// before.
func handedOnSaid(t *flows.Turn, text string) bool {
	if !t.Staff.Has(flows.RoleWorker) || !t.Idle() || t.Msg.Button != "" || !xferAskedRE.MatchString(text) {
		return false
	}
	rs, err := candidates(t)
	if err != nil || slices.ContainsFunc(rs, func(r Repair) bool { return r.WorkerID == t.Staff.ID && mayAct(t, r, verbXfer) == "" }) {
		return false
	}
	open, err := db(t).RepairsWaiting(t.Ctx, t.School.ID, t.Now.AddDate(100, 0, 0), time.Time{})
	if err != nil {
		return false
	}
	var gone []Repair
	for _, r := range open {
		if handedOnBy(r, t.Staff) {
			gone = append(gone, r)
		}
	}
	if len(gone) == 0 {
		return false
	}
	if named := slices.DeleteFunc(slices.Clone(gone), func(r Repair) bool { return !sharesWords(text, r.Description) }); len(named) > 0 {
		gone = named // 那漏水那个呢: the leak; 漏水那个，门锁的也…: both
	}
	lines := make([]string, len(gone))
	for i, r := range gone {
		lines[i] = fmt.Sprintf("· %s %s「%s」已经转给%s了（%s）", r.Ref, r.Place(), jobWords(r, 20), r.WorkerName, r.Status.Label())
	}
	t.Say("已经转了：\n" + strings.Join(lines, "\n") + "\n你手上现在没有要转的单子了。")
	return true
}

// HandedOnJustNow is the job t.Staff handed on to staff member to within
// minutes (UndoDoneWindow) that to has not taken yet, when there is one:
// a leader who says a hazard, not a job, was meant for to (user test 28's
// 「不对不对 不是门锁 是…隐患 交给吴老师整改」) is told how to move that job
// too.
func HandedOnJustNow(t *flows.Turn, to int64) (Repair, bool) {
	open, err := db(t).RepairsWaiting(t.Ctx, t.School.ID, t.Now.AddDate(100, 0, 0), time.Time{})
	if err != nil {
		return Repair{}, false
	}
	for _, r := range open {
		// (A store that keeps no trail gives no time: the job is
		// pointed at all the same, as the words only tell how.)
		if at := handedOnAt(t, r); r.WorkerID == to && r.Status == RepairAssigned && handedOnBy(r, t.Staff) && (at.IsZero() || t.Now.Sub(at) <= UndoDoneWindow) {
			return r, true
		}
	}
	return Repair{}, false
}
