package inspection

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
)

// missedLookback is how long after a window closes its missed check is
// still recorded (a scheduler that was down for a weekend catches up); a
// plan never owes windows that closed before it was created.
const missedLookback = 7 * 24 * time.Hour

// checkTick announces long windows when they open, reminds whoever owes a
// check before its window closes, and records the checks of the window
// that closed last which nobody finished as missed, telling the 总务主任.
// Each of those happens once per window and place.
func checkTick(t *flows.Turn) error {
	plans, err := db(t).Plans(t.Ctx, t.School.ID)
	if err != nil || len(plans) == 0 {
		return err
	}
	checks, err := db(t).ChecksClosingAfter(t.Ctx, t.School.ID, t.Now.Add(-missedLookback-24*time.Hour))
	if err != nil {
		return err
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return err
	}
	have := map[checkKey]Check{}
	for _, c := range checks {
		have[keyOf(c)] = c
	}
	loc := t.School.Location()
	for _, p := range plans {
		if p.Schedule.Every == AdHoc {
			continue
		}
		tgs, err := targets(t, p, locs, Window{})
		if err != nil {
			return err
		}
		if w, ok := p.Schedule.WindowAt(t.Now, loc); ok {
			owed := tgs
			if p.Assignee.Kind == AssignDuty {
				if owed, err = targets(t, p, locs, w); err != nil {
					return err
				}
			}
			for _, tg := range owed {
				c, ok := have[checkKey{p.ID, w.Key, tg.LocationID}]
				if ok && c.Status != CheckOpen {
					continue
				}
				if err := remindCheck(t, p, w, tg); err != nil {
					return fmt.Errorf("plan %s: %w", p.Name, err)
				}
			}
		}
		after := p.CreatedAt
		if earliest := t.Now.Add(-missedLookback); after.Before(earliest) {
			after = earliest
		}
		if err := recordMissed(t, p, p.Schedule.ClosedIn(after, t.Now, loc), tgs, have); err != nil {
			return fmt.Errorf("plan %s: %w", p.Name, err)
		}
	}
	return nil
}

func claimKey(parts ...any) string {
	s := make([]string, len(parts))
	for i, p := range parts {
		s[i] = fmt.Sprint(p)
	}
	return strings.Join(s, ":")
}

func startButton(p Plan, tg target) []flows.Button {
	a := flows.Action{Prefix: CheckPrefix, Verb: string(VerbStart), ID: p.ID}
	if tg.LocationID != 0 {
		a.Args = []string{strconv.FormatInt(tg.LocationID, 10)}
	}
	return []flows.Button{{Label: "开始检查", Data: a.String()}}
}

// remindCheck announces a long window once when it opens, and reminds once
// when it is about to close.
func remindCheck(t *flows.Turn, p Plan, w Window, tg target) error {
	loc := t.School.Location()
	title := planTitle(p.Name, tg.Place)
	var kind, text, what string
	switch {
	case !t.Now.Before(w.RemindAt()):
		what, kind = "remind", KindCheckReminder
		text = fmt.Sprintf("【检查提醒】「%s」（%s）还没有做，请在%s 前完成。回复「巡查」开始。", title, windowLabel(p, w, loc), t.When(w.Closes))
	case w.Long():
		what, kind = "open", KindCheckOpened
		text = fmt.Sprintf("【检查通知】%s的「%s」可以开始了，请在%s 前完成。回复「巡查」开始。", windowLabel(p, w, loc), title, t.When(w.Closes))
	default:
		return nil
	}
	ok, err := t.Tx.ClaimJob(t.Ctx, claimKey(CheckPrefix, what, p.ID, w.Key, tg.LocationID), t.Now)
	if !ok || err != nil {
		return err
	}
	for _, id := range tg.Staff {
		if err := t.Notify(flows.Notification{ToStaff: id, Kind: kind, Ref: flows.Ref(RefCheck, p.ID), Text: text, Buttons: startButton(p, tg)}); err != nil {
			return err
		}
	}
	return nil
}

