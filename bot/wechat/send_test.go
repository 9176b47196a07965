package wechat

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/flows"
)

const (
	customPath   = "/cgi-bin/message/custom/send"
	templatePath = "/cgi-bin/message/template/send"
	tokenPath    = "/cgi-bin/stable_token"
)

// outboxItem is a repair job for a worker last seen lastSeen before now.
func (e *env) outboxItem(lastSeen time.Duration) flows.OutboxItem {
	item := flows.OutboxItem{
		ID:      42,
		Channel: flows.ChannelWeChat,
		Address: "oWorker-openid",
		Notification: flows.Notification{
			SchoolID: 1, ToStaff: 7, Kind: "repair.assigned", Ref: "repair:9",
			Text:    "新报修：初二(3)班 课桌腿断了\n报修人：王老师",
			Buttons: []flows.Button{{Label: "接单", Data: "take:9"}},
			Link:    "https://houqin.example.edu.cn/r/9",
		},
	}
	if lastSeen > 0 {
		item.LastSeen = e.now.Add(-lastSeen)
	}
	return item
}

func TestSendInsideWindowIsCustomerMessage(t *testing.T) {
	e := newEnv(t, nil)
	if err := e.ch.Send(context.Background(), e.outboxItem(47*time.Hour)); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := e.api.customs()
	if len(got) != 1 || len(e.api.tpls()) != 0 {
		t.Fatalf("sent %d customer and %d template messages, want 1 and 0", len(got), len(e.api.tpls()))
	}
	// No "1. 接单": a typed number outside a conversation would not mean
	// this notification's button.
	want := "新报修：初二(3)班 课桌腿断了\n报修人：王老师\n\n详情：https://houqin.example.edu.cn/r/9"
	if got[0].ToUser != "oWorker-openid" || got[0].MsgType != "text" || got[0].Text.Content != want {
		t.Errorf("customer message = %+v %q, want text %q", got[0], got[0].Text.Content, want)
	}
}

func TestSendOutsideWindowIsTemplate(t *testing.T) {
	tests := []struct {
		name      string
		lastSeen  time.Duration // 0: never wrote
		kind      string
		wantTpl   string
		wantTopic string
	}{
		{"49h ago, own template", 49 * time.Hour, "repair.assigned", "TPL-REPAIR", "报修"},
		{"never wrote, default template", 0, "visit.arrived", "TPL-DEFAULT", "来访"},
		{"a kind no module names", 0, "delivery.failed", "TPL-DEFAULT", "后勤通知"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, func(c *Config) {
				c.Topic = flows.Topics([]flows.Module{{Topics: map[string]string{"repair": "报修", "visit": "来访"}}})
			})
			item := e.outboxItem(tt.lastSeen)
			item.Kind = tt.kind
			if err := e.ch.Send(context.Background(), item); err != nil {
				t.Fatalf("Send: %v", err)
			}
			if n := e.api.count(customPath); n != 0 {
				t.Errorf("%d customer messages tried, want 0", n)
			}
			got := e.api.tpls()
			if len(got) != 1 {
				t.Fatalf("sent %d template messages, want 1", len(got))
			}
			m := got[0]
			if m.TemplateID != tt.wantTpl || m.ToUser != item.Address || m.URL != item.Link || m.ClientMsgID != "houqin-outbox-42" {
				t.Errorf("template = %+v", m)
			}
			wantData := map[string]string{
				"first":    "新报修：初二(3)班 课桌腿断了",
				"keyword1": tt.wantTopic,
				"keyword2": "新报修：初二(3)班 课桌腿断了",
				"keyword3": "2025-03-10 17:30",
				"remark":   "点击查看详情",
			}
			for k, v := range wantData {
				if m.Data[k].Value != v {
					t.Errorf("data[%s] = %q, want %q", k, m.Data[k].Value, v)
				}
			}
		})
	}
}

