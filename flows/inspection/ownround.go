package inspection

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/internal/rx"
)

// A leader who says what his round covers (「元旦前搞个安全检查 消防 用电
// 取暖 门窗 都看看 我现在开始」, user test 28's N33) gets those areas as his
// checklist, one item each in his order, not the guard's daily round: the
// plan is his own (AssignOwn, ad hoc), made when he starts it.

// area is a part of the school a round may cover, and what checking it
// means.
type area struct {
	Names []string // the words for it, the first as shown: 消防, 消防安全
	Check string   // what to look at
}

// areas are the areas leaders name, with sensible check texts (the
// points of the 学校安全检查 forms: 消防、用电、取暖、门窗、燃气 …).
var areas = []area{
	{[]string{"消防通道", "疏散通道", "安全出口"}, "消防通道、安全出口畅通，无杂物堆放和车辆占用，应急照明、疏散指示正常"},
	{[]string{"消防", "消防安全", "消防器材", "灭火器", "消防设施"}, "灭火器、消火栓在位有效，消防通道、安全出口畅通，应急照明正常"},
	{[]string{"用电", "用电安全", "电", "电路", "线路", "电线", "电器", "插座", "配电"}, "无私拉乱接电线、无违规大功率电器，插座电线完好，人走断电"},
	{[]string{"水电"}, "水龙头、水管无跑冒滴漏，电线插座完好，无违规用电，人走关水断电"},
	{[]string{"取暖", "取暖设备", "暖气", "供暖", "采暖", "电暖器", "小太阳"}, "取暖设备安全使用，周围无可燃物，电暖器人走断电，暖气无漏水"},
	{[]string{"门窗", "门锁", "窗户", "门"}, "门窗完好、能关严上锁，玻璃无破损，门窗无松动坠落危险"},
	{[]string{"燃气", "煤气", "天然气", "液化气"}, "燃气管道、阀门无泄漏，用后关阀，通风良好"},
	{[]string{"食堂", "食品安全", "后厨"}, "后厨用火用电用气安全，食品储存和留样规范，操作间整洁"},
	{[]string{"宿舍", "学生宿舍"}, "宿舍无违规电器、无私拉电线，门窗床铺牢固，疏散通道畅通"},
	{[]string{"实验室", "危化品", "化学品"}, "危化品专柜存放、双人双锁，台账清楚，水电气关闭"},
	{[]string{"楼道", "楼梯", "走廊", "通道"}, "楼道、楼梯畅通无杂物，扶手牢固，照明正常"},
	{[]string{"防滑", "路面", "结冰", "积雪"}, "路面、台阶无结冰积水，防滑措施到位"},
	{[]string{"围墙", "校门", "大门"}, "校门、围墙完好，门卫值守正常，校内无陌生人滞留"},
	{[]string{"安全出口指示灯", "出口指示灯", "疏散指示灯", "疏散指示", "指示灯", "应急照明", "应急灯"}, "安全出口和疏散指示灯、应急照明通电常亮，指示方向正确，无遮挡"},
	{[]string{"座椅", "桌椅", "椅子", "座位", "看台"}, "座椅、看台牢固无松动，无破损和尖锐处，摆放不堵塞通道"},
	{[]string{"监控", "照明"}, "监控和照明设备运行正常"},
	{[]string{"电梯"}, "电梯运行正常，检验合格证在有效期内"},
	{[]string{"体育器材", "操场", "运动场"}, "体育器材、场地设施牢固完好，无松动破损"},
	{[]string{"教室"}, "教室门窗、灯具、电器和课桌椅完好，人走断电"},
}

// areaOf finds the area a word names, by any of its words.
func areaOf(word string) (area, bool) {
	for _, a := range areas {
		if slices.Contains(a.Names, word) {
			return a, true
		}
	}
	return area{}, false
}

// areaSepRE splits a list of areas: 消防、用电和取暖.
var areaSepRE = rx.MustCompile(`[、/和及与跟]+`)

