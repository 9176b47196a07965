// Package pgtest gives tests throwaway PostgreSQL databases: one private,
// ephemeral cluster per test binary (started by store/pglocal) and one fresh
// database per test.
//
// Tests fail, never skip, when the PostgreSQL server binaries are missing:
// a store test that silently does not run is worse than a red CI.
//
// A test binary killed before Main returns (go test -timeout panics) cannot
// stop its cluster; the next Main stops and removes such orphans.
package pgtest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/houqin/houqin/store/pglocal"
)

// tmpGlob matches the directories Main makes for its clusters; the file
// "owner" in each holds the PID of the test binary.
const tmpGlob = "/tmp/houqin-pgtest-*"

var (
	cluster *pglocal.Cluster
	seq     atomic.Int64
)

// Main starts one throwaway cluster (Ephemeral, in a temporary directory)
// for the test binary, runs m, then stops the cluster and removes it. Use it
// from TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
func Main(m *testing.M) int {
	reapOrphans()
	// /tmp, not $TMPDIR: the socket path must stay short, and the postgres
	// user can reach a directory in /tmp when we are root.
	dir, err := os.MkdirTemp("/tmp", "houqin-pgtest-")
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, "owner"), []byte(strconv.Itoa(os.Getpid())), 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "pgtest:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	c, err := pglocal.Start(ctx, pglocal.Options{DataDir: dir, Ephemeral: true})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pgtest: cannot start PostgreSQL for the tests: %v\n", err)
		return 1
	}
	cluster = c
	// Clusters the tests start themselves in t.TempDir() (0700 parents)
	// go here when running as root, not to /var/lib/houqin-pg, and are
	// removed with dir.
	if os.Getenv("HOUQIN_PGLOCAL_BASE") == "" {
		os.Setenv("HOUQIN_PGLOCAL_BASE", filepath.Join(dir, "servers"))
	}
	code := m.Run()
	if err := c.Stop(); err != nil {
		fmt.Fprintln(os.Stderr, "pgtest:", err)
		code = max(code, 1)
	}
	return code
}

// NewDB creates a fresh, empty database for one test, drops it when the test
// ends, and returns its lib/pq URL.
func NewDB(tb testing.TB) string {
	tb.Helper()
	if cluster == nil {
		tb.Fatal("pgtest: no cluster; call pgtest.Main from TestMain")
	}
	name := dbName(seq.Add(1), tb.Name())
	if err := cluster.CreateDatabase(tb.Context(), name); err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	tb.Cleanup(func() {
		// Not tb.Context(): it is already cancelled when cleanups run.
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if err := cluster.DropDatabase(ctx, name); err != nil {
			tb.Errorf("pgtest: %v", err)
		}
	})
	return cluster.URL(name)
}

// dbName makes a unique database name that still tells which test made it,
// within PostgreSQL's 63-byte identifier limit.
func dbName(n int64, test string) string {
	name := []byte(strings.ToLower(fmt.Sprintf("t%d_%s", n, test)))
	for i, b := range name {
		if (b < 'a' || b > 'z') && (b < '0' || b > '9') {
			name[i] = '_'
		}
	}
	return string(name[:min(len(name), 63)])
}

// reapOrphans stops the servers of test binaries that died without cleaning
// up, and removes their directories.
func reapOrphans() {
	dirs, _ := filepath.Glob(tmpGlob)
	for _, dir := range dirs {
		owner, err := os.ReadFile(filepath.Join(dir, "owner"))
		pid, _ := strconv.Atoi(string(owner))
		if err != nil || pid <= 0 || !errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
			continue // alive, not ours, or still being created
		}
		data := filepath.Join(dir, "pg", "data")
		if b, err := os.ReadFile(filepath.Join(data, "postmaster.pid")); err == nil {
			pm, _ := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
			// Only signal a process that really is that cluster's postmaster.
			if cwd, err := os.Readlink(fmt.Sprintf("/proc/%d/cwd", pm)); err == nil && cwd == data {
				syscall.Kill(pm, syscall.SIGQUIT) // immediate shutdown: the data is throwaway
				for i := 0; i < 100 && syscall.Kill(pm, 0) == nil; i++ {
					time.Sleep(50 * time.Millisecond)
				}
			}
		}
		os.RemoveAll(dir)
	}
}
