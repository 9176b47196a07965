package inspection

import (
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// RoundTold takes a round told done in words, with what was found, from
// whoever owes it (user test 31, T45/T46): the round due is opened and
// the rest of the message read as the answer to its items, as if typed
// there; the conversation is then the check flow's. It is an Answerer so
// that it is asked before the repair report, which took 「巡查完了 都挺好
// 就是操场东边路灯有一个不亮」 as a report and left the round unrecorded.
type RoundTold struct{}

// Name implements flows.Flow.
func (RoundTold) Name() string { return "inspection_round_told" }

// Title implements flows.Flow.
func (RoundTold) Title() string { return "巡查" }

// Triggers implements flows.Flow: it starts only from such a message.
func (RoundTold) Triggers() []string { return nil }

// Allowed implements flows.Flow.
func (RoundTold) Allowed(flows.Staff) bool { return true }

// Answers implements flows.Answerer (see the type's comment).
func (RoundTold) Answers() {}

// Accepts implements flows.Acceptor: a round told done with what was
// found, from one who owes exactly one scheduled round now.
func (RoundTold) Accepts(t *flows.Turn) bool {
	if _, ok := roundDoneRest(t.Text); !ok {
		return false
	}
	cs, err := choices(t)
	return err == nil && len(cs) == 1 && !cs[0].AdHoc
}

// Start implements flows.Flow: the round opened, the rest its answer.
func (RoundTold) Start(t *flows.Turn) error {
	rest, _ := roundDoneRest(t.Text)
	cs, err := choices(t)
	if err != nil {
		return err
	}
	if len(cs) != 1 || cs[0].AdHoc {
		return CheckFlow{}.Start(t) // no longer one round due: as 巡查 would
	}
	f := CheckFlow{}
	if err := f.open(t, cs[0]); err != nil || t.Flow() != checkFlowName || t.State() != stateItems {
		return err
	}
	t.Text = rest
	return f.Step(t)
}

// Step implements flows.Flow; the conversation is the check flow's once
// begun, so none is left here.
func (RoundTold) Step(t *flows.Turn) error {
	t.Done()
	t.Pass()
	return nil
}

// roundDoneRE begins a message telling the round done, what was found
// after it (user test 31, T45/T46: the guard's 「巡查完了 都挺好 就是操场东边
// 路灯有一个不亮」 became a repair and the round was not recorded; 「今天的
// 巡查记一下 都正常 就路灯那个」 was taken for thanks): 巡查完了, 今天巡查
// 做完了, 巡查记一下, 转了一圈回来了; not 我转一圈去, a round begun.
var roundDoneRE = rx.MustCompile(`^(?:今天|今日)?的?(?:校园)?(?:巡查|巡逻|巡视|巡检)(?:已经)?(?:做完了|查完了|弄完了|搞完了|走完了|完了|结束了|好了|(?:帮我)?记一下)|^(?:我)?(?:刚)?(?:转|走)了(?:一圈|一遍)(?:回来了)?`)

// roundFineRE is the rest told fine, in the guard's words: 都挺好, 都正常,
// 别的都没事.
var roundFineRE = rx.MustCompile(`^(?:其他|其余|别的|剩下的)?(?:都|全)(?:挺好|很好|好|正常|没问题|没事|没啥问题|没什么问题)的?`)

// roundDoneRest reads a message telling the round done (roundDoneRE)
// with what was found: the rest, as an answer to the round's items, the
// guard's 都挺好 said as 其他都正常. ok is false when nothing follows (巡查完了
// alone says neither) or the message asks.
func roundDoneRest(text string) (string, bool) {
	s := strings.TrimSpace(text)
	m := roundDoneRE.FindString(s)
	if m == "" || strings.ContainsAny(s, "吗么？?") {
		return "", false
	}
	rest := strings.TrimLeft(s[len(m):], " ，,。.!！;；~")
	if rest == "" {
		return "", false
	}
	if f := roundFineRE.FindString(rest); f != "" {
		rest = "其他都正常" + rest[len(f):]
	}
	return rest, true
}
