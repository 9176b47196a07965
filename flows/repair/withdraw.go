package repair

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// 撤销报修: a reporter whose repair is no longer needed (it came right by
// itself, it was reported by mistake, someone else saw to it) withdraws it
// before it is done: 「撤销 7」, or in their own words, 「303饮水机不用修了」,
// 「报错了」. They are asked once to be sure; then the repair is cancelled
// (RepairCancelled: kept, read-only, never counted in the digest's rates or
// reminded), its worker is told not to come, and the maintenance group's
// card says so. A repair others reported too (followers), or filed to
// rectify a hazard, is the 总务主任's to withdraw.

// hazardRepairPrefix begins the description of a repair filed for a
// hazard's rectification (inspection's fileHazard).
const hazardRepairPrefix = "隐患整改："

// withdrawRE is a reporter saying a repair is not needed any more; 还修
// 不修了 asks whether it will ever be (user test 17's F24, read as 撤销).
//
// 报修单…关了吧 (user test 33's T40: 宿舍那个报修单是不是还挂着 关了吧) asks
// the same of a job named as a form: close it.
//
// A reporter who saw to it herself (user test 34's T43–T45: 算了 椅子我自己
// 修好了 拧了下螺丝就行, 不用王师傅来了 这个报修撤了吧, 撤回9号报修) withdraws
// it too.
var withdrawRE = rx.MustCompile(`不用修了|不需要修了|不用来修了|不用来了|不用修啦|(?:^|[^修])不修了|自己好了|已经自己好了|撤销报修|撤回报修|取消报修|报错了|不用麻烦师傅了|` +
	`(?:报修单|维修单|单子|报修)[^，。,.？?！!]{0,10}(?:关了吧|关掉吧?|关闭吧?|撤了吧|撤掉吧?|撤回吧|撤销吧|销掉吧?|取消吧|不要了)|` +
	`(?:撤销|撤回|撤掉|取消)(?:一下)?(?:刚才|刚刚)?(?:这个|那个|这张|那张|我的)?(?:\d{1,3}号)?的?(?:报修|维修单)|` +
	selfFixed + `|` +
	`不用(?:[王孙周马吴李张赵钱刘陈]?师傅)(?:再)?(?:过)?来了`)

// keepRepairRE answers the withdrawal's question with the repair kept:
// 不撤了, 别撤, 先不撤, 还是要修, 还得修.
var keepRepairRE = rx.MustCompile(`不撤|别撤|不要撤|先不|还是要修|还要修|还得修|还是修吧`)

var withdrawButtons = []flows.Button{{Label: "确定撤销", Data: "yes"}, {Label: "不撤销", Data: "no"}}

// askWithdraw asks the reporter to be sure, keeping what they said.
func askWithdraw(t *flows.Turn, r Repair, _ []string) error {
	fs, err := db(t).Followers(t.Ctx, r.ID)
	if err != nil {
		return err
	}
	if len(fs) > 0 && !t.Staff.Has(flows.RoleHead, flows.RoleAdmin) {
		t.Say(fmt.Sprintf("%s 还有其他老师也报了同一个问题，不能由你一个人撤销；如确实不用修了，请联系总务主任。", r.Ref))
		return nil
	}
	a := followUpData{ID: r.ID}
	if _, command := flows.ReadCommand(t.Text, typedWords); t.Msg.Button == "" && !command {
		a.Note = flows.Clip(strings.TrimSpace(t.Text), 200) // 303饮水机不用修了: the reason, told already
	}
	t.Say(fmt.Sprintf("确定要撤销 %s（%s「%s」）吗？撤销后%s不用再去修了。\n%s", r.Ref, r.Place(), jobWords(r, 20),
		workerOrOffice(r), flows.Numbered(withdrawButtons)), withdrawButtons...)
	return ask(t, stateWithdraw, a)
}

// answerWithdraw takes the answer to askWithdraw.
func answerWithdraw(t *flows.Turn, r Repair, a followUpData) error {
	c, ok := t.Pick(withdrawButtons)
	if !ok && t.Msg.Button == "" {
		switch {
		case keepRepairRE.MatchString(t.Text):
			c, ok = "no", true
		case flows.IsAssent(t.Text) || strings.Contains(t.Text, "撤销") && !strings.Contains(t.Text, "不") || withdrawRE.MatchString(t.Text):
			// 不用王师傅来了 这个报修撤了吧: the withdrawal said again, in
			// words (the re-type of user test 34, N2, took its 不 for 不撤销).
			c, ok = "yes", true
		case strings.HasPrefix(strings.TrimSpace(t.Text), "不") || strings.Contains(t.Text, "算了"):
			c, ok = "no", true
		}
	}
	if !ok {
		t.Say("请回复 1（确定撤销）或 2（不撤销）。", withdrawButtons...)
		return nil
	}
	t.Done()
	if c == "no" {
		t.Say(fmt.Sprintf("好的，%s 没有撤销，会照常维修。", r.Ref))
		return nil
	}
	from := r.Status
	r.Status, r.ClosedAt = RepairCancelled, t.Now
	note := a.Note
	if note == "" {
		note = "报修人撤销"
	}
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventCancelled, From: from, To: r.Status, Note: note}); err != nil {
		return err
	}
	if r.WorkerID != 0 && r.WorkerID != t.Staff.ID {
		text := fmt.Sprintf("%s（%s %s）已由%s撤销，不用再去修了。", r.Ref, r.Place(), r.Description, t.Staff.Name)
		if a.Note != "" {
			text += "\n原话：" + a.Note
		}
		if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r), Text: text}); err != nil {
			return err
		}
	}
	if r.ReporterID != t.Staff.ID {
		if err := tellReporter(t, r, fmt.Sprintf("你报修的 %s（%s %s）已由%s撤销。如果其实还需要修，请重新报修。", r.Ref, r.Place(), r.Description, t.Staff.Name), nil, false); err != nil {
			return err
		}
	}
	if err := groupCard(t, r); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("已撤销 %s，已告知%s。", r.Ref, workerOrOffice(r)))
	return nil
}

