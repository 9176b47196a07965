package inspection

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
)

// ParseEquipment reads an equipment register: CSV with a header row, one
// item per row. Columns (English or Chinese header): kind/器材 (灭火器),
// code/编号 (unique within the kind), place/位置 (a room such as 教学楼302
// or free text), expires/有效期 (YYYY-MM-DD, optional). Every problem is
// reported, with its line, at once.
func ParseEquipment(r io.Reader, locs []flows.Location) ([]Equipment, error) {
	recs, err := readTable(r, "equipment file")
	if err != nil {
		return nil, err
	}
	var out []Equipment
	var problems []error
	seen := map[string]int{}
	for i, rec := range recs {
		line := i + 2
		e := Equipment{Kind: flows.Clip(rec.get("kind", "器材", "类别"), 20), Code: flows.Clip(rec.get("code", "编号"), 40),
			Place: flows.Clip(rec.get("place", "位置", "地点"), 40), Active: true}
		if e.Kind == "" && e.Code == "" {
			continue
		}
		if e.Kind == "" || e.Code == "" {
			problems = append(problems, fmt.Errorf("line %d: give both the kind and the code", line))
			continue
		}
		if first, ok := seen[e.Kind+"\x00"+e.Code]; ok {
			problems = append(problems, fmt.Errorf("line %d: %s %s is already on line %d", line, e.Kind, e.Code, first))
			continue
		}
		seen[e.Kind+"\x00"+e.Code] = line
		if s := rec.get("expires", "有效期", "有效期至", "到期"); s != "" {
			d, err := time.Parse("2006-01-02", strings.ReplaceAll(s, "/", "-"))
			if err != nil {
				problems = append(problems, fmt.Errorf("line %d: expiry %q: want YYYY-MM-DD", line, s))
				continue
			}
			e.Expires = d
		}
		e.LocationID = findLocation(locs, e.Place)
		out = append(out, e)
	}
	if len(problems) > 0 {
		return nil, errors.Join(problems...)
	}
	return out, nil
}

// tableRow is one row of a CSV file's rows under its header row.
type tableRow struct {
	head map[string]int
	rec  []string
}

// get returns the first non-empty value among the names of a column.
func (r tableRow) get(names ...string) string {
	for _, n := range names {
		if i, ok := r.head[n]; ok && i < len(r.rec) {
			if v := strings.TrimSpace(r.rec[i]); v != "" {
				return v
			}
		}
	}
	return ""
}

// readTable reads CSV with a header row (Excel's UTF-8 BOM dropped).
func readTable(r io.Reader, what string) ([]tableRow, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	recs, err := cr.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if len(recs) < 2 {
		return nil, fmt.Errorf("%s: no rows under the header", what)
	}
	head := map[string]int{}
	for i, h := range recs[0] {
		head[strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))] = i
	}
	rows := make([]tableRow, len(recs)-1)
	for i, rec := range recs[1:] {
		rows[i] = tableRow{head, rec}
	}
	return rows, nil
}
