package repair

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
)

// The questions and orders of the school's leaders (总务主任, 分管领导,
// 校长) about the repairs as a whole, in their own words: what a worker
// has on hand, moving an absent worker's jobs to another, what is late,
// what has been open longest and who has the most. The sixth user test's
// leaders got 「抱歉，我没有看懂这句话」 to each of them.
var (
	// workerJobsAskRE: 孙师傅手上有哪些活, 王师傅现在有几个单子.
	workerJobsAskRE = regexp.MustCompile(`^(?:请问|看看|查一下)?(\p{Han}{1,3}?师傅)(?:现在|今天|目前)?(?:手上|手头|手里)?(?:还)?有(?:哪些|什么|啥|几个|多少)(?:活儿?|单子?|任务|工单|事情?)(?:没(?:修|做|干)完?)?(?:呢|啊)?[？?。]*$`)
	// bulkXferRE: 孙师傅今天家里有事请假了 他手上的活先都给王师傅.
	bulkXferRE = regexp.MustCompile(`^(\p{Han}{1,3}?师傅).*?(?:手上|手头|手里|名下)的?(?:活儿?|单子?|任务|工单|事情?).{0,6}?(?:都|全部?)(?:先)?(?:转给|改派给|交给|派给|给)\s*(\p{Han}{1,3}?师傅)`)
	// overdueAskRE: 有超时的报修吗, 现在有没有超期的单子.
	overdueAskRE = regexp.MustCompile(`^(?:请问)?(?:现在|目前|今天|这周|最近)?(?:还)?有(?:没有)?(?:超时|超期|逾期|过期|拖期)(?:了)?的?(?:报修|维修|单子?|工单|活儿?)?(?:吗|没有?|呢)?[？?。]*$|^(?:哪些|有哪些)(?:报修|单子?|工单)?(?:超时|超期|逾期)了?(?:呢|啊)?[？?。]*$`)
	// longestAskRE: 这周报修哪些拖得比较久 谁的活最多.
	longestAskRE  = regexp.MustCompile(`(?:哪些|哪个|哪几个).{0,4}(?:拖得|拖了|拖).{0,3}(?:久|长)|(?:拖得最久|拖最久|时间最长|最久没修)`)
	mostJobsAskRE = regexp.MustCompile(`谁的?(?:活儿?|单子?|任务|工单)最多|谁手上(?:的)?(?:活儿?|单子?)?最多|谁最忙`)
)

// leaderAsks answers a leader's question or order about the repairs as a
// whole (see above); it reports whether it did.
func leaderAsks(t *flows.Turn, text string) bool {
	if !t.Idle() || !t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) {
		return false
	}
	text = strings.TrimSpace(text)
	var err error
	switch {
	case bulkXferRE.MatchString(text):
		m := bulkXferRE.FindStringSubmatch(text)
		err = askBulkXfer(t, m[1], m[2])
	case workerJobsAskRE.MatchString(text):
		err = workerJobs(t, workerJobsAskRE.FindStringSubmatch(text)[1])
	case overdueAskRE.MatchString(text):
		err = overdueRepairs(t)
	case longestAskRE.MatchString(text) || mostJobsAskRE.MatchString(text):
		err = longestRepairs(t, longestAskRE.MatchString(text), mostJobsAskRE.MatchString(text))
	default:
		return false
	}
	if err != nil {
		t.Say("暂时查不到报修情况，请稍后再试。")
	}
	return true
}

// workerNamed is the one worker of the school a leader names (孙师傅,
// 孙工), or ok=false.
func workerNamed(t *flows.Turn, name string) (flows.Staff, bool, error) {
	ws, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleWorker)
	if err != nil {
		return flows.Staff{}, false, err
	}
	var hit []flows.Staff
	for _, w := range ws {
		if w.Name == name || strings.HasPrefix(w.Name, strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(name, "师傅"), "老师"), "工")) {
			hit = append(hit, w)
		}
	}
	if len(hit) != 1 {
		return flows.Staff{}, false, nil
	}
	return hit[0], true, nil
}

