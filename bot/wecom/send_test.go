package wecom

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/bot/media"
	"github.com/houqin/houqin/flows"
)

const (
	testCorp   = "wwcorp0001"
	testSecret = "s3cr3t-wecom-secret"
	testToken  = "wecomtoken"
	testAES    = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
)

// memStore is an in-memory Store.
type memStore struct {
	mu     sync.Mutex
	kv     map[string]string
	gets   int // GetKV calls
	nonces map[string]string
}

func newMemStore() *memStore { return &memStore{kv: map[string]string{}, nonces: map[string]string{}} }

func (m *memStore) GetKV(_ context.Context, k string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.gets++
	v, ok := m.kv[k]
	if !ok {
		return "", flows.ErrNotFound
	}
	return v, nil
}

func (m *memStore) PutKV(_ context.Context, k, v string, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.kv[k] = v
	return nil
}

func (m *memStore) DeleteKV(_ context.Context, k string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.kv, k)
	return nil
}

func (m *memStore) UseNonce(_ context.Context, ch flows.Channel, nonce, fp string, _ time.Time) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := string(ch) + "/" + nonce
	if first, ok := m.nonces[k]; ok {
		return first, nil
	}
	m.nonces[k] = fp
	return fp, nil
}

func (m *memStore) PruneNonces(context.Context, flows.Channel, time.Time) (int64, error) {
	return 0, nil
}

type nopHandler struct{}

func (nopHandler) Handle(context.Context, flows.Message) ([]flows.Reply, error) { return nil, nil }

// fakeAPI answers each path with the next of its scripted answers (the
// last one repeats) and records the requests.
type fakeAPI struct {
	srv     *httptest.Server
	mu      sync.Mutex
	answers map[string][]string
	calls   []call
}

type call struct {
	path, query string
	body        map[string]any
}

func newFake(t testing.TB, answers map[string][]string) *fakeAPI {
	f := &fakeAPI{answers: answers}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		f.mu.Lock()
		defer f.mu.Unlock()
		f.calls = append(f.calls, call{r.URL.Path, r.URL.RawQuery, body})
		as := f.answers[r.URL.Path]
		if r.URL.Path == "/cgi-bin/gettoken" && len(as) == 0 {
			fmt.Fprintf(w, `{"errcode":0,"access_token":"TOK%d","expires_in":7200}`, len(f.calls))
			return
		}
		if len(as) == 0 {
			http.NotFound(w, r)
			return
		}
		a := as[0]
		if len(as) > 1 {
			f.answers[r.URL.Path] = as[1:]
		}
		if strings.HasPrefix(a, "IMG:") {
			w.Header().Set("Content-Type", "image/jpeg")
			fmt.Fprint(w, strings.TrimPrefix(a, "IMG:"))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, a)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) paths() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []string
	for _, c := range f.calls {
		out = append(out, c.path)
	}
	return out
}

func (f *fakeAPI) last(path string) call {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := len(f.calls) - 1; i >= 0; i-- {
		if f.calls[i].path == path {
			return f.calls[i]
		}
	}
	return call{}
}

