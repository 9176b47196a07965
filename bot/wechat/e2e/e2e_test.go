package e2e

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/util"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/bot/wechat"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/pglocal/pgtest"
	"github.com/houqin/houqin/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

const (
	appID  = "wx0123456789abcdef"
	secret = "e2e-app-secret"
	token  = "e2etoken"
	aesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	oa     = "gh_school_oa"
)

// fakeAPI is the part of the WeChat API the outbox uses: stable_token and
// customer-service / template messages, recorded.
type fakeAPI struct {
	*httptest.Server
	mu       sync.Mutex
	custom   []map[string]any
	template []map[string]any
}

func newFakeAPI(tb testing.TB) *fakeAPI {
	f := &fakeAPI{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		f.mu.Lock()
		defer f.mu.Unlock()
		switch r.URL.Path {
		case "/cgi-bin/stable_token":
			fmt.Fprint(w, `{"access_token":"E2E-ACCESS-TOKEN","expires_in":7200}`)
		case "/cgi-bin/message/custom/send":
			f.custom = append(f.custom, body)
			fmt.Fprint(w, `{"errcode":0,"errmsg":"ok"}`)
		case "/cgi-bin/message/template/send":
			f.template = append(f.template, body)
			fmt.Fprint(w, `{"errcode":0,"errmsg":"ok","msgid":1}`)
		default:
			http.NotFound(w, r)
		}
	}))
	tb.Cleanup(f.Close)
	return f
}

// world is a seeded school on a real database, the real engine, and the
// WeChat channel in front of it.
type world struct {
	db     *store.DB
	school storetest.School
	now    time.Time
	ch     *wechat.Channel
	api    *fakeAPI
	srv    *httptest.Server
}

func newWorld(tb testing.TB) *world {
	tb.Helper()
	return newWorldWith(tb, nil)
}

// newWorldWith is newWorld with the channel's configuration adjusted by mod.
func newWorldWith(tb testing.TB, mod func(*wechat.Config)) *world {
	tb.Helper()
	db := storetest.Open(tb)
	w := &world{db: db, school: storetest.Seed(tb, db, "一中"), api: newFakeAPI(tb),
		now: time.Date(2026, 11, 20, 8, 0, 0, 0, flows.LoadLocation("Asia/Shanghai"))}
	clock := func() time.Time { return w.now }
	eng := flows.NewEngine(flows.EngineConfig{Store: db, Now: clock, Modules: []flows.Module{repair.Module()}})
	cfg := wechat.Config{
		AppID: appID, AppSecret: secret, Token: token, EncodingAESKey: aesKey,
		APIBaseURL: w.api.URL,
		Templates:  map[string]string{"default": "TPL"},
		Now:        clock,
	}
	if mod != nil {
		mod(&cfg)
	}
	ch, err := wechat.New(cfg, eng, db, slog.New(slog.DiscardHandler))
	if err != nil {
		tb.Fatal(err)
	}
	w.ch = ch
	w.srv = httptest.NewServer(ch)
	tb.Cleanup(w.srv.Close)
	return w
}

// invite returns a fresh binding code for a seeded person.
func (w *world) invite(tb testing.TB, name string) string {
	tb.Helper()
	code, err := w.db.InviteStaff(context.Background(), w.school.Staff[name].ID, w.now, 24*time.Hour)
	if err != nil {
		tb.Fatal(err)
	}
	return code
}

// post sends raw (a WeChat message XML) in safe mode, signed as WeChat
// signs at the world's time with a fresh nonce, and returns the decrypted
// passive reply ("" for "success").
func (w *world) post(tb testing.TB, client *http.Client, raw string) string {
	tb.Helper()
	reply, err := w.send(client, raw)
	if err != nil {
		tb.Fatal(err)
	}
	return reply
}

// send is post for any goroutine: it returns its error.
func (w *world) send(client *http.Client, raw string) (string, error) {
	return sendTo(client, w.srv.URL, raw, w.now)
}

