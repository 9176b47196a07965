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
	"sync/atomic"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/util"

	"github.com/houqin/houqin/flows"
)

// Test credentials. They are fake, and tests assert that none of them
// ever reaches a log.
const (
	testAppID   = "wx0123456789abcdef"
	testSecret  = "s3cr3t-app-secret-value"
	testToken   = "houqintoken"
	testAESKey  = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	testOA      = "gh_houqin_test"
	testOpenID  = "oUser-openid-123"
	otherOpenID = "oOther-openid-456"
)

// testNow is every env's clock until a test moves it; testStamp is the
// same time as a callback timestamp.
var (
	testNow   = time.Date(2025, 3, 10, 9, 30, 0, 0, time.UTC)
	testStamp = strconv.FormatInt(testNow.Unix(), 10)
)

// nonceSeq makes every test request's nonce fresh, as WeChat's are.
var nonceSeq atomic.Int64

func freshNonce() string { return strconv.FormatInt(1_000_000_000+nonceSeq.Add(1), 10) }

// fakeStore is an in-memory Store: the KV and the callback nonces.
type fakeStore struct {
	mu       sync.Mutex
	vals     map[string]kvEntry
	gets     map[string]int    // GetKV calls by key
	nonces   map[string]string // channel/nonce → fingerprint of the first use
	nonceErr error             // UseNonce fails with it when set
	prunes   []time.Time       // PruneNonces calls' before
	now      func() time.Time
}

type kvEntry struct {
	val     string
	expires time.Time
}

func newFakeStore() *fakeStore {
	return &fakeStore{vals: map[string]kvEntry{}, gets: map[string]int{}, nonces: map[string]string{}, now: time.Now}
}

func (k *fakeStore) GetKV(_ context.Context, key string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.gets[key]++
	e, ok := k.vals[key]
	if !ok || !k.now().Before(e.expires) {
		return "", flows.ErrNotFound
	}
	return e.val, nil
}

func (k *fakeStore) PutKV(_ context.Context, key, value string, expires time.Time) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.vals[key] = kvEntry{value, expires}
	return nil
}

func (k *fakeStore) DeleteKV(_ context.Context, key string) error {
	k.mu.Lock()
	defer k.mu.Unlock()
	delete(k.vals, key)
	return nil
}

func (k *fakeStore) UseNonce(_ context.Context, ch flows.Channel, nonce, fp string, _ time.Time) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.nonceErr != nil {
		return "", k.nonceErr
	}
	key := string(ch) + "/" + nonce
	if first, ok := k.nonces[key]; ok {
		return first, nil
	}
	k.nonces[key] = fp
	return fp, nil
}

func (k *fakeStore) PruneNonces(_ context.Context, _ flows.Channel, before time.Time) (int64, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.prunes = append(k.prunes, before)
	return 0, nil
}

func (k *fakeStore) pruneCalls() []time.Time {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]time.Time(nil), k.prunes...)
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
	uploads    [][]byte          // uploaded temporary materials
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
	case "/cgi-bin/media/upload":
		mr, err := http.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		if err != nil {
			reply(41005, "media data missing")
			return
		}
		mr.Header.Set("Content-Type", r.Header.Get("Content-Type"))
		fh, _, err := mr.FormFile("media")
		if err != nil || r.URL.Query().Get("type") != "image" {
			reply(41005, "media data missing")
			return
		}
		data, _ := io.ReadAll(fh)
		f.uploads = append(f.uploads, data)
		fmt.Fprintf(w, `{"type":"image","media_id":"UPLOADED-%d","created_at":1700000000}`, len(f.uploads))
	case "/cgi-bin/menu/create":
		f.menus = append(f.menus, json.RawMessage(body))
		reply(0, "ok")
	default:
		http.NotFound(w, r)
	}
}

