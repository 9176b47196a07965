package pglocal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Running as root with a data directory under a directory the postgres
// user cannot pass through (a 0700 home, say): no permission outside the
// data directory changes; the cluster lives under the server base instead,
// linked from DataDir/pg, and a second Start finds it there.
func TestUnreachableDataDirChangesNoParent(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Log("not root: the cluster runs as this user and reachability is not a question; checking the non-root path")
	}
	home := t.TempDir()
	if err := os.Chmod(home, 0o700); err != nil {
		t.Fatal(err)
	}
	modes := map[string]os.FileMode{}
	for d := home; ; d = filepath.Dir(d) {
		fi, err := os.Stat(d)
		if err != nil {
			t.Fatal(err)
		}
		modes[d] = fi.Mode()
		if d == filepath.Dir(d) {
			break
		}
	}
	// The base's parent lets the postgres user through, as /var/lib does.
	base := filepath.Join(reachableTemp(t), "base")
	dir := filepath.Join(home, "houqin-data")
	c, err := Start(t.Context(), Options{DataDir: dir, Ephemeral: true, ServerBase: base})
	if err != nil {
		t.Fatal(err)
	}
	mustQuery(t, c.URL("houqin"), "SELECT 1")
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	for d, m := range modes {
		if fi, err := os.Stat(d); err != nil || fi.Mode() != m {
			t.Errorf("%s: mode %v, was %v (%v)", d, fi.Mode(), m, err)
		}
	}
	if os.Geteuid() == 0 {
		if c.cred == nil {
			t.Fatal("root without a server user")
		}
		if !strings.HasPrefix(c.root, base+"/") {
			t.Errorf("cluster in %s, want under the server base %s", c.root, base)
		}
		if target, err := os.Readlink(filepath.Join(dir, "pg")); err != nil || target != c.root {
			t.Errorf("%s/pg -> %q, %v; want a link to %s", dir, target, err, c.root)
		}
	} else if c.root != filepath.Join(dir, "pg") {
		t.Errorf("not root: cluster in %s, want %s/pg", c.root, dir)
	}
	// Every later process on the data directory finds the same cluster.
	c2 := mustStart(t, dir)
	if c2.root != c.root || c2.started == false {
		t.Errorf("second Start: root %s started %v; want %s, started again", c2.root, c2.started, c.root)
	}
	mustQuery(t, c2.URL("houqin"), "SELECT 1")
}

// reachableTemp is a temporary directory in /tmp that every user may pass
// through (0711), removed when the test ends.
func reachableTemp(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("/tmp", "houqin-reach-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if err := os.Chmod(dir, 0o711); err != nil {
		t.Fatal(err)
	}
	return dir
}
