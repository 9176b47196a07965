package canteen

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Reading a menu as canteen staff send it: typed in a hurry or dictated,
// one meal or a day's or a week's, pasted from a sheet or a notice. See
// testdata/corpus/menus for what it is measured on.

// Accepts implements Acceptor: a message whose first line says it is a
// menu (菜谱 or 食谱 anywhere, 菜单 after a day or a meal), or, from
// canteen staff, that begins with a day or a meal and goes on with dishes
// and nothing a sample record has (weights, a temperature, 留样) nor a
// notice (停水, 放假 …).
func (f MenuFlow) Accepts(t *flows.Turn) bool {
	if isQuestion(t.Text) {
		return false // 明天吃什么: answered by Questions, nothing to enter
	}
	text := strings.TrimSpace(t.Text)
	first, _, _ := strings.Cut(text, "\n")
	first = cleanMenuLine(first)
	today := CivilDay(t.Now, t.School.Location())
	r := menuReader{today: today, words: vocabFor(t)}
	lead := r.leadsWithDayOrMeal(first)
	if menuNamedRE.MatchString(first) || lead && menuAfterRE.MatchString(first) {
		return true // a question about the menu is answered by Start
	}
	if !lead || !t.Staff.Has(flows.RoleCanteen) || r.words.sampleLike.MatchString(text) || menuNoticeRE.MatchString(text) {
		return false // the 总务主任 says 菜谱: their words are about much else
	}
	if gramsRE.MatchString(text) {
		return false // 明天午餐 红烧肉 130g: weights are a sample's
	}
	ms, problem := r.read(text)
	return len(ms) > 0 || problem != ""
}

var (
	// menuNamedRE names a message a menu wherever it says so.
	menuNamedRE = rx.MustCompile(`菜谱|食谱`)
	// menuAfterRE is 菜单 after a day or a meal: 明天午餐菜单, 周五的菜单.
	menuAfterRE = rx.MustCompile(`^\S{0,12}?菜单`)
	// gramsRE is a weight with its unit.
	gramsRE = rx.MustCompile(`\d\s*(?:g|G|克|千克|kg|KG|公斤)`)
	// menuNoticeRE is a notice about meals, not a menu: 明天中午停水.
	// A remark about a meal is not one either: 今天的红烧肉有家长说太咸了.
	menuNoticeRE = rx.MustCompile(`停水|停电|放假|通知|不供应|不开餐|暂停|取消|说|反映|投诉|意见|建议|太咸|太淡|太辣|难吃|不好吃|下次`)
)

// menuReader reads the lines of a menu message.
type menuReader struct {
	today  time.Time
	words  *vocab
	anchor time.Time // a heading's date: the bare weekdays below are that week's
	week   string    // a heading's 下 or 本 (下周食谱): the bare weekdays below are that week's
}

// readMenuText reads a menu (see menuReader.read).
func readMenuText(text string, today time.Time, words *vocab) ([]menuMeal, string) {
	r := menuReader{today: today, words: words}
	return r.read(text)
}

