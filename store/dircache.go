package store

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/flows/lexicon"
)

// The directory cache: per school, the school row, its active locations
// and all its staff, each kept with the schools.dir_version it was read at.
// Every change to a school's directory bumps that version in the same
// transaction (triggers, migration 00020). A transaction serves a read from
// the cache only for a school whose version it has itself read from the
// database (in the message's first directory statement, see
// StaffByIdentity), and only when the cached piece was read at exactly that
// version; otherwise it reads the database and caches what it read,
// together with the version that same statement saw. The cache is thus an
// optimisation only: a process that never saw a change, or a second
// instance, still reads the current directory, and a transaction sees the
// directory as of its first statement.
type dirCache struct {
	mu      sync.Mutex
	schools map[int64]*schoolDir
}

type schoolDir struct {
	school    cached[flows.School]
	locations cached[[]flows.Location]  // active, ORDER BY building, room
	staff     cached[[]flows.Staff]     // all, active or not, ORDER BY id
	lexicon   cached[[]lexicon.Entry]   // the school's own words (migration 00030 versions them)
	plans     cached[[]inspection.Plan] // active safety-check plans with their items (migration 00034)
}

type cached[T any] struct {
	ok      bool
	version int64
	v       T
}

func newDirCache() *dirCache { return &dirCache{schools: map[int64]*schoolDir{}} }

func (c *dirCache) get(schoolID int64) *schoolDir {
	d := c.schools[schoolID]
	if d == nil {
		d = &schoolDir{}
		c.schools[schoolID] = d
	}
	return d
}

// turnState is what one transaction (DB.InTx) knows beyond the database:
// the directory versions it read, the chat account it locked, and the
// writes it defers to its last statement.
type turnState struct {
	known map[int64]int64 // school id → dir_version read in this transaction

	locked      bool // this transaction holds the identity row of (lockedCh, lockedExt)
	lockedCh    flows.Channel
	lockedExt   string
	lockedStaff int64

	expected  bool                 // Expect was called: ClaimInbound reads the account too
	nonce     *flows.CallbackNonce // ExpectNonce was called: ClaimInbound records it
	expectCh  flows.Channel
	expectExt string
	prefetch  *prefetched // what that ClaimInbound read, for the first StaffByIdentity
	// noticeFrom is that read too, kept for LatestNotice (which comes
	// after StaffByIdentity has spent prefetch).
	noticeFrom *prefetched
	fresh      *flows.Session // the session it read, for the first Session after that

	touch   *pendingTouch
	session *flows.Session
	outbox  []pendingNotice
	finish  *pendingFinish

	claimed []string // job keys this transaction claimed, cached once it commits

	route *routeAhead // ExpectRoute's announcement, for OpenFaultsAt and RouteCandidates

	hint   *routeHint   // HintRoute's guess, written with the turn's session
	assent bool         // ExpectAssent was called: ClaimInbound reads the session's hint
	hinted *hintedReads // what that ClaimInbound read, until the next statement

	mineAt *time.Time    // ExpectMine was called: ClaimInbound reads 「我的」's inspection lists as of then
	mine   *minePrefetch // what that ClaimInbound read, when current

	repair     *pendingRepair // CreateNumbered's row, written by the next statement
	pendingErr error          // why writing it failed (turnQ), reported by DB.InTx
}

// routeExpected is the route announcement OpenFaultsAt of school should
// read the candidates of, or nil (none, another school's, or read already).
func (s *turnState) routeExpected(school int64) *routeAhead {
	if s == nil || s.route == nil || s.route.read || s.route.school != school {
		return nil
	}
	return s.route
}

// prefetched is StaffByIdentity's answer read by ClaimInbound: the active
// staff member bound to (ch, ext), with the identity row locked, or none.
type prefetched struct {
	ch      flows.Channel
	ext     string
	found   bool
	staff   flows.Staff
	version int64
	session *flows.Session // read under the lock and known current, or nil
	// notice is LatestNotice's answer for session's NoticeMark, read in
	// the same statement (valid only with session); hasNotice says one
	// was found.
	notice    flows.Notice
	hasNotice bool
}

type pendingTouch struct {
	ch  flows.Channel
	ext string
	at  time.Time
}

// version returns the directory version of a school this transaction has
// read, if it has.
func (t *Tx) version(schoolID int64) (int64, bool) {
	if t.dir == nil || t.turn == nil {
		return 0, false
	}
	v, ok := t.turn.known[schoolID]
	return v, ok
}

