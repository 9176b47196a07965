package main

import (
	"strings"
	"testing"
)

func TestLexiconCommands(t *testing.T) {
	c := newCLI(t)
	c.ok("school", "add", "--name", "第一中学")
	c.ok("school", "add", "--name", "第二中学")
	if got, want := c.ok("lexicon", "add", "--school", "1", "--kind", "trade", "风幕机", "electrical"), "lexicon 1: trade 风幕机 → electrical\n"; got != want {
		t.Errorf("lexicon add printed %q, want %q", got, want)
	}
	// Flags after the words work too; a rule is one word.
	m := c.json("lexicon", "add", "氨气/氯气+味", "gas", "--school", "1", "--kind", "hazard")
	if id(m) != "2" || m["kind"] != "hazard" || m["word"] != "氨气/氯气+味" || m["value"] != "gas" || m["school_id"] != 1.0 {
		t.Errorf("lexicon add --json: %v", m)
	}
	c.ok("lexicon", "add", "--school", "1", "--kind", "synonym", "男卫", "男厕所")
	c.ok("lexicon", "add", "--school", "2", "--kind", "place", "生物园")
	// Adding a word again changes its value.
	if m := c.json("lexicon", "add", "--school", "1", "--kind", "trade", "风幕机", "general"); id(m) != "1" || m["value"] != "general" {
		t.Errorf("lexicon add of an existing word: %v", m)
	}

	for _, bad := range [][]string{
		{"lexicon", "add", "--school", "1", "--kind", "colour", "红", "red"},
		{"lexicon", "add", "--school", "1", "--kind", "trade", "风幕机", "painting"},
		{"lexicon", "add", "--school", "1", "--kind", "hazard", "氨气味", "smelly"},
		{"lexicon", "add", "--school", "1", "--kind", "synonym", "男卫"},
		{"lexicon", "add", "--school", "1", "--kind", "trade"},
		{"lexicon", "add", "--kind", "trade", "风幕机", "electrical"},
		{"lexicon", "add", "--school", "1", "--kind", "large", "冷却塔", "big", "extra"},
	} {
		c.fails(2, bad...)
	}
	if msg := c.fails(2, "lexicon", "add", "--school", "1", "--kind", "hazard", "氨气味", "smelly"); !strings.Contains(msg, "electric, fire, glass") {
		t.Errorf("a bad hazard value: %q does not list the values", msg)
	}
	c.fails(1, "lexicon", "add", "--school", "99", "--kind", "place", "生物园")

	if got, want := c.ok("lexicon", "list", "--school", "1"),
		"ID  KIND     WORD          VALUE\n2   hazard   氨气/氯气+味  gas\n3   synonym  男卫          男厕所\n1   trade    风幕机        general\n"; got != want {
		t.Errorf("lexicon list printed\n%s\nwant\n%s", got, want)
	}
	if m := c.json("lexicon", "list", "--school", "1", "--kind", "synonym"); len(m["entries"].([]any)) != 1 {
		t.Errorf("lexicon list --kind synonym: %v", m)
	}
	if m := c.json("lexicon", "list", "--school", "2"); len(m["entries"].([]any)) != 1 {
		t.Errorf("school 2's words: %v", m)
	}
	if got, want := c.ok("lexicon", "remove", "--school", "1", "--kind", "trade", "风幕机"), "lexicon trade 风幕机 removed\n"; got != want {
		t.Errorf("lexicon remove printed %q, want %q", got, want)
	}
	if m := c.json("lexicon", "remove", "--school", "1", "--kind", "synonym", "男卫"); m["removed"] != true || id(m) != "3" {
		t.Errorf("lexicon remove --json: %v", m)
	}
	c.fails(1, "lexicon", "remove", "--school", "1", "--kind", "trade", "风幕机")
	c.fails(2, "lexicon", "remove", "--school", "1", "--kind", "trade")
	if got := c.ok("lexicon", "list", "--school", "1"); strings.Count(got, "\n") != 2 {
		t.Errorf("lexicon list after removing two of three:\n%s", got)
	}
}

