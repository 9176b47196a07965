package canteen_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// The menu corpus: menus (菜谱) as canteen staff send them by chat, each
// labelled with what it means (testdata/corpus/menus/*.tsv). TestMenuCorpus
// sends every message, alone, on Wednesday 2026-11-25 at 10:00 to a fresh
// school as its canteen staff member and reads what the message left: the
// 菜谱 flow started or not, and its draft's meals before any question is
// answered. A line is
//
//	MESSAGE<TAB>MEANING
//
// MESSAGE with \n for a line break; MEANING "-" for a message that is not
// a menu to enter (a 留样 record, chatter; a question about the menu, which
// the flow answers by showing it), "!" for a menu the
// flow must refuse (a day past or too far ahead, a dish that is a
// sentence), or the meals, " ; " between them, each "DAY MEAL DISHES": DAY
// a date (2026-11-26) or ? when the message gives none (the flow asks),
// MEAL 早餐 午餐 晚餐 加餐 or ?, DISHES the dish names as the menu should
// keep them, joined by 、, in the message's order. Meals are compared in
// the order the flow keeps them: by day, then breakfast to snack. It fails
// when a field is right for less than menuCorpusTarget of the messages.
//
//	go test -run TestMenuCorpus -v ./flows/canteen/
func TestMenuCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/corpus/menus/*.tsv")
	if err != nil || len(files) == 0 {
		t.Fatalf("no menu corpus: %v", err)
	}
	fields := []string{"start", "days", "meals", "dishes"}
	total, n := map[string]int{}, 0
	for _, path := range files {
		right, m := menuCorpusFile(t, path, fields)
		for f, k := range right {
			total[f] += k
		}
		n += m
		var b strings.Builder
		fmt.Fprintf(&b, "menus %s: %d messages\n", filepath.Base(path), m)
		for _, f := range fields {
			fmt.Fprintf(&b, "  %-7s %3d/%d  %5.1f%%\n", f, right[f], m, 100*float64(right[f])/float64(m))
		}
		t.Log("\n" + b.String())
	}
	if n < 30 {
		t.Errorf("the menu corpus has %d messages, want at least 30", n)
	}
	for _, f := range fields {
		if acc := float64(total[f]) / float64(n); acc < menuCorpusTarget {
			t.Errorf("menus: %s right for %.1f%% of the messages, want at least %.0f%%", f, 100*acc, 100*menuCorpusTarget)
		}
	}
}

// menuCorpusTarget is the share of messages each field must be right for.
// Lower than the other corpora's 97 %: the corpus is new and small, and
// one message is 2.6 % of it.
const menuCorpusTarget = 0.95

func menuCorpusFile(t *testing.T, path string, fields []string) (map[string]int, int) {
	right, n := map[string]int{}, 0
	flowtest.EachCorpusLine(t, path, 2, func(line int, msg string, labels []string) {
		n++
		want := menuMeaning(labels[0])
		w := newWorld(t)
		out := flowtest.Play(t, w, "at 2026-11-25 10:00\n钱阿姨: "+strings.ReplaceAll(msg, "\n", "\n  ")+"\n")
		got := menuUnderstood(t, w.Core, refusedRE.MatchString(out))
		for _, f := range fields {
			if got[f] == want[f] {
				right[f]++
			} else {
				t.Logf("%s:%d %s: got %q, want %q\n\t%s", filepath.Base(path), line, f, got[f], want[f], msg)
			}
		}
	})
	return right, n
}

// menuMeaning is a label as the four compared fields.
func menuMeaning(label string) map[string]string {
	switch strings.TrimSpace(label) {
	case "-":
		return map[string]string{"start": "no"}
	case "!":
		return map[string]string{"start": "refused"}
	}
	var days, meals, dishes []string
	for _, e := range strings.Split(label, ";") {
		parts := strings.Fields(e)
		for len(parts) < 3 {
			parts = append(parts, "")
		}
		days, meals, dishes = append(days, parts[0]), append(meals, parts[1]), append(dishes, strings.Join(parts[2:], ""))
	}
	return map[string]string{"start": "menu", "days": strings.Join(days, " "), "meals": strings.Join(meals, " "), "dishes": strings.Join(dishes, " ")}
}

// refusedRE is the 菜谱 flow refusing what it read.
var refusedRE = regexp.MustCompile(`已经过去了|太远了|太长了|一餐最多`)

// menuUnderstood reads the 菜谱 draft the message left, as menuMeaning
// writes a label: "refused" when the flow said it could not take the
// menu, "no" when nothing was read into a draft (the flow did not start,
// or it only showed the menus and asked for one).
func menuUnderstood(t *testing.T, c *flowtest.Core, refused bool) map[string]string {
	t.Helper()
	if refused {
		return map[string]string{"start": "refused"}
	}
	s, err := c.Session(context.Background(), flows.ChannelConsole, "钱阿姨")
	if err != nil {
		t.Fatal(err)
	}
	if s.Flow != "menu_entry" {
		return map[string]string{"start": "no"}
	}
	var d struct {
		Meals []struct {
			Day    string   `json:"day"`
			Meal   string   `json:"meal"`
			Dishes []string `json:"dishes"`
		} `json:"meals"`
	}
	if err := json.Unmarshal(s.Data, &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Meals) == 0 {
		return map[string]string{"start": "no"}
	}
	var days, meals, dishes []string
	for _, m := range d.Meals {
		day, meal := m.Day, flows.MealLabel(m.Meal)
		if day == "" {
			day = "?"
		}
		if meal == "" {
			meal = "?"
		}
		days, meals, dishes = append(days, day), append(meals, meal), append(dishes, strings.Join(m.Dishes, "、"))
	}
	return map[string]string{"start": "menu", "days": strings.Join(days, " "), "meals": strings.Join(meals, " "), "dishes": strings.Join(dishes, " ")}
}
