package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/lib/pq"

	"github.com/houqin/houqin/store/pglocal"
	"github.com/houqin/houqin/store/pglocal/pgtest"
)

// TestBackupRestoreEmbedded is the operator's round trip: the demo fills an
// embedded database, houqin backup writes it to a file, houqin restore loads
// it into a new data dir, and every table and sequence there is the same.
func TestBackupRestoreEmbedded(t *testing.T) {
	dirA, dirB := t.TempDir(), t.TempDir()
	cfgA, cfgB := writeDataDirConfig(t, dirA), writeDataDirConfig(t, dirB)
	c := &cli{t: t, env: map[string]string{}}
	if out, err := c.run("demo", "--config", cfgA); err != nil {
		t.Fatalf("demo: %v\n%s", err, out)
	}
	file := filepath.Join(t.TempDir(), "houqin.dump")
	m := c.json("backup", "--config", cfgA, "--file", file)
	if n, _ := m["bytes"].(float64); n <= 0 {
		t.Errorf("backup printed %v", m)
	}
	fi, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if perm := fi.Mode().Perm(); perm != 0o600 {
		t.Errorf("backup file mode %v, want 0600 (it holds personal data)", perm)
	}
	if out, err := c.run("restore", "--config", cfgB, "--file", file); err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	want, got := fingerprint(t, embeddedURL(t, dirA)), fingerprint(t, embeddedURL(t, dirB))
	if len(want) < 20 {
		t.Fatalf("only %d tables and sequences in the source: %v", len(want), slices.Sorted(maps.Keys(want)))
	}
	if want["public.visits"] == "" || strings.HasPrefix(want["public.visits"], "0 ") {
		t.Errorf("the demo left no visits to back up: %q", want["public.visits"])
	}
	compareFingerprints(t, got, want)

	// The restored copy is a working houqin database.
	if list := c.json("staff", "list", "--school", "1", "--config", cfgB); len(list["staff"].([]any)) == 0 {
		t.Errorf("staff list on the restored copy: %v", list)
	}
	// Never over live data, and only our own archives.
	out, err := c.run("restore", "--config", cfgB, "--file", file)
	if err == nil || !strings.Contains(err.Error(), "already has") {
		t.Errorf("restore over a used database: %v\n%s", err, out)
	}
	junk := filepath.Join(t.TempDir(), "junk.dump")
	os.WriteFile(junk, []byte("SELECT 1;\n"), 0o600)
	if _, err := c.run("restore", "--config", writeDataDirConfig(t, t.TempDir()), "--file", junk); err == nil || !strings.Contains(err.Error(), "not a pg_dump") {
		t.Errorf("restore of a non-archive: %v", err)
	}
}

// TestBackupRestoreURL runs the same round trip on [database] url, with a
// password in the URL that must not appear on pg_dump's command line.
func TestBackupRestoreURL(t *testing.T) {
	src, dst := pgtest.NewDB(t), pgtest.NewDB(t)
	c := &cli{t: t, env: map[string]string{"HOUQIN_DATABASE_URL": src}}
	school := id(c.json("school", "add", "--name", "第一中学"))
	c.json("staff", "add", "--school", school, "--name", "李老师", "--role", "teacher", "--phone", "13800000011")
	file := filepath.Join(t.TempDir(), "url.dump")
	c.json("backup", "--file", file)

	c.env["HOUQIN_DATABASE_URL"] = dst
	if out, err := c.run("restore", "--file", file, "--json"); err != nil {
		t.Fatalf("restore: %v\n%s", err, out)
	}
	compareFingerprints(t, fingerprint(t, dst), fingerprint(t, src))
	// The sequences came along: a new row does not collide with a restored one.
	if next := id(c.json("school", "add", "--name", "第二中学")); next == school || next == "" {
		t.Errorf("school add after restore gave id %q (restored school %s)", next, school)
	}
	if _, err := c.run("backup"); exitCode(err) != 2 {
		t.Errorf("backup without --file: %v, want a usage error", err)
	}
}

func TestSplitPassword(t *testing.T) {
	conn, pass, name := splitPassword("postgres://houqin:s3cret@db.example:5433/houqin?sslmode=require")
	if pass != "s3cret" || strings.Contains(conn, "s3cret") || strings.Contains(name, "s3cret") {
		t.Errorf("splitPassword: conn %q pass %q name %q", conn, pass, name)
	}
	if conn != "postgres://houqin@db.example:5433/houqin?sslmode=require" || name != "database houqin at db.example:5433" {
		t.Errorf("splitPassword: conn %q name %q", conn, name)
	}
	if conn, pass, _ := splitPassword("host=/run/pg dbname=houqin"); conn != "host=/run/pg dbname=houqin" || pass != "" {
		t.Errorf("key=value string: %q %q", conn, pass)
	}
	_, _, name = splitPassword("postgres://postgres@/houqin?host=%2Ftmp%2Fpg&port=5432")
	if name != "database houqin at /tmp/pg" {
		t.Errorf("socket URL named %q", name)
	}
}

func writeDataDirConfig(t *testing.T, dir string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "houqin.toml")
	if err := os.WriteFile(name, []byte(fmt.Sprintf("[database]\ndata_dir = %q\n", dir)), 0o600); err != nil {
		t.Fatal(err)
	}
	return name
}

// embeddedURL starts (or reuses) the embedded cluster in dir for the rest
// of the test.
func embeddedURL(t *testing.T, dir string) string {
	t.Helper()
	c, err := pglocal.Start(t.Context(), pglocal.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := c.Stop(); err != nil {
			t.Error(err)
		}
	})
	return c.URL("houqin")
}

// fingerprint maps every table to its row count and a hash of all its
// rows, and every sequence to its position.
func fingerprint(t *testing.T, url string) map[string]string {
	t.Helper()
	db, err := sql.Open("postgres", url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx := context.Background()
	rows, err := db.QueryContext(ctx, `SELECT table_schema, table_name FROM information_schema.tables
		WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')`)
	if err != nil {
		t.Fatal(err)
	}
	var tables [][2]string
	for rows.Next() {
		var s, n string
		if err := rows.Scan(&s, &n); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, [2]string{s, n})
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	fp := map[string]string{}
	for _, tb := range tables {
		q := pq.QuoteIdentifier(tb[0]) + "." + pq.QuoteIdentifier(tb[1])
		var n int
		var sum string
		if err := db.QueryRowContext(ctx, `SELECT count(*), coalesce(md5(string_agg(r::text, E'\n' ORDER BY r::text)), '') FROM `+q+` r`).Scan(&n, &sum); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		fp[tb[0]+"."+tb[1]] = fmt.Sprintf("%d rows %s", n, sum)
	}
	seqs, err := db.QueryContext(ctx, `SELECT schemaname, sequencename, coalesce(last_value, 0) FROM pg_sequences`)
	if err != nil {
		t.Fatal(err)
	}
	defer seqs.Close()
	for seqs.Next() {
		var s, n string
		var v int64
		if err := seqs.Scan(&s, &n, &v); err != nil {
			t.Fatal(err)
		}
		fp["sequence "+s+"."+n] = fmt.Sprint(v)
	}
	return fp
}

func compareFingerprints(t *testing.T, got, want map[string]string) {
	t.Helper()
	for _, k := range slices.Sorted(maps.Keys(want)) {
		if got[k] != want[k] {
			t.Errorf("%s: restored %q, original %q", k, got[k], want[k])
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: in the restored database only", k)
		}
	}
	if t.Failed() {
		b, _ := json.Marshal(want)
		t.Logf("original: %s", b)
	}
}
