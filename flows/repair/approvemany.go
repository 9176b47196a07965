package repair

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// approveNamedSaid is a leader approving, in words, the purchase or
// outside repair asked for the jobs the words name by their thing or
// place, one or several at once, with how long they take: 303的钟和灯都批了
// 买吧 三天内弄好, 灯那个也一样 批了 也是三天, 图书馆屋顶同意找施工队 寒假里
// 干完 给一个月 (user test 27's K25, K26, K36: not understood, or 「没有找到
// 你要批准的报修」). Each job named that awaits a decision (修不好·待领导
// 处理) is approved with the days said; one named with no days said is
// asked how many. Words approving that name no such job, or that the
// repair flow reads already (同意采购 三天), are left to it.
func approveNamedSaid(t *flows.Turn, text string) (bool, error) {
	if !t.Idle() || t.Msg.Button != "" || !t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) {
		return false, nil
	}
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(text)))
	if !approvesMany(norm) {
		return false, nil
	}
	named, err := waitingNamed(t, norm)
	if err != nil {
		return false, err
	}
	if len(named) == 0 {
		// 都批了, 这几个都同意 with nothing named: the jobs waiting for
		// him, when the words say all of them and they are plainly the
		// ones meant (user test 30b's T17 phrasings).
		var asked bool
		if named, asked, err = allWaitingSaid(t, norm); asked || err != nil {
			return asked, err
		}
	}
	if len(named) == 0 || len(named) == 1 && approvalSaid(text) && !approveSameRE.MatchString(norm) {
		return false, nil // none named, or one the words read already
	}
	said := jobLeadRE.ReplaceAllString(text, "")
	// 周四前修好, 今天之内: the deadline said, as for one job (act.go).
	due, ok := dueSaid(t, said)
	if !ok {
		var n int
		if n, ok = daysAhead(said); !ok {
			n, ok = dateDays(t, said)
		}
		due = decidedDue(t, n)
		if !ok {
			due, ok = termDue(t, said) // 元旦前, 月底 (user test 30's T51)
		}
	}
	note := flows.Clip(strings.TrimSpace(text), 200)
	if !ok {
		// How long, asked once for them all (暖气都同意外包: the four
		// jobs had been offered one at a time to choose from).
		slices.SortFunc(named, func(a, b Repair) int { return cmp.Compare(a.ID, b.ID) })
		r := named[0]
		a := followUpData{ID: r.ID, Choice: string(decisionApprove), Note: note}
		if len(named) == 1 {
			t.Say(leadSummary(t, r) + "\n批准外修或采购，预计几天内修好？请回复天数（1–60）。")
			return true, ask(t, stateLeadDays, a)
		}
		var ids []string
		for _, o := range named[1:] {
			ids = append(ids, strconv.FormatInt(o.ID, 10))
		}
		a.Next = strings.Join(ids, ",")
		t.Say(fmt.Sprintf("好的，批准这 %d 单：\n%s\n预计几天内修好？请回复天数（1–60），%d 单用同一个期限。", len(named), jobLines(named), len(named)))
		return true, ask(t, stateLeadDays, a)
	}
	if len(named) == 1 {
		a := followUpData{ID: named[0].ID, Choice: string(decisionApprove), Note: note, Named: true}
		return true, decideBy(t, named[0], a, due)
	}
	slices.SortFunc(named, func(a, b Repair) int { return cmp.Compare(a.ID, b.ID) })
	var ds []decided
	for _, r := range named {
		a := followUpData{ID: r.ID, Choice: string(decisionApprove), Note: note, Named: true}
		d, ok, err := recordDecision(t, r, a, due)
		if err != nil {
			return true, err
		}
		if ok {
			ds = append(ds, d)
		}
	}
	decideMany(t, ds)
	return true, nil
}

// decideAll is decideBy for r and the jobs of a.Next, approved in one
// sentence whose how long was asked once for all of them: those still
// waiting for the leader are decided alike and told in one reply.
func decideAll(t *flows.Turn, r Repair, a followUpData, due time.Time) error {
	if a.Next == "" {
		return decideBy(t, r, a, due)
	}
	others, err := chosenJobs(t, a.Next)
	if err != nil {
		return err
	}
	var ds []decided
	for _, o := range append([]Repair{r}, others...) {
		if o.Status != RepairBlocked || mayAct(t, o, verbLead) != "" {
			continue // decided meanwhile, by another leader
		}
		d, ok, err := recordDecision(t, o, followUpData{ID: o.ID, Choice: a.Choice, Note: a.Note, What: a.What, Named: true}, due)
		if err != nil {
			return err
		}
		if ok {
			ds = append(ds, d)
		}
	}
	t.Done()
	decideMany(t, ds)
	return nil
}

