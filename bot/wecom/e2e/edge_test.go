package e2e

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/util"
)

// TestVerifyURL: the console's URL check gets the decrypted echostr; a
// forged signature, an old timestamp and a reused nonce get 403.
func TestVerifyURL(t *testing.T) {
	w := newWorld(t)
	enc, err := util.EncryptMsg([]byte("0123456789abcdef"), []byte("echo-4711"), corpID, aesKey)
	if err != nil {
		t.Fatal(err)
	}
	get := func(ts, nonce, sig string) (int, string) {
		q := url.Values{"msg_signature": {sig}, "timestamp": {ts}, "nonce": {nonce}, "echostr": {string(enc)}}
		resp, err := http.Get(w.srv.URL + "/wecom?" + q.Encode())
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b := make([]byte, 64)
		n, _ := resp.Body.Read(b)
		return resp.StatusCode, string(b[:n])
	}
	ts := strconv.FormatInt(w.now.Unix(), 10)
	good := util.Signature(token, ts, "n1", string(enc))
	if code, body := get(ts, "n1", good); code != 200 || body != "echo-4711" {
		t.Errorf("verification = %d %q, want 200 echo-4711", code, body)
	}
	if code, _ := get(ts, "n1", good); code != 200 {
		t.Errorf("WeCom's retry of the verification = %d, want 200", code)
	}
	if code, _ := get(ts, "n2", util.Signature("other-token", ts, "n2", string(enc))); code != http.StatusForbidden {
		t.Errorf("forged signature = %d, want 403", code)
	}
	old := strconv.FormatInt(w.now.Add(-6*time.Minute).Unix(), 10)
	if code, _ := get(old, "n3", util.Signature(token, old, "n3", string(enc))); code != http.StatusForbidden {
		t.Errorf("old timestamp = %d, want 403", code)
	}
	// The verification's signed URL cannot carry a message.
	cb := sign(text("LiLaoshi", "你好"), corpID, token, w.now)
	q, _ := url.ParseQuery(strings.TrimPrefix(cb.target, "/wecom?"))
	q.Set("nonce", "n1")
	q.Set("timestamp", ts)
	q.Set("msg_signature", util.Signature(token, ts, "n1", between(cb.body, "<Encrypt><![CDATA[", "]]>")))
	if code, _ := w.deliver(t, callback{"/wecom?" + q.Encode(), cb.body}); code != http.StatusForbidden {
		t.Errorf("message under the verification's nonce = %d, want 403", code)
	}
}

func between(s, a, b string) string {
	_, rest, _ := strings.Cut(s, a)
	v, _, _ := strings.Cut(rest, b)
	return v
}