// The visitor and meal kinds: a purpose, a title, an organisation, a role
// word and a meal name, each for one school, and clear errors for values
// the kinds do not take.
func TestLexiconVisitorAndMealKinds(t *testing.T) {
	c := newCLI(t)
	c.ok("school", "add", "--name", "第一中学")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--kind", "purpose", "送校服", "送货"}, "lexicon 1: purpose 送校服 → 送货\n"},
		{[]string{"--kind", "title", "教务主任", "head,leader"}, "lexicon 2: title 教务主任 → head,leader\n"},
		{[]string{"--kind", "org", "美团"}, "lexicon 3: org 美团 → -\n"},
		{[]string{"--kind", "role", "保洁员"}, "lexicon 4: role 保洁员 → -\n"},
		{[]string{"--kind", "meal", "午点", "snack"}, "lexicon 5: meal 午点 → snack\n"},
	} {
		if got := c.ok(append([]string{"lexicon", "add", "--school", "1"}, tt.args...)...); got != tt.want {
			t.Errorf("lexicon add %v printed %q, want %q", tt.args, got, tt.want)
		}
	}
	for _, tt := range []struct {
		args []string
		says string
	}{
		{[]string{"--kind", "purpose", "送校服", "delivery"}, "家长来访, 送货, 施工维修"},
		{[]string{"--kind", "purpose", "送校服"}, "a kind of visit"},
		{[]string{"--kind", "title", "教务主任", "boss"}, "teacher, guard"},
		{[]string{"--kind", "org", "美团", "shop"}, "known, courier, delivers, suffix or kind"},
		{[]string{"--kind", "role", "保洁员", "cleaner"}, "empty or parent"},
		{[]string{"--kind", "meal", "午点"}, "breakfast, lunch, dinner, snack"},
		{[]string{"--kind", "menu", "午点", "snack"}, "purpose, title, org, role, meal"},
	} {
		if msg := c.fails(2, append([]string{"lexicon", "add", "--school", "1"}, tt.args...)...); !strings.Contains(msg, tt.says) {
			t.Errorf("lexicon add %v: %q does not say %q", tt.args, msg, tt.says)
		}
	}
	if m := c.json("lexicon", "list", "--school", "1", "--kind", "title"); len(m["entries"].([]any)) != 1 {
		t.Errorf("lexicon list --kind title: %v", m)
	}
	if got := c.ok("lexicon", "remove", "--school", "1", "--kind", "meal", "午点"); got != "lexicon meal 午点 removed\n" {
		t.Errorf("lexicon remove printed %q", got)
	}
}

// The surname, notname, document and fridge kinds: added, listed and
// removed like the others, with clear errors for words and values they do
// not take.
func TestLexiconNameDocumentAndFridgeKinds(t *testing.T) {
	c := newCLI(t)
	c.ok("school", "add", "--name", "第一中学")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--kind", "surname", "禤"}, "lexicon 1: surname 禤 → -\n"},
		{[]string{"--kind", "surname", "第五"}, "lexicon 2: surname 第五 → -\n"},
		{[]string{"--kind", "notname", "钟点工"}, "lexicon 3: notname 钟点工 → -\n"},
		{[]string{"--kind", "document", "居住证"}, "lexicon 4: document 居住证 → -\n"},
		{[]string{"--kind", "document", "旅行证", "passport"}, "lexicon 5: document 旅行证 → passport\n"},
		{[]string{"--kind", "fridge", "留样箱"}, "lexicon 6: fridge 留样箱 → -\n"},
	} {
		if got := c.ok(append([]string{"lexicon", "add", "--school", "1"}, tt.args...)...); got != tt.want {
			t.Errorf("lexicon add %v printed %q, want %q", tt.args, got, tt.want)
		}
	}
	for _, tt := range []struct {
		args []string
		says string
	}{
		{[]string{"--kind", "surname", "欧阳修"}, "one or two Chinese characters"},
		{[]string{"--kind", "surname", "Li"}, "one or two Chinese characters"},
		{[]string{"--kind", "surname", "禤", "rare"}, "a surname has no value"},
		{[]string{"--kind", "notname", "钟点工", "never"}, "empty, noise or task"},
		{[]string{"--kind", "document", "居住证", "other"}, "resident, passport, hkmo, homereturn, tw, any"},
		{[]string{"--kind", "document", "2号证"}, "no digits"},
		{[]string{"--kind", "fridge", "留样箱", "fridge"}, "temperature or box"},
		{[]string{"--kind", "fridge", "留样"}, "name the fridge itself"},
	} {
		if msg := c.fails(2, append([]string{"lexicon", "add", "--school", "1"}, tt.args...)...); !strings.Contains(msg, tt.says) {
			t.Errorf("lexicon add %v: %q does not say %q", tt.args, msg, tt.says)
		}
	}
	if got, want := c.ok("lexicon", "list", "--school", "1", "--kind", "document"),
		"ID  KIND      WORD    VALUE\n4   document  居住证  -\n5   document  旅行证  passport\n"; got != want {
		t.Errorf("lexicon list --kind document printed\n%s\nwant\n%s", got, want)
	}
	if m := c.json("lexicon", "list", "--school", "1"); len(m["entries"].([]any)) != 6 {
		t.Errorf("lexicon list: %v", m)
	}
	if got := c.ok("lexicon", "remove", "--school", "1", "--kind", "surname", "第五"); got != "lexicon surname 第五 removed\n" {
		t.Errorf("lexicon remove printed %q", got)
	}
	if m := c.json("lexicon", "list", "--school", "1", "--kind", "surname"); len(m["entries"].([]any)) != 1 {
		t.Errorf("lexicon list --kind surname after removing 第五: %v", m)
	}
	if got := c.ok("lexicon", "remove", "--school", "1", "--kind", "fridge", "留样箱"); got != "lexicon fridge 留样箱 removed\n" {
		t.Errorf("lexicon remove printed %q", got)
	}
}
