package pglocal

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// helperEnv makes the test binary a helper process (see helper) on the data
// directory it names, instead of running the tests.
const helperEnv = "PGLOCAL_TEST_HELPER_DIR"

func TestMain(m *testing.M) {
	if dir := os.Getenv(helperEnv); dir != "" {
		os.Exit(helper(dir))
	}
	os.Exit(runWithBase(m))
}

// runWithBase runs the tests with a ServerBase of their own (inherited by
// the helper processes): as root, the clusters of the tests' t.TempDir()
// data directories go there, not to /var/lib/houqin-pg, and are removed.
func runWithBase(m *testing.M) int {
	if os.Getenv("HOUQIN_PGLOCAL_BASE") != "" {
		return m.Run()
	}
	base, err := os.MkdirTemp("/tmp", "houqin-pglocal-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(base)
	if err := os.Chmod(base, 0o711); err != nil { // the postgres user passes through
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	os.Setenv("HOUQIN_PGLOCAL_BASE", filepath.Join(base, "servers"))
	return m.Run()
}

// helper is a houqin-like process: it starts the cluster in dir as every
// houqin command does, prints "ready started=BOOL", then answers each line
// of stdin: "query" with "ok T" (T the server's start time, read through its
// connection pool) or "error ...", and "exit" (or the end of stdin) by
// stopping its handle, printing "stopped" and exiting.
func helper(dir string) int {
	ctx := context.Background()
	c, err := Start(ctx, Options{DataDir: dir, Ephemeral: true,
		Logger: slog.New(slog.NewTextHandler(os.Stderr, nil))})
	if err != nil {
		fmt.Printf("error %s\n", oneLine(err))
		return 1
	}
	db, err := sql.Open("postgres", c.URL("houqin"))
	if err != nil {
		fmt.Printf("error %s\n", oneLine(err))
		return 1
	}
	fmt.Printf("ready started=%t\n", c.started)
	sc := bufio.NewScanner(os.Stdin)
	for sc.Scan() && sc.Text() != "exit" {
		qctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		var t string
		err := db.QueryRowContext(qctx, `SELECT CAST(pg_postmaster_start_time() AS text)`).Scan(&t)
		cancel()
		if err != nil {
			fmt.Printf("error %s\n", oneLine(err))
		} else {
			fmt.Printf("ok %s\n", t)
		}
	}
	db.Close()
	if err := c.Stop(); err != nil {
		fmt.Printf("error %s\n", oneLine(err))
		return 1
	}
	fmt.Println("stopped")
	return 0
}

func oneLine(err error) string { return strings.ReplaceAll(err.Error(), "\n", " | ") }

// proc is a helper process seen from the test.
type proc struct {
	t      *testing.T
	name   string
	cmd    *exec.Cmd
	in     io.WriteCloser
	lines  chan string
	stderr *bytes.Buffer
	done   chan struct{}
}

// stepTimeout bounds each exchange with a helper (a cold start included).
const stepTimeout = 90 * time.Second

// startProc starts a helper on dir, waits until it is ready and reports
// whether it started the server. The helper is killed when the test ends.
func startProc(t *testing.T, name, dir string) (*proc, bool) {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	p := &proc{t: t, name: name, cmd: exec.Command(exe), lines: make(chan string, 16), stderr: new(bytes.Buffer), done: make(chan struct{})}
	p.cmd.Env = append(os.Environ(), helperEnv+"="+dir)
	p.cmd.Stderr = p.stderr
	if p.in, err = p.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	out, err := p.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			p.lines <- sc.Text()
		}
		close(p.lines)
		p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.done
	})
	started, ok := strings.CutPrefix(p.next(), "ready started=")
	if !ok {
		t.Fatalf("%s did not start", name)
	}
	return p, started == "true"
}