// openRepairs are the school's open repairs, by id.
func openRepairs(t *flows.Turn) ([]Repair, error) {
	rs, err := db(t).RepairsWaiting(t.Ctx, t.School.ID, t.Now.AddDate(100, 0, 0), time.Time{})
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(rs, func(r Repair) bool { return !r.Status.Open() }), nil
}

// jobsOf are the open repairs worker w has.
func jobsOf(t *flows.Turn, w flows.Staff) ([]Repair, error) {
	rs, err := openRepairs(t)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(rs, func(r Repair) bool { return r.WorkerID != w.ID }), nil
}

// jobLine is one repair in a leader's list: its number, place, problem,
// status and due time.
func jobLine(t *flows.Turn, r Repair) string {
	s := fmt.Sprintf("%d. %s %s「%s」%s，期限 %s", Num(r), r.Ref, r.LocationName, flows.Clip(r.Description, 20), r.Status.Label(), t.When(r.DueAt))
	if r.DueAt.Before(t.Now) {
		s += "（已超时 " + flows.LateText(t.Now.Sub(r.DueAt)) + "）"
	}
	return s
}

func workerJobs(t *flows.Turn, name string) error {
	w, ok, err := workerNamed(t, name)
	if err != nil {
		return err
	}
	if !ok {
		t.Say("没有找到维修人员「" + name + "」，请核对名字。")
		return nil
	}
	rs, err := jobsOf(t, w)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		t.Say(w.Name + "手上现在没有未完成的维修。")
		return nil
	}
	lines := make([]string, len(rs))
	for i, r := range rs {
		lines[i] = jobLine(t, r)
	}
	t.Say(fmt.Sprintf("%s手上有 %d 个未完成的维修：\n%s\n需要改派可以回复「处理 编号」。", w.Name, len(rs), strings.Join(lines, "\n")))
	return nil
}

// askBulkXfer lists the open jobs of the worker from and asks to confirm
// giving them all to the worker to.
func askBulkXfer(t *flows.Turn, from, to string) error {
	wf, ok, err := workerNamed(t, from)
	if err != nil {
		return err
	}
	wt, ok2, err := workerNamed(t, to)
	if err != nil {
		return err
	}
	switch {
	case !ok:
		t.Say("没有找到维修人员「" + from + "」，请核对名字。")
		return nil
	case !ok2:
		t.Say("没有找到维修人员「" + to + "」，请核对名字。")
		return nil
	case wf.ID == wt.ID:
		t.Say("这是同一位师傅，不用转。")
		return nil
	}
	rs, err := jobsOf(t, wf)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		t.Say(wf.Name + "手上现在没有未完成的维修，不用转。")
		return nil
	}
	lines := make([]string, len(rs))
	ids := make([]string, len(rs))
	for i, r := range rs {
		lines[i] = jobLine(t, r)
		ids[i] = strconv.FormatInt(r.ID, 10)
	}
	t.Say(fmt.Sprintf("%s手上有 %d 个未完成的维修：\n%s\n确认都转给%s吗？转后会告诉两位师傅和报修人。\n%s",
		wf.Name, len(rs), strings.Join(lines, "\n"), wt.Name, flows.Numbered(bulkButtons)), bulkButtons...)
	return ask(t, stateBulkXfer, followUpData{ID: wt.ID, Choice: strings.Join(ids, ","), Note: strconv.FormatInt(wf.ID, 10)})
}

// bulkButtons confirm or drop moving a worker's jobs.
var bulkButtons = []flows.Button{{Label: "确认", Data: "yes"}, {Label: "取消", Data: "no"}}

