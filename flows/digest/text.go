package digest

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/inspection"
)

var weekdays = [...]string{"日", "一", "二", "三", "四", "五", "六"}

// DayLabel is a day as a digest names it: 11月20日（周五）.
func DayLabel(day time.Time) string {
	return fmt.Sprintf("%d月%d日（周%s）", day.Month(), day.Day(), weekdays[day.Weekday()])
}

// LateText says how late something is: flows.LateText.
func LateText(d time.Duration) string { return flows.LateText(d) }

// FixText formats a median time to fix. Under a minute it says so rather
// than "0 分钟", which reads like a missing figure: a repair filed and
// marked done within the same minute (a worker logging a job after doing
// it, or a demo) is a real, if short, time to fix.
func FixText(d time.Duration) string {
	if d < time.Minute {
		return "不到 1 分钟"
	}
	if d < time.Hour {
		return fmt.Sprintf("%d 分钟", int(d.Round(time.Minute).Minutes()))
	}
	return fmt.Sprintf("%.1f 小时", d.Hours())
}

// PctText is "3/4（75%）", or "无到期" when nothing was due.
func PctText(n, of int) string {
	if of == 0 {
		return "当天无到期"
	}
	return fmt.Sprintf("%d/%d（%d%%）", n, of, Pct(n, of))
}

// Attention lists what needs someone's attention first, most urgent first;
// empty when nothing does.
func (d Digest) Attention() []string {
	var out []string
	r := d.Repairs
	if n := len(r.Overdue); n > 0 {
		out = append(out, fmt.Sprintf("%d 项逾期维修", n))
	}
	if n := len(r.Escalated); n > 0 {
		out = append(out, fmt.Sprintf("%d 项修不好待领导处理", n))
	}
	if c := d.Canteen; c != nil {
		for _, m := range c.Meals {
			if !m.Sampled && mealBegun(d, m.Meal) {
				out = append(out, flows.MealLabel(m.Meal)+"未留样")
			}
		}
		for _, m := range c.Meals {
			if !m.Accompanied && mealBegun(d, m.Meal) {
				out = append(out, flows.MealLabel(m.Meal)+"无陪餐记录")
			}
		}
		if c.Violations > 0 {
			out = append(out, fmt.Sprintf("%d 份留样不合规", c.Violations))
		}
		if c.DisposedEarly > 0 {
			out = append(out, fmt.Sprintf("%d 份留样未满 48 小时就处理了", c.DisposedEarly))
		}
	}
	if g := d.Gate; g != nil {
		if g.WatchHits > 0 {
			out = append(out, fmt.Sprintf("%d 次重点人员预警", g.WatchHits))
		}
		if g.StillInside > 0 {
			out = append(out, fmt.Sprintf("%d 名访客闭校时未登记离校", g.StillInside))
		}
	}
	if s := d.Safety; s != nil {
		if s.Missed > 0 {
			out = append(out, fmt.Sprintf("%d 次安全检查漏检", s.Missed))
		}
		if s.Overdue > 0 {
			out = append(out, fmt.Sprintf("%d 处隐患超期未整改", s.Overdue))
		}
	}
	if h := d.Hazards; h != nil {
		open := 0
		for _, l := range h.Listed {
			if l.Status != inspection.HazardClosed {
				open++
			}
		}
		if open > 0 {
			out = append(out, fmt.Sprintf("%d 处重大/紧急隐患未闭环", open))
		}
	}
	if r.Reopens > 0 {
		out = append(out, fmt.Sprintf("%d 项返修", r.Reopens))
	}
	return out
}

// DigestTitle is the digest's heading: 【一中 11月20日（周五）后勤日报】.
func DigestTitle(d Digest) string {
	return "【" + d.School.Name + " " + DayLabel(d.Day) + "后勤日报】"
}

// digestTextOverdue is how many overdue repairs the chat message lists; the
// page lists all.
const digestTextOverdue = 3

