package bot

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
)

// Worker delivers the outbox. It leases a few due rows at a time in a short
// transaction (FOR UPDATE SKIP LOCKED, so several instances share the work),
// then sends them one by one outside any transaction and records each
// outcome in its own transaction as soon as the channel answers. A worker
// that dies mid-send leaves exactly that one row in doubt: its lease runs
// out and the row is sent again (delivered twice if the first send had
// reached the channel); rows it leased but had not started are simply sent
// later. Nothing is lost.
//
// Failures retry with capped exponential backoff for RetryFor since the row
// was queued; when the channel asks to wait (429 retry_after, a rate limit)
// the row waits exactly that long and the wait is not counted as an
// attempt. A row that can never be delivered, or still fails after
// RetryFor, is marked failed and the sender's side gets an undelivered
// notice, itself an outbox row, sent on another channel or to another person
// where one exists.
//
// When its context is cancelled the worker lets the send in flight finish
// (up to Grace), records its outcome and releases the rows it has not
// started, so a graceful shutdown sends nothing twice.
type Worker struct {
	Outbox  flows.Outbox
	Senders map[flows.Channel]Sender
	Now     func() time.Time
	Log     *slog.Logger
	// ID names this worker's leases; default host/pid/random. Two workers
	// must never share one.
	ID          string
	Interval    time.Duration // between polls when idle; default 2s
	Batch       int           // rows per lease; default 10
	Lease       time.Duration // how long a claim holds its rows; default 1m, at least 3×SendTimeout
	SendTimeout time.Duration // per message; default 15s
	Grace       time.Duration // how long a send in flight may go on after shutdown; default 5s
	RetryFor    time.Duration // then a failing row fails for good; default 72h
	// Links, when set, rewrites an item just before it is sent: the web
	// pages make each link its recipient's own (web.Handler.Personalize),
	// so that the outbox itself holds no link that opens anything.
	Links func(flows.OutboxItem) flows.OutboxItem
	// Observe, when set, is told every outcome once it is recorded (for
	// metrics); it must not block.
	Observe func(flows.OutboxItem, flows.Outcome)

	once     sync.Once
	channels []flows.Channel
}

// Defaults of the Worker's settings.
const (
	DefaultRetryFor = 72 * time.Hour
	MaxBackoff      = 10 * time.Minute
)

// settleTimeout bounds the recording of one outcome, which runs on after
// shutdown like the send it records.
const settleTimeout = 5 * time.Second

func (w *Worker) defaults() {
	w.once.Do(func() {
		if w.Now == nil {
			w.Now = time.Now
		}
		if w.Log == nil {
			w.Log = slog.New(slog.DiscardHandler)
		}
		if w.ID == "" {
			w.ID = workerID()
		}
		if w.Interval == 0 {
			w.Interval = 2 * time.Second
		}
		if w.Batch == 0 {
			w.Batch = 10
		}
		if w.SendTimeout == 0 {
			w.SendTimeout = 15 * time.Second
		}
		if w.Lease == 0 {
			w.Lease = time.Minute
		}
		// A row is started only while two send timeouts remain on its
		// lease (the send, and as long again to record the outcome), so a
		// live worker never sees its lease run out under a send.
		w.Lease = max(w.Lease, 3*w.SendTimeout)
		if w.Grace == 0 {
			w.Grace = 5 * time.Second
		}
		if w.RetryFor == 0 {
			w.RetryFor = DefaultRetryFor
		}
		w.channels = slices.Sorted(maps.Keys(w.Senders))
	})
}

func workerID() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))
}

// Run delivers until ctx is cancelled, then finishes the send in flight and
// releases the rest (see Worker).
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
		if _, err := w.Flush(ctx); err != nil && ctx.Err() == nil {
			w.Log.Error("outbox", "err", err)
		}
		timer.Reset(w.Interval)
	}
}

