package main

// houqin school calendar set|closed|open|clear|list|import: the meal
// calendar (校历) the missing-sample alert and the digest follow
// (flows/canteen, Calendar).

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
	"github.com/houqin/houqin/store"
)

// calendarVerbs are the subcommands of `houqin school calendar`.
var calendarVerbs = []struct {
	name, summary string
	run           func(ctx context.Context, env *Env, args []string) error
}{
	{"set", "set the meals served on weekdays (--weekday sat,sun --meals none)", cmdCalendarSet},
	{"closed", "close dates: a holiday or closure, no meals (--from --to --reason)", cmdCalendarClosed},
	{"open", "open dates: a make-up school day, 调休上课 (--from [--to] [--meals] --reason)", cmdCalendarOpen},
	{"clear", "remove the date rules of dates (--from [--to])", cmdCalendarClear},
	{"list", "list the weekday and date rules and the meals of coming days", cmdCalendarList},
	{"import", "load a term calendar from a CSV or .xlsx file (all or nothing)", cmdCalendarImport},
}

func cmdSchoolCalendar(ctx context.Context, env *Env, args []string) error {
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		for _, v := range calendarVerbs {
			if v.name == args[0] {
				return v.run(ctx, env, args[1:])
			}
		}
	}
	var names []string
	for _, v := range calendarVerbs {
		names = append(names, v.name)
	}
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
		fmt.Fprintln(env.Stderr, "Usage: houqin school calendar VERB [flags]   (houqin school calendar VERB -h for its flags)\n\nVerbs:")
		for _, v := range calendarVerbs {
			fmt.Fprintf(env.Stderr, "  %-8s %s\n", v.name, v.summary)
		}
		return flag.ErrHelp
	}
	return usageError{fmt.Sprintf("school calendar needs a verb: %s", strings.Join(names, ", "))}
}

// weekdayNames are the ways a weekday may be typed.
var weekdayNames = func() map[string]time.Weekday {
	out := map[string]time.Weekday{}
	for i, names := range [][]string{
		{"sun", "sunday", "7", "周日", "周天", "星期日", "星期天"},
		{"mon", "monday", "1", "周一", "星期一"},
		{"tue", "tuesday", "2", "周二", "星期二"},
		{"wed", "wednesday", "3", "周三", "星期三"},
		{"thu", "thursday", "4", "周四", "星期四"},
		{"fri", "friday", "5", "周五", "星期五"},
		{"sat", "saturday", "6", "周六", "星期六"},
	} {
		for _, n := range names {
			out[n] = time.Weekday(i)
		}
	}
	return out
}()

// parseWeekdays reads "sat,sun", "周六、周日", "weekend" or "weekdays".
func parseWeekdays(s string) ([]time.Weekday, error) {
	var out []time.Weekday
	add := func(d time.Weekday) {
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	for _, part := range splitList(strings.ToLower(s)) {
		switch part {
		case "weekend", "周末":
			add(time.Saturday)
			add(time.Sunday)
			continue
		case "weekdays", "工作日":
			for d := time.Monday; d <= time.Friday; d++ {
				add(d)
			}
			continue
		}
		d, ok := weekdayNames[part]
		if !ok {
			return nil, fmt.Errorf("unknown weekday %q (mon, tue, wed, thu, fri, sat, sun, 周一 … 周日, weekend, weekdays)", part)
		}
		add(d)
	}
	if len(out) == 0 {
		return nil, errors.New("no weekday given")
	}
	return out, nil
}

// parseMeals reads a list of meals: none (不供餐) is an empty list, all
// (全部) is nil, else meal keys or their Chinese names.
func parseMeals(s string) ([]string, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "none", "无", "不供餐", "停餐":
		return []string{}, nil
	case "all", "", "全部", "正常":
		return nil, nil
	}
	out := []string{}
	for _, part := range splitList(s) {
		m, ok := canteen.ParseMeal(part)
		if !ok {
			return nil, fmt.Errorf("unknown meal %q (早餐, 午餐, 晚餐, 加餐, breakfast, lunch, dinner, snack, none or all)", part)
		}
		if !slices.Contains(out, m) {
			out = append(out, m)
		}
	}
	return out, nil
}

// mealsText names meals for people: 早餐、午餐, 不供餐, or 全部餐次.
func mealsText(meals []string) string {
	switch {
	case meals == nil:
		return "全部餐次"
	case len(meals) == 0:
		return "不供餐"
	}
	var labels []string
	for _, m := range meals {
		labels = append(labels, flows.MealLabel(m))
	}
	return strings.Join(labels, "、")
}

