package wechat

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/util"

	"github.com/houqin/houqin/bot/internal/callback"
	"github.com/houqin/houqin/flows"
)

func TestURLVerification(t *testing.T) {
	e := newEnv(t, nil)
	tests := []struct {
		name   string
		token  string
		echo   string
		status int
		body   string
	}{
		{"signed", testToken, "5837397749392", http.StatusOK, "5837397749392"},
		{"wrong token", "other", "5837397749392", http.StatusForbidden, ""},
		{"no echostr", testToken, "", http.StatusBadRequest, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := e.plainURL(tt.token)
			if tt.echo != "" {
				target += "&echostr=" + tt.echo
			}
			w := httptest.NewRecorder()
			e.ch.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
			if w.Code != tt.status {
				t.Fatalf("status = %d, want %d", w.Code, tt.status)
			}
			if tt.body != "" && w.Body.String() != tt.body {
				t.Errorf("body = %q, want %q", w.Body.String(), tt.body)
			}
		})
	}
}

func TestTextPlaintext(t *testing.T) {
	e := newEnv(t, plaintext)
	e.eng.reply = func(m flows.Message) ([]flows.Reply, error) {
		return []flows.Reply{
			{Text: "请确认报修：初二(3)班 课桌坏了", Buttons: []flows.Button{{Label: "确认", Data: "ok"}, {Label: "取消", Data: "no"}}},
			{Text: "也可以直接回复数字。"},
		}, nil
	}
	w := e.post(e.plainURL(testToken), textXML(testOpenID, 1001, "初二3班课桌坏了"))
	if w.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200; body %q", w.Code, w.Body)
	}
	got := passiveText(t, w.Body.String())
	want := "请确认报修：初二(3)班 课桌坏了\n1. 确认\n2. 取消\n\n也可以直接回复数字。"
	if got != want {
		t.Errorf("reply = %q, want %q", got, want)
	}
	msgs := e.eng.messages()
	if len(msgs) != 1 {
		t.Fatalf("engine got %d messages, want 1", len(msgs))
	}
	wantMsg := flows.Message{
		Channel: flows.ChannelWeChat, ExternalUser: testOpenID, Chat: testOpenID,
		Text: "初二3班课桌坏了", DedupKey: testOpenID + ":1001", At: time.Unix(1700000000, 0),
	}
	if m := msgs[0]; m.Channel != wantMsg.Channel || m.ExternalUser != wantMsg.ExternalUser || m.Chat != wantMsg.Chat ||
		m.Text != wantMsg.Text || m.DedupKey != wantMsg.DedupKey || !m.At.Equal(wantMsg.At) || len(m.Media) != 0 {
		t.Errorf("message = %+v, want %+v", m, wantMsg)
	}
}

func TestTextSafeMode(t *testing.T) {
	for _, compatible := range []bool{false, true} {
		t.Run(fmt.Sprintf("compatible=%v", compatible), func(t *testing.T) {
			e := newEnv(t, nil)
			target, body := e.safeRequest(t, textXML(testOpenID, 2002, "宿舍楼水管漏水"), compatible)
			w := e.post(target, body)
			if w.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200; body %q", w.Code, w.Body)
			}
			if strings.Contains(w.Body.String(), "漏水") {
				t.Fatalf("safe-mode reply is not encrypted: %s", w.Body)
			}
			if got, want := decryptReply(t, w.Body.String()), "收到：宿舍楼水管漏水"; got != want {
				t.Errorf("reply = %q, want %q", got, want)
			}
			if msgs := e.eng.messages(); len(msgs) != 1 || msgs[0].Text != "宿舍楼水管漏水" || msgs[0].DedupKey != testOpenID+":2002" {
				t.Errorf("engine got %+v", msgs)
			}
		})
	}
}

