package main

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/houqin/houqin/flows"
)

var ctx = context.Background()

func mustInt(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%q is not a number", s)
	}
	return n
}

// gb18030 encodes s as Excel's plain "CSV" does on Chinese Windows.
func gb18030(t *testing.T, s string) string {
	t.Helper()
	b, err := simplifiedchinese.GB18030.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// writeXLSX writes rows to the first worksheet of a new workbook.
func writeXLSX(t *testing.T, name string, rows [][]any) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), name)
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSchoolCalendar(t *testing.T) {
	c := newCLI(t)
	school := id(c.json("school", "add", "--name", "第一中学"))
	c.ok("school", "calendar", "set", "--school", school, "--weekday", "sat,周日", "--meals", "none")
	c.ok("school", "calendar", "set", "--school", school, "--weekday", "fri", "--meals", "早餐、午餐")
	c.ok("school", "calendar", "closed", "--school", school, "--from", "2026-10-01", "--to", "2026-10-07", "--reason", "国庆")
	c.ok("school", "calendar", "open", "--school", school, "--from", "2026-10-10", "--reason", "调休上课")

	db := c.db()
	sid := int64(mustInt(t, school))
	cal, err := db.AllMealDays(ctx, sid)
	if err != nil {
		t.Fatal(err)
	}
	s, _ := db.School(ctx, sid)
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		day  time.Time
		want int
	}{{day(10, 1), 0}, {day(10, 7), 0}, {day(10, 8), 3}, {day(10, 9), 2}, {day(10, 10), 3}, {day(10, 11), 0}} {
		if got := len(cal.On(c.day, s.Settings.Meals).Meals); got != c.want {
			t.Errorf("%s: %d meals, want %d", c.day.Format("01-02 Mon"), got, c.want)
		}
	}
	out := c.ok("school", "calendar", "list", "--school", school, "--days", "0")
	for _, want := range []string{"weekday 周五: 早餐、午餐", "weekday 周六: 不供餐", "weekday 周日: 不供餐", "date 2026-10-01 周四: closed 国庆", "date 2026-10-10 周六: open, 全部餐次 调休上课"} {
		if !strings.Contains(out, want) {
			t.Errorf("calendar list does not say %q:\n%s", want, out)
		}
	}
	if m := c.json("school", "calendar", "clear", "--school", school, "--from", "2026-10-06", "--to", "2026-10-10"); m["removed"] != 3.0 {
		t.Errorf("clear: %v, want 3 removed", m)
	}

	// Usage mistakes: one clear message, exit code 2.
	for _, args := range [][]string{
		{"school", "calendar", "set", "--school", school, "--weekday", "someday", "--meals", "none"},
		{"school", "calendar", "set", "--school", school, "--weekday", "sat", "--meals", "brunch"},
		{"school", "calendar", "closed", "--school", school, "--from", "10/01"},
		{"school", "calendar", "closed", "--school", school, "--from", "2026-10-07", "--to", "2026-10-01"},
		{"school", "calendar", "fly", "--school", school},
	} {
		c.fails(2, args...)
	}
}

func TestSchoolCalendarImport(t *testing.T) {
	c := newCLI(t)
	school := id(c.json("school", "add", "--name", "第一中学"))
	sid := int64(mustInt(t, school))
	count := func() int {
		cal, err := c.db().AllMealDays(ctx, sid)
		if err != nil {
			t.Fatal(err)
		}
		return len(cal.Days)
	}

	// GB18030, as Excel saves "CSV" on Chinese Windows; every bad row is
	// reported at once and nothing is written.
	bad := writeFile(t, "bad.csv", gb18030(t, "开始日期,结束日期,类型,餐次,说明\n2026-10-01,2026-10-07,放假,,国庆\n2026-10-05,,上课,,重复\n2026-13-01,,放假,,坏日期\n2026-10-11,,开会,,坏类型\n2026-10-12,,上课,早午饭,坏餐次\n"))
	out, err := c.run("school", "calendar", "import", "--school", school, bad)
	if err == nil {
		t.Fatal("a sheet with bad rows was imported")
	}
	for _, want := range []string{"nothing set", "line 3: 2026-10-05 is already on line 2", "line 4", "line 5", "line 6"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("import error %q does not say %q (%s)", err, want, out)
		}
	}
	if n := count(); n != 0 {
		t.Errorf("a failed import wrote %d dates", n)
	}

	good := writeFile(t, "term.csv", gb18030(t, "开始日期,结束日期,类型,餐次,说明\n2026-10-01,2026-10-07,放假,,国庆\n2026-10-10,,调休,午餐,调休上课\n"))
	if m := c.json("school", "calendar", "import", "--school", school, good); m["days"] != 8.0 || m["closed"] != 7.0 {
		t.Errorf("GB18030 import: %v, want 8 days, 7 closed", m)
	}
	cal, _ := c.db().AllMealDays(ctx, sid)
	if d := cal.Days[len(cal.Days)-1]; !d.Open || len(d.Meals) != 1 || d.Meals[0] != flows.MealLunch || d.Reason != "调休上课" {
		t.Errorf("make-up day = %+v", d)
	}

	// An .xlsx workbook, English headers.
	x := writeXLSX(t, "term.xlsx", [][]any{{"from", "to", "type", "meals", "reason"}, {"2027-01-20", "2027-02-25", "closed", "", "寒假"}})
	if m := c.json("school", "calendar", "import", "--school", school, x); m["days"] != 37.0 {
		t.Errorf("xlsx import: %v, want 37 days", m)
	}
	if n := count(); n != 8+37 {
		t.Errorf("%d dates after both imports, want %d", n, 8+37)
	}
}
