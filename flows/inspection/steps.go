package inspection

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// VerbEach is the steps of several hazards told in one message (typed
// only): its arguments are each hazard's verb and id (f12, p13, x14).
const VerbEach Verb = "each"

// stepPart is one hazard's share of a message telling the steps of
// several: 「食堂后门的煤和菜筐都挪走了 通道清出来了 初一办公室小太阳也让挪开了」
// is the 整改 of the 食堂后门 hazard and of the 小太阳 one, each with its
// own words (user test 26's G38: the second was silently dropped and the
// first's note carried its words).
type stepPart struct {
	h     Hazard
	verb  Verb
	words string
}

// eachCodes are the one-letter codes of VerbEach's arguments.
var eachCodes = map[Verb]string{VerbFix: "f", VerbPass: "p", VerbFail: "x"}

// failClauseRE is a clause judging a re-check failed and saying nothing
// else: 不行, 小太阳那个不通过, 这个不合格. Its group is the thing judged
// (小太阳), if any.
var failClauseRE = rx.MustCompile(`^([^，,。？?！!\s]{0,12}?)(?:那个|这个|那|这)?(?:复查)?(?:还是)?(?:不行|不通过|不合格|不可以|没通过|不能通过)(?:的|啊|呀|哈)?$`)

// recheckWordRE is a clause that only says what the words are about: 复查,
// 是复查, or what they are not: 不是报修 (「不是报修 是复查 小太阳那个不通过」,
// user test 26's re-run's H2).
var recheckWordRE = rx.MustCompile(`^(?:是|这是|我是说|说的是)?(?:在)?复查(?:的事|这边|啊|呀)?$|^(?:我)?(?:这)?(?:不是|没要|不要)(?:要)?(?:报修|维修)(?:啊|呀|的)?$`)

// failSaid reads s (trimmed) as a re-check failed in words naming the
// hazard's thing: 小太阳复查不通过, 小太阳那个不通过 还在窗帘边上, 小太阳还是
// 不行 (user test 26's re-run's H2, H3: each became a repair report). A clause
// judges the re-check failed (failClauseRE) and names its thing, returned
// in things, which the hazard must be about (aboutHazard); the others may
// say why (插头还插着), or only 复查, but none may tell the hazard gone
// (通道清了可以 小太阳不行 is two hazards' steps, stepParts). Words judging
// nothing named (这个不行) are left to saidStep's other readings.
func failSaid(s string) (things []string, ok bool) {
	verdict, still := false, false
	for _, c := range clauseSplitRE.Split(strings.TrimSpace(s), -1) {
		switch {
		case c == "" || recheckWordRE.MatchString(c):
		case failClauseRE.MatchString(c):
			if thing := strings.TrimSpace(failClauseRE.FindStringSubmatch(c)[1]); thing != "" {
				things = append(things, thing)
			} else {
				verdict = true
			}
		case stillBadRE.MatchString(c) || recheckFailRE.MatchString(c):
			still = true
		case okayRE.MatchString(c) || goneRE.MatchString(c) || passTailRE.MatchString(c) ||
			clearedRE.MatchString(c) && !notDoneRE.MatchString(c) || vanishedRE.MatchString(c) || passableRE.MatchString(c):
			return nil, false
		}
	}
	// 办公室电暖器我刚转了一圈 数学组还插着没人 不通过 (user test 30's
	// T39, a repair report): a bare verdict beside what is still wrong
	// fails the re-check waiting, naming nothing.
	return things, len(things) > 0 || verdict && still
}

// failWhy is why words read by failSaid failed h's re-check: their
// clauses that are neither the verdict nor 复查 nor a look, h's own name
// cut off their front (小太阳还在窗帘边上 is 还在窗帘边上); "" when they
// say only the verdict.
func failWhy(s string, h Hazard) string {
	about := h.Where() + h.Description
	var why []string
	for _, c := range clauseSplitRE.Split(strings.TrimSpace(s), -1) {
		switch {
		case c == "" || recheckWordRE.MatchString(c) || failClauseRE.MatchString(c):
		case lookedRE.MatchString(c) && !notDoneRE.MatchString(c):
		default:
			if loc := stillThereRE.FindStringIndex(c); loc != nil && loc[0] > 0 && sharedWords(c[:loc[0]], about) > 0 {
				c = c[loc[0]:]
			}
			why = append(why, c)
		}
	}
	return strings.Join(why, " ")
}