// TestKnownAnswer decrypts Tencent's published sample (from the sample code
// of the official-account message encryption guide).
func TestKnownAnswer(t *testing.T) {
	const (
		encrypt = "hyzAe4OzmOMbd6TvGdIOO6uBmdJoD0Fk53REIHvxYtJlE2B655HuD0m8KUePWB3+LrPXo87wzQ1QLvbeUgmBM4x6F8PGHQHFVAFmOD2LdJF9FrXpbUAh0B5GIItb52sn896wVsMSHGuPE328HnRGBcrS7C41IzDWyWNlZkyyXwon8T332jisa+h6tEDYsVticbSnyU8dKOIbgU6ux5VTjg3yt+WGzjlpKn6NPhRjpA912xMezR4kw6KWwMrCVKSVCZciVGCgavjIQ6X8tCOp3yZbGpy0VxpAe+77TszTfRd5RJSVO/HTnifJpXgCSUdUue1v6h0EIBYYI1BD1DlD+C0CR8e6OewpusjZ4uBl9FyJvnhvQl+q5rv1ixrcpCumEPo5MJSgM9ehVsNPfUM669WuMyVWQLCzpu9GhglF2PE="
		msgSig  = "5d197aaffba7e9b25a30732f161a50dee96bd5fa"
	)
	e := newEnv(t, func(c *Config) {
		c.Token = "spamtest"
		c.EncodingAESKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
		c.AppID = "wx2c2769f8efd9abc2"
	})
	e.now = time.Unix(1409735669, 0).Add(30 * time.Second) // the sample's own time
	q := url.Values{
		"encrypt_type":  {"aes"},
		"timestamp":     {"1409735669"},
		"nonce":         {"1320562132"},
		"msg_signature": {msgSig},
	}
	body := "<xml><ToUserName><![CDATA[toUser]]></ToUserName><Encrypt><![CDATA[" + encrypt + "]]></Encrypt></xml>"
	w := e.post("/wechat?"+q.Encode(), body)
	if w.Code != http.StatusOK {
		t.Fatalf("status = %d, want 200; body %q", w.Code, w.Body)
	}
	msgs := e.eng.messages()
	if len(msgs) != 1 {
		t.Fatalf("engine got %d messages, want 1", len(msgs))
	}
	if got := msgs[0]; got.Text != "abcdteT" || got.DedupKey != "oyORnuP8q7ou2gfYjqLzSIWZf0rs:6054768590064713728" {
		t.Errorf("decrypted message: Text %q DedupKey %q, want abcdteT oyORnuP8q7ou2gfYjqLzSIWZf0rs:6054768590064713728", got.Text, got.DedupKey)
	}

	// One bit off in the signature: refused before anything is decrypted.
	q.Set("msg_signature", "5d197aaffba7e9b25a30732f161a50dee96bd5fb")
	if w := e.post("/wechat?"+q.Encode(), body); w.Code != http.StatusForbidden {
		t.Errorf("tampered msg_signature: status = %d, want 403", w.Code)
	}
	if n := len(e.eng.messages()); n != 1 {
		t.Errorf("engine got %d messages after a bad signature, want 1", n)
	}
}

// TestWeChatRetryIsAnsweredFromDedup: WeChat resends a message it got no
// answer to with the same timestamp, nonce, signature and body. The
// resends pass the nonce check (the same message under the same nonce)
// and get the same answer; the engine handles the message once.
func TestWeChatRetryIsAnsweredFromDedup(t *testing.T) {
	for _, safe := range []bool{false, true} {
		t.Run(fmt.Sprintf("safe=%v", safe), func(t *testing.T) {
			mod := plaintext
			if safe {
				mod = nil
			}
			e := newEnv(t, mod)
			const msgID = 6054768590064713728
			target, body := e.plainURL(testToken), textXML(testOpenID, msgID, "三楼男厕所水龙头坏了")
			if safe {
				target, body = e.safeRequest(t, body, false)
			}
			var (
				wg      sync.WaitGroup
				mu      sync.Mutex
				answers []string
			)
			send := func() {
				w := e.post(target, body)
				if w.Code != http.StatusOK {
					t.Errorf("status %d, want 200", w.Code)
					return
				}
				a := w.Body.String()
				if safe {
					a = decryptReply(t, a)
				} else {
					a = passiveText(t, a)
				}
				mu.Lock()
				answers = append(answers, a)
				mu.Unlock()
			}
			send() // the first delivery
			for range 2 {
				wg.Go(send) // two retries arriving together
			}
			wg.Wait()

			for _, m := range e.eng.messages() {
				if m.DedupKey != testOpenID+":6054768590064713728" {
					t.Errorf("DedupKey = %q, want the sender and the MsgId", m.DedupKey)
				}
			}
			if n := e.eng.handled(); n != 1 {
				t.Errorf("engine handled %d reports, want 1", n)
			}
			if len(answers) != 3 {
				t.Fatalf("%d answers, want 3", len(answers))
			}
			for _, a := range answers {
				if a != answers[0] || a != "收到：三楼男厕所水龙头坏了" {
					t.Errorf("answers %q, want the same reply three times", answers)
				}
			}

			// Events have no MsgId: the same click delivered twice has one key.
			target, body = e.plainURL(testToken), eventXML(testOpenID, "CLICK", KeyRepair)
			if safe {
				target, body = e.safeRequest(t, body, false)
			}
			e.post(target, body)
			e.post(target, body)
			msgs := e.eng.messages()
			if a, b := msgs[len(msgs)-2].DedupKey, msgs[len(msgs)-1].DedupKey; a != b || a != testOpenID+":1700000001:CLICK" {
				t.Errorf("event DedupKeys = %q, %q; want both %q", a, b, testOpenID+":1700000001:CLICK")
			}
		})
	}
}

