package store

import (
	"context"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/inspection"
)

var _ inspection.Store = (*Tx)(nil)

// Plans.

type planRow struct {
	ID            int64     `db:"id"`
	SchoolID      int64     `db:"school_id"`
	Name          string    `db:"name"`
	Schedule      string    `db:"schedule"`
	AssignKind    string    `db:"assign_kind"`
	AssignStaffID *int64    `db:"assign_staff_id"`
	AssignRole    string    `db:"assign_role"`
	AssignName    string    `db:"assign_name"`
	Equipment     string    `db:"equipment"`
	Active        bool      `db:"active"`
	CreatedAt     time.Time `db:"created_at"`
}

func (r planRow) plan() (inspection.Plan, error) {
	s, err := inspection.ParseSchedule(r.Schedule)
	if err != nil {
		return inspection.Plan{}, fmt.Errorf("store: plan %d: %w", r.ID, err)
	}
	return inspection.Plan{ID: r.ID, SchoolID: r.SchoolID, Name: r.Name, Schedule: s, Equipment: r.Equipment, Active: r.Active,
		CreatedAt: r.CreatedAt, Assignee: inspection.Assignee{Kind: inspection.AssignKind(r.AssignKind),
			StaffID: deref(r.AssignStaffID), Role: flows.Role(r.AssignRole), Name: r.AssignName}}, nil
}

type itemRow struct {
	PlanID     int64  `db:"plan_id"`
	Seq        int    `db:"seq"`
	Text       string `db:"text"`
	Place      string `db:"place"`
	LocationID *int64 `db:"location_id"`
}

const planSelect = `
	SELECT p.id, p.school_id, p.name, p.schedule, p.assign_kind, p.assign_staff_id, p.assign_role,
	       coalesce(s.name, '') AS assign_name, p.equipment, p.active, p.created_at
	FROM inspection_plans p
	LEFT JOIN staff s ON s.id = p.assign_staff_id`

// plans loads plans with their items.
func (t *Tx) plans(ctx context.Context, where string, args ...any) ([]inspection.Plan, error) {
	var rows []planRow
	if err := sqlx.SelectContext(ctx, t.q, &rows, planSelect+" "+where+" ORDER BY p.id", args...); err != nil {
		return nil, wrap("plans", err)
	}
	if len(rows) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var items []itemRow
	if err := sqlx.SelectContext(ctx, t.q, &items, itemSelect+`
		WHERE plan_id = ANY($1) ORDER BY plan_id, seq`, pq.Int64Array(ids)); err != nil {
		return nil, wrap("plan items", err)
	}
	return assemblePlans(rows, items)
}

const itemSelect = `SELECT plan_id, seq, text, place, location_id FROM inspection_items`

// assemblePlans makes plans of their rows and their items' rows (ordered
// by plan and seq).
func assemblePlans(rows []planRow, items []itemRow) ([]inspection.Plan, error) {
	byPlan := map[int64][]inspection.Item{}
	for _, it := range items {
		byPlan[it.PlanID] = append(byPlan[it.PlanID], inspection.Item{Seq: it.Seq, Text: it.Text, Place: it.Place, LocationID: deref(it.LocationID)})
	}
	out := make([]inspection.Plan, len(rows))
	for i, r := range rows {
		p, err := r.plan()
		if err != nil {
			return nil, err
		}
		p.Items = byPlan[r.ID]
		out[i] = p
	}
	return out, nil
}

// Plans implements inspection.Store, from the directory cache when this
// transaction has read the school's directory version.
func (t *Tx) Plans(ctx context.Context, schoolID int64) ([]inspection.Plan, error) {
	if ps, ok, err := t.cachedPlans(ctx, schoolID); ok || err != nil {
		return ps, err
	}
	return t.plans(ctx, "WHERE p.school_id = $1 AND p.active", schoolID)
}

// ListPlans lists a school's plans, with the inactive ones when all is set.
func (t *Tx) ListPlans(ctx context.Context, schoolID int64, all bool) ([]inspection.Plan, error) {
	return t.plans(ctx, "WHERE p.school_id = $1 AND (p.active OR $2)", schoolID, all)
}

// Plan implements inspection.Store.
func (t *Tx) Plan(ctx context.Context, id int64) (inspection.Plan, error) {
	ps, err := t.plans(ctx, "WHERE p.id = $1", id)
	if err != nil {
		return inspection.Plan{}, err
	}
	if len(ps) == 0 {
		return inspection.Plan{}, fmt.Errorf("store: plan %d: %w", id, flows.ErrNotFound)
	}
	return ps[0], nil
}

