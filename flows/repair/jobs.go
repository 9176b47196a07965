package repair

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
)

// pendingStore is an optional capability of a Store: RepairsWaiting
// without the open, non-urgent repairs for which repairDuties would do
// nothing at now because every duty due by now (the reminder before the
// due time, the escalation at it, the principal late after it) is claimed
// already under its jobKey (prefix refKind+":"). The tick then reads what
// became due since the last tick instead of the whole backlog of overdue
// repairs; the claims stay the guard against acting twice.
type pendingStore interface {
	RepairsPending(ctx context.Context, schoolID int64, now, until, doneBefore time.Time, late time.Duration, keyPrefix string) ([]Repair, error)
}

func repairTick(t *flows.Turn) error {
	st := t.School.Settings
	remindBefore := time.Duration(st.ReminderMinutes) * time.Minute
	autoAfter := time.Duration(st.AutoConfirmDays) * 24 * time.Hour
	var rs []Repair
	var err error
	if p, ok := t.Tx.(pendingStore); ok {
		late := time.Duration(st.PrincipalAfterHrs) * time.Hour
		rs, err = p.RepairsPending(t.Ctx, t.School.ID, t.Now, t.Now.Add(remindBefore), t.Now.Add(-autoAfter), late, refKind+":")
	} else {
		rs, err = db(t).RepairsWaiting(t.Ctx, t.School.ID, t.Now.Add(remindBefore), t.Now.Add(-autoAfter))
	}
	if err != nil {
		return err
	}
	var late []Repair
	for _, r := range rs {
		if err := repairDuties(t, r, remindBefore, autoAfter, &late); err != nil {
			return fmt.Errorf("repair %s: %w", r.Ref, err)
		}
	}
	return escalateLate(t, late)
}

// escalateLate tells the 分管领导 and the 总务主任 of the repairs that
// became overdue at this tick: one 【维修超时】 card for one, one list for
// several. User test 29's 总务主任, opening his chat, got every overdue
// job of the demo as a card of its own (with the day's other notices,
// some twenty) before any reply. The list is not withdrawn when one of
// its jobs ends (EndedNotices): it asks about the others too.
func escalateLate(t *flows.Turn, late []Repair) error {
	if len(late) == 1 {
		r := late[0]
		id := strconv.Itoa(Num(r))
		text := fmt.Sprintf("【维修超时】%s\n地点：%s\n问题：%s\n维修人员：%s（%s）\n期限 %s 已过，请督促或回复「处理 %s」改派、批准外修或暂缓。",
			r.Ref, r.Place(), r.Description, r.WorkerName, r.Status.Label(), t.When(r.DueAt), id)
		return t.NotifyRoles([]flows.Role{flows.RoleLeader, flows.RoleHead}, flows.Notification{Kind: NoticeEscalated, Ref: ref(r), Text: text,
			Buttons: []flows.Button{{Label: "处理", Data: action(verbLead, r.ID)}}, Link: t.Link("/r/" + r.Ref)})
	}
	if len(late) == 0 {
		return nil
	}
	var b strings.Builder
	fmt.Fprintf(&b, "【维修超时】以下 %d 单已过期限：", len(late))
	buttons := make([]flows.Button, 0, len(late))
	for _, r := range late {
		fmt.Fprintf(&b, "\n· %s %s「%s」（%s，%s），期限 %s", r.Ref, r.Place(), jobWords(r, 20), workerOrOffice(r), r.Status.Label(), t.When(r.DueAt))
		if len(buttons) < maxLateButtons { // every job listed; the rest typed
			buttons = append(buttons, flows.Button{Label: "处理 " + strconv.Itoa(Num(r)), Data: action(verbLead, r.ID)})
		}
	}
	b.WriteString("\n请督促，或回复「处理 编号」改派、批准外修或暂缓。")
	return t.NotifyRoles([]flows.Role{flows.RoleLeader, flows.RoleHead}, flows.Notification{Kind: NoticeEscalated, Text: b.String(), Buttons: buttons})
}

