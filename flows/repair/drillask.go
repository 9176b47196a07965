package repair

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// A teacher hearing an alarm asks whether it is a fire or the drill:
// 「实验楼三楼烟感一直在响 滴滴滴的 是真着火了还是演练的」 (user test 34's T5)
// was only drafted as a repair, the question in its problem; then 「我不是
// 报修 就问问是不是演练 今天不是有消防演练吗」 (T6) only cancelled it. houqin
// knows no drill's timetable, so the question is passed on to the 总务主任
// as hers (flows.PassOn: his answer comes back to her), she is told what to
// do meanwhile should it be a fire, and a fault told beside it is drafted
// as any report, without the question.

// drillAskRE is a clause asking whether it is a drill: 是真着火了还是演练的,
// 是不是演练, 今天不是有消防演练吗, 是在演习吗.
var drillAskRE = rx.MustCompile(`(?:演练|演习)\p{Han}{0,4}?(?:吗|么|吧|呢|[？?])|(?:还是|是不是|是否|有没有|不是有)\p{Han}{0,6}?(?:演练|演习)|(?:真|真的)(?:着火|起火|失火)`)

// drillAsked reports whether text asks whether an alarm is a drill.
func drillAsked(text string) bool { return drillAskRE.MatchString(text) }

// withoutDrillAsk is text less its clauses asking about the drill, and
// those clauses joined.
func withoutDrillAsk(text string) (rest, asked string) {
	var kept, qs []string
	for _, c := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune(" 　，,。；;！!？?", r) }) {
		if drillAskRE.MatchString(c) {
			qs = append(qs, c)
			continue
		}
		kept = append(kept, c)
	}
	return strings.Join(kept, " "), strings.Join(qs, "，")
}

// fireMeanwhile is what to do while the answer comes.
const fireMeanwhile = "如果看到烟、明火或闻到焦味，请按真着火处理：马上组织学生疏散，并拨打 119。"

// passDrillAsk passes the question of text whether it is a drill on to
// the 总务主任 as the writer's, and returns the words that tell her so
// (lead, ending in a line break) and what is left to read as a report;
// ok is false when text asks no such thing.
func passDrillAsk(t *flows.Turn, text string) (rest, lead string, ok bool, err error) {
	if !drillAsked(text) {
		return text, "", false, nil
	}
	rest, _ = withoutDrillAsk(text)
	heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
	if err != nil {
		return text, "", false, err
	}
	if len(heads) != 1 || heads[0].ID == t.Staff.ID {
		return rest, "你问是不是演练：我这里查不到演练的安排。" + fireMeanwhile + "\n", true, nil
	}
	if _, err := flows.PassOn(t, heads[0], text); err != nil {
		return text, "", false, err
	}
	return rest, fmt.Sprintf("你问是不是演练：我这里查不到演练的安排，已把你的话转给%s（总务主任），他回复后会转给你。%s\n", heads[0].Name, fireMeanwhile), true, nil
}
