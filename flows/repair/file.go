package repair

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// Filing is a repair report: the chat flow's, or one another capability
// files for the person in the turn (a hazard found on a safety round, 巡查,
// that needs a worker).
type Filing struct {
	LocationID  int64
	Trade       flows.Trade
	Item        string
	Description string
	Photo       string
	Tier        Tier   // "" is small
	Hazard      Hazard // the danger, for the safety line; "" for none
	// PlaceText is a place not in the location table, as written; the
	// repair is then filed under the school's 其他地点 (of Building) and
	// LocationID is ignored.
	PlaceText string
	Building  string
	// LeadersTold is set when the caller tells the 分管领导 and 总务主任 of
	// the danger itself (a serious hazard's alert, which names the repair):
	// an urgent repair then does not alert them a second time.
	LeadersTold bool
	// AlertedEarly is set when the 分管领导 and 总务主任 were told of the
	// danger before the report was filed (alertHazardDraft): the filed
	// report's alert then says it is that same hazard, not a second one.
	AlertedEarly bool
	// EarlyRef is the reference of that early alert (repairDraft.AlertRef),
	// by which a copy not delivered yet is withdrawn once the report is
	// filed; "" for none (a draft alerted before references were kept).
	EarlyRef string
	// Apart is set when the reporter said this report is not the open
	// repair of her own it looked like (不是同一个，仍要提交): it is then
	// merged into none of hers, only into another's.
	Apart bool
	// WorkerID is the worker the reporter named for it (user test 16's
	// guard: 「要修 叫周师傅」), 0 for none: the repair is that worker's,
	// whatever the route would choose.
	WorkerID int64
	// Into is the open repair the reporter said this report already is
	// (a hazard found on a round: 「已经有报修单了 别重复报」), 0 for none:
	// the report is merged into it when it is still open at the same
	// place, whatever its words, and otherwise filed as usual.
	Into int64
	// Calm is what the reporter said of an urgent hazard not being
	// urgent (calm.go), "" for nothing: the leaders' alert quotes it, as
	// theirs is the 改小修 once someone has seen it.
	Calm string
}

// File reports a repair as t.Staff, routes it under the usual rules and
// tells the worker, as a report by chat would. When the place already has
// an open repair of the same fault, File returns that one with
// existing=true, adds t.Staff as a follower and tells its worker, so a
// thing is never repaired twice.
func File(t *flows.Turn, f Filing) (r Repair, existing bool, err error) {
	out, err := fileReport(t, f, "")
	return out.Repair, out.Merged || out.Own, err
}

// filed is what became of a report: a new repair, or one it was merged
// into (Own: the reporter's own, reported again). A report of a fault
// that came back (返修, see findRecent) is either a new repair that
// follows Again, signed off lately, or, when the repair it follows was
// finished but not yet signed off, that repair sent back to its worker
// (Reworked; Again is then the repair as it was before).
type filed struct {
	Repair      Repair
	Merged, Own bool
	Again       *Repair
	Reworked    bool
	Escalated   bool // merged, and made urgent by the danger it told (escalateMerged)
}

// fileReport files f: into an open repair of the same fault at the same
// place (see sameFault), or as a new repair. where is how the place is
// shown ("": its name and class).
func fileReport(t *flows.Turn, f Filing, where string) (filed, error) {
	if f.PlaceText != "" {
		loc, err := db(t).OtherLocation(t.Ctx, t.School.ID, f.Building)
		if err != nil {
			return filed{}, err
		}
		f.LocationID = loc.ID
		where = otherPlace(f.Building, f.PlaceText)
	}
	if ra, ok := db(t).(RouteAhead); ok {
		// A new repair is routed next: its candidates come with the
		// duplicate check's read (a merge leaves them unread).
		loc, err := t.Tx.LocationByID(t.Ctx, f.LocationID)
		if err != nil {
			return filed{}, err
		}
		ra.ExpectRoute(t.School.ID, f.Trade, loc.Building, t.Now)
	}
	dup, ok, err := findInto(t, f)
	if err == nil && !ok {
		dup, ok, err = findDuplicate(t, f)
	}
	if err != nil {
		return filed{}, err
	}
	if ok {
		f = cutPlaceKept(dup, f) // 307 308 merged into 三楼's cut (powercut.go)
		out, err := mergeInto(t, dup, f)
		if err != nil || !out.Merged || !raises(dup, f) {
			return out, err
		}
		out.Repair, err = escalateMerged(t, out.Repair, f)
		out.Escalated = true
		return out, err
	}
	prev, ok, err := findRecent(t, f)
	if err != nil {
		return filed{}, err
	}
	if ok && prev.Status == RepairDone {
		out, ok, err := reworkDone(t, prev, f)
		if err != nil || ok {
			return out, err
		}
	} else if ok {
		r, err := create(t, f, where, &prev)
		return filed{Repair: r, Again: &prev}, err
	}
	r, err := create(t, f, where, nil)
	return filed{Repair: r}, err
}

