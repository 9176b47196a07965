package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestPprofOnlyOnLoopback(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:6060": true, "[::1]:6060": true, "localhost:6060": true,
		"0.0.0.0:6060": false, ":6060": false, "192.168.1.5:6060": false, "127.0.0.1": false,
	} {
		cfg := DefaultConfig()
		cfg.Debug.Pprof = addr
		err := cfg.Validate()
		if got := err == nil || !strings.Contains(err.Error(), "debug.pprof"); got != ok {
			t.Errorf("[debug] pprof = %q: valid %v, want %v (%v)", addr, got, ok, err)
		}
	}
}

func TestPprofServesProfiles(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	loops, err := pprofLoops(DebugConfig{Pprof: addr}, slog.New(slog.DiscardHandler))
	if err != nil || len(loops) != 1 {
		t.Fatalf("pprofLoops: %d loops, %v", len(loops), err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- loops[0](ctx) }()
	resp, err := http.Get("http://" + addr + "/debug/pprof/goroutine?debug=1")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "goroutine profile") {
		t.Errorf("GET goroutine profile: %d %.100q", resp.StatusCode, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("pprof loop: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("pprof loop did not stop")
	}
	if none, err := pprofLoops(DebugConfig{}, slog.New(slog.DiscardHandler)); err != nil || len(none) != 0 {
		t.Errorf("pprof off: %d loops, %v", len(none), err)
	}
}