func (t *Tx) sawVersion(schoolID, v int64) {
	if t.turn == nil {
		return
	}
	if t.turn.known == nil {
		t.turn.known = map[int64]int64{}
	}
	t.turn.known[schoolID] = v
}

// cachedSchool returns the school from the cache, reading it (and caching
// it) when the cache is not at the transaction's version.
func (t *Tx) cachedSchool(ctx context.Context, id int64) (flows.School, error) {
	want, ok := t.version(id)
	if !ok {
		return getSchool(ctx, t.q, id)
	}
	t.dir.mu.Lock()
	c := t.dir.get(id).school
	t.dir.mu.Unlock()
	if c.ok && c.version == want {
		return c.v, nil
	}
	var r struct {
		schoolRow
		Version int64 `db:"dir_version"`
	}
	if err := sqlx.GetContext(ctx, t.q, &r, `SELECT `+schoolCols+`, dir_version FROM schools WHERE id = $1`, id); err != nil {
		return flows.School{}, wrap("school", err)
	}
	s, err := r.school()
	if err != nil {
		return s, err
	}
	t.dir.mu.Lock()
	t.dir.get(id).school = cached[flows.School]{ok: true, version: r.Version, v: s}
	t.dir.mu.Unlock()
	return s, nil
}

// cloneStaff copies a cached staff member deep enough that a caller may
// change it (its roles and trades are slices).
func cloneStaff(s flows.Staff) flows.Staff {
	s.Roles, s.Trades = slices.Clone(s.Roles), slices.Clone(s.Trades)
	return s
}

// sharedLocations is the school's active locations: the slice may be the
// cache's own, which nobody may change (flows.Directory.Locations says so
// to every caller). Copying a district-sized school's 300 rooms for every
// caller, as Locations did until Round 14, was 1.8% of the bench's CPU
// profile and about 31 KB of every message's allocation (see
// Tx.Locations); LocationByID copied them too once (2.3%).
func (t *Tx) sharedLocations(ctx context.Context, schoolID int64) ([]flows.Location, error) {
	want, ok := t.version(schoolID)
	if !ok {
		return listLocations(ctx, t.q, schoolID, false)
	}
	t.dir.mu.Lock()
	c := t.dir.get(schoolID).locations
	t.dir.mu.Unlock()
	if c.ok && c.version == want {
		return c.v, nil
	}
	var rows []struct {
		locationRow
		Version int64 `db:"dir_version"`
	}
	if err := sqlx.SelectContext(ctx, t.q, &rows, `
		SELECT l.id, l.school_id, l.building, l.floor, l.room, l.aliases, l.owner_id, l.active, s.dir_version
		FROM schools s LEFT JOIN locations l ON l.school_id = s.id AND l.active
		WHERE s.id = $1 ORDER BY l.building, l.room`, schoolID); err != nil {
		return nil, wrap("locations", err)
	}
	var out []flows.Location
	var version int64
	for _, r := range rows {
		version = r.Version
		if r.locationRow.ID != 0 {
			out = append(out, r.location())
		}
	}
	// Clipped, so that a caller's append copies instead of writing
	// past the end of the cache's array.
	out = slices.Clip(out)
	if len(rows) > 0 {
		t.dir.mu.Lock()
		t.dir.get(schoolID).locations = cached[[]flows.Location]{ok: true, version: version, v: out}
		t.dir.mu.Unlock()
	}
	return out, nil
}

// cachedStaff returns every staff member of the school, by id: the
// cache's own list, which nobody may change (see cloneStaff).
func (t *Tx) cachedStaff(ctx context.Context, schoolID int64) ([]flows.Staff, bool, error) {
	want, ok := t.version(schoolID)
	if !ok {
		return nil, false, nil
	}
	t.dir.mu.Lock()
	c := t.dir.get(schoolID).staff
	t.dir.mu.Unlock()
	if c.ok && c.version == want {
		return c.v, true, nil
	}
	var rows []struct {
		staffRow
		Version int64 `db:"dir_version"`
	}
	if err := sqlx.SelectContext(ctx, t.q, &rows, `
		SELECT s.id, s.school_id, s.name, s.roles, s.trades, s.phone, s.active, sc.dir_version
		FROM schools sc JOIN staff s ON s.school_id = sc.id
		WHERE sc.id = $1 ORDER BY s.id`, schoolID); err != nil {
		return nil, false, wrap("staff", err)
	}
	if len(rows) == 0 {
		return nil, false, nil
	}
	out := make([]flows.Staff, len(rows))
	for i, r := range rows {
		out[i] = r.staff()
	}
	t.dir.mu.Lock()
	t.dir.get(schoolID).staff = cached[[]flows.Staff]{ok: true, version: rows[0].Version, v: out}
	t.dir.mu.Unlock()
	return out, true, nil
}

