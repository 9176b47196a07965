package canteen

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// MenuFlow is 菜谱: canteen staff (or the 总务主任) enter the dishes of a
// meal by chat, for a day from today to MenuDaysAhead days on, as `houqin
// menu set` does from a sheet. One message may carry one meal
// (「明天午餐菜谱：红烧肉、番茄炒蛋、米饭」), a day's meals one per line, or a
// week's (「周一午餐：…」「周二午餐：…」). The menu is read back and saved on
// 确认保存; a meal entered again replaces what was set for it. 留样 then
// lists the meal's dishes and takes their weights in order, and 陪餐
// offers 「按菜单」.
//
// 「菜单」 on its own stays the engine's menu of what houqin can do, so the
// flow's words are 菜谱 and 食谱 (and 菜单 only with more after it:
// 「菜单：…」, 「明天午餐菜单：…」).
type MenuFlow struct{}

// MenuDaysAhead is how far ahead a menu may be entered: a month covers a
// canteen's weekly and monthly menus, and a date further on is more likely
// a slip (12.1 typed for 1.12) than a plan.
const MenuDaysAhead = 31

// menuMaxDishes is the most dishes one meal's menu takes.
const menuMaxDishes = 30

// Name implements Flow.
func (MenuFlow) Name() string { return "menu_entry" }

// Title implements Flow.
func (MenuFlow) Title() string { return "菜谱" }

// Triggers implements Flow.
func (MenuFlow) Triggers() []string {
	return []string{"菜谱", "食谱", "录菜谱", "录入菜谱", "录菜单", "录入菜单", "设置菜单", "菜单：", "菜单:"}
}

// Hint implements the engine's help text.
func (MenuFlow) Hint() string {
	return "可以一条消息写完，如「明天午餐菜谱：红烧肉、番茄炒蛋、米饭」"
}

// Allowed implements Flow: who may log 留样 may set the menu it follows.
func (MenuFlow) Allowed(s flows.Staff) bool { return s.Has(flows.RoleCanteen, flows.RoleHead) }

// menuMeal is one meal of a day in a menu draft.
type menuMeal struct {
	Day    string   `json:"day,omitempty"`  // 2006-01-02; "" until known
	Meal   string   `json:"meal,omitempty"` // meal key; "" until known
	Dishes []string `json:"dishes"`
	Old    []string `json:"old,omitempty"` // what the menu had for the meal, replaced on saving
}

type menuDraft struct {
	Meals []menuMeal `json:"meals,omitempty"`
	// Guessed is set when the menu named its meals but no day, and the
	// day was taken as the next serving of them (fillDay): the read-back
	// says so, and a day said alone corrects it.
	Guessed bool `json:"guessed,omitempty"`
}

// The states of 菜谱 (MenuFlow).
const (
	stateMenuDishes  state = "menu_dishes"  // the dishes wanted
	stateMenuDay     state = "menu_day"     // which day, for meals without one
	stateMenuMeal    state = "menu_meal"    // which meal, for dishes without one
	stateMenuConfirm state = "menu_confirm" // the read-back, waiting for 确认保存
)

const choiceSave choice = "save" // 菜谱: 确认保存

var (
	menuConfirmButtons = []flows.Button{button("确认保存", choiceSave), button("取消", choiceCancel)}
	menuDayButtons     = []flows.Button{button("今天", "today"), button("明天", "tomorrow")}
)

// menuMealButtons are the meals a school serves (its settings), or all four.
func menuMealButtons(t *flows.Turn) []flows.Button {
	var bs []flows.Button
	for _, k := range flows.MealKeys {
		if len(t.School.Settings.Meals) == 0 || slices.ContainsFunc(t.School.Settings.Meals, func(m flows.Meal) bool { return m.Key == k }) {
			bs = append(bs, button(flows.MealLabel(k), choice(k)))
		}
	}
	return bs
}

