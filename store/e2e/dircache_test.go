package e2e_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/flows/lexicon"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
)

// Two houqin processes on one database, each with its own directory
// cache: a directory change written through either (or by hand-written
// SQL) is seen by the next message on both, because every change bumps
// the school's dir_version in its own transaction and a cache entry is
// only used at the version the message's transaction read.
func TestDirectoryCacheTwoInstances(t *testing.T) {
	h := newHarness(t)
	other, err := store.Open(ctx, h.url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	engA := h.eng
	engB := flows.NewEngine(flows.EngineConfig{Store: other, Now: h.clock, Modules: []flows.Module{repair.Module()}})
	on := func(eng *flows.Engine, text string) string {
		h.eng = eng
		defer func() { h.eng = engA }()
		return h.say("李老师", text)
	}
	version := func() int64 {
		var v int64
		if err := h.db.SQL().Get(&v, `SELECT dir_version FROM schools WHERE id = $1`, h.s.ID); err != nil {
			t.Fatal(err)
		}
		return v
	}

	// Rewriting rows unchanged (an idempotent setup run again) changes
	// nothing, so it keeps the caches.
	v := version()
	for _, q := range []string{`UPDATE staff SET name = name WHERE school_id = $1`, `UPDATE locations SET room = room WHERE school_id = $1`,
		`UPDATE routes SET active = active WHERE school_id = $1`, `UPDATE schools SET name = name WHERE id = $1`} {
		if _, err := h.db.SQL().Exec(q, h.s.ID); err != nil {
			t.Fatal(err)
		}
	}
	if got := version(); got != v {
		t.Errorf("rewriting the directory unchanged moved dir_version from %d to %d", v, got)
	}

	// Both caches fill: 501 is unknown to both (filed, if at all, under
	// the building's 其他地点 as written, never as the table's room: the
	// read-back says the table lacks it, though it shows it as 教学楼501).
	for _, eng := range []*flows.Engine{engA, engB} {
		if got := on(eng, "501教室灯不亮"); !strings.Contains(got, unlistedNote) {
			t.Fatalf("501 matched before it existed: %q", got)
		}
		on(eng, "取消")
	}

	// Instance B adds the room; A must see it on its very next message.
	v0 := version()
	if _, err := other.AddLocation(ctx, flows.Location{SchoolID: h.s.ID, Building: "教学楼", Floor: "5", Room: "501"}); err != nil {
		t.Fatal(err)
	}
	if v := version(); v <= v0 {
		t.Fatalf("adding a location left dir_version at %d (was %d)", v, v0)
	}
	for name, eng := range map[string]*flows.Engine{"A": engA, "B": engB} {
		got := on(eng, "501教室灯不亮")
		if !strings.Contains(got, "教学楼501") || strings.Contains(got, unlistedNote) {
			t.Errorf("instance %s after B added 501: %q", name, got)
		}
		on(eng, "取消")
	}

	// Hand-written SQL renames it behind both processes' backs.
	v1 := version()
	if _, err := h.db.SQL().Exec(`UPDATE locations SET room = '502' WHERE school_id = $1 AND room = '501'`, h.s.ID); err != nil {
		t.Fatal(err)
	}
	if v := version(); v <= v1 {
		t.Fatalf("renaming a location left dir_version at %d (was %d)", v, v1)
	}
	for name, eng := range map[string]*flows.Engine{"A": engA, "B": engB} {
		got := on(eng, "502教室灯不亮")
		if !strings.Contains(got, "教学楼502") || strings.Contains(got, unlistedNote) {
			t.Errorf("instance %s after the rename: %q", name, got)
		}
		on(eng, "取消")
	}

	// A staff change through A (王师傅 deactivated, the carpentry route
	// moved to 孙师傅) is what B's next confirmation routes by.
	wang := h.s.Staff["王师傅"]
	wang.Active = false
	v2 := version()
	if err := h.db.UpdateStaff(ctx, wang); err != nil {
		t.Fatal(err)
	}
	if _, err := h.db.AddRoute(ctx, h.s.ID, flows.TradeCarpentry, "", h.s.Staff["孙师傅"].ID, 0); err != nil {
		t.Fatal(err)
	}
	if v := version(); v < v2+2 {
		t.Fatalf("a staff change and a route left dir_version at %d (was %d)", v, v2)
	}
	on(engB, "303教室课桌腿断了")
	got := on(engB, "1")
	if !strings.Contains(got, "报修成功") || strings.Contains(got, "王师傅") {
		t.Errorf("B routed to a deactivated worker: %q", got)
	}

	// A school's own words are cached too: a word B adds (migration
	// 00030 versions them) is read by A's very next message.
	for _, eng := range []*flows.Engine{engA, engB} {
		if got := on(eng, "303教室风幕机坏了"); strings.Contains(got, "类别：电工") {
			t.Fatalf("风幕机 read as electrical before the school added it: %q", got)
		}
		on(eng, "取消")
	}
	v3 := version()
	if _, err := other.AddLexiconEntry(ctx, h.s.ID, lexicon.Entry{Kind: lexicon.Trade, Word: "风幕机", Value: "electrical"}); err != nil {
		t.Fatal(err)
	}
	if v := version(); v <= v3 {
		t.Fatalf("adding a word left dir_version at %d (was %d)", v, v3)
	}
	for name, eng := range map[string]*flows.Engine{"A": engA, "B": engB} {
		if got := on(eng, "303教室风幕机坏了"); !strings.Contains(got, "类别：电工") {
			t.Errorf("instance %s after B added 风幕机: %q", name, got)
		}
		on(eng, "取消")
	}

	// A school's settings and name are cached too.
	s, err := h.db.School(ctx, h.s.ID)
	if err != nil {
		t.Fatal(err)
	}
	s.Name = "一中（新校区）"
	if err := other.UpdateSchool(ctx, s); err != nil {
		t.Fatal(err)
	}
	var seen string
	if err := h.db.InTx(ctx, func(tx flows.Tx) error {
		st, err := tx.StaffByIdentity(ctx, flows.ChannelConsole, h.account("李老师"))
		if err != nil {
			return err
		}
		sc, err := tx.School(ctx, st.SchoolID)
		seen = sc.Name
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if seen != "一中（新校区）" {
		t.Errorf("instance A reads the school as %q after B renamed it", seen)
	}
}

// A school's safety-check plans are cached with its directory (migration
// 00034 versions them): a plan another instance saves, deactivates or
// edits by hand is what the very next 「我的」 and 巡查 read on both.
func TestPlansCacheTwoInstances(t *testing.T) {
	mod := inspection.Module(nil)
	h := newHarness(t, mod)
	other, err := store.Open(ctx, h.url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	engA := h.eng
	engB := flows.NewEngine(flows.EngineConfig{Store: other, Now: h.clock, Modules: []flows.Module{repair.Module(), mod}})
	on := func(eng *flows.Engine, text string) string {
		h.eng = eng
		defer func() { h.eng = engA }()
		return h.say("老郑", text)
	}
	h.now = h.now.Add(11*time.Hour + 30*time.Minute) // 19:30, in the daily round's window
	for _, eng := range []*flows.Engine{engA, engB} {
		if got := on(eng, "我的"); strings.Contains(got, "待完成的检查") {
			t.Fatalf("a check listed before any plan: %q", got)
		}
	}
	var round inspection.Plan
	for _, p := range inspection.DefaultPlans() {
		if p.Name == "每日校园巡查" {
			round = p
		}
	}
	round.SchoolID = h.s.ID
	if err := other.InTx(ctx, func(ftx flows.Tx) error { _, err := ftx.(*store.Tx).SavePlan(ctx, &round, h.now); return err }); err != nil {
		t.Fatal(err)
	}
	for name, eng := range map[string]*flows.Engine{"A": engA, "B": engB} {
		if got := on(eng, "我的"); !strings.Contains(got, "每日校园巡查") {
			t.Errorf("instance %s after B saved the round: %q", name, got)
		}
	}
	// An item's text changed by hand is what the next round shows.
	if _, err := h.db.SQL().Exec(`UPDATE inspection_items SET text = '消防通道畅通（含后门）' WHERE plan_id = $1 AND seq = 1`, round.ID); err != nil {
		t.Fatal(err)
	}
	for name, eng := range map[string]*flows.Engine{"A": engA, "B": engB} {
		if got := on(eng, "巡查"); !strings.Contains(got, "消防通道畅通（含后门）") {
			t.Errorf("instance %s after the item was edited by hand: %q", name, got)
		}
		on(eng, "取消")
	}
	if err := h.db.InTx(ctx, func(ftx flows.Tx) error { return ftx.(*store.Tx).DeactivatePlan(ctx, round.ID, h.now) }); err != nil {
		t.Fatal(err)
	}
	for name, eng := range map[string]*flows.Engine{"A": engA, "B": engB} {
		if got := on(eng, "我的"); strings.Contains(got, "每日校园巡查") {
			t.Errorf("instance %s after A deactivated the round: %q", name, got)
		}
	}
}

// The cached plans (one statement, as JSON) are the plans Plans reads
// without the cache, items and all.
func TestCachedPlansAreThePlans(t *testing.T) {
	h := newHarness(t, inspection.Module(nil))
	saveShippedPlans(t, h)
	for range 2 { // the first fills the cache, the second reads it
		if err := h.db.InTx(ctx, func(ftx flows.Tx) error {
			tx := ftx.(*store.Tx)
			if _, err := tx.StaffByIdentity(ctx, flows.ChannelConsole, h.account("李老师")); err != nil {
				return err // the transaction now knows the directory's version
			}
			cached, err := tx.Plans(ctx, h.s.ID)
			if err != nil {
				return err
			}
			read, err := tx.ListPlans(ctx, h.s.ID, false)
			if err != nil {
				return err
			}
			if len(read) == 0 || len(read[0].Items) == 0 {
				t.Fatalf("no plans with items to compare: %+v", read)
			}
			if len(cached) != len(read) {
				t.Fatalf("cached %d plans, read %d", len(cached), len(read))
			}
			for i := range read {
				c, r := cached[i], read[i]
				if !c.CreatedAt.Equal(r.CreatedAt) {
					t.Errorf("plan %d created %v, read %v", r.ID, c.CreatedAt, r.CreatedAt)
				}
				c.CreatedAt, r.CreatedAt = time.Time{}, time.Time{}
				if !reflect.DeepEqual(c, r) {
					t.Errorf("cached plan\n %+v\nread\n %+v", c, r)
				}
			}
			return nil
		}); err != nil {
			t.Fatal(err)
		}
	}
}

// LocationByID answers from the cached rooms without copying them all
// (sharedLocations) and copies the one it returns: a caller that edits it
// must not change every later message's room. Locations hands out the
// cache's own list, the same for every message, which callers only read
// (flows.Directory.Locations; flowtest's Store fails a flow that edits
// it), clipped so that an append copies it. A staff member's roles from
// StaffByID and StaffWithRole are copies.
func TestCachedDirectoryHandsOutCopies(t *testing.T) {
	h := newHarness(t)
	room := h.s.Locs["302"]
	if len(room.Aliases) == 0 {
		t.Fatal("the seed's 302 has no alias to change")
	}
	want := room.Aliases[0]
	worker := h.s.Staff["王师傅"]
	if len(worker.Roles) == 0 {
		t.Fatal("the seed's 王师傅 has no role")
	}
	role := worker.Roles[0]
	var byID flows.Staff
	var withRole []flows.Staff
	read := func() (flows.Location, []flows.Location) {
		var one flows.Location
		var all []flows.Location
		if err := h.db.InTx(ctx, func(tx flows.Tx) error {
			// Reading the account reads the school's directory version,
			// so what follows comes from the cache.
			if _, err := tx.StaffByIdentity(ctx, flows.ChannelConsole, h.account("李老师")); err != nil {
				return err
			}
			var err error
			if all, err = tx.Locations(ctx, h.s.ID); err != nil {
				return err
			}
			if one, err = tx.LocationByID(ctx, room.ID); err != nil {
				return err
			}
			if byID, err = tx.StaffByID(ctx, worker.ID); err != nil {
				return err
			}
			withRole, err = tx.StaffWithRole(ctx, h.s.ID, role)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return one, all
	}
	var first []flows.Location
	for i := range 2 {
		one, all := read()
		if len(one.Aliases) == 0 || one.Aliases[0] != want {
			t.Fatalf("LocationByID(302).Aliases = %q, want %q first", one.Aliases, want)
		}
		one.Aliases[0] = "被调用方改掉"
		for _, l := range all {
			if l.ID == room.ID && l.Aliases[0] != want {
				t.Fatalf("Locations' 302 has aliases %q, want %q first", l.Aliases, want)
			}
		}
		if len(all) == 0 || cap(all) != len(all) {
			t.Fatalf("Locations: %d rooms, capacity %d: want some, clipped", len(all), cap(all))
		}
		if i == 0 {
			first = all
		} else if &first[0] != &all[0] {
			t.Errorf("Locations handed the second message a new list, not the cache's")
		}
		if len(byID.Roles) == 0 || byID.Roles[0] != role {
			t.Fatalf("StaffByID(王师傅).Roles = %q, want %q first", byID.Roles, role)
		}
		byID.Roles[0] = "changed"
		for _, st := range withRole {
			if st.Roles[0] == "changed" {
				t.Fatalf("StaffWithRole(%s) gave %s the roles %q", role, st.Name, st.Roles)
			}
			st.Roles[0] = "changed"
		}
	}
}

// unlistedNote is what a read-back says of a place the location table
// lacks.
const unlistedNote = "地点表里没有这个地点"
