package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store"
)

// DigestDay is the day the digest fixture describes (Asia/Shanghai), and
// DigestAsOf the morning after at 07:00, when the digest goes out.
var (
	DigestDay  = time.Date(2026, 11, 20, 0, 0, 0, 0, flows.LoadLocation("Asia/Shanghai"))
	DigestAsOf = DigestDay.Add(31 * time.Hour)
)

// RepairSeed is one repair written straight into the tables, with the
// events the digest counts.
type RepairSeed struct {
	Ref, Loc, Reporter, Worker string
	Item, Desc                 string
	Large                      bool
	Urgent                     bool // 紧急 (Large must then be false)
	Status                     repair.RepairStatus
	Reported, Due              time.Time
	Done, Closed               time.Time
	Cause                      repair.Cause
	DamageNote, Reason         string
	Rating, Reopens            int
	Events                     []repair.RepairEvent // kind and time; the reported event is added
}

// AddRepair writes r for school s.
func AddRepair(tb testing.TB, db *store.DB, s School, r RepairSeed) int64 {
	tb.Helper()
	ctx := context.Background()
	nullT := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t
	}
	var rating any
	if r.Rating > 0 {
		rating = r.Rating
	}
	var id int64
	err := db.SQL().GetContext(ctx, &id, `
		INSERT INTO repairs (school_id, ref, reporter_id, location_id, trade, item, description, tier, status,
			worker_id, reported_at, due_at, done_at, closed_at, cause, damage_note, blocked_reason, reopens, rating, updated_at)
		VALUES ($1, $2, $3, $4, 'general', $5, $6, CASE WHEN $7 THEN 'large' WHEN $19 THEN 'urgent' ELSE 'small' END, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $10)
		RETURNING id`,
		s.ID, r.Ref, s.Staff[r.Reporter].ID, s.Locs[r.Loc].ID, r.Item, r.Desc, r.Large, string(r.Status),
		s.Staff[r.Worker].ID, r.Reported, r.Due, nullT(r.Done), nullT(r.Closed), string(r.Cause), r.DamageNote, r.Reason,
		r.Reopens, rating, r.Urgent)
	if err != nil {
		tb.Fatalf("add repair %s: %v", r.Ref, err)
	}
	evs := append([]repair.RepairEvent{{Kind: repair.EventReported, At: r.Reported}}, r.Events...)
	for _, e := range evs {
		if _, err := db.SQL().ExecContext(ctx, `
			INSERT INTO repair_events (school_id, repair_id, at, kind) VALUES ($1, $2, $3, $4)`, s.ID, id, e.At, e.Kind); err != nil {
			tb.Fatalf("add repair event %s: %v", r.Ref, err)
		}
	}
	return id
}