func TestSendFallsBackToTemplate(t *testing.T) {
	for _, code := range []int{45015, 45047} {
		e := newEnv(t, nil)
		e.api.answer(customPath, code)
		if err := e.ch.Send(context.Background(), e.outboxItem(time.Hour)); err != nil {
			t.Fatalf("errcode %d: Send: %v", code, err)
		}
		if n, m := e.api.count(customPath), len(e.api.tpls()); n != 1 || m != 1 {
			t.Errorf("errcode %d: %d customer tries and %d templates, want 1 and 1", code, n, m)
		}
	}
}

func TestSendRefreshesTokenOnce(t *testing.T) {
	e := newEnv(t, nil)
	if err := e.ch.Send(context.Background(), e.outboxItem(time.Hour)); err != nil {
		t.Fatalf("first Send: %v", err)
	}
	// Another client force-refreshed the token: WeChat answers 40001 to
	// the cached one.
	e.api.expireToken()
	if err := e.ch.Send(context.Background(), e.outboxItem(time.Hour)); err != nil {
		t.Fatalf("Send with a revoked token: %v", err)
	}
	if n := e.api.count(tokenPath); n != 2 {
		t.Errorf("stable_token called %d times, want 2", n)
	}
	if n := e.api.count(customPath); n != 3 {
		t.Errorf("custom send called %d times, want 3 (ok, 40001, retry)", n)
	}

	// A token that stays invalid is tried once more, not forever.
	e.api.answer(customPath, 40001, 42001, 40001)
	err := e.ch.Send(context.Background(), e.outboxItem(time.Hour))
	var ae *APIError
	if !errors.As(err, &ae) || ae.Code != 42001 {
		t.Fatalf("Send = %v, want errcode 42001", err)
	}
	if errors.Is(err, bot.ErrUndeliverable) {
		t.Errorf("an expired token is not undeliverable")
	}
	if n := e.api.count(customPath); n != 5 {
		t.Errorf("custom send called %d times, want 5", n)
	}
	// The right fields went to stable_token, and the secret stayed out of errors.
	if e.api.tokenBody["grant_type"] != "client_credential" || e.api.tokenBody["force_refresh"] != false {
		t.Errorf("stable_token body = %v", e.api.tokenBody)
	}
	if strings.Contains(err.Error(), "ACCESS-TOKEN") || strings.Contains(err.Error(), testSecret) {
		t.Errorf("error leaks a credential: %v", err)
	}
}

func TestSendErrors(t *testing.T) {
	tests := []struct {
		name        string
		custom      []int
		template    []int
		lastSeen    time.Duration
		undeliver   bool
		config      bool // a *bot.ConfigError
		retry       bool
		wantTries   int // template sends
		errContains string
	}{
		{name: "unsubscribed", custom: []int{43004}, lastSeen: time.Hour, undeliver: true},
		{name: "refused template", template: []int{43101}, lastSeen: 72 * time.Hour, undeliver: true, wantTries: 1},
		{name: "bad template", template: []int{40037}, lastSeen: 72 * time.Hour, config: true, wantTries: 1},
		{name: "template fields wrong", template: []int{47003}, lastSeen: 72 * time.Hour, config: true, wantTries: 1},
		{name: "daily quota", template: []int{45009}, lastSeen: 72 * time.Hour, retry: true, wantTries: 1},
		{name: "quota then daily quota", custom: []int{45047}, template: []int{45009}, lastSeen: time.Hour, retry: true, wantTries: 1},
		{name: "system busy", template: []int{-1}, lastSeen: 72 * time.Hour, wantTries: 1, errContains: "errcode -1"},
		{name: "HTTP 500", template: []int{500}, lastSeen: 72 * time.Hour, wantTries: 1, errContains: "statusCode=500"},
		{name: "custom HTTP 500", custom: []int{500}, lastSeen: time.Hour, errContains: "statusCode=500"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			e.api.answer(customPath, tt.custom...)
			e.api.answer(templatePath, tt.template...)
			err := e.ch.Send(context.Background(), e.outboxItem(tt.lastSeen))
			if err == nil {
				t.Fatal("Send succeeded, want an error")
			}
			if got := errors.Is(err, bot.ErrUndeliverable); got != tt.undeliver {
				t.Errorf("undeliverable = %v, want %v (%v)", got, tt.undeliver, err)
			}
			var ce *bot.ConfigError
			if got := errors.As(err, &ce); got != tt.config {
				t.Errorf("ConfigError = %v, want %v (%v)", got, tt.config, err)
			}
			var re *bot.RetryError
			if got := errors.As(err, &re); got != tt.retry {
				t.Errorf("RetryError = %v, want %v (%v)", got, tt.retry, err)
			} else if got && (re.After <= 0 || re.After > 24*time.Hour) {
				t.Errorf("retry after %v, want until midnight", re.After)
			}
			if tt.errContains != "" && !strings.Contains(err.Error(), tt.errContains) {
				t.Errorf("error %q does not say %q", err, tt.errContains)
			}
			if n := e.api.count(templatePath); n != tt.wantTries {
				t.Errorf("template sends = %d, want %d", n, tt.wantTries)
			}
			if strings.Contains(err.Error(), "ACCESS-TOKEN") {
				t.Errorf("error leaks the access token: %v", err)
			}
		})
	}
}

