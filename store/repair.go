package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
)

type repairRow struct {
	ID             int64      `db:"id"`
	SchoolID       int64      `db:"school_id"`
	Ref            string     `db:"ref"`
	ReporterID     int64      `db:"reporter_id"`
	LocationID     int64      `db:"location_id"`
	Trade          string     `db:"trade"`
	Item           string     `db:"item"`
	Description    string     `db:"description"`
	Photo          string     `db:"photo"`
	Tier           string     `db:"tier"`
	PlaceText      string     `db:"place_text"`
	Status         string     `db:"status"`
	WorkerID       *int64     `db:"worker_id"`
	RouteReason    string     `db:"route_reason"`
	ReportedAt     time.Time  `db:"reported_at"`
	DueAt          time.Time  `db:"due_at"`
	AcceptedAt     *time.Time `db:"accepted_at"`
	DoneAt         *time.Time `db:"done_at"`
	ClosedAt       *time.Time `db:"closed_at"`
	DonePhoto      string     `db:"done_photo"`
	Cause          string     `db:"cause"`
	DamageNote     string     `db:"damage_note"`
	BlockedReason  string     `db:"blocked_reason"`
	Recommendation string     `db:"recommendation"`
	Decision       string     `db:"decision"`
	Reopens        int        `db:"reopens"`
	Rating         *int       `db:"rating"`
	RatingComment  string     `db:"rating_comment"`
	AutoConfirmed  bool       `db:"auto_confirmed"`
	LocationName   string     `db:"location_name"`
	ReporterName   string     `db:"reporter_name"`
	WorkerName     string     `db:"worker_name"`
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func (r repairRow) repair() repair.Repair {
	return repair.Repair{
		ID: r.ID, SchoolID: r.SchoolID, Ref: r.Ref, ReporterID: r.ReporterID, LocationID: r.LocationID,
		Trade: flows.Trade(r.Trade), Item: r.Item, Description: r.Description, Photo: r.Photo, Tier: repair.ParseTier(r.Tier), PlaceText: r.PlaceText,
		Status: repair.RepairStatus(r.Status), WorkerID: deref(r.WorkerID), RouteReason: r.RouteReason,
		ReportedAt: r.ReportedAt, DueAt: r.DueAt, AcceptedAt: deref(r.AcceptedAt), DoneAt: deref(r.DoneAt),
		ClosedAt: deref(r.ClosedAt), DonePhoto: r.DonePhoto, Cause: repair.Cause(r.Cause), DamageNote: r.DamageNote,
		BlockedReason: r.BlockedReason, Recommendation: r.Recommendation, Decision: r.Decision,
		Reopens: r.Reopens, Rating: deref(r.Rating), RatingComment: r.RatingComment, AutoConfirmed: r.AutoConfirmed,
		LocationName: r.LocationName, ReporterName: r.ReporterName, WorkerName: r.WorkerName,
	}
}

// repairRowColumns are repairRow's db tags in field order, which is
// repairSelect's column order (selectRepairRows checks it).
var repairRowColumns = func() []string {
	t := reflect.TypeFor[repairRow]()
	out := make([]string, t.NumField())
	for i := range out {
		out[i] = t.Field(i).Tag.Get("db")
	}
	return out
}()

// fields are r's fields in their order, to scan a row into
// (TestRepairRowFields checks the order).
func (r *repairRow) fields() []any {
	return []any{&r.ID, &r.SchoolID, &r.Ref, &r.ReporterID, &r.LocationID, &r.Trade, &r.Item, &r.Description,
		&r.Photo, &r.Tier, &r.PlaceText, &r.Status, &r.WorkerID, &r.RouteReason, &r.ReportedAt, &r.DueAt,
		&r.AcceptedAt, &r.DoneAt, &r.ClosedAt, &r.DonePhoto, &r.Cause, &r.DamageNote, &r.BlockedReason,
		&r.Recommendation, &r.Decision, &r.Reopens, &r.Rating, &r.RatingComment, &r.AutoConfirmed,
		&r.LocationName, &r.ReporterName, &r.WorkerName}
}

// selectRepairRows runs a query whose columns are repairSelect's (or
// repairBareSelect's) and appends its rows to rows, scanned in column
// order. sqlx's SelectContext matched the 32 columns to fields by name and
// built every row by reflection: 「我的」's twenty rows were 5.5% of the bench's CPU profile in
// sqlx.scanAll. A query whose columns are not repairRow's, in its order,
// is an error, which every test that lists repairs would show at once.
func selectRepairRows(ctx context.Context, q interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}, rows []repairRow, query string, args ...any) ([]repairRow, error) {
	rs, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	cols, err := rs.Columns()
	if err != nil {
		return nil, err
	}
	// One row to scan into, whose fields every Scan sets (a null too),
	// and its list of pointers made once, not once a row. A query of
	// repairBareSelect's columns leaves the names empty.
	var r repairRow
	dest := r.fields()
	switch {
	case slices.Equal(cols, repairRowColumns):
	case slices.Equal(cols, repairRowColumns[:repairNamesFrom]):
		dest = dest[:repairNamesFrom]
	default:
		return nil, fmt.Errorf("store: a repair list's columns are %q, not repairSelect's", cols)
	}
	for rs.Next() {
		if err := rs.Scan(dest...); err != nil {
			return nil, err
		}
		rows = append(rows, r)
	}
	return rows, rs.Err()
}

// repairLocationName is how repairSelect names a repair's place: building
// and room, and the place as written for one filed under 其他地点.
const repairLocationName = `l.building || l.room || CASE WHEN r.place_text <> '' THEN '：' || r.place_text ELSE '' END AS location_name`

// repairColumns are the repair's own columns of repairSelect, all of
// repairRow's but the three names.
const repairColumns = `r.id, r.school_id, r.ref, r.reporter_id, r.location_id, r.trade, r.item, r.description, r.photo,
	       r.tier, r.place_text, r.status, r.worker_id, r.route_reason, r.reported_at, r.due_at, r.accepted_at, r.done_at,
	       r.closed_at, r.done_photo, r.cause, r.damage_note, r.blocked_reason, r.recommendation, r.decision,
	       r.reopens, r.rating, r.rating_comment, r.auto_confirmed`

const repairSelect = `
	SELECT ` + repairColumns + `,
	       ` + repairLocationName + `, rp.name AS reporter_name, coalesce(w.name, '') AS worker_name
	FROM repairs r
	JOIN locations l ON l.id = r.location_id
	JOIN staff rp ON rp.id = r.reporter_id
	LEFT JOIN staff w ON w.id = r.worker_id`

// repairBareSelect is repairSelect without the names, which the caller
// takes from the directory cache (see repairsOfNamed).
const repairBareSelect = `
	SELECT ` + repairColumns + `
	FROM repairs r`

// repairNamesFrom is where repairRow's names start: the columns before
// it are repairBareSelect's.
const repairNamesFrom = 29

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func nullInt(n int) *int {
	if n == 0 {
		return nil
	}
	return &n
}

// refPoolSize is how many connections the ref counters have to
// themselves: an allocation is one short statement, so two keep up with
// every confirmation a 2-core server can file.
const refPoolSize = 2

// refCounterSQL takes the next number of a school's day from
// repair_counters as a transaction of its own, committed before the
// message's transaction goes on: the counter row is locked only for this
// one statement, so confirmations of a school never wait for each other's
// transactions (they did when the counter was taken inside them, and held
// to their commits so that refs had no gaps). The price is a sequence's: a
// number taken by a transaction that then rolls back is skipped, not given
// out again.
//
// Its commit does not wait for the WAL flush (synchronous_commit off, set
// for this statement's own transaction): a number is only used by the
// message's transaction, whose own commit flushes the WAL up to and past
// this one, so a crash can lose a number only if nothing that used it was
// committed either.
const refCounterSQL = `
	WITH async AS (SELECT set_config('synchronous_commit', 'off', true))
	INSERT INTO repair_counters (school_id, day, n)
	SELECT $1, $2, 1 FROM async
	ON CONFLICT (school_id, day) DO UPDATE SET n = repair_counters.n + 1
	RETURNING n`

