package main

import (
	"strings"
	"testing"
)

func TestSchoolCommands(t *testing.T) {
	c := newCLI(t)
	if got, want := c.ok("school", "add", "--name", "第一中学"), "school 1: 第一中学\n"; got != want {
		t.Errorf("school add printed %q, want %q", got, want)
	}
	c.ok("school", "add", "--name", "第二中学", "--timezone", "Asia/Urumqi")
	if msg := c.fails(1, "school", "add", "--name", "第一中学"); !strings.Contains(msg, "already exists") {
		t.Errorf("a second 第一中学: %s", msg)
	}
	c.fails(2, "school", "add", "--name", "x", "--timezone", "Mars/Olympus")

	if got, want := c.ok("school", "list"), "ID  NAME      TIMEZONE       ACTIVE\n1   第一中学  Asia/Shanghai  true\n2   第二中学  Asia/Urumqi    true\n"; got != want {
		t.Errorf("school list printed\n%s\nwant\n%s", got, want)
	}

	if got, want := c.ok("school", "edit", "--school", "2", "--name", "第二实验中学", "--timezone", "Asia/Shanghai"), "school 2 updated\n"; got != want {
		t.Errorf("school edit printed %q, want %q", got, want)
	}
	c.fails(2, "school", "edit", "--school", "2", "--set", "no_such_rule=1")
	c.fails(2, "school", "edit", "--school", "2", "--set", "reminder_minutes=soon")
	c.fails(2, "school", "edit", "--name", "x")
	// The completion-photo rule and the photo retention are rules like the others.
	m := c.json("school", "edit", "--school", "1", "--set", "ask_done_photo=true", "--set", "photo_retention_days=730", "--json")
	if st := m["settings"].(map[string]any); st["ask_done_photo"] != true || st["photo_retention_days"] != 730.0 {
		t.Errorf("school edit --set ask_done_photo: %v", st)
	}
	c.fails(2, "school", "edit", "--school", "1", "--set", "ask_done_photo=maybe")
	c.fails(1, "school", "edit", "--school", "1", "--set", "photo_retention_days=1")

	if got, want := c.ok("school", "deactivate", "--school", "2"), "school 2 deactivated\n"; got != want {
		t.Errorf("school deactivate printed %q, want %q", got, want)
	}
	schools := c.json("school", "list")["schools"].([]any)
	if len(schools) != 2 {
		t.Fatalf("school list --json: %v", schools)
	}
	second := schools[1].(map[string]any)
	if second["name"] != "第二实验中学" || second["timezone"] != "Asia/Shanghai" || second["active"] != false {
		t.Errorf("after edit and deactivate: %v", second)
	}
	if m := c.json("school", "deactivate", "--school", "1"); id(m) != "1" || m["active"] != false {
		t.Errorf("school deactivate --json: %v", m)
	}
	c.fails(1, "school", "deactivate", "--school", "99")
}

func TestSchoolTelegramGroup(t *testing.T) {
	c := newCLI(t)
	c.ok("school", "add", "--name", "第一中学")
	if got, want := c.ok("school", "telegram-group", "--school", "1", "--chat", "-1001234567890", "--purpose", "gate"),
		"school 1: telegram group -1001234567890 (gate) saved\n"; got != want {
		t.Errorf("telegram-group printed %q, want %q", got, want)
	}
	m := c.json("school", "telegram-group", "--school", "1", "--chat", "-1001234567890")
	if m["id"] != "-1001234567890" || m["school_id"] != 1.0 || m["purpose"] != "maintenance" || m["removed"] != false {
		t.Errorf("telegram-group --json: %v", m)
	}
	if got, want := c.ok("school", "telegram-group", "--school", "1", "--chat", "-1001234567890", "--purpose", "gate", "--remove"),
		"school 1: telegram group -1001234567890 (gate) removed\n"; got != want {
		t.Errorf("telegram-group --remove printed %q, want %q", got, want)
	}
	c.fails(2, "school", "telegram-group", "--school", "1", "--chat", "@houqin_group")
	c.fails(2, "school", "telegram-group", "--school", "1", "--chat", "-100", "--purpose", "kitchen")
	c.fails(2, "school", "telegram-group", "--chat", "-100")
	c.fails(1, "school", "telegram-group", "--school", "99", "--chat", "-100")
}
