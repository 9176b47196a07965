package canteen

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// SampleFlow is 留样: canteen staff log the samples kept from a meal
// (dishes with weights, fridge temperature, an optional photo) against the
// school's rules, and later confirm their disposal (已处理 N).
type SampleFlow struct{}

// Name implements Flow.
func (SampleFlow) Name() string { return "sample" }

// Title implements Flow.
func (SampleFlow) Title() string { return "留样" }

// Triggers implements Flow.
func (SampleFlow) Triggers() []string { return []string{"留样", "食品留样", "sample"} }

// Hint implements the engine's help text.
func (SampleFlow) Hint() string {
	return "可以一条消息写完：第一行「留样 午餐」，下面每行一个「菜名 重量」，最后一行「温度 4度」"
}

// Allowed implements Flow: canteen staff, and the 总务主任 who supervises them.
func (SampleFlow) Allowed(s flows.Staff) bool { return s.Has(flows.RoleCanteen, flows.RoleHead) }

// Accepts implements Acceptor: a first line about samples wherever 留样
// comes in it (午餐留样：…, 今天中午的样留好了), or from canteen staff simply
// the dish list, two or more dishes with weights and nothing unreadable.
func (f SampleFlow) Accepts(t *flows.Turn) bool {
	if _, _, _, ok := vocabFor(t).missed(t.Text); ok && f.Allowed(t.Staff) {
		return true // 昨天晚上那顿忘留样了 怎么办: a missed sample (Start)
	}
	if _, ok := vocabFor(t).fridgeMoved(t.Text); ok && f.Allowed(t.Staff) {
		return true // 样品挪到另一台冰箱了 5度: the fridge of those kept (Start)
	}
	if cancelSaid(t.Text) {
		return false // 我不是在留样 取消: no record (user test 17)
	}
	if isQuestion(t.Text) {
		return false // 今天中午的样留了没有: a question (Questions), not a record
	}
	if f.Allowed(t.Staff) && vocabFor(t).firstLineSaysSample(t.Text) {
		return true // 午餐留样：…, 今天中午的样留好了 …
	}
	if !t.Staff.Has(flows.RoleCanteen) {
		return false
	}
	dishes, errs := parse.ParseDishes(t.Text)
	return len(errs) == 0 && len(dishes) >= 2 && !slices.ContainsFunc(dishes, func(d parse.Dish) bool { return !d.HasWeight })
}

type sampleDraft struct {
	Day      string       `json:"day"` // 2006-01-02
	Meal     string       `json:"meal"`
	Dishes   []SampleItem `json:"dishes,omitempty"`
	FridgeC  *float64     `json:"fridge,omitempty"`
	Photo    string       `json:"photo,omitempty"`
	Menu     []string     `json:"menu,omitempty"`
	Accepted []string     `json:"accepted,omitempty"` // problems the person chose to record as a violation
	Asked    []string     `json:"asked,omitempty"`    // the problems the reason being asked for is about
	Reason   string       `json:"reason,omitempty"`
	// Said is the message that started the record, read again as a
	// disposal when the cook says that is what she meant (notSampleRE).
	Said string `json:"said,omitempty"`
}

func (d *sampleDraft) day() time.Time {
	day, _ := time.Parse(time.DateOnly, d.Day)
	return day
}

func (d *sampleDraft) what(t *flows.Turn) string {
	return mealDayLabel(d.day(), t.Now, t.School.Location()) + flows.MealLabel(d.Meal)
}

// setMeal moves the draft to a meal and loads that meal's menu, but its
// condiments. A meal
// the message says with no day is the one justPast names.
func (d *sampleDraft) setMeal(t *flows.Turn, meal string, dayOffset int) error {
	dayOffset, _ = justPast(t, dayOffset, t.Text)
	d.Meal = meal
	d.Day = CivilDay(t.Now, t.School.Location()).AddDate(0, 0, dayOffset).Format(time.DateOnly)
	menu, err := db(t).Menu(t.Ctx, t.School.ID, d.day(), meal)
	switch {
	case errors.Is(err, flows.ErrNotFound):
		d.Menu = nil
	case err != nil:
		return err
	default:
		// 醋、蒜 listed with 饺子 are served beside it and owe no sample
		// (condimentOnly): no weight is asked for them, none counted.
		if d.Menu = slices.DeleteFunc(menu, condimentOnly); len(d.Menu) == 0 {
			d.Menu = nil
		}
	}
	return nil
}

// problems lists the rules the draft breaks, as they will be recorded.
func (d *sampleDraft) problems(st flows.Settings) []string {
	ps := weightProblems(st, d.Dishes)
	if p := fridgeProblem(st, d.FridgeC); p != "" {
		ps = append(ps, p)
	}
	return ps
}

// earlier lists the batches already recorded for the draft's meal.
func (d *sampleDraft) earlier(t *flows.Turn) ([]SampleBatch, error) {
	batches, err := db(t).SampleBatches(t.Ctx, t.School.ID, d.day())
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(batches, func(b SampleBatch) bool { return b.Meal != d.Meal }), nil
}

// unsampled lists the menu dishes sampled neither in the draft nor in an
// earlier record of the same meal: a supplementary record of the soup
// does not make the rest of the menu missing.
func (d *sampleDraft) unsampled(earlier []SampleBatch) []string {
	items := slices.Clone(d.Dishes)
	for _, b := range earlier {
		items = append(items, b.Items...)
	}
	return unsampled(d.Menu, items)
}

func (d *sampleDraft) unaccepted(ps []string) []string {
	var out []string
	for _, p := range ps {
		if !slices.Contains(d.Accepted, p) {
			out = append(out, p)
		}
	}
	return out
}

// Start implements Flow. The message that starts the flow may already
// carry the meal, the dishes and the temperature.
func (f SampleFlow) Start(t *flows.Turn) error {
	words := vocabFor(t)
	if words.aboutTheFridge(t.Text) {
		t.Done()
		t.Say("这条消息是在说留样冰箱（柜）的问题吧？需要维修请发送「报修」加上问题，如「报修 留样冰箱不制冷」；要记录留样，请发送「留样」。")
		return nil
	}
	if c, ok := words.fridgeMoved(t.Text); ok && f.Allowed(t.Staff) {
		t.Done()
		return fridgeChanged(t, c) // 留样挪到另一个冰箱 挪好了 那台是4度
	}
	if meal, off, has, ok := words.missed(t.Text); ok {
		if !has {
			// 不是 没留 忘了, said with no meal and no record in hand: which
			// meal is the cook's to say. (The meal of the hour had been
			// taken: at 05:17 today's breakfast, not served yet, was
			// recorded as 漏留样 and the 总务主任 told.)
			t.Done()
			t.Say("是哪天哪一餐没有留样？请说一下，比如「昨天晚餐没留样」。没有留的样不能补登，说清楚后我会如实记为漏留样，并告诉总务主任。")
			return nil
		}
		off, _ = justPast(t, off, t.Text)
		return f.missedSample(t, meal, off)
	}
	text := flows.StripTrigger(t.Text, f.Triggers())
	d := sampleDraft{Photo: t.Image(), Said: t.Text}
	var meal string
	var off int
	var ok bool
	if m, o, has, rest, header := words.header(t.Text); header {
		meal, off, ok, text = m, o, has, rest
	}
	rest := text
	if !ok {
		var o int
		meal, o, rest, ok = words.leading(text)
		off += o
	}
	if !ok {
		meal = DefaultMeal(t.School.Settings, t.Now, t.School.Location())
	}
	if err := d.setMeal(t, meal, off); err != nil {
		return err
	}
	intro := fmt.Sprintf("好的，记录%s的留样。", d.what(t))
	switch {
	case !ok:
		intro += "（如果不是" + flows.MealLabel(meal) + "，请回复「早餐」「午餐」「晚餐」或「加餐」更正。）"
	case movedToYesterday(t, off, d.day()):
		intro += smallHoursNote(meal)
	}
	t.Say(intro)
	if rest != "" {
		return f.read(t, &d, rest)
	}
	return f.next(t, &d)
}

// missedSample answers a cook who says a meal's sample was not kept: a
// sample that was never kept cannot be recorded afterwards (that would be
// a false record), so the meal is recorded as 漏留样, the 总务主任 is told,
// and the cook is told what to do next time. A meal that has a record
// already is only pointed at it.
func (f SampleFlow) missedSample(t *flows.Turn, meal string, dayOffset int) error {
	t.Done()
	today := CivilDay(t.Now, t.School.Location())
	day := today.AddDate(0, 0, dayOffset)
	what := mealDayLabel(day, t.Now, t.School.Location()) + flows.MealLabel(meal)
	sampled, err := db(t).SampledMeals(t.Ctx, t.School.ID, day)
	if err != nil {
		return err
	}
	if slices.Contains(sampled, meal) {
		t.Say(fmt.Sprintf("%s已经有留样记录了。如果是有菜品没留，请如实报告总务主任；发送「我的留样」可以查看记录。", what))
		return nil
	}
	if _, err := db(t).RecordMissingSamples(t.Ctx, t.School.ID, day, meal, t.Now); err != nil {
		return err
	}
	// The 【未留样提醒】 of the meal, if not sent yet, would say no more.
	if _, err := t.Tx.ClaimJob(t.Ctx, missingClaim(t.School.ID, day, meal), t.Now); err != nil {
		return err
	}
	first, err := t.Tx.ClaimJob(t.Ctx, missedToldClaim(t.School.ID, day, meal), t.Now)
	if err != nil {
		return err
	}
	if !first {
		t.Say(fmt.Sprintf("%s已经记为漏留样了，总务主任也知道了。没有留的样不能补登；下次请在每餐开餐前，每个菜品各留不少于 %d 克，再发送「留样」登记。", what, t.School.Settings.SampleMinGrams))
		return nil
	}
	n := flows.Notification{Kind: KindSampleMissing, Ref: missingRef(day, meal),
		Text: fmt.Sprintf("【漏留样】%s报告：%s没有留样（忘了留），已记为漏留样。请了解原因并按学校规定处理。", t.Staff.Name, what)}
	told, err := t.NotifyOthers([]flows.Role{flows.RoleHead}, n)
	if err != nil {
		return err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "谢谢你如实说明。没有留的样不能补登，补了就是一份不真实的记录。我已把%s记为漏留样", what)
	switch {
	case told > 0:
		b.WriteString("，并告诉了总务主任。")
	case t.Staff.Has(flows.RoleHead):
		b.WriteString("。")
	default:
		b.WriteString("；请如实报告总务主任。")
	}
	fmt.Fprintf(&b, "\n下次请在每餐开餐前，每个菜品各留不少于 %d 克，放进留样冰箱冷藏 48 小时，再发送「留样」登记。如果其实留了只是忘了登记，请发送「留样 %s」补录。", t.School.Settings.SampleMinGrams, dayLabel(day, today)+flows.MealLabel(meal))
	t.Say(b.String())
	return nil
}

var (
	sampleConfirmButtons = []flows.Button{
		button("确认提交", choiceSubmit),
		button("改菜品", choiceEditDishes),
		button("改温度", choiceEditTemp),
		button("取消", choiceCancel),
	}
	violateButton  = button("按违规登记", choiceViolate)
	wordsViolate   = []string{"违规", "违规登记", "按违规登记", "违规记录", "记违规", "登记违规"}
	weightsOnlyRE  = rx.MustCompile(`^(?:按菜单)?[\s:：]*(\d+(?:\.\d+)?\s*(?:g|G|克)?[\s,，、;；]*)+$`)
	weightTokenRE  = rx.MustCompile(`\d+(?:\.\d+)?`)
	wordsByMenu    = []string{"按菜单", "同菜单", "和菜单一样", "跟菜单一样", "菜单上的", "就是菜单上的", "都是菜单上的", "都吃了"}
	wordsNoPhotoOK = []string{"好", "是", "对", "确认", "提交", "ok", "没问题"}
	wordsNoMore    = []string{"没有了", "没了", "就这些", "好了", "不要了"}
)

// menuWeights takes grams[i] as the weight of the menu's i-th dish. An
// implausible weight (5000) is asked for again on its own: the dish is
// listed without a weight, and the others typed with it are kept (the
// tenth user test lost four good weights to one slip of the finger).
func (f SampleFlow) menuWeights(t *flows.Turn, d *sampleDraft, grams []int) error {
	items := make([]SampleItem, len(grams))
	var bad []string
	for i, g := range grams {
		if g > MaxSampleGrams {
			bad = append(bad, fmt.Sprintf("「%s」%d 克", d.Menu[i], g))
			g = 0
		}
		items[i] = SampleItem{Dish: d.Menu[i], Grams: g}
	}
	d.Dishes = mergeItems(d.Dishes, items, d.Menu)
	if len(bad) == 0 {
		return f.next(t, d)
	}
	var redo []string
	for i, g := range grams {
		if g > MaxSampleGrams {
			if k := listedAs(d.Dishes, d.Menu[i], d.Menu); k >= 0 {
				d.Dishes[k].Grams = 0 // a weight typed before is no longer the cook's
				redo = append(redo, d.Dishes[k].Dish)
			}
		}
	}
	kept := ""
	if n := len(grams) - len(bad); n > 0 {
		kept = fmt.Sprintf("其他 %d 个菜的重量已经记下了，", n)
	}
	t.Say(fmt.Sprintf("%s不太可能：留样盒一般只装几百克，是不是多写了一个 0，或把「两」写成了「斤」？\n%s请只重新发送%s的重量，如「%s 150」。",
		strings.Join(bad, "、"), kept, "「"+strings.Join(redo, "」「")+"」", redo[0]))
	return goTo(t, stateDishes, d)
}

// next asks for the first thing missing or wrong, or reads the record back.

func (f SampleFlow) next(t *flows.Turn, d *sampleDraft) error {
	st := t.School.Settings
	var noWeight []string
	for _, it := range d.Dishes {
		if it.Grams == 0 {
			noWeight = append(noWeight, it.Dish)
		}
	}
	switch {
	case len(d.Dishes) == 0:
		if len(d.Menu) > 0 {
			var b strings.Builder
			fmt.Fprintf(&b, "%s菜单：", d.what(t))
			for i, m := range d.Menu {
				fmt.Fprintf(&b, "\n%d. %s", i+1, m)
			}
			fmt.Fprintf(&b, "\n请按顺序回复每个菜的留样重量（克），如「%s」；也可以一行一个写「菜名 重量」。", exampleWeights(len(d.Menu)))
			t.Say(b.String())
		} else {
			t.Say("请发送留样的菜品和重量，一行一个，例如：\n红烧肉 130g\n清炒菜心 128\n米饭 150克\n（也可以一条消息里写上冰箱温度，如「温度 4度」）")
		}
		return goTo(t, stateDishes, d)
	case len(noWeight) > 0:
		t.Say(fmt.Sprintf("还差这些菜的重量：%s。请回复「%s 130」这样的菜名和重量。", strings.Join(noWeight, "、"), noWeight[0]))
		return goTo(t, stateDishes, d)
	}
	if under := d.unaccepted(weightProblems(st, d.Dishes)); len(under) > 0 {
		ex := "清炒菜心 130"
		for _, it := range d.Dishes {
			if it.Grams > 0 && !SampleWeightOK(st, it.Grams) {
				ex = fmt.Sprintf("%s %d", it.Dish, st.SampleMinGrams+5)
				break
			}
		}
		t.Say(fmt.Sprintf("%s，这些不够：%s。\n请补足后回复新的重量（如「%s」）；如果确实没法补，回复「按违规登记」并说明原因，会报告总务主任。",
			ruleWeight(st), strings.Join(under, "、"), ex), violateButton)
		return goTo(t, stateUnder, d)
	}
	if d.FridgeC == nil {
		t.Say(fmt.Sprintf("留样冰箱现在多少度？请回复温度，如「4」或「4.5度」（应为 %s–%s℃）。", fmtC(st.FridgeMinC), fmtC(st.FridgeMaxC)))
		return goTo(t, stateTemp, d)
	}
	if p := fridgeProblem(st, d.FridgeC); p != "" && !slices.Contains(d.Accepted, p) {
		t.Say(fmt.Sprintf("%s，现在是 %s℃。\n请检查冰箱（门是否关好、温度设置），稍后重新测量并回复温度；如果暂时没法解决，回复「按违规登记」并说明原因，会报告总务主任。",
			ruleFridge(st), fmtC(*d.FridgeC)), violateButton)
		return goTo(t, stateFixTemp, d)
	}
	return f.readBack(t, d)
}