// refAndIDSQL is refCounterSQL that also takes the repair's id from its
// sequence, for CreateNumbered, which knows both before the row is
// written. The sequence's WAL record is covered as the counter's is: a
// value handed out was logged before it, and the commit of the
// transaction that uses it flushes the WAL past that record.
const refAndIDSQL = refCounterSQL + `, nextval('repairs_id_seq') AS id`

// nextRef takes the next number of the school's local day on the ref
// pool (refCounterSQL), and with withID also the id of the repair it
// numbers (refAndIDSQL). The pool never waits for a transaction's
// connection, nor a transaction for the pool's beyond one statement, so
// holding a transaction's connection while waiting here cannot deadlock.
//
// Without the pool (a Tx made for one internal statement) it refuses
// rather than run refCounterSQL on t.q: inside a transaction its
// set_config would turn synchronous_commit off for all of that
// transaction, whose commit would then not wait for the WAL flush.
func (t *Tx) nextRef(ctx context.Context, schoolID int64, day time.Time, withID bool) (ref string, id int64, err error) {
	if t.refs == nil {
		return "", 0, errNoRefPool
	}
	var row struct {
		N  int   `db:"n"`
		ID int64 `db:"id"`
	}
	if withID {
		err = sqlx.GetContext(ctx, t.refs, &row, refAndIDSQL, schoolID, day.Format("2006-01-02"))
	} else {
		err = sqlx.GetContext(ctx, t.refs, &row.N, refCounterSQL, schoolID, day.Format("2006-01-02"))
	}
	if err != nil {
		return "", 0, wrap("next repair ref", err)
	}
	return fmt.Sprintf("BX-%s-%03d", day.Format("20060102"), row.N), row.ID, nil
}

// errNoRefPool is nextRef's answer on a Tx without the ref pool.
var errNoRefPool = errors.New("store: next repair ref: this transaction has no ref counter pool")

// NextRepairRef implements repair.Store (refCounterSQL).
func (t *Tx) NextRepairRef(ctx context.Context, schoolID int64, day time.Time) (string, error) {
	ref, _, err := t.nextRef(ctx, schoolID, day, false)
	return ref, err
}

// CreateRepair implements repair.Store.
func (t *Tx) CreateRepair(ctx context.Context, r *repair.Repair, ev repair.RepairEvent) error {
	err := sqlx.GetContext(ctx, t.q, &r.ID, `
		INSERT INTO repairs (school_id, ref, reporter_id, location_id, trade, item, description, photo, tier,
			status, worker_id, route_reason, reported_at, due_at, updated_at, place_text)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $13, $15)
		RETURNING id`,
		r.SchoolID, r.Ref, r.ReporterID, r.LocationID, string(r.Trade), r.Item, r.Description, r.Photo, string(tierOf(*r)),
		string(r.Status), nullID(r.WorkerID), r.RouteReason, r.ReportedAt, r.DueAt, r.PlaceText)
	if err != nil {
		return wrap("create repair", err)
	}
	ev.RepairID = r.ID
	return t.addRepairEvent(ctx, r.SchoolID, ev)
}

// CreateNumbered implements repair.Store: the day's next number and the
// repair's id (nextRef), then the repair and its first event.
//
// Inside DB.InTx the row is not written here: it is a pendingRepair,
// written by the transaction's next statement, whichever it is. That is
// the turn's flush when the confirmation's other writes are all deferred
// too (the usual case), so the repair goes with them in the last
// statement and its own round trip is saved; any other statement first
// writes it on its own (turnQ), so every read and every foreign key of
// the transaction sees the repair as if it had been written here.
func (t *Tx) CreateNumbered(ctx context.Context, r *repair.Repair, day time.Time, ev repair.RepairEvent) error {
	ref, id, err := t.nextRef(ctx, r.SchoolID, day, true)
	if err != nil {
		return err
	}
	r.Ref, r.ID = ref, id
	ev.RepairID = id
	p := &pendingRepair{r: *r, ev: ev}
	if t.turn != nil {
		// One at a time: a second repair of the turn writes the first.
		if err := t.writePending(ctx); err != nil {
			return err
		}
		t.turn.repair = p
		return nil
	}
	return t.insertRepair(ctx, p)
}

// pendingRepair is a repair CreateNumbered deferred, with its first event.
type pendingRepair struct {
	r  repair.Repair
	ev repair.RepairEvent
}

// ctes is the repair's INSERT and its event's as two CTEs (pr, pe), their
// arguments added with arg: a statement of their own (writePending) or
// part of the flush.
func (p *pendingRepair) ctes(arg func(any) string) string {
	r, ev := p.r, p.ev
	return `pr AS (
			INSERT INTO repairs (id, school_id, ref, reporter_id, location_id, trade, item, description, photo, tier,
				status, worker_id, route_reason, reported_at, due_at, updated_at, place_text)
			VALUES (` + arg(r.ID) + `, ` + arg(r.SchoolID) + `, ` + arg(r.Ref) + `, ` + arg(r.ReporterID) + `, ` + arg(r.LocationID) + `, ` +
		arg(string(r.Trade)) + `, ` + arg(r.Item) + `, ` + arg(r.Description) + `, ` + arg(r.Photo) + `, ` + arg(string(tierOf(r))) + `, ` +
		arg(string(r.Status)) + `, ` + arg(nullID(r.WorkerID)) + `, ` + arg(r.RouteReason) + `, ` + arg(r.ReportedAt) + `, ` +
		arg(r.DueAt) + `, ` + arg(r.ReportedAt) + `, ` + arg(r.PlaceText) + `)
			RETURNING id, school_id
		), pe AS (
			INSERT INTO repair_events (school_id, repair_id, at, actor_id, kind, from_status, to_status, note)
			SELECT pr.school_id, pr.id, ` + arg(ev.At) + `, ` + arg(nullID(ev.ActorID)) + `, ` + arg(string(ev.Kind)) + `, ` +
		arg(string(ev.From)) + `, ` + arg(string(ev.To)) + `, ` + arg(ev.Note) + ` FROM pr
		)`
}

// writePending writes the turn's pending repair, if any, as a statement
// of its own: never the transaction's last (see lastStatement), since
// the statement that asked for it follows.
func (t *Tx) writePending(ctx context.Context) error {
	if t.turn == nil || t.turn.repair == nil {
		return nil
	}
	p := t.turn.repair
	t.turn.repair = nil
	return t.insertRepair(context.WithValue(ctx, lastStatementKey{}, false), p)
}

// insertRepair writes p as a statement of its own.
func (t *Tx) insertRepair(ctx context.Context, p *pendingRepair) error {
	var args []any
	cte := p.ctes(func(v any) string {
		args = append(args, v)
		return placeholder(len(args))
	})
	_, err := t.q.ExecContext(ctx, `WITH `+cte+` SELECT 1`, args...)
	return wrap("create repair", err)
}

