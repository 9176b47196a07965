package store_test

import (
	"bytes"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/pglocal/pgtest"
	"github.com/houqin/houqin/store/storetest"
)

const plainID = "11010519491231002X"

func mustVault(t *testing.T) *visit.IDVault {
	t.Helper()
	v, err := visit.NewIDVault(bytes.Repeat([]byte{3}, 32))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// addVisit registers 张三 at s, waiting for 李老师, with the host's card
// in the outbox.
func addVisit(t *testing.T, db *store.DB, s storetest.School, vault *visit.IDVault, arrived time.Time) visit.Visit {
	t.Helper()
	v := createVisit(t, db, s, vault, visit.VisitWaiting, arrived)
	inTx(t, db, func(ftx flows.Tx) error {
		return ftx.Enqueue(ctx, flows.Notification{SchoolID: s.ID, ToStaff: v.HostID, Kind: visit.NoticeConfirm,
			Text: "【访客来访·请确认】张三 京A12345"}, arrived)
	})
	return v
}

// createVisit writes 张三's visit to s in the status given, as the store
// takes it (the transition trigger guards updates only), and seals the ID
// number for it as the flow does, once the visit has its id.
func createVisit(t *testing.T, db *store.DB, s storetest.School, vault *visit.IDVault, status visit.VisitStatus, arrived time.Time) visit.Visit {
	t.Helper()
	v := visit.Visit{SchoolID: s.ID, GuardID: s.Staff["老郑"].ID, Name: "张三", IDType: visit.IDResident,
		IDHash: vault.Hash(s.ID, plainID), IDMasked: "110105********002X", Phone: "13800138000",
		Org: "学生家长", Purpose: "家长来访", PurposeNote: "接张小明看病", HostID: s.Staff["李老师"].ID,
		Plate: "京A12345", Party: 2, Status: status, ArrivedAt: arrived}
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		if err := tx.CreateVisit(ctx, &v, visit.VisitEvent{At: arrived, ActorID: v.GuardID, Kind: visit.EventRegistered}); err != nil {
			return err
		}
		var err error
		if v.IDCipher, err = vault.Seal(plainID, visit.VisitRow(s.ID, v.ID)); err != nil {
			return err
		}
		return tx.SetIDCipher(ctx, v.ID, v.IDCipher)
	})
	return v
}