// dutyNames names who was on check duty when w closed, or says nobody was.
func dutyNames(t *flows.Turn, w Window) (string, error) {
	ids, err := onDutyAt(t, w.Closes)
	if err != nil || len(ids) == 0 {
		return "值班表上无人", err
	}
	var names []string
	for _, id := range ids {
		s, err := t.Tx.StaffByID(t.Ctx, id)
		if err != nil {
			return "", err
		}
		names = append(names, s.Name)
	}
	return strings.Join(names, "、"), nil
}

// recordMissed writes the unfinished checks of windows that closed as
// missed, once, and tells the 总务主任 in one message per plan.
func recordMissed(t *flows.Turn, p Plan, ws []Window, tgs []target, have map[checkKey]Check) error {
	loc := t.School.Location()
	var missed []string
	var last Window
	for _, w := range ws {
		var places []string
		for _, tg := range tgs {
			c, ok := have[checkKey{p.ID, w.Key, tg.LocationID}]
			switch {
			case ok && c.Status != CheckOpen:
				continue
			case ok:
				c.Status = CheckMissed
				if err := db(t).UpdateCheck(t.Ctx, c); err != nil {
					return err
				}
			default:
				c = Check{SchoolID: t.School.ID, PlanID: p.ID, WindowKey: w.Key, Opens: w.Opens, Closes: w.Closes,
					LocationID: tg.LocationID, Status: CheckMissed}
				err := db(t).CreateCheck(t.Ctx, &c)
				if errors.Is(err, flows.ErrConflict) {
					continue // another instance recorded it
				}
				if err != nil {
					return err
				}
			}
			places = append(places, tg.Place)
		}
		if len(places) == 0 {
			continue
		}
		if ok, err := t.Tx.ClaimJob(t.Ctx, claimKey(CheckPrefix, "missed", p.ID, w.Key), t.Now); !ok || err != nil {
			if err != nil {
				return err
			}
			continue
		}
		what := windowLabel(p, w, loc)
		if p.Assignee.Kind == AssignDuty {
			who, err := dutyNames(t, w)
			if err != nil {
				return err
			}
			what += "，值班：" + who
		}
		if p.Assignee.Kind == AssignOwner {
			what += fmt.Sprintf("有 %d 处未完成：%s", len(places), strings.Join(places, "、"))
		}
		missed, last = append(missed, what), w
	}
	var text string
	switch {
	case len(missed) == 0:
		return nil
	case len(missed) == 1 && p.Assignee.Kind == AssignOwner:
		text = fmt.Sprintf("【漏检】「%s」（负责：%s）%s，截止时间 %s 已过，已记为漏检。", p.Name, p.Assignee.Label(), missed[0], t.When(last.Closes))
	case len(missed) == 1 && p.Assignee.Kind == AssignDuty:
		text = fmt.Sprintf("【漏检】「%s」（%s）没有完成，截止时间 %s 已过，已记为漏检。", p.Name, missed[0], t.When(last.Closes))
	case len(missed) == 1:
		text = fmt.Sprintf("【漏检】「%s」（%s，负责：%s）没有完成，截止时间 %s 已过，已记为漏检。", p.Name, missed[0], p.Assignee.Label(), t.When(last.Closes))
	default:
		sep := "、"
		if p.Assignee.Kind == AssignOwner {
			sep = "；"
		}
		text = fmt.Sprintf("【漏检】「%s」（负责：%s）有 %d 次没有按时完成，已记为漏检：%s。", p.Name, p.Assignee.Label(), len(missed), strings.Join(missed, sep))
	}
	return t.NotifyRoles([]flows.Role{flows.RoleHead}, flows.Notification{Kind: KindCheckMissed, Ref: flows.Ref(RefCheck, p.ID), Text: text})
}

