package flows

import (
	"errors"
	"fmt"
	"time"
)

// Clock is a time of day in minutes after midnight, written "HH:MM".
type Clock int

// ParseClock parses "HH:MM" (00:00 to 23:59).
func ParseClock(s string) (Clock, error) {
	var h, m int
	if n, err := fmt.Sscanf(s, "%d:%d", &h, &m); err != nil || n != 2 || h < 0 || h > 23 || m < 0 || m > 59 || len(s) > 5 {
		return 0, fmt.Errorf("%q is not a time of day like 07:30", s)
	}
	return Clock(h*60 + m), nil
}

func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// MarshalText writes "HH:MM".
func (c Clock) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads "HH:MM".
func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// On returns the instant of the clock time on t's calendar day in loc.
func (c Clock) On(t time.Time, loc *time.Location) time.Time {
	y, mo, d := t.In(loc).Date()
	return time.Date(y, mo, d, int(c)/60, int(c)%60, 0, 0, loc)
}

// Meal is one meal a school's canteen serves.
type Meal struct {
	Key    string `toml:"key" json:"key"`       // breakfast, lunch, dinner, snack
	Starts Clock  `toml:"starts" json:"starts"` // serving starts
	Ends   Clock  `toml:"ends" json:"ends"`     // serving ends
}

// Settings are a school's rules. Defaults come from configuration
// ([school_defaults]); each school stores its own copy.
type Settings struct {
	// Repairs: 小修不隔夜、大修不隔天.
	SmallDue          Clock `toml:"small_due" json:"small_due"`                         // small repairs due the same day at
	IntakeCutoff      Clock `toml:"intake_cutoff" json:"intake_cutoff"`                 // small repairs reported from this time on ...
	MorningDue        Clock `toml:"morning_due" json:"morning_due"`                     // ... are due at this time the next morning
	LargeDueHours     int   `toml:"large_due_hours" json:"large_due_hours"`             // large repairs are due this long after the report
	UrgentDueHours    int   `toml:"urgent_due_hours" json:"urgent_due_hours"`           // urgent repairs (紧急/安全隐患) are due this long after the report
	UrgentRemindMins  int   `toml:"urgent_remind_minutes" json:"urgent_remind_minutes"` // remind about an open urgent repair this often
	ReminderMinutes   int   `toml:"reminder_minutes" json:"reminder_minutes"`           // remind the worker this long before due
	PrincipalAfterHrs int   `toml:"principal_after_hours" json:"principal_after_hours"` // escalate to the principal this long after due
	AutoConfirmDays   int   `toml:"auto_confirm_days" json:"auto_confirm_days"`         // sign-off assumed after this many days
	AskDonePhoto      bool  `toml:"ask_done_photo" json:"ask_done_photo"`               // ask the worker for a photo of the finished work (跳过 skips)

	// Photos people send are deleted this many days after they arrived.
	PhotoRetentionDays int `toml:"photo_retention_days" json:"photo_retention_days"`

	// Food samples (留样) and accompanied meals (陪餐).
	SampleMinGrams       int     `toml:"sample_min_grams" json:"sample_min_grams"`
	FridgeMinC           float64 `toml:"fridge_min_c" json:"fridge_min_c"`
	FridgeMaxC           float64 `toml:"fridge_max_c" json:"fridge_max_c"`
	RetentionHours       int     `toml:"retention_hours" json:"retention_hours"`
	MissingSampleMinutes int     `toml:"missing_sample_minutes" json:"missing_sample_minutes"` // alert this long after a meal ends
	Meals                []Meal  `toml:"meals" json:"meals"`

	// Gate (来访登记).
	HostConfirmMinutes   int   `toml:"host_confirm_minutes" json:"host_confirm_minutes"`
	GateClose            Clock `toml:"gate_close" json:"gate_close"`
	VisitorRetentionDays int   `toml:"visitor_retention_days" json:"visitor_retention_days"`

	// Digest.
	DigestAt Clock `toml:"digest_at" json:"digest_at"`

	// DistrictOffice marks the "school" that stands for the district's
	// education bureau (区教育局, 学区): its 校长, 分管领导 and 总务主任
	// are sent the district view of all the schools every morning instead
	// of a digest of their own, and it is no line of that view.
	DistrictOffice bool `toml:"district_office" json:"district_office"`
}

// DistrictSchools are the schools a district's views count (the morning
// view, the monthly safety report): the active ones, without the district
// office.
func DistrictSchools(all []School) []School {
	var out []School
	for _, s := range all {
		if s.Active && !s.Settings.DistrictOffice {
			out = append(out, s)
		}
	}
	return out
}