// dateRange reads --from and --to (default: from) as civil days.
func dateRange(cmd, from, to string) (time.Time, time.Time, error) {
	if from == "" {
		return time.Time{}, time.Time{}, usageError{cmd + ": --from is required"}
	}
	f, ok := parseMenuDate(from)
	if !ok {
		return time.Time{}, time.Time{}, usageError{fmt.Sprintf("%s: --from %q is not a date like 2026-10-01", cmd, from)}
	}
	t := f
	if to != "" {
		if t, ok = parseMenuDate(to); !ok {
			return time.Time{}, time.Time{}, usageError{fmt.Sprintf("%s: --to %q is not a date like 2026-10-07", cmd, to)}
		}
	}
	if t.Before(f) {
		return time.Time{}, time.Time{}, usageError{fmt.Sprintf("%s: --to %s is before --from %s", cmd, to, from)}
	}
	if t.Sub(f) > 366*24*time.Hour {
		return time.Time{}, time.Time{}, usageError{cmd + ": a range longer than a year is surely a typo"}
	}
	return f, t, nil
}

// days lists the civil days from through to.
func days(from, to time.Time, open bool, meals []string, reason string) []canteen.CalendarDay {
	var out []canteen.CalendarDay
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		out = append(out, canteen.CalendarDay{Day: d, Open: open, Meals: meals, Reason: reason})
	}
	return out
}

func cmdCalendarSet(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "school calendar set", "--school ID --weekday sat,sun --meals none|all|breakfast,lunch [--json]\n\nThe meals served on those weekdays every week (all: remove the rule, every meal again).\nDate rules (closed, open) override it.")
	school := fs.Int64("school", 0, "school `id`")
	wd := fs.String("weekday", "", "`weekdays`: mon … sun, 周一 … 周日, weekend, weekdays")
	ms := fs.String("meals", "", "`meals` served: none, all, or a list such as breakfast,lunch (早餐、午餐)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *school == 0 || *wd == "" || *ms == "" {
		return usageError{"school calendar set: --school, --weekday and --meals are required"}
	}
	weekdays, err := parseWeekdays(*wd)
	if err != nil {
		return usageError{"school calendar set: " + err.Error()}
	}
	meals, err := parseMeals(*ms)
	if err != nil {
		return usageError{"school calendar set: " + err.Error()}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if _, err := db.School(ctx, *school); err != nil {
			return err
		}
		if err := db.SetWeekdayMeals(ctx, *school, weekdays, meals); err != nil {
			return err
		}
		var names []string
		for _, d := range weekdays {
			names = append(names, weekdayLabel(d))
		}
		v := map[string]any{"id": *school, "weekdays": weekdays, "meals": meals}
		return printResult(env, *asJSON, v, "school %d: %s %s\n", *school, strings.Join(names, "、"), mealsText(meals))
	})
}

func weekdayLabel(d time.Weekday) string {
	return [...]string{"周日", "周一", "周二", "周三", "周四", "周五", "周六"}[d]
}

func cmdCalendarClosed(ctx context.Context, env *Env, args []string) error {
	return calendarDays(ctx, env, args, false)
}

func cmdCalendarOpen(ctx context.Context, env *Env, args []string) error {
	return calendarDays(ctx, env, args, true)
}

// calendarDays is school calendar closed and open: date rules for a range.
func calendarDays(ctx context.Context, env *Env, args []string, open bool) error {
	name, usage := "school calendar closed", "--school ID --from 2026-10-01 [--to 2026-10-07] --reason 国庆 [--json]\n\nNo meals on those dates (a holiday, a closure): no missing-sample alerts, and the digest owes nothing."
	if open {
		name, usage = "school calendar open", "--school ID --from 2026-10-10 [--to DATE] [--meals lunch] --reason 调休上课 [--json]\n\nMeals on those dates as on a school day (every meal, or --meals), whatever the weekday rule says."
	}
	fs, cfgPath := newFlags(env, name, usage)
	school := fs.Int64("school", 0, "school `id`")
	from := fs.String("from", "", "first `date`")
	to := fs.String("to", "", "last `date` (default: --from)")
	reason := fs.String("reason", "", "why, e.g. 国庆, 寒假, 调休上课")
	ms := ""
	if open {
		fs.StringVar(&ms, "meals", "all", "`meals` served: all, or a list such as lunch (午餐)")
	}
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *school == 0 {
		return usageError{name + ": --school is required"}
	}
	f, t, err := dateRange(name, *from, *to)
	if err != nil {
		return err
	}
	var meals []string
	if open {
		if meals, err = parseMeals(ms); err != nil {
			return usageError{name + ": " + err.Error()}
		}
		if meals != nil && len(meals) == 0 {
			return usageError{name + ": --meals none is a closed day: use school calendar closed"}
		}
	}
	ds := days(f, t, open, meals, strings.TrimSpace(*reason))
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if _, err := db.School(ctx, *school); err != nil {
			return err
		}
		if err := db.InTx(ctx, func(tx flows.Tx) error { return tx.(*store.Tx).SetCalendarDays(ctx, *school, ds) }); err != nil {
			return err
		}
		what := "closed"
		if open {
			what = "open (" + mealsText(meals) + ")"
		}
		v := map[string]any{"id": *school, "from": f.Format(time.DateOnly), "to": t.Format(time.DateOnly), "open": open, "meals": meals, "days": len(ds)}
		return printResult(env, *asJSON, v, "school %d: %s to %s %s, %d days\n", *school, f.Format(time.DateOnly), t.Format(time.DateOnly), what, len(ds))
	})
}

