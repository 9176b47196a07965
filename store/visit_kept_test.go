package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/pglocal/pgtest"
	"github.com/houqin/houqin/store/storetest"
)

// 留在门卫 (migration 00043): a visit the host kept at the gate is stored
// as kept, not rejected. The trigger lets it be admitted after all, lets
// the guard record the visitor going (left_at, status unchanged), and
// refuses everything else: a kept visit is neither turned into a refusal
// nor closed as left, and nothing comes back from left.
func TestVisitKeptAtGate(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	vault := mustVault(t)
	now := time.Now()
	update := func(v visit.Visit, kind visit.EventKind) error {
		return db.InTx(ctx, func(ftx flows.Tx) error {
			return ftx.(*store.Tx).UpdateVisit(ctx, v, visit.VisitEvent{At: now, ActorID: v.HostID, Kind: kind, Note: v.Decision})
		})
	}

	kept := createVisit(t, db, s, vault, visit.VisitWaiting, now.Add(-5*time.Minute))
	kept.Status, kept.DecidedAt, kept.DecidedBy = visit.VisitKept, now, kept.HostID
	kept.Decision = "被访人李老师请访客把东西留在门卫室，不用进校"
	if err := update(kept, visit.EventKept); err != nil {
		t.Fatalf("waiting → kept: %v", err)
	}
	got, err := db.VisitByID(ctx, kept.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Status != visit.VisitKept || got.Decision != kept.Decision {
		t.Errorf("kept visit reads back as %s %q", got.Status, got.Decision)
	}
	inTx(t, db, func(ftx flows.Tx) error {
		inside, err := ftx.(*store.Tx).VisitsInside(ctx, s.ID)
		if err != nil {
			return err
		}
		for _, v := range inside {
			if v.ID == kept.ID {
				t.Errorf("a kept visitor is listed as inside: %+v", v)
			}
		}
		return nil
	})

	// The guard records the kept visitor going: the status stays.
	went := kept
	went.LeftAt = now
	if err := update(went, visit.EventLeft); err != nil {
		t.Fatalf("kept visitor leaving: %v", err)
	}
	if got, _ := db.VisitByID(ctx, kept.ID); got.Status != visit.VisitKept || got.LeftAt.IsZero() {
		t.Errorf("after leaving: status %s, left at %v; want kept with a time", got.Status, got.LeftAt)
	}

	// The host changes their mind (算了 还是让他上来吧).
	back := createVisit(t, db, s, vault, visit.VisitKept, now)
	back.Status, back.Decision = visit.VisitAdmitted, "被访人李老师改为同意"
	if err := update(back, visit.EventReconsidered); err != nil {
		t.Errorf("kept → admitted: %v", err)
	}

	for _, c := range []struct{ from, to visit.VisitStatus }{
		{visit.VisitKept, visit.VisitRejected},
		{visit.VisitKept, visit.VisitLeft},
		{visit.VisitRejected, visit.VisitKept},
		{visit.VisitAdmitted, visit.VisitKept},
		{visit.VisitLeft, visit.VisitKept},
	} {
		v := createVisit(t, db, s, vault, c.from, now)
		v.Status = c.to
		if err := update(v, visit.EventKept); !errors.Is(err, flows.ErrIllegalTransition) {
			t.Errorf("%s → %s: got %v, want ErrIllegalTransition", c.from, c.to, err)
		}
	}
}

// The personal-data purge (个人信息保护法) applies to kept visits exactly
// as to any other: past retention, whatever became of the visitor.
func TestPurgeVisitsTakesKeptVisits(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	vault := mustVault(t)
	now := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	old := createVisit(t, db, s, vault, visit.VisitKept, now.Add(-181*24*time.Hour))
	oldLeft := createVisit(t, db, s, vault, visit.VisitKept, now.Add(-200*24*time.Hour))
	oldLeft.LeftAt = oldLeft.ArrivedAt.Add(5 * time.Minute)
	inTx(t, db, func(ftx flows.Tx) error {
		return ftx.(*store.Tx).UpdateVisit(ctx, oldLeft, visit.VisitEvent{At: oldLeft.LeftAt, Kind: visit.EventLeft})
	})
	recent := createVisit(t, db, s, vault, visit.VisitKept, now.Add(-179*24*time.Hour))
	var n int
	inTx(t, db, func(ftx flows.Tx) error {
		var err error
		n, err = ftx.(*store.Tx).PurgeVisits(ctx, s.ID, now.Add(-180*24*time.Hour), now)
		return err
	})
	if n != 2 {
		t.Errorf("purged %d visits, want the 2 kept ones past retention", n)
	}
	for _, v := range []visit.Visit{old, oldLeft} {
		got, err := db.VisitByID(ctx, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "张某" || got.Phone != "" || got.IDCipher != nil || got.IDHash != "" || got.PurgedAt.IsZero() ||
			got.Status != visit.VisitKept {
			t.Errorf("kept visit past retention: %+v", got)
		}
	}
	if got, _ := db.VisitByID(ctx, recent.ID); got.Name != "张三" || got.IDCipher == nil {
		t.Errorf("a kept visit inside retention was purged: %+v", got)
	}
}

// Migration 00043 sets the visits answered "leave it at the gate" before it
// (stored as rejected, with the decision houqin wrote for them) to kept,
// and leaves real refusals alone.
func TestMigrationKeepsOldLeaveAtGateVisits(t *testing.T) {
	db, err := store.Open(ctx, pgtest.NewDB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.MigrateTo(ctx, 42); err != nil {
		t.Fatal(err)
	}
	s := storetest.Seed(t, db, "一中")
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	add := func(decision string) int64 {
		t.Helper()
		var id int64
		if err := db.SQL().Get(&id, `
			INSERT INTO visits (school_id, guard_id, name, id_type, purpose, host_id, status, arrived_at,
				decided_at, decided_by, decision, updated_at)
			VALUES ($1, $2, '钱多多', 'resident', '送货', $3, 'rejected', $4, $4, $3, $5, $4) RETURNING id`,
			s.ID, s.Staff["老郑"].ID, s.Staff["李老师"].ID, at, decision); err != nil {
			t.Fatal(err)
		}
		return id
	}
	host := add("被访人李老师请访客把东西留在门卫室，不用进校")
	leader := add("总务主任陈主任请访客把东西留在门卫室，不用进校")
	refused := add("被访人李老师不同意")
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	for id, want := range map[int64]visit.VisitStatus{host: visit.VisitKept, leader: visit.VisitKept, refused: visit.VisitRejected} {
		got, err := db.VisitByID(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != want {
			t.Errorf("visit %q: status %s, want %s", got.Decision, got.Status, want)
		}
	}
	// The trigger is back: a kept visit is still no refusal.
	err = db.InTx(ctx, func(ftx flows.Tx) error {
		v, err := ftx.(*store.Tx).Visit(ctx, host)
		if err != nil {
			return err
		}
		v.Status = visit.VisitRejected
		return ftx.(*store.Tx).UpdateVisit(ctx, v, visit.VisitEvent{At: at, Kind: visit.EventRejected})
	})
	if !errors.Is(err, flows.ErrIllegalTransition) {
		t.Errorf("kept → rejected after the migration: %v, want ErrIllegalTransition", err)
	}
}

// Migration 00043's Down turns kept visits back into refusals, as they
// were stored before, and restores the trigger without kept.
func TestMigrationKeptAtGateDown(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	vault := mustVault(t)
	kept := createVisit(t, db, s, vault, visit.VisitKept, time.Now())
	if err := db.MigrateDownTo(ctx, 42); err != nil {
		t.Fatal(err)
	}
	if got, err := db.VisitByID(ctx, kept.ID); err != nil || got.Status != visit.VisitRejected {
		t.Errorf("after Down: %s, %v; want rejected", got.Status, err)
	}
	if _, err := db.SQL().Exec(`UPDATE visits SET status = 'kept' WHERE id = $1`, kept.ID); err == nil {
		t.Error("Down left kept allowed")
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
}
