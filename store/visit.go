package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/visit"
)

var _ visit.Store = (*Tx)(nil)

type visitRow struct {
	ID            int64      `db:"id"`
	Ref           string     `db:"ref"`
	SchoolID      int64      `db:"school_id"`
	GuardID       int64      `db:"guard_id"`
	Name          string     `db:"name"`
	IDType        string     `db:"id_type"`
	IDCipher      []byte     `db:"id_cipher"`
	IDHash        string     `db:"id_hash"`
	IDMasked      string     `db:"id_masked"`
	IDNote        string     `db:"id_note"`
	Phone         string     `db:"phone"`
	Org           string     `db:"org"`
	Purpose       string     `db:"purpose"`
	PurposeNote   string     `db:"purpose_note"`
	HostID        int64      `db:"host_id"`
	Plate         string     `db:"plate"`
	Party         int        `db:"party"`
	Status        string     `db:"status"`
	ArrivedAt     time.Time  `db:"arrived_at"`
	DecidedAt     *time.Time `db:"decided_at"`
	DecidedBy     *int64     `db:"decided_by"`
	Decision      string     `db:"decision"`
	LeftAt        *time.Time `db:"left_at"`
	InsideAtClose bool       `db:"inside_at_close"`
	WatchNote     string     `db:"watch_note"`
	PurgedAt      *time.Time `db:"purged_at"`
	GuardName     string     `db:"guard_name"`
	HostName      string     `db:"host_name"`
}

func (r visitRow) visit() visit.Visit {
	return visit.Visit{
		ID: r.ID, Ref: r.Ref, SchoolID: r.SchoolID, GuardID: r.GuardID, GuardName: r.GuardName, Name: r.Name,
		IDType: visit.IDType(r.IDType), IDCipher: r.IDCipher, IDHash: r.IDHash, IDMasked: r.IDMasked,
		IDNote: r.IDNote,
		Phone:  r.Phone, Org: r.Org, Purpose: r.Purpose, PurposeNote: r.PurposeNote, HostID: r.HostID,
		HostName: r.HostName, Plate: r.Plate, Party: r.Party, Status: visit.VisitStatus(r.Status),
		ArrivedAt: r.ArrivedAt, DecidedAt: deref(r.DecidedAt), DecidedBy: deref(r.DecidedBy), Decision: r.Decision,
		LeftAt: deref(r.LeftAt), InsideAtClose: r.InsideAtClose, WatchNote: r.WatchNote, PurgedAt: deref(r.PurgedAt),
	}
}

func visitList(rows []visitRow) []visit.Visit {
	out := make([]visit.Visit, len(rows))
	for i, r := range rows {
		out[i] = r.visit()
	}
	return out
}

const visitSelect = `
	SELECT v.id, v.ref, v.school_id, v.guard_id, v.name, v.id_type, v.id_cipher, v.id_hash, v.id_masked, v.id_note, v.phone,
	       v.org, v.purpose, v.purpose_note, v.host_id, v.plate, v.party, v.status, v.arrived_at,
	       v.decided_at, v.decided_by, v.decision, v.left_at, v.inside_at_close, v.watch_note, v.purged_at,
	       g.name AS guard_name, h.name AS host_name
	FROM visits v
	JOIN staff g ON g.id = v.guard_id
	JOIN staff h ON h.id = v.host_id`

