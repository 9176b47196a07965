package canteen

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Reading 陪餐 records back: 「今天中午陪餐是谁去的」「昨天有领导陪餐吗」
// 「这周陪餐记录」「这个月陪餐几次了」「上周五谁陪的餐」「最近陪餐有什么意见」.
//
// Who may read what: who ate with the students on which meal is no
// secret (schools post their 陪餐 rota and records on the notice board),
// so every member of the school's staff may ask it. The ratings and the
// notes are the leader's judgement of the canteen and may name people or
// problems still being followed up, so only the school's leaders, the
// 总务主任 and the canteen (mayReadAccompanyNotes) see them. Photos are
// never shown in chat.
//
// The period asked: a day (今天, 昨天, 前天, 上周五, 周三, 11月20日, 20号),
// optionally one meal of it (中午, 晚餐); a week (这周, 上周); a month (这个
// 月, 上个月); 最近 (the last seven days, today included). Nothing named
// means today, and when today has no record yet, the most recent day that
// has one: 「陪餐是谁去的」 at breakfast wants yesterday's, not a bare no.

// maxAccompanyLines is how many records one reply lists; a phone screen
// shows about ten lines, and the header and the "more" line take two.
const maxAccompanyLines = 8

// noteRunes is how much of a note a listed record shows.
const noteRunes = 24

// mayReadAccompanyNotes is who sees the ratings and notes of 陪餐.
func mayReadAccompanyNotes(s flows.Staff) bool {
	return s.Has(flows.RolePrincipal, flows.RoleLeader, flows.RoleHead, flows.RoleCanteen)
}

var (
	// accompanyToldRE tells of a meal eaten, or asks to log one: 我陪餐了,
	// 陪过餐了, 陪餐记录一下. Such a message is a record (AccompanyFlow).
	accompanyToldRE = rx.MustCompile(`陪(?:了)?餐(?:了|过了|完了|结束了)|陪过餐|陪完餐|记一下|记录一下|帮我记|登记|我要`)
	// accompanyReadRE asks for records without a question's ending: 这周陪餐
	// 记录, 这个月陪餐几次了, 最近陪餐有什么意见.
	accompanyReadRE = rx.MustCompile(`几次|多少次|次数|记录|情况|名单|汇总|统计|什么|意见|反馈|评价|查`)
	// accompanyCountRE asks how many: 几次, 多少次.
	accompanyCountRE = rx.MustCompile(`几次|多少次|次数|几回|多少回`)
	// accompanyNotesRE asks for the feedback: 有什么意见, 反馈, 评价.
	accompanyNotesRE = rx.MustCompile(`意见|反馈|评价|问题|建议|说了什么|怎么说`)
	// accompanyAnyRE is 陪餐 in the words of a question: 谁陪的餐, 陪了餐.
	accompanyAnyRE = rx.MustCompile(`陪餐|陪吃|陪的餐|陪了餐|陪过餐`)
)

// asksAccompanied reports whether text asks to read 陪餐 records, rather
// than tell of one (AccompanyFlow) or ask about something else.
func asksAccompanied(text string) bool {
	s := strings.TrimSpace(parse.Normalize(text))
	if !accompanyAnyRE.MatchString(s) || menuAskRE.MatchString(s) || sampleAskRE.MatchString(s) {
		return false
	}
	if isQuestion(s) {
		return true
	}
	return !accompanyToldRE.MatchString(s) && accompanyReadRE.MatchString(s)
}

// accompanyPeriod is the days a question about 陪餐 is about.
type accompanyPeriod struct {
	from, to time.Time // civil days, both included
	label    string    // 今天, 上周五（11月20日）, 这周, 这个月
	day      bool      // one day
	named    bool      // said in the question (else the default, today)
}

var (
	// weekdayAskRE is a day of a week: 上周五, 这周三, 星期一, 周日.
	weekdayAskRE = rx.MustCompile(`(上|这|本)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天])`)
	// dateAskRE is a date: 11月20日, 11月20号, 20号.
	dateAskRE = rx.MustCompile(`(?:(\d{1,2})月)?(\d{1,2})[日号]`)
	// lastWeekRE, thisWeekRE, lastMonthRE, thisMonthRE and recentRE are
	// the longer periods.
	lastWeekRE  = rx.MustCompile(`上(?:个)?(?:周|星期|礼拜)`)
	thisWeekRE  = rx.MustCompile(`(?:这|本)(?:个)?(?:周|星期|礼拜)`)
	lastMonthRE = rx.MustCompile(`上(?:个)?月`)
	thisMonthRE = rx.MustCompile(`(?:这|本)(?:个)?月`)
	recentRE    = rx.MustCompile(`最近|近期|近来|这几天|这些天`)
)

