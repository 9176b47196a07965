package store_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

type countingSender struct {
	mu   sync.Mutex
	sent map[int64]int
	fail func(flows.OutboxItem) error
}

func newCounter(fail func(flows.OutboxItem) error) *countingSender {
	return &countingSender{sent: map[int64]int{}, fail: fail}
}

func (s *countingSender) Send(_ context.Context, it flows.OutboxItem) error {
	if s.fail != nil {
		if err := s.fail(it); err != nil {
			return err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent[it.ID]++
	time.Sleep(time.Millisecond)
	return nil
}

func (s *countingSender) count(id int64) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sent[id]
}

func enqueueN(t *testing.T, db *store.DB, n flows.Notification, count int, at time.Time) {
	t.Helper()
	inTx(t, db, func(tx flows.Tx) error {
		for i := range count {
			n := n
			n.Text = fmt.Sprintf("%s %d", n.Text, i)
			if err := tx.Enqueue(ctx, n, at); err != nil {
				return err
			}
		}
		return nil
	})
}

// outboxState is one row as the tests look at it.
type outboxState struct {
	Status    string    `db:"status"`
	Attempts  int       `db:"attempts"`
	NextAt    time.Time `db:"next_at"`
	ClaimedBy *string   `db:"claimed_by"`
	Avoid     string    `db:"avoid_channel"`
}

func mustRow(t *testing.T, db *store.DB, id int64) outboxState {
	t.Helper()
	var r outboxState
	if err := db.SQL().Get(&r, `SELECT status, attempts, next_at, claimed_by, avoid_channel FROM outbox WHERE id = $1`, id); err != nil {
		t.Fatal(err)
	}
	return r
}

func mustIDs(t *testing.T, db *store.DB, where string, args ...any) []int64 {
	t.Helper()
	var ids []int64
	if err := db.SQL().Select(&ids, `SELECT id FROM outbox WHERE `+where+` ORDER BY id`, args...); err != nil {
		t.Fatal(err)
	}
	return ids
}

// bindTelegram gives a staff member a Telegram account last used at seen.
func bindTelegram(t *testing.T, db *store.DB, st flows.Staff, seen time.Time) {
	t.Helper()
	if _, err := db.SQL().Exec(`
		INSERT INTO identities (channel, external_id, school_id, staff_id, bound_at, last_seen) VALUES ('telegram', $1, $2, $3, $4, $4)`,
		strconv.FormatInt(1000+st.ID, 10), st.SchoolID, st.ID, seen); err != nil {
		t.Fatal(err)
	}
}

func ids(items []flows.OutboxItem) []int64 {
	var out []int64
	for _, it := range items {
		out = append(out, it.ID)
	}
	return out
}

func TestTwoOutboxWorkersNeverSendARowTwice(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	const n = 60
	enqueueN(t, db, flows.Notification{SchoolID: s.ID, ToStaff: s.Staff["王师傅"].ID, Kind: "test", Text: "n"}, n, time.Now())
	sender := newCounter(nil)
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w := &bot.Worker{Outbox: db, Batch: 7, Senders: map[flows.Channel]bot.Sender{flows.ChannelConsole: sender}}
			if _, err := w.Flush(ctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if len(sender.sent) != n {
		t.Fatalf("sent %d distinct rows, want %d", len(sender.sent), n)
	}
	for id, c := range sender.sent {
		if c != 1 {
			t.Errorf("row %d sent %d times", id, c)
		}
	}
	if left := mustIDs(t, db, `status <> 'sent' OR claimed_by IS NOT NULL`); len(left) != 0 {
		t.Errorf("rows %v not marked sent or still leased", left)
	}
}

// TestLeases walks one batch through what workers do to it: leased rows are
// nobody else's until the lease ends or is released; a worker that died
// mid-batch leaves its unsettled rows to the next one once the lease runs
// out; a late delivery is still recorded, a late retry is refused.
func TestLeases(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	enqueueN(t, db, flows.Notification{SchoolID: s.ID, ToStaff: s.Staff["王师傅"].ID, Kind: "test", Text: "n"}, 3, now)
	console := []flows.Channel{flows.ChannelConsole}
	a := flows.Lease{Worker: "a", Until: now.Add(time.Minute), Channels: console}
	b := flows.Lease{Worker: "b", Until: now.Add(time.Hour), Channels: console}

	items, err := db.ClaimOutbox(ctx, now, a, 10)
	if err != nil || len(items) != 3 {
		t.Fatalf("claim: %d items, %v; want 3", len(items), err)
	}
	if it := items[0]; !it.Queued.Equal(now) || it.Channel != flows.ChannelConsole || it.Address != strconv.FormatInt(s.Staff["王师傅"].ID, 10) {
		t.Errorf("item = %+v", it)
	}
	if r := mustRow(t, db, items[0].ID); r.ClaimedBy == nil || *r.ClaimedBy != "a" {
		t.Errorf("claimed_by = %v, want a", r.ClaimedBy)
	}
	if got, err := db.ClaimOutbox(ctx, now.Add(59*time.Second), b, 10); err != nil || len(got) != 0 {
		t.Fatalf("b claimed %v, %v during a's lease", ids(got), err)
	}

	// a delivers the first row, dies sending the second, never starts the
	// third; had it shut down gracefully it would have released the third.
	if err := db.SettleOutbox(ctx, now, a, flows.Outcome{ID: items[0].ID, Sent: true}); err != nil {
		t.Fatal(err)
	}
	if r := mustRow(t, db, items[0].ID); r.Status != "sent" || r.Attempts != 1 || r.ClaimedBy != nil {
		t.Errorf("after delivery: %+v", r)
	}
	if err := db.ReleaseOutbox(ctx, b, []int64{items[2].ID}); err != nil {
		t.Fatal(err)
	}
	if r := mustRow(t, db, items[2].ID); r.ClaimedBy == nil {
		t.Error("b released a's row")
	}
	if got, _ := db.ClaimOutbox(ctx, now.Add(59*time.Second), b, 10); len(got) != 0 {
		t.Fatalf("b claimed %v before a's lease ran out", ids(got))
	}
	got, err := db.ClaimOutbox(ctx, now.Add(time.Minute), b, 10)
	if err != nil || fmt.Sprint(ids(got)) != fmt.Sprint(ids(items[1:])) {
		t.Fatalf("after a's lease: b claimed %v, %v; want %v", ids(got), err, ids(items[1:]))
	}

	// a's late outcomes: a retry is refused, b holds the row now ...
	err = db.SettleOutbox(ctx, now.Add(time.Minute), a, flows.Outcome{ID: items[1].ID, RetryAt: now.Add(time.Hour), Err: "x"})
	if !errors.Is(err, flows.ErrConflict) {
		t.Errorf("a's late retry: %v, want ErrConflict", err)
	}
	// ... but a delivery is a fact, whoever holds the row.
	if err := db.SettleOutbox(ctx, now.Add(time.Minute), a, flows.Outcome{ID: items[1].ID, Sent: true}); err != nil {
		t.Fatal(err)
	}
	if r := mustRow(t, db, items[1].ID); r.Status != "sent" || r.ClaimedBy != nil {
		t.Errorf("a's late delivery not recorded: %+v", r)
	}
	// b releases the row it did not start: due again at once.
	if err := db.ReleaseOutbox(ctx, b, []int64{items[2].ID}); err != nil {
		t.Fatal(err)
	}
	c := flows.Lease{Worker: "c", Until: now.Add(time.Hour), Channels: console}
	if got, _ := db.ClaimOutbox(ctx, now.Add(time.Minute), c, 10); fmt.Sprint(ids(got)) != fmt.Sprint([]int64{items[2].ID}) {
		t.Errorf("after release: c claimed %v, want %d", ids(got), items[2].ID)
	}
}

// A worker killed mid-batch: the row it was sending is sent again by the
// next worker (the one in doubt), the rows it had not started once, and the
// rows it had finished never again.
func TestACrashedWorkerLeavesOneRowInDoubt(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	clock := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	enqueueN(t, db, flows.Notification{SchoolID: s.ID, ToStaff: s.Staff["王师傅"].ID, Kind: "test", Text: "n"}, 5, clock)
	sender := newCounter(nil)
	// The dying worker: it leases the batch and delivers two rows, and the
	// third reaches the channel just before the process dies.
	lease := flows.Lease{Worker: "dead", Until: clock.Add(time.Minute), Channels: []flows.Channel{flows.ChannelConsole}}
	items, err := db.ClaimOutbox(ctx, clock, lease, 10)
	if err != nil || len(items) != 5 {
		t.Fatalf("claim: %d, %v", len(items), err)
	}
	for _, it := range items[:3] {
		sender.Send(ctx, it)
	}
	for _, it := range items[:2] {
		if err := db.SettleOutbox(ctx, clock, lease, flows.Outcome{ID: it.ID, Sent: true}); err != nil {
			t.Fatal(err)
		}
	}
	w := &bot.Worker{Outbox: db, Now: func() time.Time { return clock }, Senders: map[flows.Channel]bot.Sender{flows.ChannelConsole: sender}}
	if n, _ := w.Flush(ctx); n != 0 {
		t.Fatalf("the next worker sent %d rows before the lease ran out", n)
	}
	clock = clock.Add(time.Minute)
	if n, err := w.Flush(ctx); n != 3 || err != nil {
		t.Fatalf("after the lease: %d rows, %v; want 3", n, err)
	}
	var twice []int64
	for _, it := range items {
		if sender.count(it.ID) > 1 {
			twice = append(twice, it.ID)
		}
		if sender.count(it.ID) == 0 {
			t.Errorf("row %d lost", it.ID)
		}
	}
	if fmt.Sprint(twice) != fmt.Sprint([]int64{items[2].ID}) {
		t.Errorf("sent twice: %v, want only the row in flight %d", twice, items[2].ID)
	}
}

// blockingSender holds its n-th send until released and reports whether
// the send's context was still alive when it finished.
type blockingSender struct {
	n       int
	calls   int
	started chan struct{}
	release chan struct{}
	ctxErr  error
	sent    []int64
}

func (s *blockingSender) Send(ctx context.Context, it flows.OutboxItem) error {
	s.calls++
	if s.calls == s.n {
		close(s.started)
		select {
		case <-s.release:
		case <-ctx.Done():
		}
		s.ctxErr = ctx.Err()
		if s.ctxErr != nil {
			return s.ctxErr
		}
	}
	s.sent = append(s.sent, it.ID)
	return nil
}

func TestShutdownFinishesTheSendInFlightAndReleasesTheRest(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	clock := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	enqueueN(t, db, flows.Notification{SchoolID: s.ID, ToStaff: s.Staff["王师傅"].ID, Kind: "test", Text: "n"}, 5, clock)
	sender := &blockingSender{n: 2, started: make(chan struct{}), release: make(chan struct{})}
	w := &bot.Worker{Outbox: db, Now: func() time.Time { return clock }, Grace: 10 * time.Second,
		Senders: map[flows.Channel]bot.Sender{flows.ChannelConsole: sender}}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- w.Run(runCtx) }()
	<-sender.started
	cancel() // SIGTERM while the second row is being sent
	time.Sleep(50 * time.Millisecond)
	close(sender.release)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if sender.ctxErr != nil {
		t.Errorf("the send in flight was cancelled by the shutdown: %v", sender.ctxErr)
	}
	all := mustIDs(t, db, `true`)
	if sent := mustIDs(t, db, `status = 'sent'`); fmt.Sprint(sent) != fmt.Sprint(all[:2]) {
		t.Errorf("sent rows %v, want the first two of %v", sent, all)
	}
	if leased := mustIDs(t, db, `claimed_by IS NOT NULL`); len(leased) != 0 {
		t.Errorf("rows %v still leased after shutdown", leased)
	}
	// The next worker needs no lease to run out: the rest go at once.
	next := &bot.Worker{Outbox: db, Now: func() time.Time { return clock }, Senders: map[flows.Channel]bot.Sender{flows.ChannelConsole: newCounter(nil)}}
	if n, err := next.Flush(ctx); n != 3 || err != nil {
		t.Errorf("next worker: %d, %v; want the 3 released rows", n, err)
	}
}

func TestShutdownGraceCutsAHangingSend(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	clock := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	enqueueN(t, db, flows.Notification{SchoolID: s.ID, ToStaff: s.Staff["王师傅"].ID, Kind: "test", Text: "n"}, 2, clock)
	sender := &blockingSender{n: 1, started: make(chan struct{}), release: make(chan struct{})} // never released
	w := &bot.Worker{Outbox: db, Now: func() time.Time { return clock }, Grace: 100 * time.Millisecond,
		Senders: map[flows.Channel]bot.Sender{flows.ChannelConsole: sender}}
	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error)
	go func() { done <- w.Run(runCtx) }()
	<-sender.started
	start := time.Now()
	cancel()
	<-done
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("shutdown took %s with a 100ms grace", d)
	}
	all := mustIDs(t, db, `true`)
	if r := mustRow(t, db, all[0]); r.Status != "pending" || r.Attempts != 1 || !r.NextAt.Equal(clock.Add(bot.Backoff(1))) || r.ClaimedBy != nil {
		t.Errorf("cut send: %+v, want pending for a retry in %s", r, bot.Backoff(1))
	}
	if r := mustRow(t, db, all[1]); r.Status != "pending" || r.Attempts != 0 || r.ClaimedBy != nil {
		t.Errorf("unstarted row: %+v, want released", r)
	}
}

