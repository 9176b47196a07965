package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckImportAndList(t *testing.T) {
	c := newCLI(t)
	school := id(c.json("school", "add", "--name", "第一中学"))
	c.json("staff", "add", "--school", school, "--name", "陈主任", "--role", "head")
	c.json("location", "add", "--school", school, "--building", "教学楼", "--room", "302")
	if m := c.json("check", "import", "--school", school, "--defaults"); m["added"] != float64(8) {
		t.Errorf("check import --defaults printed %v, want 8 added", m)
	}
	dir := t.TempDir()
	plans := filepath.Join(dir, "plans.csv")
	os.WriteFile(plans, []byte("\uFEFF计划,频次,周几,截止,负责人,检查项,地点\n消防器材月检,每月,,16:00,陈主任,灭火器完好,教学楼302\n实验室检查,每周,三,,总务主任,危化品柜上锁,\n夜间巡查,每日,,22:00,值班,门窗锁好,\n"), 0o644)
	if m := c.json("check", "import", "--school", school, "--file", plans); m["added"] != float64(2) || m["replaced"] != float64(1) {
		t.Errorf("check import --file printed %v, want 2 added and 1 replaced", m)
	}
	list := c.json("check", "list", "--school", school)
	ps, _ := list["plans"].([]any)
	if len(ps) != 10 {
		t.Fatalf("check list printed %d plans, want 10: %v", len(ps), list)
	}
	if night := ps[len(ps)-1].(map[string]any); night["name"] != "夜间巡查" || night["assignee"] != "值班人员（值班表）" {
		t.Errorf("a plan assigned to 值班 is listed as %v", night)
	}
	fire := ps[0].(map[string]any)
	if fire["name"] != "消防器材月检" || fire["assignee"] != "陈主任" || fire["when"] != "每月 16:00 前" || len(fire["items"].([]any)) != 1 {
		t.Errorf("the replaced plan is listed as %v", fire)
	}
	out, err := c.run("check", "list", "--school", school)
	if err != nil || !strings.Contains(out, "班级财产检查") || !strings.Contains(out, "每学期 2 次 17:00 前") {
		t.Errorf("check list: %v\n%s", err, out)
	}
	// A bad file imports nothing and says every problem.
	os.WriteFile(plans, []byte("plan,schedule,assignee,item\nA,hourly,门卫,x\nB,daily,赵老师,y\n"), 0o644)
	out, err = c.run("check", "import", "--school", school, "--file", plans)
	if err == nil || !strings.Contains(err.Error(), "line 2: A: frequency") {
		t.Errorf("a bad plan file: %v\n%s", err, out)
	}
	eq := filepath.Join(dir, "eq.csv")
	os.WriteFile(eq, []byte("器材,编号,位置,有效期\n灭火器,JX-1,教学楼302,2026-12-15\n灭火器,JX-2,一楼走廊,\n"), 0o644)
	if m := c.json("check", "import", "--school", school, "--equipment", eq); m["added"] != float64(2) {
		t.Errorf("check import --equipment printed %v", m)
	}
	if m := c.json("check", "rule", "--school", school, "--level", "重大", "--hours", "72"); m["level"] != "serious" {
		t.Errorf("check rule printed %v", m)
	}
	if _, err := c.run("check", "import", "--school", school); err == nil {
		t.Error("check import without a source: no error")
	}
	// The monthly report, as text and as a workbook; the safety ledgers export.
	out, err = c.run("check", "report", "--school", school, "--month", "2026-11")
	if err != nil || !strings.Contains(out, "【安全月报】第一中学 2026年11月") || !strings.Contains(out, "详情：") {
		t.Errorf("check report: %v\n%s", err, out)
	}
	xlsx := filepath.Join(dir, "report.xlsx")
	if out, err := c.run("check", "report", "--district", "--month", "2026-11", "--format", "xlsx", "-o", xlsx); err != nil {
		t.Errorf("check report --district: %v\n%s", err, out)
	} else if b, _ := os.ReadFile(xlsx); len(b) < 2 || string(b[:2]) != "PK" {
		t.Errorf("check report -o wrote %d bytes, not a workbook", len(b))
	}
	if m := c.json("export", "--ledger", "equipment", "--school", school, "--month", "2026-11", "-o", filepath.Join(dir, "eq.xlsx")); m["rows"] != float64(2) {
		t.Errorf("export --ledger equipment printed %v, want 2 rows", m)
	}
}