// DigestRepairs seeds the hand-checked repairs of the digest tests into s.
// What the digest of DigestDay must say (checked by hand; computed as of
// the end of the day, so asking at DigestAsOf or later changes nothing):
//
//	reported 6 (R1 R2 R3 R4 R6 R8), completed 4 (R1 R2 R5 R7), open 4 (R3 R4 R6 R9)
//	small due that day 4 (R1 R2 R3 R7; R8 cancelled, R4 due tomorrow), on time 2
//	(R1 exactly at 21:00, R7 at 20:59), large 1/1 (R5)
//	overdue R9 (3 天 3 小时) then R3 (3 小时); waiting for a leader R6; reopens 1 (R7)
//	rating 4.0 over 2 (R1 5, R2 3); median time to fix of R2 12.5 h, R1 13 h,
//	R5 23 h, R7 61 h = 18 h
//	workers 孙师傅 2 done 1 open, 王师傅 1/1 (1 overdue), 周师傅 1/1, 马师傅 0/1 (1 overdue)
func DigestRepairs(tb testing.TB, db *store.DB, s School) {
	tb.Helper()
	d := DigestDay
	at := func(day, h, m int) time.Time {
		return d.AddDate(0, 0, day).Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
	}
	ev := func(kind repair.EventKind, t time.Time) repair.RepairEvent {
		return repair.RepairEvent{Kind: kind, At: t}
	}
	for _, r := range []RepairSeed{
		{Ref: "BX-20261120-001", Loc: "302", Reporter: "李老师", Worker: "王师傅", Item: "课桌", Desc: "第三排课桌腿断了",
			Status: repair.RepairClosed, Reported: at(0, 8, 0), Due: at(0, 21, 0), Done: at(0, 21, 0), Closed: at(0, 21, 30),
			Cause: repair.CauseWear, Rating: 5, Events: []repair.RepairEvent{ev(repair.EventDone, at(0, 21, 0)), ev(repair.EventConfirmed, at(0, 21, 30))}},
		{Ref: "BX-20261120-002", Loc: "302", Reporter: "李老师", Worker: "孙师傅", Item: "灯管", Desc: "后排灯管不亮",
			Status: repair.RepairClosed, Reported: at(0, 9, 0), Due: at(0, 21, 0), Done: at(0, 21, 30), Closed: at(0, 22, 0),
			Cause: repair.CauseDamage, DamageNote: "学生打闹用扫把碰碎灯管", Rating: 3, Events: []repair.RepairEvent{ev(repair.EventDone, at(0, 21, 30)), ev(repair.EventConfirmed, at(0, 22, 0))}},
		{Ref: "BX-20261120-003", Loc: "303", Reporter: "王老师", Worker: "王师傅", Item: "门锁", Desc: "教室门锁打不开",
			Status: repair.RepairAccepted, Reported: at(0, 10, 0), Due: at(0, 21, 0), Events: []repair.RepairEvent{ev(repair.EventAccepted, at(0, 10, 30))}},
		{Ref: "BX-20261120-004", Loc: "toilet", Reporter: "王老师", Worker: "周师傅", Item: "水龙头", Desc: "水龙头一直滴水",
			Status: repair.RepairAssigned, Reported: at(0, 19, 0), Due: at(1, 7, 30)},
		{Ref: "BX-20261119-001", Loc: "303", Reporter: "王老师", Worker: "孙师傅", Item: "线路", Desc: "教室一半插座没电", Large: true,
			Status: repair.RepairDone, Reported: at(-1, 10, 0), Due: at(0, 10, 0), Done: at(0, 9, 0), Cause: repair.CauseWear,
			Events: []repair.RepairEvent{ev(repair.EventDone, at(0, 9, 0))}},
		{Ref: "BX-20261120-005", Loc: "302", Reporter: "李老师", Worker: "孙师傅", Item: "投影仪", Desc: "投影仪灯泡烧了", Large: true,
			Status: repair.RepairBlocked, Reported: at(0, 11, 0), Due: at(1, 11, 0), Reason: "需要采购：投影仪灯泡",
			Events: []repair.RepairEvent{ev(repair.EventBlocked, at(0, 15, 0))}},
		{Ref: "BX-20261118-001", Loc: "toilet", Reporter: "李老师", Worker: "周师傅", Item: "冲水阀", Desc: "小便池冲水阀坏了；返修：还是漏水",
			Status: repair.RepairDone, Reported: at(-2, 8, 0), Due: at(0, 21, 0), Done: at(0, 20, 59), Cause: repair.CauseWear, Reopens: 1,
			Events: []repair.RepairEvent{ev(repair.EventDone, at(-2, 20, 0)), ev(repair.EventReopened, at(0, 8, 30)), ev(repair.EventDone, at(0, 20, 59))}},
		{Ref: "BX-20261120-006", Loc: "303", Reporter: "王老师", Worker: "王师傅", Item: "椅子", Desc: "椅子松了",
			// Cancelled by hand: no flow cancels a repair, but the schema
			// still accepts the status, and a repair in it is not due.
			Status: "cancelled", Reported: at(0, 12, 0), Due: at(0, 21, 0), Events: []repair.RepairEvent{ev("cancelled", at(0, 12, 10))}},
		{Ref: "BX-20261117-001", Loc: "303", Reporter: "王老师", Worker: "马师傅", Item: "窗户", Desc: "窗户关不上",
			Status: repair.RepairAccepted, Reported: at(-3, 9, 0), Due: at(-3, 21, 0), Events: []repair.RepairEvent{ev(repair.EventAccepted, at(-3, 9, 30))}},
	} {
		AddRepair(tb, db, s, r)
	}
}