func TestOutboxRetriesForRetryForThenFailsAndTellsTheSender(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	clock := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	start := clock
	inTx(t, db, func(tx flows.Tx) error {
		return tx.Enqueue(ctx, flows.Notification{SchoolID: s.ID, ToStaff: s.Staff["王师傅"].ID, Origin: s.Staff["李老师"].ID, Kind: "repair.assigned", Text: "任务"}, clock)
	})
	row := mustIDs(t, db, `true`)[0]
	sender := newCounter(func(it flows.OutboxItem) error {
		if it.Kind == "repair.assigned" {
			return errors.New("channel down")
		}
		return nil
	})
	w := &bot.Worker{Outbox: db, RetryFor: 2 * time.Minute, Now: func() time.Time { return clock },
		Senders: map[flows.Channel]bot.Sender{flows.ChannelConsole: sender}}
	// Tries at 0, 30s and 90s back off; the one at 120s is the last,
	// at the deadline itself.
	for i, at := range []time.Duration{0, 30 * time.Second, 90 * time.Second, 120 * time.Second} {
		clock = start.Add(at)
		if n, err := w.Flush(ctx); n < 1 || err != nil {
			t.Fatalf("try %d at %s: settled %d, %v", i+1, at, n, err)
		}
		r := mustRow(t, db, row)
		if r.Attempts != i+1 {
			t.Fatalf("try at %s: attempts %d, want %d", at, r.Attempts, i+1)
		}
		if i < 3 {
			next := clock.Add(bot.Backoff(i + 1))
			if deadline := start.Add(2 * time.Minute); next.After(deadline) {
				next = deadline
			}
			if r.Status != "pending" || !r.NextAt.Equal(next) {
				t.Fatalf("after try at %s: %+v", at, r)
			}
			if n, _ := w.Flush(ctx); n != 0 {
				t.Fatalf("retried before the backoff")
			}
		} else if r.Status != "failed" {
			t.Fatalf("after the deadline: status %s, want failed", r.Status)
		}
	}
	// The failure was reported to the sender's side (李老师), and sent: on
	// the channel that failed, as he has no other.
	var to int64
	var status string
	err := db.SQL().QueryRow(`SELECT to_staff, status FROM outbox WHERE kind = $1`, bot.KindDeliveryFailed).Scan(&to, &status)
	if err != nil || to != s.Staff["李老师"].ID || status != "sent" {
		t.Fatalf("fallback: to %d status %q err %v; want 李老师 sent", to, status, err)
	}
}

