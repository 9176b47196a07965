package wechat

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/util"

	"github.com/houqin/houqin/flows"
)

// Test credentials. They are fake, and tests assert that none of them
// ever reaches a log.
const (
	testAppID     = "wx0123456789abcdef"
	testSecret    = "s3cr3t-app-secret-value"
	testToken     = "houqintoken"
	testAESKey    = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	testOA        = "gh_houqin_test"
	testOpenID    = "oUser-openid-123"
	testTimestamp = "1700000000"
	testNonce     = "424242"
)

// fakeKV is an in-memory bot.KV.
type fakeKV struct {
	mu   sync.Mutex
	vals map[string]kvEntry
	now  func() time.Time
}

type kvEntry struct {
	val     string
	expires time.Time
}

func newFakeKV() *fakeKV {
	return &fakeKV{vals: map[string]kvEntry{}, now: time.Now}
}

func (k *fakeKV) GetKV(_ context.Context, key string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	e, ok := k.vals[key]
	if !ok || !k.now().Before(e.expires) {
		return "", flows.ErrNotFound
	}
	return e.val, nil
}

func (k *fakeKV) PutKV(_ context.Context, key, value string, expires time.Time) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.vals[key] = kvEntry{value, expires}
	return nil
}

func (k *fakeKV) DeleteKV(_ context.Context, key string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.vals, key)
	return nil
}

// fakeAPI is an httptest fake of the WeChat API: stable_token, custom and
// template messages, menu. It rejects any call without the access token it
// last issued with 40001, as WeChat does.
type fakeAPI struct {
	*httptest.Server
	t testing.TB

	mu         sync.Mutex
	tokens     int               // stable_token calls
	token      string            // the valid access token
	script     map[string][]int  // path → errcodes to answer next (500 = HTTP 500)
	custom     []customMsg       // accepted customer-service messages
	templates  []templateMsg     // accepted template messages
	menus      []json.RawMessage // accepted menus
	calls      map[string]int    // path → calls
	tokenTTL   int64
	tokenBody  map[string]any // the last stable_token request
	sentSignal chan struct{}
}

type customMsg struct {
	ToUser  string `json:"touser"`
	MsgType string `json:"msgtype"`
	Text    *struct {
		Content string `json:"content"`
	} `json:"text"`
	Image *struct {
		MediaID string `json:"media_id"`
	} `json:"image"`
}

type templateMsg struct {
	ToUser      string `json:"touser"`
	TemplateID  string `json:"template_id"`
	URL         string `json:"url"`
	ClientMsgID string `json:"client_msg_id"`
	Data        map[string]struct {
		Value string `json:"value"`
	} `json:"data"`
}

func newFakeAPI(t testing.TB) *fakeAPI {
	t.Helper()
	f := &fakeAPI{
		t:          t,
		script:     map[string][]int{},
		calls:      map[string]int{},
		tokenTTL:   7200,
		sentSignal: make(chan struct{}, 100),
	}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

// answer queues errcodes for the next calls to path.
func (f *fakeAPI) answer(path string, codes ...int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.script[path] = append(f.script[path], codes...)
}

// expireToken makes the current access token invalid, as when another
// client force-refreshed it.
func (f *fakeAPI) expireToken() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.token = "revoked"
}

func (f *fakeAPI) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[path]
}

func (f *fakeAPI) customs() []customMsg {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]customMsg(nil), f.custom...)
}

