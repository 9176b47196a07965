package inspection

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
)

// Every is how often a plan's checks fall due.
type Every string

// Frequencies.
const (
	Daily    Every = "daily"    // every day (within Seasons, when given)
	Weekly   Every = "weekly"   // on Days of each week (within Seasons, when given)
	Monthly  Every = "monthly"  // once a calendar month
	Termly   Every = "term"     // Times a term: each term split into Times equal windows
	Seasonal Every = "seasonal" // once in each of Seasons a year, e.g. before the heating season
	AdHoc    Every = "adhoc"    // no windows: started by hand, never reminded nor missed
)

// Label is the frequency in Chinese.
func (e Every) Label() string {
	switch e {
	case Daily:
		return "每日"
	case Weekly:
		return "每周"
	case Monthly:
		return "每月"
	case Termly:
		return "每学期"
	case Seasonal:
		return "每年"
	case AdHoc:
		return "不定期"
	}
	return string(e)
}

// everyWords are the words a plan file may use for each frequency.
var everyWords = map[string]Every{
	"daily": Daily, "每日": Daily, "每天": Daily,
	"weekly": Weekly, "每周": Weekly,
	"monthly": Monthly, "每月": Monthly,
	"term": Termly, "termly": Termly, "每学期": Termly,
	"seasonal": Seasonal, "季节性": Seasonal, "每年": Seasonal,
	"adhoc": AdHoc, "临时": AdHoc, "不定期": AdHoc,
}

// MonthDay is a day of the year without the year: 10-15.
type MonthDay struct {
	Month time.Month
	Day   int
}

func (d MonthDay) String() string { return fmt.Sprintf("%02d-%02d", int(d.Month), d.Day) }

func parseMonthDay(s string) (MonthDay, error) {
	var m, d int
	if n, err := fmt.Sscanf(s, "%d-%d", &m, &d); err != nil || n != 2 || m < 1 || m > 12 || d < 1 || d > 31 || len(s) > 5 {
		return MonthDay{}, fmt.Errorf("%q is not a day like 10-15", s)
	}
	if d > daysIn(time.Month(m), 2024) { // 2024 is a leap year: 02-29 is allowed
		return MonthDay{}, fmt.Errorf("%q is not a day of the year", s)
	}
	return MonthDay{time.Month(m), d}, nil
}

func daysIn(m time.Month, year int) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// on is the day in year (02-29 becomes 02-28 in a common year).
func (d MonthDay) on(year int, loc *time.Location) time.Time {
	return time.Date(year, d.Month, min(d.Day, daysIn(d.Month, year)), 0, 0, 0, 0, loc)
}

// Season is a span of days each year, both ends included; one whose To
// comes before its From runs over the new year (09-01~01-19).
type Season struct {
	From, To MonthDay
}

func (s Season) String() string { return s.From.String() + "~" + s.To.String() }

// span returns the first and last day of the season that holds day.
func (s Season) span(day time.Time) (first, last time.Time, ok bool) {
	loc := day.Location()
	for _, y := range []int{day.Year() - 1, day.Year()} {
		first = s.From.on(y, loc)
		last = s.To.on(y, loc)
		if last.Before(first) {
			last = s.To.on(y+1, loc)
		}
		if !day.Before(first) && !day.After(last) {
			return first, last, true
		}
	}
	return time.Time{}, time.Time{}, false
}

// DefaultTerms are the two terms of a Chinese school year, for plans that
// run twice a term without naming their terms: 秋季学期 and 春季学期.
var DefaultTerms = []Season{
	{MonthDay{time.September, 1}, MonthDay{time.January, 19}},
	{MonthDay{time.February, 20}, MonthDay{time.July, 10}},
}

// DefaultDue is when a window closes on its last day, unless the plan says.
const DefaultDue flows.Clock = 18 * 60

// Schedule is when a plan's checks fall due: a series of windows, each of
// which should see one check.
type Schedule struct {
	Every   Every
	Days    []time.Weekday // Weekly: the days
	Times   int            // Termly: windows per term (default 2)
	Seasons []Season       // Seasonal: the windows; Termly: the terms (default DefaultTerms); Daily and Weekly: the only spans they run in
	Due     flows.Clock    // the window closes at this time on its last day
}

