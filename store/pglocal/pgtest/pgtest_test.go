package pgtest

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	_ "github.com/lib/pq"

	"github.com/houqin/houqin/store/pglocal"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

func mustOpen(tb testing.TB, u string) *sql.DB {
	tb.Helper()
	db, err := sql.Open("postgres", u)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { db.Close() })
	return db
}

func TestNewDBIsolated(t *testing.T) {
	a, b := mustOpen(t, NewDB(t)), mustOpen(t, NewDB(t))
	if _, err := a.ExecContext(t.Context(), `CREATE TABLE repair (id bigint PRIMARY KEY); INSERT INTO repair VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	var n int
	if err := a.QueryRowContext(t.Context(), `SELECT count(*) FROM repair`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("count in first database = %d, %v; want 1", n, err)
	}
	if err := b.QueryRowContext(t.Context(), `SELECT count(*) FROM repair`).Scan(&n); err == nil || !strings.Contains(err.Error(), "42P01") {
		t.Errorf("table of the first database seen in the second: err = %v, want undefined_table", err)
	}
}

func TestNewDBDroppedAfterTest(t *testing.T) {
	var name string
	t.Run("sub", func(t *testing.T) {
		u, err := url.Parse(NewDB(t))
		if err != nil {
			t.Fatal(err)
		}
		name = strings.TrimPrefix(u.Path, "/")
		mustOpen(t, u.String()) // an open pool must not block the drop
	})
	var exists bool
	db := mustOpen(t, NewDB(t))
	if err := db.QueryRowContext(t.Context(), `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		t.Fatal(err)
	}
	if name == "" || exists {
		t.Errorf("database %q still exists after its test ended", name)
	}
}

func TestNewDBParallel(t *testing.T) {
	for i := range 8 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			db := mustOpen(t, NewDB(t))
			if _, err := db.ExecContext(t.Context(), `CREATE TABLE visit (id bigint PRIMARY KEY)`); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestDBName(t *testing.T) {
	long := "TestStore/" + strings.Repeat("很长的名字", 10)
	for _, tc := range []struct {
		n    int64
		test string
		want string
	}{
		{1, "TestRepairs/small_due-21:00", "t1_testrepairs_small_due_21_00"},
		{12, long, "t12_teststore_" + strings.Repeat("_", 63-len("t12_teststore_"))},
	} {
		if got := dbName(tc.n, tc.test); got != tc.want {
			t.Errorf("dbName(%d, %q) = %q, want %q", tc.n, tc.test, got, tc.want)
		}
	}
}

func TestReapOrphans(t *testing.T) {
	dir, err := os.MkdirTemp("/tmp", "houqin-pgtest-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	c, err := pglocal.Start(t.Context(), pglocal.Options{DataDir: dir, Ephemeral: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Stop() })
	b, err := os.ReadFile(filepath.Join(dir, "pg", "data", "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	postmaster, _ := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "owner"), []byte(strconv.Itoa(dead.Process.Pid)), 0o644); err != nil {
		t.Fatal(err)
	}

	reapOrphans()
	if err := syscall.Kill(postmaster, 0); err == nil {
		t.Errorf("postmaster %d of the orphan still runs", postmaster)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("orphan directory %s not removed (err %v)", dir, err)
	}
	if err := mustOpen(t, NewDB(t)).PingContext(t.Context()); err != nil {
		t.Errorf("our own cluster is gone too: %v", err)
	}
}