// narrowByWords keeps ready only the items whose repair the words name
// (place, trade, thing), when the words name one: 303饮水机不用修了.
func narrowByWords(t *flows.Turn, rs []Repair, items []flows.Item) {
	narrowByText(t, t.Text, rs, items)
}

// narrowByText is narrowByWords by the words of text, a part of the
// message.
func narrowByText(t *flows.Turn, text string, rs []Repair, items []flows.Item) {
	defer narrowByName(text, rs, items)
	defer narrowByFault(text, rs, items) // 漏水那个我这就过去: the one that leaks
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return // the flows read it again and answer
	}
	g := GuessRepair(text, locs)
	if g.LocationID == 0 && g.Trade == "" && g.Item == "" {
		return
	}
	hit := 0
	for i := range items {
		if items[i].Ready && matchesAt(rs[i], g) {
			hit++
		}
	}
	if hit == 0 && g.LocationID == 0 && g.PlaceText != "" {
		// 301灯管的活我接了, of the job filed at 其他地点：301 as 日光灯
		// beside an old 303 灯 job (user test 31's T12): the place said
		// outside the table and the trade name it, though his word for
		// the thing is not the reporter's.
		for i := range items {
			if items[i].Ready && atPlace(rs[i], g.PlaceText) && (g.Trade == "" || g.Trade == rs[i].Trade) {
				hit++
			}
		}
		if hit > 0 {
			for i := range items {
				items[i].Ready = items[i].Ready && atPlace(rs[i], g.PlaceText) && (g.Trade == "" || g.Trade == rs[i].Trade)
			}
			return
		}
	}
	if hit == 0 {
		// 水龙头也不滴了: no trade or place the words tell, but the thing
		// named in one repair's own words, at the place they name (a
		// place outside the table too: 301灯管 is no 303 灯).
		norm := strings.ToLower(parse.Normalize(text))
		named := -1
		for i := range items {
			if items[i].Ready && (namesThing(norm, rs[i].Item) || namesDescribed(norm, rs[i].Description)) && (g.LocationID == 0 || g.LocationID == rs[i].LocationID) &&
				(g.LocationID != 0 || g.PlaceText == "" || atPlace(rs[i], g.PlaceText)) {
				if named >= 0 {
					return
				}
				named = i
			}
		}
		if named < 0 {
			return
		}
		for i := range items {
			items[i].Ready = items[i].Ready && i == named
		}
		return
	}
	for i := range items {
		if items[i].Ready && !matchesAt(rs[i], g) {
			items[i].Ready = false
		}
	}
}

// namedAlone is the one repair of rs the words name by a word no other of
// rs has: 女厕 of 实验楼二楼女厕所 beside 二楼男厕所, 地砖 beside 窗户玻璃;
// false when the words name none so, or several.
func namedAlone(text string, rs []Repair) (Repair, bool) {
	norm := strings.ToLower(parse.Normalize(text))
	keys := make([][]string, len(rs))
	for i, r := range rs {
		keys[i] = nameKeys(r)
	}
	found := -1
	for i := range rs {
		for _, k := range keys[i] {
			if !strings.Contains(norm, k) || sharedKey(keys, i, k) || withinLongerKey(norm, keys, i, k) {
				continue
			}
			if found >= 0 && found != i {
				return Repair{}, false
			}
			found = i
		}
	}
	if found < 0 {
		return Repair{}, false
	}
	return rs[found], true
}

// nameKeys are the words that may name r: its thing, and each two
// characters of its place and description that are no fault or filler.
func nameKeys(r Repair) []string {
	var keys []string
	if r.Item != "" {
		keys = append(keys, r.Item)
	}
	rs := []rune(r.LocationName + "，" + r.Description)
	for i := 0; i+1 < len(rs); i++ {
		if !unicode.Is(unicode.Han, rs[i]) || !unicode.Is(unicode.Han, rs[i+1]) ||
			strings.ContainsRune(plainRunes, rs[i]) || strings.ContainsRune(plainRunes, rs[i+1]) {
			continue
		}
		keys = append(keys, string(rs[i:i+2]))
	}
	return keys
}