// answerBulkXfer moves the listed jobs still with the worker to the other
// (a.ID), as a leader's 改派 of each.
func answerBulkXfer(t *flows.Turn, a followUpData) error {
	c, ok := t.Pick(bulkButtons)
	if !ok && t.Msg.Button == "" && flows.IsAssent(t.Text) {
		c, ok = "yes", true
	}
	if !ok {
		t.Say("请回复「确认」或「取消」。\n"+flows.Numbered(bulkButtons), bulkButtons...)
		return nil
	}
	t.Done()
	if c != "yes" {
		t.Say("好的，没有转派。")
		return nil
	}
	rs, err := chosenJobs(t, a.Choice)
	if err != nil {
		return err
	}
	from, _ := strconv.ParseInt(a.Note, 10, 64)
	moved := 0
	for _, r := range rs {
		if !r.Status.Open() || r.WorkerID != from {
			continue // done or moved meanwhile
		}
		if err := reassign(t, r, a.ID, true); err != nil {
			return err
		}
		moved++
	}
	if moved == 0 {
		t.Say("这些维修已经不在原来的师傅手上了，没有转派。")
	}
	return nil
}

func overdueRepairs(t *flows.Turn) error {
	rs, err := openRepairs(t)
	if err != nil {
		return err
	}
	rs = slices.DeleteFunc(rs, func(r Repair) bool { return !r.DueAt.Before(t.Now) })
	if len(rs) == 0 {
		t.Say("目前没有超时的报修。")
		return nil
	}
	slices.SortStableFunc(rs, func(a, b Repair) int { return a.DueAt.Compare(b.DueAt) })
	lines := make([]string, 0, len(rs))
	for _, r := range rs[:min(len(rs), 10)] {
		lines = append(lines, jobLine(t, r)+"，"+workerOf(r))
	}
	s := fmt.Sprintf("目前有 %d 个报修超时：\n%s", len(rs), strings.Join(lines, "\n"))
	if len(rs) > 10 {
		s += "\n（只列出最早的 10 个）"
	}
	t.Say(s + "\n要处理可以回复「处理 编号」，催师傅可以回复「催 编号」。")
	return nil
}

// workerOf names r's worker for a leader's list.
func workerOf(r Repair) string {
	if r.WorkerName == "" {
		return "还没有派人"
	}
	return r.WorkerName
}

// longestRepairs answers 哪些拖得比较久 (the three open longest) and 谁的
// 活最多 (the open jobs each worker has), or both.
func longestRepairs(t *flows.Turn, longest, most bool) error {
	rs, err := openRepairs(t)
	if err != nil {
		return err
	}
	if len(rs) == 0 {
		t.Say("目前没有未完成的报修。")
		return nil
	}
	var parts []string
	if longest {
		byAge := slices.Clone(rs)
		slices.SortStableFunc(byAge, func(a, b Repair) int { return a.ReportedAt.Compare(b.ReportedAt) })
		var lines []string
		for _, r := range byAge[:min(len(byAge), 3)] {
			lines = append(lines, fmt.Sprintf("%d. %s %s「%s」，%s 报修，已经 %s（%s，%s）", Num(r), r.Ref, r.LocationName, flows.Clip(r.Description, 20),
				t.When(r.ReportedAt), flows.LateText(t.Now.Sub(r.ReportedAt)), workerOf(r), r.Status.Label()))
		}
		parts = append(parts, "没修完的报修里拖得最久的：\n"+strings.Join(lines, "\n"))
	}
	if most {
		count := map[string]int{}
		for _, r := range rs {
			if r.WorkerName != "" {
				count[r.WorkerName]++
			}
		}
		names := make([]string, 0, len(count))
		for n := range count {
			names = append(names, n)
		}
		slices.SortFunc(names, func(a, b string) int { return cmp.Or(cmp.Compare(count[b], count[a]), strings.Compare(a, b)) })
		var each []string
		for _, n := range names {
			each = append(each, fmt.Sprintf("%s %d 个", n, count[n]))
		}
		if len(each) > 0 {
			parts = append(parts, "各位师傅手上没修完的：\n"+strings.Join(each, "，"))
		}
	}
	t.Say(strings.Join(parts, "\n\n") + "\n发送「某某师傅手上有哪些活」可以看某位师傅的单子。")
	return nil
}
