package main

// The sheets an administrator imports: staff, locations, the menu, the
// term calendar. A sheet is a CSV file (UTF-8 with or without Excel's BOM,
// or GB18030/GBK, which Excel writes for plain "CSV" on Chinese Windows)
// or an Excel workbook (.xlsx, its first worksheet).

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// sheetRow is one row of a CSV sheet: its line in the file, and its cells
// by column name.
type sheetRow struct {
	line  int
	cells map[string]string
}

// col returns the first non-empty cell among the names of a column.
func (r sheetRow) col(names ...string) string {
	for _, n := range names {
		if v := r.cells[n]; v != "" {
			return v
		}
	}
	return ""
}

// readSheet reads a sheet file with a header row: an .xlsx workbook's
// first worksheet, or a CSV file as parseCSV reads it, after decoding it
// from GB18030 when it is not UTF-8. Errors name the file.
func readSheet(path string) ([]sheetRow, error) {
	var rows []sheetRow
	var err error
	if strings.EqualFold(filepath.Ext(path), ".xlsx") {
		rows, err = readXLSX(path)
	} else {
		var data []byte
		if data, err = os.ReadFile(path); err != nil {
			return nil, err
		}
		if !utf8.Valid(data) {
			// GB18030 is a superset of GBK and GB2312; every byte
			// sequence that is not UTF-8 is tried as it.
			if data, err = simplifiedchinese.GB18030.NewDecoder().Bytes(data); err != nil {
				return nil, fmt.Errorf("%s: neither UTF-8 nor GB18030 text: save the sheet as \"CSV UTF-8\"", path)
			}
		}
		rows, err = parseCSV(bytes.NewReader(data))
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows, nil
}

// readXLSX reads the first worksheet of a workbook as a sheet: row 1 is
// the header; line numbers are the worksheet's row numbers.
func readXLSX(path string) ([]sheetRow, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("not an Excel workbook (.xlsx): %w", err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, errors.New("empty workbook")
	}
	recs, err := f.GetRows(sheets[0])
	if err != nil {
		return nil, err
	}
	var head []string
	var out []sheetRow
	for i, rec := range recs {
		line := i + 1
		if head == nil {
			if len(rec) == 0 {
				continue
			}
			for _, h := range rec {
				head = append(head, strings.TrimSpace(h))
			}
			continue
		}
		row := sheetRow{line: line, cells: map[string]string{}}
		empty := true
		for j, v := range rec {
			if strings.ContainsFunc(v, unicode.IsControl) {
				return nil, fmt.Errorf("row %d has a control character (a line break or tab inside a cell?)", line)
			}
			if j < len(head) {
				row.cells[head[j]] = strings.TrimSpace(v)
				empty = empty && strings.TrimSpace(v) == ""
			}
		}
		if !empty {
			out = append(out, row)
		}
	}
	if head == nil {
		return nil, errors.New("empty file")
	}
	return out, nil
}

// parseCSV reads a CSV sheet with a header row; column names and cells are
// trimmed, and Excel's UTF-8 BOM is dropped. A sheet that is not UTF-8
// (Excel's plain "CSV" is GBK on Chinese Windows) or has a control
// character in a cell is refused with the line, before anything is
// written: the database would refuse it halfway through an import.
func parseCSV(in io.Reader) ([]sheetRow, error) {
	r := csv.NewReader(in)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	var head []string
	var out []sheetRow
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := r.FieldPos(0)
		for _, v := range rec {
			if !utf8.ValidString(v) {
				return nil, fmt.Errorf("line %d is not UTF-8 text: save the sheet as \"CSV UTF-8\" (Excel: 另存为 CSV UTF-8)", line)
			}
			if strings.ContainsFunc(v, unicode.IsControl) {
				return nil, fmt.Errorf("line %d has a control character (a line break or tab inside a cell?)", line)
			}
		}
		if head == nil {
			head = rec
			for i := range head {
				head[i] = strings.TrimFunc(head[i], func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
			}
			continue
		}
		row := sheetRow{line: line, cells: map[string]string{}}
		for i, v := range rec {
			if i < len(head) {
				row.cells[head[i]] = strings.TrimSpace(v)
			}
		}
		out = append(out, row)
	}
	if head == nil {
		return nil, errors.New("empty file")
	}
	return out, nil
}
