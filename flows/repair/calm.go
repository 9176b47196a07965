package repair

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A reporter saying at the read-back that the repair is not urgent (user
// test 31's T38: 王老师's cracked 307 window, read back as 紧急, answered
// 「也没那么急 就一道缝 没掉下来 明天修就行」 and was asked for a number).
//
// Decision, from the urgency rules houqin already has (README "A repair has
// a tier"): who made the draft urgent decides whether its reporter may take
// it back.
//   - Urgent because she asked (Rush: 要加急, or 急 with a near deadline):
//     her own haste, hers to take back; the draft becomes 小修, as 改小修
//     always did.
//   - Urgent because its words name a danger (Hazard: 碎玻璃, 漏电 …): the
//     school's safety rule, not her choice. It stays urgent, the read-back
//     says why politely, and her words go to the worker as a 留言; the
//     worker or a leader, who may change a filed job's tier (改小修 on the
//     urgent alert), decides once someone has seen it. A reporter who only
//     thinks it is not dangerous must not be able to keep the leaders
//     unaware of a hazard.
//   - Not urgent at all: said so, and what she said of when (明天修就行)
//     kept as a 留言.

var (
	// calmRE is a clause saying the repair is not urgent: 不急, 也没那么急,
	// 不算紧急, 不用那么急, 不是急事.
	calmRE = rx.MustCompile(`^(?:也|都|也都|其实|倒|倒是|这个|这|那个|它|这些|真|并)?(?:不算|不是|算不上|没有|没|不用|不要|不必|不需要|不)(?:太|那么|这么|很|多|什么|啥)?(?:紧急|着急|加急|急)(?:的事|事|的活)?(?:的|了|吧|啦|啊|呀|哈|哦)*$`)
	// calmWhenRE is a clause saying a later repair will do: 明天修就行,
	// 慢慢修, 有空再弄, 下午来也行.
	calmWhenRE = rx.MustCompile(`^(?:慢慢|不着急|有空|有时间|抽空)(?:再)?(?:修|弄|来|处理|修理)(?:就行|就好|就可以|也行|也可以|都行)?(?:了|吧|啊|哈)*$|` +
		`^(?:明天|明早|明儿|明天上午|明天下午|明天白天|后天|改天|过两天|下周|周一|晚点|晚一点|下午|有空|抽空)(?:再)?(?:修|弄|来|处理|修理|来修)?(?:就行|就好|就可以|也行|也可以|都行|没事|也没事|不迟)(?:了|吧|啊|哈)*$`)
)

// calmSaid reads words saying the draft is not urgent: ok when at least
// one clause says so; rest is what she said besides the bare 不急 (就一道缝，
// 没掉下来，明天修就行), for the worker. A request for haste (很急) beside
// it is no calm.
func calmSaid(text string) (rest string, ok bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	if s == "" || strings.Contains(s, "\n") {
		return "", false
	}
	var kept []string
	for _, c := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(" ，,。；;！!~～", r) }) {
		switch {
		case calmRE.MatchString(c):
			ok = true
		case calmWhenRE.MatchString(c):
			ok = true
			kept = append(kept, c)
		default:
			if _, rush := rushSaid(c); rush {
				return "", false // 不急 … 算了还是加急吧
			}
			kept = append(kept, c)
		}
	}
	return flows.Clip(strings.Join(kept, "，"), MaxNote), ok
}

// calm answers words at the read-back saying the draft is not urgent (see
// above); it reports false when text says no such thing.
func (f RepairFlow) calm(t *flows.Turn, d *repairDraft) (bool, error) {
	rest, ok := calmSaid(t.Text)
	if !ok {
		return false, nil
	}
	if len(d.Items) > 0 {
		return true, f.calmSeveral(t, d, rest)
	}
	switch {
	case d.tier() == TierUrgent && d.Hazard != "":
		// The safety rule stands; her whole words, 不急 and all, are the
		// worker's to read.
		d.Wish = joinRemarks(d.Wish, calmWords(t.Text))
		d.Calm = joinRemarks(d.Calm, calmWords(t.Text))
		d.lead = hazardStaysLine(d.Desc)
	case d.tier() == TierUrgent && d.Rush:
		d.Tier, d.Rush, d.Urged = "", false, false
		if rest != "" {
			d.Wish = rest // 明天修就行 takes the place of the 下午要用 that had made it urgent
		}
		d.lead = "好的，不按紧急处理了。"
	case d.tier() == TierUrgent:
		return false, nil // urgent for a reason not read here: asked a number as before
	default:
		d.Wish = joinRemarks(d.Wish, rest)
		d.lead = "好的，这张报修单本来就不是紧急维修。"
		if rest != "" {
			d.lead = "好的，这张报修单本来就不是紧急维修，你说的话会转告维修师傅。"
		}
	}
	return true, f.next(t, d)
}

// calmWords is the whole of what she said, 不急 and all, as a 留言.
func calmWords(text string) string {
	return flows.Clip(strings.Join(strings.Fields(strings.TrimSpace(parse.Normalize(text))), "，"), MaxNote)
}

// hazardStaysLine says politely why a draft urgent for its hazard (desc)
// stays urgent, and who may change it.
func hazardStaysLine(desc string) string {
	return fmt.Sprintf("「%s」属于安全隐患，按学校规定先按紧急维修处理。"+
		"你说的情况已写进留言，提交后会转告维修师傅；师傅或领导看过现场，确实不急的话会改成小修。\n", flows.Clip(desc, 20))
}

// calmSeveral answers 不急 at a read-back of several problems: an item
// urgent for its hazard stays so, as for one (its reporter's words go to
// the workers); none urgent is said to be so. An item's tier is never its
// reporter's haste here: a report of several asks none.
func (f RepairFlow) calmSeveral(t *flows.Turn, d *repairDraft, rest string) error {
	for _, it := range d.Items {
		if ParseTier(string(it.Tier)) == TierUrgent {
			d.Wish = joinRemarks(d.Wish, calmWords(t.Text))
			d.lead = hazardStaysLine(it.Desc)
			return f.nextSeveral(t, d)
		}
	}
	d.Wish = joinRemarks(d.Wish, rest)
	d.lead = "好的，这几项都不是紧急维修。"
	if rest != "" {
		d.lead = "好的，这几项都不是紧急维修，你说的话会转告维修师傅。"
	}
	return f.nextSeveral(t, d)
}