// passTailRE ends a clause that approves what it tells: 清干净了可以,
// 通道清了没问题 (user test 26's G39).
var passTailRE = rx.MustCompile(`了[，,\s]*(?:可以了?|行了?|没问题了?|通过了?|合格了?|OK|ok)(?:的|啊|呀|哈)?$`)

// recheckVerdict reads words told of one hazard's re-check: failed (two
// of its clauses tell it still there, or one judges it failed) with why, the clauses
// that say what is wrong, the hazard's own name cut off their front
// (「还在窗帘边上 根本没挪」); passed (looked at and found clear,
// approved); ok false when the words are neither.
func recheckVerdict(words string, h Hazard) (v Verb, why string, ok bool) {
	about := h.Where() + h.Description
	bad, fine, judged := 0, false, false
	var reasons []string
	for _, c := range clauseSplitRE.Split(strings.TrimSpace(words), -1) {
		switch {
		case c == "" || recheckWordRE.MatchString(c):
		case failClauseRE.MatchString(c):
			judged = true
		case stillBadRE.MatchString(c) || recheckFailRE.MatchString(c):
			bad++
			judged = judged || failVerdictRE.MatchString(c)
			if loc := stillThereRE.FindStringIndex(c); loc != nil && loc[0] > 0 && sharedWords(c[:loc[0]], about) > 0 {
				c = c[loc[0]:] // 小太阳还在窗帘边上: what is wrong, not what
			}
			reasons = append(reasons, c)
		case okayRE.MatchString(c) || goneRE.MatchString(c) || passTailRE.MatchString(c) ||
			clearedRE.MatchString(c) && !notDoneRE.MatchString(c) ||
			vanishedRE.MatchString(c) || passableRE.MatchString(c):
			fine = true
		case lookedRE.MatchString(c) && !notDoneRE.MatchString(c):
		default:
			return "", "", false
		}
	}
	switch {
	case judged && (!fine || bad > 0) || bad >= 2:
		return VerbFail, strings.Join(reasons, " "), true
	case bad > 0 || judged:
		// 车还没挪走 alone may be news on the way (saidStillBad): it
		// takes a judgement or two such clauses.
		return "", "", false
	case fine:
		return VerbPass, "", true
	}
	return "", "", false
}

