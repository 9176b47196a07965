package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/bot/telegram/telegramtest"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/digest"
)

// scrape is one /metrics answer: series (name{labels} exactly as exposed)
// to value.
type scrape map[string]float64

func parseScrape(t *testing.T, body string) scrape {
	t.Helper()
	s := scrape{}
	sc := bufio.NewScanner(strings.NewReader(body))
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if i < 0 || err != nil {
			t.Fatalf("metrics line %q: %v", line, err)
		}
		s[line[:i]] = v
	}
	return s
}

// sum adds every series of a metric whose labels contain all of want.
func (s scrape) sum(name string, want ...string) float64 {
	total := 0.0
	for k, v := range s {
		n, labels, _ := strings.Cut(k, "{")
		if n != name {
			continue
		}
		ok := true
		for _, w := range want {
			ok = ok && strings.Contains(labels, w)
		}
		if ok {
			total += v
		}
	}
	return total
}

// TestServeMetricsMove runs `houqin serve` with Telegram (webhook mode)
// against the fake Bot API and a real PostgreSQL, scrapes /metrics with its
// bearer token before and after two messages and two outbox deliveries (one
// of them a digest), and checks that the counters moved by exactly that.
func TestServeMetricsMove(t *testing.T) {
	c := newCLI(t)
	school := id(c.json("school", "add", "--name", "第一中学"))
	teacher := id(c.json("staff", "add", "--school", school, "--name", "李老师", "--role", "teacher"))
	code := c.json("staff", "invite", "--staff", teacher)["code"].(string)

	tg := telegramtest.NewServer(t)
	addr := freeAddr(t)
	const token = "scrape-token-0123456789abcdef"
	cfgFile := writeConfig(t, fmt.Sprintf(`
[http]
addr = %q
[telegram]
mode = "webhook"
api_url = %q
webhook_url = "https://school.example/telegram"
webhook_secret = "hook-secret"
[metrics]
token = %q
[log]
level = "warn"
`, addr, tg.URL(), token))
	c.env["HOUQIN_TELEGRAM_TOKEN"] = telegramtest.Token
	ctx, cancel := context.WithCancel(context.Background())
	var logs bytes.Buffer
	done := make(chan error, 1)
	go func() {
		env := &Env{Stdout: io.Discard, Stderr: &logs, Stdin: strings.NewReader(""), Getenv: func(k string) string { return c.env[k] }}
		done <- run(ctx, env, []string{"serve", "--config", cfgFile})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v", err)
			}
		case <-time.After(15 * time.Second):
			t.Error("serve did not stop")
		}
		if strings.Contains(logs.String(), token) {
			t.Error("the metrics token reached the log")
		}
	})
	base := "http://" + addr
	waitHealthy(t, base, &logs)

	get := func(auth string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest("GET", base+"/metrics", nil)
		if auth != "" {
			req.Header.Set("Authorization", auth)
		}
		r, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		b, _ := io.ReadAll(r.Body)
		return r.StatusCode, string(b)
	}
	metrics := func() scrape {
		t.Helper()
		code, body := get("Bearer " + token)
		if code != 200 {
			t.Fatalf("/metrics with the token: %d %s", code, body)
		}
		return parseScrape(t, body)
	}
	for _, auth := range []string{"", "Bearer wrong-token-0123456789abc", "Basic " + token, token} {
		if code, body := get(auth); code != 401 || strings.Contains(body, "houqin_") {
			t.Errorf("/metrics with Authorization %q: %d, want 401 and no metrics", auth, code)
		}
	}

	before := metrics()
	for _, name := range []string{"go_goroutines", "process_cpu_seconds_total", "houqin_outbox_pending", "houqin_database_up",
		"houqin_outbox_oldest_pending_seconds", "houqin_outbox_queued_total"} {
		if _, ok := before[name]; !ok {
			t.Errorf("first scrape has no %s", name)
		}
	}
	if before["houqin_database_up"] != 1 {
		t.Errorf("houqin_database_up = %v, want 1", before["houqin_database_up"])
	}
	if n := before.sum("houqin_messages_handled_total"); n != 0 {
		t.Errorf("messages handled before any message: %v", n)
	}

	// Two messages by webhook: a stranger, then the teacher binding.
	li := telegramtest.User{ID: 7001, Name: "李老师"}
	for i, u := range []string{
		telegramtest.PrivateText(1, telegramtest.User{ID: 7002, Name: "路人"}, "你好"),
		telegramtest.PrivateText(2, li, "绑定 "+code),
	} {
		req, _ := http.NewRequest("POST", base+"/telegram", strings.NewReader(u))
		req.Header.Set("X-Telegram-Bot-Api-Secret-Token", "hook-secret")
		req.Header.Set("Content-Type", "application/json")
		r, err := http.DefaultClient.Do(req)
		if err != nil || r.StatusCode != 200 {
			t.Fatalf("webhook update %d: %v %v", i+1, r, err)
		}
		r.Body.Close()
	}

	// Two notifications for the teacher, the second a daily digest,
	// delivered by serve's outbox worker.
	db := c.db()
	schoolID, _ := strconv.ParseInt(school, 10, 64)
	teacherID, _ := strconv.ParseInt(teacher, 10, 64)
	if err := db.InTx(context.Background(), func(tx flows.Tx) error {
		for _, kind := range []string{"metrics.test", digest.Kind} {
			n := flows.Notification{SchoolID: schoolID, ToStaff: teacherID, Kind: kind, Text: "测试通知：" + kind}
			if err := tx.Enqueue(context.Background(), n, time.Now()); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	var after scrape
	for deadline := time.Now().Add(15 * time.Second); ; {
		after = metrics()
		if after.sum("houqin_outbox_sent_total", `channel="telegram"`) >= 2 || time.Now().After(deadline) {
			break
		}
		time.Sleep(200 * time.Millisecond)
	}

	var names []string
	for k, v := range after {
		if strings.HasPrefix(k, "houqin_") && !strings.Contains(k, "_bucket") {
			names = append(names, fmt.Sprintf("%s %g", k, v))
		}
	}
	sort.Strings(names)
	t.Logf("houqin series after the messages and deliveries:\n%s", strings.Join(names, "\n"))

	delta := func(name string, labels ...string) float64 {
		return after.sum(name, labels...) - before.sum(name, labels...)
	}
	checks := []struct {
		what string
		got  float64
		want float64
	}{
		{"messages handled ok on telegram", delta("houqin_messages_handled_total", `channel="telegram"`, `outcome="ok"`), 2},
		{"messages handled with an error", delta("houqin_messages_handled_total", `outcome="error"`), 0},
		{"handling latency observations", delta("houqin_message_handle_seconds_count", `channel="telegram"`), 2},
		{"outbox sent on telegram", delta("houqin_outbox_sent_total", `channel="telegram"`), 2},
		{"outbox failed", delta("houqin_outbox_failed_total"), 0},
		{"outbox queued", delta("houqin_outbox_queued_total"), 2},
		{"digests sent", delta("houqin_digest_sends_total", `outcome="sent"`), 1},
		{"outbox pending", after["houqin_outbox_pending"], 0},
		{"oldest pending age", after["houqin_outbox_oldest_pending_seconds"], 0},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: moved by %v, want %v", c.what, c.got, c.want)
		}
	}
	if n := after.sum("houqin_message_handle_seconds_sum", `channel="telegram"`); n <= 0 {
		t.Errorf("handling latency sum %v, want > 0", n)
	}
	// The scheduler ticked once at start, running every job for the school.
	if n := after.sum("houqin_scheduler_job_runs_total", `outcome="ok"`); n < 1 {
		t.Errorf("scheduler job runs %v, want at least one", n)
	}
	if ts := after["houqin_scheduler_last_tick_timestamp_seconds"]; ts < float64(time.Now().Add(-time.Minute).Unix()) {
		t.Errorf("last scheduler tick at %v, want within the last minute", ts)
	}
	sent := 0
	for _, call := range tg.Calls("sendMessage") {
		if call.Form.Get("chat_id") == "7001" && strings.HasPrefix(call.Form.Get("text"), "测试通知") {
			sent++
		}
	}
	if sent != 2 {
		t.Errorf("the fake Bot API got %d of the test notifications for the teacher, want 2", sent)
	}
}

func waitHealthy(t *testing.T, base string, logs *bytes.Buffer) {
	t.Helper()
	var resp *http.Response
	var err error
	for range 200 {
		if resp, err = http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v\n%s", resp, err, logs.String())
	}
}

// TestMetricsDatabaseDown: while the outbox query fails the scrape says
// houqin_database_up 0 and leaves the outbox gauges out instead of
// reading 0; they come back with the database.
func TestMetricsDatabaseDown(t *testing.T) {
	m := bot.NewMetrics("")
	var down bool
	m.WatchDatabase(func(ctx context.Context) (bot.OutboxStats, error) {
		if down {
			return bot.OutboxStats{}, errors.New("connection refused")
		}
		return bot.OutboxStats{Pending: 3, Oldest: time.Now().Add(-90 * time.Second), Queued: 41}, nil
	}, time.Second, time.Now, nil)
	read := func() scrape {
		t.Helper()
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		if rec.Code != 200 {
			t.Fatalf("scrape: %d %s", rec.Code, rec.Body)
		}
		return parseScrape(t, rec.Body.String())
	}
	up := read()
	if up["houqin_database_up"] != 1 || up["houqin_outbox_pending"] != 3 || up["houqin_outbox_queued_total"] != 41 {
		t.Errorf("database up: %v", up)
	}
	if age := up["houqin_outbox_oldest_pending_seconds"]; age < 90 || age > 100 {
		t.Errorf("oldest pending age %v, want about 90", age)
	}
	down = true
	got := read()
	if got["houqin_database_up"] != 0 {
		t.Errorf("houqin_database_up = %v with the database down, want 0", got["houqin_database_up"])
	}
	for _, name := range []string{"houqin_outbox_pending", "houqin_outbox_oldest_pending_seconds", "houqin_outbox_queued_total"} {
		if v, ok := got[name]; ok {
			t.Errorf("%s = %v with the database down, want it absent", name, v)
		}
	}
	if _, ok := got["go_goroutines"]; !ok {
		t.Error("the Go collector went missing with the database down")
	}
	down = false
	if again := read(); again["houqin_database_up"] != 1 || again["houqin_outbox_pending"] != 3 {
		t.Errorf("database back: %v", again)
	}
}

// TestMetricsClosedDatabase: serve's metrics on a real database that goes
// away (its pool closed) report houqin_database_up 0 and no backlog.
func TestMetricsClosedDatabase(t *testing.T) {
	c := newCLI(t)
	c.ok("migrate")
	db := c.db()
	m := newMetrics(DefaultConfig(), db, nil)
	read := func() scrape {
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, httptest.NewRequest("GET", "/metrics", nil))
		return parseScrape(t, rec.Body.String())
	}
	if s := read(); s["houqin_database_up"] != 1 || s["houqin_outbox_pending"] != 0 {
		t.Errorf("open database: up %v pending %v", s["houqin_database_up"], s["houqin_outbox_pending"])
	}
	db.Close()
	s := read()
	if _, ok := s["houqin_outbox_pending"]; ok || s["houqin_database_up"] != 0 {
		t.Errorf("closed database: up %v, pending present %v; want 0 and absent", s["houqin_database_up"], ok)
	}
}