func exampleWeights(n int) string {
	ws := []string{"130", "128", "150", "140", "135", "126", "132", "145"}
	return strings.Join(ws[:min(n, len(ws))], " ")
}

func (f SampleFlow) readBack(t *flows.Turn, d *sampleDraft) error {
	st := t.School.Settings
	var b strings.Builder
	fmt.Fprintf(&b, "请核对留样记录：\n餐次：%s\n菜品：", d.what(t))
	for _, it := range d.Dishes {
		fmt.Fprintf(&b, "\n  · %s %d 克", it.Dish, it.Grams)
	}
	fmt.Fprintf(&b, "\n冷藏温度：%s℃", fmtC(*d.FridgeC))
	if d.Photo != "" {
		b.WriteString("\n照片：已附")
	} else {
		b.WriteString("\n照片：未附（可以现在发一张留样盒的照片）")
	}
	if ps := d.problems(st); len(ps) > 0 {
		fmt.Fprintf(&b, "\n违规登记：%s\n原因：%s（提交后会报告总务主任）", strings.Join(ps, "；"), d.Reason)
	}
	earlier, err := d.earlier(t)
	if err != nil {
		return err
	}
	if miss := d.unsampled(earlier); len(miss) > 0 {
		fmt.Fprintf(&b, "\n注意：菜单上的「%s」没有留样。请补上（直接回复「%s 130」），否则提交后会记为漏留样并报告总务主任。",
			strings.Join(miss, "」「"), miss[0])
	}
	if len(earlier) > 0 {
		fmt.Fprintf(&b, "\n（%s已有一条留样记录：%s %s，这次作为补充记录。）", d.what(t), earlier[0].StaffName, t.When(earlier[0].StoredAt))
	}
	fmt.Fprintf(&b, "\n最早 %s 以后可以处理（留样满 %d 小时）。\n%s", t.When(SampleDisposeAfter(st, d.keptAt(t))), st.RetentionHours, flows.Numbered(sampleConfirmButtons))
	t.Say(b.String(), sampleConfirmButtons...)
	return goTo(t, stateConfirm, d)
}

// Step implements Flow. A photo or another meal's name is understood in
// every state (but a reason may name a meal); anything else goes to the
// state's own step in sampleSteps.
func (f SampleFlow) Step(t *flows.Turn) error {
	var d sampleDraft
	if err := t.Load(&d); err != nil {
		return err
	}
	if img := t.Image(); img != "" {
		d.Photo = img
		if t.Text == "" || photoCaption(t.Text) {
			t.Say("照片收到了。")
			return f.next(t, &d)
		}
		if captionThenSubmit(t.Text) && state(t.State()) == stateConfirm {
			// 照片补上 可以提交了 at the read-back (user test 17): the
			// photo, then 确认提交.
			t.Say("照片收到了。")
			return f.submit(t, &d)
		}
	}
	if cancelSaid(t.Text) && t.Image() == "" {
		return cancelledInside(t, "这次留样没有记录")
	}
	if len(d.Dishes) == 0 && saysDisposalMeant(t.Text) {
		return f.disposalMeant(t, &d)
	}
	if _, ok := vocabFor(t).fridgeReading(t.Text); ok && len(d.Dishes) == 0 && notSampleRE.MatchString(parse.Normalize(t.Text)) {
		// 不是留样 我就报一下冰箱温度 5度 (user test 31, T28): no record,
		// the reading answered as if no record had been begun.
		t.Say("好的，这次不记留样。")
		t.Reread(t.Text)
		return nil
	}
	if c, ok := vocabFor(t).fridgeMoved(t.Text); ok && len(d.Dishes) == 0 {
		// 不是新留样 中午的已经交了 我是说换了台冰箱放 温度改成4度 (user
		// test 16): no new record, the fridge of those kept.
		t.Done()
		t.Say("好的，这次不记新的留样。")
		return fridgeChanged(t, c)
	}
	if st := state(t.State()); st != stateReason && isQuestion(t.Text) && ((Questions{}).Accepts(t) || st == stateDishes) {
		// 今天的菜谱是什么, 昨天的留样可以倒了吗: answered, the draft
		// kept; another question is no dish's name.
		if (Questions{}).Accepts(t) {
			if err := answerQuestion(t); err != nil {
				return err
			}
		} else {
			t.Say("这句话像是在提问，我能回答的是留样和菜谱的问题，比如「今天中午的样留了没有」「明天吃什么」。")
		}
		t.Say("（" + d.what(t) + "的留样还在记录中，可以接着回复；不记了请发送「取消」。）")
		return nil
	}
	if meal, off, has, ok := vocabFor(t).missed(t.Text); ok && state(t.State()) != stateReason {
		// 不是 没留 忘了: no sample to record, late or not.
		if has {
			off, _ = justPast(t, off, t.Text)
		} else {
			meal, off = d.Meal, int(d.day().Sub(CivilDay(t.Now, t.School.Location())).Hours()/24)
		}
		return f.missedSample(t, meal, off)
	}
	if meal, off, rest, ok := vocabFor(t).leading(t.Text); ok && state(t.State()) != stateReason {
		if err := d.setMeal(t, meal, off); err != nil {
			return err
		}
		t.Say(fmt.Sprintf("好的，改为记录%s的留样。", d.what(t)))
		if rest != "" {
			return f.read(t, &d, rest)
		}
		return f.next(t, &d)
	}
	step, ok := sampleSteps[state(t.State())]
	if !ok { // a state this version does not know: ask again for what is missing
		return f.next(t, &d)
	}
	return step(f, t, &d)
}

// A record started by mistake, the cook saying she meant a disposal (the
// thirteenth user test: 不是 我是说倒掉了 不是留样): a correction or a
// denial of the record (notSampleRE) with a disposal done (meantDoneRE).
var (
	notSampleRE = rx.MustCompile(`^(?:不是|不对|错了|搞错了|弄错了)|不是(?:要|记|说|在说)?(?:留样|记录)|不留样|不记留样`)
	meantDoneRE = rx.MustCompile(`(?:倒|扔|处理|销毁|清)(?:掉|完|好)?了`)
)

// saysDisposalMeant reports whether text says the record was started by
// mistake and a disposal was meant.
func saysDisposalMeant(text string) bool {
	s := parse.Normalize(text)
	return notSampleRE.MatchString(s) && meantDoneRE.MatchString(s) && !strings.ContainsFunc(s, isDigit)
}

// disposalMeant ends a record started by mistake and reads the message
// that started it as the disposal it was: as said, or without its last
// remarks (锅也洗了); failing that, as 留样倒了 (the batches due, or which).
func (f SampleFlow) disposalMeant(t *flows.Turn, d *sampleDraft) error {
	t.Done()
	t.Say("好的，这次不记留样。")
	said := saidPlainly(d.Said)
	clauses := strings.FieldsFunc(said, func(r rune) bool { return strings.ContainsRune(" ，,。；;", r) })
	for n := len(clauses); n >= 0; n-- {
		text := "留样倒了"
		if n > 0 {
			text = strings.Join(clauses[:n], " ")
		}
		if _, ok := readDisposalSaid(text, CivilDay(t.Now, t.School.Location()), vocabFor(t)); !ok && n > 0 {
			continue
		}
		data, ok := disposeSaid(t, text)
		if ok && data != "" {
			return f.Act(t, data)
		}
		if ok {
			return nil
		}
	}
	return nil
}

// captionRE is what a photo's caption says of it (the thirteenth user
// test: [图片] 留样盒照片, sent at the read-back that invites a photo):
// the photo, what it shows, and words around them; captionPhotoRE is the
// word a caption must have: the photo, or what it shows (the fourteenth
// user test's 「[图片] 留样盒」 said no 照片 and was refused).
var (
	captionRE      = rx.MustCompile(`^(?:这是|这个是|这张是|给你|发你|补发|补|发|再发|上传)?(?:一张|一下|张)?(?:今天|早上|中午|晚上|早餐|午餐|晚餐|早饭|午饭|晚饭|的|留样|样品|盒子|饭盒|盒|冰箱|冰柜|里|面|现场|照片|图片|相片|图|拍的|拍了|拍好了|拍照|补上|补好|附上|发上来|传上来|上传|发过来|都|在这儿|在这里|在这|这些|了|吧|哈|嘛|噻|哦|啊|一张|[\s，,。.!！~～、])*$`)
	captionPhotoRE = rx.MustCompile(`照片|图片|相片|图|拍|留样|样品|盒|冰箱|冰柜`)
)

// photoCaption reports whether text, sent with a photo, only says what
// the photo is: 留样盒照片, 这是冰箱里的照片. Such a message is the photo.
func photoCaption(text string) bool {
	s := parse.Normalize(text)
	return captionPhotoRE.MatchString(s) && captionRE.MatchString(s)
}

// submitTailRE is 提交 at the end of a photo's caption: 照片补上 可以提交了,
// 图片发了 提交吧.
var submitTailRE = rx.MustCompile(`[\s，,。.!！~～]*(?:那就|就|直接|现在)?(?:可以|能)?(?:确认)?提交(?:了|吧|啦)?[。.!！~～]*$`)

// captionThenSubmit reports whether text, sent with a photo, says what it
// is (photoCaption) and then asks for the record to be submitted.
func captionThenSubmit(text string) bool {
	s := strings.TrimSpace(parse.Normalize(text))
	loc := submitTailRE.FindStringIndex(s)
	return loc != nil && loc[0] > 0 && photoCaption(s[:loc[0]])
}

// sampleStep handles a message in one state of 留样. It moves the flow on
// with goTo (or submits, or ends it); returning without goTo keeps the
// state and the draft as they were before the message.
type sampleStep func(f SampleFlow, t *flows.Turn, d *sampleDraft) error

// sampleSteps is 留样's state table.
var sampleSteps = map[state]sampleStep{
	stateDishes:  SampleFlow.stepDishes,
	stateUnder:   SampleFlow.stepUnder,
	stateTemp:    SampleFlow.stepTemp,
	stateFixTemp: SampleFlow.stepFixTemp,
	stateReason:  SampleFlow.stepReason,
	stateConfirm: SampleFlow.stepConfirm,
}

// violateLeadRE is what may come before 按违规登记: 先, 那就, 只能.
var violateLeadRE = rx.MustCompile(`^(?:那就|那|就|先|只能|只好|还是|我)+\s*(按违规登记|违规登记|登记违规|记违规)`)

// violatesWithReason reads 按违规登记 with its reason in one message, as
// the prompt asks (回复「按违规登记」并说明原因): 按违规登记 鱼打完了只剩这些.
func violatesWithReason(t *flows.Turn) (reason string, ok bool) {
	if t.Msg.Button != "" {
		return "", false
	}
	// 先按违规登记 …, 那就按违规登记 … (the fourteenth user test): the
	// choice with the adverbs a cook says before it.
	s := strings.TrimSpace(violateLeadRE.ReplaceAllString(strings.TrimSpace(t.Text), "$1"))
	for _, w := range []string{"按违规登记", "违规登记", "登记违规", "违规记录", "记违规", "违规"} {
		if r, found := strings.CutPrefix(s, w); found {
			r = strings.TrimSpace(strings.TrimLeft(r, " :：,，。;；、"))
			return r, r != ""
		}
	}
	return "", false
}

// violates reports whether the message chooses 按违规登记.
func violates(t *flows.Turn) bool {
	if _, ok := t.Pick([]flows.Button{violateButton}); ok {
		return true // the button, its word or its number: 「1」 is never a weight or a temperature here
	}
	return t.Msg.Button == "" && flows.IsWord(t.Text, wordsViolate)
}

// stepDishes reads dishes and weights; a bare weight completes the one
// dish still without one.
func (f SampleFlow) stepDishes(t *flows.Turn, d *sampleDraft) error {
	if len(d.Dishes) > 0 && (flows.IsWord(t.Text, wordsNoMore) || flows.IsWord(t.Text, wordsNoPhotoOK) ||
		flows.IsWord(t.Text, []string{"确认提交"}) || flows.IsAssent(t.Text) || commandOnly(t.Text)) {
		return f.next(t, d) // 提交 after a line not read: the record as it is, read back; no dish called 提交
	}
	if done, err := f.exceptKeptStep(t, d); done || err != nil {
		return err // 除了醋和蒜都留了
	}
	if done, err := f.notKeptStep(t, d); done || err != nil {
		return err // 就两个饺子 别的没有, 汤没留
	}
	if name, ok := cutDelete(t.Text); ok && listedAs(d.Dishes, name, nil) >= 0 {
		return f.deleteDish(t, d, name) // 删除 那俩不是菜 是说: any name listed, whatever its words
	}
	if puzzledRE.MatchString(t.Text) {
		// 那俩不是菜 是说冰箱温度10度: the temperature said with it is taken.
		text, c := t.Text, (*float64)(nil)
		if strings.ContainsFunc(text, isDigit) {
			if tc, rest, found, err := vocabFor(t).takeTemperature(parse.Normalize(text)); found && err == nil {
				tc = roundTenth(tc)
				text, c = rest, &tc
			}
		}
		if !strings.ContainsFunc(text, isDigit) {
			notDish := ""
			if m := notDishRE.FindStringSubmatch(text); m != nil {
				notDish = m[1]
			}
			return f.puzzled(t, d, notDish, c)
		}
	}
	if rest, ok := cutEditDishes(t.Text); ok && rest != "" {
		return f.editDishes(t, d, rest)
	}
	if done, err := f.swapDish(t, d); done || err != nil {
		return err
	}
	if name, ok := cutDelete(t.Text); ok {
		return f.deleteDish(t, d, name)
	}
	if name, ok := remarkedRemoval(d.Dishes, t.Text); ok {
		return f.deleteDish(t, d, name)
	}
	if i, g, ok := correctedWeight(d, t.Text); ok {
		return f.setGrams(t, d, i, g) // 手滑了 宫保鸡丁是150, 第一个是150, 打错了 150
	}
	if g, ok := bareGrams(copulaLeadRE.ReplaceAllString(cutSlip(t.Text), "")); ok && cutSlip(t.Text) != "" {
		// 是130 while several dishes wait for their weights: which one?
		var missing []string
		for _, it := range d.Dishes {
			if it.Grams == 0 {
				missing = append(missing, it.Dish)
			}
		}
		if len(missing) > 1 {
			t.Say(fmt.Sprintf("%d 克是哪个菜的？还差这些菜的重量：%s。请连菜名一起发送，如「%s %d」。", g, strings.Join(missing, "、"), missing[0], g))
			return nil
		}
	}
	return f.read(t, d, t.Text)
}

