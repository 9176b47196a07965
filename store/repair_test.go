package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/lib/pq"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/flows/repair/repairtest"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/pglocal/pgtest"
	"github.com/houqin/houqin/store/storetest"
)

// The flows answer kindly by checking repair.CanMove first; the trigger is
// the final word. They must agree on every pair of statuses: for A → B,
// a repair in A updated to B; for A → A, a repair in A given another
// worker and due time, which is what CanMove(A, A) allows. The statuses
// are the machine's and 'cancelled', which the schema accepts but no code
// writes: nothing moves to or from it.
func TestTransitionTableMatchesTrigger(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	due := storetest.DigestDay.Add(21 * time.Hour)
	all := append(slices.Clone(repair.Statuses), "cancelled")
	n := 0
	for _, from := range all {
		for _, to := range all {
			n++
			id := storetest.AddRepair(t, db, s, storetest.RepairSeed{Ref: fmt.Sprintf("BX-T-%03d", n), Loc: "302",
				Reporter: "李老师", Worker: "王师傅", Desc: "课桌坏了", Status: from, Reported: due.Add(-3 * time.Hour), Due: due})
			r, err := db.Repair(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			r.Status = to
			if from == to {
				r.WorkerID, r.DueAt = s.Staff["马师傅"].ID, due.Add(time.Hour)
			}
			err = db.UpdateRepair(ctx, r, repair.RepairEvent{At: due, Kind: repair.EventTransferred, From: from, To: to})
			refused := errors.Is(err, flows.ErrIllegalTransition)
			if err != nil && !refused {
				t.Fatalf("%s → %s: %v", from, to, err)
			}
			if allowed := repair.CanMove(from, to); refused == allowed {
				t.Errorf("%s → %s: CanMove says %v, the trigger %s", from, to, allowed, map[bool]string{true: "refuses", false: "allows"}[refused])
			}
		}
	}
}

// The store keeps the contract flows/repair relies on; the in-memory fake
// its transcripts run on keeps the same (flows/repair/contract_test.go).
func TestRepairStoreKeepsTheContract(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	repairtest.Contract(t, repairtest.World{
		Do: func(fn func(repair.Store) error) error {
			return db.InTx(ctx, func(tx flows.Tx) error { return fn(tx.(*store.Tx)) })
		},
		School:   s.ID,
		Staff:    func(name string) int64 { return s.Staff[name].ID },
		Location: func(key string) int64 { return s.Locs[key].ID },
	})
}

// A ref is taken like a sequence's number: one taken by a transaction
// that rolls back is skipped, not given out again.
func TestNextRepairRefSkipsAfterRollback(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	day := storetest.DigestDay
	var got []string
	for _, fail := range []bool{false, true, false} {
		var ref string
		inTxThen(t, db, fail, func(tx flows.Tx) (err error) {
			ref, err = tx.(repair.Store).NextRepairRef(ctx, s.ID, day)
			return err
		})
		got = append(got, ref)
	}
	if want := []string{"BX-20261120-001", "BX-20261120-002", "BX-20261120-003"}; !slices.Equal(got, want) {
		t.Errorf("refs = %v, want %v (the rolled-back 002 skipped)", got, want)
	}
}

// inTxThen runs fn in a transaction that then commits, or rolls back when
// rollback is set; any other failure fails the test.
func inTxThen(t *testing.T, db *store.DB, rollback bool, fn func(flows.Tx) error) {
	t.Helper()
	errRollback := errors.New("roll back")
	err := db.InTx(ctx, func(tx flows.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		if rollback {
			return errRollback
		}
		return nil
	})
	if err != nil && !(rollback && errors.Is(err, errRollback)) {
		t.Fatal(err)
	}
}

// CreateNumbered takes the day's next number as NextRepairRef does: a
// repair written in a transaction that rolls back leaves no row and no
// event, and its number is skipped; one that commits has its ref and its
// first event.
func TestCreateNumberedAfterRollback(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	day := storetest.DigestDay
	at := day.Add(9 * time.Hour)
	var refs []string
	for _, fail := range []bool{false, true, false} {
		r := numbered(s, at)
		inTxThen(t, db, fail, func(tx flows.Tx) error {
			return tx.(repair.Store).CreateNumbered(ctx, &r, day, reportedEvent(r))
		})
		refs = append(refs, r.Ref)
	}
	if want := []string{"BX-20261120-001", "BX-20261120-002", "BX-20261120-003"}; !slices.Equal(refs, want) {
		t.Errorf("refs = %v, want %v (the rolled-back 002 skipped)", refs, want)
	}
	var rows []struct {
		Ref    string `db:"ref"`
		Events int    `db:"events"`
	}
	if err := db.SQL().Select(&rows, `SELECT r.ref, (SELECT count(*) FROM repair_events e WHERE e.repair_id = r.id AND e.kind = 'reported') AS events
		FROM repairs r WHERE r.school_id = $1 ORDER BY r.id`, s.ID); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Ref != "BX-20261120-001" || rows[1].Ref != "BX-20261120-003" || rows[0].Events != 1 || rows[1].Events != 1 {
		t.Errorf("repairs = %+v, want 001 and 003, each with its reported event", rows)
	}
	// NextRepairRef goes on from the same counter.
	if err := db.InTx(ctx, func(tx flows.Tx) error {
		ref, err := tx.(repair.Store).NextRepairRef(ctx, s.ID, day)
		if err == nil && ref != "BX-20261120-004" {
			t.Errorf("NextRepairRef after CreateNumbered = %s, want BX-20261120-004", ref)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
}

// Two confirmations of one school on one day do not wait for each other:
// while the first one's transaction is still open after taking its
// number, the second takes the next number, files its repair and
// commits. (When the counter was taken inside the transaction, the second
// waited for the first one's commit.) Every connection of the pool may be
// in an open transaction meanwhile: the counter has connections of its own.
func TestCreateNumberedDoesNotWaitForOpenTransactions(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	db.SetPoolSize(2)
	day := storetest.DigestDay
	at := day.Add(9 * time.Hour)

	taken := make(chan string)
	release := make(chan struct{})
	firstDone := make(chan error, 1)
	go func() {
		firstDone <- db.InTx(ctx, func(tx flows.Tx) error {
			r := numbered(s, at)
			if err := tx.(repair.Store).CreateNumbered(ctx, &r, day, reportedEvent(r)); err != nil {
				close(taken)
				return err
			}
			taken <- r.Ref
			<-release
			return nil
		})
	}()
	first, ok := <-taken
	if !ok {
		t.Fatal(<-firstDone)
	}

	tctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	var second string
	err := db.InTx(tctx, func(tx flows.Tx) error {
		r := numbered(s, at)
		err := tx.(repair.Store).CreateNumbered(tctx, &r, day, reportedEvent(r))
		second = r.Ref
		return err
	})
	close(release)
	if err != nil {
		t.Fatalf("second confirmation while the first was open: %v", err)
	}
	if err := <-firstDone; err != nil {
		t.Fatal(err)
	}
	if first != "BX-20261120-001" || second != "BX-20261120-002" {
		t.Errorf("refs = %s, %s, want BX-20261120-001 and -002", first, second)
	}
	var n int
	if err := db.SQL().Get(&n, `SELECT count(*) FROM repairs WHERE school_id = $1`, s.ID); err != nil || n != 2 {
		t.Errorf("repairs = %d (%v), want 2", n, err)
	}
}

// numbered is a repair of 302's door for CreateNumbered, at at.
func numbered(s storetest.School, at time.Time) repair.Repair {
	return repair.Repair{SchoolID: s.ID, ReporterID: s.Staff["李老师"].ID, LocationID: s.Locs["302"].ID, Trade: flows.TradeCarpentry,
		Item: "门", Description: "门坏了", Status: repair.RepairAssigned, WorkerID: s.Staff["王师傅"].ID, RouteReason: "路由表",
		ReportedAt: at, DueAt: at.Add(8 * time.Hour)}
}

func reportedEvent(r repair.Repair) repair.RepairEvent {
	return repair.RepairEvent{At: r.ReportedAt, ActorID: r.ReporterID, Kind: repair.EventReported, To: repair.RepairAssigned, Note: "路由表"}
}

// Migration 00014 gives every existing repair the tier it had: large
// stays 大修 (and large reads true, now computed from the tier), the rest
// 小修; the ledger's 大修 count does not change.
func TestMigrationKeepsLargeRepairsLarge(t *testing.T) {
	db, err := store.Open(ctx, pgtest.NewDB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.MigrateTo(ctx, 12); err != nil {
		t.Fatal(err)
	}
	s := storetest.Seed(t, db, "一中")
	at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	for i, large := range []bool{true, false, true} {
		if _, err := db.SQL().Exec(`
			INSERT INTO repairs (school_id, ref, reporter_id, location_id, trade, description, large, status, worker_id,
				reported_at, due_at, updated_at)
			VALUES ($1, $2, $3, $4, 'carpentry', '门坏了', $5, 'assigned', $6, $7, $7, $7)`,
			s.ID, fmt.Sprintf("BX-20261120-%03d", i+1), s.Staff["李老师"].ID, s.Locs["302"].ID, large, s.Staff["王师傅"].ID, at); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		Tier  string `db:"tier"`
		Large bool   `db:"large"`
	}
	if err := db.SQL().Select(&rows, `SELECT tier, large FROM repairs ORDER BY ref`); err != nil {
		t.Fatal(err)
	}
	want := []struct {
		tier  string
		large bool
	}{{"large", true}, {"small", false}, {"large", true}}
	for i, r := range rows {
		if r.Tier != want[i].tier || r.Large != want[i].large {
			t.Errorf("repair %d after 00014: tier %s, large %v; want %s, %v", i+1, r.Tier, r.Large, want[i].tier, want[i].large)
		}
	}
	r, err := db.RepairByRef(ctx, s.ID, "BX-20261120-001")
	if err != nil || r.Tier != repair.TierLarge || r.Severity() != "大修" {
		t.Errorf("loaded after 00014: tier %q (%s), %v; want large (大修)", r.Tier, r.Severity(), err)
	}
	if _, err := db.SQL().Exec(`UPDATE repairs SET large = false`); err == nil {
		t.Error("large can still be written: it must follow the tier")
	}
}

// The repair queries of issue 13 read a school's open repairs by index,
// not the district's history: after a year of closed repairs in five
// schools (36,500), none of them scans the repairs table.
func TestRepairQueriesUseIndexes(t *testing.T) {
	db := storetest.Open(t)
	from := time.Date(2025, 11, 20, 0, 0, 0, 0, flows.LoadLocation("Asia/Shanghai"))
	schools := storetest.SeedDistrict(t, db, 5, from, 365, 20)
	s := schools[2]
	now := from.AddDate(1, 0, 0)
	var open pq.StringArray
	for _, st := range repair.OpenStatuses {
		open = append(open, string(st))
	}
	for name, q := range map[string]struct {
		sql  string
		args []any
	}{
		"OpenRepairsAt":           {store.OpenRepairsAtSQL, []any{s.ID, s.Locs["302"].ID}},
		"OpenFaultsAt":            {store.OpenFaultsAtSQL, []any{s.ID, s.Locs["302"].ID}},
		"RepairsAwaitingDecision": {store.AwaitingDecisionSQL, []any{s.ID, open, string(repair.RepairBlocked), now, 20}},
		"RepairsWaiting":          {store.RepairsWaitingSQL, []any{s.ID, now.Add(time.Hour), now.AddDate(0, 0, -3), open, string(repair.RepairDone)}},
		"RepairsReported":         {store.RepairsReportedSQL, []any{s.ID, now.AddDate(0, 0, -1), now}},
	} {
		plan, err := db.Explain(ctx, q.sql, q.args...)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if strings.Contains(plan, "Seq Scan on repairs") {
			t.Errorf("%s scans the repairs table:\n%s", name, plan)
		}
		t.Logf("%s:\n%s", name, plan)
	}
}

// 00036's partial indexes name the statuses RepairsOf asks for; a status
// added to repair.UnclosedStatuses without a migration would leave those
// repairs out of the index RepairsOf reads by.
func TestMineIndexesMatchStatuses(t *testing.T) {
	db := storetest.Open(t)
	defs := map[string]string{}
	rows, err := db.SQL().Query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'repairs' AND indexname IN ('repairs_reporter_open_idx', 'repairs_worker_open_idx', 'repairs_reporter_closed_idx', 'repairs_worker_closed_idx')`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			t.Fatal(err)
		}
		defs[name] = def
	}
	rows.Close()
	if len(defs) != 4 {
		t.Fatalf("indexes %v, want the four of 00036", defs)
	}
	count := func(def string) int { return strings.Count(def, "'::text") }
	for name, def := range defs {
		want := repair.UnclosedStatuses
		if strings.Contains(name, "closed") {
			want = nil
			for _, s := range []string{string(repair.RepairClosed), "cancelled"} {
				want = append(want, repair.RepairStatus(s))
			}
		}
		for _, s := range want {
			if !strings.Contains(def, "'"+string(s)+"'") {
				t.Errorf("%s: %s does not name %q", name, def, s)
			}
		}
		if count(def) != len(want) {
			t.Errorf("%s: %s names %d statuses, want %d", name, def, count(def), len(want))
		}
	}
}

// RepairsReported lists a school's repairs reported in the period asked,
// whatever their state (user test 26: 「今天报修的都怎么样了」), by id.
func TestRepairsReported(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	storetest.DigestRepairs(t, db, s)
	day := storetest.DigestDay
	var got []repair.Repair
	inTxThen(t, db, false, func(tx flows.Tx) (err error) {
		got, err = tx.(repair.ReportedReader).RepairsReported(ctx, s.ID, day, day.AddDate(0, 0, 1))
		return err
	})
	if len(got) == 0 {
		t.Fatal("RepairsReported(the digest day) = none")
	}
	states := map[repair.RepairStatus]bool{}
	for i, r := range got {
		if r.ReportedAt.Before(day) || !r.ReportedAt.Before(day.AddDate(0, 0, 1)) || r.SchoolID != s.ID || r.LocationName == "" {
			t.Errorf("RepairsReported: %s reported %v, school %d, place %q", r.Ref, r.ReportedAt, r.SchoolID, r.LocationName)
		}
		if i > 0 && got[i-1].ID >= r.ID {
			t.Errorf("RepairsReported not by id: %d before %d", got[i-1].ID, r.ID)
		}
		states[r.Status] = true
	}
	t.Logf("%d repairs reported on %s, states %v", len(got), day.Format(time.DateOnly), states)
}