// next returns the helper's next line of output.
func (p *proc) next() string {
	p.t.Helper()
	select {
	case line, ok := <-p.lines:
		if !ok {
			p.t.Fatalf("%s exited (%v); its log:\n%s", p.name, p.cmd.ProcessState, p.stderr)
		}
		if strings.HasPrefix(line, "error ") {
			p.t.Fatalf("%s: %s; its log:\n%s", p.name, line, p.stderr)
		}
		return line
	case <-time.After(stepTimeout):
		p.t.Fatalf("%s said nothing for %s; its log:\n%s", p.name, stepTimeout, p.stderr)
		return ""
	}
}

// query makes the helper query the server and returns the server's start time.
func (p *proc) query() string {
	p.t.Helper()
	fmt.Fprintln(p.in, "query")
	line := p.next()
	start, ok := strings.CutPrefix(line, "ok ")
	if !ok {
		p.t.Fatalf("%s answered %q to a query", p.name, line)
	}
	return start
}

// exit makes the helper stop its handle and exit, as houqin does on exit.
func (p *proc) exit() {
	p.t.Helper()
	fmt.Fprintln(p.in, "exit")
	if line := p.next(); line != "stopped" {
		p.t.Fatalf("%s answered %q to exit", p.name, line)
	}
	<-p.done
	if !p.cmd.ProcessState.Success() {
		p.t.Fatalf("%s exited with %v; its log:\n%s", p.name, p.cmd.ProcessState, p.stderr)
	}
}

// kill kills the helper with SIGKILL, as a crash would.
func (p *proc) kill() {
	p.t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		p.t.Fatal(err)
	}
	<-p.done
}

// postmaster returns the PID of the server running in dir, or 0 when none
// runs there (no postmaster.pid, or one naming a process that is gone or is
// not that server).
func postmaster(dir string) int {
	data := filepath.Join(dir, "pg", "data")
	if real, err := filepath.EvalSymlinks(data); err == nil {
		data = real // the cluster may live under the server base (reachableRoot)
	}
	b, err := os.ReadFile(filepath.Join(data, "postmaster.pid"))
	if err != nil {
		return 0
	}
	pid, _ := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0])
	if cwd, err := os.Readlink(fmt.Sprintf("/proc/%d/cwd", pid)); pid <= 0 || err != nil || cwd != data {
		return 0
	}
	return pid
}

// cleanupServer makes sure no server is left running in dir when the test
// ends, whatever happened to the processes that used it.
func cleanupServer(t *testing.T, dir string) {
	t.Cleanup(func() {
		pid := postmaster(dir)
		if pid == 0 {
			return
		}
		syscall.Kill(pid, syscall.SIGQUIT) // immediate shutdown: the data is throwaway
		for i := 0; i < 200 && syscall.Kill(pid, 0) == nil; i++ {
			time.Sleep(50 * time.Millisecond)
		}
	})
}

// Two houqin processes on one data directory: the first one out must leave
// the server to the second, and the last one out stops it.
func TestProcessesShareServer(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cleanupServer(t, dir)
	first, started := startProc(t, "first", dir)
	if !started {
		t.Fatal("first process did not start the server")
	}
	second, started := startProc(t, "second", dir)
	if started {
		t.Error("second process started a server although one was running")
	}
	bootTime := first.query()
	if got := second.query(); got != bootTime {
		t.Errorf("the processes use different servers (started %s and %s)", bootTime, got)
	}
	first.exit()
	if got := second.query(); got != bootTime {
		t.Errorf("after the first process exited the server was restarted (started %s, then %s)", bootTime, got)
	}
	third, started := startProc(t, "third", dir)
	if started {
		t.Error("third process started a server although one was running")
	}
	second.exit()
	if third.query() != bootTime {
		t.Error("server restarted under the third process")
	}
	if postmaster(dir) == 0 {
		t.Fatal("server gone while the third process uses it")
	}
	third.exit()
	if pid := postmaster(dir); pid != 0 {
		t.Errorf("server %d still running after the last process exited", pid)
	}
}