// TestVisitorIDIsNeverStoredInPlain looks at every column of every table:
// the plain ID number must be nowhere, not even as bytes.
func TestVisitorIDIsNeverStoredInPlain(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	vault := mustVault(t)
	v := addVisit(t, db, s, vault, time.Now())
	if _, err := db.AddWatch(ctx, visit.WatchEntry{SchoolID: s.ID, Kind: visit.WatchID, Hash: vault.Hash(s.ID, plainID),
		Masked: "110105********002X", Note: "校闹", AddedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	if found := storetest.Traces(t, db, plainID); len(found) > 0 {
		t.Errorf("the plain ID number is stored: %v", found)
	}
	// The search does read the columns: the masked number is found where
	// it belongs.
	if found := storetest.Traces(t, db, "110105********002X"); !slices.Contains(found, storetest.Trace{Table: "visits", Column: "id_masked", Needle: "110105********002X"}) ||
		!slices.Contains(found, storetest.Trace{Table: "watch_list", Column: "masked", Needle: "110105********002X"}) {
		t.Errorf("the masked number was found only in %v", found)
	}
	// The stored value does open to the number: it was stored, sealed.
	got, err := db.VisitByID(ctx, v.ID)
	if err != nil {
		t.Fatal(err)
	}
	if plain, err := vault.Open(got.IDCipher, visit.VisitRow(s.ID, v.ID)); err != nil || plain != plainID {
		t.Errorf("sealed ID opens to %q, %v", plain, err)
	}
}

func TestPurgeVisitsAfterRetentionIsIdempotent(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	vault := mustVault(t)
	now := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	old := addVisit(t, db, s, vault, now.Add(-181*24*time.Hour))
	recent := addVisit(t, db, s, vault, now.Add(-179*24*time.Hour))
	if _, err := db.SQL().Exec(`UPDATE outbox SET status = 'sent'`); err != nil {
		t.Fatal(err)
	}
	purge := func() int {
		var n int
		inTx(t, db, func(ftx flows.Tx) error {
			tx := ftx.(*store.Tx)
			var err error
			n, err = tx.PurgeVisits(ctx, s.ID, now.Add(-180*24*time.Hour), now)
			return err
		})
		return n
	}
	if n := purge(); n != 1 {
		t.Fatalf("purged %d, want 1", n)
	}
	got, err := db.VisitByID(ctx, old.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "张某" || got.Phone != "" || got.IDCipher != nil || got.IDHash != "" || got.PurposeNote != "" ||
		got.Plate != "京A*****" || got.PurgedAt.IsZero() {
		t.Errorf("purged visit keeps personal data: %+v", got)
	}
	if got.IDMasked != "110105********002X" || got.Purpose != "家长来访" || got.Party != 2 || got.HostID != old.HostID || !got.ArrivedAt.Equal(old.ArrivedAt) {
		t.Errorf("purge lost what the ledger needs: %+v", got)
	}
	if r, _ := db.VisitByID(ctx, recent.ID); r.Name != "张三" || r.IDCipher == nil || r.Phone == "" {
		t.Errorf("a visit inside the retention period was purged: %+v", r)
	}
	var bodies int
	if err := db.SQL().Get(&bodies, `SELECT count(*) FROM outbox WHERE strpos(body, '张三') > 0`); err != nil {
		t.Fatal(err)
	}
	if bodies != 1 {
		t.Errorf("%d notifications still name the visitor, want 1 (the recent one)", bodies)
	}
	before := got.PurgedAt
	if n := purge(); n != 0 {
		t.Errorf("second purge touched %d visits", n)
	}
	if again, _ := db.VisitByID(ctx, old.ID); !again.PurgedAt.Equal(before) || again.Name != "张某" {
		t.Errorf("second purge changed the visit: %+v", again)
	}
	// A purged visit is not offered for quick re-registration.
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		v, err := tx.LastVisitBy(ctx, s.ID, []string{vault.Hash(s.ID, plainID)}, "")
		if err != nil || v.ID != recent.ID {
			t.Errorf("last visit = %d, %v; want the recent one", v.ID, err)
		}
		return nil
	})
}

// TestPurgeBlanksEveryCopyOfAVisitorsNotifications: the purge blanks the
// notifications about a purged visit whatever their status, the undelivered
// notice that copied one (queued later, so younger than the retention
// period), a gate-closing list still waiting for delivery, and nothing of a
// visit inside the retention period or of another capability.
func TestPurgeBlanksEveryCopyOfAVisitorsNotifications(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	vault := mustVault(t)
	now := time.Date(2026, 11, 20, 3, 0, 0, 0, time.UTC)
	cut := now.Add(-180 * 24 * time.Hour)
	old := addVisit(t, db, s, vault, cut.Add(-time.Hour))
	enqueue := func(n flows.Notification, at time.Time) int64 {
		t.Helper()
		n.SchoolID = s.ID
		inTx(t, db, func(tx flows.Tx) error { return tx.Enqueue(ctx, n, at) })
		all := mustIDs(t, db, `true`)
		return all[len(all)-1]
	}
	guard, host := s.Staff["老郑"].ID, s.Staff["李老师"].ID
	// Written after the cut-off, but about the purged visit.
	decided := enqueue(flows.Notification{ToStaff: guard, Kind: visit.NoticeDecided, Ref: visit.Ref(old.ID), Text: "李老师同意张三入校"}, cut.Add(time.Hour))
	// The gate-closing list of that day, never delivered.
	closeList := enqueue(flows.Notification{ToStaff: guard, Kind: visit.NoticeClose, Ref: "gate:2026-05-23", Text: "闭校：张三 京A12345"}, cut.Add(8*time.Hour))
	// Tomorrow's list, and a repair notice: not the purge's business.
	laterList := enqueue(flows.Notification{ToStaff: guard, Kind: visit.NoticeClose, Ref: "gate:2026-05-24", Text: "闭校：李四"}, cut.Add(32*time.Hour))
	repairRow := enqueue(flows.Notification{ToStaff: host, Kind: "repair.assigned", Ref: "repair:1", Text: "张三反映门锁坏了"}, cut.Add(-48*time.Hour))
	recent := addVisit(t, db, s, vault, cut.Add(2*time.Hour))

	// The host's card of the old visit cannot be delivered: it fails, and
	// its text is copied into an undelivered notice three days later.
	card := mustIDs(t, db, `kind = $1 AND created_at = $2`, visit.NoticeConfirm, old.ArrivedAt)[0]
	if _, err := db.SQL().Exec(`UPDATE outbox SET status = 'sent' WHERE id NOT IN ($1, $2)`, card, closeList); err != nil {
		t.Fatal(err)
	}
	clock := cut.Add(72 * time.Hour)
	w := &bot.Worker{Outbox: db, Now: func() time.Time { return clock }, Senders: map[flows.Channel]bot.Sender{
		flows.ChannelConsole: newCounter(func(it flows.OutboxItem) error {
			if it.ID == card {
				return bot.ErrUndeliverable
			}
			return nil
		})}}
	if _, err := db.SQL().Exec(`UPDATE outbox SET next_at = $2 WHERE id = $1`, closeList, clock.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	notices := mustIDs(t, db, `kind = $1 AND fallback_of = $2`, bot.KindDeliveryFailed, card)
	if len(notices) == 0 {
		t.Fatal("no undelivered notice linked to the card")
	}

	inTx(t, db, func(ftx flows.Tx) error {
		_, err := ftx.(*store.Tx).PurgeVisits(ctx, s.ID, cut, now)
		return err
	})
	type row struct {
		ID     int64  `db:"id"`
		Body   string `db:"body"`
		Status string `db:"status"`
		Btns   string `db:"buttons"`
	}
	var rows []row
	if err := db.SQL().Select(&rows, `SELECT id, body, status, buttons::text AS buttons FROM outbox ORDER BY id`); err != nil {
		t.Fatal(err)
	}
	blanked := append([]int64{card, decided, closeList}, notices...)
	for _, r := range rows {
		switch {
		case slices.Contains(blanked, r.ID):
			if r.Body != visit.PurgedNotice || r.Btns != "[]" || r.Status == "pending" {
				t.Errorf("row %d: %q %s %s, want blanked and not pending", r.ID, r.Body, r.Btns, r.Status)
			}
		case r.Body == visit.PurgedNotice:
			t.Errorf("row %d blanked, but it is not about the purged visit", r.ID)
		}
	}
	for _, id := range []int64{laterList, repairRow} {
		if !slices.ContainsFunc(rows, func(r row) bool { return r.ID == id && r.Body != visit.PurgedNotice }) {
			t.Errorf("row %d was blanked", id)
		}
	}
	if n := len(mustIDs(t, db, `created_at = $1 AND body <> $2`, recent.ArrivedAt, visit.PurgedNotice)); n != 1 {
		t.Errorf("%d notifications of the recent visit kept, want its card", n)
	}
}

// The state machine in Go (visit.VisitStatus.CanMove, which the flows'
// fake follows) and the trigger visit_transition agree on every pair.
func TestVisitTransitionsMatchTheTrigger(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	vault := mustVault(t)
	for _, from := range visit.VisitStatuses {
		for _, to := range visit.VisitStatuses {
			v := createVisit(t, db, s, vault, from, time.Now())
			v.Status = to
			err := db.InTx(ctx, func(ftx flows.Tx) error {
				return ftx.(*store.Tx).UpdateVisit(ctx, v, visit.VisitEvent{At: time.Now(), Kind: visit.EventLeft})
			})
			switch want := from.CanMove(to); {
			case want && err != nil:
				t.Errorf("%s → %s: %v, but CanMove allows it", from, to, err)
			case !want && !errors.Is(err, flows.ErrIllegalTransition):
				t.Errorf("%s → %s: got %v, want ErrIllegalTransition as CanMove says", from, to, err)
			}
		}
	}
}

// 改为同意 (migration 00042): the trigger lets a refused visit be admitted
// after all, with its event, and still refuses what nothing allows: a
// visitor who left is not refused afterwards (only a check-out taken back
// brings them back: TestVisitCheckOutUndone), and an admission is not
// turned into a refusal.
func TestVisitReconsideredAfterRefusal(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	vault := mustVault(t)
	now := time.Now()
	update := func(v visit.Visit, to visit.VisitStatus, kind visit.EventKind) error {
		v.Status = to
		return db.InTx(ctx, func(ftx flows.Tx) error {
			return ftx.(*store.Tx).UpdateVisit(ctx, v, visit.VisitEvent{At: now, ActorID: v.HostID, Kind: kind, Note: "被访人李老师改为同意"})
		})
	}

	refused := createVisit(t, db, s, vault, visit.VisitRejected, now.Add(-10*time.Minute))
	refused.DecidedAt, refused.DecidedBy, refused.Decision = now, refused.HostID, "被访人李老师改为同意"
	if err := update(refused, visit.VisitAdmitted, visit.EventReconsidered); err != nil {
		t.Fatalf("rejected → admitted: %v", err)
	}
	var got visit.Visit
	inTx(t, db, func(ftx flows.Tx) error {
		var err error
		got, err = ftx.(*store.Tx).Visit(ctx, refused.ID)
		return err
	})
	if got.Status != visit.VisitAdmitted || got.Decision != "被访人李老师改为同意" {
		t.Errorf("after reconsidering: status %s, decision %q", got.Status, got.Decision)
	}
	var kinds []string
	if err := db.SQL().Select(&kinds, `SELECT kind FROM visit_events WHERE visit_id = $1 ORDER BY id`, refused.ID); err != nil {
		t.Fatal(err)
	}
	if len(kinds) == 0 || kinds[len(kinds)-1] != string(visit.EventReconsidered) {
		t.Errorf("events %v, want the last one %s", kinds, visit.EventReconsidered)
	}

	for _, c := range []struct{ from, to visit.VisitStatus }{
		{visit.VisitLeft, visit.VisitRejected},
		{visit.VisitAdmitted, visit.VisitRejected},
		{visit.VisitRejected, visit.VisitLeft},
	} {
		v := createVisit(t, db, s, vault, c.from, now)
		if err := update(v, c.to, visit.EventApproved); !errors.Is(err, flows.ErrIllegalTransition) {
			t.Errorf("%s → %s: got %v, want ErrIllegalTransition", c.from, c.to, err)
		}
	}
}

// 撤销离校 (migration 00046): a check-out recorded by mistake is taken
// back: the visit is admitted again with no left_at, inside again, and
// its audit trail keeps the check-out and the undoing.
func TestVisitCheckOutUndone(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	vault := mustVault(t)
	now := time.Now()
	v := createVisit(t, db, s, vault, visit.VisitAdmitted, now.Add(-time.Hour))
	v.DecidedAt = now.Add(-50 * time.Minute)
	for _, step := range []struct {
		to   visit.VisitStatus
		left time.Time
		kind visit.EventKind
	}{{visit.VisitLeft, now.Add(-5 * time.Minute), visit.EventLeft}, {visit.VisitAdmitted, time.Time{}, visit.EventLeftUndone}} {
		v.Status, v.LeftAt = step.to, step.left
		if err := db.InTx(ctx, func(ftx flows.Tx) error {
			return ftx.(*store.Tx).UpdateVisit(ctx, v, visit.VisitEvent{At: now, ActorID: v.GuardID, Kind: step.kind, Note: "门卫撤销离校"})
		}); err != nil {
			t.Fatalf("→ %s: %v", step.to, err)
		}
	}
	var inside []visit.Visit
	inTx(t, db, func(ftx flows.Tx) error {
		var err error
		inside, err = ftx.(*store.Tx).VisitsInside(ctx, s.ID)
		return err
	})
	if len(inside) != 1 || inside[0].ID != v.ID || !inside[0].LeftAt.IsZero() || inside[0].Status != visit.VisitAdmitted {
		t.Errorf("inside after the undoing: %+v, want the visit admitted with no left_at", inside)
	}
	var kinds []string
	if err := db.SQL().Select(&kinds, `SELECT kind FROM visit_events WHERE visit_id = $1 ORDER BY id`, v.ID); err != nil {
		t.Fatal(err)
	}
	if len(kinds) < 2 || kinds[len(kinds)-2] != string(visit.EventLeft) || kinds[len(kinds)-1] != string(visit.EventLeftUndone) {
		t.Errorf("events %v, want the check-out then its undoing", kinds)
	}
}

// The gate's queries, with the filters and orders the flows' in-memory
// fake (flows/visit/fake_test.go) copies: statuses, schools, times, the
// purge, and ties broken by id.
func TestVisitQueries(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	other := storetest.Seed(t, db, "二中")
	vault := mustVault(t)
	at := func(h int) time.Time { return time.Date(2026, 11, 20, h, 0, 0, 0, time.UTC) }
	waiting := createVisit(t, db, s, vault, visit.VisitWaiting, at(9))
	admitted := createVisit(t, db, s, vault, visit.VisitAdmitted, at(8))
	tie := createVisit(t, db, s, vault, visit.VisitAdmitted, at(8))
	createVisit(t, db, s, vault, visit.VisitLeft, at(7))
	rejected := createVisit(t, db, s, vault, visit.VisitRejected, at(10))
	elsewhere := createVisit(t, db, other, vault, visit.VisitWaiting, at(6))
	admitted.InsideAtClose = true
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		if err := tx.UpdateVisit(ctx, admitted, visit.VisitEvent{At: at(18), Kind: visit.EventInsideAtClose}); err != nil {
			return err
		}
		for _, w := range []visit.WatchEntry{
			{SchoolID: s.ID, Kind: visit.WatchID, Hash: vault.Hash(s.ID, plainID), Masked: "110105********002X", Note: "按证件"},
			{SchoolID: s.ID, Kind: visit.WatchID, Hash: vault.LegacyHash("440305197506231810"), Masked: "440305********1810", Note: "旧名单"},
			{SchoolID: s.ID, Kind: visit.WatchPhone, Value: "13700000000", Masked: "137****0000", Note: "按手机"},
			{SchoolID: s.ID, Kind: visit.WatchName, Value: "冯刚", Masked: "冯刚", Note: "按姓名"},
			{SchoolID: other.ID, Kind: visit.WatchName, Value: "冯刚", Masked: "冯刚", Note: "别校"},
		} {
			w.AddedAt = at(1)
			if _, err := tx.AddWatch(ctx, w); err != nil {
				return err
			}
		}
		return nil
	})
	ids := func(vs []visit.Visit) []int64 {
		var out []int64
		for _, v := range vs {
			out = append(out, v.ID)
		}
		return out
	}
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		inside, err := tx.VisitsInside(ctx, s.ID)
		if want := []int64{admitted.ID, tie.ID, waiting.ID}; err != nil || !slices.Equal(ids(inside), want) {
			t.Errorf("inside = %v, %v; want %v (arrival, then id)", ids(inside), err, want)
		}
		if len(inside) > 0 && (inside[0].GuardName != "老郑" || inside[0].HostName != "李老师") {
			t.Errorf("names not joined: %+v", inside[0])
		}
		for _, tt := range []struct {
			before time.Time
			want   []int64
		}{{at(9), []int64{waiting.ID}}, {at(9).Add(-time.Second), nil}} {
			got, err := tx.VisitsAwaitingHost(ctx, s.ID, tt.before)
			if err != nil || !slices.Equal(ids(got), tt.want) {
				t.Errorf("awaiting host before %s = %v, %v; want %v", tt.before.Format("15:04:05"), ids(got), err, tt.want)
			}
		}
		closed, err := tx.VisitsInsideAtClose(ctx, s.ID, at(8), at(9))
		if err != nil || !slices.Equal(ids(closed), []int64{admitted.ID}) {
			t.Errorf("inside at close = %v, %v", ids(closed), err)
		}
		if closed, _ := tx.VisitsInsideAtClose(ctx, s.ID, at(8).Add(time.Second), at(12)); len(closed) != 0 {
			t.Errorf("inside at close outside the range: %v", ids(closed))
		}
		last, err := tx.LastVisitBy(ctx, s.ID, nil, "13800138000")
		if err != nil || last.ID != rejected.ID { // the latest, whatever its status
			t.Errorf("last visit by phone = %d, %v", last.ID, err)
		}
		for _, hashes := range [][]string{nil, {""}, {vault.Hash(other.ID, plainID)}} {
			if _, err := tx.LastVisitBy(ctx, s.ID, hashes, ""); !errors.Is(err, flows.ErrNotFound) {
				t.Errorf("last visit by %q: %v, want ErrNotFound", hashes, err)
			}
		}
		if last, err := tx.LastVisitBy(ctx, other.ID, []string{vault.Hash(other.ID, plainID)}, ""); err != nil || last.ID != elsewhere.ID {
			t.Errorf("last visit at the other school = %d, %v", last.ID, err)
		}
		mine, legacy := vault.Hash(s.ID, plainID), vault.LegacyHash("440305197506231810")
		for _, tt := range []struct {
			hashes      []string
			phone, name string
			want        []string
		}{
			{[]string{mine}, "", "", []string{"按证件"}},
			{[]string{vault.Hash(other.ID, plainID)}, "", "", nil}, // another school's key
			{[]string{vault.Hash(s.ID, "440305197506231810"), legacy}, "", "", []string{"旧名单"}},
			{nil, "13700000000", "", []string{"按手机"}},
			{nil, "", "冯刚", []string{"按姓名"}},
			{[]string{mine}, "13700000000", "冯刚", []string{"按证件", "按手机", "按姓名"}},
			{[]string{""}, "", "", nil},
			{nil, "冯刚", "13700000000", nil}, // each value matches its own kind only
		} {
			ms, err := tx.WatchMatches(ctx, s.ID, tt.hashes, tt.phone, tt.name)
			var notes []string
			for _, m := range ms {
				notes = append(notes, m.Note)
			}
			if err != nil || !slices.Equal(notes, tt.want) {
				t.Errorf("watch matches (%.8q, %q, %q) = %v, %v; want %v", tt.hashes, tt.phone, tt.name, notes, err, tt.want)
			}
		}
		return nil
	})
}