// SavePlan inserts p, or replaces the school's plan of the same name (its
// schedule, assignee, equipment and every item), and makes it active. It
// reports whether the plan is new; p.ID is set.
func (t *Tx) SavePlan(ctx context.Context, p *inspection.Plan, at time.Time) (bool, error) {
	var row struct {
		ID  int64 `db:"id"`
		New bool  `db:"new"`
	}
	err := sqlx.GetContext(ctx, t.q, &row, `
		INSERT INTO inspection_plans (school_id, name, schedule, assign_kind, assign_staff_id, assign_role, equipment,
			active, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, true, $8, $8)
		ON CONFLICT (school_id, name) DO UPDATE SET schedule = EXCLUDED.schedule, assign_kind = EXCLUDED.assign_kind,
			assign_staff_id = EXCLUDED.assign_staff_id, assign_role = EXCLUDED.assign_role,
			equipment = EXCLUDED.equipment, active = true, updated_at = EXCLUDED.updated_at
		RETURNING id, (xmax = 0) AS new`,
		p.SchoolID, p.Name, p.Schedule.String(), string(p.Assignee.Kind), nullID(p.Assignee.StaffID), string(p.Assignee.Role),
		p.Equipment, at)
	if err != nil {
		return false, wrap("save plan "+p.Name, err)
	}
	p.ID = row.ID
	if _, err := t.q.ExecContext(ctx, `DELETE FROM inspection_items WHERE plan_id = $1`, p.ID); err != nil {
		return false, wrap("save plan items", err)
	}
	for _, it := range p.Items {
		if _, err := t.q.ExecContext(ctx, `
			INSERT INTO inspection_items (plan_id, school_id, seq, text, place, location_id)
			VALUES ($1, $2, $3, $4, $5, $6)`, p.ID, p.SchoolID, it.Seq, it.Text, it.Place, nullID(it.LocationID)); err != nil {
			return false, wrap("save plan items", err)
		}
	}
	return row.New, nil
}

// DeactivatePlan takes a plan out of service; its checks and hazards stay.
func (t *Tx) DeactivatePlan(ctx context.Context, id int64, at time.Time) error {
	res, err := t.q.ExecContext(ctx, `UPDATE inspection_plans SET active = false, updated_at = $2 WHERE id = $1`, id, at)
	return affectedOne(fmt.Sprintf("deactivate plan %d", id), res, err)
}

// Checks.

type checkRow struct {
	ID            int64      `db:"id"`
	SchoolID      int64      `db:"school_id"`
	PlanID        int64      `db:"plan_id"`
	WindowKey     string     `db:"window_key"`
	Opens         time.Time  `db:"opens"`
	Closes        time.Time  `db:"closes"`
	LocationID    *int64     `db:"location_id"`
	InspectorID   *int64     `db:"inspector_id"`
	Status        string     `db:"status"`
	StartedAt     *time.Time `db:"started_at"`
	DoneAt        *time.Time `db:"done_at"`
	PlanName      string     `db:"plan_name"`
	LocationName  string     `db:"location_name"`
	InspectorName string     `db:"inspector_name"`
}

func (r checkRow) check() inspection.Check {
	return inspection.Check{ID: r.ID, SchoolID: r.SchoolID, PlanID: r.PlanID, WindowKey: r.WindowKey, Opens: r.Opens,
		Closes: r.Closes, LocationID: deref(r.LocationID), InspectorID: deref(r.InspectorID),
		Status: inspection.CheckStatus(r.Status), StartedAt: deref(r.StartedAt), DoneAt: deref(r.DoneAt),
		PlanName: r.PlanName, LocationName: r.LocationName, InspectorName: r.InspectorName}
}

const checkSelect = `
	SELECT c.id, c.school_id, c.plan_id, c.window_key, c.opens, c.closes, c.location_id, c.inspector_id, c.status,
	       c.started_at, c.done_at, p.name AS plan_name, coalesce(l.building || l.room, '') AS location_name,
	       coalesce(s.name, '') AS inspector_name
	FROM inspection_checks c
	JOIN inspection_plans p ON p.id = c.plan_id
	LEFT JOIN locations l ON l.id = c.location_id
	LEFT JOIN staff s ON s.id = c.inspector_id`

func (t *Tx) checks(ctx context.Context, what, where string, args ...any) ([]inspection.Check, error) {
	var rows []checkRow
	if err := sqlx.SelectContext(ctx, t.q, &rows, checkSelect+" "+where, args...); err != nil {
		return nil, wrap(what, err)
	}
	out := make([]inspection.Check, len(rows))
	for i, r := range rows {
		out[i] = r.check()
	}
	return out, nil
}

// checksClosingWhere is ChecksClosingAfter's condition, its school, time
// and open status the parameters named (ChecksAndHazardsOf numbers them
// differently).
func checksClosingWhere(school, after, open string) string {
	return `WHERE c.school_id = ` + school + ` AND (c.closes > ` + after + ` OR c.status = ` + open + `)`
}

// ChecksClosingAfter implements inspection.Store.
func (t *Tx) ChecksClosingAfter(ctx context.Context, schoolID int64, after time.Time) ([]inspection.Check, error) {
	return t.checks(ctx, "checks closing", checksClosingWhere("$1", "$2", "$3")+` ORDER BY c.id`,
		schoolID, after, string(inspection.CheckOpen))
}

