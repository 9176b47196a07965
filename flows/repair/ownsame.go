package repair

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// A report that looks like one the reporter made herself and is still open
// had been refused outright: 「你已经报修过这个问题了」. The sixteenth user
// test's teacher, her 「有盏灯不亮」 open for eleven days, could not report
// 「前面那个灯管一闪一闪的」 in the same room: 不是一回事哦 and 两个都要修
// began a report of the protest itself, which was refused again. The
// match is a guess (a lamp out and a lamp flickering read as one fault),
// so she is asked: 1 是同一个 (nothing filed) or 2 不是同一个 (filed as
// she first wrote it, merged into none of her own open repairs: she knows
// what she reported, and asking once per lamp would go round again).

// stateOwnSame asks whether a report is the reporter's own open repair
// that it looks like; the draft is kept meanwhile.
const stateOwnSame state = "own_same"

// The answers of stateOwnSame.
const (
	ownSame  = "own_same"
	ownApart = "own_apart"
)

var ownButtons = []flows.Button{{Label: "是同一个，不用再报", Data: ownSame}, {Label: "不是同一个，仍要提交", Data: ownApart}}

// ownSameWords answer stateOwnSame with 1: 是同一个, 一样的, 不用报了.
var ownSameWords = []string{"是", "是的", "对", "对的", "嗯", "是同一个", "同一个", "就是那个", "是那个", "一样", "一样的", "是一样的", "是一回事", "一回事",
	"不用了", "不用报了", "不报了", "那算了", "算了", "好的", "好", "知道了", "晓得了", "行"}

// bothRE is words that ask for the report to be filed all the same: 两个都
// 要修, 都要报, 仍要提交, 还是要报, 照样提交, 另外报一个.
var bothRE = rx.MustCompile(`两个都|两个都要|都要修|都要报|都得修|都坏了|仍要提交|仍然提交|还是要(?:报|提交|修)|照样(?:报|提交)|另外(?:报|提交|再报)|单独(?:报|提交|派)|再报一个|是另一个|另外一个|是新的`)

// loneNumberRE is a number alone, not one of the choices: asked again.
var loneNumberRE = rx.MustCompile(`^\d+$`)

// ownApartSaid reports whether text, answering stateOwnSame, says the
// report is another fault or is to be filed all the same.
func ownApartSaid(text string) bool {
	return notSameRE.MatchString(text) || bothRE.MatchString(text) || submitSaid(text) || flows.IsWord(text, []string{"不是", "不是的", "新的"})
}

// askOwnSame tells the reporter that d looks like her own open repair r,
// and asks whether it is.
func askOwnSame(t *flows.Turn, d *repairDraft, r Repair) error {
	t.Say(fmt.Sprintf("你 %s 已经报修过「%s」（%s，%s），这次的「%s」看起来是同一个问题。是吗？\n%s",
		t.When(r.ReportedAt), jobWords(r, 20), r.Ref, r.Status.Label(), flows.Clip(d.Desc, 20), flows.Numbered(ownButtons)), ownButtons...)
	return t.Goto(string(stateOwnSame), d)
}

// answerOwnSame takes stateOwnSame's answer: nothing filed (1), or the
// draft filed as she wrote it, apart from her open repair (2). Other words
// leave the draft unfiled, and are read as if she had not been asked.
func (f RepairFlow) answerOwnSame(t *flows.Turn, d *repairDraft, _ []flows.Location) error {
	c, ok := t.Pick(ownButtons)
	if !ok && t.Msg.Button == "" {
		text := strings.TrimSpace(t.Text)
		switch {
		case ownApartSaid(text):
			c, ok = ownApart, true
		case flows.IsWord(text, ownSameWords):
			c, ok = ownSame, true
		case loneNumberRE.MatchString(text):
		default:
			// Something else: the draft is not filed, and she is told so
			// before her words are read afresh.
			t.Say(fmt.Sprintf("好的，刚才的「%s」没有重复提交。", flows.Clip(d.Desc, 20)))
			t.Reread(t.Text)
			return nil
		}
	}
	if !ok {
		t.Say("请回复 1（是同一个，不用再报）或 2（不是同一个，仍要提交）。", ownButtons...)
		return nil
	}
	if c == ownSame {
		t.Done()
		t.Say("好的，这次不再重复报修。发送「我的」可以查看进度。")
		return nil
	}
	d.Apart = true
	return f.submit(t, d)
}
