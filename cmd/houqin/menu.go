package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
	"github.com/houqin/houqin/store"
)

// menuDateLayouts are the date forms a menu sheet may use.
var menuDateLayouts = []string{"2006-01-02", "2006/1/2", "2006.1.2", "2006-1-2", "2006年1月2日"}

func parseMenuDate(s string) (time.Time, bool) {
	for _, l := range menuDateLayouts {
		if d, err := time.Parse(l, s); err == nil {
			return d, true
		}
	}
	return time.Time{}, false
}

// menuMeal is the dishes of one meal of one day, in the sheet's order.
type menuMeal struct {
	day    time.Time
	meal   string
	dishes []string
}

// readMenu reads a menu sheet, one dish per row, checking every row first:
// a menu either fully loads or changes nothing.
func readMenu(path string) ([]menuMeal, error) {
	rows, err := readSheet(path)
	if err != nil {
		return nil, err
	}
	menu, err := menuFromRows(rows)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return menu, nil
}

// menuFromRows reads the rows of a menu sheet; the error names each bad
// row by its line.
func menuFromRows(rows []sheetRow) ([]menuMeal, error) {
	var out []menuMeal
	at := map[[2]string]int{}
	var problems []error
	for _, r := range rows {
		line := r.line
		day, ok := parseMenuDate(r.col("date", "日期"))
		if !ok {
			problems = append(problems, fmt.Errorf("  line %d: date %q is not like 2026-11-20", line, r.col("date", "日期")))
			continue
		}
		meal, ok := canteen.ParseMeal(r.col("meal", "餐次", "餐别"))
		if !ok {
			problems = append(problems, fmt.Errorf("  line %d: meal %q is not 早餐, 午餐, 晚餐 or 加餐", line, r.col("meal", "餐次", "餐别")))
			continue
		}
		dish := strings.TrimSpace(r.col("dish", "菜品", "菜名"))
		if dish == "" || utf8.RuneCountInString(dish) > 30 {
			problems = append(problems, fmt.Errorf("  line %d: dish name must be 1 to 30 characters", line))
			continue
		}
		k := [2]string{day.Format(time.DateOnly), meal}
		j, seen := at[k]
		if !seen {
			j = len(out)
			at[k] = j
			out = append(out, menuMeal{day: day, meal: meal})
		}
		if !slices.Contains(out[j].dishes, dish) {
			out[j].dishes = append(out[j].dishes, dish)
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("nothing set:\n%w", errors.Join(problems...))
	}
	if len(out) == 0 {
		return nil, errors.New("no dishes")
	}
	return out, nil
}

func cmdMenuSet(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "menu set", "--school ID --file menu.csv [--json]\n\nColumns (header row, English or Chinese): date/日期 (2026-11-20), meal/餐次 (早餐, 午餐, 晚餐, 加餐\nor breakfast, lunch, dinner, snack), dish/菜品 — one dish per row. The meals in the file replace\nwhat was set for them before; other meals are left alone. When a menu exists, the 留样 flow offers\nits dishes and flags dishes served but not sampled.")
	school := fs.Int64("school", 0, "school `id`")
	file := fs.String("file", "", "CSV `file`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *school == 0 || *file == "" {
		return usageError{"menu set: --school and --file are required"}
	}
	menu, err := readMenu(*file)
	if err != nil {
		return err
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if _, err := db.School(ctx, *school); err != nil {
			return err
		}
		ids := []int64{}
		n := 0
		// One transaction: the menu is set whole or not at all.
		err := db.InTx(ctx, func(ftx flows.Tx) error {
			tx := ftx.(*store.Tx)
			for _, m := range menu {
				id, err := tx.SetMenu(ctx, *school, m.day, m.meal, m.dishes, time.Now())
				if err != nil {
					return fmt.Errorf("%s %s: %w", m.day.Format(time.DateOnly), flows.MealLabel(m.meal), err)
				}
				ids = append(ids, id)
				n += len(m.dishes)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("%s: nothing set: %w", *file, err)
		}
		if *asJSON {
			return printJSON(env.Stdout, map[string]any{"id": ids, "meals": len(ids), "dishes": n})
		}
		for _, m := range menu {
			fmt.Fprintf(env.Stdout, "%s %s: %s\n", m.day.Format("2006-01-02"), flows.MealLabel(m.meal), strings.Join(m.dishes, "、"))
		}
		fmt.Fprintf(env.Stdout, "set %d meals, %d dishes\n", len(ids), n)
		return nil
	})
}

func cmdMenuShow(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "menu show", "--school ID [--date 2026-11-23] [--days 7] [--json]\n\nThe menu of each meal of the days from --date (default: today in the school's zone), with\nwhat the meal calendar says about each day.")
	school := fs.Int64("school", 0, "school `id`")
	date := fs.String("date", "", "first `date` (default: today)")
	n := fs.Int("days", 7, "how many `days`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *school == 0 {
		return usageError{"menu show: --school is required"}
	}
	if *n < 1 || *n > 62 {
		return usageError{"menu show: --days must be between 1 and 62"}
	}
	var first time.Time
	if *date != "" {
		var ok bool
		if first, ok = parseMenuDate(*date); !ok {
			return usageError{fmt.Sprintf("menu show: --date %q is not a date like 2026-11-23", *date)}
		}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		s, err := db.School(ctx, *school)
		if err != nil {
			return err
		}
		if first.IsZero() {
			first = canteen.CivilDay(time.Now(), s.Location())
		}
		last := first.AddDate(0, 0, *n-1)
		cal, err := db.MealCalendar(ctx, s.ID, first, last)
		if err != nil {
			return err
		}
		type mealJSON struct {
			Date   string   `json:"date"`
			Meal   string   `json:"meal"`
			Served bool     `json:"served"`
			Dishes []string `json:"dishes"`
		}
		var out []mealJSON
		for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
			plan := cal.On(d, s.Settings.Meals)
			for _, key := range flows.MealKeys {
				dishes, err := db.Menu(ctx, s.ID, d, key)
				if err != nil && !errors.Is(err, flows.ErrNotFound) {
					return err
				}
				if len(dishes) == 0 && !plan.Serves(key) {
					continue
				}
				out = append(out, mealJSON{Date: d.Format(time.DateOnly), Meal: key, Served: plan.Serves(key), Dishes: nonNil(dishes)})
			}
			if !*asJSON && len(plan.Meals) == 0 {
				reason := plan.Reason
				if reason == "" {
					reason = "不供餐"
				}
				fmt.Fprintf(env.Stdout, "%s %s: %s\n", d.Format(time.DateOnly), weekdayLabel(d.Weekday()), reason)
			}
		}
		if *asJSON {
			if out == nil {
				out = []mealJSON{}
			}
			return printJSON(env.Stdout, map[string]any{"id": s.ID, "meals": out})
		}
		for _, m := range out {
			dishes := strings.Join(m.Dishes, "、")
			if dishes == "" {
				dishes = "(no menu)"
			}
			note := ""
			if !m.Served {
				note = "  (not served by the calendar)"
			}
			d := mustDate(m.Date)
			fmt.Fprintf(env.Stdout, "%s %s %s: %s%s\n", m.Date, weekdayLabel(d.Weekday()), flows.MealLabel(m.Meal), dishes, note)
		}
		return nil
	})
}
