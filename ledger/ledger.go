// Package ledger writes the monthly ledgers (台账) inspectors ask a school
// for — 报修台账, 赔偿台账, 来访登记簿, 留样记录, 陪餐记录 — as Excel workbooks
// in the layout a paper ledger has: a title row with the school and month,
// Chinese column headers, one row per record.
//
// Rows are streamed from the database into excelize's StreamWriter, which
// spills to a temporary file past a small buffer, so memory stays flat
// however many rows a month holds.
package ledger

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/houqin/houqin/flows"
)

// Kind is one ledger.
type Kind string

// The ledgers, by their command-line keys.
const (
	Repairs Kind = "repairs" // 报修台账
	Damage  Kind = "damage"  // 赔偿台账: repairs of damage caused by people, by class/room
	Visits  Kind = "visits"  // 来访登记簿
	Samples Kind = "samples" // 留样记录
	Meals   Kind = "meals"   // 陪餐记录
)

// Kinds lists every ledger in the order the digest page offers them.
var Kinds = []Kind{Repairs, Damage, Visits, Samples, Meals}

// Title is the ledger's Chinese name.
func (k Kind) Title() string {
	switch k {
	case Repairs:
		return "报修台账"
	case Damage:
		return "赔偿台账"
	case Visits:
		return "来访登记簿"
	case Samples:
		return "留样记录"
	case Meals:
		return "陪餐记录"
	}
	return string(k)
}

// Available reports whether houqin records what the ledger lists yet.
func (k Kind) Available() bool { return k == Repairs || k == Damage }

// ParseKind reads a ledger key.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if string(k) == s {
			return k, nil
		}
	}
	return "", fmt.Errorf("unknown ledger %q (ledgers: repairs, damage, visits, samples, meals)", s)
}

// ErrNotRecorded is returned for a ledger whose records houqin does not keep yet.
var ErrNotRecorded = errors.New("ledger: not recorded yet")

// Source reads the records of a ledger, streaming.
type Source interface {
	// EachRepair calls fn for each of a school's repairs reported in [from,
	// to), in report order. With damageOnly it is instead the repairs found
	// to be damage caused by people (cause "damage") completed in [from,
	// to), ordered by location then time. LocationName carries the class
	// (the location's first alias) in brackets when there is one.
	EachRepair(ctx context.Context, schoolID int64, from, to time.Time, damageOnly bool, fn func(flows.Repair) error) error
}

// Month returns the first instant of the local month "YYYY-MM" in loc.
func Month(s string, loc *time.Location) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01", s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("month %q: want YYYY-MM", s)
	}
	return t, nil
}

// FileName is the suggested file name: 一中-报修台账-2026-11.xlsx.
func FileName(s flows.School, k Kind, month time.Time) string {
	return s.Name + "-" + k.Title() + "-" + month.Format("2006-01") + ".xlsx"
}

// column is one ledger column: header and width in characters.
type column struct {
	header string
	width  float64
}

var repairColumns = []column{
	{"序号", 6}, {"报修单号", 17}, {"报修时间", 17}, {"报修人", 9}, {"地点", 22}, {"工种", 8},
	{"报修内容", 30}, {"大修/小修", 9}, {"完成期限", 17}, {"维修人员", 9}, {"完成时间", 17},
	{"是否按期", 9}, {"状态", 14}, {"损坏原因", 20}, {"验收时间", 17}, {"评分", 6}, {"返修次数", 9},
}

var damageColumns = []column{
	{"序号", 6}, {"班级/房间", 24}, {"报修单号", 17}, {"报修时间", 17}, {"损坏物品", 14}, {"损坏情况", 30},
	{"责任说明", 30}, {"维修人员", 9}, {"完成时间", 17}, {"赔偿情况", 16},
}

