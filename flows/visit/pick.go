package visit

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// PickFlow is the question 「是哪一位？」 asked when a command or a host's
// answer in words (那个修空调的 让进吧, 同意) fits several visitors: the
// visitors it can act on, as the writer knows them (第 N 号, the name,
// the purpose), never an internal reference. The writer answers with the
// list's number, the visitor's number, the name or part of it, or words
// about the visitor (修空调的); the question waits until then, or 取消.
// It is started by VisitFlow.Typed only (no trigger, not in the menu).
type PickFlow struct{ Acts VisitFlow }

// pickData is the question waiting: the verb, the visits offered (by
// id, in the order shown) and the writer's first message, whose words
// (我马上下去接) still go to the guard.
type pickData struct {
	Verb verb    `json:"verb"`
	IDs  []int64 `json:"ids"`
	Said string  `json:"said,omitempty"`
}

// statePick is PickFlow's one question.
const statePick state = "pick"

// Name implements Flow.
func (PickFlow) Name() string { return flowPick }

// Title implements Flow.
func (PickFlow) Title() string { return "选择访客" }

// Triggers implements Flow: none; VisitFlow.Typed starts it.
func (PickFlow) Triggers() []string { return nil }

// Allowed implements Flow: whoever was asked; Act checks each visit.
func (PickFlow) Allowed(flows.Staff) bool { return true }

// Start implements Flow; the flow is only begun by askWhich.
func (PickFlow) Start(t *flows.Turn) error {
	t.Done()
	t.ShowMenu()
	return nil
}

// verbWords name what the writer is choosing a visitor for.
var verbWords = map[verb]string{verbOK: "同意入校", verbNo: "不同意入校", verbGate: "请他把东西留在门卫室", verbHead: "总务主任同意", verbOut: "离校"}

// askWhich asks which of vs (two or more, each one the command can act
// on; num the number said, 0 for none) the writer means, and waits for
// the answer in PickFlow.
func askWhich(t *flows.Turn, v verb, vs []Visit, num int) error {
	d := pickData{Verb: v, Said: t.Text}
	for _, x := range vs {
		d.IDs = append(d.IDs, x.ID)
	}
	bs := pickButtons(t, vs)
	head := fmt.Sprintf("有 %d 位访客都对得上，要%s的是哪一位？", len(vs), verbWords[v])
	if num > 0 {
		head = fmt.Sprintf("有 %d 位访客都是第 %d 号，要%s的是哪一位？", len(vs), num, verbWords[v])
	}
	t.Say(fmt.Sprintf("%s\n%s\n回复序号，或访客的姓名都可以。", head, flows.Numbered(bs)), bs...)
	return t.Begin(flowPick, string(statePick), d)
}

// pickButtons name each visitor as the writer knows them: 第 4 号 李志强，
// 施工维修（空调维保）, with the day when not today.
func pickButtons(t *flows.Turn, vs []Visit) []flows.Button {
	bs := make([]flows.Button, len(vs))
	today := dayStart(t)
	for i, v := range vs {
		what := purposeText(v.Purpose, v.PurposeNote)
		if v.ArrivedAt.Before(today) {
			what = t.When(v.ArrivedAt) + "，" + what
		}
		bs[i] = flows.Button{Label: fmt.Sprintf("第 %d 号 %s，%s", Num(v), v.Name, what), Data: strconv.FormatInt(v.ID, 10)}
	}
	return bs
}

// pickFillerRE are the words around a visitor's name or description in
// an answer: 那个, 的, 吧, 是.
var pickFillerRE = rx.MustCompile(`^(?:是|就是|选|要)?(?:那个|那位|这个|这位|第)?|(?:的|那个|那位|这个|这位|吧|啊|呀|号)+$`)

// Step implements Flow: the answer to askWhich.
func (f PickFlow) Step(t *flows.Turn) error {
	var d pickData
	if err := t.Load(&d); err != nil {
		return err
	}
	var vs []Visit
	for _, id := range d.IDs {
		v, err := db(t).Visit(t.Ctx, id)
		if err != nil {
			continue // purged or gone: not offered again
		}
		if deeds[d.Verb].may(t, v) == "" {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		t.Done()
		t.Say("这几位访客都已经处理过了，不需要再选了。发送「我的」可以查看你的事项。")
		return nil
	}
	bs := pickButtons(t, vs)
	var hit []Visit
	if data, ok := t.Pick(bs); ok {
		id, _ := strconv.ParseInt(data, 10, 64)
		hit = slices.DeleteFunc(slices.Clone(vs), func(v Visit) bool { return v.ID != id })
	} else {
		hit = pickedBy(vs, t.Text)
	}
	if _, ok := readHostReply(t.Text); ok && len(hit) != 1 {
		// 那个修空调的 让进吧, said instead: a new answer, read afresh.
		t.Done()
		data, ok := f.Acts.Typed(t, t.Text)
		if ok && data != "" {
			return f.Acts.Act(t, data)
		}
		if !ok {
			t.Say("抱歉，我没有看懂这句话。")
			t.ShowMenu()
		}
		return nil
	}
	if len(hit) != 1 {
		if utf8.RuneCountInString(t.Text) > 12 && len(hit) == 0 {
			t.Pass() // something else altogether: read as a new message
			return nil
		}
		t.Say(fmt.Sprintf("没有对上是哪一位。要%s的是：\n%s\n请回复序号或访客姓名；不用选了请回复「取消」。", verbWords[d.Verb], flows.Numbered(bs)), bs...)
		return nil
	}
	t.Done()
	t.Msg.Button, t.Text = "", d.Said // the first message's words go to the guard
	return f.Acts.Act(t, action(d.Verb, hit[0].ID))
}

// pickedBy lists the visits of vs an answer names: their number (4, 4号,
// 第4号), the visitor's name or part of it (李志强, 志强), or words about
// the visit (修空调的, 顺丰, 找王老师的).
func pickedBy(vs []Visit, text string) []Visit {
	s := strings.TrimSpace(parse.Normalize(text))
	s = strings.TrimSpace(pickFillerRE.ReplaceAllString(s, ""))
	if s == "" {
		return nil
	}
	if n, err := strconv.Atoi(s); err == nil {
		return slices.DeleteFunc(slices.Clone(vs), func(v Visit) bool { return Num(v) != n })
	}
	for _, match := range []func(v Visit) bool{
		func(v Visit) bool { return v.Name == s || latinName(v.Name, s) },
		func(v Visit) bool {
			return utf8.RuneCountInString(s) >= 2 && (strings.Contains(v.Name, s) || strings.Contains(s, v.Name) && v.Name != "")
		},
		func(v Visit) bool { return utf8.RuneCountInString(s) >= 2 && describedBy(v, s) },
		func(v Visit) bool {
			return utf8.RuneCountInString(s) >= 2 && describedBy(v, strings.TrimPrefix(strings.TrimPrefix(s, "来"), "修"))
		},
	} {
		var hit []Visit
		for _, v := range vs {
			if match(v) {
				hit = append(hit, v)
			}
		}
		if len(hit) > 0 {
			return hit
		}
	}
	return nil
}
