package visit

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A school leader's words about the gate, outside any visitor's card:
// how many came today and whether a party has left (user test 16's
// 刘副校长: 「今天学校来了几拨外人？教育局的人走了没有」), and what the guards
// are to do (「刚才门卫说门口有个可疑的人 我现在下去看看 你们先把门关好」,
// after 老郑's 【门口安全提醒】). Both had been 「没有看懂」.

// flowLeaderAsk and flowLeaderOrder are the flows' names, kept in sessions.
const (
	flowLeaderAsk   = "visit.leader_ask"
	flowLeaderOrder = "visit.leader_order"
)

// NoticeOrder is a school leader's instruction about the gate, for the
// guards: 你们先把门关好. Like NoticeAlert it names no visitor.
const NoticeOrder = "visit.order"

// leaderRoles are those who ask about the gate and instruct its guards:
// the 总务主任, who answers for the gate, and the school leaders.
var leaderRoles = []flows.Role{flows.RoleHead, flows.RoleLeader, flows.RolePrincipal}

// gateLeader reports whether s is a leader who is not a guard (a guard's
// words about the gate are the guard's own flows').
func gateLeader(s flows.Staff) bool { return s.Has(leaderRoles...) && !s.Has(flows.RoleGuard) }

// LeaderAskFlow answers a school leader's question about today's
// visitors: how many came, each with whether they left, and whether the
// party they name (教育局的人) has left. It keeps no state.
type LeaderAskFlow struct{}

// Name implements Flow.
func (LeaderAskFlow) Name() string { return flowLeaderAsk }

// Title implements Flow.
func (LeaderAskFlow) Title() string { return "今日访客" }

// Triggers implements Flow: none, so it is not in the menu.
func (LeaderAskFlow) Triggers() []string { return nil }

// Allowed implements Flow.
func (LeaderAskFlow) Allowed(s flows.Staff) bool { return gateLeader(s) }

// todayCountRE asks how many came today, as a leader says it: 今天学校来了
// 几拨外人, 今天来了多少访客, 今天有哪些外来人员.
// 今天门口来了多少人, 今天来访多少人 (user test 32's T44) too.
var todayCountRE = rx.MustCompile(`^(?:今天|今日)(?:学校|校内|学校里|学校里头|门口|校门口|大门口?|门卫|门卫室)?(?:一共|总共|都)?(?:来了|来过|进了|进来了|登记了|来访了?|有)(?:几拨|几批|几个|几位|多少|哪些)(?:个|位|拨|批)?(?:人|外人|访客|客人|外来的?人?|外来人员|校外人员)?(?:啊|呢|了)?$`)

// refusedAskRE asks whether anyone was not let in today: 有没有不让进的,
// 有被拒绝的吗, 几个没让进 (user test 32's T44).
var refusedAskRE = rx.MustCompile(`^(?:今天)?(?:有没有|有没得|有)(?:人|访客)?(?:被)?(?:不让进|没让进|没放进|不放进|拒绝|被拒绝?|没同意|不同意)(?:的|入校的)?(?:人|访客)?(?:吗|呢|没有?)?$|^(?:今天)?(?:几个|多少)(?:人|访客)?(?:被)?(?:不让进|没让进|拒绝|被拒)(?:了)?(?:的)?$`)

// partyLeftRE asks whether a party has left, by what they are: 教育局的人走了
// 没有, 送货的走了吗, 家长还在吗. The words before are the first group.
var partyLeftRE = rx.MustCompile(`^(\p{Han}{1,10}?)的?(?:人|那个人|那几个人|那两个人|两个人|几个人|领导|访客|客人|家长)?(?:都)?(?:走了没有?|走了吗|走没走|走了没得|离开了吗|离开没有|离开了没有|还在吗|还在不在|还在没有?|出去了吗|出去没有|出去了没有)$`)

// visitorWords make words before partyLeftRE's question a visitor: 家长,
// 送货的, 访客. Others (王师傅走了没有) may be staff.
var visitorWords = rx.MustCompile(`外人|访客|客人|来访|家长|送货|送菜|快递|外卖|检查|督导|参观`)

// leaderClauses are the parts of a leader's message, split at its marks.
func leaderClauses(text string) []string {
	return strings.FieldsFunc(parse.Normalize(text), func(r rune) bool { return strings.ContainsRune("，,。.！!？? ；;", r) })
}

// partyAsked is the party a clause asks about (教育局), or "".
func partyAsked(c string) string {
	m := partyLeftRE.FindStringSubmatch(c)
	if m == nil {
		return ""
	}
	who := strings.TrimPrefix(strings.TrimPrefix(m[1], "那个"), "那")
	if who == "" || !defaultVocab().isOrg(who) && !visitorWords.MatchString(who) {
		return ""
	}
	return who
}