// Start implements Flow: 「菜谱」 alone shows the menus of today and
// tomorrow and asks for the dishes; with more, the menu is read.
func (f MenuFlow) Start(t *flows.Turn) error {
	text := flows.StripTrigger(strings.TrimSpace(t.Text), f.Triggers())
	today := CivilDay(t.Now, t.School.Location())
	if strings.TrimSpace(text) == "" {
		return f.show(t, today, today.AddDate(0, 0, 1))
	}
	if menuQuestionRE.MatchString(text) && !strings.ContainsAny(text, "、，,;；\n") {
		// 「明天午餐菜单是什么？」 asks; it does not set a dish called 什么.
		if day, _, ok := parseMenuDay(text, today); ok {
			return f.show(t, day)
		}
		return f.show(t, today, today.AddDate(0, 0, 1))
	}
	return f.read(t, &menuDraft{}, text)
}

// menuQuestionRE is a question about the menu rather than one.
var menuQuestionRE = rx.MustCompile(`什么|啥|吗|？|\?|哪些|有没有`)

// show lists the menus set for days and asks for dishes.
func (f MenuFlow) show(t *flows.Turn, days ...time.Time) error {
	today := CivilDay(t.Now, t.School.Location())
	var b strings.Builder
	var names []string
	for _, day := range days {
		names = append(names, strings.TrimSpace(menuDayLabel(day, today)))
		for _, bt := range menuMealButtons(t) {
			dishes, err := db(t).Menu(t.Ctx, t.School.ID, day, bt.Data)
			if errors.Is(err, flows.ErrNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "\n%s%s：%s", menuDayLabel(day, today), bt.Label, strings.Join(dishes, "、"))
		}
	}
	intro := strings.Join(names, "和") + "还没有录入菜谱。"
	if b.Len() > 0 {
		intro = "已录入的菜谱：" + b.String()
	}
	t.Say(intro + "\n请发送要录入的菜谱，如「明天午餐：红烧肉、番茄炒蛋、清炒菜心、米饭」；一天几餐可以一行一餐，也可以一次发一周的（「周一午餐：…」每行一餐）。不录入请回复「取消」。")
	return goTo(t, stateMenuDishes, menuDraft{})
}

// Step implements Flow.
func (f MenuFlow) Step(t *flows.Turn) error {
	var d menuDraft
	if err := t.Load(&d); err != nil {
		return err
	}
	if cancelSaid(t.Text) && t.Msg.Button == "" {
		return cancelledInside(t, "没有保存任何内容")
	}
	step, ok := menuSteps[state(t.State())]
	if !ok { // a state this version does not know: read the text as dishes
		return f.read(t, &d, t.Text)
	}
	return step(f, t, &d)
}

// menuStep handles a message in one state of 菜谱, as sampleStep.
type menuStep func(f MenuFlow, t *flows.Turn, d *menuDraft) error

// menuSteps is 菜谱's state table.
var menuSteps = map[state]menuStep{
	stateMenuDishes:  func(f MenuFlow, t *flows.Turn, d *menuDraft) error { return f.read(t, d, t.Text) },
	stateMenuDay:     MenuFlow.stepDay,
	stateMenuMeal:    MenuFlow.stepMeal,
	stateMenuConfirm: MenuFlow.stepConfirm,
}