// TestEngineFailureIsLeftToWeChatsRetry: when the engine fails (or
// panics) nothing was stored, so the callback gives no answer and WeChat
// retries; the retry, once the engine works again, is handled.
func TestEngineFailureIsLeftToWeChatsRetry(t *testing.T) {
	for _, fail := range []string{"error", "panic"} {
		t.Run(fail, func(t *testing.T) {
			e := newEnv(t, plaintext)
			broken := true
			e.eng.reply = func(m flows.Message) ([]flows.Reply, error) {
				if broken {
					if fail == "panic" {
						panic("boom")
					}
					return nil, errors.New("database is down, password=hunter2")
				}
				return []flows.Reply{{Text: "收到：" + m.Text}}, nil
			}
			target, body := e.plainURL(testToken), textXML(testOpenID, 4004, "报修")
			if w := e.post(target, body); w.Code != codeAborted {
				t.Fatalf("answered %d %q after a failure, want no answer", w.Code, w.Body)
			}
			if !strings.Contains(e.logs.String(), "handler failed") && !strings.Contains(e.logs.String(), "panic in handler") {
				t.Errorf("the failure was not logged:\n%s", e.logs)
			}
			broken = false
			e.eng.mu.Lock()
			delete(e.eng.stored, testOpenID+":4004") // the fake's "rollback"
			e.eng.mu.Unlock()
			w := e.post(target, body)
			if w.Code != http.StatusOK || passiveText(t, w.Body.String()) != "收到：报修" {
				t.Errorf("WeChat's retry: %d %q, want the reply", w.Code, w.Body)
			}
		})
	}
}

// TestLongReplyIsSplit: a passive reply is one message of at most 2048
// bytes; the rest follows as customer-service messages.
func TestLongReplyIsSplit(t *testing.T) {
	e := newEnv(t, plaintext)
	line := strings.Repeat("报修记录", 20) // 240 bytes
	e.eng.reply = func(flows.Message) ([]flows.Reply, error) {
		return []flows.Reply{{Text: strings.Repeat(line+"\n", 15), Image: "MEDIA-1"}}, nil
	}
	w := e.post(e.plainURL(testToken), textXML(testOpenID, 5005, "我的"))
	first := passiveText(t, w.Body.String())
	if len(first) > maxText {
		t.Errorf("passive reply is %d bytes, want at most %d", len(first), maxText)
	}
	for range 2 {
		select {
		case <-e.api.sentSignal:
		case <-time.After(5 * time.Second):
			t.Fatal("rest of the reply not sent")
		}
	}
	got := e.api.customs()
	if len(got) != 2 || got[0].Text == nil || got[1].Image == nil || got[1].Image.MediaID != "MEDIA-1" {
		t.Fatalf("customer messages = %+v, want the rest of the text and the image", got)
	}
	if all := first + "\n" + got[0].Text.Content; strings.Count(all, line) != 15 {
		t.Errorf("text lost in the split: %d of 15 lines", strings.Count(all, line))
	}
}