// Accepts implements flows.Acceptor: every part of the message a
// question about today's visitors, and one at least.
func (LeaderAskFlow) Accepts(t *flows.Turn) bool {
	if !gateLeader(t.Staff) {
		return false
	}
	cs := leaderClauses(t.Text)
	for _, c := range cs {
		if !todayCountRE.MatchString(c) && !refusedAskRE.MatchString(c) && partyAsked(c) == "" {
			return false
		}
	}
	return len(cs) > 0 && len(cs) <= 3
}

// Start implements Flow: today's visits, then each party asked about.
func (LeaderAskFlow) Start(t *flows.Turn) error {
	t.Done()
	vs, err := db(t).VisitsSince(t.Ctx, t.School.ID, dayStart(t))
	if err != nil {
		return err
	}
	var b strings.Builder
	listed := false
	for _, c := range leaderClauses(t.Text) {
		if todayCountRE.MatchString(c) {
			b.WriteString(todayText(t, vs) + "\n")
			listed = true
		}
	}
	for _, c := range leaderClauses(t.Text) {
		if refusedAskRE.MatchString(c) {
			b.WriteString(refusedText(t, vs, listed) + "\n")
		}
	}
	for _, c := range leaderClauses(t.Text) {
		if who := partyAsked(c); who != "" {
			b.WriteString(partyText(t, vs, who) + "\n")
		}
	}
	t.Say(strings.TrimSpace(b.String()))
	return nil
}

// Step implements Flow: the flow ends at Start.
func (LeaderAskFlow) Step(t *flows.Turn) error {
	t.Done()
	return nil
}

// todayText is today's visits, one line each with where they are now.
func todayText(t *flows.Turn, vs []Visit) string {
	if len(vs) == 0 {
		return "今天还没有登记来访。"
	}
	people := 0
	for _, v := range vs {
		people += max(v.Party, 1)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "今天共登记来访 %d 批、%d 人：", len(vs), people)
	for _, v := range vs { // oldest first, as they came
		fmt.Fprintf(&b, "\n· %s", dayLine(t, v))
	}
	return b.String()
}

// refusedText answers whether anyone was refused today: who, whom they
// asked for; only their names when the day's list (listed) shows them.
func refusedText(t *flows.Turn, vs []Visit, listed bool) string {
	var lines, names []string
	for _, v := range vs {
		if v.Status == VisitRejected {
			lines = append(lines, "· "+dayLine(t, v))
			names = append(names, fmt.Sprintf("%s（第 %d 号，%s不同意）", v.Name, Num(v), v.HostName))
		}
	}
	switch {
	case len(lines) == 0:
		return "今天没有被拒绝入校的访客。"
	case listed:
		return fmt.Sprintf("其中未获同意、没有入校的 %d 批：%s。", len(names), strings.Join(names, "、"))
	}
	return fmt.Sprintf("今天有 %d 批访客未获同意、没有入校：\n%s", len(lines), strings.Join(lines, "\n"))
}

// dayLine is one of today's visits for a leader: who, from where, for
// whom, and where they are now.
func dayLine(t *flows.Turn, v Visit) string {
	line := fmt.Sprintf("%s（第 %d 号）", v.Name, Num(v))
	if v.Org != "" {
		line += "，" + v.Org
	}
	line += fmt.Sprintf("，找%s，%s", v.HostName, v.Purpose)
	if v.Party > 1 {
		line += fmt.Sprintf("，%d 人", v.Party)
	}
	return line + "：" + whereNow(t, v)
}

// whereNow says where a visitor is now: left (when), inside, at the gate.
func whereNow(t *flows.Turn, v Visit) string {
	switch v.Status {
	case VisitLeft:
		return fmt.Sprintf("已离开（%s）", t.When(v.LeftAt))
	case VisitAdmitted:
		return fmt.Sprintf("%s 入校，还在校内（已 %s）", t.When(v.DecidedAt), stayText(t.Now.Sub(v.DecidedAt)))
	case VisitWaiting:
		return fmt.Sprintf("%s 到门口，等待%s确认", t.When(v.ArrivedAt), v.HostName)
	}
	return v.Status.Label()
}