func cmdCalendarClear(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "school calendar clear", "--school ID --from DATE [--to DATE] [--json]\n\nRemove the date rules (closed, open) of those dates: the weekday rules apply again.")
	school := fs.Int64("school", 0, "school `id`")
	from := fs.String("from", "", "first `date`")
	to := fs.String("to", "", "last `date` (default: --from)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *school == 0 {
		return usageError{"school calendar clear: --school is required"}
	}
	f, t, err := dateRange("school calendar clear", *from, *to)
	if err != nil {
		return err
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if _, err := db.School(ctx, *school); err != nil {
			return err
		}
		n, err := db.ClearCalendarDays(ctx, *school, f, t)
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, map[string]any{"id": *school, "removed": n}, "school %d: removed %d date rules\n", *school, n)
	})
}

func cmdCalendarList(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "school calendar list", "--school ID [--days N] [--json]\n\nThe weekday rules, every date rule, and the meals served on the next N days (default 14).")
	school := fs.Int64("school", 0, "school `id`")
	n := fs.Int("days", 14, "how many coming `days` to show")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *school == 0 {
		return usageError{"school calendar list: --school is required"}
	}
	if *n < 0 || *n > 366 {
		return usageError{"school calendar list: --days must be between 0 and 366"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		s, err := db.School(ctx, *school)
		if err != nil {
			return err
		}
		cal, err := db.AllMealDays(ctx, *school)
		if err != nil {
			return err
		}
		today := canteen.CivilDay(time.Now(), s.Location())
		type dayJSON struct {
			Date   string   `json:"date"`
			Open   bool     `json:"open"`
			Meals  []string `json:"meals"`
			Reason string   `json:"reason"`
		}
		var coming []dayJSON
		for i := 0; i < *n; i++ {
			d := today.AddDate(0, 0, i)
			p := cal.On(d, s.Settings.Meals)
			keys := []string{}
			for _, m := range p.Meals {
				keys = append(keys, m.Key)
			}
			coming = append(coming, dayJSON{Date: d.Format(time.DateOnly), Open: len(keys) > 0, Meals: keys, Reason: p.Reason})
		}
		if *asJSON {
			var rules []dayJSON
			for _, d := range cal.Days {
				rules = append(rules, dayJSON{Date: d.Day.Format(time.DateOnly), Open: d.Open, Meals: d.Meals, Reason: d.Reason})
			}
			wds := map[string][]string{}
			for _, w := range cal.Weekdays {
				wds[strings.ToLower(w.Weekday.String()[:3])] = w.Meals
			}
			return printJSON(env.Stdout, map[string]any{"id": *school, "weekdays": wds, "days": rules, "coming": coming})
		}
		w := env.Stdout
		fmt.Fprintf(w, "%s (school %d), meals %s\n", s.Name, s.ID, mealsText(settingsMeals(s.Settings)))
		if len(cal.Weekdays) == 0 {
			fmt.Fprintln(w, "weekdays: every meal every day")
		}
		for _, r := range cal.Weekdays {
			fmt.Fprintf(w, "weekday %s: %s\n", weekdayLabel(r.Weekday), mealsText(r.Meals))
		}
		for _, d := range cal.Days {
			what := "closed"
			if d.Open {
				m := d.Meals
				if len(m) == 0 {
					m = nil
				}
				what = "open, " + mealsText(m)
			}
			fmt.Fprintf(w, "date %s %s: %s %s\n", d.Day.Format(time.DateOnly), weekdayLabel(d.Day.Weekday()), what, d.Reason)
		}
		if len(coming) > 0 {
			fmt.Fprintln(w, "coming days:")
			for _, c := range coming {
				meals := mealsText(c.Meals)
				fmt.Fprintf(w, "  %s %s  %s %s\n", c.Date, weekdayLabel(mustDate(c.Date).Weekday()), meals, c.Reason)
			}
		}
		return nil
	})
}

func mustDate(s string) time.Time { d, _ := time.Parse(time.DateOnly, s); return d }

