package main

import (
	"encoding/json"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

func TestVersionFromBuildInfo(t *testing.T) {
	bi := &debug.BuildInfo{
		GoVersion: "go1.27.3",
		Main:      debug.Module{Path: "github.com/houqin/houqin", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{
			{Key: "GOOS", Value: "linux"}, {Key: "GOARCH", Value: "arm64"},
			{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
			{Key: "vcs.time", Value: "2026-11-29T08:00:00Z"},
			{Key: "vcs.modified", Value: "true"},
		},
	}
	got := versionFrom(bi)
	want := buildVersion{Module: "github.com/houqin/houqin", Version: "v1.2.3",
		Revision: "0123456789abcdef0123456789abcdef01234567", Time: "2026-11-29T08:00:00Z", Modified: true,
		Go: "go1.27.3", Platform: "linux/arm64"}
	if got != want {
		t.Errorf("versionFrom = %+v, want %+v", got, want)
	}
	for _, s := range []string{"houqin v1.2.3", "0123456789abcdef0123456789abcdef01234567 (with uncommitted changes)", "2026-11-29T08:00:00Z", "go1.27.3 linux/arm64"} {
		if !strings.Contains(got.text(), s) {
			t.Errorf("text output lacks %q:\n%s", s, got.text())
		}
	}
	// Without VCS settings (go run, -buildvcs=false) it says so rather than inventing one.
	bare := versionFrom(&debug.BuildInfo{GoVersion: "go1.27.3", Main: debug.Module{Path: "github.com/houqin/houqin", Version: "(devel)"}})
	if bare.Revision != "" || !strings.Contains(bare.text(), "built without VCS information") {
		t.Errorf("bare build: %+v\n%s", bare, bare.text())
	}
	if v := versionFrom(nil); v.Version != "unknown" || v.Go == "" {
		t.Errorf("no build info: %+v", v)
	}
}

func TestVersionCommand(t *testing.T) {
	c := &cli{t: t, env: map[string]string{}}
	m := c.json("version")
	for _, k := range []string{"module", "version", "go", "platform", "modified"} {
		if _, ok := m[k]; !ok {
			t.Errorf("version --json lacks %q: %v", k, m)
		}
	}
	out, err := c.run("version")
	if err != nil || !strings.HasPrefix(out, "houqin ") || !strings.Contains(out, "\ngo       go") {
		t.Errorf("version: %v\n%s", err, out)
	}
	if _, err := c.run("version", "extra"); exitCode(err) != 2 {
		t.Errorf("version extra: %v, want a usage error", err)
	}
}

// TestVersionOfABuiltBinary builds houqin from this checkout the way a
// release is built and checks that the binary reports the checkout's commit.
func TestVersionOfABuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary; skipped with -short")
	}
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not in a git checkout (or no git): %v", err)
	}
	bin := filepath.Join(t.TempDir(), "houqin")
	// -buildvcs=true overrides a GOFLAGS=-buildvcs=false in the environment.
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "version", "--json").Output()
	if err != nil {
		t.Fatalf("houqin version --json: %v", err)
	}
	var v buildVersion
	if err := json.Unmarshal(out, &v); err != nil {
		t.Fatalf("houqin version --json printed %q: %v", out, err)
	}
	if want := strings.TrimSpace(string(head)); v.Revision != want {
		t.Errorf("revision = %q, want HEAD %q", v.Revision, want)
	}
	if v.Time == "" || v.Module != "github.com/houqin/houqin" || !strings.HasPrefix(v.Go, "go1.") {
		t.Errorf("version = %+v", v)
	}
}
