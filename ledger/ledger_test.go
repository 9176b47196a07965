package ledger_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/flows/visit"
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
		Desc: "十月的", Status: repair.RepairAssigned, Reported: storetest.DigestDay.AddDate(0, 0, -21), Due: storetest.DigestDay})
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
			[]string{"序号", "报修单号", "报修时间", "报修人", "地点", "工种", "报修内容", "紧急/大修/小修", "完成期限", "维修人员", "完成时间", "是否按期", "状态", "损坏原因", "验收时间", "评分", "返修次数", "照片"},
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
}

// plainID is a visitor's ID number: sealed and masked in the store, it must
// appear nowhere in a ledger.
const plainID = "11010519900307002X"

func TestGateAndCanteenLedgers(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	d := storetest.DigestDay
	storetest.DigestVisits(t, db, s)
	storetest.DigestCanteen(t, db, s)
	vault, err := visit.NewIDVault(bytes.Repeat([]byte{7}, visit.IDKeyLength))
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := vault.Seal(plainID, visit.VisitRow(s.ID, 1)) // the ledger never opens it
	if err != nil {
		t.Fatal(err)
	}
	guard, host, cook, leader := s.Staff["老郑"], s.Staff["李老师"], s.Staff["钱阿姨"], s.Staff["刘副校长"]
	err = db.InTx(ctx, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		// The first visit of the month, with a real ID; one of October the
		// ledger leaves out; and one purged past retention.
		for _, v := range []visit.Visit{
			{Name: "张三", IDType: visit.IDResident, IDCipher: sealed, IDHash: vault.Hash(s.ID, plainID), IDMasked: "110105********002X",
				Phone: "13800138000", Org: "家委会", Purpose: "家长来访", PurposeNote: "家长会", Plate: "京A12345", Party: 1,
				Status: visit.VisitWaiting, ArrivedAt: d.AddDate(0, 0, -19).Add(8 * time.Hour)},
			{Name: "十月", IDType: visit.IDResident, IDMasked: "110105********0011", Purpose: "送餐", Party: 1,
				Status: visit.VisitWaiting, ArrivedAt: d.AddDate(0, 0, -21)},
		} {
			v.SchoolID, v.GuardID, v.HostID = s.ID, guard.ID, host.ID
			if err := tx.CreateVisit(ctx, &v, visit.VisitEvent{At: v.ArrivedAt, ActorID: guard.ID, Kind: visit.EventRegistered}); err != nil {
				return err
			}
			v.Status, v.DecidedAt, v.DecidedBy, v.Decision = visit.VisitAdmitted, v.ArrivedAt.Add(3*time.Minute), host.ID, "被访人李老师同意"
			if err := tx.UpdateVisit(ctx, v, visit.VisitEvent{At: v.DecidedAt, ActorID: host.ID, Kind: visit.EventApproved}); err != nil {
				return err
			}
		}
		if _, err := tx.PurgeVisits(ctx, s.ID, d.AddDate(0, 0, -10), d); err != nil {
			return err
		}
		b := canteen.SampleBatch{SchoolID: s.ID, Day: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), Meal: flows.MealLunch,
			StaffID: cook.ID, Items: []canteen.SampleItem{{Dish: "红烧肉", Grams: 130}, {Dish: "炒青菜", Grams: 126}}, FridgeC: 3.5,
			StoredAt: d.Add(12*time.Hour + 30*time.Minute), DisposeAfter: d.Add(60*time.Hour + 30*time.Minute),
			MissingDishes: []string{"米饭"}, Violation: "missing_dish", ViolationReason: "米饭忘了留"}
		if err := tx.CreateSampleBatch(ctx, &b); err != nil {
			return err
		}
		// Thrown away the same evening, as the cook said: early.
		if err := tx.DisposeSamplesEarly(ctx, b.ID, cook.ID, d.Add(20*time.Hour)); err != nil {
			return err
		}
		return tx.CreateAccompaniedMeal(ctx, &canteen.AccompaniedMeal{SchoolID: s.ID, Day: time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC),
			Meal: flows.MealDinner, StaffID: leader.ID, Dishes: []string{"鱼香肉丝", "米饭"}, Taste: 3, Portion: 2, Hygiene: 5,
			Note: "份量偏少", Issue: true, RecordedAt: d.Add(18*time.Hour + 30*time.Minute)})
	})
	if err != nil {
		t.Fatal(err)
	}
	// A 陪餐 record of October 31, which November leaves out.
	if _, err := db.SQL().ExecContext(ctx, `
		INSERT INTO accompanied_meals (school_id, day, meal, staff_id, taste, portion, hygiene, recorded_at)
		VALUES ($1, '2026-10-31', 'lunch', $2, 5, 5, 5, $3)`, s.ID, leader.ID, d.AddDate(0, 0, -20)); err != nil {
		t.Fatal(err)
	}
	month, err := ledger.Month("2026-11", s.Location())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		kind   ledger.Kind
		rows   int
		header []string
		first  []string
	}{
		// The purged 张三 (arrived Nov 1, before the purge line) and the
		// five visits of DigestDay; October's visit is left out.
		{ledger.Visits, 6,
			[]string{"序号", "来访时间", "离校时间", "姓名", "证件类型", "证件号码", "电话", "单位", "事由", "被访人", "人数", "车牌", "确认结果", "门卫", "备注"},
			[]string{"1", "2026-11-01 08:00", "", "张某", "居民身份证", "110105********002X", "", "家委会", "家长来访", "李老师", "1", "京A*****", "被访人李老师同意", "老郑", "个人信息已过保留期删除"}},
		// DigestCanteen's three batches have no dishes (a row each), the
		// lunch batch two: 2026-11-19 lunch, 11-20 breakfast, lunch ×2, dinner.
		{ledger.Samples, 5,
			[]string{"序号", "日期", "餐次", "菜品", "重量(克)", "冷藏温度(℃)", "留样时间", "留样人", "最早处理时间", "处理时间", "处理人", "违规说明"},
			[]string{"1", "2026-11-19", "午餐", "", "", "4.0", "2026-11-19 12:00", "钱阿姨", "2026-11-21 12:00", "", "", ""}},
		{ledger.Meals, 3,
			[]string{"序号", "日期", "餐次", "陪餐领导", "菜品", "口味", "份量", "卫生", "意见", "是否转总务处", "记录时间"},
			[]string{"1", "2026-11-20", "早餐", "刘副校长", "", "5", "4", "5", "", "否", "2026-11-20 07:20"}},
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
			if strings.Contains(buf.String(), plainID) || zipContains(t, buf.Bytes(), plainID) {
				t.Errorf("the plain ID number %s is in the workbook", plainID)
			}
			f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
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
				t.Fatalf("sheet %s has %d rows, want title + header + %d: %q", sheet, len(rows), c.rows, rows)
			}
			if want := "一中 " + c.kind.Title() + "（2026年11月）"; rows[0][0] != want {
				t.Errorf("title = %q, want %q", rows[0][0], want)
			}
			for i, h := range c.header {
				if at(rows[1], i) != h {
					t.Errorf("header %d = %q, want %q (row %q)", i, at(rows[1], i), h, rows[1])
				}
			}
			for i, v := range c.first {
				if at(rows[2], i) != v {
					t.Errorf("first row column %d (%s) = %q, want %q", i+1, at(rows[1], i), at(rows[2], i), v)
				}
			}
			panes, err := f.GetPanes(sheet)
			if err != nil || !panes.Freeze || panes.YSplit != 2 {
				t.Errorf("panes = %+v, %v; want the two top rows frozen", panes, err)
			}
			if w, _ := f.GetColWidth(sheet, "B"); w < 10 {
				t.Errorf("column B is %v wide, want a set width", w)
			}
			all := ""
			for _, r := range rows {
				all += strings.Join(r, "|") + "\n"
			}
			switch c.kind {
			case ledger.Visits:
				for _, want := range []string{"赵女士", "闭校时仍在校", "关注名单：校闹，法院禁止令", "未获同意，未入校"} {
					if !strings.Contains(all, want) {
						t.Errorf("the visits ledger lacks %q:\n%s", want, all)
					}
				}
				// The delivery the host kept at the gate is no refusal.
				for _, r := range rows[2:] {
					if at(r, 3) == "吴师傅" && (at(r, 12) != "留在门卫处，未入校" || at(r, 10) != "2") {
						t.Errorf("the kept visit reads %q, want 留在门卫处，未入校 for a party of 2", r)
					}
				}
			case ledger.Samples:
				for _, want := range []string{"红烧肉|130|3.5|2026-11-20 12:30|钱阿姨|2026-11-22 12:30|2026-11-20 20:00|钱阿姨|米饭忘了留；提前处理：未到最早处理时间就已倒掉（违反留样保存时间规定）；未留样：米饭", "|炒青菜|126|"} {
					if !strings.Contains(all, want) {
						t.Errorf("the samples ledger lacks %q:\n%s", want, all)
					}
				}
			case ledger.Meals:
				if want := "晚餐|刘副校长|鱼香肉丝、米饭|3|2|5|份量偏少|是|2026-11-20 18:30"; !strings.Contains(all, want) {
					t.Errorf("the meals ledger lacks %q:\n%s", want, all)
				}
			}
		})
	}
}

