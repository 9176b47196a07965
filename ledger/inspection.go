package ledger

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/inspection"
)

// InspectionSource reads the safety ledgers and the monthly safety report.
type InspectionSource interface {
	inspection.ReportStore
	// Equipment lists a school's active equipment of a kind ("" for every
	// kind), by expiry date (undated last).
	Equipment(ctx context.Context, schoolID int64, kind string) ([]inspection.Equipment, error)
	// EachCheckRecord calls fn for each item result of a school's checks
	// whose window closed in [from, to), in the order they were done (a
	// missed one at its window's close), once with a zero Result for a
	// check without results.
	EachCheckRecord(ctx context.Context, schoolID int64, from, to time.Time, fn func(inspection.CheckRecord) error) error
}

var hazardColumns = []column{
	{"序号", 6}, {"隐患编号", 17}, {"发现时间", 17}, {"地点", 22}, {"来源", 20}, {"隐患描述", 30}, {"现场照片", 14},
	{"等级", 6}, {"发现人", 9}, {"整改责任人", 10}, {"整改期限", 17}, {"整改完成时间", 17}, {"整改说明", 20},
	{"整改照片", 14}, {"是否按期", 9}, {"复查人", 9}, {"复查时间", 17}, {"状态", 14}, {"关联报修单", 17},
}

var checkColumns = []column{
	{"序号", 6}, {"日期", 11}, {"检查项目", 16}, {"检查时段", 16}, {"地点", 22}, {"检查内容", 30}, {"结果", 8},
	{"隐患编号", 17}, {"隐患情况", 24}, {"照片", 14}, {"检查人", 9}, {"完成时间", 17},
}

var equipmentColumns = []column{
	{"序号", 6}, {"器材", 10}, {"编号", 14}, {"位置", 24}, {"有效期至", 12}, {"剩余天数", 9}, {"状态", 14},
}

// writeSafety writes the rows of a safety ledger of [from, to).
func writeSafety(ctx context.Context, src Source, s flows.School, k Kind, from, to time.Time, put func(...any) error, st styles) error {
	loc := s.Location()
	switch k {
	case Hazards:
		hs, err := src.HazardsFound(ctx, s.ID, from, to)
		if err != nil {
			return err
		}
		for _, h := range hs {
			if err := put(hazardRow(h, loc, st)...); err != nil {
				return err
			}
		}
	case Checks:
		return src.EachCheckRecord(ctx, s.ID, from, to, func(r inspection.CheckRecord) error { return put(checkRow(r, loc, st)...) })
	case Equipment:
		es, err := src.Equipment(ctx, s.ID, "")
		if err != nil {
			return err
		}
		// The register as it stands on the month's last day.
		asOf := to.Add(-12 * time.Hour)
		for _, e := range es {
			if err := put(equipmentRow(e, asOf, loc, st)...); err != nil {
				return err
			}
		}
	}
	return nil
}

// photo is a photo's cell: a link when the channel gave a URL, else the
// channel's media reference (houqin keeps references, not the images).
func photo(ref string, st styles) any {
	switch {
	case ref == "":
		return ""
	case strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "http://"):
		return excelize.Cell{StyleID: st.link, Formula: `HYPERLINK("` + strings.ReplaceAll(ref, `"`, `""`) + `","查看照片")`, Value: "查看照片"}
	}
	return "有（编号 " + ref + "）"
}

func hazardRow(h inspection.Hazard, loc *time.Location, st styles) []any {
	source := "发现隐患（随时上报）"
	if h.PlanName != "" {
		source = h.PlanName
		if h.ItemSeq > 0 {
			source += fmt.Sprintf(" 第%d项", h.ItemSeq)
		}
	}
	onTime := "未整改"
	if !h.FixedAt.IsZero() {
		onTime = "按期"
		if h.FixedAt.After(h.DueAt) {
			onTime = "超期"
		}
	}
	status := h.Status.Label()
	if h.Reopens > 0 {
		status += fmt.Sprintf("（复查不通过 %d 次）", h.Reopens)
	}
	var recheckBy string
	recheckAt := any("")
	if h.Status == inspection.HazardClosed {
		recheckBy, recheckAt = h.RecheckerName, local(h.RecheckedAt, loc, st)
	}
	return []any{h.Ref, local(h.FoundAt, loc, st), h.Where(), source, h.Description, photo(h.Photo, st), h.Level.Label(),
		h.FinderName, h.ResponsibleName, local(h.DueAt, loc, st), local(h.FixedAt, loc, st), h.FixNote, photo(h.FixPhoto, st),
		onTime, recheckBy, recheckAt, status, h.RepairRef}
}

// localDay is the civil day of an instant in loc, as a date cell.
func localDay(t time.Time, loc *time.Location, st styles) any {
	l := t.In(loc)
	return civilDay(time.Date(l.Year(), l.Month(), l.Day(), 0, 0, 0, 0, time.UTC), st)
}

// windowText is a check's window: 11月28日, 11月1日–11月30日, 临时检查.
func windowText(c inspection.Check, loc *time.Location) string {
	day := func(t time.Time) string { l := t.In(loc); return fmt.Sprintf("%d月%d日", l.Month(), l.Day()) }
	switch {
	case c.AdHoc():
		return "临时检查"
	case day(c.Opens) == day(c.Closes):
		return day(c.Opens)
	}
	return day(c.Opens) + "–" + day(c.Closes)
}

