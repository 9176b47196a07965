package wecom

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/util"

	"github.com/houqin/houqin/bot/internal/callback"
	"github.com/houqin/houqin/flows"
)

// echo answers every message with its text and records what it got.
type echo struct {
	mu   sync.Mutex
	msgs []flows.Message
}

func (e *echo) Handle(_ context.Context, m flows.Message) ([]flows.Reply, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.msgs = append(e.msgs, m)
	return []flows.Reply{{Text: "收到：" + m.Text + m.Button, Buttons: []flows.Button{{Label: "好", Data: "ok"}}}}, nil
}

func signed(t *testing.T, raw string, at time.Time, nonce string) *http.Request {
	t.Helper()
	enc, err := util.EncryptMsg([]byte("0123456789abcdef"), []byte(raw), testCorp, testAES)
	if err != nil {
		t.Fatal(err)
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	q := url.Values{"msg_signature": {util.Signature(testToken, ts, nonce, string(enc))}, "timestamp": {ts}, "nonce": {nonce}}
	body := "<xml><ToUserName><![CDATA[" + testCorp + "]]></ToUserName><Encrypt><![CDATA[" + string(enc) + "]]></Encrypt></xml>"
	return httptest.NewRequest(http.MethodPost, "/wecom?"+q.Encode(), strings.NewReader(body))
}

func answer(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	if rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	if rec.Body.Len() == 0 {
		return ""
	}
	var r struct{ Encrypt string }
	if err := xml.Unmarshal(rec.Body.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	_, plain, err := util.DecryptMsg(testCorp, r.Encrypt, testAES)
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		MsgType, Content string
		ReplaceName      string `xml:"Button>ReplaceName"`
	}
	xml.Unmarshal(plain, &m)
	if m.MsgType == "update_button" {
		return "update_button:" + m.ReplaceName
	}
	return m.Content
}

// TestMessagesAndLogs: text, voice, menu clicks and card clicks reach the
// engine as typed text or a button; the reply offers the buttons as
// numbers; the log names no content, no UserID and no secret.
func TestMessagesAndLogs(t *testing.T) {
	now := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	var logs bytes.Buffer
	f := newFake(t, map[string][]string{"/cgi-bin/message/send": {`{"errcode":0}`}})
	c, _ := newTestChannel(t, f, &logs)
	h := &echo{}
	c.disp.Handler = h
	c.now, c.guard.Now = func() time.Time { return now }, func() time.Time { return now }
	if err := c.saveCard(context.Background(), "hqTASK", "zhangsan-uid", []flows.Button{{Label: "接单", Data: "repair:take:1"}}); err != nil {
		t.Fatal(err)
	}
	msg := func(kind, inner string) string {
		return fmt.Sprintf("<xml><ToUserName>%s</ToUserName><FromUserName>zhangsan-uid</FromUserName><CreateTime>%d</CreateTime>"+
			"<MsgType>%s</MsgType>%s<AgentID>1000002</AgentID></xml>", testCorp, now.Unix(), kind, inner)
	}
	for i, tc := range []struct {
		raw, want string
	}{
		{msg("text", "<Content>秘密内容 302教室</Content><MsgId>1</MsgId>"), "收到：秘密内容 302教室\n1. 好"},
		{msg("voice", "<MediaId>V</MediaId><Recognition>秘密内容语音。</Recognition><MsgId>2</MsgId>"), "听到的是：「秘密内容语音」\n\n收到：秘密内容语音\n1. 好"},
		{msg("voice", "<MediaId>V</MediaId><MsgId>3</MsgId>"), callback.NoWords},
		{msg("event", "<Event>click</Event><EventKey>REPAIR</EventKey>"), "收到：报修\n1. 好"},
		{msg("event", "<Event>template_card_event</Event><EventKey>b0</EventKey><TaskId>hqTASK</TaskId>"), "update_button:已选：接单"},
		{msg("event", "<Event>template_card_event</Event><EventKey>b0</EventKey><TaskId>hqOTHER</TaskId>"), staleCardText},
		{msg("video", "<MediaId>V</MediaId><MsgId>4</MsgId>"), unsupportedText},
		{msg("event", "<Event>enter_agent</Event><EventKey></EventKey>"), "收到：帮助\n1. 好"},
		{msg("event", "<Event>unsubscribe</Event>"), ""},
	} {
		rec := httptest.NewRecorder()
		c.ServeHTTP(rec, signed(t, tc.raw, now, fmt.Sprint("n", i)))
		if got := answer(t, rec); got != tc.want {
			t.Errorf("message %d answered %q, want %q", i, got, tc.want)
		}
	}
	// The click's answer went out as an application message.
	if err := c.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := f.last("/cgi-bin/message/send").body; got["touser"] != "zhangsan-uid" || fmt.Sprint(got["text"]) != "map[content:收到：repair:take:1\n1. 好]" {
		t.Errorf("the click's answer: %v", got)
	}
	h.mu.Lock()
	if len(h.msgs) != 5 || h.msgs[3].Button != "repair:take:1" || h.msgs[3].Text != "" || h.msgs[0].DedupKey != "zhangsan-uid:1" {
		t.Errorf("engine got %+v", h.msgs)
	}
	h.mu.Unlock()
	for _, secret := range []string{"秘密内容", "zhangsan-uid", testSecret, testAES, "repair:take"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("log contains %q:\n%s", secret, logs.String())
		}
	}
}

