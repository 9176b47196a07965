// Package pglocal runs a private PostgreSQL cluster from the machine's
// PostgreSQL server binaries (initdb, pg_ctl, postgres). It is houqin's
// embedded default when no database URL is configured, and the throwaway
// database of the tests (see package pgtest).
//
// Everything lives under Options.DataDir/pg, a 0700 directory owned by the
// OS user the server runs as:
//
//	pg/data/            the cluster (PGDATA); pg/data/pglocal.conf holds our settings
//	pg/server.log       the server log (appended to by every start)
//	pg/lock             flock held while initialising, starting or stopping
//	pg/lease            shared flock held by every process using the server
//	pg/.s.PGSQL.5432    the Unix socket
//
// The server listens on that Unix socket only (listen_addresses is empty), never
// on TCP: it cannot collide with a system PostgreSQL on port 5432 and is not
// reachable from the network. Socket connections are trusted without a
// password; the socket directory is 0700, so only the server's OS user and
// root can connect. A Unix socket path is limited to 107 bytes, so when
// DataDir/pg is longer than 93 bytes the socket goes to
// /tmp/houqin-pg-<first 12 hex digits of sha256(DataDir/pg)> instead.
//
// initdb and postgres refuse to run as root. When houqin runs as root, the
// cluster belongs to the "postgres" OS user (it comes with Debian's
// postgresql packages): pg/ is chowned to it, and initdb and pg_ctl are run
// with that user's credentials. Otherwise the cluster belongs to the current
// user.
//
// No permission outside the data directory is ever changed. The postgres
// user must be able to pass through every directory above pg/: the data
// directory itself gets the search bit for others (search only: it cannot
// be listed) when it lacks it, and when a directory above the data
// directory does not let that user through (/root is 0700, say), the
// cluster lives in a directory of its own that it can reach instead —
// Options.ServerBase (default /var/lib/houqin-pg, or $HOUQIN_PGLOCAL_BASE)
// /<first 12 hex digits of sha256(DataDir)>, made 0711 — and DataDir/pg is
// a symbolic link to it, so every process on the data directory finds the
// same cluster, and the link shows where it is. Choosing a data directory
// the postgres user can reach (/var/lib/houqin, the default for root) keeps
// the cluster inside it.
//
// # One server, shared by every houqin process on a data directory
//
// serve, a chat in each terminal and every admin command use the same
// server, so none of them may stop it while another still needs it. Each
// Cluster handle holds a shared flock on pg/lease from Start until Stop: its
// claim on the server. Stop drops the claim and then tries to take pg/lease
// exclusively without waiting; that succeeds only when no other handle, in
// any process, holds a lease, and only then does it stop the server. The last
// one out stops it, whichever process started it.
//
// pg/lock orders the transitions. Start holds it while it initialises,
// starts or reuses the server and takes its lease; Stop holds it while it
// tests for other leases and stops the server. So a lease is only ever taken
// on a running server, a Start cannot slip in between a Stop's test and its
// pg_ctl stop, and a process starting while another is stopping waits for
// the stop to finish and then starts the server again.
//
// Why flock and not a count of users in a file, or a long-lived
// `houqin db start`: the kernel drops a process's flocks when it ends,
// however it ends, so a process killed with SIGKILL neither keeps the server
// up forever nor leaves a count that is never decremented, and there is no
// extra command to run or forget.
//
// After a crash: pg_ctl detaches the server from the process that started
// it, so the server outlives a houqin process killed with SIGKILL; the next
// Start reuses it and the last process out stops it. A postmaster.pid left by
// a server that died itself (SIGKILL, power loss) does not block a start:
// pg_ctl sees that no process has that PID, and a PID since reused by an
// unrelated process is told apart by the process's working directory. A
// server caught half-way through starting or stopping, because the process
// driving it was killed, is waited for (postmaster.pid says which). A server
// that dies while processes hold leases is not restarted by them; the next
// Start restarts it, and database/sql with lib/pq discards the dead
// connections and reconnects once it is back.
//
// The package is Unix-only (flock, setuid).
package pglocal

import (
	"bytes"
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/lib/pq"
	"github.com/lib/pq/pqerror"
)

// ErrNoServer is returned (wrapped) by Start when no PostgreSQL server
// binaries are found.
var ErrNoServer = errors.New("PostgreSQL server binaries (initdb, pg_ctl) not found: install them with `apt-get install postgresql` or set [database] url")

