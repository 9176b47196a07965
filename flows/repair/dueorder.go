package repair

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A leader's order that a job be done by a time he names, with no tier
// said (user test 32's T27 phrasings: 「302的灯下午三点前必须修好」 was not
// understood, 「礼堂麦克风 两点半之前弄好」 was thanked for as praise). The
// job his words name is due at his time when that is sooner than its
// deadline, by the same rule as an urgent order's (rushby.go); a later
// time moves nothing (小修不隔夜 stands: he is told the deadline it has
// and how to give more time), and a time past today is said back.

// dueOrderRE is the order to have a job done: 弄好, 修了, 必须, 先弄.
var dueOrderRE = rx.MustCompile(`(?:弄|修|装|换|处理|搞|干)(?:好|完|了)|搞定|必须|务必|一定要|得(?:弄|修|装|换|处理)|先弄|先修|赶在|赶紧`)

// doneToldRE is a thing told done, not ordered (下午三点修好了): with no
// 前 said, no order.
var doneToldRE = rx.MustCompile(`(?:弄|修|装|换|处理|搞)(?:好|完)了[吧啊呀。！!]*$`)

// dueOrderSaid reads a leader's order that the job his words name (or
// the one his last reply was about, for 这个单子) be done by the time he
// names; false when the words are no such order or name no open job.
func dueOrderSaid(t *flows.Turn, text string) (bool, error) {
	if !t.Idle() || t.Msg.Button != "" || !t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) {
		return false, nil
	}
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(text)))
	if !dueOrderWords(text) {
		return false, nil
	}
	by, ok := namedTime(t, text)
	if !ok {
		return false, nil
	}
	rs, err := candidates(t)
	if err != nil {
		return false, err
	}
	rs = slices.DeleteFunc(rs, func(r Repair) bool { return !r.Status.Open() || mayAct(t, r, verbReclass) != "" })
	named := slices.DeleteFunc(slices.Clone(rs), func(r Repair) bool { return !jobNamed(norm, r) })
	if len(named) > 1 {
		// 302的灯 of two jobs at 302: the thing narrows it.
		items := make([]flows.Item, len(named))
		for i := range items {
			items[i].Ready = true
		}
		narrowByText(t, text, named, items)
		var kept []Repair
		for i, it := range items {
			if it.Ready {
				kept = append(kept, named[i])
			}
		}
		named = kept
	}
	if len(named) == 0 && pointsAtShownRE.MatchString(norm) {
		if r, ok := shownJob(t, rs); ok {
			named = []Repair{r} // 这个单子今天下午四点前弄完, of the job just shown
		}
	}
	switch {
	case len(named) == 0:
		return false, nil
	case len(named) > 1 && !allJobsSaidRE.MatchString(norm):
		t.Done()
		lines := []string{"你说的是哪一张？"}
		for _, r := range named {
			lines = append(lines, fmt.Sprintf("· %d号 %s %s「%s」，期限 %s", Num(r), r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20), t.When(r.DueAt)))
		}
		lines = append(lines, fmt.Sprintf("请回复「%d号单子期限改成%s」这样的话。", Num(named[0]), dueWords(t, by)))
		t.Say(strings.Join(lines, "\n"))
		return true, nil
	}
	t.Done()
	slices.SortFunc(named, func(a, b Repair) int { return cmp.Compare(a.ID, b.ID) })
	if !by.After(t.Now) {
		t.Say(fmt.Sprintf("你说的 %s 今天已经过了，%s 的期限没有改，还是 %s。如果指的是明天 %s，请回复「%d号单子期限改成明天%s」。",
			by.In(t.School.Location()).Format("15:04"), named[0].Ref, t.When(named[0].DueAt), by.In(t.School.Location()).Format("15:04"), Num(named[0]), by.In(t.School.Location()).Format("15:04")))
		return true, nil
	}
	var lines, told []string
	for _, r := range named {
		if !by.Before(r.DueAt) {
			lines = append(lines, fmt.Sprintf("%s（%s %s）的期限是 %s，已经在你说的 %s 之前，不用改。如果要放宽，请回复「%d号单子期限改成%s」。",
				r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20), t.When(r.DueAt), t.When(by), Num(r), dueWords(t, by)))
			continue
		}
		old := r.DueAt
		r.DueAt = by
		if ok, err := move(t, r, EventDecided, fmt.Sprintf("期限提前到 %s（%s）", t.When(by), t.Staff.Name), r.Status); !ok {
			return true, err
		}
		said := fmt.Sprintf("%s（%s %s）的期限已由%s提前到 %s 前。%s的原话：「%s」", r.Ref, r.Place(), r.Description, t.Staff.Name, t.When(by), t.Staff.Name, flows.Clip(strings.TrimSpace(text), 200))
		if r.ReporterID != t.Staff.ID && r.ReporterID != 0 && !selfReported(r) {
			if err := tellReporter(t, r, "你报修的 "+said, nil, true); err != nil {
				return true, err
			}
			told = appendOnce(told, cmp.Or(r.ReporterName, "报修人"))
		}
		if r.WorkerID != 0 && r.WorkerID != t.Staff.ID {
			if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r), Text: said, Buttons: jobButtons(r)}); err != nil {
				return true, err
			}
			told = appendOnce(told, cmp.Or(r.WorkerName, "维修人员"))
		}
		if err := groupCard(t, r); err != nil {
			return true, err
		}
		lines = append(lines, fmt.Sprintf("已把 %s（%s %s）的期限从 %s 提前到 %s。", r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20), t.When(old), t.When(by)))
	}
	if n := len(told); n > 0 {
		names := told[0]
		if n > 1 {
			names = strings.Join(told[:n-1], "、") + "和" + told[n-1]
		}
		lines = append(lines, "已告知"+names+"。")
	}
	t.Say(strings.Join(lines, "\n"))
	return true, nil
}

