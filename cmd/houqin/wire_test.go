package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

// productionModules builds the module list serve, chat and the demo use.
func productionModules(t *testing.T, db *store.DB) []flows.Module {
	t.Helper()
	cfg := DefaultConfig()
	cfg.Privacy.IDKey = testIDKey
	return modules(db, cfg, time.Now, newLogger(io.Discard, "error"))
}

// TestModules checks the production module list: every module named once,
// the gate before repairs, the digest after what it summarises, and the
// housekeeping there; every flow, actor prefix and job named once across
// modules, since sessions, buttons and job claims are stored by those names.
func TestModules(t *testing.T) {
	mods := productionModules(t, storetest.Open(t))
	at := map[string]int{}
	flowNames, prefixes, jobs := map[string]string{}, map[string]string{}, map[string]string{}
	for i, m := range mods {
		if m.Name == "" {
			t.Errorf("module %d has no name", i)
		}
		if _, dup := at[m.Name]; dup {
			t.Errorf("module %q is listed twice", m.Name)
		}
		at[m.Name] = i
		if len(m.Flows) == 0 && len(m.Jobs) == 0 {
			t.Errorf("module %q has neither flows nor jobs", m.Name)
		}
		for _, f := range m.Flows {
			if other, dup := flowNames[f.Name()]; dup || f.Name() == "" {
				t.Errorf("flow %q of %s: empty or also in %s", f.Name(), m.Name, other)
			}
			flowNames[f.Name()] = m.Name
			if a, ok := f.(flows.Actor); ok {
				if other, dup := prefixes[a.Prefix()]; dup {
					t.Errorf("button prefix %q of %s is also %s's", a.Prefix(), m.Name, other)
				}
				prefixes[a.Prefix()] = m.Name
			}
		}
		for _, j := range m.Jobs {
			if other, dup := jobs[j.Name]; dup || j.Name == "" {
				t.Errorf("job %q of %s: empty or also in %s", j.Name, m.Name, other)
			}
			jobs[j.Name] = m.Name
		}
	}
	for _, name := range []string{"visit", "repair", "canteen", "inspection", "digest", "housekeeping"} {
		if _, ok := at[name]; !ok {
			t.Errorf("module %q is missing from the production list", name)
		}
	}
	if at["visit"] > at["repair"] {
		t.Error("repair comes before visit: a guard's check-in mentioning 施工维修 would be taken for a repair report")
	}
	for _, m := range mods { // every capability's work of a tick is in its digest
		if m.Name != "digest" && m.Name != "housekeeping" && at["digest"] < at[m.Name] {
			t.Errorf("digest comes before %s, whose work of the tick it summarises", m.Name)
		}
	}
}

// checkInForRepairs is a guard's one-message check-in of a contractor who
// comes to repair something: it names a trade, so the repair flow would
// take it as a report if it were asked first.
const checkInForRepairs = "张三 身份证11010519491231002X 13800138000 找李老师 施工维修 教学楼水管漏水"

// TestGateBeforeRepairs sends that check-in through an engine built from
// the production list and checks it starts the visit flow and no repair;
// then, to show the order is what decides it, through the same modules with
// repair moved first, where it becomes a repair report.
func TestGateBeforeRepairs(t *testing.T) {
	db := storetest.Open(t)
	mods := productionModules(t, db)
	cfg := DefaultConfig()
	log := newLogger(io.Discard, "error")
	now := time.Date(2026, 11, 20, 9, 30, 0, 0, flows.LoadLocation("Asia/Shanghai"))
	clock := func() time.Time { return now }

	send := func(t *testing.T, mods []flows.Module, school storetest.School) flows.Session {
		t.Helper()
		guard := strconv.FormatInt(school.Staff["老郑"].ID, 10)
		engine := newEngine(db, cfg, mods, clock, log)
		replies, err := engine.Handle(context.Background(), flows.Message{Channel: flows.ChannelConsole, ExternalUser: guard, Chat: guard,
			Text: checkInForRepairs, DedupKey: fmt.Sprintf("gate-%d", school.ID), At: now})
		if err != nil {
			t.Fatal(err)
		}
		sess, err := db.Session(context.Background(), flows.ChannelConsole, guard)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: %v", sess.Flow, replies)
		return sess
	}

	first := storetest.Seed(t, db, "第一中学")
	if sess := send(t, mods, first); sess.Flow != (visit.VisitFlow{}).Name() {
		t.Errorf("the production list started %q, want the visit flow", sess.Flow)
	}
	counts, err := db.Counts(context.Background(), first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if counts["repairs"] != 0 {
		t.Errorf("a guard's check-in made %d repairs", counts["repairs"])
	}

	swapped := slices.Clone(mods)
	v := slices.IndexFunc(swapped, func(m flows.Module) bool { return m.Name == "visit" })
	r := slices.IndexFunc(swapped, func(m flows.Module) bool { return m.Name == "repair" })
	swapped[v], swapped[r] = swapped[r], swapped[v]
	if sess := send(t, swapped, storetest.Seed(t, db, "第二中学")); sess.Flow != (repair.RepairFlow{}).Name() {
		t.Errorf("with repair first the check-in started %q; the test no longer shows that the order matters", sess.Flow)
	}
}
