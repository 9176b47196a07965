package store_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store/storetest"
)

// Migrations 00021's and 00033's partial indexes spell flows/visit's gate kinds and
// blanked text; the purge only stays flat while they agree.
func TestPurgeIndexesMatchVisitNames(t *testing.T) {
	db := storetest.Open(t)
	for _, name := range []string{"outbox_gate_live_idx", "outbox_gate_ref_idx", "outbox_fallback_live_idx", "outbox_gate_pending_idx"} {
		var def string
		if err := db.SQL().Get(&def, `SELECT indexdef FROM pg_indexes WHERE indexname = $1`, name); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if name != "outbox_fallback_live_idx" {
			for _, k := range visit.Notices {
				if !strings.Contains(def, "'"+k+"'") {
					t.Errorf("%s does not name the gate notice %s: %s", name, k, def)
				}
			}
			if n := strings.Count(def, "'visit."); n != len(visit.Notices) {
				t.Errorf("%s names %d gate kinds, visit.Notices has %d: %s", name, n, len(visit.Notices), def)
			}
		}
		if name != "outbox_gate_ref_idx" && name != "outbox_gate_pending_idx" && !strings.Contains(def, visit.PurgedNotice) {
			t.Errorf("%s does not spell visit.PurgedNotice: %s", name, def)
		}
	}
}

// PruneOutbox deletes settled rows past retention and nothing else: not
// a row still waiting, not a newer one, not an old one whose undelivered
// notice is kept.
func TestPruneOutbox(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	now := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	old, recent := now.Add(-flows.OutboxRetention-time.Hour), now.Add(-time.Hour)
	li := s.Staff["李老师"].ID
	insert := func(status string, at time.Time, fallbackOf int64) int64 {
		var id int64
		var of any
		if fallbackOf != 0 {
			of = fallbackOf
		}
		if err := db.SQL().Get(&id, `
			INSERT INTO outbox (school_id, to_staff, kind, body, status, next_at, created_at, fallback_of)
			VALUES ($1, $2, 'repair.update', '已修好', $3, $4, $4, $5) RETURNING id`, s.ID, li, status, at, of); err != nil {
			t.Fatal(err)
		}
		return id
	}
	gone := []int64{insert("sent", old, 0), insert("failed", old, 0)}
	pairOld := insert("failed", old, 0)
	gone = append(gone, pairOld, insert("sent", old, pairOld)) // both past retention: both go
	kept := []int64{insert("pending", old, 0), insert("sent", recent, 0)}
	withKeptNotice := insert("failed", old, 0)
	kept = append(kept, withKeptNotice, insert("pending", recent, withKeptNotice))

	n, err := db.PruneOutbox(ctx, now.Add(-flows.OutboxRetention))
	if err != nil {
		t.Fatal(err)
	}
	if n != len(gone) {
		t.Errorf("pruned %d rows, want %d", n, len(gone))
	}
	exists := func(id int64) bool {
		var c int
		if err := db.SQL().Get(&c, `SELECT count(*) FROM outbox WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		return c == 1
	}
	for _, id := range gone {
		if exists(id) {
			t.Errorf("row %d past retention was kept", id)
		}
	}
	for _, id := range kept {
		if !exists(id) {
			t.Errorf("row %d was pruned", id)
		}
	}
}

// A job key claimed for good is answered from memory, without a
// statement; a claim whose transaction rolled back is not remembered.
func TestClaimJobRemembersCommittedClaims(t *testing.T) {
	db := storetest.Open(t)
	at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	claim := func(key string, commit bool) bool {
		var ok bool
		err := db.InTx(ctx, func(tx flows.Tx) error {
			var err error
			if ok, err = tx.ClaimJob(ctx, key, at); err != nil {
				return err
			}
			if !commit {
				return errRolledBack
			}
			return nil
		})
		if err != nil && err != errRolledBack {
			t.Fatal(err)
		}
		return ok
	}
	if !claim("k1", false) {
		t.Fatal("first claim of k1 refused")
	}
	if !claim("k1", true) {
		t.Fatal("k1 claimed again after a rollback: refused, the duty would never run")
	}
	before := db.RoundTrips().Load()
	if claim("k1", true) {
		t.Fatal("k1 claimed twice")
	}
	// BEGIN and COMMIT only.
	if rt := db.RoundTrips().Load() - before; rt > 2 {
		t.Errorf("a remembered claim cost %d round trips, want 2 (BEGIN, COMMIT)", rt)
	}
	// Another instance's claim is learned from the database.
	if _, err := db.SQL().Exec(`INSERT INTO job_claims (key, claimed_at) VALUES ('k2', $1)`, at); err != nil {
		t.Fatal(err)
	}
	if claim("k2", true) {
		t.Fatal("k2, claimed elsewhere, was claimed again")
	}
}

var errRolledBack = errors.New("rolled back on purpose")

// The repair job's read and the duplicate check spell repair.OpenStatuses
// as literals so that the generic plan can use these partial indexes; the
// indexes must spell the same statuses, or the reads fall back to scanning
// every repair of the school's history.
func TestRepairIndexesSpellOpenStatuses(t *testing.T) {
	db := storetest.Open(t)
	for _, name := range []string{"repairs_open_place_idx", "repairs_unsettled_idx"} {
		var def string
		if err := db.SQL().Get(&def, `SELECT indexdef FROM pg_indexes WHERE indexname = $1`, name); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, st := range repair.OpenStatuses {
			if !strings.Contains(def, "'"+string(st)+"'") {
				t.Errorf("%s does not name the open status %s: %s", name, st, def)
			}
		}
		if n := strings.Count(def, "'::text"); n != len(repair.OpenStatuses) {
			t.Errorf("%s names %d statuses, repair.OpenStatuses has %d: %s", name, n, len(repair.OpenStatuses), def)
		}
	}
}