// DigestText is the compact digest for a chat message (the full page is
// behind the notification's link). A quiet day is one line.
func DigestText(d Digest) string {
	if d.Quiet() {
		return DigestTitle(d) + "一切正常"
	}
	var b strings.Builder
	b.WriteString(DigestTitle(d))
	if att := d.Attention(); len(att) > 0 {
		b.WriteString("\n需关注：" + strings.Join(att, "，"))
	} else {
		b.WriteString("\n需关注：无")
	}
	r := d.Repairs
	fmt.Fprintf(&b, "\n报修：新报 %d，完成 %d，在修 %d（逾期 %d）", r.Reported, r.Completed, r.Open, len(r.Overdue))
	fmt.Fprintf(&b, "\n小修当晚完成 %s；大修按期 %s", PctText(r.SmallOnTime, r.SmallDue), PctText(r.LargeOnTime, r.LargeDue))
	if r.UrgentDue > 0 {
		fmt.Fprintf(&b, "；紧急按时 %s", PctText(r.UrgentOnTime, r.UrgentDue))
	}
	if q := qualityText(r); q != "" {
		b.WriteString("\n" + q)
	}
	for i, o := range r.Overdue {
		if i == digestTextOverdue {
			fmt.Fprintf(&b, "\n  …另有 %d 项，见详情", len(r.Overdue)-i)
			break
		}
		fmt.Fprintf(&b, "\n  逾期 %s%s %s %s（%s，超时 %s）", urgentMark(o), o.Ref, o.Location, o.Item, orNobody(o.Worker), LateText(o.Late))
	}
	b.WriteString("\n" + gateText(d.Gate))
	b.WriteString("\n" + canteenText(d.Canteen))
	if line := safetyText(d); line != "" {
		b.WriteString("\n" + line)
	}
	return b.String()
}

// digestTextHazards is how many of the day's 重大 and 紧急 hazards the
// chat message lists.
const digestTextHazards = 3

// safetyText is the safety line: the hazards found on the day and their
// state (user test 26: a day with a 紧急 hazard, a student hurt, closed
// by the evening had no line at all), the checks due, and the hazards
// still open; "" when there is none of these.
func safetyText(d Digest) string {
	var parts []string
	h := d.Hazards
	if h != nil && h.Found > 0 {
		found := fmt.Sprintf("新发现隐患 %d 处", h.Found)
		if h.Serious > 0 {
			found += fmt.Sprintf("（重大/紧急 %d）", h.Serious)
		}
		var states []string
		for _, st := range []struct {
			n     int
			label string
		}{{h.Closed, "已复查闭环"}, {h.Fixed, "已整改待复查"}, {h.Open, "待整改"}} {
			if st.n > 0 {
				states = append(states, fmt.Sprintf("%s %d", st.label, st.n))
			}
		}
		found += "：" + strings.Join(states, "，")
		if h.Reopened > 0 {
			found += fmt.Sprintf("，复查不通过 %d 次", h.Reopened)
		}
		parts = append(parts, found)
	}
	if s := d.Safety; s != nil && s.Due+s.Open > 0 {
		parts = append(parts, fmt.Sprintf("到期检查 %d 项，完成 %d，漏检 %d", s.Due, s.Done, s.Missed))
		parts = append(parts, fmt.Sprintf("未闭环隐患 %d 处（超期 %d）", s.Open, s.Overdue))
		if len(parts) == 3 && s.Due == 0 {
			parts = slices.Delete(parts, 1, 2) // no checks owed: said only with the day's hazards
		}
	}
	if len(parts) == 0 {
		return ""
	}
	line := "安全：" + strings.Join(parts, "；")
	if h != nil {
		for i, z := range h.Listed {
			if i == digestTextHazards {
				line += fmt.Sprintf("\n  …另有 %d 处，见详情", len(h.Listed)-i)
				break
			}
			line += fmt.Sprintf("\n  %s %s（%s）", z.Level.Label(), z.Title(), z.Status.Label())
		}
	}
	return line
}

