package store

import (
	"bytes"
	"net"
	"strings"
	"testing"
)

// The last statement goes with COMMIT in one write, and lib/pq's own
// COMMIT is not sent again: its answer is the one already on its way.
func TestCommitAheadGoesWithTheLastStatement(t *testing.T) {
	c, srv := pipe(t)
	c.commitAhead = true
	stmt := bindExecSync()
	wait := writeAsync(t, c, stmt)
	if got, want := readN(t, srv, len(stmt)+len(query("COMMIT"))), append(append([]byte{}, stmt...), query("COMMIT")...); !bytes.Equal(got, want) {
		t.Fatalf("server got %q, want %q", got, want)
	}
	wait()
	c.commitAhead = false
	answers := append(append(message(nil, msgBindComplete), complete("INSERT 0 1")...), ready('T')...)
	commitAnswer := append(complete("COMMIT"), ready('I')...)
	serve(srv, append(append([]byte{}, answers...), commitAnswer...))
	if got := readN(t, c, len(answers)); !bytes.Equal(got, answers) {
		t.Fatalf("client read %q, want the statement's answers %q", got, answers)
	}
	// lib/pq commits: nothing reaches the server, and it reads the answer.
	if n, err := c.Write(query("COMMIT")); err != nil || n != len(query("COMMIT")) {
		t.Fatalf("COMMIT after commit ahead: %d, %v", n, err)
	}
	if got := readN(t, c, len(commitAnswer)); !bytes.Equal(got, commitAnswer) {
		t.Fatalf("client read %q, want %q", got, commitAnswer)
	}
	// The next transaction is the pipe's again: BEGIN is deferred as ever.
	mustWrite(t, c, query("BEGIN READ WRITE"))
	if got, want := readN(t, c, len(complete("BEGIN"))+len(ready('T'))), append(complete("BEGIN"), ready('T')...); !bytes.Equal(got, want) {
		t.Fatalf("BEGIN answered %q, want %q", got, want)
	}
}

// A transaction whose only statement is its last sends BEGIN, the
// statement and COMMIT in one write.
func TestCommitAheadWithTheDeferredBegin(t *testing.T) {
	c, srv := pipe(t)
	mustWrite(t, c, query("BEGIN READ WRITE"))
	readN(t, c, len(complete("BEGIN"))+len(ready('T')))
	c.commitAhead = true
	stmt := bindExecSync()
	wait := writeAsync(t, c, stmt)
	want := append(append(deferredBegin("BEGIN READ WRITE"), stmt...), query("COMMIT")...)
	if got := readN(t, srv, len(want)); !bytes.Equal(got, want) {
		t.Fatalf("server got %q, want %q", got, want)
	}
	wait()
	if !c.committed {
		t.Fatal("COMMIT sent but not recorded")
	}
}

// A failed last statement: the server answers the COMMIT behind it with
// ROLLBACK; lib/pq's ROLLBACK is not sent and reads that answer.
func TestCommitAheadAfterAFailedStatementRollsBack(t *testing.T) {
	c, srv := sentAhead(t)
	failed := append(errorResponse(), ready('E')...)
	rolledBack := append(complete("ROLLBACK"), ready('I')...)
	serve(srv, append(append([]byte{}, failed...), rolledBack...))
	if got := readN(t, c, len(failed)); !bytes.Equal(got, failed) {
		t.Fatalf("client read %q, want %q", got, failed)
	}
	if _, err := c.Write(query("ROLLBACK")); err != nil {
		t.Fatal(err)
	}
	if got := readN(t, c, len(rolledBack)); !bytes.Equal(got, rolledBack) {
		t.Fatalf("client read %q, want %q", got, rolledBack)
	}
}

// Nothing may follow the last statement but its COMMIT or ROLLBACK: a
// statement would run after the COMMIT, outside the transaction.
func TestCommitAheadRefusesAStatementAfterIt(t *testing.T) {
	c, _ := sentAhead(t)
	if _, err := c.Write(bindExecSync()); err == nil || !strings.Contains(err.Error(), "after the transaction's last") {
		t.Fatalf("a statement after the last: %v, want refused", err)
	}
}

// Preparing a statement (Parse/Describe/Sync, no Execute) is not its run:
// COMMIT waits for the Bind/Execute.
func TestCommitAheadNotWithAPrepare(t *testing.T) {
	c, srv := pipe(t)
	c.commitAhead = true
	prep := message(nil, msgParse, []byte("s1\x00SELECT 1\x00"), []byte{0, 0})
	prep = message(prep, 'D', []byte("Ss1\x00"))
	prep = message(prep, msgSync)
	wait := writeAsync(t, c, prep)
	if got := readN(t, srv, len(prep)); !bytes.Equal(got, prep) {
		t.Fatalf("server got %q, want the prepare alone", got)
	}
	wait()
	if c.committed {
		t.Fatal("COMMIT recorded with a prepare")
	}
}

func TestHasExecuteStopsAtAMalformedLength(t *testing.T) {
	p := append(message(nil, msgBind, []byte{0, 0}), 'E', 0, 0, 0, 99) // an Execute whose length runs past the end
	p = append([]byte{'B', 0, 0, 1, 0}, p...)                          // and a Bind claiming 256 bytes
	if hasExecute(p) {
		t.Fatal("hasExecute read past a length that runs off the end")
	}
	if !hasExecute(bindExecSync()) {
		t.Fatal("hasExecute missed the Execute of a Bind/Execute/Sync")
	}
}

// sentAhead is a lazyBeginConn that has sent a last statement with its
// COMMIT, which the test's server end has read.
func sentAhead(t *testing.T) (*lazyBeginConn, net.Conn) {
	t.Helper()
	c, srv := pipe(t)
	c.commitAhead = true
	stmt := bindExecSync()
	wait := writeAsync(t, c, stmt)
	readN(t, srv, len(stmt)+len(query("COMMIT")))
	wait()
	c.commitAhead = false
	return c, srv
}
