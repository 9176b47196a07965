package ledger

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

// The workbooks are written here, not by excelize: an .xlsx file is a zip
// of XML parts, and every part but the sheet is small and known before the
// first row. The sheet's XML is written row by row into its zip entry,
// which archive/zip compresses as it goes, straight to the destination, so
// the memory a ledger takes does not grow with its rows (excelize's
// StreamWriter keeps up to 16 MiB of sheet XML in memory before it spills,
// and its WriteTo builds the whole file in a buffer). Strings are inline
// (t="inlineStr"): a shared-string table would grow with the rows.
//
// Rows are still given as excelize values — excelize.Cell for a styled
// cell or a formula, excelize.RowOpts for a row's height — so the row
// builders read as before; excelize itself is only used to read workbooks
// (imports and the tests).

// The styles of styles.xml, by their index in cellXfs.
var bookStyles = styles{title: 1, header: 2, date: 3, day: 4, text: 5, link: 6}

// book is a one-sheet workbook being streamed to a writer: a title merged
// across the columns in row 1, then rows in order.
type book struct {
	st    styles
	zw    *zip.Writer
	bw    *bufio.Writer // the sheet's zip entry
	cols  []string      // column letters: A, B, …
	merge string        // the title's merged range, "A1:Q1"
	row   int           // the last row written
	line  []byte        // the row being encoded
}

// newBook starts a workbook on w whose one sheet is named sheet, with the
// columns' widths, the title in row 1, and the first freeze rows kept in
// view while scrolling (0 for none). Everything up to the sheet's rows is
// written to w at once; finish ends the file.
func newBook(w io.Writer, sheet, title string, cols []column, freeze int) (*book, error) {
	b := &book{st: bookStyles, zw: zip.NewWriter(w)}
	for i := range cols {
		b.cols = append(b.cols, colName(i+1))
	}
	if len(cols) == 0 {
		b.cols = []string{"A"}
	}
	b.merge = "A1:" + b.cols[len(b.cols)-1] + "1"
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"docProps/app.xml", appProps},
		{"docProps/core.xml", xml.Header + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
			`<dc:title>` + escape(title) + `</dc:title><dc:creator>houqin</dc:creator></cp:coreProperties>`},
		{"xl/workbook.xml", xml.Header + `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<bookViews><workbookView/></bookViews><sheets><sheet name="` + escape(sheet) + `" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", workbookRels},
		{"xl/styles.xml", stylesXML},
	}
	for _, p := range parts {
		pw, err := b.zw.Create(p.name)
		if err != nil {
			return nil, err
		}
		if _, err := io.WriteString(pw, p.body); err != nil {
			return nil, err
		}
	}
	sw, err := b.zw.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return nil, err
	}
	b.bw = bufio.NewWriterSize(sw, 32<<10)
	b.bw.WriteString(xml.Header + `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`)
	b.bw.WriteString(`<sheetViews><sheetView tabSelected="1" workbookViewId="0">`)
	if freeze > 0 {
		top := "A" + strconv.Itoa(freeze+1)
		fmt.Fprintf(b.bw, `<pane ySplit="%d" topLeftCell="%s" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="%s" sqref="%s"/>`,
			freeze, top, top, top)
	}
	b.bw.WriteString(`</sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>`)
	if len(cols) > 0 {
		b.bw.WriteString(`<cols>`)
		for i, c := range cols {
			fmt.Fprintf(b.bw, `<col min="%d" max="%d" width="%s" customWidth="1"/>`, i+1, i+1, strconv.FormatFloat(c.width, 'f', -1, 64))
		}
		b.bw.WriteString(`</cols>`)
	}
	b.bw.WriteString(`<sheetData>`)
	if err := b.add([]any{excelize.Cell{StyleID: b.st.title, Value: title}}, excelize.RowOpts{Height: 30}); err != nil {
		return nil, err
	}
	return b, nil
}

// add writes the next row: plain values (string, integers, floats, bool,
// time.Time as an Excel date) or excelize.Cell for a style or a formula;
// nil leaves a cell empty. Of opts only the height is used.
func (b *book) add(vals []any, opts ...excelize.RowOpts) error {
	b.row++
	r := strconv.Itoa(b.row)
	l := append(b.line[:0], `<row r="`...)
	l = append(l, r...)
	l = append(l, '"')
	if len(opts) > 0 && opts[0].Height > 0 {
		l = append(l, ` ht="`...)
		l = strconv.AppendFloat(l, opts[0].Height, 'f', -1, 64)
		l = append(l, `" customHeight="1"`...)
	}
	l = append(l, '>')
	for i, v := range vals {
		if v == nil {
			continue
		}
		style, formula := 0, ""
		if c, ok := v.(excelize.Cell); ok {
			style, formula, v = c.StyleID, c.Formula, c.Value
		}
		l = append(l, `<c r="`...)
		if i < len(b.cols) {
			l = append(l, b.cols[i]...)
		} else {
			l = append(l, colName(i+1)...)
		}
		l = append(l, r...)
		l = append(l, '"')
		if style > 0 {
			l = append(l, ` s="`...)
			l = strconv.AppendInt(l, int64(style), 10)
			l = append(l, '"')
		}
		l = appendValue(l, v, formula)
	}
	l = append(l, `</row>`...)
	b.line = l
	_, err := b.bw.Write(l)
	return err
}