func (t *Tx) addRepairEvent(ctx context.Context, schoolID int64, ev repair.RepairEvent) error {
	_, err := t.q.ExecContext(ctx, `
		INSERT INTO repair_events (school_id, repair_id, at, actor_id, kind, from_status, to_status, note, photo)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
		schoolID, ev.RepairID, ev.At, nullID(ev.ActorID), string(ev.Kind), string(ev.From), string(ev.To), ev.Note, ev.Photo)
	return wrap("repair event", err)
}

// Repair implements repair.Store.
func (t *Tx) Repair(ctx context.Context, id int64) (repair.Repair, error) {
	var r repairRow
	if err := sqlx.GetContext(ctx, t.q, &r, repairSelect+` WHERE r.id = $1 FOR UPDATE OF r`, id); err != nil {
		return repair.Repair{}, wrap(fmt.Sprintf("repair %d", id), err)
	}
	return r.repair(), nil
}

// UpdateRepair implements repair.Store.
func (t *Tx) UpdateRepair(ctx context.Context, r repair.Repair, ev repair.RepairEvent) error {
	res, err := t.q.ExecContext(ctx, `
		UPDATE repairs SET trade = $2, item = $3, description = $4, photo = $5, tier = $6, status = $7,
			worker_id = $8, route_reason = $9, due_at = $10, accepted_at = $11, done_at = $12, closed_at = $13,
			done_photo = $14, cause = $15, damage_note = $16, blocked_reason = $17, recommendation = $18,
			decision = $19, reopens = $20, rating = $21, rating_comment = $22, auto_confirmed = $23, updated_at = $24,
			location_id = $25, place_text = $26
		WHERE id = $1`,
		r.ID, string(r.Trade), r.Item, r.Description, r.Photo, string(tierOf(r)), string(r.Status),
		nullID(r.WorkerID), r.RouteReason, r.DueAt, nullTime(r.AcceptedAt), nullTime(r.DoneAt), nullTime(r.ClosedAt),
		r.DonePhoto, string(r.Cause), r.DamageNote, r.BlockedReason, r.Recommendation,
		r.Decision, r.Reopens, nullInt(r.Rating), r.RatingComment, r.AutoConfirmed, ev.At, r.LocationID, r.PlaceText)
	if err := affectedOne(fmt.Sprintf("update repair %s", r.Ref), res, err); err != nil {
		return err
	}
	if !r.Status.Open() {
		if err := t.withdrawEndedNotices(ctx, r, ev.At); err != nil {
			return err
		}
	}
	ev.RepairID = r.ID
	return t.addRepairEvent(ctx, r.SchoolID, ev)
}

// endedUnsent is the last_error of a repair's notice withdrawn before it
// was sent, because the repair had ended.
const endedUnsent = "not sent: the repair had ended"

// withdrawEndedNotices marks r's undelivered repair.EndedNotices failed
// (as the visit purge does its notices), so that nobody opening their
// chat later is told a repair is late that is done. A row a worker holds
// (being sent) is left to it. Pending rows are few: outbox_due_idx.
func (t *Tx) withdrawEndedNotices(ctx context.Context, r repair.Repair, now time.Time) error {
	_, err := t.withdrawPending(ctx, r.SchoolID, repair.Ref(r.ID), repair.EndedNotices, endedUnsent, now)
	return wrap("withdraw the notices of an ended repair", err)
}

// withdrawPending marks the school's pending notifications about ref of
// the kinds failed with why, all but a row a delivery worker holds (being
// sent), and returns the staff they were for (0 for a group's). Pending
// rows are few (outbox_due_idx).
func (t *Tx) withdrawPending(ctx context.Context, schoolID int64, ref string, kinds []string, why string, now time.Time) ([]int64, error) {
	var staff []sql.NullInt64
	err := sqlx.SelectContext(ctx, t.q, &staff, `
		UPDATE outbox SET status = 'failed', last_error = $4, claimed_by = NULL, claimed_until = NULL
		WHERE status = 'pending' AND school_id = $1 AND ref = $2 AND kind = ANY ($3)
		  AND (claimed_until IS NULL OR claimed_until < $5)
		RETURNING to_staff`,
		schoolID, ref, textArray(kinds), why, now)
	out := make([]int64, 0, len(staff))
	for _, s := range staff {
		out = append(out, s.Int64)
	}
	return out, err
}

// tierOf is r's tier as stored: a repair with none is small.
func tierOf(r repair.Repair) repair.Tier { return repair.ParseTier(string(r.Tier)) }

// openRepairsAtQuery is OpenRepairsAt's query with its arguments named by
// the caller (placeholders or columns): 00014's repairs_open_place_idx.
func openRepairsAtQuery(school, location string) string {
	return repairSelect + `
		WHERE r.school_id = ` + school + ` AND r.location_id = ` + location + ` AND r.status IN (` + openStatusesSQL + `)
		ORDER BY r.id`
}

var openRepairsAtSQL = openRepairsAtQuery("$1", "$2")

// OpenRepairsAt implements repair.Store, by 00014's repairs_open_place_idx.
func (t *Tx) OpenRepairsAt(ctx context.Context, schoolID, locationID int64) ([]repair.Repair, error) {
	rows, err := selectRepairRows(ctx, t.q, nil, openRepairsAtSQL, schoolID, locationID)
	if err != nil {
		return nil, wrap("open repairs at location", err)
	}
	return repairList(rows), nil
}

// finishedRepairsAtSQL is FinishedRepairsAt's query: by 00002's
// repairs_location_idx (location_id first), which a place's few repairs
// a year keep short; it runs only for a report that says its fault came
// back (repair.findRecent), never on the way of an ordinary message.
var finishedRepairsAtSQL = repairSelect + `
		WHERE r.school_id = $1 AND r.location_id = $2 AND r.status IN (` +
	quoteList(statusStrings([]repair.RepairStatus{repair.RepairDone, repair.RepairClosed})) + `) AND r.done_at >= $3
		ORDER BY r.done_at DESC, r.id DESC LIMIT ` + strconv.Itoa(repair.RecentLimit)

// FinishedRepairsAt implements repair.RecentReader.
func (t *Tx) FinishedRepairsAt(ctx context.Context, schoolID, locationID int64, since time.Time) ([]repair.Repair, error) {
	rows, err := selectRepairRows(ctx, t.q, nil, finishedRepairsAtSQL, schoolID, locationID, since)
	if err != nil {
		return nil, wrap("finished repairs at location", err)
	}
	return repairList(rows), nil
}

// faultRow is a repair.Fault as read.
type faultRow struct {
	ID          int64  `db:"id"`
	Trade       string `db:"trade"`
	Tier        string `db:"tier"`
	Item        string `db:"item"`
	Description string `db:"description"`
	PlaceText   string `db:"place_text"`
}

func (f faultRow) fault() repair.Fault {
	return repair.Fault{ID: f.ID, Trade: flows.Trade(f.Trade), Tier: repair.ParseTier(f.Tier), Item: f.Item,
		Description: f.Description, PlaceText: f.PlaceText}
}

func faultList(rows []faultRow) []repair.Fault {
	out := make([]repair.Fault, len(rows))
	for i, r := range rows {
		out[i] = r.fault()
	}
	return out
}

// openFaultsAtQuery is OpenFaultsAt's query with its arguments named by
// the caller (placeholders or columns): OpenRepairsAt's rows, by the same
// index, without the joins to the place's and the people's names and with
// six of its 32 columns.
func openFaultsAtQuery(school, location string) string {
	return `SELECT r.id, r.trade, r.tier, r.item, r.description, r.place_text FROM repairs r
		WHERE r.school_id = ` + school + ` AND r.location_id = ` + location + ` AND r.status IN (` + openStatusesSQL + `)
		ORDER BY r.id`
}

var openFaultsAtSQL = openFaultsAtQuery("$1", "$2")

// OpenFaultsAt implements repair.FaultReader, by 00014's
// repairs_open_place_idx. After ExpectRoute for the school, the route
// candidates are read in the same statement. What the claim read for the
// session's hint (HintRoute, ExpectAssent) answers the first call that
// asks for exactly it, and the RouteCandidates call ExpectRoute announced
// with the same arguments.
//
// A confirmation read OpenRepairsAt's whole rows, as JSON, until Round 14:
// with the bench's rooms collecting open repairs, building and decoding
// that JSON made the confirmation's claim the dearest statement of a
// message and decodeRows 3.5% of the bench's CPU profile.
func (t *Tx) OpenFaultsAt(ctx context.Context, schoolID, locationID int64) ([]repair.Fault, error) {
	if h := t.turn.takeHinted(schoolID, locationID); h != nil {
		rows, err := decodeRows[faultRow](h.open)
		if err != nil {
			return nil, fmt.Errorf("store: open faults at location: %w", err)
		}
		if a := t.turn.routeExpected(schoolID); a != nil && a.matches(h.school, h.trade, h.building, h.at) {
			if a.cands, err = decodeRows[candidateRow](h.cands); err != nil {
				return nil, fmt.Errorf("store: route candidates: %w", err)
			}
			a.read = true
		}
		return faultList(rows), nil
	}
	if a := t.turn.routeExpected(schoolID); a != nil {
		var raw struct {
			Open  []byte `db:"open"`
			Cands []byte `db:"cands"`
		}
		if err := t.q.QueryRowxContext(ctx, openFaultsAndRouteQuery,
			schoolID, locationID, string(a.trade), a.building, a.at).Scan(&raw.Open, &raw.Cands); err != nil {
			return nil, wrap("open faults at location", err)
		}
		rows, err := decodeRows[faultRow](raw.Open)
		if err != nil {
			return nil, fmt.Errorf("store: open faults at location: %w", err)
		}
		if a.cands, err = decodeRows[candidateRow](raw.Cands); err != nil {
			return nil, fmt.Errorf("store: route candidates: %w", err)
		}
		a.read = true
		return faultList(rows), nil
	}
	var rows []faultRow
	if err := sqlx.SelectContext(ctx, t.q, &rows, openFaultsAtSQL, schoolID, locationID); err != nil {
		return nil, wrap("open faults at location", err)
	}
	return faultList(rows), nil
}

// AddFollower implements repair.Store.
func (t *Tx) AddFollower(ctx context.Context, repairID, staffID int64, at time.Time, report string) error {
	_, err := t.q.ExecContext(ctx, `
		INSERT INTO repair_followers (school_id, repair_id, staff_id, added_at, report)
		SELECT school_id, id, $2, $3, $4 FROM repairs WHERE id = $1
		ON CONFLICT (repair_id, staff_id) DO NOTHING`, repairID, staffID, at, report)
	return wrap("add follower", err)
}

// FollowerReport implements repair.Store.
func (t *Tx) FollowerReport(ctx context.Context, repairID, staffID int64) (string, error) {
	var report string
	err := sqlx.GetContext(ctx, t.q, &report, `
		SELECT report FROM repair_followers WHERE repair_id = $1 AND staff_id = $2`, repairID, staffID)
	return report, wrap("follower report", err)
}

// RemoveFollower implements repair.Store.
func (t *Tx) RemoveFollower(ctx context.Context, repairID, staffID int64) error {
	_, err := t.q.ExecContext(ctx, `DELETE FROM repair_followers WHERE repair_id = $1 AND staff_id = $2`, repairID, staffID)
	return wrap("remove follower", err)
}

// OtherLocation implements repair.Store. The location is created
// inactive: it is never matched against a report nor offered as a
// choice, only filed under.
func (t *Tx) OtherLocation(ctx context.Context, schoolID int64, building string) (flows.Location, error) {
	var r locationRow
	err := sqlx.GetContext(ctx, t.q, &r, `
		WITH ins AS (
			INSERT INTO locations (school_id, building, room, active) VALUES ($1, $2, $3, false)
			ON CONFLICT (school_id, building, room) DO NOTHING
			RETURNING `+locationCols+`
		)
		SELECT * FROM ins
		UNION ALL
		SELECT `+locationCols+` FROM locations WHERE school_id = $1 AND building = $2 AND room = $3
		LIMIT 1`, schoolID, building, repair.OtherRoom)
	if err != nil {
		return flows.Location{}, wrap("other location", err)
	}
	return r.location(), nil
}

// AddPlace implements repair.Store.
func (t *Tx) AddPlace(ctx context.Context, schoolID int64, building, room string) (flows.Location, error) {
	var r locationRow
	err := sqlx.GetContext(ctx, t.q, &r, `
		INSERT INTO locations (school_id, building, room) VALUES ($1, $2, $3)
		ON CONFLICT (school_id, building, room) DO UPDATE SET active = true
		RETURNING `+locationCols, schoolID, building, room)
	return r.location(), wrap("add place", err)
}

// awaitingDecisionSQL is RepairsAwaitingDecision's query.
var awaitingDecisionSQL = repairSelect + `
		WHERE r.school_id = $1 AND r.status = ANY ($2) AND (r.status = $3 OR r.due_at < $4)
		ORDER BY r.due_at, r.id LIMIT $5`

// RepairsAwaitingDecision implements repair.Store: blocked ones and late
// ones, both within the school's open repairs (repairs_open_idx).
func (t *Tx) RepairsAwaitingDecision(ctx context.Context, schoolID int64, now time.Time, limit int) ([]repair.Repair, error) {
	var rows []repairRow
	err := sqlx.SelectContext(ctx, t.q, &rows, awaitingDecisionSQL,
		schoolID, textArray(repair.OpenStatuses), string(repair.RepairBlocked), now, limit)
	if err != nil {
		return nil, wrap("repairs awaiting decision", err)
	}
	return repairList(rows), nil
}

// Followers implements repair.Store.
func (t *Tx) Followers(ctx context.Context, repairID int64) ([]int64, error) {
	var ids []int64
	err := sqlx.SelectContext(ctx, t.q, &ids, `
		SELECT staff_id FROM repair_followers WHERE repair_id = $1 ORDER BY added_at`, repairID)
	return ids, wrap("followers", err)
}

// candidateRow is a route candidate as RouteCandidates reads it, scanned
// or (with OpenFaultsAt, see ExpectRoute) decoded from JSON.
type candidateRow struct {
	StaffID  int64  `db:"staff_id"`
	Name     string `db:"name"`
	OnDuty   bool   `db:"on_duty"`
	DutyNote string `db:"duty_note"`
	Building string `db:"building"`
	Priority int    `db:"priority"`
	OpenJobs int    `db:"open_jobs"`
}

// routeCandidatesSQL is RouteCandidates' query with its arguments named
// by the caller's placeholders.
func routeCandidatesSQL(school, trade, building, at string) string {
	return `
		WITH c AS (
			SELECT d.staff_id, true AS on_duty, d.note AS duty_note, '' AS building, 0 AS priority
			FROM duty_roster d
			WHERE d.school_id = ` + school + ` AND d.purpose = 'repair' AND (d.trade = '' OR d.trade = ` + trade + `) AND d.starts_at <= ` + at + ` AND ` + at + ` < d.ends_at
			UNION ALL
			SELECT r.worker_id, false, '', r.building, r.priority
			FROM routes r
			WHERE r.school_id = ` + school + ` AND r.active AND r.trade = ` + trade + ` AND (r.building = '' OR r.building = ` + building + `)
		)
		SELECT c.staff_id, s.name, c.on_duty, c.duty_note, c.building, c.priority,
		       (SELECT count(*) FROM (SELECT FROM repairs j WHERE j.worker_id = c.staff_id
		          AND j.status IN (` + inHandStatusesSQL + `) LIMIT ` + strconv.Itoa(repair.LoadCap) + `) AS j) AS open_jobs
		FROM c JOIN staff s ON s.id = c.staff_id
		WHERE s.active AND NOT EXISTS (SELECT FROM duty_roster a
			WHERE a.staff_id = c.staff_id AND a.purpose = 'away' AND a.starts_at <= ` + at + ` AND ` + at + ` < a.ends_at)
		ORDER BY c.staff_id`
}

var routeCandidatesQuery = routeCandidatesSQL("$1", "$2", "$3", "$4")

// openFaultsAndRouteQuery is OpenFaultsAt's and RouteCandidates' queries
// in one statement, their rows as JSON (ExpectRoute).
var openFaultsAndRouteQuery = `
	SELECT (SELECT coalesce(json_agg(o ORDER BY o.id), '[]') FROM (` + openFaultsAtSQL + `) AS o) AS open,
	       (SELECT coalesce(json_agg(c ORDER BY c.staff_id), '[]') FROM (` + routeCandidatesSQL("$1", "$3", "$4", "$5") + `) AS c) AS cands`

// RouteCandidates implements repair.Store. After ExpectRoute with the same
// arguments, the candidates OpenFaultsAt read with its faults answer.
func (t *Tx) RouteCandidates(ctx context.Context, schoolID int64, trade flows.Trade, building string, at time.Time) ([]repair.RouteCandidate, error) {
	var cs []candidateRow
	if a := t.takeRoute(); a != nil && a.read && a.matches(schoolID, trade, building, at) {
		cs = a.cands
	} else if err := sqlx.SelectContext(ctx, t.q, &cs, routeCandidatesQuery, schoolID, string(trade), building, at); err != nil {
		return nil, wrap("route candidates", err)
	}
	out := make([]repair.RouteCandidate, len(cs))
	for i, c := range cs {
		out[i] = repair.RouteCandidate{StaffID: c.StaffID, Name: c.Name, OnDuty: c.OnDuty, DutyNote: c.DutyNote,
			Building: c.Building, Priority: c.Priority, OpenJobs: c.OpenJobs}
	}
	return out, nil
}

// routeHint is HintRoute's guess: the place, trade and building the
// person's next message will probably file a repair at (the school is
// theirs).
type routeHint struct {
	location int64
	trade    flows.Trade
	building string
}

// HintRoute implements repair.RouteHinter: inside DB.InTx, the session
// this transaction writes carries the hint (sessions.hint_location, 00038),
// for the claim of the person's next message (ExpectAssent).
func (t *Tx) HintRoute(schoolID, locationID int64, trade flows.Trade, building string) {
	if t.turn == nil {
		return
	}
	t.turn.hint = &routeHint{location: locationID, trade: trade, building: building}
}

// ExpectAssent implements flows.AssentExpecter: inside DB.InTx, with
// Expect, the claim also reads what the session's hint names (hintedReads).
func (t *Tx) ExpectAssent() {
	if t.turn != nil {
		t.turn.assent = true
	}
}

// hintedReads are a confirmation's two reads, done by the claim for the
// hint its session held (ExpectAssent): the open repairs at the place
// (OpenFaultsAt's rows) and the route candidates at the claim's time
// (RouteCandidates'), as JSON. The claim keeps them only when the session
// it read is current (see ClaimInbound), and they stay current until the
// transaction's next statement (turnQ), which may write what they read.
type hintedReads struct {
	school, location int64
	trade            flows.Trade
	building         string
	at               time.Time
	open, cands      []byte
}

// takeHinted returns and forgets the claim's hinted reads when they are
// OpenFaultsAt(school, location)'s, and no repair of the turn waits to be
// written (CreateNumbered), which they could not show.
func (s *turnState) takeHinted(school, location int64) *hintedReads {
	if s == nil || s.hinted == nil || s.repair != nil || s.hinted.school != school || s.hinted.location != location {
		return nil
	}
	h := s.hinted
	s.hinted = nil
	return h
}

// hintedReadsSQL returns the claim's two columns of hintedReads for the
// account the claim found (x) and its session's hint (null without one),
// the candidates as of at, which it adds to args.
func hintedReadsSQL(args []any, at time.Time) (string, []any) {
	args = append(args, at)
	n := len(args)
	if q, ok := hintedSQL.Load(n); ok {
		return q.(string), args
	}
	q, _ := hintedSQL.LoadOrStore(n, `CASE WHEN x.s_hint_location IS NOT NULL THEN (SELECT coalesce(json_agg(o ORDER BY o.id), '[]')
			FROM (`+openFaultsAtQuery("x.school_id", "x.s_hint_location")+`) AS o) END AS hint_open,
		CASE WHEN x.s_hint_location IS NOT NULL THEN (SELECT coalesce(json_agg(c ORDER BY c.staff_id), '[]')
			FROM (`+routeCandidatesSQL("x.school_id", "x.s_hint_trade", "x.s_hint_building", "$"+strconv.Itoa(n))+`) AS c) END AS hint_cands`)
	return q.(string), args
}

// hintedSQL caches hintedReadsSQL's text by its placeholder (the claim
// with and without a callback nonce).
var hintedSQL sync.Map

// routeAhead is an ExpectRoute announcement and, once OpenFaultsAt has
// read them, its candidates.
type routeAhead struct {
	school   int64
	trade    flows.Trade
	building string
	at       time.Time
	read     bool
	cands    []candidateRow
}

func (a *routeAhead) matches(school int64, trade flows.Trade, building string, at time.Time) bool {
	return a.school == school && a.trade == trade && a.building == building && a.at.Equal(at)
}

// ExpectRoute implements repair.RouteAhead: inside DB.InTx, the next
// OpenFaultsAt of the school also reads these route candidates, for the
// RouteCandidates call with the same arguments that follows it. The
// duplicate check and the routing of a confirmation are then one round
// trip, not two.
func (t *Tx) ExpectRoute(schoolID int64, trade flows.Trade, building string, at time.Time) {
	if t.turn == nil {
		return
	}
	t.turn.route = &routeAhead{school: schoolID, trade: trade, building: building, at: at}
}

// takeRoute returns and forgets the turn's route announcement: it answers
// one RouteCandidates call at most.
func (t *Tx) takeRoute() *routeAhead {
	if t.turn == nil {
		return nil
	}
	a := t.turn.route
	t.turn.route = nil
	return a
}

// finishedStatuses are the statuses not in repair.UnclosedStatuses that the
// repairs table accepts (its CHECK in 00002): closed, and 'cancelled', which
// no code writes but a row edited by hand may hold. RepairsOf looks them up
// with their closed_at, so that index range and UnclosedStatuses together
// cover every row the query wants.
var finishedStatuses = []string{string(repair.RepairClosed), "cancelled"}

// RepairsOf implements repair.Store. Each way of being concerned with a
// repair (reporter, worker, follower) is its own index scan within the
// staff member's school, reading only the unclosed repairs, in deadline
// order up to the limit, and those closed after closedSince (00036's
// indexes), so its cost grows neither with the school's or the district's
// history nor with the person's backlog. Unclosed and recently closed are
// separate branches, so that every column of the index is a condition of
// its scan (an OR of the two made it read all of a person's history, and
// made one school's plan a sequential scan of repairs); each branch
// returns the columns the order needs, so the order and the limit are
// taken before anything is joined, and only the rows returned are joined
// to their names. DISTINCT removes duplicates (a reporter who also follows).
//
// Inside a message's transaction the names come from the directory cache
// (repairsOfNamed), and the statement reads repairs only.
func (t *Tx) RepairsOf(ctx context.Context, staffID int64, closedSince time.Time, limit int) ([]repair.Repair, error) {
	rows, ok, err := t.repairsOfNamed(ctx, staffID, closedSince, limit)
	if err != nil {
		return nil, err
	}
	if !ok {
		// Room for 「我的」's rows from the start: grown row by row from
		// nothing, by sqlx's reflection as it was, the list allocated
		// about three times its size (reflect.growslice, 71 MB of one
		// bench run's allocation). A longer list grows past it.
		rows, err = selectRepairRows(ctx, t.q, make([]repairRow, 0, min(limit, repair.MineRepairs)),
			repairsOfQuery(limit, false), repairsOfArgs(staffID, closedSince)...)
		if err != nil {
			return nil, wrap("repairs of staff", err)
		}
	}
	return repairList(rows), nil
}

// repairsOfNamed is RepairsOf when this transaction has read the directory
// version of the person's school (a message's, see StaffByIdentity): the
// statement reads the repairs without joining them to their place's and
// people's names, and is told the school instead of looking it up five
// times, and the names are the directory cache's at that version. The
// joins and the five look-ups were half the statement's executor time
// (pg_stat_statements, houqin bench at one client: 0.39 and 0.44 ms a
// call and 152 and 156 buffers joined, 0.19 and 0.20 ms and 73 and 75
// buffers bare). It reports ok=false, having read nothing, when the
// person is not the staff of a school the transaction read, and, having
// read the list, when a name is not in the cache (a repair at a place
// deactivated since, or a worker of another school): RepairsOf then reads
// the joined list. A name changed since the transaction's first statement
// shows as it was then, as everything else the directory cache serves it.
func (t *Tx) repairsOfNamed(ctx context.Context, staffID int64, closedSince time.Time, limit int) ([]repairRow, bool, error) {
	if t.turn == nil || t.dir == nil {
		return nil, false, nil
	}
	for school := range t.turn.known {
		staff, ok, err := t.cachedStaff(ctx, school)
		if err != nil {
			return nil, false, err
		}
		if !ok {
			continue
		}
		if _, found := slices.BinarySearchFunc(staff, staffID, byStaffID); !found {
			continue
		}
		locs, err := t.sharedLocations(ctx, school)
		if err != nil {
			return nil, false, err
		}
		rows, err := selectRepairRows(ctx, t.q, make([]repairRow, 0, min(limit, repair.MineRepairs)),
			repairsOfQuery(limit, true), append(repairsOfArgs(staffID, closedSince), school)...)
		if err != nil {
			return nil, false, wrap("repairs of staff", err)
		}
		if !nameRepairRows(rows, staff, locs) {
			return nil, false, nil
		}
		return rows, true, nil
	}
	return nil, false, nil
}

func byStaffID(s flows.Staff, id int64) int { return cmp.Compare(s.ID, id) }

// nameRepairRows sets the rows' names as repairSelect writes them, from
// the school's staff (by id) and active locations, and reports whether all
// were there. The rows' places are found in one pass over the locations
// (a district-sized school has 300 of 104 bytes each; one pass a row read
// them twenty times over).
func nameRepairRows(rows []repairRow, staff []flows.Staff, locs []flows.Location) bool {
	if len(rows) == 0 {
		return true
	}
	places := make(map[int64]*flows.Location, len(rows))
	for i := range rows {
		places[rows[i].LocationID] = nil
	}
	missing := len(places)
	for i := range locs {
		if p, ok := places[locs[i].ID]; ok && p == nil {
			places[locs[i].ID] = &locs[i]
			if missing--; missing == 0 {
				break
			}
		}
	}
	if missing > 0 {
		return false
	}
	for i := range rows {
		r := &rows[i]
		l := places[r.LocationID]
		r.LocationName = l.Name()
		if r.PlaceText != "" {
			r.LocationName += "：" + r.PlaceText
		}
		j, found := slices.BinarySearchFunc(staff, r.ReporterID, byStaffID)
		if !found {
			return false
		}
		r.ReporterName = staff[j].Name
		r.WorkerName = ""
		if r.WorkerID != nil {
			k, found := slices.BinarySearchFunc(staff, *r.WorkerID, byStaffID)
			if !found {
				return false
			}
			r.WorkerName = staff[k].Name
		}
	}
	return true
}

// ExplainRepairsOf returns EXPLAIN (ANALYZE, BUFFERS) of RepairsOf's query,
// for the benchmark that measures it against a district's history.
func (t *Tx) ExplainRepairsOf(ctx context.Context, staffID int64, closedSince time.Time, limit int) (string, error) {
	var lines []string
	err := sqlx.SelectContext(ctx, t.q, &lines, "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) "+repairsOfQuery(limit, false), repairsOfArgs(staffID, closedSince)...)
	return strings.Join(lines, "\n"), wrap("explain repairs of staff", err)
}

// ExplainRepairsOfBare returns EXPLAIN (ANALYZE, BUFFERS) of the bare
// RepairsOf query a message runs (see repairsOfNamed), prepared and
// executed under the generic plan a message's transaction forces (see
// genericPlans), for the benchmark that measures it against a district's
// history.
func (d *DB) ExplainRepairsOfBare(ctx context.Context, staffID, schoolID int64, closedSince time.Time, limit int) (string, error) {
	conn, err := d.db.Connx(ctx)
	if err != nil {
		return "", wrap("explain bare repairs of staff", err)
	}
	defer conn.Close()
	// The setting and the statement are the connection's: both are
	// undone before it goes back to the pool.
	if _, err := conn.ExecContext(ctx, `SET plan_cache_mode = force_generic_plan`); err != nil {
		return "", wrap("explain bare repairs of staff", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `RESET plan_cache_mode`)
	if _, err := conn.ExecContext(ctx, `PREPARE explain_mine_bare(bigint, timestamptz, bigint) AS `+repairsOfQuery(limit, true)); err != nil {
		return "", wrap("explain bare repairs of staff", err)
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `DEALLOCATE explain_mine_bare`)
	var lines []string
	// EXECUTE's arguments cannot be a statement's parameters: they are
	// written in.
	err = conn.SelectContext(ctx, &lines, `EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) EXECUTE explain_mine_bare(`+
		strconv.FormatInt(staffID, 10)+`, '`+closedSince.Format(time.RFC3339Nano)+`', `+strconv.FormatInt(schoolID, 10)+`)`)
	return strings.Join(lines, "\n"), wrap("explain bare repairs of staff", err)
}

// repairsOfQuery is RepairsOf's query for limit rows. Each branch takes
// its own first limit rows in the final order before the union (the first
// limit of the union are among them), so that a person's open repairs are
// read in deadline order from 00036's partial index and the read stops at
// the limit, however many the person has. The limit is written into the
// statement: a message runs generic plans (see genericPlans), and a
// generic plan cannot see a LIMIT $n, so it planned for a tenth of the
// rows the branches might return and joined them to all of repairs by a
// hash of a sequential scan. Callers ask for 20 or 100, each joined or
// bare, so there are four statements to prepare, each built once
// (repairsOfQueries): built per call, its 2.3 KB text cost 3.8 KB of
// allocation per 「我的」 (BenchmarkCallbackDB's memory profile).
//
// bare is repairsOfNamed's: repairBareSelect's columns, and the school
// given as $3.
func repairsOfQuery(limit int, bare bool) string {
	key := repairsOfKey{limit, bare}
	if q, ok := repairsOfQueries.Load(key); ok {
		return q.(string)
	}
	q, _ := repairsOfQueries.LoadOrStore(key, buildRepairsOfQuery(limit, bare))
	return q.(string)
}

// repairsOfQueries caches repairsOfQuery's text by its arguments.
var repairsOfQueries sync.Map

type repairsOfKey struct {
	limit int
	bare  bool
}

func buildRepairsOfQuery(limit int, bare bool) string {
	lim := strconv.Itoa(limit)
	school, sel := `(SELECT school_id FROM staff WHERE id = $1)`, repairSelect
	if bare {
		school, sel = `$3`, repairBareSelect
	}
	open := func(col string) string {
		return `(SELECT m.id, true AS open, m.due_at FROM repairs m
			WHERE m.school_id = ` + school + ` AND m.` + col + ` = $1 AND m.status IN (` + unclosedStatusesSQL + `)
			ORDER BY m.due_at, m.id LIMIT ` + lim + `)`
	}
	// The recently closed are read by their closed_at range (00036's
	// closed indexes) as a materialised CTE, and only then ordered: asked
	// for their first rows in deadline order directly, the generic plan
	// walked the school's repairs by due_at filtering on the person, and
	// read the school's whole history for someone with nothing closed
	// lately (TestRepairReadsUnderGenericPlans: 1,104 buffers on a school with a
	// year, against a few).
	closedCTE := func(name, col string) string {
		return name + ` AS MATERIALIZED (SELECT m.id, m.due_at FROM repairs m
			WHERE m.school_id = ` + school + ` AND m.` + col + ` = $1 AND m.status IN (` + finishedStatusesSQL + `) AND m.closed_at > $2)`
	}
	closed := func(name string) string {
		return `(SELECT id, false AS open, due_at FROM ` + name + ` ORDER BY due_at, id LIMIT ` + lim + `)`
	}
	return `WITH ` + closedCTE("closed_reported", "reporter_id") + `, ` + closedCTE("closed_worked", "worker_id") + sel + `
	JOIN (
		SELECT DISTINCT id, open, due_at FROM (
			` + open("reporter_id") + `
			UNION ALL ` + closed("closed_reported") + `
			UNION ALL ` + open("worker_id") + `
			UNION ALL ` + closed("closed_worked") + `
			UNION ALL (SELECT c.id, c.status IN (` + unclosedStatusesSQL + `) AS open, c.due_at
				FROM repair_followers f JOIN repairs c ON c.id = f.repair_id
				WHERE f.school_id = ` + school + ` AND f.staff_id = $1
				  AND (c.status IN (` + unclosedStatusesSQL + `) OR c.closed_at > $2)
				ORDER BY 2 DESC, c.due_at, c.id LIMIT ` + lim + `)) AS u
		ORDER BY open DESC, due_at, id
		LIMIT ` + lim + `) AS mine ON mine.id = r.id
	ORDER BY mine.open DESC, mine.due_at, r.id`
}

func repairsOfArgs(staffID int64, closedSince time.Time) []any {
	return []any{staffID, closedSince}
}

func repairList(rows []repairRow) []repair.Repair {
	out := make([]repair.Repair, len(rows))
	for i, r := range rows {
		out[i] = r.repair()
	}
	return out
}

// repairsWaitingSQL is RepairsWaiting's query.
var repairsWaitingSQL = repairSelect + `
		WHERE r.school_id = $1 AND (
			(r.status = ANY ($4) AND (r.due_at <= $2 OR r.tier = 'urgent'))
			OR (r.status = $5 AND r.done_at <= $3))
		ORDER BY r.id`

// repairsPendingSQL is RepairsPending's query: RepairsWaiting's, without
// the open, non-urgent repairs whose duties up to now are all claimed
// already, so a tick reads what became due since the last one, not the
// backlog of overdue repairs. The keys are repair's jobKey ($4 is the
// prefix "repair:", then duty, id and due time in Unix seconds); $5 is
// now, $6 the principal's delay in seconds. A repair is left out when a
// claim exists of: the principal's duty; the escalation, before the
// principal's time; the reminder, before the due time. One correlated
// count per open repair, a primary-key lookup of at most three keys (an
// EXISTS per duty let the planner hash the whole job_claims table instead).
// That count ran for every overdue open repair on every tick, so the read
// grew with history (Round 30: ~220 per school of a district's year); the
// settle CTE now marks a repair whose principal's duty is claimed as
// settled for its due time (migration 00057), and the read looks only at
// open repairs not settled, through the partial index that holds just
// those. The mark is one tick late (the CTE and the read see the same
// snapshot; the count leaves the repair out meanwhile), skips a row a
// message holds (SKIP LOCKED: the next tick settles it, and the tick never
// waits on a message), and a new due time unsettles the repair by itself.
var repairsPendingSQL = `
		WITH settle AS (
			UPDATE repairs SET settled_due = due_at
			WHERE id IN (
				SELECT r.id FROM repairs r
				WHERE r.school_id = $1 AND r.status IN (` + openStatusesSQL + `) AND r.settled_due IS DISTINCT FROM r.due_at
				  AND r.tier <> 'urgent' AND r.due_at + make_interval(secs => $6) <= $5
				  AND EXISTS (SELECT 1 FROM job_claims jc WHERE jc.key = $4 || 'principal:' || r.id || ':' || floor(extract(epoch FROM r.due_at))::bigint)
				FOR UPDATE SKIP LOCKED))
		` + repairSelect + `
		WHERE r.school_id = $1 AND (
			(r.status IN (` + openStatusesSQL + `) AND r.settled_due IS DISTINCT FROM r.due_at AND (r.due_at <= $2 OR r.tier = 'urgent') AND (r.tier = 'urgent' OR (
				SELECT count(*) FROM job_claims jc WHERE jc.key = ANY (ARRAY[
					$4 || 'principal:' || r.id || ':' || floor(extract(epoch FROM r.due_at))::bigint,
					CASE WHEN r.due_at + make_interval(secs => $6) > $5 THEN $4 || 'escalate:' || r.id || ':' || floor(extract(epoch FROM r.due_at))::bigint END,
					CASE WHEN r.due_at > $5 THEN $4 || 'remind:' || r.id || ':' || floor(extract(epoch FROM r.due_at))::bigint END])
			) = 0))
			OR (r.status = ` + doneStatusSQL + ` AND r.done_at <= $3))
		ORDER BY r.id`

// openStatusesSQL and doneStatusSQL are repair.OpenStatuses and
// repair.RepairDone as SQL literals, as the partial indexes
// repairs_open_place_idx and repairs_done_idx spell them: with literals
// the prepared statement's generic plan can use those indexes, so
// PostgreSQL can keep that plan instead of planning the statement again
// on every tick for every school (planning cost as much as executing it).
var (
	openStatusesSQL     = quoteList(statusStrings(repair.OpenStatuses))
	doneStatusSQL       = quoteList([]string{string(repair.RepairDone)})
	unclosedStatusesSQL = quoteList(statusStrings(repair.UnclosedStatuses))
	finishedStatusesSQL = quoteList(finishedStatuses)
	inHandStatusesSQL   = quoteList(statusStrings(repair.InHandStatuses))
)

// statusStrings are a status type's values as strings, for quoteList.
func statusStrings[S ~string](ss []S) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = string(s)
	}
	return out
}

// RepairsPending implements repair's pending capability (see
// repairsPendingSQL).
func (t *Tx) RepairsPending(ctx context.Context, schoolID int64, now, until, doneBefore time.Time, late time.Duration, keyPrefix string) ([]repair.Repair, error) {
	var rows []repairRow
	err := sqlx.SelectContext(ctx, t.q, &rows, repairsPendingSQL, schoolID, until, doneBefore, keyPrefix, now, late.Seconds())
	if err != nil {
		return nil, wrap("repairs pending", err)
	}
	return repairList(rows), nil
}

// ExplainRepairsPending returns EXPLAIN (ANALYZE, BUFFERS) of the repair
// job's read, for the idle benchmark. ANALYZE runs the statement, so its
// settle CTE marks what a tick would have marked.
func (d *DB) ExplainRepairsPending(ctx context.Context, schoolID int64, now, until, doneBefore time.Time, late time.Duration) (string, error) {
	var lines []string
	err := sqlx.SelectContext(ctx, d.db, &lines, "EXPLAIN (ANALYZE, BUFFERS) "+repairsPendingSQL, schoolID, until, doneBefore,
		"repair:", now, late.Seconds())
	return strings.Join(lines, "\n"), wrap("explain repairs pending", err)
}

// RepairsWaiting implements repair.Store.
func (t *Tx) RepairsWaiting(ctx context.Context, schoolID int64, until, doneBefore time.Time) ([]repair.Repair, error) {
	var rows []repairRow
	err := sqlx.SelectContext(ctx, t.q, &rows, repairsWaitingSQL, schoolID, until, doneBefore, textArray(repair.OpenStatuses), string(repair.RepairDone))
	if err != nil {
		return nil, wrap("repairs waiting", err)
	}
	return repairList(rows), nil
}

// Route is one row of a school's routing table.
type Route struct {
	ID       int64  `db:"id" json:"id"`
	SchoolID int64  `db:"school_id" json:"school_id"`
	Trade    string `db:"trade" json:"trade"`
	Building string `db:"building" json:"building"`
	WorkerID int64  `db:"worker_id" json:"worker_id"`
	Worker   string `db:"worker" json:"worker"`
	Priority int    `db:"priority" json:"priority"`
	Active   bool   `db:"active" json:"active"`
}

// AddRoute adds (or reactivates) a route: repairs of trade in building ("" =
// any) go to worker at priority.
func (t *Tx) AddRoute(ctx context.Context, schoolID int64, trade flows.Trade, building string, workerID int64, priority int) (Route, error) {
	var r Route
	err := sqlx.GetContext(ctx, t.q, &r, `
		WITH ins AS (
			INSERT INTO routes (school_id, trade, building, worker_id, priority) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (school_id, trade, building, worker_id) DO UPDATE SET priority = EXCLUDED.priority, active = true
			RETURNING id, school_id, trade, building, worker_id, priority, active
		)
		SELECT ins.*, s.name AS worker FROM ins JOIN staff s ON s.id = ins.worker_id`,
		schoolID, string(trade), building, workerID, priority)
	return r, wrap("add route", err)
}

// Routes lists a school's active routes.
func (t *Tx) Routes(ctx context.Context, schoolID int64) ([]Route, error) {
	var rs []Route
	err := sqlx.SelectContext(ctx, t.q, &rs, `
		SELECT r.id, r.school_id, r.trade, r.building, r.worker_id, r.priority, r.active, s.name AS worker
		FROM routes r JOIN staff s ON s.id = r.worker_id
		WHERE r.school_id = $1 AND r.active ORDER BY r.trade, r.building DESC, r.priority, r.id`, schoolID)
	return rs, wrap("routes", err)
}

// RemoveRoute deactivates a route.
func (t *Tx) RemoveRoute(ctx context.Context, id int64) error {
	res, err := t.q.ExecContext(ctx, `UPDATE routes SET active = false WHERE id = $1`, id)
	return affectedOne("remove route", res, err)
}

// AddDuty puts a staff member on duty for repairs from starts to ends for
// trade ("" = every trade).
func (t *Tx) AddDuty(ctx context.Context, schoolID, staffID int64, trade flows.Trade, starts, ends time.Time, note string) (int64, error) {
	return t.AddDutyFor(ctx, schoolID, staffID, DutyRepair, trade, starts, ends, note)
}

// The purposes of a duty (duty_roster.purpose).
const (
	DutyRepair = "repair" // routes repairs to the person on duty first
	DutyCheck  = "check"  // does the checks of plans assigned to 值班
	DutyAway   = "away"   // 请假: routing passes the person by (repair.AwayStore)
)

// AddDutyFor puts a staff member on duty for purpose (DutyRepair or
// DutyCheck) from starts to ends; a check duty has no trade (ErrInvalid).
func (t *Tx) AddDutyFor(ctx context.Context, schoolID, staffID int64, purpose string, trade flows.Trade, starts, ends time.Time, note string) (int64, error) {
	var id int64
	err := sqlx.GetContext(ctx, t.q, &id, `
		INSERT INTO duty_roster (school_id, staff_id, purpose, trade, starts_at, ends_at, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, schoolID, staffID, purpose, string(trade), starts, ends, note)
	return id, wrap("add duty", err)
}