// binGlob is where Debian's postgresql-NN packages put the server binaries.
// It is a variable so tests can make the search find nothing.
var binGlob = "/usr/lib/postgresql/*/bin"

// Options configure Start.
type Options struct {
	// DataDir is the directory the cluster lives in (as DataDir/pg); it is
	// created if missing.
	DataDir string
	// Logger receives progress messages; nil discards them.
	Logger *slog.Logger
	// Ephemeral trades durability for speed (fsync, synchronous_commit and
	// full_page_writes off): for test clusters whose data may be lost.
	Ephemeral bool
	// ServerBase is where a cluster goes when running as root and the
	// postgres user cannot reach DataDir (see the package comment); empty
	// means $HOUQIN_PGLOCAL_BASE, or else DefaultServerBase.
	ServerBase string
}

// DefaultServerBase is the default Options.ServerBase.
const DefaultServerBase = "/var/lib/houqin-pg"

// Cluster is a handle on a running private PostgreSQL server.
type Cluster struct {
	bin, root, data, logFile string
	cred                     *syscall.Credential // nil: run as ourselves
	log                      *slog.Logger

	sockDir, port string // from postmaster.pid, so a reused server is found wherever it listens

	mu      sync.Mutex
	lease   *os.File // shared flock on pg/lease from Start until Stop; nil once stopped
	started bool     // this handle started the server (for logs and tests; Stop goes by the lease)
	admin   *sql.DB
}

// Start initialises the cluster in opt.DataDir on first use, starts the
// server unless it is already running, and ensures the database "houqin"
// exists. It returns an error wrapping ErrNoServer when the server binaries
// are missing.
func Start(ctx context.Context, opt Options) (*Cluster, error) {
	if opt.DataDir == "" {
		return nil, errors.New("pglocal: Options.DataDir is empty")
	}
	dir, err := filepath.Abs(opt.DataDir)
	if err != nil {
		return nil, fmt.Errorf("pglocal: %w", err)
	}
	c := &Cluster{root: filepath.Join(dir, "pg"), log: opt.Logger}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.cred, err = serverUser(); err != nil {
		return nil, err
	}
	if c.cred != nil {
		base := cmp.Or(opt.ServerBase, os.Getenv("HOUQIN_PGLOCAL_BASE"), DefaultServerBase)
		if c.root, err = c.reachableRoot(dir, base); err != nil {
			return nil, err
		}
	}
	c.data, c.logFile = filepath.Join(c.root, "data"), filepath.Join(c.root, "server.log")
	// An existing cluster can only be run by the major version that made it.
	major, _ := os.ReadFile(filepath.Join(c.data, "PG_VERSION"))
	if c.bin, err = findBin(strings.TrimSpace(string(major))); err != nil {
		return nil, err
	}
	if err := c.prepareDirs(); err != nil {
		return nil, err
	}
	if err := c.bootstrap(ctx, opt.Ephemeral); err != nil {
		return nil, err
	}
	if err := c.CreateDatabase(ctx, "houqin"); err != nil {
		c.Stop()
		return nil, err
	}
	return c, nil
}