// ReworkWithin is how long after a repair was finished a report of the
// same fault at the same place, saying that it came back, is its 返修.
const ReworkWithin = 7 * 24 * time.Hour

// againRE is a report saying the fault came back: 「又不亮了」「门锁又坏
// 了」「又被踢坏了」「又开始滴水了」「昨天才修的」「早上刚修的」「刚修好没两天」
// 「刚修没多久」「修了又漏」「上次修的」「老毛病又犯了」.
// Saying so is what makes a report look for the job it follows: a report
// without it is filed as new even where something was fixed last week,
// and a report that says it costs one read of the place's last finished
// repairs.
var againRE = rx.MustCompile(`又(?:被[^，,。！\s]{0,4})?(?:坏|断|不|漏|堵|松|掉|裂|烂|卡|响|跳|停|没|闪|滴|渗|冒|开|脱|歪|破|出|有)|又(?:开始|犯了|来了)|(?:才|刚)修(?:好|过|完|的|了|没)|修(?:好)?了又|修(?:好)?(?:了)?没(?:几天|多久|两天|一会)|上次修|前(?:几)?天修|老毛病`)

// cameBack reports whether a report says its fault came back (againRE)
// or was never mended (notFixedRE: 篮筐还是有点歪，没修好, the sixteenth user
// test's, said of a repair she had signed off by mistake minutes before):
// either follows the repair of it finished lately.
func cameBack(text string) bool {
	if anotherOneRE.MatchString(text) {
		return false
	}
	return againRE.MatchString(text) || notFixedRE.MatchString(text) || backAgainRE.MatchString(text)
}

// anotherOneRE is one more of the kind gone wrong, not the one mended
// coming back: 桌子又坏了一张, 又有一个灯不亮了, 又断了两根.
var anotherOneRE = rx.MustCompile(`又(?:坏|断|松|裂|掉|破|倒|歪|烂)了?(?:一|两|二|三|几|好几)(?:张|个|把|盏|扇|块|根|台|只|处|间|条|面|排)|又有(?:一|两|二|三|几|好几)(?:张|个|把|盏|扇|块|根|台|只|处|间|条|面|排)`)

// backAgainRE is a fault said to be back as it was where againRE wants the
// fault's word right after 又: 又锁不上了, 又开始滋滋响了, 跟之前一模一样,
// 还是老样子 (user test 29's R14).
var backAgainRE = rx.MustCompile(`又[^\s，,。！!]{0,4}?(?:不|没|坏|响|漏|滴|闪|卡|堵)|(?:跟|和)(?:之前|上次|原来|刚才)(?:一模一样|一样)|老样子`)

// findRecent is, for a report that says the fault came back (cameBack),
// the repair of the same fault at the same place finished within
// ReworkWithin: the latest finished first.
func findRecent(t *flows.Turn, f Filing) (Repair, bool, error) {
	rr, ok := db(t).(RecentReader)
	if !ok || !cameBack(f.Description) {
		return Repair{}, false, nil
	}
	rs, err := rr.FinishedRepairsAt(t.Ctx, t.School.ID, f.LocationID, t.Now.Add(-ReworkWithin))
	r, ok := firstSameFault(rs, f, sameFault)
	return r, ok, err
}

// firstSameFault is the first of rs (all at f's place) of f's fault. Under
// a catch-all 其他地点 the place is the text as written, so only a repair
// with the same text is at the same place.
func firstSameFault(rs []Repair, f Filing, same func(Repair, Filing) bool) (Repair, bool) {
	for _, r := range rs {
		if samePlaceText(r.PlaceText, f) && same(r, f) {
			return r, true
		}
	}
	return Repair{}, false
}

