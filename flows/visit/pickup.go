package visit

import (
	"fmt"
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// flowPickup is PickupFlow's name, kept in sessions.
const flowPickup = "visit.pickup"

// EventPickedUp is what was left at the gate for someone taken by them
// (or for them): the drop-off or parcel is closed.
const EventPickedUp EventKind = "picked_up"

// PickupFlow is what follows a drop-off or parcel kept at the gate (user
// test 29c's V9/V10): the colleague it is for saying they are coming for
// it (「好的 我马上下去拿」, and the guard is told), and the guard saying it
// was taken (「李老师把准考证拿走了」, and it is closed in the gate log). It
// has no trigger word, and takes words only while something waits.
type PickupFlow struct{}

// Name implements Flow.
func (PickupFlow) Name() string { return flowPickup }

// Title implements Flow.
func (PickupFlow) Title() string { return "门卫代收取件" }

// Triggers implements Flow: none, so it is not in the menu.
func (PickupFlow) Triggers() []string { return nil }

// Allowed implements Flow: the guard who keeps it, and whoever it is for.
func (PickupFlow) Allowed(flows.Staff) bool { return true }

var (
	// pickedRE is a guard saying it was taken: 李老师把准考证拿走了, 快递陈主任
	// 取走了, 李老师已经来拿了.
	pickedRE = rx.MustCompile(`(?:拿|取|领)走了|(?:已经|已)(?:来)?(?:拿|取|领)了|来(?:拿|取)过了|(?:拿|取)到了`)
	// comingRE is the colleague saying they come for it: 我马上下去拿, 下课
	// 去取, 这就来.
	comingRE = rx.MustCompile(`(?:马上|这就|现在|立刻|等会儿?|一会儿?|待会儿?|下课(?:后|了)?)\s*(?:就)?\s*(?:下去|下楼|过去|去|来|下来)|(?:下去|过去|下楼|下来|去|来)\s*(?:拿|取)`)
	// sendingRE is sending someone for it: 我让孩子下去拿, 叫课代表去取.
	sendingRE = rx.MustCompile(`让|叫|派`)
	// cannotComeRE is the colleague not coming now: 拿不了, 走不开.
	cannotComeRE = rx.MustCompile(`(?:拿|取|领|去|过去|下去|下楼|来|过来|走)不了|走不开|不能(?:去|来|过去|下去)|没空|没时间|晚点|晚些|放学(?:后|再)`)
)

// waiting lists today's drop-offs and parcels kept at the gate and not
// yet taken, newest first; for hostID, if not 0, only theirs.
func waiting(t *flows.Turn, hostID int64) ([]Visit, error) {
	vs, err := db(t).VisitsSince(t.Ctx, t.School.ID, dayStart(t))
	if err != nil {
		return nil, err
	}
	vs = slices.DeleteFunc(vs, func(v Visit) bool {
		return v.Status != VisitKept || v.Purpose != "送物" && v.Purpose != "送货" ||
			hostID != 0 && v.HostID != hostID || strings.Contains(v.Decision, "已取走")
	})
	slices.SortFunc(vs, func(a, b Visit) int { return b.ArrivedAt.Compare(a.ArrivedAt) })
	return vs, nil
}

// thing is what a waiting visit kept at the gate: 准考证, 快递.
func thing(v Visit) string {
	if v.Purpose == "送货" {
		return "快递"
	}
	return strings.TrimPrefix(v.PurposeNote, "送")
}

// Accepts implements Acceptor: a guard's 「…拿走了」 or its colleague's
// 「马上下去拿」 while something waits at the gate.
func (PickupFlow) Accepts(t *flows.Turn) bool {
	s := strings.TrimSpace(t.Text)
	switch {
	case t.Staff.Has(flows.RoleGuard) && pickedRE.MatchString(s):
		vs, err := waiting(t, 0)
		return err == nil && len(vs) > 0
	case !t.Staff.Has(flows.RoleGuard) && (comingRE.MatchString(s) || cannotComeRE.MatchString(s)) && len([]rune(s)) <= 20:
		vs, err := waiting(t, t.Staff.ID)
		return err == nil && len(vs) > 0 && aboutPickup(s, vs) && !awaitsHost(t)
	}
	return false
}

// pickupTalkRE is a word of fetching something from the gate.
var pickupTalkRE = rx.MustCompile(`拿|取|领|门卫|快递|东西|包裹|下去|下楼|过去`)

// aboutPickup reports whether the colleague's words are about fetching
// what waits at the gate (a fetching word, or the thing named): 「礼堂的麦克
// 风不响了 排练用不了」 is a new repair report, never a parcel's 「拿不了」
// (user test 30b's U5 lost it so).
func aboutPickup(s string, vs []Visit) bool {
	return pickupTalkRE.MatchString(s) || slices.ContainsFunc(vs, func(v Visit) bool { return thing(v) != "" && strings.Contains(s, thing(v)) })
}

// awaitsHost reports whether a visitor waits at the gate for the writer's
// answer: 「我马上下来」 is then for them (the host's reply), not for a
// drop-off.
func awaitsHost(t *flows.Turn) bool {
	vs, err := db(t).VisitsSince(t.Ctx, t.School.ID, dayStart(t))
	return err != nil || slices.ContainsFunc(vs, func(v Visit) bool { return v.Status == VisitWaiting && v.HostID == t.Staff.ID })
}

// Start implements Flow.
func (PickupFlow) Start(t *flows.Turn) error {
	t.Done()
	s := strings.TrimSpace(t.Text)
	if !t.Staff.Has(flows.RoleGuard) {
		return coming(t, s)
	}
	vs, err := waiting(t, 0)
	if err != nil {
		return err
	}
	if host, _, ok, err := hostNamed(t, s); err != nil {
		return err
	} else if ok {
		if hit := slices.DeleteFunc(slices.Clone(vs), func(v Visit) bool { return v.HostID != host.ID }); len(hit) > 0 {
			vs = hit
		}
	}
	if hit := slices.DeleteFunc(slices.Clone(vs), func(v Visit) bool { return !strings.Contains(s, thing(v)) }); len(hit) > 0 {
		vs = hit
	}
	v := vs[0]
	v.Decision += fmt.Sprintf("；%s已取走", v.HostName)
	if err := db(t).UpdateVisit(t.Ctx, v, VisitEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventPickedUp, Note: thing(v) + "已取走"}); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("好的，已记下%s取走%s（第 %d 号）。", v.HostName, thing(v), Num(v)))
	return nil
}

// coming tells the guard that the colleague (or someone they send)
// comes for the newest thing waiting for them.
func coming(t *flows.Turn, s string) error {
	vs, err := waiting(t, t.Staff.ID)
	if err != nil {
		return err
	}
	v := vs[0]
	if cannotComeRE.MatchString(s) {
		t.Say(fmt.Sprintf("好的，%s先放在门卫室，你方便的时候再去取。", thing(v)))
		return nil
	}
	who, told := t.Staff.Name+"说马上来门卫室取", "你马上过去取"
	if sendingRE.MatchString(s) {
		who, told = t.Staff.Name+"说会让人来门卫室取", "会有人过去取"
	}
	if err := t.Notify(flows.Notification{ToStaff: v.GuardID, Kind: NoticeParcel,
		Text: fmt.Sprintf("【来取】%s%s（第 %d 号）。", who, thing(v), Num(v))}); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("好的，已告诉门卫%s%s%s。", v.GuardName, told, thing(v)))
	return nil
}

// Step implements Flow: it asks nothing.
func (PickupFlow) Step(t *flows.Turn) error {
	t.Done()
	return nil
}