func newTestChannel(t testing.TB, f *fakeAPI, logs *bytes.Buffer) (*Channel, *memStore) {
	t.Helper()
	st := newMemStore()
	log := slog.New(slog.DiscardHandler)
	if logs != nil {
		log = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	c, err := New(Config{CorpID: testCorp, AgentID: 1000002, Secret: testSecret, Token: testToken, EncodingAESKey: testAES,
		APIBaseURL: f.srv.URL}, nopHandler{}, st, log)
	if err != nil {
		t.Fatal(err)
	}
	return c, st
}

func item(addr string, group bool, text string, buttons ...flows.Button) flows.OutboxItem {
	return flows.OutboxItem{ID: 7, Channel: flows.ChannelWeCom, Address: addr, IsGroup: group,
		Notification: flows.Notification{Kind: "repair.assigned", Text: text, Buttons: buttons}}
}

// TestSendClassifiesErrors: WeCom's error codes become the outbox's
// vocabulary.
func TestSendClassifiesErrors(t *testing.T) {
	for _, tc := range []struct {
		name, answer  string
		undeliverable bool
		retry         time.Duration
	}{
		{"ok", `{"errcode":0,"errmsg":"ok"}`, false, 0},
		{"unknown user", `{"errcode":60111,"errmsg":"userid not found"}`, true, 0},
		{"outside 可见范围", `{"errcode":81013,"errmsg":"user & party & tag all invalid"}`, true, 0},
		{"invaliduser listed", `{"errcode":0,"errmsg":"ok","invaliduser":"zhangsan"}`, true, 0},
		{"quota", `{"errcode":45009,"errmsg":"api freq out of limit"}`, false, time.Hour},
		{"concurrency", `{"errcode":45033,"errmsg":"api concurrent out of limit"}`, false, time.Minute},
		{"untrusted IP", `{"errcode":60020,"errmsg":"not allow to access from your ip"}`, false, 0},
		{"busy", `{"errcode":-1,"errmsg":"system busy"}`, false, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFake(t, map[string][]string{"/cgi-bin/message/send": {tc.answer}})
			c, _ := newTestChannel(t, f, nil)
			err := c.Send(context.Background(), item("zhangsan", false, "你好"))
			if tc.answer == `{"errcode":0,"errmsg":"ok"}` {
				if err != nil {
					t.Fatalf("Send = %v, want nil", err)
				}
				return
			}
			if err == nil {
				t.Fatal("Send = nil, want an error")
			}
			if got := errors.Is(err, bot.ErrUndeliverable); got != tc.undeliverable {
				t.Errorf("undeliverable = %v, want %v (%v)", got, tc.undeliverable, err)
			}
			var re *bot.RetryError
			if got := errors.As(err, &re); got != (tc.retry > 0) || (got && re.After != tc.retry) {
				t.Errorf("retry error %v, want after %s", err, tc.retry)
			}
		})
	}
}

// TestTokenRefreshedOnce: a rejected token is dropped and fetched again,
// once.
func TestTokenRefreshedOnce(t *testing.T) {
	f := newFake(t, map[string][]string{"/cgi-bin/message/send": {`{"errcode":42001,"errmsg":"access_token expired"}`, `{"errcode":0}`}})
	c, _ := newTestChannel(t, f, nil)
	if err := c.Send(context.Background(), item("zhangsan", false, "你好")); err != nil {
		t.Fatal(err)
	}
	want := []string{"/cgi-bin/gettoken", "/cgi-bin/message/send", "/cgi-bin/gettoken", "/cgi-bin/message/send"}
	if got := f.paths(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("calls %v, want %v", got, want)
	}
	if q := f.last("/cgi-bin/message/send").query; !strings.Contains(q, "access_token=TOK3") {
		t.Errorf("retry used %q, want the fresh token", q)
	}
}

// TestTokenKeptInProcess: the token is read from the KV once a minute, not
// before every call; a refused one leaves the memo with the KV's copy.
func TestTokenKeptInProcess(t *testing.T) {
	f := newFake(t, map[string][]string{"/cgi-bin/message/send": {`{"errcode":0}`, `{"errcode":0}`, `{"errcode":0}`, `{"errcode":42001,"errmsg":"access_token expired"}`, `{"errcode":0}`}})
	c, st := newTestChannel(t, f, nil)
	for range 3 {
		if err := c.Send(context.Background(), item("zhangsan", false, "你好")); err != nil {
			t.Fatal(err)
		}
	}
	st.mu.Lock()
	gets := st.gets
	st.mu.Unlock()
	if gets != 2 {
		t.Errorf("3 sends read the KV %d times, want 2 (the first send, before and after the fetch lock)", gets)
	}
	if err := c.Send(context.Background(), item("zhangsan", false, "你好")); err != nil {
		t.Fatal(err)
	}
	want := []string{"/cgi-bin/gettoken", "/cgi-bin/message/send", "/cgi-bin/message/send", "/cgi-bin/message/send",
		"/cgi-bin/message/send", "/cgi-bin/gettoken", "/cgi-bin/message/send"}
	if got := f.paths(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("calls %v, want %v", got, want)
	}
}

