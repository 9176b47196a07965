package ledger_test

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/ledger"
	"github.com/houqin/houqin/store/storetest"
)

// TestDistrictLedger writes one workbook for two schools: a 学校 column
// after the 序号, each school's rows under its name, the 序号 running on,
// and nothing of a school not given.
func TestDistrictLedger(t *testing.T) {
	db := storetest.Open(t)
	one := storetest.Seed(t, db, "一中")
	two := storetest.Seed(t, db, "二中")
	other := storetest.Seed(t, db, "外区中学")
	for _, s := range []storetest.School{one, two, other} {
		storetest.DigestRepairs(t, db, s)
	}
	month, err := ledger.Month("2026-11", one.Location())
	if err != nil {
		t.Fatal(err)
	}
	var single bytes.Buffer
	perSchool, err := ledger.Write(ctx, &single, db, one.School, ledger.Repairs, month)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	n, err := ledger.WriteDistrict(ctx, &buf, db, "某区教育局", []flows.School{one.School, two.School}, ledger.Repairs, month, ledger.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if perSchool == 0 || n != 2*perSchool {
		t.Fatalf("district ledger has %d rows, want twice one school's %d", n, perSchool)
	}
	raw := bytes.Clone(buf.Bytes())
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(ledger.Repairs.Title())
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2+n {
		t.Fatalf("%d rows, want title + header + %d", len(rows), n)
	}
	if want := "某区教育局 报修台账（2026年11月，2 所学校）"; rows[0][0] != want {
		t.Errorf("title = %q, want %q", rows[0][0], want)
	}
	if at(rows[1], 0) != "序号" || at(rows[1], 1) != "学校" || at(rows[1], 2) != "报修单号" {
		t.Errorf("header = %q, want 序号, 学校, 报修单号 …", rows[1])
	}
	for i, r := range rows[2:] {
		want := one.Name
		if i >= perSchool {
			want = two.Name
		}
		if at(r, 0) != strconv.Itoa(i+1) || at(r, 1) != want {
			t.Errorf("row %d starts %q, %q; want %d, %s", i+1, at(r, 0), at(r, 1), i+1, want)
		}
	}
	if zipContains(t, raw, other.Name) {
		t.Errorf("the workbook names a school that was not asked for")
	}
	if _, err := ledger.WriteDistrict(ctx, &bytes.Buffer{}, db, "某区教育局", []flows.School{one.School}, ledger.Visits, month, ledger.Options{}); err == nil {
		t.Errorf("the district's 来访登记簿 was written; visitors' details stay with each school")
	}
	if got, want := ledger.DistrictFileName("某区教育局", ledger.Samples, month), "某区教育局-全区留样记录-2026-11.xlsx"; got != want {
		t.Errorf("file name %q, want %q", got, want)
	}
}
