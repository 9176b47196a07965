// Package store implements flows' storage interfaces on PostgreSQL with
// sqlx and lib/pq: hand-written SQL, embedded goose migrations, and driver
// errors translated once into flows errors.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/houqin/houqin/flows"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is houqin's PostgreSQL database. Every query method is a method of
// Tx; DB embeds a Tx on the connection pool, so the same method serves
// inside a transaction (DB.InTx) and outside one (one statement, autocommit).
type DB struct {
	db   *sqlx.DB
	rt   *RoundTrips
	dir  *dirCache
	refs *sqlx.DB                      // the repair numbers' own connections (refCounterSQL)
	gate atomic.Pointer[chan struct{}] // admits transactions in arrival order (inTx)
	*Tx
}

// claimCache remembers job keys known to be claimed for good (committed:
// job_claims rows are never deleted), so that a scheduler tick does not
// write to the database again for every duty it already claimed.
type claimCache struct {
	mu   sync.Mutex
	keys map[string]struct{}
}

// claimCacheMax bounds the cache; past it, it starts again empty (a
// forgotten key costs one INSERT that does nothing).
const claimCacheMax = 200000

func (c *claimCache) has(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	_, ok := c.keys[key]
	return ok
}

func (c *claimCache) add(keys ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.keys == nil || len(c.keys)+len(keys) > claimCacheMax {
		c.keys = map[string]struct{}{}
	}
	for _, k := range keys {
		c.keys[k] = struct{}{}
	}
}

var (
	_ flows.Store  = (*DB)(nil)
	_ flows.Outbox = (*DB)(nil)
)

// Open connects to the database at url and checks the connection.
func Open(ctx context.Context, url string) (*DB, error) {
	return OpenWith(ctx, url, Options{})
}

// Options are settings of Open that only benchmarks change.
type Options struct {
	// PlainStatements turns off the per-connection prepared statements:
	// every parameterised statement is parsed, planned and sent in two
	// round trips, as lib/pq does by itself. For before/after comparisons.
	PlainStatements bool
	// EagerBegin sends every BEGIN on a round trip of its own, as lib/pq
	// does by itself, instead of with the transaction's first statement
	// (lazyBeginConn). For before/after comparisons.
	EagerBegin bool
}

// OpenWith is Open with options.
func OpenWith(ctx context.Context, url string, o Options) (*DB, error) {
	rt := &RoundTrips{}
	conn, err := newConnector(url, rt, !o.PlainStatements, !o.EagerBegin)
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	db := sqlx.NewDb(sql.OpenDB(conn), "postgres")
	db.SetMaxOpenConns(PoolSize())
	db.SetMaxIdleConns(PoolSize())
	db.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(pctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect: %w", err)
	}
	refs := sqlx.NewDb(sql.OpenDB(conn), "postgres")
	refs.SetMaxOpenConns(refPoolSize)
	refs.SetMaxIdleConns(refPoolSize)
	refs.SetConnMaxIdleTime(5 * time.Minute)
	claims := &claimCache{}
	d := &DB{db: db, rt: rt, dir: newDirCache(), refs: refs, Tx: &Tx{q: db, claims: claims, refs: refs}}
	d.setGate(PoolSize())
	return d, nil
}

// PoolSize is how many connections to PostgreSQL the pool opens at most:
// four per core this process may use, at least 8 and at most 20. The
// server runs on the same machine (pglocal) or a small one beside it, and
// more backends than that only take turns on the same cores and queue on
// the same row locks. On 2 cores, houqin bench with 32 clients on the
// durable embedded cluster (two runs each): 823 and 805 messages per
// second with 8 connections against 839 and 742 with 20, and a p99 of 147
// and 149 ms against 198 and 247 ms. Transactions beyond it wait, in Go
// and in the order they came (inTx), for a connection; none holds one
// while it waits for another.
func PoolSize() int { return min(20, max(8, 4*runtime.GOMAXPROCS(0))) }

// RoundTrips counts the round trips to PostgreSQL on every connection of
// the pool, for benchmarks and tests.
func (d *DB) RoundTrips() *RoundTrips { return d.rt }

// Close closes the connection pools.
func (d *DB) Close() error { return errors.Join(d.db.Close(), d.refs.Close()) }

// SQL exposes the handle for tests and benchmarks of the store's callers.
func (d *DB) SQL() *sqlx.DB { return d.db }

func (d *DB) provider() (*goose.Provider, error) {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return nil, err
	}
	locker, err := lock.NewPostgresSessionLocker()
	if err != nil {
		return nil, err
	}
	// Out-of-order: features land from parallel branches, so an older
	// migration may arrive after a newer one was applied; each is
	// independent of the others' order beyond 00001 and 00002.
	return goose.NewProvider(goose.DialectPostgres, d.db.DB, sub,
		goose.WithSessionLocker(locker), goose.WithDisableGlobalRegistry(true), goose.WithAllowOutofOrder(true))
}

// Migrate applies every pending migration, each in its own transaction,
// holding a session advisory lock so concurrent instances take turns.
// It returns the versions applied.
func (d *DB) Migrate(ctx context.Context) ([]int64, error) {
	p, err := d.provider()
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: %w", err)
	}
	var applied []int64
	for _, r := range res {
		applied = append(applied, r.Source.Version)
	}
	return applied, nil
}

// Pending reports whether migrations remain to be applied.
func (d *DB) Pending(ctx context.Context) (bool, error) {
	p, err := d.provider()
	if err != nil {
		return false, fmt.Errorf("store: pending: %w", err)
	}
	ok, err := p.HasPending(ctx)
	if err != nil {
		return false, fmt.Errorf("store: pending: %w", err)
	}
	return ok, nil
}

