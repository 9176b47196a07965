package repair

import (
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// DutyAskFlow answers whether a thing is the logistics office's to mend,
// asked as a whole message with nothing said broken: 打印机归你们管吗,
// 投影仪一般找谁修, 饮水机是你们负责吗 (after user test 32's T11; a report
// with the question, 投影仪坏了…找你们后勤还是找信息中心啊, is RepairFlow's,
// whose read-back says the same). It says the trade and who the school
// routes it to, and how to report; it keeps nothing.
type DutyAskFlow struct{}

// Name implements Flow.
func (DutyAskFlow) Name() string { return "repair.duty_ask" }

// Title implements Flow.
func (DutyAskFlow) Title() string { return "报修范围" }

// Triggers implements Flow: none; it answers a question only.
func (DutyAskFlow) Triggers() []string { return nil }

// Allowed implements Flow: whoever may report.
func (DutyAskFlow) Allowed(flows.Staff) bool { return true }

// Answers implements flows.Answerer: asked before a report, which read
// 打印机归你们管吗 as nothing at all.
func (DutyAskFlow) Answers() {}

// dutyWholeRE is the question alone, the thing before it: 打印机归你们管吗,
// 投影仪一般找谁修, 这个空调是你们负责吗.
var dutyWholeRE = rx.MustCompile(`^(?:请问)?(?:这个|那个)?(\p{Han}{1,8}?)(?:的事|的话|这种|这类|这个)?(?:一般|平时)?(?:是|归|算)?(?:你们|后勤|总务处?)(?:修|管|负责)(?:吗|么|嘛|不|的吗)[？?]?$|` +
	`^(?:请问)?(?:这个|那个)?(\p{Han}{1,8}?)(?:的事|这种|这类)?(?:一般|平时)?(?:是|该|应该|要|得)?(?:找谁|归谁)(?:修|管|负责)?(?:啊|呀|呢|吗|哇|嘛)?[？?]?$`)

// dutyThing is the thing a whole duty question names, with its trade; ok
// is false when the message is no such question or names no trade's thing.
func dutyThing(text string) (thing string, trade flows.Trade, ok bool) {
	m := dutyWholeRE.FindStringSubmatch(strings.TrimSpace(parse.Normalize(text)))
	if m == nil {
		return "", "", false
	}
	words := m[1] + m[2]
	rd := defaultReader()
	c := rd.canonicalize([]rune(strings.ToLower(words)))
	if rd.fault(c) {
		return "", "", false // 空调坏了找谁修: a report (RepairFlow)
	}
	trade, item, _ := rd.classify(c.r)
	if trade == "" || item == "" {
		return "", "", false
	}
	return item, trade, true
}

// Accepts implements flows.Acceptor.
func (DutyAskFlow) Accepts(t *flows.Turn) bool {
	_, _, ok := dutyThing(t.Text)
	return ok && t.Msg.Button == ""
}

// Start implements Flow: the answer, from the school's routes.
func (DutyAskFlow) Start(t *flows.Turn) error {
	t.Done()
	thing, trade, _ := dutyThing(t.Text)
	lead, err := dutyAnswer(t, &repairDraft{Item: thing, Trade: trade})
	if err != nil {
		return err
	}
	t.Say(strings.TrimSpace(lead) + "\n坏了的话，直接告诉我地点和问题就行，比如「302" + thing + "坏了」。")
	return nil
}

// Step implements Flow: the flow ends at Start.
func (DutyAskFlow) Step(t *flows.Turn) error {
	t.Done()
	return nil
}