// bootstrap runs initdb if needed, starts the server if it is not running
// and takes this handle's lease, holding the lock so concurrent Starts and
// Stops on one directory take turns.
func (c *Cluster) bootstrap(ctx context.Context, ephemeral bool) error {
	unlock, err := c.lock(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	if _, err := os.Stat(filepath.Join(c.data, "PG_VERSION")); errors.Is(err, fs.ErrNotExist) {
		if err := c.initdb(ctx, ephemeral); err != nil {
			return err
		}
	}
	if err := c.ensureRunning(ctx, ephemeral); err != nil {
		return err
	}
	// Lines 4 and 5 of postmaster.pid are the port and the first socket
	// directory: where the server really listens, even one we did not start.
	lines, err := c.pidFile()
	if err != nil {
		return err
	}
	if len(lines) < 5 || lines[4] == "" {
		return fmt.Errorf("pglocal: no socket directory in %s/postmaster.pid", c.data)
	}
	c.port, c.sockDir = lines[3], lines[4]
	// Only a Stop holding the lock takes the lease exclusively, and we hold
	// the lock, so this never waits for long.
	c.lease, err = flock(ctx, filepath.Join(c.root, "lease"), syscall.LOCK_SH)
	return err
}

// serverState is what postmaster.pid and pg_ctl say about the server.
type serverState int

const (
	stateStopped  serverState = iota // no server (a stale postmaster.pid is removed)
	stateReady                       // accepting connections
	stateStarting                    // still recovering or starting up
	stateStopping                    // shutting down
)

func (s serverState) String() string {
	return [...]string{"stopped", "ready", "starting", "stopping"}[s]
}

// ensureRunning starts the server unless it is running, and waits for one
// caught starting or stopping: the process driving it may have been killed
// half-way through pg_ctl start or stop, which leaves the server to finish
// on its own while no one holds the lock.
func (c *Cluster) ensureRunning(ctx context.Context, ephemeral bool) error {
	wait, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	for logged := stateStopped; ; {
		st, err := c.state(wait)
		if err != nil {
			return err
		}
		switch st {
		case stateReady:
			c.log.Info("pglocal: reusing running server", "dir", c.data)
			return nil
		case stateStopped:
			if err := c.writeConf(ephemeral); err != nil {
				return err
			}
			c.log.Info("pglocal: starting server", "dir", c.data, "log", c.logFile)
			if out, err := c.run(ctx, "pg_ctl", "start", "-w", "-t", "120", "-D", c.data, "-l", c.logFile); err != nil {
				return fmt.Errorf("pglocal: pg_ctl start: %w: %s%s", err, bytes.TrimSpace(out), c.logTail())
			}
			c.started = true
			return nil
		}
		if st != logged {
			c.log.Info("pglocal: waiting for a server left starting or stopping", "dir", c.data, "state", st)
			logged = st
		}
		select {
		case <-wait.Done():
			return fmt.Errorf("pglocal: waiting for the server in %s to finish starting or stopping: %w", c.data, wait.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// state reports whether the server runs, removing lock files left by a
// server that died.
func (c *Cluster) state(ctx context.Context) (serverState, error) {
	out, err := c.run(ctx, "pg_ctl", "status", "-D", c.data)
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 3 { // 3: not running
		return stateStopped, nil
	}
	if err != nil {
		return 0, fmt.Errorf("pglocal: pg_ctl status: %w: %s", err, bytes.TrimSpace(out))
	}
	if !c.pidIsServer() {
		// After a reboot the PID in a stale postmaster.pid may belong to another
		// process of the server user (a system PostgreSQL, say); pg_ctl and
		// postgres would both take it for our server and never start.
		// The socket's lock file holds the same stale PID.
		c.log.Warn("pglocal: removing stale lock files naming an unrelated process", "dir", c.data)
		if lines, err := c.pidFile(); err == nil && len(lines) > 4 && (lines[4] == c.root || strings.HasPrefix(lines[4], shortSockPrefix)) {
			os.Remove(filepath.Join(lines[4], ".s.PGSQL."+lines[3]+".lock"))
		}
		if err := os.Remove(filepath.Join(c.data, "postmaster.pid")); err != nil {
			return 0, fmt.Errorf("pglocal: %w", err)
		}
		return stateStopped, nil
	}
	// Line 8 is the postmaster's status (PostgreSQL 10 and later).
	lines, err := c.pidFile()
	if errors.Is(err, fs.ErrNotExist) {
		return stateStopped, nil // it stopped since pg_ctl looked
	}
	if err != nil || len(lines) < 8 {
		return stateReady, nil // trust pg_ctl; the connection will tell
	}
	switch strings.TrimSpace(lines[7]) {
	case "starting":
		return stateStarting, nil
	case "stopping":
		return stateStopping, nil
	}
	return stateReady, nil
}

func (c *Cluster) pidFile() ([]string, error) {
	b, err := os.ReadFile(filepath.Join(c.data, "postmaster.pid"))
	if err != nil {
		return nil, fmt.Errorf("pglocal: %w", err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n"), nil
}

// pidIsServer reports whether the PID in postmaster.pid is a server of this
// data directory: a postmaster's working directory is its data directory.
// Where that cannot be read (no /proc), it trusts pg_ctl.
func (c *Cluster) pidIsServer() bool {
	lines, err := c.pidFile()
	if err != nil {
		return true
	}
	cwd, err1 := os.Readlink("/proc/" + lines[0] + "/cwd")
	data, err2 := filepath.EvalSymlinks(c.data)
	return err1 != nil || err2 != nil || cwd == data
}

// initdb creates the cluster in a scratch directory and renames it into place,
// so an interrupted initdb never leaves a half-made cluster behind.
func (c *Cluster) initdb(ctx context.Context, ephemeral bool) error {
	tmp := c.data + ".init"
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	c.log.Info("pglocal: initialising cluster", "dir", c.data, "bin", c.bin)
	// Locale C: byte-order collation is deterministic and immune to glibc
	// upgrades silently corrupting text indexes; Chinese text has no case.
	// Host (TCP) lines reject: nothing listens on TCP anyway.
	args := []string{"-D", tmp, "-U", "postgres", "-E", "UTF8", "--locale=C",
		"--auth-local=trust", "--auth-host=reject", "--no-instructions"}
	if ephemeral {
		args = append(args, "--no-sync")
	}
	if out, err := c.run(ctx, "initdb", args...); err != nil {
		return fmt.Errorf("pglocal: initdb: %w: %s", err, bytes.TrimSpace(out))
	}
	f, err := os.OpenFile(filepath.Join(tmp, "postgresql.conf"), os.O_WRONLY|os.O_APPEND, 0)
	if err == nil {
		_, err = io.WriteString(f, "\n# Settings of houqin's store/pglocal, rewritten on every start.\ninclude_if_exists = 'pglocal.conf'\n")
		err = errors.Join(err, f.Close())
	}
	if err == nil {
		err = os.Rename(tmp, c.data)
	}
	if err != nil {
		return fmt.Errorf("pglocal: initdb: %w", err)
	}
	return nil
}

// writeConf writes the settings we own. They are rewritten before every start
// so Ephemeral and the socket directory always match this run; operators
// override them with ALTER SYSTEM (postgresql.auto.conf is read last).
func (c *Cluster) writeConf(ephemeral bool) error {
	sock, err := c.socketDir()
	if err != nil {
		return err
	}
	durable := map[bool]string{true: "off", false: "on"}[ephemeral]
	conf := fmt.Sprintf(`listen_addresses = ''
port = 5432
unix_socket_directories = '%s'
unix_socket_permissions = 0700
max_connections = 100
shared_buffers = 64MB
fsync = %[2]s
synchronous_commit = %[2]s
full_page_writes = %[2]s
# The server log keeps no row contents: a failed INSERT's DETAIL ("Failing
# row contains ...", "Key (...)=(...) already exists") would copy a
# visitor's name and phone into a file no purge reaches. Statements are
# logged with their $n placeholders only, never the values, also when an
# operator turns on statement or slow-query logging.
log_error_verbosity = terse
log_parameter_max_length = 0
log_parameter_max_length_on_error = 0
`, strings.ReplaceAll(sock, "'", "''"), durable)
	name := filepath.Join(c.data, "pglocal.conf")
	if err := os.WriteFile(name, []byte(conf), 0o600); err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	return c.chown(name)
}

// shortSockPrefix starts the socket directories for long data directory
// paths: /tmp, not $TMPDIR, because it must be short.
const shortSockPrefix = "/tmp/houqin-pg-"

// socketDir returns DataDir/pg, or a short directory under /tmp when the
// socket path would not fit in sun_path (108 bytes with the NUL).
func (c *Cluster) socketDir() (string, error) {
	if len(c.root)+len("/.s.PGSQL.5432") <= 107 {
		return c.root, nil
	}
	sum := sha256.Sum256([]byte(c.root))
	dir := shortSockPrefix + hex.EncodeToString(sum[:6])
	if err := os.Mkdir(dir, 0o700); err == nil {
		if err := c.chown(dir); err != nil {
			return "", err
		}
	} else if !errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("pglocal: socket directory: %w", err)
	}
	// /tmp is shared: only use a directory the server user owns, not a
	// symlink or a directory someone else planted there.
	fi, err := os.Lstat(dir)
	if err != nil {
		return "", fmt.Errorf("pglocal: socket directory: %w", err)
	}
	if st, ok := fi.Sys().(*syscall.Stat_t); !ok || !fi.IsDir() || int(st.Uid) != c.uid() {
		return "", fmt.Errorf("pglocal: socket directory %s is not a directory owned by uid %d", dir, c.uid())
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return "", fmt.Errorf("pglocal: socket directory: %w", err)
	}
	return dir, nil
}

// URL returns a lib/pq URL for database dbname over the Unix socket.
func (c *Cluster) URL(dbname string) string {
	q := url.Values{"host": {c.sockDir}, "port": {c.port}, "sslmode": {"disable"}}
	u := url.URL{Scheme: "postgres", User: url.User("postgres"), Path: "/" + dbname, RawQuery: q.Encode()}
	return u.String()
}

// CreateDatabase creates database name unless it exists.
func (c *Cluster) CreateDatabase(ctx context.Context, name string) error {
	db, err := c.adminDB()
	if err != nil {
		return err
	}
	var exists bool
	if err := db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)`, name).Scan(&exists); err != nil {
		return fmt.Errorf("pglocal: create database %s: %w", name, err)
	}
	if exists {
		return nil
	}
	_, err = db.ExecContext(ctx, "CREATE DATABASE "+pq.QuoteIdentifier(name))
	// A concurrent create that won shows as duplicate_database or, when both
	// passed the existence check in CREATE DATABASE, as a unique violation on
	// pg_database.
	if err != nil && pq.As(err, pqerror.DuplicateDatabase, pqerror.UniqueViolation) == nil {
		return fmt.Errorf("pglocal: create database %s: %w", name, err)
	}
	return nil
}

// DropDatabase drops database name if it exists, disconnecting its sessions.
func (c *Cluster) DropDatabase(ctx context.Context, name string) error {
	db, err := c.adminDB()
	if err != nil {
		return err
	}
	if _, err := db.ExecContext(ctx, "DROP DATABASE IF EXISTS "+pq.QuoteIdentifier(name)+" WITH (FORCE)"); err != nil {
		return fmt.Errorf("pglocal: drop database %s: %w", name, err)
	}
	return nil
}

func (c *Cluster) adminDB() (*sql.DB, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.admin == nil {
		db, err := sql.Open("postgres", c.URL("postgres"))
		if err != nil {
			return nil, fmt.Errorf("pglocal: %w", err)
		}
		db.SetMaxIdleConns(1)
		c.admin = db
	}
	return c.admin, nil
}

// Stop closes the handle and gives up its lease; if no other handle, in
// this process or another, holds one, it stops the server (pg_ctl stop -m
// fast: sessions are disconnected, nothing committed is lost). Stopping a
// stopped handle does nothing.
func (c *Cluster) Stop() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.admin != nil {
		// Close only says goodbye to the server; it fails harmlessly when the
		// server is already gone.
		c.admin.Close()
		c.admin = nil
	}
	if c.lease == nil {
		return nil
	}
	lease := c.lease
	c.lease = nil
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	unlock, err := c.lock(ctx)
	if err != nil {
		lease.Close()
		return err
	}
	defer unlock()
	// Turn our shared lease into an exclusive one, without waiting. flock may
	// drop the shared lock before failing to get the exclusive one; that is
	// fine, we are giving it up either way, and the lock keeps new leases out.
	err = syscall.Flock(int(lease.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		lease.Close()
		c.log.Info("pglocal: leaving the server running for the other processes using it", "dir", c.data)
		return nil
	}
	// Release the exclusive lease before the lock (deferred), so a Start
	// waiting for the lock finds the lease free.
	defer lease.Close()
	if err != nil {
		return fmt.Errorf("pglocal: lock %s: %w", lease.Name(), err)
	}
	st, err := c.state(ctx)
	if err != nil {
		return err
	}
	if st == stateStopped {
		return nil // it died or was stopped under us; nothing to stop
	}
	c.log.Info("pglocal: stopping server", "dir", c.data)
	if out, err := c.run(ctx, "pg_ctl", "stop", "-m", "fast", "-w", "-D", c.data); err != nil {
		return fmt.Errorf("pglocal: pg_ctl stop: %w: %s%s", err, bytes.TrimSpace(out), c.logTail())
	}
	c.started = false
	if strings.HasPrefix(c.sockDir, shortSockPrefix) {
		os.Remove(c.sockDir) // do not litter /tmp; fails harmlessly if in use again
	}
	return nil
}

// lock takes the exclusive flock on pg/lock that orders initialising,
// starting and stopping the server and taking and testing leases.
func (c *Cluster) lock(ctx context.Context) (unlock func(), err error) {
	f, err := flock(ctx, filepath.Join(c.root, "lock"), syscall.LOCK_EX)
	if err != nil {
		return nil, err
	}
	return func() { f.Close() }, nil
}

// flock opens name and takes a flock of kind how (LOCK_SH or LOCK_EX) on it,
// polling so ctx can cancel the wait. Closing the file releases the lock;
// the file is close-on-exec, so no child (pg_ctl, postgres) inherits it.
func flock(ctx context.Context, name string, how int) (*os.File, error) {
	f, err := os.OpenFile(name, os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		return nil, fmt.Errorf("pglocal: %w", err)
	}
	for {
		err := syscall.Flock(int(f.Fd()), how|syscall.LOCK_NB)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			f.Close()
			return nil, fmt.Errorf("pglocal: lock %s: %w", name, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("pglocal: waiting for lock %s: %w", name, ctx.Err())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// run runs a server binary as the server user, without PG* variables from
// our environment, which would otherwise change what pg_ctl and postgres do.
func (c *Cluster) run(ctx context.Context, name string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, name), args...)
	cmd.Dir = c.root // the server user may not be able to enter our working directory
	cmd.Env = []string{"LC_ALL=C"}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PG") && !strings.HasPrefix(kv, "LC_") && !strings.HasPrefix(kv, "LANG") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	// pg_ctl start leaves the postmaster running; it redirects its output
	// to the log file, but never let a stray inherited pipe hang us.
	cmd.WaitDelay = 10 * time.Second
	return cmd.CombinedOutput()
}

// logTail returns the last lines of the server log, for error messages.
func (c *Cluster) logTail() string {
	b, err := os.ReadFile(c.logFile)
	if err != nil || len(b) == 0 {
		return ""
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return "\nlast lines of " + c.logFile + ":\n" + strings.Join(lines[max(0, len(lines)-20):], "\n")
}

// prepareDirs creates pg/ for the server user. The directories above it
// were checked by reachableRoot; nothing outside the data directory changes.
func (c *Cluster) prepareDirs() error {
	if err := os.MkdirAll(c.root, 0o700); err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	return c.chown(c.root)
}

// reachableRoot returns where the cluster of the data directory dir lives
// when the server runs as another user (we are root): dir/pg when that user
// can pass through every directory above dir (dir itself gets the search
// bit for others, search only, when it lacks it), else a directory of its
// own under base, linked from dir/pg. See the package comment.
func (c *Cluster) reachableRoot(dir, base string) (string, error) {
	link := filepath.Join(dir, "pg")
	if fi, err := os.Lstat(link); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		// Readlink, not EvalSymlinks: a concurrent Start may have made the
		// link and not yet its target (prepareDirs creates it).
		target, err := os.Readlink(link)
		if err != nil {
			return "", fmt.Errorf("pglocal: %s: %w", link, err)
		}
		if !filepath.IsAbs(target) {
			target = filepath.Join(dir, target)
		}
		return target, nil
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("pglocal: %w", err)
	}
	if blocked := c.blockedAbove(dir); blocked == "" {
		if err := c.searchable(dir); err != nil {
			return "", err
		}
		return link, nil
	} else if fi, err := os.Lstat(link); err == nil {
		if fi.Mode()&fs.ModeSymlink != 0 {
			// A concurrent Start linked it since the Lstat above.
			return c.reachableRoot(dir, base)
		}
		// A cluster made here when houqin still opened the way by
		// changing the parents' modes; it is not moved.
		return "", fmt.Errorf("pglocal: the postgres user cannot reach %s (%s does not let it through); houqin changes no permission outside the data directory: move the data directory under one it can reach (e.g. /var/lib/houqin) or run houqin as a user other than root", link, blocked)
	} else {
		c.log.Info("pglocal: the postgres user cannot reach the data directory; keeping the cluster in a directory of its own", "data_dir", dir, "blocked_by", blocked, "base", base)
	}
	if err := os.MkdirAll(base, 0o711); err != nil {
		return "", fmt.Errorf("pglocal: %w", err)
	}
	if blocked := c.blockedAbove(base); blocked != "" {
		return "", fmt.Errorf("pglocal: the postgres user cannot reach %s nor %s (%s does not let it through): choose a data directory it can reach (e.g. /var/lib/houqin)", dir, base, blocked)
	}
	if err := c.searchable(base); err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(dir))
	root := filepath.Join(base, hex.EncodeToString(sum[:])[:12])
	// The target first, then the link: a concurrent Start that finds the
	// link must find where it points (it failed with "lstat ...: no such
	// file or directory" in between).
	if err := os.MkdirAll(root, 0o700); err != nil {
		return "", fmt.Errorf("pglocal: %w", err)
	}
	if err := os.Symlink(root, link); err != nil && !errors.Is(err, fs.ErrExist) {
		return "", fmt.Errorf("pglocal: %w", err)
	}
	return root, nil
}

// searchable gives dir the search bit for others when it lacks it (dir is
// the data directory, or the server base houqin made).
func (c *Cluster) searchable(dir string) error {
	fi, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	if fi.Mode()&0o001 == 0 {
		c.log.Info("pglocal: adding o+x (search only) to the data directory so the postgres user can reach the cluster in it", "dir", dir)
		if err := os.Chmod(dir, fi.Mode().Perm()|0o001); err != nil {
			return fmt.Errorf("pglocal: %w", err)
		}
	}
	return nil
}

// blockedAbove returns the first directory above dir that the server user
// cannot pass through (no search permission for it), or "".
func (c *Cluster) blockedAbove(dir string) string {
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			return d
		}
		st, ok := fi.Sys().(*syscall.Stat_t)
		perm := fi.Mode().Perm()
		var bit fs.FileMode = 0o001
		switch {
		case !ok:
		case st.Uid == c.cred.Uid:
			bit = 0o100
		case st.Gid == c.cred.Gid || slices.Contains(c.cred.Groups, st.Gid):
			bit = 0o010
		}
		if perm&bit == 0 {
			return d
		}
		if d == filepath.Dir(d) {
			return ""
		}
	}
}

func (c *Cluster) chown(name string) error {
	if c.cred == nil {
		return nil
	}
	if err := os.Lchown(name, int(c.cred.Uid), int(c.cred.Gid)); err != nil {
		return fmt.Errorf("pglocal: %w", err)
	}
	return nil
}

func (c *Cluster) uid() int {
	if c.cred != nil {
		return int(c.cred.Uid)
	}
	return os.Getuid()
}

// serverUser returns the credentials to run the server with: nil (ourselves)
// unless we are root, which initdb and postgres refuse.
func serverUser() (*syscall.Credential, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("pglocal: running as root, but PostgreSQL refuses root and there is no \"postgres\" OS user to run it as (the postgresql package creates it): %w", err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	gids, err3 := u.GroupIds()
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, fmt.Errorf("pglocal: user postgres: %w", err)
	}
	cred := &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	for _, g := range gids {
		if n, err := strconv.ParseUint(g, 10, 32); err == nil {
			cred.Groups = append(cred.Groups, uint32(n))
		}
	}
	return cred, nil
}

// findBin returns the directory with initdb, pg_ctl and postgres: the one
// on PATH, else the highest /usr/lib/postgresql/N/bin. If major (the
// version of an existing cluster) is installed there, it wins over both.
func findBin(major string) (string, error) {
	dirs, _ := filepath.Glob(binGlob)
	slices.SortFunc(dirs, func(a, b string) int { return compareVersions(b, a) })
	if major != "" {
		for _, d := range dirs {
			if filepath.Base(filepath.Dir(d)) == major && hasServer(d) {
				return d, nil
			}
		}
	}
	if p, err := exec.LookPath("pg_ctl"); err == nil {
		dirs = slices.Insert(dirs, 0, filepath.Dir(p))
	}
	for _, d := range dirs {
		if hasServer(d) {
			return d, nil
		}
	}
	return "", fmt.Errorf("pglocal: %w", ErrNoServer)
}

func hasServer(dir string) bool {
	for _, name := range []string{"initdb", "pg_ctl", "postgres"} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil || !fi.Mode().IsRegular() || fi.Mode()&0o111 == 0 {
			return false
		}
	}
	return true
}

// compareVersions orders .../15/bin after .../9.6/bin.
func compareVersions(a, b string) int {
	pa := strings.Split(filepath.Base(filepath.Dir(a)), ".")
	pb := strings.Split(filepath.Base(filepath.Dir(b)), ".")
	for i := range max(len(pa), len(pb)) {
		var x, y int
		if i < len(pa) {
			x, _ = strconv.Atoi(pa[i])
		}
		if i < len(pb) {
			y, _ = strconv.Atoi(pb[i])
		}
		if r := cmp.Compare(x, y); r != 0 {
			return r
		}
	}
	return 0
}
