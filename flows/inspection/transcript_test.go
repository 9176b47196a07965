package inspection

import (
	"context"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
	"github.com/houqin/houqin/flows/repair"
)

// worldPlans are the shipped plans the transcripts' school runs.
var worldPlans = []string{"消防器材月检", "每日校园巡查", "班级财产检查"}

// newWorld is the seeded school (flowtest.Seed) with 303 owned by 王老师,
// three of the shipped plans (created an hour before the transcripts
// start), and three fire extinguishers: one expiring in December, one in
// 2027, and one already expired.
func newWorld(t *testing.T) (*flowtest.World, *fake) {
	c := flowtest.NewCore()
	s := flowtest.Seed(c)
	wang, _ := c.StaffNamed("王老师")
	c.Places[1].OwnerID = wang.ID
	f := newFake(c)
	var plans []Plan
	for _, p := range DefaultPlans() {
		for _, name := range worldPlans {
			if p.Name == name {
				plans = append(plans, p)
			}
		}
	}
	if err := ResolvePlans(plans, c.Staff, c.Places); err != nil {
		t.Fatal(err)
	}
	for i := range plans {
		plans[i].ID, plans[i].SchoolID, plans[i].Active, plans[i].CreatedAt = int64(i+1), s.ID, true, flowtest.Start.Add(-time.Hour)
	}
	f.plans = plans
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	f.equipment = []Equipment{
		{ID: 1, SchoolID: s.ID, Kind: "灭火器", Code: "JX-302", LocationID: 1, Place: "教学楼302", Expires: day(2026, 12, 15), Active: true},
		{ID: 2, SchoolID: s.ID, Kind: "灭火器", Code: "JX-101", Place: "教学楼一楼走廊", Expires: day(2027, 6, 30), Active: true},
		{ID: 3, SchoolID: s.ID, Kind: "灭火器", Code: "SY-201", LocationID: 3, Place: "实验楼二楼男厕所", Expires: day(2026, 11, 10), Active: true},
	}
	link := func(s flows.School, month time.Time) string {
		return "https://houqin.example.edu.cn/safety/1/" + month.Format("2006-01") + "?sig=x"
	}
	return &flowtest.World{Core: c, Store: &flowtest.Store{Tx: f}, Modules: []flows.Module{Module(link)}}, f
}

func TestTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/*.txt", func(t *testing.T) *flowtest.World {
		w, _ := newWorld(t)
		return w
	})
}

// TestDutyTranscripts: the daily round assigned to 值班, done by whoever
// the duty roster has on check duty that day (testdata/duty).
func TestDutyTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/duty/*.txt", func(t *testing.T) *flowtest.World {
		w, f := newWorld(t)
		for i := range f.plans {
			if f.plans[i].Name == "每日校园巡查" {
				f.plans[i].Assignee = Assignee{Kind: AssignDuty}
			}
		}
		loc := flowtest.Start.Location()
		for _, d := range []struct {
			who  string
			date int
		}{{"李老师", 20}, {"王老师", 21}} {
			s, err := w.Core.StaffNamed(d.who)
			if err != nil {
				t.Fatal(err)
			}
			// On duty from 07:30 to 07:30 the next morning.
			from := time.Date(2026, 11, d.date, 7, 30, 0, 0, loc)
			f.duty = append(f.duty, fakeDuty{staff: s.ID, starts: from, ends: from.Add(24 * time.Hour)})
		}
		return w
	})
}

// TestScanTranscripts: a room's 扫码报修 code scanned in the middle of a
// hazard's description gives its place (testdata/scan); the repair
// module, which reads scans, runs beside inspection as in serve.
func TestScanTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/scan/*.txt", func(t *testing.T) *flowtest.World {
		w, _ := newWorld(t)
		w.Modules = append(w.Modules, repair.Module())
		return w
	})
}

// TestWithRepairTranscripts: conversations that the repair flow, running
// beside inspection as in serve, must leave to inspection
// (testdata/withrepair): a hazard told in people's words is not a repair
// report. The repair module comes first, as serve registers it (wire.go):
// what the engine asks first must not decide what a message means.
func TestWithRepairTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/withrepair/*.txt", withRepair)
}

// withRepair is inspection's world with the repair module registered
// before it, as serve registers them.
func withRepair(t *testing.T) *flowtest.World {
	w, _ := newWorld(t)
	w.Modules = append([]flows.Module{repair.Module()}, w.Modules...)
	return w
}

// scanToken is the 扫码报修 token of the seeded school's room 302 in
// testdata/scan.
const scanToken = "k7m3qzxa2b4c6dre"

// LocationByQRToken implements repair.ScanStore: scanToken names room 302.
func (f *fake) LocationByQRToken(_ context.Context, token string) (flows.Location, error) {
	if token == scanToken {
		for _, l := range f.Places {
			if l.Room == "302" {
				return l, nil
			}
		}
	}
	return flows.Location{}, flows.ErrNotFound
}
