package store

import (
	"context"
	"crypto/hmac"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/houqin/houqin/flows"
)

// ClaimInbound implements flows.Conversations. The insert of a key another
// transaction holds uncommitted waits for that transaction, so concurrent
// deliveries of one message are handled one after the other.
//
// When the engine said whose message it is (Expect), the claim also reads
// and locks that account as StaffByIdentity would, in the same statement:
// the identity row is locked only once the key is claimed, as before.
func (t *Tx) ClaimInbound(ctx context.Context, ch flows.Channel, key string, at time.Time) ([]flows.Reply, bool, error) {
	if t.turn != nil && t.turn.expected && t.turn.expectCh == ch {
		t.turn.expected = false
		var r struct {
			Claimed int64          `db:"claimed"`
			ID      *int64         `db:"id"`
			School  *int64         `db:"school_id"`
			Name    *string        `db:"name"`
			Roles   pq.StringArray `db:"roles"`
			Trades  pq.StringArray `db:"trades"`
			Phone   *string        `db:"phone"`
			Version *int64         `db:"dir_version"`
			Locked  *string        `db:"locked_xmin"`
			Seen    *string        `db:"seen_xmin"`
			// The session's columns (null without a session): scanned,
			// not decoded from a to_jsonb of the row, which cost a JSON
			// encoding in PostgreSQL and a decoding here on every message.
			HasSession *bool      `db:"has_session"`
			SStaff     *int64     `db:"s_staff_id"`
			SFlow      *string    `db:"s_flow"`
			SState     *string    `db:"s_state"`
			SData      []byte     `db:"s_data"`
			SUpdated   *time.Time `db:"s_updated_at"`
			SOffer     []byte     `db:"s_offer"`
			SMark      *int64     `db:"s_notice_mark"`
			// The session's route hint (HintRoute) and, with
			// ExpectAssent, what the claim read for it (or null).
			SHintLoc   *int64  `db:"s_hint_location"`
			SHintTrade *string `db:"s_hint_trade"`
			SHintBldg  *string `db:"s_hint_building"`
			HintOpen   []byte  `db:"hint_open"`
			HintCands  []byte  `db:"hint_cands"`
			// 「我的」's inspection lists (ExpectMine), or null.
			MineChecks  []byte  `db:"mine_checks"`
			MineHazards []byte  `db:"mine_hazards"`
			Notice      []byte  `db:"notice"`
			NonceFP     *string `db:"nonce_fp"`
			Plans       string  `db:"plans"`
		}
		var want *string // the message's fingerprint, with a nonce
		// With a callback nonce, the nonce is claimed first in the same
		// statement (see claimNonceSQL) and the message only when the
		// nonce's first use carried this very message.
		args := append(make([]any, 0, 12), string(ch), key, at, t.turn.expectExt)
		shape := claimShape{}
		if n := t.turn.nonce; n != nil {
			t.turn.nonce = nil
			args = append(args, n.Nonce, n.Fingerprint, n.SignedAt)
			want = &n.Fingerprint
			shape.nonce = true
		}
		mineAt := t.turn.mineAt
		t.turn.mineAt = nil
		var mine string
		if mineAt != nil {
			mine, args = mineLists(args, *mineAt)
			shape.mine = true
		}
		assent := t.turn.assent
		t.turn.assent = false
		var hinted string
		if assent {
			hinted, args = hintedReadsSQL(args, at)
			shape.assent = true
		}
		// Scanned column by column in the SELECT's order: by name,
		// sqlx matched the 28 columns to their fields on every message
		// (reflectx's TraversalsByName, about 2% of the bench's CPU
		// profile with the rest of its per-query reflection).
		err := t.q.QueryRowxContext(ctx, claimSQL(shape, mine, hinted), args...).Scan(&r.NonceFP, &r.MineChecks, &r.MineHazards, &r.HintOpen, &r.HintCands,
			&r.Claimed, &r.Plans, &r.ID, &r.School, &r.Name, &r.Roles, &r.Trades, &r.Phone, &r.Version,
			&r.Locked, &r.HasSession, &r.SStaff, &r.SFlow, &r.SState, &r.SData, &r.SUpdated, &r.SOffer, &r.SMark, &r.Notice,
			&r.SHintLoc, &r.SHintTrade, &r.SHintBldg, &r.Seen)
		if err != nil {
			return nil, false, wrap("claim inbound", err)
		}
		if want != nil && (r.NonceFP == nil || !hmac.Equal([]byte(*r.NonceFP), []byte(*want))) {
			return nil, false, flows.ErrReplay
		}
		if r.Claimed == 1 {
			p := &prefetched{ch: ch, ext: t.turn.expectExt}
			if r.ID != nil {
				p.found = true
				p.version = *r.Version
				p.staff = staffRow{ID: *r.ID, SchoolID: *r.School, Name: *r.Name, Roles: r.Roles, Trades: r.Trades, Phone: *r.Phone, Active: true}.staff()
				// The session read with the lock is current only if nobody
				// changed the identity row between this statement's snapshot
				// and the lock: every session write changes the row too
				// (flush, SaveSession, binding), so an unchanged xmin means
				// an unchanged session. Otherwise Session reads it again.
				if r.Locked != nil && r.Seen != nil && *r.Locked == *r.Seen {
					sess := flows.Session{Channel: ch, ExternalID: t.turn.expectExt, StaffID: *r.ID}
					if r.HasSession != nil && *r.HasSession {
						sess = sessionRow{Channel: string(ch), ExternalID: t.turn.expectExt, StaffID: deref(r.SStaff),
							Flow: deref(r.SFlow), State: deref(r.SState), Data: r.SData, UpdatedAt: deref(r.SUpdated),
							Offer: r.SOffer, NoticeMark: deref(r.SMark)}.session()
					}
					p.session = &sess
					// 「我的」's lists read in the same snapshot are as
					// current as the session (see minePrefetch).
					if mineAt != nil && r.MineChecks != nil && r.MineHazards != nil {
						t.turn.mine = &minePrefetch{staff: *r.ID, school: *r.School, at: *mineAt,
							checks: r.MineChecks, hazards: r.MineHazards}
					}
					// So are a confirmation's reads for the session's
					// hint, until the next statement (hintedReads).
					if assent && r.SHintLoc != nil && r.HintOpen != nil && r.HintCands != nil {
						t.turn.hinted = &hintedReads{school: *r.School, location: *r.SHintLoc,
							trade: flows.Trade(deref(r.SHintTrade)), building: deref(r.SHintBldg), at: at,
							open: r.HintOpen, cands: r.HintCands}
					}
					// The latest notice after the session's mark, read
					// in the same statement (see LatestNotice). One
					// queued since was not delivered yet, so it cannot be
					// what this message answers.
					if len(r.Notice) > 0 && string(r.Notice) != "null" {
						n, err := noticeFromJSON(r.Notice)
						if err != nil {
							return nil, false, fmt.Errorf("store: claim inbound: notice: %w", err)
						}
						p.notice, p.hasNotice = n, len(n.Buttons) > 0
					}
				}
			}
			t.turn.prefetch, t.turn.noticeFrom = p, p
			return nil, false, nil
		}
		return t.storedReplies(ctx, ch, key)
	}
	if n := t.turn.takeNonce(); n != nil {
		var first string
		if err := sqlx.GetContext(ctx, t.q, &first, claimNonceSQL("$1", "$2", "$3", "$4"),
			string(ch), n.Nonce, n.Fingerprint, n.SignedAt); err != nil {
			return nil, false, wrap("claim inbound: nonce", err)
		}
		if !hmac.Equal([]byte(first), []byte(n.Fingerprint)) {
			return nil, false, flows.ErrReplay
		}
	}
	res, err := t.q.ExecContext(ctx, `
		INSERT INTO inbound (channel, dedup_key, received_at)
		SELECT $1, $2, $3 FROM (SELECT `+genericPlans+`) AS plans
		ON CONFLICT (channel, dedup_key) DO NOTHING`, string(ch), key, at)
	if err != nil {
		return nil, false, wrap("claim inbound", err)
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil, false, nil
	}
	return t.storedReplies(ctx, ch, key)
}