// read reads menu text into the draft: meals it names replace the draft's,
// and dishes without a day or a meal take the draft's only day or meal.
func (f MenuFlow) read(t *flows.Turn, d *menuDraft, text string) error {
	today := CivilDay(t.Now, t.School.Location())
	text = flows.StripTrigger(strings.TrimSpace(text), f.Triggers()) // 「菜谱 …」 sent again
	ms, problem := readMenuText(text, today, vocabFor(t))
	if problem != "" {
		t.Say(problem)
		return goTo(t, orState(t.State(), stateMenuDishes), d)
	}
	if len(ms) == 0 || commandOnly(text) {
		// 好的, 中, 要得 before any menu was read: a yes, never a dish.
		t.Say("没有看到菜名。请写出菜名，用顿号、逗号或空格分开，如「明天午餐：红烧肉、番茄炒蛋、清炒菜心、米饭」。")
		return goTo(t, orState(t.State(), stateMenuDishes), d)
	}
	if sentenceDish(ms) != "" && len(d.Meals) > 0 && len(d.Meals[0].Dishes) > 0 {
		// 不对 宫保鸡丁后面那些是午饭的 (not read as a move): words about the
		// menu, never its dishes.
		ds := d.Meals[0].Dishes
		x, last := ds[0], ds[len(ds)-1]
		t.Say(fmt.Sprintf("抱歉，没看懂「%s」，菜谱没有改动。\n要改一个菜请说「%s换成…」「加一个…」「去掉%s」；要把后面几个菜改到另一餐，可以说「从%s开始是午饭」；也可以连餐次一起重新发送这一餐的菜名。\n%s",
			flows.Clip(strings.TrimSpace(text), 30), x, x, last, flows.Numbered(menuConfirmButtons)), menuConfirmButtons...)
		return goTo(t, stateMenuConfirm, d)
	}
	if len(d.Meals) == 1 && loneDish(ms, d.Meals[0]) {
		// 「对头」 or one character at the read-back of a meal: too little
		// to replace the whole meal with, so asked about, the menu kept.
		day, _ := time.Parse(time.DateOnly, d.Meals[0].Day)
		what := dayLabel(day, today) + flows.MealLabel(d.Meals[0].Meal)
		x, first := ms[0].Dishes[0], d.Meals[0].Dishes[0]
		t.Say(fmt.Sprintf("只收到「%s」一个词，菜谱没有改动。\n菜谱没问题请回复 1（确认保存）；要改一个菜请说「%s换成…」「加一个…」；要把%s整个换掉，请连餐次一起发送新的菜名，如「%s：%s」。\n%s",
			x, first, what, what, x, flows.Numbered(menuConfirmButtons)), menuConfirmButtons...)
		return goTo(t, stateMenuConfirm, d)
	}
	if len(d.Meals) == 1 { // a correction of the one meal read back
		for i := range ms {
			if ms[i].Day == "" {
				ms[i].Day = d.Meals[0].Day
			}
			if ms[i].Meal == "" {
				ms[i].Meal = d.Meals[0].Meal
			}
		}
	}
	d.Meals = mergeMenuMeals(d.Meals, ms)
	return f.next(t, d)
}

// loneDish reports whether ms, read at the read-back of the one meal m,
// is a single dish naming neither a day nor a meal that is too little to
// replace m with: one character (中, 嗯), or one word where m has several
// dishes. A cook who retypes a meal types its dishes, or names the meal.
func loneDish(ms []menuMeal, m menuMeal) bool {
	if len(ms) != 1 || ms[0].Day != "" || ms[0].Meal != "" || len(ms[0].Dishes) != 1 {
		return false
	}
	return utf8.RuneCountInString(ms[0].Dishes[0]) == 1 || len(m.Dishes) > 1
}

// orState is s, or def when s is the flow's first step ("").
func orState(s string, def state) state {
	if s == "" {
		return def
	}
	return state(s)
}

// next asks for a day or a meal still missing, or reads the menu back.
func (f MenuFlow) next(t *flows.Turn, d *menuDraft) error {
	today := CivilDay(t.Now, t.School.Location())
	if err := fillDay(t, d); err != nil {
		return err
	}
	if slices.ContainsFunc(d.Meals, func(m menuMeal) bool { return m.Day == "" }) {
		t.Say("这是哪一天的菜谱？\n"+flows.Numbered(menuDayButtons)+"\n也可以回复日期，如「12月1日」「周三」。", menuDayButtons...)
		return goTo(t, stateMenuDay, d)
	}
	if slices.ContainsFunc(d.Meals, func(m menuMeal) bool { return m.Meal == "" }) {
		bs := menuMealButtons(t)
		t.Say("这是哪一餐的菜谱？\n"+flows.Numbered(bs), bs...)
		return goTo(t, stateMenuMeal, d)
	}
	d.Meals = mergeMenuMeals(nil, d.Meals)
	var b strings.Builder
	b.WriteString("请核对菜谱：")
	for i := range d.Meals {
		m := &d.Meals[i]
		day, _ := time.Parse(time.DateOnly, m.Day)
		old, err := db(t).Menu(t.Ctx, t.School.ID, day, m.Meal)
		switch {
		case errors.Is(err, flows.ErrNotFound):
			m.Old = nil
		case err != nil:
			return err
		default:
			m.Old = old
		}
		fmt.Fprintf(&b, "\n%s%s：%s", menuDayLabel(day, today), flows.MealLabel(m.Meal), strings.Join(m.Dishes, "、"))
		if len(m.Old) > 0 && !slices.Equal(m.Old, m.Dishes) {
			fmt.Fprintf(&b, "\n  （替换原来的：%s）", strings.Join(m.Old, "、"))
		}
	}
	if d.Guessed {
		day, _ := time.Parse(time.DateOnly, d.Meals[0].Day)
		other := day.AddDate(0, 0, 1)
		if !day.Equal(today) {
			other = today
		}
		said := dayLabel(day, today)
		if strings.HasSuffix(said, "日") {
			said += "（" + weekdayNames[day.Weekday()] + "）"
		}
		fmt.Fprintf(&b, "\n没有说是哪一天，按%s记的；如果不是，请回复是哪一天，如「%s」或日期。", said, dayLabel(other, today))
	}
	x := d.Meals[0].Dishes[0]
	fmt.Fprintf(&b, "\n要修改可以直接说「%s换成…」「加一个…」「去掉%s」，也可以重新发送这一餐的菜名。\n%s", x, x, flows.Numbered(menuConfirmButtons))
	t.Say(b.String(), menuConfirmButtons...)
	return goTo(t, stateMenuConfirm, d)
}

