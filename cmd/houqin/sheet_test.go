package main

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/houqin/houqin/flows/canteen"
)

// The CSV sheets an administrator imports (staff import, location import,
// menu set) are outside input: whatever they contain, reading them must
// not panic, and whatever is accepted must be clean text that reads back
// the same when written out as a sheet again.

func TestParseCSV(t *testing.T) {
	rows, err := parseCSV(strings.NewReader("\uFEFF name , 角色\n 李老师 ,教师\n\n王师傅\n\"赵,老师\",\"教师\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []sheetRow{
		{2, map[string]string{"name": "李老师", "角色": "教师"}},
		{4, map[string]string{"name": "王师傅"}}, // the blank line counts
		{5, map[string]string{"name": "赵,老师", "角色": "教师"}},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("parseCSV = %v, want %v", rows, want)
	}
	for _, c := range []struct{ in, want string }{
		{"", "empty file"},
		{"name\n\xd5\xd4\xc0\xcf\xca\xa6\n", "line 2 is not UTF-8 text"}, // 赵老师 in GBK, as Excel saves "CSV" on Chinese Windows
		{"name\n\"李\x00老师\"\n", "line 2 has a control character"},
		{"name\n\"李\n老师\"\n", "line 2 has a control character"},
		{"name\n\"李老师\n", "extraneous or missing \" in quoted-field"},
	} {
		if _, err := parseCSV(strings.NewReader(c.in)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("parseCSV(%q) = %v, want an error with %q", c.in, err, c.want)
		}
	}
}

// writeSheet writes a sheet with header and rows as CSV.
func writeSheet(tb testing.TB, header []string, rows [][]string) []byte {
	tb.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(header)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		tb.Fatal(err)
	}
	return b.Bytes()
}

// cleanText reports whether s is what an accepted sheet may hold: UTF-8
// without control characters or surrounding space.
func cleanText(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, unicode.IsControl) && strings.TrimSpace(s) == s
}

func FuzzParseCSV(f *testing.F) {
	for _, s := range []string{"name,roles\n李老师,教师\n", "\uFEFFa,a,\n1,2,3,4\n\n\"x\"\"y\",\n", "a\n\"b", "\xff\n", " , \n,\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := parseCSV(strings.NewReader(s))
		if err != nil {
			return
		}
		// Written out again, every row with every column (and a first
		// column that keeps no line blank), the sheet reads back the same.
		const keep = "#"
		var header []string
		for _, r := range rows {
			for k, v := range r.cells {
				if !cleanText(k) || !cleanText(v) {
					t.Fatalf("parseCSV(%q) accepted column %q = %q", s, k, v)
				}
				if !slices.Contains(header, k) {
					header = append(header, k)
				}
			}
		}
		if slices.Contains(header, keep) {
			return
		}
		recs := make([][]string, len(rows))
		for i, r := range rows {
			recs[i] = []string{"x"}
			for _, k := range header {
				recs[i] = append(recs[i], r.cells[k])
			}
		}
		written := writeSheet(t, append([]string{keep}, header...), recs)
		back, err := parseCSV(bytes.NewReader(written))
		if err != nil || len(back) != len(rows) {
			t.Fatalf("parseCSV(%q) = %v; written as %q it reads back as %v, %v", s, rows, written, back, err)
		}
		for i, r := range back {
			for _, k := range header {
				if r.cells[k] != rows[i].cells[k] {
					t.Fatalf("parseCSV(%q) row %d column %q = %q; written as %q it reads back as %q", s, i, k, rows[i].cells[k], written, r.cells[k])
				}
			}
		}
	})
}

// FuzzStaffSheet: an accepted staff sheet holds valid staff (flows.Staff.Validate)
// with clean names and phones, and written out in houqin's own columns it
// imports as the same staff.
func FuzzStaffSheet(f *testing.F) {
	for _, s := range []string{
		"\uFEFF姓名,角色,工种,电话\n赵老师,教师,,13800000013\n孙师傅,维修工,电工,13800000022\n",
		"name,roles,trades\n王师傅,worker;guard,carpentry、电工\n李老师,teacher,carpentry\n",
		"name,role\n , teacher\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := parseCSV(strings.NewReader(s))
		if err != nil {
			return
		}
		staff, _, err := staffFromRows(1, rows)
		if err != nil {
			if !strings.Contains(err.Error(), "line ") {
				t.Fatalf("staffFromRows(%q): %v names no line", s, err)
			}
			return
		}
		recs := make([][]string, len(staff))
		for i, st := range staff {
			if err := st.Validate(); err != nil || !cleanText(st.Name) || !cleanText(st.Phone) {
				t.Fatalf("sheet %q gave staff %+v (%v)", s, st, err)
			}
			j := toStaffJSON(st)
			recs[i] = []string{st.Name, strings.Join(j.Roles, "、"), strings.Join(j.Trades, "、"), st.Phone}
		}
		written := writeSheet(t, []string{"name", "roles", "trades", "phone"}, recs)
		rows, err = parseCSV(bytes.NewReader(written))
		if err != nil {
			t.Fatalf("sheet %q written as %q: %v", s, written, err)
		}
		again, _, err := staffFromRows(1, rows)
		if err != nil || !reflect.DeepEqual(again, staff) {
			t.Fatalf("sheet %q gave %+v; written as %q it gives %+v, %v", s, staff, written, again, err)
		}
	})
}

