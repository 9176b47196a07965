package repair

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A worker telling two of his jobs are one fault reported twice (user test
// 32's T13/T14: 「2和3是同一个暖气片 两个老师报重了 都接了」,
// 「BX-20261203-002跟001是重复的 一个暖气片」): the later job is merged into
// the other as a report filed twice would have been (its reporter follows
// the kept job, both reporters are told), closed as a duplicate, and with
// 接了 the kept job is taken.

// dupWordsRE is words saying two reports are one: 报重了, 是重复的, 重复报的,
// 两个老师报的是一个, 是同一个暖气片, 是一回事.
var dupWordsRE = rx.MustCompile(`报重了?|重复(?:报)?的|重复了|重复报|报的是(?:同一个|一个|一回事)|(?:是|算)(?:一回事|同一个\p{Han}{0,4}|一个\p{Han}{0,4})`)

// notDupRE is words saying they are not one: 不是重复的, 没报重, 不算重复.
var notDupRE = rx.MustCompile(`(?:不是|不算|没有?|并非)(?:报)?重复|没报重|不重复|不是(?:同)?一个|不是一回事`)

// dupTwoRE is words saying the two are meant when no number names them:
// 两个老师报的是一个, 俩单子是重复的.
var dupTwoRE = rx.MustCompile(`[两俩二](?:个|张|单)?(?:老师|人|单子?|活儿?|任务)?`)

// dupRefRE is a job's full reference; dupNumRE a number said for a job
// (002, 2, 2号).
var (
	dupRefRE = rx.MustCompile(`(?i)bx-\d{8}-(\d{1,4})`)
	dupNumRE = rx.MustCompile(`\d{1,4}`)
)

// dupTakeRE is taking said with it: 都接了, 我接了, 接一个就行.
var dupTakeRE = rx.MustCompile(`接了|接单|我接|都接|接吧|接一个`)

// dupSaid reads a worker's words that two of his open jobs are one, merges
// them (see mergeDup) and, with 接了, returns the action taking the kept
// job.
func dupSaid(t *flows.Turn, text string) (string, bool) {
	picking := t.Flow() == followUpName && t.State() == string(stateActPick)
	if !t.Staff.Has(flows.RoleWorker) || !t.Idle() && !picking {
		return "", false // (2和3是同一个 … answers 「是哪一个？」 too)
	}
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(text)))
	if !dupWordsRE.MatchString(norm) || notSameRE.MatchString(norm) || notDupRE.MatchString(norm) || doneTold(text) {
		return "", false // 不是重复的; 放了气现在热乎了 两个老师报的是一个 is done news (several.go)
	}
	if intentOf(text, Sender{Roles: t.Staff.Roles}) == IntentDone || workerFixedRE.MatchString(norm) {
		return "", false // 305暖气又弄了一遍 … 两个老师报的是一个: both done (severalRE)
	}
	rs, err := candidates(t)
	if err != nil {
		return "", false
	}
	open := slices.DeleteFunc(rs, func(r Repair) bool {
		return !(r.Status == RepairAssigned || r.Status == RepairAccepted) || r.WorkerID != t.Staff.ID
	})
	pair := dupNamed(t, norm, open)
	if pair == nil && dupTwoRE.MatchString(dupWordsRE.ReplaceAllString(norm, "")) {
		pair = dupAlone(open)
	}
	if pair == nil {
		return "", false
	}
	keep, dup := pair[0], pair[1]
	if dup.Status == RepairAccepted && keep.Status != RepairAccepted || dup.ID < keep.ID && dup.Status == keep.Status {
		keep, dup = dup, keep // the one he took, else the first reported
	}
	if !oneFault(keep, dup) {
		return "", false // 1和2是一个地方的: not one fault (a lamp and a tap)
	}
	if keep.LocationID != dup.LocationID || keep.PlaceText != dup.PlaceText {
		t.Say(fmt.Sprintf("%s（%s）和 %s（%s）地点不同，不能合并。如确实是同一处，请把其中一单「修不好」并说明，或发送「我的」查看。",
			keep.Ref, keep.Place(), dup.Ref, dup.Place()))
		return "", true
	}
	if picking {
		t.Done() // the list was of which to take: the words answer it
	}
	if err := mergeDup(t, keep, dup); err != nil {
		t.Say("暂时合并不了，请稍后再试。")
		return "", true
	}
	if dupTakeRE.MatchString(norm) && mayAct(t, keep, verbTake) == "" {
		return action(verbTake, keep.ID), true
	}
	return "", true
}