// stepParts cuts s (trimmed) into the steps it tells of the writer's
// hazards, when each part names one hazard awaiting a step from the
// writer (its place or thing) and tells that step: the 整改 of an open
// hazard the writer rectifies, the re-check of a rectified one the
// writer re-checks. Clauses naming no hazard go with the part before
// them (通道清出来了); those before any, with the first. It returns nil
// unless every part reads so and there are at least min of them, each of
// its own hazard; a 整改 needs the message's photo, which goes with each.
func stepParts(t *flows.Turn, s string, hs []Hazard, min int) []stepPart {
	var waiting []Hazard
	for _, h := range hs {
		if h.Status == HazardOpen && mayAct(t, h, VerbFix) == "" || h.Status == HazardFixed && mayAct(t, h, VerbPass) == "" {
			waiting = append(waiting, h)
		}
	}
	if len(waiting) < min || len(waiting) == 0 {
		return nil
	}
	var out []stepPart
	type part struct {
		h       int
		clauses []string
	}
	var parts []part
	var lead []string
	shared := false // a clause telling them all done: 都弄好了
	for _, c := range clauseSplitRE.Split(s, -1) {
		if c == "" {
			continue
		}
		if allDoneRE.MatchString(c) {
			shared = true
			continue
		}
		best, score, tie := -1, 0, false
		for i, h := range waiting {
			switch n := sharedWords(c, h.Where()+h.Description); {
			case n > score:
				best, score, tie = i, n, false
			case n == score && n > 0:
				tie = true
			}
		}
		switch {
		case tie:
			return nil // a clause about two hazards cannot be cut
		case best >= 0 && (len(parts) == 0 || parts[len(parts)-1].h != best):
			if slices.ContainsFunc(parts, func(p part) bool { return p.h == best }) {
				return nil // back to a hazard already told: not parts in turn
			}
			parts = append(parts, part{h: best, clauses: append(lead, c)})
			lead = nil
		case len(parts) == 0:
			lead = append(lead, c)
		default:
			parts[len(parts)-1].clauses = append(parts[len(parts)-1].clauses, c)
		}
	}
	if len(parts) == 0 && shared && len(lead) == 0 {
		// 都弄好了 alone, or 两个都整改完了: every hazard the writer is
		// rectifying, when that is all that waits for them (a re-check
		// waiting too would make 都好了 ambiguous). Each one's photo is
		// asked for in turn (actEach).
		for _, h := range waiting {
			if h.Status != HazardOpen {
				return nil
			}
			out = append(out, stepPart{h: h, verb: VerbFix})
		}
		if len(out) < max(min, 2) {
			return nil
		}
		return out
	}
	if len(parts) < min || len(parts) == 0 {
		return nil
	}
	for _, p := range parts {
		h := waiting[p.h]
		words := strings.Join(p.clauses, " ")
		sp := stepPart{h: h, words: words}
		if h.Status == HazardOpen {
			// Without a photo the 整改 of several hazards is each's note
			// kept while their photos are asked for in turn (actEach).
			if ok, _ := saidFixed(words); !ok && !(shared && doneTold(words)) || t.Image() == "" && len(parts) < 2 {
				return nil
			}
			sp.verb = VerbFix
		} else {
			v, why, ok := recheckVerdict(words, h)
			if !ok {
				return nil
			}
			if v == VerbFail && why == "" {
				return nil // why is asked, of one hazard at a time
			}
			sp.verb = v
			if v == VerbFail {
				sp.words = why
			}
		}
		out = append(out, sp)
	}
	return out
}

// allDoneRE is a clause telling every hazard of the message done, naming
// none: 都弄好了, 全都处理好了, 两个都整改完了 (user test 32's T55: 「台阶的冰
// 已经铲了撒了盐 礼堂安全出口灯换了个新的 都弄好了」 was taken for praise).
// Beside it each hazard's own clause need only tell something done (铲了撒
// 了盐, doneTold) and is that hazard's note; the clause itself is no one's.
var allDoneRE = rx.MustCompile(`^(?:现在|我)?(?:这|那)?(?:两个|两处|几个|几处|俩)?(?:都|全|全都|全部|都已经)(?:已经|已)?(?:弄好|处理好|处理完|整改好|整改完|整改完成|搞定|修好|弄完|干完|做好|解决|解决好|完成|完事|好)了(?:啊|哈|呀|的)?$`)

// eachData is the button data acting on parts: VerbEach with each part's
// verb and id, or "" when it would not fit a button.
func eachData(parts []stepPart) string {
	a := flows.Action{Prefix: ActorPrefix, Verb: string(VerbEach), ID: parts[0].h.ID}
	for _, p := range parts {
		a.Args = append(a.Args, eachCodes[p.verb]+strconv.FormatInt(p.h.ID, 10))
	}
	if d := a.String(); len(d) <= flows.MaxActionData {
		return d
	}
	return ""
}

// stepsTyped reads text as the steps of at least min of the writer's
// hazards (stepParts) and returns the data acting on them.
func stepsTyped(t *flows.Turn, text string, hs []Hazard, min int) (string, bool) {
	s := strings.TrimRight(strings.TrimSpace(text), "。！!~ ")
	if !stepsTalk(s) && !allDoneRE.MatchString(s) {
		return "", false
	}
	parts := stepParts(t, s, hs, min)
	if parts == nil {
		return "", false
	}
	d := eachData(parts)
	return d, d != ""
}

