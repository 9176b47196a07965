package ledger_test

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/ledger"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/pglocal/pgtest"
	"github.com/houqin/houqin/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var ctx = context.Background()

func TestRepairAndDamageLedgers(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	storetest.DigestRepairs(t, db, s)
	// One repair of October, which the November ledger must leave out.
	storetest.AddRepair(t, db, s, storetest.RepairSeed{Ref: "BX-20261031-001", Loc: "302", Reporter: "李老师", Worker: "王师傅",
		Desc: "十月的", Status: flows.RepairAssigned, Reported: storetest.DigestDay.AddDate(0, 0, -21), Due: storetest.DigestDay})
	month, err := ledger.Month("2026-11", s.Location())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		kind   ledger.Kind
		rows   int
		header []string
		first  []string // the first record row, as Excel shows it
	}{
		{ledger.Repairs, 9,
			[]string{"序号", "报修单号", "报修时间", "报修人", "地点", "工种", "报修内容", "大修/小修", "完成期限", "维修人员", "完成时间", "是否按期", "状态", "损坏原因", "验收时间", "评分", "返修次数"},
			[]string{"1", "BX-20261117-001", "2026-11-17 09:00", "王老师", "教学楼303（初二(4)班）"}},
		{ledger.Damage, 1,
			[]string{"序号", "班级/房间", "报修单号", "报修时间", "损坏物品", "损坏情况", "责任说明", "维修人员", "完成时间", "赔偿情况"},
			[]string{"1", "教学楼302（初二(3)班）", "BX-20261120-002", "2026-11-20 09:00", "灯管", "后排灯管不亮", "学生打闹用扫把碰碎灯管", "孙师傅", "2026-11-20 21:30"}},
	} {
		t.Run(string(c.kind), func(t *testing.T) {
			var buf bytes.Buffer
			n, err := ledger.Write(ctx, &buf, db, s.School, c.kind, month)
			if err != nil {
				t.Fatal(err)
			}
			if n != c.rows {
				t.Errorf("Write reported %d rows, want %d", n, c.rows)
			}
			f, err := excelize.OpenReader(&buf)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheet := c.kind.Title()
			rows, err := f.GetRows(sheet)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 2+c.rows {
				t.Fatalf("sheet %s has %d rows, want title + header + %d", sheet, len(rows), c.rows)
			}
			if want := "一中 " + c.kind.Title() + "（2026年11月）"; rows[0][0] != want {
				t.Errorf("title = %q, want %q", rows[0][0], want)
			}
			for i, h := range c.header {
				if i >= len(rows[1]) || rows[1][i] != h {
					t.Errorf("header %d = %q, want %q (row %q)", i, at(rows[1], i), h, rows[1])
				}
			}
			for i, v := range c.first {
				if at(rows[2], i) != v {
					t.Errorf("first row column %d = %q, want %q", i+1, at(rows[2], i), v)
				}
			}
			panes, err := f.GetPanes(sheet)
			if err != nil || !panes.Freeze || panes.YSplit != 2 {
				t.Errorf("panes = %+v, %v; want the two top rows frozen", panes, err)
			}
			if w, _ := f.GetColWidth(sheet, "B"); w < 10 {
				t.Errorf("column B is %v wide, want a set width", w)
			}
		})
	}
	if _, err := ledger.Write(ctx, io.Discard, db, s.School, ledger.Visits, month); err == nil {
		t.Error("the visits ledger wrote without any visits being recorded")
	}
}

func at(row []string, i int) string {
	if i < len(row) {
		return row[i]
	}
	return ""
}

// BenchmarkExportRepairs100k writes a month of 100,000 repairs and reports
// the time and the Go heap: peak in use while writing, and allocated in
// total. Streaming keeps the peak flat, far below the size of the data.
func BenchmarkExportRepairs100k(b *testing.B) {
	db := storetest.Open(b)
	s := storetest.Seed(b, db, "一中")
	const n = 100_000
	seedRepairs(b, db, s, n)
	month, _ := ledger.Month("2026-11", s.Location())
	out := filepath.Join(b.TempDir(), "repairs.xlsx")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		var peak atomic.Uint64
		stop := make(chan struct{})
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { // sample the heap while the export runs
			defer wg.Done()
			var m runtime.MemStats
			for {
				runtime.ReadMemStats(&m)
				if m.HeapInuse > peak.Load() {
					peak.Store(m.HeapInuse)
				}
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
				}
			}
		}()
		f, err := os.Create(out)
		if err != nil {
			b.Fatal(err)
		}
		rows, err := ledger.Write(ctx, f, db, s.School, ledger.Repairs, month)
		f.Close()
		close(stop)
		wg.Wait()
		if err != nil || rows != n {
			b.Fatalf("wrote %d rows, %v", rows, err)
		}
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		st, _ := os.Stat(out)
		b.ReportMetric(float64(peak.Load()-before.HeapInuse)/(1<<20), "peak-heap-MiB")
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/(1<<20), "alloc-MiB")
		b.ReportMetric(float64(st.Size())/(1<<20), "file-MiB")
	}
}

func seedRepairs(tb testing.TB, db *store.DB, s storetest.School, n int) {
	tb.Helper()
	_, err := db.SQL().ExecContext(ctx, `
		INSERT INTO repairs (school_id, ref, reporter_id, location_id, trade, item, description, large, status,
			worker_id, reported_at, due_at, done_at, closed_at, cause, damage_note, rating, updated_at)
		SELECT $1, 'BX-' || g, $2, $3, 'carpentry', '课桌', '第' || g || '号课桌腿松了', g % 10 = 0, 'closed',
			$4, t, t + interval '12 hours', t + interval '5 hours', t + interval '1 day',
			CASE WHEN g % 20 = 0 THEN 'damage' ELSE 'wear' END,
			CASE WHEN g % 20 = 0 THEN '学生踩坏' ELSE '' END, 1 + g % 5, t
		FROM generate_series(1, $5) AS g,
		     LATERAL (SELECT CAST('2026-11-01 08:00+08' AS timestamptz) + (g % 29) * interval '1 day' + (g % 600) * interval '1 minute' AS t) AS x`,
		s.ID, s.Staff["李老师"].ID, s.Locs["302"].ID, s.Staff["王师傅"].ID, n)
	if err != nil {
		tb.Fatal(err)
	}
}