func settingsMeals(st flows.Settings) []string {
	out := []string{}
	for _, m := range st.Meals {
		out = append(out, m.Key)
	}
	return out
}

func cmdCalendarImport(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "school calendar import", "--school ID FILE.csv|FILE.xlsx [--json]\n\n"+calendarSheetHelp)
	school := fs.Int64("school", 0, "school `id`")
	asJSON := fs.Bool("json", false, "print JSON")
	rest, err := parseMixed(fs, args) // the file may come before or after the flags
	if err != nil {
		return err
	}
	if *school == 0 || len(rest) != 1 {
		return usageError{"school calendar import: --school and one file are required"}
	}
	path := rest[0]
	rows, err := readSheet(path)
	if err != nil {
		return err
	}
	ds, err := calendarFromRows(rows)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if _, err := db.School(ctx, *school); err != nil {
			return err
		}
		// One transaction: the sheet is set whole or not at all.
		if err := db.InTx(ctx, func(tx flows.Tx) error { return tx.(*store.Tx).SetCalendarDays(ctx, *school, ds) }); err != nil {
			return fmt.Errorf("%s: nothing set: %w", path, err)
		}
		closed := 0
		for _, d := range ds {
			if !d.Open {
				closed++
			}
		}
		v := map[string]any{"id": *school, "days": len(ds), "closed": closed, "open": len(ds) - closed}
		return printResult(env, *asJSON, v, "school %d: %d dates set (%d closed, %d open)\n", *school, len(ds), closed, len(ds)-closed)
	})
}

const calendarSheetHelp = `The term calendar sheet (CSV in UTF-8 or GB18030, or .xlsx), one row per date or range:

  from/开始日期, to/结束日期 (optional, default: from), type/类型, meals/餐次 (optional), reason/说明

type is closed (放假, 停课, 闭校: no meals) or open (上课, 调休, 补课: a school day, every meal
or the meals listed). Example:

  开始日期,结束日期,类型,餐次,说明
  2026-10-01,2026-10-07,放假,,国庆
  2026-10-10,,调休,,调休上课
  2027-01-20,2027-02-25,放假,,寒假

Every row is checked before anything is written; a sheet with a bad row changes nothing.`

// calendarFromRows reads a term calendar sheet; the error names every bad
// row, and dates given twice.
func calendarFromRows(rows []sheetRow) ([]canteen.CalendarDay, error) {
	var out []canteen.CalendarDay
	seen := map[string]int{}
	var problems []error
	bad := func(line int, format string, args ...any) {
		problems = append(problems, fmt.Errorf("  line %d: %s", line, fmt.Sprintf(format, args...)))
	}
	for _, r := range rows {
		fromS, toS := r.col("from", "date", "开始日期", "开始", "日期"), r.col("to", "结束日期", "结束")
		f, ok := parseMenuDate(fromS)
		if !ok {
			bad(r.line, "date %q is not like 2026-10-01", fromS)
			continue
		}
		t := f
		if toS != "" {
			if t, ok = parseMenuDate(toS); !ok {
				bad(r.line, "end date %q is not like 2026-10-07", toS)
				continue
			}
		}
		if t.Before(f) || t.Sub(f) > 366*24*time.Hour {
			bad(r.line, "%s to %s is not a range of at most a year", fromS, toS)
			continue
		}
		var open bool
		switch kind := strings.ToLower(r.col("type", "kind", "类型")); kind {
		case "closed", "holiday", "放假", "停课", "闭校", "休息", "假期":
		case "open", "school", "上课", "调休", "补课", "调休上课":
			open = true
		default:
			bad(r.line, "type %q is not closed (放假) or open (上课, 调休)", kind)
			continue
		}
		var meals []string
		if ms := r.col("meals", "餐次"); ms != "" {
			var err error
			if meals, err = parseMeals(ms); err != nil {
				bad(r.line, "%v", err)
				continue
			}
			if !open && len(meals) > 0 {
				bad(r.line, "a closed day serves no meals; leave 餐次 empty")
				continue
			}
			if open && meals != nil && len(meals) == 0 {
				bad(r.line, "an open day with no meals is a closed day")
				continue
			}
		}
		reason := r.col("reason", "说明", "备注", "名称")
		for _, d := range days(f, t, open, meals, reason) {
			k := d.Day.Format(time.DateOnly)
			if prev, dup := seen[k]; dup {
				bad(r.line, "%s is already on line %d", k, prev)
				break
			}
			seen[k] = r.line
			out = append(out, d)
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("nothing set:\n%w", errors.Join(problems...))
	}
	if len(out) == 0 {
		return nil, errors.New("no dates")
	}
	return out, nil
}