// read reads a menu: lines that name a day (or several: 明天和后天, 本周四周五)
// and a meal, either of which may carry over from the lines before or from
// a heading (下周午餐菜谱, 【第14周食谱】（11月30日—12月4日）), followed by
// dishes on the same line or on the lines below, one or several per line.
// It returns a polite problem instead when a day is out of range, a dish
// name too long, or a meal has too many dishes.
func (r *menuReader) read(text string) ([]menuMeal, string) {
	var out []menuMeal
	var days []string
	meal, headMeal := "", ""
	var cur []int
	var lines []string
	for _, raw := range strings.Split(strings.TrimSpace(text), "\n") {
		lines = append(lines, r.splitMeals(cleanMenuLine(raw))...) // 早饭 包子 午饭 米饭: two meals
	}
	for _, raw := range lines {
		line, numbered := cutListNumber(cleanMenuLine(raw))
		if line == "" {
			continue
		}
		line, _ = cutMenuWord(line) // 带量食谱 12月1日午餐
		newHead, hasDay := false, false
		if w := weekHeaderRE.FindString(line); w != "" && !weekDayRE.MatchString(line) {
			// 下周食谱, 下周午餐菜谱: the weekdays below are next week's.
			r.week, line, newHead = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(w, "星期"), "周"), "礼拜"), strings.TrimSpace(line[len(w):]), true
		}
		if ds, rest, ok := r.days(line); ok {
			for _, d := range ds {
				if p := menuDayProblem(d, r.today); p != "" {
					return nil, p
				}
			}
			days = days[:0]
			for _, d := range ds {
				days = append(days, d.Format(time.DateOnly))
			}
			line, meal, newHead, hasDay = strings.TrimPrefix(strings.TrimSpace(rest), "的"), headMeal, true, true
		}
		if m, rest, ok := r.meal(line); ok {
			meal, line, newHead = m, rest, true
		}
		line = cutLeadIn(line)
		if !newHead && menuNamedRE.MatchString(line) {
			// A heading with no day or meal of its own: its date, if any,
			// places the weekdays below; its meal, if any, is theirs.
			if m := dateAnyRE.FindStringSubmatch(line); m != nil {
				if d, ok := r.date(m); ok {
					r.anchor = d
				}
			}
			continue
		}
		names := menuDishNames(line, numbered)
		if newHead {
			cur = nil
			if len(names) == 0 && meal != "" && (hasDay || r.week != "") {
				headMeal = meal // 本周四周五晚餐, 下周午餐菜谱: the meal of the days below
			}
		}
		if len(names) == 0 {
			continue
		}
		if cur == nil {
			ds := days
			if len(ds) == 0 {
				ds = []string{""}
			}
			for _, d := range ds {
				out = append(out, menuMeal{Day: d, Meal: meal})
				cur = append(cur, len(out)-1)
			}
		}
		for _, i := range cur {
			for _, n := range names {
				if !slices.Contains(out[i].Dishes, n) {
					out[i].Dishes = append(out[i].Dishes, n)
				}
			}
		}
	}
	for _, m := range out {
		for _, n := range m.Dishes {
			if utf8.RuneCountInString(n) > 30 {
				return nil, fmt.Sprintf("「%s」太长了：一个菜名最多 30 个字。请用顿号或逗号把菜名分开再发送。", flows.Clip(n, 30))
			}
		}
		if len(m.Dishes) > menuMaxDishes {
			return nil, fmt.Sprintf("一餐最多 %d 个菜，这一餐有 %d 个。请检查后重新发送。", menuMaxDishes, len(m.Dishes))
		}
	}
	return out, ""
}

// leadsWithDayOrMeal reports whether s begins with a day or a meal.
func (r *menuReader) leadsWithDayOrMeal(s string) bool {
	s, _ = cutMenuWord(s)
	if weekHeaderRE.MatchString(s) {
		return true
	}
	if _, _, ok := r.days(s); ok {
		return true
	}
	_, _, ok := r.meal(s)
	return ok
}

// days reads one day or several at the start of s: 明天, 明天和后天,
// 本周四周五, 12月1日、2日.
func (r *menuReader) days(s string) ([]time.Time, string, bool) {
	d, rest, ok := r.day(s)
	if !ok {
		return nil, s, false
	}
	out := []time.Time{d}
	prefix := ""
	if m := weekDayRE.FindStringSubmatch(s); m != nil {
		prefix = m[1] // 本周四周五: the second is this week's too
	}
	for {
		next := strings.TrimLeft(rest, "和跟及、，, ")
		if prefix != "" && weekDayBareRE.MatchString(next) {
			next = prefix + next
		}
		d2, rest2, ok := r.day(next)
		if !ok || next == rest && !weekDayRE.MatchString(next) && !relDayRE.MatchString(next) {
			break // only a day right after, or after 和 or 、
		}
		out, rest = append(out, d2), rest2
	}
	return out, rest, true
}

// day reads a day at the start of s, a bare weekday in the week of a
// heading when there is one.
func (r *menuReader) day(s string) (time.Time, string, bool) {
	if r.week != "" && weekDayBareRE.MatchString(s) {
		s = r.week + s
	}
	if !r.anchor.IsZero() && weekDayBareRE.MatchString(s) {
		m := weekDayRE.FindStringSubmatch(s)
		monday := r.anchor.AddDate(0, 0, -((int(r.anchor.Weekday()) + 6) % 7))
		return monday.AddDate(0, 0, weekdayIndex(m[2])), s[len(m[0]):], true
	}
	return parseMenuDay(s, r.today)
}