func TestBackoffIsCapped(t *testing.T) {
	want := []time.Duration{30 * time.Second, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 10 * time.Minute, 10 * time.Minute}
	for i, w := range want {
		if got := bot.Backoff(i + 1); got != w {
			t.Errorf("Backoff(%d) = %s, want %s", i+1, got, w)
		}
	}
	if got := bot.Backoff(500); got != bot.MaxBackoff {
		t.Errorf("Backoff(500) = %s", got)
	}
}

// Telegram's 429s (and our own rate limiter) say when to come back: the row
// waits exactly that long, however often, and no wait is an attempt — the
// issue's 180 s stretch of 429s failed half the rows under the old counts.
func TestWaitsAreNotAttempts(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	clock := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	start := clock
	inTx(t, db, func(tx flows.Tx) error {
		return tx.Enqueue(ctx, flows.Notification{SchoolID: s.ID, ToStaff: s.Staff["王师傅"].ID, Kind: "k", Text: "x"}, clock)
	})
	row := mustIDs(t, db, `true`)[0]
	calls := 0
	sender := newCounter(func(flows.OutboxItem) error {
		calls++
		if clock.Sub(start) < 180*time.Second {
			return &bot.RetryError{After: 7 * time.Second, Err: errors.New("429")}
		}
		return nil
	})
	w := &bot.Worker{Outbox: db, RetryFor: time.Hour, Now: func() time.Time { return clock }, Senders: map[flows.Channel]bot.Sender{flows.ChannelConsole: sender}}
	w.Flush(ctx)
	clock = clock.Add(6 * time.Second)
	w.Flush(ctx)
	if calls != 1 {
		t.Fatalf("retried before retry_after: %d calls", calls)
	}
	for clock.Sub(start) < 200*time.Second {
		clock = clock.Add(time.Second)
		w.Flush(ctx)
		if r := mustRow(t, db, row); r.Status == "pending" && r.Attempts != 0 {
			t.Fatalf("a wait counted as an attempt: %+v", r)
		}
	}
	if r := mustRow(t, db, row); r.Status != "sent" || r.Attempts != 1 || sender.count(row) != 1 {
		t.Fatalf("after 180s of 429s: %+v (sent %d times), want sent once", r, sender.count(row))
	}
	if calls != 27 { // every 7s for 180s, then the one that went through
		t.Errorf("%d calls, want 27", calls)
	}
}

