package ledger_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/ledger"
	"github.com/houqin/houqin/store/storetest"
)

// The 报修台账's 照片 column names a repair's photos and links to its job
// page, where they are shown.
func TestRepairLedgerLinksPhotos(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	d := storetest.DigestDay
	for i, ref := range []string{"BX-20261120-001", "BX-20261120-002", "BX-20261120-003"} {
		storetest.AddRepair(t, db, s, storetest.RepairSeed{Ref: ref, Loc: "302", Reporter: "李老师", Worker: "王师傅",
			Desc: "窗户玻璃碎了", Status: repair.RepairAssigned, Reported: d.Add(9*time.Hour + time.Duration(i)*time.Minute), Due: d.Add(21 * time.Hour)})
	}
	if _, err := db.SQL().Exec(`UPDATE repairs SET photo = 'MEDIA-1', done_photo = 'MEDIA-2' WHERE ref = 'BX-20261120-001';
		UPDATE repairs SET photo = 'MEDIA-3' WHERE ref = 'BX-20261120-002'`); err != nil {
		t.Fatal(err)
	}
	month, _ := ledger.Month("2026-11", s.Location())
	for _, c := range []struct {
		name  string
		opts  ledger.Options
		cells []string // 照片 of the three repairs
		link  string   // the first one's formula
	}{
		{"linked", ledger.Options{JobURL: func(ref string) string { return "https://houqin.example.edu.cn/r/" + ref }},
			[]string{"报修照片、完工照片", "报修照片", ""}, `HYPERLINK("https://houqin.example.edu.cn/r/BX-20261120-001","报修照片、完工照片")`},
		{"no public url", ledger.Options{},
			[]string{"报修照片、完工照片（见 /r/BX-20261120-001）", "报修照片（见 /r/BX-20261120-002）", ""}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			if _, err := ledger.WriteWith(ctx, &buf, db, s.School, ledger.Repairs, month, c.opts); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheet := ledger.Repairs.Title()
			rows, _ := f.GetRows(sheet)
			col := len(rows[1]) - 1
			if rows[1][col] != "照片" {
				t.Fatalf("last header %q, want 照片", rows[1][col])
			}
			for i, want := range c.cells {
				if got := at(rows[2+i], col); got != want {
					t.Errorf("repair %d: 照片 %q, want %q", i+1, got, want)
				}
			}
			cell, _ := excelize.CoordinatesToCellName(col+1, 3)
			if formula, _ := f.GetCellFormula(sheet, cell); formula != c.link {
				t.Errorf("formula %q, want %q", formula, c.link)
			}
		})
	}
}