var (
	// slipRE is a cook owning up to a typo before the right value: 手滑了,
	// 打错了, 写错了, 不对, 看错了.
	slipRE = rx.MustCompile(`^(?:(?:刚才|刚刚|前面|上面)?(?:手滑了?|手抖了?|手误|打错了?|写错了?|输错了?|按错了?|看错了?|搞错了?|弄错了?|[多少](?:打|写|输|按|敲)了?一?个?[0零]|不对|错了|更正(?:一下)?|改一下)[\s，,。:：!！~～]*)+`)
	// copulaEndRE is what stands between a dish and its weight in a
	// correction, at the end of the dish's name: 宫保鸡丁是, 米饭应该是,
	// 菜心的重量是; or a word of how little (user test 16: 回锅肉才120,
	// 豆腐只有一百二): 才, 只有, 就.
	copulaEndRE = rx.MustCompile(`(?:的重量|重量|的)?\s*(?:应该是|应该|其实是|实际是|实际上是|应是|改成|改为|是|为|(?:就只有|只有|才有|只剩|仅有|只|才|就|仅)(?:是|为)?)$`)
	// copulaLeadRE is a weight said again with no dish before it, the dish
	// the one still waiting: 是150, 应该是150克, 那个是150, 改成150.
	copulaLeadRE = rx.MustCompile(`^(?:(?:那个|这个|刚才那个|刚才的|它|那道菜|这道菜|那个菜|这个菜)(?:的)?(?:重量)?\s*)?(?:应该是|应该|其实是|实际是|实际上是|应是|应为|改成|改为|是|为)\s*`)
	// ordinalWeightRE is a weight said of a dish by its place in the list:
	// 第一个是150, 第4个应该是130克, 第二道菜140.
	ordinalWeightRE = rx.MustCompile(`^第\s*([一二两三四五六七八九十]|\d{1,2})\s*(?:个|道|样|项|行)?(?:菜)?(?:的)?(?:重量)?\s*(?:应该是|其实是|是|改成|改为|为)?\s*(.+)$`)
)

// shortNameRE is a dish's name given as it should be written, with a
// remark on the rest after it (the fourteenth user test: 菜名就写茶叶蛋 别的字
// 去掉, of 「茶叶蛋两个大概」): the name, then the remark.
var shortNameRE = rx.MustCompile(`^` + typoLead + `(?:菜名|名字)(?:就|只)?(?:写|写成|叫|改成|改为|是)\s*([^\s，,。；;\d]{1,12}?)(?:就行|就好|就可以)?(?:[\s，,。；;]+([^\d]*))?$`)

// typoLead is a confession of words typed too many, before the name as it
// should be (user test 17: 那个哈是我打多了 菜名就叫红烧鸡块).
const typoLead = `(?:[^\d\s，,。]{0,8}(?:打多了|多打了|打错了|写多了|多写了|多了个字|多了字)[\s，,。]*)?`

// shortNameSaid reads shortNameRE: the one dish listed whose name holds
// the name given, longer than it. ok is false otherwise.
func shortNameSaid(items []SampleItem, text string) (i int, name string, ok bool) {
	m := shortNameRE.FindStringSubmatch(strings.TrimSpace(parse.Normalize(text)))
	if m == nil {
		return 0, "", false
	}
	i = -1
	for k, it := range items {
		if it.Dish != m[1] && strings.Contains(it.Dish, m[1]) {
			if i >= 0 {
				return 0, "", false
			}
			i = k
		}
	}
	return i, m[1], i >= 0
}

// weighedInWords reports whether text gives dishes with weights in
// Chinese numerals only (馒头现在一百五): dishes, as with digits.
func weighedInWords(text string) bool {
	ds, errs := parse.ParseDishes(text)
	return len(errs) == 0 && len(ds) > 0 && !slices.ContainsFunc(ds, func(d parse.Dish) bool { return !d.HasWeight })
}

// chatterLeadRE is what a cook says before a dish listed that is no
// part of its name: a word of when or of doing, or words ending in 的 or
// 了 (刚称的, 又夹了, 重新). A longer name of the dish (酸辣土豆丝 for
// 土豆丝) has none of them.
var chatterLeadRE = rx.MustCompile(`^(?:刚才|刚刚|刚|现在|目前|这回|这下|又|再|重新|重|补)|[的了]$`)

// saidBefore is the dish listed that name ends with when the words before
// it are the cook's (chatterLeadRE), else "".
func saidBefore(items []SampleItem, name string) string {
	for _, it := range items {
		if lead, ok := strings.CutSuffix(name, it.Dish); ok && lead != "" && chatterLeadRE.MatchString(strings.TrimSpace(lead)) {
			return it.Dish
		}
	}
	return ""
}

// cutSlip takes a confession of a typo off the start of text: 手滑了
// 宫保鸡丁是150 → 宫保鸡丁是150.
func cutSlip(text string) string {
	return strings.TrimSpace(slipRE.ReplaceAllString(strings.TrimSpace(parse.Normalize(text)), ""))
}

// dishName is a dish's name as typed with its weight, without a verb
// joining the two: 宫保鸡丁是 → 宫保鸡丁 (a name that is only such words is
// left as it is).
func dishName(name string) string {
	if n := strings.TrimSpace(copulaEndRE.ReplaceAllString(name, "")); n != "" {
		return n
	}
	return name
}

// correctedWeight reads a weight said again for one dish of the draft,
// as a cook corrects a typo: the dish by its name (宫保鸡丁是150, 手滑了
// 米饭应该是150), by its place in the list (第一个是150), or not at all
// when one dish still waits for its weight (150, 打错了 150). ok is false
// for anything else, which is read as dishes.
func correctedWeight(d *sampleDraft, text string) (i, grams int, ok bool) {
	s := cutSlip(text)
	if s == "" || strings.Contains(s, "\n") {
		return 0, 0, false
	}
	if g, ok := bareGrams(copulaLeadRE.ReplaceAllString(s, "")); ok {
		var missing []int
		for i, it := range d.Dishes {
			if it.Grams == 0 {
				missing = append(missing, i)
			}
		}
		return firstOf(missing), g, len(missing) == 1
	}
	if m := ordinalWeightRE.FindStringSubmatch(s); m != nil {
		n := smallCount(m[1])
		g, ok := bareGrams(m[2])
		if ok && n >= 1 && n <= len(d.Dishes) {
			return n - 1, g, true
		}
		return 0, 0, false
	}
	ds, errs := parse.ParseDishes(s)
	if len(errs) > 0 || len(ds) != 1 || !ds[0].HasWeight {
		return 0, 0, false
	}
	name := dishName(ds[0].Name)
	if name == ds[0].Name && s == strings.TrimSpace(text) {
		return 0, 0, false // 米饭 150: a dish as any other, read as dishes
	}
	if k := listedAs(d.Dishes, name, d.Menu); k >= 0 {
		return k, ds[0].Grams, true
	}
	return 0, 0, false
}

// fillerNameRE is what the dish parser leaves as a name before a weight
// when the cook's words only lead up to it: 现在 (现在135), 是 (是一百三十
// 克), 改成, 变成, 一共, 只有 and 才 (user test 16: 只有一百二 made a dish
// 只有) — no dish.
var fillerNameRE = rx.MustCompile(`^(?:现在|目前|这下|这回|已经|一共|总共|合计|就|都|又|再|只|仅|才)*(?:应该是|其实是|实际是|是|有|改成|改为|变成|成了|为|到了|到)?$`)

// fillerName reports whether name, parsed before a weight, is no dish
// but such words (fillerNameRE), or nothing.
func fillerName(name string) bool {
	return fillerNameRE.MatchString(strings.TrimSpace(name))
}

func firstOf(xs []int) int {
	if len(xs) == 0 {
		return -1
	}
	return xs[0]
}

// puzzledRE is a reply that questions what was asked rather than
// answers it: 啥意思, 看不懂, 「现在补一下」不是菜名.
var puzzledRE = rx.MustCompile(`不是菜名?|不是菜品|不是个菜|不是什么菜|啥意思|什么意思|看不懂|没看懂|听不懂|不明白|搞错了|弄错了|你在说什么|说的啥|说的什么`)

// notDishRE is what such a reply says is not a dish: 「现在补一下」不是菜名.
var notDishRE = rx.MustCompile(`「?([^\s，,。？?！!「」]{1,20}?)」?\s*(?:不是菜名?|不是菜品|不是个菜|不是什么菜)`)

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// puzzled answers a reply that questions the flow's last answer: what
// was said not to be a dish is dropped, and the question is asked again,
// more plainly. Such a reply is never a dish itself.
func (f SampleFlow) puzzled(t *flows.Turn, d *sampleDraft, notDish string, c *float64) error {
	var gone []string
	if i := slices.IndexFunc(d.Dishes, func(it SampleItem) bool { return notDish != "" && it.Dish == notDish }); i >= 0 {
		gone = append(gone, notDish)
		d.Dishes = slices.Delete(d.Dishes, i, i+1)
	} else if n, ok := notDishPronouns[notDish]; ok {
		// 那俩不是菜: the last dishes still without a weight, those just asked about.
		var idx []int
		for i, it := range d.Dishes {
			if it.Grams == 0 {
				idx = append(idx, i)
			}
		}
		if n > 0 && len(idx) > n {
			idx = idx[len(idx)-n:]
		}
		for k := len(idx) - 1; k >= 0; k-- {
			gone = append([]string{d.Dishes[idx[k]].Dish}, gone...)
			d.Dishes = slices.Delete(d.Dishes, idx[k], idx[k]+1)
		}
	}
	var b strings.Builder
	if len(gone) > 0 {
		fmt.Fprintf(&b, "抱歉，是我看错了：「%s」不是菜名，已经去掉了。", strings.Join(gone, "」「"))
	}
	if c != nil {
		d.FridgeC = c
		fmt.Fprintf(&b, "冰箱温度记为 %s℃。", fmtC(*c))
	}
	if b.Len() == 0 {
		b.WriteString("抱歉，刚才没说清楚。")
	}
	t.Say(b.String())
	return f.next(t, d)
}

// notDishPronouns are the words that say which dishes are no dishes
// without naming them, and how many (0: all) of those without a weight.
var notDishPronouns = map[string]int{
	"那俩": 2, "这俩": 2, "那两个": 2, "这两个": 2, "那两样": 2, "这两样": 2, "那两项": 2, "这两项": 2,
	"那个": 1, "这个": 1, "它": 1, "那些": 0, "这些": 0, "它们": 0, "那几个": 0, "这几个": 0, "都": 0,
}

// stepUnder takes a new weight for a dish under the minimum, or 按违规登记.
func (f SampleFlow) stepUnder(t *flows.Turn, d *sampleDraft) error {
	if reason, ok := violatesWithReason(t); ok {
		d.Asked = d.unaccepted(weightProblems(t.School.Settings, d.Dishes))
		if d.Asked = slices.DeleteFunc(d.Asked, func(p string) bool { return p == "" }); len(d.Asked) == 0 {
			return f.next(t, d)
		}
		return f.recordReason(t, d, reason)
	}
	if violates(t) {
		return f.askReason(t, d, d.unaccepted(weightProblems(t.School.Settings, d.Dishes)))
	}
	if t.Msg.Button == "" && cannotTopUpRE.MatchString(t.Text) {
		// 鱼就剩这么点了 补不了: 按违规登记, and that is why.
		d.Asked = slices.DeleteFunc(d.unaccepted(weightProblems(t.School.Settings, d.Dishes)), func(p string) bool { return p == "" })
		if len(d.Asked) == 0 {
			return f.next(t, d)
		}
		return f.recordReason(t, d, flows.Clip(strings.TrimSpace(t.Text), 200))
	}
	if name, ok := cutDelete(t.Text); ok {
		return f.deleteDish(t, d, name)
	}
	if t.Msg.Button == "" && mustKeepAskRE.MatchString(t.Text) {
		// 橘子就一个 没法再加了 水果也要留吗: yes; what to do now.
		t.Say(fmt.Sprintf("要的：当餐供应的每一样（包括水果、点心、汤）都要留样，每样不少于 %d 克。补不了的话，回复「按违规登记」并说明原因（如「橘子只有一个」），会如实报告总务主任。",
			t.School.Settings.SampleMinGrams), violateButton)
		return nil
	}
	g, ok := bareGrams(t.Text)
	if !ok && t.Msg.Button == "" && toppedUpRE.MatchString(t.Text) && !namesListed(d.Dishes, t.Text) {
		// 那放两个 一共200克: the short dish made up, said without its
		// name (it had become a dish named 那放).
		g, ok = oneWeight(strings.TrimSpace(parse.Normalize(t.Text)))
	}
	if ok {
		var under []int
		for i, it := range d.Dishes {
			if it.Grams > 0 && !SampleWeightOK(t.School.Settings, it.Grams) {
				under = append(under, i)
			}
		}
		if len(under) == 1 {
			return f.setGrams(t, d, under[0], g)
		}
		t.Say("有几个菜都不够，请写上菜名，如「清炒菜心 130」。")
		return nil
	}
	return f.read(t, d, t.Text)
}

// mustKeepAskRE asks whether something must be kept at all: 水果也要留吗,
// 汤要不要留, 这个也要留样吗.
var mustKeepAskRE = rx.MustCompile(`(?:也|还)?(?:要|需要|得|用)(?:留样?|留着)吗|要不要留|用不用留|需不需要留|也算吗`)

// namesListed reports whether text names one of the dishes listed.
func namesListed(items []SampleItem, text string) bool {
	return slices.ContainsFunc(items, func(it SampleItem) bool { return it.Dish != "" && strings.Contains(text, it.Dish) })
}

// cannotTopUpRE is a dish that cannot be topped up, said with why: 鱼就剩
// 这么点了 补不了, 打完了只剩这些.
var cannotTopUpRE = rx.MustCompile(`补不了|补不上|没法补|没办法补|补不出|不能补|没得补|打完了|卖完了|没有了|没了|就剩这么点|就剩这些|只剩这些|只剩这么点|没有多的|没多的`)

// stepTemp reads the fridge temperature, or a dish sent late.
func (f SampleFlow) stepTemp(t *flows.Turn, d *sampleDraft) error {
	words := vocabFor(t)
	c, err := parse.ParseTemperature(words.tempLine.ReplaceAllString(t.Text, ""))
	if err != nil {
		// 冰箱门刚才没关严，关好了过了一会现在5度: the last reading said;
		// 看错了是3度, 是3度不是30度, 不对 应该是3.5: the one meant.
		if v, ok := words.correctedTemperature(t.Text); ok {
			c, err = v, nil
		}
	}
	if err != nil {
		if ds, errs := parse.ParseDishes(t.Text); len(ds) > 0 && len(errs) == 0 && ds[0].HasWeight {
			return f.read(t, d, t.Text) // a dish sent late
		}
		t.Say(parse.ErrorText(err))
		return nil
	}
	c = roundTenth(c)
	d.FridgeC = &c
	return f.next(t, d)
}

// stepFixTemp takes a new reading of a fridge out of range, or 按违规登记.
func (f SampleFlow) stepFixTemp(t *flows.Turn, d *sampleDraft) error {
	if reason, ok := violatesWithReason(t); ok {
		d.Asked = d.unaccepted([]string{fridgeProblem(t.School.Settings, d.FridgeC)})
		if d.Asked = slices.DeleteFunc(d.Asked, func(p string) bool { return p == "" }); len(d.Asked) == 0 {
			return f.next(t, d)
		}
		return f.recordReason(t, d, reason)
	}
	if violates(t) {
		return f.askReason(t, d, d.unaccepted([]string{fridgeProblem(t.School.Settings, d.FridgeC)}))
	}
	return f.stepTemp(t, d)
}

// stepReason records why the rules could not be kept: the problems the
// person was asked about are accepted as violations with this reason. (A
// problem not yet explained, the fridge after a dish short, is asked
// about on its own.)
func (f SampleFlow) stepReason(t *flows.Turn, d *sampleDraft) error {
	if t.Text == "" || flows.IsWord(t.Text, []string{"无", "没有", "跳过"}) {
		t.Say("按违规登记需要写明原因，例如「菜心出菜量不足，已补做」。")
		return nil
	}
	return f.recordReason(t, d, t.Text)
}

