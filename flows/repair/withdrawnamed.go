package repair

import (
	"cmp"
	"fmt"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A withdrawal in words offers only what the words name and the writer may
// withdraw (user test 33's T40, re-typed: 陈主任's 「宿舍那个报修单是不是还挂着
// 关了吧」, of the 宿舍 job waiting for his 验收, was asked which of five old
// jobs at 303 and elsewhere to 撤销 — any pick would have cancelled a job
// nobody meant). Words naming a place or thing keep only the jobs of it;
// words naming nothing keep only the writer's own reports (the 总务主任 may
// withdraw anyone's, but only by naming it or its number).

// selfFixed is a reporter who saw to it herself: 我自己修好了, 自己拧好了
// (user test 34's T43); not another person named (陈主任自己换好了 is a
// hazard's rectification vouched for).
const selfFixed = `(?:^|[\s，,。！!]|我)(?:已经)?自己(?:已经)?(?:修|弄|拧|搞|装|换|处理|收拾)(?:好|完)了`

// selfFixedRE is selfFixed, or another who did: 老师自己修好了 said by the
// worker (user test 34's T24).
var selfFixedRE = rx.MustCompile(selfFixed + `|(?:老师|她|他|人家|报修人)[^，。,.？?！!]{0,4}(?:修|弄|拧|搞|装|换|处理)好了`)

// withdrawNamedOnly leaves ready, of the jobs a withdrawal in words could
// withdraw, only those the words name, or with words naming nothing, the
// writer's own reports. A job the writer holds as its worker is no
// withdrawal of hers when she says she fixed it herself: that is its 完成.
func withdrawNamedOnly(t *flows.Turn, text string, rs []Repair, items []flows.Item) {
	named := namesAny(t, text)
	self := selfFixedRE.MatchString(text)
	for i := range items {
		if !items[i].Ready {
			continue
		}
		switch {
		case self && rs[i].WorkerID == t.Staff.ID:
			items[i].Ready = false
		case named:
			items[i].Ready = wordsNameJob(t, text, rs[i])
		default:
			items[i].Ready = rs[i].ReporterID == t.Staff.ID
		}
	}
	// 不用王师傅来了: the jobs of the worker named, when one of them is.
	keep := func(pick func(Repair) bool) {
		hit := false
		for i := range items {
			hit = hit || items[i].Ready && pick(rs[i])
		}
		if !hit {
			return
		}
		for i := range items {
			items[i].Ready = items[i].Ready && pick(rs[i])
		}
	}
	keep(func(r Repair) bool { return r.WorkerName != "" && strings.Contains(text, r.WorkerName) })
	if thisReportRE.MatchString(text) {
		// 这个报修撤了吧, right after she filed one: that one, the newest
		// of hers, when it is no older than an hour.
		var newest *Repair
		for i := range items {
			if items[i].Ready && rs[i].ReporterID == t.Staff.ID && (newest == nil || rs[i].ReportedAt.After(newest.ReportedAt)) {
				newest = &rs[i]
			}
		}
		if newest != nil && t.Now.Sub(newest.ReportedAt) <= time.Hour {
			id := newest.ID
			keep(func(r Repair) bool { return r.ID == id })
		}
	}
}

// thisReportRE points at the report just filed: 这个报修, 刚才报的, 刚报的那个.
var thisReportRE = rx.MustCompile(`(?:这个|这张|这条|刚才|刚刚|刚)(?:的|报的|那个)?(?:报修|单子|维修单|报修单)?|^(?:算了|不用了)`)

// wordsNameJob reports whether text names r: its place (in the table or
// as written), its thing, or two characters of its description or place
// that are no fault or filler.
func wordsNameJob(t *flows.Turn, text string, r Repair) bool {
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return true // cannot tell: the question lists it, as before
	}
	g := GuessRepair(text, locs)
	if g.LocationID != 0 && g.LocationID != r.LocationID {
		return false // 303饮水机 is not the 饮水机 of 302
	}
	if (g.LocationID != 0 || g.Item != "") && matchesAt(r, g) {
		return true
	}
	if g.PlaceText != "" && atPlace(r, g.PlaceText) {
		return true
	}
	norm := strings.ToLower(parse.Normalize(text))
	return namesThing(norm, r.Item) || namesDescribed(norm, r.Description) || namesDescribed(norm, r.LocationName)
}