// zipContains reports whether any part of the xlsx archive holds s.
func zipContains(t *testing.T, xlsx []byte, s string) bool {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(xlsx), int64(len(xlsx)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(s)) {
			return true
		}
	}
	return false
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
		INSERT INTO repairs (school_id, ref, reporter_id, location_id, trade, item, description, tier, status,
			worker_id, reported_at, due_at, done_at, closed_at, cause, damage_note, rating, updated_at)
		SELECT $1, 'BX-' || g, $2, $3, 'carpentry', '课桌', '第' || g || '号课桌腿松了',
			CASE WHEN g % 10 = 0 THEN 'large' ELSE 'small' END, $6,
			$4, t, t + interval '12 hours', t + interval '5 hours', t + interval '1 day',
			CASE WHEN g % 20 = 0 THEN $7 ELSE $8 END,
			CASE WHEN g % 20 = 0 THEN '学生踩坏' ELSE '' END, 1 + g % 5, t
		FROM generate_series(1, $5) AS g,
		     LATERAL (SELECT CAST('2026-11-01 08:00+08' AS timestamptz) + (g % 29) * interval '1 day' + (g % 600) * interval '1 minute' AS t) AS x`,
		s.ID, s.Staff["李老师"].ID, s.Locs["302"].ID, s.Staff["王师傅"].ID, n,
		string(repair.RepairClosed), string(repair.CauseDamage), string(repair.CauseWear))
	if err != nil {
		tb.Fatal(err)
	}
}

// A kind that is not a ledger is refused before anything is read.
func TestWriteUnknownKind(t *testing.T) {
	var buf bytes.Buffer
	if _, err := ledger.Write(context.Background(), &buf, nil, flows.School{Name: "第一中学"}, ledger.Kind("inspections"), time.Now()); err == nil || buf.Len() != 0 {
		t.Errorf("Write of an unknown ledger: %v, %d bytes", err, buf.Len())
	}
}