// recordReason accepts the problems asked about as violations, for reason.
func (f SampleFlow) recordReason(t *flows.Turn, d *sampleDraft, reason string) error {
	asked := d.Asked
	if len(asked) == 0 { // a draft saved before Asked was kept
		asked = d.problems(t.School.Settings)
	}
	d.Accepted, d.Asked = append(d.Accepted, asked...), nil
	if d.Reason != "" {
		d.Reason += "；"
	}
	d.Reason += flows.Clip(reason, 200)
	return f.next(t, d)
}

// stepConfirm answers the read-back: submit, change the dishes or the
// temperature, or cancel; a correction typed instead is read as one.
func (f SampleFlow) stepConfirm(t *flows.Turn, d *sampleDraft) error {
	if i, name, ok := nthDishSaid(t.Text, len(d.Dishes)); ok && t.Msg.Button == "" {
		return f.renameDish(t, d, i, name) // 第一个是包子 补一哈是我说的话
	}
	if i, name, ok := wrongDishSaid(sampleDishNames(d.Dishes), t.Text); ok && t.Msg.Button == "" {
		return f.renameDish(t, d, i, name) // 等下 豆芽写错了 是炒土豆丝
	}
	if done, err := f.swapDish(t, d); done || err != nil {
		return err // 鱼换成鸡腿吧 鱼没到货
	}
	if i, name, ok := shortNameSaid(d.Dishes, t.Text); ok && t.Msg.Button == "" {
		return f.renameDish(t, d, i, name) // 菜名就写茶叶蛋 别的字去掉
	}
	if rest, ok := cutEditDishes(t.Text); ok && rest != "" && t.Msg.Button == "" {
		return f.editDishes(t, d, rest) // 改菜品 米饭 160克: that dish only
	}
	if done, err := f.exceptKeptStep(t, d); done || err != nil {
		return err // 除了醋和蒜都留了
	}
	if done, err := f.notKeptStep(t, d); done || err != nil {
		return err // 醋和蒜是调料 不用留样的, 就两个饺子 别的没有
	}
	if name, ok := cutDelete(t.Text); ok && t.Msg.Button == "" {
		return f.deleteDish(t, d, name) // 把茶叶蛋那行删了
	}
	if name, ok := remarkedRemoval(d.Dishes, t.Text); ok && t.Msg.Button == "" {
		return f.deleteDish(t, d, name) // “现在”是啥子菜哦，没得这个菜，删了
	}
	if name, i, g, ok := removalThenWeight(d.Dishes, t.Text); ok && t.Msg.Button == "" {
		// 没有只有这个菜 把那行删了 麻婆豆腐是140: both.
		t.Say(fmt.Sprintf("已删除「%s」，%s改为 %d 克。", name, d.Dishes[i].Dish, g))
		d.Dishes[i].Grams = g
		d.Dishes = slices.DeleteFunc(d.Dishes, func(it SampleItem) bool { return it.Dish == name })
		return f.next(t, d)
	}
	data, ok := t.Pick(sampleConfirmButtons)
	if !ok {
		switch {
		case t.Text == "" || flows.IsWord(t.Text, wordsNoPhotoOK) || flows.IsAssent(t.Text) || commandOnly(t.Text):
			data = string(choiceSubmit)
		case vocabFor(t).tempLabel.MatchString(t.Text) || strings.ContainsAny(t.Text, "\n0123456789") || weighedInWords(t.Text):
			return f.read(t, d, t.Text)
		case vocabFor(t).labelledTemp.MatchString(parse.Normalize(t.Text)):
			// 哦对了温度看错了，冰箱显示的是十度 (the fifteenth user test):
			// the fridge's reading said in a sentence, in Chinese numerals.
			return f.read(t, d, t.Text)
		default:
			t.Say("请回复数字选择：\n"+flows.Numbered(sampleConfirmButtons), sampleConfirmButtons...)
			return nil
		}
	}
	switch choice(data) {
	case choiceSubmit:
		return f.submit(t, d)
	case choiceEditDishes:
		// Only the dishes named next change; the others stay as they are.
		t.Say(fmt.Sprintf("请发送要改的菜品和重量，如「%s 150克」，其他菜品不变。\n要删掉某个菜，请回复「删除 菜名」。", d.Dishes[len(d.Dishes)-1].Dish))
		return goTo(t, stateDishes, d)
	case choiceEditTemp:
		d.FridgeC = nil
		return f.next(t, d)
	}
	t.Done()
	t.Say("已取消，这次留样没有记录。")
	return nil
}

// nthDishRE names a dish of the read-back by its place and says what it
// is (the thirteenth user test: 第一个是包子 补一哈是我说的话): the place,
// the name, and a remark after it that the rest of the old name was the
// cook's own words (remarkRE), if any.
var (
	nthDishRE = rx.MustCompile(`^(?:第\s*([一二三四五六七八九十\d]{1,2})\s*(?:个|样|道|行)?|最后(?:那|这)?一?(?:个|样|道|行))(?:菜)?\s*(?:应该是|应该叫|是|叫|改成|改为|写成)\s*([^\s，,。；;:：\d]+?)(?:的|哈|嘛|噻|哦|啊)?(?:[\s，,。；;]+(.*))?$`)
	remarkRE  = rx.MustCompile(`^\S{0,8}?(?:是我说的话?|是我说的|是说的话|是我自己说的|不是菜(?:名)?|是多余的|多写了|不用写|不要写|多了?[一两几]?个?字|少了?[一两几]?个?字|写错了?|打错了?)(?:了|的|哈|嘛|噻|哦|啊)?[。！!]*$`)
)

// nthDishSaid reads text as a dish of n named by its place (第二个, or
// 最后那个: the fifteenth user test's 「最后那个是酸菜粉丝汤，多了个字」) with
// what it is: i from 0, the name as said.
func nthDishSaid(text string, n int) (i int, name string, ok bool) {
	m := nthDishRE.FindStringSubmatch(strings.TrimSpace(parse.Normalize(text)))
	if m == nil || m[3] != "" && !remarkRE.MatchString(strings.TrimSpace(m[3])) {
		return 0, "", false
	}
	i = n - 1 // 最后那个
	if m[1] != "" {
		i = smallCount(m[1]) - 1
	}
	if i < 0 || i >= n || !dishLike(m[2]) {
		return 0, "", false
	}
	return i, m[2], true
}

// renameDish names dish i name, its weight kept, and reads the record back.
func (f SampleFlow) renameDish(t *flows.Turn, d *sampleDraft, i int, name string) error {
	old := d.Dishes[i].Dish
	if old == name {
		t.Say(fmt.Sprintf("第 %d 个菜品已经是「%s」了，不用改。", i+1, name))
		return f.next(t, d)
	}
	d.Dishes[i].Dish = name
	t.Say(fmt.Sprintf("好的，第 %d 个菜品「%s」改为「%s」，重量不变。", i+1, old, name))
	return f.next(t, d)
}

// roundTenth rounds a temperature to 0.1 ℃, half away from zero, as the
// store keeps it.
func roundTenth(c float64) float64 { return float64(int(c*10+0.5*sign(c))) / 10 }

func sign(x float64) float64 {
	if x < 0 {
		return -1
	}
	return 1
}

// bareGrams reads a message that is only a weight: "130", "130克", "2两".
func bareGrams(text string) (int, bool) {
	ds, errs := parse.ParseDishes("x " + text)
	if len(errs) > 0 || len(ds) != 1 || !ds[0].HasWeight || ds[0].Name != "x" {
		return 0, false
	}
	return ds[0].Grams, true
}

func (f SampleFlow) setGrams(t *flows.Turn, d *sampleDraft, i, grams int) error {
	if grams > MaxSampleGrams {
		t.Say(implausible(d.Dishes[i].Dish, grams))
		return nil
	}
	d.Dishes[i].Grams = grams
	return f.next(t, d)
}

func implausible(dish string, grams int) string {
	return fmt.Sprintf("「%s」%d 克不太可能：留样盒一般只装几百克。请核对是不是多写了一个 0，或把「两」写成了「斤」，再重新发送这个菜。", dish, grams)
}

// askReason asks why problems (those just explained) cannot be put right.
func (f SampleFlow) askReason(t *flows.Turn, d *sampleDraft, problems []string) error {
	problems = slices.DeleteFunc(problems, func(p string) bool { return p == "" })
	if len(problems) == 0 {
		return f.next(t, d)
	}
	d.Asked = problems
	t.Say("请说明原因（会如实报告总务主任），例如「菜心出菜量不足，已补做」：")
	return goTo(t, stateReason, d)
}

// read takes dish lines, a list of weights for the menu, or a temperature
// line from text, answers what it could not read, and moves on.
func (f SampleFlow) read(t *flows.Turn, d *sampleDraft, text string) error {
	// A temperature anywhere: 「…米饭150克，冰箱4℃」, 「，4度」; one said
	// wrong (不是3度) is none (tempdenied.go).
	text = withoutDeniedReadings(parse.Normalize(text))
	words := vocabFor(t)
	if c, rest, found, err := words.takeTemperature(text); found {
		text = rest
		if err != nil {
			t.Say("温度：" + parse.ErrorText(err))
		} else {
			c = roundTenth(c)
			d.FridgeC = &c
		}
	}
	if except, rest, ok := exceptKeptClause(text); ok && t.Msg.Button == "" {
		// 猪肉白菜饺子150 除了醋和蒜都留了: the menu's other dishes were
		// kept too, their weights asked (exceptkept.go).
		if err := f.exceptKeptSaid(t, d, except); err != nil {
			return err
		}
		text = rest
	}
	text = dropRecordTalk(doneWordsRE.ReplaceAllString(text, ""))
	text = slipRE.ReplaceAllString(strings.TrimSpace(text), "") // 手滑了 …: the correction, not a dish
	var dishLines []string
	for _, line := range strings.Split(text, "\n") {
		if words.tempLabel.MatchString(line) {
			c, err := parse.ParseTemperature(words.tempLine.ReplaceAllString(line, ""))
			if err != nil {
				t.Say("温度：" + parse.ErrorText(err))
				continue
			}
			c = roundTenth(c)
			d.FridgeC = &c
			continue
		}
		dishLines = append(dishLines, line)
	}
	text = strings.TrimSpace(strings.Join(dishLines, "\n"))
	if slices.ContainsFunc(wordsByMenu, func(w string) bool { return strings.HasPrefix(text, w) }) && len(d.Menu) == 0 {
		t.Say("没有找到" + d.what(t) + "的菜单，请直接写「菜名 重量」，一行一个。")
		return nil
	}
	if ws, ok := menuSameWeights(text, d.Menu); ok {
		// 都是150左右 汤多一点200: every dish of the menu 150 g, the soup 200 g.
		return f.menuWeights(t, d, ws)
	}
	if items, ok := eachWeight(text, d.Dishes); ok {
		// 番茄炒蛋 酸辣土豆丝 米饭 每样都有150克左右: each dish 150 g.
		for _, it := range items {
			if it.Grams > MaxSampleGrams {
				t.Say(implausible(it.Dish, it.Grams))
				return goTo(t, stateDishes, d)
			}
		}
		d.Dishes = mergeItems(d.Dishes, items, d.Menu)
		return f.next(t, d)
	}
	if len(d.Menu) > 0 && weightsOnlyRE.MatchString(text) {
		ws := weightTokenRE.FindAllString(text, -1)
		if len(ws) != len(d.Menu) {
			t.Say(fmt.Sprintf("菜单上有 %d 个菜，你发了 %d 个重量。请按菜单顺序每个菜一个重量，如「%s」。", len(d.Menu), len(ws), exampleWeights(len(d.Menu))))
			return nil
		}
		grams := make([]int, len(ws))
		for i, w := range ws {
			g, _ := strconv.ParseFloat(w, 64)
			if grams[i] = int(g + 0.5); grams[i] < 1 {
				t.Say(fmt.Sprintf("「%s」的重量 %s 不对，请重新发送。", d.Menu[i], w))
				return nil
			}
		}
		return f.menuWeights(t, d, grams)
	}
	if text != "" {
		if i, g, ok := countedWeight(d.Dishes, text); ok {
			// 两个蛋差不多120克, asked for 茶叶蛋: its weight, not a dish.
			return f.setGrams(t, d, i, g)
		}
		dishes, errs := parse.ParseDishes(text)
		dishes = splitSpaced(dishes, d.Menu) // 米饭 红烧肉 青菜: three dishes (spaceddishes.go)
		if i, g, ok := saidWeight(d.Dishes, text); ok && (len(errs) > 0 || len(dishes) == 1 && fillerName(dishes[0].Name)) {
			// 鸡蛋再加一个 现在150了, 包子我再加了半个进去，现在135, 米饭称错了，
			// 是一百三十克: the weight of a dish listed, the words around it
			// the cook's explanation (the fifteenth user test had added a
			// dish called 现在).
			return f.setGrams(t, d, i, g)
		}
		var notes []string
		for _, e := range errs {
			notes = append(notes, e.String())
		}
		var items []SampleItem
		var notKept, gone, unread []string
		for _, ds := range dishes {
			if !ds.HasWeight {
				// 醋和蒜没留, 饺子汤不算, 醋和蒜: not kept or a condiment, no
				// dish; the dish listed it names is taken off (notkept.go).
				what, ok := notKeptSaid(ds.Name)
				if !ok && condimentOnly(ds.Name) {
					what, ok = ds.Name, true
				}
				if ok {
					if i := listedAs(d.Dishes, what, nil); i >= 0 {
						gone = append(gone, d.Dishes[i].Dish)
						d.Dishes = slices.Delete(d.Dishes, i, i+1)
					} else if !slices.Contains(notKept, what) {
						notKept = append(notKept, what)
					}
					continue
				}
				if sentenceName(ds.Name) {
					unread = append(unread, flows.Clip(ds.Name, 20))
					continue
				}
			}
			if ds.Grams > MaxSampleGrams {
				notes = append(notes, implausible(ds.Name, ds.Grams))
				continue
			}
			if disposalWords(ds.Name) {
				// 中午留样 红烧肉150 已处理1: the disposal command of batch 1
				// typed with a record, never a dish called 已处理 (the
				// fourteenth user test stored one at 1 克).
				t.Say(fmt.Sprintf("「%s %d」是确认处理留样的说法，不是菜品，没有记进这份留样；要确认处理，请单独发送「已处理 %d」。", ds.Name, ds.Grams, ds.Grams))
				continue
			}
			if strings.TrimSpace(copulaEndRE.ReplaceAllString(ds.Name, "")) == "" {
				// 是150 while several dishes wait: no dish called 是.
				notes = append(notes, fmt.Sprintf("「%s %d」没有写是哪个菜。", ds.Name, ds.Grams))
				continue
			}
			name := dishName(ds.Name) // 宫保鸡丁是150: 宫保鸡丁
			if k := strings.LastIndex(name, " "); k > 0 && listedAs(d.Dishes, name[k+1:], d.Menu) >= 0 {
				name = name[k+1:] // 我再补点 青菜135: her words, then the dish listed (炒青菜)
			}
			if listed := saidBefore(d.Dishes, name); listed != "" {
				name = listed // 刚称的锅包肉130: the dish listed, her words before it
			}
			items = append(items, SampleItem{Dish: name, Grams: ds.Grams})
		}
		for _, it := range items {
			// 酸辣土豆丝 128 for 土豆丝 listed: a longer name of it renames it.
			if slices.ContainsFunc(d.Dishes, func(h SampleItem) bool { return h.Dish == it.Dish }) {
				continue
			}
			if i := listedAs(d.Dishes, it.Dish, d.Menu); i >= 0 && len(it.Dish) > len(d.Dishes[i].Dish) &&
				strings.Contains(it.Dish, d.Dishes[i].Dish) && !slices.Contains(d.Menu, d.Dishes[i].Dish) {
				t.Say(fmt.Sprintf("好的，已把「%s」改为「%s」。", d.Dishes[i].Dish, it.Dish))
				d.Dishes[i].Dish = it.Dish
			}
		}
		d.Dishes = mergeItems(d.Dishes, items, d.Menu)
		if len(gone) > 0 {
			t.Say(fmt.Sprintf("好的，已删除「%s」。", strings.Join(gone, "」「")))
		}
		if len(notKept) > 0 {
			t.Say(fmt.Sprintf("好的，「%s」不算留样菜品，没有记进去。", strings.Join(notKept, "」「")))
		}
		if len(unread) > 0 {
			// 就三个饺子 别的没有: a sentence, never a dish called so.
			t.Say(fmt.Sprintf("抱歉，「%s」我没看懂，没有当作菜品记下。", strings.Join(unread, "」「")))
		}
		if len(notes) > 0 {
			more := "请只重新发送这几项，其他的已经记下了；如果这几项不要了，回复「没有了」。"
			if len(d.Dishes) == 0 {
				more = "请重新发送。"
			}
			t.Say("有几项没能记下：\n" + strings.Join(notes, "\n") + "\n" + more)
			return goTo(t, stateDishes, d)
		}
	}
	return f.next(t, d)
}