func (f *fakeAPI) tpls() []templateMsg {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]templateMsg(nil), f.templates...)
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls[r.URL.Path]++
	reply := func(code int, msg string) {
		fmt.Fprintf(w, `{"errcode":%d,"errmsg":%q}`, code, msg)
	}
	if r.URL.Path == "/cgi-bin/stable_token" {
		if r.Method != http.MethodPost {
			http.Error(w, "method", http.StatusMethodNotAllowed)
			return
		}
		var req map[string]any
		if err := json.Unmarshal(body, &req); err != nil {
			reply(47001, "data format error")
			return
		}
		f.tokenBody = req
		if req["appid"] != testAppID || req["secret"] != testSecret {
			reply(40013, "invalid appid")
			return
		}
		f.tokens++
		f.token = "ACCESS-TOKEN-" + strconv.Itoa(f.tokens)
		fmt.Fprintf(w, `{"access_token":%q,"expires_in":%d}`, f.token, f.tokenTTL)
		return
	}
	if q := f.script[r.URL.Path]; len(q) > 0 {
		f.script[r.URL.Path] = q[1:]
		if q[0] == 500 {
			http.Error(w, "upstream broken", http.StatusInternalServerError)
			return
		}
		reply(q[0], "scripted error")
		return
	}
	if tok := r.URL.Query().Get("access_token"); tok == "" || tok != f.token {
		reply(40001, "invalid credential, access_token is invalid or not latest")
		return
	}
	switch r.URL.Path {
	case "/cgi-bin/message/custom/send":
		var m customMsg
		if err := json.Unmarshal(body, &m); err != nil {
			reply(47001, "data format error")
			return
		}
		f.custom = append(f.custom, m)
		f.sentSignal <- struct{}{}
		reply(0, "ok")
	case "/cgi-bin/message/template/send":
		var m templateMsg
		if err := json.Unmarshal(body, &m); err != nil {
			reply(47001, "data format error")
			return
		}
		f.templates = append(f.templates, m)
		fmt.Fprint(w, `{"errcode":0,"errmsg":"ok","msgid":200228332}`)
	case "/cgi-bin/menu/create":
		f.menus = append(f.menus, json.RawMessage(body))
		reply(0, "ok")
	default:
		http.NotFound(w, r)
	}
}

// fakeEngine is a bot.Handler that, like the engine, stores the replies
// per DedupKey and returns the stored ones for a repeated key.
type fakeEngine struct {
	mu      sync.Mutex
	msgs    []flows.Message
	stored  map[string]*dedupEntry
	reports int // messages handled for the first time
	delay   time.Duration
	reply   func(flows.Message) ([]flows.Reply, error)
}

type dedupEntry struct {
	once    sync.Once
	replies []flows.Reply
	err     error
}

func newFakeEngine() *fakeEngine {
	return &fakeEngine{
		stored: map[string]*dedupEntry{},
		reply: func(m flows.Message) ([]flows.Reply, error) {
			return []flows.Reply{{Text: "收到：" + m.Text}}, nil
		},
	}
}

func (e *fakeEngine) Handle(ctx context.Context, m flows.Message) ([]flows.Reply, error) {
	e.mu.Lock()
	e.msgs = append(e.msgs, m)
	ent, ok := e.stored[m.DedupKey]
	if !ok {
		ent = &dedupEntry{}
		e.stored[m.DedupKey] = ent
	}
	e.mu.Unlock()
	ent.once.Do(func() {
		if e.delay > 0 {
			time.Sleep(e.delay)
		}
		ent.replies, ent.err = e.reply(m)
		e.mu.Lock()
		e.reports++
		e.mu.Unlock()
	})
	return ent.replies, ent.err
}

func (e *fakeEngine) messages() []flows.Message {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]flows.Message(nil), e.msgs...)
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type env struct {
	api    *fakeAPI
	eng    *fakeEngine
	kv     *fakeKV
	ch     *Channel
	logs   *syncBuffer
	now    time.Time
	config Config
}

// newEnv builds a Channel on a fake API and a fake engine; mod adjusts the
// configuration.
func newEnv(t testing.TB, mod func(*Config)) *env {
	t.Helper()
	e := &env{api: newFakeAPI(t), eng: newFakeEngine(), kv: newFakeKV(), logs: &syncBuffer{},
		now: time.Date(2025, 3, 10, 9, 30, 0, 0, time.UTC)}
	e.config = Config{
		AppID:          testAppID,
		AppSecret:      testSecret,
		Token:          testToken,
		EncodingAESKey: testAESKey,
		APIBaseURL:     e.api.URL,
		Templates:      map[string]string{"default": "TPL-DEFAULT", "repair.assigned": "TPL-REPAIR"},
		Now:            func() time.Time { return e.now },
	}
	if mod != nil {
		mod(&e.config)
	}
	log := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ch, err := New(e.config, e.eng, e.kv, log)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	e.ch = ch
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := ch.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		assertNoSecrets(t, e.logs.String())
	})
	return e
}