// maxLateButtons bounds the 处理 buttons of escalateLate's list, which
// a term's first day after a holiday could make long.
const maxLateButtons = 10

// repairDuties does r's duties due at the tick; a repair to escalate to
// the leaders is added to overdue, for escalateLate.
func repairDuties(t *flows.Turn, r Repair, remindBefore, autoAfter time.Duration, overdue *[]Repair) error {
	id := strconv.Itoa(Num(r))
	ref := ref(r)
	// Claims are keyed by the due time, so a new due time (reopen,
	// reclassification, a leader's decision) gets its own reminders.
	claim := func(duty string) (bool, error) { return t.Tx.ClaimJob(t.Ctx, jobKey(duty, r), t.Now) }

	if r.Status == RepairDone {
		if t.Now.Sub(r.DoneAt) < autoAfter {
			return nil
		}
		locked, err := db(t).Repair(t.Ctx, r.ID)
		if err != nil || locked.Status != RepairDone {
			return err // someone signed it off meanwhile
		}
		locked.Status, locked.ClosedAt, locked.AutoConfirmed = RepairClosed, t.Now, true
		if err := db(t).UpdateRepair(t.Ctx, locked, RepairEvent{At: t.Now, Kind: EventAutoConfirmed, From: RepairDone, To: RepairClosed,
			Note: fmt.Sprintf("%d 天未验收，自动确认", t.School.Settings.AutoConfirmDays)}); err != nil {
			return err
		}
		if err := groupCard(t, locked); err != nil {
			return err
		}
		if err := tellFollowers(t, locked, fmt.Sprintf("你关注的 %s（%s %s）完成后 %d 天未验收，已自动确认，这次维修结束了。",
			r.Ref, r.Place(), followerDesc(r), t.School.Settings.AutoConfirmDays)); err != nil {
			return err
		}
		return t.Notify(flows.Notification{ToStaff: r.ReporterID, Kind: NoticeUpdate, Ref: ref,
			Text: fmt.Sprintf("你报修的 %s（%s %s）完成后 %d 天未验收，已自动确认。如果其实没修好，请重新报修。", r.Ref, r.Place(), r.Description, t.School.Settings.AutoConfirmDays)})
	}

	// An urgent repair has its own reminders, every UrgentRemindMins
	// until it is done, but not while a leader decides (blocked), nor
	// once a leader deferred it or approved a purchase with days to do it
	// (the new due time's reminders take over), nor at the tick that
	// escalates it (the worker hears of that).
	urgent := r.Tier == TierUrgent && (r.Status == RepairAssigned || r.Status == RepairAccepted) && !strings.HasPrefix(r.Decision, decisionApproved)
	if t.Now.Before(r.DueAt) {
		if urgent {
			return urgentReminder(t, r)
		}
		if r.Status == RepairBlocked || t.Now.Before(r.DueAt.Add(-remindBefore)) {
			return nil
		}
		if ok, err := claim("remind"); !ok || err != nil {
			return err
		}
		return t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeReminder, Ref: ref,
			Text:    fmt.Sprintf("【提醒】%s（%s %s）还有 %s 到期（%s）。修好后回复「完成 %s」；修不好请回复「修不好 %s」。", r.Ref, r.Place(), r.Description, formatLate(r.DueAt.Sub(t.Now)), t.When(r.DueAt), id, id),
			Buttons: jobButtons(r)})
	}

	// Overdue: 分管领导 and 总务主任 at the due time.
	if ok, err := claim("escalate"); err != nil {
		return err
	} else if !ok && urgent {
		if err := urgentReminder(t, r); err != nil {
			return err
		}
	} else if ok {
		*overdue = append(*overdue, r)
		if err := t.Notify(flows.Notification{ToStaff: r.ReporterID, Kind: NoticeUpdate, Ref: ref,
			Text: fmt.Sprintf("抱歉，你报修的 %s（%s %s）没能在期限内修好，已上报分管领导督办。", r.Ref, r.Place(), r.Description)}); err != nil {
			return err
		}
		if r.Status != RepairBlocked {
			if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeReminder, Ref: ref,
				Text: fmt.Sprintf("【已超时】%s（%s %s）已过期限，已上报分管领导。请尽快处理，或回复「修不好 %s」说明原因。", r.Ref, r.Place(), r.Description, id)}); err != nil {
				return err
			}
		}
	}
	// Still open long after: 校长.
	late := time.Duration(t.School.Settings.PrincipalAfterHrs) * time.Hour
	if t.Now.Before(r.DueAt.Add(late)) {
		return nil
	}
	if ok, err := claim("principal"); !ok || err != nil {
		return err
	}
	text := fmt.Sprintf("【维修严重超时】%s\n地点：%s\n问题：%s\n维修人员：%s（%s）\n已超过期限 %s，分管领导尚未解决。回复「处理 %s」可直接处理。",
		r.Ref, r.Place(), r.Description, r.WorkerName, r.Status.Label(), formatLate(t.Now.Sub(r.DueAt)), id)
	return t.NotifyRoles([]flows.Role{flows.RolePrincipal}, flows.Notification{Kind: NoticeEscalated, Ref: ref, Text: text,
		Buttons: []flows.Button{{Label: "处理", Data: action(verbLead, r.ID)}}, Link: t.Link("/r/" + r.Ref)})
}