var (
	// sameWeightRE is one weight for every dish of the menu: 都是150左右,
	// 每个150克, 全部150.
	sameWeightRE = rx.MustCompile(`^(?:都是|都|全都是?|全部都?是?|每个菜?都?是?|每样菜?都?是?|一律|统一)\s*(\d{2,3})\s*(?:克|g|G)?\s*(?:左右|上下|多点|出头)?\s*(?:克|g|G)?`)
	// exceptWeightRE is a dish of the menu with its own weight after it:
	// 汤多一点200, 米饭是180克, 汤200.
	exceptWeightRE = rx.MustCompile(`^(?:但是?|就是?|只有|除了)?\s*([^\s\d,，、;；。]{1,8}?)\s*(?:的|是|要|稍微|多一点|多一些|多点|少一点|少点|大概|差不多|\s)*\s*(\d{2,3})\s*(?:克|g|G)?\s*(?:左右|上下)?$`)
)

// eachWeightRE is one weight said for every dish named before it, at the
// end of a message: 每样都有150克左右, 各150, 都是140克.
var eachWeightRE = rx.MustCompile(`(?:每样菜?|每个菜?|每份|每一样|每种|各个?|全都|全部|都)(?:都|也|各)?(?:有|是|差不多|大概|大约|约|在)*\s*(\d{2,3}|[一二两三四五六七八九]百[零一二两三四五六七八九十]?十?)\s*(?:克|g|G)?\s*(?:左右|上下|多点|出头|的样子)?\s*(?:克|g|G)?[\s,，。.;；!！~～]*$`)

// eachFiller are words before the dishes that name none.
var eachFiller = map[string]bool{"了": true, "的": true, "好了": true, "有": true, "是": true, "就": true}

// eachWeight reads dishes named without weights followed by one weight
// for each (番茄炒蛋 酸辣土豆丝 红烧鸡块 米饭 每样都有150克左右: four
// dishes at 150 g). With no dish named before it (都是150), the weight is
// that of each dish listed still without one. ok is false when anything
// before the weight is not a plain dish name.
func eachWeight(text string, listed []SampleItem) ([]SampleItem, bool) {
	s := strings.TrimSpace(tempUnseenRE.ReplaceAllString(text, "")) // 每样一百五左右 温度没看
	m := eachWeightRE.FindStringSubmatchIndex(s)
	if m == nil {
		return nil, false
	}
	g, ok := bareGrams(s[m[2]:m[3]]) // 150, 一百五
	if !ok {
		return nil, false
	}
	names := strings.FieldsFunc(s[:m[0]], func(r rune) bool { return strings.ContainsRune(" \n,，、;；。:：", r) })
	var items []SampleItem
	for _, n := range names {
		if eachFiller[n] {
			continue // 中午留样了 …: the 了 of the header
		}
		if strings.ContainsFunc(n, isDigit) || len([]rune(n)) > 10 || parse.StripCount(n) != n {
			return nil, false // a weight or a count of its own: not a plain list
		}
		items = append(items, SampleItem{Dish: n, Grams: g})
	}
	if len(items) == 0 {
		for _, it := range listed {
			if it.Grams == 0 {
				items = append(items, SampleItem{Dish: it.Dish, Grams: g})
			}
		}
	}
	return items, len(items) > 0
}

// menuSameWeights reads one weight said for every dish of the menu, with
// the dishes named after it having their own: 都是150左右 汤多一点200 is
// 150 g for each dish and 200 g for the soup (the one dish of the menu
// whose name has 汤). ok is false when a word named after the shared
// weight is not exactly one dish of the menu.
func menuSameWeights(text string, menu []string) ([]int, bool) {
	if len(menu) == 0 {
		return nil, false
	}
	s := strings.TrimSpace(text)
	m := sameWeightRE.FindStringSubmatchIndex(s)
	if m == nil {
		return nil, false
	}
	g, _ := strconv.Atoi(s[m[2]:m[3]])
	ws := make([]int, len(menu))
	for i := range ws {
		ws[i] = g
	}
	rest := strings.FieldsFunc(s[m[1]:], func(r rune) bool { return strings.ContainsRune(" \n,，、;；。", r) })
	for _, part := range rest {
		e := exceptWeightRE.FindStringSubmatch(part)
		if e == nil {
			return nil, false
		}
		name := e[1]
		k := -1
		for i, dish := range menu {
			if strings.Contains(dish, name) {
				if k >= 0 {
					return nil, false // two dishes of the menu: not which
				}
				k = i
			}
		}
		if k < 0 {
			return nil, false
		}
		ws[k], _ = strconv.Atoi(e[2])
	}
	return ws, true
}

// mergeItems adds items, a later weight for the same dish replacing the
// earlier. A dish sent again is the same dish by the name listed, or by a
// name that contains it or that it contains (炒米粉 145 for 米粉 140, 粥
// 160 for 小米粥) when it is the only such one listed before and the menu
// does not list the two as two dishes; it keeps the name listed unless
// the new one is the menu's.
func mergeItems(have, add []SampleItem, menu []string) []SampleItem {
	before := len(have)
	for _, it := range add {
		i := slices.IndexFunc(have, func(h SampleItem) bool { return h.Dish == it.Dish })
		if i < 0 {
			i = listedAs(have[:before], it.Dish, menu)
			if i >= 0 && (slices.Contains(menu, it.Dish) || strayLead(have[i].Dish, it.Dish)) {
				have[i].Dish = it.Dish
			}
		}
		if i >= 0 {
			if it.Grams > 0 {
				have[i].Grams = it.Grams
			}
			continue
		}
		have = append(have, it)
	}
	return have
}

// strayLead reports whether the dish listed is name after words set apart
// by a space, which were no part of it (user test 17: 「哈 红烧鸡块」 sent
// again as 红烧鸡块 130 is renamed so).
func strayLead(listed, name string) bool {
	lead, ok := strings.CutSuffix(listed, name)
	return ok && lead != "" && strings.TrimRight(lead, " 　") != lead && !strings.ContainsFunc(lead, isDigit)
}

// listedAs is the index of the dish among items that name stands for
// (findDish), or -1; two dishes of the menu are never one.
func listedAs(items []SampleItem, name string, menu []string) int {
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = it.Dish
	}
	i := findDish(names, name)
	if i >= 0 && names[i] != name && slices.Contains(menu, names[i]) && slices.Contains(menu, parse.StripCount(name)) {
		return -1
	}
	return i
}

func (f SampleFlow) submit(t *flows.Turn, d *sampleDraft) error {
	t.Done()
	st := t.School.Settings
	earlier, err := d.earlier(t)
	if err != nil {
		return err
	}
	b := SampleBatch{
		SchoolID: t.School.ID, Day: d.day(), Meal: d.Meal, StaffID: t.Staff.ID, StaffName: t.Staff.Name,
		Items: d.Dishes, FridgeC: *d.FridgeC, Photo: d.Photo, StoredAt: t.Now, DisposeAfter: SampleDisposeAfter(st, d.keptAt(t)),
		Violation: strings.Join(d.problems(st), "；"), MissingDishes: d.unsampled(earlier),
	}
	if b.Violation != "" {
		b.ViolationReason = d.Reason
	}
	if err := db(t).CreateSampleBatch(t.Ctx, &b); err != nil {
		return err
	}
	var flags []string
	if b.Violation != "" {
		flags = append(flags, fmt.Sprintf("违规：%s\n原因：%s", b.Violation, b.ViolationReason))
	}
	if len(b.MissingDishes) > 0 {
		flags = append(flags, "菜单上没有留样的菜："+strings.Join(b.MissingDishes, "、"))
	}
	told := ""
	if len(flags) > 0 {
		text := fmt.Sprintf("【留样问题】%s\n留样人：%s（%s）\n菜品：%s\n冷藏温度：%s℃\n%s",
			b.Label(), t.Staff.Name, t.When(b.StoredAt), b.Dishes(), fmtC(b.FridgeC), strings.Join(flags, "\n"))
		n, err := t.NotifyOthers([]flows.Role{flows.RoleHead}, flows.Notification{Kind: KindSampleViolation, Ref: flows.Ref(refSample, b.ID), Text: text})
		if err != nil {
			return err
		}
		if n > 0 {
			told = "已按规定报告总务主任。"
		}
	}
	photo := ""
	if b.Photo != "" {
		photo = "，附照片" // the cook sees the photo was kept with it
	}
	t.Say(fmt.Sprintf("留样已记录：%s，%d 个菜品，冷藏 %s℃%s。%s\n请在 %s 以后处理（留样满 %d 小时），到时会提醒你；处理后回复「已处理 %d」。",
		b.Label(), len(b.Items), fmtC(b.FridgeC), photo, told, t.When(b.DisposeAfter), st.RetentionHours, b.Num()))
	return nil
}

// keptAt is when the draft's samples were kept, which their retention
// counts from. A record made at the meal is kept now. A late record of an
// earlier day's meal (昨天晚饭其实留了的 就是忘记发了) was kept at that meal,
// not when it was typed: its hours count from the end of the meal as the
// school serves it, the latest the samples can have been kept, so that
// the retention is never cut short (and now when the school has no such
// meal).
func (d *sampleDraft) keptAt(t *flows.Turn) time.Time {
	loc := t.School.Location()
	day := d.day()
	if !day.Before(CivilDay(t.Now, loc)) {
		return t.Now
	}
	for _, m := range t.School.Settings.Meals {
		if m.Key == d.Meal {
			at := time.Date(day.Year(), day.Month(), day.Day(), int(m.Ends)/60, int(m.Ends)%60, 0, 0, loc)
			if at.Before(t.Now) {
				return at
			}
		}
	}
	return t.Now
}

// Prefix implements Actor.
func (SampleFlow) Prefix() string { return actionPrefix }

// typedWords are the words of the typed disposal command.
var typedWords = []string{"已处理", "已销毁", "处理留样", "留样已处理"}

// CommandDays is how many days back a typed 「已处理 N」 looks for batches.
const CommandDays = 3

// disposedVerbs are the words of a disposal said in one's own words.
const disposedVerbs = `(?:处理好了|处理掉了|处理了|处理完了|倒掉了|倒了|扔掉了|扔了|销毁了|清理了|清掉了)`

var (
	// disposedRE is a disposal said in one's own words: 处理好了, 倒掉了,
	// 留样销毁了.
	disposedRE = rx.MustCompile(`^(?:留样|样品|样)?(?:都|已经|已)?` + disposedVerbs + `[。！!]*$`)
	// disposedNumRE is one said of batches by their numbers: 2号倒掉了,
	// 2号的也倒掉了, 1号处理了, 编号2的留样倒了, 1号和2号都倒了,
	// 1号2号的留样都倒掉了.
	disposedNumRE = rx.MustCompile(`^((?:(?:编号|第)\s*\d{1,3}\s*号?|\d{1,3}\s*号)(?:\s*(?:和|跟|与|、|,|，|还有)\s*(?:(?:编号|第)\s*\d{1,3}\s*号?|\d{1,3}\s*号?)|\s*\d{1,3}\s*号)*)` +
		`\s*(?:的)?(?:留样|样品|样)?(?:的)?\s*(?:也|都|已经|已)*` + disposedVerbs + `[。！!]*$`)
	// disposedNumsRE is one said of batches by their bare numbers, two or
	// more: 1和2都处理了, 3、4倒掉了. The first group is the numbers.
	disposedNumsRE = rx.MustCompile(`^(\d{1,3}(?:\s*(?:和|跟|与|、|,|，|还有)\s*\d{1,3})+)\s*(?:号)?(?:的)?(?:留样|样品|样)?(?:的)?\s*(?:也|都|已经|已)*` + disposedVerbs + `[。！!]*$`)
	// disposedAllRE is one said of every batch due: 两份都倒了, 都处理了,
	// 全部倒掉了, 这两个留样都扔了. The first group is how many were said.
	disposedAllRE = rx.MustCompile(`^(?:这|那)?([两二三四五六七八九十\d]{1,2})?\s*(?:份|个|批|盒)?(?:的)?(?:留样|样品|样)?(?:也)?(?:都|全都|全部|全)(?:已经|已)?` + disposedVerbs + `[。！!]*$`)
	// disposedBareNumRE is one said of a batch by its bare number after
	// another: 2也处理了, 3也倒了.
	disposedBareNumRE = rx.MustCompile(`^(\d{1,3})\s*(?:也|都)(?:已经|已)?` + disposedVerbs + `[。！!]*$`)
	// disposedSameRE is one said of a batch by its bare number as done
	// with the one before (user test 16: 2也是一样的 一起倒的, 2号也一样
	// 一起扔了). The first group is the number.
	disposedSameRE = rx.MustCompile(`^(\d{1,3})\s*号?(?:的)?\s*(?:也|都)(?:是)?一样(?:的)?[\s，,]*(?:一起|一块|一路|同时)?(?:倒|扔|处理|销毁)(?:掉)?(?:的|了)[。！!]*$`)
	// disposedMealRE is one said of batches by their meal, and day: 午餐那个
	// 留样处理好了, 20号早上和中午的留样都已经倒了, 昨天晚饭的样倒了. The
	// groups: the day of the month, the day word, the meals.
	disposedMealRE = rx.MustCompile(`^(?:(\d{1,2})\s*(?:号|日)|(今天|昨天|前天))?\s*(?:的)?\s*(` + mealWordsRE + `(?:\s*(?:和|跟|与|、|还有|,|，)\s*` + mealWordsRE + `)*)\s*(?:那个|那份|那批|那盒|的|那)*\s*(?:留样|样品|样)?\s*(?:我们?|也|都|全都|已经|已)*` + disposedVerbs + `(?:啊|呀|哈)?[。！!]*$`)
	mealWordRE     = rx.MustCompile(mealWordsRE)
	// numberInRE is a number in disposedNumRE's first group.
	numberInRE = rx.MustCompile(`\d{1,3}`)
)

// mealWordsRE are the meal words a disposal may name its batches by.
const mealWordsRE = `(?:早上|早餐|早饭|早点|中午|午餐|午饭|中饭|晚上|晚餐|晚饭|加餐)`