// reworkDone sends prev, finished and not yet signed off, back to its
// worker with f's words, as its reporter's 没修好 would; the person who
// said so, if not its reporter, follows it. ok is false, and nothing
// changes, when prev was signed off or sent back meanwhile: the report is
// then filed as new.
func reworkDone(t *flows.Turn, prev Repair, f Filing) (filed, bool, error) {
	r, ok, err := Rework(t, prev.ID, f.Description, "【返修】"+t.Staff.Name+"反馈又坏了 ")
	if err != nil || !ok {
		return filed{}, false, err
	}
	if r.ReporterID != t.Staff.ID {
		if err := db(t).AddFollower(t.Ctx, r.ID, t.Staff.ID, t.Now, f.Description); err != nil {
			return filed{}, false, err
		}
	}
	return filed{Repair: r, Reworked: true, Again: &prev}, true, nil
}

// samePlaceText reports whether a repair's place written outside the
// location table is f's: the same words, or the same once the building
// f names is left out of both (图书馆门口, as a message of several
// problems kept it, is 门口 of 图书馆: the re-run of user test 18's F18
// filed the same broken tiles twice).
func samePlaceText(place string, f Filing) bool {
	return place == f.PlaceText || f.Building != "" && withoutBuilding(place, f.Building) == withoutBuilding(f.PlaceText, f.Building)
}

// findInto is f.Into, when it is still open at f's place; a repair
// closed or moved since it was named is none.
func findInto(t *flows.Turn, f Filing) (Repair, bool, error) {
	if f.Into == 0 {
		return Repair{}, false, nil
	}
	r, err := db(t).Repair(t.Ctx, f.Into)
	if errors.Is(err, flows.ErrNotFound) {
		return Repair{}, false, nil
	}
	if err != nil {
		return Repair{}, false, err
	}
	ok := r.SchoolID == t.School.ID && r.LocationID == f.LocationID && r.Status.Open() && samePlaceText(r.PlaceText, f)
	return r, ok, nil
}

// findDuplicate is the open repair at f's place of the same fault. Under
// a catch-all 其他地点 the place is the text as written, so only a repair
// with the same text is at the same place.
func findDuplicate(t *flows.Turn, f Filing) (Repair, bool, error) {
	if fr, ok := db(t).(FaultReader); ok {
		return findDuplicateFault(t, fr, f)
	}
	rs, err := db(t).OpenRepairsAt(t.Ctx, t.School.ID, f.LocationID)
	rs = slices.DeleteFunc(rs, func(r Repair) bool { return f.Apart && r.ReporterID == t.Staff.ID })
	r, ok := firstSameFault(rs, f, sameFaultAnyTier)
	return r, ok, err
}

// findDuplicateFault is findDuplicate by the faults at the place; the
// whole repair of the one that matches is read then, and checked again:
// a repair closed or changed since the faults were read is not merged
// into, and the next fault that matches is tried.
func findDuplicateFault(t *flows.Turn, fr FaultReader, f Filing) (Repair, bool, error) {
	fs, err := fr.OpenFaultsAt(t.Ctx, t.School.ID, f.LocationID)
	if err != nil {
		return Repair{}, false, err
	}
	for _, o := range fs {
		if !samePlaceText(o.PlaceText, f) && !samePowerCut(o.PlaceText, o.Description, f) || !sameFaultAnyTier(o.asRepair(), f) {
			continue
		}
		r, err := db(t).Repair(t.Ctx, o.ID)
		if errors.Is(err, flows.ErrNotFound) {
			continue
		}
		if err != nil {
			return Repair{}, false, err
		}
		if r.SchoolID == t.School.ID && r.LocationID == f.LocationID && r.Status.Open() &&
			(samePlaceText(r.PlaceText, f) || samePowerCut(r.PlaceText, r.Description, f)) && sameFaultAnyTier(r, f) && !(f.Apart && r.ReporterID == t.Staff.ID) {
			return r, true, nil
		}
	}
	return Repair{}, false, nil
}