// DefaultSettings are the national and school-plan defaults (DESIGN.md).
func DefaultSettings() Settings {
	return Settings{
		SmallDue:             21 * 60,
		IntakeCutoff:         18 * 60,
		MorningDue:           7*60 + 30,
		LargeDueHours:        24,
		UrgentDueHours:       2,
		UrgentRemindMins:     30,
		ReminderMinutes:      60,
		PrincipalAfterHrs:    12,
		AutoConfirmDays:      3,
		PhotoRetentionDays:   3 * 365,
		SampleMinGrams:       125,
		FridgeMinC:           0,
		FridgeMaxC:           8,
		RetentionHours:       48,
		MissingSampleMinutes: 60,
		Meals: []Meal{
			{Key: "breakfast", Starts: 7 * 60, Ends: 7*60 + 40},
			{Key: "lunch", Starts: 11*60 + 50, Ends: 12*60 + 40},
			{Key: "dinner", Starts: 17*60 + 30, Ends: 18*60 + 20},
		},
		HostConfirmMinutes:   10,
		GateClose:            18 * 60,
		VisitorRetentionDays: 180,
		DigestAt:             7 * 60,
	}
}

// Validate reports every setting that is out of range, naming its key.
func (s Settings) Validate() error {
	var errs []error
	bad := func(key, why string) { errs = append(errs, fmt.Errorf("%s: %s", key, why)) }
	if s.IntakeCutoff > s.SmallDue {
		bad("intake_cutoff", "must not be later than small_due")
	}
	if s.MorningDue >= s.IntakeCutoff {
		bad("morning_due", "must be earlier than intake_cutoff")
	}
	if s.LargeDueHours < 1 || s.LargeDueHours > 24*14 {
		bad("large_due_hours", "must be between 1 and 336")
	}
	if s.UrgentDueHours < 1 || s.UrgentDueHours > 24 {
		bad("urgent_due_hours", "must be between 1 and 24")
	}
	if s.UrgentRemindMins < 5 || s.UrgentRemindMins > 24*60 {
		bad("urgent_remind_minutes", "must be between 5 and 1440")
	}
	if s.ReminderMinutes < 0 || s.ReminderMinutes > 24*60 {
		bad("reminder_minutes", "must be between 0 and 1440")
	}
	if s.PrincipalAfterHrs < 1 {
		bad("principal_after_hours", "must be at least 1")
	}
	if s.AutoConfirmDays < 1 {
		bad("auto_confirm_days", "must be at least 1")
	}
	if s.SampleMinGrams < 1 || s.SampleMinGrams > 2000 {
		bad("sample_min_grams", "must be between 1 and 2000")
	}
	if s.FridgeMinC >= s.FridgeMaxC {
		bad("fridge_min_c", "must be below fridge_max_c")
	}
	if s.RetentionHours < 1 {
		bad("retention_hours", "must be at least 1")
	}
	if s.MissingSampleMinutes < 0 {
		bad("missing_sample_minutes", "must not be negative")
	}
	for i, m := range s.Meals {
		switch m.Key {
		case "breakfast", "lunch", "dinner", "snack":
		default:
			bad(fmt.Sprintf("meals[%d].key", i), "must be breakfast, lunch, dinner or snack")
		}
		if m.Ends <= m.Starts {
			bad(fmt.Sprintf("meals[%d].ends", i), "must be after starts")
		}
	}
	if s.HostConfirmMinutes < 1 {
		bad("host_confirm_minutes", "must be at least 1")
	}
	if s.PhotoRetentionDays < 30 || s.PhotoRetentionDays > 36500 {
		bad("photo_retention_days", "must be between 30 and 36500")
	}
	if s.VisitorRetentionDays < 1 {
		bad("visitor_retention_days", "must be at least 1")
	}
	return errors.Join(errs...)
}

// The meal keys of Settings.Meals, in the order of a day.
const (
	MealBreakfast = "breakfast"
	MealLunch     = "lunch"
	MealDinner    = "dinner"
	MealSnack     = "snack"
)

// MealKeys lists every meal key in the order of a day.
var MealKeys = []string{MealBreakfast, MealLunch, MealDinner, MealSnack}

// MealLabel is a meal key's Chinese name: 早餐, 午餐, 晚餐, 加餐.
func MealLabel(key string) string {
	switch key {
	case MealBreakfast:
		return "早餐"
	case MealLunch:
		return "午餐"
	case MealDinner:
		return "晚餐"
	case MealSnack:
		return "加餐"
	}
	return key
}
