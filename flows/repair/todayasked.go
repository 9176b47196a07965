package repair

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// ReportedReader is implemented by a Store that can list the repairs a
// school reported in a period, whatever their state: a leader's 「今天报修
// 的都怎么样了」 asks for those, done and signed off included. A Store
// without it answers such a question with the open repairs.
type ReportedReader interface {
	// RepairsReported lists the school's repairs reported in [from, to),
	// by id.
	RepairsReported(ctx context.Context, schoolID int64, from, to time.Time) ([]Repair, error)
}

// todayReportsRE is a question about the repairs reported today (user
// test 26's 分管领导: 「今天报修的都怎么样了」, answered with six open
// repairs, five of them from a week before, and none of the two fixed
// that day): 今天报修的, 今天报的修, 今天的报修, 今天报上来的.
var todayReportsRE = rx.MustCompile(`(?:今天|今日|今儿)(?:的|新)?(?:报修|报的修|报上来|报的|报修单|维修)`)

// maxTodayLines is how many of today's repairs one answer lists.
const maxTodayLines = 10

// answerToday answers a leader's question about the repairs reported
// today: each with its state, latest first. ok is false when the question
// is not about today's, or the store cannot list them.
func answerToday(t *flows.Turn) (ok bool, err error) {
	if !todayReportsRE.MatchString(parse.Normalize(t.Text)) {
		return false, nil
	}
	rr, can := flows.StoreOf[Store](t).(ReportedReader)
	if !can {
		return false, nil
	}
	loc := t.School.Location()
	y, m, d := t.Now.In(loc).Date()
	from := time.Date(y, m, d, 0, 0, 0, 0, loc)
	rs, err := rr.RepairsReported(t.Ctx, t.School.ID, from, from.AddDate(0, 0, 1))
	if err != nil {
		return false, err
	}
	var live []Repair
	for _, r := range rs {
		if r.Status != RepairCancelled && !r.ReportedAt.After(t.Now) {
			live = append(live, r)
		}
	}
	// The older ones still open are what the question did not ask, but a
	// leader should not think them gone.
	open, err := db(t).RepairsWaiting(t.Ctx, t.School.ID, t.Now.AddDate(100, 0, 0), time.Time{})
	if err != nil {
		return false, err
	}
	older := 0
	for _, r := range open {
		if r.ReportedAt.Before(from) && r.Status.Open() && r.Status != RepairDone {
			older++
		}
	}
	if len(live) == 0 {
		text := "今天还没有新的报修。"
		if older > 0 {
			text += fmt.Sprintf("以前报的还有 %d 条没修好。", older)
		}
		t.Say(text)
		return true, nil
	}
	counts := map[RepairStatus]int{}
	for _, r := range live {
		counts[r.Status]++
	}
	var sum []string
	if n := counts[RepairClosed]; n > 0 {
		sum = append(sum, fmt.Sprintf("已验收 %d", n))
	}
	if n := counts[RepairDone]; n > 0 {
		sum = append(sum, fmt.Sprintf("已修好待验收 %d", n))
	}
	if n := len(live) - counts[RepairClosed] - counts[RepairDone]; n > 0 {
		sum = append(sum, fmt.Sprintf("未完成 %d", n))
	}
	lines := []string{fmt.Sprintf("今天报修 %d 条：%s。", len(live), strings.Join(sum, "，"))}
	for i := len(live) - 1; i >= 0; i-- {
		if len(lines) > maxTodayLines {
			lines = append(lines, fmt.Sprintf("…另有 %d 条更早的，发送「今日汇总」看详情页。", i+1))
			break
		}
		r := live[i]
		line := fmt.Sprintf("· %s（%s %s）%s", r.Ref, r.Place(), jobWords(r, 20), r.Status.Label())
		if r.Status.Open() && r.Status != RepairDone {
			line += fmt.Sprintf("，%s负责，%s 前修好", workerOrOffice(r), t.When(r.DueAt))
			if t.Now.After(r.DueAt) {
				line += "（已超时）"
			}
		} else if r.Status == RepairDone || r.Status == RepairClosed {
			line += "，" + workerOrOffice(r) + "修的"
		}
		lines = append(lines, line)
	}
	if older > 0 {
		lines = append(lines, fmt.Sprintf("另外，以前报的还有 %d 条没修好。", older))
	}
	t.Say(strings.Join(lines, "\n"))
	return true, nil
}