// CreateVisit implements visit.Store.
// The visit's daily reference counts the school's visits of the local day
// of its arrival (visit_counters, migration 00016).
func (t *Tx) CreateVisit(ctx context.Context, v *visit.Visit, ev visit.VisitEvent) error {
	var c struct {
		Day string `db:"day"`
		N   int    `db:"n"`
	}
	err := sqlx.GetContext(ctx, t.q, &c, `
		INSERT INTO visit_counters (school_id, day, n)
		SELECT s.id, ($2::timestamptz AT TIME ZONE s.timezone)::date, 1 FROM schools s WHERE s.id = $1
		ON CONFLICT (school_id, day) DO UPDATE SET n = visit_counters.n + 1
		RETURNING to_char(day, 'YYYYMMDD') AS day, n`, v.SchoolID, v.ArrivedAt)
	if err != nil {
		return wrap("create visit: next reference", err)
	}
	v.Ref = flows.DayRef(visit.RefPrefix, c.Day, c.N)
	err = sqlx.GetContext(ctx, t.q, &v.ID, `
		INSERT INTO visits (school_id, guard_id, name, id_type, id_cipher, id_hash, id_masked, phone, org,
			purpose, purpose_note, host_id, plate, party, status, arrived_at, watch_note, updated_at, ref, id_note)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $16, $18, $19)
		RETURNING id`,
		v.SchoolID, v.GuardID, v.Name, string(v.IDType), v.IDCipher, v.IDHash, v.IDMasked, v.Phone, v.Org,
		v.Purpose, v.PurposeNote, v.HostID, v.Plate, v.Party, string(v.Status), v.ArrivedAt, v.WatchNote, v.Ref, v.IDNote)
	if err != nil {
		return wrap("create visit", err)
	}
	ev.VisitID = v.ID
	return t.AddVisitEvent(ctx, ev)
}

// SetIDCipher implements visit.Store.
func (t *Tx) SetIDCipher(ctx context.Context, id int64, sealed []byte) error {
	res, err := t.q.ExecContext(ctx, `UPDATE visits SET id_cipher = $2 WHERE id = $1 AND purged_at IS NULL`, id, sealed)
	return affectedOne(fmt.Sprintf("seal visit %d", id), res, err)
}

// AddVisitEvent implements visit.Store.
func (t *Tx) AddVisitEvent(ctx context.Context, ev visit.VisitEvent) error {
	_, err := t.q.ExecContext(ctx, `
		INSERT INTO visit_events (school_id, visit_id, at, actor_id, kind, note)
		SELECT school_id, id, $2, $3, $4, $5 FROM visits WHERE id = $1`,
		ev.VisitID, ev.At, nullID(ev.ActorID), string(ev.Kind), ev.Note)
	return wrap("visit event", err)
}

// Visit implements visit.Store.
func (t *Tx) Visit(ctx context.Context, id int64) (visit.Visit, error) {
	var r visitRow
	if err := sqlx.GetContext(ctx, t.q, &r, visitSelect+` WHERE v.id = $1 FOR UPDATE OF v`, id); err != nil {
		return visit.Visit{}, wrap(fmt.Sprintf("visit %d", id), err)
	}
	return r.visit(), nil
}

// UpdateVisit implements visit.Store.
func (t *Tx) UpdateVisit(ctx context.Context, v visit.Visit, ev visit.VisitEvent) error {
	res, err := t.q.ExecContext(ctx, `
		UPDATE visits SET status = $2, decided_at = $3, decided_by = $4, decision = $5, left_at = $6,
			inside_at_close = $7, updated_at = $8
		WHERE id = $1`,
		v.ID, string(v.Status), nullTime(v.DecidedAt), nullID(v.DecidedBy), v.Decision, nullTime(v.LeftAt),
		v.InsideAtClose, ev.At)
	if err := affectedOne(fmt.Sprintf("update visit %d", v.ID), res, err); err != nil {
		return err
	}
	ev.VisitID = v.ID
	return t.AddVisitEvent(ctx, ev)
}

// visitsInsideSQL is VisitsInside's query. The statuses are literals,
// those of visits_open_idx (00003): as a parameter, the generic plan a
// message's transaction runs could not use that partial index and scanned
// every visit of every school (TestVisitReadsUnderGenericPlans: 10,950
// visits, 293 buffers, for nobody on campus).
var visitsInsideSQL = visitSelect + `
		WHERE v.school_id = $1 AND v.status IN (` + quoteList(statusStrings(visit.InsideStatuses)) + `) ORDER BY v.arrived_at, v.id`

// VisitsInside implements visit.Store.
func (t *Tx) VisitsInside(ctx context.Context, schoolID int64) ([]visit.Visit, error) {
	var rows []visitRow
	err := sqlx.SelectContext(ctx, t.q, &rows, visitsInsideSQL, schoolID)
	if err != nil {
		return nil, wrap("visits inside", err)
	}
	return visitList(rows), nil
}