// partyText answers whether the party of who (教育局) has left.
func partyText(t *flows.Turn, vs []Visit, who string) string {
	var hit []string
	for _, v := range vs {
		if !describedBy(v, who) {
			continue
		}
		said := fmt.Sprintf("%s（第 %d 号%s）", v.Name, Num(v), partyOf(v))
		switch v.Status {
		case VisitLeft:
			said += fmt.Sprintf("已经走了，%s 离开。", t.When(v.LeftAt))
		case VisitAdmitted:
			said += fmt.Sprintf("还没走，%s 入校，已在校 %s。", t.When(v.DecidedAt), stayText(t.Now.Sub(v.DecidedAt)))
		default:
			said += whereNow(t, v) + "。"
		}
		hit = append(hit, said)
	}
	if len(hit) == 0 {
		return fmt.Sprintf("今天没有登记「%s」的访客。", who)
	}
	return strings.Join(hit, "\n")
}

// partyOf is the organisation and size of a visit's party, for a line
// that names its visitor: ，区教育局，2 人.
func partyOf(v Visit) string {
	s := ""
	if v.Org != "" {
		s += "，" + v.Org
	}
	if v.Party > 1 {
		s += fmt.Sprintf("，%d 人", v.Party)
	}
	return s
}

// LeaderOrderFlow passes a school leader's instruction about the gate to
// the guards: 你们先把门关好, 别让他进来, 盯着那个人 (user test 16's 刘副校长,
// answering 老郑's 【门口安全提醒】 in words, had been 「没有看懂」). The
// words go whole, and the leader is told they went. It keeps no state.
// After a watch-list alert the same words are that alert's instruction
// (instruct.go), read before this flow.
type LeaderOrderFlow struct{}

// Name implements Flow.
func (LeaderOrderFlow) Name() string { return flowLeaderOrder }

// Title implements Flow.
func (LeaderOrderFlow) Title() string { return "转告门卫" }

// Triggers implements Flow: none, so it is not in the menu.
func (LeaderOrderFlow) Triggers() []string { return nil }

// Allowed implements Flow.
func (LeaderOrderFlow) Allowed(s flows.Staff) bool { return gateLeader(s) }

// gateOrderRE is what the guards are told to do at the gate: 把门关好,
// 关好大门 (not 关好门窗, said of classrooms), 别开门, 别让他进来, 盯着那个人,
// 拦住他.
var gateOrderRE = rx.MustCompile(`把(?:大|校)?门(?:口)?(?:先)?(?:关好|关上|关紧|锁好|锁上|守好|看好)|(?:关好|关上|关紧|锁好|锁上|守好|看好)(?:大|校)?门(?:[^窗]|$)|` +
	`(?:别|不要|先别|不准)开(?:大|校)?门|(?:别|不要|不准|不许|先别)(?:让|放)(?:他|她|他们|那个人|这个人|那人|人|任何人|外人|陌生人)进(?:来|校|门)?|` +
	`(?:盯着|盯紧|看住|拦住|稳住|留意)(?:他|她|那个人|这个人|那人|那个可疑)`)

// gateAddressRE makes an order one for the gate's guards: the gate, the
// guards, or whom they watch (可疑, 陌生人).
var gateAddressRE = rx.MustCompile(`门口|门卫|大门|校门|门岗|保安|可疑|陌生人|你们`)

// Accepts implements flows.Acceptor: a leader's message ordering the
// guards, said of the gate.
func (LeaderOrderFlow) Accepts(t *flows.Turn) bool {
	s := parse.Normalize(t.Text)
	return gateLeader(t.Staff) && gateOrderRE.MatchString(s) && gateAddressRE.MatchString(s)
}

// Start implements Flow: the guards told the leader's words, the leader
// told so.
func (LeaderOrderFlow) Start(t *flows.Turn) error {
	t.Done()
	guards, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleGuard)
	if err != nil {
		return err
	}
	if len(guards) == 0 {
		t.Say("学校还没有登记门卫，没能转告。请直接打电话给门口的值班人员。")
		return nil
	}
	words := strings.Join(strings.Fields(strings.TrimSpace(parse.Normalize(t.Text))), "，")
	who := flows.RoleLabels(t.Staff.Roles) + t.Staff.Name
	var names []string
	for _, g := range guards {
		if err := t.Notify(flows.Notification{ToStaff: g.ID, Kind: NoticeOrder,
			Text: fmt.Sprintf("【领导指示】%s说（%s）：\n「%s」\n请照此办理。", who, t.When(t.Now), words)}); err != nil {
			return err
		}
		names = append(names, g.Name)
	}
	t.Say(fmt.Sprintf("已转告门卫%s：「%s」。", strings.Join(names, "、"), words))
	return nil
}

// Step implements Flow: the flow ends at Start.
func (LeaderOrderFlow) Step(t *flows.Turn) error {
	t.Done()
	return nil
}