// nonceSeq makes every callback's nonce fresh, as WeChat's are.
var nonceSeq atomic.Int64

// callback is one signed safe-mode request as WeChat sends it; WeChat's
// retries of a message send the same one again.
type callback struct{ target, body string }

// sign encrypts raw and signs it as WeChat does at time at, with a fresh
// nonce.
func sign(raw string, at time.Time) (callback, error) {
	return signNonce(raw, at, strconv.FormatInt(98765+nonceSeq.Add(1), 10))
}

// signNonce is sign with a given nonce.
func signNonce(raw string, at time.Time, nonce string) (callback, error) {
	enc, err := util.EncryptMsg([]byte("0123456789abcdef"), []byte(raw), appID, aesKey)
	if err != nil {
		return callback{}, err
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	q := url.Values{
		"signature":     {util.Signature(token, ts, nonce)},
		"timestamp":     {ts},
		"nonce":         {nonce},
		"encrypt_type":  {"aes"},
		"msg_signature": {util.Signature(token, ts, nonce, string(enc))},
	}
	body := "<xml><ToUserName><![CDATA[" + oa + "]]></ToUserName><Encrypt><![CDATA[" + string(enc) + "]]></Encrypt></xml>"
	return callback{"/wechat?" + q.Encode(), body}, nil
}

// sendTo posts raw in safe mode, signed at time at, to the callback server
// at base.
func sendTo(client *http.Client, base, raw string, at time.Time) (string, error) {
	cb, err := sign(raw, at)
	if err != nil {
		return "", err
	}
	return deliver(client, base, cb)
}

// errStatus is a callback answered with another status than 200.
type errStatus struct {
	code int
	body string
}

func (e *errStatus) Error() string { return fmt.Sprintf("callback status %d: %s", e.code, e.body) }

// deliver posts a signed callback and returns the decrypted passive reply
// ("" for "success"); an answer other than 200 is an *errStatus, no answer
// at all a transport error.
func deliver(client *http.Client, base string, cb callback) (string, error) {
	resp, err := client.Post(base+cb.target, "text/xml", strings.NewReader(cb.body))
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return "", &errStatus{resp.StatusCode, string(out)}
	}
	if string(out) == "success" {
		return "", nil
	}
	var r struct {
		Encrypt string `xml:"Encrypt"`
	}
	if err := xml.Unmarshal(out, &r); err != nil {
		return "", fmt.Errorf("reply %q: %w", out, err)
	}
	_, plain, err := util.DecryptMsg(appID, r.Encrypt, aesKey)
	if err != nil {
		return "", err
	}
	var m message.MixMessage
	if err := xml.Unmarshal(plain, &m); err != nil {
		return "", err
	}
	return m.Content, nil
}

func text(openID string, msgID int64, content string) string {
	return fmt.Sprintf(`<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>`+
		`<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[%s]]></Content>`+
		`<MsgId>%d</MsgId></xml>`, oa, openID, content, msgID)
}

func subscribe(openID, key string) string {
	return fmt.Sprintf(`<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[%s]]></FromUserName>`+
		`<CreateTime>1700000100</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[subscribe]]></Event>`+
		`<EventKey><![CDATA[%s]]></EventKey></xml>`, oa, openID, key)
}