// The 「通知未送达」 notice must not count on the channel that just failed for
// RetryFor: it goes to its recipient on another channel, else to a 总务主任
// who has one, else waits on the failed channel, retried like any row.
func TestUndeliveredNoticeGoesAnotherWay(t *testing.T) {
	tests := []struct {
		name string
		// unbind removes these people's console accounts, leaving them
		// Telegram only.
		unbind []string
		to     string // who gets the notice
		on     flows.Channel
	}{
		{name: "origin on another channel", to: "李老师", on: flows.ChannelConsole},
		{name: "origin only on the dead channel: the 总务主任", unbind: []string{"李老师"}, to: "陈主任", on: flows.ChannelConsole},
		{name: "nobody elsewhere: waits for the channel", unbind: []string{"李老师", "陈主任"}, to: "李老师", on: flows.ChannelTelegram},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := storetest.Open(t)
			s := storetest.Seed(t, db, "一中")
			clock := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
			// Everyone used Telegram last; each keeps a console account
			// unless unbound.
			for _, name := range []string{"王师傅", "李老师", "陈主任"} {
				bindTelegram(t, db, s.Staff[name], clock)
			}
			for _, name := range tt.unbind {
				if _, err := db.SQL().Exec(`DELETE FROM identities WHERE channel = 'console' AND staff_id = $1`, s.Staff[name].ID); err != nil {
					t.Fatal(err)
				}
			}
			inTx(t, db, func(tx flows.Tx) error {
				return tx.Enqueue(ctx, flows.Notification{SchoolID: s.ID, ToStaff: s.Staff["王师傅"].ID, Origin: s.Staff["李老师"].ID, Kind: "repair.assigned", Text: "任务"}, clock)
			})
			telegramUp := false
			var mu sync.Mutex
			got := map[flows.Channel][]flows.OutboxItem{}
			record := func(ch flows.Channel) bot.Sender {
				return senderFunc(func(_ context.Context, it flows.OutboxItem) error {
					if ch == flows.ChannelTelegram && !telegramUp {
						return errors.New("telegram: 502 bad gateway")
					}
					mu.Lock()
					got[ch] = append(got[ch], it)
					mu.Unlock()
					return nil
				})
			}
			w := &bot.Worker{Outbox: db, RetryFor: time.Hour, Now: func() time.Time { return clock }, Senders: map[flows.Channel]bot.Sender{
				flows.ChannelConsole: record(flows.ChannelConsole), flows.ChannelTelegram: record(flows.ChannelTelegram)}}
			for range 8 { // to 70 minutes
				w.Flush(ctx)
				clock = clock.Add(bot.MaxBackoff)
			}
			var failed string
			db.SQL().Get(&failed, `SELECT status FROM outbox WHERE kind = 'repair.assigned'`)
			if failed != "failed" {
				t.Fatalf("the job is %s after telegram was down past RetryFor, want failed", failed)
			}
			var to []int64
			db.SQL().Select(&to, `SELECT to_staff FROM outbox WHERE kind = $1`, bot.KindDeliveryFailed)
			if len(to) != 1 || to[0] != s.Staff[tt.to].ID {
				t.Fatalf("notice to %v, want only %s (%d)", to, tt.to, s.Staff[tt.to].ID)
			}
			notice := mustIDs(t, db, `kind = $1`, bot.KindDeliveryFailed)[0]
			if tt.on == flows.ChannelTelegram {
				// Still down: the notice waits and is retried ...
				if r := mustRow(t, db, notice); r.Status != "pending" || r.Attempts == 0 || r.Avoid != "telegram" {
					t.Fatalf("notice on the dead channel: %+v, want pending and retried", r)
				}
				// ... until the channel is back.
				telegramUp = true
				clock = clock.Add(bot.MaxBackoff)
				w.Flush(ctx)
			}
			if r := mustRow(t, db, notice); r.Status != "sent" {
				t.Fatalf("notice: %+v, want sent", r)
			}
			if n := len(got[tt.on]); n != 1 || got[tt.on][0].ID != notice {
				t.Errorf("on %s: %v, want the notice", tt.on, got[tt.on])
			}
		})
	}
}

type senderFunc func(context.Context, flows.OutboxItem) error

func (f senderFunc) Send(ctx context.Context, it flows.OutboxItem) error { return f(ctx, it) }
