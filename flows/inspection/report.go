package inspection

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
)

// Report is a school's monthly safety report (安全月报): the checks whose
// windows closed in the month, the hazards found in it, and the hazards
// still open when it is made.
//
// What the numbers mean: a check counts in the month its window closed
// (an unscheduled check, the day it was started); 漏检 are windows the
// scheduler recorded as missed, 未完成 checks begun whose window has not
// been judged yet. 按期整改率 is, of the month's hazards whose deadline has
// passed or that were rectified, the share rectified (整改完成) by their
// deadline — a hazard reopened by a failed re-check is judged by its new
// deadline. Open hazards and their age are the state at AsOf (截至), because
// that is what someone still has to act on.
type Report struct {
	School flows.School
	Month  time.Time // the first day, in the school's zone
	AsOf   time.Time

	Plans      []PlanCount // by plan, in the order of the plan ids
	Done       int
	Missed     int
	Unfinished int

	Found   int
	Levels  []LevelCount // one per level, in Levels order
	Closed  int          // of Found, closed (复查通过) by AsOf
	OnTime  int          // of Judged, rectified by their deadline
	Judged  int
	Open    []OpenHazard // every hazard not closed at AsOf, oldest first
	Overdue int          // of Open, past their deadline
}

// PlanCount is one plan's checks in the month.
type PlanCount struct {
	Plan                     string
	Done, Missed, Unfinished int
}

// Due is the number of checks the month asked for.
func (p PlanCount) Due() int { return p.Done + p.Missed + p.Unfinished }

// LevelCount is the month's hazards of one level.
type LevelCount struct {
	Level         Level
	Found, Closed int
}

// OpenHazard is a hazard not yet closed, with its age.
type OpenHazard struct {
	Hazard
	AgeDays int
	Overdue bool
}

// Due is the number of checks the month asked for.
func (r Report) Due() int { return r.Done + r.Missed + r.Unfinished }

// MonthStart is the first instant of the local month holding t.
func MonthStart(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	return time.Date(l.Year(), l.Month(), 1, 0, 0, 0, 0, loc)
}

// BuildReport makes a school's report of the month starting at month (its
// first day in the school's zone), as of asOf.
func BuildReport(ctx context.Context, src ReportStore, s flows.School, month, asOf time.Time) (Report, error) {
	loc := s.Location()
	from := MonthStart(month, loc)
	to := from.AddDate(0, 1, 0)
	r := Report{School: s, Month: from, AsOf: asOf}
	checks, err := src.ChecksBetween(ctx, s.ID, from, to)
	if err != nil {
		return r, err
	}
	byPlan := map[int64]*PlanCount{}
	var order []int64
	for _, c := range checks {
		pc := byPlan[c.PlanID]
		if pc == nil {
			pc = &PlanCount{Plan: c.PlanName}
			byPlan[c.PlanID] = pc
			order = append(order, c.PlanID)
		}
		switch {
		case c.Status == CheckDone:
			pc.Done++
			r.Done++
		case c.Status == CheckMissed:
			pc.Missed++
			r.Missed++
		case c.AdHoc():
			// an unscheduled check left unfinished was never owed
		default:
			pc.Unfinished++
			r.Unfinished++
		}
	}
	sort.Slice(order, func(i, j int) bool { return order[i] < order[j] })
	for _, id := range order {
		r.Plans = append(r.Plans, *byPlan[id])
	}
	found, err := src.HazardsFound(ctx, s.ID, from, to)
	if err != nil {
		return r, err
	}
	r.Found = len(found)
	counts := map[Level]*LevelCount{}
	for _, l := range Levels {
		r.Levels = append(r.Levels, LevelCount{Level: l})
	}
	for i := range r.Levels {
		counts[r.Levels[i].Level] = &r.Levels[i]
	}
	for _, h := range found {
		lc := counts[h.Level]
		if lc == nil {
			continue
		}
		lc.Found++
		if h.Status == HazardClosed {
			lc.Closed++
			r.Closed++
		}
		if h.Status != HazardOpen || !h.DueAt.After(asOf) {
			r.Judged++
			if !h.FixedAt.IsZero() && !h.FixedAt.After(h.DueAt) {
				r.OnTime++
			}
		}
	}
	open, err := src.OpenHazards(ctx, s.ID)
	if err != nil {
		return r, err
	}
	for _, h := range open {
		if h.FoundAt.After(asOf) {
			continue
		}
		oh := OpenHazard{Hazard: h, AgeDays: int(asOf.Sub(h.FoundAt).Hours() / 24), Overdue: h.Status == HazardOpen && asOf.After(h.DueAt)}
		if oh.Overdue {
			r.Overdue++
		}
		r.Open = append(r.Open, oh)
	}
	return r, nil
}

