package main

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
)

// buildVersion is what `houqin version` reports, read from the build
// information the go command embeds in every binary: no -ldflags needed.
// A binary built from a git checkout (go build, go install) carries the
// revision; one built with -buildvcs=false, by `go run`, or in a test does
// not, and then says so.
type buildVersion struct {
	Module   string `json:"module"`
	Version  string `json:"version"`
	Revision string `json:"revision,omitempty"`
	Time     string `json:"time,omitempty"`
	Modified bool   `json:"modified"`
	Go       string `json:"go"`
	Platform string `json:"platform"`
}

// versionFrom turns build information into a buildVersion; bi may be nil
// (a binary without build information).
func versionFrom(bi *debug.BuildInfo) buildVersion {
	v := buildVersion{Module: "github.com/houqin/houqin", Version: "unknown", Go: runtime.Version(),
		Platform: runtime.GOOS + "/" + runtime.GOARCH}
	if bi == nil {
		return v
	}
	if bi.Main.Path != "" {
		v.Module = bi.Main.Path
	}
	if bi.Main.Version != "" {
		v.Version = bi.Main.Version
	}
	if bi.GoVersion != "" {
		v.Go = bi.GoVersion
	}
	var goos, goarch string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v.Revision = s.Value
		case "vcs.time":
			v.Time = s.Value
		case "vcs.modified":
			v.Modified = s.Value == "true"
		case "GOOS":
			goos = s.Value
		case "GOARCH":
			goarch = s.Value
		}
	}
	if goos != "" && goarch != "" {
		v.Platform = goos + "/" + goarch
	}
	return v
}

func (v buildVersion) text() string {
	rev := v.Revision
	switch {
	case rev == "":
		rev = "unknown (built without VCS information)"
	case v.Modified:
		rev += " (with uncommitted changes)"
	}
	t := v.Time
	if t == "" {
		t = "unknown"
	}
	return fmt.Sprintf("houqin %s\nmodule   %s\nrevision %s\ntime     %s\ngo       %s %s\n",
		v.Version, v.Module, rev, t, v.Go, v.Platform)
}

func cmdVersion(ctx context.Context, env *Env, args []string) error {
	fs, _ := newFlags(env, "version", "[--json]")
	asJSON := fs.Bool("json", false, "print one JSON object")
	if err := parse(fs, args); err != nil {
		return err
	}
	bi, _ := debug.ReadBuildInfo()
	v := versionFrom(bi)
	if *asJSON {
		return printJSON(env.Stdout, v)
	}
	_, err := fmt.Fprint(env.Stdout, v.text())
	return err
}