// fillDay gives the meals of a menu that names its meals but no day
// (「中午吃 宫保鸡丁 …」, 「晚上 红烧鱼 米饭」) the day of the next serving of
// the first of them (nextServing), and marks the draft's day as guessed,
// so the read-back says which day it took. A canteen enters a menu ahead
// of its meal: in the morning 中午 is today's lunch, after lunch it is
// tomorrow's, and after dinner every meal is tomorrow's (or the next day
// the calendar serves it, after a Friday's dinner the Monday's). Dishes
// with neither a day nor a meal are asked about as before.
func fillDay(t *flows.Turn, d *menuDraft) error {
	first := ""
	for _, m := range d.Meals {
		if m.Day != "" {
			continue
		}
		if m.Meal == "" {
			return nil
		}
		if first == "" {
			first = m.Meal
		}
	}
	if first == "" {
		return nil
	}
	day, err := nextServing(t, first)
	if err != nil {
		return err
	}
	for i := range d.Meals {
		if d.Meals[i].Day == "" {
			d.Meals[i].Day = day.Format(time.DateOnly)
		}
	}
	d.Guessed = true
	return nil
}

// nextServing is the civil day of the next serving of a meal: today while
// today's has not ended (its end in the school's settings), else the
// first day of the coming week the calendar serves it; tomorrow when it
// serves it on none, and today for a meal the settings do not have.
func nextServing(t *flows.Turn, meal string) (time.Time, error) {
	loc := t.School.Location()
	today := CivilDay(t.Now, loc)
	meals := t.School.Settings.Meals
	i := slices.IndexFunc(meals, func(m flows.Meal) bool { return m.Key == meal })
	if i < 0 {
		return today, nil
	}
	if t.Now.Before(meals[i].Ends.On(t.Now, loc)) {
		return today, nil
	}
	const week = 7
	from := today.AddDate(0, 0, 1)
	cal, err := db(t).MealCalendar(t.Ctx, t.School.ID, from, from.AddDate(0, 0, week-1))
	if err != nil {
		return time.Time{}, err
	}
	for k := range week {
		if day := from.AddDate(0, 0, k); cal.On(day, meals).Serves(meal) {
			return day, nil
		}
	}
	return from, nil
}

// dayAloneRE is what may come around a day said alone to correct the
// read-back's: 是明天的, 明天的吧, 不对 是今天.
var (
	dayAloneLeadRE = rx.MustCompile(`^(?:不对|不是|错了|搞错了)?[\s，,。]*(?:是|改成|改为|应该是)?\s*`)
	dayAloneTailRE = rx.MustCompile(`(?:的|吧|呢|啊|哈|菜谱|[\s，,。.!！])*$`)
)