// District is the month's report of every school, with the totals.
type District struct {
	Month   time.Time
	AsOf    time.Time
	Schools []Report
	Total   Report // the sums; Plans and Open are left empty
}

// BuildDistrict makes the report of each school and adds them up.
func BuildDistrict(ctx context.Context, src ReportStore, schools []flows.School, month, asOf time.Time) (District, error) {
	d := District{Month: month, AsOf: asOf}
	for _, l := range Levels {
		d.Total.Levels = append(d.Total.Levels, LevelCount{Level: l})
	}
	for _, s := range schools {
		r, err := BuildReport(ctx, src, s, month, asOf)
		if err != nil {
			return d, fmt.Errorf("school %d: %w", s.ID, err)
		}
		d.Schools = append(d.Schools, r)
		t := &d.Total
		t.Done += r.Done
		t.Missed += r.Missed
		t.Unfinished += r.Unfinished
		t.Found += r.Found
		t.Closed += r.Closed
		t.OnTime += r.OnTime
		t.Judged += r.Judged
		t.Overdue += r.Overdue
		for i, lc := range r.Levels {
			t.Levels[i].Found += lc.Found
			t.Levels[i].Closed += lc.Closed
		}
	}
	return d, nil
}

// Pct is n of m in whole percent, and "—" when m is 0.
func Pct(n, m int) string {
	if m == 0 {
		return "—"
	}
	return fmt.Sprintf("%d%%", (n*100+m/2)/m)
}

// OpenCount is the number of hazards still open.
func (r Report) OpenCount() int { return len(r.Open) }

// MonthTitle is 2026年11月.
func MonthTitle(m time.Time) string { return fmt.Sprintf("%d年%d月", m.Year(), m.Month()) }

// ReportText is the report as the principal reads it in chat.
func ReportText(r Report) string {
	var b strings.Builder
	fmt.Fprintf(&b, "【安全月报】%s %s\n", r.School.Name, MonthTitle(r.Month))
	fmt.Fprintf(&b, "检查：应做 %d 次，完成 %d 次，漏检 %d 次", r.Due(), r.Done, r.Missed)
	if r.Unfinished > 0 {
		fmt.Fprintf(&b, "，未完成 %d 次", r.Unfinished)
	}
	var missed []string
	for _, p := range r.Plans {
		if p.Missed > 0 {
			missed = append(missed, fmt.Sprintf("%s %d 次", p.Plan, p.Missed))
		}
	}
	if len(missed) > 0 {
		b.WriteString("（" + strings.Join(missed, "、") + "）")
	}
	var levels []string
	for _, lc := range r.Levels {
		levels = append(levels, fmt.Sprintf("%s %d", lc.Level.Label(), lc.Found))
	}
	fmt.Fprintf(&b, "\n隐患：发现 %d 处（%s），已闭环 %d 处，按期整改率 %s", r.Found, strings.Join(levels, "、"), r.Closed, Pct(r.OnTime, r.Judged))
	if len(r.Open) == 0 {
		b.WriteString("\n目前没有未闭环的隐患。")
		return b.String()
	}
	oldest := r.Open[0]
	fmt.Fprintf(&b, "\n未闭环隐患 %d 处，其中超期 %d 处；最久的是 %s，已 %d 天", len(r.Open), r.Overdue, oldest.Title(), oldest.AgeDays)
	return b.String()
}

