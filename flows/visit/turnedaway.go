package visit

import (
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// flowTurnedAway is TurnedAwayFlow's name, kept in sessions.
const flowTurnedAway = "visit.turned_away"

// TurnedAwayFlow is a guard telling of someone he did not let in and who
// went away, with no one at school to ask for: user test 34's 「刚才有个送
// 外卖的要给初二学生送奶茶 我没让进 让他走了」 and 「外卖 拒绝入校 登记一下」 were
// not understood (T53, T54). The gate log (来访登记) records visitors for a
// host, who decides; a delivery turned away at the gate has no host and
// nobody came in, so there is nothing to register, and the guard is told
// so, politely, rather than 没看懂. It has no trigger word.
type TurnedAwayFlow struct{}

// Name implements Flow.
func (TurnedAwayFlow) Name() string { return flowTurnedAway }

// Title implements Flow.
func (TurnedAwayFlow) Title() string { return "未让入校" }

// Triggers implements Flow: none, so it is not in the menu.
func (TurnedAwayFlow) Triggers() []string { return nil }

// Allowed implements Flow: the guards keep the gate.
func (TurnedAwayFlow) Allowed(s flows.Staff) bool { return s.Has(flows.RoleGuard) }

var (
	// keptOutRE is the guard keeping someone out: 我没让进, 不让他进,
	// 拒绝入校, 没放他进来.
	keptOutRE = rx.MustCompile(`(?:没|不)(?:让|放|给)(?:他|她|他们|她们|人)?(?:进|进来|进去|进校|入校)|拒绝(?:他|她|他们)?(?:入校|进校|进入|进来)|拦(?:在|到)?(?:外面|门外|校外)`)
	// wentAwayRE is them gone, or the guard asking it noted: 让他走了,
	// 已经走了, 打发走了, 登记一下.
	wentAwayRE = rx.MustCompile(`走了|离开了?|回去了|打发|劝走|赶走|登记一下|记一下|登记下|拒绝入校`)
	// turnedAwayWhoRE is who was turned away: a delivery or a seller, or
	// someone unnamed.
	turnedAwayWhoRE = rx.MustCompile(`外卖|送餐|送奶茶|奶茶|跑腿|闪送|快递|推销|卖\p{Han}{1,3}的|发传单|发广告|有个人|有人|一个人|陌生人`)
)

// Accepts implements Acceptor: who was kept out, and that they went or
// that the guard asks it noted. A message that names a host (找王老师) or
// something left at the gate (放门卫室) is the check-in's or the
// parcel's, which come first in the module.
func (TurnedAwayFlow) Accepts(t *flows.Turn) bool {
	s := strings.TrimSpace(t.Text)
	return keptOutRE.MatchString(s) && wentAwayRE.MatchString(s) && turnedAwayWhoRE.MatchString(s) &&
		!strings.Contains(s, "放门") && !strings.Contains(s, "放在门")
}

// Start implements Flow: the guard is told nothing needs registering.
func (TurnedAwayFlow) Start(t *flows.Turn) error {
	t.Done()
	who, after := "这个人", "同一个人反复来，请告诉总务主任。"
	switch m := turnedAwayWhoRE.FindString(t.Text); {
	case m == "外卖" || m == "送餐" || m == "送奶茶" || m == "奶茶" || m == "跑腿" || m == "闪送":
		who, after = "送外卖的", "如果是学生自己点的外卖，可以跟班主任说一声。"
	case m == "快递":
		who = "快递员"
	case m == "推销" || strings.HasPrefix(m, "卖") || m == "发传单" || m == "发广告":
		who = "推销的人"
	}
	t.Say("好的，知道了：" + who + "没有让进校，做得对。\n" +
		"来访登记只记入校或在门卫处等被访人的访客；没有人入校，也没有要找的老师，就不用登记了。\n" + after)
	return nil
}

// Step implements Flow: the flow ends at Start.
func (TurnedAwayFlow) Step(t *flows.Turn) error {
	t.Done()
	return nil
}