// Write writes a school's ledger of the month starting at month to w and
// returns the number of record rows.
func Write(ctx context.Context, w io.Writer, src Source, s flows.School, k Kind, month time.Time) (int, error) {
	if !k.Available() {
		return 0, fmt.Errorf("%s: %w", k.Title(), ErrNotRecorded)
	}
	loc := s.Location()
	from := time.Date(month.Year(), month.Month(), 1, 0, 0, 0, 0, loc)
	to := from.AddDate(0, 1, 0)

	f := excelize.NewFile()
	defer f.Close()
	sheet := k.Title()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return 0, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return 0, err
	}
	cols := repairColumns
	if k == Damage {
		cols = damageColumns
	}
	st, err := newStyles(f)
	if err != nil {
		return 0, err
	}
	for i, c := range cols {
		if err := sw.SetColWidth(i+1, i+1, c.width); err != nil {
			return 0, err
		}
	}
	// Freeze the title and the header: they stay in view while scrolling.
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A3", ActiveCell: "A3", Pane: "bottomLeft"}}}); err != nil {
		return 0, err
	}
	last, _ := excelize.CoordinatesToCellName(len(cols), 1)
	if err := sw.MergeCell("A1", last); err != nil {
		return 0, err
	}
	title := fmt.Sprintf("%s %s（%d年%d月）", s.Name, k.Title(), from.Year(), from.Month())
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: st.title, Value: title}}, excelize.RowOpts{Height: 30}); err != nil {
		return 0, err
	}
	hdr := make([]any, len(cols))
	for i, c := range cols {
		hdr[i] = excelize.Cell{StyleID: st.header, Value: c.header}
	}
	if err := sw.SetRow("A2", hdr, excelize.RowOpts{Height: 22}); err != nil {
		return 0, err
	}
	n := 0
	row := make([]any, len(cols))
	err = src.EachRepair(ctx, s.ID, from, to, k == Damage, func(r flows.Repair) error {
		n++
		if k == Damage {
			damageRow(row, n, r, loc, st)
		} else {
			repairRow(row, n, r, loc, st)
		}
		cell, _ := excelize.CoordinatesToCellName(1, n+2)
		return sw.SetRow(cell, row)
	})
	if err != nil {
		return n, err
	}
	if err := sw.Flush(); err != nil {
		return n, err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: title, Creator: "houqin"}); err != nil {
		return n, err
	}
	_, err = f.WriteTo(w)
	return n, err
}

type styles struct{ title, header, date, text int }

func newStyles(f *excelize.File) (styles, error) {
	var st styles
	var err error
	border := []excelize.Border{{Type: "left", Color: "999999", Style: 1}, {Type: "right", Color: "999999", Style: 1},
		{Type: "top", Color: "999999", Style: 1}, {Type: "bottom", Color: "999999", Style: 1}}
	if st.title, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}); err != nil {
		return st, err
	}
	if st.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF4"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}); err != nil {
		return st, err
	}
	fmtDate := "yyyy-mm-dd hh:mm"
	if st.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &fmtDate, Border: border}); err != nil {
		return st, err
	}
	st.text, err = f.NewStyle(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	return st, err
}

// local turns an instant into a cell showing the school's wall-clock time:
// Excel dates have no zone, and excelize reads a time.Time as UTC.
func local(t time.Time, loc *time.Location, st styles) any {
	if t.IsZero() {
		return excelize.Cell{StyleID: st.text, Value: ""}
	}
	l := t.In(loc)
	return excelize.Cell{StyleID: st.date, Value: time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.UTC)}
}

func text(v any, st styles) any { return excelize.Cell{StyleID: st.text, Value: v} }

func repairRow(row []any, n int, r flows.Repair, loc *time.Location, st styles) {
	onTime := ""
	switch {
	case !r.DoneAt.IsZero() && !r.DoneAt.After(r.DueAt):
		onTime = "按期"
	case !r.DoneAt.IsZero():
		onTime = "超期"
	case r.Status.Open():
		onTime = "未完成"
	}
	cause := map[string]string{"wear": "自然损坏", "damage": "人为损坏"}[r.Cause]
	if r.Cause == "damage" && r.DamageNote != "" {
		cause += "：" + r.DamageNote
	}
	rating := ""
	if r.Rating > 0 {
		rating = strconv.Itoa(r.Rating)
	}
	desc := r.Description
	if r.Item != "" && r.Item != r.Description {
		desc = r.Item + "：" + r.Description
	}
	vals := []any{n, r.Ref, local(r.ReportedAt, loc, st), r.ReporterName, r.LocationName, r.Trade.Label(), desc, r.Severity(),
		local(r.DueAt, loc, st), r.WorkerName, local(r.DoneAt, loc, st), onTime, r.Status.Label(), cause,
		local(r.ClosedAt, loc, st), rating, r.Reopens}
	for i, v := range vals {
		if _, ok := v.(excelize.Cell); !ok {
			v = text(v, st)
		}
		row[i] = v
	}
}

func damageRow(row []any, n int, r flows.Repair, loc *time.Location, st styles) {
	item := r.Item
	if item == "" {
		item = r.Trade.Label()
	}
	// 赔偿情况 is left blank for the school to fill in by hand: houqin
	// records the damage, not what the family paid.
	vals := []any{n, r.LocationName, r.Ref, local(r.ReportedAt, loc, st), item, r.Description, r.DamageNote,
		r.WorkerName, local(r.DoneAt, loc, st), ""}
	for i, v := range vals {
		if _, ok := v.(excelize.Cell); !ok {
			v = text(v, st)
		}
		row[i] = v
	}
}
