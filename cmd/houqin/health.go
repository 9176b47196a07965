package main

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync/atomic"
	"syscall"
	"time"
)

// pinger is what /healthz needs of the database: *sql.DB (and so
// store.DB.SQL()) implements it.
type pinger interface {
	PingContext(ctx context.Context) error
}

// healthz answers GET /healthz: 200 "ok" when the database answers a ping
// within timeout, else 503 "database unavailable: REASON". The pool behind
// db reconnects by itself (lib/pq reports a dead connection as
// driver.ErrBadConn, and database/sql then discards it and, for queries,
// dials again), so the answer turns back to 200 on the first probe once the
// database is back. The full
// error is logged when the database becomes unreachable and again when it
// answers, not on every probe of a load balancer.
func healthz(db pinger, timeout time.Duration, log *slog.Logger) http.HandlerFunc {
	var down atomic.Bool
	return func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), timeout)
		defer cancel()
		err := db.PingContext(ctx)
		// database/sql retries getting a connection but not the ping on it:
		// each pooled connection the server dropped while it was down fails
		// one ping with driver.ErrBadConn and is discarded, so try the next.
		for errors.Is(err, driver.ErrBadConn) && ctx.Err() == nil {
			err = db.PingContext(ctx)
		}
		if err != nil {
			reason := unreachable(err, timeout)
			if !down.Swap(true) {
				log.Warn("database unreachable", "reason", reason, "err", err)
			}
			http.Error(w, "database unavailable: "+reason, http.StatusServiceUnavailable)
			return
		}
		if down.Swap(false) {
			log.Info("database reachable again")
		}
		fmt.Fprintln(w, "ok")
	}
}

// unreachable says in a few words why a ping failed, without the socket
// path, host or user that the driver's message may carry: /healthz is
// public.
func unreachable(err error, timeout time.Duration) string {
	var state interface{ SQLState() string }
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return fmt.Sprintf("no answer within %s", timeout)
	case errors.As(err, &state) && state.SQLState() == "57P03":
		return "the database server is starting up or shutting down"
	case errors.As(err, &state):
		return "the database server refused the connection (SQLSTATE " + state.SQLState() + ")"
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ENOENT):
		return "no database server is listening"
	}
	return "cannot reach the database server"
}