// dupNamed is the two jobs the words name by number: BX references, 002跟001,
// or 2和3 of the which-one list houqin last showed; nil unless exactly two
// of open.
func dupNamed(t *flows.Turn, norm string, open []Repair) []Repair {
	var nums []int
	for _, m := range dupRefRE.FindAllStringSubmatch(norm, -1) {
		n, _ := strconv.Atoi(m[1])
		nums = append(nums, n)
	}
	rest := dupRefRE.ReplaceAllString(norm, "，")
	short := true
	for _, f := range dupNumRE.FindAllString(rest, -1) {
		n, _ := strconv.Atoi(f)
		if len(f) >= 3 && f[0] != '0' {
			continue // 305: a room
		}
		if len(f) >= 3 {
			short = false
		}
		nums = append(nums, n)
	}
	if len(nums) != 2 || nums[0] == nums[1] {
		return nil
	}
	if buttons, _ := t.LastShown(); short && len(buttons) >= 2 && len(dupRefRE.FindAllString(norm, -1)) == 0 {
		if picked := listPositions(nums, len(buttons)); picked != nil {
			var pair []Repair
			for _, i := range picked {
				if j := slices.IndexFunc(open, func(r Repair) bool { return strconv.FormatInt(r.ID, 10) == buttons[i].Data }); j >= 0 {
					pair = append(pair, open[j])
				}
			}
			if len(pair) == 2 {
				return pair // 2和3, of the list just shown
			}
		}
	}
	var pair []Repair
	for _, n := range nums {
		if j := slices.IndexFunc(open, func(r Repair) bool { return Num(r) == n }); j >= 0 {
			pair = append(pair, open[j])
		}
	}
	if len(pair) != 2 {
		return nil
	}
	return pair
}

// oneThing reports whether two jobs' things may be one: the same (暖气,
// 暖气片 by sameThing or by one naming the other), or one not named.
func oneThing(a, b string) bool {
	return a == "" || b == "" || sameThing(a, b) || strings.Contains(a, b) || strings.Contains(b, a)
}

// oneFault reports whether two jobs a worker says are one may be: the same
// trade and a thing named by both (oneThing), or, a thing unnamed, the
// same symptom.
func oneFault(a, b Repair) bool {
	if a.Trade != b.Trade || !oneThing(a.Item, b.Item) {
		return false
	}
	if a.Item != "" && b.Item != "" {
		return true
	}
	s := symptomOf(a.Description)
	return s != "" && s == symptomOf(b.Description)
}

// dupAlone is the one pair of open jobs at one place of one fault
// (oneFault), for words naming none: 两个老师报的是一个.
func dupAlone(open []Repair) []Repair {
	var pair []Repair
	for i, a := range open {
		for _, b := range open[i+1:] {
			if a.LocationID == b.LocationID && a.PlaceText == b.PlaceText && oneFault(a, b) {
				if pair != nil {
					return nil
				}
				pair = []Repair{a, b}
			}
		}
	}
	return pair
}