// readPeriod reads the period of a question asked on today (a civil day).
func readPeriod(s string, today time.Time) accompanyPeriod {
	one := func(d time.Time, label string) accompanyPeriod {
		return accompanyPeriod{from: d, to: d, label: label, day: true, named: true}
	}
	monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	if m := weekdayAskRE.FindStringSubmatch(s); m != nil {
		d := monday.AddDate(0, 0, weekdayIndex(m[2]))
		switch {
		case m[1] == "上":
			d = d.AddDate(0, 0, -7)
		case m[1] == "" && d.After(today):
			d = d.AddDate(0, 0, -7) // 周五 asked on a Monday: the last one
		}
		word := dayLabel(d, today)
		if word == "今天" || word == "昨天" {
			return one(d, word)
		}
		return one(d, fmt.Sprintf("%s%s（%d月%d日）", m[1], weekdayNames[d.Weekday()], d.Month(), d.Day()))
	}
	if m := dateAskRE.FindStringSubmatch(s); m != nil {
		day, _ := strconv.Atoi(m[2])
		month := int(today.Month())
		if m[1] != "" {
			month, _ = strconv.Atoi(m[1])
		}
		d := time.Date(today.Year(), time.Month(month), day, 0, 0, 0, 0, time.UTC)
		if d.Month() == time.Month(month) && day >= 1 { // not 2月30日
			if d.After(today) {
				if m[1] == "" {
					d = d.AddDate(0, -1, 0) // 25号 asked on the 3rd: last month's
				} else {
					d = d.AddDate(-1, 0, 0)
				}
			}
			return one(d, fmt.Sprintf("%d月%d日", d.Month(), d.Day()))
		}
	}
	if w := dayWordRE.FindString(s); w != "" {
		d := today.AddDate(0, 0, dayOffsets[w])
		return one(d, dayLabel(d, today))
	}
	switch {
	case lastWeekRE.MatchString(s):
		return accompanyPeriod{from: monday.AddDate(0, 0, -7), to: monday.AddDate(0, 0, -1), label: "上周", named: true}
	case thisWeekRE.MatchString(s):
		return accompanyPeriod{from: monday, to: today, label: "这周", named: true}
	case lastMonthRE.MatchString(s):
		first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
		return accompanyPeriod{from: first.AddDate(0, -1, 0), to: first.AddDate(0, 0, -1), label: "上个月", named: true}
	case thisMonthRE.MatchString(s):
		first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
		return accompanyPeriod{from: first, to: today, label: "这个月", named: true}
	case recentRE.MatchString(s):
		return accompanyPeriod{from: today.AddDate(0, 0, -6), to: today, label: "最近一周", named: true}
	}
	return accompanyPeriod{from: today, to: today, label: "今天", day: true}
}

// answerAccompanied answers a question about 陪餐 from the records (see
// the top of this file for who sees what and the periods).
func answerAccompanied(t *flows.Turn) error {
	s := strings.TrimSpace(parse.Normalize(t.Text))
	today := CivilDay(t.Now, t.School.Location())
	p := readPeriod(s, today)
	meal := ""
	for _, mw := range vocabFor(t).words {
		if strings.Contains(strings.ToLower(s), mw.word) {
			meal = mw.key
			break
		}
	}
	notes := mayReadAccompanyNotes(t.Staff)
	if accompanyNotesRE.MatchString(s) && !notes {
		t.Say("陪餐的意见和评分只对校领导、总务主任和食堂开放。哪天是哪位领导陪餐可以问我，比如「今天中午陪餐是谁去的」。")
		return nil
	}
	if p.day && p.from.After(today) {
		t.Say(p.label + "还没到，还没有陪餐记录。")
		return nil
	}
	rs, err := accompaniedOf(t, p, meal)
	if err != nil {
		return err
	}
	what := p.label + flows.MealLabel(meal)
	if len(rs) == 0 && !p.named {
		// Nothing today: the most recent day with a record instead.
		last, err := db(t).LastAccompaniedDay(t.Ctx, t.School.ID, today)
		switch {
		case errors.Is(err, flows.ErrNotFound):
			t.Say(noneYet(what, true) + "之前也没有陪餐记录。" + logHint(t))
			return nil
		case err != nil:
			return err
		}
		p = accompanyPeriod{from: last, to: last, label: dayLabel(last, today), day: true}
		if rs, err = accompaniedOf(t, p, meal); err != nil {
			return err
		}
		head := fmt.Sprintf("%s最近一次是%s：", noneYet(what, true), dayLabel(last, today)+"（"+weekdayNames[last.Weekday()]+"）")
		if len(rs) == 0 { // the latest day has records, but not of this meal
			head = noneYet(what, true) + logHint(t)
			t.Say(strings.TrimSpace(head))
			return nil
		}
		t.Say(listAccompanied(head, rs, p, p.day && meal != "", notes, false))
		return nil
	}
	if len(rs) == 0 {
		t.Say(noneYet(what, !p.to.Before(today)) + logHint(t))
		return nil
	}
	var head string
	switch {
	case accompanyCountRE.MatchString(s):
		head = fmt.Sprintf("%s%s陪餐 %d 次：", p.label, flows.MealLabel(meal), len(rs))
	case accompanyNotesRE.MatchString(s):
		return answerAccompanyNotes(t, what, rs, p)
	case p.day:
		head = what + "的陪餐："
	default:
		head = fmt.Sprintf("%s%s的陪餐记录，共 %d 次：", p.label, flows.MealLabel(meal), len(rs))
	}
	t.Say(listAccompanied(head, rs, p, p.day && meal != "", notes, false))
	return nil
}