// DistrictText is the district's monthly report as the district office
// reads it in chat: a line per school, then the sums.
func DistrictText(d District) string {
	var b strings.Builder
	fmt.Fprintf(&b, "【全区安全月报】%s，%d 所学校", MonthTitle(d.Month), len(d.Schools))
	line := func(name string, r Report, open int) {
		fmt.Fprintf(&b, "\n%s：检查完成 %d/%d 次，漏检 %d 次；隐患发现 %d 处，已闭环 %d 处，按期整改率 %s", name, r.Done, r.Due(), r.Missed, r.Found, r.Closed, Pct(r.OnTime, r.Judged))
		if open > 0 {
			fmt.Fprintf(&b, "，未闭环 %d 处（超期 %d）", open, r.Overdue)
		}
	}
	open := 0
	for _, r := range d.Schools {
		line(r.School.Name, r, len(r.Open))
		open += len(r.Open)
	}
	line("合计", d.Total, open)
	return b.String()
}

// ReportLink makes the signed link to a school's report page of a month,
// and for the district office (Settings.DistrictOffice) to the district's;
// "" when links are unavailable.
type ReportLink func(s flows.School, month time.Time) string

// reportTick sends last month's report to the principal (at the district
// office, the district's report to its leaders) on the first of the month, from the school's digest time (catching up until the 3rd if
// the scheduler was down), once per school and month.
func reportTick(t *flows.Turn, link ReportLink) error {
	loc := t.School.Location()
	local := t.Now.In(loc)
	if local.Day() > 3 || local.Day() == 1 && t.Now.Before(t.School.Settings.DigestAt.On(local, loc)) {
		return nil
	}
	month := MonthStart(t.Now, loc).AddDate(0, -1, 0)
	ok, err := t.Tx.ClaimJob(t.Ctx, claimKey(RefReport, t.School.ID, month.Format("2006-01")), t.Now)
	if !ok || err != nil {
		return err
	}
	var text string
	to := []flows.Role{flows.RolePrincipal}
	if t.School.Settings.DistrictOffice {
		// The district office gets the district's report, as its leaders
		// get the district's morning view (digest).
		schools, err := t.Tx.ActiveSchools(t.Ctx)
		if err != nil {
			return err
		}
		d, err := BuildDistrict(t.Ctx, db(t), flows.DistrictSchools(schools), month, t.Now)
		if err != nil {
			return err
		}
		text, to = DistrictText(d), []flows.Role{flows.RolePrincipal, flows.RoleLeader, flows.RoleHead}
	} else {
		r, err := BuildReport(t.Ctx, db(t), t.School, month, t.Now)
		if err != nil {
			return err
		}
		text = ReportText(r)
	}
	n := flows.Notification{Kind: KindReport, Ref: flows.Ref(RefReport, t.School.ID), Text: text}
	if link != nil {
		if n.Link = link(t.School, month); n.Link != "" {
			n.Text += "\n详情和台账：" + n.Link
		}
	}
	return t.NotifyRoles(to, n)
}

// DaySafety is the safety line of the morning digest: the checks whose
// window closed on the day, and the hazards open at AsOf.
type DaySafety struct {
	Due, Done, Missed int // checks whose window closed on the day
	Open, Overdue     int // hazards not closed at AsOf; of them, past their deadline and not rectified
}

// SafetyOfDay computes the digest's safety line of the day [from, to).
func SafetyOfDay(ctx context.Context, src ReportStore, s flows.School, from, to, asOf time.Time) (DaySafety, error) {
	var d DaySafety
	checks, err := src.ChecksBetween(ctx, s.ID, from, to)
	if err != nil {
		return d, err
	}
	for _, c := range checks {
		if c.AdHoc() {
			continue // never owed
		}
		d.Due++
		switch c.Status {
		case CheckDone:
			d.Done++
		case CheckMissed:
			d.Missed++
		}
	}
	open, err := src.OpenHazards(ctx, s.ID)
	if err != nil {
		return d, err
	}
	for _, h := range open {
		if h.FoundAt.After(asOf) {
			continue
		}
		d.Open++
		if h.Status == HazardOpen && asOf.After(h.DueAt) {
			d.Overdue++
		}
	}
	return d, nil
}
