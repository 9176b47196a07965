package store

import (
	"bytes"
	"io"
	"net"
	"testing"
	"time"
)

// pipe is a lazyBeginConn on one end of an in-memory connection; the test
// plays the server on the other.
func pipe(t *testing.T) (*lazyBeginConn, net.Conn) {
	t.Helper()
	client, server := net.Pipe()
	t.Cleanup(func() { client.Close(); server.Close() })
	deadline := time.Now().Add(5 * time.Second)
	client.SetDeadline(deadline)
	server.SetDeadline(deadline)
	return &lazyBeginConn{Conn: client}, server
}

func query(q string) []byte { return message(nil, msgQuery, []byte(q+"\x00")) }

// bindExecSync is what lib/pq writes for a prepared statement.
func bindExecSync() []byte {
	b := message(nil, msgBind, []byte{0}, []byte("7\x00"), []byte{0, 0, 0, 0, 0, 0})
	b = message(b, msgExecute, []byte{0}, []byte{0, 0, 0, 0})
	return message(b, msgSync)
}

func complete(tag string) []byte { return message(nil, msgCommandComplete, []byte(tag+"\x00")) }
func ready(status byte) []byte   { return message(nil, msgReadyForQuery, []byte{status}) }
func errorResponse() []byte {
	return message(nil, msgErrorResponse, []byte("SERROR\x00C25001\x00Mcannot begin\x00\x00"))
}

// deferredBegin is the BEGIN lazyBeginConn sends with the first statement.
func deferredBegin(q string) []byte {
	b := message(nil, msgParse, []byte{0}, []byte(q), []byte{0}, []byte{0, 0})
	b = message(b, msgBind, []byte{0, 0}, []byte{0, 0, 0, 0, 0, 0})
	return message(b, msgExecute, []byte{0}, []byte{0, 0, 0, 0})
}

func readN(t *testing.T, c net.Conn, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	if _, err := io.ReadFull(c, b); err != nil {
		t.Fatalf("reading %d bytes: %v", n, err)
	}
	return b
}

func mustWrite(t *testing.T, c net.Conn, b []byte) {
	t.Helper()
	if _, err := c.Write(b); err != nil {
		t.Fatal(err)
	}
}

