package bot

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

// A notification that fails because the channel is misconfigured is not
// retried and never blames the recipient: the first failure tells the
// 总务主任 what to fix, later ones only the sender (when there is one).
func TestWorkerConfigErrorIsNotTheRecipients(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	item := func(id, origin int64) flows.OutboxItem {
		return flows.OutboxItem{ID: id, Channel: flows.ChannelWeChat, Address: "oWorker", Queued: now,
			Notification: flows.Notification{SchoolID: 1, ToStaff: 7, Kind: "repair.assigned", Ref: "repair:9", Text: "新任务：302 灯不亮", Origin: origin}}
	}
	ob := &oneBatch{items: []flows.OutboxItem{item(1, 0), item(2, 5), item(3, 0)}}
	sends := 0
	send := sendFunc(func(_ context.Context, it flows.OutboxItem) error {
		sends++
		return &ConfigError{Key: "wechat template T 40037", Problem: "模板 ID 无效。", Notify: it.ID == 1, Err: errors.New("errcode 40037")}
	})
	w := &Worker{Outbox: ob, Senders: map[flows.Channel]Sender{flows.ChannelWeChat: send}, Now: func() time.Time { return now }}
	if _, err := w.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if sends != 3 || len(ob.settled) != 3 {
		t.Fatalf("%d sends, %d outcomes, want 3 and 3", sends, len(ob.settled))
	}
	for _, o := range ob.settled {
		if o.Sent || !o.RetryAt.IsZero() {
			t.Errorf("row %d: sent %v, retry at %v; want failed for good", o.ID, o.Sent, o.RetryAt)
		}
		if o.Fallback != nil && strings.Contains(o.Fallback.Text, "取消关注") {
			t.Errorf("row %d blames the recipient: %q", o.ID, o.Fallback.Text)
		}
	}
	first, second, third := ob.settled[0].Fallback, ob.settled[1].Fallback, ob.settled[2].Fallback
	if first == nil || first.ToStaff != 0 || first.ToGroup != "" || first.Kind != KindDeliveryFailed ||
		!strings.Contains(first.Text, "配置") || !strings.Contains(first.Text, "模板 ID 无效") || !strings.Contains(first.Text, "302 灯不亮") {
		t.Errorf("first failure's notice = %+v, want the 总务主任 told the problem and the message", first)
	}
	if second == nil || second.ToStaff != 5 || !strings.Contains(second.Text, "配置有误") {
		t.Errorf("second failure's notice = %+v, want the sender (staff 5) told", second)
	}
	if third != nil {
		t.Errorf("third failure (no sender, already told) queued %+v, want nothing", third)
	}
}