// mergeInto makes t.Staff a follower of dup with their report, records it
// on dup's trail and tells dup's worker that another report came in.
func mergeInto(t *flows.Turn, dup Repair, f Filing) (filed, error) {
	if dup.ReporterID == t.Staff.ID {
		return filed{Repair: dup, Own: true}, nil
	}
	// Merged again (her report said once more, or said better: 「讲台上方
	// 的日光灯管一直闪」 after 「日光灯一闪一闪的」), the latest words are
	// her report: the one 「不是同一个问题」 splits off right after, and the
	// one she is told was merged. (The store keeps a follower's first
	// report, so it is dropped and added again.)
	if old, err := db(t).FollowerReport(t.Ctx, dup.ID, t.Staff.ID); err == nil && old != f.Description {
		if err := db(t).RemoveFollower(t.Ctx, dup.ID, t.Staff.ID); err != nil {
			return filed{}, err
		}
	} else if err != nil && !isNotFound(err) {
		return filed{}, err
	}
	if err := db(t).AddFollower(t.Ctx, dup.ID, t.Staff.ID, t.Now, f.Description); err != nil {
		return filed{}, err
	}
	note := t.Staff.Name + "：" + f.Description
	if err := db(t).UpdateRepair(t.Ctx, dup, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventMerged, From: dup.Status, To: dup.Status, Note: note}); err != nil {
		return filed{}, err
	}
	if dup.WorkerID != 0 && dup.WorkerID != t.Staff.ID && !raises(dup, f) { // raised: escalateMerged tells them
		if err := t.Notify(flows.Notification{ToStaff: dup.WorkerID, Kind: NoticeUpdate, Ref: ref(dup),
			Text: fmt.Sprintf("【又有人报修】%s（%s %s）：%s也报修了「%s」，已合并到这张单，修好后会一并通知。",
				dup.Ref, dup.Place(), dup.Description, t.Staff.Name, f.Description)}); err != nil {
			return filed{}, err
		}
	}
	return filed{Repair: dup, Merged: true}, nil
}

// escalateMerged makes r urgent after f, which told a danger of r's fault,
// was merged into it: the due time is the urgent rule's from now, unless r
// was due sooner; its worker hears it at once and the 分管领导 and 总务主任
// are alerted as for an urgent report. r's reporter hears from its worker
// in time; the writer is told in the reply.
func escalateMerged(t *flows.Turn, r Repair, f Filing) (Repair, error) {
	before := r.Severity()
	r.Tier = TierUrgent
	if due := RepairDue(t.School.Settings, t.School.Location(), t.Now, TierUrgent); due.Before(r.DueAt) {
		r.DueAt = due
	}
	note := before + "→" + r.Severity() + "：" + t.Staff.Name + "报告「" + f.Description + "」"
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventReclassified, From: r.Status, To: r.Status, Note: note}); err != nil {
		return r, err
	}
	if r.WorkerID != 0 && r.WorkerID != t.Staff.ID {
		if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r),
			Text: fmt.Sprintf("【升为紧急】%s（%s %s）：%s报告「%s」，这是安全隐患，已改为紧急，请在 %s 前处理。",
				r.Ref, r.Place(), r.Description, t.Staff.Name, f.Description, t.When(r.DueAt)),
			Buttons: jobButtons(r), Link: t.Link("/r/" + r.Ref)}); err != nil {
			return r, err
		}
	}
	lead := fmt.Sprintf("%s报告「%s」，已合并到这张单并改为紧急。\n", t.Staff.Name, f.Description)
	if err := alertUrgentTold(t, r, f.Hazard, lead, t.Staff.Name, ""); err != nil {
		return r, err
	}
	return r, groupCard(t, r)
}

