package flows

import "time"

// InboundRetention is how long the replies stored for deduplication are
// kept. WeChat retries within seconds and Telegram redelivers within hours;
// after a week the stored replies (which can hold a visitor's name and
// phone in a guard's read-back) are only a privacy liability.
const InboundRetention = 7 * 24 * time.Hour

// Housekeeping is the core's own module: one job that prunes the engine's
// state (the dedup log and old binding failures), once an hour across all
// schools and instances.
func Housekeeping() Module {
	return Module{Name: "housekeeping", Jobs: []Job{{Name: "housekeeping", Run: func(t *Turn) error {
		ok, err := t.Tx.ClaimJob(t.Ctx, "housekeeping:"+t.Now.UTC().Format("2006010215"), t.Now)
		if !ok || err != nil {
			return err
		}
		return t.Tx.PruneConversations(t.Ctx, t.Now.Add(-InboundRetention), t.Now.Add(-bindFailureRetention))
	}}}}
}