// claimShape is which of its optional parts a claim statement has: a
// callback nonce, 「我的」's lists (ExpectMine), a confirmation's reads
// (ExpectAssent). Each part adds its arguments in that order, so the
// shape alone fixes the statement's text.
type claimShape struct{ nonce, mine, assent bool }

// claimSQLs caches ClaimInbound's statement text by its shape: built on
// every message, its ~3 KB were a tenth of a message's allocations and
// were hashed and compared again by the statement cache (Round 25).
var claimSQLs sync.Map

// claimSQL returns the claim statement of this shape; mine and hinted are
// mineLists' and hintedReadsSQL's columns, which the shape's arguments
// fix too.
func claimSQL(shape claimShape, mine, hinted string) string {
	if q, ok := claimSQLs.Load(shape); ok {
		return q.(string)
	}
	with, nonceCol := `WITH c AS (
			INSERT INTO inbound (channel, dedup_key, received_at) VALUES ($1, $2, $3)
			ON CONFLICT (channel, dedup_key) DO NOTHING RETURNING 1
		)`, `NULL`
	if shape.nonce {
		with = `WITH n AS (` + claimNonceSQL("$1", "$5", "$6", "$7") + `), c AS (
			INSERT INTO inbound (channel, dedup_key, received_at)
			SELECT $1, $2, $3 WHERE (SELECT fingerprint FROM n) = $6
			ON CONFLICT (channel, dedup_key) DO NOTHING RETURNING 1
		)`
		nonceCol = `(SELECT fingerprint FROM n)`
	}
	if !shape.mine {
		mine = `NULL AS mine_checks, NULL AS mine_hazards`
	}
	if !shape.assent {
		hinted = `NULL AS hint_open, NULL AS hint_cands`
	}
	q, _ := claimSQLs.LoadOrStore(shape, with+`
			SELECT `+nonceCol+` AS nonce_fp, `+mine+`, `+hinted+`, (SELECT count(*) FROM c) AS claimed, `+genericPlans+` AS plans, x.id, x.school_id, x.name, x.roles, x.trades, x.phone, x.dir_version,
				x.locked_xmin, x.has_session, x.s_staff_id, x.s_flow, x.s_state, x.s_data, x.s_updated_at, x.s_offer, x.s_notice_mark, x.notice,
				x.s_hint_location, x.s_hint_trade, x.s_hint_building,
				(SELECT CAST(xmin AS text) FROM identities WHERE channel = $1 AND external_id = $4) AS seen_xmin
			FROM (SELECT 1) AS one LEFT JOIN LATERAL (
				SELECT s.id, s.school_id, s.name, s.roles, s.trades, s.phone, sc.dir_version,
					CAST(i.xmin AS text) AS locked_xmin, ss.channel IS NOT NULL AS has_session, ss.staff_id AS s_staff_id,
					ss.flow AS s_flow, ss.state AS s_state, ss.data AS s_data, ss.updated_at AS s_updated_at, ss.offer AS s_offer,
					ss.notice_mark AS s_notice_mark, ss.hint_location AS s_hint_location, ss.hint_trade AS s_hint_trade,
					ss.hint_building AS s_hint_building,
					(SELECT to_jsonb(n) FROM (`+latestNoticeSQL("s.id", "coalesce(ss.notice_mark, 0)")+`) AS n) AS notice
				FROM identities i JOIN staff s ON s.id = i.staff_id JOIN schools sc ON sc.id = s.school_id
				LEFT JOIN LATERAL (
					SELECT `+sessionCols+`, hint_location, hint_trade, hint_building
					FROM sessions WHERE channel = i.channel AND external_id = i.external_id
				) AS ss ON true
				WHERE i.channel = $1 AND i.external_id = $4 AND s.active AND EXISTS (SELECT 1 FROM c)
				FOR UPDATE OF i
			) AS x ON true`)
	return q.(string)
}