func TestMessageMapping(t *testing.T) {
	const head = `<xml><ToUserName><![CDATA[gh_houqin_test]]></ToUserName><FromUserName><![CDATA[oUser-openid-123]]></FromUserName><CreateTime>1700000002</CreateTime>`
	tests := []struct {
		name    string
		body    string
		handled bool   // reached the engine
		text    string // engine saw
		media   []flows.Media
		key     string
		reply   string // passive reply text; "success" for none
	}{
		{name: "image", body: head + `<MsgType>image</MsgType><PicUrl><![CDATA[http://mmbiz.qpic.cn/x]]></PicUrl><MediaId><![CDATA[MID-1]]></MediaId><MsgId>11</MsgId></xml>`,
			handled: true, media: []flows.Media{{Kind: "image", Ref: "MID-1"}}, key: testOpenID + ":11"},
		{name: "voice recognised", body: head + `<MsgType>voice</MsgType><MediaId>MID-2</MediaId><Format>amr</Format><Recognition><![CDATA[教室灯坏了]]></Recognition><MsgId>12</MsgId></xml>`,
			handled: true, text: "教室灯坏了", media: []flows.Media{{Kind: "voice", Ref: "MID-2"}}, key: testOpenID + ":12"},
		{name: "location", body: head + `<MsgType>location</MsgType><Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><Scale>20</Scale><Label><![CDATA[某中学]]></Label><MsgId>13</MsgId></xml>`,
			handled: true, media: []flows.Media{{Kind: "location", Ref: "23.134521,113.358803"}}, key: testOpenID + ":13"},
		{name: "menu click", body: eventXML(testOpenID, "CLICK", KeyVisit), handled: true, text: "来访登记", key: testOpenID + ":1700000001:CLICK"},
		{name: "hand-made menu key", body: eventXML(testOpenID, "CLICK", "帮助"), handled: true, text: "帮助", key: testOpenID + ":1700000001:CLICK"},
		{name: "subscribe", body: eventXML(testOpenID, "subscribe", ""), handled: true, text: "帮助", key: testOpenID + ":1700000001:subscribe"},
		{name: "subscribe by QR", body: eventXML(testOpenID, "subscribe", "qrscene_K7P2QX"), handled: true, text: "绑定 K7P2QX", key: testOpenID + ":1700000001:subscribe"},
		{name: "scan QR", body: eventXML(testOpenID, "SCAN", "K7P2QX"), handled: true, text: "绑定 K7P2QX", key: testOpenID + ":1700000001:SCAN"},
		{name: "scan a room's code", body: eventXML(testOpenID, "SCAN", "loc:mfrggzdfmztwq2lk"), handled: true, text: "扫码报修 loc:mfrggzdfmztwq2lk", key: testOpenID + ":1700000001:SCAN"},
		{name: "subscribe by a room's code", body: eventXML(testOpenID, "subscribe", "qrscene_loc:mfrggzdfmztwq2lk"), handled: true, text: "扫码报修 loc:mfrggzdfmztwq2lk", key: testOpenID + ":1700000001:subscribe"},
		{name: "unsubscribe", body: eventXML(testOpenID, "unsubscribe", ""), reply: "success"},
		{name: "view", body: eventXML(testOpenID, "VIEW", "https://example.org"), reply: "success"},
		{name: "template finished", body: eventXML(testOpenID, "TEMPLATESENDJOBFINISH", ""), reply: "success"},
		{name: "video", body: head + `<MsgType>video</MsgType><MediaId>V</MediaId><MsgId>14</MsgId></xml>`, reply: unsupportedText},
		{name: "unknown type", body: head + `<MsgType>hologram</MsgType><MsgId>15</MsgId></xml>`, reply: "success"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, plaintext)
			w := e.post(e.plainURL(testToken), tt.body)
			if w.Code != http.StatusOK {
				t.Fatalf("status = %d, want 200", w.Code)
			}
			msgs := e.eng.messages()
			if !tt.handled {
				if len(msgs) != 0 {
					t.Errorf("engine got %+v, want nothing", msgs)
				}
				got := w.Body.String()
				if tt.reply != "success" {
					got = passiveText(t, got)
				}
				if got != tt.reply {
					t.Errorf("reply = %q, want %q", got, tt.reply)
				}
				return
			}
			if len(msgs) != 1 {
				t.Fatalf("engine got %d messages, want 1", len(msgs))
			}
			m := msgs[0]
			if m.Text != tt.text || m.DedupKey != tt.key || fmt.Sprint(m.Media) != fmt.Sprint(tt.media) {
				t.Errorf("got Text %q Key %q Media %v, want %q %q %v", m.Text, m.DedupKey, m.Media, tt.text, tt.key, tt.media)
			}
		})
	}
}