// decideMany says once what one sentence of a leader decided for several
// jobs (暖气的事批了 找供暖公司来, of four rooms' heating: user test 30b's
// T17 had four replies, each listing the other three as still waiting):
// the decision and the deadline when they are the same for all, the jobs
// listed once, whom it was told, and the other open jobs of the same
// thing.
func decideMany(t *flows.Turn, ds []decided) {
	switch len(ds) {
	case 0:
		t.Say("这几单已经处理过了，不用再批。发送「我的」可以查看进度。")
		return
	case 1:
		d := ds[0]
		t.Say(fmt.Sprintf("%s（%s「%s」）已记录：%s，新的期限 %s。已告知%s。", d.r.Ref, d.r.Place(), flows.ClipWords(firstDescription(d.r), 20), d.r.Decision, t.When(d.r.DueAt), d.told) + sameThingOpen(t, d.r.Item, map[int64]bool{d.r.ID: true}))
		return
	}
	first := ds[0].r
	same, sameDue, item := true, true, first.Item
	done := map[int64]bool{}
	var workers, charged []string
	for _, d := range ds {
		done[d.r.ID] = true
		if !d.r.DueAt.Equal(first.DueAt) {
			same, sameDue = false, false
		}
		if d.r.Decision != first.Decision {
			same = false
		}
		if d.r.Item != item {
			item = ""
		}
		if d.r.WorkerName != "" && d.r.WorkerID != t.Staff.ID && !slices.Contains(workers, d.r.WorkerName) {
			workers = append(workers, d.r.WorkerName)
		}
		for _, c := range d.charged {
			if !slices.Contains(charged, c) {
				charged = append(charged, c)
			}
		}
	}
	// The leader is the one who decided: his name after the decision
	// (批准外包维修（刘副校长）) is for the others.
	bare := func(r Repair) string { return strings.TrimSuffix(r.Decision, "（"+t.Staff.Name+"）") }
	lines := make([]string, len(ds))
	for i, d := range ds {
		lines[i] = jobLines([]Repair{d.r})
		switch {
		case !sameDue:
			lines[i] += fmt.Sprintf("：%s，期限 %s", bare(d.r), t.When(d.r.DueAt))
		case !same:
			lines[i] += "：" + bare(d.r)
		}
	}
	what := "报修"
	if item != "" {
		what = item + "报修"
	}
	var head string
	if same {
		head = fmt.Sprintf("%d 单%s都已%s，新的期限 %s：", len(ds), what, bare(first), t.When(first.DueAt))
	} else if sameDue {
		head = fmt.Sprintf("已记录这 %d 单%s的处理，新的期限 %s：", len(ds), what, t.When(first.DueAt))
	} else {
		head = fmt.Sprintf("已记录这 %d 单%s的处理：", len(ds), what)
	}
	told := "报修人"
	if len(workers) > 0 {
		told += "和" + strings.Join(workers, "、")
	}
	if len(charged) > 0 {
		told += "，并把你的原话转达给了" + strings.Join(charged, "、")
	}
	t.Say(head + "\n" + strings.Join(lines, "\n") + "\n已告知" + told + "。" + sameThingOpen(t, item, done))
}

// waitingNamed are the jobs awaiting t.Staff's decision (修不好·待领导处理,
// his to 处理) that norm, a leader's words normalized, names by their thing
// or what was asked for them, or else by their place.
func waitingNamed(t *flows.Turn, norm string) ([]Repair, error) {
	rs, err := candidates(t)
	if err != nil {
		return nil, err
	}
	var waiting, named []Repair
	for _, r := range rs {
		if r.Status != RepairBlocked || mayAct(t, r, verbLead) != "" {
			continue
		}
		waiting = append(waiting, r)
	}
	for _, r := range waiting {
		// By a whole thing: one character of 灯管 in 加热管 is no lamp.
		if (nameStrength(norm, r) == 2 || namesHeadOf(norm, r) || namesDescribed(norm, r.BlockedReason)) && roomFits(norm, r) {
			named = append(named, r)
		}
	}
	if len(named) == 0 {
		// 图书馆屋顶同意找施工队, of 图书馆阅览室's leak: the place, when
		// no thing is named (a thing of 303 beside another is not both).
		for _, r := range waiting {
			if placeNamed(norm, r.LocationName) && roomFits(norm, r) {
				named = append(named, r)
			}
		}
	}
	return named, nil
}

// decidesWaiting reports whether text is a leader approving, outright,
// a job that awaits his decision (礼堂灯要买镇流器 我批了 300块以内): words
// that answer no other question, whatever question is open.
func decidesWaiting(t *flows.Turn, text string) (bool, error) {
	if t.Msg.Button != "" || !t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) {
		return false, nil
	}
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(text)))
	if !approveStrongRE.MatchString(norm) || approvalDeniedRE.MatchString(norm) || decisionAskedRE.MatchString(norm) {
		return false, nil
	}
	named, err := waitingNamed(t, norm)
	return len(named) > 0, err
}