// CheckDuty implements inspection.Store: the active staff on check duty
// at any time from from to to.
func (t *Tx) CheckDuty(ctx context.Context, schoolID int64, from, to time.Time) ([]int64, error) {
	var ids []int64
	err := sqlx.SelectContext(ctx, t.q, &ids, `
		SELECT DISTINCT d.staff_id FROM duty_roster d JOIN staff s ON s.id = d.staff_id
		WHERE d.school_id = $1 AND d.purpose = 'check' AND d.starts_at < $3 AND $2 < d.ends_at AND s.active
		ORDER BY d.staff_id`, schoolID, from, to)
	return ids, wrap("check duty", err)
}

// AddAway implements repair.AwayStore: an absence is a row of the duty
// roster for DutyAway, with no trade.
func (t *Tx) AddAway(ctx context.Context, schoolID, staffID int64, starts, ends time.Time, note string) (int64, error) {
	return t.AddDutyFor(ctx, schoolID, staffID, DutyAway, "", starts, ends, note)
}

// EndAway implements repair.AwayStore: the staff member's absences under
// way at at end at at.
func (t *Tx) EndAway(ctx context.Context, staffID int64, at time.Time) (int, error) {
	res, err := t.q.ExecContext(ctx, `
		UPDATE duty_roster SET ends_at = $2
		WHERE staff_id = $1 AND purpose = $3 AND starts_at < $2 AND ends_at > $2`, staffID, at, DutyAway)
	if err != nil {
		return 0, wrap("end away", err)
	}
	n, err := res.RowsAffected()
	return int(n), wrap("end away", err)
}

