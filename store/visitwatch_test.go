package store_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

// WatchedVisitsBy finds the earlier visitors who matched the watch list by
// their phone or name, newest first, in the school, not purged: the flows'
// fake (flows/visit/fake_test.go) copies it.
func TestWatchedVisitsBy(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	other := storetest.Seed(t, db, "二中")
	at := func(h int) time.Time { return time.Date(2026, 11, 20, h, 0, 0, 0, time.UTC) }
	add := func(sc storetest.School, name, phone, note string, arrived time.Time) int64 {
		v := visit.Visit{SchoolID: sc.ID, GuardID: sc.Staff["老郑"].ID, Name: name, IDType: visit.IDNone, Phone: phone,
			Purpose: "其他", HostID: sc.Staff["李老师"].ID, Party: 1, Status: visit.VisitRejected, ArrivedAt: arrived, WatchNote: note}
		inTx(t, db, func(ftx flows.Tx) error {
			return ftx.(*store.Tx).CreateVisit(ctx, &v, visit.VisitEvent{At: arrived, ActorID: v.GuardID, Kind: visit.EventRegistered})
		})
		return v.ID
	}
	watched := add(s, "刘强", "13912345678", "校闹", at(8))
	add(s, "刘强", "13912345678", "", at(9)) // not matched then: not a sign
	namesake := add(s, "王五", "13900000001", "推销", at(10))
	elsewhere := add(other, "刘强", "13912345678", "别校", at(11))
	query := func(sc storetest.School, phone, name string) []int64 {
		t.Helper()
		var got []int64
		inTx(t, db, func(ftx flows.Tx) error {
			vs, err := ftx.(*store.Tx).WatchedVisitsBy(ctx, sc.ID, phone, name)
			for _, v := range vs {
				got = append(got, v.ID)
			}
			return err
		})
		return got
	}
	for _, c := range []struct {
		sc          storetest.School
		phone, name string
		want        []int64
	}{
		{s, "13912345678", "", []int64{watched}},
		{s, "", "王五", []int64{namesake}},
		{s, "13912345678", "王五", []int64{namesake, watched}},
		{s, "", "", nil},
		{s, "13900000009", "赵六", nil},
		{other, "13912345678", "", []int64{elsewhere}},
	} {
		if got := query(c.sc, c.phone, c.name); !slices.Equal(got, c.want) {
			t.Errorf("watched visits by %q %q = %v, want %v", c.phone, c.name, got, c.want)
		}
	}
	inTx(t, db, func(ftx flows.Tx) error {
		_, err := ftx.(*store.Tx).PurgeVisits(ctx, s.ID, at(9), at(12))
		return err
	})
	if got := query(s, "13912345678", "刘强"); len(got) != 0 {
		t.Errorf("after the purge: %v, want none", got)
	}
}

// Watch alerts: created, the school's newest since a time, linked to the
// visit registered from one and to a leader's instruction; the day's
// digest counts the visits that matched and the alerts of visitors never
// registered (the fourteenth user test's 刘强: 重点人员 0 次).
func TestWatchAlerts(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	storetest.DigestVisits(t, db, s)
	at := storetest.DigestDay.Add(10 * time.Hour)
	guard, leader := s.Staff["老郑"].ID, s.Staff["刘副校长"].ID
	var first, second visit.WatchAlert
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		first = visit.WatchAlert{SchoolID: s.ID, GuardID: guard, At: at}
		if err := tx.CreateWatchAlert(ctx, &first); err != nil {
			return err
		}
		second = visit.WatchAlert{SchoolID: s.ID, GuardID: guard, At: at.Add(time.Minute)}
		return tx.CreateWatchAlert(ctx, &second)
	})
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		got, err := tx.LatestWatchAlert(ctx, s.ID, at)
		if err != nil || got.ID != second.ID {
			t.Errorf("latest watch alert = %+v, %v; want %d", got, err, second.ID)
		}
		if _, err := tx.LatestWatchAlert(ctx, s.ID, at.Add(time.Hour)); !errors.Is(err, flows.ErrNotFound) {
			t.Errorf("latest watch alert an hour on: %v, want not found", err)
		}
		// The second is registered as a visit (one that matched: counted
		// by the visit, not twice); a leader instructed on the first.
		v := visit.Visit{SchoolID: s.ID, GuardID: guard, Name: "刘强", IDType: visit.IDNone, Purpose: "其他",
			HostID: s.Staff["李老师"].ID, Party: 1, Status: visit.VisitWaiting, ArrivedAt: at.Add(2 * time.Minute), WatchNote: "校闹"}
		if err := tx.CreateVisit(ctx, &v, visit.VisitEvent{At: v.ArrivedAt, ActorID: guard, Kind: visit.EventRegistered}); err != nil {
			return err
		}
		second.VisitID = v.ID
		if err := tx.UpdateWatchAlert(ctx, second); err != nil {
			return err
		}
		first.SaidBy, first.SaidAt = leader, at.Add(3*time.Minute)
		if err := tx.UpdateWatchAlert(ctx, first); err != nil {
			return err
		}
		got, err = tx.WatchAlert(ctx, first.ID)
		if err != nil || got.SaidBy != leader || !got.SaidAt.Equal(first.SaidAt) || got.VisitID != 0 {
			t.Errorf("watch alert = %+v, %v; want said by %d", got, err, leader)
		}
		if err := tx.UpdateWatchAlert(ctx, visit.WatchAlert{ID: 999}); !errors.Is(err, flows.ErrNotFound) {
			t.Errorf("update unknown alert: %v, want not found", err)
		}
		return nil
	})
	d, err := digest.BuildDigest(ctx, db, s.School, storetest.DigestDay, storetest.DigestAsOf, true)
	if err != nil {
		t.Fatal(err)
	}
	// The fixture's one watch-listed visit, the visit registered from the
	// second alert, and the first alert, never registered.
	if d.Gate == nil || d.Gate.WatchHits != 3 {
		t.Errorf("gate = %+v, want 3 watch hits", d.Gate)
	}
}