// roundFillerRE is a clause of a planned round that names no area: 都看看,
// 我现在开始, 挨个查一下, 全面排查.
var roundFillerRE = rx.MustCompile(`^(?:我|我们)?(?:现在|这就|马上|先|一会儿?|等会儿?)?(?:开始|准备|要)?(?:都|全都|全部|统统|一起|逐个|挨个|逐项|一项一项地?|全面)?(?:要|得)?(?:查|看|检查|查看|排查|过)?(?:看|查|一下|一查|一看|一遍|一圈|一过)?(?:吧|了|啦|呗)?$`)

// roundAreas reads the areas a planned round names after its first clause
// (roundPlanned's), in order: 「消防 用电 取暖 门窗 都看看」 is 消防, 用电,
// 取暖, 门窗; a run of area words (门窗水电消防) is each of them; a word
// houqin does not know (防滑坡) is kept as said. Nil when none is named.
func roundAreas(text string) []string {
	cs := slices.DeleteFunc(clauseSepRE.Split(strings.TrimSpace(text), -1), func(c string) bool { return c == "" })
	if len(cs) < 2 || !plannedRoundRE.MatchString(cs[0]) {
		return nil
	}
	var out []string
	add := func(w string) {
		if w != "" && !slices.Contains(out, w) && len(out) < MaxItems {
			out = append(out, w)
		}
	}
	for _, c := range cs[1:] {
		c = topicTailRE.ReplaceAllString(c, "")
		c = strings.TrimPrefix(strings.TrimPrefix(c, "查"), "看")
		if c == "" || roundFillerRE.MatchString(c) {
			continue
		}
		for _, w := range areaSepRE.Split(c, -1) {
			if w == "" {
				continue
			}
			if ws, ok := areaRun(w); ok {
				for _, w := range ws {
					add(w)
				}
				continue
			}
			add(w)
		}
	}
	return out
}

// areaRun splits a run of known area words (门窗水电消防), longest first;
// false when any part is not one.
func areaRun(s string) ([]string, bool) {
	var out []string
	rs := []rune(s)
	for i := 0; i < len(rs); {
		n := 0
		for _, a := range areas {
			for _, name := range a.Names {
				k := utf8.RuneCountInString(name)
				if k > n && i+k <= len(rs) && string(rs[i:i+k]) == name {
					n = k
				}
			}
		}
		if n == 0 {
			return nil, false
		}
		out = append(out, string(rs[i:i+n]))
		i += n
	}
	return out, len(out) > 0
}

// ownRoundTitle is the name a planned round gives itself: 元旦前安全检查,
// 冬季安全检查; the time of day (下午) is not part of it.
func ownRoundTitle(text string) string {
	first := strings.TrimSpace(clauseSepRE.Split(strings.TrimSpace(text), 2)[0])
	m := plannedRoundRE.FindStringSubmatch(first)
	if m == nil {
		return "安全检查"
	}
	when, what := m[1], strings.TrimPrefix(m[3], "的")
	if m[2] != "" {
		when = m[2] // 我现在开始考前安全检查
	}
	if !strings.HasSuffix(when, "前") && when != "期末" {
		when = ""
	}
	if strings.Contains(what, when) {
		when = ""
	}
	return when + what
}

// ownRoundItems are the checklist of the areas named, in order.
func ownRoundItems(names []string) []Item {
	items := make([]Item, len(names))
	for i, n := range names {
		text := n + "：查看是否完好，有无安全隐患"
		if a, ok := areaOf(n); ok {
			text = n + "：" + a.Check
		}
		items[i] = Item{Seq: i + 1, Text: flows.Clip(text, 100)}
	}
	return items
}

// startOwnRound opens a leader's own round of the areas he named: his
// unfinished one with the same items, or a new ad hoc plan of them (the
// same plan again when an earlier round of his had these very items).
func (f CheckFlow) startOwnRound(t *flows.Turn, names []string, title string) error {
	intro := fmt.Sprintf("好的，按你说的 %d 个方面（%s）列成临时检查清单，不影响当天的例行巡查。", len(names), strings.Join(names, "、"))
	return f.openOwnRound(t, title, ownRoundItems(names), intro)
}

