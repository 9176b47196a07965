package visit

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Several visitors in one message: the fourteenth user test's guard typed
// 「又来俩家长 周洁 身份证… 手机… 找李老师 接孩子去医院 还有刘伟 身份证… 手机…
// 找赵老师 送孩子落下的作业本」, and 刘伟 was silently dropped. Each visitor
// told with a name and a number of their own is a check-in of their own:
// the first is read back, and the others follow, one after another, once
// it is registered. The others wait in the draft as VisitorGuess values
// with their ID number sealed, never in plain text.

// queuedVisitor is a visitor told in the same message as the one being
// registered, waiting for their turn. Guess holds no ID number: it is in
// IDSealed, sealed for the guard's draft (DraftOf).
type queuedVisitor struct {
	Guess    VisitorGuess `json:"g"`
	IDSealed []byte       `json:"ids,omitempty"`
}

// visitorJoinRE is the words a guard puts before the next visitor's
// name: 还有刘伟, 另外一个是刘伟, 第二个孙丽.
var visitorJoinRE = rx.MustCompile(`^(?:还有|另外|另有|以及|再有|和|跟)?(?:一个|一位|一个是|一位是)?(?:第[二三四五六七八九十2-9]\s*(?:个|位)(?:是)?|下一(?:个|位)(?:是)?|另一(?:个|位)(?:是)?)?`)

// nameStartRE is a word's leading Chinese characters, before a document
// word, a phone word or a number glued to the name (刘伟身份证110…).
var nameStartRE = rx.MustCompile(`^\p{Han}+?(?:身份证|证件|手机|电话|[0-9]|$)`)

// splitVisitors reads text as several visitors' check-ins when it holds
// two or more, each with its own name and an ID or phone number, of the
// same kinds (all with an ID number, or all with a phone): 周洁 身份证… 还有
// 刘伟 身份证…. The words before the first name (又来俩家长) tell what the
// visitors are, which each takes, but their count is of the visitors,
// not of anyone's party. It returns nil for one visitor.
func (v *vocab) splitVisitors(text string) []VisitorGuess {
	s := parse.Normalize(text)
	if utf8.RuneCountInString(s) > MaxVisitorText {
		return nil
	}
	type start struct{ at, name int } // the word's offset, and the name's in it
	var starts []start
	at := 0
	for _, tok := range strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(",，;；。", r) }) {
		i := strings.Index(s[at:], tok) + at
		at = i + len(tok)
		lead := visitorJoinRE.FindString(tok)
		rest := tok[len(lead):]
		name := nameStartRE.FindString(rest)
		name = strings.TrimRight(name, "0123456789")
		for _, w := range []string{"身份证", "证件", "手机", "电话"} {
			name = strings.TrimSuffix(name, w)
		}
		if name == "" || !v.isName(name) || !v.hasSurname(name) || v.isOrg(name) || v.notName[name] || v.knownPurpose(name) {
			continue
		}
		starts = append(starts, start{i, i + len(lead)})
	}
	if len(starts) < 2 {
		return nil
	}
	parts := make([]string, len(starts))
	for k, st := range starts {
		end := len(s)
		if k+1 < len(starts) {
			end = starts[k+1].at
		}
		parts[k] = s[st.name:end]
	}
	// A word taken for a name that brings no number of its own (找李老师
	// 王老师也知道) is part of the visitor before it.
	var gs []VisitorGuess
	var kept []string
	for _, p := range parts {
		g := v.parseVisitor(p)
		if g.Name == "" || g.IDNumber == "" && g.Phone == "" {
			if len(kept) == 0 {
				return nil
			}
			kept[len(kept)-1] += " " + p
			gs[len(gs)-1] = v.parseVisitor(kept[len(kept)-1])
			continue
		}
		kept, gs = append(kept, p), append(gs, g)
	}
	if len(gs) < 2 {
		return nil
	}
	ids, phones := 0, 0
	names := map[string]bool{}
	for _, g := range gs {
		if g.IDNumber != "" {
			ids++
		}
		if g.Phone != "" {
			phones++
		}
		names[g.Name] = true
	}
	if ids != len(gs) && phones != len(gs) || len(names) != len(gs) {
		return nil // 张三 身份证… 李四的爸爸 电话…: one visitor's two numbers
	}
	if lead := strings.TrimSpace(s[:starts[0].at]); lead != "" {
		// 又来俩家长: parents, both; 俩 is how many visitors, not a party.
		lg := v.parseVisitor(lead)
		for i := range gs {
			if !gs[i].Parent && lg.Parent {
				gs[i].Parent = true
				if gs[i].Purpose == "" || gs[i].Purpose == "其他" {
					gs[i].Purpose = "家长来访"
				}
			}
			if gs[i].Org == "" && lg.Org != "" {
				gs[i].Org = lg.Org
			}
			if gs[i].Purpose == "" && lg.Purpose != "" && !lg.Guessed {
				gs[i].Purpose, gs[i].PurposeNote = lg.Purpose, lg.PurposeNote
			}
		}
	}
	return gs
}

