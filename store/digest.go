package store

import (
	"context"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/flows/visit"
)

// The digest's aggregates. Each query is a range scan of one school's rows
// on an index led by school_id (00005_digest.sql), so a school's digest costs
// the same whether the database holds one school or a district.

var _ digest.Store = (*Tx)(nil)

// RepairDigest implements digest.Store.
func (t *Tx) RepairDigest(ctx context.Context, schoolID int64, from, to, asOf time.Time) (digest.RepairDigest, error) {
	return repairDigest(ctx, t.q, schoolID, from, to, asOf)
}

// DigestSeries implements digest.Store.
func (t *Tx) DigestSeries(ctx context.Context, schoolID int64, loc *time.Location, first, last, asOf time.Time) ([]digest.DayPoint, error) {
	return digestSeries(ctx, t.q, schoolID, loc, first, last, asOf)
}

// GateDigest implements digest.Store.
func (t *Tx) GateDigest(ctx context.Context, s flows.School, from, to time.Time) (*digest.GateDigest, error) {
	return gateDigest(ctx, t.q, s, from, to)
}

// CanteenDigest implements digest.Store.
func (t *Tx) CanteenDigest(ctx context.Context, s flows.School, from, to time.Time) (*digest.CanteenDigest, error) {
	return canteenDigest(ctx, t.q, s, from, to)
}

// gateDigest counts the visits that arrived on the day: people admitted
// (a party of three is three), visitors the gate-closing check found still
// inside, visits the host refused, and watch-list matches.
func gateDigest(ctx context.Context, q sqlx.QueryerContext, s flows.School, from, to time.Time) (*digest.GateDigest, error) {
	var c struct {
		In      int `db:"visitors_in"`
		Inside  int `db:"still_inside"`
		Refused int `db:"refusals"`
		Watch   int `db:"watch_hits"`
	}
	err := sqlx.GetContext(ctx, q, &c, `
		SELECT coalesce(sum(party) FILTER (WHERE status = ANY($4) AND decided_at IS NOT NULL), 0) AS visitors_in,
		       count(*) FILTER (WHERE inside_at_close) AS still_inside,
		       count(*) FILTER (WHERE status = $5) AS refusals,
		       count(*) FILTER (WHERE watch_note <> '') AS watch_hits
		FROM visits WHERE school_id = $1 AND arrived_at >= $2 AND arrived_at < $3`,
		s.ID, from, to, textArray(visit.EnteredStatuses), string(visit.VisitRejected))
	if err != nil {
		return nil, wrap("gate digest", err)
	}
	return &digest.GateDigest{VisitorsIn: c.In, StillInside: c.Inside, HostRefusals: c.Refused, WatchHits: c.Watch}, nil
}

// mealsOfDaySQL is the meals a school served on a local day ($2, a date):
// every meal with a menu, a sample, a 陪餐 record or a missing-sample alert.
// A canteen closed at weekends then owes nothing on Saturday.
const mealsOfDaySQL = `
	SELECT m.meal,
	       EXISTS (SELECT 1 FROM sample_batches b WHERE b.school_id = $1 AND b.day = m.day AND b.meal = m.meal) AS sampled,
	       EXISTS (SELECT 1 FROM accompanied_meals a WHERE a.school_id = $1 AND a.day = m.day AND a.meal = m.meal) AS accompanied
	FROM (
		SELECT day, meal FROM menus WHERE school_id = $1 AND day = CAST($2 AS date)
		UNION SELECT day, meal FROM sample_batches WHERE school_id = $1 AND day = CAST($2 AS date)
		UNION SELECT day, meal FROM sample_missing WHERE school_id = $1 AND day = CAST($2 AS date)
		UNION SELECT day, meal FROM accompanied_meals WHERE school_id = $1 AND day = CAST($2 AS date)
	) AS m`

// canteenDigest: the meals of the day with their sample and 陪餐 marks,
// the day's violations, and the samples whose retention ends by the end of
// the digest's morning (the day after), not yet disposed of.
func canteenDigest(ctx context.Context, q sqlx.QueryerContext, s flows.School, from, to time.Time) (*digest.CanteenDigest, error) {
	day := from.In(s.Location()).Format("2006-01-02")
	var meals []struct {
		Meal        string `db:"meal"`
		Sampled     bool   `db:"sampled"`
		Accompanied bool   `db:"accompanied"`
	}
	if err := sqlx.SelectContext(ctx, q, &meals, mealsOfDaySQL+`
		ORDER BY array_position(CAST($3 AS text[]), m.meal)`, s.ID, day, mealOrder()); err != nil {
		return nil, wrap("canteen digest", err)
	}
	out := &digest.CanteenDigest{}
	for _, m := range meals {
		out.Meals = append(out.Meals, digest.MealCheck{Meal: m.Meal, Sampled: m.Sampled, Accompanied: m.Accompanied})
	}
	var c struct {
		Violations   int `db:"violations"`
		DisposalsDue int `db:"disposals_due"`
	}
	err := sqlx.GetContext(ctx, q, &c, `
		SELECT
		  (SELECT count(*) FROM sample_batches WHERE school_id = $1 AND day = CAST($2 AS date) AND violation <> '') AS violations,
		  (SELECT count(*) FROM sample_batches WHERE school_id = $1 AND disposed_at IS NULL AND dispose_after < $3) AS disposals_due`,
		s.ID, day, to.AddDate(0, 0, 1))
	if err != nil {
		return nil, wrap("canteen digest", err)
	}
	out.Violations, out.DisposalsDue = c.Violations, c.DisposalsDue
	return out, nil
}