// openOwnRound opens a leader's own round titled title with items, said
// with intro when it is new: his unfinished one with the same items, or
// an ad hoc plan of them.
func (f CheckFlow) openOwnRound(t *flows.Turn, title string, items []Item, intro string) error {
	same := func(p Plan) bool {
		return p.Assignee.Kind == AssignOwn && slices.EqualFunc(p.Items, items, func(a, b Item) bool { return a.Text == b.Text })
	}
	checks, err := db(t).ChecksClosingAfter(t.Ctx, t.School.ID, t.Now)
	if err != nil {
		return err
	}
	for _, c := range checks {
		if c.Status != CheckOpen || c.InspectorID != t.Staff.ID || !c.AdHoc() {
			continue
		}
		p, err := db(t).Plan(t.Ctx, c.PlanID)
		if err != nil {
			return err
		}
		if p.Active && same(p) {
			t.Say(fmt.Sprintf("「%s」你已经开始了，接着检查剩下的项目。", p.Name))
			return f.open(t, choice{PlanID: p.ID, CheckID: c.ID, AdHoc: true, Label: p.Name})
		}
	}
	plans, err := db(t).Plans(t.Ctx, t.School.ID)
	if err != nil {
		return err
	}
	now := t.Now.In(t.School.Location())
	day := fmt.Sprintf("%d月%d日", now.Month(), now.Day())
	var plan Plan
	for _, name := range []string{title + "（" + day + "）", title + "（" + t.Staff.Name + " " + day + "）"} {
		name = flows.Clip(name, 40)
		i := slices.IndexFunc(plans, func(p Plan) bool { return p.Name == name })
		if i >= 0 && same(plans[i]) {
			plan = plans[i] // said again after it was done: the same checklist
			break
		}
		if i < 0 {
			plan = Plan{SchoolID: t.School.ID, Name: name, Schedule: Schedule{Every: AdHoc},
				Assignee: Assignee{Kind: AssignOwn}, Items: items, Active: true}
			if _, err := db(t).SavePlan(t.Ctx, &plan, t.Now); err != nil {
				return err
			}
			break
		}
	}
	if plan.ID == 0 {
		// Both names taken by other lists (a second round of his today
		// with other areas): numbered.
		for n := 2; plan.ID == 0; n++ {
			name := flows.Clip(fmt.Sprintf("%s（%s %s 第%d次）", title, t.Staff.Name, day, n), 40)
			if slices.ContainsFunc(plans, func(p Plan) bool { return p.Name == name }) {
				continue
			}
			plan = Plan{SchoolID: t.School.ID, Name: name, Schedule: Schedule{Every: AdHoc},
				Assignee: Assignee{Kind: AssignOwn}, Items: items, Active: true}
			if _, err := db(t).SavePlan(t.Ctx, &plan, t.Now); err != nil {
				return err
			}
		}
	}
	t.Say(intro)
	return f.open(t, choice{PlanID: plan.ID, AdHoc: true, Label: plan.Name})
}

// A leader says he will go and check one place, and what he will look at
// there (user test 32's T52: 「家长会前我去礼堂转一圈 人员密集场所检查 疏散通道
// 安全出口指示灯 灭火器 座椅都看看」 was not understood, and 巡查 then gave him
// the gate guard's daily list). His words are the list: an ad hoc check of
// that place, one item per thing he named, in his order. A thing no known
// area covers (舞台幕布) is still an item, in his own words, checked for
// being intact and safe (ownRoundItems): nothing he named is dropped or
// swapped for an item of a school plan.

// placeWalkRE is the first clause of such a check: 家长会前我去礼堂转一圈,
// 下午我去食堂看一圈, 我现在去体育馆查一下. Its groups are when (家长会前)
// and the place (礼堂).
var placeWalkRE = rx.MustCompile(`^(?:今天|下午|上午|晚上|一会儿?|等会儿?|待会儿?)?(\p{Han}{1,5}?(?:之)?前)?(?:我|我们)?(?:先|现在|这就|马上|准备|要|打算|再)*(?:带人|带队)?去(\p{Han}{2,8}?)(?:里|里面|那边|那儿)?(?:转一圈|转一转|转转|走一圈|看一圈|绕一圈|巡一圈|巡一遍|查一圈|查一遍|查一下|查查|看看|检查一下)去?(?:吧|了)?$`)

