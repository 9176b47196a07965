package store_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

const plainID = "11010519491231002X"

func mustVault(t *testing.T) *visit.IDVault {
	t.Helper()
	v, err := visit.NewIDVault(bytes.Repeat([]byte{3}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func addVisit(t *testing.T, db *store.DB, s storetest.School, vault *visit.IDVault, arrived time.Time) visit.Visit {
	t.Helper()
	sealed, err := vault.Seal(plainID)
	if err != nil {
		t.Fatal(err)
	}
	v := visit.Visit{SchoolID: s.ID, GuardID: s.Staff["老郑"].ID, Name: "张三", IDType: visit.IDResident,
		IDCipher: sealed, IDHash: vault.Hash(plainID), IDMasked: "110105********002X", Phone: "13800138000",
		Org: "学生家长", Purpose: "家长来访", PurposeNote: "接张小明看病", HostID: s.Staff["李老师"].ID,
		Plate: "京A12345", Party: 2, Status: visit.VisitWaiting, ArrivedAt: arrived}
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		if err := tx.CreateVisit(ctx, &v, visit.VisitEvent{At: arrived, ActorID: v.GuardID, Kind: "registered"}); err != nil {
			return err
		}
		return tx.Enqueue(ctx, flows.Notification{SchoolID: s.ID, ToStaff: v.HostID, Kind: "visit.confirm",
			Ref: "visit:1", Text: "【访客来访·请确认】张三 京A12345"}, arrived)
	})
	return v
}

// TestVisitorIDIsNeverStoredInPlain looks at every text-like column of
// every table: the plain ID number must be nowhere, not even as bytes.
func TestVisitorIDIsNeverStoredInPlain(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	vault := mustVault(t)
	v := addVisit(t, db, s, vault, time.Now())
	if _, err := db.AddWatch(ctx, visit.WatchEntry{SchoolID: s.ID, Kind: visit.WatchID, Hash: vault.Hash(plainID),
		Masked: "110105********002X", Note: "校闹", AddedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	var cols []struct {
		Table string `db:"table_name"`
		Col   string `db:"column_name"`
		Type  string `db:"data_type"`
	}
	if err := db.SQL().Select(&cols, `
		SELECT c.table_name, c.column_name, c.data_type
		FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
		WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
		  AND c.data_type IN ('text', 'character varying', 'bytea', 'jsonb', 'json', 'ARRAY')`); err != nil {
		t.Fatal(err)
	}
	checked := map[string]bool{}
	for _, c := range cols {
		expr := pq.QuoteIdentifier(c.Col) + "::text"
		arg := any(plainID)
		if c.Type == "bytea" {
			expr, arg = "position(convert_to($1, 'UTF8') in "+pq.QuoteIdentifier(c.Col)+")", plainID
		}
		q := `SELECT count(*) FROM ` + pq.QuoteIdentifier(c.Table) + ` WHERE strpos(` + expr + `, $1) > 0`
		if c.Type == "bytea" {
			q = `SELECT count(*) FROM ` + pq.QuoteIdentifier(c.Table) + ` WHERE ` + expr + ` > 0`
		}
		var n int
		if err := sqlx.Get(db.SQL(), &n, q, arg); err != nil {
			t.Fatalf("%s.%s: %v", c.Table, c.Col, err)
		}
		if n != 0 {
			t.Errorf("%s.%s holds the plain ID number in %d rows", c.Table, c.Col, n)
		}
		checked[c.Table+"."+c.Col] = true
	}
	for _, must := range []string{"visits.id_cipher", "visits.id_hash", "visits.id_masked", "visits.name", "watch_list.value", "watch_list.hash"} {
		if !checked[must] {
			t.Errorf("column %s was not checked", must)
		}
	}
	// The stored value does open to the number: it was stored, sealed.
	got, err := db.VisitByID(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if plain, err := vault.Open(got.IDCipher); err != nil || plain != plainID {
		t.Errorf("sealed ID opens to %q, %v", plain, err)
	}
}

func TestPurgeVisitsAfterRetentionIsIdempotent(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	vault := mustVault(t)
	now := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	old := addVisit(t, db, s, vault, now.Add(-181*24*time.Hour))
	recent := addVisit(t, db, s, vault, now.Add(-179*24*time.Hour))
	if _, err := db.SQL().Exec(`UPDATE outbox SET status = 'sent'`); err != nil {
		t.Fatal(err)
	}
	purge := func() int {
		var n int
		inTx(t, db, func(ftx flows.Tx) error {
			tx := ftx.(*store.Tx)
			var err error
			n, err = tx.PurgeVisits(ctx, s.ID, now.Add(-180*24*time.Hour), now)
			return err
		})
		return n
	}
	if n := purge(); n != 1 {
		t.Fatalf("purged %d, want 1", n)
	}
	got, err := db.VisitByID(ctx, old.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "张某" || got.Phone != "" || got.IDCipher != nil || got.IDHash != "" || got.PurposeNote != "" ||
		got.Plate != "京A*****" || got.PurgedAt.IsZero() {
		t.Errorf("purged visit keeps personal data: %+v", got)
	}
	if got.IDMasked != "110105********002X" || got.Purpose != "家长来访" || got.Party != 2 || got.HostID != old.HostID || !got.ArrivedAt.Equal(old.ArrivedAt) {
		t.Errorf("purge lost what the ledger needs: %+v", got)
	}
	if r, _ := db.VisitByID(ctx, recent.ID); r.Name != "张三" || r.IDCipher == nil || r.Phone == "" {
		t.Errorf("a visit inside the retention period was purged: %+v", r)
	}
	var bodies int
	if err := db.SQL().Get(&bodies, `SELECT count(*) FROM outbox WHERE strpos(body, '张三') > 0`); err != nil {
		t.Fatal(err)
	}
	if bodies != 1 {
		t.Errorf("%d notifications still name the visitor, want 1 (the recent one)", bodies)
	}
	before := got.PurgedAt
	if n := purge(); n != 0 {
		t.Errorf("second purge touched %d visits", n)
	}
	if again, _ := db.VisitByID(ctx, old.ID); !again.PurgedAt.Equal(before) || again.Name != "张某" {
		t.Errorf("second purge changed the visit: %+v", again)
	}
	// A purged visit is not offered for quick re-registration.
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		v, err := tx.LastVisitBy(ctx, s.ID, vault.Hash(plainID), "")
		if err != nil || v.ID != recent.ID {
			t.Errorf("last visit = %d, %v; want the recent one", v.ID, err)
		}
		return nil
	})
}

func TestVisitStatusMachineIsEnforced(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	v := addVisit(t, db, s, mustVault(t), time.Now())
	v.Status = visit.VisitLeft
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		return tx.UpdateVisit(ctx, v, visit.VisitEvent{At: time.Now(), Kind: "left"})
	})
	v.Status = visit.VisitAdmitted
	err := db.InTx(ctx, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		return tx.UpdateVisit(ctx, v, visit.VisitEvent{At: time.Now(), Kind: "approved"})
	})
	if !errors.Is(err, flows.ErrIllegalTransition) {
		t.Errorf("left → admitted: got %v, want ErrIllegalTransition", err)
	}
}
