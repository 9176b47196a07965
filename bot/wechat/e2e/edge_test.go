package e2e

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/houqin/houqin/bot/wechat"
	"github.com/houqin/houqin/flows"
)

// TestReplayRefusedOnPostgres: the nonces live in PostgreSQL. WeChat's
// retry of a message (the same signed request) gets the stored answer; the
// same capture replayed after the window — here after the 7-day dedup
// retention, when the engine would have taken it for a new message — is
// refused and leaves no trace.
func TestReplayRefusedOnPostgres(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c := http.DefaultClient
	if got := w.post(t, c, text("oTeacherLi", 1, "绑定 "+w.invite(t, "李老师"))); !strings.Contains(got, "绑定成功") {
		t.Fatalf("binding: %q", got)
	}
	if got := w.post(t, c, text("oTeacherLi", 2, "302教室课桌腿断了")); !strings.Contains(got, "确认") {
		t.Fatalf("report: %q", got)
	}
	confirm, err := sign(text("oTeacherLi", 3, "1"), w.now)
	if err != nil {
		t.Fatal(err)
	}
	first, err := deliver(c, w.srv.URL, confirm)
	if err != nil || !strings.Contains(first, "报修成功") {
		t.Fatalf("confirmation: %q %v", first, err)
	}
	if again, err := deliver(c, w.srv.URL, confirm); err != nil || again != first {
		t.Errorf("WeChat's retry: %q %v, want %q", again, err, first)
	}
	var nonces int
	if err := w.db.SQL().GetContext(ctx, &nonces, `SELECT count(*) FROM callback_nonces`); err != nil || nonces != 3 {
		t.Errorf("%d nonces recorded (%v), want 3", nonces, err)
	}

	w.now = w.now.Add(8 * 24 * time.Hour)
	if err := w.db.InTx(ctx, func(tx flows.Tx) error {
		return tx.(flows.EngineTx).PruneConversations(ctx, w.now.Add(-flows.InboundRetention), w.now.Add(-time.Hour))
	}); err != nil {
		t.Fatal(err)
	}
	_, err = deliver(c, w.srv.URL, confirm)
	var status *errStatus
	if !errors.As(err, &status) || status.code != http.StatusForbidden {
		t.Fatalf("capture replayed 8 days later: %v, want 403", err)
	}
	if seen, err := w.db.Seen(ctx, flows.ChannelWeChat, "oTeacherLi:3"); err != nil || seen {
		t.Errorf("the replay reached the engine (dedup key recorded again): %v %v", seen, err)
	}
	counts, err := w.db.Counts(ctx, w.school.ID)
	if err != nil || counts["repairs"] != 1 {
		t.Errorf("repairs = %d (%v), want 1", counts["repairs"], err)
	}
}

// TestNonceInTheMessageTransaction: with the real engine the callback's
// nonce is recorded in the message's own transaction (no commit of its
// own). Another message under a used nonce is still refused with 403 and
// writes nothing, WeChat's retry is still answered from the dedup log, and
// the nonce row exists exactly when the message was committed.
func TestNonceInTheMessageTransaction(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c := http.DefaultClient
	if got := w.post(t, c, text("oTeacherLi", 1, "绑定 "+w.invite(t, "李老师"))); !strings.Contains(got, "绑定成功") {
		t.Fatalf("binding: %q", got)
	}
	const nonce = "424242"
	mine, err := signNonce(text("oTeacherLi", 2, "我的"), w.now, nonce)
	if err != nil {
		t.Fatal(err)
	}
	first, err := deliver(c, w.srv.URL, mine)
	if err != nil || first == "" {
		t.Fatalf("我的: %q %v", first, err)
	}
	key := strconv.FormatInt(w.now.Unix(), 10) + ":" + nonce
	var n int
	if err := w.db.SQL().GetContext(ctx, &n, `SELECT count(*) FROM callback_nonces WHERE nonce = $1`, key); err != nil || n != 1 {
		t.Fatalf("nonce rows %d (%v), want 1", n, err)
	}
	forged, err := signNonce(text("oTeacherLi", 3, "302教室课桌腿断了"), w.now, nonce)
	if err != nil {
		t.Fatal(err)
	}
	_, err = deliver(c, w.srv.URL, forged)
	var status *errStatus
	if !errors.As(err, &status) || status.code != http.StatusForbidden {
		t.Fatalf("another message under a used nonce: %v, want 403", err)
	}
	if seen, err := w.db.Seen(ctx, flows.ChannelWeChat, "oTeacherLi:3"); err != nil || seen {
		t.Errorf("the forged message reached the engine: %v %v", seen, err)
	}
	// The same forged message with the same MsgId as the first (it would
	// join the dedup log's answer) is refused too.
	forgedSameID, err := signNonce(text("oTeacherLi", 2, "302教室课桌腿断了"), w.now, nonce)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := deliver(c, w.srv.URL, forgedSameID); !errors.As(err, &status) || status.code != http.StatusForbidden {
		t.Fatalf("another message with the first's MsgId under its nonce: %v, want 403", err)
	}
	if again, err := deliver(c, w.srv.URL, mine); err != nil || again != first {
		t.Errorf("WeChat's retry: %q %v, want %q", again, err, first)
	}
	counts, err := w.db.Counts(ctx, w.school.ID)
	if err != nil || counts["repairs"] != 0 {
		t.Errorf("repairs = %d (%v), want 0", counts["repairs"], err)
	}
}