// withdrawnNone answers a withdrawal in words that names a job of the
// writer's which is no longer hers to withdraw: fixed and waiting for her
// 验收 (宿舍那个报修单…关了吧: sign it off instead), or filed for a hazard.
// "" when the words name no such one job.
func withdrawnNone(t *flows.Turn, text string, rs []Repair) string {
	var hit []Repair
	for _, r := range rs {
		if r.ReporterID == t.Staff.ID && (r.Status == RepairDone || r.Status.Open()) && wordsNameJob(t, text, r) {
			hit = append(hit, r)
		}
	}
	if len(hit) != 1 {
		return ""
	}
	r := hit[0]
	n := Num(r)
	if r.Status == RepairDone {
		return fmt.Sprintf("%s（%s「%s」）%s已经报了修好，正等你验收，不用撤销。去看过确实好了，请回复「修好了 %d」；还有问题请回复「没修好 %d」，并说一下哪里不行。",
			r.Ref, r.LocationName, jobWords(r, 20), workerOrOffice(r), n, n)
	}
	return mayAct(t, r, verbCancel)
}

// selfFixedTold answers a worker telling that a job of his is not needed,
// its reporter having seen to it herself (user test 34's T24: 王师傅's 「9号不
// 用修了 老师自己修好了」 was told 8 was finished already). Only the reporter
// (or the 总务主任) withdraws a report, so she is asked to, with his words;
// the job stays his until she does. "" when the words are no such news, or
// name no one job of his.
func selfFixedTold(t *flows.Turn, c flows.Command, text string, rs []Repair) (string, error) {
	if !t.Staff.Has(flows.RoleWorker) || !selfFixedRE.MatchString(text) && !withdrawRE.MatchString(text) {
		return "", nil
	}
	var hit []Repair
	for _, r := range rs {
		if r.WorkerID != t.Staff.ID || !r.Status.Open() || r.ReporterID == t.Staff.ID {
			continue
		}
		if c.Num > 0 && Num(r) != c.Num || c.Num == 0 && !wordsNameJob(t, text, r) {
			continue
		}
		hit = append(hit, r)
	}
	if len(hit) != 1 {
		return "", nil
	}
	r := hit[0]
	n := Num(r)
	words := flows.Clip(strings.TrimSpace(text), 100)
	if err := t.Notify(flows.Notification{ToStaff: r.ReporterID, Kind: NoticeUpdate, Ref: ref(r),
		Text: fmt.Sprintf("%s说：「%s」\n你报修的 %s（%s「%s」）如果确实不用修了，请回复「撤销 %d」；还需要修，请回复「催 %d」。",
			t.Staff.Name, words, r.Ref, r.LocationName, jobWords(r, 20), n, n)}); err != nil {
		return "", err
	}
	who := cmp.Or(r.ReporterName, "报修人")
	return fmt.Sprintf("好的，已把你的话转告%s，请%s确认后撤销 %s；撤销了会通知你。在那之前这单还在你名下。", who, who, r.Ref), nil
}

// plainWithdrawRE is a withdrawal of a repair in so many words: 不用修了,
// 报修…撤了吧, 单子关了吧.
var plainWithdrawRE = rx.MustCompile(`不用修|不需要修|不修了|不用来|报修|单子|维修单|报错了|不用麻烦师傅`)

// withdrawnNothing answers a withdrawal in words that leaves nothing to
// withdraw, rather than the menu: the thing named has no open report the
// writer may withdraw, or, naming nothing, she has no open report of her
// own. Workers' words are left to the other readings ("").
func withdrawnNothing(t *flows.Turn, text string) string {
	if t.Staff.Has(flows.RoleWorker) || strings.Contains(text, "隐患") || !plainWithdrawRE.MatchString(text) {
		return ""
	}
	if namesAny(t, text) {
		return "没有找到这句话说的、你可以撤销的未修好报修，所以没有撤销。要撤销的话，请回复「撤销 编号」；发送「我的」可以查看你的报修。"
	}
	return "你现在没有自己报的、还没修好的报修，所以没有撤销。要撤销别人报的单子，请说明是哪里的什么（如「303饮水机不用修了」），或回复「撤销 编号」。"
}
