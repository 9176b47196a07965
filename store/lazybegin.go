package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"strings"
)

// lazyBeginConn saves every transaction the round trip of its BEGIN.
//
// lib/pq sends BEGIN as a simple query and waits for its answer before the
// transaction's first statement. lazyBeginConn, between lib/pq and the
// socket, answers that BEGIN itself (CommandComplete "BEGIN",
// ReadyForQuery "in a transaction") and sends it to the server only with
// the transaction's first statement, in the same write, as an
// extended-protocol Parse/Bind/Execute without a Sync of its own. The
// server then runs BEGIN and the statement in order, in one round trip;
// lazyBeginConn drops BEGIN's three answers (ParseComplete, BindComplete,
// CommandComplete) from what it reads, so lib/pq sees exactly the answers
// to the statement it sent.
//
// Atomicity is kept when BEGIN itself fails: after an error in an
// extended-protocol message the server discards every message up to the
// Sync, so the statement is not run, and its ErrorResponse and
// ReadyForQuery (idle) reach lib/pq as the statement's failure. A simple
// query sent first in a transaction (a statement without arguments) is
// not pipelined: BEGIN is sent and its answer checked first, so a failed
// BEGIN can never leave that query to run outside a transaction. A
// transaction that sends nothing before COMMIT or ROLLBACK sends nothing
// at all. Over TLS the bytes seen here are encrypted, nothing matches a
// BEGIN, and every transaction pays its round trip as before.
//
// It is used by one lib/pq connection at a time, like the socket under it.
//
// It also sends a transaction's COMMIT with its last statement
// (commitAhead, set by cachingConn for a statement whose context says it
// is the last: see lastStatement). The COMMIT goes as a simple query
// right after that statement's Sync, in the same write; the server runs
// it after the statement, or answers ROLLBACK when the statement failed,
// so nothing is committed that would not have been. lib/pq's own COMMIT
// (or the ROLLBACK sent when the statement failed) is then not sent
// again: lazyBeginConn drops it, and lib/pq reads the answer to the one
// that went ahead, which is the same answer. Anything else written in
// between is refused, which breaks the connection, so no statement can
// run after the COMMIT outside the transaction. One outcome differs from a
// COMMIT sent on its own: when the caller's context ends after the last
// statement and before Commit, database/sql rolls back, lib/pq reads the
// COMMIT's answer as the ROLLBACK's, and the caller sees an error for a
// transaction the server has committed, as when a connection breaks
// during a COMMIT. A message's dedup record answers the retry.
type lazyBeginConn struct {
	net.Conn
	commitAhead bool   // the next statement is the transaction's last: send COMMIT with it
	committed   bool   // COMMIT went with the last statement: lib/pq's COMMIT or ROLLBACK is not sent
	pending     []byte // BEGIN as Parse/Bind/Execute, not yet sent
	fake        []byte // answers lazyBeginConn gives lib/pq without the server
	swallow     []byte // the message types of BEGIN's answers still to drop
	in          []byte // bytes read from the server, not yet passed on
	out         []byte // bytes ready for lib/pq
	failed      bool   // the server refused the deferred BEGIN
	rb          []byte // read buffer
	wb          []byte // write buffer for a statement sent with its COMMIT
}

// commitQuery is COMMIT as a simple query, as lib/pq sends it.
var commitQuery = message(nil, msgQuery, []byte("COMMIT\x00"))

// hasExecute reports whether p, a run of complete messages, has an
// Execute: a statement run, not only prepared.
func hasExecute(p []byte) bool {
	for len(p) >= 5 {
		if p[0] == msgExecute {
			return true
		}
		n := int(binary.BigEndian.Uint32(p[1:5]))
		if n < 4 || len(p) < 1+n {
			return false
		}
		p = p[1+n:]
	}
	return false
}

// withCommit returns b followed by COMMIT when the statement in p is the
// transaction's last (commitAhead), and records that COMMIT was sent.
func (c *lazyBeginConn) withCommit(b, p []byte) []byte {
	if !c.commitAhead || !hasExecute(p) {
		return b
	}
	c.committed = true
	return append(b, commitQuery...)
}

// Protocol message types (PostgreSQL frontend/backend protocol 3.0).
const (
	msgQuery           = 'Q'
	msgParse           = 'P'
	msgBind            = 'B'
	msgExecute         = 'E'
	msgSync            = 'S'
	msgTerminate       = 'X'
	msgParseComplete   = '1'
	msgBindComplete    = '2'
	msgCommandComplete = 'C'
	msgReadyForQuery   = 'Z'
	msgErrorResponse   = 'E'
)

// message appends one protocol message of type typ with body to b.
func message(b []byte, typ byte, body ...[]byte) []byte {
	n := 4
	for _, x := range body {
		n += len(x)
	}
	b = append(b, typ)
	b = binary.BigEndian.AppendUint32(b, uint32(n))
	for _, x := range body {
		b = append(b, x...)
	}
	return b
}

// simpleQuery returns the query text of p when p is exactly one simple
// Query message.
func simpleQuery(p []byte) (string, bool) {
	if len(p) < 6 || p[0] != msgQuery || int(binary.BigEndian.Uint32(p[1:5])) != len(p)-1 || p[len(p)-1] != 0 {
		return "", false
	}
	return string(p[5 : len(p)-1]), true
}

// isBegin is a BEGIN as lib/pq writes it ("BEGIN", "BEGIN READ WRITE",
// "BEGIN ISOLATION LEVEL ... READ ONLY"), one statement.
func isBegin(q string) bool {
	return (q == "BEGIN" || strings.HasPrefix(q, "BEGIN ")) && !strings.ContainsAny(q, ";\x00")
}

