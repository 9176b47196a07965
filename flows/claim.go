package flows

import "slices"

// Claimer is an Actor that says, before the actors read a message typed
// in the writer's own words, how strongly the words are about its items
// awaiting the writer. The same words may be a step of two modules' items
// at once: 「去看了 通道空了 没问题」 from a gate guard with a repair
// awaiting his sign-off (验收) and a blocked fire passage awaiting his
// re-check (复查) fits both, but names only the passage. The actors read
// typed text in module order, and the first one to take it acts (the
// thirteenth user test's guard had his repair signed off); so the engine
// asks every Claimer first, lets the one that claims the words most
// strongly read them first, and asks the writer when two claim them
// equally strongly (claimed). Claim must not answer or write anything: it
// is asked about every typed message, and most are no one's.
type Claimer interface {
	Actor
	Claim(t *Turn, text string) Claim
}

// Claim is how strongly typed words are about an actor's items, and what
// the words would do to them.
type Claim struct {
	Strength Strength
	// Choices are the acts the words may mean, one button each, labelled
	// with the act and its item (「复查通过：YH-20261120-001 食堂后面「…」」);
	// they are the writer's buttons when the engine asks which is meant.
	Choices []Button
	// Refs are the items the choices act on (BX-20261120-001), when the
	// actor says; Covers are other actors' items the act also closes: a
	// hazard's 复查通过 signs off the repair that fixed it (user test 18's
	// N13 asked 「验收 or 复查?」 of the same wall). A claim whose Refs
	// another equally strong claim Covers is not asked about.
	Refs, Covers []string
}

// covered reports whether c acts only on items another of the claims
// covers.
func covered(c Claim, claims []Claim) bool {
	if len(c.Refs) == 0 {
		return false
	}
	for _, o := range claims {
		if len(o.Covers) > 0 && !slices.ContainsFunc(c.Refs, func(r string) bool { return !slices.Contains(o.Covers, r) }) {
			return true
		}
	}
	return false
}

// Strength orders claims.
type Strength int

// The strengths of a claim.
const (
	// ClaimNone: the words are not about the actor's items.
	ClaimNone Strength = iota
	// ClaimFits: words of the actor's kind (没问题, 好了) that fit an item
	// awaiting the writer without naming it.
	ClaimFits
	// ClaimNames: the words name the item, by its number, its thing or its
	// place (通道空了 of the hazard at the 消防通道, 灯亮了 of the light).
	ClaimNames
	// ClaimCommand: the words end in the item's own command with its
	// number (「…实验室门口的箱子也清走了 整改完成4」): the writer said
	// which item, whatever else the words name.
	ClaimCommand
)

// claimed returns the actors in the order they read text: unchanged unless
// two or more Claimers claim it; then the one that claims it most strongly
// comes first. When several claim it equally strongly, the writer is asked
// which item is meant, with all their choices as buttons (typed by number
// too), and asked is true.
func (e *Engine) claimed(t *Turn, text string) (actors []Actor, asked bool) {
	claims := make([]Claim, len(e.actors))
	n, best := 0, ClaimNone
	for i, a := range e.actors {
		if c, ok := a.(Claimer); ok {
			claims[i] = c.Claim(t, text)
		}
		if len(claims[i].Choices) == 0 {
			claims[i].Strength = ClaimNone
		}
		if claims[i].Strength > ClaimNone {
			n, best = n+1, max(best, claims[i].Strength)
		}
	}
	if n == 0 || n == 1 && best < ClaimCommand {
		// One claim that is not a command leaves the module order: the
		// words may still be another actor's own command. A command (整改
		// 完成4, a 整改 just recorded taken back with 撤销) is its actor's
		// whatever the others' words are (user test 16's 撤销 listed
		// repairs to void).
		return e.actors, false
	}
	var top []int
	for i, c := range claims {
		if c.Strength == best {
			top = append(top, i)
		}
	}
	if len(top) > 1 {
		var tops []Claim
		for _, i := range top {
			tops = append(tops, claims[i])
		}
		top = slices.DeleteFunc(top, func(i int) bool { return covered(claims[i], tops) })
	}
	if len(top) == 1 {
		actors = append(actors, e.actors[top[0]])
		for i, a := range e.actors {
			if i != top[0] {
				actors = append(actors, a)
			}
		}
		return actors, false
	}
	var buttons []Button
	for _, i := range top {
		buttons = append(buttons, claims[i].Choices...)
	}
	t.Say("你说的是哪一件？请回复数字：\n"+Numbered(buttons)+"\n（如果都好了，请先选一件，其余的稍后再说一次。）", buttons...)
	return nil, true
}