// create files a new repair of f reported by t.Staff, routed, and tells
// the worker; an urgent one also the 分管领导 and 总务主任 at once, and a
// place not in the table the 总务主任, who may add it. where is how the
// place is shown ("": its name and class). again is the signed-off repair
// the new one follows (返修), or nil: its worker takes the new one when
// routing would give it to them (see route).
func create(t *flows.Turn, f Filing, where string, again *Repair) (Repair, error) {
	loc, err := t.Tx.LocationByID(t.Ctx, f.LocationID)
	if err != nil {
		return Repair{}, err
	}
	if where == "" {
		where = flows.LocationLabel([]flows.Location{loc}, loc.ID)
		if f.PlaceText != "" {
			where = otherPlace(f.Building, f.PlaceText)
		}
	}
	tier := ParseTier(string(f.Tier))
	r := Repair{
		SchoolID: t.School.ID, ReporterID: t.Staff.ID, LocationID: f.LocationID, Trade: f.Trade,
		Item: f.Item, Description: f.Description, Photo: f.Photo, Tier: tier, PlaceText: f.PlaceText, Status: RepairAssigned,
		ReportedAt: t.Now, DueAt: RepairDue(t.School.Settings, t.School.Location(), t.Now, tier),
		LocationName: where, ReporterName: t.Staff.Name,
	}
	if err := route(t, &r, loc.Building, again); err != nil {
		return Repair{}, err
	}
	if f.WorkerID != 0 && f.WorkerID != r.WorkerID {
		w, err := t.Tx.StaffByID(t.Ctx, f.WorkerID)
		if err != nil {
			return Repair{}, err
		}
		r.WorkerID, r.WorkerName, r.RouteReason = w.ID, w.Name, fmt.Sprintf("报告人%s点名派给%s", t.Staff.Name, w.Name)
	}
	// The ref with the insert: taken like a sequence's number, so other
	// confirmations of the school that day do not wait for this one.
	if err := db(t).CreateNumbered(t.Ctx, &r, t.Now.In(t.School.Location()),
		RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventReported, To: RepairAssigned, Note: r.RouteReason}); err != nil {
		return Repair{}, err
	}
	title := "【新维修任务】"
	switch {
	case tier == TierUrgent:
		title = "【紧急维修】"
	case again != nil:
		title = fmt.Sprintf("【返修】原单 %s（%s 修好）又坏了，新单 ", again.Ref, t.When(again.DoneAt))
	}
	if err := notifyJob(t, r, title); err != nil {
		return Repair{}, err
	}
	if tier == TierUrgent && !f.LeadersTold {
		if err := alertUrgent(t, r, f.Hazard, f.AlertedEarly, f.EarlyRef, f.Calm); err != nil {
			return Repair{}, err
		}
	}
	if f.PlaceText != "" {
		if err := askAddPlace(t, r); err != nil {
			return Repair{}, err
		}
	}
	return r, nil
}

// alertUrgent tells the 分管领导 and the 总务主任 of an urgent repair at
// once, day or night (the worker has the job card already). When they
// were told of its danger before it was filed (early), it says this is
// that hazard, now filed: read together later, the two had read like two
// hazards (the thirteenth user test's 分管领导).
//
// A leader whose early alert (earlyRef) is still undelivered is not sent
// it at all: it is withdrawn, and he gets this alert alone, which is
// withdrawn in turn if the repair ends before he reads it (EndedNotices).
// A leader who may have read the early alert gets this one as
// NoticeUrgentFiled, which stays: user test 29's 分管领导, opening his
// chat after the job was filed and done, read only 「报修单尚未提交…请直接
// 联系李老师」.
func alertUrgent(t *flows.Turn, r Repair, h Hazard, early bool, earlyRef, calm string) error {
	if !early {
		return alertUrgentTold(t, r, h, "", "报修人", calm)
	}
	unread, err := withdrawNotices(t, NoticeUrgent, earlyRef, earlyReplaced)
	if err != nil {
		return err
	}
	told := map[int64]bool{t.Staff.ID: true, r.WorkerID: true}
	for _, id := range unread {
		if told[id] {
			continue
		}
		told[id] = true
		n := urgentNotice(t, r, h, "", "报修人", calm)
		n.ToStaff = id
		if err := t.Notify(n); err != nil {
			return err
		}
	}
	n := urgentNotice(t, r, h, fmt.Sprintf("即刚才提醒的隐患（不是新的一处），%s现已提交报修单 %s。\n", r.ReporterName, r.Ref), "报修人", calm)
	n.Kind = NoticeUrgentFiled
	_, err = t.NotifyRolesExcept(leaderRoles, told, n)
	return err
}

// leaderRoles are those told of a danger at once: the 分管领导 and the
// 总务主任.
var leaderRoles = []flows.Role{flows.RoleLeader, flows.RoleHead}

// earlyReplaced is the last_error of an early hazard alert withdrawn
// before it was sent, because the filed report's alert replaced it.
const earlyReplaced = "not sent: replaced by the filed report's alert"

