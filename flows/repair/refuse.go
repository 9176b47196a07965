package repair

import (
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// A leader may refuse what a worker who could not fix a job asked for
// (外修, 采购) and hand it back to him: 「不批 自己想办法」, 「不同意外修
// 先自己修修看」 (user test 33). The job goes back to 维修中 with its
// worker, who reads the leader's words; it had been 「没有看懂」.

// refuseSaidRE is the refusal with what the worker is to do instead: not
// approved (不批, 不同意, 没批), then fixing it himself (自己想办法).
var refuseSaidRE = rx.MustCompile(`(?:不批|不同意|不批准|没批|不能批|不行)(?:准)?[了吧啊]?(?:外修|外包|采购|购买|买新的)?[\s，,。!！]*` +
	`(?:让(?:他|他们|\p{Han}{1,3}?师傅))?(?:还是)?(?:先)?(?:自己|自行)(?:再)?(?:想想?办法|修修看|修一修|修|弄|处理|解决|克服一下)`)

// refuseSaid reports a leader's refusal handing a job back (不批 自己想办法),
// not a question (不批的话自己能修吗).
func refuseSaid(text string) bool {
	text = strings.TrimSpace(text)
	return refuseSaidRE.MatchString(text) && !decisionAskedRE.MatchString(text)
}

// refuseDecided records the refusal of job r's request, back to its worker
// with the leader's words; its deadline is the one said, or the one it has
// when that is still ahead, or tomorrow's.
func refuseDecided(t *flows.Turn, r Repair) error {
	a := followUpData{ID: r.ID, Choice: string(decisionRefuse), Note: flows.Clip(strings.TrimSpace(t.Text), 200)}
	due, ok := whenSaid(t, jobLeadRE.ReplaceAllString(t.Text, ""))
	if !ok {
		due = r.DueAt
		if !due.After(t.Now) {
			due = decidedDue(t, 1)
		}
	}
	return decideBy(t, r, a, due)
}
