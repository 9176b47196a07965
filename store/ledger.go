package store

import (
	"context"
	"time"

	"github.com/lib/pq"

	"github.com/houqin/houqin/flows/canteen"
	"github.com/houqin/houqin/flows/visit"
)

// The ledgers' sources (ledger.Source) other than repairs, which is
// EachRepair in digest.go. Each streams rows from the cursor one at a time.

// ledgerVisitSelect is visitSelect without the sealed ID and its hash: a
// ledger shows the masked number only, so the sealed one never leaves the
// database for it.
const ledgerVisitSelect = `
	SELECT v.id, v.school_id, v.guard_id, v.name, v.id_type, v.id_masked, v.phone,
	       v.org, v.purpose, v.purpose_note, v.host_id, v.plate, v.party, v.status, v.arrived_at,
	       v.decided_at, v.decided_by, v.decision, v.left_at, v.inside_at_close, v.watch_note, v.purged_at,
	       g.name AS guard_name, h.name AS host_name
	FROM visits v
	JOIN staff g ON g.id = v.guard_id
	JOIN staff h ON h.id = v.host_id`

// EachVisit streams a school's visits that arrived in [from, to), in
// arrival order, for the 来访登记簿. IDCipher and IDHash are left empty.
// Purged visits come with what the purge kept (张某, the masked ID).
func (t *Tx) EachVisit(ctx context.Context, schoolID int64, from, to time.Time, fn func(visit.Visit) error) error {
	rows, err := t.q.QueryxContext(ctx, ledgerVisitSelect+`
		WHERE v.school_id = $1 AND v.arrived_at >= $2 AND v.arrived_at < $3
		ORDER BY v.arrived_at, v.id`, schoolID, from, to)
	if err != nil {
		return wrap("ledger visits", err)
	}
	defer rows.Close()
	var r visitRow
	for rows.Next() {
		r = visitRow{}
		if err := rows.StructScan(&r); err != nil {
			return wrap("ledger visits", err)
		}
		if err := fn(r.visit()); err != nil {
			return err
		}
	}
	return wrap("ledger visits", rows.Err())
}

// EachSampleBatch streams a school's sample batches of the days from's date
// to to's date (exclusive), each date read in its own time's location, by
// day, meal and storage time, with their dishes in order.
func (t *Tx) EachSampleBatch(ctx context.Context, schoolID int64, from, to time.Time, fn func(canteen.SampleBatch) error) error {
	rows, err := t.q.QueryxContext(ctx, `
		SELECT b.id, b.school_id, b.day, b.meal, b.staff_id, s.name AS staff_name, b.fridge_c, b.photo, b.stored_at,
		       b.dispose_after, b.violation, b.violation_reason, b.missing_dishes, b.disposed_at, b.disposed_by,
		       b.disposed_early, b.disposal_entered_at, b.disposal_said, coalesce(d.name, '') AS disposed_by_name, b.moved_c, b.moved_at, b.moved_by,
		       coalesce(i.dishes, '{}') AS dishes, coalesce(i.grams, '{}') AS grams
		FROM sample_batches b
		JOIN staff s ON s.id = b.staff_id
		LEFT JOIN staff d ON d.id = b.disposed_by
		LEFT JOIN LATERAL (
			SELECT array_agg(it.dish ORDER BY it.pos) AS dishes, array_agg(it.grams ORDER BY it.pos) AS grams
			FROM sample_items it WHERE it.batch_id = b.id
		) AS i ON true
		WHERE b.school_id = $1 AND b.day >= CAST($2 AS date) AND b.day < CAST($3 AS date)
		ORDER BY b.day, array_position(CAST($4 AS text[]), b.meal), b.stored_at, b.id`,
		schoolID, civil(from), civil(to), mealOrder())
	if err != nil {
		return wrap("ledger samples", err)
	}
	defer rows.Close()
	var r struct {
		sampleRow
		Dishes pq.StringArray `db:"dishes"`
		Grams  pq.Int64Array  `db:"grams"`
	}
	for rows.Next() {
		r.sampleRow, r.Dishes, r.Grams = sampleRow{}, nil, nil
		if err := rows.StructScan(&r); err != nil {
			return wrap("ledger samples", err)
		}
		b := r.batch()
		for i, dish := range r.Dishes {
			it := canteen.SampleItem{Dish: dish}
			if i < len(r.Grams) {
				it.Grams = int(r.Grams[i])
			}
			b.Items = append(b.Items, it)
		}
		if err := fn(b); err != nil {
			return err
		}
	}
	return wrap("ledger samples", rows.Err())
}

// EachAccompaniedMeal streams a school's 陪餐 records of the days from's
// date to to's date (exclusive), by day, meal and recording time.
func (t *Tx) EachAccompaniedMeal(ctx context.Context, schoolID int64, from, to time.Time, fn func(canteen.AccompaniedMeal) error) error {
	rows, err := t.q.QueryxContext(ctx, `
		SELECT `+accompaniedCols+`
		FROM accompanied_meals a JOIN staff s ON s.id = a.staff_id
		WHERE a.school_id = $1 AND a.day >= CAST($2 AS date) AND a.day < CAST($3 AS date)
		ORDER BY a.day, array_position(CAST($4 AS text[]), a.meal), a.recorded_at, a.id`,
		schoolID, civil(from), civil(to), mealOrder())
	if err != nil {
		return wrap("ledger accompanied meals", err)
	}
	defer rows.Close()
	var r accompaniedRow
	for rows.Next() {
		r.Dishes = nil
		if err := rows.StructScan(&r); err != nil {
			return wrap("ledger accompanied meals", err)
		}
		if err := fn(r.meal()); err != nil {
			return err
		}
	}
	return wrap("ledger accompanied meals", rows.Err())
}