// cachedLexicon returns the school's own words from the cache, reading
// (and caching) them when the cache is not at the transaction's version.
func (t *Tx) cachedLexicon(ctx context.Context, schoolID int64) ([]lexicon.Entry, bool, error) {
	want, ok := t.version(schoolID)
	if !ok {
		return nil, false, nil
	}
	t.dir.mu.Lock()
	c := t.dir.get(schoolID).lexicon
	t.dir.mu.Unlock()
	if c.ok && c.version == want {
		return slices.Clone(c.v), true, nil
	}
	var rows []struct {
		LexiconEntry
		Version int64 `db:"dir_version"`
	}
	if err := sqlx.SelectContext(ctx, t.q, &rows, `
		SELECT coalesce(e.id, 0) AS id, s.id AS school_id, coalesce(e.kind, '') AS kind, coalesce(e.word, '') AS word,
		       coalesce(e.value, '') AS value, coalesce(e.created_at, 'epoch') AS created_at, s.dir_version
		FROM schools s LEFT JOIN lexicon_entries e ON e.school_id = s.id
		WHERE s.id = $1 ORDER BY e.kind, e.word, e.id`, schoolID); err != nil {
		return nil, false, wrap("lexicon", err)
	}
	if len(rows) == 0 {
		return nil, false, nil
	}
	var out []lexicon.Entry
	for _, r := range rows {
		if r.LexiconEntry.ID != 0 {
			out = append(out, r.LexiconEntry.Entry())
		}
	}
	t.dir.mu.Lock()
	t.dir.get(schoolID).lexicon = cached[[]lexicon.Entry]{ok: true, version: rows[0].Version, v: out}
	t.dir.mu.Unlock()
	return slices.Clone(out), true, nil
}

// cachedPlans returns the school's active plans (as Plans reads them) from
// the cache, reading (and caching) them, in one statement with the
// version it saw, when the cache is not at the transaction's version.
func (t *Tx) cachedPlans(ctx context.Context, schoolID int64) ([]inspection.Plan, bool, error) {
	want, ok := t.version(schoolID)
	if !ok {
		return nil, false, nil
	}
	t.dir.mu.Lock()
	c := t.dir.get(schoolID).plans
	t.dir.mu.Unlock()
	if c.ok && c.version == want {
		return clonePlans(c.v), true, nil
	}
	// The plans and their items as JSON, with the version, in one
	// statement: its snapshot is the version's.
	var row struct {
		Version int64  `db:"dir_version"`
		Plans   []byte `db:"plans"`
		Items   []byte `db:"items"`
	}
	if err := sqlx.GetContext(ctx, t.q, &row, `
		SELECT sc.dir_version,
		       (SELECT coalesce(json_agg(x ORDER BY x.id), '[]') FROM (`+planSelect+`
		           WHERE p.school_id = sc.id AND p.active) AS x) AS plans,
		       (SELECT coalesce(json_agg(i ORDER BY i.plan_id, i.seq), '[]') FROM (`+itemSelect+`
		           WHERE plan_id IN (SELECT id FROM inspection_plans WHERE school_id = sc.id AND active)) AS i) AS items
		FROM schools sc WHERE sc.id = $1`, schoolID); err != nil {
		return nil, false, wrap("plans", err)
	}
	rows, err := decodeRows[planRow](row.Plans)
	if err != nil {
		return nil, false, fmt.Errorf("store: plans: %w", err)
	}
	items, err := decodeRows[itemRow](row.Items)
	if err != nil {
		return nil, false, fmt.Errorf("store: plan items: %w", err)
	}
	out, err := assemblePlans(rows, items)
	if err != nil {
		return nil, false, err
	}
	if len(out) == 0 {
		out = nil // as Plans reads none
	}
	t.dir.mu.Lock()
	t.dir.get(schoolID).plans = cached[[]inspection.Plan]{ok: true, version: row.Version, v: out}
	t.dir.mu.Unlock()
	return clonePlans(out), true, nil
}

// clonePlans copies plans deep enough that a caller may change them.
func clonePlans(ps []inspection.Plan) []inspection.Plan {
	if ps == nil {
		return nil
	}
	out := slices.Clone(ps)
	for i := range out {
		out[i].Items = slices.Clone(out[i].Items)
	}
	return out
}