// countWord is n as the guard reads it in 「两位访客」.
func countWord(n int) string {
	if n >= 2 && n <= 9 {
		return string([]rune("两三四五六七八九")[n-2])
	}
	return strconv.Itoa(n)
}

// startSeveral registers the first of several visitors told in one
// message and keeps the others, each to follow once it is registered.
func (f VisitFlow) startSeveral(t *flows.Turn, d *visitDraft, gs []VisitorGuess) error {
	var names []string
	for _, g := range gs {
		names = append(names, g.Name)
	}
	for _, g := range gs[1:] {
		q := queuedVisitor{Guess: g}
		if g.IDNumber != "" {
			sealed, err := f.Vault.Seal(g.IDNumber, DraftOf(t.School.ID, t.Staff.ID))
			if err != nil {
				return err
			}
			q.Guess.IDNumber, q.IDSealed = "", sealed
		}
		d.Queue = append(d.Queue, q)
	}
	d.Together, d.Others = len(gs), names[1:]
	t.Say(fmt.Sprintf("这条消息里有%s位访客：%s。先登记%s，登记完接着登记%s。",
		countWord(len(gs)), strings.Join(names, "、"), names[0], strings.Join(names[1:], "、")))
	return f.correct(t, d, gs[0])
}

// nextQueued starts the check-in of the next visitor waiting in d.Queue,
// after the one before was registered or cancelled; it reports whether
// there was one.
func (f VisitFlow) nextQueued(t *flows.Turn, d *visitDraft) (bool, error) {
	if len(d.Queue) == 0 {
		return false, nil
	}
	q := d.Queue[0]
	g := q.Guess
	if q.IDSealed != nil {
		n, err := f.Vault.Open(q.IDSealed, DraftOf(t.School.ID, t.Staff.ID))
		if err != nil {
			g.IDType = "" // sealed under a key since replaced: asked for again
		} else {
			g.IDNumber = n
		}
	}
	nd := &visitDraft{IDType: IDResident, Queue: d.Queue[1:], Together: d.Together}
	for _, o := range append(d.Others, d.Name) {
		if o != g.Name && o != "" {
			nd.Others = append(nd.Others, o)
		}
	}
	if err := t.Begin(flowCheckIn, "", nil); err != nil {
		return true, err
	}
	t.Say(fmt.Sprintf("接着登记%s：", g.Name))
	return true, f.correct(t, nd, g)
}

// bothRE is a count said of all the visitors told together, not of one
// visitor's party: 俩人都走着来的, 两个都没开车, 他们都是步行.
var bothRE = rx.MustCompile(`(?:[0-9]|[两二三四五六七八九]|俩|仨)\s*(?:个人|人|个|位)?\s*都|(?:他们|她们|他俩|她俩|两人)都`)