// TestCardLimits: a card keeps to WeCom's limits; a notification longer
// than a card goes first as text, so nothing is lost.
func TestCardLimits(t *testing.T) {
	f := newFake(t, map[string][]string{"/cgi-bin/message/send": {`{"errcode":0}`}})
	c, st := newTestChannel(t, f, nil)
	var buttons []flows.Button
	for i := range 8 {
		buttons = append(buttons, flows.Button{Label: fmt.Sprintf("一个很长很长很长的按钮%d", i), Data: fmt.Sprintf("d%d", i)})
	}
	long := strings.Repeat("很长的标题", 10) + "\n" + strings.Repeat("内容", 100)
	if err := c.Send(context.Background(), item("zhangsan", false, long, buttons...)); err != nil {
		t.Fatal(err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.calls) != 3 || f.calls[1].body["msgtype"] != "text" || f.calls[2].body["msgtype"] != "template_card" {
		t.Fatalf("calls %v, want the token, the text, the card", f.calls)
	}
	if got := f.calls[1].body["text"].(map[string]any)["content"]; got != long {
		t.Errorf("the text sent first is %q, want the whole notification", got)
	}
	card := f.calls[2].body["template_card"].(map[string]any)
	title := card["main_title"].(map[string]any)["title"].(string)
	if utf8.RuneCountInString(title) > maxTitle {
		t.Errorf("title %q is longer than %d", title, maxTitle)
	}
	if s := card["sub_title_text"].(string); utf8.RuneCountInString(s) > maxSubtitle {
		t.Errorf("sub-title %q is longer than %d", s, maxSubtitle)
	}
	list := card["button_list"].([]any)
	if len(list) != maxButtons {
		t.Errorf("%d buttons, want %d", len(list), maxButtons)
	}
	for _, b := range list {
		if s := b.(map[string]any)["text"].(string); utf8.RuneCountInString(s) > maxButtonText {
			t.Errorf("button %q is longer than %d", s, maxButtonText)
		}
	}
	// The clicks map back to the data, for the recipient only.
	task := card["task_id"].(string)
	if d, l, err := c.buttonData(context.Background(), task, "b5", "zhangsan"); err != nil || d != "d5" || !strings.HasPrefix(l, "一个很长") {
		t.Errorf("b5 = %q, %v; want d5", d, err)
	}
	for _, bad := range [][2]string{{"b6", "zhangsan"}, {"b0", "lisi"}, {"x0", "zhangsan"}, {"b-1", "zhangsan"}} {
		if _, _, err := c.buttonData(context.Background(), task, bad[0], bad[1]); err == nil {
			t.Errorf("key %s by %s was accepted", bad[0], bad[1])
		}
	}
	if len(st.kv) != 2 { // the token and the card
		t.Errorf("kv %v, want the token and one card", st.kv)
	}
}

// TestGroups: a robot by its key, an app chat by its chatid; a bad robot
// key is undeliverable and never appears in the error or the log.
func TestGroups(t *testing.T) {
	var logs bytes.Buffer
	f := newFake(t, map[string][]string{
		"/cgi-bin/webhook/send": {`{"errcode":0}`, `{"errcode":93000,"errmsg":"invalid webhook url, hint: key=ROBOT-KEY-1"}`},
		"/cgi-bin/appchat/send": {`{"errcode":0}`},
	})
	c, _ := newTestChannel(t, f, &logs)
	ctx := context.Background()
	if err := c.Send(ctx, item("robot:ROBOT-KEY-1", true, "【报修】可回复「接单 1」", flows.Button{Label: "接单", Data: "x"})); err != nil {
		t.Fatal(err)
	}
	if got := f.last("/cgi-bin/webhook/send"); got.query != "key=ROBOT-KEY-1" || got.body["msgtype"] != "text" {
		t.Errorf("robot call %+v", got)
	}
	if err := c.Send(ctx, item("appchat:CHAT1", true, "【报修】")); err != nil {
		t.Fatal(err)
	}
	if got := f.last("/cgi-bin/appchat/send"); got.body["chatid"] != "CHAT1" {
		t.Errorf("appchat call %+v", got)
	}
	err := c.Send(ctx, item("robot:ROBOT-KEY-1", true, "x"))
	if !errors.Is(err, bot.ErrUndeliverable) || strings.Contains(err.Error(), "ROBOT-KEY-1") {
		t.Errorf("bad robot: %v, want undeliverable without the key", err)
	}
	if err := c.Send(ctx, item("CHAT1", true, "x")); !errors.Is(err, bot.ErrUndeliverable) {
		t.Errorf("address without a kind: %v, want undeliverable", err)
	}
	for _, secret := range []string{"ROBOT-KEY-1", testSecret, "TOK1"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("log contains %q:\n%s", secret, logs.String())
		}
	}
}