// TestBindReportDeliver: a teacher binds by typing the code, a worker by
// scanning a QR code; the teacher's report delivered three times (WeChat's
// retries, two of them concurrent) makes one repair and three identical
// answers; the worker's job goes out as a customer-service message.
func TestBindReportDeliver(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	c := http.DefaultClient

	if got := w.post(t, c, text("oTeacherLi", 1, "你好")); !strings.Contains(got, "绑定") {
		t.Fatalf("unbound account got %q, want binding instructions", got)
	}
	if got := w.post(t, c, text("oTeacherLi", 2, "绑定 "+w.invite(t, "李老师"))); !strings.Contains(got, "绑定成功") || !strings.Contains(got, "李老师") {
		t.Fatalf("binding by text: %q", got)
	}
	if got := w.post(t, c, subscribe("oWorkerWang", "qrscene_"+w.invite(t, "王师傅"))); !strings.Contains(got, "绑定成功") || !strings.Contains(got, "王师傅") {
		t.Fatalf("binding by QR scan: %q", got)
	}

	// Every message is delivered three times (WeChat's retries, two of
	// them concurrent): the report, then the confirmation that files it.
	check := thrice(t, w, c, text("oTeacherLi", 6054768590064713728, "302教室课桌腿断了"))
	if !strings.Contains(check, "教学楼302") || strings.Count(check, "1. 确认提交") != 1 {
		t.Errorf("report answer %q: want the room and the choices once", check)
	}
	if done := thrice(t, w, c, text("oTeacherLi", 6054768590064713729, "1")); !strings.Contains(done, "报修成功") {
		t.Errorf("confirmation answer %q, want 报修成功", done)
	}
	counts, err := w.db.Counts(ctx, w.school.ID)
	if err != nil {
		t.Fatal(err)
	}
	if counts["repairs"] != 1 {
		t.Errorf("%d repairs after three deliveries of one message, want 1", counts["repairs"])
	}
	if seen, err := w.db.Seen(ctx, flows.ChannelWeChat, "oTeacherLi:6054768590064713729"); err != nil || !seen {
		t.Errorf("sender:MsgId not recorded as the dedup key: %v %v", seen, err)
	}

	// The job for the carpenter leaves through the outbox and WeChat.
	worker := &bot.Worker{Outbox: w.db, Now: func() time.Time { return w.now },
		Senders: map[flows.Channel]bot.Sender{flows.ChannelWeChat: w.ch}}
	if _, err := worker.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	w.api.mu.Lock()
	var job string
	for _, m := range w.api.custom {
		if m["touser"] == "oWorkerWang" {
			job, _ = m["text"].(map[string]any)["content"].(string)
		}
	}
	t.Logf("job to the worker: %q", job)
	if !strings.Contains(job, "课桌腿断了") || !strings.Contains(job, "接单 1") || strings.Contains(job, "1. 接单") {
		t.Errorf("worker's customer message = %q, want the job with typed commands and no numbered choices; all: %v", job, w.api.custom)
	}
	if len(w.api.template) != 0 {
		t.Errorf("template messages %v, want none inside the 48-hour window", w.api.template)
	}
	w.api.custom = nil
	w.api.mu.Unlock()

	// The worker takes the job by typing, as the card says; the teacher
	// hears about it.
	if got := w.post(t, c, text("oWorkerWang", 3, "接单 1")); !strings.Contains(got, "已接单") {
		t.Errorf("接单 answered %q", got)
	}
	if _, err := worker.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	w.api.mu.Lock()
	defer w.api.mu.Unlock()
	if len(w.api.custom) != 1 || w.api.custom[0]["touser"] != "oTeacherLi" ||
		!strings.Contains(fmt.Sprint(w.api.custom[0]["text"]), "王师傅已接单") {
		t.Errorf("teacher's notifications = %v, want 王师傅已接单", w.api.custom)
	}
}

// thrice posts raw once and then twice concurrently — one signed request,
// as WeChat's retries are — checks that the three answers are identical,
// and returns the answer.
func thrice(tb testing.TB, w *world, c *http.Client, raw string) string {
	tb.Helper()
	cb, err := sign(raw, w.now)
	if err != nil {
		tb.Fatal(err)
	}
	first, err := deliver(c, w.srv.URL, cb)
	if err != nil {
		tb.Fatal(err)
	}
	var wg sync.WaitGroup
	answers := make([]string, 2)
	for i := range answers {
		wg.Go(func() {
			a, err := deliver(c, w.srv.URL, cb)
			if err != nil {
				tb.Error(err)
			}
			answers[i] = a
		})
	}
	wg.Wait()
	for _, a := range answers {
		if a != first {
			tb.Errorf("retry answered %q, want %q", a, first)
		}
	}
	return first
}
