package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

// leaders adds a school with the three people who get its digest and a
// teacher who does not.
func leaders(c *cli, name string) {
	c.t.Helper()
	school := id(c.json("school", "add", "--name", name))
	for _, p := range [][2]string{{"张校长", "principal"}, {"刘副校长", "leader"}, {"陈主任", "head"}, {"李老师", "teacher"}} {
		c.ok("staff", "add", "--school", school, "--name", p[0], "--role", p[1])
	}
}

func outbox(t *testing.T, c *cli, school int64) int {
	t.Helper()
	n, err := c.db().Counts(context.Background(), school)
	if err != nil {
		t.Fatal(err)
	}
	return n["outbox"]
}

// TestDigestSend: --send queues yesterday's digest to the principal, the
// 分管领导 and the 总务主任 now, every time it is asked, and takes the day's
// claims, so the scheduler's 07:00 run does not send it again.
func TestDigestSend(t *testing.T) {
	c := newCLI(t)
	leaders(c, "第一中学")
	leaders(c, "第二中学")
	out := c.ok("digest", "--school", "1", "--send")
	loc := flows.LoadLocation("Asia/Shanghai")
	yesterday := time.Now().In(loc).AddDate(0, 0, -1).Format(time.DateOnly)
	if !strings.Contains(out, "digest of "+yesterday+" queued for 3 people") || !strings.Contains(out, "第一中学") {
		t.Errorf("digest --send printed:\n%s", out)
	}
	if n := outbox(t, c, 1); n != 3 {
		t.Errorf("digest --send queued %d notifications, want 3", n)
	}
	c.ok("digest", "--school", "1", "--send") // a deliberate resend
	if n := outbox(t, c, 1); n != 6 {
		t.Errorf("a second digest --send: %d notifications in all, want 6", n)
	}

	// The scheduler's digest job at 07:05 today: the first school's
	// digest of yesterday is claimed already, the second's is not.
	mods := productionModules(t, c.db())
	i := slices.IndexFunc(mods, func(m flows.Module) bool { return m.Name == "digest" })
	now := time.Now().In(loc)
	at := time.Date(now.Year(), now.Month(), now.Day(), 7, 5, 0, 0, loc)
	sched := &flows.Scheduler{Store: c.db(), Now: func() time.Time { return at }, Log: newLogger(&bytes.Buffer{}, "error"), Jobs: mods[i].Jobs}
	sched.Tick(context.Background())
	if n := outbox(t, c, 1); n != 6 {
		t.Errorf("the scheduler sent the first school's digest again: %d notifications, want 6", n)
	}
	if n := outbox(t, c, 2); n != 3 {
		t.Errorf("the scheduler queued %d digests for the second school, want 3", n)
	}

	c.fails(2, "digest", "--district", "--send")
	c.fails(2, "digest", "--school", "1", "--district")
	c.fails(2, "digest")
	c.fails(2, "digest", "--school", "1", "--format", "pdf")
	c.fails(2, "digest", "--school", "1", "--date", "20.11.2026")
	c.fails(1, "digest", "--school", "99")
}

func TestDigestFormats(t *testing.T) {
	c := newCLI(t)
	leaders(c, "第一中学")
	text := c.ok("digest", "--school", "1", "--date", "2026-11-20")
	if !strings.Contains(text, "第一中学") || !strings.Contains(text, "一切正常") || !strings.Contains(text, "详情：http://127.0.0.1:8080/digest/1/2026-11-20?exp=") {
		t.Errorf("digest --date printed:\n%s", text)
	}
	html := c.ok("digest", "--school", "1", "--date", "2026-11-20", "--format", "html")
	if !strings.Contains(html, "<html") || !strings.Contains(html, "/ledger/1/repairs/2026-11.xlsx?") {
		t.Errorf("digest --format html printed:\n%.400s", html)
	}
	district := c.ok("digest", "--district", "--date", "2026-11-20")
	if !strings.Contains(district, "第一中学") || !strings.Contains(district, "详情：http://127.0.0.1:8080/district/2026-11-20?exp=") {
		t.Errorf("digest --district printed:\n%s", district)
	}
	if html := c.ok("digest", "--district", "--date", "2026-11-20", "--format", "html"); !strings.Contains(html, "/digest/1/2026-11-20?") {
		t.Errorf("digest --district --format html printed:\n%.400s", html)
	}
}

func TestExport(t *testing.T) {
	c := newCLI(t)
	c.ok("school", "add", "--name", "第一中学")
	dir := t.TempDir()
	file := filepath.Join(dir, "报修.xlsx")
	m := c.json("export", "--ledger", "repairs", "--school", "1", "--month", "2026-11", "-o", file)
	if m["id"] != file || m["rows"] != 0.0 || m["ledger"] != "repairs" {
		t.Errorf("export --json: %v", m)
	}
	if b, err := os.ReadFile(file); err != nil || !bytes.HasPrefix(b, []byte("PK")) {
		t.Errorf("export wrote no workbook: %v", err)
	}
	// Without -o, the ledger's Chinese name in the current directory.
	t.Chdir(dir)
	out := c.ok("export", "--ledger", "visits", "--school", "1", "--month", "2026-11")
	name, ok := strings.CutPrefix(strings.TrimSpace(out), "来访登记簿: 0 条记录 → ")
	if _, err := os.Stat(name); !ok || err != nil {
		t.Errorf("export printed %q: %v", out, err)
	}
	if tmp, _ := filepath.Glob(filepath.Join(dir, ".houqin-ledger-*")); len(tmp) != 0 {
		t.Errorf("export left %v behind", tmp)
	}
	c.fails(2, "export", "--ledger", "inspections", "--school", "1", "--month", "2026-11")
	c.fails(2, "export", "--ledger", "repairs", "--school", "1")
	c.fails(2, "export", "--ledger", "repairs", "--school", "1", "--month", "November")
	c.fails(1, "export", "--ledger", "repairs", "--school", "99", "--month", "2026-11")
}