// withinLongerKey reports whether k, a key of the i-th repair, is only
// part of a longer key of another that the words say: 灯 of the 303 light
// inside 应急灯 of the emergency light (user test 34's T28: 应急灯那单完成
// named both, and was asked which of four).
func withinLongerKey(norm string, keys [][]string, i int, k string) bool {
	for j, ks := range keys {
		if j == i {
			continue
		}
		for _, o := range ks {
			if len(o) > len(k) && strings.Contains(o, k) && strings.Contains(norm, o) {
				return true
			}
		}
	}
	return false
}

// sharedKey reports whether a repair of keys other than the i-th has k.
func sharedKey(keys [][]string, i int, k string) bool {
	for j, ks := range keys {
		if j != i && slices.Contains(ks, k) {
			return true
		}
	}
	return false
}

// narrowByName keeps ready only the one item, of several ready, whose
// repair the words name by what only it has (namedAlone).
func narrowByName(text string, rs []Repair, items []flows.Item) {
	narrowTo(nil, rs, items, func(_ *flows.Turn, ready []Repair) (Repair, bool) { return namedAlone(text, ready) })
}

// narrowByFault leaves ready, of several ready items (rs[i] is items[i]'s
// repair), the one whose description says the fault the words name
// (faultNamed): 漏水那个 of the leaking dispenser beside a tap that 关不严.
// Nothing changes when the words name no fault, or it fits none or several.
func narrowByFault(text string, rs []Repair, items []flows.Item) {
	narrowTo(nil, rs, items, func(_ *flows.Turn, ready []Repair) (Repair, bool) {
		hit := faultNamed(strings.ToLower(parse.Normalize(text)), ready)
		if len(hit) != 1 {
			return Repair{}, false
		}
		return hit[0], true
	})
}

// CancelLinked withdraws repair id, filed to rectify a hazard, when that
// hazard closed (its 整改 re-checked and passed) before anyone finished the
// repair: the thing is seen to, and a job left 待接单 would go overdue and
// alert the leaders (user test 33's T39/T40). why is kept in its trail
// and told to its worker and reporter, except to those told holds (it
// adds them). It reports whether it cancelled: a repair finished, signed
// off or already withdrawn, or another school's, is left as it is.
func CancelLinked(t *flows.Turn, id int64, why string, told map[int64]bool) (Repair, bool, error) {
	r, err := db(t).Repair(t.Ctx, id)
	if isNotFound(err) {
		return r, false, nil
	}
	if err != nil {
		return r, false, err
	}
	switch {
	case r.SchoolID != t.School.ID:
		return r, false, nil
	case r.Status == RepairDone || r.Status == RepairClosed || r.Status == RepairCancelled:
		return r, false, nil
	}
	from := r.Status
	r.Status, r.ClosedAt = RepairCancelled, t.Now
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventCancelled, From: from, To: r.Status, Note: why}); err != nil {
		return r, false, err
	}
	job := fmt.Sprintf("%s（%s「%s」）", r.Ref, r.Place(), jobWords(r, 20))
	for _, n := range []struct {
		to   int64
		text string
	}{
		{r.WorkerID, fmt.Sprintf("%s%s，这张维修单已撤销，不用再去修了。", job, why)},
		{r.ReporterID, fmt.Sprintf("你报修的 %s%s，这张维修单已随之撤销。", job, why)},
	} {
		if n.to == 0 || n.to == t.Staff.ID || told[n.to] {
			continue
		}
		told[n.to] = true
		if err := t.Notify(flows.Notification{ToStaff: n.to, Kind: NoticeUpdate, Ref: ref(r), Text: n.text}); err != nil {
			return r, false, err
		}
	}
	if err := groupCard(t, r); err != nil {
		return r, false, err
	}
	return r, true, nil
}

// endedAlready answers a withdrawal said of a repair of rs that has ended
// already (withdrawn, or signed off): 宿舍那个报修单是不是还挂着 关了吧 of the
// job withdrawn when its hazard closed (user test 33's T40, not
// understood). It is "" unless the words, or rs having only one such,
// pick one.
func endedAlready(t *flows.Turn, text string, rs []Repair) string {
	items := make([]flows.Item, len(rs))
	n := 0
	for i, r := range rs {
		if items[i].Ready = r.Status == RepairCancelled || r.Status == RepairClosed; items[i].Ready {
			n++
		}
	}
	if n == 0 {
		return ""
	}
	narrowByText(t, text, rs, items)
	found := -1
	for i := range items {
		if items[i].Ready {
			if found >= 0 {
				return ""
			}
			found = i
		}
	}
	if found < 0 {
		return ""
	}
	r := rs[found]
	if r.Status == RepairClosed {
		return fmt.Sprintf("%s（%s「%s」）已经验收结束了（%s），不用再关。", r.Ref, r.Place(), jobWords(r, 20), t.When(r.ClosedAt))
	}
	return fmt.Sprintf("%s（%s「%s」）已经撤销了（%s），不会再提醒或超时，不用再处理。", r.Ref, r.Place(), jobWords(r, 20), t.When(r.ClosedAt))
}
