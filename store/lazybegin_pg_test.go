package store_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

// On PostgreSQL, with BEGIN sent along with the first statement: a
// transaction is still one transaction (a rollback after its first write
// undoes it), a failing first statement fails it and leaves the
// connection usable, an empty one costs no round trip, and a write costs
// one round trip fewer than with BEGIN on its own.
func TestLazyBeginOnPostgres(t *testing.T) {
	db := storetest.Open(t)
	db.SQL().SetMaxOpenConns(1) // one connection: every case reuses it
	if _, err := db.SQL().Exec(`CREATE TABLE lazy_begin (n int PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	count := func() int { return countRows(t, db, "lazy_begin") }
	insert := func(tx flows.Tx, n int) error {
		_, err := tx.(*store.Tx).SQLForTest().ExecContext(ctx, `INSERT INTO lazy_begin (n) VALUES ($1)`, n)
		return err
	}
	errRollback := errors.New("roll back")
	if err := db.InTx(ctx, func(tx flows.Tx) error {
		if err := insert(tx, 1); err != nil {
			return err
		}
		return errRollback
	}); !errors.Is(err, errRollback) {
		t.Fatalf("InTx: %v", err)
	}
	if n := count(); n != 0 {
		t.Fatalf("%d rows after a rollback, want 0", n)
	}
	if err := db.InTx(ctx, func(tx flows.Tx) error {
		_, err := tx.(*store.Tx).SQLForTest().ExecContext(ctx, `INSERT INTO no_such_table VALUES ($1)`, 1)
		return err
	}); err == nil {
		t.Fatal("a failing first statement did not fail the transaction")
	}
	rt := db.RoundTrips()
	before := rt.Load()
	if err := db.InTx(ctx, func(tx flows.Tx) error { return insert(tx, 2) }); err != nil {
		t.Fatalf("the connection after a failed transaction: %v", err)
	}
	if got := rt.Load() - before; got != 2 {
		t.Errorf("one INSERT in a transaction took %d round trips, want 2 (statement with BEGIN, COMMIT)", got)
	}
	if n := count(); n != 1 {
		t.Fatalf("%d rows, want 1", n)
	}
	before = rt.Load()
	if err := db.InTx(ctx, func(flows.Tx) error { return nil }); err != nil {
		t.Fatal(err)
	}
	if got := rt.Load() - before; got != 0 {
		t.Errorf("an empty transaction took %d round trips, want 0", got)
	}
}

// A message's transaction runs generic plans from its claim on (see
// genericPlans); other transactions keep PostgreSQL's own choice.
func TestMessageTransactionsUseGenericPlans(t *testing.T) {
	db := storetest.Open(t)
	mode := func(tx flows.Tx) string {
		var m string
		if err := sqlx.GetContext(ctx, tx.(*store.Tx).SQLForTest(), &m, `SHOW plan_cache_mode`); err != nil {
			t.Fatal(err)
		}
		return m
	}
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	for i, expect := range []bool{true, false} {
		if err := db.InTx(ctx, func(tx flows.Tx) error {
			if expect {
				tx.(flows.Expecter).Expect(flows.ChannelConsole, "nobody")
			}
			if _, _, err := tx.(*store.Tx).ClaimInbound(ctx, flows.ChannelConsole, fmt.Sprintf("k%d", i), at); err != nil {
				return err
			}
			if got := mode(tx); got != "force_generic_plan" {
				t.Errorf("after the claim (expect %v): plan_cache_mode %s, want force_generic_plan", expect, got)
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.InTx(ctx, func(tx flows.Tx) error {
		if got := mode(tx); got != "auto" {
			t.Errorf("a transaction without a claim: plan_cache_mode %s, want auto", got)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

// On PostgreSQL, with COMMIT sent along with the turn's last statement (a
// turn's deferred writes, Tx.flush): a turn's writes are committed in the
// round trip of that statement; a last statement that fails (a session
// whose account does not exist, HQ002) commits nothing of the turn and
// reports flows.ErrNotFound; the connection is usable after both.
func TestCommitAheadOnPostgres(t *testing.T) {
	db := storetest.Open(t)
	db.SQL().SetMaxOpenConns(1)
	w := storetest.Seed(t, db, "提交学校")
	if _, err := db.SQL().Exec(`CREATE TABLE commit_ahead (n int PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	count := func() int { return countRows(t, db, "commit_ahead") }
	now := time.Now()
	rt := db.RoundTrips()
	for n := 1; n <= 2; n++ { // the first prepares the statements on the connection
		before := rt.Load()
		if err := db.InTx(ctx, func(tx flows.Tx) error {
			if _, err := tx.(*store.Tx).SQLForTest().ExecContext(ctx, `INSERT INTO commit_ahead (n) VALUES ($1)`, n); err != nil {
				return err
			}
			return tx.Enqueue(ctx, flows.Notification{SchoolID: w.School.ID, ToStaff: w.Staff["王师傅"].ID, Kind: "test.ahead", Text: "提交测试"}, now)
		}); err != nil {
			t.Fatal(err)
		}
		if got := rt.Load() - before; n == 2 && got != 2 {
			t.Errorf("an INSERT and a deferred notification took %d round trips, want 2 (INSERT with BEGIN, notification with COMMIT)", got)
		}
	}
	var queued int
	if err := db.SQL().Get(&queued, `SELECT count(*) FROM outbox WHERE kind = 'test.ahead'`); err != nil || queued != 2 || count() != 2 {
		t.Fatalf("after commit: %d notifications (%v), %d rows; want 2 and 2", queued, err, count())
	}
	err := db.InTx(ctx, func(tx flows.Tx) error {
		if _, err := tx.(*store.Tx).SQLForTest().ExecContext(ctx, `INSERT INTO commit_ahead (n) VALUES ($1)`, 3); err != nil {
			return err
		}
		if err := tx.Enqueue(ctx, flows.Notification{SchoolID: w.School.ID, ToStaff: w.Staff["王师傅"].ID, Kind: "test.ahead", Text: "不应提交"}, now); err != nil {
			return err
		}
		return tx.(*store.Tx).SaveSession(ctx, flows.Session{Channel: flows.ChannelConsole, ExternalID: "no-such-account", Flow: "repair", UpdatedAt: now})
	})
	if !errors.Is(err, flows.ErrNotFound) {
		t.Fatalf("a session without its account: %v, want ErrNotFound", err)
	}
	if err := db.SQL().Get(&queued, `SELECT count(*) FROM outbox WHERE kind = 'test.ahead'`); err != nil || queued != 2 || count() != 2 {
		t.Fatalf("after the failed last statement: %d notifications (%v), %d rows; want 2 and 2 (nothing of it committed)", queued, err, count())
	}
	if err := db.InTx(ctx, func(tx flows.Tx) error {
		_, err := tx.(*store.Tx).SQLForTest().ExecContext(ctx, `INSERT INTO commit_ahead (n) VALUES ($1)`, 4)
		return err
	}); err != nil || count() != 3 {
		t.Fatalf("the connection after: %v, %d rows, want 3", err, count())
	}
}

// Many turns at once on two connections, every third one's last statement
// failing: exactly the others are committed, every failure is ErrNotFound,
// and the connections stay in step with the server (a desynchronised one
// would answer a later transaction with an earlier one's results).
func TestCommitAheadConcurrentTurns(t *testing.T) {
	db := storetest.Open(t)
	db.SetPoolSize(2)
	w := storetest.Seed(t, db, "并发提交学校")
	if _, err := db.SQL().Exec(`CREATE TABLE commit_ahead_many (n int PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	const turns = 90
	now := time.Now()
	errs := make(chan error, turns)
	for i := range turns {
		go func() {
			errs <- db.InTx(ctx, func(tx flows.Tx) error {
				if _, err := tx.(*store.Tx).SQLForTest().ExecContext(ctx, `INSERT INTO commit_ahead_many (n) VALUES ($1)`, i); err != nil {
					return err
				}
				if err := tx.Enqueue(ctx, flows.Notification{SchoolID: w.School.ID, ToStaff: w.Staff["王师傅"].ID, Kind: "test.many", Ref: fmt.Sprint(i), Text: "并发"}, now); err != nil {
					return err
				}
				ext := w.Staff["李老师"].ID
				if i%3 == 0 {
					ext = -1 // no such account: the last statement fails
				}
				return tx.(*store.Tx).SaveSession(ctx, flows.Session{Channel: flows.ChannelConsole, ExternalID: fmt.Sprint(ext), Flow: "repair", UpdatedAt: now})
			})
		}()
	}
	failed := 0
	for range turns {
		if err := <-errs; err != nil {
			if !errors.Is(err, flows.ErrNotFound) {
				t.Fatalf("a turn failed with %v, want only ErrNotFound", err)
			}
			failed++
		}
	}
	var rows, queued int
	if err := db.SQL().Get(&rows, `SELECT count(*) FROM commit_ahead_many WHERE n % 3 <> 0`); err != nil {
		t.Fatal(err)
	}
	var wrong int
	if err := db.SQL().Get(&wrong, `SELECT count(*) FROM commit_ahead_many WHERE n % 3 = 0`); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().Get(&queued, `SELECT count(*) FROM outbox WHERE kind = 'test.many'`); err != nil {
		t.Fatal(err)
	}
	if failed != turns/3 || rows != turns-turns/3 || wrong != 0 || queued != rows {
		t.Fatalf("%d failed (want %d), %d rows committed (want %d), %d of the failed committed, %d notifications (want %d)",
			failed, turns/3, rows, turns-turns/3, wrong, queued, rows)
	}
}

// countRows is the number of rows in table.
func countRows(t *testing.T, db *store.DB, table string) int {
	t.Helper()
	var n int
	if err := db.SQL().Get(&n, `SELECT count(*) FROM `+table); err != nil {
		t.Fatal(err)
	}
	return n
}