// ChecksBetween implements inspection.ReportStore.
func (t *Tx) ChecksBetween(ctx context.Context, schoolID int64, from, to time.Time) ([]inspection.Check, error) {
	return t.checks(ctx, "checks between", `
		WHERE c.school_id = $1 AND c.closes >= $2 AND c.closes < $3 ORDER BY c.closes, c.id`, schoolID, from, to)
}

// Check implements inspection.Store.
func (t *Tx) Check(ctx context.Context, id int64) (inspection.Check, error) {
	var r checkRow
	if err := sqlx.GetContext(ctx, t.q, &r, checkSelect+` WHERE c.id = $1 FOR UPDATE OF c`, id); err != nil {
		return inspection.Check{}, wrap(fmt.Sprintf("check %d", id), err)
	}
	return r.check(), nil
}

// EachCheckRecord streams a school's checks whose window closed in [from,
// to), one record per item result (one for a check without results), for
// the 安全检查记录, in the order they were done (a missed check when its
// window closed).
func (t *Tx) EachCheckRecord(ctx context.Context, schoolID int64, from, to time.Time, fn func(inspection.CheckRecord) error) error {
	rows, err := t.q.QueryxContext(ctx, `
		SELECT c.id, c.school_id, c.plan_id, c.window_key, c.opens, c.closes, c.location_id, c.inspector_id, c.status,
		       c.started_at, c.done_at, p.name AS plan_name, coalesce(l.building || l.room, '') AS location_name,
		       coalesce(s.name, '') AS inspector_name,
		       coalesce(r.seq, 0) AS seq, coalesce(r.item, '') AS item, coalesce(r.ok, false) AS ok, r.hazard_id,
		       coalesce(z.ref, '') AS hazard_ref, coalesce(z.place, '') AS hazard_place,
		       coalesce(z.description, '') AS hazard_desc, coalesce(z.photo, '') AS hazard_photo
		FROM inspection_checks c
		JOIN inspection_plans p ON p.id = c.plan_id
		LEFT JOIN locations l ON l.id = c.location_id
		LEFT JOIN staff s ON s.id = c.inspector_id
		LEFT JOIN inspection_results r ON r.check_id = c.id
		LEFT JOIN hazards z ON z.id = r.hazard_id
		WHERE c.school_id = $1 AND c.closes >= $2 AND c.closes < $3
		ORDER BY coalesce(c.done_at, c.closes), c.id, r.seq`, schoolID, from, to)
	if err != nil {
		return wrap("check records", err)
	}
	defer rows.Close()
	var r struct {
		checkRow
		Seq         int    `db:"seq"`
		Item        string `db:"item"`
		OK          bool   `db:"ok"`
		HazardID    *int64 `db:"hazard_id"`
		HazardRef   string `db:"hazard_ref"`
		HazardPlace string `db:"hazard_place"`
		HazardDesc  string `db:"hazard_desc"`
		HazardPhoto string `db:"hazard_photo"`
	}
	for rows.Next() {
		r.checkRow, r.HazardID = checkRow{}, nil
		if err := rows.StructScan(&r); err != nil {
			return wrap("check records", err)
		}
		rec := inspection.CheckRecord{Check: r.check(), HazardRef: r.HazardRef, HazardPlace: r.HazardPlace,
			HazardDesc: r.HazardDesc, HazardPhoto: r.HazardPhoto}
		if r.Seq > 0 {
			rec.Result = inspection.Result{CheckID: r.ID, Seq: r.Seq, Item: r.Item, OK: r.OK, HazardID: deref(r.HazardID)}
		}
		if err := fn(rec); err != nil {
			return err
		}
	}
	return wrap("check records", rows.Err())
}

// CheckAt implements inspection.Store.
func (t *Tx) CheckAt(ctx context.Context, planID int64, windowKey string, locationID int64) (inspection.Check, error) {
	var r checkRow
	err := sqlx.GetContext(ctx, t.q, &r, checkSelect+`
		WHERE c.plan_id = $1 AND c.window_key = $2 AND coalesce(c.location_id, 0) = $3 FOR UPDATE OF c`, planID, windowKey, locationID)
	if err != nil {
		return inspection.Check{}, wrap(fmt.Sprintf("check of plan %d window %s", planID, windowKey), err)
	}
	return r.check(), nil
}

// CreateCheck implements inspection.Store.
func (t *Tx) CreateCheck(ctx context.Context, c *inspection.Check) error {
	at := c.StartedAt
	if at.IsZero() {
		at = c.Closes
	}
	err := sqlx.GetContext(ctx, t.q, &c.ID, `
		INSERT INTO inspection_checks (school_id, plan_id, window_key, opens, closes, location_id, inspector_id, status,
			started_at, done_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
		ON CONFLICT DO NOTHING
		RETURNING id`,
		c.SchoolID, c.PlanID, c.WindowKey, c.Opens, c.Closes, nullID(c.LocationID), nullID(c.InspectorID), string(c.Status),
		nullTime(c.StartedAt), nullTime(c.DoneAt), at)
	if err != nil {
		if mapErr(err) == flows.ErrNotFound { // ON CONFLICT DO NOTHING returned no row
			return fmt.Errorf("store: check of plan %d window %s: %w", c.PlanID, c.WindowKey, flows.ErrConflict)
		}
		return wrap("create check", err)
	}
	return nil
}

