package flows_test

import (
	"strings"
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// Which words of a school leader are passed on to a colleague (relay.go):
// an instruction after 让/叫/请/通知/告诉/跟…说 to exactly one colleague,
// named by name, surname and title, 老X or a role word one person holds
// (the re-run of user test 16's 「我让陈主任下去接一下」, user test 17
// round); anything else stays 「没有看懂」.
func TestLeaderRelayWords(t *testing.T) {
	for _, c := range []struct {
		input, to string // to is "" when nothing is relayed
	}{
		{"张校长: 我让陈主任下去接一下 直接带去食堂", "陈主任"},
		{"刘副校长: 跟钱阿姨说一下 留样先挪到另外那台冰箱放着", "钱阿姨"},
		{"刘副校长: 告诉钱阿姨留样先挪到另外那台冰箱", "钱阿姨"},
		{"刘副校长: 请孙师傅下午去302看一下灯", "孙师傅"},
		{"陈主任: 叫老郑把东门关上", "老郑"},
		{"陈主任: 叫门卫把东门关上", "老郑"},
		{"刘副校长: 通知食堂明天中午多做二十份饭", "钱阿姨"},
		{"刘副校长: 叫周工今天把水管修好", "周师傅"},
		// Addressed by name or role (p20lead).
		{"张校长: 老郑，今晚值班注意一下后门", "老郑"},
		{"张校长: 钱阿姨明天中午多准备20份饭", "钱阿姨"},
		{"陈主任: 门卫今天下午有家长会 门口多注意", "老郑"},
		{"刘副校长: 帮我通知一下孙师傅 下午报告厅的灯调一下", "孙师傅"},
		{"刘副校长: 你跟老郑说 今天下午四点以后不让家长进来", "老郑"},
		// No one, or not one.
		{"刘副校长: 留样先挪到另外那台冰箱放着", ""},
		{"刘副校长: 让王师傅和孙师傅一起去看看", ""},
		{"刘副校长: 让赵老师把材料交上来", ""},
		{"刘副校长: 叫师傅们把东门关上", ""},
		// Not an instruction.
		{"张校长: 让陈主任", ""},
		{"张校长: 跟陈主任一起去食堂看看", ""},
		{"张校长: 谁让王师傅拆的", ""},
		{"张校长: 你叫老郑了吗", ""},
		{"张校长: 我让陈主任", ""},
		{"张校长: 老郑去哪了", ""},
		{"张校长: 王老师说今天下午要开会", ""},
		{"张校长: 老郑的值班表先别动", ""},
		{"张校长: 已经跟老郑说了 让他注意后门", ""},
		{"张校长: 昨天我叫王师傅修过了", ""},
		// Not to oneself, and not a leader's.
		{"陈主任: 让陈主任去看看", ""},
		{"李老师: 让钱阿姨把留样挪一下", ""},
	} {
		c := c
		t.Run(c.input, func(t *testing.T) {
			core := flowtest.NewCore()
			flowtest.Seed(core)
			w := &flowtest.World{Core: core, Store: &flowtest.Store{Tx: core}, Modules: []flows.Module{flows.Housekeeping()}}
			out := flowtest.Play(t, w, c.input)
			relayed := strings.Contains(out, "(leader.relay)")
			switch {
			case c.to == "" && relayed:
				t.Errorf("relayed, want 没有看懂:\n%s", out)
			case c.to == "" && !strings.Contains(out, "没有看懂"):
				t.Errorf("want 没有看懂:\n%s", out)
			case c.to != "" && !strings.Contains(out, "→ "+c.to+" (leader.relay): 【领导交代】"):
				t.Errorf("want relayed to %s:\n%s", c.to, out)
			case c.to != "" && !strings.Contains(out, "已转告"+c.to+"："):
				t.Errorf("want 已转告%s:\n%s", c.to, out)
			}
		})
	}
}

// A role word names someone only when one person holds the role: with two
// guards, 叫门卫… names no one.
func TestLeaderRelayRoleOfTwo(t *testing.T) {
	core := flowtest.NewCore()
	s := flowtest.Seed(core)
	core.Bind(flows.ChannelConsole, "老吴", core.AddStaff(flows.Staff{SchoolID: s.ID, Name: "老吴", Roles: []flows.Role{flows.RoleGuard}}))
	w := &flowtest.World{Core: core, Store: &flowtest.Store{Tx: core}, Modules: []flows.Module{flows.Housekeeping()}}
	out := flowtest.Play(t, w, "陈主任: 叫门卫把东门关上")
	if strings.Contains(out, "(leader.relay)") || !strings.Contains(out, "没有看懂") {
		t.Errorf("two guards, want 没有看懂:\n%s", out)
	}
}