// mealDisposal is the disposal said of batches by meal (disposedMealRE):
// of the ready batches, those of the meals said, on the day said if any;
// waiting are such batches still within their retention time. ok is
// false when text is no such disposal.
func mealDisposal(t *flows.Turn, s string, bs []SampleBatch) (ids, waiting []int64, meals int, ok bool) {
	m := disposedMealRE.FindStringSubmatch(s)
	if m == nil {
		return nil, nil, 0, false
	}
	words := vocabFor(t)
	var keys []string
	for _, w := range mealWordRE.FindAllString(m[3], -1) {
		k, ok := words.parse(w)
		if !ok {
			k, ok = map[string]string{"早上": flows.MealBreakfast, "中午": flows.MealLunch, "晚上": flows.MealDinner}[w]
		}
		if ok && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil, nil, 0, false
	}
	loc := t.School.Location()
	today := CivilDay(t.Now, loc)
	for _, b := range bs {
		if !b.DisposedAt.IsZero() || !slices.Contains(keys, b.Meal) {
			continue
		}
		day := CivilDay(b.Day, loc)
		switch {
		case m[1] != "" && strconv.Itoa(day.Day()) != strings.TrimLeft(m[1], "0"):
			continue
		case m[2] == "今天" && !day.Equal(today), m[2] == "昨天" && !day.Equal(today.AddDate(0, 0, -1)), m[2] == "前天" && !day.Equal(today.AddDate(0, 0, -2)):
			continue
		}
		if t.Now.Before(b.DisposeAfter) {
			waiting = append(waiting, b.ID)
			continue
		}
		ids = append(ids, b.ID)
	}
	return ids, waiting, len(keys), true
}

