package main

import (
	"runtime/debug"
	"testing"
)

// serve's collector target applies only when the environment did not set
// one: GOGC in the service's environment wins.
func TestServeGCPercent(t *testing.T) {
	before := debug.SetGCPercent(100)
	defer debug.SetGCPercent(before)
	env := map[string]string{}
	getenv := func(k string) string { return env[k] }
	if !setServeGC(getenv) {
		t.Fatal("setServeGC without GOGC did not apply its target")
	}
	if got := debug.SetGCPercent(100); got != serveGCPercent {
		t.Errorf("GC percent %d without GOGC, want %d", got, serveGCPercent)
	}
	env["GOGC"] = "100"
	if setServeGC(getenv) {
		t.Error("setServeGC overrode GOGC from the environment")
	}
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GC percent %d with GOGC=100, want 100", got)
	}
}