// InTx runs fn in one transaction. It commits when fn returns nil and rolls
// back otherwise (and on panic, which it lets continue).
func (d *DB) InTx(ctx context.Context, fn func(flows.Tx) error) error {
	t := &Tx{dir: d.dir, turn: &turnState{}, claims: d.claims, refs: d.refs}
	err := d.inTx(ctx, func(tx *sqlx.Tx) error {
		t.q = turnQ{Tx: tx, t: t}
		err := fn(t)
		if err == nil {
			// The turn's deferred writes are its last statement, and
			// carry its COMMIT (lastStatement): inTx commits right after.
			err = t.flush(lastStatement(ctx))
		}
		if t.turn.pendingErr != nil {
			// The statements after a failed write only met the aborted
			// transaction: the write's error is what went wrong.
			return t.turn.pendingErr
		}
		return err
	})
	if err == nil && len(t.turn.claimed) > 0 {
		t.claims.add(t.turn.claimed...) // committed: claimed for good
	}
	return err
}

// turnQ is a transaction's handle inside DB.InTx: before each statement
// it writes the repair CreateNumbered left pending (Tx.writePending), so
// that every statement sees the transaction's writes in the order they
// were made. When that write fails, the statement still runs and fails
// on the aborted transaction, and DB.InTx reports the write's error.
type turnQ struct {
	*sqlx.Tx
	t *Tx
}

func (q turnQ) pending(ctx context.Context) {
	// The claim's hinted reads are current only until the transaction
	// sends anything else, which may write what they read.
	q.t.turn.hinted = nil
	if err := q.t.writePending(ctx); err != nil && q.t.turn.pendingErr == nil {
		q.t.turn.pendingErr = err
	}
}

func (q turnQ) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	q.pending(ctx)
	return q.Tx.ExecContext(ctx, query, args...)
}

func (q turnQ) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q.pending(ctx)
	return q.Tx.QueryContext(ctx, query, args...)
}

func (q turnQ) QueryxContext(ctx context.Context, query string, args ...any) (*sqlx.Rows, error) {
	q.pending(ctx)
	return q.Tx.QueryxContext(ctx, query, args...)
}

func (q turnQ) QueryRowxContext(ctx context.Context, query string, args ...any) *sqlx.Row {
	q.pending(ctx)
	return q.Tx.QueryRowxContext(ctx, query, args...)
}

// SetPoolSize changes how many connections the pool opens (and keeps) at
// most, and how many transactions run at once. For benchmarks, between
// runs.
func (d *DB) SetPoolSize(n int) {
	d.db.SetMaxOpenConns(n)
	d.db.SetMaxIdleConns(n)
	d.setGate(n)
}

func (d *DB) setGate(n int) {
	g := make(chan struct{}, n)
	d.gate.Store(&g)
}

// GetInOneStatement runs query, which returns one row into dest, as a
// transaction of its own whose BEGIN and COMMIT go with it: one round trip
// once the statement is prepared on the connection, as a message's last
// statement is. For the bench's floor handler, which measures houqin's rows
// without its flows.
func (d *DB) GetInOneStatement(ctx context.Context, dest any, query string, args ...any) error {
	return d.inTx(ctx, func(tx *sqlx.Tx) error {
		return mapErr(tx.GetContext(lastStatement(ctx), dest, query, args...))
	})
}

func (d *DB) inTx(ctx context.Context, fn func(*sqlx.Tx) error) error {
	// Transactions beyond the pool's connections wait here, in the order
	// they came: database/sql hands a released connection to a random
	// waiter, which under load gave some messages many turns of waiting
	// (the p99), while a channel's blocked senders are served first come,
	// first served.
	g := *d.gate.Load()
	select {
	case g <- struct{}{}:
	case <-ctx.Done():
		return fmt.Errorf("store: begin: %w", ctx.Err())
	}
	defer func() { <-g }()
	tx, err := d.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", mapErr(err))
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", mapErr(err))
	}
	return nil
}

// Tx runs houqin's queries on a handler: one transaction inside DB.InTx,
// or the connection pool as DB's embedded Tx. It implements flows.Tx and
// every capability's Store.
type Tx struct {
	q      sqlx.ExtContext
	dir    *dirCache   // the DB's directory cache; nil on the pool
	turn   *turnState  // inside DB.InTx only
	claims *claimCache // the DB's; nil in a Tx made for one internal statement
	refs   *sqlx.DB    // the DB's ref counter pool; nil in a Tx made for one internal statement
}

var (
	_ flows.EngineTx     = (*Tx)(nil)
	_ flows.Expecter     = (*Tx)(nil)
	_ flows.OutboxPruner = (*Tx)(nil)
)

// sqlState codes houqin raises itself from triggers.
const (
	stateIllegalTransition = "HQ001"
	stateNotFound          = "HQ002" // hq_not_found, migration 00035
)

// mapErr translates driver errors into flows errors, once, here.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return flows.ErrNotFound
	}
	var pe *pq.Error
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return fmt.Errorf("%w: %s", flows.ErrConflict, pe.Constraint)
		case "23514", "23503", "23502", "22P02":
			return fmt.Errorf("%w: %s", flows.ErrInvalid, pe.Message)
		case stateIllegalTransition:
			return fmt.Errorf("%w: %s", flows.ErrIllegalTransition, pe.Message)
		case stateNotFound:
			return fmt.Errorf("%w: %s", flows.ErrNotFound, pe.Message)
		}
	}
	return err
}

// textArray passes a list of string-kinded values (roles, trades, the
// statuses of a capability) as a text[] query parameter.
func textArray[S ~string](ss []S) pq.StringArray {
	out := make(pq.StringArray, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

// wrap prefixes a mapped error: store: what: err.
func wrap(what string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("store: %s: %w", what, mapErr(err))
}