// redate moves the meals of a one-day draft to a day said alone at the
// read-back (「明天」「今儿的」「是12月2日的」), and reports whether text was
// such a day. Meals the day already has are replaced, as a meal entered
// again is.
func (f MenuFlow) redate(t *flows.Turn, d *menuDraft, text string) (bool, error) {
	s := dayAloneLeadRE.ReplaceAllString(strings.TrimSpace(parse.Normalize(text)), "")
	today := CivilDay(t.Now, t.School.Location())
	day, rest, ok := parseMenuDay(s, today)
	if !ok || dayAloneTailRE.ReplaceAllString(rest, "") != "" || len(d.Meals) == 0 {
		return false, nil
	}
	for _, m := range d.Meals[1:] {
		if m.Day != d.Meals[0].Day {
			return false, nil // several days: said again with their meals
		}
	}
	if p := menuDayProblem(day, today); p != "" {
		t.Say(p)
		return true, nil
	}
	said := fmt.Sprintf("好的，改为%s。", strings.TrimSpace(menuDayLabel(day, today)))
	if d.Meals[0].Day == day.Format(time.DateOnly) {
		said = fmt.Sprintf("好的，就是%s的。", strings.TrimSpace(menuDayLabel(day, today)))
	}
	for i := range d.Meals {
		d.Meals[i].Day = day.Format(time.DateOnly)
	}
	d.Guessed = false
	t.Say(said)
	return true, f.next(t, d)
}

// stepDay reads the day of the meals that have none.
func (f MenuFlow) stepDay(t *flows.Turn, d *menuDraft) error {
	today := CivilDay(t.Now, t.School.Location())
	var day time.Time
	if c, ok := t.Pick(menuDayButtons); ok {
		day = today
		if c == "tomorrow" {
			day = today.AddDate(0, 0, 1)
		}
	} else {
		var rest string
		day, rest, ok = parseMenuDay(strings.TrimSpace(t.Text), today)
		if !ok {
			// Dishes again, perhaps with their day: read them instead.
			if ms, problem := readMenuText(t.Text, today, vocabFor(t)); problem == "" && len(ms) > 0 {
				d.Meals = mergeMenuMeals(d.Meals, ms)
				return f.next(t, d)
			}
			t.Say("没看懂是哪一天。请回复 1（今天）、2（明天），或日期，如「12月1日」「周三」。", menuDayButtons...)
			return nil
		}
		rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(rest), "的"))
		if meal, _, after, said := vocabFor(t).leading(rest); said && dayAloneTailRE.ReplaceAllString(after, "") == "" {
			// 今天中午的: the meal of the dishes without one, too.
			for i := range d.Meals {
				if d.Meals[i].Meal == "" {
					d.Meals[i].Meal = meal
				}
			}
			rest = ""
		}
		if dayAloneTailRE.ReplaceAllString(rest, "") != "" {
			ms, problem := readMenuText(t.Text, today, vocabFor(t))
			if problem != "" {
				t.Say(problem)
				return nil
			}
			d.Meals = mergeMenuMeals(d.Meals, ms)
		}
	}
	if p := menuDayProblem(day, today); p != "" {
		t.Say(p)
		return nil
	}
	for i := range d.Meals {
		if d.Meals[i].Day == "" {
			d.Meals[i].Day = day.Format(time.DateOnly)
		}
	}
	return f.next(t, d)
}

// stepMeal reads the meal of the dishes that have none.
func (f MenuFlow) stepMeal(t *flows.Turn, d *menuDraft) error {
	bs := menuMealButtons(t)
	meal, ok := t.Pick(bs)
	if !ok {
		var rest string
		meal, _, rest, ok = vocabFor(t).leading(t.Text)
		if !ok || strings.TrimSpace(rest) != "" {
			t.Say("请回复是哪一餐：\n"+flows.Numbered(bs), bs...)
			return nil
		}
	}
	for i := range d.Meals {
		if d.Meals[i].Meal == "" {
			d.Meals[i].Meal = meal
		}
	}
	return f.next(t, d)
}