// repairDigestSQL computes the figures of a school's day in one round trip;
// each scalar subquery is its own index range scan. Its parameters are
// repairDigestArgs.
const repairDigestSQL = `
		SELECT
		  (SELECT count(*) FROM repairs
		    WHERE school_id = $1 AND reported_at >= $2 AND reported_at < $3) AS reported,
		  (SELECT count(DISTINCT repair_id) FROM repair_events
		    WHERE school_id = $1 AND at >= $2 AND at < $3 AND kind = $7) AS completed,
		  (SELECT count(*) FROM repair_events
		    WHERE school_id = $1 AND at >= $2 AND at < $3 AND kind = $8) AS reopens,
		  due.small_due, due.small_on_time, due.large_due, due.large_on_time, due.urgent_due, due.urgent_on_time,
		  fix.rated, fix.rating_avg, fix.fixed, fix.median_secs,
		  (SELECT count(*) FROM repairs WHERE school_id = $1 AND status = ANY ($5)) AS open
		FROM
		  (SELECT count(*) FILTER (WHERE tier = 'small') AS small_due,
		          count(*) FILTER (WHERE tier = 'small' AND done_at <= due_at) AS small_on_time,
		          count(*) FILTER (WHERE tier = 'large') AS large_due,
		          count(*) FILTER (WHERE tier = 'large' AND done_at <= due_at) AS large_on_time,
		          count(*) FILTER (WHERE tier = 'urgent') AS urgent_due,
		          count(*) FILTER (WHERE tier = 'urgent' AND done_at <= due_at) AS urgent_on_time
		     FROM repairs
		    WHERE school_id = $1 AND due_at >= $2 AND due_at < least(CAST($3 AS timestamptz), CAST($4 AS timestamptz)) AND status = ANY ($6)) AS due,
		  (SELECT count(rating) AS rated, CAST(avg(rating) AS float8) AS rating_avg, count(*) AS fixed,
		          percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM done_at - reported_at)) AS median_secs
		     FROM repairs
		    WHERE school_id = $1 AND done_at >= $2 AND done_at < $3) AS fix`

// ExplainRepairDigest returns EXPLAIN (ANALYZE, BUFFERS) of the digest's
// main query, for the benchmark's note on index use.
func (t *Tx) ExplainRepairDigest(ctx context.Context, schoolID int64, from, to, asOf time.Time) (string, error) {
	var lines []string
	err := sqlx.SelectContext(ctx, t.q, &lines, "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) "+repairDigestSQL, repairDigestArgs(schoolID, from, to, asOf)...)
	return strings.Join(lines, "\n"), wrap("explain repair digest", err)
}

// repairDigestArgs are the parameters of repairDigestSQL: the school, the
// day [from, to), the digest's time, the open statuses, every status of
// the state machine (a repair in a status it does not know is not due),
// and the event kinds of a repair finished and sent back.
func repairDigestArgs(schoolID int64, from, to, asOf time.Time) []any {
	return []any{schoolID, from, to, asOf, textArray(repair.OpenStatuses), textArray(repair.Statuses),
		string(repair.EventDone), string(repair.EventReopened)}
}

