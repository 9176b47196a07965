package inspection

import (
	"fmt"
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
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
//
// A leader's own check told done (user test 31, T30) is taken too, when
// it is not his scheduled round told done: see checkTold.
func (RoundTold) Accepts(t *flows.Turn) bool {
	if _, ok := roundDoneRest(t.Text); ok {
		cs, err := choices(t)
		if err == nil && len(cs) == 1 && !cs[0].AdHoc {
			return true
		}
	}
	_, _, ok := checkTold(t.Text)
	return ok && t.Staff.Has(flows.RoleHead, flows.RoleLeader, flows.RolePrincipal)
}

// Start implements flows.Flow: the round opened, the rest its answer.
func (RoundTold) Start(t *flows.Turn) error {
	cs, err := choices(t)
	if err != nil {
		return err
	}
	rest, done := roundDoneRest(t.Text)
	if name, told, ok := checkTold(t.Text); ok && !(done && len(cs) == 1 && !cs[0].AdHoc) && t.Staff.Has(flows.RoleHead, flows.RoleLeader, flows.RolePrincipal) {
		return startTold(t, name, told)
	}
	if !done || len(cs) != 1 || cs[0].AdHoc {
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

// A leader tells a check he has just done, all of it in one message: what
// he found fine, what he found wrong and whom he gave it to (user test 31,
// T30: 「下午做了考前安全检查 消防通道都畅通 考场门窗都没问题 四楼楼梯口应急照明灯不亮
// 交给陈主任整改」 became one repair, the whole sentence its problem, filed
// as 木工). The check is opened as his word for it would open it (考前安全检查
// alone: the school's round as his ad hoc check), and the rest of the
// message read as the answer to its items, as if typed there.

// checkDoneRE is the first clause of a check told done: 下午做了考前安全检查,
// 刚做完安全检查, 考前安全检查做完了, 今天的安全大检查结束了, 刚检查了一圈,
// 我刚巡查了一遍. Its group is the check's name, when one is said. A check
// asked about (做了没有), set for later (明天做) or only looked at once
// (检查了一下: a repair's words, 我检查了一下 灯还是不亮) is not one.
var checkDoneRE = rx.MustCompile(`^(?:今天|今日|今天下午|今天上午|下午|上午|晚上|中午|刚才|刚刚)?的?(?:我|我们)?(?:刚才|刚刚|刚|已经|带人|带队|把|全校|校园)*(?:` +
	`(?:做|搞|进行|开展|组织|查)(?:了|完了?)(?:一次|一个|个|一遍|一轮)?(` + checkNameRE + `)` +
	`|(` + checkNameRE + `)(?:已经)?(?:做|搞|查|弄|走|检查)?(?:完了|了|结束了|完成了|好了)` +
	`|(?:安全)?(?:检查|巡查|巡视|排查|巡|查|转|走)了(?:一圈|一遍|一轮)` +
	`)(?:了|啦)?$`)

// checkNameRE is a safety check's name: 考前安全检查, 安全大检查, 消防安全
// 排查, 巡查.
const checkNameRE = `(?:(?:放|寒|暑)?假(?:之)?前|考(?:试)?(?:之)?前|期末|(?:开学|元旦|春节|过年|国庆|五一|汇演|运动会)(?:之)?前)?的?(?:` + roundQualifiers + `)*的?(?:安全大?(?:检查|排查|巡查|巡检)|隐患排查|大?巡查|巡检)`

// checkTold reads a check told done in one message (checkDoneRE, then
// what was found): the check's name (安全检查 when none is said) and the
// rest. ok is false unless the rest tells something of what was checked:
// fine (都畅通, 没问题) or wrong (灯不亮); nor when the message asks.
func checkTold(text string) (name, rest string, ok bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	if strings.ContainsAny(s, "吗么？?") {
		return "", "", false
	}
	first, rest, _ := strings.Cut(s, " ")
	if i := strings.IndexAny(first, "，,。；;：:"); i >= 0 {
		first, rest = first[:i], s[i:]
	}
	m := checkDoneRE.FindStringSubmatch(first)
	if m == nil {
		return "", "", false
	}
	rest = strings.TrimLeft(rest, " ，,。.!！;；:：~")
	if rest == "" {
		return "", "", false
	}
	plain := negatedRE.ReplaceAllString(rest, "正常")
	if !troubleRE.MatchString(plain) && !fineRE.MatchString(plain) {
		return "", "", false
	}
	name = strings.TrimPrefix(m[1]+m[2], "的")
	if name == "" {
		name = "安全检查"
	}
	return name, rest, true
}

// startTold opens the check a leader told done (checkTold) as name alone
// would, and reads told as the answer to its items; when he is asked
// which check first, told waits in the conversation for his choice.
func startTold(t *flows.Turn, name, told string) error {
	cs, err := choices(t)
	if err != nil {
		return err
	}
	if len(cs) > 0 && !slices.ContainsFunc(cs, func(c choice) bool { return roundPlanRE.MatchString(c.Label) }) {
		// He owes checks, none a round (the 总务主任's 消防器材月检): the
		// check he did is the school's round as his own, not one of those.
		rs, err := leaderRounds(t, true)
		if err != nil {
			return err
		}
		if len(rs) == 1 {
			if rs[0].CheckID == 0 {
				t.Say(fmt.Sprintf("好的，这次按「%s」的项目记为你的临时检查，不影响当天的例行巡查。", strings.TrimSuffix(rs[0].Label, adhocLabel)))
			}
			return (CheckFlow{}).openTold(t, rs[0], told)
		}
	}
	t.Text = name
	if err := (CheckFlow{}).Start(t); err != nil {
		return err
	}
	return readTold(t, told)
}

// readTold reads told as the answer to the items of the check just
// opened, or keeps it for the choice asked first (statePick).
func readTold(t *flows.Turn, told string) error {
	if t.Flow() != checkFlowName || t.State() != stateItems && t.State() != statePick {
		return nil
	}
	var d checkData
	if err := t.Load(&d); err != nil {
		return err
	}
	if t.State() == statePick {
		d.Told = told
		return t.Goto(statePick, d)
	}
	t.Text = told
	return CheckFlow{}.stepItems(t, &d)
}