// smallCount reads a count said in a few characters: 两, 3.
func smallCount(s string) int {
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	return map[string]int{"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}[s]
}

// Typed implements Actor: 已处理 2 confirms the disposal of the batch
// numbered 2 (its day's sequence, as 「编号 2」 shows it), resolved by
// flows.ChooseItem among the school's batches of the last CommandDays,
// those due for disposal first; the full reference 「已处理
// LY-20261120-002」 always works. 「已处理」 alone disposes of the only batch
// due, or lists those due.
//
// Canteen staff may say it in their own words: with the numbers (2号倒掉了,
// 2号的也倒掉了, 1号和2号都处理了) as the command does, whatever they are
// doing; without (处理好了, 倒掉了), only while nothing else is going on
// and samples wait to be disposed of; and of every batch due (两份都倒了,
// 都处理了) when the count said, if any, is theirs. A repair report never
// takes such words from them.
func (f SampleFlow) Typed(t *flows.Turn, text string) (string, bool) {
	if data, ok := handledIssue(t, text); ok {
		return data, ok // 回锅肉太肥那个事我已经跟食堂说了 …处理完了
	}
	data, ok := f.typed(t, text)
	if !ok && t.Staff.Has(flows.RoleCanteen, flows.RoleHead) {
		if clause, found := numberedClause(text); found {
			text = clause // 上礼拜那两份留样今早都倒掉了 1和2都处理了: 1和2都处理了
			data, ok = f.typed(t, text)
		} else if disposalAsked(text) {
			// 早上那份留样能扔了不 已处理: the question answered.
			if err := answerQuestion(t); err != nil {
				return "", false
			}
			return "", true
		}
	}
	if !ok || data == "" || !saysDisposed(text) {
		return data, ok
	}
	// Said in her own words, the disposal is done: samples still within
	// their retention time are already gone, not to be kept (the
	// thirteenth user test: 昨天的留样早倒了 was answered 「请继续冷藏」).
	if a, parsed := flows.ParseAction(data); parsed && verb(a.Verb) == verbDispose {
		a.Verb = string(verbSaid)
		if said := a.String(); len(said) <= flows.MaxActionData {
			return said, true
		}
	}
	return data, ok
}

// commandNumsRE is the typed command with several numbers (user test
// 16: 「已处理 1 2」 was answered as thanks): 已处理 1 2, 已处理1、2,
// 已处理 1和2. The first group is the numbers.
var commandNumsRE = rx.MustCompile(`^(?:已处理|已销毁|处理留样|留样已处理)\s*(?:编号)?\s*(\d{1,3}(?:\s*号?\s*(?:和|跟|与|、|,|，|还有|\s)\s*\d{1,3})+)\s*号?[。！!]*$`)

// commandNums is the numbers of such a command, in the order said; nil
// when text is none.
func commandNums(text string) []int {
	m := commandNumsRE.FindStringSubmatch(strings.TrimSpace(parse.Normalize(text)))
	if m == nil {
		return nil
	}
	var nums []int
	for _, n := range numberInRE.FindAllString(m[1], -1) {
		if k, err := strconv.Atoi(n); err == nil && k > 0 && !slices.Contains(nums, k) {
			nums = append(nums, k)
		}
	}
	return nums
}

// numberedClause finds, in a message of several clauses about throwing
// samples away, the one that names the batches by their numbers (the
// fourteenth user test: 「上礼拜那两份留样今早都倒掉了 1和2都处理了」,
// 「早上那份留样能扔了不 已处理1」 started new records with 「1和2都处理了」
// and 「已处理」 as dishes). The numbers decide which batches: the other
// clauses must each speak of a disposal (倒, 扔, 处理) and carry no number,
// so that a record (红烧肉150 …) is never read so.
func numberedClause(text string) (string, bool) {
	clauses := strings.FieldsFunc(saidPlainly(text), func(r rune) bool { return strings.ContainsRune(" ，,。；;！!？?", r) })
	if len(clauses) < 2 {
		return "", false
	}
	found := ""
	for _, c := range clauses {
		switch {
		case numberedDisposal(c):
			if found != "" {
				return "", false // two such clauses: the message is read whole
			}
			found = c
		case !disposalTalk(c):
			return "", false
		}
	}
	return found, found != ""
}

// keptTalkRE is a remark that a sample is still kept: 今天早上的还在.
var keptTalkRE = rx.MustCompile(`还在|还留着|留着|没倒|没扔|没处理|还没`)

// disposalTalk reports whether clause c, besides a disposal by numbers,
// only speaks of the samples and their disposal: 上礼拜那两份留样今早都倒掉了,
// 早上那份留样能扔了不, 留样, 今天早上的还在. It has no number.
func disposalTalk(c string) bool {
	if strings.ContainsFunc(c, isDigit) {
		return false
	}
	if _, ok := flows.ReadCommand(c, typedWords); ok {
		return true // 已处理, said without its number
	}
	return disposeAskRE.MatchString(c) || strings.Contains(c, "样") || keptTalkRE.MatchString(c)
}

// disposalAsked reports whether text asks whether samples may be thrown
// away, in clauses that speak of nothing else (早上那份留样能扔了不 已处理):
// a question, never a record.
func disposalAsked(text string) bool {
	clauses := strings.FieldsFunc(saidPlainly(text), func(r rune) bool { return strings.ContainsRune(" ，,。；;！!？?", r) })
	if len(clauses) < 2 {
		return false // one question: Questions answers it
	}
	asked := false
	for _, c := range clauses {
		if !disposalTalk(c) {
			return false
		}
		asked = asked || disposeAskRE.MatchString(c) && isQuestion(c)
	}
	return asked
}

// numberedDisposal reports whether clause c is a disposal of batches by
// their numbers: the command (已处理1), or said so (2号倒掉了, 1和2都处理了).
func numberedDisposal(c string) bool {
	if cmd, ok := flows.ReadCommand(c, typedWords); ok {
		return cmd.Num > 0 || cmd.Ref != ""
	}
	return disposedNumRE.MatchString(c) || disposedNumsRE.MatchString(c) || disposedBareNumRE.MatchString(c)
}

// saysDisposed reports whether text tells of a disposal done in the
// cook's own words (昨天的留样早倒了, 2号的也倒掉了), not the command
// 「已处理 N」 (a number mistyped there is refused with when it may go).
func saysDisposed(text string) bool {
	if _, ok := flows.ReadCommand(text, typedWords); ok {
		return false
	}
	s := saidPlainly(text)
	return !slices.ContainsFunc(typedWords, func(w string) bool { return strings.HasPrefix(s, w) }) && meantDoneRE.MatchString(s)
}

func (SampleFlow) typed(t *flows.Turn, text string) (string, bool) {
	c, ok := flows.ReadCommand(text, typedWords)
	natural, all, count := false, false, 0
	var nums []int
	if !ok {
		if nums = commandNums(text); len(nums) > 1 {
			c, ok = flows.Command{Word: "已处理", Num: nums[0]}, true // 已处理 1 2
		}
	}
	if !ok {
		// 早倒了, 早就扔了: long ago, as 倒了 (2号的留样早倒了 is the batch
		// numbered 2, as 2号的留样倒了 is).
		s := numbersFirst(saidPlainly(text)) // 前天的留样1号2号都倒掉了 (disposalnums.go)
		if !t.Staff.Has(flows.RoleCanteen) {
			return "", false
		}
		if t.Idle() && saysDisposalMeant(s) {
			// 不是 我是说倒掉了 不是留样 with nothing going on: the
			// samples due, as 留样倒了 (never a repair of 倒掉了).
			return disposeSaid(t, "留样倒了")
		}
		if m := disposedSameRE.FindStringSubmatch(s); m != nil {
			s = m[1] + "号也倒了" // 2也是一样的 一起倒的
		}
		if m := disposedBareNumRE.FindStringSubmatch(s); m != nil {
			s = m[1] + "号" + strings.TrimPrefix(s, m[1]) // 2也处理了: 2号也处理了
		}
		if m := disposedNumsRE.FindStringSubmatch(s); m != nil {
			// 1和2都处理了: 1号和2号都处理了; 1和2号处理掉了 keeps one 号.
			rest := strings.TrimPrefix(strings.TrimSpace(strings.TrimPrefix(s, m[1])), "号")
			s = numberInRE.ReplaceAllString(m[1], "${0}号") + rest
		}
		if data, ok := disposeByDay(t, s); ok {
			return data, true // 20号那两份留样可以倒了吧
		}
		if earlyDisposal(t, s) {
			return "", true // 今天中午的留样冰箱放不下了 先倒了吧
		}
		for _, w := range typedWords {
			// 已处理 今天早餐: the command said of a meal, as 今天早餐处理了.
			if r, found := strings.CutPrefix(s, w); found && mealWordRE.MatchString(r) && !strings.ContainsFunc(r, isDigit) {
				s = strings.TrimSpace(r) + "处理了"
				break
			}
		}
		switch m := disposedNumRE.FindStringSubmatch(s); {
		case disposedMealRE.MatchString(s):
			return disposeByMeal(t, s)
		case m != nil:
			for _, n := range numberInRE.FindAllString(m[1], -1) {
				if k, err := strconv.Atoi(n); err == nil && k > 0 && !slices.Contains(nums, k) {
					nums = append(nums, k)
				}
			}
			if len(nums) == 0 {
				return "", false
			}
			c = flows.Command{Word: "已处理", Num: nums[0]}
		case !t.Idle():
			return "", false
		case disposedAllRE.MatchString(s):
			a := disposedAllRE.FindStringSubmatch(s)
			c, natural, all, count = flows.Command{Word: "已处理"}, true, true, smallCount(a[1])
		case disposedRE.MatchString(s):
			c, natural = flows.Command{Word: "已处理"}, true
		default:
			return disposeSaid(t, s) // 上礼拜那两个留样早倒掉了
		}
	}
	if !t.Staff.Has(flows.RoleCanteen, flows.RoleHead) {
		if c.Num == 0 && c.Ref == "" {
			return "", false
		}
		t.Say("只有食堂人员或总务主任可以确认留样处理。")
		return "", true
	}
	bs, err := commandBatches(t)
	if err != nil {
		return "", false
	}
	// The due ones by meal, oldest first, as a choice between them lists
	// them; the others as they were, newest first, so that ChooseItem
	// explains the newest of a number none of which is due.
	slices.SortStableFunc(bs, func(a, b SampleBatch) int {
		dueA, dueB := isDue(t, a), isDue(t, b)
		switch {
		case dueA != dueB && dueA:
			return -1
		case dueA != dueB:
			return 1
		case !dueA:
			return 0
		}
		if c := a.Day.Compare(b.Day); c != 0 {
			return c
		}
		return slices.Index(flows.MealKeys, a.Meal) - slices.Index(flows.MealKeys, b.Meal)
	})
	items := make([]flows.Item, len(bs))
	var ready []int64
	for i, b := range bs {
		items[i] = batchItem(t, b)
		if items[i].Ready {
			ready = append(ready, b.ID)
		}
	}
	if natural && len(ready) == 0 {
		// 这两个留样都扔了 with none due is answered so, never taken for a
		// new record; 处理好了 is said of something else.
		if data, ok := disposeSaid(t, saidPlainly(text)); ok {
			return data, true
		}
		// 都倒了 from the cook, with nothing to dispose of: the samples,
		// whatever else 倒了 may mean (user test 18's re-run, N2: it opened
		// a repair report asking 在哪里, which then took her next 留样).
		return nothingToDispose(t, bs)
	}
	if natural && !all && len(ready) > 1 {
		// 留样倒了 with several due: which, by date and meal, or all of them.
		if data, ok := disposeSaid(t, saidPlainly(text)); ok {
			return data, true
		}
	}
	if all && len(ready) > 1 && (count == 0 || count == len(ready)) {
		slices.Sort(ready) // the oldest first, as they were kept
		if data, ok := disposeAction(ready); ok {
			return data, true // 两份都倒了: every batch due
		}
	}
	if len(nums) > 1 {
		var ids []int64
		for _, n := range nums {
			it, ok, _ := flows.ChooseItem(t, flows.Command{Word: c.Word, Num: n}, items, "留样")
			if !ok {
				return "", true
			}
			ids = append(ids, it.ID)
		}
		if data, ok := disposeAction(ids); ok {
			return data, true
		}
		t.Say("一次说的编号太多了，请分几次回复，如「已处理 " + strconv.Itoa(nums[0]) + "」。")
		return "", true
	}
	it, ok, none := flows.ChooseItem(t, c, items, "留样")
	switch {
	case none && c.Num == 0 && c.Ref == "" && len(ready) == 0 && t.Staff.Has(flows.RoleCanteen):
		// 已处理 typed bare (the 【留样到期】 button in words) by the
		// canteen with nothing due: said so, as 倒掉了 is, not 没看懂.
		return nothingToDispose(t, bs)
	case none:
		return "", false
	case !ok:
		return "", true
	}
	return action(verbDispose, it.ID), true
}

// batchItem is b as a command names it: when two due share its number,
// 「已处理 N」 asks which by buttons named by their day and meal
// (11月30日晚餐), tapped, typed by number or by those words.
func batchItem(t *flows.Turn, b SampleBatch) flows.Item {
	day := fmt.Sprintf("%d月%d日%s", b.Day.Month(), b.Day.Day(), flows.MealLabel(b.Meal))
	return flows.Item{ID: b.ID, Ref: b.Ref(), Line: day + "留样", Label: day, Ready: isDue(t, b), Data: action(verbDispose, b.ID)}
}

// justDisposedWithin is how long after confirming a disposal the cook's
// bare 都倒了 is read as said of it.
const justDisposedWithin = 2 * time.Hour

// nothingToDispose answers a canteen worker's bare disposal words (都倒了,
// 处理好了) when no sample is due: those they confirmed lately are named
// as done already, and what is still kept is said to wait its time. Said
// by anyone else, the words are left to the other flows (a 总务主任's
// 处理好了 is more likely a repair's).
func nothingToDispose(t *flows.Turn, bs []SampleBatch) (string, bool) {
	if !t.Staff.Has(flows.RoleCanteen) {
		return "", false
	}
	var done []string
	kept := false
	bs = slices.SortedFunc(slices.Values(bs), func(a, b SampleBatch) int { return cmp.Compare(a.ID, b.ID) })
	for _, b := range bs {
		switch {
		case b.DisposedAt.IsZero():
			kept = true
		case b.DisposedBy == t.Staff.ID && t.Now.Sub(b.DisposedAt) <= justDisposedWithin:
			done = append(done, fmt.Sprintf("%s（编号 %d）", batchItem(t, b).Line, b.Num()))
		}
	}
	hours := t.School.Settings.RetentionHours
	var say string
	if len(done) > 0 {
		say = fmt.Sprintf("好的，%s刚才已经确认处理了，不用再确认。", strings.Join(done, "、"))
	}
	switch {
	case kept:
		say += fmt.Sprintf("现在没有别的已满 %d 小时、可以处理的留样；还在冷藏的留样要满 %d 小时才能处理，发送「我的」可以查看每份什么时候可以处理。", hours, hours)
	case len(done) > 0:
		say += "现在没有别的等着处理的留样。"
	default:
		say = "现在没有等着处理的留样，不用确认。"
	}
	t.Say(say)
	return "", true
}

// isDue reports whether b may be disposed of now.
func isDue(t *flows.Turn, b SampleBatch) bool {
	return b.DisposedAt.IsZero() && !t.Now.Before(b.DisposeAfter)
}

// disposeByMeal answers a disposal said of batches by meal (午餐那个留样
// 处理好了): the one batch due of that meal, every one when as many were
// said as are due (20号早上和中午的留样都已经倒了), or the ones due listed
// to choose from.
func disposeByMeal(t *flows.Turn, s string) (string, bool) {
	if !t.Staff.Has(flows.RoleCanteen, flows.RoleHead) {
		return "", false
	}
	bs, err := commandBatches(t)
	if err != nil {
		return "", false
	}
	ids, waiting, meals, ok := mealDisposal(t, s, bs)
	if !ok {
		return "", false
	}
	slices.Sort(ids) // the oldest first, as they were kept
	switch {
	case len(ids) == 0 && len(waiting) > 0:
		// 已处理 今天早餐 of a sample kept this morning: refused as
		// 「已处理 N」 is, with when it may go (the tenth user test).
		slices.Sort(waiting)
		data, ok := disposeAction(waiting)
		return data, ok
	case len(ids) == 0:
		t.Say("没有找到可以处理的这一餐的留样（留样要满 48 小时才能处理）。发送「我的」可以查看你的事项。")
		return "", true
	case len(ids) == 1 || len(ids) == meals:
		if data, ok := disposeAction(ids); ok {
			return data, true
		}
	}
	var listed []SampleBatch
	for _, b := range bs {
		if slices.Contains(ids, b.ID) {
			listed = append(listed, b)
		}
	}
	// A choice by buttons named by day and meal, the oldest first, as
	// 「已处理 N」 asks between batches that share a number.
	slices.SortStableFunc(listed, func(a, b SampleBatch) int { return a.Day.Compare(b.Day) })
	buttons := make([]flows.Button, len(listed))
	for i, b := range listed {
		it := batchItem(t, b)
		buttons[i] = flows.Button{Label: it.Label, Data: it.Data}
	}
	t.Say("有几份这一餐的留样都可以处理，是哪一份？\n"+flows.Numbered(buttons), buttons...)
	return "", true
}

// earlyAskRE is asking to throw samples away before their time, or
// saying one will: 先倒了吧, 能不能提前处理, 干脆扔了. A question whether
// they may go (昨天的留样可以倒了吗) is no such request: Questions answers it.
var earlyAskRE = rx.MustCompile(`(?:先|提前|早点|干脆)\s*(?:倒|扔|处理|清理|清|销毁)|(?:倒|扔|处理|清理|销毁)(?:掉)?了?吧`)

// boxSaidRE names a sample by its box or portion with a day or a meal:
// 今天早上那盒, 午饭那份 (the tenth user test: 今天早上那盒也一起倒了吧).
var boxSaidRE = rx.MustCompile(`(?:今天|昨天|前天|早上|中午|晚上|早饭|午饭|晚饭|早餐|午餐|晚餐|\d{1,2}\s*(?:号|日)).{0,4}?(?:那|这)?(?:盒|份|批)`)

// noRoomRE is the fridge being full, and disposeVerbRE a disposal: 冰箱放不下了
// 倒了吧.
var (
	noRoomRE      = rx.MustCompile(`放不下|塞不下|装不下|没地方|没位置|没有地方|没有位置|满了`)
	disposeVerbRE = rx.MustCompile(`倒|扔|处理|清理|销毁`)
)

// earlyDisposal answers a cook asking to throw away samples not yet kept
// the full retention time (今天中午的留样冰箱放不下了 先倒了吧): they must be
// kept until then and not thrown away early; room is to be made, or the
// 总务主任 told. It is false when text is no such request or names no
// batch still to be kept.
func earlyDisposal(t *flows.Turn, s string) bool {
	if !t.Staff.Has(flows.RoleCanteen, flows.RoleHead) || !strings.Contains(s, "样") && !boxSaidRE.MatchString(s) ||
		!earlyAskRE.MatchString(s) && !(noRoomRE.MatchString(s) && disposeVerbRE.MatchString(s)) {
		return false
	}
	s = nightBefore(s)
	loc := t.School.Location()
	today := CivilDay(t.Now, loc)
	day, daySaid := today, false
	if w := dayWordRE.FindString(s); w != "" {
		day, daySaid = today.AddDate(0, 0, dayOffsets[w]), true
	}
	meal := ""
	lower := strings.ToLower(s)
	for _, mw := range vocabFor(t).words {
		if strings.Contains(lower, mw.word) {
			meal = mw.key
			break
		}
	}
	bs, err := commandBatches(t)
	if err != nil {
		return false
	}
	var waiting []SampleBatch
	due := false
	for _, b := range bs {
		switch {
		case !b.DisposedAt.IsZero():
			continue
		case (daySaid || meal != "") && !CivilDay(b.Day, loc).Equal(day):
			continue
		case meal != "" && b.Meal != meal:
			continue
		case slices.ContainsFunc(waiting, func(w SampleBatch) bool { return w.ID == b.ID }):
			continue
		case !t.Now.Before(b.DisposeAfter):
			due = true
			continue
		}
		waiting = append(waiting, b)
	}
	st := t.School.Settings
	switch {
	case len(waiting) == 0 && due:
		return false // one due: the disposal, answered as before
	case len(waiting) == 0:
		t.Say(fmt.Sprintf("请先不要倒。按规定，每餐的留样要在冷藏条件下保存满 %d 小时，出了食品安全问题要靠它查原因，不能提前处理，满 %d 小时后再处理。\n冰箱放不下的话，可以先把已满 %d 小时的留样处理掉腾出位置（发送「我的」可以查看），或把留样盒摆紧一些；还是放不下，请告诉总务主任想办法。",
			st.RetentionHours, st.RetentionHours, st.RetentionHours))
		return true
	}
	slices.SortFunc(waiting, func(a, b SampleBatch) int { return cmp.Compare(a.ID, b.ID) })
	var lines []string
	for _, b := range waiting {
		lines = append(lines, fmt.Sprintf("%s%s留样（编号 %d）要保留到 %s", dayLabel(CivilDay(b.Day, loc), today), flows.MealLabel(b.Meal), b.Num(), t.When(b.DisposeAfter)))
	}
	t.Say(fmt.Sprintf("请先不要倒。按规定，留样要在冷藏条件下保存满 %d 小时，出了食品安全问题要靠它查原因，不能提前处理：\n%s。\n冰箱放不下的话，可以先把已满 %d 小时的留样处理掉腾出位置（发送「我的」可以查看），或把留样盒摆紧一些；还是放不下，请告诉总务主任想办法。",
		st.RetentionHours, strings.Join(lines, "；\n"), st.RetentionHours))
	return true
}

// disposedDayRE is a disposal said of a day's batches, done (20号的都倒了)
// or asked (20号那两份留样可以倒了吧 都放了好几天了, a remark after it).
// The groups: the day of the month, none, the count, 都, the asking. Done,
// it needs 都: 2号的也倒掉了 is the batch numbered 2 (disposedNumRE).
var disposedDayRE = rx.MustCompile(`^(\d{1,2})\s*(?:号|日)()\s*(?:的)?\s*(?:这|那)?\s*([两二三四五六七八九十\d]{1,2})?\s*(?:份|个|批|盒)?\s*(?:的)?\s*(?:留样|样品|样)?\s*(也|都|全都|全部)?\s*` +
	`(?:((?:是不是|是否)?(?:可以|能|该)(?:倒|处理|扔|销毁)(?:掉)?了?(?:吧|吗|没)?)|(?:已经|已)?` + disposedVerbs + `)(?:$|[\s，,。！!？?])`)

// disposeByDay answers a disposal said of a day's batches: asked, which of
// them are due, with a button to confirm them; done, those due disposed of.
func disposeByDay(t *flows.Turn, s string) (string, bool) {
	if !t.Staff.Has(flows.RoleCanteen, flows.RoleHead) {
		return "", false
	}
	m := disposedDayRE.FindStringSubmatch(s)
	if m == nil || m[5] == "" && m[4] != "都" && m[4] != "全都" && m[4] != "全部" {
		return "", false
	}
	bs, err := commandBatches(t)
	if err != nil {
		return "", false
	}
	loc := t.School.Location()
	var due, waiting []SampleBatch
	for _, b := range bs {
		day := CivilDay(b.Day, loc)
		switch {
		case !b.DisposedAt.IsZero():
			continue
		case strconv.Itoa(day.Day()) != strings.TrimLeft(m[1], "0"):
			continue
		case t.Now.Before(b.DisposeAfter):
			waiting = append(waiting, b)
		default:
			due = append(due, b)
		}
	}
	slices.SortFunc(due, func(a, b SampleBatch) int { return cmp.Compare(a.ID, b.ID) })
	said := m[1] + "号"
	if len(due) == 0 {
		if m[5] == "" && len(waiting) > 0 {
			// 20号的都倒了 of samples still kept: gone already (verbSaid).
			slices.SortFunc(waiting, func(a, b SampleBatch) int { return cmp.Compare(a.ID, b.ID) })
			ids := make([]int64, len(waiting))
			for i, b := range waiting {
				ids[i] = b.ID
			}
			return disposeAction(ids)
		}
		if m[5] == "" {
			return "", false
		}
		if len(waiting) > 0 {
			t.Say(fmt.Sprintf("%s的留样还没满 48 小时，现在还不能处理。发送「我的」可以查看什么时候可以处理。", said))
		} else {
			t.Say(fmt.Sprintf("没有找到%s还没处理的留样。发送「我的」可以查看你的事项。", said))
		}
		return "", true
	}
	ids := make([]int64, len(due))
	names := make([]string, len(due))
	for i, b := range due {
		ids[i] = b.ID
		names[i] = fmt.Sprintf("%s留样（编号 %d）", flows.MealLabel(b.Meal), b.Num())
	}
	data, ok := disposeAction(ids)
	if !ok {
		return "", false
	}
	if m[5] == "" {
		return data, true // 20号的都倒了: those due
	}
	done := fmt.Sprintf("%s的都倒了", said)
	t.Say(fmt.Sprintf("可以。%s的%s已满 48 小时，可以处理了。倒掉后请回复「%s」，或点下面的按钮确认。", said, strings.Join(names, "、"), done),
		flows.Button{Label: done, Data: data})
	return "", true
}

// commandBatches are the batches a typed disposal may name: the school's
// batches of the last CommandDays and every batch due, newest first.
func commandBatches(t *flows.Turn) ([]SampleBatch, error) {
	loc := t.School.Location()
	var bs []SampleBatch
	for d := range CommandDays + 1 {
		day, err := db(t).SampleBatches(t.Ctx, t.School.ID, CivilDay(t.Now.AddDate(0, 0, -d), loc))
		if err != nil {
			return nil, err
		}
		bs = append(bs, day...)
	}
	due, err := db(t).SamplesDue(t.Ctx, t.School.ID, t.Now)
	if err != nil {
		return nil, err
	}
	for _, b := range due {
		if !slices.ContainsFunc(bs, func(x SampleBatch) bool { return x.ID == b.ID }) {
			bs = append(bs, b)
		}
	}
	slices.SortFunc(bs, func(a, b SampleBatch) int { return cmp.Compare(b.ID, a.ID) })
	return bs, nil
}

// disposeAction is the action data disposing of the batches ids: the
// first as its id, the others as its arguments. ok is false when they do
// not fit in one button's data.
func disposeAction(ids []int64) (string, bool) {
	a := flows.Action{Prefix: actionPrefix, Verb: string(verbDispose), ID: ids[0]}
	for _, id := range ids[1:] {
		a.Args = append(a.Args, strconv.FormatInt(id, 10))
	}
	data := a.String()
	return data, len(data) <= flows.MaxActionData
}

// Act implements Actor: the disposal of a batch (or of several, their ids
// as the action's arguments, from 「两份都倒了」), refused before its
// retention time is over.
func (SampleFlow) Act(t *flows.Turn, data string) error {
	a, ok := flows.ParseAction(data)
	if !ok || !slices.Contains([]verb{verbDispose, verbSaid, verbEarly, verbKept, verbHandled}, verb(a.Verb)) {
		t.Say(flows.ExpiredButton)
		return nil
	}
	if verb(a.Verb) == verbHandled {
		ids := []int64{a.ID}
		for _, arg := range a.Args { // 牛肉少放盐 鸡块份量给足: several issues at once
			if id, err := strconv.ParseInt(arg, 10, 64); err == nil && id > 0 && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		return handleIssue(t, ids...)
	}
	ids := []int64{a.ID}
	for _, arg := range a.Args {
		id, err := strconv.ParseInt(arg, 10, 64)
		if err != nil || id <= 0 || strconv.FormatInt(id, 10) != arg || slices.Contains(ids, id) {
			t.Say(flows.ExpiredButton)
			return nil
		}
		ids = append(ids, id)
	}
	switch verb(a.Verb) {
	case verbSaid:
		return disposedSaid(t, ids)
	case verbEarly:
		return disposedEarly(t, ids)
	case verbKept:
		return stillKept(t, ids)
	}
	return disposeMany(t, ids)
}

// disposeMany confirms the disposal of the batches ids, one by one, and
// says once how those told late with no time are kept.
func disposeMany(t *flows.Turn, ids []int64) error {
	unsaid := false
	var problems []string
	for _, id := range ids {
		told, err := disposeTold(t, id)
		if err != nil {
			return err
		}
		unsaid = unsaid || told.late && told.said == ""
		if told.problem != "" && !slices.Contains(problems, told.problem) {
			problems = append(problems, told.problem) // the same time to come said of each
			t.Say(told.problem)
		}
	}
	if unsaid {
		// Recorded as entered late, its time not said (disposedlate.go).
		t.Say("台账上会注明是补记的、没说具体处理时间，不会记成今天处理。以后补记时带上哪天倒的（比如「20号的留样22号就倒了」），就按那天记。")
	}
	return nil
}

// dispose confirms the disposal of one batch, or says why not.
func dispose(t *flows.Turn, id int64) error {
	told, err := disposeTold(t, id)
	if told.problem != "" {
		t.Say(told.problem)
	}
	return err
}

// disposeTold is dispose, reporting what the words said of when it was
// done (disposalTold); a disposal not recorded is not late.
func disposeTold(t *flows.Turn, id int64) (toldLate, error) {
	b, err := db(t).SampleBatch(t.Ctx, id)
	if errors.Is(err, flows.ErrNotFound) || err == nil && b.SchoolID != t.School.ID {
		t.Say("没有找到这批留样。")
		return toldLate{}, nil
	}
	if err != nil {
		return toldLate{}, err
	}
	if !t.Staff.Has(flows.RoleCanteen, flows.RoleHead) {
		t.Say("只有食堂人员或总务主任可以确认留样处理。")
		return toldLate{}, nil
	}
	if !b.DisposedAt.IsZero() {
		t.Say(fmt.Sprintf("%s已由%s%s，不用再处理。", b.Label(), b.DisposedByName, disposedWhen(t, b)))
		return toldLate{}, nil
	}
	if t.Now.Before(b.DisposeAfter) {
		// Kept when its retention began: the meal, for a late record.
		kept := b.DisposeAfter.Add(-time.Duration(t.School.Settings.RetentionHours) * time.Hour)
		t.Say(fmt.Sprintf("现在还不能处理%s。%s；这批留样是 %s 留存的，要到 %s 才满 %d 小时。请继续冷藏，到时会提醒你。",
			b.Label(), ruleRetention(t.School.Settings), t.When(kept), t.When(b.DisposeAfter), t.School.Settings.RetentionHours))
		return toldLate{}, nil
	}
	switch told := disposalTold(t, b); {
	case told.problem != "":
		return told, nil // said by the caller, once for the batches it names
	case told.late:
		if err := db(t).DisposeSamplesLate(t.Ctx, b.ID, t.Staff.ID, told.at, told.said, t.Now); err != nil {
			return toldLate{}, err
		}
		when := "处理时间 " + told.back
		if told.said == "" {
			// No time said: recorded as entered late (disposedlate.go).
			when = "处理时间未说明"
		}
		t.Say(fmt.Sprintf("已补记%s已处理：处理人%s，%s（%s 补记）。谢谢！", b.Label(), t.Staff.Name, when, t.When(t.Now)))
		return told, nil
	}
	if err := db(t).DisposeSamples(t.Ctx, b.ID, t.Staff.ID, t.Now); err != nil {
		return toldLate{}, err
	}
	t.Say(fmt.Sprintf("已确认处理%s：处理人%s，时间 %s。谢谢！", b.Label(), t.Staff.Name, t.When(t.Now)))
	return toldLate{}, nil
}

// Mine implements Miner: samples waiting to be disposed of, for the
// canteen and the 总务主任, and for the canteen after them the samples still
// kept and when each may go, so that a cook knows what is in the fridge
// (the twelfth user test's cook saw only the ones due); for the 总务主任,
// first the canteen issues handed to him and not yet handled
// (issuesMine).
func (SampleFlow) Mine(t *flows.Turn) (string, error) {
	if !t.Staff.Has(flows.RoleCanteen, flows.RoleHead) {
		return "", nil
	}
	var parts []string
	if t.Staff.Has(flows.RoleHead) {
		s, err := issuesMine(t)
		if err != nil {
			return "", err
		}
		if s != "" {
			parts = append(parts, s)
		}
	}
	// Every batch not disposed of, in one read: none falls due later than
	// its retention time after it was kept, which is never after now, so a
	// horizon a year on (beyond any school's retention hours, even ones
	// since shortened) reaches them all.
	open, err := db(t).SamplesDue(t.Ctx, t.School.ID, t.Now.AddDate(1, 0, 0))
	if err != nil || len(open) == 0 {
		return strings.Join(parts, "\n\n"), err
	}
	var due, kept []SampleBatch
	for _, b := range open {
		if t.Now.Before(b.DisposeAfter) {
			kept = append(kept, b)
		} else {
			due = append(due, b)
		}
	}
	hours := t.School.Settings.RetentionHours
	// Batches are numbered within their day, so batches of different days
	// share numbers. A canteen disposes of each batch when it falls due, and
	// 「已处理 1」 picks the one due among those numbered 1 (flows.ChooseItem);
	// a late record counts its hours from its meal (keptAt), so it does not
	// fall due with the next day's batch of its number. Only when two due
	// at once share a number would 「已处理 1」 be ambiguous: those are named
	// by their full reference here, and the reply asks which.
	if len(due) > 0 {
		lines := []string{"【待处理的留样】"}
		for _, b := range due {
			lines = append(lines, fmt.Sprintf("· %s，%s 已满 %d 小时［回复「已处理 %s」］", b.Label(), t.When(b.DisposeAfter), hours, disposeName(b, due)))
		}
		parts = append(parts, strings.Join(lines, "\n"))
	}
	if len(kept) > 0 && t.Staff.Has(flows.RoleCanteen) {
		lines := []string{fmt.Sprintf("【冷藏中的留样】（未满 %d 小时，请继续冷藏）", hours)}
		for _, b := range kept {
			lines = append(lines, fmt.Sprintf("· %s，%s 以后可以处理", b.Label(), t.When(b.DisposeAfter)))
		}
		parts = append(parts, strings.Join(lines, "\n"))
	}
	return strings.Join(parts, "\n\n"), nil
}

// editWords begin a correction of some dishes: 改菜品 米饭 160克.
var editWords = []string{"改菜品", "修改菜品", "改菜", "更正"}

// cutEditDishes returns what follows an edit word, and whether there was one.
func cutEditDishes(text string) (string, bool) {
	for _, w := range editWords {
		if r, ok := strings.CutPrefix(strings.TrimSpace(text), w); ok {
			return strings.TrimLeft(r, " :：,，"), true
		}
	}
	return "", false
}

// editDishes changes the dishes named in text (their weights, or adds
// them); the others are kept.
func (f SampleFlow) editDishes(t *flows.Turn, d *sampleDraft, text string) error {
	if name, ok := cutDelete(text); ok {
		return f.deleteDish(t, d, name)
	}
	return f.read(t, d, text)
}

// cutDelete reads the removal of a dish: 删除 菜名, 去掉X, X不要了, 把X删了,
// X那行删了 (readDishEdit).
func cutDelete(text string) (string, bool) {
	e, ok := readDishEdit(text)
	if !ok || e.Kind != editRemove {
		return "", false
	}
	return e.From, true
}

var (
	// quotedNameRE is a name the cook quotes back: “现在”, 「现在」.
	quotedNameRE = rx.MustCompile(`[“「"‘]([^”」"’]{1,12})[”」"’]`)
	// doubtedNameRE is a clause that doubts a dish listed is one, after
	// its name: 现在是啥子菜, 现在不是菜, 现在哪来的.
	doubtedNameRE = rx.MustCompile(`^(.{1,12}?)(?:是啥子?菜?|是什么菜?|是个啥|不是菜|哪来的|哪儿来的|哪里来的)`)
	// noSuchDishRE is a clause that says there is no such dish, with its
	// name (user test 16: 没有只有这个菜): 没得现在这个菜, 哪有豆花这道菜.
	noSuchDishRE = rx.MustCompile(`^(?:没有|没得|没|哪有|哪来的?)(.{1,12}?)(?:这个|这道|这样|这种)菜`)
	// removalVerbRE is a removal said in a message: 删了, 删掉吧.
	removalVerbRE = rx.MustCompile(`(?:删了|删掉|删除|删去|去掉|拿掉|划掉|不要了)(?:吧|啊|哈|呀|嘛|噻)?`)
	// removalEndRE is a removal said at the end of a remark, with no dish
	// after it: 删了, 删掉吧, 去掉, 不要了.
	removalEndRE = rx.MustCompile(`(?:删了|删掉|删除|删去|去掉|拿掉|划掉|不要了)(?:吧|啊|哈|呀|嘛|噻)?[\s。.！!～~]*$`)
)

// remarkedRemoval reads the removal of a dish listed said after a remark
// that it is none (the fifteenth user test: “现在”是啥子菜哦，没得这个菜，
// 删了): the one dish listed that is quoted, or whose name begins a
// clause doubting it (doubtedNameRE), when the message ends with a
// removal. ok is false otherwise.
func remarkedRemoval(items []SampleItem, text string) (string, bool) {
	s := strings.TrimSpace(text)
	if !removalEndRE.MatchString(s) {
		return "", false
	}
	var said []string
	for _, m := range quotedNameRE.FindAllStringSubmatch(s, -1) {
		said = append(said, m[1])
	}
	if len(said) == 0 {
		for _, c := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(" ，,。；;！!？?", r) }) {
			if m := doubtedNameRE.FindStringSubmatch(c); m != nil {
				said = append(said, m[1])
			} else if m := noSuchDishRE.FindStringSubmatch(c); m != nil {
				said = append(said, m[1])
			}
		}
	}
	found := ""
	for _, name := range said {
		i := slices.IndexFunc(items, func(it SampleItem) bool { return it.Dish == strings.TrimSpace(name) })
		if i < 0 {
			continue
		}
		if found != "" && found != items[i].Dish {
			return "", false // two dishes: which
		}
		found = items[i].Dish
	}
	return found, found != ""
}

