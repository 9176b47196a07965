package telegram

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/houqin/houqin/bot/telegram/telegramtest"
	"github.com/houqin/houqin/flows"
)

const testSecret = "s3cret-Webhook_token"

func webhookConfig() Config {
	return Config{Mode: ModeWebhook, WebhookURL: "https://houqin.example.edu.cn/telegram", WebhookSecret: testSecret}
}

// runChannel runs the channel until the returned stop is called; stop
// returns when Run has returned.
func runChannel(t *testing.T, hs *harness) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- hs.ch.Run(ctx) }()
	return func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("Run did not return after cancel")
		}
	}
}

func postUpdate(t *testing.T, h http.Handler, secret, update string) int {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/telegram", strings.NewReader(update))
	req.Header.Set("Content-Type", "application/json")
	if secret != "" {
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code
}

func TestWebhook(t *testing.T) {
	hs := newHarness(t, webhookConfig(), nil)
	stop := runChannel(t, hs)
	defer stop()
	eventually(t, "setWebhook", func() bool { return len(hs.api.Calls("setWebhook")) == 1 })
	set := hs.api.Calls("setWebhook")[0].Form
	if set.Get("url") != "https://houqin.example.edu.cn/telegram" || set.Get("secret_token") != testSecret {
		t.Errorf("setWebhook = %v", set)
	}
	if !strings.Contains(set.Get("allowed_updates"), "callback_query") {
		t.Errorf("allowed_updates = %q", set.Get("allowed_updates"))
	}
	h := hs.ch.WebhookHandler()
	update := privateText(2000, teacher, "302 桌子坏了")

	for _, secret := range []string{"", "wrong", testSecret + "x"} {
		if code := postUpdate(t, h, secret, update); code != http.StatusUnauthorized {
			t.Errorf("secret %q: status %d, want 401", secret, code)
		}
	}
	if n := len(hs.h.messages()); n != 0 {
		t.Fatalf("handler called %d times without the right secret", n)
	}

	// Telegram redelivers when a response was lost: same update, same key.
	for i := 0; i < 2; i++ {
		if code := postUpdate(t, h, testSecret, update); code != http.StatusOK {
			t.Fatalf("status %d, want 200", code)
		}
	}
	msgs := hs.h.messages()
	if len(msgs) != 2 || msgs[0].DedupKey != "u2000" || msgs[1].DedupKey != msgs[0].DedupKey {
		t.Fatalf("messages = %+v, want the same DedupKey u2000 twice", msgs)
	}
	// The reply was sent before the 200: a lost reply means a redelivery.
	if n := len(hs.api.Calls("sendMessage")); n != 2 {
		t.Errorf("sendMessage calls = %d, want 2", n)
	}

	if code := postUpdate(t, h, testSecret, `{"update_id":`); code != http.StatusBadRequest {
		t.Errorf("bad JSON: status %d, want 400", code)
	}
	req := httptest.NewRequest(http.MethodGet, "/telegram", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: status %d, want 405", rec.Code)
	}
}

func TestWebhookBeforeRunIsRetriedLater(t *testing.T) {
	hs := newHarness(t, webhookConfig(), nil)
	if code := postUpdate(t, hs.ch.WebhookHandler(), testSecret, privateText(2100, teacher, "你好")); code != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503 so that Telegram retries", code)
	}
}

func TestPolling(t *testing.T) {
	release := make(chan struct{})
	var inFlight atomic.Bool
	hs := newHarness(t, Config{}, func(m flows.Message) ([]flows.Reply, error) {
		if m.Text == "慢" {
			inFlight.Store(true)
			<-release
		}
		return []flows.Reply{{Text: "收到：" + m.Text}}, nil
	})
	stop := runChannel(t, hs)
	stopped := false
	defer func() {
		if !stopped {
			close(release)
			stop()
		}
	}()

	hs.api.Push(privateText(3000, teacher, "/start ABC123"))
	hs.api.Push(callbackUpdate(3001, teacher, privateChatJSON(teacher), 3000, "menu:repair"))
	eventually(t, "two updates handled", func() bool { return len(hs.h.messages()) == 2 })
	calls := hs.api.Calls()
	if len(calls) == 0 || calls[0].Method != "deleteWebhook" {
		t.Errorf("first call = %+v, want deleteWebhook", calls)
	}
	msgs := hs.h.messages()
	if msgs[0].Text != "绑定 ABC123" || msgs[0].DedupKey != "u3000" || msgs[1].Button != "menu:repair" || msgs[1].DedupKey != "u3001" {
		t.Errorf("messages = %+v", msgs)
	}

	// The same update as a webhook would have delivered it: same key.
	wh := newHarness(t, webhookConfig(), nil)
	wstop := runChannel(t, wh)
	eventually(t, "setWebhook", func() bool { return len(wh.api.Calls("setWebhook")) == 1 })
	postUpdate(t, wh.ch.WebhookHandler(), testSecret, privateText(3000, teacher, "/start ABC123"))
	wstop()
	if got := wh.h.messages(); len(got) != 1 || got[0].DedupKey != msgs[0].DedupKey {
		t.Errorf("webhook DedupKey = %+v, polling gave %q", got, msgs[0].DedupKey)
	}

	// Shutdown drains: an update being handled finishes, and its reply is
	// sent, before Run returns.
	hs.api.Push(privateText(3002, teacher, "慢"))
	eventually(t, "slow update in flight", inFlight.Load)
	returned := make(chan struct{})
	go func() { stop(); close(returned) }()
	stopped = true
	select {
	case <-returned:
		t.Fatalf("Run returned with an update in flight")
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	<-returned
	var replied bool
	for _, c := range hs.api.Calls("sendMessage") {
		if c.Form.Get("text") == "收到：慢" {
			replied = true
		}
	}
	if !replied {
		t.Errorf("the in-flight update's reply was not sent before Run returned")
	}
}

func TestConfigValidate(t *testing.T) {
	err := Config{Mode: "push", APIURL: "ftp://x"}.Validate()
	for _, want := range []string{"token is empty", `mode "push"`, "api_url"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want it to mention %q", err, want)
		}
	}
	err = Config{Token: "1:x", Mode: ModeWebhook, WebhookURL: "http://insecure", WebhookSecret: "has space"}.Validate()
	for _, want := range []string{"webhook_url", "webhook_secret"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %v, want it to mention %q", err, want)
		}
	}
	if err := (Config{Token: "1:x"}).Validate(); err != nil {
		t.Errorf("polling with a token: %v", err)
	}
}

func TestNewLearnsUsernameFromGetMe(t *testing.T) {
	api := telegramtest.NewServer(t)
	c, err := New(Config{Token: testToken, APIURL: api.URL()}, newFakeHandler(nil), newFakeChats(), newFakeCards(), nil)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if c.Username() != testBotName || c.botID != testBotID {
		t.Errorf("username, id = %q, %d; want %q, %d", c.Username(), c.botID, testBotName, testBotID)
	}
	if _, err := New(Config{Token: "999:wrongwrongwrong", APIURL: api.URL()}, nil, nil, nil, nil); err == nil ||
		strings.Contains(err.Error(), "wrongwrongwrong") {
		t.Errorf("New with a bad token: %v; want an error without the token", err)
	}
}