func TestSendUndeliverableItems(t *testing.T) {
	e := newEnv(t, func(c *Config) { c.Templates = nil })
	group := e.outboxItem(time.Hour)
	group.IsGroup = true
	if err := e.ch.Send(context.Background(), group); !errors.Is(err, bot.ErrUndeliverable) || !strings.Contains(err.Error(), "no group chats") {
		t.Errorf("group item: %v, want undeliverable", err)
	}
	// No template is the configuration's fault, not the recipient's.
	var ce *bot.ConfigError
	if err := e.ch.Send(context.Background(), e.outboxItem(72*time.Hour)); errors.Is(err, bot.ErrUndeliverable) || !errors.As(err, &ce) {
		t.Errorf("outside the window without templates: %v, want a configuration error", err)
	}
	if n := e.api.count(customPath) + e.api.count(templatePath); n != 0 {
		t.Errorf("%d API calls, want none", n)
	}
}

func TestSendNetworkErrorIsTransient(t *testing.T) {
	e := newEnv(t, nil)
	e.api.Close() // the API is unreachable
	err := e.ch.Send(context.Background(), e.outboxItem(time.Hour))
	var re *bot.RetryError
	if err == nil || errors.Is(err, bot.ErrUndeliverable) || errors.As(err, &re) {
		t.Fatalf("Send = %v, want a plain (transient) error", err)
	}
}

