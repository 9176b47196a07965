package e2e

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/houqin/houqin/bot/wecom"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
)

// ownNonces counts the nonces the channel records on its own, in a
// transaction of their own (the store's UseNonce), as opposed to those the
// engine records in a message's transaction.
type ownNonces struct {
	*store.DB
	uses atomic.Int64
}

func (o *ownNonces) UseNonce(ctx context.Context, ch flows.Channel, nonce, fp string, at time.Time) (string, error) {
	o.uses.Add(1)
	return o.DB.UseNonce(ctx, ch, nonce, fp, at)
}

// TestNonceInTheMessageTransaction: with the real engine a WeCom message's
// callback nonce is recorded in the message's own transaction, with its
// dedup claim, and not on its own. Another message under a used nonce is
// still refused with 403 and writes nothing (no dedup key, no nonce row,
// the first use's fingerprint kept), WeCom's retry is still answered with
// the first answer, and a callback that never reaches the engine (an
// ignored event) still records its nonce on its own, so that no message
// can follow under it.
func TestNonceInTheMessageTransaction(t *testing.T) {
	var own *ownNonces
	w := newWorldOn(t, func(db *store.DB) wecom.Store { own = &ownNonces{DB: db}; return own })
	ctx := context.Background()
	if got := w.post(t, text("LiLaoshi", "绑定 "+w.invite(t, "李老师"))); !strings.Contains(got, "绑定成功") {
		t.Fatalf("binding: %q", got)
	}
	nonceRows := func() (n int) {
		t.Helper()
		if err := w.db.SQL().GetContext(ctx, &n, `SELECT count(*) FROM callback_nonces WHERE channel = 'wecom'`); err != nil {
			t.Fatal(err)
		}
		return n
	}
	seen := func(raw string) bool {
		t.Helper()
		ok, err := w.db.Seen(ctx, flows.ChannelWeCom, "LiLaoshi:"+between(raw, "<MsgId>", "</MsgId>"))
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	ts := strconv.FormatInt(w.now.Unix(), 10)

	const nonce = "424242"
	mineRaw := text("LiLaoshi", "我的")
	mine := signNonce(mineRaw, corpID, token, w.now, nonce)
	code, first := w.deliver(t, mine)
	if code != http.StatusOK || first == "" {
		t.Fatalf("我的: %d %q", code, first)
	}
	var fp string
	if err := w.db.SQL().GetContext(ctx, &fp, `SELECT fingerprint FROM callback_nonces WHERE channel = 'wecom' AND nonce = $1`, ts+":"+nonce); err != nil {
		t.Errorf("the message's nonce was not recorded: %v", err)
	}
	if n := own.uses.Load(); n != 0 {
		t.Errorf("%d nonces recorded on their own for two messages to the engine, want 0 (in the messages' transactions)", n)
	}
	rows := nonceRows()

	// Another message under the used nonce: a new MsgId, and the first
	// message's MsgId with another text (it would get the dedup log's
	// answer).
	forged := text("LiLaoshi", "302教室课桌腿断了")
	sameID := strings.Replace(mineRaw, "<![CDATA[我的]]>", "<![CDATA[302教室课桌腿断了]]>", 1)
	for name, raw := range map[string]string{"a new MsgId": forged, "the first's MsgId": sameID} {
		if code, got := w.deliver(t, signNonce(raw, corpID, token, w.now, nonce)); code != http.StatusForbidden {
			t.Errorf("another message (%s) under a used nonce: %d %q, want 403", name, code, got)
		}
	}
	if seen(forged) {
		t.Error("the forged message reached the engine")
	}
	var after string
	if err := w.db.SQL().GetContext(ctx, &after, `SELECT fingerprint FROM callback_nonces WHERE channel = 'wecom' AND nonce = $1`, ts+":"+nonce); err != nil || after != fp {
		t.Errorf("the nonce's fingerprint changed by a replay (%v)", err)
	}
	if n := nonceRows(); n != rows {
		t.Errorf("%d nonce rows after the replays, want %d", n, rows)
	}

	// WeCom's retry of the first message gets the first answer.
	if code, again := w.deliver(t, mine); code != http.StatusOK || again != first {
		t.Errorf("WeCom's retry: %d %q, want 200 %q", code, again, first)
	}
	counts, err := w.db.Counts(ctx, w.school.ID)
	if err != nil || counts["repairs"] != 0 {
		t.Errorf("repairs = %d (%v), want 0", counts["repairs"], err)
	}

	// An event houqin ignores never reaches the engine: its nonce is
	// recorded on its own, and a message under it is refused.
	const eventNonce = "515151"
	view := `<xml><ToUserName><![CDATA[` + corpID + `]]></ToUserName><FromUserName><![CDATA[LiLaoshi]]></FromUserName>` +
		`<CreateTime>1700000200</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[view]]></Event>` +
		`<EventKey><![CDATA[https://example.com/]]></EventKey><AgentID>` + strconv.Itoa(agentID) + `</AgentID></xml>`
	if code, got := w.deliver(t, signNonce(view, corpID, token, w.now, eventNonce)); code != http.StatusOK || got != "" {
		t.Fatalf("ignored event: %d %q, want 200 and an empty answer", code, got)
	}
	if n := own.uses.Load(); n != 1 {
		t.Errorf("%d nonces recorded on their own after an ignored event, want 1", n)
	}
	late := text("LiLaoshi", "302教室课桌腿断了")
	if code, _ := w.deliver(t, signNonce(late, corpID, token, w.now, eventNonce)); code != http.StatusForbidden {
		t.Errorf("a message under an ignored event's nonce: %d, want 403", code)
	}
	if seen(late) {
		t.Error("the message under the ignored event's nonce reached the engine")
	}
}