// sharedAnswer reads a message said of all the visitors told together
// (d.Together): its count is theirs, not this visitor's party, and a
// visitor without a car (俩人都走着来的) is the answer for each of them.
func (VisitFlow) sharedAnswer(t *flows.Turn, d *visitDraft, g *VisitorGuess) {
	if d.Together < 2 || !bothRE.MatchString(parse.Normalize(t.Text)) {
		return
	}
	if g.Party == d.Together || g.Party == 0 {
		g.Party = 0
	}
	if g.NoVehicle && len(d.Queue) > 0 {
		for i := range d.Queue {
			d.Queue[i].Guess.NoVehicle = true
		}
		names := append([]string{d.Name}, d.Others...)
		t.Say(fmt.Sprintf("好的，%s都记为没有开车。", strings.Join(names, "、")))
	}
}

// Cancelled implements flows.Canceller: 取消 in the middle of one of
// several visitors told together says the others were not registered
// either, rather than dropping them unsaid.
func (VisitFlow) Cancelled(t *flows.Turn) (bool, error) {
	var d visitDraft
	if err := t.Load(&d); err != nil || len(d.Queue) == 0 {
		return false, err
	}
	var names []string
	for _, q := range d.Queue {
		names = append(names, q.Guess.Name)
	}
	who := d.Name
	if who == "" {
		who = "这位访客"
	}
	t.Say(fmt.Sprintf("已取消%s的登记。%s也还没有登记，需要登记的话，请重新发送%s的信息。",
		who, strings.Join(names, "、"), strings.Join(names, "、")))
	return true, nil
}

// leftClauseRE ends one visitor's leaving in a message that tells of
// several: 王芳领孩子走了 送菜那个马大军也走了.
var leftClauseRE = rx.MustCompile(`(?:走了|离开了?|出去了|出校了?|离校了?|开走了)(?:[\s,，。.、;；!！]+|$)`)

// leftClauses cuts text into the leavings it tells, each ending in its
// word of leaving; nil when it tells fewer than two, or has words after
// the last.
func leftClauses(text string) []string {
	s := strings.TrimSpace(parse.Normalize(text))
	var out []string
	at := 0
	for _, m := range leftClauseRE.FindAllStringIndex(s, -1) {
		c := strings.TrimSpace(s[at:m[1]])
		c = strings.TrimRight(c, ",，。.、;；!！ ")
		if c == "" {
			return nil
		}
		out = append(out, c)
		at = m[1]
	}
	if len(out) < 2 || strings.TrimSpace(s[at:]) != "" {
		return nil
	}
	return out
}

// leftSeveral checks out the visitors of a message telling several
// leavings, each its own words (王芳领孩子走了 送菜那个马大军也走了, the
// fourteenth user test's, which got 「没能确定是哪一位」): each leaving
// must name one visitor who may check out, by number, name or
// description, as when said alone. When one of them does not, nothing
// is taken here: the list (VisitorsFlow.Start) checks out those named
// and asks for the others.
func leftSeveral(t *flows.Turn, text string) (string, bool) {
	ids, unknown, ok := leftEach(t, text)
	if !ok || len(unknown) > 0 {
		return "", false
	}
	return outAction(ids)
}