// genericPlans, evaluated in the claim (a message transaction's first
// statement), makes every later statement of that transaction run its
// prepared statement's generic plan (SET LOCAL plan_cache_mode). A
// message's statements are lookups by school, person, place or id, whose
// generic plans are as good as any; but when a school is new in a
// district of schools with a year of history, PostgreSQL's estimates for
// its ids differ from the average and it judged the generic plans of
// 「我的」's list, the duplicate check and routing dearer, and planned them
// again on every message: 1.3, 0.5 and 0.27 ms of planning each (measured
// with pg_stat_statements on the 45-school history), which made a
// message's p50 1.2× the one-school figure. The scheduler, pages and
// admin commands keep PostgreSQL's own choice.
const genericPlans = `set_config('plan_cache_mode', 'force_generic_plan', true)`

// storedReplies returns the replies stored with a key claimed before.
func (t *Tx) storedReplies(ctx context.Context, ch flows.Channel, key string) ([]flows.Reply, bool, error) {
	var raw []byte
	if err := sqlx.GetContext(ctx, t.q, &raw, `
		SELECT coalesce(replies, '[]') FROM inbound WHERE channel = $1 AND dedup_key = $2`, string(ch), key); err != nil {
		return nil, false, wrap("claim inbound", err)
	}
	var replies []flows.Reply
	if err := json.Unmarshal(raw, &replies); err != nil {
		return nil, false, fmt.Errorf("store: claim inbound: %w", err)
	}
	return replies, true, nil
}