// countingReader records how much of a body was read.
type countingReader struct {
	mu sync.Mutex
	n  int64
	r  io.Reader
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.mu.Lock()
	c.n += int64(n)
	c.mu.Unlock()
	return n, err
}

func TestRejectedRequests(t *testing.T) {
	const bomb = `<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><MsgType>text</MsgType><Content>&lol9;</Content><MsgId>1</MsgId></xml>`
	const external = `<?xml version="1.0"?><!DOCTYPE xml [<!ENTITY x SYSTEM "file:///etc/passwd">]><xml><FromUserName>b</FromUserName><MsgType>text</MsgType><Content>&x;</Content></xml>`
	safeURL, safeBody := safeRequest(t, textXML(testOpenID, 7, "x"), false)
	stamp := func(d time.Duration) string { return strconv.FormatInt(testNow.Add(d).Unix(), 10) }
	// A plaintext body on a URL that claims safe mode (msg_signature over
	// nothing the body carries).
	claimsSafe := plainURL(testToken) + "&encrypt_type=aes&msg_signature=" + util.Signature(testToken, "x")
	tests := []struct {
		name   string
		safe   bool // the account has an EncodingAESKey
		method string
		target string
		body   string
		status int
	}{
		{"wrong signature", false, http.MethodPost, plainURL("wrong"), textXML(testOpenID, 1, "x"), http.StatusForbidden},
		{"no signature", false, http.MethodPost, "/wechat?timestamp=1&nonce=2", textXML(testOpenID, 1, "x"), http.StatusForbidden},
		{"bad msg_signature", true, http.MethodPost, strings.Replace(safeURL, "msg_signature=", "msg_signature=0", 1), safeBody, http.StatusForbidden},
		{"tampered ciphertext", true, http.MethodPost, safeURL, strings.Replace(safeBody, "CDATA[", "CDATA[A", 2), http.StatusForbidden},
		{"safe mode without msg_signature", true, http.MethodPost, plainURL(testToken) + "&encrypt_type=aes", safeBody, http.StatusForbidden},
		{"plaintext body on a safe-mode account", true, http.MethodPost, plainURL(testToken), textXML(testOpenID, 1, "x"), http.StatusForbidden},
		{"plaintext body claiming safe mode", true, http.MethodPost, claimsSafe, textXML(testOpenID, 1, "x"), http.StatusForbidden},
		{"timestamp 6 minutes old", false, http.MethodPost, signedURL(testToken, stamp(-6*time.Minute), freshNonce()), textXML(testOpenID, 1, "x"), http.StatusForbidden},
		{"timestamp 6 minutes ahead", false, http.MethodPost, signedURL(testToken, stamp(6*time.Minute), freshNonce()), textXML(testOpenID, 1, "x"), http.StatusForbidden},
		{"timestamp 70 days old", false, http.MethodPost, signedURL(testToken, stamp(-70*24*time.Hour), freshNonce()), textXML(testOpenID, 1, "x"), http.StatusForbidden},
		{"safe mode, timestamp 6 minutes old", true, http.MethodPost, "", "", http.StatusForbidden},
		{"timestamp not a number", false, http.MethodPost, signedURL(testToken, "soon", freshNonce()), textXML(testOpenID, 1, "x"), http.StatusForbidden},
		{"no nonce", false, http.MethodPost, signedURL(testToken, testStamp, ""), textXML(testOpenID, 1, "x"), http.StatusForbidden},
		{"broken XML", false, http.MethodPost, plainURL(testToken), "<xml><FromUserName>b</FromUserName><MsgType>text", http.StatusBadRequest},
		{"not XML", false, http.MethodPost, plainURL(testToken), `{"MsgType":"text"}`, http.StatusBadRequest},
		{"entity bomb", false, http.MethodPost, plainURL(testToken), bomb, http.StatusBadRequest},
		{"external entity", false, http.MethodPost, plainURL(testToken), external, http.StatusBadRequest},
		{"undefined entity", false, http.MethodPost, plainURL(testToken), `<xml><FromUserName>b</FromUserName><MsgType>text</MsgType><Content>&lol;</Content></xml>`, http.StatusBadRequest},
		{"wrong root", false, http.MethodPost, plainURL(testToken), `<html><FromUserName>b</FromUserName><MsgType>text</MsgType></html>`, http.StatusBadRequest},
		{"no sender", false, http.MethodPost, plainURL(testToken), `<xml><MsgType>text</MsgType><Content>x</Content></xml>`, http.StatusBadRequest},
		{"empty", false, http.MethodPost, plainURL(testToken), ``, http.StatusBadRequest},
		{"safe mode, broken XML", true, http.MethodPost, safeURL, "<xml><Encrypt>", http.StatusBadRequest},
		{"PUT", false, http.MethodPut, plainURL(testToken), ``, http.StatusMethodNotAllowed},
	}
	oldURL, oldBody := safeRequestAt(t, textXML(testOpenID, 1, "x"), false, stamp(-6*time.Minute), freshNonce())
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mod := plaintext
			if tt.safe {
				mod = nil
			}
			if tt.target == "" {
				tt.target, tt.body = oldURL, oldBody
			}
			e := newEnv(t, mod)
			body := &countingReader{r: strings.NewReader(tt.body)}
			r := httptest.NewRequest(tt.method, tt.target, body)
			w := httptest.NewRecorder()
			e.ch.ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Fatalf("status = %d, want %d; body %q", w.Code, tt.status, w.Body)
			}
			if n := len(e.eng.messages()); n != 0 {
				t.Errorf("engine got %d messages, want none", n)
			}
			if tt.status == http.StatusForbidden && !strings.Contains(tt.name, "body") && !strings.Contains(tt.name, "msg_signature") &&
				!strings.Contains(tt.name, "ciphertext") && body.n != 0 {
				t.Errorf("read %d bytes of a request refused by its URL, want 0", body.n)
			}
		})
	}
}