// withdrawNotices withdraws the school's undelivered personal notices of
// kind about ref (flows.NoticeWithdrawer) and returns whom they were for;
// none with a store that cannot, or with no ref.
func withdrawNotices(t *flows.Turn, kind, ref, why string) ([]int64, error) {
	w, ok := t.Tx.(flows.NoticeWithdrawer)
	if !ok || ref == "" {
		return nil, nil
	}
	return w.WithdrawNotices(t.Ctx, t.School.ID, kind, ref, why, t.Now)
}

// alertUrgentTold is alertUrgent with lead before the card's lines and
// the safety line said to told (报修人, or whoever told the danger).
func alertUrgentTold(t *flows.Turn, r Repair, h Hazard, lead, told, calm string) error {
	return notifyLeaders(t, r, urgentNotice(t, r, h, lead, told, calm))
}

// urgentNotice is the urgent alert of r, to be addressed; calm is what
// the reporter said of it not being urgent (calm.go), or "".
func urgentNotice(t *flows.Turn, r Repair, h Hazard, lead, told, calm string) flows.Notification {
	id := strconv.Itoa(Num(r))
	// Urgent without a danger read (the reporter asked for haste, rush.go;
	// a worker's 改紧急) is no 安全隐患 to call it.
	title := "【紧急报修·安全隐患】"
	if h == "" {
		title = "【紧急报修】"
	}
	text := fmt.Sprintf("%s%s\n", title, r.Ref) + lead
	text += fmt.Sprintf("地点：%s\n问题：%s（%s）\n报修人：%s\n已派给：%s，%s 前处理\n",
		r.Place(), r.Description, r.Trade.Label(), r.ReporterName, workerOrOffice(r), t.When(r.DueAt))
	if noRouteNote(r) != "" {
		text += fmt.Sprintf("（学校还没有给「%s」设置维修人员，先派给了总务主任）\n", r.Trade.Label())
	}
	if a := h.Advice(); a != "" {
		text += "已提醒" + told + "：" + a + "\n"
	}
	if calm != "" {
		text += fmt.Sprintf("%s说：「%s」。按安全隐患的规定仍按紧急处理，请安排人看过现场后决定。\n", r.ReporterName, calm)
	}
	text += fmt.Sprintf("如需改派或调整，请回复「处理 %s」；不算紧急可回复「改小修 %s」。", id, id)
	return flows.Notification{Kind: NoticeUrgent, Ref: ref(r), Text: text,
		Buttons: []flows.Button{{Label: "处理", Data: action(verbLead, r.ID)}, {Label: "改紧急/大修/小修", Data: action(verbReclass, r.ID)}},
		Link:    t.Link("/r/" + r.Ref)}
}

// notifyLeaders sends n to every 分管领导 and 总务主任 but the person
// writing and the repair's worker, who know already.
func notifyLeaders(t *flows.Turn, r Repair, n flows.Notification) error {
	_, err := t.NotifyRolesExcept([]flows.Role{flows.RoleLeader, flows.RoleHead}, map[int64]bool{t.Staff.ID: true, r.WorkerID: true}, n)
	return err
}

// askAddPlace tells the 总务主任 that a repair's place is not in the
// location table, with the one tap that adds it; once per place while a
// repair there is open (three problems at one place are one question),
// and once a day: while a repair filed earlier today at another unlisted
// place is still open, he has been told today, and the notice told him
// that 「加入地点表」 lists every place waiting (user test 34: a school whose
// table lacked most rooms sent him nine such notices in one afternoon).
// Nothing is lost by the quiet: the repairs are filed and dispatched under
// their building's 其他地点 all the same.
func askAddPlace(t *flows.Turn, r Repair) error {
	open, err := db(t).OpenRepairsAt(t.Ctx, t.School.ID, r.LocationID)
	if err != nil {
		return err
	}
	for _, o := range open {
		if o.ID != r.ID && o.PlaceText == r.PlaceText {
			return nil
		}
	}
	waiting, err := db(t).RepairsWaiting(t.Ctx, t.School.ID, t.Now.AddDate(100, 0, 0), time.Time{})
	if err != nil {
		return err
	}
	loc := t.School.Location()
	y, m, d := t.Now.In(loc).Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, loc)
	for _, o := range waiting {
		if o.ID != r.ID && o.PlaceText != "" && o.Status.Open() && !o.ReportedAt.Before(today) {
			return nil // told today (see above)
		}
	}
	heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
	if err != nil {
		return err
	}
	for _, h := range heads {
		if err := t.Notify(flows.Notification{ToStaff: h.ID, Kind: NoticePlace, Ref: ref(r),
			Text: fmt.Sprintf("【地点表缺少地点】%s报修的地点「%s」不在地点表里，已按写的地点%s登记并派给%s。\n需要加入地点表的话，请回复「加入地点表 %d」。今天再有地点表里没有的地点，不再逐条提醒，发送「待补地点」可列出全部。",
				r.ReporterName, r.PlaceText, placeAsFiled(r), workerOrOffice(r), Num(r)),
			Buttons: []flows.Button{{Label: "加入地点表", Data: action(verbPlace, r.ID)}}}); err != nil {
			return err
		}
	}
	return nil
}

