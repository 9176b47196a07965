package telegram

import (
	"errors"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

// messageDate is the date of telegramtest's messages.
var messageDate = time.Unix(1767225600, 0)

// webhookAt is webhookConfig with the clock at messageDate plus d.
func webhookAt(d time.Duration) Config {
	cfg := webhookConfig()
	cfg.Now = func() time.Time { return messageDate.Add(d) }
	return cfg
}

// TestWebhookLeavesFailedUpdatesForRedelivery: when the engine fails
// (nothing stored) the webhook answers 500 and says nothing to the person,
// so that Telegram redelivers the update; the redelivery is handled and
// answered once.
func TestWebhookLeavesFailedUpdatesForRedelivery(t *testing.T) {
	var calls atomic.Int32
	hs := newHarness(t, webhookAt(30*time.Second), func(m flows.Message) ([]flows.Reply, error) {
		if calls.Add(1) == 1 {
			return nil, errors.New("store: commit: connection reset by peer")
		}
		return []flows.Reply{{Text: "收到：" + m.Text}}, nil
	})
	stop := runChannel(t, hs)
	defer stop()
	eventually(t, "setWebhook", func() bool { return len(hs.api.Calls("setWebhook")) == 1 })
	h := hs.ch.WebhookHandler()
	update := privateText(2200, teacher, "302 桌子坏了")

	if code := postUpdate(t, h, testSecret, update); code != http.StatusInternalServerError {
		t.Fatalf("failed update: status %d, want 500 so that Telegram redelivers it", code)
	}
	if n := len(hs.api.Calls("sendMessage")); n != 0 {
		t.Errorf("%d messages sent for a failed update, want none (the redelivery answers)", n)
	}
	if code := postUpdate(t, h, testSecret, update); code != http.StatusOK {
		t.Fatalf("redelivery: status %d, want 200", code)
	}
	sends := hs.api.Calls("sendMessage")
	if len(sends) != 1 || sends[0].Form.Get("text") != "收到：302 桌子坏了" {
		t.Errorf("sends = %+v, want the reply once", sends)
	}
}

// TestWebhookGivesUpWithAnApology: a failure that redelivery cannot heal —
// a flow that panics, or a message sent more than redeliverFor ago — is
// answered with the apology and acknowledged.
func TestWebhookGivesUpWithAnApology(t *testing.T) {
	for _, tc := range []struct {
		name string
		age  time.Duration
		fail func() ([]flows.Reply, error)
	}{
		{"panic", 30 * time.Second, func() ([]flows.Reply, error) { panic("nil map in flow") }},
		{"old message", redeliverFor + time.Minute, func() ([]flows.Reply, error) { return nil, errors.New("store: connection refused") }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hs := newHarness(t, webhookAt(tc.age), func(flows.Message) ([]flows.Reply, error) { return tc.fail() })
			stop := runChannel(t, hs)
			defer stop()
			eventually(t, "setWebhook", func() bool { return len(hs.api.Calls("setWebhook")) == 1 })
			if code := postUpdate(t, hs.ch.WebhookHandler(), testSecret, privateText(2300, teacher, "你好")); code != http.StatusOK {
				t.Errorf("status %d, want 200", code)
			}
			sends := hs.api.Calls("sendMessage")
			if len(sends) != 1 || sends[0].Form.Get("text") != apology {
				t.Errorf("sends = %+v, want the apology", sends)
			}
		})
	}
}

// TestWebhookGroupLookupFailureIsRedelivered: when the database cannot say
// whether a group is a school's, the update is not dropped with a 200.
func TestWebhookGroupLookupFailureIsRedelivered(t *testing.T) {
	hs := newHarness(t, webhookAt(30*time.Second), nil)
	stop := runChannel(t, hs)
	defer stop()
	eventually(t, "setWebhook", func() bool { return len(hs.api.Calls("setWebhook")) == 1 })
	h := hs.ch.WebhookHandler()
	update := groupText(2400, teacher, maintGroup, "@houqin_bot 三楼灯不亮")

	hs.chats.mu.Lock()
	hs.chats.err = errors.New("store: school of chat: connection refused")
	hs.chats.mu.Unlock()
	if code := postUpdate(t, h, testSecret, update); code != http.StatusInternalServerError {
		t.Fatalf("group lookup failed: status %d, want 500", code)
	}
	if n := len(hs.h.messages()); n != 0 {
		t.Fatalf("engine got %d messages, want none", n)
	}
	hs.chats.mu.Lock()
	hs.chats.err = nil
	hs.chats.mu.Unlock()
	if code := postUpdate(t, h, testSecret, update); code != http.StatusOK {
		t.Fatalf("redelivery: status %d, want 200", code)
	}
	if msgs := hs.h.messages(); len(msgs) != 1 || msgs[0].Text != "三楼灯不亮" {
		t.Errorf("engine got %+v, want the report", msgs)
	}
}

// TestWebhookAnswersOnlyAfterTheUpdateIsHandled: 200 is written after the
// engine has returned (committed), not before.
func TestWebhookAnswersOnlyAfterTheUpdateIsHandled(t *testing.T) {
	gate := make(chan struct{})
	hs := newHarness(t, webhookAt(30*time.Second), func(m flows.Message) ([]flows.Reply, error) {
		<-gate
		return []flows.Reply{{Text: "收到"}}, nil
	})
	stop := runChannel(t, hs)
	defer stop()
	eventually(t, "setWebhook", func() bool { return len(hs.api.Calls("setWebhook")) == 1 })
	answered := make(chan int, 1)
	go func() {
		answered <- postUpdate(t, hs.ch.WebhookHandler(), testSecret, privateText(2500, teacher, "报修"))
	}()
	<-hs.h.seen
	select {
	case code := <-answered:
		t.Fatalf("answered %d while the engine was still working", code)
	case <-time.After(200 * time.Millisecond):
	}
	close(gate)
	if code := <-answered; code != http.StatusOK {
		t.Errorf("status %d, want 200", code)
	}
}
