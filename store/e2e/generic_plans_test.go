package e2e_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/store/storetest"
)

// TestMessagesPlannedOnceOnADistrict: with a district's year of history
// (Round 10: PostgreSQL judged some generic plans of a new school's
// messages dearer and planned them afresh on every message, 0.3–1.3 ms
// each), every statement a report, its confirmation and 「我的」 run is
// planned at most the five times PostgreSQL tries custom plans first, and
// from then on runs its generic plan: the claim's variants (with a
// confirmation's hinted reads and with 「我的」's lists) included. Read from
// pg_prepared_statements on the one connection the messages use.
func TestMessagesPlannedOnceOnADistrict(t *testing.T) {
	h := newHarness(t, inspection.Module(nil))
	saveShippedPlans(t, h)
	from := time.Date(h.now.Year()-1, h.now.Month(), h.now.Day(), 0, 0, 0, 0, h.now.Location())
	storetest.RepairHistory(t, h.db, h.s, from, 365, 20)
	storetest.SeedDistrict(t, h.db, 44, from, 365, 20)
	storetest.Analyze(t, h.db)
	h.db.SetPoolSize(1)

	type plans struct{ generic, custom int64 }
	read := func() map[string]plans {
		t.Helper()
		rows, err := h.db.SQL().Query(`SELECT statement, generic_plans, custom_plans FROM pg_prepared_statements`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]plans{}
		for rows.Next() {
			var s string
			var p plans
			if err := rows.Scan(&s, &p.generic, &p.custom); err != nil {
				t.Fatal(err)
			}
			out[s] = p
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	before := read()
	faults := []string{"课桌腿断了", "门锁坏了", "窗户关不上", "灯不亮", "水龙头漏水", "椅子坏了", "黑板掉了",
		"讲台抽屉坏了", "柜门坏了", "插座没电", "暖气不热", "投影仪不亮", "墙皮脱落", "地砖裂了"}
	for i, f := range faults {
		h.now = h.now.Add(time.Minute)
		wantContains(t, h.say("李老师", fmt.Sprintf("30%d教室%s", 2+i%2, f)), "请核对")
		wantContains(t, h.say("李老师", "1"), "BX-")
		wantContains(t, h.say("李老师", "我的"), "BX-")
	}
	ran := 0
	for s, p := range read() {
		b := before[s]
		if p.generic+p.custom == b.generic+b.custom {
			continue // not run by the messages
		}
		ran++
		if p.custom > 5 {
			t.Errorf("planned %d times (%d generic runs), not at most 5: %.150s", p.custom, p.generic, s)
		}
	}
	if ran < 5 {
		t.Fatalf("only %d prepared statements ran on the messages' connection: nothing measured", ran)
	}
}
