package e2e

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

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
		return tx.PruneConversations(ctx, w.now.Add(-flows.InboundRetention), w.now.Add(-time.Hour))
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