// The undelivered notices queued before migration 00009 are linked to the
// failed row whose text they copy, so the purge blanks them too.
func TestMigrationLinksOldUndeliveredNotices(t *testing.T) {
	db, err := store.Open(ctx, pgtest.NewDB(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.MigrateTo(ctx, 8); err != nil {
		t.Fatal(err)
	}
	s := storetest.Seed(t, db, "一中")
	at := time.Date(2026, 5, 1, 9, 0, 0, 0, time.UTC)
	add := func(kind, ref, body, status string) int64 {
		t.Helper()
		var id int64
		if err := db.SQL().Get(&id, `
			INSERT INTO outbox (school_id, to_staff, kind, ref, body, status, next_at, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`,
			s.ID, s.Staff["老郑"].ID, kind, ref, body, status, at); err != nil {
			t.Fatal(err)
		}
		return id
	}
	notice := func(ref, copied string) int64 {
		return add(bot.KindDeliveryFailed, ref, "【通知未送达】以下消息没能发出（多次重试仍失败），请电话或当面告知：\n"+copied, "sent")
	}
	card := add(visit.NoticeConfirm, "visit:1", "访客：张三", "failed")
	first := add(visit.NoticeWatch, "watch:3", "关注：王五", "failed")
	add(visit.NoticeWatch, "watch:3", "关注：赵六", "failed")
	gate := add(visit.NoticeClose, "gate:2026-05-01", visit.PurgedNotice, "failed")
	add(visit.NoticeClose, "gate:2026-05-01", "闭校：张三", "sent") // delivered: never copied
	gateNotice := notice("gate:2026-05-01", "闭校：张三")
	want := map[int64]int64{
		notice("visit:1", "访客：张三"): card,
		notice("watch:3", "关注：王五"): first, // the one it copies, not the latest
		gateNotice:                 gate,  // blanked already: the latest failed
		notice("", "某条消息"):         0,
	}
	if _, err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	// The next purge blanks the copy of a notification an older purge
	// had blanked without its copies.
	inTx(t, db, func(ftx flows.Tx) error {
		_, err := ftx.(*store.Tx).PurgeVisits(ctx, s.ID, at.AddDate(0, 0, 1), at.AddDate(0, 6, 0))
		return err
	})
	if ids := mustIDs(t, db, `id = $1 AND body = $2`, gateNotice, visit.PurgedNotice); len(ids) != 1 {
		t.Error("the copy of an already blanked list was not blanked")
	}
	for id, of := range want {
		var got int64
		if err := db.SQL().Get(&got, `SELECT coalesce(fallback_of, 0) FROM outbox WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		if got != of {
			t.Errorf("notice %d: fallback_of %d, want %d", id, got, of)
		}
	}
}

// A visitor without a document is stored as such, with the guard's words,
// and no number of any kind; a number on a visit marked 'none' is refused
// by the table itself. Another document keeps its kind and note, and the
// purge blanks the note with the other free text.
func TestVisitWithoutAnIDCard(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	vault := mustVault(t)
	arrived := time.Now().Add(-400 * 24 * time.Hour)
	none := visit.Visit{SchoolID: s.ID, GuardID: s.Staff["老郑"].ID, Name: "刘桂兰", IDType: visit.IDNone,
		IDNote: "没带身份证", Phone: "13512345678", Org: "学生家长", Purpose: "家长来访", PurposeNote: "接孙子",
		HostID: s.Staff["李老师"].ID, Party: 1, Status: visit.VisitWaiting, ArrivedAt: arrived}
	inTx(t, db, func(ftx flows.Tx) error {
		return ftx.(*store.Tx).CreateVisit(ctx, &none, visit.VisitEvent{At: arrived, ActorID: none.GuardID, Kind: visit.EventRegistered})
	})
	var got visit.Visit
	inTx(t, db, func(ftx flows.Tx) error {
		var err error
		got, err = ftx.(*store.Tx).Visit(ctx, none.ID)
		return err
	})
	if got.IDType != visit.IDNone || got.IDNote != "没带身份证" || got.IDCipher != nil || got.IDHash != "" || got.IDMasked != "" {
		t.Errorf("stored %+v", got)
	}

	// The table refuses a number on a visit without a document.
	bad := none
	bad.IDHash, bad.IDMasked = vault.Hash(s.ID, plainID), "110105********002X"
	err := db.InTx(ctx, func(ftx flows.Tx) error {
		return ftx.(*store.Tx).CreateVisit(ctx, &bad, visit.VisitEvent{At: arrived, ActorID: bad.GuardID, Kind: visit.EventRegistered})
	})
	if err == nil {
		t.Error("a visit without a document was stored with an ID hash")
	}

	// 驾驶证: another document, its number sealed and hashed like an ID.
	other := none
	other.IDType, other.IDNote, other.IDHash, other.IDMasked = visit.IDOther, "驾驶证", vault.Hash(s.ID, plainID), "**************002X"
	inTx(t, db, func(ftx flows.Tx) error {
		return ftx.(*store.Tx).CreateVisit(ctx, &other, visit.VisitEvent{At: arrived, ActorID: other.GuardID, Kind: visit.EventRegistered})
	})
	var n int
	inTx(t, db, func(ftx flows.Tx) error {
		var err error
		n, err = ftx.(*store.Tx).PurgeVisits(ctx, s.ID, time.Now().Add(-365*24*time.Hour), time.Now())
		return err
	})
	if n != 2 {
		t.Fatalf("purged %d visits, want 2", n)
	}
	for _, id := range []int64{none.ID, other.ID} {
		inTx(t, db, func(ftx flows.Tx) error {
			var err error
			got, err = ftx.(*store.Tx).Visit(ctx, id)
			return err
		})
		if got.IDNote != "" || got.IDHash != "" || got.Phone != "" || got.IDType == "" {
			t.Errorf("purged visit %d keeps %+v", id, got)
		}
	}
}

// TestVisitWithAHomeReturnPermit: a 回乡证 (migration 00044) is stored as
// itself, its number sealed, hashed and masked like a resident ID's, never
// in plain.
func TestVisitWithAHomeReturnPermit(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	vault := mustVault(t)
	const permit = "H12345678"
	arrived := time.Now()
	v := visit.Visit{SchoolID: s.ID, GuardID: s.Staff["老郑"].ID, Name: "陈大文", IDType: visit.IDHomeReturn,
		IDHash: vault.Hash(s.ID, permit), IDMasked: "*****5678", Phone: "13811113333", Purpose: "公务",
		HostID: s.Staff["李老师"].ID, Party: 1, Status: visit.VisitWaiting, ArrivedAt: arrived}
	inTx(t, db, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		if err := tx.CreateVisit(ctx, &v, visit.VisitEvent{At: arrived, ActorID: v.GuardID, Kind: visit.EventRegistered}); err != nil {
			return err
		}
		sealed, err := vault.Seal(permit, visit.VisitRow(s.ID, v.ID))
		if err != nil {
			return err
		}
		return tx.SetIDCipher(ctx, v.ID, sealed)
	})
	var got visit.Visit
	inTx(t, db, func(ftx flows.Tx) error {
		var err error
		got, err = ftx.(*store.Tx).Visit(ctx, v.ID)
		return err
	})
	if got.IDType != visit.IDHomeReturn || got.IDMasked != "*****5678" || got.IDHash != v.IDHash {
		t.Errorf("stored %+v", got)
	}
	if n, err := vault.Open(got.IDCipher, visit.VisitRow(s.ID, v.ID)); err != nil || n != permit {
		t.Errorf("sealed number opens as %q, %v; want %s", n, err, permit)
	}
	if bytes.Contains(got.IDCipher, []byte(permit)) {
		t.Error("the permit number is stored in plain")
	}
}
