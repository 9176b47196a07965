package store_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/pglocal/pgtest"
	"github.com/houqin/houqin/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

var ctx = context.Background()

func inTx(t *testing.T, db *store.DB, fn func(flows.Tx) error) {
	t.Helper()
	if err := db.InTx(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	db := storetest.Open(t)
	applied, err := db.Migrate(ctx)
	if err != nil || len(applied) != 0 {
		t.Fatalf("second Migrate applied %v, %v; want nothing", applied, err)
	}
	if pending, err := db.Pending(ctx); err != nil || pending {
		t.Fatalf("Pending = %v, %v; want false", pending, err)
	}
}

func TestBindCodeWorksOnceAndExpires(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	teacher := s.Staff["李老师"]
	code, err := db.InviteStaff(ctx, teacher.ID, now, 7*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if len(code) != store.CodeLength {
		t.Fatalf("code %q has length %d, want %d", code, len(code), store.CodeLength)
	}
	redeem := func(code, ext string, at time.Time) (flows.Staff, error) {
		var st flows.Staff
		err := db.InTx(ctx, func(ftx flows.Tx) error {
			tx := ftx.(*store.Tx)
			var err error
			st, err = tx.RedeemBindCode(ctx, code, flows.ChannelWeChat, ext, at)
			return err
		})
		return st, err
	}
	st, err := redeem(code, "openid-1", now.Add(time.Hour))
	if err != nil || st.ID != teacher.ID {
		t.Fatalf("redeem = %v, %v; want 李老师", st.Name, err)
	}
	if _, err := redeem(code, "openid-2", now.Add(2*time.Hour)); !errors.Is(err, flows.ErrExpired) {
		t.Errorf("second use: got %v, want ErrExpired", err)
	}
	code2, _ := db.InviteStaff(ctx, teacher.ID, now, 7*24*time.Hour)
	if _, err := redeem(code2, "openid-3", now.Add(7*24*time.Hour)); !errors.Is(err, flows.ErrExpired) {
		t.Errorf("after 7 days: got %v, want ErrExpired", err)
	}
	if _, err := redeem("ZZZZZZZZ", "openid-4", now); !errors.Is(err, flows.ErrNotFound) {
		t.Errorf("unknown code: got %v, want ErrNotFound", err)
	}
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		got, err := tx.StaffByIdentity(ctx, flows.ChannelWeChat, "openid-1")
		if err != nil || got.ID != teacher.ID {
			t.Errorf("identity openid-1 → %v, %v; want 李老师", got.Name, err)
		}
		return nil
	})
}

func TestConcurrentClaimOfOneMessageWaitsAndReplays(t *testing.T) {
	db := storetest.Open(t)
	now := time.Now()
	first := make(chan struct{})
	release := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		err := db.InTx(ctx, func(ftx flows.Tx) error {
			tx := ftx.(*store.Tx)
			if _, dup, err := tx.ClaimInbound(ctx, flows.ChannelWeChat, "msg-1", now); err != nil || dup {
				return fmt.Errorf("first claim: dup=%v err=%v", dup, err)
			}
			close(first)
			<-release // hold the transaction open while the retry arrives
			return tx.FinishInbound(ctx, flows.ChannelWeChat, "msg-1", []flows.Reply{{Text: "收到"}})
		})
		if err != nil {
			t.Error(err)
		}
	}()
	<-first
	got := make(chan []flows.Reply, 1)
	go func() {
		db.InTx(ctx, func(ftx flows.Tx) error {
			tx := ftx.(*store.Tx)
			replies, dup, err := tx.ClaimInbound(ctx, flows.ChannelWeChat, "msg-1", now)
			if err != nil || !dup {
				t.Errorf("retry claim: dup=%v err=%v, want dup", dup, err)
			}
			got <- replies
			return nil
		})
	}()
	select {
	case <-got:
		t.Fatal("the retry did not wait for the first transaction")
	case <-time.After(200 * time.Millisecond):
	}
	close(release)
	wg.Wait()
	if r := <-got; len(r) != 1 || r[0].Text != "收到" {
		t.Fatalf("retry got %+v, want the first delivery's replies", r)
	}
}

func newRepair(t *testing.T, db *store.DB, s storetest.School, worker string, due time.Time) repair.Repair {
	t.Helper()
	r := repair.Repair{SchoolID: s.ID, ReporterID: s.Staff["李老师"].ID, LocationID: s.Locs["302"].ID, Trade: flows.TradeCarpentry,
		Description: "课桌坏了", Status: repair.RepairAssigned, WorkerID: s.Staff[worker].ID, ReportedAt: due.Add(-3 * time.Hour), DueAt: due}
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		var err error
		if r.Ref, err = tx.NextRepairRef(ctx, s.ID, r.ReportedAt); err != nil {
			return err
		}
		return tx.CreateRepair(ctx, &r, repair.RepairEvent{At: r.ReportedAt, Kind: repair.EventReported, To: r.Status})
	})
	return r
}

