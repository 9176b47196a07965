package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// The embedded database's directory does not depend on the working
// directory: relative to the configuration file, or an absolute default.
func TestDataDirDefault(t *testing.T) {
	dir := t.TempDir()
	n := 0
	cfgFile := func(body string) string {
		n++
		p := filepath.Join(dir, fmt.Sprintf("houqin%d.toml", n))
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	// Run from elsewhere, as an admin command often is.
	t.Chdir(t.TempDir())
	home := "/home/zhang"
	noFileDefault := filepath.Join(home, ".local", "share", "houqin")
	if os.Geteuid() == 0 {
		noFileDefault = "/var/lib/houqin"
	}
	for _, c := range []struct {
		name, cfg string
		env       func(string) string
		want      string
	}{
		{"file without data_dir", cfgFile("[log]\nlevel = \"info\"\n"), env(), filepath.Join(dir, "houqin-data")},
		{"relative data_dir", cfgFile("[database]\ndata_dir = \"./db\"\n"), env(), filepath.Join(dir, "db")},
		{"absolute data_dir", cfgFile("[database]\ndata_dir = \"/srv/houqin\"\n"), env(), "/srv/houqin"},
		{"HOUQIN_DATA_DIR wins", cfgFile("[database]\ndata_dir = \"./db\"\n"), env("HOUQIN_DATA_DIR", "/data/hq"), "/data/hq"},
		{"no file", "", env("HOME", home), noFileDefault},
	} {
		cfg, err := LoadConfig(c.cfg, c.env)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if cfg.Database.DataDir != c.want {
			t.Errorf("%s: data_dir = %q, want %q", c.name, cfg.Database.DataDir, c.want)
		}
	}
	if os.Geteuid() != 0 {
		if cfg, _ := LoadConfig("", env("HOME", home, "XDG_DATA_HOME", "/xdg")); cfg.Database.DataDir != "/xdg/houqin" {
			t.Errorf("XDG_DATA_HOME: data_dir = %q", cfg.Database.DataDir)
		}
		if _, err := LoadConfig("", env()); err == nil {
			t.Error("no home and no data_dir: want a config error")
		}
	}
}