// endsWithSync reports whether p is a run of complete extended-protocol
// messages that ends with a Sync.
func endsWithSync(p []byte) bool {
	var last byte
	for len(p) > 0 {
		if len(p) < 5 {
			return false
		}
		n := int(binary.BigEndian.Uint32(p[1:5]))
		if n < 4 || len(p) < 1+n {
			return false
		}
		switch p[0] {
		case msgParse, msgBind, msgExecute, 'D', 'C', 'H', msgSync:
		default:
			return false
		}
		last, p = p[0], p[1+n:]
	}
	return last == msgSync
}

func (c *lazyBeginConn) Write(p []byte) (int, error) {
	q, simple := simpleQuery(p)
	if c.committed {
		switch {
		case simple && (q == "COMMIT" || q == "ROLLBACK"):
			// Sent ahead with the last statement; its answer follows.
			c.committed = false
			return len(p), nil
		case len(p) > 0 && p[0] == msgTerminate:
			return c.Conn.Write(p)
		}
		return 0, errors.New("store: a statement after the transaction's last, whose COMMIT was sent with it")
	}
	if simple && isBegin(q) && c.pending == nil && len(c.fake) == 0 && len(c.swallow) == 0 {
		b := message(nil, msgParse, []byte{0}, []byte(q), []byte{0}, []byte{0, 0})
		b = message(b, msgBind, []byte{0, 0}, []byte{0, 0, 0, 0, 0, 0})
		c.pending = message(b, msgExecute, []byte{0}, []byte{0, 0, 0, 0})
		c.fake = message(message(nil, msgCommandComplete, []byte("BEGIN\x00")), msgReadyForQuery, []byte{'T'})
		return len(p), nil
	}
	if c.pending == nil {
		if c.commitAhead && endsWithSync(p) && hasExecute(p) {
			c.wb = c.withCommit(append(c.wb[:0], p...), p)
			if _, err := c.Conn.Write(c.wb); err != nil {
				return 0, err
			}
			return len(p), nil
		}
		return c.Conn.Write(p)
	}
	begin := c.pending
	c.pending = nil
	switch {
	case simple && (q == "COMMIT" || q == "ROLLBACK"):
		// Nothing was done: there is nothing to commit or roll back.
		c.fake = message(message(nil, msgCommandComplete, []byte(q+"\x00")), msgReadyForQuery, []byte{'I'})
		return len(p), nil
	case len(p) > 0 && p[0] == msgTerminate:
		return c.Conn.Write(p)
	case endsWithSync(p):
		if _, err := c.Conn.Write(c.withCommit(append(begin, p...), p)); err != nil {
			return 0, err
		}
		c.swallow = []byte{msgParseComplete, msgBindComplete, msgCommandComplete}
		return len(p), nil
	}
	// Anything else: BEGIN first, on its own, answered before p is sent.
	if _, err := c.Conn.Write(message(begin, msgSync)); err != nil {
		return 0, err
	}
	c.swallow = []byte{msgParseComplete, msgBindComplete, msgCommandComplete, msgReadyForQuery}
	c.failed = false
	for len(c.swallow) > 0 {
		if err := c.fill(); err != nil {
			return 0, err
		}
	}
	if c.failed {
		// lib/pq takes a failed write as a broken connection: the
		// transaction fails and the connection is not used again.
		return 0, errors.New("store: the server refused BEGIN")
	}
	return c.Conn.Write(p)
}

// fill reads from the server and moves what it read to c.out, dropping
// BEGIN's answers while c.swallow expects them. It returns an error for
// an answer BEGIN cannot have; an ErrorResponse instead of one ends the
// dropping, and from there on everything is passed on.
func (c *lazyBeginConn) fill() error {
	if c.rb == nil {
		c.rb = make([]byte, 4096)
	}
	n, err := c.Conn.Read(c.rb)
	c.in = append(c.in, c.rb[:n]...)
	for len(c.swallow) > 0 && len(c.in) >= 5 {
		size := int(binary.BigEndian.Uint32(c.in[1:5]))
		if size < 4 {
			return errors.New("store: malformed message from the server")
		}
		if len(c.in) < 1+size {
			break
		}
		msg := c.in[:1+size]
		switch t := msg[0]; {
		case t == c.swallow[0]:
			c.swallow = c.swallow[1:]
		case t == 'N' || t == 'S' || t == 'A': // notice, parameter status, notification
			c.out = append(c.out, msg...)
		case t == msgErrorResponse:
			c.swallow, c.failed = nil, true
			c.out = append(c.out, c.in...)
			c.in = c.in[:0]
			return nil
		default:
			return fmt.Errorf("store: unexpected answer %q to a deferred BEGIN", t)
		}
		c.in = c.in[1+size:]
	}
	if len(c.swallow) == 0 {
		c.out = append(c.out, c.in...)
		c.in = c.in[:0]
	}
	if n > 0 {
		return nil
	}
	return err
}

func (c *lazyBeginConn) Read(p []byte) (int, error) {
	if len(c.fake) > 0 {
		n := copy(p, c.fake)
		c.fake = c.fake[n:]
		return n, nil
	}
	if len(c.swallow) == 0 && len(c.out) == 0 {
		return c.Conn.Read(p)
	}
	for len(c.out) == 0 {
		if err := c.fill(); err != nil {
			return 0, err
		}
	}
	n := copy(p, c.out)
	c.out = c.out[n:]
	return n, nil
}
