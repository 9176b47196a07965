package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/pglocal/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// cli runs houqin commands in-process against one fresh database.
type cli struct {
	t   *testing.T
	env map[string]string
}

func newCLI(t *testing.T) *cli {
	return &cli{t: t, env: map[string]string{"HOUQIN_DATABASE_URL": pgtest.NewDB(t)}}
}

func (c *cli) run(args ...string) (string, error) {
	c.t.Helper()
	var out, errOut bytes.Buffer
	env := &Env{Stdout: &out, Stderr: &errOut, Stdin: strings.NewReader(""), Getenv: func(k string) string { return c.env[k] }}
	err := run(context.Background(), env, args)
	return out.String() + errOut.String(), err
}

// ok runs a command that must succeed and returns what it printed.
func (c *cli) ok(args ...string) string {
	c.t.Helper()
	out, err := c.run(args...)
	if err != nil {
		c.t.Fatalf("houqin %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return out
}

// fails runs a command that must fail with exit code code and returns
// the error's text.
func (c *cli) fails(code int, args ...string) string {
	c.t.Helper()
	out, err := c.run(args...)
	if err == nil || exitCode(err) != code {
		c.t.Fatalf("houqin %s: %v (exit %d), want exit %d\n%s", strings.Join(args, " "), err, exitCode(err), code, out)
	}
	return err.Error()
}

// db opens the CLI's database, for checking what a command wrote.
func (c *cli) db() *store.DB {
	c.t.Helper()
	db, err := store.Open(context.Background(), c.env["HOUQIN_DATABASE_URL"])
	if err != nil {
		c.t.Fatal(err)
	}
	c.t.Cleanup(func() { db.Close() })
	return db
}

// json runs a command with --json and decodes its one object.
func (c *cli) json(args ...string) map[string]any {
	c.t.Helper()
	out, err := c.run(append(args, "--json")...)
	if err != nil {
		c.t.Fatalf("houqin %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		c.t.Fatalf("houqin %s printed %q: %v", strings.Join(args, " "), out, err)
	}
	return m
}

func id(m map[string]any) string {
	v, ok := m["id"].(float64)
	if !ok {
		return ""
	}
	return strconv.FormatInt(int64(v), 10)
}

func TestAdminContract(t *testing.T) {
	c := newCLI(t)
	school := id(c.json("school", "add", "--name", "第一中学"))
	if school == "" {
		t.Fatal("school add printed no id")
	}
	teacher := id(c.json("staff", "add", "--school", school, "--name", "李老师", "--role", "teacher", "--phone", "13800000011"))
	worker := id(c.json("staff", "add", "--school", school, "--name", "王师傅", "--role", "worker", "--trade", "carpentry,building"))
	if teacher == "" || worker == "" {
		t.Fatal("staff add printed no id")
	}
	inv := c.json("staff", "invite", "--staff", teacher)
	if code, _ := inv["code"].(string); len(code) != 8 {
		t.Errorf("staff invite printed %v, want an 8-character code", inv)
	}
	loc := c.json("location", "add", "--school", school, "--building", "教学楼", "--room", "302", "--alias", "初二(3)班", "--owner", teacher)
	if id(loc) == "" || loc["aliases"].([]any)[0] != "初二(3)班" {
		t.Errorf("location add printed %v", loc)
	}
	if r := c.json("route", "add", "--school", school, "--trade", "carpentry", "--worker", worker); id(r) == "" || r["worker"] != "王师傅" {
		t.Errorf("route add printed %v", r)
	}
	// Chinese role and trade names work too; a CSV from Excel (with BOM) imports, and a second import adds nobody.
	csv := filepath.Join(t.TempDir(), "staff.csv")
	os.WriteFile(csv, []byte("\uFEFF姓名,角色,工种,电话\n赵老师,教师,,13800000013\n孙师傅,维修工,电工,13800000022\n"), 0o600)
	if m := c.json("staff", "import", "--school", school, "--file", csv); m["added"] != 2.0 {
		t.Errorf("first import: %v", m)
	}
	if m := c.json("staff", "import", "--school", school, "--file", csv); m["added"] != 0.0 || m["skipped"] != 2.0 {
		t.Errorf("second import: %v", m)
	}
	list := c.json("staff", "list", "--school", school)
	if n := len(list["staff"].([]any)); n != 4 {
		t.Errorf("staff list has %d people, want 4", n)
	}
	// A bad row names its line and imports nothing.
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("name,roles\n周老师,teacher\n吴某,janitor\n"), 0o600)
	out, err := c.run("staff", "import", "--school", school, "--file", bad)
	if err == nil || !strings.Contains(out+err.Error(), "line 3") || !strings.Contains(err.Error(), "janitor") {
		t.Errorf("bad import: %v %s", err, out)
	}
	if n := len(c.json("staff", "list", "--school", school)["staff"].([]any)); n != 4 {
		t.Errorf("a failed import added staff: %d", n)
	}
	if m := c.json("school", "edit", "--school", school, "--set", "small_due=20:30"); m["settings"].(map[string]any)["small_due"] != "20:30" {
		t.Errorf("school edit: %v", m)
	}
	if _, err := c.run("school", "edit", "--school", school, "--set", "small_due=17:00"); err == nil {
		t.Error("school edit accepted small_due before intake_cutoff")
	}
}

func TestUsage(t *testing.T) {
	c := &cli{t: t, env: map[string]string{}}
	out, err := c.run("help")
	if err != nil || !strings.Contains(out, "staff invite") || !strings.Contains(out, "demo") {
		t.Errorf("help: %v\n%s", err, out)
	}
	if _, err := c.run("frobnicate"); exitCode(err) != 2 {
		t.Errorf("unknown command: %v (exit %d), want a usage error", err, exitCode(err))
	}
	if _, err := c.run("staff"); err == nil || !strings.Contains(err.Error(), "invite") {
		t.Errorf("bare group: %v", err)
	}
	if _, err := c.run("staff", "add", "--school", "1", "--name", "x", "--role", "janitor"); exitCode(err) != 2 {
		t.Errorf("bad role: %v, want a usage error", err)
	}
}

// The command table is the help: in order, each name once, and every
// command answers -h with its usage (flag.ErrHelp, exit 0) without opening
// a database.
func TestCommandTable(t *testing.T) {
	c := &cli{t: t, env: map[string]string{}}
	help, err := c.run("help")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	at := 0
	for i, cmd := range commands {
		if seen[cmd.name] {
			t.Errorf("command %q is in the table twice", cmd.name)
		}
		seen[cmd.name] = true
		if i > 0 && commands[i-1].name >= cmd.name {
			t.Errorf("command %q comes after %q: help lists commands by name", cmd.name, commands[i-1].name)
		}
		line := fmt.Sprintf("  %-24s %s\n", cmd.name, cmd.summary)
		j := strings.Index(help[at:], line)
		if j < 0 {
			t.Errorf("help does not list %q in table order", cmd.name)
			continue
		}
		at += j + len(line)
		out, err := c.run(append(strings.Fields(cmd.name), "-h")...)
		if !errors.Is(err, flag.ErrHelp) || !strings.Contains(out, "Usage: houqin "+cmd.name+" ") {
			t.Errorf("houqin %s -h: %v\n%s", cmd.name, err, out)
		}
	}
}

func TestMigrate(t *testing.T) {
	c := newCLI(t) // a new, empty database
	// "database migrated", then the log line with the versions.
	if got, want := c.ok("migrate"), "database migrated\n"; !strings.HasPrefix(got, want) {
		t.Errorf("migrate printed %q, want %q", got, want)
	}
	if got, want := c.ok("migrate"), "database schema is up to date\n"; got != want {
		t.Errorf("migrate again printed %q, want %q", got, want)
	}
}

func TestWeChatMenu(t *testing.T) {
	c := newCLI(t)
	out := c.ok("wechat", "menu", "--dry-run")
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil || !strings.Contains(out, `"报修"`) || !strings.Contains(out, `"HELP"`) {
		t.Errorf("wechat menu --dry-run printed %q (%v)", out, err)
	}
	custom := writeFile(t, "menu.json", `{"button":[{"type":"click","name":"报修","key":"REPAIR"}]}`)
	if out := c.ok("wechat", "menu", "--dry-run", "--file", custom); strings.Contains(out, "来访登记") || !strings.Contains(out, "REPAIR") {
		t.Errorf("wechat menu --dry-run --file printed %q", out)
	}
	if msg := c.fails(1, "wechat", "menu", "--dry-run", "--file", writeFile(t, "bad.json", `{"button":`)); !strings.Contains(msg, "bad.json") {
		t.Errorf("a broken menu file: %s", msg)
	}
	if msg := c.fails(2, "wechat", "menu"); !strings.Contains(msg, "app_id is not configured") {
		t.Errorf("wechat menu without an account: %s", msg)
	}
}
