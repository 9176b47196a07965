package flows_test

import (
	"context"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// Housekeeping ends conversations idle for SessionRetention, and only
// those: a draft abandoned a day ago loses its data, one idle for an hour
// (already past the engine's idle timeout, which the engine itself
// announces on the next message) keeps it.
func TestHousekeepingEndsSessionsIdleForADay(t *testing.T) {
	ctx := context.Background()
	c := flowtest.NewCore()
	flowtest.Seed(c)
	now := flowtest.Start
	draft := []byte(`{"name":"杜若溪","phone":"13912345678"}`)
	for who, idle := range map[string]time.Duration{"老郑": flows.SessionRetention + time.Minute, "陈主任": time.Hour} {
		st, _ := c.StaffNamed(who)
		if err := c.SaveSession(ctx, flows.Session{Channel: flows.ChannelConsole, ExternalID: who, StaffID: st.ID,
			Flow: "visit", State: "phone", Data: draft, UpdatedAt: now.Add(-idle)}); err != nil {
			t.Fatal(err)
		}
	}
	sch := &flows.Scheduler{Store: &flowtest.Store{Tx: c}, Now: func() time.Time { return now }, Jobs: flows.Housekeeping().Jobs}
	sch.Tick(ctx)
	for who, want := range map[string]string{"老郑": "", "陈主任": "visit"} {
		s, err := c.Session(ctx, flows.ChannelConsole, who)
		if err != nil {
			t.Fatal(err)
		}
		if s.Flow != want || (want == "") != (len(s.Data) == 0) || (want == "") != (s.State == "") {
			t.Errorf("%s: session %q %q %s, want flow %q", who, s.Flow, s.State, s.Data, want)
		}
	}
}