// FinishInbound implements flows.Conversations.
func (t *Tx) FinishInbound(ctx context.Context, ch flows.Channel, key string, replies []flows.Reply) error {
	if replies == nil {
		replies = []flows.Reply{}
	}
	raw, err := json.Marshal(replies)
	if err != nil {
		return fmt.Errorf("store: finish inbound: %w", err)
	}
	if t.turn != nil {
		// Written with the turn's other deferred writes, by DB.InTx, in the
		// transaction's last statement.
		t.turn.finish = &pendingFinish{ch: ch, key: key, replies: raw}
		return nil
	}
	_, err = t.q.ExecContext(ctx, `
		UPDATE inbound SET replies = $3 WHERE channel = $1 AND dedup_key = $2`, string(ch), key, raw)
	return wrap("finish inbound", err)
}

// flush writes, in one statement, what a transaction deferred: the
// account's last_seen (TouchIdentity), its session (SaveSession), the
// notifications it queued (Enqueue), the replies of the inbound message
// (FinishInbound) and a repair CreateNumbered filed last. DB.InTx
// flushes as the transaction's last statement, so nothing deferred is
// lost whoever the caller.
func (t *Tx) flush(ctx context.Context) error {
	if t.turn == nil {
		return nil
	}
	touch, sess, notices, fin, rep, hint := t.turn.touch, t.turn.session, t.turn.outbox, t.turn.finish, t.turn.repair, t.turn.hint
	t.turn.touch, t.turn.session, t.turn.outbox, t.turn.finish, t.turn.repair, t.turn.hint = nil, nil, nil, nil, nil, nil
	if touch == nil && sess == nil && len(notices) == 0 && fin == nil && rep == nil {
		return nil
	}
	var ctes []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return placeholder(len(args))
	}
	if rep != nil {
		// A repair CreateNumbered filed, with its first event: nothing
		// of the transaction read after it was filed (turnQ).
		ctes = append(ctes, rep.ctes(arg))
	}
	if touch != nil {
		ctes = append(ctes, `touch AS (UPDATE identities SET last_seen = greatest(last_seen, `+arg(touch.at)+`)
			WHERE channel = `+arg(string(touch.ch))+` AND external_id = `+arg(touch.ext)+`)`)
	}
	if sess != nil && (touch == nil || touch.ch != sess.Channel || touch.ext != sess.ExternalID) {
		// Every session write changes its identity row (see ClaimInbound).
		ctes = append(ctes, `stamp AS (UPDATE identities SET last_seen = last_seen
			WHERE channel = `+arg(string(sess.Channel))+` AND external_id = `+arg(sess.ExternalID)+`)`)
	}
	final := `SELECT 1`
	mark := outboxEnd
	if len(notices) > 0 {
		ctes = append(ctes, outboxCTE(notices, arg))
		// The statement's own notifications are invisible to its
		// snapshot: the session's mark counts them from outq, as a
		// SaveSession after Enqueue would.
		mark = `greatest(` + outboxEnd + `, (SELECT coalesce(max(id), 0) FROM outq))`
	}
	if sess != nil {
		// The session's identity must exist (the account was not unbound
		// in this turn). The check fails the statement itself, not Go
		// after it: the statement may carry the transaction's COMMIT.
		ctes = append(ctes, `sess AS (`+sessionUpsert(*sess, mark, hint, arg)+` RETURNING 1)`)
		final = `SELECT CASE WHEN count(*) = 1 THEN 1 ELSE hq_not_found('save session: no account bound as ` +
			`the session''s') END FROM sess`
	}
	if fin != nil {
		ctes = append(ctes, `fin AS (UPDATE inbound SET replies = `+arg(string(fin.replies))+`::jsonb
			WHERE channel = `+arg(string(fin.ch))+` AND dedup_key = `+arg(fin.key)+`)`)
	}
	var n int
	if err := sqlx.GetContext(ctx, t.q, &n, `WITH `+strings.Join(ctes, ", ")+` `+final, args...); err != nil {
		return wrap("finish turn", err)
	}
	return nil
}

// placeholders are "$1" to "$256", so that the statements built per
// message (the flush's CTEs take 30 to 60 arguments) do not allocate one
// small string per argument.
var placeholders = func() (p [257]string) {
	for i := 1; i < len(p); i++ {
		p[i] = "$" + strconv.Itoa(i)
	}
	return p
}()

