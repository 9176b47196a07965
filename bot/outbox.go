package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"time"

	"github.com/houqin/houqin/flows"
)

// Worker delivers the outbox: it claims due rows (FOR UPDATE SKIP LOCKED, so
// several instances share the work without sending a row twice), sends each
// through the recipient's channel and records the outcome before the claim
// is released. Failures retry with exponential backoff; a row that can never
// be delivered is marked failed and the sender's side is told.
type Worker struct {
	Outbox      flows.Outbox
	Senders     map[flows.Channel]Sender
	Now         func() time.Time
	Log         *slog.Logger
	Interval    time.Duration // between polls when idle; default 2s
	Batch       int           // rows per claim; default 20
	MaxAttempts int           // then the row fails; default 8 (about 2 hours of backoff)
	SendTimeout time.Duration // per message; default 15s
}

func (w *Worker) defaults() {
	if w.Now == nil {
		w.Now = time.Now
	}
	if w.Log == nil {
		w.Log = slog.New(slog.DiscardHandler)
	}
	if w.Interval == 0 {
		w.Interval = 2 * time.Second
	}
	if w.Batch == 0 {
		w.Batch = 20
	}
	if w.MaxAttempts == 0 {
		w.MaxAttempts = 8
	}
	if w.SendTimeout == 0 {
		w.SendTimeout = 15 * time.Second
	}
}

// Run delivers until ctx is cancelled.
func (w *Worker) Run(ctx context.Context) error {
	w.defaults()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-timer.C:
		}
		n, err := w.Flush(ctx)
		if err != nil && ctx.Err() == nil {
			w.Log.Error("outbox", "err", err)
		}
		next := w.Interval
		if n == w.Batch {
			next = 0 // more may be waiting
		}
		timer.Reset(next)
	}
}

// Flush makes one pass over the due rows and returns how many it settled.
func (w *Worker) Flush(ctx context.Context) (int, error) {
	w.defaults()
	channels := slices.Sorted(maps.Keys(w.Senders))
	total := 0
	for {
		n, err := w.Outbox.ClaimOutbox(ctx, w.Now(), w.Batch, channels, func(items []flows.OutboxItem) []flows.Outcome {
			out := make([]flows.Outcome, len(items))
			for i, it := range items {
				out[i] = w.deliver(ctx, it)
			}
			return out
		})
		total += n
		if err != nil || n < w.Batch {
			return total, err
		}
	}
}

// Backoff is the wait before retry number attempt (1-based): 30s, 1m, 2m ... capped at 1h.
func Backoff(attempt int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < attempt && d < time.Hour; i++ {
		d *= 2
	}
	return min(d, time.Hour)
}

func (w *Worker) deliver(ctx context.Context, it flows.OutboxItem) flows.Outcome {
	now := w.Now()
	o := flows.Outcome{ID: it.ID}
	var err error
	if it.Address == "" {
		err = fmt.Errorf("%w: recipient has no bound chat account", ErrUndeliverable)
	} else if s := w.Senders[it.Channel]; s == nil {
		err = fmt.Errorf("%w: no sender for channel %q", ErrUndeliverable, it.Channel)
	} else {
		sctx, cancel := context.WithTimeout(ctx, w.SendTimeout)
		err = s.Send(sctx, it)
		cancel()
	}
	if err == nil {
		o.Sent = true
		return o
	}
	o.Err = truncate(err.Error(), 500)
	attempt := it.Attempts + 1
	var re *RetryError
	switch {
	case errors.As(err, &re) && attempt < w.MaxAttempts*3:
		// The channel told us when; that is not a failure of ours, so it
		// gets more tries than a plain error before giving up.
		o.RetryAt = now.Add(max(re.After, time.Second))
	case errors.Is(err, ErrUndeliverable):
	case !errors.As(err, &re) && attempt < w.MaxAttempts:
		o.RetryAt = now.Add(Backoff(attempt))
	}
	log := w.Log.With("outbox", it.ID, "kind", it.Kind, "channel", it.Channel, "attempt", attempt)
	if !o.RetryAt.IsZero() {
		log.Warn("delivery failed, will retry", "err", o.Err, "retry_at", o.RetryAt)
		return o
	}
	log.Error("delivery failed for good", "err", o.Err)
	if it.Kind != KindDeliveryFailed {
		o.Fallback = &flows.Notification{
			SchoolID: it.SchoolID,
			ToStaff:  it.Origin, // 0: the school's 总务主任
			Kind:     KindDeliveryFailed,
			Ref:      it.Ref,
			Text:     "【通知未送达】以下消息没能发出（" + reason(err, it) + "），请电话或当面告知：\n" + it.Text,
		}
	}
	return o
}

// KindDeliveryFailed tells the sender's side that a notification was not
// delivered; it never produces another fallback.
const KindDeliveryFailed = "delivery.failed"

func reason(err error, it flows.OutboxItem) string {
	switch {
	case it.Address == "":
		return "对方还没有绑定微信或 Telegram"
	case errors.Is(err, ErrUndeliverable):
		return "对方已取消关注或屏蔽了机器人"
	}
	return "多次重试仍失败"
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}
