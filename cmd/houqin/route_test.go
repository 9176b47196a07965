package main

import (
	"strings"
	"testing"
)

func TestRouteCommands(t *testing.T) {
	c := newCLI(t)
	c.ok("school", "add", "--name", "第一中学")
	c.ok("school", "add", "--name", "第二中学")
	c.ok("staff", "add", "--school", "1", "--name", "王师傅", "--role", "worker", "--trade", "carpentry")
	c.ok("staff", "add", "--school", "1", "--name", "孙师傅", "--role", "worker", "--trade", "electrical")
	c.ok("staff", "add", "--school", "2", "--name", "周师傅", "--role", "worker", "--trade", "plumbing")
	if got, want := c.json("route", "list", "--school", "1"), map[string]any{"routes": nil}; got["routes"] != nil || len(got) != 1 {
		t.Errorf("route list --json of no routes: %v, want %v", got, want)
	}
	if got, want := c.ok("route", "add", "--school", "1", "--trade", "木工", "--worker", "1"), "route 1: carpentry (all buildings) → 王师傅\n"; got != want {
		t.Errorf("route add printed %q, want %q", got, want)
	}
	// A building with no location is a typo, refused.
	if msg := c.fails(1, "route", "add", "--school", "1", "--trade", "electrical", "--worker", "2", "--building", "实验楼"); !strings.Contains(msg, `no location in building "实验楼"`) {
		t.Errorf("unknown building: %s", msg)
	}
	c.ok("location", "add", "--school", "1", "--building", "实验楼", "--room", "物理实验室")
	r := c.json("route", "add", "--school", "1", "--trade", "electrical", "--worker", "2", "--building", "实验楼", "--priority", "2")
	if id(r) != "2" || r["building"] != "实验楼" || r["priority"] != 2.0 || r["worker_id"] != 2.0 {
		t.Errorf("route add --json: %v", r)
	}
	c.fails(2, "route", "add", "--school", "1", "--trade", "carpentry,electrical", "--worker", "1")
	c.fails(2, "route", "add", "--school", "1", "--trade", "carpentry")
	if msg := c.fails(1, "route", "add", "--school", "1", "--trade", "plumbing", "--worker", "3"); msg != "staff 3 (周师傅) is not at school 1" {
		t.Errorf("a worker of another school: %s", msg)
	}
	// Repairs go to workers only, and to a worker of the trade.
	c.ok("staff", "add", "--school", "1", "--name", "李老师", "--role", "teacher")
	if msg := c.fails(1, "route", "add", "--school", "1", "--trade", "carpentry", "--worker", "4"); !strings.Contains(msg, "李老师) is not a maintenance worker") {
		t.Errorf("a teacher: %s", msg)
	}
	if msg := c.fails(1, "route", "add", "--school", "1", "--trade", "plumbing", "--worker", "1"); !strings.Contains(msg, "王师傅) does not do plumbing") {
		t.Errorf("a carpenter for plumbing: %s", msg)
	}
	// A name where an id belongs: one clear usage error, no usage dump.
	out, err := c.run("route", "add", "--school", "1", "--trade", "carpentry", "--worker", "高师傅")
	if err == nil || exitCode(err) != 2 || !strings.Contains(err.Error(), `invalid value "高师傅" for flag -worker: want a number`) || strings.Contains(out, "Usage") || strings.Contains(err.Error(), "parse error") {
		t.Errorf("--worker 高师傅: %v\n%s", err, out)
	}

	if got, want := c.ok("route", "list", "--school", "1"),
		"ID  TRADE       BUILDING         WORKER      PRIORITY\n1   carpentry   (all buildings)  王师傅 (1)  1\n2   electrical  实验楼           孙师傅 (2)  2\n"; got != want {
		t.Errorf("route list printed\n%s\nwant\n%s", got, want)
	}
	if got, want := c.ok("route", "remove", "--route", "1"), "route 1 removed\n"; got != want {
		t.Errorf("route remove printed %q, want %q", got, want)
	}
	if m := c.json("route", "remove", "--route", "2"); id(m) != "2" || m["removed"] != true {
		t.Errorf("route remove --json: %v", m)
	}
	c.fails(1, "route", "remove", "--route", "99")
	if got := c.ok("route", "list", "--school", "1"); strings.Count(got, "\n") != 1 {
		t.Errorf("route list after removing every route:\n%s", got)
	}
}

func TestDutyAdd(t *testing.T) {
	c := newCLI(t)
	c.ok("school", "add", "--name", "第一中学")
	c.ok("staff", "add", "--school", "1", "--name", "王师傅", "--role", "worker", "--trade", "carpentry")
	if got, want := c.ok("duty", "add", "--school", "1", "--staff", "1", "--from", "2026-11-21 18:00", "--to", "2026-11-23 07:30", "--note", "周末值班"), "duty 1 saved\n"; got != want {
		t.Errorf("duty add printed %q, want %q", got, want)
	}
	if m := c.json("duty", "add", "--school", "1", "--staff", "1", "--from", "2026-11-24 18:00", "--to", "2026-11-25 07:30", "--trade", "木工"); id(m) != "2" {
		t.Errorf("duty add --json: %v", m)
	}
	c.fails(2, "duty", "add", "--school", "1", "--staff", "1", "--from", "2026-11-21", "--to", "2026-11-23 07:30")
	c.fails(2, "duty", "add", "--school", "1", "--staff", "1", "--from", "2026-11-23 07:30", "--to", "2026-11-21 18:00")
	c.fails(2, "duty", "add", "--school", "1", "--staff", "1", "--from", "2026-11-21 18:00", "--to", "2026-11-23 07:30", "--trade", "carpentry,av")
	c.fails(1, "duty", "add", "--school", "99", "--staff", "1", "--from", "2026-11-21 18:00", "--to", "2026-11-23 07:30")
}
