package flows

import "time"

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

// Housekeeping is the core's own module: one job that prunes the engine's
// state (the dedup log, old binding failures, and the data of sessions
// idle for SessionRetention), once an hour across all schools and
// instances.
func Housekeeping() Module {
	return Module{Name: "housekeeping", Jobs: []Job{{Name: "housekeeping", Run: func(t *Turn) error {
		ok, err := t.Tx.ClaimJob(t.Ctx, "housekeeping:"+t.Now.UTC().Format("2006010215"), t.Now)
		if !ok || err != nil {
			return err
		}
		if err := StoreOf[Conversations](t).PruneConversations(t.Ctx, t.Now.Add(-InboundRetention), t.Now.Add(-bindFailureRetention)); err != nil {
			return err
		}
		return StoreOf[Conversations](t).EndIdleSessions(t.Ctx, t.Now.Add(-SessionRetention))
	}}}}
}