// VisitsSince implements visit.Store (visits_arrived_idx).
func (t *Tx) VisitsSince(ctx context.Context, schoolID int64, since time.Time) ([]visit.Visit, error) {
	var rows []visitRow
	err := sqlx.SelectContext(ctx, t.q, &rows, visitSelect+`
		WHERE v.school_id = $1 AND v.arrived_at >= $2 ORDER BY v.id`, schoolID, since)
	if err != nil {
		return nil, wrap("visits since", err)
	}
	return visitList(rows), nil
}

// VisitsAwaitingHost implements visit.Store.
func (t *Tx) VisitsAwaitingHost(ctx context.Context, schoolID int64, before time.Time) ([]visit.Visit, error) {
	var rows []visitRow
	err := sqlx.SelectContext(ctx, t.q, &rows, visitSelect+`
		WHERE v.school_id = $1 AND v.status = $2 AND v.arrived_at <= $3 ORDER BY v.id`, schoolID, string(visit.VisitWaiting), before)
	if err != nil {
		return nil, wrap("visits awaiting host", err)
	}
	return visitList(rows), nil
}

// lastVisitBySQL is LastVisitBy's query. The visitor's kept visits are
// found by their ID hash and by their phone (visits_hash_idx and
// visits_phone_idx) in a materialised CTE and only then ordered by
// arrival: asked for the latest by arrival directly, the generic plan a
// message's transaction runs walked the school's kept visits backwards by
// arrival, filtering on hash and phone, and for a first-time visitor (the
// usual case) read every visit of the retention period
// (TestVisitReadsUnderGenericPlans: 5,400 visits, 189 buffers). A regular
// visitor now costs a read of their own kept visits.
var lastVisitBySQL = `WITH mine AS MATERIALIZED (
		SELECT m.id, m.arrived_at FROM visits m
		WHERE m.school_id = $1 AND m.purged_at IS NULL AND m.id_hash <> '' AND m.id_hash = ANY ($2)
		UNION
		SELECT m.id, m.arrived_at FROM visits m
		WHERE m.school_id = $1 AND m.purged_at IS NULL AND $3 <> '' AND m.phone <> '' AND m.phone = $3)` + visitSelect + `
		JOIN (SELECT id, arrived_at FROM mine ORDER BY arrived_at DESC, id DESC LIMIT 1) AS last ON last.id = v.id`

// LastVisitBy implements visit.Store.
func (t *Tx) LastVisitBy(ctx context.Context, schoolID int64, idHashes []string, phone string) (visit.Visit, error) {
	var r visitRow
	err := sqlx.GetContext(ctx, t.q, &r, lastVisitBySQL, schoolID, hashArray(idHashes), phone)
	if err != nil {
		return visit.Visit{}, wrap("last visit", err)
	}
	return r.visit(), nil
}

// watchedVisitsBySQL is WatchedVisitsBy's query: by phone through
// visits_phone_idx; by name among the school's kept visits, which a
// check-in asks once per name typed without an ID (VisitFlow.checkWatch).
var watchedVisitsBySQL = `WITH hit AS MATERIALIZED (
		SELECT m.id, m.arrived_at FROM visits m
		WHERE m.school_id = $1 AND m.purged_at IS NULL AND $2 <> '' AND m.phone <> '' AND m.phone = $2 AND m.watch_note <> ''
		UNION
		SELECT m.id, m.arrived_at FROM visits m
		WHERE m.school_id = $1 AND m.purged_at IS NULL AND $3 <> '' AND m.name = $3 AND m.watch_note <> '')` + visitSelect + `
		JOIN (SELECT id, arrived_at FROM hit ORDER BY arrived_at DESC, id DESC LIMIT 5) AS w ON w.id = v.id
		ORDER BY w.arrived_at DESC, w.id DESC`