// mergeDup merges dup into keep: dup's reporter and followers follow keep
// with their report, keep's trail records it, dup is closed as cancelled
// (a duplicate, never counted), and both reporters are told.
func mergeDup(t *flows.Turn, keep, dup Repair) error {
	if dup.ReporterID != keep.ReporterID {
		if err := db(t).AddFollower(t.Ctx, keep.ID, dup.ReporterID, t.Now, dup.Description); err != nil {
			return err
		}
	}
	fs, err := db(t).Followers(t.Ctx, dup.ID)
	if err != nil {
		return err
	}
	for _, id := range fs {
		report, err := db(t).FollowerReport(t.Ctx, dup.ID, id)
		if err != nil && !isNotFound(err) {
			return err
		}
		if id != keep.ReporterID {
			if err := db(t).AddFollower(t.Ctx, keep.ID, id, t.Now, report); err != nil {
				return err
			}
		}
	}
	note := fmt.Sprintf("%s：%s（%s报修「%s」）与这张单重复，已合并", t.Staff.Name, dup.Ref, dup.ReporterName, dup.Description)
	if err := db(t).UpdateRepair(t.Ctx, keep, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventMerged, From: keep.Status, To: keep.Status, Note: note}); err != nil {
		return err
	}
	from := dup.Status
	dup.Status, dup.ClosedAt = RepairCancelled, t.Now
	if err := db(t).UpdateRepair(t.Ctx, dup, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventMergedInto, From: from, To: dup.Status,
		Note: fmt.Sprintf("并入 %s：与之重复，%s已合并", keep.Ref, t.Staff.Name)}); err != nil {
		return err
	}
	if err := tellReporter(t, dup, fmt.Sprintf("你报修的 %s（%s %s）和 %s 是同一个问题，%s已把两单合并到 %s，修好后会通知你。",
		dup.Ref, dup.Place(), dup.Description, keep.Ref, t.Staff.Name, keep.Ref), nil, true); err != nil {
		return err
	}
	if keep.ReporterID != dup.ReporterID && keep.ReporterID != t.Staff.ID {
		if err := t.Notify(flows.Notification{ToStaff: keep.ReporterID, Kind: NoticeUpdate, Ref: ref(keep),
			Text: fmt.Sprintf("你报修的 %s（%s %s）%s也报过（%s），%s说是同一个问题，已合并到你这张单。",
				keep.Ref, keep.Place(), keep.Description, dup.ReporterName, dup.Ref, t.Staff.Name)}); err != nil {
			return err
		}
	}
	if err := groupCard(t, dup); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("好的，%s 和 %s 是同一个问题，已把 %s 合并到 %s，并告诉了%s。", keep.Ref, dup.Ref, dup.Ref, keep.Ref, reportersOf(keep, dup)))
	return nil
}

// reportersOf names the reporters of two merged jobs: 李老师和王老师, or one.
func reportersOf(keep, dup Repair) string {
	if keep.ReporterID == dup.ReporterID {
		return keep.ReporterName
	}
	return keep.ReporterName + "和" + dup.ReporterName
}

// mergedIntoRE reads the job a duplicate was merged into from the note of
// its EventMergedInto (mergeDup), or of the EventCancelled that recorded
// the merge before that kind existed (「与 BX-… 重复，周师傅已合并」).
var mergedIntoRE = rx.MustCompile(`^(?:并入 (\S+?)：|与 (\S+) 重复，)`)

// mergedInto is the reference of the job that cancelled repair r was
// merged into as a duplicate, "" when r was withdrawn (or is not
// cancelled). A merged report is no withdrawal: its reporter follows the
// kept job, and 「我的」 says so rather than 「已撤销」. Only a cancelled
// repair's trail is read, which few are.
func mergedInto(t *flows.Turn, r Repair) string {
	er, ok := t.Tx.(eventsReader)
	if r.Status != RepairCancelled || !ok {
		return ""
	}
	evs, err := er.RepairEvents(t.Ctx, r.ID)
	if err != nil {
		return "" // only a label: the plain 已撤销 does
	}
	for i := len(evs) - 1; i >= 0; i-- {
		e := evs[i]
		if e.To != RepairCancelled || e.Kind != EventMergedInto && e.Kind != EventCancelled {
			continue
		}
		if m := mergedIntoRE.FindStringSubmatch(e.Note); m != nil {
			return m[1] + m[2]
		}
		return ""
	}
	return ""
}

// statusLabel is r's status as staff read it, with the job a duplicate
// was merged into (已并入 BX-…) rather than 已撤销.
func statusLabel(t *flows.Turn, r Repair) string {
	if to := mergedInto(t, r); to != "" {
		return "已并入 " + to
	}
	return r.Status.Label()
}
