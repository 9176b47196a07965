package pglocal

import (
	"database/sql"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/lib/pq"
)

// mustStart starts a cluster in dir and stops it when the test ends.
func mustStart(tb testing.TB, dir string) *Cluster {
	tb.Helper()
	c, err := Start(tb.Context(), Options{DataDir: dir, Ephemeral: true})
	if err != nil {
		tb.Fatalf("Start(%s): %v", dir, err)
	}
	tb.Cleanup(func() {
		if err := c.Stop(); err != nil {
			tb.Errorf("Stop: %v", err)
		}
	})
	return c
}

// mustQuery runs a one-value query on url and returns the value.
func mustQuery(tb testing.TB, url, query string) string {
	tb.Helper()
	db, err := sql.Open("postgres", url)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	var s string
	if err := db.QueryRowContext(tb.Context(), query).Scan(&s); err != nil {
		tb.Fatalf("%s on %s: %v", query, url, err)
	}
	return s
}

func TestStartServesOverSocketOnly(t *testing.T) {
	t.Parallel()
	c := mustStart(t, t.TempDir())
	u := c.URL("houqin")
	if !strings.HasPrefix(u, "postgres://postgres@/houqin?") || !strings.Contains(u, "host=%2F") {
		t.Errorf("URL = %q, want postgres://postgres@/houqin?host=<socket dir>...", u)
	}
	if got := mustQuery(t, u, "SELECT 1"); got != "1" {
		t.Errorf("SELECT 1 = %q", got)
	}
	if got := mustQuery(t, u, "SHOW listen_addresses"); got != "" {
		t.Errorf("listen_addresses = %q, want empty (no TCP)", got)
	}
	if got := mustQuery(t, u, "SELECT coalesce(inet_server_addr()::text, 'unix')"); got != "unix" {
		t.Errorf("inet_server_addr() = %q, want NULL (a Unix socket connection)", got)
	}
	if got := mustQuery(t, u, "SHOW server_encoding"); got != "UTF8" {
		t.Errorf("server_encoding = %q, want UTF8", got)
	}
	if got := mustQuery(t, u, "SELECT '后勤'"); got != "后勤" {
		t.Errorf("round trip of Chinese text = %q", got)
	}
	// No row contents in the server log (a visitor's data in a DETAIL).
	for setting, want := range map[string]string{"log_error_verbosity": "terse", "log_parameter_max_length": "0"} {
		if got := mustQuery(t, u, "SHOW "+setting); got != want {
			t.Errorf("%s = %q, want %q", setting, got, want)
		}
	}
}

func TestStartReuses(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	c1 := mustStart(t, dir)
	if !c1.started {
		t.Fatal("first Start did not start the server")
	}
	c2 := mustStart(t, dir)
	if c2.started {
		t.Error("second Start on a running cluster started another server")
	}
	if c1.URL("houqin") != c2.URL("houqin") {
		t.Errorf("URLs differ: %q, %q", c1.URL("houqin"), c2.URL("houqin"))
	}
	if err := c2.CreateDatabase(t.Context(), "reuse"); err != nil {
		t.Fatal(err)
	}
	if err := c2.CreateDatabase(t.Context(), "reuse"); err != nil {
		t.Errorf("CreateDatabase twice: %v", err)
	}
	if err := c2.Stop(); err != nil {
		t.Fatal(err)
	}
	// Stopping the reusing handle must leave the server up.
	mustQuery(t, c1.URL("reuse"), "SELECT 1")
	if err := c1.Stop(); err != nil {
		t.Fatal(err)
	}
	// c1 held the last lease, so its Stop stopped the server.
	if pid := postmaster(dir); pid != 0 {
		t.Fatalf("server %d still running after the last Stop", pid)
	}

	// After a clean stop, and after a SIGKILL (stale postmaster.pid).
	c3 := mustStart(t, dir)
	if !c3.started {
		t.Error("Start after Stop did not start the server")
	}
	mustQuery(t, c3.URL("reuse"), "SELECT 1")
	killPostmaster(t, c3)
	c4 := mustStart(t, dir)
	if !c4.started {
		t.Error("Start after SIGKILL did not start the server")
	}
	mustQuery(t, c4.URL("reuse"), "SELECT 1")
}

// killPostmaster kills the server uncleanly and waits until it is gone.
func killPostmaster(t *testing.T, c *Cluster) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(c.data, "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); syscall.Kill(pid, 0) == nil; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("postmaster %d still exists 10s after SIGKILL (a zombie nobody reaps?)", pid)
		}
	}
}

