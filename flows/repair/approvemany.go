package repair

import (
	"strings"

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
	if !approveStrongRE.MatchString(norm) || approvalDeniedRE.MatchString(norm) || decisionAskedRE.MatchString(norm) {
		return false, nil
	}
	named, err := waitingNamed(t, norm)
	if err != nil {
		return false, err
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
		if len(named) > 1 {
			return false, nil // how long is asked of one job at a time
		}
		r := named[0]
		t.Say(leadSummary(t, r) + "\n批准外修或采购，预计几天内修好？请回复天数（1–60）。")
		return true, ask(t, stateLeadDays, followUpData{ID: r.ID, Choice: string(decisionApprove), Note: note})
	}
	for _, r := range named {
		a := followUpData{ID: r.ID, Choice: string(decisionApprove), Note: note, Named: true}
		if err := decideBy(t, r, a, due); err != nil {
			return true, err
		}
	}
	return true, nil
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
