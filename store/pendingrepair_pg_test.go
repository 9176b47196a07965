package store_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

// Inside DB.InTx a numbered repair is written by the transaction's next
// statement (store.pendingRepair): with the turn's last statement when
// nothing reads after it, one round trip fewer; before any other
// statement, which then sees it (a read, a row whose foreign key names it,
// a second repair of the turn). A write that fails fails the transaction
// with its own error and leaves nothing behind.
func TestNumberedRepairIsWrittenByTheNextStatement(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "待写学校")
	now := time.Date(2026, 11, 30, 9, 0, 0, 0, time.UTC)
	teacher, worker, other := s.Staff["李老师"].ID, s.Staff["王师傅"].ID, s.Staff["王老师"].ID
	newRepair := func(loc int64, what string) repair.Repair {
		return repair.Repair{SchoolID: s.ID, ReporterID: teacher, LocationID: loc, Trade: flows.TradeCarpentry,
			Item: "课桌", Description: what, Tier: repair.TierSmall, Status: repair.RepairAssigned, WorkerID: worker,
			RouteReason: "路由表", ReportedAt: now, DueAt: now.Add(8 * time.Hour)}
	}
	reported := repair.RepairEvent{At: now, ActorID: teacher, Kind: repair.EventReported, To: repair.RepairAssigned, Note: "路由表"}
	count := func(table string) int { return countRows(t, db, table) }

	// Filed last, before the turn's other deferred writes: once warm, two
	// round trips in all, the number (its own connection) and the last
	// statement with the repair, the notification and the COMMIT.
	rt := db.RoundTrips()
	var first repair.Repair
	var trips int64
	for range 2 { // the first prepares the statements on their connections
		before := rt.Load()
		if err := db.InTx(ctx, func(ftx flows.Tx) error {
			tx := ftx.(*store.Tx)
			first = newRepair(s.Locs["302"].ID, "第三排课桌腿断了")
			if err := tx.CreateNumbered(ctx, &first, now, reported); err != nil {
				return err
			}
			if first.ID == 0 || !strings.HasPrefix(first.Ref, "BX-20261130-") {
				t.Errorf("CreateNumbered gave id %d, ref %q", first.ID, first.Ref)
			}
			return tx.Enqueue(ctx, flows.Notification{SchoolID: s.ID, ToStaff: worker, Kind: "repair.assigned", Ref: first.Ref, Text: "【新维修任务】" + first.Ref}, now)
		}); err != nil {
			t.Fatal(err)
		}
		trips = rt.Load() - before
	}
	if trips != 2 {
		t.Errorf("a numbered repair with a notification took %d round trips, want 2", trips)
	}
	var events, versions int
	if err := db.SQL().Get(&events, `SELECT count(*) FROM repair_events WHERE repair_id = $1 AND kind = 'reported'`, first.ID); err != nil {
		t.Fatal(err)
	}
	if err := db.SQL().Get(&versions, `SELECT count(*) FROM repair_versions WHERE repair_id = $1`, first.ID); err != nil {
		t.Fatal(err)
	}
	if events != 1 || versions != 1 || count("outbox") != 2 {
		t.Errorf("after the turn: %d events and %d versions of the repair, %d notifications, want 1, 1 and 2", events, versions, count("outbox"))
	}

	// Read, followed and filed again in the same turn: each statement
	// after CreateNumbered sees the repair.
	var second, third repair.Repair
	if err := db.InTx(ctx, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		second = newRepair(s.Locs["303"].ID, "门锁坏了")
		if err := tx.CreateNumbered(ctx, &second, now, reported); err != nil {
			return err
		}
		open, err := tx.OpenRepairsAt(ctx, s.ID, s.Locs["303"].ID)
		if err != nil {
			return err
		}
		if len(open) != 1 || open[0].ID != second.ID || open[0].Ref != second.Ref {
			t.Errorf("OpenRepairsAt after CreateNumbered in the same turn: %+v, want the repair %d", open, second.ID)
		}
		if err := tx.AddFollower(ctx, second.ID, other, now, "我们班也是"); err != nil {
			return err
		}
		third = newRepair(s.Locs["303"].ID, "窗户关不上")
		if err := tx.CreateNumbered(ctx, &third, now, reported); err != nil {
			return err
		}
		fourth := newRepair(s.Locs["303"].ID, "讲台松了")
		return tx.CreateNumbered(ctx, &fourth, now, reported) // written by the flush
	}); err != nil {
		t.Fatal(err)
	}
	if n := count("repairs"); n != 5 {
		t.Errorf("%d repairs, want 5", n)
	}
	if n := count("repair_events"); n != 5 {
		t.Errorf("%d repair events, want 5 (one each)", n)
	}
	if n := count("repair_followers"); n != 1 {
		t.Errorf("%d followers, want 1", n)
	}
	if second.Ref == third.Ref || second.ID == third.ID {
		t.Errorf("two repairs of one turn share a number: %s/%d and %s/%d", second.Ref, second.ID, third.Ref, third.ID)
	}

	// A write that fails: before another statement, and as the last one.
	// Either way the transaction is rolled back with the write's error.
	for _, readAfter := range []bool{true, false} {
		err := db.InTx(ctx, func(ftx flows.Tx) error {
			tx := ftx.(*store.Tx)
			bad := newRepair(-1, "没有这个地点") // no such location: the foreign key refuses
			if err := tx.CreateNumbered(ctx, &bad, now, reported); err != nil {
				return err
			}
			if err := tx.Enqueue(ctx, flows.Notification{SchoolID: s.ID, ToStaff: worker, Kind: "repair.assigned", Text: "不该发出"}, now); err != nil {
				return err
			}
			if readAfter {
				_, err := tx.OpenRepairsAt(ctx, s.ID, s.Locs["302"].ID)
				return err
			}
			return nil
		})
		if !errors.Is(err, flows.ErrInvalid) || !strings.Contains(err.Error(), "repairs_location_id_fkey") {
			t.Errorf("read after: %v: a repair at no location: %v, want the insert's ErrInvalid", readAfter, err)
		}
		if n, o := count("repairs"), count("outbox"); n != 5 || o != 2 {
			t.Errorf("read after: %v: %d repairs and %d notifications after a failed turn, want 5 and 2", readAfter, n, o)
		}
	}
	// The connection is fine afterwards.
	if err := db.InTx(ctx, func(ftx flows.Tx) error {
		r := newRepair(s.Locs["302"].ID, "黑板掉了")
		return ftx.(*store.Tx).CreateNumbered(ctx, &r, now, reported)
	}); err != nil {
		t.Fatalf("a turn after the failed ones: %v", err)
	}
}
