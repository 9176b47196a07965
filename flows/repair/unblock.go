package repair

import (
	"fmt"

	"github.com/houqin/houqin/flows"
)

// A worker's 修不好 taken back because the job is done after all (user
// test 32's T21/T22): 「302的投影仪其实修好了 刚才弄错了」 and 「完成 4」 of a
// job he had himself reported to the leaders as 修不好 were told there was
// nothing to finish, or 「目前修不好·待领导处理，不能这样操作」, and the job
// stayed with the leaders until one of them acted. While no leader has
// decided it, he may record it done: the 修不好 is taken back (an event of
// its own in the trail), the job is recorded done as any other, and the
// leaders it was reported to are told they need do nothing.

// mayUnblock reports whether r is waiting for the leaders on the writer's
// own 修不好 (not a request for a later deadline), with no decision yet.
func mayUnblock(t *flows.Turn, r Repair) bool {
	return r.Status == RepairBlocked && r.WorkerID == t.Staff.ID && r.Decision == "" && r.Recommendation != needDefer
}

// unblock takes r's 修不好 back: it is in the worker's hands again, as it
// was before he reported it.
func unblock(t *flows.Turn, r Repair) (Repair, error) {
	r.Status = RepairAccepted
	r.BlockedReason, r.Recommendation = "", ""
	if r.AcceptedAt.IsZero() {
		r.AcceptedAt = t.Now
	}
	err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventUnblocked, From: RepairBlocked, To: RepairAccepted, Note: "其实已经修好了"})
	return r, err
}

// tellUnblocked tells the leaders and the 总务主任, who were asked to
// decide r, that its 修不好 was taken back and the job is done.
func tellUnblocked(t *flows.Turn, r Repair) error {
	text := fmt.Sprintf("【更正】%s（%s %s）%s说其实已经修好了，之前上报的「修不好」已撤回，不用再处理。", r.Ref, r.Place(), r.Description, r.WorkerName)
	_, err := t.NotifyRolesExcept([]flows.Role{flows.RoleLeader, flows.RoleHead}, map[int64]bool{t.Staff.ID: true},
		flows.Notification{Kind: NoticeUpdate, Ref: ref(r), Text: text})
	return err
}
