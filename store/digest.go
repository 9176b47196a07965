package store

import (
	"context"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
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
func (t *Tx) DigestSeries(ctx context.Context, s flows.School, first, last, asOf time.Time) ([]digest.DayPoint, error) {
	return digestSeries(ctx, t.q, s, first, last, asOf)
}

// GateDigest implements digest.Store.
func (t *Tx) GateDigest(ctx context.Context, s flows.School, from, to, asOf time.Time) (*digest.GateDigest, error) {
	return gateDigest(ctx, t.q, s, from, cutOf(to, asOf))
}

// CanteenDigest implements digest.Store.
func (t *Tx) CanteenDigest(ctx context.Context, s flows.School, from, to, asOf time.Time) (*digest.CanteenDigest, error) {
	return canteenDigest(ctx, t.q, s, from, to, cutOf(to, asOf))
}

// gateDigest counts the visits that arrived on the day, up to the cut:
// people admitted (a party of three is three), visits the host refused and
// people the host kept at the gate (留在门卫: no refusal, and not in) by
// the cut, visitors the gate-closing check found still inside, and
// watch-list matches: the visits that matched, and the alerts raised for
// visitors never registered (watch_alerts without a visit: the fourteenth
// user test's 刘强, turned away while the guard was registering him).
func gateDigest(ctx context.Context, q sqlx.QueryerContext, s flows.School, from, cut time.Time) (*digest.GateDigest, error) {
	var c struct {
		In      int `db:"visitors_in"`
		Inside  int `db:"still_inside"`
		Refused int `db:"refusals"`
		Kept    int `db:"kept"`
		Watch   int `db:"watch_hits"`
	}
	err := sqlx.GetContext(ctx, q, &c, `
		SELECT coalesce(sum(party) FILTER (WHERE status = ANY($4) AND decided_at < $3), 0) AS visitors_in,
		       count(*) FILTER (WHERE inside_at_close) AS still_inside,
		       count(*) FILTER (WHERE status = $5 AND decided_at < $3) AS refusals,
		       coalesce(sum(party) FILTER (WHERE status = $6 AND decided_at < $3), 0) AS kept,
		       count(*) FILTER (WHERE watch_note <> '') + (
		           SELECT count(*) FROM watch_alerts a
		           WHERE a.school_id = $1 AND a.alerted_at >= $2 AND a.alerted_at < $3 AND a.visit_id IS NULL) AS watch_hits
		FROM visits WHERE school_id = $1 AND arrived_at >= $2 AND arrived_at < $3`,
		s.ID, from, cut, textArray(visit.EnteredStatuses), string(visit.VisitRejected), string(visit.VisitKept))
	if err != nil {
		return nil, wrap("gate digest", err)
	}
	return &digest.GateDigest{VisitorsIn: c.In, StillInside: c.Inside, HostRefusals: c.Refused, KeptAtGate: c.Kept, WatchHits: c.Watch}, nil
}

// mealsOfDaySQL is the meals a school served on a local day ($2, a date),
// as recorded before the cut ($3): every meal with a sample, a 陪餐 record
// or a missing-sample alert, and every meal with a menu that the calendar
// serves that day ($4, meal keys) — a menu published for a week with a
// holiday in it does not make the holiday owe samples.
const mealsOfDaySQL = `
	SELECT m.meal,
	       EXISTS (SELECT 1 FROM sample_batches b WHERE b.school_id = $1 AND b.day = m.day AND b.meal = m.meal AND b.stored_at < $3) AS sampled,
	       EXISTS (SELECT 1 FROM accompanied_meals a WHERE a.school_id = $1 AND a.day = m.day AND a.meal = m.meal AND a.recorded_at < $3) AS accompanied
	FROM (
		SELECT day, meal FROM menus WHERE school_id = $1 AND day = CAST($2 AS date) AND meal = ANY ($4)
		UNION SELECT day, meal FROM sample_batches WHERE school_id = $1 AND day = CAST($2 AS date) AND stored_at < $3
		UNION SELECT day, meal FROM sample_missing WHERE school_id = $1 AND day = CAST($2 AS date) AND recorded_at < $3
		UNION SELECT day, meal FROM accompanied_meals WHERE school_id = $1 AND day = CAST($2 AS date) AND recorded_at < $3
	) AS m`

// canteenDigest: the meals of the day with their sample and 陪餐 marks,
// the day's violations, and the samples whose retention ends by the end of
// the digest's morning (the day after), not yet disposed of at the cut.
func canteenDigest(ctx context.Context, q sqlx.QueryerContext, s flows.School, from, to, cut time.Time) (*digest.CanteenDigest, error) {
	civil := canteen.CivilDay(from, s.Location())
	day := civil.Format("2006-01-02")
	cal, err := mealCalendar(ctx, q, s.ID, civil, civil)
	if err != nil {
		return nil, wrap("canteen digest", err)
	}
	var served []string
	for _, m := range cal.On(civil, s.Settings.Meals).Meals {
		served = append(served, m.Key)
	}
	var meals []struct {
		Meal        string `db:"meal"`
		Sampled     bool   `db:"sampled"`
		Accompanied bool   `db:"accompanied"`
	}
	if err := sqlx.SelectContext(ctx, q, &meals, mealsOfDaySQL+`
		ORDER BY array_position(CAST($5 AS text[]), m.meal)`, s.ID, day, cut, pq.StringArray(served), mealOrder()); err != nil {
		return nil, wrap("canteen digest", err)
	}
	out := &digest.CanteenDigest{}
	for _, m := range meals {
		out.Meals = append(out.Meals, digest.MealCheck{Meal: m.Meal, Sampled: m.Sampled, Accompanied: m.Accompanied})
	}
	var c struct {
		Violations    int `db:"violations"`
		DisposalsDue  int `db:"disposals_due"`
		DisposedEarly int `db:"disposed_early"`
	}
	err = sqlx.GetContext(ctx, q, &c, `
		SELECT
		  (SELECT count(*) FROM sample_batches WHERE school_id = $1 AND day = CAST($2 AS date) AND violation <> '' AND stored_at < $4) AS violations,
		  (SELECT count(*) FROM sample_batches WHERE school_id = $1 AND stored_at < $4
		      AND (disposed_at IS NULL OR disposed_at >= $4) AND dispose_after < $3) AS disposals_due,
		  (SELECT count(*) FROM sample_batches WHERE school_id = $1 AND disposed_early
		      AND disposed_at >= $5 AND disposed_at < $4) AS disposed_early`,
		s.ID, day, to.AddDate(0, 0, 1), cut, from)
	if err != nil {
		return nil, wrap("canteen digest", err)
	}
	out.Violations, out.DisposalsDue, out.DisposedEarly = c.Violations, c.DisposalsDue, c.DisposedEarly
	return out, nil
}

// The digest of a day is computed as of the end of that day (or asOf, when
// earlier: today's digest asked for during the day): rows and versions
// (00019_repair_versions.sql) strictly before the cut. Later activity —
// repairs reported after midnight, repairs closed, deferred, reassigned or
// rated later — never changes a past day's figures.

// cutOf is the instant a digest of the day [from, to) is computed as of.
func cutOf(to, asOf time.Time) time.Time {
	if asOf.Before(to) {
		return asOf
	}
	return to
}

// repairsAtSQL is every repair of school $1 that may be open or finished
// on the day, with its version in force at the cut $3: repairs reported
// before the cut and not closed before the day began ($2). A repair
// closed before the day is closed at the cut too (closed is final).
const repairsAtSQL = `
	SELECT r.id, r.ref, r.reported_at, r.location_id, r.item, r.description,
	       v.status, v.tier, v.worker_id, v.due_at, v.done_at, v.rating, v.blocked_reason
	FROM repairs r
	CROSS JOIN LATERAL (
		SELECT status, tier, worker_id, due_at, done_at, rating, blocked_reason
		FROM repair_versions WHERE repair_id = r.id AND at < $3
		ORDER BY at DESC, id DESC LIMIT 1) AS v
	WHERE r.school_id = $1 AND r.reported_at < $3 AND (r.closed_at IS NULL OR r.closed_at >= $2)`

// dueOnDaySQL judges the due times that fell in [$2, $3) (the day, up to
// the cut): every due time a version of a repair carried, when that
// version was still in force at the due time — so a repair escalated as
// overdue at 21:00 and deferred by a leader at 22:00 is late on its day,
// and a due time moved before it came is not judged. The repair was on
// time when that version was already done by then (finishing exactly at
// the due minute is on time). Repairs in a status the state machine does
// not know ($4: cancelled by hand) are not judged.
const dueOnDaySQL = `
	SELECT f.tier, (f.done_at IS NOT NULL AND f.done_at <= f.due_at) AS on_time
	FROM (SELECT DISTINCT repair_id, due_at FROM repair_versions
	       WHERE school_id = $1 AND due_at >= $2 AND due_at < $3 AND at < $3) AS c
	CROSS JOIN LATERAL (
		SELECT tier, status, due_at, done_at FROM repair_versions
		WHERE repair_id = c.repair_id AND at <= c.due_at
		ORDER BY at DESC, id DESC LIMIT 1) AS f
	WHERE f.due_at = c.due_at AND f.status = ANY ($4)`

// notUndoneSQL keeps a done event e only when the worker did not take it
// back (撤回, repair's undo.go) before the cut $3: a 完成 pressed by mistake
// and undone minutes later finished nothing that day.
const notUndoneSQL = `
	      AND NOT EXISTS (SELECT 1 FROM repair_events u WHERE u.repair_id = e.repair_id
	        AND u.kind = '` + string(repair.EventUndone) + `' AND u.at >= e.at AND u.at < $3)`

// notRedoUndoneSQL keeps a 没修好 event e only when its reporter did not
// take it back (repair's undo.go) before the cut $3: a 没修好 pressed by
// mistake and undone at once sent nothing back.
const notRedoUndoneSQL = `
	      AND NOT EXISTS (SELECT 1 FROM repair_events u WHERE u.repair_id = e.repair_id
	        AND u.kind = '` + string(repair.EventRedoUndone) + `' AND u.at >= e.at AND u.at < $3
	        AND NOT EXISTS (SELECT 1 FROM repair_events r2 WHERE r2.repair_id = e.repair_id
	          AND r2.kind = e.kind AND r2.at > e.at AND r2.at <= u.at))`

// repairDigestSQL computes the counts of a school's day in one round
// trip. Its parameters are repairDigestArgs.
const repairDigestSQL = `
	WITH cur AS (` + repairsAtSQL + `), due AS (` + dueOnDaySQL + `)
	SELECT
	  (SELECT count(*) FROM repairs
	    WHERE school_id = $1 AND reported_at >= $2 AND reported_at < $3) AS reported,
	  (SELECT count(DISTINCT e.repair_id) FROM repair_events e
	    WHERE e.school_id = $1 AND e.at >= $2 AND e.at < $3 AND e.kind = $6` + notUndoneSQL + `) AS completed,
	  (SELECT count(*) FROM repair_events e
	    WHERE e.school_id = $1 AND e.at >= $2 AND e.at < $3 AND e.kind = $7` + notRedoUndoneSQL + `) AS reopens,
	  (SELECT count(*) FILTER (WHERE tier = 'small') FROM due) AS small_due,
	  (SELECT count(*) FILTER (WHERE tier = 'small' AND on_time) FROM due) AS small_on_time,
	  (SELECT count(*) FILTER (WHERE tier = 'large') FROM due) AS large_due,
	  (SELECT count(*) FILTER (WHERE tier = 'large' AND on_time) FROM due) AS large_on_time,
	  (SELECT count(*) FILTER (WHERE tier = 'urgent') FROM due) AS urgent_due,
	  (SELECT count(*) FILTER (WHERE tier = 'urgent' AND on_time) FROM due) AS urgent_on_time,
	  fix.rated, fix.rating_avg, fix.fixed, fix.median_secs,
	  (SELECT count(*) FROM cur WHERE status = ANY ($5)) AS open
	FROM
	  (SELECT count(rating) AS rated, CAST(avg(rating) AS float8) AS rating_avg, count(*) AS fixed,
	          percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM done_at - reported_at)) AS median_secs
	     FROM cur WHERE done_at >= $2 AND done_at < $3) AS fix`

// ExplainRepairDigest returns EXPLAIN (ANALYZE, BUFFERS) of the digest's
// main query, for the benchmark's note on index use.
func (t *Tx) ExplainRepairDigest(ctx context.Context, schoolID int64, from, to, asOf time.Time) (string, error) {
	var lines []string
	err := sqlx.SelectContext(ctx, t.q, &lines, "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) "+repairDigestSQL, repairDigestArgs(schoolID, from, to, asOf)...)
	return strings.Join(lines, "\n"), wrap("explain repair digest", err)
}

// repairDigestArgs are the parameters of repairDigestSQL: the school, the
// day's start, the cut (the day's end, or asOf when earlier), every
// status of the state machine (a repair in a status it does not know is
// not due), the open statuses, and the event kinds of a repair finished
// and sent back.
func repairDigestArgs(schoolID int64, from, to, asOf time.Time) []any {
	return []any{schoolID, from, cutOf(to, asOf), textArray(repair.Statuses), textArray(repair.OpenStatuses),
		string(repair.EventDone), string(repair.EventReopened)}
}

func repairDigest(ctx context.Context, q sqlx.QueryerContext, schoolID int64, from, to, asOf time.Time) (digest.RepairDigest, error) {
	var out digest.RepairDigest
	cut := cutOf(to, asOf)
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
		WITH cur AS (`+repairsAtSQL+`)
		SELECT r.ref, l.building || l.room AS location, coalesce(nullif(r.item, ''), r.description) AS item,
		       coalesce(w.name, '') AS worker, r.status, r.due_at, r.blocked_reason, r.tier
		FROM cur r
		JOIN locations l ON l.id = r.location_id
		LEFT JOIN staff w ON w.id = r.worker_id
		WHERE r.status = ANY ($4) AND (r.due_at < $3 OR r.status = $5)
		ORDER BY r.due_at, r.id`, schoolID, from, cut, textArray(repair.OpenStatuses), string(repair.RepairBlocked))
	if err != nil {
		return out, wrap("repair digest: overdue", err)
	}
	for _, l := range late {
		o := digest.OverdueRepair{Ref: l.Ref, Location: l.Location, Item: l.Item, Worker: l.Worker,
			Status: repair.RepairStatus(l.Status), DueAt: l.DueAt, Late: cut.Sub(l.DueAt), Reason: l.Reason,
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
		WITH cur AS (`+repairsAtSQL+`),
		w AS (
			SELECT worker_id, 1 AS completed, 0 AS open, 0 AS overdue
			FROM cur WHERE done_at >= $2 AND done_at < $3 AND worker_id IS NOT NULL
			UNION ALL
			SELECT worker_id, 0, 1, CASE WHEN due_at < $3 THEN 1 ELSE 0 END
			FROM cur WHERE status = ANY ($4) AND worker_id IS NOT NULL
		)
		SELECT s.name, sum(w.completed) AS completed, sum(w.open) AS open, sum(w.overdue) AS overdue
		FROM w JOIN staff s ON s.id = w.worker_id
		GROUP BY s.id, s.name
		ORDER BY sum(w.completed) DESC, sum(w.open) DESC, s.id`, schoolID, from, cut, textArray(repair.OpenStatuses))
	if err != nil {
		return out, wrap("repair digest: workers", err)
	}
	for _, w := range workers {
		out.Workers = append(out.Workers, digest.WorkerLoad{Name: w.Name, Completed: w.Completed, Open: w.Open, Overdue: w.Overdue})
	}
	return out, nil
}

