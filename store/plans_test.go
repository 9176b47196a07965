package store_test

import (
	"context"
	"database/sql"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/houqin/houqin/store"
)

// genericPlanner is a connection of its own on which every prepared
// statement runs its generic plan, as a message's transaction does (see
// genericPlans in store/conversation.go), for tests that bound what a
// statement's plan reads on a year of history.
type genericPlanner struct {
	t    *testing.T
	conn *sql.Conn
}

func newGenericPlanner(t *testing.T, db *store.DB) *genericPlanner {
	t.Helper()
	conn, err := db.SQL().Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	if _, err := conn.ExecContext(context.Background(), `SET plan_cache_mode = force_generic_plan`); err != nil {
		t.Fatal(err)
	}
	return &genericPlanner{t: t, conn: conn}
}

// prepare prepares query as decl, e.g. "mine(bigint, timestamptz)".
func (g *genericPlanner) prepare(decl, query string) {
	g.t.Helper()
	if _, err := g.conn.ExecContext(context.Background(), `PREPARE `+decl+` AS `+query); err != nil {
		g.t.Fatalf("prepare %s: %v", decl, err)
	}
}

// explain is EXPLAIN (ANALYZE, BUFFERS) of an EXECUTE.
func (g *genericPlanner) explain(execute string) string {
	g.t.Helper()
	rows, err := g.conn.QueryContext(context.Background(), `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) `+execute)
	if err != nil {
		g.t.Fatal(err)
	}
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			g.t.Fatal(err)
		}
		plan = append(plan, line)
	}
	return strings.Join(plan, "\n")
}

// readsAtMost explains execute, fails the test when its plan read more
// than most buffers, and returns the plan.
func (g *genericPlanner) readsAtMost(what, execute string, most int) string {
	g.t.Helper()
	plan := g.explain(execute)
	if n := buffersOf(g.t, plan); n > most {
		g.t.Errorf("%s read %d buffers under the generic plan, at most %d expected:\n%s", what, n, most, plan)
	} else {
		g.t.Logf("%s: %d buffers", what, n)
	}
	return plan
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
