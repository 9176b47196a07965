package storetest

import (
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
)

// RepairHistory writes days × perDay repairs for school s from day from on,
// with generate_series: 李老师 reports them all at 302 and 王师傅 works on
// them, a mix of small and large, on time and late, accepted (1 in 50) and
// blocked (1 in 97) ones still open and the rest closed a few hours after
// they were done; and their reported, done and reopened events. It does
// not ANALYZE; SeedDistrict does.
func RepairHistory(tb testing.TB, db *store.DB, s School, from time.Time, days, perDay int) {
	tb.Helper()
	ctx := context.Background()
	_, err := db.SQL().ExecContext(ctx, `
		INSERT INTO repairs (school_id, ref, reporter_id, location_id, trade, item, description, tier, status,
			worker_id, reported_at, due_at, done_at, closed_at, cause, rating, reopens, blocked_reason, updated_at)
		SELECT $1, 'BX-' || g, $2, $3, 'carpentry', '课桌', '课桌腿松了', CASE WHEN g % 7 = 0 THEN 'large' ELSE 'small' END,
			CASE WHEN g % 97 = 0 THEN $8 WHEN g % 50 = 0 THEN $9 ELSE $10 END,
			$4, t, t + CASE WHEN g % 7 = 0 THEN interval '24 hours' ELSE interval '10 hours' END,
			CASE WHEN g % 97 = 0 OR g % 50 = 0 THEN NULL ELSE t + (g % 13) * interval '1 hour' END,
			CASE WHEN g % 97 = 0 OR g % 50 = 0 THEN NULL ELSE t + (g % 13 + 2) * interval '1 hour' END,
			CASE WHEN g % 20 = 0 THEN $11 ELSE $12 END, 1 + g % 5, CASE WHEN g % 31 = 0 THEN 1 ELSE 0 END,
			CASE WHEN g % 97 = 0 THEN '需要采购' ELSE '' END, t
		FROM generate_series(0, $5 - 1) AS g,
		     LATERAL (SELECT CAST($6 AS timestamptz) + (g / $7) * interval '1 day' + interval '7 hours' + (g % $7) * interval '37 minutes' AS t) AS x`,
		s.ID, s.Staff["李老师"].ID, s.Locs["302"].ID, s.Staff["王师傅"].ID, days*perDay, from, perDay,
		string(repair.RepairBlocked), string(repair.RepairAccepted), string(repair.RepairClosed),
		string(repair.CauseDamage), string(repair.CauseWear))
	if err != nil {
		tb.Fatalf("repair history of %s: %v", s.Name, err)
	}
	_, err = db.SQL().ExecContext(ctx, `
		INSERT INTO repair_events (school_id, repair_id, at, kind)
		SELECT school_id, id, reported_at, $2 FROM repairs WHERE school_id = $1
		UNION ALL SELECT school_id, id, done_at, $3 FROM repairs WHERE school_id = $1 AND done_at IS NOT NULL
		UNION ALL SELECT school_id, id, done_at + interval '1 hour', $4 FROM repairs WHERE school_id = $1 AND reopens > 0 AND done_at IS NOT NULL`,
		s.ID, string(repair.EventReported), string(repair.EventDone), string(repair.EventReopened))
	if err != nil {
		tb.Fatalf("repair events of %s: %v", s.Name, err)
	}
}

// SeedDistrict makes schools schools (第1中学, 第2中学, …), each with a
// RepairHistory of days × perDay repairs from from on, and ANALYZEs the
// database. 45 × 365 × 20 is a district's year: 328,500 repairs and about
// 640,000 events.
func SeedDistrict(tb testing.TB, db *store.DB, schools int, from time.Time, days, perDay int) []School {
	tb.Helper()
	var out []School
	for i := range schools {
		s := Seed(tb, db, fmt.Sprintf("第%d中学", i+1))
		RepairHistory(tb, db, s, from, days, perDay)
		out = append(out, s)
	}
	Analyze(tb, db)
	return out
}

// Analyze vacuums and analyzes the database after a bulk load, so that a
// benchmark meets the visibility map and statistics a settled database has,
// and checkpoints it: a year's rows reached the disk over the year, while
// a load's would otherwise be written out by the checkpointer during the
// measurement that follows.
func Analyze(tb testing.TB, db *store.DB) {
	tb.Helper()
	for _, q := range []string{`VACUUM ANALYZE`, `CHECKPOINT`} {
		if _, err := db.SQL().ExecContext(context.Background(), q); err != nil {
			tb.Fatalf("%s: %v", q, err)
		}
	}
}

