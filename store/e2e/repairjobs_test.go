package e2e_test

import (
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
)

// kinds lists the kinds of what was delivered, in order.
func kinds(items []flows.OutboxItem) string {
	var ks []string
	for _, it := range items {
		ks = append(ks, it.Kind)
	}
	return strings.Join(ks, ",")
}

func TestHousekeepingPrunesTheDedupLogAfterAWeek(t *testing.T) {
	h := newHarness(t)
	h.say("李老师", "帮助")
	h.say("stranger", "绑定 AAAAAAAA")
	sch := &flows.Scheduler{Store: h.db, Now: h.clock, Jobs: flows.Housekeeping().Jobs}
	h.now = h.now.Add(flows.InboundRetention - time.Minute)
	sch.Tick(ctx)
	if n := h.count(`SELECT count(*) FROM inbound`); n != 2 {
		t.Fatalf("pruned too early: %d inbound rows left, want 2", n)
	}
	if n := h.count(`SELECT count(*) FROM bind_failures`); n != 0 {
		t.Errorf("%d binding failures older than an hour kept", n)
	}
	h.now = h.now.Add(time.Hour)
	sch.Tick(ctx)
	if n := h.count(`SELECT count(*) FROM inbound`); n != 0 {
		t.Errorf("%d inbound rows older than a week kept", n)
	}
}