// hazardTick reminds before a rectification deadline, escalates after it
// (分管领导 and 总务主任 at the deadline, the 校长 principal_after_hours
// later), marks a hazard rectified when its linked repair is finished,
// and reminds whoever should re-check a day after the rectification.
func hazardTick(t *flows.Turn) error {
	st := t.School.Settings
	remindBefore := time.Duration(st.ReminderMinutes) * time.Minute
	hs, err := db(t).HazardsWaiting(t.Ctx, t.School.ID, t.Now.Add(remindBefore))
	if err != nil {
		return err
	}
	for _, h := range hs {
		if err := hazardDuties(t, h, remindBefore); err != nil {
			return fmt.Errorf("hazard %s: %w", h.Ref, err)
		}
	}
	return nil
}

// RecheckReminderAfter is how long a rectified hazard waits for its
// re-check before whoever should do it is reminded (once).
const RecheckReminderAfter = 24 * time.Hour

func hazardDuties(t *flows.Turn, h Hazard, remindBefore time.Duration) error {
	id := idText(h.ID)
	claim := func(what string, at time.Time) (bool, error) {
		return t.Tx.ClaimJob(t.Ctx, claimKey(ActorPrefix, what, id, at.Unix()), t.Now)
	}
	if h.Status == HazardFixed {
		if t.Now.Sub(h.FixedAt) < RecheckReminderAfter {
			return nil
		}
		if ok, err := claim("recheck", h.FixedAt); !ok || err != nil {
			return err
		}
		_, err := askRecheck(t, h, fixerName(t, h))
		return err
	}
	if h.RepairID != 0 {
		// The linked repair has its own reminders and escalation while it
		// is open; its 完成 is the rectification. A 完成 from before the
		// hazard's last re-check is the work that re-check failed: the
		// rework is the responsible person's (failRecheck told them, with
		// 整改完成 to reply), reminded and escalated as any hazard's. If the
		// repair is sent back and finished again, that later 完成 counts.
		r, err := flows.StoreOf[repair.Store](t).Repair(t.Ctx, h.RepairID)
		if err != nil {
			return err
		}
		// A withdrawn repair (its hazard passed and then reopened, or the
		// 总务主任 withdrew it) mends nothing: the hazard is reminded and
		// escalated as any other.
		finished := r.Status == repair.RepairDone || r.Status == repair.RepairClosed
		if !finished && r.Status != repair.RepairCancelled {
			return nil
		}
		if finished && (h.RecheckedAt.IsZero() || r.DoneAt.After(h.RecheckedAt)) {
			return repairFinished(t, h, r)
		}
	}
	if t.Now.Before(h.DueAt) {
		if t.Now.Before(h.DueAt.Add(-remindBefore)) {
			return nil
		}
		if ok, err := claim("remind", h.DueAt); !ok || err != nil {
			return err
		}
		return t.Notify(flows.Notification{ToStaff: h.ResponsibleID, Kind: KindReminder, Ref: hazardRef(h.ID),
			Text:    fmt.Sprintf("【整改提醒】%s 还有 %s 到期（%s）。%s", h.Title(), lateText(h.DueAt.Sub(t.Now)), t.When(h.DueAt), strings.TrimPrefix(fixHint(h), "\n")),
			Buttons: fixButtons(h)})
	}
	if ok, err := claim("escalate", h.DueAt); err != nil {
		return err
	} else if ok {
		text := hazardCard(t, h, "【隐患整改超时】") + "\n期限已过，请督促整改。"
		if err := t.NotifyRoles([]flows.Role{flows.RoleLeader, flows.RoleHead}, flows.Notification{Kind: KindEscalated, Ref: hazardRef(h.ID), Text: text}); err != nil {
			return err
		}
		if err := t.Notify(flows.Notification{ToStaff: h.ResponsibleID, Kind: KindReminder, Ref: hazardRef(h.ID),
			Text:    fmt.Sprintf("【已超时】%s 已过整改期限，已报告分管领导。请尽快整改。%s", h.Title(), strings.TrimPrefix(fixHint(h), "\n")),
			Buttons: fixButtons(h)}); err != nil {
			return err
		}
	}
	late := time.Duration(t.School.Settings.PrincipalAfterHrs) * time.Hour
	if t.Now.Before(h.DueAt.Add(late)) {
		return nil
	}
	if ok, err := claim("principal", h.DueAt); !ok || err != nil {
		return err
	}
	text := hazardCard(t, h, "【隐患严重超时】") + fmt.Sprintf("\n已超过期限 %s，仍未整改。", lateText(t.Now.Sub(h.DueAt)))
	return t.NotifyRoles([]flows.Role{flows.RolePrincipal}, flows.Notification{Kind: KindEscalated, Ref: hazardRef(h.ID), Text: text})
}