// accompaniedOf loads the records of a period, of one meal when meal is set.
func accompaniedOf(t *flows.Turn, p accompanyPeriod, meal string) ([]AccompaniedMeal, error) {
	all, err := db(t).AccompaniedMeals(t.Ctx, t.School.ID, p.from, p.to)
	if err != nil || meal == "" {
		return all, err
	}
	var out []AccompaniedMeal
	for _, a := range all {
		if a.Meal == meal {
			out = append(out, a)
		}
	}
	return out, nil
}

// noneYet says there is no record: 今天午餐还没有领导陪餐记录。 of a period
// not over, 上周没有领导陪餐记录。 of one past.
func noneYet(what string, open bool) string {
	if open {
		return what + "还没有领导陪餐记录。"
	}
	return what + "没有领导陪餐记录。"
}

// logHint tells the one who may log 陪餐 how.
func logHint(t *flows.Turn) string {
	if (AccompanyFlow{}).Allowed(t.Staff) {
		return "陪餐后发送「陪餐」就能记录。"
	}
	return ""
}

// listAccompanied is head and a line for each record: the latest
// maxAccompanyLines of them, saying how many earlier ones are left out. A line names the
// record's day unless the period is one day, and its meal unless the
// question named one meal of one day (oneMeal); it shows the ratings and
// the note to those who may read them (notes), the note only (onlyNotes)
// when the feedback was asked.
func listAccompanied(head string, rs []AccompaniedMeal, p accompanyPeriod, oneMeal, notes, onlyNotes bool) string {
	lines := []string{head}
	if n := len(rs) - maxAccompanyLines; n > 0 {
		// The latest are what a phone screen is asked for.
		lines = append(lines, fmt.Sprintf("（只列出最近的 %d 次，更早的 %d 次没有列出。）", maxAccompanyLines, n))
		rs = rs[n:]
	}
	for _, a := range rs {
		line := "· "
		if !p.day {
			line += fmt.Sprintf("%d月%d日（%s）", a.Day.Month(), a.Day.Day(), weekdayNames[a.Day.Weekday()])
		}
		if !oneMeal {
			line += flows.MealLabel(a.Meal) + "："
		}
		line += a.StaffName
		if notes {
			if !onlyNotes {
				line += fmt.Sprintf("，口味 %d、份量 %d、卫生 %d", a.Taste, a.Portion, a.Hygiene)
			}
			if a.Note != "" {
				line += "；意见：" + shortNote(a.Note)
			}
			if a.Issue {
				line += "（已交总务主任跟进）"
			}
		}
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// answerAccompanyNotes lists the records of a period that have a note.
func answerAccompanyNotes(t *flows.Turn, what string, rs []AccompaniedMeal, p accompanyPeriod) error {
	var with []AccompaniedMeal
	for _, a := range rs {
		if a.Note != "" {
			with = append(with, a)
		}
	}
	if len(with) == 0 {
		t.Say(fmt.Sprintf("%s陪餐 %d 次，都没有提意见。", what, len(rs)))
		return nil
	}
	text := listAccompanied(fmt.Sprintf("%s陪餐 %d 次，其中 %d 次提了意见：", what, len(rs), len(with)), with, p, false, true, true)
	t.Say(text)
	return nil
}

// shortNote is a note cut for a list line.
func shortNote(note string) string {
	if s := flows.Clip(note, noteRunes); s != note {
		return s + "…"
	}
	return note
}