// Aways implements repair.AwayStore: the school's absences that end after
// since, earliest first.
func (t *Tx) Aways(ctx context.Context, schoolID int64, since time.Time) ([]repair.Away, error) {
	var rows []struct {
		ID       int64     `db:"id"`
		SchoolID int64     `db:"school_id"`
		StaffID  int64     `db:"staff_id"`
		Name     string    `db:"name"`
		Starts   time.Time `db:"starts_at"`
		Ends     time.Time `db:"ends_at"`
		Note     string    `db:"note"`
	}
	err := sqlx.SelectContext(ctx, t.q, &rows, `
		SELECT d.id, d.school_id, d.staff_id, s.name, d.starts_at, d.ends_at, d.note
		FROM duty_roster d JOIN staff s ON s.id = d.staff_id
		WHERE d.school_id = $1 AND d.purpose = $3 AND d.ends_at > $2
		ORDER BY d.starts_at, d.id`, schoolID, since, DutyAway)
	if err != nil {
		return nil, wrap("aways", err)
	}
	out := make([]repair.Away, len(rows))
	for i, r := range rows {
		out[i] = repair.Away{ID: r.ID, SchoolID: r.SchoolID, StaffID: r.StaffID, Name: r.Name, Starts: r.Starts, Ends: r.Ends, Note: r.Note}
	}
	return out, nil
}