// DigestCanteen seeds the canteen records of DigestDay into s:
//
//	breakfast: sample ✓ 陪餐 ✓; lunch (menu, missing-sample alert): sample ✗ 陪餐 ✓;
//	dinner: sample ✓ (under weight: 1 violation) 陪餐 ✗;
//	the day before's lunch sample is kept until the morning after DigestDay, noon: 1 disposal due.
func DigestCanteen(tb testing.TB, db *store.DB, s School) {
	tb.Helper()
	ctx := context.Background()
	d := DigestDay
	day := d.Format("2006-01-02")
	cook, leader := s.Staff["钱阿姨"].ID, s.Staff["刘副校长"].ID
	batch := func(day string, meal string, stored time.Time, violation string) {
		reason := ""
		if violation != "" {
			reason = "红烧肉 100 克，不足 125 克"
		}
		if _, err := db.SQL().ExecContext(ctx, `
			INSERT INTO sample_batches (school_id, day, meal, staff_id, fridge_c, stored_at, dispose_after, violation, violation_reason)
			VALUES ($1, $2, $3, $4, 4.0, $5, $6, $7, $8)`, s.ID, day, meal, cook, stored, stored.Add(48*time.Hour), violation, reason); err != nil {
			tb.Fatal(err)
		}
	}
	batch(day, "breakfast", d.Add(7*time.Hour+30*time.Minute), "")
	batch(day, "dinner", d.Add(18*time.Hour), "under_weight")
	batch(d.AddDate(0, 0, -1).Format("2006-01-02"), "lunch", d.Add(-12*time.Hour), "")
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO menus (school_id, day, meal, dishes, updated_at) VALUES ($1, $2, 'lunch', '{红烧肉,炒青菜,米饭}', $3)`, []any{s.ID, day, d.Add(9 * time.Hour)}},
		{`INSERT INTO sample_missing (school_id, day, meal, recorded_at) VALUES ($1, $2, 'lunch', $3)`, []any{s.ID, day, d.Add(13*time.Hour + 40*time.Minute)}},
		{`INSERT INTO accompanied_meals (school_id, day, meal, staff_id, taste, portion, hygiene, recorded_at) VALUES ($1, $2, 'breakfast', $3, 5, 4, 5, $4)`, []any{s.ID, day, leader, d.Add(7*time.Hour + 20*time.Minute)}},
		{`INSERT INTO accompanied_meals (school_id, day, meal, staff_id, taste, portion, hygiene, recorded_at) VALUES ($1, $2, 'lunch', $3, 4, 4, 5, $4)`, []any{s.ID, day, leader, d.Add(12 * time.Hour)}},
	} {
		if _, err := db.SQL().ExecContext(ctx, q.sql, q.args...); err != nil {
			tb.Fatal(err)
		}
	}
}

// DigestVisits seeds the gate log of DigestDay into s: a party of two and
// two single visitors came in (4 people), one of them still inside at
// closing time and one matching the watch list, and one visit the host
// refused, and a party of two (a delivery) the host kept at the gate (留在
// 门卫: counted apart from both).
func DigestVisits(tb testing.TB, db *store.DB, s School) {
	tb.Helper()
	d := DigestDay
	guard, host := s.Staff["老郑"].ID, s.Staff["李老师"].ID
	for _, v := range []struct {
		name          string
		status        visit.VisitStatus
		watch         string
		party         int
		arrived       time.Time
		decided, left bool
		inside        bool
	}{
		{"赵女士", visit.VisitLeft, "", 2, d.Add(9 * time.Hour), true, true, false},
		{"钱先生", visit.VisitAdmitted, "", 1, d.Add(14 * time.Hour), true, false, true},
		{"孙先生", visit.VisitRejected, "", 1, d.Add(15 * time.Hour), true, false, false},
		{"吴师傅", visit.VisitKept, "", 2, d.Add(15*time.Hour + 30*time.Minute), true, false, false},
		{"周某", visit.VisitLeft, "校闹，法院禁止令", 1, d.Add(16 * time.Hour), true, true, false},
	} {
		var decided, left any
		if v.decided {
			decided = v.arrived.Add(5 * time.Minute)
		}
		if v.left {
			left = v.arrived.Add(time.Hour)
		}
		if _, err := db.SQL().ExecContext(context.Background(), `
			INSERT INTO visits (school_id, guard_id, name, id_type, purpose, host_id, party, status, arrived_at,
				decided_at, decided_by, left_at, inside_at_close, watch_note, updated_at)
			VALUES ($1, $2, $3, $12, '家长来访', $4, $5, $6, $7, $8, $4, $9, $10, $11, $7)`,
			s.ID, guard, v.name, host, v.party, string(v.status), v.arrived, decided, left, v.inside, v.watch,
			string(visit.IDResident)); err != nil {
			tb.Fatal(err)
		}
	}
}
