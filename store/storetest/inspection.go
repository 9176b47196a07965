package storetest

import (
	"context"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/store"
)

// SafetyMonth is the month the safety fixture describes (November 2026,
// Asia/Shanghai), and SafetyAsOf the moment its report is made: 07:00 on
// the first of December.
var (
	SafetyMonth = time.Date(2026, 11, 1, 0, 0, 0, 0, flows.LoadLocation("Asia/Shanghai"))
	SafetyAsOf  = time.Date(2026, 12, 1, 7, 0, 0, 0, flows.LoadLocation("Asia/Shanghai"))
)

// Safety is what SafetySeed wrote.
type Safety struct {
	Plans   map[string]inspection.Plan
	Hazards []inspection.Hazard // in the order written
}

// SafetySeed writes a month of safety work for s (checked by hand):
//
//   - 消防器材月检 (总务主任, monthly): November's check done on 11-25 by
//     陈主任; item 5 a 较大 hazard (YH-20261125-001, 302's exit blocked,
//     photos https URLs) fixed on time by 李老师 at 18:00 and re-checked by
//     陈主任 at 19:00;
//   - 每日校园巡查 (门卫, daily): 11-28 and 11-29 done by 老郑, 11-30
//     missed; on 11-29 item 4 a 重大 hazard (YH-20261129-001, 实验楼二楼男厕所
//     电线裸露, due 11-30 07:30, photo a WeChat media id) still open;
//   - 发现隐患 by 王老师 on 11-10: 一般 (YH-20261110-001, 303 窗户玻璃裂了,
//     due 11-10 21:00; 303 has no owner, so the 总务主任 rectifies it) fixed
//     late on 11-11 and waiting for its re-check;
//   - October: a 一般 hazard closed (outside the month);
//   - equipment: 灭火器 JX-302 (302, expires 2026-12-15), JX-101 (一楼走廊,
//     2027-06-30), SY-201 (实验楼二楼男厕所, expired 2026-11-10); 应急灯 YJ-1
//     (no expiry).
func SafetySeed(tb testing.TB, db *store.DB, s School) Safety {
	tb.Helper()
	ctx := context.Background()
	loc := s.Location()
	at := func(day, h, m int) time.Time { return time.Date(2026, 11, day, h, m, 0, 0, loc) }
	out := Safety{Plans: map[string]inspection.Plan{}}
	do := func(fn func(tx *store.Tx) error) {
		tb.Helper()
		if err := db.InTx(ctx, func(ftx flows.Tx) error { return fn(ftx.(*store.Tx)) }); err != nil {
			tb.Fatal(err)
		}
	}
	created := time.Date(2026, 9, 1, 8, 0, 0, 0, loc)
	for _, p := range inspection.DefaultPlans() {
		if p.Name != "消防器材月检" && p.Name != "每日校园巡查" {
			continue
		}
		p.SchoolID = s.ID
		do(func(tx *store.Tx) error { _, err := tx.SavePlan(ctx, &p, created); return err })
		out.Plans[p.Name] = p
	}
	check := func(plan string, w inspection.Window, who string, status inspection.CheckStatus, done time.Time) inspection.Check {
		c := inspection.Check{SchoolID: s.ID, PlanID: out.Plans[plan].ID, WindowKey: w.Key, Opens: w.Opens, Closes: w.Closes,
			InspectorID: s.Staff[who].ID, Status: status, DoneAt: done}
		if !done.IsZero() {
			c.StartedAt = done.Add(-20 * time.Minute)
		}
		do(func(tx *store.Tx) error { return tx.CreateCheck(ctx, &c) })
		return c
	}
	hazard := func(h inspection.Hazard, events ...inspection.HazardEvent) inspection.Hazard {
		h.SchoolID = s.ID
		do(func(tx *store.Tx) error {
			var err error
			if h.Ref, err = tx.NextHazardRef(ctx, s.ID, h.FoundAt.In(loc)); err != nil {
				return err
			}
			want := h
			h.Status, h.FixedAt, h.FixedBy, h.FixPhoto, h.RecheckedAt, h.RecheckedBy = inspection.HazardOpen, time.Time{}, 0, "", time.Time{}, 0
			if err := tx.CreateHazard(ctx, &h, inspection.HazardEvent{At: h.FoundAt, ActorID: h.FinderID, Kind: inspection.EventFound, To: h.Status}); err != nil {
				return err
			}
			want.ID = h.ID
			for _, ev := range events {
				cur := want
				cur.Status = ev.To
				if ev.To == inspection.HazardFixed {
					cur.RecheckedAt, cur.RecheckedBy = time.Time{}, 0
				}
				if err := tx.UpdateHazard(ctx, cur, ev); err != nil {
					return err
				}
			}
			h = want
			return nil
		})
		out.Hazards = append(out.Hazards, h)
		return h
	}
	results := func(c inspection.Check, p inspection.Plan, bad map[int]int64) {
		do(func(tx *store.Tx) error {
			for _, it := range p.Items {
				r := inspection.Result{CheckID: c.ID, Seq: it.Seq, Item: it.Text, OK: bad[it.Seq] == 0, HazardID: bad[it.Seq]}
				if err := tx.SaveResult(ctx, s.ID, r); err != nil {
					return err
				}
			}
			return nil
		})
	}

	// October: a 一般 hazard found and closed, outside the month.
	oct := time.Date(2026, 10, 15, 9, 0, 0, 0, loc)
	hazard(inspection.Hazard{Place: "操场", Description: "篮球架松动", Level: inspection.LevelGeneral, FinderID: s.Staff["陈主任"].ID,
		ResponsibleID: s.Staff["陈主任"].ID, FoundAt: oct, DueAt: oct.Add(12 * time.Hour), FixedAt: oct.Add(5 * time.Hour),
		FixedBy: s.Staff["王师傅"].ID, RecheckedAt: oct.Add(6 * time.Hour), RecheckedBy: s.Staff["陈主任"].ID, Status: inspection.HazardClosed},
		inspection.HazardEvent{At: oct.Add(5 * time.Hour), Kind: inspection.EventFixed, From: inspection.HazardOpen, To: inspection.HazardFixed},
		inspection.HazardEvent{At: oct.Add(6 * time.Hour), Kind: inspection.EventPassed, From: inspection.HazardFixed, To: inspection.HazardClosed})

	// 11-10: 王老师 reports a 一般 hazard in 303, which has no owner: the
	// 总务主任 fixes it late; no re-check yet.
	found := at(10, 16, 0)
	hazard(inspection.Hazard{LocationID: s.Locs["303"].ID, Place: "教学楼303（初二(4)班）", Description: "窗户玻璃裂了", Photo: "wx-media-10",
		Level: inspection.LevelGeneral, FinderID: s.Staff["王老师"].ID, ResponsibleID: s.Staff["陈主任"].ID, FoundAt: found,
		DueAt: at(10, 21, 0), FixedAt: at(11, 9, 30), FixedBy: s.Staff["陈主任"].ID, FixPhoto: "wx-media-11", Status: inspection.HazardFixed},
		inspection.HazardEvent{At: at(11, 9, 30), Kind: inspection.EventFixed, From: inspection.HazardOpen, To: inspection.HazardFixed})

	// 11-25: the fire check, item 5 blocked exit, fixed on time and closed.
	fire := out.Plans["消防器材月检"]
	w, _ := fire.Schedule.WindowAt(at(25, 10, 0), loc)
	fc := check("消防器材月检", w, "陈主任", inspection.CheckDone, at(25, 10, 30))
	exit := hazard(inspection.Hazard{CheckID: fc.ID, ItemSeq: 5, LocationID: s.Locs["302"].ID, Place: "教学楼302（初二(3)班）",
		Description: "安全出口堆了杂物", Photo: "https://img.example.edu.cn/yh/25-1.jpg", Level: inspection.LevelMajor,
		FinderID: s.Staff["陈主任"].ID, ResponsibleID: s.Staff["李老师"].ID, FoundAt: at(25, 10, 20), DueAt: at(25, 21, 0),
		FixedAt: at(25, 18, 0), FixedBy: s.Staff["李老师"].ID, FixPhoto: "https://img.example.edu.cn/yh/25-1-fixed.jpg",
		FixNote: "杂物已清走", RecheckedAt: at(25, 19, 0), RecheckedBy: s.Staff["陈主任"].ID, Status: inspection.HazardClosed},
		inspection.HazardEvent{At: at(25, 18, 0), Kind: inspection.EventFixed, From: inspection.HazardOpen, To: inspection.HazardFixed},
		inspection.HazardEvent{At: at(25, 19, 0), Kind: inspection.EventPassed, From: inspection.HazardFixed, To: inspection.HazardClosed})
	results(fc, fire, map[int]int64{5: exit.ID})

	// The daily round: 11-28 fine, 11-29 a serious hazard, 11-30 missed.
	daily := out.Plans["每日校园巡查"]
	w28, _ := daily.Schedule.WindowAt(at(28, 19, 0), loc)
	results(check("每日校园巡查", w28, "老郑", inspection.CheckDone, at(28, 19, 40)), daily, nil)
	w29, _ := daily.Schedule.WindowAt(at(29, 19, 0), loc)
	c29 := check("每日校园巡查", w29, "老郑", inspection.CheckDone, at(29, 20, 0))
	wire := hazard(inspection.Hazard{CheckID: c29.ID, ItemSeq: 4, LocationID: s.Locs["toilet"].ID, Place: "实验楼二楼男厕所",
		Description: "电线裸露", Photo: "wx-media-29", Level: inspection.LevelSerious, FinderID: s.Staff["老郑"].ID,
		ResponsibleID: s.Staff["孙师傅"].ID, FoundAt: at(29, 19, 50), DueAt: at(30, 7, 30), Status: inspection.HazardOpen})
	results(c29, daily, map[int]int64{4: wire.ID})
	w30, _ := daily.Schedule.WindowAt(at(30, 19, 0), loc)
	c30 := inspection.Check{SchoolID: s.ID, PlanID: daily.ID, WindowKey: w30.Key, Opens: w30.Opens, Closes: w30.Closes, Status: inspection.CheckMissed}
	do(func(tx *store.Tx) error { return tx.CreateCheck(ctx, &c30) })

	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	for _, e := range []inspection.Equipment{
		{Kind: "灭火器", Code: "JX-302", LocationID: s.Locs["302"].ID, Expires: day(2026, 12, 15)},
		{Kind: "灭火器", Code: "JX-101", Place: "教学楼一楼走廊", Expires: day(2027, 6, 30)},
		{Kind: "灭火器", Code: "SY-201", LocationID: s.Locs["toilet"].ID, Expires: day(2026, 11, 10)},
		{Kind: "应急灯", Code: "YJ-1", Place: "楼梯口"},
	} {
		e.SchoolID = s.ID
		do(func(tx *store.Tx) error { _, err := tx.SaveEquipment(ctx, &e); return err })
	}
	return out
}
