package visit

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
)

// visitTimeouts tells the guard (once per visit) that the host has not
// answered, so the guard can ask the 总务主任; the 总务主任 hears too and
// may answer directly.
func visitTimeouts(t *flows.Turn) error {
	wait := time.Duration(t.School.Settings.HostConfirmMinutes) * time.Minute
	vs, err := db(t).VisitsAwaitingHost(t.Ctx, t.School.ID, t.Now.Add(-wait))
	if err != nil {
		return err
	}
	if len(vs) == 0 {
		return nil
	}
	heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
	if err != nil {
		return err
	}
	head := "总务主任"
	if len(heads) > 0 {
		head += heads[0].Name
		if heads[0].Phone != "" {
			head += "（" + heads[0].Phone + "）"
		}
	}
	for _, v := range vs {
		id, num := strconv.FormatInt(v.ID, 10), strconv.Itoa(Num(v))
		if ok, err := t.Tx.ClaimJob(t.Ctx, refKind+":timeout:"+id, t.Now); !ok || err != nil {
			if err != nil {
				return err
			}
			continue
		}
		if err := db(t).AddVisitEvent(t.Ctx, VisitEvent{VisitID: v.ID, At: t.Now, Kind: EventHostTimeout,
			Note: fmt.Sprintf("被访人%s %d 分钟未回复，已提醒门卫和总务主任", v.HostName, t.School.Settings.HostConfirmMinutes)}); err != nil {
			return err
		}
		if err := t.Notify(flows.Notification{ToStaff: v.GuardID, Kind: NoticeTimeout, Ref: Ref(v.ID),
			Text: fmt.Sprintf("【被访人未回复】第 %d 号访客%s（找%s，%s）已等 %d 分钟，%s还没有回复。\n请先电话联系%s；联系不上的，请电话请示%s：同意的回复「总务主任同意 %s」放行，不同意的请访客离开并回复「离校 %s」。",
				Num(v), v.Name, v.HostName, v.Purpose, t.School.Settings.HostConfirmMinutes, v.HostName, v.HostName, head, num, num),
			Buttons: []flows.Button{{Label: "总务主任同意放行", Data: action(verbHead, v.ID)}, {Label: "访客已离开", Data: action(verbOut, v.ID)}}}); err != nil {
			return err
		}
		for _, h := range heads {
			if err := t.Notify(flows.Notification{ToStaff: h.ID, Kind: NoticeTimeout, Ref: Ref(v.ID),
				Text: fmt.Sprintf("【访客待确认】第 %d 号访客%s找%s（%s，%d 人），已等 %d 分钟没有回复。门卫%s可能会打电话请示你；你也可以直接回复「同意 %s」或「拒绝 %s」。",
					Num(v), v.Name, v.HostName, v.Purpose, v.Party, t.School.Settings.HostConfirmMinutes, v.GuardName, num, num),
				Buttons: hostButtons(v.ID)}); err != nil {
				return err
			}
		}
	}
	return nil
}

// visitGateClose runs once a day at the school's gate-closing time: the
// visitors still inside are flagged (for the next digest) and listed to
// the guards.
func visitGateClose(t *flows.Turn) error {
	loc := t.School.Location()
	closeAt := t.School.Settings.GateClose.On(t.Now, loc)
	if t.Now.Before(closeAt) {
		return nil
	}
	day := t.Now.In(loc).Format("2006-01-02")
	if ok, err := t.Tx.ClaimJob(t.Ctx, fmt.Sprintf("%s:close:%d:%s", refKind, t.School.ID, day), t.Now); !ok || err != nil {
		return err
	}
	vs, err := db(t).VisitsInside(t.Ctx, t.School.ID)
	if err != nil || len(vs) == 0 {
		return err
	}
	lines := make([]string, len(vs))
	for i, v := range vs {
		v.InsideAtClose = true
		if err := db(t).UpdateVisit(t.Ctx, v, VisitEvent{At: t.Now, Kind: EventInsideAtClose,
			Note: "闭校时（" + t.School.Settings.GateClose.String() + "）仍未登记离校"}); err != nil {
			return err
		}
		lines[i] = "· " + insideLine(t, v) + fmt.Sprintf("［离开后回复「离校 %d」］", Num(v))
	}
	text := fmt.Sprintf("【闭校提醒】%s 已到，还有 %d 位访客没有登记离校：\n%s\n请核实：已经离开的请补登离校；仍在校内的请联系被访人。明早的日报会列出这些访客。",
		t.School.Settings.GateClose, len(vs), strings.Join(lines, "\n"))
	return t.NotifyRoles([]flows.Role{flows.RoleGuard}, flows.Notification{Kind: NoticeClose, Ref: refGate + ":" + day, Text: text})
}

// visitPurge removes personal data of visits older than the school's
// retention period. The store only touches visits not purged yet, so the
// job is idempotent without a claim.
func visitPurge(t *flows.Turn) error {
	days := t.School.Settings.VisitorRetentionDays
	if days < 1 {
		return nil
	}
	_, err := db(t).PurgeVisits(t.Ctx, t.School.ID, t.Now.Add(-time.Duration(days)*24*time.Hour), t.Now)
	return err
}