func fixerName(t *flows.Turn, h Hazard) string {
	if s, err := t.Tx.StaffByID(t.Ctx, h.FixedBy); err == nil {
		return s.Name
	}
	return h.ResponsibleName
}

// repairFinished marks a hazard rectified by its linked repair's 完成 (the
// worker's photo is the rectification photo) and asks for the re-check.
func repairFinished(t *flows.Turn, h Hazard, r repair.Repair) error {
	h, err := recordRepairFix(t, h, r)
	if err != nil {
		return err
	}
	_, err = askRecheck(t, h, r.WorkerName)
	return err
}

// fixedByRepair is h as its finished linked repair r rectified it: what
// repairFinished records.
func fixedByRepair(t *flows.Turn, h Hazard, r repair.Repair) Hazard {
	h.Status, h.FixedAt, h.FixedBy, h.FixPhoto = HazardFixed, r.DoneAt, r.WorkerID, r.DonePhoto
	if h.FixedAt.IsZero() || h.FixedAt.After(t.Now) {
		h.FixedAt = t.Now
	}
	h.FixNote = "维修单 " + r.Ref + " 已由" + r.WorkerName + "修好"
	return h
}

// recordRepairFix records h rectified by its finished linked repair r and
// returns it so.
func recordRepairFix(t *flows.Turn, h Hazard, r repair.Repair) (Hazard, error) {
	from := h.Status
	h = fixedByRepair(t, h, r)
	if err := db(t).UpdateHazard(t.Ctx, h, HazardEvent{At: t.Now, Kind: EventRepairFix, From: from, To: h.Status, Note: h.FixNote}); err != nil {
		return Hazard{}, err
	}
	return h, nil
}

// equipmentTick announces, once per item and expiry date, equipment that
// expires within ExpiryWarnDays (or has expired), to the 总务主任.
func equipmentTick(t *flows.Turn) error {
	loc := t.School.Location()
	y, m, d := t.Now.In(loc).Date()
	limit := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).AddDate(0, 0, ExpiryWarnDays)
	es, err := db(t).EquipmentExpiring(t.Ctx, t.School.ID, limit)
	if err != nil {
		return err
	}
	var lines []string
	for _, e := range es {
		ok, err := t.Tx.ClaimJob(t.Ctx, claimKey("eq", "expiry", e.ID, e.Expires.Format("20060102")), t.Now)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		left := e.DaysLeft(t.Now, loc)
		when := fmt.Sprintf("（还有 %d 天）", left)
		switch {
		case left < 0:
			when = fmt.Sprintf("（%d 天）", -left)
		case left == 0:
			when = "（就是今天）"
		}
		where := e.Place
		if where == "" {
			where = "未注明位置"
		}
		lines = append(lines, fmt.Sprintf("· %s %s（%s）：%s%s", e.Kind, e.Code, where, expiryText(e, t), when))
	}
	if len(lines) == 0 {
		return nil
	}
	return t.NotifyRoles([]flows.Role{flows.RoleHead}, flows.Notification{Kind: KindExpiry, Ref: flows.Ref(RefEquipment, t.School.ID),
		Text: fmt.Sprintf("【器材到期提醒】以下器材 %d 天内到期或已过期，请及时更换或送检：\n%s", ExpiryWarnDays, strings.Join(lines, "\n"))})
}