// isNotFound reports a store's ErrNotFound.
func isNotFound(err error) bool { return errors.Is(err, flows.ErrNotFound) }

// alertHazardDraft tells the 分管领导 and the 总务主任 of a danger to life
// (a gas leak, a live wire, smoke) as soon as a report names it, before it
// is filed: a teacher who smells gas may lead the students out and leave
// the read-back unanswered (the eleventh user test's did), and the leaders
// must not miss the leak for that. Nothing is filed nor dispatched that the
// reporter did not confirm; the filed report's alert follows, and a
// cancelled one is said (hazardDraftCancelled). Once per draft.
func alertHazardDraft(t *flows.Turn, d *repairDraft) error {
	if d.Alerted || d.tier() != TierUrgent || !alertsAtOnce(d.Hazard) || d.Desc == "" {
		return nil
	}
	d.Alerted = true
	// Its own reference, by which it is withdrawn if still undelivered
	// when the report is filed or cancelled.
	d.AlertRef = fmt.Sprintf("%s:%d-%d", draftRefKind, t.Staff.ID, t.Now.UnixNano())
	place := "（报修人还在填写）"
	if d.located() {
		place = shownPlace(d.place())
	} else if d.PlaceText != "" {
		place = d.PlaceText + "（哪栋楼还在确认）"
	}
	text := fmt.Sprintf("【安全隐患·报修单尚未提交】\n%s正在报告：%s\n地点：%s\n已提醒报修人：%s\n报修单提交后会立即派给维修人员并再通知你；如果迟迟没有提交，请直接联系%s了解现场情况。",
		t.Staff.Name, d.Desc, place, d.Hazard.Advice(), t.Staff.Name)
	_, err := t.NotifyRolesExcept(leaderRoles, map[int64]bool{t.Staff.ID: true},
		flows.Notification{Kind: NoticeUrgent, Ref: d.AlertRef, Text: text})
	return err
}

// draftRefKind names an unfiled report's early alert in notification
// references (repairDraft.AlertRef).
const draftRefKind = "repair.draft"

// alertsAtOnce reports whether h endangers lives at once, so that the
// leaders hear of it before the report is filed (alertHazardDraft): gas,
// electricity, fire. A burst pipe or broken glass waits for the report.
func alertsAtOnce(h Hazard) bool {
	return h == HazardGas || h == HazardElectric || h == HazardFire
}

// hazardDraftCancelled tells the leaders told of a draft's hazard
// (alertHazardDraft) that the reporter cancelled it unfiled.
func hazardDraftCancelled(t *flows.Turn, d *repairDraft) error {
	if !d.Alerted {
		return nil
	}
	// A leader who has not received the alert yet is told neither.
	unread, err := withdrawNotices(t, NoticeUrgent, d.AlertRef, "not sent: the reporter cancelled the report")
	if err != nil {
		return err
	}
	told := map[int64]bool{t.Staff.ID: true}
	for _, id := range unread {
		told[id] = true
	}
	_, err = t.NotifyRolesExcept(leaderRoles, told,
		flows.Notification{Kind: NoticeUpdate, Text: fmt.Sprintf("%s取消了刚才的安全隐患报修（「%s」），没有提交。如有疑问，请直接联系%s。", t.Staff.Name, flows.Clip(d.Desc, 30), t.Staff.Name)})
	return err
}

// placeAsFiled is how a notice names the place a repair not in the
// location table was filed at, after 已按写的地点: nothing more when it is
// the place as written, its building with it otherwise (「教学楼三楼女厕」).
func placeAsFiled(r Repair) string {
	if p := r.Place(); p != r.PlaceText {
		return "「" + p + "」"
	}
	return ""
}