// TestBodyLimits: oversized bodies get 413 and DTDs 400, both before the
// engine.
func TestBodyLimits(t *testing.T) {
	now := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	c, _ := newTestChannel(t, newFake(t, nil), nil)
	c.guard.Now = func() time.Time { return now }
	ts := strconv.FormatInt(now.Unix(), 10)
	big := strings.Repeat("A", callback.MaxBody+1)
	req := httptest.NewRequest(http.MethodPost, "/wecom?msg_signature=x&timestamp="+ts+"&nonce=1", strings.NewReader(big))
	rec := httptest.NewRecorder()
	c.ServeHTTP(rec, req)
	if rec.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("big body: %d, want 413", rec.Code)
	}
	dtd := `<!DOCTYPE x [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>`
	req = httptest.NewRequest(http.MethodPost, "/wecom?msg_signature=x&timestamp="+ts+"&nonce=2", strings.NewReader(dtd))
	rec = httptest.NewRecorder()
	c.ServeHTTP(rec, req)
	if rec.Code != http.StatusBadRequest {
		t.Errorf("DTD: %d, want 400", rec.Code)
	}
	req = httptest.NewRequest(http.MethodPut, "/wecom", nil)
	rec = httptest.NewRecorder()
	c.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("PUT: %d, want 405", rec.Code)
	}
}

// FuzzInbound drives the decrypted-message path (DecodeXML, toMessage)
// with arbitrary documents: no panic, and a message for the engine is
// its sender's, with a dedup key under the sender (so one member can never
// read another's stored reply).
func FuzzInbound(f *testing.F) {
	f.Add(`<xml><FromUserName>u</FromUserName><MsgType>text</MsgType><Content>报修</Content><MsgId>1</MsgId></xml>`)
	f.Add(`<xml><FromUserName>u</FromUserName><MsgType>event</MsgType><Event>template_card_event</Event><TaskId>t</TaskId><EventKey>b99</EventKey></xml>`)
	f.Add(`<xml><FromUserName>u</FromUserName><MsgType>voice</MsgType><Recognition>。</Recognition></xml>`)
	c, _ := newTestChannel(f, newFake(f, nil), nil)
	f.Fuzz(func(t *testing.T, doc string) {
		var m inbound
		if err := callback.DecodeXML([]byte(doc), &m); err != nil || m.FromUserName == "" || m.MsgType == "" {
			return
		}
		msg, act, _, _ := c.toMessage(context.Background(), &m)
		if act == toEngine && (msg.ExternalUser != m.FromUserName || !strings.HasPrefix(msg.DedupKey, m.FromUserName+":")) {
			t.Errorf("message for the engine %+v from %q", msg, doc)
		}
	})
}