// urgentMark marks an urgent repair in the digest's lists.
func urgentMark(o OverdueRepair) string {
	if o.Urgent {
		return "【紧急】"
	}
	return ""
}

func orNobody(name string) string {
	if name == "" {
		return "未派工"
	}
	return name
}

// qualityText is the line of reopens, rating and time to fix.
func qualityText(r RepairDigest) string {
	var parts []string
	if r.Reopens > 0 {
		parts = append(parts, fmt.Sprintf("返修 %d", r.Reopens))
	}
	if r.Rated > 0 {
		parts = append(parts, fmt.Sprintf("平均评分 %.1f（%d 条）", r.RatingAvg, r.Rated))
	}
	if r.FixSamples > 0 {
		parts = append(parts, fixPhrase(r.MedianFix))
	}
	return strings.Join(parts, "，")
}

// fixPhrase is the median time to fix in the digest's quality line: a
// figure follows the label after a space, as the digest's other figures
// do; "不到 1 分钟" follows it directly.
func fixPhrase(d time.Duration) string {
	if d < time.Minute {
		return "修复用时中位数" + FixText(d)
	}
	return "修复用时中位数 " + FixText(d)
}

// NoData is what a section says when houqin records nothing for it yet.
const NoData = "暂无数据"

func gateText(g *GateDigest) string {
	if g == nil {
		return "门卫：" + NoData
	}
	kept := ""
	if g.KeptAtGate > 0 {
		// A parcel left at the gate is neither a visitor in nor a refusal:
		// said apart, and only when there is one, so a day without any
		// reads as before.
		kept = fmt.Sprintf("，另有 %d 人留在门卫处（未入校）", g.KeptAtGate)
	}
	return fmt.Sprintf("门卫：来访 %d 人%s，闭校未离 %d 人，被访人拒绝 %d 次，重点人员 %d 次", g.VisitorsIn, kept, g.StillInside, g.HostRefusals, g.WatchHits)
}

func mark(ok bool) string {
	if ok {
		return "✓"
	}
	return "✗"
}

func canteenText(c *CanteenDigest) string {
	if c == nil {
		return "食堂：" + NoData
	}
	var parts []string
	for _, m := range c.Meals {
		parts = append(parts, fmt.Sprintf("%s 留样%s 陪餐%s", flows.MealLabel(m.Meal), mark(m.Sampled), mark(m.Accompanied)))
	}
	s := "食堂：" + strings.Join(parts, "；")
	if len(c.Meals) == 0 {
		// No meal that day, but samples of earlier days may still be due
		// for disposal: said all the same.
		s = "食堂：当天无供餐记录"
	}
	if c.Violations > 0 {
		s += fmt.Sprintf("；不合规 %d 份", c.Violations)
	}
	if c.DisposalsDue > 0 {
		s += fmt.Sprintf("；今日待销毁 %d 份", c.DisposalsDue)
	}
	if c.DisposedEarly > 0 {
		s += fmt.Sprintf("；提前处理 %d 份（未满 48 小时）", c.DisposedEarly)
	}
	return s
}

// SchoolLine is a school's one line in the district view.
type SchoolLine struct {
	School    flows.School
	Repairs   RepairDigest
	Gate      *GateDigest
	Canteen   *CanteenDigest
	Attention []string // the school's attention items
}

// District is the education bureau's view of one day across schools.
type District struct {
	Day     time.Time
	AsOf    time.Time
	Schools []SchoolLine
	Total   SchoolLine // sums; Total.School.Name is 合计
}