// fakeEngine is a bot.Handler that, like the engine, stores the replies
// per DedupKey and returns the stored ones for a repeated key. Like the
// engine it is safe for concurrent use; it records how many messages of
// one account it had in hand at once.
type fakeEngine struct {
	mu      sync.Mutex
	msgs    []flows.Message
	stored  map[string]*dedupEntry
	reports int // messages handled for the first time
	delay   time.Duration
	gate    chan struct{} // when set, a first handling waits for it to close
	started chan string   // when set, receives the DedupKey of each first handling
	active  map[string]int
	peak    map[string]int // most messages of one account in hand at once
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
		active: map[string]int{},
		peak:   map[string]int{},
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
	e.active[m.ExternalUser]++
	e.peak[m.ExternalUser] = max(e.peak[m.ExternalUser], e.active[m.ExternalUser])
	e.mu.Unlock()
	defer func() {
		e.mu.Lock()
		e.active[m.ExternalUser]--
		e.mu.Unlock()
	}()
	ent.once.Do(func() {
		if e.started != nil {
			e.started <- m.DedupKey
		}
		if e.gate != nil {
			<-e.gate
		}
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

func (e *fakeEngine) handled() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.reports
}

func (e *fakeEngine) peakOf(openID string) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.peak[openID]
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
	kv     *fakeStore
	ch     *Channel
	logs   *syncBuffer
	now    time.Time
	config Config
}

// newEnv builds a Channel on a fake API and a fake engine; mod adjusts the
// configuration. The account is in safe mode unless mod is plaintext.
func newEnv(t testing.TB, mod func(*Config)) *env {
	t.Helper()
	e := &env{api: newFakeAPI(t), eng: newFakeEngine(), kv: newFakeStore(), logs: &syncBuffer{}, now: testNow}
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

// plaintext configures an account without an EncodingAESKey.
func plaintext(c *Config) { c.EncodingAESKey = "" }

// withHold sets how long a callback waits for the engine.
func withHold(d time.Duration) func(*Config) {
	return func(c *Config) { c.Hold = d }
}

// withBounds sets the admission bounds.
func withBounds(maxInFlight, perSender int) func(*Config) {
	return func(c *Config) { c.MaxInFlight, c.PerSender = maxInFlight, perSender }
}

// both applies several configuration changes.
func both(mods ...func(*Config)) func(*Config) {
	return func(c *Config) {
		for _, m := range mods {
			m(c)
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

// stamp is the env's clock as a callback timestamp.
func (e *env) stamp() string { return strconv.FormatInt(e.now.Unix(), 10) }

// signedURL is a plaintext-mode callback URL signed with token.
func signedURL(token, ts, nonce string) string {
	q := url.Values{}
	q.Set("signature", util.Signature(token, ts, nonce))
	q.Set("timestamp", ts)
	q.Set("nonce", nonce)
	q.Set("openid", testOpenID)
	return "/wechat?" + q.Encode()
}

// plainURL is a plaintext-mode callback URL as WeChat would send now: the
// env's time and a fresh nonce, signed with token.
func (e *env) plainURL(token string) string { return signedURL(token, e.stamp(), freshNonce()) }

// plainURL is a fresh plaintext-mode callback URL at testNow.
func plainURL(token string) string { return signedURL(token, testStamp, freshNonce()) }

// safeRequest is a fresh safe-mode request at testNow.
func safeRequest(t testing.TB, raw string, plainToo bool) (string, string) {
	t.Helper()
	return safeRequestAt(t, raw, plainToo, testStamp, freshNonce())
}

// safeRequest encrypts a message as WeChat does in safe mode (compatible
// mode when plainToo), with the env's time and a fresh nonce, and returns
// the signed URL and the body.
func (e *env) safeRequest(t testing.TB, raw string, plainToo bool) (string, string) {
	t.Helper()
	return safeRequestAt(t, raw, plainToo, e.stamp(), freshNonce())
}

// safeRequestAt is safeRequest with a given timestamp and nonce.
func safeRequestAt(t testing.TB, raw string, plainToo bool, ts, nonce string) (string, string) {
	t.Helper()
	enc, err := util.EncryptMsg([]byte("0123456789abcdef"), []byte(raw), testAppID, testAESKey)
	if err != nil {
		t.Fatalf("encrypt: %v", err)
	}
	q := url.Values{}
	q.Set("signature", util.Signature(testToken, ts, nonce))
	q.Set("timestamp", ts)
	q.Set("nonce", nonce)
	q.Set("openid", testOpenID)
	q.Set("encrypt_type", "aes")
	q.Set("msg_signature", util.Signature(testToken, ts, nonce, string(enc)))
	body := fmt.Sprintf(`<xml><ToUserName><![CDATA[%s]]></ToUserName><Encrypt><![CDATA[%s]]></Encrypt></xml>`, testOA, enc)
	if plainToo {
		body = strings.Replace(raw, "</xml>", fmt.Sprintf("<Encrypt><![CDATA[%s]]></Encrypt></xml>", enc), 1)
	}
	return "/wechat?" + q.Encode(), body
}

// codeAborted is the recorded status of a callback that closed the
// connection without an answer (http.ErrAbortHandler).
const codeAborted = -1

// post sends a request straight to the handler.
func (e *env) post(target, body string) (w *httptest.ResponseRecorder) {
	r := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	r.Header.Set("Content-Type", "text/xml")
	w = httptest.NewRecorder()
	defer func() {
		if p := recover(); p != nil {
			if p != http.ErrAbortHandler {
				panic(p)
			}
			w.Code = codeAborted
		}
	}()
	e.ch.ServeHTTP(w, r)
	return w
}

// safeText posts raw in safe mode and returns the status and the
// decrypted passive reply ("" when there is none).
func (e *env) safeText(t testing.TB, target, body string) (int, string) {
	t.Helper()
	w := e.post(target, body)
	if w.Code != http.StatusOK || w.Body.String() == "success" {
		return w.Code, ""
	}
	return w.Code, decryptReply(t, w.Body.String())
}

// safeTextTo is safeText for a message from openID.
func (e *env) safeTextTo(t testing.TB, openID, target, body string) (int, string) {
	t.Helper()
	w := e.post(target, body)
	if w.Code != http.StatusOK || w.Body.String() == "success" {
		return w.Code, ""
	}
	return w.Code, decryptReplyTo(t, w.Body.String(), openID)
}

// passiveText parses a plaintext passive reply to testOpenID.
func passiveText(t testing.TB, body string) string {
	t.Helper()
	return passiveTextTo(t, body, testOpenID)
}

// passiveTextTo parses a plaintext passive reply to openID.
func passiveTextTo(t testing.TB, body, openID string) string {
	t.Helper()
	var m message.MixMessage
	if err := xml.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("reply %q is not XML: %v", body, err)
	}
	if m.MsgType != message.MsgTypeText {
		t.Fatalf("reply type = %q, want text", m.MsgType)
	}
	if string(m.ToUserName) != openID || string(m.FromUserName) != testOA {
		t.Fatalf("reply to/from = %q/%q, want %q/%q", m.ToUserName, m.FromUserName, openID, testOA)
	}
	return m.Content
}

// decryptReply checks and decrypts a safe-mode passive reply to testOpenID.
func decryptReply(t testing.TB, body string) string {
	t.Helper()
	return decryptReplyTo(t, body, testOpenID)
}

// decryptReplyTo checks and decrypts a safe-mode passive reply to openID.
func decryptReplyTo(t testing.TB, body, openID string) string {
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
	return passiveTextTo(t, string(raw), openID)
}

// eventually waits up to 10 s for cond.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

var update = flag.Bool("update", false, "rewrite golden files in testdata")
