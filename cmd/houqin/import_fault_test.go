package main

import (
	"database/sql"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

// An import is one transaction: when the database refuses a row halfway
// through a sheet (here a trigger only PostgreSQL knows about, standing in
// for a constraint, a full disk or a lost connection), the rows already
// inserted before it are rolled back with it. Every table must read as
// before; only sequences, which PostgreSQL never rolls back, may move, and
// their moving proves rows were written before the failure.
func TestImportFailingHalfwayWritesNothing(t *testing.T) {
	c := newCLI(t)
	url := c.env["HOUQIN_DATABASE_URL"]
	c.ok("school", "add", "--name", "第一中学")
	c.ok("staff", "add", "--school", "1", "--name", "李老师", "--role", "teacher")
	c.ok("menu", "set", "--school", "1", "--file", writeFile(t, "menu0.csv", "日期,餐次,菜品\n2026-11-20,午餐,红烧肉\n"))

	raw, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	// refuse_row fails any inserted or updated row whose text contains
	// the marker 故障 (a name, room, dish or reason in the sheets below).
	for _, q := range []string{
		`CREATE FUNCTION refuse_row() RETURNS trigger LANGUAGE plpgsql AS $$
		BEGIN
			IF NEW::text LIKE '%故障%' THEN
				RAISE EXCEPTION 'test trigger refuses %', TG_TABLE_NAME;
			END IF;
			RETURN NEW;
		END $$`,
		`CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON staff FOR EACH ROW EXECUTE FUNCTION refuse_row()`,
		`CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON locations FOR EACH ROW EXECUTE FUNCTION refuse_row()`,
		`CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON menus FOR EACH ROW EXECUTE FUNCTION refuse_row()`,
		`CREATE TRIGGER refuse BEFORE INSERT OR UPDATE ON meal_days FOR EACH ROW EXECUTE FUNCTION refuse_row()`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	seq := func(name string) string { return fingerprint(t, url)["sequence public."+name] }

	cases := []struct {
		name, seq string // the import, and the sequence its inserts advance ("" for none)
		args      []string
		file      string
	}{
		{"staff", "staff_id_seq", []string{"staff", "import", "--school", "1", "--file"},
			"姓名,角色,工种,电话\n王老师,teacher,,\n孙师傅,worker,电工,13800138000\n故障师傅,worker,plumbing,\n"},
		{"locations", "locations_id_seq", []string{"location", "import", "--school", "1", "--file"},
			"楼,楼层,房间,别名,负责人\n教学楼,3,302,,李老师\n教学楼,3,303,,\n实验楼,2,故障室,,\n"},
		{"menu", "menus_id_seq", []string{"menu", "set", "--school", "1", "--file"},
			"日期,餐次,菜品\n2026-11-20,午餐,宫保鸡丁\n2026-11-21,午餐,清炒菜心\n2026-11-21,晚餐,故障汤\n"},
		{"calendar", "", []string{"school", "calendar", "import", "--school", "1"},
			"开始日期,结束日期,类型,餐次,说明\n2026-10-01,2026-10-07,放假,,国庆\n2026-10-10,,调休,,故障日\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := fingerprint(t, url)
			seqBefore := seq(tc.seq)
			out, err := c.run(append(tc.args, writeFile(t, tc.name+".csv", tc.file))...)
			if err == nil || exitCode(err) != 1 {
				t.Fatalf("import went through the trigger: %v\n%s", err, out)
			}
			if msg := err.Error(); !strings.Contains(msg, "nothing") || !strings.Contains(msg, "test trigger refuses") {
				t.Errorf("error %q does not say nothing was written, and why", msg)
			}
			after := fingerprint(t, url)
			for k, v := range before {
				if !strings.HasPrefix(k, "sequence ") && after[k] != v {
					t.Errorf("%s changed: %s, was %s", k, after[k], v)
				}
			}
			if tc.seq != "" {
				// Two good rows were inserted, inside the transaction, before the
				// refused one: the id sequence moved by three.
				if got := seq(tc.seq); got == seqBefore || got == "" {
					t.Errorf("%s stayed at %s: the refused row was not reached after good ones", tc.seq, got)
				}
			}
		})
	}
	// The same sheets without the marker go in whole.
	c.ok("staff", "import", "--school", "1", "--file", writeFile(t, "ok.csv", "姓名,角色\n王老师,teacher\n"))
	if dishes, err := c.db().Menu(ctx, 1, time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), flows.MealLunch); err != nil || strings.Join(dishes, ",") != "红烧肉" {
		t.Errorf("lunch after the refused menu: %v, %v; want 红烧肉 kept", dishes, err)
	}
}
