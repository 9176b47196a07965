package flows_test

import (
	"strings"
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// The core's own conversations (binding, the menu, help, cancel, words it
// does not understand) as golden transcripts, with no capability modules.
func TestTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/*.txt", func(t *testing.T) *flowtest.World {
		c := flowtest.NewCore()
		s := flowtest.Seed(c)
		newcomer := c.AddStaff(flows.Staff{SchoolID: s.ID, Name: "新老师", Roles: []flows.Role{flows.RoleTeacher}})
		c.Invite("7K3M9QXA", newcomer, flowtest.Start, flowtest.Start.AddDate(0, 0, 7))
		c.Invite("OLDCODE2", newcomer, flowtest.Start.AddDate(0, 0, -8), flowtest.Start.AddDate(0, 0, -1))
		li, _ := c.StaffNamed("李老师")
		c.Invite("LI2NDACC", li, flowtest.Start, flowtest.Start.AddDate(0, 0, 7))
		chen, _ := c.StaffNamed("陈主任")
		c.Invite("HEAD2ACC", chen, flowtest.Start, flowtest.Start.AddDate(0, 0, 7))
		return &flowtest.World{Core: c, Store: &flowtest.Store{Tx: c}, Modules: []flows.Module{flows.Housekeeping()}}
	})
}

// loanFlow is a two-question flow for TestCancellerSaysWhatRemains: which
// book, then confirm. At the confirmation its Cancelled says what 取消
// leaves behind; at the first question it leaves the words to the engine.
type loanFlow struct{}

type loanData struct{ Book string }

func (loanFlow) Name() string             { return "test.loan" }
func (loanFlow) Title() string            { return "借书" }
func (loanFlow) Allowed(flows.Staff) bool { return true }
func (loanFlow) Triggers() []string       { return []string{"借书"} }
func (loanFlow) Start(t *flows.Turn) error {
	t.Say("借哪本书？")
	return t.Goto("book", loanData{})
}
func (loanFlow) Step(t *flows.Turn) error {
	t.Say("确认借《" + t.Text + "》吗？")
	return t.Goto("confirm", loanData{Book: t.Text})
}
func (loanFlow) Cancelled(t *flows.Turn) (bool, error) {
	var d loanData
	if err := t.Load(&d); err != nil || t.State() != "confirm" {
		return false, err
	}
	t.Say("好的，《" + d.Book + "》这次先不借了，书还在架上。")
	return true, nil
}

var _ flows.Canceller = loanFlow{}

// A flow that implements Canceller says itself what 取消 leaves behind,
// typed alone or after a no; where it says nothing the engine's words
// stand; either way the conversation ends.
func TestCancellerSaysWhatRemains(t *testing.T) {
	c := flowtest.NewCore()
	flowtest.Seed(c)
	w := &flowtest.World{Core: c, Store: &flowtest.Store{Tx: c}, Modules: []flows.Module{{Name: "test", Flows: []flows.Flow{loanFlow{}}}}}
	for _, c := range []struct{ input, want, not string }{
		{"李老师: 借书\n李老师: 红楼梦\n李老师: 取消", "好的，《红楼梦》这次先不借了，书还在架上。", "没有保存任何内容"},
		{"李老师: 借书\n李老师: 水浒传\n李老师: 不是 取消", "好的，《水浒传》这次先不借了", "没有保存任何内容"},
		{"李老师: 借书\n李老师: 取消", "已取消「借书」，没有保存任何内容。", "先不借了"},
	} {
		out := flowtest.Play(t, w, c.input+"\n李老师: 取消")
		if !strings.Contains(out, c.want) || strings.Contains(out, c.not) {
			t.Errorf("%q:\n%s\nwant %q, and not %q", c.input, out, c.want, c.not)
		}
		if !strings.HasSuffix(strings.TrimSpace(out), "现在没有进行中的事情，不需要取消。需要办事时发送「菜单」。") {
			t.Errorf("%q: the conversation did not end at 取消:\n%s", c.input, out)
		}
	}
}
