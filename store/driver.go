package store

import (
	"context"
	"database/sql/driver"
	"net"
	"sync/atomic"
	"time"

	"github.com/lib/pq"
)

// The connection plumbing under sqlx: lib/pq sends a parameterised
// statement as an unnamed Parse/Describe/Sync followed by Bind/Execute/Sync,
// two round trips and a fresh plan every time. cachingConnector keeps, per
// connection, the statements it has prepared (by their SQL text), so the
// second and later uses of a statement on a connection are one round trip
// (Bind/Execute/Sync) and run a cached plan. Statements without arguments
// (BEGIN, migrations' multi-statement scripts) keep lib/pq's simple query
// protocol. The dialer counts round trips, for benchmarks and tests.

// stmtCacheSize bounds the prepared statements kept per connection: houqin
// has a few hundred distinct statements; one built from variable text past
// the bound simply runs unprepared.
const stmtCacheSize = 512

// RoundTrips counts client→server exchanges on every connection of a DB: a
// write that follows a read (or is a connection's first) starts one.
type RoundTrips struct{ n atomic.Int64 }

// Load returns the round trips so far.
func (r *RoundTrips) Load() int64 { return r.n.Load() }

type countingDialer struct {
	d         net.Dialer
	rt        *RoundTrips
	lazyBegin bool // BEGIN goes with the transaction's first statement (lazyBeginConn)
}

func (c countingDialer) Dial(network, address string) (net.Conn, error) {
	return c.DialContext(context.Background(), network, address)
}

func (c countingDialer) DialTimeout(network, address string, timeout time.Duration) (net.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return c.DialContext(ctx, network, address)
}

func (c countingDialer) DialContext(ctx context.Context, network, address string) (net.Conn, error) {
	nc, err := c.d.DialContext(ctx, network, address)
	if err != nil {
		return nil, err
	}
	var conn net.Conn = &countingConn{Conn: nc, rt: c.rt, read: true}
	if c.lazyBegin {
		lc := &lazyBeginConn{Conn: conn}
		if slot, ok := ctx.Value(lazySlot{}).(**lazyBeginConn); ok {
			*slot = lc
		}
		conn = lc
	}
	return conn, nil
}

// lazySlot is the context key under which cachingConnector.Connect learns
// the lazyBeginConn its connection was dialled with.
type lazySlot struct{}

// lastStatementKey marks a context for a transaction's last statement.
type lastStatementKey struct{}

// lastStatement returns ctx marked for the last statement of a
// transaction: the connection sends the transaction's COMMIT with it (see
// lazyBeginConn), so the caller must commit (or roll back) right after,
// with nothing in between. DB.InTx uses it for the turn's one write
// (Tx.flush).
func lastStatement(ctx context.Context) context.Context {
	return context.WithValue(ctx, lastStatementKey{}, true)
}

func isLastStatement(ctx context.Context) bool {
	v, _ := ctx.Value(lastStatementKey{}).(bool)
	return v
}

// countingConn is used by one lib/pq connection at a time (its cancel
// requests dial a connection of their own).
type countingConn struct {
	net.Conn
	rt   *RoundTrips
	read bool // the last operation was a read
}

func (c *countingConn) Write(p []byte) (int, error) {
	if c.read {
		c.rt.n.Add(1)
		c.read = false
	}
	return c.Conn.Write(p)
}

func (c *countingConn) Read(p []byte) (int, error) {
	c.read = true
	return c.Conn.Read(p)
}

type cachingConnector struct {
	pq    *pq.Connector
	cache bool
}

func newConnector(url string, rt *RoundTrips, cache, lazyBegin bool) (*cachingConnector, error) {
	c, err := pq.NewConnector(url)
	if err != nil {
		return nil, err
	}
	c.Dialer(countingDialer{rt: rt, lazyBegin: lazyBegin})
	return &cachingConnector{pq: c, cache: cache}, nil
}

func (c *cachingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	var lazy *lazyBeginConn
	cn, err := c.pq.Connect(context.WithValue(ctx, lazySlot{}, &lazy))
	if err != nil || !c.cache {
		return cn, err
	}
	return &cachingConn{pqConn: cn.(pqConn), stmts: map[string]driver.Stmt{}, lazy: lazy}, nil
}

func (c *cachingConnector) Driver() driver.Driver { return c.pq.Driver() }

// pqConn is what lib/pq's connection implements and cachingConn passes on.
type pqConn interface {
	driver.Conn
	driver.ConnPrepareContext
	driver.ConnBeginTx
	driver.ExecerContext
	driver.QueryerContext
	driver.NamedValueChecker
	driver.Pinger
	driver.SessionResetter
	driver.Validator
}

type cachingConn struct {
	pqConn
	stmts map[string]driver.Stmt
	lazy  *lazyBeginConn // under lib/pq, when BEGIN is deferred; nil otherwise
}

// last tells the connection, for a statement run with a lastStatement
// context, to send COMMIT with it; the returned function ends that.
func (c *cachingConn) last(ctx context.Context) func() {
	if c.lazy == nil || !isLastStatement(ctx) {
		return func() {}
	}
	c.lazy.commitAhead = true
	return func() { c.lazy.commitAhead = false }
}

func (c *cachingConn) stmt(ctx context.Context, query string) (driver.Stmt, error) {
	if st, ok := c.stmts[query]; ok {
		return st, nil
	}
	st, err := c.pqConn.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = st
	return st, nil
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if len(args) == 0 || (len(c.stmts) >= stmtCacheSize && c.stmts[query] == nil) {
		defer c.last(ctx)()
		return c.pqConn.ExecContext(ctx, query, args)
	}
	st, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	defer c.last(ctx)()
	return st.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if len(args) == 0 || (len(c.stmts) >= stmtCacheSize && c.stmts[query] == nil) {
		defer c.last(ctx)()
		return c.pqConn.QueryContext(ctx, query, args)
	}
	st, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	defer c.last(ctx)()
	return st.(driver.StmtQueryContext).QueryContext(ctx, args)
}

// Close closes the connection; its prepared statements go with it.
func (c *cachingConn) Close() error {
	c.stmts = nil
	return c.pqConn.Close()
}