// WatchedVisitsBy implements visit.Store.
func (t *Tx) WatchedVisitsBy(ctx context.Context, schoolID int64, phone, name string) ([]visit.Visit, error) {
	var rows []visitRow
	if err := sqlx.SelectContext(ctx, t.q, &rows, watchedVisitsBySQL, schoolID, phone, name); err != nil {
		return nil, wrap("watched visits", err)
	}
	return visitList(rows), nil
}

// VisitsInsideAtClose implements visit.Store.
func (t *Tx) VisitsInsideAtClose(ctx context.Context, schoolID int64, from, to time.Time) ([]visit.Visit, error) {
	var rows []visitRow
	err := sqlx.SelectContext(ctx, t.q, &rows, visitSelect+`
		WHERE v.school_id = $1 AND v.inside_at_close AND v.arrived_at >= $2 AND v.arrived_at < $3
		ORDER BY v.arrived_at, v.id`, schoolID, from, to)
	if err != nil {
		return nil, wrap("visits inside at close", err)
	}
	return visitList(rows), nil
}

type watchRow struct {
	ID       int64     `db:"id"`
	SchoolID int64     `db:"school_id"`
	Kind     string    `db:"kind"`
	Value    string    `db:"value"`
	Hash     string    `db:"hash"`
	Masked   string    `db:"masked"`
	Note     string    `db:"note"`
	AddedAt  time.Time `db:"added_at"`
}

func (r watchRow) entry() visit.WatchEntry {
	return visit.WatchEntry{ID: r.ID, SchoolID: r.SchoolID, Kind: visit.WatchKind(r.Kind), Value: r.Value,
		Hash: r.Hash, Masked: r.Masked, Note: r.Note, AddedAt: r.AddedAt}
}

func watchList(rows []watchRow) []visit.WatchEntry {
	out := make([]visit.WatchEntry, len(rows))
	for i, r := range rows {
		out[i] = r.entry()
	}
	return out
}

const watchCols = `id, school_id, kind, value, hash, masked, note, added_at`

// WatchMatches implements visit.Store.
func (t *Tx) WatchMatches(ctx context.Context, schoolID int64, idHashes []string, phone, name string) ([]visit.WatchEntry, error) {
	var rows []watchRow
	err := sqlx.SelectContext(ctx, t.q, &rows, `
		SELECT `+watchCols+` FROM watch_list
		WHERE school_id = $1 AND (
			(kind = $5 AND hash = ANY ($2)) OR
			(kind = $6 AND $3 <> '' AND value = $3) OR
			(kind = $7 AND $4 <> '' AND value = $4))
		ORDER BY id`, schoolID, hashArray(idHashes), phone, name, string(visit.WatchID), string(visit.WatchPhone), string(visit.WatchName))
	if err != nil {
		return nil, wrap("watch matches", err)
	}
	return watchList(rows), nil
}

// hashArray passes ID hashes as a text[] without "": a purged visit's
// hash is "", and must match nothing.
func hashArray(hashes []string) pq.StringArray {
	out := pq.StringArray{}
	for _, h := range hashes {
		if h != "" {
			out = append(out, h)
		}
	}
	return out
}

// PurgeVisits implements visit.Store. The name keeps its first character
// and becomes 张某, so the ledger still reads as a list of visitors; the
// plate keeps its province and office (京A*****); the phone, the sealed ID,
// its hash and the free-text purpose and document notes go. The masked ID, organisation,
// purpose, host, party size and times stay: that is what the ledger and
// the counts need.
//
// The notifications that copied any of it go in the same transaction:
// those about a purged visit (Ref), the gate's other notifications once
// they are past retention (visit.DayNotices DayNoticeLead early), and the
// undelivered notices that copied the text of any of these (fallback_of),
// whatever their own age. Their text and buttons are blanked; one still
// waiting for delivery is not sent any more (failed), and a worker that
// leased it before cannot queue an undelivered notice with the old text:
// its lease is gone.
func (t *Tx) PurgeVisits(ctx context.Context, schoolID int64, before, now time.Time) (int, error) {
	var ids []int64
	err := sqlx.SelectContext(ctx, t.q, &ids, `
		UPDATE visits SET
			name = CASE WHEN name = '' THEN '' ELSE left(name, 1) || '某' END,
			phone = '', id_cipher = NULL, id_hash = '', purpose_note = '', id_note = '',
			plate = CASE WHEN plate = '' THEN '' ELSE left(plate, 2) || '*****' END,
			purged_at = $3, updated_at = $3
		WHERE school_id = $1 AND arrived_at < $2 AND purged_at IS NULL
		RETURNING id`, schoolID, before, now)
	if err != nil {
		return 0, wrap("purge visits", err)
	}
	refs := make(pq.StringArray, len(ids))
	for i, id := range ids {
		refs[i] = visit.Ref(id)
	}
	if _, err := t.q.ExecContext(ctx, purgeNoticesSQL, purgeNoticesArgs(schoolID, before, refs)...); err != nil {
		return 0, wrap("purge visit notifications", err)
	}
	return len(ids), nil
}

