package main

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/pglocal"
)

// TestHealthzFollowsTheDatabase stops and restarts a private cluster under
// the /healthz handler of serve: 503 with a reason while the server is
// down, 200 on the first request once it is back, with the pool's dead
// connections replaced by itself.
func TestHealthzFollowsTheDatabase(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ctx := context.Background()
	start := func() *pglocal.Cluster {
		t.Helper()
		c, err := pglocal.Start(ctx, pglocal.Options{DataDir: dir, Ephemeral: true})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Stop() })
		return c
	}
	c := start()
	db, err := store.Open(ctx, c.URL("houqin"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var logs bytes.Buffer
	h := healthz(db.SQL(), 2*time.Second, slog.New(slog.NewTextHandler(&logs, nil)))
	get := func() (int, string) {
		t.Helper()
		rec := httptest.NewRecorder()
		h(rec, httptest.NewRequest("GET", "/healthz", nil))
		return rec.Code, rec.Body.String()
	}
	// Several connections in the pool, all of which the stop will kill.
	holdConns := func() {
		t.Helper()
		var wg sync.WaitGroup
		for range 3 {
			wg.Go(func() {
				if _, err := db.SQL().ExecContext(ctx, `SELECT pg_sleep(0.1)`); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	if code, body := get(); code != 200 || body != "ok\n" {
		t.Fatalf("healthz with the database up: %d %q, want 200 ok", code, body)
	}
	holdConns()

	// Down and back without a request in between: the pool holds only
	// dead connections when the first query, then the first probe, comes.
	restart := func() {
		t.Helper()
		if err := c.Stop(); err != nil {
			t.Fatal(err)
		}
		c = start()
	}
	restart()
	var one int
	if err := db.SQL().GetContext(ctx, &one, `SELECT 1`); err != nil || one != 1 {
		t.Errorf("first query through the pool after a restart: %d, %v", one, err)
	}
	holdConns()
	restart()
	if code, body := get(); code != 200 {
		t.Fatalf("healthz on the first request after a restart: %d %q, want 200", code, body)
	}
	holdConns()

	// Down: 503 and why, on every probe; back: 200.
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		code, body := get()
		if code != http.StatusServiceUnavailable || body != "database unavailable: no database server is listening\n" {
			t.Fatalf("healthz with the database down: %d %q, want 503 with the reason", code, body)
		}
	}
	c = start()
	if code, body := get(); code != 200 || body != "ok\n" {
		t.Fatalf("healthz after the database came back: %d %q, want 200 ok", code, body)
	}
	if n := strings.Count(logs.String(), "database unreachable"); n != 1 {
		t.Errorf("logged \"database unreachable\" %d times for one outage, want once:\n%s", n, logs.String())
	}
	if n := strings.Count(logs.String(), "database reachable again"); n != 1 {
		t.Errorf("logged \"database reachable again\" %d times, want once:\n%s", n, logs.String())
	}
}

// hangingDB is a database that never answers.
type hangingDB struct{}

func (hangingDB) PingContext(ctx context.Context) error {
	<-ctx.Done()
	return ctx.Err()
}

func TestHealthzTimesOut(t *testing.T) {
	t.Parallel()
	h := healthz(hangingDB{}, 50*time.Millisecond, slog.New(slog.DiscardHandler))
	rec := httptest.NewRecorder()
	began := time.Now()
	h(rec, httptest.NewRequest("GET", "/healthz", nil))
	if took := time.Since(began); took > 5*time.Second {
		t.Errorf("healthz took %s on a hanging database, want about the 50ms timeout", took)
	}
	if rec.Code != 503 || rec.Body.String() != "database unavailable: no answer within 50ms\n" {
		t.Errorf("healthz on a hanging database: %d %q, want 503 with the timeout", rec.Code, rec.Body.String())
	}
}
