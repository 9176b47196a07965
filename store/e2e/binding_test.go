package e2e_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
)

// guessAll sends every message through the engine at once and returns the
// replies in order.
func (h *harness) guessAll(msgs []flows.Message) []string {
	h.t.Helper()
	// A busy server's pool is warm: open every connection first, so that
	// the guesses run side by side rather than one per new connection.
	db := h.db.SQL()
	db.SetMaxIdleConns(db.Stats().MaxOpenConnections)
	var warm sync.WaitGroup
	for range db.Stats().MaxOpenConnections {
		warm.Go(func() { db.ExecContext(ctx, `SELECT pg_sleep(0.2)`) })
	}
	warm.Wait()
	got := make([]string, len(msgs))
	errs := make([]error, len(msgs))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, m := range msgs {
		wg.Go(func() {
			<-start
			replies, err := h.eng.Handle(ctx, m)
			errs[i] = err
			var texts []string
			for _, r := range replies {
				texts = append(texts, r.Text)
			}
			got[i] = strings.Join(texts, "\n")
		})
	}
	close(start)
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			h.t.Fatalf("guess %d: %v", i, err)
		}
	}
	return got
}

// tally counts the answers to wrong codes that were tries (the code was
// looked at) and those refused with the words refusal; anything else is an
// error.
func (h *harness) tally(answers []string, refusal string) (tries, refused int) {
	h.t.Helper()
	for _, got := range answers {
		switch {
		case strings.Contains(got, "绑定码不正确或已失效"):
			tries++
		case strings.Contains(got, refusal):
			refused++
		default:
			h.t.Errorf("unexpected answer to a guess: %q", got)
		}
	}
	return tries, refused
}

// slowStore is the database under load: each failed binding attempt takes
// a while to record, so that concurrent attempts overlap between counting
// the failures and recording theirs, every time rather than by chance.
type slowStore struct{ db *store.DB }

func (s slowStore) InTx(ctx context.Context, fn func(flows.Tx) error) error {
	return s.db.InTx(ctx, func(tx flows.Tx) error { return fn(slowTx{tx.(flows.EngineTx)}) })
}

type slowTx struct{ flows.EngineTx }

func (tx slowTx) RecordBindFailure(ctx context.Context, f flows.BindFailure) error {
	time.Sleep(20 * time.Millisecond)
	return tx.EngineTx.RecordBindFailure(ctx, f)
}

// One account firing 100 wrong codes at once gets five of them looked at: the count of failures and the failure recorded after it are
// one atomic step, not a read that 100 transactions make before any of
// them writes.
func TestConcurrentGuessesFromOneAccountAreThrottled(t *testing.T) {
	h := newHarness(t)
	h.eng = flows.NewEngine(flows.EngineConfig{Store: slowStore{h.db}, Now: h.clock})
	var msgs []flows.Message
	for i := range 100 {
		msgs = append(msgs, h.msg("guesser", fmt.Sprintf("绑定 AAAA%04d", i), ""))
	}
	tries, refused := h.tally(h.guessAll(msgs), "次数太多")
	if tries != 5 || refused != 95 {
		t.Errorf("%d guesses answered as tries and %d refused, want 5 tries and the rest refused", tries, refused)
	}
	if n := h.count(`SELECT count(*) FROM bind_failures WHERE external_id = 'guesser'`); n != 5 {
		t.Errorf("%d failures recorded for one account, want 5", n)
	}
}

// 150 accounts guessing at once get 100 codes looked up between them; the rest are told binding is unavailable, and so is a person with a
// right code until the window has passed.
func TestConcurrentGuessesFromManyAccountsHitTheGlobalLimit(t *testing.T) {
	h := newHarness(t)
	code, err := h.db.InviteStaff(ctx, h.s.Staff["王老师"].ID, h.now, 7*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []flows.Message
	for i := range 150 {
		msgs = append(msgs, h.msg(fmt.Sprintf("bot-%d", i), fmt.Sprintf("绑定 BBBB%04d", i), ""))
	}
	tries, refused := h.tally(h.guessAll(msgs), "绑定暂时不可用")
	if tries != 100 || refused != 50 {
		t.Errorf("%d guesses answered as tries and %d refused, want 100 and 50", tries, refused)
	}
	if n := h.count(`SELECT count(*) FROM bind_failures`); n != 100 {
		t.Errorf("%d failures recorded, want 100", n)
	}
	wantContains(t, h.say("wx-new", "绑定 "+code), "绑定暂时不可用")
	h.now = h.now.Add(10*time.Minute + time.Second)
	wantContains(t, h.say("wx-new", "绑定 "+code), "绑定成功", "王老师")
}
