package store_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/lib/pq"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

// TestLatestNoticeByItsIndex: the latest notification with buttons to a
// person after a position is the one a plain query names, never a
// neighbour's (the query is a range of (to_staff, id)), and its generic
// plan walks 00037's index: for a person with no such notification in a
// large outbox it reads a few buffers, not the outbox. The newest
// notification with buttons or without (NewestNotice) is read so by
// 00058's index, and that index leaves the first plan as it was.
func TestLatestNoticeByItsIndex(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	var ids []int64
	for _, st := range s.Staff {
		ids = append(ids, st.ID)
	}
	slices.Sort(ids)
	// The person asked about has neighbours on both sides by id.
	mid := -1
	for i := 1; i+1 < len(ids); i++ {
		if ids[i-1] == ids[i]-1 && ids[i+1] == ids[i]+1 {
			mid = i
			break
		}
	}
	if mid < 0 {
		t.Fatalf("no three consecutive staff ids in %v", ids)
	}
	lone := ids[mid]
	others := slices.DeleteFunc(slices.Clone(ids), func(id int64) bool { return id == lone })
	// 30,000 notifications to everyone else, a third of them with
	// buttons, in id order interleaved by person.
	if _, err := db.SQL().Exec(`
		INSERT INTO outbox (school_id, to_staff, kind, body, buttons, next_at, created_at, status)
		SELECT $1, p.ids[1 + g % array_length(p.ids, 1)], 'repair.assigned', '通知',
		       CASE WHEN g % 3 = 0 THEN '[{"label":"接单","data":"x"}]'::jsonb ELSE '[]' END, now(), now(), 'sent'
		FROM generate_series(1, 30000) AS g, (SELECT $2::bigint[] AS ids) AS p`,
		s.ID, pq.Array(others)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().Exec(`ANALYZE outbox`); err != nil {
		t.Fatal(err)
	}

	// Answers: the same as a plain query for every person and position.
	latest := func(staff, mark int64) (flows.Notice, bool) {
		var n flows.Notice
		var ok bool
		if err := db.InTx(ctx, func(ftx flows.Tx) error {
			var err error
			n, ok, err = ftx.(*store.Tx).LatestNotice(ctx, staff, mark)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		return n, ok
	}
	for _, staff := range []int64{ids[mid-1], lone, ids[mid+1]} {
		for _, mark := range []int64{0, 15000, 29990, 40000} {
			var want []int64
			if err := db.SQL().Select(&want, `SELECT id FROM outbox WHERE to_staff = $1 AND id > $2 AND buttons <> '[]' ORDER BY id DESC LIMIT 1`, staff, mark); err != nil {
				t.Fatal(err)
			}
			n, ok := latest(staff, mark)
			if got := ok && n.Mark != 0; got != (len(want) == 1) || (ok && n.Mark != want[0]) {
				t.Errorf("LatestNotice(%d, %d) = %d, %v; the plain query says %v", staff, mark, n.Mark, ok, want)
			}
			want = nil
			if err := db.SQL().Select(&want, `SELECT id FROM outbox WHERE to_staff = $1 AND id > $2 ORDER BY id DESC LIMIT 1`, staff, mark); err != nil {
				t.Fatal(err)
			}
			var nn flows.Notice
			if err := db.InTx(ctx, func(ftx flows.Tx) error {
				var err error
				nn, ok, err = ftx.(*store.Tx).NewestNotice(ctx, staff, mark)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			if ok != (len(want) == 1) || (ok && (nn.Mark != want[0] || nn.Kind != "repair.assigned")) {
				t.Errorf("NewestNotice(%d, %d) = %d %q, %v; the plain query says %v", staff, mark, nn.Mark, nn.Kind, ok, want)
			}
		}
	}

	// The plan: generic, as in a message's transaction.
	g := newGenericPlanner(t, db)
	g.prepare("latest(bigint, bigint)", store.LatestNoticeSQL("$1", "$2"))
	plan := g.readsAtMost("the latest notice of a person with none", `EXECUTE latest(`+strconv.FormatInt(lone, 10)+`, 0)`, 20)
	if !strings.Contains(plan, "outbox_staff_offer_idx") || strings.Contains(plan, "outbox_pkey") {
		t.Errorf("the latest notice is not read by 00037's index:\n%s", plan)
	}
	g.prepare("newest(bigint, bigint)", store.NewestNoticeSQL("$1", "$2"))
	plan = g.readsAtMost("the newest notice of a person with none", `EXECUTE newest(`+strconv.FormatInt(lone, 10)+`, 0)`, 20)
	if !strings.Contains(plan, "outbox_staff_newest_idx") || strings.Contains(plan, "outbox_pkey") {
		t.Errorf("the newest notice is not read by 00058's index:\n%s", plan)
	}
}
