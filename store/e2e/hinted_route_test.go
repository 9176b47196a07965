package e2e_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
)

// TestHintedRouteReadWithTheClaim: a report read back (「请核对」) leaves
// its place in the session (repair.RouteHinter); after ExpectAssent the
// next claim reads the open repairs there and the route candidates, and
// OpenFaultsAt and RouteCandidates answer from them with no round trip,
// exactly what their own reads return (a duty roster entry, a worker's
// open jobs, nullable columns). Asked for another place, or after any
// other statement of the transaction, they read for themselves; another
// trade's candidates too.
func TestHintedRouteReadWithTheClaim(t *testing.T) {
	h := newHarness(t)
	h.report(t, "王老师", "302教室", "讲台抽屉坏了", "门锁坏了")
	if _, err := h.db.SQL().Exec(`UPDATE repairs SET accepted_at = reported_at, status = 'accepted'
		WHERE id = (SELECT min(id) FROM repairs)`); err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.SQL().Exec(`INSERT INTO duty_roster (school_id, staff_id, trade, starts_at, ends_at, note)
		VALUES ($1, $2, '', $3, $4, '周末值班')`, h.s.ID, h.s.Staff["孙师傅"].ID, h.now.Add(-time.Hour), h.now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	wantContains(t, h.say("李老师", "302教室第三排课桌腿断了"), "请核对")
	var hinted int64
	if err := h.db.SQL().QueryRow(`SELECT coalesce(hint_location, 0) FROM sessions WHERE external_id = $1`,
		h.account("李老师")).Scan(&hinted); err != nil || hinted != h.s.Locs["302"].ID {
		t.Fatalf("session's hint after the read-back: location %d (%v), want 302's %d", hinted, err, h.s.Locs["302"].ID)
	}

	type answer struct {
		open  []repair.Fault
		cands []repair.RouteCandidate
		trips int64 // after the claim
	}
	seq := 0
	// read claims a message of 李老师's as the engine would (the session's
	// hint stays: nothing here writes the session), then asks what a
	// confirmation asks; between, when set, a statement of the turn's own.
	read := func(assent bool, loc int64, trade flows.Trade, between func(tx *store.Tx) error) answer {
		t.Helper()
		seq++
		var a answer
		if err := h.db.InTx(ctx, func(ftx flows.Tx) error {
			tx := ftx.(*store.Tx)
			tx.Expect(flows.ChannelConsole, h.account("李老师"))
			if assent {
				tx.ExpectAssent()
			}
			if _, dup, err := tx.ClaimInbound(ctx, flows.ChannelConsole, fmt.Sprintf("hint-%d", seq), h.now); err != nil || dup {
				return fmt.Errorf("claim: dup %v, %v", dup, err)
			}
			before := h.db.RoundTrips().Load()
			if between != nil {
				if err := between(tx); err != nil {
					return err
				}
				before = h.db.RoundTrips().Load()
			}
			tx.ExpectRoute(h.s.ID, trade, "教学楼", h.now)
			var err error
			if a.open, err = tx.OpenFaultsAt(ctx, h.s.ID, loc); err != nil {
				return err
			}
			if a.cands, err = tx.RouteCandidates(ctx, h.s.ID, trade, "教学楼", h.now); err != nil {
				return err
			}
			a.trips = h.db.RoundTrips().Load() - before
			return fmt.Errorf("roll back: %w", errKeep) // the reads only
		}); err != nil && !errors.Is(err, errKeep) {
			t.Fatal(err)
		}
		return a
	}
	same := func(what string, got, want answer) {
		t.Helper()
		if g, w := asInstants(t, got.open), asInstants(t, want.open); g != w {
			t.Errorf("%s: open repairs:\n got %s\nwant %s", what, g, w)
		}
		if g, w := asInstants(t, got.cands), asInstants(t, want.cands); g != w {
			t.Errorf("%s: route candidates:\n got %s\nwant %s", what, g, w)
		}
	}
	loc := h.s.Locs["302"].ID
	// Once each first, so that the connection has prepared its
	// statements, as a serving process has.
	read(false, loc, flows.TradeCarpentry, nil)
	read(true, loc, flows.TradeCarpentry, nil)
	want := read(false, loc, flows.TradeCarpentry, nil)
	if len(want.open) != 2 || len(want.cands) < 2 {
		t.Fatalf("nothing to compare: %d open repairs, candidates %+v", len(want.open), want.cands)
	}
	got := read(true, loc, flows.TradeCarpentry, nil)
	same("read with the claim", got, want)
	if got.trips != 0 || want.trips != 1 {
		t.Errorf("%d round trips after the claim with the hint read, %d without; want 0 and 1", got.trips, want.trips)
	}

	// Another place: its own reads.
	other := h.s.Locs["303"].ID
	if want, got := read(false, other, flows.TradeCarpentry, nil), read(true, other, flows.TradeCarpentry, nil); got.trips == 0 {
		t.Errorf("another place than the hint's: answered with no read")
	} else {
		same("another place", got, want)
	}
	// Another trade: the open repairs from the claim, the candidates read.
	if want, got := read(false, loc, flows.TradeElectrical, nil), read(true, loc, flows.TradeElectrical, nil); got.trips == 0 {
		t.Errorf("another trade than the hint's: answered with no read")
	} else {
		same("another trade", got, want)
	}
	// A statement between the claim and the reads (here one that closes
	// an open repair at the place done): they read for themselves and see it.
	closeFirst := func(tx *store.Tx) error {
		r, err := tx.Repair(ctx, want.open[0].ID)
		if err != nil {
			return err
		}
		from := r.Status
		r.Status, r.DoneAt = repair.RepairDone, h.now
		return tx.UpdateRepair(ctx, r, repair.RepairEvent{At: h.now, ActorID: h.s.Staff["王师傅"].ID, Kind: repair.EventDone, From: from, To: r.Status})
	}
	if got := read(true, loc, flows.TradeCarpentry, closeFirst); len(got.open) != 1 || got.trips == 0 {
		t.Errorf("after a statement of the turn: %d open repairs in %d round trips, want 1 read by itself", len(got.open), got.trips)
	}

	// The confirmation itself: 3 round trips, filed with the hint's reads,
	// and the session's hint gone with the session it wrote.
	before := h.db.RoundTrips().Load()
	wantContains(t, h.say("李老师", "1"), "报修成功")
	if n := h.db.RoundTrips().Load() - before; n != 3 {
		t.Errorf("confirmation with the hint took %d round trips, want 3", n)
	}
	if n := h.count(`SELECT count(*) FROM sessions WHERE external_id = $1 AND hint_location IS NOT NULL`, h.account("李老师")); n != 0 {
		t.Errorf("the session kept its hint after the confirmation")
	}
}

// errKeep rolls back a transaction whose reads were all a test wanted.
var errKeep = errors.New("reads only")

// TestConfirmSeesTheRepairItWaitedFor: a confirmation arriving while an
// earlier message of the same person holds the account, and an open
// repair of the same fault appears at the place, waits for it and merges
// into that repair: the reads for the session's hint, done by the claim in
// a snapshot taken before the wait, are not used.
func TestConfirmSeesTheRepairItWaitedFor(t *testing.T) {
	h := newHarness(t)
	h.say("王老师", "303教室第三排课桌腿断了")
	wantContains(t, h.say("王老师", "1"), "报修成功")
	wantContains(t, h.say("李老师", "302教室第三排课桌腿断了"), "请核对")

	held := h.holdAccount("李老师")
	// 王老师's desk turns out to be in 302.
	if _, err := held.Exec(`UPDATE repairs SET location_id = $1`, h.s.Locs["302"].ID); err != nil {
		t.Fatal(err)
	}
	got := h.sayWhileHeld(held, "李老师", "1")
	if !strings.Contains(got, "这个问题已经有人报修了") || strings.Contains(got, "报修成功") {
		t.Errorf("the confirmation did not merge into the repair the message it waited for moved: %q", got)
	}
	if n := h.count(`SELECT count(*) FROM repairs`); n != 1 {
		t.Errorf("%d repairs, want 1", n)
	}
}
