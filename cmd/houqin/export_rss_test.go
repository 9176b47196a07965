package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"

	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/pglocal/pgtest"
	"github.com/houqin/houqin/store/storetest"
)

// BenchmarkExportRSS measures the whole houqin process exporting the
// 报修台账 of a month: a built houqin binary runs `houqin export` once for
// a school with 10,000 repairs in the month and once for one with 100,000,
// and the kernel's peak resident set size of each run (wait4's ru_maxrss,
// what /proc/PID/status calls VmHWM) is reported, with their ratio (issue
// 16's target: ≤ 1.2).
//
//	go test -run '^$' -bench ExportRSS -benchtime 1x -v ./cmd/houqin/
//
// HOUQIN_RSS_ROWS=300000 adds a school of that many repairs (logged, and
// reported as rssN-MiB).
func BenchmarkExportRSS(b *testing.B) {
	ctx := context.Background()
	url := pgtest.NewDB(b)
	db, err := store.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	bin := filepath.Join(dir, "houqin")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		b.Fatal(err)
	}
	sizes := []int{10_000, 100_000}
	if v := os.Getenv("HOUQIN_RSS_ROWS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			b.Fatalf("HOUQIN_RSS_ROWS=%q: want a number of rows", v)
		}
		sizes = append(sizes, n)
	}
	schools := map[int]storetest.School{}
	for _, n := range sizes {
		s := storetest.Seed(b, db, fmt.Sprintf("%d中", n))
		seedMonth(b, db, s, n)
		schools[n] = s
	}
	storetest.Analyze(b, db)
	peak := map[int]float64{}
	b.ResetTimer()
	for range b.N {
		for _, n := range sizes {
			out := filepath.Join(dir, fmt.Sprintf("r%d.xlsx", n))
			cmd := exec.Command(bin, "export", "--ledger", "repairs", "--school", fmt.Sprint(schools[n].ID), "--month", "2026-11", "-o", out)
			cmd.Env = append(os.Environ(), "HOUQIN_DATABASE_URL="+url)
			if msg, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("houqin export (%d rows): %v\n%s", n, err, msg)
			}
			ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
			peak[n] = float64(ru.Maxrss) / 1024 // KiB on Linux
			st, _ := os.Stat(out)
			b.Logf("%d repairs: peak RSS %.1f MiB, file %.1f MiB", n, peak[n], float64(st.Size())/(1<<20))
		}
	}
	b.StopTimer()
	b.ReportMetric(peak[10_000], "rss10k-MiB")
	b.ReportMetric(peak[100_000], "rss100k-MiB")
	b.ReportMetric(peak[100_000]/peak[10_000], "ratio")
	if len(sizes) > 2 {
		n := sizes[2]
		b.ReportMetric(peak[n], fmt.Sprintf("rss%dk-MiB", n/1000))
	}
}

// seedMonth writes n closed repairs in November 2026 for school s.
func seedMonth(tb testing.TB, db *store.DB, s storetest.School, n int) {
	tb.Helper()
	_, err := db.SQL().Exec(`
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
