package repair

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A message naming several problems (1.后门锁坏了 2.有盏灯不亮 3.饮水机漏水)
// becomes one job per problem, each routed by its own trade, confirmed in
// one read-back. A problem that names no place takes the place another
// named (the same room, unless said otherwise); when none did, one
// question 「在哪里」 answers for all.

// severalButtons are the read-back's choices for several problems.
var severalButtons = []flows.Button{
	{Label: "确认提交", Data: confirmSubmit},
	{Label: "取消", Data: confirmCancel},
}

// MaxProblems bounds the problems of one message.
const MaxProblems = 9

func (f RepairFlow) startSeveral(t *flows.Turn, d *repairDraft, problems []RepairGuess, locs []flows.Location, dutyAsked bool) error {
	if len(problems) > MaxProblems {
		t.Done()
		t.Say(fmt.Sprintf("一条消息里有 %d 个问题，太多了。请分几条发送，每条不超过 %d 个。", len(problems), MaxProblems))
		return nil
	}
	var shared *RepairGuess
	for i, g := range problems {
		if g.LocationID != 0 || g.PlaceText != "" {
			shared = &problems[i]
			break
		}
	}
	for _, g := range problems {
		it := draftItem{Trade: g.Trade, Item: g.Item, Desc: flows.Clip(g.Description, MaxDescription), Tier: g.Tier(), Hazard: g.Hazard}
		src := g
		if room := floorRoomAt(g.Description); g.LocationID == 0 && g.PlaceText == "" && room != "" {
			src = RepairGuess{PlaceText: room} // 三楼女厕所冲水的那个按钮…: its own place, not another's 走廊
		} else if g.LocationID == 0 && g.PlaceText == "" && shared != nil {
			src = *shared
		}
		it.setPlace(src, locs)
		d.Items = append(d.Items, it)
	}
	if dutyAsked { // 这个是找后勤还是找信息中心啊: who mends each (dutyask.go)
		lead, err := dutyAnswer(t, d)
		if err != nil {
			return err
		}
		d.lead += lead
	}
	return f.next(t, d)
}

// setPlace takes the place g read, in the table or as written.
func (it *draftItem) setPlace(g RepairGuess, locs []flows.Location) {
	switch {
	case g.LocationID != 0:
		it.LocationID, it.Location = g.LocationID, flows.LocationLabel(locs, g.LocationID)
	case g.PlaceText != "":
		it.PlaceText, it.Building = flows.Clip(tidyPlace(g.PlaceText), 60), g.Building
	}
}

func (it draftItem) located() bool { return it.LocationID != 0 || it.PlaceText != "" }

func (it draftItem) place() string {
	if it.LocationID != 0 {
		return it.Location
	}
	return otherPlace(it.Building, it.PlaceText)
}

