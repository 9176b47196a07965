package bot

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"

	"github.com/houqin/houqin/flows"
)

// oneBatch is an outbox that hands out its items once and settles every
// outcome except those of the rows in lost, whose lease another worker
// has taken over (flows.ErrConflict).
type oneBatch struct {
	mu      sync.Mutex
	items   []flows.OutboxItem
	lost    map[int64]bool
	settled []flows.Outcome
}

func (o *oneBatch) ClaimOutbox(context.Context, time.Time, flows.Lease, int) ([]flows.OutboxItem, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	items := o.items
	o.items = nil
	return items, nil
}

func (o *oneBatch) SettleOutbox(_ context.Context, _ time.Time, _ flows.Lease, out flows.Outcome) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.lost[out.ID] {
		return flows.ErrConflict
	}
	o.settled = append(o.settled, out)
	return nil
}

func (o *oneBatch) ReleaseOutbox(context.Context, flows.Lease, []int64) error { return nil }

type sendFunc func(context.Context, flows.OutboxItem) error

func (f sendFunc) Send(ctx context.Context, it flows.OutboxItem) error { return f(ctx, it) }

// TestWorkerObserve: the worker tells Observe each outcome it recorded —
// sent, retried after an error or a wait, failed for good — and not one
// whose row another worker had taken over; the metrics count them so.
func TestWorkerObserve(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	item := func(id int64) flows.OutboxItem {
		return flows.OutboxItem{ID: id, Channel: flows.ChannelTelegram, Address: "42", Queued: now,
			Notification: flows.Notification{SchoolID: 1, ToStaff: 7, Kind: "repair.assigned", Text: "工单"}}
	}
	ob := &oneBatch{items: []flows.OutboxItem{item(1), item(2), item(3), item(4), item(5)}, lost: map[int64]bool{5: true}}
	send := sendFunc(func(_ context.Context, it flows.OutboxItem) error {
		switch it.ID {
		case 2:
			return errors.New("connection reset")
		case 3:
			return &RetryError{After: time.Minute, Err: errors.New("429")}
		case 4, 5:
			return ErrUndeliverable
		}
		return nil
	})
	m := NewMetrics("")
	var seen []int64
	w := &Worker{Outbox: ob, Senders: map[flows.Channel]Sender{flows.ChannelTelegram: send}, Now: func() time.Time { return now },
		Observe: func(it flows.OutboxItem, o flows.Outcome) { seen = append(seen, it.ID); m.ObserveOutbox(it, o) }}
	if _, err := w.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	if len(seen) != 4 || seen[0] != 1 || seen[3] != 4 {
		t.Errorf("observed rows %v, want 1 to 4 (row 5's lease was lost)", seen)
	}
	for _, c := range []struct {
		what string
		got  float64
		want float64
	}{
		{"sent", testutil.ToFloat64(m.outboxSent.WithLabelValues("telegram")), 1},
		{"retried after an error", testutil.ToFloat64(m.outboxRetried.WithLabelValues("telegram", "error")), 1},
		{"retried after a wait", testutil.ToFloat64(m.outboxRetried.WithLabelValues("telegram", "wait")), 1},
		{"failed", testutil.ToFloat64(m.outboxFailed.WithLabelValues("telegram")), 1},
	} {
		if c.got != c.want {
			t.Errorf("%s: %v, want %v", c.what, c.got, c.want)
		}
	}
}
