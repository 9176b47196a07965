package repair

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// A leader asking whether a worker has gone to a job, as user test 18's
// 分管领导 asked at an urgent card: 「二楼配电箱那个学生没事吧 孙师傅去了没」
// (F42, not understood). The job's state answers: not taken yet, taken
// (when), done; how the student is, houqin does not know: the reporter
// does.
var (
	// wentAskRE is whether a worker has gone, taken or mended the job:
	// 孙师傅去了没, 王师傅到了吗, 周师傅人过去了没有, 孙师傅接了没. The
	// worker is the group.
	wentAskRE = rx.MustCompile(`(\p{Han}{1,3}?师傅)(?:人)?(?:已经|现在)?(?:去|到|过去|来|接单|接|修|弄|看)(?:了)?(?:没有?|吗|么|嘛|不)(?:[？?。！!]|$)`)
	// personAskRE asks after a person hurt or at risk: 学生没事吧, 人怎么样
	// 了, 孩子伤得重不重.
	personAskRE = rx.MustCompile(`(学生|孩子|小孩|同学|人|老师)(?:有)?(?:没事|事没|怎么样|咋样|伤|要紧|还好)`)
)

// wentAsked answers wentAskRE for a leader: the worker's jobs the words
// name (or all his jobs, when they name none of them), each with its
// state; it reports whether it did.
func wentAsked(t *flows.Turn, text string) (bool, error) {
	m := wentAskRE.FindStringSubmatchIndex(text)
	if m == nil {
		return false, nil
	}
	w, ok, err := workerNamed(t, text[m[2]:m[3]])
	if err != nil || !ok {
		return false, err
	}
	all, err := db(t).RepairsWaiting(t.Ctx, t.School.ID, t.Now.AddDate(100, 0, 0), time.Time{})
	if err != nil {
		return true, err
	}
	rs := slices.DeleteFunc(all, func(r Repair) bool {
		return r.WorkerID != w.ID || !r.Status.Open() && r.Status != RepairDone
	})
	if len(rs) > 1 {
		locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
		if err != nil {
			return true, err
		}
		g := GuessRepair(text[:m[0]], locs)
		fit := slices.DeleteFunc(slices.Clone(rs), func(r Repair) bool {
			named := g.LocationID != 0 || g.Item != "" || g.Trade != ""
			return !named || !(matches(r, g) || g.Item != "" && strings.Contains(r.Description, g.Item))
		})
		if len(fit) > 0 {
			rs = fit
		}
	}
	var lines []string
	for _, r := range rs {
		lines = append(lines, wentLine(t, r))
	}
	var s string
	switch len(rs) {
	case 0:
		s = w.Name + "手上现在没有未完成的维修。"
	case 1:
		s = lines[0]
	default:
		s = fmt.Sprintf("%s手上有 %d 个维修：\n%s", w.Name, len(rs), strings.Join(lines, "\n"))
	}
	if p := personAskRE.FindStringSubmatch(text); p != nil {
		who := "报修人"
		if len(rs) == 1 && rs[0].ReporterName != "" {
			who = "报修人" + rs[0].ReporterName
		}
		if p[1] == "人" {
			p[1] = "人员"
		}
		s += "\n" + p[1] + "的情况这里没有记录，请直接联系" + who + "了解。"
	}
	switch {
	case len(rs) == 1 && rs[0].Status == RepairAssigned:
		s += fmt.Sprintf("\n需要催可以回复「催 %d」，改派可以回复「处理 %d」。", Num(rs[0]), Num(rs[0]))
	case slices.ContainsFunc(rs, func(r Repair) bool { return r.Status == RepairAssigned }):
		s += "\n需要催可以回复「催 编号」，改派可以回复「处理 编号」。"
	}
	t.Say(s)
	return true, nil
}

// wentLine is one job's state for wentAsked: whether its worker has
// taken it, and when, or mended it.
func wentLine(t *flows.Turn, r Repair) string {
	head := fmt.Sprintf("%s %s「%s」：", r.Ref, r.Place(), jobWords(r, 20))
	switch r.Status {
	case RepairAssigned:
		s := head + r.WorkerName + "还没有接单，期限 " + t.When(r.DueAt)
		if r.DueAt.Before(t.Now) {
			s += "（已超时 " + flows.LateText(t.Now.Sub(r.DueAt)) + "）"
		}
		return s + "。"
	case RepairAccepted:
		return head + r.WorkerName + " " + t.When(r.AcceptedAt) + " 已接单，正在维修，期限 " + t.When(r.DueAt) + "。"
	case RepairDone:
		return head + r.WorkerName + " " + t.When(r.DoneAt) + " 已修好，等报修人验收。"
	}
	return head + r.WorkerName + "，" + r.Status.Label() + "，期限 " + t.When(r.DueAt) + "。"
}
