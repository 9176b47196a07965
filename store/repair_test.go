package store_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/flows/repair/repairtest"
	"github.com/houqin/houqin/store"
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

// NextRepairRef's references have no gaps: a ref allocated in a
// transaction that rolls back is allocated again by the next one.
func TestNextRepairRefGaplessAfterRollback(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	day := storetest.DigestDay
	next := func(fail bool) (string, error) {
		var ref string
		errRollback := errors.New("roll back")
		err := db.InTx(ctx, func(tx flows.Tx) error {
			var err error
			if ref, err = tx.(repair.Store).NextRepairRef(ctx, s.ID, day); err != nil {
				return err
			}
			if fail {
				return errRollback
			}
			return nil
		})
		if fail && errors.Is(err, errRollback) {
			err = nil
		}
		return ref, err
	}
	var got []string
	for _, fail := range []bool{false, true, false} {
		ref, err := next(fail)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, ref)
	}
	if want := []string{"BX-20261120-001", "BX-20261120-002", "BX-20261120-002"}; !slices.Equal(got, want) {
		t.Errorf("refs = %v, want %v (the rolled-back 002 allocated again)", got, want)
	}
}