// dueOrderWords reports whether text is worded as an order to have a
// thing done, with no tier said (改紧急 is reclassPlaceSaid's and
// askReclassWhy's) and asked nothing: 两点半之前弄好, not 三点前能修好吗
// nor 下午三点修好了.
func dueOrderWords(text string) bool {
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(text)))
	return leaderReclassTier(text) == "" && !reclassAskedRE.MatchString(norm) && !askedClauseRE.MatchString(norm) && dueOrderRE.MatchString(norm) &&
		(!doneToldRE.MatchString(norm) || strings.Contains(norm, "前"))
}

// askedClauseRE is a clause asked, anywhere in the words: 礼堂那边都弄好
// 了吗 两点就开会了 (the principal asks; he orders nothing).
var askedClauseRE = rx.MustCompile(`(?:吗|么|没有?|呢|了没)(?:[\s，,。！!；;]|$)|[？?]`)

// pointsAtShownRE is words pointing at the job just shown: 这个单子, 这单,
// 这个.
var pointsAtShownRE = rx.MustCompile(`^(?:这|那)(?:个单子|张单子?|单|个活|个)`)

// jobNamed reports whether norm names r by its place or its thing.
func jobNamed(norm string, r Repair) bool {
	if r.LocationName != "" && (strings.Contains(norm, strings.ToLower(r.LocationName)) || placeNamed(norm, r.LocationName)) && roomFits(norm, r) {
		return true
	}
	return r.Item != "" && namesThing(norm, r.Item)
}

// shownJob is the one job of rs the buttons last offered to the writer
// act on (his last reply's, or a card's such as 【紧急报修】's 处理 1), if
// there is one.
func shownJob(t *flows.Turn, rs []Repair) (Repair, bool) {
	var found Repair
	for _, b := range t.Offered() {
		a, ok := flows.ParseAction(b.Data)
		if !ok || a.Prefix != actorPrefix {
			continue
		}
		if found.ID != 0 && found.ID != a.ID {
			return Repair{}, false
		}
		for _, r := range rs {
			if r.ID == a.ID {
				found = r
			}
		}
	}
	return found, found.ID != 0
}

// dueWords is by as a leader types a deadline (今天14:30, 明天10:00) for
// 期限改成 (dueChangeRE, dueSaid).
func dueWords(t *flows.Turn, by time.Time) string {
	loc := t.School.Location()
	d, n := by.In(loc), t.Now.In(loc)
	days := int(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc).Sub(time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, loc)).Hours()/24 + 0.5)
	day := fmt.Sprintf("%d月%d日", d.Month(), d.Day())
	switch days {
	case 0:
		day = "今天"
	case 1:
		day = "明天"
	}
	return day + d.Format("15:04")
}

func appendOnce(names []string, name string) []string {
	if slices.Contains(names, name) {
		return names
	}
	return append(names, name)
}
