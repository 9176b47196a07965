package main

import (
	"context"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store/storetest"
)

// TestDistrictOfficeMessages runs serve's modules and scheduler on
// PostgreSQL with a school and the district office (school edit --set
// district_office=true): on the first of the month the office's leaders
// are sent the district's morning view and safety report, each with the
// district page's link, and no digest of the office itself.
func TestDistrictOfficeMessages(t *testing.T) {
	c := newCLI(t)
	c.ok("migrate")
	db := c.db()
	storetest.Seed(t, db, "一中")
	// The office as the README sets it up.
	officeID := id(c.json("school", "add", "--name", "区教育局后勤科"))
	c.ok("school", "edit", "--school", officeID, "--set", "district_office=true")
	for _, p := range [][2]string{{"孙科长", "leader"}, {"吴科长", "principal"}, {"郑主任", "head"}, {"小王", "teacher"}} {
		c.ok("staff", "add", "--school", officeID, "--name", p[0], "--role", p[1])
	}
	office, _ := strconv.ParseInt(officeID, 10, 64)

	cfg := DefaultConfig()
	cfg.HTTP.PublicURL = "https://houqin.example.edu.cn"
	at := time.Date(2026, 12, 1, 7, 30, 0, 0, flows.LoadLocation("Asia/Shanghai"))
	log := newLogger(io.Discard, "error")
	mods := modules(db, cfg, func() time.Time { return at }, log)
	sched := newScheduler(db, cfg, mods, func() time.Time { return at }, log)
	// Two days of ticks: the morning's messages once, and nothing a
	// school's day brings (meals without samples, checks owed).
	for ; at.Before(time.Date(2026, 12, 2, 23, 0, 0, 0, at.Location())); at = at.Add(30 * time.Minute) {
		sched.Tick(context.Background())
	}

	var rows []struct {
		Kind string `db:"kind"`
		Body string `db:"body"`
		Link string `db:"link"`
	}
	if err := db.SQL().Select(&rows, `SELECT kind, body, link FROM outbox WHERE school_id = $1 ORDER BY id`, office); err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, r := range rows {
		got[r.Kind]++
		switch r.Kind {
		case "digest.district":
			if !strings.HasPrefix(r.Link, cfg.HTTP.PublicURL+"/district/2026-1") || !strings.Contains(r.Body, "【全区 1") || !strings.Contains(r.Body, "一中") || strings.Contains(r.Body, "区教育局") {
				t.Errorf("district view: %q, link %q", r.Body, r.Link)
			}
		case "safety.report":
			if r.Link != cfg.HTTP.PublicURL+"/safety/district/2026-11" || !strings.Contains(r.Body, "【全区安全月报】2026年11月") {
				t.Errorf("district report: %q, link %q", r.Body, r.Link)
			}
		default:
			t.Errorf("the office was sent %s: %q", r.Kind, r.Body)
		}
	}
	// Three leaders: the view on each of two mornings, the report once.
	if got["digest.district"] != 6 || got["safety.report"] != 3 {
		t.Errorf("office notifications by kind: %v, want the view twice and the report once to each of its three leaders", got)
	}
}

// TestExportDistrictLedger: `export --district` writes every school's
// records of the month in one workbook under the office's name, without
// the office's own; visitors' details stay with each school.
func TestExportDistrictLedger(t *testing.T) {
	c := newCLI(t)
	c.ok("migrate")
	db := c.db()
	for _, name := range []string{"一中", "二中"} {
		s := storetest.Seed(t, db, name)
		storetest.DigestRepairs(t, db, s)
	}
	officeID := id(c.json("school", "add", "--name", "区教育局后勤科"))
	c.ok("school", "edit", "--school", officeID, "--set", "district_office=true")

	file := filepath.Join(t.TempDir(), "district.xlsx")
	m := c.json("export", "--ledger", "repairs", "--district", "--month", "2026-11", "-o", file)
	if m["id"] != file || m["schools"] != 2.0 || m["rows"] == 0.0 {
		t.Fatalf("export --district: %v", m)
	}
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("报修台账")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, r := range rows[2:] {
		seen[r[1]]++
	}
	if rows[0][0] != "区教育局后勤科 报修台账（2026年11月，2 所学校）" || seen["一中"] == 0 || seen["一中"] != seen["二中"] || len(seen) != 2 {
		t.Errorf("the district's 报修台账: title %q, rows by school %v", rows[0][0], seen)
	}
	if msg := c.fails(2, "export", "--ledger", "visits", "--district", "--month", "2026-11"); !strings.Contains(msg, "each school's own") {
		t.Errorf("export --district of the visitors' ledger: %s", msg)
	}
	c.fails(2, "export", "--ledger", "repairs", "--district", "--school", "1", "--month", "2026-11")
}