// urgentReminder reminds the worker of an open urgent repair every
// UrgentRemindMins after the report until it is done, and while nobody
// has taken it the 总务主任 too. Each reminder is claimed by its number,
// so two schedulers (or a restart) never send one twice, and a tick that
// was missed sends only the latest.
func urgentReminder(t *flows.Turn, r Repair) error {
	every := time.Duration(t.School.Settings.UrgentRemindMins) * time.Minute
	if every <= 0 {
		return nil
	}
	n := int(t.Now.Sub(r.ReportedAt) / every)
	if n < 1 {
		return nil
	}
	if ok, err := t.Tx.ClaimJob(t.Ctx, jobKey("urgent"+strconv.Itoa(n), r), t.Now); !ok || err != nil {
		return err
	}
	id := strconv.Itoa(Num(r))
	when := "还有 " + formatLate(r.DueAt.Sub(t.Now)) + "到期"
	if !t.Now.Before(r.DueAt) {
		when = "已超过期限 " + formatLate(t.Now.Sub(r.DueAt))
	}
	text := fmt.Sprintf("【紧急提醒】%s（%s %s）是安全隐患，报修已 %s，%s（%s）。", r.Ref, r.Place(), r.Description,
		formatLate(t.Now.Sub(r.ReportedAt)), when, t.When(r.DueAt))
	if r.Status == RepairAssigned {
		text += fmt.Sprintf("请马上回复「接单 %s」并赶到现场；", id)
	}
	text += fmt.Sprintf("修好后回复「完成 %s」。", id)
	if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeReminder, Ref: ref(r), Text: text, Buttons: jobButtons(r)}); err != nil {
		return err
	}
	if r.Status != RepairAssigned {
		return nil
	}
	heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
	if err != nil {
		return err
	}
	for _, h := range heads {
		if h.ID == r.WorkerID {
			continue
		}
		if err := t.Notify(flows.Notification{ToStaff: h.ID, Kind: NoticeReminder, Ref: ref(r),
			Text: fmt.Sprintf("【紧急报修无人接单】%s（%s %s）报修已 %s，%s还没有接单。如需改派，请回复「处理 %s」。",
				r.Ref, r.Place(), r.Description, formatLate(t.Now.Sub(r.ReportedAt)), workerOrOffice(r), id),
			Buttons: []flows.Button{{Label: "处理", Data: action(verbLead, r.ID)}}}); err != nil {
			return err
		}
	}
	return nil
}