// meal reads a meal at the start of s; a second one right after it is
// the one meant (明晚夜宵: 明天晚上 then 夜宵).
func (r *menuReader) meal(s string) (string, string, bool) {
	m, _, rest, ok := r.words.leading(s)
	if !ok {
		return "", s, false
	}
	if m2, _, rest2, ok := r.words.leading(rest); ok {
		return m2, rest2, true
	}
	return m, rest, true
}

// date is a heading's date: 11月30日, 2026年12月2日.
func (r *menuReader) date(m []string) (time.Time, bool) {
	s := m[2] + "月" + m[3] + "日"
	if m[1] != "" {
		s = m[1] + "年" + s
	}
	d, _, ok := parseMenuDay(s, r.today)
	return d, ok
}

var (
	// menuFillerRE is what a dictated or hurried message begins with that
	// says nothing of the menu.
	menuFillerRE = rx.MustCompile(`^(?:嗯+|呃|啊|那个|就是|然后|好的|刚才发错了|发错了|更正一下|更正|重新发一下|重发)[\s，,。、:：]*`)
	// menuSpokenDay spells a day said with its meal: 明晚, 今早.
	// So is a day said the northern way: 今儿, 今儿个, 明儿 (the longer
	// first: the first that fits at a place is the one replaced).
	menuSpokenDay = strings.NewReplacer("明晚", "明天晚上", "今晚", "今天晚上", "明早", "明天早上", "今早", "今天早上", "明中午", "明天中午",
		"今儿个", "今天", "今个儿", "今天", "今儿", "今天", "明儿个", "明天", "明个儿", "明天", "明儿", "明天",
		"后儿个", "后天", "后儿", "后天", "昨儿个", "昨天", "昨儿", "昨天")
	// listNumberRE begins an item of a list: 1、 2. ③.
	listNumberRE = rx.MustCompile(`^(?:\d{1,2}[、.．)）]|[①-⑳])\s*`)
	// menuWordRE is 菜单, 菜谱 or 食谱 where a line names what follows as a
	// menu, with the words around it people add (的, 是, 如下, a colon).
	menuWordRE = rx.MustCompile(`^的?(?:带量食谱|菜单|菜谱|食谱)(?:是|如下)?[\s:：,，]*`)
	// leadInRE is what comes between a meal and its dishes: 的菜是, 吃, 改一下：.
	leadInRE = rx.MustCompile(`^(?:的?菜(?:是|有)|的?饭菜(?:是|有)?|的?(?:带量食谱|菜单|菜谱|食谱)(?:是|有|如下)?|吃的是|吃|呢|就是|是|有|[^、，,：:\s]{1,6}[：:])[\s:：,，]*`)
	// dateAnyRE is a date in a heading: 11月30日, 2026年12月2日.
	dateAnyRE = rx.MustCompile(`(?:(\d{4})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?`)
	// dishLabelRE is a label before a dish: 主食：米饭, 汤是紫菜蛋汤.
	dishLabelRE = rx.MustCompile(`^(?:主食|主菜|副食|荤菜|素菜|配菜|小菜|凉菜|热菜|汤|水果|饮品|饮料|点心|甜品)(?:是|：|:)`)
	// portionRE is a portion after a dish: 苹果半个, 酸奶一盒.
	portionRE = rx.MustCompile(`(?:[一二两三四五六七八九十半]|\d+)(?:个|盒|份|块|片|杯|瓶|袋|根|只|碗|两|斤)$`)
	// bracketsRE is what a 带量食谱 puts in brackets: 土豆炖牛肉（牛肉60g 土豆50g）.
	bracketsRE = rx.MustCompile(`（[^）]*）|\([^)]*\)`)
	// kindOfDishRE is the kind of a dish said before its name: 个水果 (还有
	// 个水果 橘子), 一个汤, 一道小菜.
	kindOfDishRE = rx.MustCompile(`^(?:[一两]?个|一份|一道)?(?:水果|甜点|甜品|饮料|饮品|点心)$|^(?:[一两]?个|一份|一道)(?:汤|小菜|凉菜|素菜|荤菜)$`)
	// dishJoinRE joins dishes as speech does: 然后, 还有, 以及, 跟.
	dishJoinRE = rx.MustCompile(`然后|还有|以及|跟`)
	// measureLeadRE is the measure word speech puts before a dish after a
	// join (还有个酸菜粉丝汤: the fifteenth user test stored 「个酸菜粉丝汤」),
	// or 再加个 before it (再加一个酸奶); a count with it (两个鸡蛋) is the
	// portion's.
	measureLeadRE = rx.MustCompile(`^(?:再加上?|再来)?(?:一?个|一道|一份)(\p{Han}{2,})$`)
)