func TestTokenSharedThroughKV(t *testing.T) {
	e := newEnv(t, nil)
	if err := e.ch.Send(context.Background(), e.outboxItem(time.Hour)); err != nil {
		t.Fatal(err)
	}
	// A second instance on the same KV (PostgreSQL in production) uses
	// the cached token instead of fetching its own.
	other, err := New(e.config, e.eng, e.kv, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Send(context.Background(), e.outboxItem(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if n := e.api.count(tokenPath); n != 1 {
		t.Errorf("stable_token called %d times for two instances, want 1", n)
	}
	v, err := e.kv.GetKV(context.Background(), "wechat:access_token:"+testAppID)
	if err != nil || v != "ACCESS-TOKEN-1" {
		t.Errorf("KV token = %q, %v", v, err)
	}
	exp := e.kv.vals["wechat:access_token:"+testAppID].expires
	if ttl := time.Until(exp); ttl < 110*time.Minute || ttl > 115*time.Minute {
		t.Errorf("token cached for %v, want 2h minus 5 min", ttl)
	}
}

// The token read from the KV is kept a minute in the process: a burst of
// notifications does not read the database for it once each.
func TestTokenKeptInProcess(t *testing.T) {
	e := newEnv(t, nil)
	key := "wechat:access_token:" + testAppID
	for range 5 {
		if err := e.ch.Send(context.Background(), e.outboxItem(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	e.kv.mu.Lock()
	reads := e.kv.gets[key]
	e.kv.mu.Unlock()
	// The first Send looks in the KV twice (before and after taking the
	// fetch lock) and fetches; the four after it read nothing.
	if reads != 2 || e.api.count(tokenPath) != 1 {
		t.Errorf("5 sends read the KV token %d times and fetched %d, want 2 and 1", reads, e.api.count(tokenPath))
	}
	// A second instance reads the KV once, then keeps it too.
	other, err := New(e.config, e.eng, e.kv, nil)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		if err := other.Send(context.Background(), e.outboxItem(time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	e.kv.mu.Lock()
	reads = e.kv.gets[key]
	e.kv.mu.Unlock()
	if reads != 3 || e.api.count(tokenPath) != 1 {
		t.Errorf("after 3 sends by another instance: %d KV reads and %d fetches, want 3 and 1", reads, e.api.count(tokenPath))
	}
	// A token WeChat refuses leaves the memo with the KV's copy.
	e.api.expireToken()
	if err := e.ch.Send(context.Background(), e.outboxItem(time.Hour)); err != nil {
		t.Fatalf("Send with a revoked token: %v", err)
	}
	if n := e.api.count(tokenPath); n != 2 {
		t.Errorf("stable_token called %d times after the token was revoked, want 2", n)
	}
}

func TestUntilQuotaReset(t *testing.T) {
	sh := flows.LoadLocation("Asia/Shanghai")
	now := time.Date(2025, 3, 10, 23, 0, 0, 0, sh)
	if got, want := untilQuotaReset(now), 61*time.Minute; got != want {
		t.Errorf("untilQuotaReset(23:00) = %v, want %v", got, want)
	}
}

func TestSplitText(t *testing.T) {
	s := strings.Repeat("汉", 1000) // 3000 bytes, no line breaks
	parts := splitText(s, maxText)
	if len(parts) != 2 || strings.Join(parts, "") != s {
		t.Fatalf("split into %d parts, joined equal %v", len(parts), strings.Join(parts, "") == s)
	}
	for _, p := range parts {
		if len(p) > maxText {
			t.Errorf("part of %d bytes", len(p))
		}
	}
	if got := splitText("", maxText); len(got) != 1 || got[0] != "" {
		t.Errorf("splitText(\"\") = %q", got)
	}
}

func TestRenderReply(t *testing.T) {
	btns := []flows.Button{{Label: "确认提交", Data: "ok"}, {Label: "取消", Data: "no"}}
	tests := []struct {
		rep  flows.Reply
		want string
	}{
		{flows.Reply{Text: "请核对："}, "请核对："},
		{flows.Reply{Text: "请核对：\n", Buttons: btns}, "请核对：\n1. 确认提交\n2. 取消"},
		{flows.Reply{Text: "请核对：\n" + flows.Numbered(btns), Buttons: btns}, "请核对：\n1. 确认提交\n2. 取消"},
		{flows.Reply{Buttons: btns}, "1. 确认提交\n2. 取消"},
		// A checklist numbers its items: its buttons are words, unnumbered.
		{flows.Reply{Text: "1. 灭火器\n2. 电线", Buttons: []flows.Button{{Label: "全部正常", Data: "a"}, {Label: "1 有问题", Data: "b"}}, LabelsOnly: true},
			"1. 灭火器\n2. 电线\n可回复：「全部正常」「1 有问题」"},
	}
	for _, tt := range tests {
		if got := renderReply(tt.rep); got != tt.want {
			t.Errorf("renderReply(%+v) = %q, want %q", tt.rep, got, tt.want)
		}
	}
}
