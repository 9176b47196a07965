package main

import (
	"strings"
	"testing"
)

func TestStaffCommands(t *testing.T) {
	c := newCLI(t)
	c.ok("school", "add", "--name", "第一中学")
	if got, want := c.ok("staff", "add", "--school", "1", "--name", "李老师", "--role", "教师", "--phone", "13800000011"), "staff 1: 李老师\n"; got != want {
		t.Errorf("staff add printed %q, want %q", got, want)
	}
	c.ok("staff", "add", "--school", "1", "--name", "王师傅", "--role", "worker", "--trade", "木工")
	if msg := c.fails(2, "staff", "add", "--school", "1", "--name", "赵老师", "--role", "teacher", "--trade", "electrical"); msg != "staff add: --trade is only for workers (--role worker)" {
		t.Errorf("a teacher with a trade: %s", msg)
	}
	c.fails(2, "staff", "add", "--school", "1", "--name", "赵老师")
	c.fails(2, "staff", "add", "--name", "赵老师", "--role", "teacher")
	c.fails(1, "staff", "add", "--school", "99", "--name", "赵老师", "--role", "teacher")

	if got, want := c.ok("staff", "list", "--school", "1"),
		"ID  NAME    ROLES    TRADES     PHONE        ACTIVE\n1   李老师  teacher             13800000011  true\n2   王师傅  worker   carpentry               true\n"; got != want {
		t.Errorf("staff list printed\n%s\nwant\n%s", got, want)
	}

	if got, want := c.ok("staff", "edit", "--staff", "1", "--phone", "13900000011", "--role", "teacher,head"), "staff 1 updated\n"; got != want {
		t.Errorf("staff edit printed %q, want %q", got, want)
	}
	m := c.json("staff", "edit", "--staff", "2", "--trade", "electrical,plumbing", "--name", "王建国")
	if m["name"] != "王建国" || strings.Join(anyStrings(m["trades"]), ",") != "electrical,plumbing" {
		t.Errorf("staff edit --json: %v", m)
	}
	if m := c.json("staff", "edit", "--staff", "2", "--trade", "-"); len(m["trades"].([]any)) != 0 {
		t.Errorf("staff edit --trade -: %v", m)
	}
	// Only workers have trades (flows.Staff.Validate), in an edit as in an add.
	if msg := c.fails(2, "staff", "edit", "--staff", "1", "--trade", "electrical"); msg != "staff edit: --trade is only for workers (--role worker)" {
		t.Errorf("a trade for a teacher: %s", msg)
	}
	c.ok("staff", "edit", "--staff", "2", "--trade", "av")
	c.fails(2, "staff", "edit", "--staff", "2", "--role", "teacher")
	c.ok("staff", "edit", "--staff", "2", "--role", "teacher", "--trade", "-")
	c.ok("staff", "edit", "--staff", "2", "--role", "worker")
	c.fails(2, "staff", "edit", "--staff", "1", "--role", "janitor")
	c.fails(2, "staff", "edit", "--staff", "1", "--trade", "welding")
	c.fails(1, "staff", "edit", "--staff", "99", "--phone", "1")

	if got, want := c.ok("staff", "deactivate", "--staff", "1"), "staff 1 deactivated; their chat accounts no longer work\n"; got != want {
		t.Errorf("staff deactivate printed %q, want %q", got, want)
	}
	if n := len(c.json("staff", "list", "--school", "1")["staff"].([]any)); n != 1 {
		t.Errorf("staff list after a deactivation has %d people, want 1", n)
	}
	all := c.json("staff", "list", "--school", "1", "--all")["staff"].([]any)
	first := all[0].(map[string]any)
	if len(all) != 2 || first["active"] != false || first["phone"] != "13900000011" || strings.Join(anyStrings(first["roles"]), ",") != "teacher,head" {
		t.Errorf("staff list --all: %v", all)
	}
	if m := c.json("staff", "edit", "--staff", "1", "--activate"); m["active"] != true {
		t.Errorf("staff edit --activate: %v", m)
	}
	if m := c.json("staff", "deactivate", "--staff", "2"); id(m) != "2" || m["active"] != false {
		t.Errorf("staff deactivate --json: %v", m)
	}
}

func TestStaffInvite(t *testing.T) {
	c := newCLI(t)
	c.ok("school", "add", "--name", "第一中学")
	c.ok("staff", "add", "--school", "1", "--name", "李老师", "--role", "teacher")
	out := c.ok("staff", "invite", "--staff", "1")
	code, _, ok := strings.Cut(strings.TrimPrefix(out, "binding code: "), " ")
	if !ok || len(code) != 8 || !strings.Contains(out, "「绑定 "+code+"」") || !strings.Contains(out, "t.me/BOT?start="+code) {
		t.Errorf("staff invite printed %q", out)
	}
	// The expiry is in the school's zone (Asia/Shanghai, +08:00), not UTC.
	exp := c.json("staff", "invite", "--staff", "1")["expires_at"].(string)
	if !strings.HasSuffix(exp, "+08:00") || !strings.Contains(out, "Asia/Shanghai") {
		t.Errorf("expiry %q / %q is not in the school's zone", exp, out)
	}
	c.ok("school", "add", "--name", "乌鲁木齐一中", "--timezone", "Asia/Urumqi")
	c.ok("staff", "add", "--school", "2", "--name", "阿依古丽", "--role", "teacher")
	if exp := c.json("staff", "invite", "--staff", "2")["expires_at"].(string); !strings.HasSuffix(exp, "+06:00") {
		t.Errorf("expiry %q is not in Asia/Urumqi", exp)
	}
	c.fails(2, "staff", "invite")
	c.fails(1, "staff", "invite", "--staff", "99")
}

func anyStrings(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}
