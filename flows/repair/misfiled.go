package repair

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// A worker's 申请延期 filed on the wrong job, corrected in words (user test
// 33's T16): 「搞错了 不是图书馆 是302那个要延」 was not understood, and the
// library job stayed with the leaders as asking for more time. While no
// leader has decided it, the request moves: it is taken back from the job
// he names after 不是 (an EventUnblocked in its trail; the leaders, the
// 总务主任 and its reporter are told to disregard it), and filed, with the
// same reason, on the job he names after 是.

// misfiledDeferRE is a worker correcting which job his request for more
// time was about: 搞错了 不是图书馆 是302那个要延, 不是302 是303的要延期,
// 弄错了 延期的是201不是图书馆. Its groups: the job it was not about, and the
// job it was (the first pair, or the second in 是…不是… order).
var misfiledDeferRE = rx.MustCompile(`不是\s*([^，,。\s]{1,12}?)(?:那个|那单|的)?\s*[，,\s]*(?:是|而是)\s*([^，,。\s]{1,12}?)(?:那个|那单|的)?\s*(?:要|得|想|需要|申请)?(?:延|推迟|往后推)|(?:延|推迟)\S{0,3}是\s*([^，,。\s]{1,12}?)(?:那个|那单|的)?\s*[，,\s]*不是\s*([^，,。\s]{1,12}?)(?:那个|那单|的)?$`)

// misfiledDeferSaid handles a worker moving his request for more time
// from the job he names after 不是 to the one after 是. It does nothing
// unless the first is his request still waiting for the leaders and the
// second a job of his open to 修不好, each named by what only it has.
func misfiledDeferSaid(t *flows.Turn, text string) (bool, error) {
	if !t.Staff.Has(flows.RoleWorker) || !t.Idle() || t.Msg.Button != "" {
		return false, nil
	}
	m := misfiledDeferRE.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		return false, nil
	}
	notWords, isWords := m[1], m[2]
	if notWords == "" {
		notWords, isWords = m[4], m[3]
	}
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now, 20)
	if err != nil {
		return false, err
	}
	var asked, open []Repair
	for _, r := range rs {
		switch {
		case r.WorkerID != t.Staff.ID:
		case r.Status == RepairBlocked && r.Recommendation == needDefer && r.Decision == "":
			asked = append(asked, r)
		case mayAct(t, r, verbBlock) == "":
			open = append(open, r)
		}
	}
	from, ok := namedAlone(notWords, asked)
	if !ok {
		from, ok = roomNamed(notWords, asked) // 不是302
	}

	if !ok && len(asked) == 1 && (notWords == "" || strings.HasPrefix(notWords, "这") || strings.HasPrefix(notWords, "那")) {
		// 不是这个 是302的要延: his one request waiting.
		from, ok = asked[0], true
	}
	if !ok {
		return false, nil
	}
	to, ok := namedAlone(isWords, open)
	if !ok {
		to, ok = roomNamed(isWords, open)
	}
	if !ok || to.ID == from.ID {
		return false, nil
	}
	why := from.BlockedReason
	from.Status = RepairAccepted
	from.BlockedReason, from.Recommendation = "", ""
	if from.AcceptedAt.IsZero() {
		from.AcceptedAt = t.Now
	}
	if err := db(t).UpdateRepair(t.Ctx, from, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventUnblocked, From: RepairBlocked, To: RepairAccepted,
		Note: "延期申请报错了单子，已撤回（改为 " + to.Ref + "）"}); err != nil {
		return false, err
	}
	told := fmt.Sprintf("【更正】%s（%s %s）的延期申请是%s报错了单子，已撤回，不用再处理；这单期限不变（%s 前）。", from.Ref, from.Place(), from.Description, t.Staff.Name, t.When(from.DueAt))
	if _, err := t.NotifyRolesExcept([]flows.Role{flows.RoleLeader, flows.RoleHead}, map[int64]bool{t.Staff.ID: true},
		flows.Notification{Kind: NoticeUpdate, Ref: ref(from), Text: told}); err != nil {
		return false, err
	}
	if err := tellReporter(t, from, fmt.Sprintf("更正：你报修的 %s（%s %s）刚才的延期申请是%s报错了单子，已撤回，仍按原期限（%s 前）修好。", from.Ref, from.Place(), from.Description, t.Staff.Name, t.When(from.DueAt)), nil, false); err != nil {
		return false, err
	}
	t.Say(fmt.Sprintf("好的，已撤回 %s（%s「%s」）的延期申请，并告诉了领导和报修人。", from.Ref, from.Place(), jobWords(from, 12)))
	if why == "" {
		why = strings.TrimSpace(text)
	}
	return true, blockRepair(t, to, needDefer, flows.Clip(why, 300))
}

// roomNamed is the one job of rs at the room number words say (302 of
// 是302那个), when only one is.
func roomNamed(words string, rs []Repair) (Repair, bool) {
	room := placeNumRE.FindString(words)
	if room == "" {
		return Repair{}, false
	}
	var found []Repair
	for _, r := range rs {
		if rx.MustCompile(`(?:^|\D)` + room + `(?:\D|$)`).MatchString(r.LocationName) {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		return Repair{}, false
	}
	return found[0], true
}
