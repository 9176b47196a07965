package store_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

// Errands: created, read back as the school's given since a time (newest
// first, another school's never), answered and told done, and an unknown
// one not found. The flows' fake (flowtest.Core) copies it.
func TestErrands(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	other := storetest.Seed(t, db, "二中")
	at := time.Date(2026, 12, 3, 2, 0, 0, 0, time.UTC)
	mk := func(sc storetest.School, words string, given time.Time) flows.Errand {
		return flows.Errand{SchoolID: sc.ID, LeaderID: sc.Staff["陈主任"].ID, WorkerID: sc.Staff["王师傅"].ID, Words: words, GivenAt: given}
	}
	old, chairs, desks, elsewhere := mk(s, "把旧桌子搬走", at.Add(-20*24*time.Hour)), mk(s, "礼堂摆50把椅子", at), mk(s, "课桌搬到四楼", at.Add(time.Hour)), mk(other, "礼堂摆椅子", at)
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		for _, e := range []*flows.Errand{&old, &chairs, &desks, &elsewhere} {
			if err := tx.CreateErrand(ctx, e); err != nil {
				return err
			}
		}
		return nil
	})
	since := func() []flows.Errand {
		t.Helper()
		var got []flows.Errand
		inTx(t, db, func(ftx flows.Tx) error {
			var err error
			got, err = ftx.(*store.Tx).ErrandsSince(ctx, s.ID, at.Add(-flows.ErrandLife))
			return err
		})
		return got
	}
	got := since()
	ids := func(es []flows.Errand) []int64 {
		var out []int64
		for _, e := range es {
			out = append(out, e.ID)
		}
		return out
	}
	if want := []int64{desks.ID, chairs.ID}; !slices.Equal(ids(got), want) {
		t.Fatalf("errands since = %v, want %v", ids(got), want)
	}
	if e := got[1]; e.Words != chairs.Words || !e.GivenAt.Equal(at) || !e.Open() || e.Reply != "" || !e.RepliedAt.IsZero() {
		t.Errorf("new errand = %+v, want open, unanswered, as created", e)
	}
	chairs.Reply, chairs.RepliedAt = "好的 马上去", at.Add(time.Minute)
	chairs.DoneWords, chairs.DoneAt = "礼堂椅子50把摆好了", at.Add(5*time.Hour)
	inTx(t, db, func(ftx flows.Tx) error { return ftx.(*store.Tx).UpdateErrand(ctx, chairs) })
	got = since()
	if e := got[1]; e.Open() || e.DoneWords != chairs.DoneWords || !e.DoneAt.Equal(chairs.DoneAt) || e.Reply != chairs.Reply || !e.RepliedAt.Equal(chairs.RepliedAt) {
		t.Errorf("done errand = %+v, want %+v", e, chairs)
	}
	if e := got[0]; !e.Open() {
		t.Errorf("other errand = %+v, want still open", e)
	}
	err := db.InTx(ctx, func(ftx flows.Tx) error {
		return ftx.(*store.Tx).UpdateErrand(ctx, flows.Errand{ID: elsewhere.ID + 100})
	})
	if !errors.Is(err, flows.ErrNotFound) {
		t.Errorf("update unknown errand: %v, want not found", err)
	}
}