func repairDigest(ctx context.Context, q sqlx.QueryerContext, schoolID int64, from, to, asOf time.Time) (digest.RepairDigest, error) {
	var out digest.RepairDigest
	var c struct {
		Reported    int      `db:"reported"`
		Completed   int      `db:"completed"`
		Reopens     int      `db:"reopens"`
		SmallDue    int      `db:"small_due"`
		SmallOnTime int      `db:"small_on_time"`
		LargeDue    int      `db:"large_due"`
		LargeOnTime int      `db:"large_on_time"`
		UrgentDue   int      `db:"urgent_due"`
		UrgentOK    int      `db:"urgent_on_time"`
		Rated       int      `db:"rated"`
		RatingAvg   *float64 `db:"rating_avg"`
		Fixed       int      `db:"fixed"`
		MedianSecs  *float64 `db:"median_secs"`
		Open        int      `db:"open"`
	}
	err := sqlx.GetContext(ctx, q, &c, repairDigestSQL, repairDigestArgs(schoolID, from, to, asOf)...)
	if err != nil {
		return out, wrap("repair digest", err)
	}
	out.Reported, out.Completed, out.Reopens, out.Open = c.Reported, c.Completed, c.Reopens, c.Open
	out.SmallDue, out.SmallOnTime, out.LargeDue, out.LargeOnTime = c.SmallDue, c.SmallOnTime, c.LargeDue, c.LargeOnTime
	out.UrgentDue, out.UrgentOnTime = c.UrgentDue, c.UrgentOK
	out.Rated, out.RatingAvg, out.FixSamples = c.Rated, deref(c.RatingAvg), c.Fixed
	out.MedianFix = time.Duration(deref(c.MedianSecs) * float64(time.Second)).Round(time.Minute)

	var late []struct {
		Ref      string    `db:"ref"`
		Location string    `db:"location"`
		Item     string    `db:"item"`
		Worker   string    `db:"worker"`
		Status   string    `db:"status"`
		DueAt    time.Time `db:"due_at"`
		Reason   string    `db:"blocked_reason"`
		Tier     string    `db:"tier"`
	}
	err = sqlx.SelectContext(ctx, q, &late, `
		SELECT r.ref, l.building || l.room AS location, coalesce(nullif(r.item, ''), r.description) AS item,
		       coalesce(w.name, '') AS worker, r.status, r.due_at, r.blocked_reason, r.tier
		FROM repairs r
		JOIN locations l ON l.id = r.location_id
		LEFT JOIN staff w ON w.id = r.worker_id
		WHERE r.school_id = $1 AND r.status = ANY ($3) AND (r.due_at < $2 OR r.status = $4)
		ORDER BY r.due_at, r.id`, schoolID, asOf, textArray(repair.OpenStatuses), string(repair.RepairBlocked))
	if err != nil {
		return out, wrap("repair digest: overdue", err)
	}
	for _, l := range late {
		o := digest.OverdueRepair{Ref: l.Ref, Location: l.Location, Item: l.Item, Worker: l.Worker,
			Status: repair.RepairStatus(l.Status), DueAt: l.DueAt, Late: asOf.Sub(l.DueAt), Reason: l.Reason,
			Urgent: repair.ParseTier(l.Tier) == repair.TierUrgent}
		if o.Status == repair.RepairBlocked {
			out.Escalated = append(out.Escalated, o)
		}
		// A repair waiting for a leader past its due time is in both lists:
		// it is late, and the leader is who can unblock it.
		if o.Late > 0 {
			out.Overdue = append(out.Overdue, o)
		}
	}

	var workers []struct {
		Name      string `db:"name"`
		Completed int    `db:"completed"`
		Open      int    `db:"open"`
		Overdue   int    `db:"overdue"`
	}
	err = sqlx.SelectContext(ctx, q, &workers, `
		WITH w AS (
			SELECT worker_id, 1 AS completed, 0 AS open, 0 AS overdue
			FROM repairs WHERE school_id = $1 AND done_at >= $2 AND done_at < $3 AND worker_id IS NOT NULL
			UNION ALL
			SELECT worker_id, 0, 1, CASE WHEN due_at < $4 THEN 1 ELSE 0 END
			FROM repairs WHERE school_id = $1 AND status = ANY ($5) AND worker_id IS NOT NULL
		)
		SELECT s.name, sum(w.completed) AS completed, sum(w.open) AS open, sum(w.overdue) AS overdue
		FROM w JOIN staff s ON s.id = w.worker_id
		GROUP BY s.id, s.name
		ORDER BY sum(w.completed) DESC, sum(w.open) DESC, s.id`, schoolID, from, to, asOf, textArray(repair.OpenStatuses))
	if err != nil {
		return out, wrap("repair digest: workers", err)
	}
	for _, w := range workers {
		out.Workers = append(out.Workers, digest.WorkerLoad{Name: w.Name, Completed: w.Completed, Open: w.Open, Overdue: w.Overdue})
	}
	return out, nil
}

