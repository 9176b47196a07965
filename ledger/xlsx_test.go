package ledger

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// The hand-written workbook reads back in excelize as what the ledgers
// rely on: values, inline strings with XML's special characters, dates
// in their formats, formulas, styles, widths, heights, panes and the
// merged title.
func TestBookReadsBack(t *testing.T) {
	var buf bytes.Buffer
	cols := []column{{"序号", 6}, {"时间", 17}, {"内容", 30}, {"日期", 11}, {"链接", 14}}
	b, err := newBook(&buf, "报修台账", "一中 <报修> & \"台账\"", cols, 2)
	if err != nil {
		t.Fatal(err)
	}
	st := b.st
	hdr := make([]any, len(cols))
	for i, c := range cols {
		hdr[i] = excelize.Cell{StyleID: st.header, Value: c.header}
	}
	if err := b.add(hdr, excelize.RowOpts{Height: 22}); err != nil {
		t.Fatal(err)
	}
	loc := time.FixedZone("CST", 8*3600)
	at := time.Date(2026, 11, 20, 13, 30, 59, 0, time.UTC) // 21:30:59 in the school
	row := make([]any, len(cols))
	putRow(row, []any{1, local(at, loc, st), "a<b>&c\x01\"d\"\n第二行", civilDay(time.Date(2026, 11, 19, 0, 0, 0, 0, time.UTC), st),
		photo("https://example.com/p?a=1&b=\"2\"", st)}, st)
	if err := b.add(row); err != nil {
		t.Fatal(err)
	}
	putRow(row, []any{2, local(time.Time{}, loc, st), 3.5, "", "有（编号 m1）"}, st)
	if err := b.add(row); err != nil {
		t.Fatal(err)
	}
	if err := b.add(nil); err != nil { // an empty row
		t.Fatal(err)
	}
	if err := b.add([]any{true, int64(-7)}); err != nil {
		t.Fatal(err)
	}
	if err := b.finish(&buf); err != nil {
		t.Fatal(err)
	}

	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "报修台账" {
		t.Fatalf("sheets %q", got)
	}
	const sh = "报修台账"
	rows, err := f.GetRows(sh)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"一中 <报修> & \"台账\""},
		{"序号", "时间", "内容", "日期", "链接"},
		{"1", "2026-11-20 21:30", "a<b>&c\"d\"\n第二行", "2026-11-19", "查看照片"},
		{"2", "", "3.5", "", "有（编号 m1）"},
		nil,
		{"TRUE", "-7"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %q", len(rows), len(want), rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d = %q, want %q", i+1, rows[i], want[i])
		}
	}
	// The date is a number formatted as a date, to the second.
	if v, _ := f.GetCellValue(sh, "B3", excelize.Options{RawCellValue: true}); !strings.HasPrefix(v, "46346.896") {
		t.Errorf("B3 raw = %q, want the serial date of 2026-11-20 21:30:59", v)
	}
	if formula, err := f.GetCellFormula(sh, "E3"); err != nil || formula != `HYPERLINK("https://example.com/p?a=1&b=""2""","查看照片")` {
		t.Errorf("E3 formula %q, %v", formula, err)
	}
	if m, err := f.GetMergeCells(sh); err != nil || len(m) != 1 || m[0].GetStartAxis() != "A1" || m[0].GetEndAxis() != "E1" {
		t.Errorf("merged cells %v, %v; want A1:E1", m, err)
	}
	if p, err := f.GetPanes(sh); err != nil || !p.Freeze || p.YSplit != 2 || p.TopLeftCell != "A3" {
		t.Errorf("panes %+v, %v", p, err)
	}
	for i, c := range cols {
		if w, _ := f.GetColWidth(sh, colName(i+1)); w != c.width {
			t.Errorf("column %s is %v wide, want %v", colName(i+1), w, c.width)
		}
	}
	if h, _ := f.GetRowHeight(sh, 1); h != 30 {
		t.Errorf("title row height %v", h)
	}
	if h, _ := f.GetRowHeight(sh, 2); h != 22 {
		t.Errorf("header row height %v", h)
	}
	style := func(cell string) *excelize.Style {
		id, err := f.GetCellStyle(sh, cell)
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := style("A1"); s.Font == nil || !s.Font.Bold || s.Font.Size != 16 || s.Alignment == nil || s.Alignment.Horizontal != "center" {
		t.Errorf("title style %+v", s)
	}
	// (excelize reads colours back only from workbooks with a theme part;
	// they are checked in styles.xml below.)
	if s := style("C2"); s.Font == nil || !s.Font.Bold || s.Fill.Pattern != 1 || len(s.Border) != 4 || s.Border[0].Style != 1 ||
		s.Alignment == nil || !s.Alignment.WrapText {
		t.Errorf("header style %+v", s)
	}
	if s := style("B3"); s.CustomNumFmt == nil || *s.CustomNumFmt != "yyyy-mm-dd hh:mm" {
		t.Errorf("date style %+v", s)
	}
	if s := style("D3"); s.CustomNumFmt == nil || *s.CustomNumFmt != "yyyy-mm-dd" {
		t.Errorf("day style %+v", s)
	}
	if s := style("E3"); s.Font == nil || s.Font.Underline != "single" {
		t.Errorf("link style %+v", s.Font)
	}
	for _, c := range []string{`<fgColor rgb="FFE8EEF4"/>`, `<color rgb="FF999999"/>`, `<color rgb="FF165DFF"/>`} {
		if !strings.Contains(part(t, buf.Bytes(), "xl/styles.xml"), c) {
			t.Errorf("styles.xml lacks %s", c)
		}
	}
	props, err := f.GetDocProps()
	if err != nil || props.Title != "一中 <报修> & \"台账\"" || props.Creator != "houqin" {
		t.Errorf("doc props %+v, %v", props, err)
	}
}

// part is the text of one part of an xlsx archive.
func part(t *testing.T, xlsx []byte, name string) string {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := z.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestTruncateCell(t *testing.T) {
	long := strings.Repeat("修", maxCellChars)
	for _, c := range []struct {
		in   string
		want int // runes kept
	}{
		{"短", 1},
		{long, maxCellChars},
		{long + "多", maxCellChars},
		{strings.Repeat("😀", maxCellChars), maxCellChars / 2}, // two UTF-16 units each
	} {
		if got := []rune(truncateCell(c.in)); len(got) != c.want {
			t.Errorf("truncateCell(%d runes) kept %d, want %d", len([]rune(c.in)), len(got), c.want)
		}
	}
}

func TestColName(t *testing.T) {
	for n, want := range map[int]string{1: "A", 26: "Z", 27: "AA", 28: "AB", 52: "AZ", 53: "BA", 702: "ZZ", 703: "AAA"} {
		if got := colName(n); got != want {
			t.Errorf("colName(%d) = %q, want %q", n, got, want)
		}
	}
}
