package flows

import "time"

// InboundRetention is how long the replies stored for deduplication are
// kept. WeChat retries within seconds and Telegram redelivers within hours;
// after a week the stored replies (which can hold a visitor's name and
// phone in a guard's read-back) are only a privacy liability.
const InboundRetention = 7 * 24 * time.Hour

// HousekeepingJobs prune the engine's own state: the dedup log and old
// binding failures. They run once an hour across all schools and instances.
func HousekeepingJobs() []Job {
	return []Job{{Name: "housekeeping", Run: func(t *Turn) error {
		ok, err := t.Tx.ClaimJob(t.Ctx, "housekeeping:"+t.Now.UTC().Format("2006010215"), t.Now)
		if !ok || err != nil {
			return err
		}
		return t.Tx.PruneConversations(t.Ctx, t.Now.Add(-InboundRetention), t.Now.Add(-bindWindow))
	}}}
}