func digestSeries(ctx context.Context, q sqlx.QueryerContext, schoolID int64, loc *time.Location, first, last, asOf time.Time) ([]digest.DayPoint, error) {
	var rows []struct {
		Day         time.Time `db:"day"`
		Opened      int       `db:"opened"`
		Finished    int       `db:"finished"`
		SmallDue    int       `db:"small_due"`
		SmallOnTime int       `db:"small_on_time"`
		Meals       int       `db:"meals"`
		Complete    int       `db:"meals_complete"`
		Visitors    int       `db:"visitors"`
	}
	// Day boundaries are computed in Go, in the school's zone, and passed
	// as arrays: the database needs no time zone name.
	var los, his, days []string
	for d := digest.DayStart(first, loc); !d.After(last); d = d.AddDate(0, 0, 1) {
		days = append(days, d.Format("2006-01-02"))
		los = append(los, d.Format(time.RFC3339))
		his = append(his, d.AddDate(0, 0, 1).Format(time.RFC3339))
	}
	err := sqlx.SelectContext(ctx, q, &rows, `
		SELECT d.lo AS day,
		  (SELECT count(*) FROM repairs r
		    WHERE r.school_id = $1 AND r.reported_at >= d.lo AND r.reported_at < d.hi) AS opened,
		  (SELECT count(DISTINCT e.repair_id) FROM repair_events e
		    WHERE e.school_id = $1 AND e.at >= d.lo AND e.at < d.hi AND e.kind = $6) AS finished,
		  c.small_due, c.small_on_time, k.meals, k.meals_complete,
		  (SELECT coalesce(sum(v.party), 0) FROM visits v
		    WHERE v.school_id = $1 AND v.arrived_at >= d.lo AND v.arrived_at < d.hi
		      AND v.status = ANY($8) AND v.decided_at IS NOT NULL) AS visitors
		FROM unnest(CAST($2 AS timestamptz[]), CAST($3 AS timestamptz[]), CAST($5 AS date[])) AS d (lo, hi, day)
		CROSS JOIN LATERAL (
			SELECT count(*) AS small_due, count(*) FILTER (WHERE r.done_at <= r.due_at) AS small_on_time
			FROM repairs r
			WHERE r.school_id = $1 AND r.tier = 'small' AND r.status = ANY ($7)
			  AND r.due_at >= d.lo AND r.due_at < least(d.hi, CAST($4 AS timestamptz))
		) AS c
		CROSS JOIN LATERAL (
			SELECT count(*) AS meals, count(*) FILTER (WHERE
			         EXISTS (SELECT 1 FROM sample_batches b WHERE b.school_id = $1 AND b.day = m.day AND b.meal = m.meal)
			     AND EXISTS (SELECT 1 FROM accompanied_meals a WHERE a.school_id = $1 AND a.day = m.day AND a.meal = m.meal)) AS meals_complete
			FROM (
				SELECT day, meal FROM menus WHERE school_id = $1 AND day = d.day
				UNION SELECT day, meal FROM sample_batches WHERE school_id = $1 AND day = d.day
				UNION SELECT day, meal FROM sample_missing WHERE school_id = $1 AND day = d.day
				UNION SELECT day, meal FROM accompanied_meals WHERE school_id = $1 AND day = d.day
			) AS m
		) AS k
		ORDER BY d.lo`, schoolID, pq.StringArray(los), pq.StringArray(his), asOf, pq.StringArray(days),
		string(repair.EventDone), textArray(repair.Statuses), textArray(visit.EnteredStatuses))
	if err != nil {
		return nil, wrap("digest series", err)
	}
	out := make([]digest.DayPoint, len(rows))
	for i, r := range rows {
		out[i] = digest.DayPoint{Day: r.Day.In(loc), Opened: r.Opened, Finished: r.Finished, SmallDue: r.SmallDue,
			SmallOnTime: r.SmallOnTime, Visitors: r.Visitors, Meals: r.Meals, MealsComplete: r.Complete}
	}
	return out, nil
}

// EachRepair streams a school's repairs for a ledger (ledger.Source): rows
// are scanned one at a time from the cursor, never collected.
func (t *Tx) EachRepair(ctx context.Context, schoolID int64, from, to time.Time, damageOnly bool, fn func(repair.Repair) error) error {
	where := ` WHERE r.school_id = $1 AND r.reported_at >= $2 AND r.reported_at < $3 ORDER BY r.reported_at, r.id`
	args := []any{schoolID, from, to}
	if damageOnly {
		where = ` WHERE r.school_id = $1 AND r.cause = $4 AND r.done_at >= $2 AND r.done_at < $3
			ORDER BY l.building, l.room, r.done_at, r.id`
		args = append(args, string(repair.CauseDamage))
	}
	// The ledger names the class using a room (its first alias) with the room.
	q := strings.Replace(repairSelect, repairLocationName,
		`l.building || l.room || coalesce('（' || l.aliases[1] || '）', '')
		 || CASE WHEN r.place_text <> '' THEN '：' || r.place_text ELSE '' END AS location_name`, 1)
	rows, err := t.q.QueryxContext(ctx, q+where, args...)
	if err != nil {
		return wrap("ledger repairs", err)
	}
	defer rows.Close()
	var r repairRow
	for rows.Next() {
		r = repairRow{}
		if err := rows.StructScan(&r); err != nil {
			return wrap("ledger repairs", err)
		}
		if err := fn(r.repair()); err != nil {
			return err
		}
	}
	return wrap("ledger repairs", rows.Err())
}
