package main

import (
	"runtime/debug"
	"strconv"
)

// serveGCPercent is the garbage collector's target that serve (and the
// bench, which measures serve's handler) runs with unless GOGC is set: the
// heap may grow to five times what is live between collections, where Go's
// default lets it double. A message allocates about 45 KB that dies with
// it (BenchmarkHandleFullReport: 88 KB for a report and its confirmation),
// and at 400 the process used about a sixth less CPU per message under
// load than at Go's default. Measured with `houqin bench
// --clients 32 --duration 10s --rounds 2`, GOGC=100 and GOGC=400 set by
// hand, alternating, two pairs (2026-11-30): houqin's own CPU per message
// 1.28, 1.06, 1.24, 1.10 ms against 0.92, 0.93, 0.99, 1.05 ms; the whole
// bench process's peak RSS 55.9 against 82.8 MB. An operator short of
// memory sets GOGC=100 (or GOMEMLIMIT) in the service's environment.
const serveGCPercent = 400

// setServeGC applies serveGCPercent unless getenv("GOGC") chose one, and
// reports whether it did.
func setServeGC(getenv func(string) string) bool {
	if getenv("GOGC") != "" {
		return false
	}
	debug.SetGCPercent(serveGCPercent)
	return true
}

// gcSetting is the collector's target as the bench prints it.
func gcSetting(getenv func(string) string) string {
	if v := getenv("GOGC"); v != "" {
		return v + " (GOGC)"
	}
	return strconv.Itoa(serveGCPercent)
}