// cleanMenuLine takes off a line's fillers and brackets, and spells a day
// said with its meal (明晚) as a day and a meal.
func cleanMenuLine(s string) string {
	s = strings.TrimSpace(parse.Normalize(s))
	s = strings.NewReplacer("【", "", "】", "", "[", "", "]", "").Replace(s)
	for prev := ""; prev != s; {
		prev, s = s, strings.TrimSpace(menuFillerRE.ReplaceAllString(s, ""))
	}
	return menuSpokenDay.Replace(s)
}

// cutListNumber takes a list number (1、) off a line; 11.30 is a date.
func cutListNumber(s string) (string, bool) {
	if loc := listNumberRE.FindStringIndex(s); loc != nil && loc[1] < len(s) {
		if m := strings.TrimSpace(s[:loc[1]]); (strings.HasSuffix(m, ".") || strings.HasSuffix(m, "．")) && s[loc[1]] >= '0' && s[loc[1]] <= '9' {
			return s, false
		}
		return s[loc[1]:], true
	}
	return s, false
}

// cutMenuWord removes a leading 菜单, 菜谱 or 食谱 from s.
func cutMenuWord(s string) (string, bool) {
	loc := menuWordRE.FindStringIndex(s)
	if loc == nil {
		return s, false
	}
	return s[loc[1]:], true
}

// cutLeadIn removes what comes between a meal and its dishes.
func cutLeadIn(s string) string {
	s = strings.TrimSpace(strings.TrimLeft(s, ":：,， "))
	for i := 0; i < 4; i++ { // 呢就是，: a few at once
		n := len(leadInRE.FindString(s))
		if n == 0 {
			break
		}
		s = strings.TrimSpace(s[n:])
	}
	return s
}