// placeholder is the n-th parameter's placeholder, $n.
func placeholder(n int) string {
	if n > 0 && n < len(placeholders) {
		return placeholders[n]
	}
	return "$" + strconv.Itoa(n)
}

// pendingFinish is FinishInbound deferred to the turn's one write.
type pendingFinish struct {
	ch      flows.Channel
	key     string
	replies []byte
}

type sessionRow struct {
	Channel    string    `db:"channel"`
	ExternalID string    `db:"external_id"`
	StaffID    int64     `db:"staff_id"`
	Flow       string    `db:"flow"`
	State      string    `db:"state"`
	Data       []byte    `db:"data"`
	UpdatedAt  time.Time `db:"updated_at"`
	Offer      []byte    `db:"offer"`
	NoticeMark int64     `db:"notice_mark"`
}

// Session implements flows.Conversations. It locks the account's identity
// row first, so one person's messages are handled strictly one at a time
// even when their session does not exist yet.
//
// Inside DB.InTx, when StaffByIdentity already locked the row, it reads
// the session only, in a statement of its own: its snapshot is taken after
// the lock was granted, so it sees the session the previous message of the
// same person committed.
func (t *Tx) Session(ctx context.Context, ch flows.Channel, ext string) (flows.Session, error) {
	if t.turn != nil && t.turn.session != nil && t.turn.session.Channel == ch && t.turn.session.ExternalID == ext {
		return *t.turn.session, nil
	}
	if t.turn != nil && t.turn.fresh != nil && t.turn.locked && t.turn.lockedCh == ch && t.turn.lockedExt == ext &&
		t.turn.fresh.Channel == ch && t.turn.fresh.ExternalID == ext {
		s := *t.turn.fresh
		t.turn.fresh = nil // once, like the lock it was read under
		return s, nil
	}
	var staffID int64
	if t.turn != nil && t.turn.locked && t.turn.lockedCh == ch && t.turn.lockedExt == ext {
		staffID = t.turn.lockedStaff
	} else if err := sqlx.GetContext(ctx, t.q, &staffID, `
		SELECT staff_id FROM identities WHERE channel = $1 AND external_id = $2 FOR UPDATE`, string(ch), ext); err != nil {
		return flows.Session{}, wrap("session", err)
	}
	var r sessionRow
	err := sqlx.GetContext(ctx, t.q, &r, `
		SELECT `+sessionCols+` FROM sessions WHERE channel = $1 AND external_id = $2`, string(ch), ext)
	if err != nil {
		if mapErr(err) == flows.ErrNotFound {
			return flows.Session{Channel: ch, ExternalID: ext, StaffID: staffID}, nil
		}
		return flows.Session{}, wrap("session", err)
	}
	return r.session(), nil
}

// sessionCols are sessionRow's columns, for Session and the session read
// with the claim (ClaimInbound).
const sessionCols = `channel, external_id, staff_id, flow, state, data, updated_at, offer, notice_mark`

func (r sessionRow) session() flows.Session {
	var offer flows.Offer
	if err := json.Unmarshal(r.Offer, &offer); err != nil {
		// An unreadable offer only costs typing a choice: start afresh.
		offer = flows.Offer{}
	}
	return flows.Session{Channel: flows.Channel(r.Channel), ExternalID: r.ExternalID, StaffID: r.StaffID,
		Flow: r.Flow, State: r.State, Data: r.Data, UpdatedAt: r.UpdatedAt, Offer: offer, NoticeMark: r.NoticeMark}
}

// decodeRows decodes a JSON array of rows (json_agg) into row structs, by
// the fields' db tags: a []byte field takes the JSON text of its column (a
// jsonb column; nil for null), any other field decodes as JSON (null
// leaves it zero).
func decodeRows[T any](raw []byte) ([]T, error) {
	c, err := codecOf(reflect.TypeFor[T]())
	if err != nil {
		return nil, err
	}
	twins := reflect.New(reflect.SliceOf(c.twin))
	if err := json.Unmarshal(raw, twins.Interface()); err != nil {
		return nil, err
	}
	s := twins.Elem()
	out := make([]T, s.Len())
	for i := range out {
		c.copy(reflect.ValueOf(&out[i]).Elem(), s.Index(i))
	}
	return out, nil
}

// rowCodec decodes a row struct through its JSON twin: a struct type with
// the same fields, whose json tags are the db tags and whose []byte fields
// are json.RawMessage, so that one json.Unmarshal reads a whole row (or
// all rows) by encoding/json's cached field table. Decoding each column by
// itself through a map of raw messages, as this did before, made JSON 11 %
// of the CPU profile of houqin's bench phase once a confirmation's open
// repairs came as JSON (ExpectRoute).
type rowCodec struct {
	twin reflect.Type
	raw  []bool // field i is []byte: its JSON text, nil for null
}