// Window is one period in which a plan's check is due.
type Window struct {
	Key    string    // stable for the plan: 2026-11-20, 2026-11, 2026-09-01/1, 2026-10-15
	Opens  time.Time // the first day, 00:00
	Closes time.Time // the last day at the plan's Due
}

// RemindAt is when the people who owe a check of the window are reminded:
// 2 hours before it closes for a window of a day, 3 days before for one of
// up to a month, 7 days before for a longer one.
func (w Window) RemindAt() time.Time {
	lead := 7 * 24 * time.Hour
	switch d := w.Closes.Sub(w.Opens); {
	case d <= 26*time.Hour:
		lead = 2 * time.Hour
	case d <= 32*24*time.Hour:
		lead = 3 * 24 * time.Hour
	}
	return maxTime(w.Opens, w.Closes.Add(-lead))
}

// Long reports whether the window spans more than a day: such a window is
// announced when it opens, since people plan for it.
func (w Window) Long() bool { return w.Closes.Sub(w.Opens) > 26*time.Hour }

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func (s Schedule) due() flows.Clock {
	if s.Due == 0 {
		return DefaultDue
	}
	return s.Due
}

func (s Schedule) terms() []Season {
	if len(s.Seasons) > 0 {
		return s.Seasons
	}
	return DefaultTerms
}

func (s Schedule) times() int {
	if s.Times < 1 {
		return 2
	}
	return s.Times
}

func (s Schedule) inSeason(day time.Time) bool {
	if len(s.Seasons) == 0 {
		return true
	}
	for _, se := range s.Seasons {
		if _, _, ok := se.span(day); ok {
			return true
		}
	}
	return false
}

// windowOf returns the window a civil day (00:00 in the school's zone)
// belongs to, if any.
func (s Schedule) windowOf(day time.Time) (Window, bool) {
	loc := day.Location()
	closing := func(last time.Time) time.Time { return s.due().On(last, loc) }
	switch s.Every {
	case Daily, Weekly:
		if s.Every == Weekly && !slices.Contains(s.Days, day.Weekday()) || !s.inSeason(day) {
			return Window{}, false
		}
		return Window{Key: day.Format("2006-01-02"), Opens: day, Closes: closing(day)}, true
	case Monthly:
		first := time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, loc)
		last := first.AddDate(0, 1, -1)
		return Window{Key: first.Format("2006-01"), Opens: first, Closes: closing(last)}, true
	case Termly:
		for _, term := range s.terms() {
			first, last, ok := term.span(day)
			if !ok {
				continue
			}
			n := s.times()
			days := civilDays(first, last) + 1
			// Part i covers days [i*days/n, (i+1)*days/n) of the term.
			i, d := 0, civilDays(first, day)
			for d >= (i+1)*days/n {
				i++
			}
			from := first.AddDate(0, 0, i*days/n)
			to := first.AddDate(0, 0, (i+1)*days/n-1)
			return Window{Key: fmt.Sprintf("%s/%d", first.Format("2006-01-02"), i+1), Opens: from, Closes: closing(to)}, true
		}
	case Seasonal:
		for _, se := range s.Seasons {
			if first, last, ok := se.span(day); ok {
				return Window{Key: first.Format("2006-01-02"), Opens: first, Closes: closing(last)}, true
			}
		}
	}
	return Window{}, false
}

// civilDays counts calendar days from a to b (both local midnights), safe
// across daylight-saving changes.
func civilDays(a, b time.Time) int {
	ua := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	ub := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(ub.Sub(ua).Hours() / 24)
}

