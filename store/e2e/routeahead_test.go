package e2e_test

import (
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
)

// TestRouteAheadIsBothReads: after ExpectRoute, OpenFaultsAt reads the
// route candidates in its own statement, and both answers are the ones the
// two separate reads give (nullable columns, a duty roster entry and a
// worker's open jobs included), in one round trip instead of two; a
// RouteCandidates call with other arguments is answered by its own read.
func TestRouteAheadIsBothReads(t *testing.T) {
	h := newHarness(t)
	h.report(t, "李老师", "302教室", "第三排课桌腿断了", "讲台抽屉坏了", "门锁坏了")
	// Nullable and unusual columns set on some of them, and someone on
	// duty now for every trade.
	if _, err := h.db.SQL().Exec(`UPDATE repairs SET accepted_at = reported_at, rating = 4, status = 'accepted',
		place_text = '' WHERE id = (SELECT min(id) FROM repairs)`); err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.SQL().Exec(`INSERT INTO duty_roster (school_id, staff_id, trade, starts_at, ends_at, note)
		VALUES ($1, $2, '', $3, $4, '周末值班')`, h.s.ID, h.s.Staff["孙师傅"].ID, h.now.Add(-time.Hour), h.now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	loc := h.s.Locs["302"]
	if loc.ID == 0 {
		t.Fatalf("no room 302 in the seed: %v", h.s.Locs)
	}
	read := func(ahead bool, trade flows.Trade, building string) (open []repair.Fault, cands []repair.RouteCandidate, trips int64) {
		before := h.db.RoundTrips().Load()
		if err := h.db.InTx(ctx, func(ftx flows.Tx) error {
			tx := ftx.(*store.Tx)
			if ahead {
				tx.ExpectRoute(h.s.ID, flows.TradeCarpentry, "教学楼", h.now)
			}
			var err error
			if open, err = tx.OpenFaultsAt(ctx, h.s.ID, loc.ID); err != nil {
				return err
			}
			cands, err = tx.RouteCandidates(ctx, h.s.ID, trade, building, h.now)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return open, cands, h.db.RoundTrips().Load() - before
	}
	// Once each first, so that the connection has prepared its
	// statements, as a serving process has.
	read(false, flows.TradeCarpentry, "教学楼")
	read(true, flows.TradeCarpentry, "教学楼")
	wantOpen, wantCands, plain := read(false, flows.TradeCarpentry, "教学楼")
	if len(wantOpen) != 3 || len(wantCands) < 2 || wantCands[0].OpenJobs+wantCands[1].OpenJobs != 3 {
		t.Fatalf("nothing to compare: %d open repairs, candidates %+v", len(wantOpen), wantCands)
	}
	gotOpen, gotCands, ahead := read(true, flows.TradeCarpentry, "教学楼")
	if got, want := asInstants(t, gotOpen), asInstants(t, wantOpen); got != want {
		t.Errorf("open repairs with the route:\n got %s\nwant %s", got, want)
	}
	if got, want := asInstants(t, gotCands), asInstants(t, wantCands); got != want {
		t.Errorf("route candidates read ahead:\n got %s\nwant %s", got, want)
	}
	if ahead != plain-1 {
		t.Errorf("round trips: %d with the route read ahead, %d without; want one fewer", ahead, plain)
	}
	// Announced for carpentry, asked for electrical: answered by its own
	// read, not by the carpentry candidates.
	_, wantElec, _ := read(false, flows.TradeElectrical, "教学楼")
	_, gotElec, _ := read(true, flows.TradeElectrical, "教学楼")
	if got, want := asInstants(t, gotElec), asInstants(t, wantElec); got != want {
		t.Errorf("another trade after the announcement:\n got %s\nwant %s", got, want)
	}
}