// A process killed with SIGKILL cannot stop anything: the next process must
// find the server it left (running, or dead with a stale postmaster.pid) and
// work.
func TestKilledProcessRecovered(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cleanupServer(t, dir)
	starter, started := startProc(t, "starter", dir)
	if !started {
		t.Fatal("starter did not start the server")
	}
	bootTime := starter.query()
	starter.kill()
	pm := postmaster(dir)
	if pm == 0 {
		t.Fatal("the server died with the process that started it")
	}
	next, started := startProc(t, "next", dir)
	if started {
		t.Error("the process after the crash started a second server instead of reusing the first")
	}
	if got := next.query(); got != bootTime {
		t.Errorf("server start time %s, want %s (the one left running)", got, bootTime)
	}
	// The last one out stops the server, though it did not start it.
	next.exit()
	if pid := postmaster(dir); pid != 0 {
		t.Errorf("server %d left running after the last process exited", pid)
	}

	// Now the process and its server both die: the postmaster.pid left
	// behind must not stop the next process.
	starter, started = startProc(t, "starter again", dir)
	if !started {
		t.Fatal("starter again did not start the server")
	}
	starter.query()
	pm = postmaster(dir)
	starter.kill()
	if pm <= 0 { // kill(0) would signal this test's own process group
		t.Fatal("no server PID")
	}
	if err := syscall.Kill(pm, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); syscall.Kill(pm, 0) == nil; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("postmaster %d still exists 10s after SIGKILL", pm)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "pg", "data", "postmaster.pid")); err != nil {
		t.Fatalf("no stale postmaster.pid after SIGKILL: %v", err)
	}
	next, started = startProc(t, "next again", dir)
	if !started {
		t.Error("the process after the server died did not start one")
	}
	next.query()
	next.exit()
}

// Starts and Stops racing on one directory (handles in one process hold
// separate flocks, as processes do): every handle can query between its
// Start and its Stop, and nothing runs after the last Stop.
func TestStartStopRace(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cleanupServer(t, dir)
	var wg sync.WaitGroup
	for g := range 3 {
		wg.Go(func() {
			for i := range 3 {
				c, err := Start(t.Context(), Options{DataDir: dir, Ephemeral: true})
				if err != nil {
					t.Errorf("goroutine %d, round %d: Start: %v", g, i, err)
					return
				}
				db, err := sql.Open("postgres", c.URL("houqin"))
				if err == nil {
					err = db.PingContext(t.Context())
					db.Close()
				}
				if err != nil {
					t.Errorf("goroutine %d, round %d: query between Start and Stop: %v", g, i, err)
				}
				if err := c.Stop(); err != nil {
					t.Errorf("goroutine %d, round %d: Stop: %v", g, i, err)
				}
			}
		})
	}
	wg.Wait()
	if pid := postmaster(dir); pid != 0 {
		t.Errorf("server %d running after every handle stopped", pid)
	}
}

// A process killed during pg_ctl stop leaves the server shutting down with
// nobody holding the lock; Start must wait for it to go and start it again,
// not hand out a server about to disappear.
func TestStartWaitsForServerLeftStopping(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cleanupServer(t, dir)
	c1, err := Start(t.Context(), Options{DataDir: dir, Ephemeral: true})
	if err != nil {
		t.Fatal(err)
	}
	// c1 "dies": its lease goes, as the kernel would drop it.
	c1.lease.Close()
	c1.lease = nil
	pm := postmaster(dir)
	// Mark the server as stopping (line 8 of postmaster.pid), then stop it a
	// moment later, as a fast shutdown already under way would.
	pidFile := filepath.Join(c1.data, "postmaster.pid")
	b, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	if len(lines) < 8 {
		t.Fatalf("postmaster.pid has %d lines, want a status on line 8", len(lines))
	}
	lines[7] = "stopping"
	if err := os.WriteFile(pidFile, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(time.Second)
		if pm > 0 { // kill(0) would signal this test's own process group
			syscall.Kill(pm, syscall.SIGINT) // fast shutdown
		}
	}()
	c2 := mustStart(t, dir)
	if !c2.started {
		t.Fatal("Start reused a server that was shutting down")
	}
	if pid := postmaster(dir); pid == pm || pid == 0 {
		t.Errorf("server PID %d after Start, want a new server (the old one was %d)", pid, pm)
	}
	mustQuery(t, c2.URL("houqin"), "SELECT 1")
}