// Flush delivers the rows due now, lease after lease until none is left
// (undelivered notices queued on the way included), and returns how many
// outcomes it recorded. It stops early, releasing what it has not started,
// when ctx is cancelled.
func (w *Worker) Flush(ctx context.Context) (int, error) {
	w.defaults()
	total := 0
	for ctx.Err() == nil {
		n, more, err := w.pass(ctx)
		total += n
		if err != nil || !more {
			return total, err
		}
	}
	return total, nil
}

// pass leases one batch and works through it. more reports that it found
// rows, so more may be due.
func (w *Worker) pass(ctx context.Context) (n int, more bool, err error) {
	now := w.Now()
	lease := flows.Lease{Worker: w.ID, Until: now.Add(w.Lease), Channels: w.channels}
	items, err := w.Outbox.ClaimOutbox(ctx, now, lease, w.Batch)
	if err != nil {
		return 0, false, err
	}
	for i, it := range items {
		if ctx.Err() != nil || w.Now().Add(2*w.SendTimeout).After(lease.Until) {
			// Shutting down, or too little lease left to be sure of
			// finishing: give the rest back for whoever comes next.
			w.release(ctx, lease, items[i:])
			return n, ctx.Err() == nil, nil
		}
		o := w.deliver(ctx, it)
		recorded, err := w.settle(ctx, lease, it, o)
		if err != nil {
			// The database is not taking outcomes: stop sending, so no
			// more than this one row is left in doubt.
			w.release(ctx, lease, items[i+1:])
			return n, false, err
		}
		if recorded && w.Observe != nil {
			w.Observe(it, o)
		}
		n++
	}
	return n, len(items) > 0, nil
}

// settle records an outcome, trying a few times over a short database
// hiccup. It uses a context of its own: an outcome is recorded even while
// shutting down. recorded is false when another worker had taken the row
// over (its own try's outcome counts, not this one).
func (w *Worker) settle(ctx context.Context, lease flows.Lease, it flows.OutboxItem, o flows.Outcome) (recorded bool, err error) {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	for try, pause := 0, 50*time.Millisecond; try < 3; try, pause = try+1, pause*4 {
		err = w.Outbox.SettleOutbox(sctx, w.Now(), lease, o)
		if err == nil {
			return true, nil
		}
		if errors.Is(err, flows.ErrConflict) {
			// Our lease ran out and another worker has the row: it
			// records the outcome of its own try.
			w.Log.Warn("outbox: lease lost before the outcome was recorded", "outbox", it.ID, "err", err)
			return false, nil
		}
		select {
		case <-time.After(pause):
		case <-sctx.Done():
			return false, err
		}
	}
	return false, err
}

func (w *Worker) release(ctx context.Context, lease flows.Lease, items []flows.OutboxItem) {
	if len(items) == 0 {
		return
	}
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.ID
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	if err := w.Outbox.ReleaseOutbox(rctx, lease, ids); err != nil {
		// Harmless: the lease runs out by itself.
		w.Log.Warn("outbox: release", "rows", len(ids), "err", err)
	}
}

// sendContext is the context of one send: SendTimeout long and not cut short
// by shutdown, except that once ctx is cancelled the send gets at most Grace
// more.
func (w *Worker) sendContext(ctx context.Context) (context.Context, context.CancelFunc) {
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), w.SendTimeout)
	stop := context.AfterFunc(ctx, func() {
		t := time.NewTimer(w.Grace)
		defer t.Stop()
		select {
		case <-t.C:
			cancel()
		case <-sctx.Done():
		}
	})
	return sctx, func() { stop(); cancel() }
}

// Backoff is the wait before retry number attempt (1-based): 30s, 1m, 2m ...
// capped at MaxBackoff.
func Backoff(attempt int) time.Duration {
	d := 30 * time.Second
	for i := 1; i < attempt && d < MaxBackoff; i++ {
		d *= 2
	}
	return min(d, MaxBackoff)
}

