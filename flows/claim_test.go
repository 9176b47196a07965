package flows_test

import (
	"strings"
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// doneActor is an actor for TestClaimsDecideWhoReads: it takes any typed
// 「好了」 as its item done, and claims the words by name when they say
// its word (灯, 通道), else as fitting.
type doneActor struct{ prefix, word, title string }

func (a doneActor) Name() string           { return "test." + a.prefix }
func (a doneActor) Title() string          { return a.title }
func (doneActor) Allowed(flows.Staff) bool { return true }
func (doneActor) Triggers() []string       { return nil }
func (doneActor) Start(*flows.Turn) error  { return nil }
func (doneActor) Step(*flows.Turn) error   { return nil }
func (a doneActor) Prefix() string         { return a.prefix }
func (a doneActor) Act(t *flows.Turn, _ string) error {
	t.Say(a.title + "已办好。")
	return nil
}
func (a doneActor) Typed(_ *flows.Turn, text string) (string, bool) {
	if !strings.Contains(text, "好了") {
		return "", false
	}
	return a.prefix + ":ok:1", true
}
func (a doneActor) Claim(_ *flows.Turn, text string) flows.Claim {
	if !strings.Contains(text, "好了") {
		return flows.Claim{}
	}
	c := flows.Claim{Strength: flows.ClaimFits, Choices: []flows.Button{{Label: a.title, Data: a.prefix + ":ok:1"}}}
	if strings.Contains(text, a.word) {
		c.Strength = flows.ClaimNames
	}
	return c
}

var _ flows.Claimer = doneActor{}

// Typed words go first to the actor that claims them most strongly, not
// to the module registered first; two equally strong claims are asked
// about, with a button for each, typed by number too; with one claimant
// the modules' order stands, unless its claim is a command (claimed).
func TestClaimsDecideWhoReads(t *testing.T) {
	lamp := doneActor{"lp", "灯", "灯的验收"}
	hall := doneActor{"hl", "通道", "通道的复查"}
	world := func(actors ...flows.Flow) *flowtest.World {
		c := flowtest.NewCore()
		flowtest.Seed(c)
		return &flowtest.World{Core: c, Store: &flowtest.Store{Tx: c}, Modules: []flows.Module{{Name: "test", Flows: actors}}}
	}
	for _, c := range []struct {
		actors      []flows.Flow
		input, want string
	}{
		{[]flows.Flow{lamp, hall}, "老郑: 去看了 通道好了", "通道的复查已办好。"},
		{[]flows.Flow{lamp, hall}, "老郑: 灯好了", "灯的验收已办好。"},
		{[]flows.Flow{hall, lamp}, "老郑: 灯好了", "灯的验收已办好。"},
		{[]flows.Flow{lamp, hall}, "老郑: 都好了", "你说的是哪一件？请回复数字：\n  1. 灯的验收\n  2. 通道的复查"},
		{[]flows.Flow{lamp, hall}, "老郑: 都好了\n老郑: 2", "> 老郑: 2\n< 通道的复查已办好。"},
		{[]flows.Flow{lamp, hall}, "老郑: 灯好了 通道也好了", "你说的是哪一件？"},
		{[]flows.Flow{lamp}, "老郑: 通道好了", "灯的验收已办好。"},
	} {
		out := flowtest.Play(t, world(c.actors...), c.input)
		if !strings.Contains(out, c.want) {
			t.Errorf("%q:\n%s\nwant %q", c.input, out, c.want)
		}
	}
}
