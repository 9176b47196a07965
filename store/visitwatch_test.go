package store_test

import (
	"slices"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
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