// stepConfirm saves the menu, or reads a correction.
func (f MenuFlow) stepConfirm(t *flows.Turn, d *menuDraft) error {
	c, ok := t.Pick(menuConfirmButtons)
	if !ok && t.Msg.Button == "" && (flows.IsAssent(t.Text) || commandOnly(t.Text)) {
		// 好的保存, 就这样吧 确认: saved, never a menu of one dish 「保存」.
		c, ok = string(choiceSave), true
	}
	if !ok {
		if t.Msg.Button == "" {
			if done, err := f.redate(t, d, t.Text); done {
				return err
			}
			if done, err := f.moveSaid(t, d, t.Text); done {
				return err // 从宫保鸡丁开始是午饭
			}
			if done, err := f.edit(t, d, t.Text); done {
				return err
			}
		}
		return f.read(t, d, t.Text)
	}
	if choice(c) == choiceCancel {
		t.Done()
		t.Say("已取消，菜谱没有改动。")
		return nil
	}
	t.Done()
	today := CivilDay(t.Now, t.School.Location())
	var lines []string
	for _, m := range d.Meals {
		day, _ := time.Parse(time.DateOnly, m.Day)
		if p := menuDayProblem(day, today); p != "" { // the read-back waited past midnight
			t.Say(p + "菜谱没有保存，请重新发送。")
			return nil
		}
		if _, err := db(t).SetMenu(t.Ctx, t.School.ID, day, m.Meal, m.Dishes, t.Now); err != nil {
			return err
		}
		lines = append(lines, menuDayLabel(day, today)+flows.MealLabel(m.Meal))
	}
	t.Say(fmt.Sprintf("菜谱已保存：%s。留样时会按菜谱列出菜名，按顺序回复重量即可；陪餐时可以回复「按菜单」。", strings.Join(lines, "、")))
	return nil
}

// edit makes a change of one dish said at the read-back (豆浆换成小米粥,
// 加一个咸鸭蛋, 咸鸭蛋不要了; 明天午餐的米饭换成馒头 for one meal of
// several) and reads the menu back again. done is false when text is no
// such change: it is then read as the menu again.
func (f MenuFlow) edit(t *flows.Turn, d *menuDraft, text string) (done bool, err error) {
	next := func() error { return f.next(t, d) }
	if len(d.Meals) == 1 {
		// 最后那个是酸菜粉丝汤，多了个字: a dish named by its place.
		m := &d.Meals[0]
		if i, name, ok := nthDishSaid(text, len(m.Dishes)); ok && !slices.Contains(m.Dishes, name) {
			t.Say(fmt.Sprintf("好的，第 %d 个菜「%s」改为「%s」。", i+1, m.Dishes[i], name))
			m.Dishes[i] = name
			return true, next()
		}
		// 豆芽写错了 是炒土豆丝: a dish said wrong, by part of its name.
		if i, name, ok := wrongDishSaid(m.Dishes, text); ok && !slices.Contains(m.Dishes, name) {
			t.Say(fmt.Sprintf("好的，「%s」改为「%s」。", m.Dishes[i], name))
			m.Dishes[i] = name
			return true, next()
		}
	}
	text = cutReason(text) // 冬瓜汤换成紫菜汤 冬瓜没送来: the change only
	parts := editParts(text)
	if len(parts) < 2 {
		return f.editOne(t, d, text, next)
	}
	for _, p := range parts {
		if _, ok := readDishEdit(p); !ok {
			return f.editOne(t, d, text, next) // not every part a change: read whole
		}
	}
	// 再加个豆浆 对了 咸鸭蛋换成茶叶蛋: each change in turn, the menu read
	// back once after the last (or not, when one had to be asked about).
	readBack := false
	for _, p := range parts {
		readBack = false
		ok, err := f.editOne(t, d, p, func() error { readBack = true; return nil })
		if err != nil || !ok {
			return ok, err
		}
		if !readBack {
			return true, nil // asked which meal, or refused: that first
		}
	}
	return true, next()
}

// editPartsRE separates the changes said in one message: 再加个豆浆 对了
// 咸鸭蛋换成茶叶蛋, 豆浆不要了，还有包子换成肉包.
var editPartsRE = rx.MustCompile(`[\s，,；;。]+(?:(?:对了|还有|另外|然后|再就是|再)[\s，,；;。]*)?`)