func digestSeries(ctx context.Context, q sqlx.QueryerContext, s flows.School, first, last, asOf time.Time) ([]digest.DayPoint, error) {
	loc, schoolID := s.Location(), s.ID
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
	// as arrays: the database needs no time zone name. Each day is cut at
	// its own end (or asOf), as its own digest is. The meals a day's menu
	// names count only when the calendar serves them (menuMeals).
	var los, cuts, days, menuMeals []string
	cal, err := mealCalendar(ctx, q, schoolID, canteen.CivilDay(first, loc), canteen.CivilDay(last, loc))
	if err != nil {
		return nil, wrap("digest series", err)
	}
	for d := digest.DayStart(first, loc); !d.After(last); d = d.AddDate(0, 0, 1) {
		days = append(days, d.Format("2006-01-02"))
		los = append(los, d.Format(time.RFC3339))
		cuts = append(cuts, cutOf(d.AddDate(0, 0, 1), asOf).Format(time.RFC3339))
		for _, m := range cal.On(canteen.CivilDay(d, loc), s.Settings.Meals).Meals {
			menuMeals = append(menuMeals, d.Format("2006-01-02")+":"+m.Key)
		}
	}
	due := strings.NewReplacer("$2", "d.lo", "$3", "d.cut", "$4", "$7").Replace(dueOnDaySQL)
	err = sqlx.SelectContext(ctx, q, &rows, `
		SELECT d.lo AS day,
		  (SELECT count(*) FROM repairs r
		    WHERE r.school_id = $1 AND r.reported_at >= d.lo AND r.reported_at < d.cut) AS opened,
		  (SELECT count(DISTINCT e.repair_id) FROM repair_events e
		    WHERE e.school_id = $1 AND e.at >= d.lo AND e.at < d.cut AND e.kind = $6`+strings.ReplaceAll(notUndoneSQL, "$3", "d.cut")+`) AS finished,
		  c.small_due, c.small_on_time, k.meals, k.meals_complete,
		  (SELECT coalesce(sum(v.party), 0) FROM visits v
		    WHERE v.school_id = $1 AND v.arrived_at >= d.lo AND v.arrived_at < d.cut
		      AND v.status = ANY($8) AND v.decided_at < d.cut) AS visitors
		FROM unnest(CAST($2 AS timestamptz[]), CAST($3 AS timestamptz[]), CAST($5 AS date[])) AS d (lo, cut, day)
		CROSS JOIN LATERAL (
			SELECT count(*) FILTER (WHERE tier = 'small') AS small_due, count(*) FILTER (WHERE tier = 'small' AND on_time) AS small_on_time
			FROM (`+due+`) AS x
		) AS c
		CROSS JOIN LATERAL (
			SELECT count(*) AS meals, count(*) FILTER (WHERE
			         EXISTS (SELECT 1 FROM sample_batches b WHERE b.school_id = $1 AND b.day = m.day AND b.meal = m.meal AND b.stored_at < d.cut)
			     AND EXISTS (SELECT 1 FROM accompanied_meals a WHERE a.school_id = $1 AND a.day = m.day AND a.meal = m.meal AND a.recorded_at < d.cut)) AS meals_complete
			FROM (
				SELECT day, meal FROM menus WHERE school_id = $1 AND day = d.day AND CAST(day AS text) || ':' || meal = ANY ($4)
				UNION SELECT day, meal FROM sample_batches WHERE school_id = $1 AND day = d.day AND stored_at < d.cut
				UNION SELECT day, meal FROM sample_missing WHERE school_id = $1 AND day = d.day AND recorded_at < d.cut
				UNION SELECT day, meal FROM accompanied_meals WHERE school_id = $1 AND day = d.day AND recorded_at < d.cut
			) AS m
		) AS k
		ORDER BY d.lo`, schoolID, pq.StringArray(los), pq.StringArray(cuts), pq.StringArray(menuMeals), pq.StringArray(days),
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
