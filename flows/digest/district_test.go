package digest_test

import (
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/flows/flowtest"
)

func districtLink(day time.Time) string {
	return "https://houqin.example/district/" + day.Format(time.DateOnly)
}

// TestDistrictOfficeGetsTheDistrictView: the district office (a "school"
// with district_office set) sends its 科长 the district view of the two
// schools each morning, once, instead of a digest of its own, and is not
// a line of it; the schools' own digests go out as before.
func TestDistrictOfficeGetsTheDistrictView(t *testing.T) {
	w, _ := newWorld(t)
	w.Modules = []flows.Module{digest.Module(link, districtLink)}
	c := w.Core
	second := c.AddSchool("二中")
	c.AddStaff(flows.Staff{SchoolID: second.ID, Name: "钱校长", Roles: []flows.Role{flows.RolePrincipal}})
	office := c.AddSchool("区教育局")
	c.Schools[len(c.Schools)-1].Settings.DistrictOffice = true
	chief := c.AddStaff(flows.Staff{SchoolID: office.ID, Name: "孙科长", Roles: []flows.Role{flows.RoleHead}})
	c.AddStaff(flows.Staff{SchoolID: office.ID, Name: "办事员", Roles: []flows.Role{flows.RoleTeacher}})

	flowtest.Play(t, w, "at 2026-11-20 07:00\ntick\nat 07:05\ntick")
	var views, officeOwn, schools int
	for _, q := range c.Outbox {
		switch {
		case q.Kind == digest.DistrictKind:
			views++
			if q.ToStaff != chief.ID || q.SchoolID != office.ID || q.Link != districtLink(time.Date(2026, 11, 19, 0, 0, 0, 0, shanghai)) {
				t.Errorf("district view queued as %+v", q.Notification)
			}
			for _, want := range []string{"【全区 11月19日（周四）后勤日报】2 所学校", "一中", "二中", "合计"} {
				if !strings.Contains(q.Text, want) {
					t.Errorf("district view lacks %q:\n%s", want, q.Text)
				}
			}
			if strings.Contains(q.Text, "区教育局") {
				t.Errorf("the office is a line of its own view:\n%s", q.Text)
			}
		case q.SchoolID == office.ID:
			officeOwn++
		case q.Kind == digest.Kind:
			schools++
		}
	}
	if views != 1 || officeOwn != 0 {
		t.Errorf("%d district views and %d other notifications to the office after two ticks, want 1 and 0", views, officeOwn)
	}
	if schools != 5 {
		t.Errorf("%d school digests, want 5 (一中's four recipients, 二中's one)", schools)
	}

	// 「今天」 at the office: the district so far, and the district page's link.
	c.Bind(flows.ChannelConsole, chief.Name, chief)
	before := len(c.Outbox)
	got := flowtest.Play(t, w, "at 2026-11-20 15:00\n孙科长: 今天")
	for _, want := range []string{"【全区 11月20日（周五）后勤日报】2 所学校", "一中", "二中", "今天截至 15:00"} {
		if !strings.Contains(got, want) {
			t.Errorf("「今天」 at the office lacks %q:\n%s", want, got)
		}
	}
	if len(c.Outbox) != before+1 || c.Outbox[before].Link != districtLink(time.Date(2026, 11, 20, 0, 0, 0, 0, shanghai)) {
		t.Errorf("「今天」 at the office queued %v, want the district page's link", c.Outbox[before:])
	}
}