// RepairEvents returns a repair's audit trail.
func (t *Tx) RepairEvents(ctx context.Context, repairID int64) ([]repair.RepairEvent, error) {
	var rows []struct {
		RepairID int64     `db:"repair_id"`
		At       time.Time `db:"at"`
		ActorID  *int64    `db:"actor_id"`
		Kind     string    `db:"kind"`
		From     string    `db:"from_status"`
		To       string    `db:"to_status"`
		Note     string    `db:"note"`
		Photo    string    `db:"photo"`
	}
	err := sqlx.SelectContext(ctx, t.q, &rows, `
		SELECT repair_id, at, actor_id, kind, from_status, to_status, note, photo
		FROM repair_events WHERE repair_id = $1 ORDER BY at, id`, repairID)
	if err != nil {
		return nil, wrap("repair events", err)
	}
	out := make([]repair.RepairEvent, len(rows))
	for i, r := range rows {
		out[i] = repair.RepairEvent{RepairID: r.RepairID, At: r.At, ActorID: deref(r.ActorID), Kind: repair.EventKind(r.Kind),
			From: repair.RepairStatus(r.From), To: repair.RepairStatus(r.To), Note: r.Note, Photo: r.Photo}
	}
	return out, nil
}

// RepairByRef returns a school's repair by its reference.
func (t *Tx) RepairByRef(ctx context.Context, schoolID int64, ref string) (repair.Repair, error) {
	var r repairRow
	if err := sqlx.GetContext(ctx, t.q, &r, repairSelect+` WHERE r.school_id = $1 AND r.ref = $2`, schoolID, ref); err != nil {
		return repair.Repair{}, wrap("repair "+ref, err)
	}
	return r.repair(), nil
}