// UpdateCheck implements inspection.Store.
func (t *Tx) UpdateCheck(ctx context.Context, c inspection.Check) error {
	at := c.DoneAt
	if at.IsZero() {
		at = maxTime(c.StartedAt, c.Closes)
	}
	res, err := t.q.ExecContext(ctx, `
		UPDATE inspection_checks SET inspector_id = $2, status = $3, started_at = $4, done_at = $5, updated_at = $6
		WHERE id = $1`, c.ID, nullID(c.InspectorID), string(c.Status), nullTime(c.StartedAt), nullTime(c.DoneAt), at)
	return affectedOne(fmt.Sprintf("update check %d", c.ID), res, err)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// SaveResult implements inspection.Store.
func (t *Tx) SaveResult(ctx context.Context, schoolID int64, r inspection.Result) error {
	_, err := t.q.ExecContext(ctx, `
		INSERT INTO inspection_results (check_id, school_id, seq, item, ok, hazard_id) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (check_id, seq) DO UPDATE SET item = EXCLUDED.item, ok = EXCLUDED.ok, hazard_id = EXCLUDED.hazard_id`,
		r.CheckID, schoolID, r.Seq, r.Item, r.OK, nullID(r.HazardID))
	return wrap("save result", err)
}

type resultRow struct {
	CheckID  int64  `db:"check_id"`
	Seq      int    `db:"seq"`
	Item     string `db:"item"`
	OK       bool   `db:"ok"`
	HazardID *int64 `db:"hazard_id"`
}

func (r resultRow) result() inspection.Result {
	return inspection.Result{CheckID: r.CheckID, Seq: r.Seq, Item: r.Item, OK: r.OK, HazardID: deref(r.HazardID)}
}

// Results implements inspection.Store.
func (t *Tx) Results(ctx context.Context, checkID int64) ([]inspection.Result, error) {
	var rows []resultRow
	if err := sqlx.SelectContext(ctx, t.q, &rows, `
		SELECT check_id, seq, item, ok, hazard_id FROM inspection_results WHERE check_id = $1 ORDER BY seq`, checkID); err != nil {
		return nil, wrap("results", err)
	}
	out := make([]inspection.Result, len(rows))
	for i, r := range rows {
		out[i] = r.result()
	}
	return out, nil
}

// Hazards.

type hazardRow struct {
	ID              int64      `db:"id"`
	SchoolID        int64      `db:"school_id"`
	Ref             string     `db:"ref"`
	CheckID         *int64     `db:"check_id"`
	ItemSeq         int        `db:"item_seq"`
	LocationID      *int64     `db:"location_id"`
	Place           string     `db:"place"`
	Description     string     `db:"description"`
	Photo           string     `db:"photo"`
	Level           string     `db:"level"`
	Status          string     `db:"status"`
	FinderID        int64      `db:"finder_id"`
	ResponsibleID   int64      `db:"responsible_id"`
	RepairID        *int64     `db:"repair_id"`
	FoundAt         time.Time  `db:"found_at"`
	DueAt           time.Time  `db:"due_at"`
	FixedAt         *time.Time `db:"fixed_at"`
	FixedBy         *int64     `db:"fixed_by"`
	FixPhoto        string     `db:"fix_photo"`
	FixNote         string     `db:"fix_note"`
	RecheckedAt     *time.Time `db:"rechecked_at"`
	RecheckedBy     *int64     `db:"rechecked_by"`
	RecheckNote     string     `db:"recheck_note"`
	Reopens         int        `db:"reopens"`
	FinderName      string     `db:"finder_name"`
	ResponsibleName string     `db:"responsible_name"`
	RecheckerName   string     `db:"rechecker_name"`
	PlanName        string     `db:"plan_name"`
	Item            string     `db:"item"`
	RepairRef       string     `db:"repair_ref"`
}

func (r hazardRow) hazard() inspection.Hazard {
	return inspection.Hazard{ID: r.ID, SchoolID: r.SchoolID, Ref: r.Ref, CheckID: deref(r.CheckID), ItemSeq: r.ItemSeq,
		LocationID: deref(r.LocationID), Place: r.Place, Description: r.Description, Photo: r.Photo,
		Level: inspection.Level(r.Level), Status: inspection.HazardStatus(r.Status), FinderID: r.FinderID,
		ResponsibleID: r.ResponsibleID, RepairID: deref(r.RepairID), FoundAt: r.FoundAt, DueAt: r.DueAt,
		FixedAt: deref(r.FixedAt), FixedBy: deref(r.FixedBy), FixPhoto: r.FixPhoto, FixNote: r.FixNote,
		RecheckedAt: deref(r.RecheckedAt), RecheckedBy: deref(r.RecheckedBy), RecheckNote: r.RecheckNote,
		Reopens: r.Reopens, FinderName: r.FinderName, ResponsibleName: r.ResponsibleName,
		RecheckerName: r.RecheckerName, PlanName: r.PlanName, Item: r.Item, RepairRef: r.RepairRef}
}

const hazardSelect = `
	SELECT h.id, h.school_id, h.ref, h.check_id, h.item_seq, h.location_id, h.place, h.description, h.photo, h.level,
	       h.status, h.finder_id, h.responsible_id, h.repair_id, h.found_at, h.due_at, h.fixed_at, h.fixed_by,
	       h.fix_photo, h.fix_note, h.rechecked_at, h.rechecked_by, h.recheck_note, h.reopens,
	       f.name AS finder_name, r.name AS responsible_name, coalesce(rc.name, '') AS rechecker_name,
	       coalesce(p.name, '') AS plan_name, coalesce(it.text, '') AS item, coalesce(rp.ref, '') AS repair_ref
	FROM hazards h
	JOIN staff f ON f.id = h.finder_id
	JOIN staff r ON r.id = h.responsible_id
	LEFT JOIN staff rc ON rc.id = h.rechecked_by
	LEFT JOIN inspection_checks c ON c.id = h.check_id
	LEFT JOIN inspection_plans p ON p.id = c.plan_id
	LEFT JOIN inspection_items it ON it.plan_id = c.plan_id AND it.seq = h.item_seq
	LEFT JOIN repairs rp ON rp.id = h.repair_id`

func (t *Tx) hazards(ctx context.Context, what, where string, args ...any) ([]inspection.Hazard, error) {
	var rows []hazardRow
	if err := sqlx.SelectContext(ctx, t.q, &rows, hazardSelect+" "+where, args...); err != nil {
		return nil, wrap(what, err)
	}
	out := make([]inspection.Hazard, len(rows))
	for i, r := range rows {
		out[i] = r.hazard()
	}
	return out, nil
}

// ChecksAndHazardsOf implements inspection.Store: ChecksClosingAfter's
// and HazardsOf's queries in one statement, their rows as JSON. The
// checks' subquery runs only when withChecks is set. After ExpectMine,
// the claim read them for the arguments 「我的」 asks with (minePrefetch),
// and they are answered from that.
func (t *Tx) ChecksAndHazardsOf(ctx context.Context, schoolID, staffID int64, closingAfter time.Time, withChecks bool, limit int) ([]inspection.Check, []inspection.Hazard, error) {
	var row struct {
		Checks  []byte `db:"checks"`
		Hazards []byte `db:"hazards"`
	}
	var ok bool
	if row.Checks, row.Hazards, ok = t.takeMineLists(schoolID, staffID, closingAfter, withChecks, limit); !ok {
		if err := sqlx.GetContext(ctx, t.q, &row, `
			SELECT CASE WHEN $6 THEN (
			           SELECT coalesce(json_agg(c ORDER BY c.id), '[]') FROM (`+checkSelect+`
			               `+checksClosingWhere("$1", "$2", "$3")+`) AS c)
			       END AS checks,
			       (SELECT coalesce(json_agg(h ORDER BY h.due_at, h.id), '[]') FROM (`+hazardSelect+`
			           `+hazardsOfWhere("$4", "$5")+`) AS h) AS hazards`,
			schoolID, closingAfter, string(inspection.CheckOpen), staffID, limit, withChecks); err != nil {
			return nil, nil, wrap("checks and hazards", err)
		}
	}
	var checks []inspection.Check
	if withChecks {
		rows, err := decodeRows[checkRow](row.Checks)
		if err != nil {
			return nil, nil, fmt.Errorf("store: checks: %w", err)
		}
		checks = make([]inspection.Check, len(rows))
		for i, r := range rows {
			checks[i] = r.check()
		}
	}
	rows, err := decodeRows[hazardRow](row.Hazards)
	if err != nil {
		return nil, nil, fmt.Errorf("store: hazards: %w", err)
	}
	hazards := make([]inspection.Hazard, len(rows))
	for i, r := range rows {
		hazards[i] = r.hazard()
	}
	return checks, hazards, nil
}

// mineLimit is how many hazards inspection's Mine lists; the lists read
// with the claim answer only a read of that many.
const mineLimit = inspection.MineHazards

// mineLists returns the claim's two columns of 「我的」's inspection lists
// (ExpectMine), as JSON, for the account the claim found (x): the open
// checks of its school closing after at, which inspection's Mine shows
// only to someone who owes a check (for anyone else they are read and
// dropped, a few rows of one school), and the account's hazards. Their
// arguments are appended to args. Only these two lists go with the claim:
// repair's list with them made the claim a statement that PostgreSQL
// planned afresh on every message once a school had a year of history
// (Round 10), and building JSON of its wide rows cost more than the
// statement it saved (Round 11); these are small and read by the
// account's own school and id, which the claim has found.
func mineLists(args []any, at time.Time) (string, []any) {
	args = append(args, at, string(inspection.CheckOpen))
	n := len(args)
	key := [2]int{n - 1, n}
	if q, ok := mineListsSQL.Load(key); ok {
		return q.(string), args
	}
	q, _ := mineListsSQL.LoadOrStore(key, `CASE WHEN x.id IS NOT NULL THEN (SELECT coalesce(json_agg(c ORDER BY c.id), '[]')
			FROM (`+checkSelect+` `+checksClosingWhere("x.school_id", "$"+strconv.Itoa(n-1), "$"+strconv.Itoa(n))+`) AS c) END AS mine_checks,
		CASE WHEN x.id IS NOT NULL THEN (SELECT coalesce(json_agg(h ORDER BY h.due_at, h.id), '[]')
			FROM (`+hazardSelect+` `+hazardsOfWhere("x.id", strconv.Itoa(mineLimit))+`) AS h) END AS mine_hazards`)
	return q.(string), args
}

// mineListsSQL caches mineLists' text by its placeholders (the claim with
// and without a callback nonce).
var mineListsSQL sync.Map

// minePrefetch is 「我的」's inspection lists read with the claim
// (ExpectMine), for the first ChecksAndHazardsOf of the staff member they
// were read for. They were read in the claim's snapshot, which is as
// current as the session read with it: the claim's guard (an unchanged
// identity row between the snapshot and the lock) holds, or they are
// dropped. The engine asks for them only for a turn that writes nothing
// before its Miners read (flows.MineExpecter), so the transaction's own
// writes cannot be missing either; others' commits after the snapshot are
// missed as they would be by a message that came a moment earlier.
type minePrefetch struct {
	staff, school int64
	at            time.Time // the checks' closingAfter
	checks        []byte    // with hazards: nil once used
	hazards       []byte
}

// ExpectMine implements flows.MineExpecter: inside DB.InTx, with Expect,
// the next ClaimInbound also reads 「我的」's inspection lists as of at.
func (t *Tx) ExpectMine(at time.Time) {
	if t.turn != nil {
		t.turn.mineAt = &at
	}
}

// takeMineLists returns the lists read with the claim for these
// ChecksAndHazardsOf arguments, once: the checks as read whatever
// withChecks (the caller drops them without), and ok=false when there is
// nothing read ahead for them.
func (t *Tx) takeMineLists(schoolID, staffID int64, closingAfter time.Time, withChecks bool, limit int) (checks, hazards []byte, ok bool) {
	if t.turn == nil || t.turn.mine == nil {
		return nil, nil, false
	}
	m := t.turn.mine
	if m.hazards == nil || m.staff != staffID || m.school != schoolID || limit != mineLimit ||
		withChecks && !m.at.Equal(closingAfter) {
		return nil, nil, false
	}
	checks, hazards = m.checks, m.hazards
	m.checks, m.hazards = nil, nil
	return checks, hazards, true
}

// NextHazardRef implements inspection.Store.
func (t *Tx) NextHazardRef(ctx context.Context, schoolID int64, day time.Time) (string, error) {
	var n int
	err := sqlx.GetContext(ctx, t.q, &n, `
		INSERT INTO hazard_counters (school_id, day, n) VALUES ($1, $2, 1)
		ON CONFLICT (school_id, day) DO UPDATE SET n = hazard_counters.n + 1
		RETURNING n`, schoolID, day.Format("2006-01-02"))
	if err != nil {
		return "", wrap("next hazard ref", err)
	}
	return inspection.FormatRef(day, n), nil
}

// CreateHazard implements inspection.Store.
func (t *Tx) CreateHazard(ctx context.Context, h *inspection.Hazard, ev inspection.HazardEvent) error {
	err := sqlx.GetContext(ctx, t.q, &h.ID, `
		INSERT INTO hazards (school_id, ref, check_id, item_seq, location_id, place, description, photo, level, status,
			finder_id, responsible_id, repair_id, found_at, due_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $14)
		RETURNING id`,
		h.SchoolID, h.Ref, nullID(h.CheckID), h.ItemSeq, nullID(h.LocationID), h.Place, h.Description, h.Photo,
		string(h.Level), string(h.Status), h.FinderID, h.ResponsibleID, nullID(h.RepairID), h.FoundAt, h.DueAt)
	if err != nil {
		return wrap("create hazard", err)
	}
	ev.HazardID = h.ID
	return t.addHazardEvent(ctx, h.SchoolID, ev)
}

func (t *Tx) addHazardEvent(ctx context.Context, schoolID int64, ev inspection.HazardEvent) error {
	_, err := t.q.ExecContext(ctx, `
		INSERT INTO hazard_events (school_id, hazard_id, at, actor_id, kind, from_status, to_status, note)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		schoolID, ev.HazardID, ev.At, nullID(ev.ActorID), string(ev.Kind), string(ev.From), string(ev.To), ev.Note)
	return wrap("hazard event", err)
}

// Hazard implements inspection.Store.
func (t *Tx) Hazard(ctx context.Context, id int64) (inspection.Hazard, error) {
	var r hazardRow
	if err := sqlx.GetContext(ctx, t.q, &r, hazardSelect+` WHERE h.id = $1 FOR UPDATE OF h`, id); err != nil {
		return inspection.Hazard{}, wrap(fmt.Sprintf("hazard %d", id), err)
	}
	return r.hazard(), nil
}

// UpdateHazard implements inspection.Store.
func (t *Tx) UpdateHazard(ctx context.Context, h inspection.Hazard, ev inspection.HazardEvent) error {
	res, err := t.q.ExecContext(ctx, `
		UPDATE hazards SET status = $2, responsible_id = $3, repair_id = $4, due_at = $5, fixed_at = $6, fixed_by = $7,
			fix_photo = $8, fix_note = $9, rechecked_at = $10, rechecked_by = $11, recheck_note = $12, reopens = $13,
			updated_at = $14
		WHERE id = $1`,
		h.ID, string(h.Status), h.ResponsibleID, nullID(h.RepairID), h.DueAt, nullTime(h.FixedAt), nullID(h.FixedBy),
		h.FixPhoto, h.FixNote, nullTime(h.RecheckedAt), nullID(h.RecheckedBy), h.RecheckNote, h.Reopens, ev.At)
	if err := affectedOne(fmt.Sprintf("update hazard %s", h.Ref), res, err); err != nil {
		return err
	}
	ev.HazardID = h.ID
	return t.addHazardEvent(ctx, h.SchoolID, ev)
}

// HazardsOf implements inspection.Store.
func (t *Tx) HazardsOf(ctx context.Context, staffID int64, limit int) ([]inspection.Hazard, error) {
	return t.hazards(ctx, "hazards of", hazardsOfWhere("$1", "$2"), staffID, limit)
}

// unclosedHazardSQL lists the hazard statuses other than closed (the
// table's CHECK allows open, fixed and closed) as SQL literals.
var unclosedHazardSQL = quoteList(statusStrings([]inspection.HazardStatus{inspection.HazardOpen, inspection.HazardFixed}))

// hazardsOfWhere is HazardsOf's condition, order and limit, its staff
// member and limit the parameters named. The unclosed statuses are
// literals, so that the finder's and the responsible person's indexes
// (finder_id, status) and (responsible_id, status) read only the unclosed
// ones: with "status <> $n" the generic plan a message's transaction runs
// scanned the whole hazards table, every school's, on every 「我的」
// (TestHazardReadsUnderGenericPlans: 11,100 hazards, 272 buffers).
//
// The re-checks waiting for the staff member are listed too (p20lead: the
// leaders' 「我的」 showed none), as inspection's mayRecheck allows them:
// any rectified hazard for the 总务主任, a finder's own rectification for
// the 分管领导 and the 校长, never one's own. Their school and roles are
// read once (an InitPlan); for anyone else the school is NULL and the
// third arm reads no row of the (school_id, due_at) index of unclosed
// hazards.
func hazardsOfWhere(staff, limit string) string {
	return `WHERE ((h.finder_id = ` + staff + ` OR h.responsible_id = ` + staff + `) AND h.status IN (` + unclosedHazardSQL + `)
		OR h.status = ` + fixedHazardSQL + ` AND h.fixed_by <> ` + staff + `
			AND h.school_id = (SELECT me.school_id FROM staff me WHERE me.id = ` + staff + ` AND me.roles && ARRAY[` + recheckRolesSQL + `]::text[])
			AND (h.fixed_by = h.finder_id OR EXISTS (SELECT 1 FROM staff me WHERE me.id = ` + staff + ` AND ` + headRoleSQL + ` = ANY (me.roles))))
		ORDER BY h.due_at, h.id LIMIT ` + limit
}

// fixedHazardSQL, recheckRolesSQL and headRoleSQL are hazardsOfWhere's
// literals: the rectified status, the roles that may re-check what they
// did not find, and the 总务主任's.
var (
	fixedHazardSQL  = quoteList(statusStrings([]inspection.HazardStatus{inspection.HazardFixed}))
	recheckRolesSQL = quoteList([]string{string(flows.RoleHead), string(flows.RoleLeader), string(flows.RolePrincipal)})
	headRoleSQL     = quoteList([]string{string(flows.RoleHead)})
)

// HazardsWaiting implements inspection.Store.
func (t *Tx) HazardsWaiting(ctx context.Context, schoolID int64, until time.Time) ([]inspection.Hazard, error) {
	return t.hazards(ctx, "hazards waiting", `
		WHERE h.school_id = $1 AND (h.status = $2 AND (h.due_at < $3 OR h.repair_id IS NOT NULL) OR h.status = $4)
		ORDER BY h.due_at, h.id`, schoolID, string(inspection.HazardOpen), until, string(inspection.HazardFixed))
}

// HazardsFound implements inspection.ReportStore.
func (t *Tx) HazardsFound(ctx context.Context, schoolID int64, from, to time.Time) ([]inspection.Hazard, error) {
	return t.hazards(ctx, "hazards found", `
		WHERE h.school_id = $1 AND h.found_at >= $2 AND h.found_at < $3 ORDER BY h.found_at, h.id`, schoolID, from, to)
}

// OpenHazards implements inspection.ReportStore.
func (t *Tx) OpenHazards(ctx context.Context, schoolID int64) ([]inspection.Hazard, error) {
	return t.hazards(ctx, "open hazards", `
		WHERE h.school_id = $1 AND h.status <> $2 ORDER BY h.found_at, h.id`, schoolID, string(inspection.HazardClosed))
}

// LevelRules implements inspection.Store.
func (t *Tx) LevelRules(ctx context.Context, schoolID int64) (inspection.LevelRules, error) {
	var rows []struct {
		Level string `db:"level"`
		Hours int    `db:"due_hours"`
	}
	if err := sqlx.SelectContext(ctx, t.q, &rows, `SELECT level, due_hours FROM hazard_rules WHERE school_id = $1`, schoolID); err != nil {
		return nil, wrap("hazard rules", err)
	}
	out := inspection.LevelRules{}
	for _, r := range rows {
		out[inspection.Level(r.Level)] = r.Hours
	}
	return out, nil
}

// SetLevelRule sets a level's deadline in hours; 0 restores 整改不留宿.
func (t *Tx) SetLevelRule(ctx context.Context, schoolID int64, l inspection.Level, hours int) error {
	if hours == 0 {
		_, err := t.q.ExecContext(ctx, `DELETE FROM hazard_rules WHERE school_id = $1 AND level = $2`, schoolID, string(l))
		return wrap("hazard rule", err)
	}
	_, err := t.q.ExecContext(ctx, `
		INSERT INTO hazard_rules (school_id, level, due_hours) VALUES ($1, $2, $3)
		ON CONFLICT (school_id, level) DO UPDATE SET due_hours = EXCLUDED.due_hours`, schoolID, string(l), hours)
	return wrap("hazard rule", err)
}

// Equipment.

type equipmentRow struct {
	ID           int64      `db:"id"`
	SchoolID     int64      `db:"school_id"`
	Kind         string     `db:"kind"`
	Code         string     `db:"code"`
	LocationID   *int64     `db:"location_id"`
	Place        string     `db:"place"`
	Expires      *time.Time `db:"expires"`
	Active       bool       `db:"active"`
	LocationName string     `db:"location_name"`
}

func (r equipmentRow) equipment() inspection.Equipment {
	e := inspection.Equipment{ID: r.ID, SchoolID: r.SchoolID, Kind: r.Kind, Code: r.Code, LocationID: deref(r.LocationID),
		Place: r.Place, Active: r.Active}
	if e.Place == "" {
		e.Place = r.LocationName
	}
	if r.Expires != nil {
		y, m, d := r.Expires.Date()
		e.Expires = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	return e
}

// Equipment implements inspection.Store.
func (t *Tx) Equipment(ctx context.Context, schoolID int64, kind string) ([]inspection.Equipment, error) {
	return t.equipment(ctx, "AND ($2 = '' OR e.kind = $2)", schoolID, kind)
}

// EquipmentExpiring implements inspection.Store.
func (t *Tx) EquipmentExpiring(ctx context.Context, schoolID int64, before time.Time) ([]inspection.Equipment, error) {
	return t.equipment(ctx, "AND e.expires <= $2", schoolID, before.Format("2006-01-02"))
}

func (t *Tx) equipment(ctx context.Context, where string, args ...any) ([]inspection.Equipment, error) {
	var rows []equipmentRow
	if err := sqlx.SelectContext(ctx, t.q, &rows, `
		SELECT e.id, e.school_id, e.kind, e.code, e.location_id, e.place, e.expires, e.active,
		       coalesce(l.building || l.room, '') AS location_name
		FROM equipment e LEFT JOIN locations l ON l.id = e.location_id
		WHERE e.school_id = $1 AND e.active `+where+`
		ORDER BY e.expires NULLS LAST, e.kind, e.code`, args...); err != nil {
		return nil, wrap("equipment", err)
	}
	out := make([]inspection.Equipment, len(rows))
	for i, r := range rows {
		out[i] = r.equipment()
	}
	return out, nil
}

// SaveEquipment inserts e, or updates the school's item of the same kind
// and code (its place and expiry), and makes it active. It reports
// whether the item is new; e.ID is set.
func (t *Tx) SaveEquipment(ctx context.Context, e *inspection.Equipment) (bool, error) {
	var expires *string
	if !e.Expires.IsZero() {
		d := e.Expires.Format("2006-01-02")
		expires = &d
	}
	var row struct {
		ID  int64 `db:"id"`
		New bool  `db:"new"`
	}
	err := sqlx.GetContext(ctx, t.q, &row, `
		INSERT INTO equipment (school_id, kind, code, location_id, place, expires, active)
		VALUES ($1, $2, $3, $4, $5, $6, true)
		ON CONFLICT (school_id, kind, code) DO UPDATE SET location_id = EXCLUDED.location_id, place = EXCLUDED.place,
			expires = EXCLUDED.expires, active = true
		RETURNING id, (xmax = 0) AS new`, e.SchoolID, e.Kind, e.Code, nullID(e.LocationID), e.Place, expires)
	if err != nil {
		return false, wrap("save equipment "+e.Code, err)
	}
	e.ID = row.ID
	return row.New, nil
}