// approveStrongRE is an approval said outright: 批了, 批准, 同意, 准了 (a
// bare 可以 or 行 may be meant for a visitor at the gate).
var approveStrongRE = rx.MustCompile(`(?:^|[^不没])(?:批了|批准|同意|准了)`)

// approveSameRE is an approval given as the one before: 灯那个也一样 批了,
// 这个也批了, 也同意; or given with what the worker asked for that
// approveObjectRE does not know: 同意找施工队.
var approveSameRE = rx.MustCompile(`也(?:一样|同样)?\s*(?:批了|批准|同意|准了)|(?:批了|批准|同意|准了)\s*(?:找|请|叫|联系)\s*(?:施工队|工程队|装修队|外面|专业)`)

// roomFits reports whether the room numbers norm says, if any, include
// r's: 303的钟 is no clock of 302.
func roomFits(norm string, r Repair) bool {
	nums := placeNumRE.FindAllString(norm, -1)
	if len(nums) == 0 {
		return true
	}
	for _, n := range nums {
		if strings.Contains(r.LocationName, n) {
			return true
		}
	}
	return false
}

// approvesMany reports whether norm, a leader's words normalized, approve
// outright (批了, 同意, 准了), or give all of several jobs to outside hands
// (暖气那几单都找外面修, 都让供暖公司来弄): not denied, not asked.
func approvesMany(norm string) bool {
	if approvalDeniedRE.MatchString(norm) || decisionAskedRE.MatchString(norm) {
		return false
	}
	return approveStrongRE.MatchString(norm) || allJobsSaidRE.MatchString(norm) && outsideGivenRE.MatchString(norm) && !outsideDeniedRE.MatchString(norm)
}

// outsideDeniedRE is outside hands refused: 不要都外包, 先别找外面,
// 都不用找厂家.
var outsideDeniedRE = rx.MustCompile(`(?:不要|不用|不必|别|先不|不能|没必要)\p{Han}{0,3}?(?:外包|外修|返厂|找|请|叫|让|联系)`)

// allJobsSaidRE is words meaning every one of several jobs: 都, 全部, 这几个,
// 那几单, 四个.
var allJobsSaidRE = rx.MustCompile(`都|全部|全都|所有|(?:这|那)几(?:个|单|件)|([两二三四五六七八九十\d]+)(?:个|单|件)`)

// outsideGivenRE is a job given to outside hands in words: 找外面修, 外包,
// 让供暖公司来弄, 叫厂家来.
var outsideGivenRE = rx.MustCompile(`(?:找|请|叫|让|联系)\s*(?:外面|外边|厂家|\p{Han}{0,4}?(?:公司|施工队|工程队))|外包|外修|返厂`)

// allWaitingSaid is the jobs waiting for t.Staff's decision when norm,
// words approving with no job named, say all of them: 都批了, 这几个都同
// 意, 四个都批了. They are taken when they are all of one thing, or as
// many as the words count; otherwise the leader is shown them and asked
// which (asked is then true). None when the words say no "all".
func allWaitingSaid(t *flows.Turn, norm string) (named []Repair, asked bool, err error) {
	m := allJobsSaidRE.FindStringSubmatch(norm)
	if m == nil {
		return nil, false, nil
	}
	rs, err := candidates(t)
	if err != nil {
		return nil, false, err
	}
	var waiting []Repair
	for _, r := range rs {
		if r.Status == RepairBlocked && mayAct(t, r, verbLead) == "" {
			waiting = append(waiting, r)
		}
	}
	if len(waiting) < 2 {
		return nil, false, nil // one or none: the words for one job read it
	}
	slices.SortFunc(waiting, func(a, b Repair) int { return cmp.Compare(a.ID, b.ID) })
	if m[1] != "" {
		if n, ok := parse.ParseChoice(m[1], 99); ok && n == len(waiting) {
			return waiting, false, nil
		}
	} else if !slices.ContainsFunc(waiting, func(r Repair) bool { return r.Item != waiting[0].Item || r.Item == "" }) {
		return waiting, false, nil
	}
	var nums []string
	for _, r := range waiting {
		nums = append(nums, strconv.Itoa(Num(r)))
	}
	example := ""
	if it := waiting[0].Item; it != "" {
		example = fmt.Sprintf("，例如「%s的批了」", it)
	}
	t.Say(fmt.Sprintf("等你处理的修不好的报修有 %d 单：\n%s\n请说批准哪几单%s；也可以回复「处理 %s」逐单处理。", len(waiting), jobLines(waiting), example, nums[0]))
	return nil, true, nil
}

// jobLines lists jobs one a line, as a leader reads them: number, place,
// thing.
func jobLines(rs []Repair) string {
	lines := make([]string, len(rs))
	for i, r := range rs {
		lines[i] = fmt.Sprintf("· %s %s「%s」", r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20))
	}
	return strings.Join(lines, "\n")
}