func checkRow(r inspection.CheckRecord, loc *time.Location, st styles) []any {
	result := "正常"
	switch {
	case r.Status == inspection.CheckMissed && r.Seq == 0:
		result = "漏检"
	case r.Seq == 0:
		result = "未完成"
	case !r.OK:
		result = "有隐患"
	}
	when := r.DoneAt
	if when.IsZero() {
		when = r.Closes
	}
	place := r.HazardPlace
	if place == "" {
		place = r.LocationName
	}
	return []any{localDay(when, loc, st), r.PlanName, windowText(r.Check, loc), place, r.Item, result, r.HazardRef, r.HazardDesc,
		photo(r.HazardPhoto, st), r.InspectorName, local(r.DoneAt, loc, st)}
}

func equipmentRow(e inspection.Equipment, asOf time.Time, loc *time.Location, st styles) []any {
	if e.Expires.IsZero() {
		return []any{e.Kind, e.Code, e.Place, "长期", "", "无有效期"}
	}
	left := e.DaysLeft(asOf, loc)
	status := "正常"
	switch {
	case left < 0:
		status = "已过期"
	case left <= inspection.ExpiryWarnDays:
		status = fmt.Sprintf("%d 天内到期", inspection.ExpiryWarnDays)
	}
	return []any{e.Kind, e.Code, e.Place, civilDay(e.Expires, st), left, status}
}

// The monthly safety report (安全月报) as a workbook: the checks by plan,
// the hazards by level with the on-time rate, and the open hazards.

var reportColumns = []column{{"项目", 22}, {"", 12}, {"", 12}, {"", 22}, {"", 10}, {"", 17}, {"", 10}, {"", 14}}

// WriteReport writes a school's monthly safety report as an Excel workbook.
func WriteReport(w io.Writer, r inspection.Report) error {
	title := fmt.Sprintf("%s 安全月报（%s）", r.School.Name, inspection.MonthTitle(r.Month))
	b, err := newBook(w, "安全月报", title, reportColumns, 0)
	if err != nil {
		return err
	}
	loc := r.School.Location()
	st := b.st
	if err := b.add([]any{"数据截至 " + r.AsOf.In(loc).Format("2006-01-02 15:04")}); err != nil {
		return err
	}
	if err := section(b, "检查计划", "应做", "完成", "漏检", "未完成", "完成率"); err != nil {
		return err
	}
	for _, p := range r.Plans {
		if err := b.add(cells(st, p.Plan, p.Due(), p.Done, p.Missed, p.Unfinished, inspection.Pct(p.Done, p.Due()))); err != nil {
			return err
		}
	}
	if err := b.add(cells(st, "合计", r.Due(), r.Done, r.Missed, r.Unfinished, inspection.Pct(r.Done, r.Due()))); err != nil {
		return err
	}
	if err := section(b, "隐患等级", "发现", "已闭环"); err != nil {
		return err
	}
	for _, lc := range r.Levels {
		if err := b.add(cells(st, lc.Level.Label(), lc.Found, lc.Closed)); err != nil {
			return err
		}
	}
	if err := b.add(cells(st, "合计", r.Found, r.Closed)); err != nil {
		return err
	}
	if err := b.add(cells(st, "按期整改率", inspection.Pct(r.OnTime, r.Judged), fmt.Sprintf("%d / %d", r.OnTime, r.Judged))); err != nil {
		return err
	}
	if err := section(b, fmt.Sprintf("未闭环隐患（%d）", len(r.Open)), "等级", "状态", "地点", "已过天数", "发现时间", "整改责任人", "是否超期"); err != nil {
		return err
	}
	for _, h := range r.Open {
		late := "否"
		if h.Overdue {
			late = "超期"
		}
		if err := b.add(cells(st, h.Ref+" "+h.Description, h.Level.Label(), h.Status.Label(), h.Where(), h.AgeDays,
			local(h.FoundAt, loc, st), h.ResponsibleName, late)); err != nil {
			return err
		}
	}
	return b.finish(w)
}

// WriteDistrictReport writes the district's monthly safety report: one
// row per school and the totals.
func WriteDistrictReport(w io.Writer, d inspection.District) error {
	cols := []column{{"学校", 16}, {"应做检查", 9}, {"完成", 7}, {"漏检", 7}, {"发现隐患", 9}, {"一般", 6}, {"较大", 6},
		{"重大", 6}, {"紧急", 6}, {"已闭环", 8}, {"按期整改率", 11}, {"未闭环", 8}, {"超期未整改", 11}}
	b, err := newBook(w, "安全月报", fmt.Sprintf("全区学校安全月报（%s）", inspection.MonthTitle(d.Month)), cols, 2)
	if err != nil {
		return err
	}
	hdr := make([]any, len(cols))
	for i, c := range cols {
		hdr[i] = excelize.Cell{StyleID: b.st.header, Value: c.header}
	}
	if err := b.add(hdr, excelize.RowOpts{Height: 22}); err != nil {
		return err
	}
	line := func(name string, r inspection.Report, open int) []any {
		v := []any{name, r.Due(), r.Done, r.Missed, r.Found}
		for _, lc := range r.Levels {
			v = append(v, lc.Found)
		}
		return cells(b.st, append(v, r.Closed, inspection.Pct(r.OnTime, r.Judged), open, r.Overdue)...)
	}
	open := 0
	for _, r := range d.Schools {
		open += len(r.Open)
		if err := b.add(line(r.School.Name, r, len(r.Open))); err != nil {
			return err
		}
	}
	if err := b.add(line("合计", d.Total, open)); err != nil {
		return err
	}
	return b.finish(w)
}

// section writes an empty row and a header row.
func section(b *book, headers ...string) error {
	if err := b.add(nil); err != nil {
		return err
	}
	row := make([]any, len(headers))
	for i, h := range headers {
		row[i] = excelize.Cell{StyleID: b.st.header, Value: h}
	}
	return b.add(row, excelize.RowOpts{Height: 22})
}

// cells gives plain values the text style.
func cells(st styles, vals ...any) []any {
	row := make([]any, len(vals))
	putRow(row, vals, st)
	return row
}