// writeAsync writes b from another goroutine (the pipe blocks until the
// server reads) and returns a wait for it: lib/pq writes and then reads on
// one goroutine, so the test waits before reading.
func writeAsync(t *testing.T, c net.Conn, b []byte) func() {
	done := make(chan error, 1)
	go func() { _, err := c.Write(b); done <- err }()
	return func() {
		t.Helper()
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
}

// serve writes b to the client one byte at a time, so that every message
// the client reads arrives split.
func serve(c net.Conn, b []byte) {
	go func() {
		for i := range b {
			if _, err := c.Write(b[i : i+1]); err != nil {
				return
			}
		}
	}()
}

func TestLazyBeginGoesWithTheFirstStatement(t *testing.T) {
	c, srv := pipe(t)
	mustWrite(t, c, query("BEGIN READ WRITE"))
	if got, want := readN(t, c, len(complete("BEGIN"))+len(ready('T'))), append(complete("BEGIN"), ready('T')...); !bytes.Equal(got, want) {
		t.Fatalf("BEGIN answered %q, want %q", got, want)
	}
	stmt := bindExecSync()
	wait := writeAsync(t, c, stmt)
	if got, want := readN(t, srv, len(deferredBegin("BEGIN READ WRITE"))+len(stmt)), append(deferredBegin("BEGIN READ WRITE"), stmt...); !bytes.Equal(got, want) {
		t.Fatalf("server got %q, want %q", got, want)
	}
	wait()
	answer := append(complete("INSERT 0 1"), ready('T')...)
	var all []byte
	all = message(all, msgParseComplete)
	all = message(all, msgBindComplete)
	all = append(all, complete("BEGIN")...)
	all = message(all, msgBindComplete)
	all = append(all, answer...)
	serve(srv, all)
	want := append(message(nil, msgBindComplete), answer...)
	if got := readN(t, c, len(want)); !bytes.Equal(got, want) {
		t.Fatalf("client read %q, want %q (the statement's answers only)", got, want)
	}
}

func TestLazyBeginRefusedRunsNothing(t *testing.T) {
	c, srv := pipe(t)
	mustWrite(t, c, query("BEGIN READ WRITE"))
	readN(t, c, len(complete("BEGIN"))+len(ready('T')))
	stmt := bindExecSync()
	wait := writeAsync(t, c, stmt)
	readN(t, srv, len(deferredBegin("BEGIN READ WRITE"))+len(stmt))
	wait()
	// The server refuses BEGIN and skips to the Sync: the statement is
	// not run, and lib/pq reads the error as the statement's.
	refused := append(errorResponse(), ready('I')...)
	serve(srv, refused)
	if got := readN(t, c, len(refused)); !bytes.Equal(got, refused) {
		t.Fatalf("client read %q, want %q", got, refused)
	}
}

func TestLazyBeginEmptyTransactionSendsNothing(t *testing.T) {
	c, srv := pipe(t)
	for _, end := range []string{"COMMIT", "ROLLBACK"} {
		mustWrite(t, c, query("BEGIN READ WRITE"))
		readN(t, c, len(complete("BEGIN"))+len(ready('T')))
		mustWrite(t, c, query(end))
		want := append(complete(end), ready('I')...)
		if got := readN(t, c, len(want)); !bytes.Equal(got, want) {
			t.Fatalf("%s answered %q, want %q", end, got, want)
		}
	}
	// The server saw nothing: the next thing it reads is a Terminate.
	wait := writeAsync(t, c, message(nil, msgTerminate))
	if got := readN(t, srv, 5); got[0] != msgTerminate {
		t.Fatalf("server read %q first, want the Terminate", got)
	}
	wait()
}

func TestLazyBeginBeforeASimpleQueryIsAnsweredFirst(t *testing.T) {
	c, srv := pipe(t)
	mustWrite(t, c, query("BEGIN"))
	readN(t, c, len(complete("BEGIN"))+len(ready('T')))
	done := make(chan error, 1)
	go func() { _, err := c.Write(query("SELECT 1")); done <- err }()
	if got, want := readN(t, srv, len(deferredBegin("BEGIN"))+5), message(deferredBegin("BEGIN"), msgSync); !bytes.Equal(got, want) {
		t.Fatalf("server got %q, want BEGIN with a Sync of its own", got)
	}
	var ok []byte
	ok = message(ok, msgParseComplete)
	ok = message(ok, msgBindComplete)
	ok = append(ok, complete("BEGIN")...)
	ok = append(ok, ready('T')...)
	serve(srv, ok)
	if got := readN(t, srv, len(query("SELECT 1"))); !bytes.Equal(got, query("SELECT 1")) {
		t.Fatalf("server got %q after BEGIN, want the query", got)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

func TestLazyBeginRefusedBeforeASimpleQuerySendsItNot(t *testing.T) {
	c, srv := pipe(t)
	mustWrite(t, c, query("BEGIN"))
	readN(t, c, len(complete("BEGIN"))+len(ready('T')))
	done := make(chan error, 1)
	go func() { _, err := c.Write(query("DELETE FROM t")); done <- err }()
	readN(t, srv, len(deferredBegin("BEGIN"))+5)
	serve(srv, append(errorResponse(), ready('I')...))
	if err := <-done; err == nil {
		t.Fatal("the query was written after BEGIN was refused")
	}
	srv.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	if n, _ := srv.Read(make([]byte, 1)); n != 0 {
		t.Fatal("the server received the query after refusing BEGIN")
	}
}

func TestLazyBeginLeavesOtherTrafficAlone(t *testing.T) {
	c, srv := pipe(t)
	for _, b := range [][]byte{query("SELECT 1"), query("BEGIN; DROP TABLE t"), bindExecSync()} {
		wait := writeAsync(t, c, b)
		if got := readN(t, srv, len(b)); !bytes.Equal(got, b) {
			t.Fatalf("server got %q, want %q as written", got, b)
		}
		wait()
	}
}
