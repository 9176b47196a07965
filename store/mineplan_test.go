package store_test

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

// TestRepairsOfGenericPlans: 「我的」's list under the generic plan a
// message's transaction runs (see genericPlans) reads about as much for
// someone with a year of repairs as its limit asks, and almost nothing
// for someone with none, in a district of schools with a year each: a
// plan that walked a school's open repairs in deadline order filtering on
// the person (the trap the latest notice fell into, 00037) would read all
// of them for the person with none.
func TestRepairsOfGenericPlans(t *testing.T) {
	ctx := context.Background()
	db := storetest.Open(t)
	from := time.Date(2025, 11, 20, 0, 0, 0, 0, flows.LoadLocation("Asia/Shanghai"))
	schools := storetest.SeedDistrict(t, db, 3, from, 365, 20)
	s := schools[1]
	since := from.AddDate(1, 0, 0).Add(-repair.MineClosedFor)

	conn, err := db.SQL().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SET plan_cache_mode = force_generic_plan`); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.ExecContext(ctx, `PREPARE mine(bigint, timestamptz) AS `+store.RepairsOfQuery(20)); err != nil {
		t.Fatal(err)
	}
	for who, most := range map[string]int{"李老师": 200, "王师傅": 200, "孙师傅": 40, "张校长": 40} {
		rows, err := conn.QueryContext(ctx, `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE mine(`+
			strconv.FormatInt(s.Staff[who].ID, 10)+`, '`+since.Format(time.RFC3339)+`')`)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, line)
		}
		rows.Close()
		text := strings.Join(plan, "\n")
		m := regexp.MustCompile(`shared hit=(\d+)(?: read=(\d+))?`).FindStringSubmatch(text)
		if m == nil {
			t.Fatalf("%s: no buffer count in:\n%s", who, text)
		}
		hit, _ := strconv.Atoi(m[1])
		read, _ := strconv.Atoi(m[2])
		if hit+read > most {
			t.Errorf("RepairsOf(%s) read %d buffers under the generic plan, at most %d expected:\n%s", who, hit+read, most, text)
		}
		t.Logf("%s: %d buffers", who, hit+read)
	}
}
