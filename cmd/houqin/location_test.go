package main

import (
	"strings"
	"testing"
)

func TestLocationCommands(t *testing.T) {
	c := newCLI(t)
	c.ok("school", "add", "--name", "第一中学")
	c.ok("staff", "add", "--school", "1", "--name", "李老师", "--role", "teacher")
	if got, want := c.ok("location", "add", "--school", "1", "--building", "教学楼", "--floor", "3", "--room", "302", "--alias", "初二(3)班", "--alias", "初二3班", "--owner", "1"),
		"location 1: 教学楼302\n"; got != want {
		t.Errorf("location add printed %q, want %q", got, want)
	}
	c.ok("location", "add", "--school", "1", "--room", "校门")
	if msg := c.fails(1, "location", "add", "--school", "1", "--building", "教学楼", "--room", "302"); !strings.Contains(msg, "already exists") {
		t.Errorf("a second 教学楼302: %s", msg)
	}
	c.fails(2, "location", "add", "--school", "1", "--building", "教学楼")

	if got, want := c.ok("location", "list", "--school", "1"),
		"ID  BUILDING  FLOOR  ROOM  ALIASES             OWNER  ACTIVE\n2                    校门                      0      true\n1   教学楼    3      302   初二(3)班、初二3班  1      true\n"; got != want {
		t.Errorf("location list printed\n%s\nwant\n%s", got, want)
	}

	if got, want := c.ok("location", "edit", "--location", "2", "--building", "大门", "--alias", "门卫室"), "location 2 updated\n"; got != want {
		t.Errorf("location edit printed %q, want %q", got, want)
	}
	m := c.json("location", "edit", "--location", "1", "--owner", "0", "--room", "302室")
	if m["room"] != "302室" || m["owner_id"] != nil || strings.Join(anyStrings(m["aliases"]), ",") != "初二(3)班,初二3班" {
		t.Errorf("location edit --json: %v", m)
	}
	c.fails(1, "location", "edit", "--location", "99", "--room", "1")

	if got, want := c.ok("location", "deactivate", "--location", "2"), "location 2 deactivated\n"; got != want {
		t.Errorf("location deactivate printed %q, want %q", got, want)
	}
	if ls := c.json("location", "list", "--school", "1")["locations"].([]any); len(ls) != 1 {
		t.Errorf("location list after a deactivation: %v", ls)
	}
	all := byID(c.json("location", "list", "--school", "1", "--all")["locations"])
	if len(all) != 2 || all["2"]["active"] != false || all["2"]["building"] != "大门" {
		t.Errorf("location list --all: %v", all)
	}
	if m := c.json("location", "edit", "--location", "2", "--activate"); m["active"] != true {
		t.Errorf("location edit --activate: %v", m)
	}
	if m := c.json("location", "deactivate", "--location", "1"); id(m) != "1" || m["active"] != false {
		t.Errorf("location deactivate --json: %v", m)
	}
}

func TestLocationImport(t *testing.T) {
	c := newCLI(t)
	c.ok("school", "add", "--name", "第一中学")
	c.ok("staff", "add", "--school", "1", "--name", "李老师", "--role", "teacher")
	c.ok("staff", "add", "--school", "1", "--name", "王老师", "--role", "teacher")
	c.ok("staff", "add", "--school", "1", "--name", "王老师", "--role", "teacher") // two of them
	rooms := writeFile(t, "rooms.csv", "\uFEFF楼,楼层,房间,别名,负责人\n教学楼,3,302,初二(3)班、初二3班,李老师\n实验楼,2,物理实验室,,\n")
	if got, want := c.ok("location", "import", "--school", "1", "--file", rooms), "imported 2 locations (0 already there)\n"; got != want {
		t.Errorf("location import printed %q, want %q", got, want)
	}
	// A second import adds nothing and says which rooms were already there.
	if m := c.json("location", "import", "--school", "1", "--file", rooms); m["added"] != 0.0 || m["skipped"] != 2.0 ||
		!strings.Contains(strings.Join(anyStrings(m["already_there"]), ";"), "line 3: 实验楼物理实验室 (already location 2)") {
		t.Errorf("second import: %v", m)
	}
	ls := byID(c.json("location", "list", "--school", "1")["locations"])
	first := ls["1"]
	if len(ls) != 2 || first["owner_id"] != 1.0 || strings.Join(anyStrings(first["aliases"]), ",") != "初二(3)班,初二3班" {
		t.Errorf("imported: %v", ls)
	}
	// Every bad row is named, and nothing is imported.
	bad := writeFile(t, "bad.csv", "building,room,owner\n图书馆,阅览室,\n图书馆,,\n图书馆,书库,王老师\n图书馆,机房,张三\n图书馆,阅览室,\n")
	msg := c.fails(1, "location", "import", "--school", "1", "--file", bad)
	for _, want := range []string{"nothing imported", "line 3: room is empty", `line 4: owner "王老师" matches 2 staff`, `line 5: owner "张三" matches 0 staff`, "line 6: 图书馆阅览室 is already on line 2"} {
		if !strings.Contains(msg, want) {
			t.Errorf("bad import: %q lacks %q", msg, want)
		}
	}
	if strings.Contains(msg, "line 2:") {
		t.Errorf("bad import blames a good row: %s", msg)
	}
	if n := len(c.json("location", "list", "--school", "1")["locations"].([]any)); n != 2 {
		t.Errorf("a failed import added locations: %d", n)
	}
	c.fails(1, "location", "import", "--school", "1", "--file", writeFile(t, "empty.csv", ""))
}

// byID indexes a --json list by id.
func byID(list any) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, x := range list.([]any) {
		m := x.(map[string]any)
		out[id(m)] = m
	}
	return out
}