// editParts splits a message into the changes it may say, or one part.
func editParts(text string) []string {
	var out []string
	for _, p := range editPartsRE.Split(strings.TrimSpace(parse.Normalize(text)), -1) {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// reasonRE is why a dish was changed, said after the change: 因为…,
// 冬瓜没送来, 鸡肉没到货, 青菜不新鲜. It is the cook's explanation, no dish.
var reasonRE = rx.MustCompile(`^(?:因为|由于|原因是?|听说|说是)|没(?:有)?(?:送|到|来|货|买到|进货|采购)|缺货|断货|不新鲜|不好了|坏了|用完了?|卖完了?|没了|不够了?|涨价|太贵|(?:还)?没(?:有)?(?:送来|到货)`)

// cutReason takes the reason off a change said with it (冬瓜汤换成紫菜汤
// 冬瓜没送来, 炒青菜换成炒白菜 因为青菜不新鲜, 宫保鸡丁换成鱼香肉丝，鸡肉
// 没到货): the parts from the first that is a reason on are dropped, when a
// change comes before them. Text with no such reason is returned as it is.
func cutReason(text string) string {
	s := strings.TrimSpace(parse.Normalize(text))
	if i := strings.Index(s, "因为"); i > 0 {
		s = strings.TrimRight(s[:i], " ，,。；;") // 换成紫菜汤因为…: glued on
	} else if i := strings.Index(s, "由于"); i > 0 {
		s = strings.TrimRight(s[:i], " ，,。；;")
	}
	parts := editParts(s)
	for k := 1; k < len(parts); k++ {
		if reasonRE.MatchString(parts[k]) {
			if _, ok := readDishEdit(strings.Join(parts[:k], " ")); ok || k > 1 {
				return strings.Join(parts[:k], " ")
			}
		}
	}
	if len(parts) == 1 {
		return s
	}
	return text
}

// editOne makes one change (see edit); next reads the menu back.
func (f MenuFlow) editOne(t *flows.Turn, d *menuDraft, text string, next func() error) (done bool, err error) {
	// 明天午餐的米饭换成馒头: the meals named first are where the dish is.
	r := menuReader{today: CivilDay(t.Now, t.School.Location()), words: vocabFor(t)}
	s := cleanMenuLine(text)
	day, meal := "", ""
	if ds, rest, ok := r.days(s); ok && len(ds) == 1 {
		day, s = ds[0].Format(time.DateOnly), rest
	}
	if m, rest, ok := r.meal(s); ok {
		meal, s = m, rest
	}
	var in []int
	e, ok := readDishEdit(strings.TrimPrefix(strings.TrimSpace(s), "的"))
	if ok && (day != "" || meal != "") {
		for i, m := range d.Meals {
			if (day == "" || m.Day == day) && (meal == "" || m.Meal == meal) {
				in = append(in, i)
			}
		}
	} else {
		e, ok = readDishEdit(text)
		for i := range d.Meals {
			in = append(in, i)
		}
	}
	if !ok || len(d.Meals) == 0 {
		return false, nil
	}
	today := CivilDay(t.Now, t.School.Location())
	label := func(i int) string { // as a cook may type it: 明天午餐, 12月1日午餐
		day, _ := time.Parse(time.DateOnly, d.Meals[i].Day)
		return dayLabel(day, today) + flows.MealLabel(d.Meals[i].Meal)
	}
	tooLong := func(names ...string) bool {
		for _, n := range names {
			if utf8.RuneCountInString(n) > 30 {
				t.Say(fmt.Sprintf("「%s」太长了：一个菜名最多 30 个字。", flows.Clip(n, 30)))
				return true
			}
		}
		return false
	}
	names := func(s string) []string { // 小米粥、油条: each
		if ns := menuDishNames(s, false); len(ns) > 0 {
			return ns
		}
		return []string{s}
	}
	if e.Kind == editAdd {
		if len(in) != 1 {
			t.Say(fmt.Sprintf("要加到哪一餐？请连这一餐一起说，如「%s加一个%s」。", label(0), e.To))
			return true, nil
		}
		m := &d.Meals[in[0]]
		news := slices.DeleteFunc(names(e.To), func(n string) bool { return slices.Contains(m.Dishes, n) })
		switch {
		case len(news) == 0:
			t.Say(fmt.Sprintf("「%s」已经在%s的菜谱里了。", e.To, label(in[0])))
			return true, next()
		case tooLong(news...):
			return true, nil
		case len(m.Dishes)+len(news) > menuMaxDishes:
			t.Say(fmt.Sprintf("一餐最多 %d 个菜，%s已经有 %d 个了。", menuMaxDishes, label(in[0]), len(m.Dishes)))
			return true, nil
		}
		m.Dishes = append(m.Dishes, news...)
		t.Say(fmt.Sprintf("好的，加上了「%s」。", strings.Join(news, "、")))
		return true, next()
	}
	has := d.holding(in, e.From)
	switch {
	case len(has) == 0:
		t.Say(fmt.Sprintf("菜谱里没有「%s」，没有改动。", flows.Clip(e.From, 20)))
		return true, next()
	case len(has) > 1:
		var where []string
		for _, i := range has {
			where = append(where, label(i))
		}
		ex := where[0] + "的" + e.From + "换成" + e.To
		if e.Kind == editRemove {
			ex = where[0] + "去掉" + e.From
		}
		t.Say(fmt.Sprintf("「%s」在%s里都有。请连这一餐一起说，如「%s」。", e.From, strings.Join(where, "和"), ex))
		return true, nil
	}
	m := &d.Meals[has[0]]
	j := findDish(m.Dishes, e.From)
	old := m.Dishes[j]
	if e.Kind == editRemove {
		if len(m.Dishes) == 1 {
			t.Say(fmt.Sprintf("「%s」是这一餐唯一的菜，去掉就没有菜了。要换成别的菜，请说「%s换成…」；不录入了请回复「取消」。", old, old))
			return true, nil
		}
		m.Dishes = slices.Delete(m.Dishes, j, j+1)
		t.Say(fmt.Sprintf("好的，去掉了「%s」。", old))
		return true, next()
	}
	news := slices.DeleteFunc(names(e.To), func(n string) bool { return n != old && slices.Contains(m.Dishes, n) })
	if tooLong(news...) {
		return true, nil
	}
	if len(m.Dishes)-1+len(news) > menuMaxDishes {
		t.Say(fmt.Sprintf("一餐最多 %d 个菜，换了以后%s会有 %d 个。", menuMaxDishes, label(has[0]), len(m.Dishes)-1+len(news)))
		return true, nil
	}
	m.Dishes = slices.Replace(m.Dishes, j, j+1, news...)
	t.Say(fmt.Sprintf("好的，「%s」换成了「%s」。", old, strings.Join(news, "、")))
	return true, next()
}

// holding lists the meals among in whose dishes include the one named.
func (d *menuDraft) holding(in []int, name string) []int {
	var out []int
	for _, i := range in {
		if findDish(d.Meals[i].Dishes, name) >= 0 {
			out = append(out, i)
		}
	}
	return out
}

// mergeMenuMeals adds ms to ms0: a meal of a day already there takes the
// new dishes (the later message is the correction).
func mergeMenuMeals(ms0, ms []menuMeal) []menuMeal {
	out := slices.Clone(ms0)
	for _, m := range ms {
		i := slices.IndexFunc(out, func(o menuMeal) bool { return o.Day == m.Day && o.Meal == m.Meal })
		if i >= 0 && m.Day != "" && m.Meal != "" {
			out[i].Dishes = m.Dishes
			continue
		}
		out = append(out, m)
	}
	slices.SortStableFunc(out, func(a, b menuMeal) int {
		if a.Day != b.Day {
			return strings.Compare(a.Day, b.Day)
		}
		return slices.Index(flows.MealKeys, a.Meal) - slices.Index(flows.MealKeys, b.Meal)
	})
	return out
}

// menuDayProblem is what is wrong with a menu's day: in the past, or too far ahead.
func menuDayProblem(day, today time.Time) string {
	switch {
	case day.Before(today):
		return fmt.Sprintf("%d月%d日已经过去了，菜谱只能录入今天及以后的。", day.Month(), day.Day())
	case day.After(today.AddDate(0, 0, MenuDaysAhead)):
		return fmt.Sprintf("%d月%d日太远了：菜谱最多提前 %d 天录入。请检查日期是否写对。", day.Month(), day.Day(), MenuDaysAhead)
	}
	return ""
}

// menuDayLabel names a day in a read-back: 今天（11月30日 周一）.
func menuDayLabel(day, today time.Time) string {
	date := fmt.Sprintf("%d月%d日 %s", day.Month(), day.Day(), weekdayNames[day.Weekday()])
	switch int(day.Sub(today).Hours() / 24) {
	case 0:
		return "今天（" + date + "）"
	case 1:
		return "明天（" + date + "）"
	case 2:
		return "后天（" + date + "）"
	}
	return date + " "
}

var weekdayNames = [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}
