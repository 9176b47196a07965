package flows

import (
	"context"
	"time"
)

// InboundRetention is how long the replies stored for deduplication are
// kept. WeChat retries within seconds and Telegram redelivers within hours;
// after a week the stored replies (which can hold a visitor's name and
// phone in a guard's read-back) are only a privacy liability.
const InboundRetention = 7 * 24 * time.Hour

// SessionRetention is how long an idle conversation keeps its flow's
// data. The engine ends a flow idle for its idle timeout (30 minutes) only
// when its owner writes again, and until then the session holds what was
// typed: a guard's abandoned check-in holds a visitor's name, phone and
// plate. A day is far beyond any idle timeout, so housekeeping never ends a
// conversation the engine would have continued.
const SessionRetention = 24 * time.Hour

// OutboxRetention is how long delivered and failed notifications are
// kept. Nothing reads outbox history (the ledgers and the digest read the
// domain tables, their events and their timestamps); it only made every
// scan of a school's outbox slower year after year. Ninety days covers
// any question about a recent notification. Rows still waiting for
// delivery are never pruned.
const OutboxRetention = 90 * 24 * time.Hour

// OutboxPruner is an optional capability of a transaction: it deletes
// settled notifications queued before a time.
type OutboxPruner interface {
	PruneOutbox(ctx context.Context, before time.Time) (int, error)
}

// Housekeeping is the core's own module: one job that prunes the engine's
// state (the dedup log, old binding failures, the data of sessions idle
// for SessionRetention and, where the store can, outbox history past
// OutboxRetention), once an hour across all schools and instances.
func Housekeeping() Module {
	return Module{Name: "housekeeping", Jobs: []Job{{Name: "housekeeping", Run: func(t *Turn) error {
		ok, err := t.Tx.ClaimJob(t.Ctx, "housekeeping:"+t.Now.UTC().Format("2006010215"), t.Now)
		if !ok || err != nil {
			return err
		}
		if err := StoreOf[Conversations](t).PruneConversations(t.Ctx, t.Now.Add(-InboundRetention), t.Now.Add(-bindFailureRetention)); err != nil {
			return err
		}
		if p, ok := t.Tx.(OutboxPruner); ok {
			if _, err := p.PruneOutbox(t.Ctx, t.Now.Add(-OutboxRetention)); err != nil {
				return err
			}
		}
		return StoreOf[Conversations](t).EndIdleSessions(t.Ctx, t.Now.Add(-SessionRetention))
	}}}}
}
