package visit

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// The corpus: guards' messages as they are typed at a school gate, each
// labelled with what it means (testdata/corpus/guards.tsv). TestCorpus
// sends every message, alone, to a fresh school as its guard and reads
// the check-in draft the message left: what houqin understood, before any
// question is answered. It prints the accuracy of each field with -v and
// fails when a field is right for less than corpusTarget of the messages.
//
//	go test -run TestCorpus -v ./flows/visit/

// corpusTarget is the acceptance threshold, per field.
const corpusTarget = 0.97

// corpusFields are the labelled fields, in the file's column order.
var corpusFields = []string{"name", "id", "phone", "host", "purpose", "org", "plate", "party"}

type corpusCase struct {
	line int
	msg  string
	want map[string]string
}

func readCorpus(t *testing.T, path string) []corpusCase {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusCase
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 1+len(corpusFields) {
			t.Fatalf("%s:%d: %d columns, want %d", path, n, len(cols), 1+len(corpusFields))
		}
		c := corpusCase{line: n, msg: strings.ReplaceAll(cols[0], `\n`, "\n"), want: map[string]string{}}
		for i, f := range corpusFields {
			c.want[f] = cols[i+1]
		}
		hosts := strings.Split(c.want["host"], "|")
		slices.Sort(hosts)
		c.want["host"] = strings.Join(hosts, "|")
		out = append(out, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// corpusStaff is the corpus school's staff: names people really have, so
// that full names, surnames and titles are told apart (李建国 and 蒋国栋
// share 国; 王丽 and 王芳, 李建国 and 李娜 share a surname).
var corpusStaff = []flowtest.Person{
	{Name: "张志明", Roles: []flows.Role{flows.RolePrincipal}},
	{Name: "刘建华", Roles: []flows.Role{flows.RoleLeader}},
	{Name: "陈伟", Roles: []flows.Role{flows.RoleHead}},
	{Name: "孙海燕", Roles: []flows.Role{flows.RoleTeacher}},
	{Name: "周红", Roles: []flows.Role{flows.RoleTeacher}},
	{Name: "李建国", Roles: []flows.Role{flows.RoleTeacher}},
	{Name: "李娜", Roles: []flows.Role{flows.RoleTeacher}},
	{Name: "蒋国栋", Roles: []flows.Role{flows.RoleTeacher}},
	{Name: "王丽", Roles: []flows.Role{flows.RoleTeacher}},
	{Name: "王芳", Roles: []flows.Role{flows.RoleTeacher}},
	{Name: "赵敏", Roles: []flows.Role{flows.RoleTeacher}},
	{Name: "吴晓东", Roles: []flows.Role{flows.RoleTeacher}},
	{Name: "郑小红", Roles: []flows.Role{flows.RoleTeacher}},
	{Name: "马超", Roles: []flows.Role{flows.RoleTeacher}},
	{Name: "何永强", Roles: []flows.Role{flows.RoleWorker}, Trades: []flows.Trade{flows.TradeElectrical}},
	{Name: "老郑", Roles: []flows.Role{flows.RoleGuard}},
	{Name: "钱秀英", Roles: []flows.Role{flows.RoleCanteen}},
}

// corpusPlaces are the rooms that name a host: classrooms owned by their
// 班主任 (and dormitory rooms with the same numbers, owned by nobody), and
// offices owned by their heads.
var corpusPlaces = []struct{ building, room, alias, owner string }{
	{"教学楼", "101", "初一(2)班", "王丽"},
	{"教学楼", "105", "初一(5)班", "马超"},
	{"教学楼", "201", "初二(1)班", "赵敏"},
	{"教学楼", "203", "初二(3)班", "李建国"},
	{"教学楼", "301", "初三(1)班", "蒋国栋"},
	{"教学楼", "304", "初三(4)班", "吴晓东"},
	{"宿舍楼", "203", "", ""},
	{"宿舍楼", "301", "", ""},
	{"行政楼", "205", "总务处", "陈伟"},
	{"行政楼", "206", "教务处", "孙海燕"},
	{"行政楼", "207", "德育处", "周红"},
	{"行政楼", "301", "校长办公室", "张志明"},
	{"大门", "门卫室", "", ""},
}

func newCorpusWorld(tb testing.TB) (*flowtest.World, *flowtest.Core) {
	tb.Helper()
	c := flowtest.NewCore()
	s := c.AddSchool("实验中学")
	for _, p := range corpusStaff {
		st := c.AddStaff(flows.Staff{SchoolID: s.ID, Name: p.Name, Roles: p.Roles, Trades: p.Trades})
		c.Bind(flows.ChannelConsole, p.Name, st)
	}
	for _, p := range corpusPlaces {
		l := flows.Location{SchoolID: s.ID, Building: p.building, Room: p.room}
		if p.alias != "" {
			l.Aliases = []string{p.alias}
		}
		if p.owner != "" {
			o, err := c.StaffNamed(p.owner)
			if err != nil {
				tb.Fatal(err)
			}
			l.OwnerID = o.ID
		}
		c.AddLocation(l)
	}
	w := &world{Core: c, fakeStore: &fakeStore{core: c}}
	return &flowtest.World{Core: c, Store: &flowtest.Store{Tx: w}, Modules: []flows.Module{Module(testVault(tb))}}, c
}

// understood is what the guard's message left in the draft, as the
// corpus labels it.
func understood(t *testing.T, c *flowtest.Core, vault *IDVault) map[string]string {
	t.Helper()
	s, err := c.Session(context.Background(), flows.ChannelConsole, "老郑")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range corpusFields {
		got[f] = ""
	}
	if s.Flow != flowCheckIn {
		got["party"] = "1"
		return got
	}
	var d visitDraft
	if err := json.Unmarshal(s.Data, &d); err != nil {
		t.Fatal(err)
	}
	got["name"] = d.Name
	got["phone"] = d.Phone
	got["org"] = d.Org
	got["plate"] = d.Plate
	got["party"] = strconv.Itoa(max(d.Party, 1))
	got["purpose"] = d.Purpose
	if d.PurposeNote != "" {
		got["purpose"] = d.PurposeNote
	}
	got["host"] = d.HostName
	if len(d.HostCands) > 1 {
		var names []string
		for _, id := range d.HostCands {
			st, err := c.StaffByID(context.Background(), id)
			if err != nil {
				t.Fatal(err)
			}
			names = append(names, st.Name)
		}
		slices.Sort(names)
		got["host"] = strings.Join(names, "|")
	}
	number := ""
	if d.IDSealed != nil {
		n, err := vault.Open(d.IDSealed, DraftOf(1, staffNamed(t, c, "老郑")))
		if err != nil {
			t.Fatal(err)
		}
		number = n
	}
	switch {
	case string(d.IDType) == "none":
		got["id"] = "none"
	case d.IDType == IDResident && number != "":
		got["id"] = number
	case d.IDType != IDResident && d.IDType != "":
		got["id"] = string(d.IDType) + ":" + number
	}
	return got
}

func staffNamed(t *testing.T, c *flowtest.Core, name string) int64 {
	t.Helper()
	s, err := c.StaffNamed(name)
	if err != nil {
		t.Fatal(err)
	}
	return s.ID
}

func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/corpus/*.tsv")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	vault := testVault(t)
	total, n := map[string]int{}, 0
	for _, file := range files {
		cases := readCorpus(t, file)
		right := map[string]int{}
		for _, c := range cases {
			fw, core := newCorpusWorld(t)
			script := "at 10:00\n老郑: " + strings.ReplaceAll(c.msg, "\n", "\n  ") + "\n"
			flowtest.Play(t, fw, script)
			got := understood(t, core, vault)
			for _, f := range corpusFields {
				if got[f] == c.want[f] {
					right[f]++
					total[f]++
				} else {
					t.Logf("%s:%d %s: got %q, want %q\n\t%s", filepath.Base(file), c.line, f, got[f], c.want[f], c.msg)
				}
			}
		}
		t.Log("\n" + table(filepath.Base(file), corpusFields, right, len(cases)))
		n += len(cases)
	}
	if n < 120 {
		t.Errorf("the corpus has %d guard messages, want at least 120", n)
	}
	t.Log("\n" + table("guards, all", corpusFields, total, n))
	for _, f := range corpusFields {
		if acc := float64(total[f]) / float64(n); acc < corpusTarget {
			t.Errorf("guards: %s right for %.1f%% of the messages, want at least %.0f%%", f, 100*acc, 100*corpusTarget)
		}
	}
}

// table is the accuracy of each field.
func table(what string, fields []string, right map[string]int, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "corpus %s: %d messages\n", what, n)
	for _, f := range fields {
		fmt.Fprintf(&b, "  %-8s %3d/%d  %5.1f%%\n", f, right[f], n, 100*float64(right[f])/float64(n))
	}
	return b.String()
}
