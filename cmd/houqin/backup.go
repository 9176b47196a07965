package main

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/store/pglocal"
)

// What a backup holds, and what it does not: the database (every school,
// staff member, record, outbox row and the schema version), not the
// configuration and not the secrets. Visitors' ID numbers are in it only
// encrypted, under [privacy] id_key, so a backup without that key cannot
// show them, and a lost key cannot be recovered from a backup: the README's
// Operations section says to keep the key apart, in escrow.
const backupKeyNote = "the backup does not contain [privacy] id_key (HOUQIN_ID_KEY): keep that key apart, or the visitors' ID numbers in it stay unreadable"

func cmdBackup(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "backup", "--file FILE [--json]\n\nDumps the configured database (the embedded cluster in [database] data_dir, or [database] url)\nwith pg_dump in its custom format, which `houqin restore` (or pg_restore) reads. Safe while\nhouqin serve runs: the dump is one consistent snapshot. The file is written with mode 0600.")
	file := fs.String("file", "", "backup `file` to write (replaced only when the dump succeeds)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *file == "" {
		return usageError{"backup: --file is required"}
	}
	cfg, log, err := loadConfig(env, *cfgPath, "warn")
	if err != nil {
		return err
	}
	target, err := openTarget(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer target.close()
	pgDump, err := pgTool("pg_dump", target.major)
	if err != nil {
		return err
	}
	start := time.Now()
	size, err := dumpTo(ctx, pgDump, target, *file)
	if err != nil {
		return err
	}
	if *asJSON {
		return printJSON(env.Stdout, map[string]any{"file": *file, "bytes": size, "database": target.name,
			"seconds": time.Since(start).Seconds(), "pg_dump": pgDump})
	}
	fmt.Fprintf(env.Stdout, "backed up %s to %s (%d bytes, %.1f s)\n", target.name, *file, size, time.Since(start).Seconds())
	fmt.Fprintln(env.Stderr, "note:", backupKeyNote)
	return nil
}

// dumpTo runs pg_dump into file: into a temporary file beside it first, so
// a failed or interrupted dump never leaves a truncated file under the name
// of a good backup. pg_dump writes to our pipe, not to the path, so it needs
// no access to the backup directory.
func dumpTo(ctx context.Context, pgDump string, target *dbTarget, file string) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(file), "."+filepath.Base(file)+".*.tmp")
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	defer os.Remove(tmp.Name())              // after the rename, this fails harmlessly
	if err := tmp.Chmod(0o600); err != nil { // personal data: owner only
		tmp.Close()
		return 0, fmt.Errorf("backup: %w", err)
	}
	cmd := target.command(ctx, pgDump, "--format=custom", "--compress=6")
	cmd.Stdout = tmp
	var stderr strings.Builder
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	if err := errors.Join(tmp.Sync(), tmp.Close()); err != nil && runErr == nil {
		runErr = err
	}
	if runErr != nil {
		return 0, fmt.Errorf("backup: pg_dump: %w: %s", runErr, strings.TrimSpace(stderr.String()))
	}
	fi, err := os.Stat(tmp.Name())
	if err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	return fi.Size(), nil
}

func cmdRestore(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "restore", "--file FILE [--json]\n\nLoads a backup made by `houqin backup` into the configured database, which must be empty:\na new [database] data_dir (the embedded cluster is created there), or an empty database at\n[database] url. All or nothing: one transaction. Objects are owned by the restoring user.\nThe next `houqin serve` migrates the schema if the backup is older than this houqin.")
	file := fs.String("file", "", "backup `file` made by houqin backup (pg_dump custom format)")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *file == "" {
		return usageError{"restore: --file is required"}
	}
	f, err := os.Open(*file)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	magic := make([]byte, 5)
	_, err = io.ReadFull(f, magic)
	f.Close()
	if err != nil || string(magic) != "PGDMP" {
		return fmt.Errorf("restore: %s is not a pg_dump custom-format archive (made by houqin backup)", *file)
	}
	cfg, log, err := loadConfig(env, *cfgPath, "warn")
	if err != nil {
		return err
	}
	target, err := openTarget(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer target.close()
	if n, err := target.userTables(ctx); err != nil {
		return fmt.Errorf("restore: %w", err)
	} else if n > 0 {
		return fmt.Errorf("restore: %s already has %d tables; restore only into an empty database (a new data_dir, or a freshly created database), never over live data", target.name, n)
	}
	pgRestore, err := pgTool("pg_restore", target.major)
	if err != nil {
		return err
	}
	start := time.Now()
	// No owners or grants from the source: the restoring user owns it all,
	// as when houqin created the schema itself (the embedded cluster's
	// "postgres" and a hosted database's role differ).
	cmd := target.command(ctx, pgRestore, "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction", *file)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("restore: pg_restore: %w: %s", err, strings.TrimSpace(string(out)))
	}
	if *asJSON {
		return printJSON(env.Stdout, map[string]any{"file": *file, "database": target.name, "seconds": time.Since(start).Seconds()})
	}
	fmt.Fprintf(env.Stdout, "restored %s into %s (%.1f s)\n", *file, target.name, time.Since(start).Seconds())
	return nil
}