func (w *Worker) deliver(ctx context.Context, it flows.OutboxItem) flows.Outcome {
	var err error
	if it.Address == "" {
		err = fmt.Errorf("%w: recipient has no bound chat account", ErrUndeliverable)
	} else if s := w.Senders[it.Channel]; s == nil {
		err = fmt.Errorf("%w: no sender for channel %q", ErrUndeliverable, it.Channel)
	} else {
		sctx, cancel := w.sendContext(ctx)
		out := it
		if w.Links != nil {
			out = w.Links(it)
		}
		err = s.Send(sctx, out)
		cancel()
	}
	return w.outcome(it, err, w.Now())
}

// outcome decides what happens to a row after a try that ended in err at now.
func (w *Worker) outcome(it flows.OutboxItem, err error, now time.Time) flows.Outcome {
	o := flows.Outcome{ID: it.ID}
	if err == nil {
		o.Sent = true
		return o
	}
	o.Err = truncate(err.Error(), 500)
	deadline := it.Queued.Add(w.RetryFor)
	var re *RetryError
	var ce *ConfigError
	switch {
	case errors.Is(err, ErrUndeliverable), errors.As(err, &ce):
	case !now.Before(deadline):
		// Out of time: the channel has been failing for RetryFor, so
		// the notice should not count on it.
		o.Avoid = it.Channel
	case errors.As(err, &re):
		// The channel (or our own rate limiter) said when: not a failed
		// attempt, so it neither brings the deadline's verdict nearer nor
		// lengthens the backoff.
		o.Waited = true
		o.RetryAt = now.Add(max(re.After, time.Second))
	default:
		// One last try at the deadline itself.
		o.RetryAt = now.Add(Backoff(it.Attempts + 1))
		if o.RetryAt.After(deadline) {
			o.RetryAt = deadline
		}
	}
	log := w.Log.With("outbox", it.ID, "kind", it.Kind, "channel", it.Channel, "attempts", it.Attempts)
	switch {
	case o.Waited:
		log.Debug("channel asked to wait", "err", o.Err, "retry_at", o.RetryAt)
		return o
	case !o.RetryAt.IsZero():
		log.Warn("delivery failed, will retry", "err", o.Err, "retry_at", o.RetryAt)
		return o
	}
	log.Error("delivery failed for good", "err", o.Err)
	if ce != nil {
		o.Fallback = configNotice(it, ce)
		return o
	}
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

// configNotice is the fallback of a notification that failed because the
// channel is misconfigured. The first failure of a kind tells the school's
// 总务主任 what to fix (with the message, to pass on); later ones tell only
// the sender, when someone sent it, that it did not go out and why —
// never that the recipient unfollowed.
func configNotice(it flows.OutboxItem, ce *ConfigError) *flows.Notification {
	if it.Kind == KindDeliveryFailed {
		return nil
	}
	if ce.Notify {
		return &flows.Notification{
			SchoolID: it.SchoolID,
			Kind:     KindDeliveryFailed,
			Ref:      it.Ref,
			Text: "【系统配置有误】" + ce.Problem + "这是服务的配置问题，不是收件人的问题，请管理员尽快修正（可运行 houqin doctor 检查）。" +
				"修好之前，超过 48 小时没有给公众号发过消息的人收不到通知。\n以下消息没能发出，请电话或当面告知：\n" + it.Text,
		}
	}
	if it.Origin == 0 {
		return nil
	}
	return &flows.Notification{
		SchoolID: it.SchoolID,
		ToStaff:  it.Origin,
		Kind:     KindDeliveryFailed,
		Ref:      it.Ref,
		Text:     "【通知未送达】以下消息没能发出（公众号模板消息配置有误，已告知总务处），请电话或当面告知：\n" + it.Text,
	}
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

// truncate cuts s to at most n bytes, never inside a UTF-8 character
// (PostgreSQL refuses invalid UTF-8).
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