// assertNoSecrets fails when a log holds a credential.
func assertNoSecrets(t testing.TB, logs string) {
	t.Helper()
	for _, s := range []string{testSecret, testToken, testAESKey, "ACCESS-TOKEN-"} {
		if strings.Contains(logs, s) {
			t.Errorf("logs contain the secret %q:\n%s", s, logs)
		}
	}
}

// textXML is a plaintext text message as WeChat posts it.
func textXML(openID string, msgID int64, content string) string {
	return fmt.Sprintf(`<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>`+
		`<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content>`+
		`<MsgId>%d</MsgId></xml>`, testOA, openID, content, msgID)
}

// eventXML is an event message.
func eventXML(openID, event, key string) string {
	return fmt.Sprintf(`<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>`+
		`<CreateTime>1700000001</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[%s]]></Event>`+
		`<EventKey><![CDATA[%s]]></EventKey></xml>`, testOA, openID, event, key)
}

// plainURL is a signed plaintext-mode callback URL.
func plainURL(token string) string {
	q := url.Values{}
	q.Set("signature", util.Signature(token, testTimestamp, testNonce))
	q.Set("timestamp", testTimestamp)
	q.Set("nonce", testNonce)
	q.Set("openid", testOpenID)
	return "/wechat?" + q.Encode()
}

// safeRequest encrypts a message as WeChat does in safe mode (compatible
// mode when plainToo) and returns the signed URL and the body.
func safeRequest(t testing.TB, raw string, plainToo bool) (string, string) {
	t.Helper()
	enc, err := util.EncryptMsg([]byte("0123456789abcdef"), []byte(raw), testAppID, testAESKey)
	if err != nil {
		t.Fatalf("encrypt: %v", err)
	}
	q := url.Values{}
	q.Set("signature", util.Signature(testToken, testTimestamp, testNonce))
	q.Set("timestamp", testTimestamp)
	q.Set("nonce", testNonce)
	q.Set("openid", testOpenID)
	q.Set("encrypt_type", "aes")
	q.Set("msg_signature", util.Signature(testToken, testTimestamp, testNonce, string(enc)))
	body := fmt.Sprintf(`<xml><ToUserName><![CDATA[%s]]></ToUserName><Encrypt><![CDATA[%s]]></Encrypt></xml>`, testOA, enc)
	if plainToo {
		body = strings.Replace(raw, "</xml>", fmt.Sprintf("<Encrypt><![CDATA[%s]]></Encrypt></xml>", enc), 1)
	}
	return "/wechat?" + q.Encode(), body
}

// post sends a request straight to the handler.
func (e *env) post(target, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	r.Header.Set("Content-Type", "text/xml")
	w := httptest.NewRecorder()
	e.ch.ServeHTTP(w, r)
	return w
}

// passiveText parses a plaintext passive reply.
func passiveText(t testing.TB, body string) string {
	t.Helper()
	var m message.MixMessage
	if err := xml.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("reply %q is not XML: %v", body, err)
	}
	if m.MsgType != message.MsgTypeText {
		t.Fatalf("reply type = %q, want text", m.MsgType)
	}
	if string(m.ToUserName) != testOpenID || string(m.FromUserName) != testOA {
		t.Fatalf("reply to/from = %q/%q, want %q/%q", m.ToUserName, m.FromUserName, testOpenID, testOA)
	}
	return m.Content
}

// decryptReply checks and decrypts a safe-mode passive reply.
func decryptReply(t testing.TB, body string) string {
	t.Helper()
	var r struct {
		Encrypt      string `xml:"Encrypt"`
		MsgSignature string `xml:"MsgSignature"`
		TimeStamp    string `xml:"TimeStamp"`
		Nonce        string `xml:"Nonce"`
	}
	if err := xml.Unmarshal([]byte(body), &r); err != nil {
		t.Fatalf("reply %q is not XML: %v", body, err)
	}
	if got, want := r.MsgSignature, util.Signature(testToken, r.TimeStamp, r.Nonce, r.Encrypt); got != want {
		t.Fatalf("reply MsgSignature = %q, want %q", got, want)
	}
	_, raw, err := util.DecryptMsg(testAppID, r.Encrypt, testAESKey)
	if err != nil {
		t.Fatalf("decrypt reply: %v", err)
	}
	return passiveText(t, string(raw))
}

var update = flag.Bool("update", false, "rewrite golden files in testdata")