var rowCodecs sync.Map // reflect.Type → *rowCodec

func codecOf(t reflect.Type) (*rowCodec, error) {
	if c, ok := rowCodecs.Load(t); ok {
		return c.(*rowCodec), nil
	}
	c := &rowCodec{raw: make([]bool, t.NumField())}
	fields := make([]reflect.StructField, t.NumField())
	for i := range fields {
		f := t.Field(i)
		if !f.IsExported() || f.Anonymous {
			return nil, fmt.Errorf("store: %v.%s: a row decoded from JSON has exported, named fields only", t, f.Name)
		}
		tag := f.Tag.Get("db")
		if tag == "" {
			tag = "-"
		}
		typ := f.Type
		if typ.Kind() == reflect.Slice && typ.Elem().Kind() == reflect.Uint8 {
			typ, c.raw[i] = reflect.TypeFor[json.RawMessage](), true
		}
		fields[i] = reflect.StructField{Name: f.Name, Type: typ, Tag: reflect.StructTag(`json:"` + tag + `"`)}
	}
	c.twin = reflect.StructOf(fields)
	got, _ := rowCodecs.LoadOrStore(t, c)
	return got.(*rowCodec), nil
}

// copy sets the row dst from its decoded twin src.
func (c *rowCodec) copy(dst, src reflect.Value) {
	for i, raw := range c.raw {
		if !raw {
			dst.Field(i).Set(src.Field(i))
			continue
		}
		if b := src.Field(i).Bytes(); len(b) > 0 && string(b) != "null" {
			dst.Field(i).SetBytes(b)
		}
	}
}

// SaveSession implements flows.Conversations. Inside DB.InTx the write is
// deferred to the transaction's last statement (flush), where a missing
// identity still fails the transaction with ErrNotFound.
func (t *Tx) SaveSession(ctx context.Context, s flows.Session) error {
	if t.turn != nil {
		s.Data = append([]byte(nil), s.Data...)
		t.turn.session = &s
		return nil
	}
	// Every session write changes its identity row (see ClaimInbound).
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return placeholder(len(args))
	}
	q := `WITH stamp AS (UPDATE identities SET last_seen = last_seen WHERE channel = ` + arg(string(s.Channel)) +
		` AND external_id = ` + arg(s.ExternalID) + `) ` + sessionUpsert(s, outboxEnd, nil, arg)
	res, err := t.q.ExecContext(ctx, q, args...)
	if err != nil {
		return wrap("save session", err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return fmt.Errorf("store: save session: %w", flows.ErrNotFound)
	}
	return nil
}

// LatestNotice implements flows.Conversations: the outbox id is the
// position. Fallback notices (copies of an undelivered one) count too.
// For the message whose claim read the session (ClaimInbound), the claim's
// statement read this too, and it is answered from there.
func (t *Tx) LatestNotice(ctx context.Context, staffID, mark int64) (flows.Notice, bool, error) {
	if t.turn != nil {
		if p := t.turn.noticeFrom; p != nil && p.session != nil && p.staff.ID == staffID && p.session.NoticeMark == mark {
			return p.notice, p.hasNotice, nil
		}
	}
	var raw []byte
	err := sqlx.GetContext(ctx, t.q, &raw, `
		SELECT to_jsonb(n) FROM (`+latestNoticeSQL("$1", "$2")+`) AS n`, staffID, mark)
	if mapErr(err) == flows.ErrNotFound {
		return flows.Notice{}, false, nil
	}
	if err != nil {
		return flows.Notice{}, false, wrap("latest notice", err)
	}
	n, err := noticeFromJSON(raw)
	if err != nil {
		return flows.Notice{}, false, fmt.Errorf("store: latest notice: %w", err)
	}
	return n, len(n.Buttons) > 0, nil
}

// latestNoticeSQL selects the latest notification with buttons to staff
// after the outbox position mark (id, created_at, buttons): by 00037's
// index, walked backwards from the person's newest row. The person and
// the position are written as a range of (to_staff, id) and the order as
// (to_staff, id), not as to_staff = staff ordered by id: the outbox's
// primary key gives the order by id as well, and the generic plan took
// it, filtering on the person, which for someone with no such
// notification read the whole outbox (see the migration).
// TestLatestNoticeByItsIndex checks the plan.
func latestNoticeSQL(staff, mark string) string {
	return `SELECT o.id, o.created_at, o.buttons, left(btrim(split_part(o.body, E'\n', 1)), 61) AS title FROM outbox o
		WHERE o.buttons <> '[]' AND (o.to_staff, o.id) > (` + staff + `, ` + mark + `)
		  AND (o.to_staff, o.id) <= (` + staff + `, 9223372036854775807)
		ORDER BY o.to_staff DESC, o.id DESC LIMIT 1`
}