// actEach does the steps VerbEach's data names, reading the message
// again for each hazard's own words; the data must still fit what the
// words tell (a hazard acted on meanwhile makes it stale).
func actEach(t *flows.Turn, a flows.Action) error {
	hs, err := hazardsFor(t)
	if err != nil {
		return err
	}
	s := strings.TrimRight(strings.TrimSpace(t.Text), "。！!~ ")
	parts := stepParts(t, s, hs, 1)
	if parts == nil || eachData(parts) != a.String() {
		t.Say(flows.ExpiredButton)
		return nil
	}
	var told []fixToldData // 整改 told without a photo: asked for in turn
	for _, p := range parts {
		if msg := mayAct(t, p.h, p.verb); msg != "" {
			t.Say(msg)
			continue
		}
		if p.verb == VerbFix && t.Image() == "" {
			told = append(told, fixToldData{ID: p.h.ID, Note: flows.Clip(p.words, 200)})
			continue
		}
		switch p.verb {
		case VerbFix:
			err = recordFix(t, p.h, t.Image(), flows.Clip(p.words, 200))
		case VerbPass:
			err = passRecheck(t, p.h)
		case VerbFail:
			err = failRecheck(t, p.h, flows.Clip(p.words, 200))
		default:
			err = fmt.Errorf("inspection: step %q of %s", p.verb, p.h.Ref)
		}
		if err != nil {
			return err
		}
	}
	if len(told) == 0 {
		return nil
	}
	var b strings.Builder
	head := fmt.Sprintf("好的，%d 处隐患都整改好了：", len(told)) // 都弄好了: no note of its own
	if slices.ContainsFunc(told, func(f fixToldData) bool { return f.Note != "" }) {
		head = fmt.Sprintf("好的，已记下 %d 处隐患的整改说明：", len(told))
	}
	b.WriteString(head)
	for _, f := range told {
		for _, p := range parts {
			switch {
			case p.h.ID != f.ID:
			case f.Note == "":
				fmt.Fprintf(&b, "\n%s %s「%s」", p.h.Ref, p.h.Where(), listDesc(p.h.Description))
			default:
				fmt.Fprintf(&b, "\n%s「%s」", p.h.Ref, flows.Clip(f.Note, 40))
			}
		}
	}
	b.WriteString("\n整改完成需要整改后的照片作为凭证，每处一张。")
	t.Say(b.String())
	return askNextFixPhoto(t, told)
}

// stepsTalk reports whether s (trimmed) has two clauses or more and one
// of them tells a step (recheckTalk, or a judgement: 小太阳那个不通过):
// only such words are worth looking up the writer's hazards for.
func stepsTalk(s string) bool {
	cs := slices.DeleteFunc(clauseSplitRE.Split(s, -1), func(c string) bool { return c == "" })
	return len(cs) >= 2 && (recheckTalk(s) || slices.ContainsFunc(cs, failClauseRE.MatchString))
}

// stepsClaim is the claim of words telling the steps of several of the
// writer's hazards (stepParts): the strongest, as a command's, so that a
// repair the same words might fit does not take them.
func stepsClaim(t *flows.Turn, s string) flows.Claim {
	if !stepsTalk(s) {
		return flows.Claim{}
	}
	hs, err := hazardsFor(t)
	if err != nil {
		return flows.Claim{}
	}
	parts := stepParts(t, s, hs, 2)
	d := ""
	if parts != nil {
		d = eachData(parts)
	}
	if d == "" {
		return flows.Claim{}
	}
	claim := flows.Claim{Strength: flows.ClaimCommand}
	var labels []string
	for _, p := range parts {
		labels = append(labels, stepLabels[p.verb]+" "+p.h.Ref)
		claim.Refs = append(claim.Refs, p.h.Ref)
	}
	claim.Choices = []flows.Button{{Label: strings.Join(labels, "，"), Data: d}}
	return claim
}