// TestHugeBody: a 10 MB body is refused after at most 64 KiB is read, with
// or without a Content-Length, and without the memory to hold it.
func TestHugeBody(t *testing.T) {
	e := newEnv(t, plaintext)
	const size = 10 << 20
	for _, declared := range []bool{true, false} {
		t.Run(fmt.Sprintf("content-length=%v", declared), func(t *testing.T) {
			var read int64
			allocs := measureAlloc(func() {
				body := &countingReader{r: io.LimitReader(zeros{}, size)}
				r := httptest.NewRequest(http.MethodPost, plainURL(testToken), body)
				if declared {
					r.ContentLength = size
				} else {
					r.ContentLength = -1
				}
				w := httptest.NewRecorder()
				start := time.Now()
				e.ch.ServeHTTP(w, r)
				if w.Code != http.StatusRequestEntityTooLarge {
					t.Errorf("status = %d, want 413", w.Code)
				}
				if d := time.Since(start); d > 100*time.Millisecond {
					t.Errorf("took %v to refuse", d)
				}
				read = body.n
			})
			if read > callback.MaxBody+1 {
				t.Errorf("read %d bytes, want at most %d", read, callback.MaxBody+1)
			}
			if allocs > 1<<20 {
				t.Errorf("allocated %d bytes refusing a 10 MB body, want < 1 MiB", allocs)
			}
			t.Logf("10 MB body (declared=%v): read %d bytes, allocated %d bytes", declared, read, allocs)
		})
	}
}

// zeros is an endless reader of 'a's.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

// measureAlloc returns the bytes allocated while f runs (best of three, to
// keep other goroutines' allocations out).
func measureAlloc(f func()) uint64 {
	best := ^uint64(0)
	for range 3 {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		f()
		runtime.ReadMemStats(&after)
		best = min(best, after.TotalAlloc-before.TotalAlloc)
	}
	return best
}

func TestPanicInWriterIsRecovered(t *testing.T) {
	e := newEnv(t, plaintext)
	w := &panickyWriter{ResponseRecorder: httptest.NewRecorder()}
	r := httptest.NewRequest(http.MethodPost, plainURL(testToken), strings.NewReader(textXML(testOpenID, 8, "x")))
	e.ch.ServeHTTP(w, r) // must not panic
}

// panickyWriter fails every write by panicking, as some wrappers do on a
// broken connection.
type panickyWriter struct{ *httptest.ResponseRecorder }

func (p *panickyWriter) Write([]byte) (int, error) { panic("broken pipe") }
