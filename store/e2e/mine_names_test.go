package e2e_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
)

// TestRepairsOfNamesFromTheDirectory: inside a message's transaction,
// RepairsOf reads the repairs alone and names them from the directory
// cache (one round trip), exactly as the statement that joins the names
// does (a repair with a worker and one without, one at a place as
// written under a room); when a name is not in the cache (the place was
// deactivated since) it reads the joined list, with the same answer.
func TestRepairsOfNamesFromTheDirectory(t *testing.T) {
	h := newHarness(t)
	h.report(t, "王老师", "302教室", "讲台抽屉坏了", "门锁坏了", "窗户关不上")
	if _, err := h.db.SQL().Exec(`UPDATE repairs SET place_text = '东侧窗台' WHERE description LIKE '%窗户%'`); err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.SQL().Exec(`UPDATE repairs SET worker_id = NULL WHERE description LIKE '%门锁%'`); err != nil {
		t.Fatal(err)
	}
	teacher := h.s.Staff["王老师"].ID
	since := h.now.Add(-repair.MineClosedFor)

	type answer struct {
		list  []repair.Repair
		trips int64 // after the claim
	}
	seq := 0
	// read asks RepairsOf in a transaction that claimed a message of
	// 王老师's as the engine does (which reads the school's directory
	// version), or in one that did not.
	read := func(claimed bool) answer {
		t.Helper()
		seq++
		var a answer
		if err := h.db.InTx(ctx, func(ftx flows.Tx) error {
			tx := ftx.(*store.Tx)
			if claimed {
				tx.Expect(flows.ChannelConsole, h.account("王老师"))
				if _, dup, err := tx.ClaimInbound(ctx, flows.ChannelConsole, fmt.Sprintf("names-%d", seq), h.now); err != nil || dup {
					return fmt.Errorf("claim: dup %v, %v", dup, err)
				}
				if _, err := tx.StaffByIdentity(ctx, flows.ChannelConsole, h.account("王老师")); err != nil {
					return err
				}
			}
			before := h.db.RoundTrips().Load()
			var err error
			if a.list, err = tx.RepairsOf(ctx, teacher, since, 20); err != nil {
				return err
			}
			a.trips = h.db.RoundTrips().Load() - before
			return fmt.Errorf("roll back: %w", errKeep)
		}); err != nil && !errors.Is(err, errKeep) {
			t.Fatal(err)
		}
		return a
	}
	compare := func(what string, wantTrips int64) {
		t.Helper()
		read(true) // the cache at the directory's version, the statements prepared
		read(false)
		got, want := read(true), read(false)
		if g, w := asInstants(t, got.list), asInstants(t, want.list); g != w {
			t.Errorf("%s: named from the directory:\n got %s\nwant %s", what, g, w)
		}
		if got.trips != wantTrips {
			t.Errorf("%s: %d round trips, want %d", what, got.trips, wantTrips)
		}
	}
	compare("every name in the cache", 1)

	// Something to compare: the three, each kind of name.
	list := read(true).list
	var places, workers []string
	for _, r := range list {
		places, workers = append(places, r.LocationName), append(workers, r.WorkerName)
		if r.ReporterName != "王老师" {
			t.Errorf("%s: reporter %q", r.Ref, r.ReporterName)
		}
	}
	if len(list) != 3 || !strings.Contains(strings.Join(places, "|"), "302：东侧窗台") ||
		!strings.Contains("|"+strings.Join(workers, "|")+"|", "||") || strings.Join(workers, "") == "" {
		t.Fatalf("nothing to compare: places %q, workers %q", places, workers)
	}

	// The place deactivated: not among the cache's locations, so the
	// joined list is read too.
	if _, err := h.db.SQL().Exec(`UPDATE locations SET active = false WHERE id = $1`, h.s.Locs["302"].ID); err != nil {
		t.Fatal(err)
	}
	compare("a place deactivated since", 2)
}
