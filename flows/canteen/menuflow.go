package canteen

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
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
var menuQuestionRE = regexp.MustCompile(`什么|啥|吗|？|\?|哪些|有没有`)

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
	if len(ms) == 0 {
		t.Say("没有看到菜名。请写出菜名，用顿号、逗号或空格分开，如「明天午餐：红烧肉、番茄炒蛋、清炒菜心、米饭」。")
		return goTo(t, orState(t.State(), stateMenuDishes), d)
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
	b.WriteString("\n要修改请直接重新发送这一餐的菜名。\n" + flows.Numbered(menuConfirmButtons))
	t.Say(b.String(), menuConfirmButtons...)
	return goTo(t, stateMenuConfirm, d)
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
		if strings.TrimSpace(rest) != "" {
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
	if !ok && t.Msg.Button == "" && (flows.IsAssent(t.Text) || flows.IsWord(t.Text, []string{"保存", "确认保存"})) {
		c, ok = string(choiceSave), true
	}
	if !ok {
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