// NewestNotice implements flows.Conversations: the newest personal
// notification after mark, with buttons or without, by 00058's index (it
// is read only for a message no flow understood, so it is never part of
// the claim's statement).
func (t *Tx) NewestNotice(ctx context.Context, staffID, mark int64) (flows.Notice, bool, error) {
	var raw []byte
	err := sqlx.GetContext(ctx, t.q, &raw, `
		SELECT to_jsonb(n) FROM (`+newestNoticeSQL("$1", "$2")+`) AS n`, staffID, mark)
	if mapErr(err) == flows.ErrNotFound {
		return flows.Notice{}, false, nil
	}
	if err != nil {
		return flows.Notice{}, false, wrap("newest notice", err)
	}
	n, err := noticeFromJSON(raw)
	if err != nil {
		return flows.Notice{}, false, fmt.Errorf("store: newest notice: %w", err)
	}
	return n, true, nil
}

// newestNoticeSQL selects the newest personal notification to staff after
// the outbox position mark, as latestNoticeSQL does but with or without
// buttons, with its kind and ref: by 00058's index, walked backwards from
// the person's newest row (TestNewestNoticeByItsIndex checks the plan).
func newestNoticeSQL(staff, mark string) string {
	return `SELECT o.id, o.created_at, o.buttons, left(btrim(split_part(o.body, E'\n', 1)), 61) AS title, o.kind, o.ref FROM outbox o
		WHERE o.to_staff IS NOT NULL AND (o.to_staff, o.id) > (` + staff + `, ` + mark + `)
		  AND (o.to_staff, o.id) <= (` + staff + `, 9223372036854775807)
		ORDER BY o.to_staff DESC, o.id DESC LIMIT 1`
}