// NewDistrict sums digests (of the same day) into the district view.
func NewDistrict(day, asOf time.Time, ds []Digest) District {
	// Each digest is as of the end of its day (BuildDigest); the view says
	// the latest of those instants, not when it was asked for.
	if len(ds) > 0 {
		asOf = ds[0].AsOf
		for _, d := range ds[1:] {
			if d.AsOf.After(asOf) {
				asOf = d.AsOf
			}
		}
	}
	out := District{Day: day, AsOf: asOf, Total: SchoolLine{School: flows.School{Name: "合计"}}}
	t := &out.Total
	for _, d := range ds {
		out.Schools = append(out.Schools, SchoolLine{School: d.School, Repairs: d.Repairs, Gate: d.Gate, Canteen: d.Canteen, Attention: d.Attention()})
		r := d.Repairs
		tr := &t.Repairs
		tr.Reported += r.Reported
		tr.Completed += r.Completed
		tr.Open += r.Open
		tr.SmallDue += r.SmallDue
		tr.SmallOnTime += r.SmallOnTime
		tr.LargeDue += r.LargeDue
		tr.LargeOnTime += r.LargeOnTime
		tr.Reopens += r.Reopens
		tr.Overdue = append(tr.Overdue, r.Overdue...)
		tr.Escalated = append(tr.Escalated, r.Escalated...)
		if g := d.Gate; g != nil {
			if t.Gate == nil {
				t.Gate = &GateDigest{}
			}
			t.Gate.VisitorsIn += g.VisitorsIn
			t.Gate.StillInside += g.StillInside
			t.Gate.HostRefusals += g.HostRefusals
			t.Gate.KeptAtGate += g.KeptAtGate
			t.Gate.WatchHits += g.WatchHits
		}
		if c := d.Canteen; c != nil {
			if t.Canteen == nil {
				t.Canteen = &CanteenDigest{}
			}
			t.Canteen.Meals = append(t.Canteen.Meals, c.Meals...)
			t.Canteen.Violations += c.Violations
			t.Canteen.DisposalsDue += c.DisposalsDue
			t.Canteen.DisposedEarly += c.DisposedEarly
		}
	}
	return out
}

// MealsComplete counts meals with both a sample and a 陪餐 record.
func (c *CanteenDigest) MealsComplete() int {
	n := 0
	for _, m := range c.Meals {
		if m.Sampled && m.Accompanied {
			n++
		}
	}
	return n
}

// DistrictLine is one school's line of the district text.
func DistrictLine(l SchoolLine) string {
	r := l.Repairs
	s := fmt.Sprintf("%s：新报 %d，完成 %d，在修 %d，逾期 %d，待领导 %d，小修当晚 %s", l.School.Name, r.Reported, r.Completed, r.Open,
		len(r.Overdue), len(r.Escalated), pctShort(r.SmallOnTime, r.SmallDue))
	if g := l.Gate; g != nil {
		s += fmt.Sprintf("，来访 %d", g.VisitorsIn)
	}
	if c := l.Canteen; c != nil {
		s += fmt.Sprintf("，餐次齐全 %d/%d", c.MealsComplete(), len(c.Meals))
	}
	return s
}

func pctShort(n, of int) string {
	if of == 0 {
		return "—"
	}
	return fmt.Sprintf("%d%%", Pct(n, of))
}

// DistrictText is the district view as text: one line per school, then the totals.
func DistrictText(d District) string {
	var b strings.Builder
	fmt.Fprintf(&b, "【全区 %s后勤日报】%d 所学校", DayLabel(d.Day), len(d.Schools))
	for _, l := range d.Schools {
		b.WriteString("\n" + DistrictLine(l))
	}
	b.WriteString("\n" + DistrictLine(d.Total))
	return b.String()
}

// mealBegun reports whether the meal had begun by the digest's AsOf: a
// digest asked for at 03:40 (「今日汇总」) does not flag lunch as without
// its 陪餐 before lunch is served. A meal the school's settings do not
// time counts as begun.
func mealBegun(d Digest, meal string) bool {
	loc := d.School.Location()
	for _, m := range d.School.Settings.Meals {
		if m.Key == meal {
			return !d.AsOf.Before(m.Starts.On(d.Day, loc))
		}
	}
	return true
}