// leftEach reads each leaving of a message telling several (leftClauses):
// the visitors they name, one each, and the words of those that name no
// one visitor who may check out. ok is false for a message telling fewer
// than two.
func leftEach(t *flows.Turn, text string) (ids []int64, unknown []string, ok bool) {
	clauses := leftClauses(text)
	if clauses == nil {
		return nil, nil, false
	}
	vs, err := candidates(t)
	if err != nil {
		return nil, clauses, true
	}
	today := dayStart(t)
	one := func(c string) (int64, bool) {
		if nums := leftNumbers(c); len(nums) == 1 {
			var hit []Visit
			for _, v := range vs {
				if Num(v) == nums[0] && mayCheckOut(t, v) == "" && !v.ArrivedAt.Before(today) {
					hit = append(hit, v)
				}
			}
			return oneID(hit)
		} else if len(nums) > 1 {
			return 0, false
		}
		if hit := leftHits(t, c); len(hit) > 0 {
			return oneID(hit)
		}
		if kinLeftRE.MatchString(leavingText(c)) {
			// 王子涵家长看完排练走了, beside another leaving: the one
			// parent inside (said alone, the list asks, or soleLeaver).
			var hit []Visit
			for _, v := range vs {
				if mayCheckOut(t, v) == "" && describedBy(v, "家长") {
					hit = append(hit, v)
				}
			}
			return oneID(hit)
		}
		data, ok := leftNamedAmid(t, c)
		if !ok {
			return 0, false
		}
		a, ok := flows.ParseAction(data)
		return a.ID, ok
	}
	for _, c := range clauses {
		if carLeftRE.MatchString(leavingText(c)) {
			continue // 巡考的两个人走了 车也开走了: their car, nobody else
		}
		if id, ok := one(c); ok && !slices.Contains(ids, id) {
			ids = append(ids, id)
		} else {
			unknown = append(unknown, c)
		}
	}
	return ids, unknown, true
}

// carLeftRE is a clause that tells only that a car left (车也开走了,
// 他们的车也走了), beside a leaving in the same message: the visitors'
// own car, which names nobody (user test 33, T38: 「巡考的两个人走了 车也
// 开走了」 asked which visitor 「车也开走了」 was). A plate names its
// visitor and is read as a leaving (leftHits).
var carLeftRE = rx.MustCompile(`^(?:他们的?|他的|她的|那|那个)?(?:车|车子|小车|轿车|面包车|货车)(?:也|都)?(?:已经)?(?:开走了?|走了|开出去了?|出去了|离开了?|出校了?)$`)

// kinLeftRE is a leaving said of a pupil's parent: 王子涵家长走了, 孩子
// 妈妈走了 (kinWordRE, then the leaving), and the child taken: 王梓涵妈妈
// 接走了, 家长把孩子领走了 (user test 30's T27).
var kinLeftRE = rx.MustCompile(`(?:妈妈|爸爸|妈|爸|奶奶|爷爷|姥姥|姥爷|外婆|外公|家长)\s*(?:已经|已)?(?:都|也)?(?:把(?:孩子|娃|她|他))?(?:接|领|带)?(?:走了|离开了?|出去了|出校了?|离校了?)$`)

// kinChildLeftRE is kinLeftRE with the pupil named before the relation:
// 王梓涵妈妈接走了, 王梓涵的家长走了. The pupil is the first group.
var kinChildLeftRE = rx.MustCompile(`^(?:刚才|刚刚|之前)?(\p{Han}{2,3}?)(?:的|他|她)?(?:妈妈|爸爸|妈|爸|奶奶|爷爷|姥姥|姥爷|外婆|外公|家长)\s*(?:已经|已)?(?:都|也)?(?:把(?:孩子|娃|她|他))?(?:接|领|带)?(?:走了|离开了?|出去了|出校了?|离校了?)$`)

// kinChildHits are the visitors in vs who may check out and came for the
// pupil s (leavingText) names as kinChildLeftRE reads it: a parent's visit
// whose 事由 names the child (接初一2班王梓涵回家), or a visitor registered
// as the child's relation (张小明妈妈). nil when s names no pupil, or no
// visit names the one it does.
func kinChildHits(t *flows.Turn, vs []Visit, s string) []Visit {
	m := kinChildLeftRE.FindStringSubmatch(s)
	if m == nil || !vocabFor(t).isName(m[1]) {
		return nil
	}
	var hit []Visit
	for _, v := range vs {
		if mayCheckOut(t, v) == "" && (strings.Contains(v.PurposeNote, m[1]) || strings.HasSuffix(pupilOf(v), m[1])) {
			hit = append(hit, v)
		}
	}
	return hit
}

