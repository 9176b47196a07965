package e2e_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store/storetest"
)

// The retention test (个人信息保护法 Art. 19, 47): one visitor goes through
// everything the gate does on PostgreSQL — a one-message check-in that
// matches the watch list, a host card that cannot be delivered (so its
// whole text is copied into an undelivered notice), the host timeout, a
// leader's approval, the gate-closing list left undelivered, and next
// morning a draft for the same visitor the guard abandons. Then the clock
// moves past the school's retention, the scheduler runs the purge and the
// housekeeping, and every column of every table in the schema is searched
// for the visitor's name, full ID number, phone and plate
// (storetest.Traces).

// The visitor: details that appear nowhere else (no staff member, hint or
// seed contains them).
const (
	rtName  = "杜若溪"
	rtID    = "320506198807154323"
	rtPhone = "13912345678"
	rtPlate = "苏E7N2Q8"
)

var rtNeedles = []string{rtName, rtID, rtPhone, rtPlate}

// failingFor is a console sender that cannot reach one account, as when
// someone blocked the bot: the worker fails the row for good and queues an
// undelivered notice with its text.
type failingFor struct {
	rec     *recorder
	address string
}

func (f failingFor) Send(ctx context.Context, it flows.OutboxItem) error {
	if it.Address == f.address {
		return bot.ErrUndeliverable
	}
	return f.rec.Send(ctx, it)
}

func TestNothingPersonalSurvivesRetention(t *testing.T) {
	vault := testVault(t)
	h := newHarness(t, visit.Module(vault), flows.Housekeeping())
	loc := h.now.Location()
	h.now = time.Date(2026, 3, 2, 9, 30, 0, 0, loc)
	jobs := append(visit.Module(vault).Jobs, flows.Housekeeping().Jobs...)
	tick := func() { (&flows.Scheduler{Store: h.db, Now: h.clock, Jobs: jobs}).Tick(ctx) }

	if _, err := h.db.AddWatch(ctx, visit.WatchEntry{SchoolID: h.s.ID, Kind: visit.WatchID, Hash: vault.Hash(h.s.ID, rtID),
		Masked: "320506********4323", Note: "校闹", AddedAt: h.now}); err != nil {
		t.Fatal(err)
	}

	// The check-in from one message: the watch list matches, the leaders
	// are alerted, the read-back goes into the dedup log.
	got := h.say("老郑", rtName+" 身份证"+rtID+" "+rtPhone+" 找初二班主任李老师 家长会 "+rtPlate)
	wantContains(t, got, "关注名单", rtName, rtPhone, rtPlate)
	wantContains(t, h.say("老郑", "1"), "已登记")
	v := h.lastVisit()

	// The host blocked the bot: the card fails for good, and its whole text
	// goes to the guard in an undelivered notice.
	host := h.account("李老师")
	failing := &bot.Worker{Outbox: h.db, Now: h.clock, Senders: map[flows.Channel]bot.Sender{flows.ChannelConsole: failingFor{h.rec, host}}}
	if _, err := failing.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	if n := h.count(`SELECT count(*) FROM outbox WHERE kind = $1 AND strpos(body, $2) > 0`, bot.KindDeliveryFailed, rtName); n == 0 {
		t.Fatal("no undelivered notice holds the host's card")
	}

	// The host does not answer: the timeout reminders; then the 分管领导
	// lets the visitor in.
	h.now = h.now.Add(11 * time.Minute)
	tick()
	wantContains(t, h.say("刘副校长", fmt.Sprintf("同意 %d", visit.Num(v))), "已同意")
	h.deliver()

	// Gate closing: the list of those still inside, left undelivered.
	h.now = time.Date(2026, 3, 2, 18, 1, 0, 0, loc)
	tick()
	if n := h.count(`SELECT count(*) FROM outbox WHERE status = 'pending' AND strpos(body, $1) > 0`, rtPlate); n == 0 {
		t.Fatal("the gate-closing list is not pending")
	}

	// Next morning the visitor is back; the guard starts a check-in and
	// never finishes it.
	h.now = time.Date(2026, 3, 3, 8, 10, 0, 0, loc)
	wantContains(t, h.say("老郑", "来访登记 "+rtName+" "+rtPhone+" "+rtPlate), "来过")
	if n := h.count(`SELECT count(*) FROM sessions WHERE strpos(data::text, $1) > 0`, rtPhone); n != 1 {
		t.Fatalf("%d sessions hold the draft, want 1", n)
	}

	// Every needle is somewhere, and in each kind of place the test means
	// to cover: otherwise finding nothing later would prove nothing.
	before := storetest.Traces(t, h.db, rtNeedles...)
	for column, needles := range map[string][]string{
		"visits.name": {rtName}, "visits.phone": {rtPhone}, "visits.plate": {rtPlate},
		"outbox.body": {rtName, rtPhone, rtPlate}, "sessions.data": {rtName, rtPhone, rtPlate},
		"inbound.replies": {rtName, rtPhone},
	} {
		table, col, _ := strings.Cut(column, ".")
		for _, n := range needles {
			if want := (storetest.Trace{Table: table, Column: col, Needle: n}); !slices.Contains(before, want) {
				t.Errorf("before the purge: %v not found; found %v", want, before)
			}
		}
	}

	// Past retention (visitor_retention_days, 180 by default): the
	// scheduler's jobs run once, as they do every 30 seconds.
	h.now = h.now.Add(time.Duration(h.s.Settings.VisitorRetentionDays+20) * 24 * time.Hour)
	tick()
	if left := storetest.Traces(t, h.db, rtNeedles...); len(left) > 0 {
		var b strings.Builder
		for _, tr := range left {
			b.WriteString("\n\t" + tr.String())
		}
		t.Errorf("personal data left %d days after the visit:%s", h.s.Settings.VisitorRetentionDays+20, b.String())
	}
	// What the ledger keeps is still there.
	v = h.lastVisit()
	if v.PurgedAt.IsZero() || v.Name != "杜某" || v.IDMasked != "320506********4323" || v.Plate != "苏E*****" {
		t.Errorf("purged visit %+v", v)
	}
}
