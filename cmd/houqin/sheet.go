package main

// The CSV sheets an administrator imports: staff, locations, the menu.

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"
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

// readCSV reads a CSV file with a header row, as parseCSV does; errors
// name the file.
func readCSV(path string) ([]sheetRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := parseCSV(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows, nil
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
