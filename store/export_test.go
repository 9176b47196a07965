package store

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
)

// MigrateTo applies the migrations up to version only, so a test can
// write rows as an older schema had them and then migrate the rest.
func (d *DB) MigrateTo(ctx context.Context, version int64) error {
	p, err := d.provider()
	if err != nil {
		return err
	}
	if _, err := p.UpTo(ctx, version); err != nil {
		return fmt.Errorf("store: migrate to %d: %w", version, err)
	}
	return nil
}

// MigrateDownTo rolls the migrations back to version, so a test can check
// a migration's Down.
func (d *DB) MigrateDownTo(ctx context.Context, version int64) error {
	p, err := d.provider()
	if err != nil {
		return err
	}
	if _, err := p.DownTo(ctx, version); err != nil {
		return fmt.Errorf("store: migrate down to %d: %w", version, err)
	}
	return nil
}

// The repair queries whose plans TestRepairQueriesUseIndexes checks.
var (
	OpenRepairsAtSQL    = openRepairsAtSQL
	OpenFaultsAtSQL     = openFaultsAtSQL
	AwaitingDecisionSQL = awaitingDecisionSQL
	RepairsWaitingSQL   = repairsWaitingSQL
	RepairsReportedSQL  = repairsReportedSQL
)

// Explain returns EXPLAIN (COSTS OFF) of query with args.
func (t *Tx) Explain(ctx context.Context, query string, args ...any) (string, error) {
	var lines []string
	err := sqlx.SelectContext(ctx, t.q, &lines, "EXPLAIN (COSTS OFF) "+query, args...)
	return strings.Join(lines, "\n"), err
}

// SQLForTest is the transaction's own connection, for tests that run
// statements of their own inside DB.InTx.
func (t *Tx) SQLForTest() sqlx.ExtContext { return t.q }

// LatestNoticeSQL is latestNoticeSQL, for TestLatestNoticeByItsIndex.
func LatestNoticeSQL(staff, mark string) string { return latestNoticeSQL(staff, mark) }

// NewestNoticeSQL is newestNoticeSQL, for TestLatestNoticeByItsIndex.
func NewestNoticeSQL(staff, mark string) string { return newestNoticeSQL(staff, mark) }

// RepairsOfQuery is repairsOfQuery, for TestRepairReadsUnderGenericPlans.
func RepairsOfQuery(limit int, bare bool) string { return repairsOfQuery(limit, bare) }

// LastVisitBySQL is lastVisitBySQL, for TestVisitReadsUnderGenericPlans.
var LastVisitBySQL = lastVisitBySQL

// HazardsOfSQL is HazardsOf's query, for TestHazardReadsUnderGenericPlans.
var HazardsOfSQL = hazardSelect + " " + hazardsOfWhere("$1", "$2")

// VisitsInsideSQL is visitsInsideSQL, for TestVisitReadsUnderGenericPlans.
var VisitsInsideSQL = visitsInsideSQL

// RouteCandidatesSQL is RouteCandidates' query.
var RouteCandidatesSQL = routeCandidatesQuery
