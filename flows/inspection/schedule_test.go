package inspection

import (
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

var shanghai = flows.LoadLocation("Asia/Shanghai")

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func mustSchedule(t *testing.T, spec string) Schedule {
	t.Helper()
	s, err := ParseSchedule(spec)
	if err != nil {
		t.Fatalf("ParseSchedule(%q): %v", spec, err)
	}
	return s
}

func TestWindowAt(t *testing.T) {
	for _, c := range []struct {
		spec, at      string
		key           string // "" = no window open
		opens, closes string
		remind        string
	}{
		{"daily due 21:00", "2026-11-20 08:00", "2026-11-20", "2026-11-20 00:00", "2026-11-20 21:00", "2026-11-20 19:00"},
		{"daily due 21:00", "2026-11-20 21:00", "", "", "", ""},
		{"weekly 2,4 due 14:00", "2026-11-19 09:00", "2026-11-19", "2026-11-19 00:00", "2026-11-19 14:00", "2026-11-19 12:00"}, // a Thursday
		{"weekly 2,4 due 14:00", "2026-11-20 09:00", "", "", "", ""},                                                           // a Friday
		{"monthly due 17:00", "2026-11-20 09:00", "2026-11", "2026-11-01 00:00", "2026-11-30 17:00", "2026-11-27 17:00"},
		{"monthly due 17:00", "2026-02-28 16:00", "2026-02", "2026-02-01 00:00", "2026-02-28 17:00", "2026-02-25 17:00"},
		// 秋季学期 09-01~01-19 is 141 days: two windows of 70 and 71 days.
		{"term 2 due 17:00", "2026-11-09 09:00", "2026-09-01/1", "2026-09-01 00:00", "2026-11-09 17:00", "2026-11-02 17:00"},
		{"term 2 due 17:00", "2026-11-10 09:00", "2026-09-01/2", "2026-11-10 00:00", "2027-01-19 17:00", "2027-01-12 17:00"},
		{"term 2 due 17:00", "2027-01-05 09:00", "2026-09-01/2", "2026-11-10 00:00", "2027-01-19 17:00", "2027-01-12 17:00"},
		{"term 2 due 17:00", "2027-02-01 09:00", "", "", "", ""}, // the winter holiday
		{"seasonal in 10-15~11-14 due 17:00", "2026-10-20 09:00", "2026-10-15", "2026-10-15 00:00", "2026-11-14 17:00", "2026-11-11 17:00"},
		{"seasonal in 10-15~11-14 due 17:00", "2026-11-20 09:00", "", "", "", ""},
		{"daily in 01-20~02-19,07-11~08-31 due 21:00", "2027-02-01 09:00", "2027-02-01", "2027-02-01 00:00", "2027-02-01 21:00", "2027-02-01 19:00"},
		{"daily in 01-20~02-19,07-11~08-31 due 21:00", "2026-11-20 09:00", "", "", "", ""},
		{"adhoc", "2026-11-20 09:00", "", "", "", ""},
	} {
		s := mustSchedule(t, c.spec)
		w, ok := s.WindowAt(at(c.at), shanghai)
		if c.key == "" {
			if ok {
				t.Errorf("%s at %s: window %+v, want none", c.spec, c.at, w)
			}
			continue
		}
		if !ok || w.Key != c.key || !w.Opens.Equal(at(c.opens)) || !w.Closes.Equal(at(c.closes)) || !w.RemindAt().Equal(at(c.remind)) {
			t.Errorf("%s at %s: %v %s %s–%s remind %s; want %s %s–%s remind %s", c.spec, c.at, ok, w.Key,
				w.Opens.Format(time.DateTime), w.Closes.Format(time.DateTime), w.RemindAt().Format(time.DateTime),
				c.key, c.opens, c.closes, c.remind)
		}
	}
}

func TestLastClosed(t *testing.T) {
	for _, c := range []struct {
		spec, at, after string
		key             string
	}{
		{"monthly due 17:00", "2026-12-01 07:00", "2026-11-01 00:00", "2026-11"},
		{"monthly due 17:00", "2026-11-30 16:59", "2026-11-01 00:00", ""}, // plan created in November: October is not its
		{"monthly due 17:00", "2026-11-30 17:00", "2026-11-01 00:00", "2026-11"},
		{"daily due 21:00", "2026-11-21 08:00", "2026-11-14 08:00", "2026-11-20"},
		{"weekly 2,4 due 14:00", "2026-11-23 08:00", "2026-11-16 08:00", "2026-11-19"},
		{"term 2 due 17:00", "2026-11-12 08:00", "2026-11-05 08:00", "2026-09-01/1"},
	} {
		w, ok := mustSchedule(t, c.spec).LastClosed(at(c.at), at(c.after), shanghai)
		if c.key == "" && ok || c.key != "" && (!ok || w.Key != c.key) {
			t.Errorf("%s LastClosed(%s, after %s) = %v %q, want %q", c.spec, c.at, c.after, ok, w.Key, c.key)
		}
	}
}

func TestScheduleRoundTrip(t *testing.T) {
	for _, c := range []struct{ every, days, seasons, due, want, describe string }{
		{"每周", "二、四", "", "14:00", "weekly 2,4 due 14:00", "每周二、四 14:00 前"},
		{"weekly", "7,1", "", "", "weekly 1,7 due 18:00", "每周一、日 18:00 前"},
		{"每学期", "", "", "17:00", "term 2 due 17:00", "每学期 2 次 17:00 前"},
		{"daily", "", "01-20~02-19;07-11~08-31", "21:00", "daily in 01-20~02-19,07-11~08-31 due 21:00", "每日（仅 01-20~02-19、07-11~08-31） 21:00 前"},
		{"每年", "", "10-15~11-14", "", "seasonal in 10-15~11-14 due 18:00", "每年 10-15~11-14 18:00 前"},
		{"临时", "", "", "", "adhoc", "不定期"},
	} {
		s, err := NewSchedule(c.every, c.days, c.seasons, c.due)
		if err != nil {
			t.Errorf("NewSchedule(%q, %q, %q, %q): %v", c.every, c.days, c.seasons, c.due, err)
			continue
		}
		if got := s.String(); got != c.want {
			t.Errorf("String = %q, want %q", got, c.want)
		}
		if got := s.Describe(); got != c.describe {
			t.Errorf("Describe = %q, want %q", got, c.describe)
		}
		back := mustSchedule(t, s.String())
		if back.String() != s.String() {
			t.Errorf("round trip %q → %q", s.String(), back.String())
		}
	}
	for _, bad := range [][4]string{
		{"hourly", "", "", ""}, {"weekly", "", "", ""}, {"weekly", "8", "", ""}, {"monthly", "", "01-01~02-01", ""},
		{"seasonal", "", "", ""}, {"seasonal", "", "13-01~14-01", ""}, {"daily", "", "", "25:00"}, {"daily", "", "", "00:00"},
		{"term", "20", "", ""}, {"daily", "3", "", ""}, {"seasonal", "", "02-30~03-01", ""},
	} {
		if s, err := NewSchedule(bad[0], bad[1], bad[2], bad[3]); err == nil {
			t.Errorf("NewSchedule(%q) = %v, want an error", bad, s)
		}
	}
}

func TestDefaultPlans(t *testing.T) {
	ps := DefaultPlans()
	var names []string
	for _, p := range ps {
		names = append(names, p.Name+" "+p.Schedule.String()+" "+p.Assignee.Label())
		if len(p.Items) < 4 {
			t.Errorf("%s has %d items", p.Name, len(p.Items))
		}
	}
	want := []string{
		"消防器材月检 monthly due 17:00 总务主任",
		"每日校园巡查 daily due 21:00 门卫",
		"用电安全检查 monthly due 17:00 维修工",
		"楼道通道检查 weekly 1,4 due 17:00 总务主任",
		"供暖季前检查 seasonal in 10-15~11-14 due 17:00 维修工",
		"假期护校巡查 daily in 01-20~02-19,07-11~08-31 due 21:00 门卫",
		"校长食堂检查 weekly 2,4 due 14:00 校长",
		"班级财产检查 term 2 due 17:00 各房间负责人（班主任）",
	}
	if strings.Join(names, "\n") != strings.Join(want, "\n") {
		t.Errorf("default plans:\n%s\nwant:\n%s", strings.Join(names, "\n"), strings.Join(want, "\n"))
	}
	if ps[0].Equipment != "灭火器" {
		t.Errorf("消防器材月检 covers %q, want 灭火器", ps[0].Equipment)
	}
}

func TestParsePlans(t *testing.T) {
	file := "\uFEFF计划,频次,周几,截止,负责人,检查项,地点\n" +
		"实验室检查,每周,三,16:00,王老师,危化品柜上锁,实验楼二楼男厕所\n" +
		"实验室检查,,,,,通风橱正常,化学实验室\n" +
		",,,,,,\n" +
		"宿舍查寝,每日,,22:00,role:teacher,门窗关好,\n"
	ps, err := ParsePlans(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	staff := []flows.Staff{{ID: 4, Name: "李老师"}, {ID: 5, Name: "王老师"}}
	locs := []flows.Location{{ID: 3, Building: "实验楼", Room: "二楼男厕所"}}
	if err := ResolvePlans(ps, staff, locs); err != nil {
		t.Fatal(err)
	}
	if len(ps) != 2 || ps[0].Name != "实验室检查" || ps[0].Assignee.StaffID != 5 || len(ps[0].Items) != 2 ||
		ps[0].Items[0].LocationID != 3 || ps[0].Items[1].Place != "化学实验室" || ps[0].Items[1].LocationID != 0 ||
		ps[0].Schedule.String() != "weekly 3 due 16:00" || ps[1].Assignee.Role != flows.RoleTeacher {
		t.Errorf("parsed %+v", ps)
	}
	_, err = ParsePlans(strings.NewReader("plan,schedule,assignee,item\nA,每月,门卫,x\nA,每周,门卫,y\nB,hourly,门卫,z\n,,,w\nC,daily,,v\n"))
	for _, want := range []string{"line 3: A: schedule", "line 4: B: frequency", "line 5: no plan name", "line 6: C: no assignee"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
	bad, _ := ParsePlans(strings.NewReader("plan,schedule,assignee,item\nA,每月,赵老师,x\n"))
	if err := ResolvePlans(bad, staff, locs); err == nil || !strings.Contains(err.Error(), `"赵老师" matches 0 staff`) {
		t.Errorf("an unknown assignee: %v", err)
	}
}

func TestParseEquipment(t *testing.T) {
	locs := []flows.Location{{ID: 1, Building: "教学楼", Room: "302", Aliases: []string{"初二(3)班"}}}
	es, err := ParseEquipment(strings.NewReader("器材,编号,位置,有效期\n灭火器,JX-1,初二(3)班,2026/12/15\n灭火器,JX-2,一楼走廊,\n"), locs)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || es[0].LocationID != 1 || !es[0].Expires.Equal(time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC)) ||
		es[1].LocationID != 0 || !es[1].Expires.IsZero() {
		t.Errorf("parsed %+v", es)
	}
	if d := es[0].DaysLeft(at("2026-11-20 23:00"), shanghai); d != 25 {
		t.Errorf("DaysLeft = %d, want 25", d)
	}
	_, err = ParseEquipment(strings.NewReader("kind,code,expires\n灭火器,A,2026-13-01\n灭火器,B,\n灭火器,B,\n,C,\n"), locs)
	for _, want := range []string{"line 2: expiry", "line 4: 灭火器 B is already on line 3", "line 5: give both"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not say %q", err, want)
		}
	}
}

func FuzzParsePlans(f *testing.F) {
	f.Add(defaultPlans)
	f.Add("plan,schedule,days,seasons,due,assignee,item\nA,weekly,一、七,,08:00,王老师,x\n")
	f.Add("plan,schedule,seasons,assignee,item\nA,每年,12-20~01-10,班主任,x\n")
	f.Fuzz(func(t *testing.T, s string) {
		ps, err := ParsePlans(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, p := range ps {
			back, err := ParseSchedule(p.Schedule.String())
			if err != nil || back.String() != p.Schedule.String() {
				t.Fatalf("schedule %q does not read back: %v", p.Schedule.String(), err)
			}
			if len(p.Items) == 0 || len(p.Items) > MaxItems {
				t.Fatalf("plan %q has %d items", p.Name, len(p.Items))
			}
			// Every window found contains its moment and closes after it opens.
			for _, d := range []string{"2026-01-01 12:00", "2026-02-28 23:59", "2026-09-01 00:00", "2026-12-31 17:00"} {
				if w, ok := p.Schedule.WindowAt(at(d), shanghai); ok && (at(d).Before(w.Opens) || !at(d).Before(w.Closes) || !w.Closes.After(w.Opens)) {
					t.Fatalf("%s at %s: window %+v", p.Schedule.String(), d, w)
				}
			}
		}
	})
}
