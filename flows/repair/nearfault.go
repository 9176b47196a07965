package repair

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A reporter signs a repair off and, in the same message, says the one
// beside it has a fault too: 「桌子看到了 换了张新的 行 旁边那张也有点松 能不能
// 一起弄一下」 (user test 29c's V23 had no sign-off and a new report whose
// place was asked and whose problem was the whole message). The repair is
// signed off, and the neighbour is read back as a new report in the same
// place, of the same thing: 「旁边那张桌子也有点松」.

// nearFaultRE is the neighbour said faulty: 旁边那张也有点松, 隔壁那把也坏了,
// 边上的也晃. Its groups are the words for the neighbour and the fault.
var nearFaultRE = rx.MustCompile(`^((?:旁边|隔壁|边上|挨着的)(?:的)?(?:那|这)?(?:一)?[张个把只块根台套盏扇]?)(?:的)?((?:也|还)(?:有点|有些|有一点)?(?:松|晃|坏|断|裂|歪|不稳|不亮|闪|漏|堵|响|掉|翘|摇)\p{Han}{0,6})$`)

// nearWishRE is what may follow the neighbour's fault: a request to do it
// too, which the read-back need not carry (能不能一起弄一下, 麻烦一起修).
var nearWishRE = rx.MustCompile(`^(?:能不能|可不可以|能否|麻烦|请|也)?(?:师傅)?(?:一起|一块儿?|顺便|一并)?(?:弄|修|换|看|处理)(?:一下|下)?(?:吧|呢|啊)?[？?。！!]*$`)

// nearArg ends confirmRepair's arguments when the sign-off's message also
// tells a fault of the neighbouring thing (nearFaultSaid).
const nearArg = "near"

// splitNearFault splits text into the sign-off before the neighbour's
// fault and that fault; ok is false when text is not made so.
func splitNearFault(text string) (head, near string, ok bool) {
	parts := strings.FieldsFunc(parse.Normalize(strings.TrimSpace(text)), func(r rune) bool { return strings.ContainsRune("，,。；;！! ", r) })
	for k := 1; k < len(parts); k++ {
		if !nearFaultRE.MatchString(parts[k]) {
			continue
		}
		for _, w := range parts[k+1:] {
			if !nearWishRE.MatchString(w) {
				return "", "", false
			}
		}
		head = strings.Join(parts[:k], " ")
		if !signsOff(head) {
			return "", "", false
		}
		return head, parts[k], true
	}
	return "", "", false
}

// nearFaultSaid reads a sign-off with the neighbour's fault after it, of
// the one repair awaiting the writer's sign-off.
func nearFaultSaid(t *flows.Turn, text string) (string, bool) {
	if !t.Idle() || t.Msg.Button != "" {
		return "", false
	}
	head, _, ok := splitNearFault(text)
	if !ok {
		return "", false
	}
	rs, err := candidates(t)
	if err != nil {
		return "", false
	}
	var ready []Repair
	for _, r := range rs {
		if r.ReporterID == t.Staff.ID && mayAct(t, r, verbOK) == "" {
			ready = append(ready, r)
		}
	}
	if len(ready) > 1 {
		// 桌子看到了 … 行: the one whose thing or place the sign-off names.
		norm := strings.ToLower(head)
		var named []Repair
		for _, r := range ready {
			if nameStrength(norm, r) > 0 {
				named = append(named, r)
			}
		}
		ready = named
	}
	if len(ready) != 1 {
		return "", false // which one is signed off is not clear: as before
	}
	return action(verbOK, ready[0].ID, nearArg), true
}

// nearDesc is the neighbour's fault said of r's thing: 旁边那张 + 桌子 +
// 也有点松.
func nearDesc(near string, r Repair) string {
	m := nearFaultRE.FindStringSubmatch(near)
	if m == nil || r.Item == "" {
		return near
	}
	return m[1] + r.Item + m[2]
}

// reportNear signs nothing: r was signed off; it reads back the
// neighbour's fault of the writer's message as a new report at r's place,
// of r's trade, and the rating of r is not asked (she is on to the next).
func reportNear(t *flows.Turn, r Repair) error {
	_, near, ok := splitNearFault(t.Text)
	if !ok {
		return nil
	}
	tier := r.Tier
	if tier == TierUrgent {
		tier = ""
	}
	d := repairDraft{LocationID: r.LocationID, Location: r.LocationName, PlaceText: r.PlaceText, Trade: r.Trade, Item: r.Item,
		Desc: nearDesc(near, r), Tier: tier, lead: fmt.Sprintf("%s 已验收，谢谢！你说的另一处我帮你新报一单，", r.Ref)}
	if err := t.Begin(RepairFlow{}.Name(), string(stateConfirm), &d); err != nil {
		return err
	}
	return RepairFlow{}.next(t, &d)
}