// removalThenWeight reads a removal of a dish listed said after a remark
// that it is none, then a weight said of another (user test 16: 搞错了
// 没有只有这个菜 把那行删了 麻婆豆腐是140 only set the weight): the dish to
// remove, and the index and weight of the other. ok is false otherwise.
func removalThenWeight(items []SampleItem, text string) (name string, i, grams int, ok bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	locs := removalVerbRE.FindAllStringIndex(s, -1)
	if len(locs) == 0 {
		return "", 0, 0, false
	}
	end := locs[len(locs)-1][1]
	rest := strings.TrimLeft(s[end:], " ，,。；;！!")
	if rest == "" {
		return "", 0, 0, false
	}
	name, ok = remarkedRemoval(items, s[:end])
	if !ok {
		return "", 0, 0, false
	}
	kept := slices.DeleteFunc(slices.Clone(items), func(it SampleItem) bool { return it.Dish == name })
	k, g, ok := saidWeight(kept, cutSlip(rest))
	if !ok {
		return "", 0, 0, false
	}
	return name, slices.IndexFunc(items, func(it SampleItem) bool { return it.Dish == kept[k].Dish }), g, true
}

// deleteDish removes one dish from the draft, when it is there: the dish
// named, or the only one the name stands for (findDish).
func (f SampleFlow) deleteDish(t *flows.Turn, d *sampleDraft, name string) error {
	i := listedAs(d.Dishes, name, nil)
	if i < 0 {
		var names []string
		for _, it := range d.Dishes {
			names = append(names, it.Dish)
		}
		t.Say(fmt.Sprintf("没有找到「%s」。现在记录的菜品是：%s。", flows.Clip(name, 20), strings.Join(names, "、")))
		return goTo(t, stateDishes, d)
	}
	name = d.Dishes[i].Dish
	d.Dishes = slices.Delete(d.Dishes, i, i+1)
	t.Say(fmt.Sprintf("已删除「%s」。", name))
	return f.next(t, d)
}

// notKeptStep reads, at the dishes or the read-back, the dishes said to
// be the only ones (keepOnly: 就两个饺子 别的没有), or a thing said not
// kept or a condiment (notKeptSaid: 醋和蒜是调料 不用留样的, 汤没留; or
// 去掉醋和蒜 with nothing so listed): the dish listed it names is taken
// off, and what is not listed is said to be left out. done is false for
// anything else.
func (f SampleFlow) notKeptStep(t *flows.Turn, d *sampleDraft) (done bool, err error) {
	if t.Msg.Button != "" || len(d.Dishes) == 0 {
		return false, nil
	}
	if keep, ok := keepOnly(d.Dishes, t.Text); ok {
		return true, f.keepDishes(t, d, keep)
	}
	what, ok := notKeptSaid(t.Text)
	if !ok {
		if name, del := cutDelete(t.Text); del && condimentOnly(name) && listedAs(d.Dishes, name, nil) < 0 {
			what, ok = name, true
		}
	}
	if !ok {
		return false, nil
	}
	if i := listedAs(d.Dishes, what, nil); i >= 0 {
		t.Say(fmt.Sprintf("好的，已删除「%s」。", d.Dishes[i].Dish))
		d.Dishes = slices.Delete(d.Dishes, i, i+1)
		return true, f.next(t, d)
	}
	t.Say(fmt.Sprintf("好的，「%s」不算留样菜品，本来就没有记进去。", what))
	return true, f.next(t, d)
}

// keepDishes keeps only the dishes at the indexes keep (keepOnly), taking
// the others off, and goes on.
func (f SampleFlow) keepDishes(t *flows.Turn, d *sampleDraft, keep []int) error {
	var kept, gone []string
	var items []SampleItem
	for i, it := range d.Dishes {
		if slices.Contains(keep, i) {
			kept = append(kept, it.Dish)
			items = append(items, it)
		} else {
			gone = append(gone, it.Dish)
		}
	}
	d.Dishes = items
	if len(gone) > 0 {
		t.Say(fmt.Sprintf("好的，只记「%s」，已删除「%s」。", strings.Join(kept, "」「"), strings.Join(gone, "」「")))
	} else {
		t.Say(fmt.Sprintf("好的，就记「%s」。", strings.Join(kept, "」「")))
	}
	return f.next(t, d)
}

// swapDish reads a dish listed changed for another, said with or without
// the reason after it: 鱼换成鸡腿吧 鱼没到货 makes 鱼 鸡腿, its weight kept
// (a weight said with the new name replaces it); the reason is the cook's
// explanation, not a dish. done is false when text is no such change of
// a dish listed.
func (f SampleFlow) swapDish(t *flows.Turn, d *sampleDraft) (done bool, err error) {
	if t.Msg.Button != "" || len(d.Dishes) == 0 {
		return false, nil
	}
	// The change, with why after it; or after a remark on the name (the
	// fourteenth user test: 菜名多了俩字 现在锅包肉改成锅包肉, 菜名不对 …),
	// which has no number and changes nothing itself.
	var e dishEdit
	i := -1
	already := false // the change made before: 炒豆芽改成炒土豆丝 128 with 炒土豆丝 listed
	chunks := strings.FieldsFunc(parse.Normalize(t.Text), func(r rune) bool { return strings.ContainsRune(" ，,。；;！!", r) })
	for k, c := range chunks {
		if x, ok := readDishEdit(c); ok && x.Kind == editSwap {
			if k+1 < len(chunks) && strings.ContainsFunc(chunks[k+1], isDigit) {
				// 炒豆芽改成炒土豆丝 128: the weight after the new name is its.
				if ds, errs := parse.ParseDishes(x.To + " " + chunks[k+1]); len(errs) == 0 && len(ds) == 1 && ds[0].HasWeight {
					x.To += " " + chunks[k+1]
				}
			}
			if i = listedAs(d.Dishes, x.From, nil); i >= 0 {
				e = x
			} else if ds, errs := parse.ParseDishes(x.To); len(errs) == 0 && len(ds) == 1 {
				if i = slices.IndexFunc(d.Dishes, func(it SampleItem) bool { return it.Dish == ds[0].Name }); i >= 0 {
					e, already = x, true
				}
			}
			break
		}
		if strings.ContainsFunc(c, isDigit) {
			break
		}
	}
	if i < 0 {
		return false, nil
	}
	to, grams := e.To, d.Dishes[i].Grams
	if ds, errs := parse.ParseDishes(e.To); len(errs) == 0 && len(ds) == 1 {
		to = ds[0].Name
		if ds[0].HasWeight {
			grams = ds[0].Grams
		}
	}
	if to == "" || grams > MaxSampleGrams {
		return false, nil
	}
	from, old := d.Dishes[i].Dish, d.Dishes[i].Grams
	d.Dishes[i] = SampleItem{Dish: to, Grams: grams}
	switch {
	case already && grams == old:
		t.Say(fmt.Sprintf("「%s」已经改为「%s」了，不用再改。", e.From, to))
	case already:
		t.Say(fmt.Sprintf("「%s」已经改为「%s」了；重量改为 %d 克。", e.From, to, grams))
	default:
		t.Say(fmt.Sprintf("好的，已把「%s」改为「%s」。", from, to))
	}
	return true, f.next(t, d)
}