// dbTarget is the database a backup or restore works on, reached the way
// libpq tools need it.
type dbTarget struct {
	name    string // for messages: never the password
	connURL string // libpq URL without the password
	pass    string // from the URL, handed to the tools as PGPASSWORD
	major   string // PostgreSQL major version of the embedded cluster, "" for a URL
	close   func()
}

// openTarget reaches the configured database without migrating it: a
// backup must capture the schema as it is (before an upgrade, say), and a
// restore brings its own. For the embedded default it starts the cluster
// in data_dir (initialising it when new, which is what a restore into a
// new data dir needs) and stops it afterwards if it started it.
//
// It repeats the first half of openDB (db.go), which migrates; when the
// embedded cluster gets its shared lifetime (issue 15), both should use the
// same way in.
func openTarget(ctx context.Context, cfg Config, log *slog.Logger) (*dbTarget, error) {
	if cfg.Database.URL != "" {
		t := &dbTarget{close: func() {}}
		t.connURL, t.pass, t.name = splitPassword(cfg.Database.URL)
		return t, nil
	}
	dir, err := filepath.Abs(cfg.Database.DataDir)
	if err != nil {
		return nil, err
	}
	c, err := pglocal.Start(ctx, pglocal.Options{DataDir: dir, Logger: log})
	if err != nil {
		if errors.Is(err, pglocal.ErrNoServer) {
			return nil, pglocal.ErrNoServer
		}
		return nil, fmt.Errorf("embedded database in %s: %w", dir, err)
	}
	major, _ := os.ReadFile(filepath.Join(dir, "pg", "data", "PG_VERSION"))
	return &dbTarget{
		name:    "the embedded database in " + dir,
		connURL: c.URL("houqin"),
		major:   strings.TrimSpace(string(major)),
		close: func() {
			if err := c.Stop(); err != nil {
				log.Warn("stopping embedded database", "err", err)
			}
		},
	}, nil
}

// splitPassword takes the password out of a postgres:// URL, so it reaches
// pg_dump through its environment and not its command line (which every
// user of the machine can read in ps). A key=value connection string is
// passed on as it is.
func splitPassword(raw string) (conn, pass, name string) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return raw, "", "the configured database"
	}
	if u.User != nil {
		pass, _ = u.User.Password()
		u.User = url.User(u.User.Username())
	}
	return u.String(), pass, "database " + strings.TrimPrefix(u.Path, "/") + " at " + cmp.Or(u.Host, u.Query().Get("host"), "localhost")
}

// command prepares a libpq tool (pg_dump, pg_restore) against the target.
// PG* variables from our environment are dropped, as store/pglocal does for
// the server, so a stray PGHOST or PGDATABASE cannot point the tool at
// another database than the one houqin uses.
func (t *dbTarget) command(ctx context.Context, tool string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, tool, append(args, "--dbname="+t.connURL)...)
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PG") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	if t.pass != "" {
		cmd.Env = append(cmd.Env, "PGPASSWORD="+t.pass)
	}
	cmd.WaitDelay = 10 * time.Second
	return cmd
}

// userTables counts the tables outside PostgreSQL's own schemas: zero for a
// database houqin has never used. This is a look at the catalog, not at
// houqin's data, so it is here rather than in store.
func (t *dbTarget) userTables(ctx context.Context) (int, error) {
	u := t.connURL
	if t.pass != "" {
		if pu, err := url.Parse(u); err == nil {
			pu.User = url.UserPassword(pu.User.Username(), t.pass)
			u = pu.String()
		}
	}
	db, err := sql.Open("postgres", u)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var n int
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM pg_catalog.pg_class c
		JOIN pg_catalog.pg_namespace s ON s.oid = c.relnamespace
		WHERE c.relkind IN ('r', 'p') AND s.nspname <> 'information_schema' AND s.nspname NOT LIKE 'pg\_%'`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", t.name, err)
	}
	return n, nil
}

// pgTool finds a PostgreSQL client tool: from the embedded cluster's own
// major version when given, else the newest /usr/lib/postgresql/N/bin
// (a newer pg_dump reads older servers; an older one refuses newer ones),
// else PATH. Debian's /usr/bin/pg_dump is a wrapper that guesses a version
// from the system clusters, which have nothing to do with houqin's.
func pgTool(name, major string) (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int { return cmp.Compare(pgMajor(b), pgMajor(a)) })
	if major != "" {
		dirs = slices.Insert(dirs, 0, filepath.Join("/usr/lib/postgresql", major, "bin"))
	}
	for _, d := range dirs {
		p := filepath.Join(d, name)
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	return "", fmt.Errorf("%s not found: install the PostgreSQL client (apt-get install postgresql-client)", name)
}

// pgMajor is N of /usr/lib/postgresql/N/bin (9.6 counts as 9).
func pgMajor(binDir string) int {
	v, _, _ := strings.Cut(filepath.Base(filepath.Dir(binDir)), ".")
	n, _ := strconv.Atoi(v)
	return n
}