// menuDishNames reads the dish names of a line: separated by 、，, ; + or
// spaces, or by 然后/还有/跟 as people say them; with any quantities (带量
// 食谱's 150g, 一盒, what it puts in brackets) and labels (主食：) left out.
// On a numbered line (1、土豆炖牛肉 牛肉60g) the words after the dish that
// carry a weight are what it is made of.
func menuDishNames(line string, numbered bool) []string {
	line = bracketsRE.ReplaceAllString(parse.Normalize(line), " ")
	line = dishJoinRE.ReplaceAllString(line, "、")
	var out []string
	items := strings.FieldsFunc(line, func(r rune) bool {
		return strings.ContainsRune("、，,;；/／|｜ \t。+＋", r)
	})
	for i, item := range items {
		if i+1 < len(items) && kindOfDishRE.MatchString(item) {
			continue // 还有个水果 橘子: the kind, then the dish
		}
		if len(out) > 0 && numbered && gramsRE.MatchString(item) {
			continue // 2、清炒菠菜 菠菜100g: what the dish is made of
		}
		if utf8.RuneCountInString(item) > 30 {
			out = append(out, item) // a sentence, not a dish: read says so
			continue
		}
		item = dishLabelRE.ReplaceAllString(item, "")
		item = measureLeadRE.ReplaceAllString(item, "$1")
		for _, name := range dishNames(item) {
			name = strings.Trim(name, "「」“”\"'（）()[]【】.．·•-：:")
			if n := portionRE.ReplaceAllString(name, ""); n != "" {
				name = n
			}
			if name != "" && !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
	}
	return out
}

var (
	relDayRE  = rx.MustCompile(`^(今天|今日|明天|明日|大后天|后天|昨天|昨日)`)
	weekDayRE = rx.MustCompile(`^(下下|下个?|本|这个?)?(?:周|星期|礼拜)([一二三四五六日天七1-7])`)
	dateRE    = rx.MustCompile(`^(?:(\d{4})\s*[年./-]\s*)?(\d{1,2})\s*(?:月|[./-])\s*(\d{1,2})\s*(?:日|号)?`)
	// dayOfMonthRE is a day of the month alone: 27号, 3日.
	dayOfMonthRE = rx.MustCompile(`^(\d{1,2})\s*(?:号|日)`)
	// notADayRE follows a number that is a place's, not a day's: 3号窗口, 2号楼.
	notADayRE = rx.MustCompile(`^(?:窗口|窗|楼|门|柜|房|室|桌|线|机|灶)`)
	// weekHeaderRE names a week, as a menu's heading: 下周菜谱, 本周食谱.
	weekHeaderRE  = rx.MustCompile(`^(?:下下|下个?|本|这个?)(?:周|星期|礼拜)`)
	weekDayBareRE = rx.MustCompile(`^(?:周|星期|礼拜)[一二三四五六日天七1-7]`)
	// dayNoteRE is a weekday written after a date: 12月1日（周二）.
	dayNoteRE = rx.MustCompile(`^\s*[（(]?\s*(?:周|星期|礼拜)[一二三四五六日天七1-7]\s*[)）]?`)
)

// weekdayIndex is a weekday's place from Monday (0) to Sunday (6).
func weekdayIndex(w string) int {
	switch w {
	case "日", "天", "七", "7":
		return 6
	}
	if w >= "1" && w <= "6" {
		return int(w[0] - '1')
	}
	return strings.Index("一二三四五六", w) / len("一")
}

// parseMenuDay reads a day at the start of s: 今天, 明天, 后天, 周三 (the
// coming one, today included), 下周一, 本周五, 12月1日, 12.1, 2026-12-01,
// 27号 (this month's, or next month's when it has passed). It returns the
// day and what follows it.
func parseMenuDay(s string, today time.Time) (time.Time, string, bool) {
	s = menuSpokenDay.Replace(strings.TrimSpace(parse.Normalize(s)))
	if m := relDayRE.FindStringSubmatch(s); m != nil {
		off := map[string]int{"今天": 0, "今日": 0, "明天": 1, "明日": 1, "后天": 2, "大后天": 3, "昨天": -1, "昨日": -1}[m[1]]
		return today.AddDate(0, 0, off), s[len(m[0]):], true
	}
	if m := weekDayRE.FindStringSubmatch(s); m != nil {
		// Days from today's Monday: Monday 0 … Sunday 6.
		monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
		day := monday.AddDate(0, 0, weekdayIndex(m[2]))
		switch {
		case strings.HasPrefix(m[1], "下下"):
			day = day.AddDate(0, 0, 14)
		case strings.HasPrefix(m[1], "下"):
			day = day.AddDate(0, 0, 7)
		case m[1] == "" && day.Before(today):
			day = day.AddDate(0, 0, 7) // 周一 said on a Wednesday: the coming Monday
		}
		return day, s[len(m[0]):], true
	}
	if m := dateRE.FindStringSubmatch(s); m != nil {
		mon, _ := strconv.Atoi(m[2])
		dd, _ := strconv.Atoi(m[3])
		year := today.Year()
		if m[1] != "" {
			year, _ = strconv.Atoi(m[1])
		}
		day := time.Date(year, time.Month(mon), dd, 0, 0, 0, 0, time.UTC)
		if mon < 1 || mon > 12 || dd < 1 || day.Day() != dd {
			return time.Time{}, s, false
		}
		if m[1] == "" && day.Before(today.AddDate(0, 0, -7)) {
			day = day.AddDate(1, 0, 0) // 1月5日 said in December: next January
		}
		rest := s[len(m[0]):]
		if n := dayNoteRE.FindStringIndex(rest); n != nil {
			rest = rest[n[1]:]
		}
		return day, rest, true
	}
	if m := dayOfMonthRE.FindStringSubmatch(s); m != nil && !notADayRE.MatchString(s[len(m[0]):]) {
		dd, _ := strconv.Atoi(m[1])
		day := time.Date(today.Year(), today.Month(), dd, 0, 0, 0, 0, time.UTC)
		if dd < 1 || day.Day() != dd {
			return time.Time{}, s, false
		}
		if day.Before(today.AddDate(0, 0, -7)) {
			day = day.AddDate(0, 1, 0) // 3号 said on the 28th: next month's
		}
		rest := s[len(m[0]):]
		if n := dayNoteRE.FindStringIndex(rest); n != nil {
			rest = rest[n[1]:]
		}
		return day, rest, true
	}
	return time.Time{}, s, false
}
