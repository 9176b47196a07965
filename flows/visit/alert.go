package visit

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// flowAlert is GateAlertFlow's name, kept in sessions.
const flowAlert = "visit.alert"

// NoticeAlert is a guard's report of someone suspicious at the gate, for
// the 总务主任 and the 分管领导 (the 校长 where the school has none).
const NoticeAlert = "visit.alert"

// GateAlertFlow is a guard reporting a security concern at the gate in
// words: 门口有个人转悠半天了 问他找谁也不说 看着不像家长. It has no trigger
// word (nothing in the menu): it starts from the report itself, tells the
// school's leaders at once, and tells the guard what was done and what to
// do meanwhile.
type GateAlertFlow struct{}

// Name implements Flow.
func (GateAlertFlow) Name() string { return flowAlert }

// Title implements Flow.
func (GateAlertFlow) Title() string { return "门口可疑人员" }

// Triggers implements Flow: none, so it is not in the menu.
func (GateAlertFlow) Triggers() []string { return nil }

// Allowed implements Flow: the guards watch the gate.
func (GateAlertFlow) Allowed(s flows.Staff) bool { return s.Has(flows.RoleGuard) }

// alertSignsRE are the signs of a stranger who is not a visitor: hanging
// about (转悠, 徘徊, 蹲了半天), not saying whom they want (问他找谁也不说),
// looking wrong (看着不像家长, 形迹可疑), trying to get in (翻墙, 往里闯),
// or carrying something dangerous (拿着刀).
var alertSignsRE = rx.MustCompile(`转悠|转来转去|晃悠|晃来晃去|徘徊|溜达了?半天|蹲了?半天|站了?半天|盯着|鬼鬼祟祟|形迹可疑|可疑|不像(?:是)?(?:家长|学生家长|好人|来办事的)|` +
	`(?:问他|问她|问了?)(?:找谁|干什么|干嘛|干啥|是谁)?(?:也|都)?不(?:说|回答|吭声|理)|翻墙|往里闯|硬闯|闯进|拿着?(?:刀|棍|棒|铁棍)|带着?刀|喝醉|醉醺醺|闹事|拍照.*学生`)

// alertPlaceRE places the report at or near the school: the gate, the wall,
// outside.
var alertPlaceRE = rx.MustCompile(`门口|门外|大门|校门|围墙|墙外|墙边|外面|附近|路边|对面|有个人|有人|有个男的|有个女的|有一个人|几个人`)

// Accepts implements Acceptor: a guard's message with a sign of a
// stranger who is not a visitor and where. A message that names a host
// (有个人找王老师) is a visitor, for the check-in.
func (GateAlertFlow) Accepts(t *flows.Turn) bool {
	if !t.Staff.Has(flows.RoleGuard) {
		return false
	}
	s := strings.TrimSpace(t.Text)
	return alertSignsRE.MatchString(s) && alertPlaceRE.MatchString(s) && !saysLeaving(s)
}

// alertRoles are those told of a stranger at the gate: the 总务主任, who
// answers for the gate and its guards, and the 分管领导, the school leader
// in charge of safety, who can call the police or send staff; a school
// without a 分管领导 tells its 校长 instead, so that a leader always hears
// of it at once, not when someone thinks to pass it on.
var alertRoles = []flows.Role{flows.RoleHead, flows.RoleLeader}

// Start implements Flow: the leaders told, the guard told so and advised.
func (GateAlertFlow) Start(t *flows.Turn) error {
	t.Done()
	n := flows.Notification{Kind: NoticeAlert, Text: fmt.Sprintf("【门口安全提醒】门卫%s报告（%s）：\n「%s」\n请尽快与门卫联系，必要时派人到门口查看或报警。",
		t.Staff.Name, t.When(t.Now), strings.TrimSpace(t.Text))}
	told := map[int64]bool{t.Staff.ID: true}
	if _, err := t.NotifyRolesExcept(alertRoles, told, n); err != nil {
		return err
	}
	leaders, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleLeader)
	if err != nil {
		return err
	}
	who := "总务主任和分管领导"
	if len(leaders) == 0 {
		who = "总务主任和校长"
		if _, err := t.NotifyRolesExcept([]flows.Role{flows.RolePrincipal}, told, n); err != nil {
			return err
		}
	}
	t.Say("收到，已马上通知" + who + "。\n" +
		"请不要放这个人进校，关好校门；留意他的去向和样貌（衣着、车辆），能看清的话记下来。\n" +
		"请不要一个人上前硬拦；他要是往里闯、纠缠学生或带着危险物品，请立即报警 110。")
	return nil
}

// Step implements Flow: the flow ends at Start.
func (GateAlertFlow) Step(t *flows.Turn) error {
	t.Done()
	return nil
}
