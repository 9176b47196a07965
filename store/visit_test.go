package store_test

import (
	"bytes"
	"errors"
	"slices"
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

// addVisit registers 张三 at s, waiting for 李老师, with the host's card
// in the outbox.
func addVisit(t *testing.T, db *store.DB, s storetest.School, vault *visit.IDVault, arrived time.Time) visit.Visit {
	t.Helper()
	v := createVisit(t, db, s, vault, visit.VisitWaiting, arrived)
	inTx(t, db, func(ftx flows.Tx) error {
		return ftx.Enqueue(ctx, flows.Notification{SchoolID: s.ID, ToStaff: v.HostID, Kind: visit.NoticeConfirm,
			Text: "【访客来访·请确认】张三 京A12345"}, arrived)
	})
	return v
}

// createVisit writes 张三's visit to s in the status given, as the store
// takes it (the transition trigger guards updates only).
func createVisit(t *testing.T, db *store.DB, s storetest.School, vault *visit.IDVault, status visit.VisitStatus, arrived time.Time) visit.Visit {
	t.Helper()
	sealed, err := vault.Seal(plainID)
	if err != nil {
		t.Fatal(err)
	}
	v := visit.Visit{SchoolID: s.ID, GuardID: s.Staff["老郑"].ID, Name: "张三", IDType: visit.IDResident,
		IDCipher: sealed, IDHash: vault.Hash(plainID), IDMasked: "110105********002X", Phone: "13800138000",
		Org: "学生家长", Purpose: "家长来访", PurposeNote: "接张小明看病", HostID: s.Staff["李老师"].ID,
		Plate: "京A12345", Party: 2, Status: status, ArrivedAt: arrived}
	inTx(t, db, func(ftx flows.Tx) error {
		return ftx.(*store.Tx).CreateVisit(ctx, &v, visit.VisitEvent{At: arrived, ActorID: v.GuardID, Kind: visit.EventRegistered})
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

// The state machine in Go (visit.VisitStatus.CanMove, which the flows'
// fake follows) and the trigger visit_transition agree on every pair.
func TestVisitTransitionsMatchTheTrigger(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	vault := mustVault(t)
	for _, from := range visit.VisitStatuses {
		for _, to := range visit.VisitStatuses {
			v := createVisit(t, db, s, vault, from, time.Now())
			v.Status = to
			err := db.InTx(ctx, func(ftx flows.Tx) error {
				return ftx.(*store.Tx).UpdateVisit(ctx, v, visit.VisitEvent{At: time.Now(), Kind: visit.EventLeft})
			})
			switch want := from.CanMove(to); {
			case want && err != nil:
				t.Errorf("%s → %s: %v, but CanMove allows it", from, to, err)
			case !want && !errors.Is(err, flows.ErrIllegalTransition):
				t.Errorf("%s → %s: got %v, want ErrIllegalTransition as CanMove says", from, to, err)
			}
		}
	}
}

// The gate's queries, with the filters and orders the flows' in-memory
// fake (flows/visit/fake_test.go) copies: statuses, schools, times, the
// purge, and ties broken by id.
func TestVisitQueries(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	other := storetest.Seed(t, db, "二中")
	vault := mustVault(t)
	at := func(h int) time.Time { return time.Date(2026, 11, 20, h, 0, 0, 0, time.UTC) }
	waiting := createVisit(t, db, s, vault, visit.VisitWaiting, at(9))
	admitted := createVisit(t, db, s, vault, visit.VisitAdmitted, at(8))
	tie := createVisit(t, db, s, vault, visit.VisitAdmitted, at(8))
	createVisit(t, db, s, vault, visit.VisitLeft, at(7))
	rejected := createVisit(t, db, s, vault, visit.VisitRejected, at(10))
	elsewhere := createVisit(t, db, other, vault, visit.VisitWaiting, at(6))
	admitted.InsideAtClose = true
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		if err := tx.UpdateVisit(ctx, admitted, visit.VisitEvent{At: at(18), Kind: visit.EventInsideAtClose}); err != nil {
			return err
		}
		for _, w := range []visit.WatchEntry{
			{SchoolID: s.ID, Kind: visit.WatchID, Hash: vault.Hash(plainID), Masked: "110105********002X", Note: "按证件"},
			{SchoolID: s.ID, Kind: visit.WatchPhone, Value: "13700000000", Masked: "137****0000", Note: "按手机"},
			{SchoolID: s.ID, Kind: visit.WatchName, Value: "冯刚", Masked: "冯刚", Note: "按姓名"},
			{SchoolID: other.ID, Kind: visit.WatchName, Value: "冯刚", Masked: "冯刚", Note: "别校"},
		} {
			w.AddedAt = at(1)
			if _, err := tx.AddWatch(ctx, w); err != nil {
				return err
			}
		}
		return nil
	})
	ids := func(vs []visit.Visit) []int64 {
		var out []int64
		for _, v := range vs {
			out = append(out, v.ID)
		}
		return out
	}
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		inside, err := tx.VisitsInside(ctx, s.ID)
		if want := []int64{admitted.ID, tie.ID, waiting.ID}; err != nil || !slices.Equal(ids(inside), want) {
			t.Errorf("inside = %v, %v; want %v (arrival, then id)", ids(inside), err, want)
		}
		if len(inside) > 0 && (inside[0].GuardName != "老郑" || inside[0].HostName != "李老师") {
			t.Errorf("names not joined: %+v", inside[0])
		}
		for _, tt := range []struct {
			before time.Time
			want   []int64
		}{{at(9), []int64{waiting.ID}}, {at(9).Add(-time.Second), nil}} {
			got, err := tx.VisitsAwaitingHost(ctx, s.ID, tt.before)
			if err != nil || !slices.Equal(ids(got), tt.want) {
				t.Errorf("awaiting host before %s = %v, %v; want %v", tt.before.Format("15:04:05"), ids(got), err, tt.want)
			}
		}
		closed, err := tx.VisitsInsideAtClose(ctx, s.ID, at(8), at(9))
		if err != nil || !slices.Equal(ids(closed), []int64{admitted.ID}) {
			t.Errorf("inside at close = %v, %v", ids(closed), err)
		}
		if closed, _ := tx.VisitsInsideAtClose(ctx, s.ID, at(8).Add(time.Second), at(12)); len(closed) != 0 {
			t.Errorf("inside at close outside the range: %v", ids(closed))
		}
		last, err := tx.LastVisitBy(ctx, s.ID, "", "13800138000")
		if err != nil || last.ID != rejected.ID { // the latest, whatever its status
			t.Errorf("last visit by phone = %d, %v", last.ID, err)
		}
		if _, err := tx.LastVisitBy(ctx, s.ID, "", ""); !errors.Is(err, flows.ErrNotFound) {
			t.Errorf("last visit by nothing: %v, want ErrNotFound", err)
		}
		if last, err := tx.LastVisitBy(ctx, other.ID, vault.Hash(plainID), ""); err != nil || last.ID != elsewhere.ID {
			t.Errorf("last visit at the other school = %d, %v", last.ID, err)
		}
		for _, tt := range []struct {
			hash, phone, name string
			want              []string
		}{
			{vault.Hash(plainID), "", "", []string{"按证件"}},
			{"", "13700000000", "", []string{"按手机"}},
			{"", "", "冯刚", []string{"按姓名"}},
			{vault.Hash(plainID), "13700000000", "冯刚", []string{"按证件", "按手机", "按姓名"}},
			{"", "", "", nil},
			{"", "冯刚", "13700000000", nil}, // each value matches its own kind only
		} {
			ms, err := tx.WatchMatches(ctx, s.ID, tt.hash, tt.phone, tt.name)
			var notes []string
			for _, m := range ms {
				notes = append(notes, m.Note)
			}
			if err != nil || !slices.Equal(notes, tt.want) {
				t.Errorf("watch matches (%.8s, %q, %q) = %v, %v; want %v", tt.hash, tt.phone, tt.name, notes, err, tt.want)
			}
		}
		return nil
	})
}