// FuzzLocationSheet: an accepted location row has a room and clean names
// and aliases, and written out in houqin's own columns reads back the same.
func FuzzLocationSheet(f *testing.F) {
	for _, s := range []string{
		"\uFEFF楼,楼层,房间,别名,负责人\n教学楼,3,302,初二(3)班、初二3班,李老师\n实验楼,2,物理实验室,,\n",
		"building,room,aliases\n图书馆,阅览室, 、|；书库 ; \n图书馆,,\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := parseCSV(strings.NewReader(s))
		if err != nil {
			return
		}
		for _, r := range rows {
			l, owner, err := locationFromRow(1, r)
			if err != nil {
				continue
			}
			if l.Room == "" || !cleanText(l.Room) || !cleanText(l.Building) || !cleanText(l.Floor) || !cleanText(owner) {
				t.Fatalf("row %v gave %+v, owner %q", r, l, owner)
			}
			for _, a := range l.Aliases {
				if a == "" || !cleanText(a) || strings.ContainsAny(a, "、;；|") {
					t.Fatalf("row %v gave the alias %q", r, a)
				}
			}
			written := writeSheet(t, []string{"building", "floor", "room", "aliases", "owner"},
				[][]string{{l.Building, l.Floor, l.Room, strings.Join(l.Aliases, "、"), owner}})
			back, err := parseCSV(bytes.NewReader(written))
			if err != nil || len(back) != 1 {
				t.Fatalf("row %v written as %q: %v, %v", r, written, back, err)
			}
			l2, owner2, err := locationFromRow(1, back[0])
			if err != nil || !reflect.DeepEqual(l2, l) || owner2 != owner {
				t.Fatalf("row %v gave %+v, %q; written as %q it gives %+v, %q, %v", r, l, owner, written, l2, owner2, err)
			}
		}
	})
}

// FuzzMenuSheet: an accepted menu has known meals, days and dishes of 1 to
// 30 clean characters, each once per meal, and written out one dish per
// row it reads back the same.
func FuzzMenuSheet(f *testing.F) {
	for _, s := range []string{
		"\uFEFF日期,餐次,菜品\n2026-11-20,午餐,红烧肉\n2026/11/20,中餐,清炒菜心\n2026-11-20,lunch,红烧肉\n2026年11月21日,早餐,馒头\n",
		"date,meal,dish\n11/20,lunch,红烧肉\n2026-11-20,brunch,米饭\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := parseCSV(strings.NewReader(s))
		if err != nil {
			return
		}
		menu, err := menuFromRows(rows)
		if err != nil {
			return
		}
		var recs [][]string
		for _, m := range menu {
			if meal, ok := canteen.ParseMeal(m.meal); !ok || meal != m.meal || m.day.Hour() != 0 || m.day.Location() != time.UTC || len(m.dishes) == 0 {
				t.Fatalf("menu %q gave %+v", s, m)
			}
			for i, d := range m.dishes {
				if n := utf8.RuneCountInString(d); n < 1 || n > 30 || !cleanText(d) || slices.Contains(m.dishes[:i], d) {
					t.Fatalf("menu %q gave the dish %q in %+v", s, d, m)
				}
				recs = append(recs, []string{m.day.Format(time.DateOnly), m.meal, d})
			}
		}
		written := writeSheet(t, []string{"date", "meal", "dish"}, recs)
		rows, err = parseCSV(bytes.NewReader(written))
		if err != nil {
			t.Fatalf("menu %q written as %q: %v", s, written, err)
		}
		again, err := menuFromRows(rows)
		if err != nil || !reflect.DeepEqual(again, menu) {
			t.Fatalf("menu %q gave %+v; written as %q it gives %+v, %v", s, menu, written, again, err)
		}
	})
}