// GateHistory writes days × perDay visits for school s from day from on,
// the way a year at the gate leaves them: each visit's confirmation
// notification to its host and a daily gate-closing list in the outbox,
// all sent; visits older than retentionDays purged (personal data gone,
// their notifications blanked with visit.PurgedNotice) as the visit-purge
// job leaves them. 李老师 is the host and 老郑 the guard.
func GateHistory(tb testing.TB, db *store.DB, s School, from time.Time, days, perDay, retentionDays int, purgedNotice string) {
	tb.Helper()
	ctx := context.Background()
	cutoff := from.AddDate(0, 0, days-retentionDays)
	_, err := db.SQL().ExecContext(ctx, `
		WITH v AS (
			INSERT INTO visits (school_id, guard_id, name, id_type, id_masked, phone, org, purpose, host_id, plate, party,
				status, arrived_at, decided_at, decided_by, decision, left_at, purged_at, updated_at)
			SELECT $1, $2, CASE WHEN t < $7 THEN '王某' ELSE '王小明' END, 'resident', '1101**********1234',
				CASE WHEN t < $7 THEN '' ELSE '13800138000' END, '家长', '家长会', $3, '', 1,
				'left', t, t + interval '2 minutes', $3, 'admit', t + interval '1 hour',
				CASE WHEN t < $7 THEN t + ($8 || ' days')::interval END, t + interval '1 hour'
			FROM generate_series(0, $4 - 1) AS g,
			     LATERAL (SELECT CAST($5 AS timestamptz) + (g / $6) * interval '1 day' + interval '8 hours' + (g % $6) * interval '7 minutes' AS t) AS x
			RETURNING id, arrived_at
		)
		INSERT INTO outbox (school_id, to_staff, kind, ref, body, status, attempts, next_at, created_at, sent_at)
		SELECT $1, $3, 'visit.confirm', 'FK-' || v.id,
			CASE WHEN v.arrived_at < $7 THEN $9 ELSE '王小明（家长）来访，请确认' END, 'sent', 1, v.arrived_at, v.arrived_at, v.arrived_at
		FROM v`,
		s.ID, s.Staff["老郑"].ID, s.Staff["李老师"].ID, days*perDay, from, perDay, cutoff, retentionDays, purgedNotice)
	if err != nil {
		tb.Fatalf("gate history of %s: %v", s.Name, err)
	}
	_, err = db.SQL().ExecContext(ctx, `
		INSERT INTO outbox (school_id, to_staff, kind, body, status, attempts, next_at, created_at, sent_at)
		SELECT $1, $2, 'visit.close', CASE WHEN t < $5 THEN $6 ELSE '闭校：校内还有 0 位访客' END, 'sent', 1, t, t, t
		FROM generate_series(0, $3 - 1) AS g, LATERAL (SELECT CAST($4 AS timestamptz) + g * interval '1 day' + interval '18 hours' AS t) AS x`,
		s.ID, s.Staff["老郑"].ID, days, from, cutoff, purgedNotice)
	if err != nil {
		tb.Fatalf("gate closing lists of %s: %v", s.Name, err)
	}
}

// NoticeHistory writes the outbox history of a school's repairs: for
// each repair, its assignment to the worker and its completion notice to
// the reporter, both sent, at the repair's times.
func NoticeHistory(tb testing.TB, db *store.DB, s School) {
	tb.Helper()
	_, err := db.SQL().ExecContext(context.Background(), `
		INSERT INTO outbox (school_id, to_staff, kind, ref, body, status, attempts, next_at, created_at, sent_at)
		SELECT school_id, worker_id, 'repair.assigned', ref, '新报修：' || description, 'sent', 1, reported_at, reported_at, reported_at
		FROM repairs WHERE school_id = $1
		UNION ALL
		SELECT school_id, reporter_id, 'repair.update', ref, '已修好：' || description, 'sent', 1, done_at, done_at, done_at
		FROM repairs WHERE school_id = $1 AND done_at IS NOT NULL`, s.ID)
	if err != nil {
		tb.Fatalf("notice history of %s: %v", s.Name, err)
	}
}

// InboundHistory writes the dedup log of the messages of the last
// InboundRetention (a week, what housekeeping keeps): perDay a day.
func InboundHistory(tb testing.TB, db *store.DB, s School, now time.Time, perDay int) {
	tb.Helper()
	_, err := db.SQL().ExecContext(context.Background(), `
		INSERT INTO inbound (channel, dedup_key, school_id, received_at, replies)
		SELECT 'wechat', 'hist-' || $4 || '-' || g, $1, CAST($2 AS timestamptz) - g * (interval '7 days' / ($3 * 7)), '[{"Text":"收到。"}]'
		FROM generate_series(1, $3 * 7) AS g`, s.ID, now, perDay, strconv.FormatInt(s.ID, 10))
	if err != nil {
		tb.Fatalf("inbound history of %s: %v", s.Name, err)
	}
}
