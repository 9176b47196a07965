package main

import (
	"bytes"
	"context"
	"crypto/sha1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/bot/telegram/telegramtest"
)

func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func wechatSign(token, ts, nonce string) string {
	s := []string{token, ts, nonce}
	sort.Strings(s)
	sum := sha1.Sum([]byte(strings.Join(s, "")))
	return hex.EncodeToString(sum[:])
}

// TestServeContract starts `houqin serve` as an operator would, with both
// channels configured against fakes on loopback, and checks the HTTP
// contract of DESIGN.md.
func TestServeContract(t *testing.T) {
	tg := telegramtest.NewServer(t)
	addr := freeAddr(t)
	cfgFile := filepath.Join(t.TempDir(), "houqin.toml")
	os.WriteFile(cfgFile, []byte(fmt.Sprintf(`
[http]
addr = %q
[wechat]
app_id = "wx-test"
app_secret = "wechat-secret"
token = "wechat-token"
api_base_url = "http://127.0.0.1:1"
[telegram]
mode = "webhook"
api_url = %q
webhook_url = "https://school.example/telegram"
webhook_secret = "hook-secret"
[log]
level = "warn"
`, addr, tg.URL())), 0o600)
	c := newCLI(t)
	c.env["HOUQIN_TELEGRAM_TOKEN"] = telegramtest.Token
	ctx, cancel := context.WithCancel(context.Background())
	var logs bytes.Buffer
	done := make(chan error, 1)
	go func() {
		env := &Env{Stdout: io.Discard, Stderr: &logs, Stdin: strings.NewReader(""), Getenv: func(k string) string { return c.env[k] }}
		done <- run(ctx, env, []string{"serve", "--config", cfgFile})
	}()
	base := "http://" + addr
	var resp *http.Response
	var err error
	for range 100 {
		if resp, err = http.Get(base + "/healthz"); err == nil {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v\n%s", resp, err, logs.String())
	}
	get := func(path string) (int, string) {
		r, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		return r.StatusCode, string(b)
	}
	if code, body := get("/metrics"); code != 200 || !strings.Contains(body, "houqin_outbox_pending") {
		t.Errorf("metrics: %d %q", code, body)
	}
	// WeChat refuses nothing older than 5 minutes and each nonce once:
	// the verification and the message get their own.
	ts, nonce := strconv.FormatInt(time.Now().Unix(), 10), "42"
	sig := wechatSign("wechat-token", ts, nonce)
	if code, body := get(fmt.Sprintf("/wechat?signature=%s&timestamp=%s&nonce=%s&echostr=hello", sig, ts, nonce)); code != 200 || body != "hello" {
		t.Errorf("wechat URL check: %d %q", code, body)
	}
	if code, _ := get(fmt.Sprintf("/wechat?signature=%s&timestamp=%s&nonce=%s&echostr=hello", strings.Repeat("0", 40), ts, nonce)); code != 403 {
		t.Errorf("wrong signature: %d, want 403", code)
	}
	xml := `<xml><ToUserName>gh_school</ToUserName><FromUserName>o-stranger</FromUserName><CreateTime>1700000000</CreateTime><MsgType>text</MsgType><Content>你好</Content><MsgId>1</MsgId></xml>`
	r, err := http.Post(fmt.Sprintf("%s/wechat?signature=%s&timestamp=%s&nonce=43", base, wechatSign("wechat-token", ts, "43"), ts), "text/xml", strings.NewReader(xml))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(r.Body)
	r.Body.Close()
	if !strings.Contains(string(b), "绑定") {
		t.Errorf("wechat text from a stranger: %d %s", r.StatusCode, b)
	}
	req, _ := http.NewRequest("POST", base+"/telegram", strings.NewReader(`{"update_id":1}`))
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "wrong")
	if r, err := http.DefaultClient.Do(req); err != nil || r.StatusCode != 401 {
		t.Errorf("telegram wrong secret: %v %v, want 401", r, err)
	}
	if n := len(tg.Calls("setWebhook")); n != 1 {
		t.Errorf("setWebhook called %d times, want 1", n)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop")
	}
	for _, secret := range []string{"wechat-secret", "wechat-token", "AAH-secretPartOfTheToken", "hook-secret"} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("a secret reached the log: %s", secret)
		}
	}
}

// TestServeStopsWhenALoopFails runs `houqin serve` with a Telegram loop
// that cannot start — the fake Bot API refuses setWebhook (webhook mode) or
// deleteWebhook (polling mode) — and checks that serve stops its other
// loops and its HTTP server and returns the error (exit code 1) within
// seconds, instead of logging "houqin stopping" and hanging.
func TestServeStopsWhenALoopFails(t *testing.T) {
	for _, c := range []struct{ mode, method, extra string }{
		{"webhook", "setWebhook", "webhook_url = \"https://school.example/telegram\"\nwebhook_secret = \"hook-secret\"\n"},
		{"polling", "deleteWebhook", ""},
	} {
		t.Run(c.mode, func(t *testing.T) {
			tg := telegramtest.NewServer(t)
			tg.Fail(func(method string, _ url.Values) (int, string, bool) {
				if method == c.method {
					return 400, `{"ok":false,"error_code":400,"description":"Bad Request: refused by the fake Bot API"}`, true
				}
				return 0, "", false
			})
			addr := freeAddr(t)
			cfgFile := writeConfig(t, fmt.Sprintf("[http]\naddr = %q\n[telegram]\nmode = %q\napi_url = %q\n%s[log]\nlevel = \"warn\"\n", addr, c.mode, tg.URL(), c.extra))
			cli := newCLI(t)
			cli.env["HOUQIN_TELEGRAM_TOKEN"] = telegramtest.Token
			var logs bytes.Buffer
			done := make(chan error, 1)
			start := time.Now()
			go func() {
				env := &Env{Stdout: io.Discard, Stderr: &logs, Stdin: strings.NewReader(""), Getenv: func(k string) string { return cli.env[k] }}
				done <- run(context.Background(), env, []string{"serve", "--config", cfgFile})
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(20 * time.Second):
				t.Fatalf("serve still running 20s after %s failed\n%s", c.method, logs.String())
			}
			if err == nil || !strings.Contains(err.Error(), c.method) || exitCode(err) != 1 {
				t.Errorf("serve returned %v (exit %d), want the %s error and exit 1", err, exitCode(err), c.method)
			}
			if strings.Contains(err.Error()+logs.String(), "secretPartOfTheToken") {
				t.Error("the bot token reached the error or the log")
			}
			if conn, err := net.Dial("tcp", addr); err == nil {
				conn.Close()
				t.Errorf("%s still accepts connections after serve returned", addr)
			}
			t.Logf("serve returned %v after %v", err, time.Since(start).Round(time.Millisecond))
		})
	}
}

// runLoops: the first failure cancels the others and is returned; loops
// that stop because they were cancelled are not failures.
func TestRunLoops(t *testing.T) {
	log := newLogger(io.Discard, "error")
	boom := errors.New("boom")
	untilDone := func(ctx context.Context) error { <-ctx.Done(); return nil }
	cancelled := func(ctx context.Context) error { <-ctx.Done(); return fmt.Errorf("poll: %w", ctx.Err()) }
	late := func(ctx context.Context) error { <-ctx.Done(); return errors.New("a second failure") }
	if err := runLoops(context.Background(), log, untilDone, cancelled, func(context.Context) error { return boom }, late); err != boom {
		t.Errorf("one loop failed: runLoops = %v, want %v", err, boom)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := runLoops(ctx, log, untilDone, cancelled); err != nil {
		t.Errorf("stopped by its context: runLoops = %v, want nil", err)
	}
}
