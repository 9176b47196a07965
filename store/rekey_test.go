package store_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

// addSealedWatch puts plainID on s's watch list as `houqin watch add`
// does: the hash, and the number sealed for the entry.
func addSealedWatch(t *testing.T, db *store.DB, s storetest.School, vault *visit.IDVault, number, note string) visit.WatchEntry {
	t.Helper()
	var w visit.WatchEntry
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		var err error
		w, err = tx.AddWatch(ctx, visit.WatchEntry{SchoolID: s.ID, Kind: visit.WatchID, Hash: vault.Hash(s.ID, number),
			Masked: "masked " + note, Note: note, AddedAt: time.Now()})
		if err != nil {
			return err
		}
		sealed, err := vault.Seal(number, visit.WatchRow(s.ID, w.ID))
		if err != nil {
			return err
		}
		return tx.SetWatchSealed(ctx, w.ID, sealed)
	})
	return w
}

// TestRekeyIDs rotates the ID key over visits of two schools, a purged
// visit and watch-list entries with and without the sealed number, and
// checks what opens and matches under which key afterwards.
func TestRekeyIDs(t *testing.T) {
	db := storetest.Open(t)
	a, b := storetest.Seed(t, db, "一中"), storetest.Seed(t, db, "二中")
	oldV := mustVault(t)
	newV, err := visit.NewIDVault(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	va := createVisit(t, db, a, oldV, visit.VisitAdmitted, now.Add(-time.Hour))
	vb := createVisit(t, db, b, oldV, visit.VisitWaiting, now)
	purged := createVisit(t, db, a, oldV, visit.VisitLeft, now.Add(-200*24*time.Hour))
	inTx(t, db, func(ftx flows.Tx) error {
		_, err := ftx.(*store.Tx).PurgeVisits(ctx, a.ID, now.Add(-180*24*time.Hour), now)
		return err
	})
	sealedW := addSealedWatch(t, db, a, oldV, "440304198510123415", "校闹")
	// An entry from before 00039: its number kept only as the hash.
	hashOnly, err := db.AddWatch(ctx, visit.WatchEntry{SchoolID: b.ID, Kind: visit.WatchID, Hash: oldV.Hash(b.ID, plainID),
		Masked: "110105********002X", Note: "法院禁止令", AddedAt: now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddWatch(ctx, visit.WatchEntry{SchoolID: b.ID, Kind: visit.WatchPhone, Value: "13800138000",
		Masked: "138****8000", Note: "冒充家长", AddedAt: now}); err != nil {
		t.Fatal(err)
	}

	// Without consent, the hash-only entry stops the rotation: nothing
	// changes.
	_, err = db.RekeyIDs(ctx, oldV, newV, false)
	var unsealed *store.UnsealedWatchError
	if !errors.As(err, &unsealed) || len(unsealed.Entries) != 1 || unsealed.Entries[0].ID != hashOnly.ID {
		t.Fatalf("rekey without --forget: %v, want the hash-only entry %d named", err, hashOnly.ID)
	}
	if got, _ := db.VisitByID(ctx, va.ID); !bytes.Equal(got.IDCipher, va.IDCipher) {
		t.Fatal("a refused rotation changed a visit")
	}

	// A key that opens nothing stops it too.
	other, _ := visit.NewIDVault(bytes.Repeat([]byte{9}, 32))
	if _, err := db.RekeyIDs(ctx, other, newV, true); err == nil {
		t.Fatal("a rotation from a key that opens nothing went through")
	}

	rep, err := db.RekeyIDs(ctx, oldV, newV, true)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Visits != 2 || rep.Watch != 1 || len(rep.Removed) != 1 || rep.Removed[0].ID != hashOnly.ID || rep.VisitsAlready != 0 {
		t.Errorf("report %+v, want 2 visits, 1 entry sealed again, the hash-only one removed", rep)
	}
	for _, v := range []visit.Visit{va, vb} {
		got, err := db.VisitByID(ctx, v.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := oldV.Open(got.IDCipher, visit.VisitRow(v.SchoolID, v.ID)); err == nil {
			t.Errorf("visit %d still opens with the old key", v.ID)
		}
		if n, err := newV.Open(got.IDCipher, visit.VisitRow(v.SchoolID, v.ID)); err != nil || n != plainID {
			t.Errorf("visit %d opens with the new key to %q, %v", v.ID, n, err)
		}
		if got.IDHash != newV.Hash(v.SchoolID, plainID) {
			t.Errorf("visit %d: hash not under the new key", v.ID)
		}
	}
	if got, _ := db.VisitByID(ctx, purged.ID); got.IDCipher != nil || got.IDHash != "" {
		t.Errorf("the purged visit got its number back: %+v", got)
	}
	// The repeat-visitor lookup and the watch list match by the new hash.
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		if last, err := tx.LastVisitBy(ctx, a.ID, []string{newV.Hash(a.ID, plainID)}, ""); err != nil || last.ID != va.ID {
			t.Errorf("repeat visitor by the new hash: %v, %v", last.ID, err)
		}
		ws, err := tx.WatchMatches(ctx, a.ID, []string{newV.Hash(a.ID, "440304198510123415")}, "", "")
		if err != nil || len(ws) != 1 || ws[0].ID != sealedW.ID {
			t.Errorf("watch list by the new hash: %v, %v", ws, err)
		}
		if ws, _ := tx.WatchMatches(ctx, a.ID, []string{oldV.Hash(a.ID, "440304198510123415")}, "", ""); len(ws) != 0 {
			t.Errorf("the old hash still matches %v", ws)
		}
		ws, err = tx.Watches(ctx, b.ID)
		if err != nil || len(ws) != 1 || ws[0].Kind != visit.WatchPhone {
			t.Errorf("school 二中's list after the rotation: %v, %v (want its phone entry alone)", ws, err)
		}
		return nil
	})

	// Run again (the operator unsure whether it went through): nothing
	// left to do, nothing broken.
	rep, err = db.RekeyIDs(ctx, oldV, newV, false)
	if err != nil || rep.Visits != 0 || rep.VisitsAlready != 2 || rep.Watch != 0 || rep.WatchAlready != 1 {
		t.Errorf("second run: %+v, %v; want everything already under the new key", rep, err)
	}
	if found := storetest.Traces(t, db, plainID); len(found) > 0 {
		t.Errorf("the plain ID number is stored after the rotation: %v", found)
	}
}
