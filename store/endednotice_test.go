package store_test

import (
	"testing"
	"time"

	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store/storetest"
)

// A repair done before its 【维修严重超时】 reached the principal no longer
// tells him it is late (user test 27's re-run: opening his chat, he was
// shown two repairs 待接单 that had been done and signed off): its
// undelivered reminders and escalations are withdrawn when it ends; its
// other notices, those already sent, and other repairs' stay.
func TestEndedRepairWithdrawsItsLateNotices(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	due := storetest.DigestDay.Add(21 * time.Hour)
	add := func(ref string) int64 {
		return storetest.AddRepair(t, db, s, storetest.RepairSeed{Ref: ref, Loc: "302",
			Reporter: "李老师", Worker: "王师傅", Desc: "课桌坏了", Status: repair.RepairAccepted, Reported: due.Add(-3 * time.Hour), Due: due})
	}
	ended, other := add("BX-T-001"), add("BX-T-002")
	queue := func(kind string, id int64, status string) int64 {
		var row int64
		if err := db.SQL().Get(&row, `
			INSERT INTO outbox (school_id, to_staff, kind, ref, body, next_at, created_at, status)
			VALUES ($1, $2, $3, $4, '通知', $5, $5, $6) RETURNING id`,
			s.ID, s.Staff["张校长"].ID, kind, repair.Ref(id), due, status); err != nil {
			t.Fatal(err)
		}
		return row
	}
	late := queue(repair.NoticeEscalated, ended, "pending")
	urgent := queue(repair.NoticeUrgent, ended, "pending")
	remind := queue(repair.NoticeReminder, ended, "pending")
	update := queue(repair.NoticeUpdate, ended, "pending")
	sent := queue(repair.NoticeEscalated, ended, "sent")
	others := queue(repair.NoticeEscalated, other, "pending")

	r, err := db.Repair(ctx, ended)
	if err != nil {
		t.Fatal(err)
	}
	r.Status, r.DoneAt = repair.RepairDone, due.Add(time.Hour)
	if err := db.UpdateRepair(ctx, r, repair.RepairEvent{At: r.DoneAt, Kind: repair.EventDone, From: repair.RepairAccepted, To: repair.RepairDone}); err != nil {
		t.Fatal(err)
	}
	want := map[int64]string{late: "failed", urgent: "failed", remind: "failed", update: "pending", sent: "sent", others: "pending"}
	for id, status := range want {
		var got string
		if err := db.SQL().Get(&got, `SELECT status FROM outbox WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		if got != status {
			t.Errorf("outbox row %d: %s, want %s", id, got, status)
		}
	}
}

// A hazard's early alert still undelivered when the report is filed is
// withdrawn (and its recipients returned, to be sent the filed alert
// instead); one sent, another kind, another reference stay. The filed
// alert to a leader who may have read the early one (NoticeUrgentFiled)
// stays when the repair ends: user test 29's 分管领导 read only 「报修单尚未
// 提交」 of a hazard filed and fixed.
func TestWithdrawNoticesAndTheFiledAlertStays(t *testing.T) {
	db := storetest.Open(t)
	s := storetest.Seed(t, db, "一中")
	due := storetest.DigestDay.Add(21 * time.Hour)
	id := storetest.AddRepair(t, db, s, storetest.RepairSeed{Ref: "BX-T-001", Loc: "302",
		Reporter: "李老师", Worker: "王师傅", Desc: "配电箱冒烟", Status: repair.RepairAccepted, Reported: due.Add(-3 * time.Hour), Due: due})
	queue := func(who, kind, ref, status string) int64 {
		var row int64
		if err := db.SQL().Get(&row, `
			INSERT INTO outbox (school_id, to_staff, kind, ref, body, next_at, created_at, status)
			VALUES ($1, $2, $3, $4, '通知', $5, $5, $6) RETURNING id`,
			s.ID, s.Staff[who].ID, kind, ref, due, status); err != nil {
			t.Fatal(err)
		}
		return row
	}
	early := "repair.draft:1-1"
	pending := queue("张校长", repair.NoticeUrgent, early, "pending")
	sent := queue("王师傅", repair.NoticeUrgent, early, "sent")
	otherKind := queue("张校长", repair.NoticeUpdate, early, "pending")
	otherRef := queue("张校长", repair.NoticeUrgent, "repair.draft:1-2", "pending")
	filed := queue("张校长", repair.NoticeUrgentFiled, repair.Ref(id), "pending")

	got, err := db.WithdrawNotices(ctx, s.ID, repair.NoticeUrgent, early, "replaced", due)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0] != s.Staff["张校长"].ID {
		t.Errorf("withdrawn for %v, want [%d]", got, s.Staff["张校长"].ID)
	}
	r, err := db.Repair(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	r.Status, r.DoneAt = repair.RepairDone, due.Add(time.Hour)
	if err := db.UpdateRepair(ctx, r, repair.RepairEvent{At: r.DoneAt, Kind: repair.EventDone, From: repair.RepairAccepted, To: repair.RepairDone}); err != nil {
		t.Fatal(err)
	}
	want := map[int64]string{pending: "failed", sent: "sent", otherKind: "pending", otherRef: "pending", filed: "pending"}
	for id, status := range want {
		var got string
		if err := db.SQL().Get(&got, `SELECT status FROM outbox WHERE id = $1`, id); err != nil {
			t.Fatal(err)
		}
		if got != status {
			t.Errorf("outbox row %d: %s, want %s", id, got, status)
		}
	}
}
