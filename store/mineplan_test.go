package store_test

import (
	"context"
	"database/sql"
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

// TestRepairReadsUnderGenericPlans: under the generic plans a message's
// transaction runs (see genericPlans), in a district of schools with a
// year of repairs each, the duplicate check reads the open repairs of its
// place only, and 「我的」's list reads about what its limit asks for
// someone with a year of repairs and almost nothing for someone with none.
// A plan that walked the school's repairs in deadline order filtering on
// the person (as RepairsOf's recently closed branches did, and the latest
// notice the outbox, 00037) reads the school's whole history instead.
func TestRepairReadsUnderGenericPlans(t *testing.T) {
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
	// The duplicate check too: the open repairs at one place (the
	// history's open ones are all at 302: about 220 rows to return).
	if _, err := conn.ExecContext(ctx, `PREPARE at_place(bigint, bigint) AS `+store.OpenRepairsAtSQL); err != nil {
		t.Fatal(err)
	}
	for room, most := range map[string]int{"302": 300, "303": 40} {
		text := explainGeneric(t, conn, `EXECUTE at_place(`+strconv.FormatInt(s.ID, 10)+`, `+strconv.FormatInt(s.Locs[room].ID, 10)+`)`)
		n := buffersOf(t, text)
		if n > most {
			t.Errorf("OpenRepairsAt(%s) read %d buffers under the generic plan, at most %d expected:\n%s", room, n, most, text)
		}
		t.Logf("OpenRepairsAt(%s): %d buffers", room, n)
	}
	// A leader's 「我的」 also lists the repairs awaiting a decision.
	if _, err := conn.ExecContext(ctx, `PREPARE awaiting(bigint, text[], text, timestamptz, int) AS `+store.AwaitingDecisionSQL); err != nil {
		t.Fatal(err)
	}
	var open []string
	for _, st := range repair.OpenStatuses {
		open = append(open, string(st))
	}
	text := explainGeneric(t, conn, `EXECUTE awaiting(`+strconv.FormatInt(s.ID, 10)+`, '{`+strings.Join(open, ",")+`}', '`+
		string(repair.RepairBlocked)+`', '`+from.AddDate(1, 0, 0).Format(time.RFC3339)+`', 20)`)
	if n := buffersOf(t, text); n > 200 {
		t.Errorf("RepairsAwaitingDecision read %d buffers under the generic plan, at most 200 expected:\n%s", n, text)
	} else {
		t.Logf("RepairsAwaitingDecision: %d buffers", n)
	}
	for who, most := range map[string]int{"李老师": 200, "王师傅": 200, "孙师傅": 40, "张校长": 40} {
		text := explainGeneric(t, conn, `EXECUTE mine(`+strconv.FormatInt(s.Staff[who].ID, 10)+`, '`+since.Format(time.RFC3339)+`')`)
		n := buffersOf(t, text)
		if n > most {
			t.Errorf("RepairsOf(%s) read %d buffers under the generic plan, at most %d expected:\n%s", who, n, most, text)
		}
		t.Logf("RepairsOf(%s): %d buffers", who, n)
	}
}

// explainGeneric is EXPLAIN (ANALYZE, BUFFERS) of an EXECUTE on conn.
func explainGeneric(t *testing.T, conn *sql.Conn, execute string) string {
	t.Helper()
	rows, err := conn.QueryContext(context.Background(), `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) `+execute)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		plan = append(plan, line)
	}
	return strings.Join(plan, "\n")
}

// buffersOf is the buffers a plan's top node read (hit and read).
func buffersOf(t *testing.T, plan string) int {
	t.Helper()
	m := regexp.MustCompile(`shared hit=(\d+)(?: read=(\d+))?`).FindStringSubmatch(plan)
	if m == nil {
		t.Fatalf("no buffer count in:\n%s", plan)
	}
	hit, _ := strconv.Atoi(m[1])
	read, _ := strconv.Atoi(m[2])
	return hit + read
}