// nextSeveral asks where (once, for every problem that named no place),
// then the trade of each problem that has none, then reads them all back.
func (f RepairFlow) nextSeveral(t *flows.Turn, d *repairDraft) error {
	for i := range d.Items {
		it := &d.Items[i]
		if it.located() {
			continue
		}
		if !d.located() {
			return f.askLocation(t, d)
		}
		it.LocationID, it.Location, it.PlaceText, it.Building = d.LocationID, d.Location, d.PlaceText, d.Building
	}
	for i, it := range d.Items {
		if it.Trade == "" {
			d.Ask = i
			t.Say(fmt.Sprintf("第 %d 项「%s」属于哪一类维修？\n%s", i+1, flows.Clip(it.Desc, 20), flows.Numbered(tradeButtons)), tradeButtons...)
			return t.Goto(string(stateTrade), d)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s请核对报修单（共 %d 项，每项单独派给对应的维修人员）：", d.lead, len(d.Items))
	var advice []string
	urgent := false
	for i, it := range d.Items {
		tier := ParseTier(string(it.Tier))
		due := RepairDue(t.School.Settings, t.School.Location(), t.Now, tier)
		fmt.Fprintf(&b, "\n%d. %s：%s\n   %s · %s，%s 前修好", i+1, shownPlace(it.place()), it.Desc, it.Trade.Label(), tier.Label(), t.When(due))
		if tier == TierUrgent {
			urgent = true
			if a := it.Hazard.Advice(); a != "" && !contains(advice, a) {
				advice = append(advice, a)
			}
		}
	}
	if d.Photo != "" {
		b.WriteString("\n照片：已附（随第 1 项）")
	}
	if d.Wish != "" {
		fmt.Fprintf(&b, "\n留言：%s（提交后会转告维修师傅）", d.Wish)
	}
	if urgent {
		b.WriteString("\n其中有安全隐患，提交后会立即通知维修人员和" + toldAbove(t) + "。")
		for _, a := range advice {
			b.WriteString("\n安全提示：" + a)
		}
	}
	b.WriteString("\n" + flows.Numbered(severalButtons))
	t.Say(b.String(), severalButtons...)
	return t.Goto(string(stateConfirm), d)
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// placeSeveral takes the answer to 「在哪里」 for the problems that named
// no place.
func (f RepairFlow) placeSeveral(t *flows.Turn, d *repairDraft, g RepairGuess, locs []flows.Location) error {
	if g.LocationID == 0 && g.PlaceText == "" { // several candidates: ask among them
		d.Candidates = g.LocationCandidates
		return f.askLocation(t, d)
	}
	var it draftItem
	it.setPlace(g, locs)
	d.LocationID, d.Location, d.PlaceText, d.Building, d.Candidates = it.LocationID, it.Location, it.PlaceText, it.Building, nil
	return f.next(t, d)
}

// submitSeveral files every problem and answers once, with a line each.
func (f RepairFlow) submitSeveral(t *flows.Turn, d *repairDraft) error {
	var own []draftItem // items that looked like the reporter's own open repairs
	var ownOf Repair
	var b strings.Builder
	var buttons []flows.Button
	var advice []string
	var told []string // the workers d.Wish was passed to
	fmt.Fprintf(&b, "已提交 %d 项报修：", len(d.Items))
	for i, it := range d.Items {
		fl := Filing{LocationID: it.LocationID, Trade: it.Trade, Item: it.Item, Description: it.Desc, Tier: it.Tier, Hazard: it.Hazard,
			PlaceText: it.PlaceText, Building: it.Building}
		if i == 0 {
			fl.Photo = d.Photo
		}
		out, err := fileReport(t, fl, it.place())
		if err != nil {
			return err
		}
		r := out.Repair
		switch {
		case out.Own:
			fmt.Fprintf(&b, "\n%d. %s：你已经报修过，单号 %s（%s）", i+1, it.Desc, r.Ref, r.Status.Label())
			own, ownOf = append(own, it), r
		case out.Merged:
			fmt.Fprintf(&b, "\n%d. %s：已有人报修（%s「%s」，%s负责），已合并进去；不是同一个问题请回复「不是同一个问题 %d」",
				i+1, it.Desc, r.Ref, r.Description, workerOrOffice(r), Num(r))
			buttons = append(buttons, splitButton(r))
		case out.Reworked:
			fmt.Fprintf(&b, "\n%d. %s：%s 刚修好还没验收，已按返修退回给%s，%s 前修好", i+1, it.Desc, r.Ref, r.WorkerName, t.When(r.DueAt))
		default:
			urgent := ""
			if out.Again != nil {
				urgent = "（返修，原单 " + out.Again.Ref + "）"
			}
			if r.Tier == TierUrgent {
				urgent = "（紧急）" + urgent
				if a := it.Hazard.Advice(); a != "" && !contains(advice, a) {
					advice = append(advice, a)
				}
			}
			fmt.Fprintf(&b, "\n%d. %s%s %s：%s → %s，%s 前修好", i+1, r.Ref, urgent, r.Place(), it.Desc, r.WorkerName, t.When(r.DueAt))
			if d.Wish != "" && r.WorkerID != 0 && r.WorkerID != t.Staff.ID && !contains(told, r.WorkerName) {
				// Once to each worker, with his first job: the words are
				// the reporter's on them all.
				if err := passRemark(t, r, d.Wish); err != nil {
					return err
				}
				told = append(told, r.WorkerName)
			}
		}
	}
	if len(told) > 0 {
		fmt.Fprintf(&b, "\n你说的「%s」已转告%s。", d.Wish, strings.Join(told, "、"))
	}
	for _, a := range advice {
		b.WriteString("\n安全提示：" + a)
	}
	b.WriteString("\n修好后会请你验收；发送「我的」可随时查看进度。")
	t.Say(b.String(), buttons...)
	if len(own) == 1 && len(buttons) == 0 {
		// One item like her own open repair: she is asked, as of a
		// single report, whether it is (see ownsame.go).
		it := own[0]
		return askOwnSame(t, &repairDraft{LocationID: it.LocationID, Location: it.Location, PlaceText: it.PlaceText, Building: it.Building,
			Trade: it.Trade, Item: it.Item, Desc: it.Desc, Tier: it.Tier, Hazard: it.Hazard}, ownOf)
	}
	t.Done()
	return nil
}

// itemNumRE is an item of a read-back named by its number: 第2个, 第 2 项.
var itemNumRE = rx.MustCompile(`第\s*([1-9一二三四五六七八九])\s*(?:个|项|条|件)?`)

// itemTradeSaid reads a trade said of one item of a read-back (第2个插座
// 是电的问题 不是木工): the item's number as shown, and the trade, or 0.
func itemTradeSaid(text string) (int, flows.Trade) {
	m := itemNumRE.FindStringSubmatch(text)
	if m == nil {
		return 0, ""
	}
	n, ok := parse.ParseChoice(m[1], 9)
	if !ok {
		return 0, ""
	}
	return n, tradeSaid(text)
}

// dropItemRE says an item of a read-back is not to be reported: 先不报了,
// 不用报了, 不要了, 去掉, 删掉, 不修了.
var dropItemRE = rx.MustCompile(`(?:先|暂时|暂且)?不(?:用|要|必|需要)?(?:报|修|提交)了|不(?:用|要|需要)了|去掉|删掉|删除|删了|拿掉|划掉|去除|撤掉|撤回|取消`)

// itemDropped reads which item of a read-back of several the person drops
// (空调那个先不报了, 去掉第2个, 第二个不要了): the item's index, named by
// its number as shown or by its thing (空调), when exactly one is named.
func itemDropped(text string, items []draftItem) (int, bool) {
	text = parse.Normalize(text)
	if !dropItemRE.MatchString(text) {
		return 0, false
	}
	if m := itemNumRE.FindStringSubmatch(text); m != nil {
		n, ok := parse.ParseChoice(m[1], 9)
		if !ok || n < 1 || n > len(items) {
			return 0, false
		}
		return n - 1, true
	}
	found := -1
	for i, it := range items {
		if it.Item == "" || !strings.Contains(text, it.Item) {
			continue
		}
		if found >= 0 {
			return 0, false // two named: which one is not clear
		}
		found = i
	}
	return found, found >= 0
}

// dropItem takes item i off the read-back and shows it again: the only one
// left is then read back as a report of one problem.
func (f RepairFlow) dropItem(t *flows.Turn, d *repairDraft, i int) error {
	gone := d.Items[i]
	d.Items = append(d.Items[:i:i], d.Items[i+1:]...)
	d.lead = fmt.Sprintf("好的，第 %d 项「%s」不报了。\n", i+1, flows.Clip(gone.Desc, 20))
	if len(d.Items) == 1 {
		it := d.Items[0]
		photo, lead := d.Photo, d.lead
		*d = repairDraft{LocationID: it.LocationID, Location: it.Location, PlaceText: it.PlaceText, Building: it.Building,
			Trade: it.Trade, Item: it.Item, Desc: it.Desc, Tier: it.Tier, Hazard: it.Hazard, Photo: photo, lead: lead}
	}
	return f.next(t, d)
}

// dropsAllRE is the whole report of several said not wanted: 算了不要了,
// 都不报了, 全部取消; dropsAll reads it when no one item is named (the
// twelfth user test's 算了不要了 had been asked 「去掉哪一项」).
var dropsAllRE = rx.MustCompile(`^(?:哎呀|唉|那|那就|还是)?\s*算了|(?:都|全都|全部|统统|两个都|几个都|一起)\s*(?:先|暂时)?\s*(?:不(?:用|要|必|需要)?(?:报|修|提交)?了|取消|删掉|不要)|整个(?:单子|报修)?(?:都)?(?:不要了|取消)`)

func dropsAll(text string) bool {
	text = parse.Normalize(strings.TrimSpace(text))
	return dropsAllRE.MatchString(text) && (dropItemRE.MatchString(text) || strings.Trim(dropsAllRE.ReplaceAllString(text, ""), " ，,。.！!吧啦了") == "") &&
		itemNumRE.FindString(text) == ""
}

// itemPlaceLeadRE is what may come between an item's number and its new
// place: 第2个地点是, 第一个不是走廊啊 是, 第二个在.
var itemPlaceLeadRE = rx.MustCompile(`^(?:的)?\s*(?:地点|位置|地方)?\s*(?:应该)?\s*(?:不是[^，,。是在]*?[啊呀吧]?[\s，,]*)?(?:是|在)?[\s，,：:]*`)

// placeWrongRE is an item's place said wrong, after 第二个地方:
// 不对, 错了, 写错了.
var placeWrongRE = rx.MustCompile(`^(?:不对|错了|写错了|搞错了|弄错了|有误)[啊呀吧了]?[\s，,。]*`)

// itemWhereRE is an item named by a word of it, then where it is: 厕所在
// 三楼, 灯那个是在三楼走廊.
var itemWhereRE = rx.MustCompile(`^(\p{Han}{1,4}?)(?:那个|那项|那一项|的)?\s*(?:是在|在|是)\s*(\S.*)$`)

// itemPlaceSaid reads a new place for one item of a read-back of several:
// 第2个地点是三楼女厕, 第一个不是走廊啊 是教学楼三楼女厕. It returns the
// item's index and the place read, when the rest of the text is a place
// and nothing else.
func itemPlaceSaid(text string, items []draftItem, locs []flows.Location) (int, RepairGuess, bool) {
	text = parse.Normalize(strings.TrimSpace(text))
	var n int
	var rest string
	if loc := itemNumRE.FindStringSubmatchIndex(text); loc != nil && loc[0] == 0 {
		var ok bool
		if n, ok = parse.ParseChoice(text[loc[2]:loc[3]], 9); !ok {
			return 0, RepairGuess{}, false
		}
		rest = text[loc[1]:]
	} else if m := itemWhereRE.FindStringSubmatch(text); m != nil {
		// 厕所在三楼, 灯那个是在三楼走廊: the item its words name.
		for i, it := range items {
			if strings.Contains(it.Desc, m[1]) || strings.Contains(it.PlaceText, m[1]) || it.Item != "" && strings.Contains(m[1], it.Item) {
				if n != 0 {
					return 0, RepairGuess{}, false // two named: which is not clear
				}
				n = i + 1
			}
		}
		rest = m[2]
		if floorWordRE.MatchString(rest) && floorWordRE.ReplaceAllString(rest, "") == "" {
			rest += m[1] // 厕所在三楼: the floor's 厕所
		}
	}
	if n < 1 || n > len(items) {
		return 0, RepairGuess{}, false
	}
	rest = strings.TrimSpace(rest[len(itemPlaceLeadRE.FindString(rest)):])
	if m := placeWrongRE.FindStringIndex(rest); m != nil {
		// 第二个地方不对 暖气是三楼办公室的 (user test 26's G26, asked for
		// a number): the place said wrong, then the item by its word and
		// where it is.
		rest = strings.TrimSpace(rest[m[1]:])
		if w := itemWhereRE.FindStringSubmatch(rest); w != nil {
			it := items[n-1]
			if strings.Contains(it.Desc, w[1]) || strings.Contains(it.PlaceText, w[1]) || it.Item != "" && (strings.Contains(w[1], it.Item) || strings.Contains(it.Item, w[1])) {
				rest = w[2]
			}
		}
		rest = strings.TrimSpace(strings.TrimRight(rest, "的啊呀吧。.！! "))
	}
	if rest == "" {
		return 0, RepairGuess{}, false
	}
	g := GuessRepair(rest, locs)
	if g.LocationID == 0 && (g.PlaceText == "" || g.Floor != "" && g.Building == "") && len(g.LocationCandidates) == 0 && floorRoomName(rest) {
		// 三楼女厕: a room not in the table, as written, in the building
		// the item was in when no other is said.
		g = RepairGuess{PlaceText: rest, Building: items[n-1].Building}
	}
	if g.LocationID == 0 && g.PlaceText == "" || g.Item != "" {
		return 0, RepairGuess{}, false
	}
	return n - 1, g, true
}

// movePlace puts the item at the place g reads, wherever it was.
func (it *draftItem) movePlace(g RepairGuess, locs []flows.Location) {
	it.LocationID, it.Location, it.PlaceText, it.Building = 0, "", "", ""
	it.setPlace(g, locs)
	if it.PlaceText != "" {
		it.PlaceText = withoutBuilding(it.PlaceText, it.Building)
	}
}

// allPlaceRE is one place said for every item of a read-back of several:
// 不是走廊，两个都是我们303教室里头的 (user test 16 was asked for a number),
// 都在303, 这俩都在302.
var allPlaceRE = rx.MustCompile(`^(?:不是[^，,。是在]*?[啊呀吧]?[\s，,]+)?(?:这|那)?(?:两个|俩|几个|三个|全部|全)?都(?:是在|在|是)\s*(\S.*?)(?:里头|里面|里边|里|那儿|那里)?(?:的)?[。！!]*$`)

// allPlaceSaid reads allPlaceRE: the place for every item, when the rest
// is a place and names no thing (都是电工的活 is none).
func allPlaceSaid(text string, locs []flows.Location, s Sender) (RepairGuess, bool) {
	m := allPlaceRE.FindStringSubmatch(parse.Normalize(strings.TrimSpace(text)))
	if m == nil {
		return RepairGuess{}, false
	}
	g := defaultReader().guess(m[1], locs, s)
	if g.LocationID == 0 && g.PlaceText == "" || g.Item != "" || g.Trade != "" {
		return RepairGuess{}, false
	}
	return g, true
}

// floorRoomName reports whether text is a kind of room, its floor perhaps
// before it: 三楼女厕, 女厕所.
func floorRoomName(text string) bool {
	return isRoomName(floorWordRE.ReplaceAllString(parse.Normalize(text), ""))
}

// floorRoomAt is the kind of room on a floor a problem of several begins
// with (三楼女厕所 of 三楼女厕所冲水的那个按钮按不下去了), or "": its own
// place, not in the table, which another problem's place (走廊) is not.
func floorRoomAt(desc string) string {
	rd := defaultReader()
	norm := parse.Normalize(desc)
	m := floorWordRE.FindStringIndex(norm)
	if m == nil || m[0] != 0 {
		return ""
	}
	rest := []rune(norm[m[1]:])
	c := rd.canonicalize(rest)
	n := rd.roomNameAt(c, 0)
	if n == 0 || len(c.r) != len(rest) {
		return "" // (canon and text no longer line up: not read)
	}
	return norm[:m[1]] + string(rest[:n])
}

// placeFineRE is a place of a read-back's items said to have nothing
// wrong: 教务处没坏, 302是好的, 实验楼那个没问题 (user test 29's R5, asked
// for a number).
var placeFineRE = rx.MustCompile(`([^\s，,。！!是]{1,10}?)(?:的|那个|那边|那里)?\s*(?:没坏|没有坏|没问题|没有问题|没事|是好的|好好的|不用修|不需要修|没毛病)`)

// itemPlaceFine reads placeFineRE: the index of the one item at the place
// it names, when no other item is there.
func itemPlaceFine(text string, items []draftItem) (int, bool) {
	text = parse.Normalize(text)
	found := -1
	for _, m := range placeFineRE.FindAllStringSubmatch(text, -1) {
		name := strings.TrimPrefix(strings.TrimPrefix(m[1], "不对"), "其实")
		if name == "" {
			continue
		}
		for i, it := range items {
			if !strings.Contains(it.place(), name) {
				continue
			}
			if found >= 0 && found != i {
				return 0, false // two at that place: which one is not clear
			}
			found = i
		}
	}
	return found, found >= 0
}
