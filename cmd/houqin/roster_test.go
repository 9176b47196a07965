package main

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
)

func TestNormalizePhone(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"13800000011", "13800000011"},
		{"138 0000 0011", "13800000011"},
		{"+86 138-0000-0011", "13800000011"},
		{"8613800000011", "13800000011"},
		{"１３８００００００１１", "13800000011"},
		{"0571-87654321", "0571-87654321"},
		{"057187654321", "0571-87654321"},
		{"010-12345678", "010-12345678"},
		{"01012345678", "010-12345678"},
		{"(010)12345678", "010-12345678"},
		{"0755 2345678", "0755-2345678"},
		{"0571-87654321-123", "0571-87654321-123"},
		{"", ""},
	} {
		got, err := normalizePhone(c.in)
		if err != nil || got != c.want {
			t.Errorf("normalizePhone(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
		if again, err := normalizePhone(got); err != nil || again != got {
			t.Errorf("normalizePhone(%q) = %q, %v; not idempotent", got, again, err)
		}
	}
	for _, bad := range []string{"123", "12800000011", "1380000001", "138000000111", "87654321", "0571-123", "电话13800000011", "0571-0654321", "abc"} {
		if got, err := normalizePhone(bad); err == nil {
			t.Errorf("normalizePhone(%q) = %q, want an error", bad, got)
		}
	}
}

func TestStaffPhoneValidated(t *testing.T) {
	c := newCLI(t)
	school := id(c.json("school", "add", "--name", "第一中学"))
	msg := c.fails(2, "staff", "add", "--school", school, "--name", "李老师", "--role", "teacher", "--phone", "123")
	if !strings.Contains(msg, `phone "123" is neither a mobile number`) {
		t.Errorf("phone 123: %s", msg)
	}
	m := c.json("staff", "add", "--school", school, "--name", "李老师", "--role", "teacher", "--phone", "+86 138 0000 0011")
	if m["phone"] != "13800000011" {
		t.Errorf("staff add stored phone %v", m["phone"])
	}
	c.fails(2, "staff", "edit", "--staff", id(m), "--phone", "5555")
	if m := c.json("staff", "edit", "--staff", id(m), "--phone", "0571-87654321"); m["phone"] != "0571-87654321" {
		t.Errorf("staff edit phone: %v", m)
	}
	if m := c.json("staff", "edit", "--staff", id(m), "--phone", "-"); m["phone"] != nil {
		t.Errorf("staff edit --phone -: %v", m)
	}
}

func TestStaffImportEncodingsAndDuplicates(t *testing.T) {
	c := newCLI(t)
	school := id(c.json("school", "add", "--name", "第一中学"))
	count := func() int { return len(c.json("staff", "list", "--school", school, "--all")["staff"].([]any)) }

	// Excel's plain CSV on Chinese Windows: GB18030, no BOM.
	gbk := writeFile(t, "staff.csv", gb18030(t, "姓名,角色,工种,电话\n赵老师,教师,,13800000013\n孙师傅,维修工,电工,0571-87654321\n"))
	if m := c.json("staff", "import", "--school", school, "--file", gbk); m["added"] != 2.0 {
		t.Fatalf("GB18030 import: %v", m)
	}
	if ss := c.ok("staff", "list", "--school", school); !strings.Contains(ss, "赵老师") || !strings.Contains(ss, "孙师傅") {
		t.Errorf("GB18030 names read wrong:\n%s", ss)
	}

	// An .xlsx workbook; a name already at the school is listed, not added.
	x := writeXLSX(t, "staff.xlsx", [][]any{{"姓名", "角色", "工种", "电话"}, {"钱阿姨", "食堂", "", "13900000001"}, {"赵老师", "教师", "", ""}})
	m := c.json("staff", "import", "--school", school, "--file", x)
	if m["added"] != 1.0 || m["skipped"] != 1.0 || !strings.Contains(strings.Join(anyStrings(m["already_there"]), ";"), "line 3: 赵老师 (already staff 1)") {
		t.Errorf("xlsx import: %v", m)
	}
	if out := c.ok("staff", "import", "--school", school, "--file", x); !strings.Contains(out, "not added again: line 2: 钱阿姨") {
		t.Errorf("a re-import does not name who was already there:\n%s", out)
	}

	// Every bad row at once, a name twice in the sheet among them, and nothing imported.
	bad := writeFile(t, "bad.csv", "\uFEFFname,roles,trades,phone\n周老师,teacher,,123\n吴师傅,worker,carpentry,\n吴师傅,worker,plumbing,\n郑老师,janitor,,\n冯老师,teacher,carpentry,\n")
	before := count()
	msg := c.fails(1, "staff", "import", "--school", school, "--file", bad)
	for _, want := range []string{"nothing imported", `line 2: phone "123"`, "line 4: 吴师傅 is already on line 3", `line 5: unknown role "janitor"`, "line 6: trade is only for workers"} {
		if !strings.Contains(msg, want) {
			t.Errorf("bad import: %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "line 3:") {
		t.Errorf("bad import blames a good row: %s", msg)
	}
	if n := count(); n != before {
		t.Errorf("a failed import added %d staff", n-before)
	}
}

func TestStaffAndLocationRemove(t *testing.T) {
	c := newCLI(t)
	school := id(c.json("school", "add", "--name", "第一中学"))
	typo := id(c.json("staff", "add", "--school", school, "--name", "王师付", "--role", "worker", "--trade", "carpentry"))
	teacher := id(c.json("staff", "add", "--school", school, "--name", "李老师", "--role", "teacher"))
	room := id(c.json("location", "add", "--school", school, "--building", "教学楼", "--room", "302", "--owner", typo))
	spare := id(c.json("location", "add", "--school", school, "--building", "教学楼", "--room", "303"))
	c.ok("route", "add", "--school", school, "--trade", "carpentry", "--worker", typo)
	c.ok("staff", "invite", "--staff", typo)

	// A mistaken record goes, with its routes and codes; the room loses its owner.
	if m := c.json("staff", "remove", "--staff", typo); m["removed"] != true {
		t.Errorf("staff remove: %v", m)
	}
	if r := c.json("route", "list", "--school", school); r["routes"] != nil {
		t.Errorf("routes of a removed worker: %v", r)
	}
	if l := c.json("location", "list", "--school", school)["locations"].([]any)[0].(map[string]any); l["owner_id"] != nil {
		t.Errorf("room still owned by a removed worker: %v", l)
	}
	c.fails(1, "staff", "remove", "--staff", typo)
	if m := c.json("location", "remove", "--location", spare); m["removed"] != true {
		t.Errorf("location remove: %v", m)
	}

	// Someone or somewhere with history stays: deactivate instead.
	db := c.db()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	if _, err := db.SQL().Exec(`
		INSERT INTO repairs (school_id, ref, reporter_id, location_id, trade, description, status, reported_at, due_at, updated_at)
		VALUES ($1, 'BX-1', $2, $3, 'carpentry', '课桌坏了', 'assigned', $4, $4, $4)`, school, teacher, room, now); err != nil {
		t.Fatal(err)
	}
	if msg := c.fails(1, "staff", "remove", "--staff", teacher); !strings.Contains(msg, "use houqin staff deactivate --staff "+teacher) {
		t.Errorf("staff with history: %s", msg)
	}
	if msg := c.fails(1, "location", "remove", "--location", room); !strings.Contains(msg, "use houqin location deactivate") {
		t.Errorf("location with history: %s", msg)
	}
	if n := len(c.json("staff", "list", "--school", school)["staff"].([]any)); n != 1 {
		t.Errorf("a refused removal changed the staff: %d", n)
	}
	c.fails(2, "staff", "remove")
	c.fails(2, "location", "remove")
}

func TestDutyCommands(t *testing.T) {
	c := newCLI(t)
	school := id(c.json("school", "add", "--name", "第一中学"))
	worker := id(c.json("staff", "add", "--school", school, "--name", "王师傅", "--role", "worker", "--trade", "carpentry"))
	teacher := id(c.json("staff", "add", "--school", school, "--name", "李老师", "--role", "teacher"))
	from, to := time.Now().Add(24*time.Hour).Format("2006-01-02 15:04"), time.Now().Add(48*time.Hour).Format("2006-01-02 15:04")
	if msg := c.fails(1, "duty", "add", "--school", school, "--staff", teacher, "--from", from, "--to", to); !strings.Contains(msg, "is not a maintenance worker") {
		t.Errorf("duty for a teacher: %s", msg)
	}
	if msg := c.fails(1, "duty", "add", "--school", school, "--staff", worker, "--trade", "plumbing", "--from", from, "--to", to); !strings.Contains(msg, "does not do plumbing") {
		t.Errorf("duty for another trade: %s", msg)
	}
	d := id(c.json("duty", "add", "--school", school, "--staff", worker, "--from", from, "--to", to, "--note", "周末值班"))
	out := c.ok("duty", "list", "--school", school)
	if !strings.Contains(out, "王师傅 ("+worker+")") || !strings.Contains(out, from) || !strings.Contains(out, "周末值班") {
		t.Errorf("duty list:\n%s", out)
	}
	ds := c.json("duty", "list", "--school", school)["duties"].([]any)
	if len(ds) != 1 || !strings.HasSuffix(ds[0].(map[string]any)["starts_at"].(string), "+08:00") {
		t.Errorf("duty list --json: %v", ds)
	}
	// Edit: times in the school's zone, another worker, never a teacher.
	sun := id(c.json("staff", "add", "--school", school, "--name", "孙师傅", "--role", "worker", "--trade", "electrical"))
	if m := c.json("duty", "edit", "--duty", d, "--staff", sun, "--to", "2030-01-02 07:30"); m["staff"] != "孙师傅" || m["ends_at"] != "2030-01-02T07:30:00+08:00" {
		t.Errorf("duty edit: %v", m)
	}
	c.fails(1, "duty", "edit", "--duty", d, "--staff", teacher)
	c.fails(2, "duty", "edit", "--duty", d, "--to", "2000-01-01 00:00")
	if m := c.json("duty", "remove", "--duty", d); m["removed"] != true {
		t.Errorf("duty remove: %v", m)
	}
	if ds := c.json("duty", "list", "--school", school)["duties"].([]any); len(ds) != 0 {
		t.Errorf("after remove: %v", ds)
	}
	c.fails(1, "duty", "remove", "--duty", d)
	c.fails(2, "duty", "list")
}

func TestMenuShow(t *testing.T) {
	c := newCLI(t)
	school := id(c.json("school", "add", "--name", "第一中学"))
	menu := writeFile(t, "menu.csv", "日期,餐次,菜品\n2026-11-23,午餐,红烧肉\n2026-11-23,午餐,米饭\n2026-11-24,午餐,宫保鸡丁\n")
	c.ok("menu", "set", "--school", school, "--file", menu)
	c.ok("school", "calendar", "closed", "--school", school, "--from", "2026-11-24", "--reason", "校庆")
	out := c.ok("menu", "show", "--school", school, "--date", "2026-11-23", "--days", "2")
	for _, want := range []string{"2026-11-23 周一 午餐: 红烧肉、米饭", "2026-11-23 周一 早餐: (no menu)", "2026-11-24 周二: 校庆", "2026-11-24 周二 午餐: 宫保鸡丁  (not served by the calendar)"} {
		if !strings.Contains(out, want) {
			t.Errorf("menu show lacks %q:\n%s", want, out)
		}
	}
	m := c.json("menu", "show", "--school", school, "--date", "2026-11-23", "--days", "1")
	if ms := m["meals"].([]any); len(ms) != 3 {
		t.Errorf("menu show --json: %v", m)
	}
	c.fails(2, "menu", "show", "--school", school, "--date", "11/23")
}

func TestRouteEdit(t *testing.T) {
	c := newCLI(t)
	school := id(c.json("school", "add", "--name", "第一中学"))
	w := id(c.json("staff", "add", "--school", school, "--name", "王师傅", "--role", "worker", "--trade", "carpentry"))
	c.ok("location", "add", "--school", school, "--building", "实验楼", "--room", "物理实验室")
	r := id(c.json("route", "add", "--school", school, "--trade", "carpentry", "--worker", w))
	if m := c.json("route", "edit", "--route", r, "--priority", "3", "--building", "实验楼"); m["priority"] != 3.0 || m["building"] != "实验楼" {
		t.Errorf("route edit: %v", m)
	}
	if msg := c.fails(1, "route", "edit", "--route", r, "--building", "图书馆"); !strings.Contains(msg, `no location in building "图书馆"`) {
		t.Errorf("route edit to an unknown building: %s", msg)
	}
	if m := c.json("route", "edit", "--route", r, "--building", "-"); m["building"] != "" {
		t.Errorf("route edit --building -: %v", m)
	}
	c.ok("route", "remove", "--route", r)
	if m := c.json("route", "edit", "--route", r, "--activate"); m["active"] != true {
		t.Errorf("route edit --activate: %v", m)
	}
	if rs := c.json("route", "list", "--school", school)["routes"].([]any); len(rs) != 1 {
		t.Errorf("routes after reactivation: %v", rs)
	}
	c.fails(2, "route", "edit", "--priority", "2")
	c.fails(1, "route", "edit", "--route", "99", "--priority", "2")
}

// TestCheckDuty: a duty for checks (duty add --for check) takes any staff
// member and no trade, lists as checks, is whom a 值班 plan's window
// belongs to (store.Tx.CheckDuty), and never routes a repair: with only a
// teacher on check duty, a report goes by the routes.
func TestCheckDuty(t *testing.T) {
	c := newCLI(t)
	school := id(c.json("school", "add", "--name", "第一中学"))
	worker := id(c.json("staff", "add", "--school", school, "--name", "王师傅", "--role", "worker", "--trade", "carpentry"))
	teacher := id(c.json("staff", "add", "--school", school, "--name", "李老师", "--role", "teacher"))
	c.ok("route", "add", "--school", school, "--trade", "carpentry", "--worker", worker)
	now := time.Now().In(flows.LoadLocation("Asia/Shanghai")) // the school's zone, as duty add reads times
	from, to := now.Add(-time.Hour).Format("2006-01-02 15:04"), now.Add(time.Hour).Format("2006-01-02 15:04")
	c.fails(2, "duty", "add", "--school", school, "--staff", teacher, "--for", "check", "--trade", "carpentry", "--from", from, "--to", to)
	c.fails(2, "duty", "add", "--school", school, "--staff", teacher, "--for", "lunch", "--from", from, "--to", to)
	d := id(c.json("duty", "add", "--school", school, "--staff", teacher, "--for", "check", "--from", from, "--to", to, "--note", "行政值班"))
	if out := c.ok("duty", "list", "--school", school); !strings.Contains(out, "checks (值班)") || !strings.Contains(out, "李老师 ("+teacher+")") {
		t.Errorf("duty list:\n%s", out)
	}
	if ds := c.json("duty", "list", "--school", school)["duties"].([]any); len(ds) != 1 || ds[0].(map[string]any)["purpose"] != "check" {
		t.Errorf("duty list --json: %v", ds)
	}
	c.fails(2, "duty", "edit", "--duty", d, "--trade", "carpentry")

	db := c.db()
	sid, _ := strconv.ParseInt(school, 10, 64)
	tid, _ := strconv.ParseInt(teacher, 10, 64)
	wid, _ := strconv.ParseInt(worker, 10, 64)
	err := db.InTx(context.Background(), func(ft flows.Tx) error {
		tx := ft.(*store.Tx)
		ids, err := tx.CheckDuty(context.Background(), sid, now.Add(-time.Minute), now)
		if err != nil {
			return err
		}
		if !slices.Equal(ids, []int64{tid}) {
			t.Errorf("on check duty now: %v, want [%d]", ids, tid)
		}
		if ids, _ := tx.CheckDuty(context.Background(), sid, now.Add(2*time.Hour), now.Add(3*time.Hour)); len(ids) != 0 {
			t.Errorf("on check duty after the duty: %v", ids)
		}
		cands, err := tx.RouteCandidates(context.Background(), sid, flows.TradeCarpentry, "", now)
		if err != nil {
			return err
		}
		if len(cands) != 1 || cands[0].StaffID != wid || cands[0].OnDuty {
			t.Errorf("repair candidates with a teacher on check duty: %+v, want the route's worker only", cands)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