func dayOf(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

// WindowAt returns the window open at t (Opens <= t < Closes) in loc.
func (s Schedule) WindowAt(t time.Time, loc *time.Location) (Window, bool) {
	w, ok := s.windowOf(dayOf(t, loc))
	if !ok || t.Before(w.Opens) || !t.Before(w.Closes) {
		return Window{}, false
	}
	return w, true
}

// LastClosed returns the latest window that closed in (after, t].
func (s Schedule) LastClosed(t, after time.Time, loc *time.Location) (Window, bool) {
	stop := dayOf(after, loc)
	for day := dayOf(t, loc); !day.Before(stop); day = day.AddDate(0, 0, -1) {
		w, ok := s.windowOf(day)
		if ok && !w.Closes.After(t) && w.Closes.After(after) {
			return w, true
		}
		if ok && w.Opens.Before(day) {
			day = w.Opens // skip the rest of a long window
		}
	}
	return Window{}, false
}

// ClosedIn lists the windows that closed in (after, t], oldest first.
func (s Schedule) ClosedIn(after, t time.Time, loc *time.Location) []Window {
	var out []Window
	for {
		w, ok := s.LastClosed(t, after, loc)
		if !ok {
			break
		}
		out = append([]Window{w}, out...)
		t = w.Closes.Add(-time.Nanosecond)
	}
	return out
}

// Describe says the schedule in Chinese: 每周二、四 18:00 前.
func (s Schedule) Describe() string {
	var b strings.Builder
	switch s.Every {
	case Weekly:
		b.WriteString("每周")
		for i, d := range s.Days {
			if i > 0 {
				b.WriteString("、")
			}
			b.WriteString(weekdayNames[d])
		}
	case Termly:
		fmt.Fprintf(&b, "每学期 %d 次", s.times())
	case Seasonal:
		b.WriteString("每年 " + seasonList(s.Seasons, "、"))
	default:
		b.WriteString(s.Every.Label())
	}
	if len(s.Seasons) > 0 && (s.Every == Daily || s.Every == Weekly) {
		b.WriteString("（仅 " + seasonList(s.Seasons, "、") + "）")
	}
	if s.Every != AdHoc {
		b.WriteString(" " + s.due().String() + " 前")
	}
	return b.String()
}

func seasonList(ss []Season, sep string) string {
	parts := make([]string, len(ss))
	for i, x := range ss {
		parts[i] = x.String()
	}
	return strings.Join(parts, sep)
}

var weekdayNames = map[time.Weekday]string{time.Monday: "一", time.Tuesday: "二", time.Wednesday: "三",
	time.Thursday: "四", time.Friday: "五", time.Saturday: "六", time.Sunday: "日"}

// String is the schedule's canonical form, which ParseSchedule reads back:
// "weekly 2,4 due 14:00", "daily in 01-20~02-19,07-11~08-31 due 21:00",
// "term 2 due 17:00", "seasonal in 10-15~11-14 due 17:00", "adhoc".
func (s Schedule) String() string {
	parts := []string{string(s.Every)}
	switch s.Every {
	case Weekly:
		ds := make([]string, len(s.Days))
		for i, d := range s.Days {
			n := int(d)
			if d == time.Sunday {
				n = 7
			}
			ds[i] = strconv.Itoa(n)
		}
		parts = append(parts, strings.Join(ds, ","))
	case Termly:
		parts = append(parts, strconv.Itoa(s.times()))
	}
	if len(s.Seasons) > 0 {
		parts = append(parts, "in", seasonList(s.Seasons, ","))
	}
	if s.Every != AdHoc {
		parts = append(parts, "due", s.due().String())
	}
	return strings.Join(parts, " ")
}

// ParseSchedule reads the canonical form written by String.
func ParseSchedule(spec string) (Schedule, error) {
	f := strings.Fields(spec)
	if len(f) == 0 {
		return Schedule{}, fmt.Errorf("empty schedule")
	}
	var days, seasons, due string
	rest := f[1:]
	if len(rest) > 0 && rest[0] != "in" && rest[0] != "due" {
		days, rest = rest[0], rest[1:]
	}
	for len(rest) >= 2 {
		switch rest[0] {
		case "in":
			seasons = rest[1]
		case "due":
			due = rest[1]
		default:
			return Schedule{}, fmt.Errorf("schedule %q: unexpected %q", spec, rest[0])
		}
		rest = rest[2:]
	}
	if len(rest) > 0 {
		return Schedule{}, fmt.Errorf("schedule %q: unexpected %q", spec, rest[0])
	}
	return NewSchedule(f[0], days, seasons, due)
}

// NewSchedule builds a schedule from a plan file's columns: the frequency
// (daily/每日, weekly/每周, monthly/每月, term/每学期, seasonal/每年, adhoc/
// 临时), the days (weekly: 1–7 or 一…日, several separated by , 、 or ;;
// term: how many times a term, default 2), the seasons (MM-DD~MM-DD, several
// separated by , 、 or ;) and the closing time (HH:MM, default 18:00).
func NewSchedule(every, days, seasons, due string) (Schedule, error) {
	e, ok := everyWords[strings.ToLower(strings.TrimSpace(every))]
	if !ok {
		return Schedule{}, fmt.Errorf("frequency %q: want daily, weekly, monthly, term, seasonal or adhoc (每日 每周 每月 每学期 每年 临时)", every)
	}
	s := Schedule{Every: e}
	for _, d := range splitList(days) {
		switch e {
		case Weekly:
			wd, err := parseWeekday(d)
			if err != nil {
				return Schedule{}, err
			}
			if !slices.Contains(s.Days, wd) {
				s.Days = append(s.Days, wd)
			}
		case Termly:
			n, err := strconv.Atoi(strings.TrimSuffix(d, "次"))
			if err != nil || n < 1 || n > 12 {
				return Schedule{}, fmt.Errorf("times a term %q: want a number from 1 to 12", d)
			}
			s.Times = n
		default:
			return Schedule{}, fmt.Errorf("days %q: only weekly (the days) and term (times a term) plans take days", days)
		}
	}
	if e == Weekly && len(s.Days) == 0 {
		return Schedule{}, fmt.Errorf("weekly: give the days, e.g. 2,4 or 二、四")
	}
	slices.SortFunc(s.Days, func(a, b time.Weekday) int { return mondayFirst(a) - mondayFirst(b) })
	if e == Termly && s.Times == 0 {
		s.Times = 2
	}
	for _, x := range splitList(seasons) {
		from, to, ok := strings.Cut(x, "~")
		if !ok {
			return Schedule{}, fmt.Errorf("season %q: want MM-DD~MM-DD", x)
		}
		a, err := parseMonthDay(strings.TrimSpace(from))
		if err != nil {
			return Schedule{}, err
		}
		b, err := parseMonthDay(strings.TrimSpace(to))
		if err != nil {
			return Schedule{}, err
		}
		s.Seasons = append(s.Seasons, Season{a, b})
	}
	switch {
	case e == Seasonal && len(s.Seasons) == 0:
		return Schedule{}, fmt.Errorf("seasonal: give the seasons, e.g. 10-15~11-14")
	case (e == Monthly || e == AdHoc) && len(s.Seasons) > 0:
		return Schedule{}, fmt.Errorf("%s plans take no seasons", e)
	}
	if due = strings.TrimSpace(due); due != "" && e != AdHoc {
		c, err := flows.ParseClock(due)
		if err != nil {
			return Schedule{}, err
		}
		if c == 0 {
			return Schedule{}, fmt.Errorf("due 00:00 would close the window before it opens; use 23:59")
		}
		s.Due = c
	}
	if e != AdHoc && s.Due == 0 {
		s.Due = DefaultDue
	}
	return s, nil
}

func mondayFirst(d time.Weekday) int { return (int(d) + 6) % 7 }

func parseWeekday(s string) (time.Weekday, error) {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "周"), "星期")
	for d, name := range weekdayNames {
		if s == name {
			return d, nil
		}
	}
	if s == "天" {
		return time.Sunday, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > 7 {
		return 0, fmt.Errorf("day %q: want 1 (Monday) to 7 (Sunday), or 一 to 日", s)
	}
	return time.Weekday(n % 7), nil
}

// splitList splits a list written with , 、 ; ， ； or |.
func splitList(s string) []string {
	var out []string
	for _, x := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(",，、;；|", r) }) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}