// appendValue appends the rest of a <c> element after its attributes r
// and s: the type, the formula and the value.
func appendValue(l []byte, v any, formula string) []byte {
	if formula != "" {
		// A formula with its cached value, so readers that do not
		// calculate (and the tests) see the text.
		l = append(l, ` t="str"><f>`...)
		l = appendEscaped(l, formula)
		l = append(l, `</f><v>`...)
		l = appendEscaped(l, fmt.Sprint(orEmpty(v)))
		return append(l, `</v></c>`...)
	}
	num := func(l []byte) []byte { return append(l, `><v>`...) }
	switch x := v.(type) {
	case nil:
		return append(l, `/>`...)
	case string:
		if x == "" {
			return append(l, `/>`...)
		}
		return appendString(l, x)
	case int:
		l = strconv.AppendInt(num(l), int64(x), 10)
	case int32:
		l = strconv.AppendInt(num(l), int64(x), 10)
	case int64:
		l = strconv.AppendInt(num(l), x, 10)
	case uint:
		l = strconv.AppendUint(num(l), uint64(x), 10)
	case float32:
		l = strconv.AppendFloat(num(l), float64(x), 'f', -1, 32)
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return appendString(l, strconv.FormatFloat(x, 'f', -1, 64))
		}
		l = strconv.AppendFloat(num(l), x, 'f', -1, 64)
	case bool:
		l = append(l, ` t="b"><v>`...)
		if x {
			l = append(l, '1')
		} else {
			l = append(l, '0')
		}
	case time.Time:
		if x.IsZero() {
			return append(l, `/>`...)
		}
		l = strconv.AppendFloat(num(l), excelTime(x), 'f', -1, 64)
	case fmt.Stringer:
		return appendString(l, x.String())
	default:
		return appendString(l, fmt.Sprint(x))
	}
	return append(l, `</v></c>`...)
}

func orEmpty(v any) any {
	if v == nil {
		return ""
	}
	return v
}

func appendString(l []byte, s string) []byte {
	l = append(l, ` t="inlineStr"><is><t xml:space="preserve">`...)
	l = appendEscaped(l, truncateCell(s))
	return append(l, `</t></is></c>`...)
}

// maxCellChars is the most a cell holds, in UTF-16 code units: Excel
// refuses a file with a longer cell (excelize truncated likewise).
const maxCellChars = 32767

// truncateCell cuts s to maxCellChars UTF-16 code units.
func truncateCell(s string) string {
	if len(s) <= maxCellChars { // a byte or more per code unit
		return s
	}
	n := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if n+w > maxCellChars {
			return s[:i]
		}
		n += w
	}
	return s
}

// excelDay0 is day 0 of Excel's 1900 date system as it counts for every
// date after February 1900.
var excelDay0 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// excelTime is t's wall clock (its zone ignored: the callers pass the
// school's wall clock as UTC) as an Excel serial date, to the second.
func excelTime(t time.Time) float64 {
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
	secs := int64(wall.Sub(excelDay0) / time.Second)
	return float64(secs/86400) + float64(secs%86400)/86400
}

// colName is a 1-based column's letters: 1 → A, 28 → AB.
func colName(n int) string {
	var s []byte
	for ; n > 0; n = (n - 1) / 26 {
		s = append([]byte{byte('A' + (n-1)%26)}, s...)
	}
	return string(s)
}

// finish ends the sheet and the file. Nothing is written to w after it.
func (b *book) finish(w io.Writer) error {
	b.bw.WriteString(`</sheetData><mergeCells count="1"><mergeCell ref="` + b.merge + `"/></mergeCells>`)
	b.bw.WriteString(`<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`)
	if err := b.bw.Flush(); err != nil {
		return err
	}
	return b.zw.Close()
}

func escape(s string) string { return string(appendEscaped(nil, s)) }

// appendEscaped appends s as XML text, dropping the characters XML 1.0
// cannot carry (control characters other than tab and newlines).
func appendEscaped(l []byte, s string) []byte {
	for _, r := range s {
		switch {
		case r == '<':
			l = append(l, "&lt;"...)
		case r == '>':
			l = append(l, "&gt;"...)
		case r == '&':
			l = append(l, "&amp;"...)
		case r == '"':
			l = append(l, "&quot;"...)
		case r == '\r':
			l = append(l, "&#13;"...)
		case r == '\t' || r == '\n':
			l = append(l, byte(r))
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r <= 0xDFFF):
			// not a legal XML character: left out
		default:
			l = append(l, string(r)...)
		}
	}
	return l
}

const contentTypes = xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
	`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
	`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>` +
	`</Types>`

const rootRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/>` +
	`</Relationships>`

const appProps = xml.Header + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>houqin</Application></Properties>`

const workbookRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`</Relationships>`

// stylesXML holds the styles of bookStyles, in cellXfs order: 0 default,
// 1 title (bold 16, centred), 2 header (bold, bordered, shaded, centred,
// wrapped), 3 date-time (yyyy-mm-dd hh:mm), 4 date (yyyy-mm-dd), 5 text
// (bordered, top, wrapped), 6 link (bordered, blue underlined). Borders
// are thin and grey (999999).
const stylesXML = xml.Header + `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="165" formatCode="yyyy-mm-dd"/></numFmts>` +
	`<fonts count="4">` +
	`<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
	`<font><b/><sz val="16"/><name val="Calibri"/><family val="2"/></font>` +
	`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
	`<font><u/><sz val="11"/><color rgb="FF165DFF"/><name val="Calibri"/><family val="2"/></font>` +
	`</fonts>` +
	`<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>` +
	`<fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF4"/><bgColor indexed="64"/></patternFill></fill></fills>` +
	`<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>` +
	`<border><left style="thin"><color rgb="FF999999"/></left><right style="thin"><color rgb="FF999999"/></right>` +
	`<top style="thin"><color rgb="FF999999"/></top><bottom style="thin"><color rgb="FF999999"/></bottom><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="7">` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>` +
	`<xf numFmtId="0" fontId="2" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>` +
	`<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>` +
	`<xf numFmtId="165" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>` +
	`<xf numFmtId="0" fontId="3" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1"/>` +
	`</cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`