// Seen reports whether an inbound dedup key was handled already.
func (t *Tx) Seen(ctx context.Context, ch flows.Channel, key string) (bool, error) {
	var n int
	err := sqlx.GetContext(ctx, t.q, &n, `SELECT count(*) FROM inbound WHERE channel = $1 AND dedup_key = $2`, string(ch), key)
	return n > 0, wrap("seen", err)
}

// Counts returns the number of rows of a school's main records, for the
// demo's closing summary and for tests.
func (t *Tx) Counts(ctx context.Context, schoolID int64) (map[string]int, error) {
	out := map[string]int{}
	for name, q := range map[string]string{
		"repairs":       `SELECT count(*) FROM repairs WHERE school_id = $1`,
		"repair_events": `SELECT count(*) FROM repair_events WHERE school_id = $1`,
		"outbox":        `SELECT count(*) FROM outbox WHERE school_id = $1`,
		"staff":         `SELECT count(*) FROM staff WHERE school_id = $1`,
		"locations":     `SELECT count(*) FROM locations WHERE school_id = $1`,
		"visits":        `SELECT count(*) FROM visits WHERE school_id = $1`,
		"samples":       `SELECT count(*) FROM sample_batches WHERE school_id = $1`,
		"meals":         `SELECT count(*) FROM accompanied_meals WHERE school_id = $1`,
	} {
		var n int
		if err := sqlx.GetContext(ctx, t.q, &n, q, schoolID); err != nil {
			return nil, wrap("counts", err)
		}
		out[name] = n
	}
	return out, nil
}

var _ repair.Store = (*Tx)(nil)
var _ repair.AwayStore = (*Tx)(nil)

// repairsReportedSQL is RepairsReported's query.
var repairsReportedSQL = repairSelect + `
		WHERE r.school_id = $1 AND r.reported_at >= $2 AND r.reported_at < $3
		ORDER BY r.id`

// RepairsReported implements repair.ReportedReader.
func (t *Tx) RepairsReported(ctx context.Context, schoolID int64, from, to time.Time) ([]repair.Repair, error) {
	var rows []repairRow
	if err := sqlx.SelectContext(ctx, t.q, &rows, repairsReportedSQL, schoolID, from, to); err != nil {
		return nil, wrap("repairs reported", err)
	}
	return repairList(rows), nil
}

var _ repair.ReportedReader = (*Tx)(nil)