func TestConcurrentStart(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	var wg sync.WaitGroup
	// Six at once: as root in a data dir the postgres user cannot reach,
	// one of three used to find the link to the cluster's own directory
	// before that directory existed.
	cs := make([]*Cluster, 6)
	errs := make([]error, 6)
	for i := range cs {
		wg.Go(func() { cs[i], errs[i] = Start(t.Context(), Options{DataDir: dir, Ephemeral: true}) })
	}
	wg.Wait()
	started := 0
	for i, c := range cs {
		if errs[i] != nil {
			t.Errorf("Start %d: %v", i, errs[i])
			continue
		}
		defer c.Stop()
		if c.started {
			started++
		}
		mustQuery(t, c.URL("houqin"), "SELECT 1")
	}
	if started != 1 {
		t.Errorf("%d of %d concurrent Starts started a server, want 1", started, len(cs))
	}
}

func TestLongDataDirUsesShortSocketDir(t *testing.T) {
	t.Parallel()
	// Under a directory the postgres user can pass through, so that even as
	// root the cluster stays in the long data directory (see reachableRoot).
	dir := filepath.Join(reachableTemp(t), strings.Repeat("d", 100))
	c := mustStart(t, dir)
	if !strings.HasPrefix(c.sockDir, "/tmp/houqin-pg-") {
		t.Errorf("socket dir = %q, want /tmp/houqin-pg-*", c.sockDir)
	}
	mustQuery(t, c.URL("houqin"), "SELECT 1")
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(c.sockDir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("socket dir %s left behind after Stop (err %v)", c.sockDir, err)
	}
}

// Not parallel, like TestFindBinPrefersHighestVersion: it changes binGlob and
// PATH, which the parallel tests read once the sequential ones are done.
func TestNoServer(t *testing.T) {
	old := binGlob
	binGlob = filepath.Join(t.TempDir(), "*", "bin")
	t.Cleanup(func() { binGlob = old })
	t.Setenv("PATH", t.TempDir())
	_, err := Start(t.Context(), Options{DataDir: t.TempDir()})
	if !errors.Is(err, ErrNoServer) {
		t.Fatalf("Start without binaries: err = %v, want ErrNoServer", err)
	}
	if strings.Count(ErrNoServer.Error(), ": ") != 1 || !strings.Contains(ErrNoServer.Error(), "apt-get install postgresql") {
		t.Errorf("ErrNoServer = %q, want one sentence naming the package", ErrNoServer)
	}
}

func TestFindBinPrefersHighestVersion(t *testing.T) {
	root := t.TempDir()
	for _, v := range []string{"9.6", "15", "13"} {
		dir := filepath.Join(root, v, "bin")
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"initdb", "pg_ctl", "postgres"} {
			if err := os.WriteFile(filepath.Join(dir, name), nil, 0o755); err != nil {
				t.Fatal(err)
			}
		}
	}
	old := binGlob
	binGlob = filepath.Join(root, "*", "bin")
	t.Cleanup(func() { binGlob = old })
	t.Setenv("PATH", t.TempDir())
	for _, tc := range []struct{ major, want string }{{"", "15"}, {"13", "13"}, {"12", "15"}} {
		got, err := findBin(tc.major)
		if want := filepath.Join(root, tc.want, "bin"); err != nil || got != want {
			t.Errorf("findBin(%q) = %q, %v; want %q", tc.major, got, err, want)
		}
	}
}

func TestStartFailureShowsServerLog(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	c := mustStart(t, dir)
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	// ALTER SYSTEM's file is read last, so a bad value there stops the server.
	auto := filepath.Join(c.data, "postgresql.auto.conf")
	f, err := os.OpenFile(auto, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString("shared_buffers = 'lots'\n"); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = Start(t.Context(), Options{DataDir: dir})
	if err == nil || !strings.Contains(err.Error(), `invalid value for parameter "shared_buffers"`) {
		t.Errorf("Start with a broken config: err = %v, want the server log's complaint", err)
	}
}

// After a reboot, postmaster.pid may name a live process of the server user
// that is not our server; Start must not mistake it for one.
func TestStartIgnoresStalePIDOfOtherProcess(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	c := mustStart(t, dir)
	pidFile := filepath.Join(c.data, "postmaster.pid")
	stale, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	sleep := exec.Command("sleep", "60")
	sleep.Dir = "/"
	if c.cred != nil {
		sleep.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	if err := sleep.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sleep.Process.Kill(); sleep.Wait() })
	// Both lock files the server leaves behind when the machine loses power.
	lines := strings.SplitN(string(stale), "\n", 2)
	for _, name := range []string{pidFile, filepath.Join(c.sockDir, ".s.PGSQL.5432.lock")} {
		if err := os.WriteFile(name, []byte(strconv.Itoa(sleep.Process.Pid)+"\n"+lines[1]), 0o600); err != nil {
			t.Fatal(err)
		}
		if err := c.chown(name); err != nil {
			t.Fatal(err)
		}
	}
	c2 := mustStart(t, dir)
	if !c2.started {
		t.Error("Start took the unrelated process for the server")
	}
	mustQuery(t, c2.URL("houqin"), "SELECT 1")
}