// TestMedia: an image is fetched by its MediaId; an expired one is gone
// for good.
func TestMedia(t *testing.T) {
	f := newFake(t, map[string][]string{"/cgi-bin/media/get": {"IMG:JPEGDATA", `{"errcode":40007,"errmsg":"invalid media_id"}`, "IMG:JPEGDATA"}})
	c, _ := newTestChannel(t, f, nil)
	ctx := context.Background()
	if b, err := c.Media(ctx, "M1", 1<<20); err != nil || string(b) != "JPEGDATA" {
		t.Fatalf("Media = %q, %v", b, err)
	}
	if _, err := c.Media(ctx, "M2", 1<<20); !errors.Is(err, media.ErrGone) {
		t.Errorf("expired MediaId: %v, want media.ErrGone", err)
	}
	if _, err := c.Media(ctx, "M3", 4); err == nil {
		t.Error("a file over the limit was accepted")
	}
}

// TestConfigValidate reports every problem at once.
func TestConfigValidate(t *testing.T) {
	err := Config{EncodingAESKey: "short", APIBaseURL: "ftp://x"}.Validate()
	for _, want := range []string{"corp_id", "agent_id", "secret", "token", "encoding_aes_key", "api_base_url"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want it to name %s", err, want)
		}
	}
}

// TestNewerCardSupersedesTheOlder: a member's second card about the same
// thing greys out the first (update_template_card with the first card's
// response_code) and forgets its buttons; a card about another thing
// leaves it alone; an update WeCom refuses does not fail the delivery.
func TestNewerCardSupersedesTheOlder(t *testing.T) {
	f := newFake(t, map[string][]string{
		"/cgi-bin/message/send": {`{"errcode":0,"response_code":"RC1"}`, `{"errcode":0,"response_code":"RC2"}`,
			`{"errcode":0,"response_code":"RC3"}`, `{"errcode":0,"response_code":"RC4"}`},
		"/cgi-bin/message/update_template_card": {`{"errcode":0}`, `{"errcode":40029,"errmsg":"invalid code"}`},
	})
	c, _ := newTestChannel(t, f, nil)
	ctx := context.Background()
	card := func(ref, text string) string {
		it := item("zhangsan", false, text, flows.Button{Label: "接单", Data: "rp:take:1"}, flows.Button{Label: "完成", Data: "rp:done:1"})
		it.Ref = ref
		if err := c.Send(ctx, it); err != nil {
			t.Fatalf("Send %s: %v", ref, err)
		}
		return f.last("/cgi-bin/message/send").body["template_card"].(map[string]any)["task_id"].(string)
	}
	first := card("repair:1", "【报修】BX-1\n教学楼302 窗户")
	other := card("repair:2", "【报修】BX-2\n教学楼303 灯")
	if got := len(f.calls) - countPaths(f, "/cgi-bin/message/send") - countPaths(f, "/cgi-bin/gettoken"); got != 0 {
		t.Fatalf("%d other calls for cards about two things, want none", got)
	}
	second := card("repair:1", "【提醒】BX-1\n还有 1 小时到期")
	up := f.last("/cgi-bin/message/update_template_card")
	if up.body["response_code"] != "RC1" || fmt.Sprint(up.body["userids"]) != "[zhangsan]" ||
		up.body["button"].(map[string]any)["replace_name"] != supersededLabel {
		t.Fatalf("update_template_card %v, want the first card's code and the superseded label", up.body)
	}
	if _, _, err := c.buttonData(ctx, first, "b0", "zhangsan"); err == nil {
		t.Error("the superseded card's buttons still work")
	}
	for _, task := range []string{second, other} {
		if _, _, err := c.buttonData(ctx, task, "b0", "zhangsan"); err != nil {
			t.Errorf("card %s: %v, want its buttons to work", task, err)
		}
	}
	// WeCom refuses the next update (the code used or past 72 hours): the
	// card is delivered all the same, and the older one forgotten.
	third := card("repair:1", "【返修】BX-1\n没修好")
	if up := f.last("/cgi-bin/message/update_template_card"); up.body["response_code"] != "RC3" {
		t.Errorf("second update used %v, want RC3", up.body["response_code"])
	}
	if _, _, err := c.buttonData(ctx, second, "b0", "zhangsan"); err == nil {
		t.Error("the card superseded under a refused update still works")
	}
	if _, _, err := c.buttonData(ctx, third, "b0", "zhangsan"); err != nil {
		t.Errorf("the newest card: %v", err)
	}
}

func countPaths(f *fakeAPI, path string) int {
	n := 0
	for _, p := range f.paths() {
		if p == path {
			n++
		}
	}
	return n
}