// placeCheckRE is a clause naming the check itself: 人员密集场所检查, 大型活动
// 安全检查, 重点检查. Its group is the name.
var placeCheckRE = rx.MustCompile(`^(?:做个|做一下|搞个|来个|做|搞)?(\p{Han}{0,8}?(?:检查|排查|巡查))(?:一下)?$`)

// lookTailRE ends a clause of things to look at: 座椅都看看, 灭火器也查一下.
var lookTailRE = rx.MustCompile(`(?:都|也|全都|全部|一起|统统)?(?:要|得)?(?:看看|看一看|看一下|查查|查一下|检查一下|检查|查看)(?:吧|了)?$`)

// placeRound reads a leader's check of one place said in words (see
// above): the things he named, the check's title (礼堂人员密集场所检查) and
// the place; ok is false unless at least one thing is named and nothing
// tells anything wrong or asks.
func placeRound(text string) (names []string, title, place string, ok bool) {
	s := strings.TrimSpace(text)
	if strings.ContainsAny(s, "吗么？?") {
		return nil, "", "", false
	}
	cs := slices.DeleteFunc(clauseSepRE.Split(s, -1), func(c string) bool { return c == "" })
	if len(cs) < 2 {
		return nil, "", "", false
	}
	m := placeWalkRE.FindStringSubmatch(cs[0])
	if m == nil {
		return nil, "", "", false
	}
	place = m[2]
	check := ""
	add := func(w string) {
		if w != "" && !slices.Contains(names, w) && len(names) < MaxItems {
			names = append(names, w)
		}
	}
	for i, c := range cs[1:] {
		if troubleRE.MatchString(c) || dangerRE.MatchString(c) || roundNotNowRE.MatchString(c) {
			return nil, "", "", false
		}
		if cm := placeCheckRE.FindStringSubmatch(c); cm != nil && i == 0 {
			check = cm[1]
			continue
		}
		c = topicTailRE.ReplaceAllString(lookTailRE.ReplaceAllString(c, ""), "")
		if c == "" || roundFillerRE.MatchString(c) {
			continue
		}
		if utf8.RuneCountInString(c) > 10 {
			return nil, "", "", false
		}
		for _, w := range areaSepRE.Split(c, -1) {
			add(w)
		}
	}
	if len(names) == 0 {
		return nil, "", "", false
	}
	if check == "" || check == "检查" {
		check = "安全检查"
	}
	return names, place + check, place, true
}

// startPlaceRound opens a leader's check of one place with the things he
// named as its items (placeRound).
func (f CheckFlow) startPlaceRound(t *flows.Turn, names []string, title, place string) error {
	intro := fmt.Sprintf("好的，按你说的 %d 项（%s）列成%s的临时检查清单，不影响当天的例行巡查。", len(names), strings.Join(names, "、"), place)
	return f.openPlaceRound(t, names, title, place, intro)
}

// openPlaceRound opens a leader's check of one place with names as its
// items, each at that place, said with intro when it is new.
func (f CheckFlow) openPlaceRound(t *flows.Turn, names []string, title, place, intro string) error {
	items := ownRoundItems(names)
	// Each item is at the place he named, so that what he finds there is
	// filed there without asking where (the school's room when it is one).
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return err
	}
	var id int64
	label := flows.Clip(place, 40)
	if g := repair.GuessRepair(place, locs); g.LocationID != 0 && roomOrAliasNamed(place, locs, g.LocationID) {
		id, label = g.LocationID, flows.LocationLabel(locs, g.LocationID)
	}
	for i := range items {
		items[i].Place, items[i].LocationID = label, id
	}
	return f.openOwnRound(t, title, items, intro)
}
