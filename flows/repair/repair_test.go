package repair

import (
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

func TestRepairDue(t *testing.T) {
	def := flows.DefaultSettings()
	custom := flows.DefaultSettings()
	custom.SmallDue, custom.IntakeCutoff, custom.MorningDue, custom.LargeDueHours, custom.UrgentDueHours = 20*60+30, 17*60, 7*60, 12, 1
	tests := []struct {
		name     string
		s        flows.Settings
		reported string
		tier     Tier
		want     string
	}{
		{"small before cutoff", def, "2026-11-20 17:59", TierSmall, "2026-11-20 21:00"},
		{"small at cutoff is next morning", def, "2026-11-20 18:00", TierSmall, "2026-11-21 07:30"},
		{"small after cutoff", def, "2026-11-20 18:01", TierSmall, "2026-11-21 07:30"},
		{"small just before midnight", def, "2026-11-20 23:59", TierSmall, "2026-11-21 07:30"},
		{"small just after midnight", def, "2026-11-21 00:01", TierSmall, "2026-11-21 07:30"},
		{"small in the night, 2 h before classes", def, "2026-11-21 05:30", TierSmall, "2026-11-21 07:30"},
		{"small early morning, under 2 h before classes", def, "2026-11-21 05:31", TierSmall, "2026-11-21 21:00"},
		{"small just before classes", def, "2026-11-21 07:29", TierSmall, "2026-11-21 21:00"},
		{"small at morning due", def, "2026-11-21 07:30", TierSmall, "2026-11-21 21:00"},
		{"small in the morning", def, "2026-11-20 08:05", TierSmall, "2026-11-20 21:00"},
		{"small across month end", def, "2026-11-30 19:00", TierSmall, "2026-12-01 07:30"},
		{"small across year end", def, "2026-12-31 22:00", TierSmall, "2027-01-01 07:30"},
		{"large at 17:59", def, "2026-11-20 17:59", TierLarge, "2026-11-21 17:59"},
		{"large at 18:00", def, "2026-11-20 18:00", TierLarge, "2026-11-21 18:00"},
		{"large at 18:01", def, "2026-11-20 18:01", TierLarge, "2026-11-21 18:01"},
		{"large at 23:59", def, "2026-11-20 23:59", TierLarge, "2026-11-21 23:59"},
		{"large at 00:01", def, "2026-11-21 00:01", TierLarge, "2026-11-22 00:01"},
		{"custom small before its cutoff", custom, "2026-11-20 16:59", TierSmall, "2026-11-20 20:30"},
		{"custom small at its cutoff", custom, "2026-11-20 17:00", TierSmall, "2026-11-21 07:00"},
		{"custom large", custom, "2026-11-20 17:00", TierLarge, "2026-11-21 05:00"},
		{"urgent by day", def, "2026-11-20 10:15", TierUrgent, "2026-11-20 12:15"},
		{"urgent at night is not put off to the morning", def, "2026-11-20 23:10", TierUrgent, "2026-11-21 01:10"},
		{"custom urgent", custom, "2026-11-20 19:00", TierUrgent, "2026-11-20 20:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := RepairDue(tt.s, shanghai, at(tt.reported), tt.tier)
			if want := at(tt.want); !got.Equal(want) {
				t.Errorf("RepairDue(%s, %s) = %s, want %s", tt.reported, tt.tier, got.In(shanghai).Format("2006-01-02 15:04"), tt.want)
			}
		})
	}
}

// The rule is evaluated in the school's zone, whatever zone the report
// time carries.
func TestRepairDueUsesTheSchoolsZone(t *testing.T) {
	reported := at("2026-11-20 18:30").UTC() // 10:30 UTC
	got := RepairDue(flows.DefaultSettings(), shanghai, reported, TierSmall)
	if want := at("2026-11-21 07:30"); !got.Equal(want) {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestChooseWorker(t *testing.T) {
	tests := []struct {
		name  string
		cands []RouteCandidate
		want  int64
	}{
		{"nobody", nil, 0},
		{"least loaded among equals", []RouteCandidate{{StaffID: 1, OpenJobs: 3, Priority: 1}, {StaffID: 2, OpenJobs: 1, Priority: 1}}, 2},
		{"priority before load", []RouteCandidate{{StaffID: 1, OpenJobs: 9, Priority: 1}, {StaffID: 2, OpenJobs: 0, Priority: 2}}, 1},
		{"building before school-wide", []RouteCandidate{{StaffID: 1, Priority: 1}, {StaffID: 2, Building: "实验楼", Priority: 5, OpenJobs: 4}}, 2},
		{"on duty before everything", []RouteCandidate{{StaffID: 1, Building: "实验楼"}, {StaffID: 2, OnDuty: true, OpenJobs: 7}}, 2},
		{"tie goes to the lowest id", []RouteCandidate{{StaffID: 5}, {StaffID: 3}}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, reason := ChooseWorker(tt.cands)
			if got != tt.want {
				t.Errorf("ChooseWorker = %d, want %d (%s)", got, tt.want, reason)
			}
			if got != 0 && reason == "" {
				t.Error("no reason given")
			}
		})
	}
	// Loads at the cap are equals, and the reason does not claim a number
	// that was not counted.
	got, reason := ChooseWorker([]RouteCandidate{{StaffID: 7, Name: "王师傅", OpenJobs: LoadCap}, {StaffID: 4, Name: "马师傅", OpenJobs: LoadCap}})
	if want := "路由表：全校 → 马师傅（优先级 0，在手 50 单以上），2 人同级中在手最少"; got != 4 || reason != want {
		t.Errorf("ChooseWorker at the cap = %d, %q; want 4, %q", got, reason, want)
	}
	if _, reason := ChooseWorker([]RouteCandidate{{StaffID: 7, Name: "王师傅", OnDuty: true, OpenJobs: LoadCap - 1}}); reason != "值班表：王师傅（值班，在手 49 单）" {
		t.Errorf("ChooseWorker below the cap: reason %q", reason)
	}
}

func TestCanMove(t *testing.T) {
	for _, tt := range []struct {
		from, to RepairStatus
		want     bool
	}{
		{RepairAssigned, RepairAccepted, true},
		{RepairAssigned, RepairClosed, false},
		{RepairDone, RepairClosed, true},
		{RepairDone, RepairAssigned, true}, // 没修好
		{RepairClosed, RepairAssigned, false},
		{RepairBlocked, RepairDone, false},
		{"cancelled", RepairAccepted, false},   // not a status of the machine
		{RepairAccepted, RepairAccepted, true}, // reassignment keeps the status
		{RepairClosed, RepairClosed, false},
	} {
		if got := CanMove(tt.from, tt.to); got != tt.want {
			t.Errorf("CanMove(%s, %s) = %v, want %v", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestParseClock(t *testing.T) {
	for _, bad := range []string{"24:00", "7:60", "abc", "07:30:00", ""} {
		if _, err := flows.ParseClock(bad); err == nil {
			t.Errorf("ParseClock(%q) accepted", bad)
		}
	}
	if c, err := flows.ParseClock("07:30"); err != nil || c != 450 || c.String() != "07:30" {
		t.Errorf("ParseClock(07:30) = %v, %v", c, err)
	}
}
