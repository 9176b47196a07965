package canteen

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Moving dishes to another meal at the read-back. The eighteenth user
// test's 钱阿姨 sent two meals' dishes under one meal and corrected it in
// words: 「不对 宫保鸡丁后面那些是午饭的 早饭就包子豆浆茶叶蛋」. The dishes from
// one on (从宫保鸡丁开始是午饭, 宫保鸡丁以后是午饭) or after it (宫保鸡丁后面
// 那些是午饭的) go to the meal said, on the same day; the meal said to keep
// only some (早饭就包子豆浆茶叶蛋) says where the cut is when it is said too.

var (
	// moveFromRE is the first dish that moves, or the one after which they
	// move, and the meal they move to: 从宫保鸡丁开始是午饭, 宫保鸡丁后面那些是
	// 午饭的, 宫保鸡丁及以后的都是午餐, 宫保鸡丁往后放到晚饭.
	moveFromRE = rx.MustCompile(`(?:从)?([^\s，,。；;、]{1,12}?)(开始|起|及以后|和后面|及后面|以后|之后|后面|往后|以下)(?:的|那些|那几个|这些|这几个|几个|几样|菜)*(?:都|全|全部)?(?:是|算|归|放|放到|放在|改成|改到|改为|挪到|移到|换到|算到)?` + mealWordsRE + `(?:的)?`)
	// moveKeepRE is a meal said with the only dishes it keeps: 早饭就包子豆浆
	// 茶叶蛋, 早餐只有肉包子、豆浆、茶叶蛋.
	moveKeepRE = rx.MustCompile(mealWordsRE + `(?:的)?(?:就是|只有|只是|就|只要|只|是)\s*[:：]?\s*([^，,。；;]+)`)
	// moveLeadRE is what a correction begins with that says no more than
	// that something is wrong: 不对, 搞错了.
	moveLeadRE = rx.MustCompile(`^(?:不对|不是|错了|搞错了|弄错了|写错了|发错了)+[\s，,。!！]*`)
)

// moveSaid moves dishes of the draft to another meal as text says
// (see above) and reads the menu back, reporting whether text said such
// a move.
func (f MenuFlow) moveSaid(t *flows.Turn, d *menuDraft, text string) (bool, error) {
	s := moveLeadRE.ReplaceAllString(strings.TrimSpace(parse.Normalize(text)), "")
	m := moveFromRE.FindStringSubmatchIndex(s)
	if m == nil {
		return false, nil
	}
	words := vocabFor(t)
	from := s[m[2]:m[3]]
	inclusive := !slices.Contains([]string{"后面", "之后", "以后", "往后", "以下"}, s[m[4]:m[5]]) || strings.HasPrefix(s[m[0]:], "从")
	to, ok := words.parse(mealWordRE.FindString(s[m[0]:m[1]]))
	if !ok {
		return false, nil
	}
	src, at := -1, -1
	for i, meal := range d.Meals {
		if k := findDish(meal.Dishes, from); k >= 0 {
			if src >= 0 {
				return false, nil // the dish is in two meals: which is not said
			}
			src, at = i, k
		}
	}
	if src < 0 {
		return false, nil
	}
	rest := s[:m[0]] + " " + s[m[1]:]
	if d.Meals[src].Meal == to {
		return f.movedAlready(t, d, src, from, rest)
	}
	cut := at
	if !inclusive {
		cut = at + 1
	}
	if k := moveKeepRE.FindStringSubmatch(rest); k != nil {
		if meal, ok := words.parse(mealWordRE.FindString(k[0])); ok && meal == d.Meals[src].Meal {
			if n := keptUpTo(d.Meals[src].Dishes, k[1]); n > 0 {
				cut = n // 早饭就包子豆浆茶叶蛋: the last of these is the last kept
			}
		}
	}
	moved := slices.Clone(d.Meals[src].Dishes[cut:])
	if len(moved) == 0 || cut == 0 {
		return false, nil // all or nothing would move: not a move
	}
	d.Meals[src].Dishes = slices.Clone(d.Meals[src].Dishes[:cut])
	day := d.Meals[src].Day
	j := slices.IndexFunc(d.Meals, func(o menuMeal) bool { return o.Day == day && o.Meal == to })
	if j < 0 {
		d.Meals = append(d.Meals, menuMeal{Day: day, Meal: to})
		j = len(d.Meals) - 1
	}
	for _, n := range moved {
		if !slices.Contains(d.Meals[j].Dishes, n) {
			d.Meals[j].Dishes = append(d.Meals[j].Dishes, n)
		}
	}
	date, _ := time.Parse(time.DateOnly, day)
	t.Say(fmt.Sprintf("好的，「%s」改为%s%s的菜。", strings.Join(moved, "、"), dayLabel(date, CivilDay(t.Now, t.School.Location())), flows.MealLabel(to)))
	return true, f.next(t, d)
}

// movedAlready answers a move the draft already has: the dish said is in
// the meal it would move to (the two meals were read apart already), and
// the meal said to keep only some, when said, keeps just those. done is
// false when the words disagree with the draft.
func (f MenuFlow) movedAlready(t *flows.Turn, d *menuDraft, src int, from, rest string) (bool, error) {
	words := vocabFor(t)
	meal := d.Meals[src]
	if k := moveKeepRE.FindStringSubmatch(rest); k != nil {
		said, ok := words.parse(mealWordRE.FindString(k[0]))
		j := slices.IndexFunc(d.Meals, func(o menuMeal) bool { return o.Day == meal.Day && o.Meal == said })
		if !ok || j < 0 || j == src || keptUpTo(d.Meals[j].Dishes, k[1]) != len(d.Meals[j].Dishes) {
			return false, nil
		}
	}
	date, _ := time.Parse(time.DateOnly, meal.Day)
	name := meal.Dishes[findDish(meal.Dishes, from)]
	t.Say(fmt.Sprintf("菜谱里已经是这样分的了：「%s」和后面的菜都在%s%s，不用再改。", name, dayLabel(date, CivilDay(t.Now, t.School.Location())), flows.MealLabel(meal.Meal)))
	return true, f.next(t, d)
}

// keptUpTo is how many of dishes, from the first, said names: up to the
// last of them it names, whole or by its end (包子 for 肉包子), typed
// with or without separators (包子豆浆茶叶蛋). It is 0 when said names none.
func keptUpTo(dishes []string, said string) int {
	said = strings.Join(strings.Fields(said), "")
	n := 0
	for i, d := range dishes {
		r := []rune(d)
		for k := 0; k+2 <= len(r); k++ { // 肉包子, 包子
			if strings.Contains(said, string(r[k:])) {
				n = i + 1
				break
			}
		}
	}
	return n
}

// sentenceRE is what a menu's dish never says: words about the menu
// (不对, 那些, 后面) rather than a dish in it.
var sentenceRE = rx.MustCompile(`不对|不是|错了|那些|这些|那几个|这几个|后面|前面|开始|以后|之后|应该|的话`)

// sentenceDish is the first dish read from ms that is a sentence about
// the menu rather than a dish (宫保鸡丁后面那些是午饭的), or "".
func sentenceDish(ms []menuMeal) string {
	for _, m := range ms {
		for _, n := range m.Dishes {
			if sentenceRE.MatchString(n) {
				return n
			}
		}
	}
	return ""
}
