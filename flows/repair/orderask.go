package repair

import (
	"fmt"
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// orderAskRE is a worker asking houqin which of his jobs to do first:
// 先弄哪个, 先修哪一个啊, 哪个先弄, 哪个更急. It is a question to houqin,
// never words for a reporter (user test 33's T11 passed 「先弄哪个」 to
// both reporters of the jobs he took).
var orderAskRE = rx.MustCompile(`(?:我|那)?(?:先|最先|首先)(?:弄|修|干|做|去|搞|处理|整|看)?哪(?:个|一个|一单|单|边|头)(?:啊|呀|呢|吧)?[？?]*|哪(?:个|一个|一单|单)(?:先|最急|更急|急)(?:弄|修|干|做|去|搞|处理)?(?:啊|呀|呢|吧)?[？?]*`)

// withoutOrderAsk is a worker's remark less his question of which job
// comes first (orderAskRE), and the separators it leaves at the ends.
func withoutOrderAsk(remark string) string {
	if !orderAskRE.MatchString(remark) {
		return remark
	}
	return strings.Trim(orderAskRE.ReplaceAllString(remark, " "), " 　，,。.；;！!")
}

// firstJobAnswer answers which of jobs comes first: an urgent one before
// others, then the earliest deadline, then the one reported first; with
// why, in words. It is "" for fewer than two jobs.
func firstJobAnswer(t *flows.Turn, jobs []Repair) string {
	if len(jobs) < 2 {
		return ""
	}
	s := slices.Clone(jobs)
	slices.SortStableFunc(s, func(a, b Repair) int {
		if (a.Tier == TierUrgent) != (b.Tier == TierUrgent) {
			if a.Tier == TierUrgent {
				return -1
			}
			return 1
		}
		if c := a.DueAt.Compare(b.DueAt); c != 0 {
			return c
		}
		return int(a.ID - b.ID)
	})
	first, next := s[0], s[1]
	var why string
	switch {
	case first.Tier == TierUrgent && next.Tier != TierUrgent:
		why = fmt.Sprintf("它是紧急单，要在 %s 前处理好", t.When(first.DueAt))
	case first.DueAt.Before(next.DueAt):
		why = fmt.Sprintf("它的期限最早（%s 前）", t.When(first.DueAt))
	default:
		why = fmt.Sprintf("期限都是 %s，它报得最早", t.When(first.DueAt))
	}
	return fmt.Sprintf("建议先弄 %s（%s「%s」）：%s。", first.Ref, first.Place(), jobWords(first, 12), why)
}

// answerOrderAsk says, when the worker's words asked which job comes
// first, the answer among the jobs he just took (taken), or, having taken
// one, among all the jobs he has in hand.
func answerOrderAsk(t *flows.Turn, taken []Repair) error {
	if t.Msg.Button != "" || !orderAskRE.MatchString(t.Text) {
		return nil
	}
	jobs := taken
	if len(jobs) < 2 {
		rs, err := candidates(t)
		if err != nil {
			return err
		}
		jobs = nil
		for _, r := range rs {
			if r.WorkerID == t.Staff.ID && (r.Status == RepairAccepted || r.Status == RepairAssigned || r.Status == RepairDeferred) {
				jobs = append(jobs, r)
			}
		}
	}
	if said := firstJobAnswer(t, jobs); said != "" {
		t.Say(said)
	}
	return nil
}
