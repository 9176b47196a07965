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
		"ID  KIND     WORD     VALUE\n2   hazard   氨气/氯气+味  gas\n3   synonym  男卫       男厕所\n1   trade    风幕机      general\n"; got != want {
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