// TestReplayAndForgery: the same rules as the official account's safe
// mode. WeCom's retries of a message (the same request, two of them
// concurrent) are answered alike and handled once; another message under
// a used nonce, a timestamp outside the window either way, a forged
// msg_signature, a ciphertext for another corp and a message for another
// app are refused.
func TestReplayAndForgery(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.post(t, text("LiLaoshi", "绑定 "+w.invite(t, "李老师")))
	w.post(t, text("LiLaoshi", "302教室课桌腿断了"))

	confirm := sign(text("LiLaoshi", "1"), corpID, token, w.now)
	_, first := w.deliver(t, confirm)
	if !strings.Contains(first, "报修成功") {
		t.Fatalf("confirmation answered %q", first)
	}
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			if code, again := w.deliver(t, confirm); code != 200 || again != first {
				t.Errorf("retry = %d %q, want 200 %q", code, again, first)
			}
		})
	}
	wg.Wait()
	counts, err := w.db.Counts(ctx, w.school.ID)
	if err != nil {
		t.Fatal(err)
	}
	if counts["repairs"] != 1 {
		t.Errorf("%d repairs after three deliveries of one message, want 1", counts["repairs"])
	}

	// Another message under the confirmation's timestamp and nonce.
	forged := sign(text("LiLaoshi", "我的"), corpID, token, w.now)
	q, _ := url.ParseQuery(strings.TrimPrefix(forged.target, "/wecom?"))
	cq, _ := url.ParseQuery(strings.TrimPrefix(confirm.target, "/wecom?"))
	q.Set("nonce", cq.Get("nonce"))
	q.Set("msg_signature", util.Signature(token, q.Get("timestamp"), q.Get("nonce"), between(forged.body, "<Encrypt><![CDATA[", "]]>")))
	if code, _ := w.deliver(t, callback{"/wecom?" + q.Encode(), forged.body}); code != http.StatusForbidden {
		t.Errorf("another message under a used nonce = %d, want 403", code)
	}

	for name, tc := range map[string]struct {
		cb   callback
		want int
	}{
		"timestamp 6 minutes old":      {sign(text("LiLaoshi", "我的"), corpID, token, w.now.Add(-6*time.Minute)), 403},
		"timestamp 6 minutes ahead":    {sign(text("LiLaoshi", "我的"), corpID, token, w.now.Add(6*time.Minute)), 403},
		"signed with another token":    {sign(text("LiLaoshi", "我的"), corpID, "not-the-token", w.now), 403},
		"encrypted for another corp":   {sign(text("LiLaoshi", "我的"), "wwOTHERCORP000000", token, w.now), 400},
		"for another app of the corp":  {sign(strings.Replace(text("LiLaoshi", "我的"), "<AgentID>1000002</AgentID>", "<AgentID>1000099</AgentID>", 1), corpID, token, w.now), 403},
		"timestamp 4 minutes old (ok)": {sign(text("LiLaoshi", "我的"), corpID, token, w.now.Add(-4*time.Minute)), 200},
	} {
		if code, _ := w.deliver(t, tc.cb); code != tc.want {
			t.Errorf("%s: status %d, want %d", name, code, tc.want)
		}
	}
	// A forged signature on a good body.
	cb := sign(text("LiLaoshi", "我的"), corpID, token, w.now)
	cb.target = strings.Replace(cb.target, "msg_signature=", "msg_signature=0", 1)
	if code, _ := w.deliver(t, cb); code != http.StatusForbidden {
		t.Errorf("altered msg_signature = %d, want 403", code)
	}
	// No msg_signature at all.
	cb = sign(text("LiLaoshi", "我的"), corpID, token, w.now)
	q, _ = url.ParseQuery(strings.TrimPrefix(cb.target, "/wecom?"))
	q.Del("msg_signature")
	if code, _ := w.deliver(t, callback{"/wecom?" + q.Encode(), cb.body}); code != http.StatusForbidden {
		t.Errorf("no msg_signature = %d, want 403", code)
	}
}

// TestOAuth: WeCom's OAuth turns a code into the member's UserID through
// user/getuserinfo on the fake API; a bad code is an error that names
// neither the code nor the token.
func TestOAuth(t *testing.T) {
	w := newWorld(t)
	w.api.mu.Lock()
	w.api.codes["CODE-OK"] = "WangShifu"
	w.api.mu.Unlock()
	o := w.ch.OAuth("https://open.example")
	u := o.AuthorizeURL("https://houqin.example/auth/wecom?next=%2Fr%2F1", "STATE")
	for _, want := range []string{"appid=" + corpID, "agentid=1000002", "scope=snsapi_base", "state=STATE", "#wechat_redirect"} {
		if !strings.Contains(u, want) {
			t.Errorf("authorize URL %s lacks %s", u, want)
		}
	}
	if id, err := o.OpenID(context.Background(), "CODE-OK"); err != nil || id != "WangShifu" {
		t.Errorf("OpenID = %q, %v; want WangShifu", id, err)
	}
	_, err := o.OpenID(context.Background(), "CODE-BAD")
	if err == nil || strings.Contains(err.Error(), "CODE-BAD") || strings.Contains(err.Error(), "E2E-WECOM-TOKEN") {
		t.Errorf("bad code: err = %v, want an error without the code or the token", err)
	}
}
