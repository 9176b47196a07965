package inspection

import (
	"strings"
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// TestDistrictOfficeGetsTheDistrictReport: on the first of the month the
// district office's leaders get the district's safety report, a line per
// school (not the office's own), with the link the module is given for
// the office; the school's principal gets the school's report as before.
func TestDistrictOfficeGetsTheDistrictReport(t *testing.T) {
	w, _ := newWorld(t)
	c := w.Core
	office := c.AddSchool("区教育局")
	c.Schools[len(c.Schools)-1].Settings.DistrictOffice = true
	chief := c.AddStaff(flows.Staff{SchoolID: office.ID, Name: "孙科长", Roles: []flows.Role{flows.RoleLeader}})
	deputy := c.AddStaff(flows.Staff{SchoolID: office.ID, Name: "吴科员", Roles: []flows.Role{flows.RoleHead}})
	c.AddStaff(flows.Staff{SchoolID: office.ID, Name: "办事员", Roles: []flows.Role{flows.RoleTeacher}})

	flowtest.Play(t, w, "at 2026-12-01 07:00\ntick\ntick")
	got := map[int64]string{}
	for _, q := range c.Outbox {
		if q.Kind == KindReport && q.SchoolID == office.ID {
			if _, twice := got[q.ToStaff]; twice {
				t.Errorf("%d got the district report twice", q.ToStaff)
			}
			got[q.ToStaff] = q.Text
		}
	}
	if len(got) != 2 || got[chief.ID] == "" || got[deputy.ID] == "" {
		t.Fatalf("district reports to %v, want 孙科长 and 吴科员 once each", got)
	}
	text := got[chief.ID]
	for _, want := range []string{"【全区安全月报】2026年11月，1 所学校", "\n一中：检查完成", "\n合计：", "https://houqin.example.edu.cn/safety/1/2026-11"} {
		if !strings.Contains(text, want) {
			t.Errorf("district report lacks %q:\n%s", want, text)
		}
	}
	if strings.Contains(text, "区教育局") {
		t.Errorf("the office is a line of the district report:\n%s", text)
	}
	school := 0
	for _, q := range c.Outbox {
		if q.Kind == KindReport && q.SchoolID != office.ID && strings.HasPrefix(q.Text, "【安全月报】一中") {
			school++
		}
	}
	if school == 0 {
		t.Error("the school's principal no longer gets the school's report")
	}
}