// noticeFromJSON reads an outbox row (id, created_at, buttons, title, and
// for NewestNotice kind and ref) as JSON; the title is flows.NoticeTitle of its body, clipped by SQL.
func noticeFromJSON(raw []byte) (flows.Notice, error) {
	var r struct {
		ID      int64          `json:"id"`
		At      time.Time      `json:"created_at"`
		Buttons []flows.Button `json:"buttons"`
		Title   string         `json:"title"`
		Kind    string         `json:"kind"`
		Ref     string         `json:"ref"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		return flows.Notice{}, err
	}
	return flows.Notice{Mark: r.ID, At: r.At, Buttons: r.Buttons, Title: flows.NoticeTitle(r.Title), Kind: r.Kind, Ref: r.Ref}, nil
}

// outboxEnd is the end of the outbox as a statement sees it (the primary
// key's last entry).
const outboxEnd = `(SELECT coalesce(max(id), 0) FROM outbox)`

// sessionUpsert is the one statement that writes a session, for
// SaveSession and the flush at the end of a transaction; mark is the SQL
// of its notice_mark, the end of the outbox after this message, so that
// notifications queued later are newer than it; arg numbers its
// arguments.
func sessionUpsert(s flows.Session, mark string, hint *routeHint, arg func(any) string) string {
	data := s.Data
	if len(data) == 0 {
		data = []byte("{}")
	}
	offer, err := json.Marshal(s.Offer)
	if err != nil { // an Offer is plain data; this cannot fail
		offer = []byte("{}")
	}
	// Without a hint of this turn's, the session's is cleared: a hint is
	// about the answer to the turn that left it.
	hintCols := `NULL, '', ''`
	if hint != nil {
		hintCols = arg(hint.location) + `::bigint, ` + arg(string(hint.trade)) + `, ` + arg(hint.building)
	}
	return `INSERT INTO sessions (channel, external_id, school_id, staff_id, flow, state, data, updated_at, offer, notice_mark,
			hint_location, hint_trade, hint_building)
		SELECT i.channel, i.external_id, i.school_id, i.staff_id, ` + arg(s.Flow) + `, ` + arg(s.State) + `, ` +
		arg(string(data)) + `::jsonb, ` + arg(s.UpdatedAt) + `, ` + arg(string(offer)) + `::jsonb, ` + mark + `, ` + hintCols + `
		FROM identities i WHERE i.channel = ` + arg(string(s.Channel)) + ` AND i.external_id = ` + arg(s.ExternalID) + `
		ON CONFLICT (channel, external_id) DO UPDATE
		SET flow = EXCLUDED.flow, state = EXCLUDED.state, data = EXCLUDED.data, updated_at = EXCLUDED.updated_at,
			offer = EXCLUDED.offer, notice_mark = EXCLUDED.notice_mark,
			hint_location = EXCLUDED.hint_location, hint_trade = EXCLUDED.hint_trade, hint_building = EXCLUDED.hint_building`
}

func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

// ClaimJob implements flows.Jobs. A key this process knows to be claimed
// for good is answered without a statement: an INSERT that found the key
// waited for its claimer to commit (ON CONFLICT), and a claim of this
// process's own counts once its transaction committed.
func (t *Tx) ClaimJob(ctx context.Context, key string, at time.Time) (bool, error) {
	if t.claims != nil && t.claims.has(key) {
		return false, nil
	}
	res, err := t.q.ExecContext(ctx, `INSERT INTO job_claims (key, claimed_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`, key, at)
	if err != nil {
		return false, wrap("claim job", err)
	}
	n, _ := res.RowsAffected()
	switch {
	case n == 0 && t.claims != nil && (t.turn == nil || !slices.Contains(t.turn.claimed, key)):
		t.claims.add(key) // not this transaction's own uncommitted claim
	case n == 1 && t.turn != nil:
		t.turn.claimed = append(t.turn.claimed, key)
	case n == 1 && t.claims != nil:
		t.claims.add(key) // autocommit on the pool
	}
	return n == 1, nil
}

// PruneConversations implements flows.Conversations.
func (t *Tx) PruneConversations(ctx context.Context, inbound, failures time.Time) error {
	if _, err := t.q.ExecContext(ctx, `DELETE FROM inbound WHERE received_at < $1`, inbound); err != nil {
		return wrap("prune inbound", err)
	}
	_, err := t.q.ExecContext(ctx, `DELETE FROM bind_failures WHERE at < $1`, failures)
	return wrap("prune bind failures", err)
}

// EndIdleSessions implements flows.Conversations. updated_at is kept: the
// session was not used.
func (t *Tx) EndIdleSessions(ctx context.Context, before time.Time) error {
	_, err := t.q.ExecContext(ctx, `
		UPDATE sessions SET flow = '', state = '', data = '{}'
		WHERE updated_at < $1 AND (flow <> '' OR state <> '' OR data <> '{}')`, before)
	return wrap("end idle sessions", err)
}

// claimNonceSQL records a callback nonce's first use (the parameters named
// for the channel, nonce, fingerprint and signed time) and returns the fingerprint of the
// message its first use carried. DO UPDATE, not DO NOTHING: it waits for
// a concurrent first use to commit and then returns that row, in the same
// statement (DO NOTHING would return nothing and a SELECT in the same
// statement would read the snapshot taken before that commit). When the
// first use's transaction rolls back, this one is the first use.
func claimNonceSQL(ch, nonce, fp, at string) string {
	return `
	INSERT INTO callback_nonces (channel, nonce, fingerprint, signed_at) VALUES (` + ch + `, ` + nonce + `, ` + fp + `, ` + at + `)
	ON CONFLICT (channel, nonce) DO UPDATE SET fingerprint = callback_nonces.fingerprint
	RETURNING fingerprint`
}

// ExpectNonce implements flows.NonceClaimer: the next ClaimInbound records
// the callback nonce n in this transaction, and fails with flows.ErrReplay
// when n was used before by another message.
func (t *Tx) ExpectNonce(n flows.CallbackNonce) {
	if t.turn != nil {
		t.turn.nonce = &n
	}
}

// takeNonce returns the nonce ExpectNonce gave, once.
func (ts *turnState) takeNonce() *flows.CallbackNonce {
	if ts == nil {
		return nil
	}
	n := ts.nonce
	ts.nonce = nil
	return n
}

// ClaimsNonces implements flows.NonceStore.
func (d *DB) ClaimsNonces() bool { return true }

// Expect implements flows.Expecter: inside DB.InTx, the next ClaimInbound
// on ch also reads and locks the account (see ClaimInbound).
func (t *Tx) Expect(ch flows.Channel, ext string) {
	if t.turn != nil {
		t.turn.expected, t.turn.expectCh, t.turn.expectExt = true, ch, ext
	}
}
