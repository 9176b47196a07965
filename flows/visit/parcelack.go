package visit

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// flowParcelAck is ParcelAckFlow's name, kept in sessions.
const flowParcelAck = "visit.parcel_ack"

// ParcelAckFlow answers a colleague's 好的 谢谢 (收到, 知道了) to a
// 【门卫代收】 or 【快递代收】 notice: the last session's helpers saw it taken
// for praise of houqin (「不客气，谢谢你的肯定」).
//
// Decision: the words only acknowledge the notice, so they are answered
// shortly where the thing is (「好的，准考证在门卫室，记得去取。」) and the
// guard is not told: an acknowledgement says nothing of when they come,
// and a message to the guard for each 收到 would be noise at the gate. A
// colleague who says they come (马上下去拿) or cannot (走不开) is
// PickupFlow's, and the guard hears of that.
type ParcelAckFlow struct{}

// Name implements Flow.
func (ParcelAckFlow) Name() string { return flowParcelAck }

// Title implements Flow.
func (ParcelAckFlow) Title() string { return "门卫代收知悉" }

// Triggers implements Flow: none, so it is not in the menu.
func (ParcelAckFlow) Triggers() []string { return nil }

// Allowed implements Flow: whoever a thing waits for at the gate.
func (ParcelAckFlow) Allowed(s flows.Staff) bool { return !s.Has(flows.RoleGuard) }

// Answers implements flows.Answerer: asked before the flows that read
// thanks as praise of houqin, it takes only an acknowledgement of the
// writer's newest notice when that is a parcel's and the thing waits.
func (ParcelAckFlow) Answers() {}

// Accepts implements Acceptor.
func (ParcelAckFlow) Accepts(t *flows.Turn) bool {
	_, ok := ackedParcel(t)
	return ok
}

// parcelAckRE is words only acknowledging a notice, thanks and all: 好的
// 谢谢, 收到, 知道了 辛苦老郑, 好嘞谢谢.
var parcelAckRE = rx.MustCompile(`^(?:(?:好的|好滴|好嘞|好哒|好|行的|行|收到了|收到|知道了|知道啦|知道|明白了|明白|了解|嗯+|哦+|ok|okay|谢谢|感谢|多谢|谢了|辛苦了|辛苦|麻烦了|麻烦)(?:\p{Han}?师傅|老郑|您|你)?(?:了|啦|哈|呀|啊|哦)?[，,。.!！~～\s]*)+$`)

// ackedParcel is what waits at the gate for the writer whose words
// acknowledge the parcel notice they were sent last.
func ackedParcel(t *flows.Turn) (Visit, bool) {
	if t.Msg.Button != "" || t.Image() != "" || !t.Idle() || !parcelAckRE.MatchString(strings.ToLower(strings.TrimSpace(t.Text))) {
		return Visit{}, false
	}
	n, ok, err := t.NewestNotice()
	if err != nil || !ok || n.Kind != NoticeParcel {
		return Visit{}, false
	}
	vs, err := waiting(t, t.Staff.ID)
	if err != nil || len(vs) == 0 {
		return Visit{}, false
	}
	return vs[0], true
}

// Start implements Flow.
func (ParcelAckFlow) Start(t *flows.Turn) error {
	t.Done()
	v, ok := ackedParcel(t)
	if !ok {
		t.Say("好的。")
		return nil
	}
	t.Say(fmt.Sprintf("好的，%s在门卫室，记得去取。", thing(v)))
	return nil
}

// Step implements Flow: it asks nothing.
func (ParcelAckFlow) Step(t *flows.Turn) error {
	t.Done()
	return nil
}