// purgeNoticesSQL blanks the gate notifications past retention not
// blanked yet, those about the visits purged now (refs), and the
// undelivered copies of any gate notification past retention (its own
// text may have been blanked before copies were linked to it). Each branch
// reads a partial index of migration 00021 (the undelivered gate
// notifications, of 00033), which holds only the rows still to blank (or
// still pending), so a tick costs the same after years
// of history: the kinds and the blanked text are spelled as literals, as
// in the indexes' predicates, for the planner to match them. ($3, the
// day notices' cutoff, is later than $2, so created_at < $3 bounds the
// index range of the first branch.)
var purgeNoticesSQL = `
		WITH due AS (
			SELECT o.id FROM outbox o
			WHERE o.school_id = $1 AND o.kind IN (` + gateKindsSQL + `) AND o.body <> ` + purgedNoticeSQL + `
			  AND o.created_at < $3 AND (o.created_at < $2 OR o.kind = ANY ($6))
			UNION
			SELECT o.id FROM outbox o
			WHERE o.school_id = $1 AND o.kind IN (` + gateKindsSQL + `) AND o.ref = ANY ($7)
			  AND (o.body <> $4 OR o.status = 'pending')
			UNION
			SELECT o.id FROM outbox o
			WHERE o.status = 'pending' AND o.school_id = $1 AND o.kind IN (` + gateKindsSQL + `)
			  AND (o.created_at < $2 OR (o.kind = ANY ($6) AND o.created_at < $3))
			UNION
			SELECT f.id FROM outbox f JOIN outbox o ON o.id = f.fallback_of
			WHERE f.school_id = $1 AND f.fallback_of IS NOT NULL AND f.body <> ` + purgedNoticeSQL + `
			  AND o.kind = ANY ($5)
			  AND (o.ref = ANY ($7) OR o.created_at < $2 OR (o.kind = ANY ($6) AND o.created_at < $3))
			UNION
			SELECT f.id FROM outbox f JOIN outbox o ON o.id = f.fallback_of
			WHERE f.status = 'pending' AND f.school_id = $1 AND f.fallback_of IS NOT NULL
			  AND o.kind = ANY ($5)
			  AND (o.ref = ANY ($7) OR o.created_at < $2 OR (o.kind = ANY ($6) AND o.created_at < $3))
		)
		UPDATE outbox r SET body = $4, buttons = '[]',
			status = CASE WHEN r.status = 'pending' THEN 'failed' ELSE r.status END,
			last_error = CASE WHEN r.status = 'pending' THEN $8 ELSE r.last_error END,
			claimed_by = NULL, claimed_until = NULL
		WHERE r.id IN (SELECT id FROM due)`

// gateKindsSQL and purgedNoticeSQL are visit.Notices and
// visit.PurgedNotice as SQL literals, as migration 00021's partial indexes
// spell them.
var (
	gateKindsSQL    = quoteList(visit.Notices)
	purgedNoticeSQL = pq.QuoteLiteral(visit.PurgedNotice)
)

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = pq.QuoteLiteral(s)
	}
	return strings.Join(q, ", ")
}

func purgeNoticesArgs(schoolID int64, before time.Time, refs pq.StringArray) []any {
	return []any{schoolID, before, before.Add(visit.DayNoticeLead), visit.PurgedNotice,
		textArray(visit.Notices), textArray(visit.DayNotices), refs, purgedUnsent}
}

