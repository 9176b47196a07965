package repair

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
)

// signOffMeant reads 「不是报修 是说修好了」, said by a reporter at a draft
// her words began (user test 34's T41: 「204窗户把手装好了 不漏风了 5分」 had
// begun a report of the window, and this only cancelled it): the repair
// awaiting her 验收 that the draft's words name, or her only one, is signed
// off, with the score the draft's words gave. It is the words to read
// again, and whether there are any: none for a worker (his 修好了 is a
// 完成), or when nothing awaits her sign-off.
func signOffMeant(t *flows.Turn, d *repairDraft) (string, bool) {
	if t.Staff.Has(flows.RoleWorker) {
		return "", false
	}
	rest := strings.ToLower(parse.Normalize(notReportRest(t.Text)))
	if !signOffWordsRE.MatchString(faultGone(rest)) || notFixedRE.MatchString(rest) {
		return "", false
	}
	rs, err := candidates(t)
	if err != nil {
		return "", false
	}
	var waiting []Repair
	for _, r := range rs {
		if r.Status == RepairDone && r.ReporterID == t.Staff.ID && mayAct(t, r, verbOK) == "" {
			waiting = append(waiting, r)
		}
	}
	if len(waiting) == 0 {
		return "", false
	}
	told := strings.TrimSpace(strings.Join([]string{d.PlaceText, d.Location, d.Desc}, " "))
	pick := waiting
	if told != "" {
		var named []Repair
		for _, r := range waiting {
			if wordsNameJob(t, told, r) {
				named = append(named, r)
			}
		}
		if len(named) > 0 {
			pick = named
		}
	}
	if len(pick) != 1 {
		return "修好了", true // which one is asked
	}
	again := fmt.Sprintf("修好了 %d", Num(pick[0]))
	if n := scoreSaid(strings.ToLower(parse.Normalize(d.Desc))); n > 0 {
		again += fmt.Sprintf(" %d分", n)
	}
	return again, true
}