// TestAnotherUsersMsgIDOnPostgres: a message that carries another
// person's MsgId is its sender's own message; the other person's stored
// reply is not returned.
func TestAnotherUsersMsgIDOnPostgres(t *testing.T) {
	w := newWorld(t)
	c := http.DefaultClient
	if got := w.post(t, c, text("oTeacherLi", 1, "绑定 "+w.invite(t, "李老师"))); !strings.Contains(got, "李老师") {
		t.Fatalf("binding: %q", got)
	}
	const msgID = 6054768590064700777
	mine := w.post(t, c, text("oTeacherLi", msgID, "我的"))
	theirs := w.post(t, c, text("oStranger", msgID, "我的"))
	if theirs == mine || !strings.Contains(theirs, "绑定") {
		t.Errorf("a stranger reusing the MsgId got %q, want the binding instructions (李老师's reply is %q)", theirs, mine)
	}
	for _, key := range []string{"oTeacherLi:6054768590064700777", "oStranger:6054768590064700777"} {
		if seen, err := w.db.Seen(context.Background(), flows.ChannelWeChat, key); err != nil || !seen {
			t.Errorf("dedup key %s not recorded: %v %v", key, seen, err)
		}
	}
}

// TestSlowCommitIsNotAcknowledgedOnPostgres: with the teacher's row locked
// (another transaction holding it, as in the fault runs) the
// callback does not answer before the message has committed; WeChat's
// retries meanwhile get no answer either, and the retry after the commit
// gets the stored reply. When the first attempt's transaction dies instead
// (its database session killed: what a crash before the commit does), the
// retry handles the message: acknowledged only once stored, nothing lost,
// one record.
func TestSlowCommitIsNotAcknowledgedOnPostgres(t *testing.T) {
	w := newWorldWith(t, func(c *wechat.Config) { c.Hold = 300 * time.Millisecond })
	ctx := context.Background()
	c := http.DefaultClient
	if got := w.post(t, c, text("oTeacherLi", 1, "绑定 "+w.invite(t, "李老师"))); !strings.Contains(got, "绑定成功") {
		t.Fatalf("binding: %q", got)
	}
	lock := func() *sqlx.Tx {
		tx, err := w.db.SQL().BeginTxx(ctx, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := tx.ExecContext(ctx, `SELECT 1 FROM identities WHERE channel = 'wechat' AND external_id = 'oTeacherLi' FOR UPDATE`); err != nil {
			t.Fatal(err)
		}
		return tx
	}
	seen := func(key string) bool {
		ok, err := w.db.Seen(ctx, flows.ChannelWeChat, key)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	unanswered := func(cb callback, key string) {
		t.Helper()
		reply, err := deliver(c, w.srv.URL, cb)
		var status *errStatus
		if err == nil || errors.As(err, &status) {
			t.Fatalf("answered %q %v before the commit, want no answer", reply, err)
		}
		if seen(key) {
			t.Fatalf("%s committed while its row was locked", key)
		}
	}

	// Slow: the lock is released after WeChat's first two attempts.
	held := lock()
	report, _ := sign(text("oTeacherLi", 10, "302教室课桌腿断了"), w.now)
	unanswered(report, "oTeacherLi:10")
	unanswered(report, "oTeacherLi:10") // WeChat's retry joins the first attempt
	if err := held.Rollback(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the report to commit", func() bool { return seen("oTeacherLi:10") })
	if got, err := deliver(c, w.srv.URL, report); err != nil || !strings.Contains(got, "确认") {
		t.Fatalf("retry after the commit: %q %v, want the stored confirmation prompt", got, err)
	}

	// Crash: the first attempt's database session dies before its commit.
	held = lock()
	confirm, _ := sign(text("oTeacherLi", 11, "1"), w.now)
	unanswered(confirm, "oTeacherLi:11")
	var killed int
	if err := w.db.SQL().GetContext(ctx, &killed, `
		SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND wait_event_type = 'Lock') k`); err != nil || killed != 1 {
		t.Fatalf("killed %d waiting sessions (%v), want the engine's one", killed, err)
	}
	if err := held.Rollback(); err != nil {
		t.Fatal(err)
	}
	var got string
	waitFor(t, "WeChat's retry to be handled", func() bool {
		var err error
		got, err = deliver(c, w.srv.URL, confirm)
		return err == nil
	})
	if !strings.Contains(got, "报修成功") {
		t.Errorf("retry after the crash answered %q, want 报修成功", got)
	}
	counts, err := w.db.Counts(ctx, w.school.ID)
	if err != nil || counts["repairs"] != 1 {
		t.Errorf("repairs = %d (%v), want 1", counts["repairs"], err)
	}
}

// waitFor polls cond for up to 20 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