func TestStoreRefusesIllegalTransitions(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	r := newRepair(t, db, s, "王师傅", time.Now().Add(time.Hour))
	update := func(to repair.RepairStatus) error {
		return db.InTx(ctx, func(ftx flows.Tx) error {
			tx := ftx.(*store.Tx)
			cur, err := tx.Repair(ctx, r.ID)
			if err != nil {
				return err
			}
			from := cur.Status
			cur.Status = to
			return tx.UpdateRepair(ctx, cur, repair.RepairEvent{At: time.Now(), Kind: "test", From: from, To: to})
		})
	}
	if err := update(repair.RepairClosed); !errors.Is(err, flows.ErrIllegalTransition) {
		t.Fatalf("assigned → closed: got %v, want ErrIllegalTransition", err)
	}
	for _, to := range []repair.RepairStatus{repair.RepairAccepted, repair.RepairDone, repair.RepairClosed} {
		if err := update(to); err != nil {
			t.Fatalf("→ %s: %v", to, err)
		}
	}
	if err := update(repair.RepairAccepted); !errors.Is(err, flows.ErrIllegalTransition) {
		t.Fatalf("closed → accepted: got %v, want ErrIllegalTransition", err)
	}
	// A refused change leaves no trace in the audit trail.
	evs, err := db.RepairEvents(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(evs) != 4 {
		t.Fatalf("%d events, want 4 (reported, accepted, done, closed)", len(evs))
	}
}

func TestRouting(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	at := time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC) // a Saturday
	candidates := func(trade flows.Trade, building string) []repair.RouteCandidate {
		var cs []repair.RouteCandidate
		inTx(t, db, func(ftx flows.Tx) error {
			tx := ftx.(*store.Tx)
			var err error
			cs, err = tx.RouteCandidates(ctx, s.ID, trade, building, at)
			return err
		})
		return cs
	}
	choose := func(trade flows.Trade, building string) string {
		id, _ := repair.ChooseWorker(candidates(trade, building))
		for name, st := range s.Staff {
			if st.ID == id {
				return name
			}
		}
		return ""
	}
	// Two carpenters at the same priority: the one with fewer open jobs.
	if _, err := db.AddRoute(ctx, s.ID, flows.TradeCarpentry, "", s.Staff["马师傅"].ID, 1); err != nil {
		t.Fatal(err)
	}
	newRepair(t, db, s, "王师傅", at.Add(time.Hour))
	if got := choose(flows.TradeCarpentry, "教学楼"); got != "马师傅" {
		t.Errorf("least loaded: got %s, want 马师傅", got)
	}
	newRepair(t, db, s, "马师傅", at.Add(time.Hour))
	newRepair(t, db, s, "马师傅", at.Add(time.Hour))
	if got := choose(flows.TradeCarpentry, "教学楼"); got != "王师傅" {
		t.Errorf("least loaded after two more: got %s, want 王师傅", got)
	}
	// A route for the building beats the school-wide ones, whatever the load.
	db.AddRoute(ctx, s.ID, flows.TradeCarpentry, "实验楼", s.Staff["马师傅"].ID, 1)
	if got := choose(flows.TradeCarpentry, "实验楼"); got != "马师傅" {
		t.Errorf("building route: got %s, want 马师傅", got)
	}
	// The weekend roster overrides routes for the time it covers.
	db.AddDuty(ctx, s.ID, s.Staff["孙师傅"].ID, "", at.Add(-12*time.Hour), at.Add(24*time.Hour), "周末值班")
	if got := choose(flows.TradeCarpentry, "教学楼"); got != "孙师傅" {
		t.Errorf("on duty: got %s, want 孙师傅", got)
	}
	_, reason := repair.ChooseWorker(candidates(flows.TradeCarpentry, "教学楼"))
	if reason == "" {
		t.Error("no routing reason")
	}
	// Nobody routed for AV and nobody on duty for it → no candidate (the
	// flow then falls back to the 总务主任).
	db.SQL().Exec(`DELETE FROM duty_roster`)
	if cs := candidates(flows.TradeAV, "教学楼"); len(cs) != 0 {
		t.Errorf("AV candidates %+v, want none", cs)
	}
}

func TestTwoSchedulersEscalateOnce(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	due := time.Date(2026, 11, 20, 13, 0, 0, 0, time.UTC) // 21:00 in Shanghai
	for range 5 {
		newRepair(t, db, s, "王师傅", due)
	}
	now := due.Add(13 * time.Hour) // past the due time and the principal's 12 hours
	var wg sync.WaitGroup
	var ticks atomic.Int32
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sch := &flows.Scheduler{Store: db, Now: func() time.Time { return now }, Jobs: repair.Module().Jobs}
			for range 3 {
				sch.Tick(ctx)
				ticks.Add(1)
			}
		}()
	}
	wg.Wait()
	rows, err := db.SQL().Query(`SELECT to_staff, count(*) FROM outbox WHERE kind = 'repair.escalated' GROUP BY to_staff`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[int64]int{}
	for rows.Next() {
		var id int64
		var n int
		rows.Scan(&id, &n)
		got[id] = n
	}
	// The leaders get the five in one list (repair.escalateLate), the
	// principal one card each; never twice.
	want := map[int64]int{s.Staff["刘副校长"].ID: 1, s.Staff["陈主任"].ID: 1, s.Staff["张校长"].ID: 5}
	for id, n := range want {
		if got[id] != n {
			t.Errorf("staff %d got %d escalations, want %d (all: %v)", id, got[id], n, got)
		}
	}
	if len(got) != len(want) {
		t.Errorf("escalations went to %v, want %v", got, want)
	}
	var list string
	if err := db.SQL().Get(&list, `SELECT body FROM outbox WHERE kind = 'repair.escalated' AND to_staff = $1`, s.Staff["陈主任"].ID); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(list, "\n· "); n != 5 {
		t.Errorf("the leader's list names %d jobs, want 5:\n%s", n, list)
	}
}
