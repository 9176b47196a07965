package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/store"
)

// metricsProbeTimeout bounds the database query of one scrape: a scrape
// while the database hangs answers houqin_database_up 0 within it.
const metricsProbeTimeout = 2 * time.Second

// newMetrics is serve's /metrics: the bearer token from [metrics] and the
// outbox as the database sees it.
func newMetrics(cfg Config, db *store.DB, log *slog.Logger) *bot.Metrics {
	m := bot.NewMetrics(cfg.Metrics.Token)
	m.WatchDatabase(func(ctx context.Context) (bot.OutboxStats, error) {
		st, err := db.OutboxStats(ctx)
		return bot.OutboxStats{Pending: st.Pending, Oldest: st.Oldest, Queued: st.Queued}, err
	}, metricsProbeTimeout, time.Now, log)
	return m
}

// meteredHandler is the engine as the channels see it: every message they
// hand over is counted (by channel and outcome) and timed. Wrapping here
// counts every channel without touching any adapter.
type meteredHandler struct {
	next bot.Handler
	m    *bot.Metrics
}

func (h meteredHandler) Handle(ctx context.Context, msg flows.Message) ([]flows.Reply, error) {
	start := time.Now()
	replies, err := h.next.Handle(ctx, msg)
	h.m.ObserveMessage(msg.Channel, err, time.Since(start))
	return replies, err
}

// observeOutbox is the outbox worker's Observe: delivery outcomes, and
// among them the daily digests delivered or given up on.
func observeOutbox(m *bot.Metrics) func(flows.OutboxItem, flows.Outcome) {
	return func(it flows.OutboxItem, o flows.Outcome) {
		m.ObserveOutbox(it, o)
		if (it.Kind == digest.Kind || it.Kind == digest.DistrictKind) && (o.Sent || o.RetryAt.IsZero()) {
			m.ObserveDigest(o.Sent)
		}
	}
}