// oneID is the id of the one visit in vs.
func oneID(vs []Visit) (int64, bool) {
	if len(vs) != 1 {
		return 0, false
	}
	return vs[0].ID, true
}

// unknownLeftText says which of several leavings named no one visitor.
func unknownLeftText(unknown []string) string {
	return "「" + strings.Join(unknown, "」「") + "」没能确定是哪一位访客。"
}

// outAction is the check-out of the visits ids, in that order (outAlso).
func outAction(ids []int64) (string, bool) {
	if len(ids) == 0 {
		return "", false
	}
	a := flows.Action{Prefix: actorPrefix, Verb: string(verbOut), ID: ids[0]}
	if len(ids) > 1 {
		a.Args = []string{outAlso}
		for _, id := range ids[1:] {
			a.Args = append(a.Args, strconv.FormatInt(id, 10))
		}
	}
	data := a.String()
	return data, len(data) <= flows.MaxActionData
}

// listNumbersRE is several numbers typed at the list of visitors inside,
// apart: 3 4, 3、4, 3和4, 3,4.
var listNumbersRE = rx.MustCompile(`^(?:第\s*)?\d{1,3}\s*号?(?:\s*(?:[、,，和跟]|\s)\s*(?:第\s*)?\d{1,3}\s*号?)+$`)

// listChoices reads several numbers typed at the list of visitors inside
// (ids) as several choices, when each is the number of a visitor on it
// who may check out: the fourteenth user test's 「3 4」 was read as
// visitor 34. Otherwise it leaves the words to the list as before.
func listChoices(t *flows.Turn, text string, ids []int64) (string, bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	if !listNumbersRE.MatchString(s) {
		return "", false
	}
	var out []int64
	for _, w := range visitNumbersRE.FindAllString(s, -1) {
		n, _ := strconv.Atoi(w)
		var hit []int64
		for _, id := range ids {
			v, err := db(t).Visit(t.Ctx, id)
			if err != nil {
				return "", false
			}
			if Num(v) == n && mayCheckOut(t, v) == "" {
				hit = append(hit, v.ID)
			}
		}
		if len(hit) != 1 || slices.Contains(out, hit[0]) {
			return "", false
		}
		out = append(out, hit[0])
	}
	return outAction(out)
}

// leftAllRE is every visitor inside said to have left by how many they
// are: 两个都走了, 他俩都走了, 三位都离开了 (user test 28's guard, with two
// visitors inside, was told 「没能确定是哪一位」). The first group is how
// many.
var leftAllRE = rx.MustCompile(`^(?:这|那)?(?:([两二三四五六七八九十\d]{1,2})\s*(?:个|位|批)(?:人|访客)?|(俩|仨)|(?:他|她)(俩|仨))\s*(?:都|全|全都)(?:已经|已)?(?:走了|离开了?|出去了|出校了?|离校了?)$`)

// leftAll checks out every visitor today's list shows inside, when the
// guard says they all left by how many they are (leftAllRE) and that is
// how many are inside: the number said is the one he sees on the list.
func leftAll(t *flows.Turn, text string) (string, bool) {
	m := leftAllRE.FindStringSubmatch(leavingText(text))
	if m == nil {
		return "", false
	}
	n := map[string]int{"俩": 2, "仨": 3}[m[2]+m[3]]
	if m[1] != "" {
		var ok bool
		if n, ok = parse.ParseChoice(m[1], 99); !ok {
			return "", false
		}
	}
	vs, err := db(t).VisitsInside(t.Ctx, t.School.ID)
	if err != nil {
		return "", false
	}
	var ids []int64
	for _, v := range vs {
		if concerns(t.Staff, v) && mayCheckOut(t, v) == "" {
			ids = append(ids, v.ID)
		}
	}
	if n < 2 || len(ids) != n {
		return "", false
	}
	slices.Sort(ids)
	return outAction(ids)
}