// ExplainPurgeVisits returns the EXPLAIN (ANALYZE, BUFFERS) of the visit
// purge's outbox statement for a school at before, for benchmarks. It runs
// in a transaction it rolls back, and reads no visits: refs is empty, as on
// a tick that purged none.
func (d *DB) ExplainPurgeVisits(ctx context.Context, schoolID int64, before, now time.Time) (string, error) {
	var lines []string
	err := d.inTx(ctx, func(tx *sqlx.Tx) error {
		if err := sqlx.SelectContext(ctx, tx, &lines, "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) "+purgeNoticesSQL,
			purgeNoticesArgs(schoolID, before, pq.StringArray{})...); err != nil {
			return err
		}
		return errRollback
	})
	if err != nil && err != errRollback {
		return "", wrap("explain purge", err)
	}
	return strings.Join(lines, "\n"), nil
}

var errRollback = errors.New("rollback")

// purgedUnsent is the last error of a gate notification that was still
// waiting for delivery when its personal data was purged.
const purgedUnsent = "not sent: the visitor's personal data was purged"

// AddWatch adds an entry to a school's watch list. Adding the same ID
// hash, phone or name twice returns ErrConflict.
func (t *Tx) AddWatch(ctx context.Context, w visit.WatchEntry) (visit.WatchEntry, error) {
	var r watchRow
	err := sqlx.GetContext(ctx, t.q, &r, `
		INSERT INTO watch_list (school_id, kind, value, hash, masked, note, added_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING `+watchCols,
		w.SchoolID, string(w.Kind), w.Value, w.Hash, w.Masked, w.Note, w.AddedAt)
	if err != nil {
		return visit.WatchEntry{}, wrap("add watch", err)
	}
	return r.entry(), nil
}

// Watches lists a school's watch list.
func (t *Tx) Watches(ctx context.Context, schoolID int64) ([]visit.WatchEntry, error) {
	var rows []watchRow
	if err := sqlx.SelectContext(ctx, t.q, &rows, `
		SELECT `+watchCols+` FROM watch_list WHERE school_id = $1 ORDER BY id`, schoolID); err != nil {
		return nil, wrap("watch list", err)
	}
	return watchList(rows), nil
}

// RemoveWatch deletes a watch-list entry; ErrNotFound for an unknown id.
func (t *Tx) RemoveWatch(ctx context.Context, id int64) error {
	res, err := t.q.ExecContext(ctx, `DELETE FROM watch_list WHERE id = $1`, id)
	return affectedOne(fmt.Sprintf("remove watch %d", id), res, err)
}

// VisitEvents lists a visit's audit trail, oldest first.
func (t *Tx) VisitEvents(ctx context.Context, visitID int64) ([]visit.VisitEvent, error) {
	var rows []struct {
		VisitID int64     `db:"visit_id"`
		At      time.Time `db:"at"`
		ActorID *int64    `db:"actor_id"`
		Kind    string    `db:"kind"`
		Note    string    `db:"note"`
	}
	if err := sqlx.SelectContext(ctx, t.q, &rows, `
		SELECT visit_id, at, actor_id, kind, note FROM visit_events WHERE visit_id = $1 ORDER BY at, id`, visitID); err != nil {
		return nil, wrap("visit events", err)
	}
	out := make([]visit.VisitEvent, len(rows))
	for i, r := range rows {
		out[i] = visit.VisitEvent{VisitID: r.VisitID, At: r.At, ActorID: deref(r.ActorID), Kind: visit.EventKind(r.Kind), Note: r.Note}
	}
	return out, nil
}

// VisitByID loads a visit outside a transaction, for tests and exports.
func (t *Tx) VisitByID(ctx context.Context, id int64) (visit.Visit, error) {
	var r visitRow
	if err := sqlx.GetContext(ctx, t.q, &r, visitSelect+` WHERE v.id = $1`, id); err != nil {
		return visit.Visit{}, wrap(fmt.Sprintf("visit %d", id), err)
	}
	return r.visit(), nil
}
