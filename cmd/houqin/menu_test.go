package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestReadMenu(t *testing.T) {
	p := writeFile(t, "menu.csv", "\uFEFF日期,餐次,菜品\n2026-11-20,午餐,红烧肉\n2026/11/20,中餐,清炒菜心\n2026-11-20,lunch,红烧肉\n2026-11-20,晚餐,冬瓜汤\n2026.11.21,早餐,馒头\n")
	got, err := readMenu(p)
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	want := []menuMeal{
		{day, flows.MealLunch, []string{"红烧肉", "清炒菜心"}},
		{day, flows.MealDinner, []string{"冬瓜汤"}},
		{day.AddDate(0, 0, 1), flows.MealBreakfast, []string{"馒头"}},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d meals %+v, want %d", len(got), got, len(want))
	}
	for i := range want {
		if !got[i].day.Equal(want[i].day) || got[i].meal != want[i].meal || strings.Join(got[i].dishes, ",") != strings.Join(want[i].dishes, ",") {
			t.Errorf("meal %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestReadMenuReportsEveryBadRow(t *testing.T) {
	p := writeFile(t, "menu.csv", "date,meal,dish\n11/20,lunch,红烧肉\n2026-11-20,brunch,米饭\n2026-11-20,lunch,\n2026-11-20,lunch,米饭\n")
	_, err := readMenu(p)
	if err == nil {
		t.Fatal("a sheet with bad rows was accepted")
	}
	for _, want := range []string{"nothing set", "line 2", "line 3", "line 4"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "line 5") {
		t.Errorf("error %q blames a good row", err)
	}
}

func TestMenuSet(t *testing.T) {
	c := newCLI(t)
	c.ok("school", "add", "--name", "第一中学")
	menu := writeFile(t, "menu.csv", "日期,餐次,菜品\n2026-11-20,午餐,红烧肉\n2026-11-20,午餐,清炒菜心\n2026-11-20,晚餐,冬瓜汤\n")
	if got, want := c.ok("menu", "set", "--school", "1", "--file", menu),
		"2026-11-20 午餐: 红烧肉、清炒菜心\n2026-11-20 晚餐: 冬瓜汤\nset 2 meals, 3 dishes\n"; got != want {
		t.Errorf("menu set printed %q, want %q", got, want)
	}
	// Setting a meal again replaces its dishes.
	lunch := writeFile(t, "lunch.csv", "date,meal,dish\n2026-11-20,lunch,宫保鸡丁\n")
	if m := c.json("menu", "set", "--school", "1", "--file", lunch); m["meals"] != 1.0 || m["dishes"] != 1.0 || len(m["id"].([]any)) != 1 {
		t.Errorf("menu set --json: %v", m)
	}
	dishes, err := c.db().Menu(t.Context(), 1, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), flows.MealLunch)
	if err != nil || strings.Join(dishes, ",") != "宫保鸡丁" {
		t.Errorf("lunch after the second set: %v, %v", dishes, err)
	}
	c.fails(2, "menu", "set", "--school", "1")
	c.fails(1, "menu", "set", "--school", "1", "--file", writeFile(t, "bad.csv", "date,meal,dish\n2026-11-20,brunch,米饭\n"))
	c.fails(1, "menu", "set", "--school", "99", "--file", lunch)
}
