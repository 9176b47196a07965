package visit

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Prefix implements Actor.
func (VisitFlow) Prefix() string { return actorPrefix }

// Typed implements Actor: 同意 1, 拒绝 1 (the host or a school leader),
// 总务主任同意 1 (the guard, after phoning the 总务主任) and 离校 1 / 签离 1,
// where 1 is the visitor's number as people see it: the sequence of the
// visit's daily reference (FK-20261129-001 is 1, see Num), resolved
// against the writer's visits by flows.ChooseItem; the full reference
// always works. Without a number the command acts on the writer's only
// visit it fits, or lists them; but 离校 alone opens the list of visitors
// (VisitorsFlow), to check one out by number: a guard is never one word
// away from checking out the wrong visitor.
func (VisitFlow) Typed(t *flows.Turn, text string) (string, bool) {
	word, number, ok := readTyped(text)
	if !ok {
		// 拒绝5 不认识: the reason goes to the guard (typedNote).
		word, number, _, ok = readTypedReason(text)
	}
	if !ok {
		// 2 让他去教育局信访: the card's button by its number, and why.
		if data, ok := cardButtonReason(t, text); ok {
			return data, true
		}
	}
	natural, gate := false, false
	var reply hostReply
	if !ok && t.Idle() && t.Staff.Has(flows.RoleGuard, flows.RoleHead) {
		// 撤销, 黄建国没走 是我点错了: a check-out taken back (undo.go).
		if data, ok := undoLeaveSaid(t, text); ok {
			return data, true
		}
		// 1号走了, 4号5号都走了, 李四走了: a guard checking visitors out in
		// their own words; 王芳走了 马大军也走了: each of them.
		if data, ok := leftSeveral(t, text); ok {
			return data, true
		}
		if data, ok := leftAll(t, text); ok {
			return data, true // 两个都走了, with two inside
		}
		if data, ok := leftByNumbers(t, text); ok {
			return data, true
		}
		if data, ok := leftInWords(t, text); ok {
			return data, true
		}
		if data, ok := leftNamedAmid(t, text); ok {
			return data, true
		}
		if askedStatus(t, text) {
			return "", true // 王建国进去了吗, 让进吗
		}
	}
	if !ok && t.Idle() {
		// 刘强坚决不让进 让老郑把大门关好: a leader's instruction after a
		// watch-list alert (instruct.go).
		if done, err := leaderInstructs(t, text); err != nil {
			t.Say("暂时没能转告门卫，请稍后再试，或直接打电话给门卫。")
			return "", true
		} else if done {
			return "", true
		}
	}
	if !ok && t.Idle() {
		// 1号不用进来了 让她把药放门卫室 我下课去拿 (user test 16's): the
		// answer in words, about the visitor of that number.
		if n, r, found := numberedReply(text); found {
			word, number, ok, natural, reply, gate = r.word, n, true, true, r, r.gate
		}
	}
	if !ok {
		// 可以, 好的 让他进来吧, 不认识: a host answering the card in their
		// own words, taken only when a visit awaits their decision.
		r, ok := readHostReply(text)
		if !ok && t.Idle() && strings.Contains(text, "是") {
			// Only a part that says who a visitor is (王芳是…) needs the
			// waiting visitors' names; every other idle message (a repair
			// report) must not pay a read for them (TestRoundTrips).
			r, ok = readHostReplyNaming(text, waitingNames(t))
		}
		if !ok && t.Idle() && hostWaits(t, text) {
			return "", true // 我先打电话问问 让他等一下
		}
		if !ok && t.Idle() && hostAsks(t, text) {
			return "", true // 刘芳？是哪个娃的家长哦
		}
		if !ok || !t.Idle() {
			return "", false
		}
		word, natural, reply = r.word, true, r
		if r.gate {
			gate = true
		}
	}
	v := typedVerbs[word]
	if gate {
		v = verbGate
	}
	c := flows.Command{Word: word}
	if strings.Contains(number, "-") {
		c.Ref = strings.ToUpper(number)
	} else if number != "" {
		n, err := strconv.Atoi(number)
		if err != nil || n <= 0 {
			return "", false
		}
		c.Num = n
	}
	vs, err := candidates(t)
	if err != nil {
		t.Say("暂时查不到访客记录，请稍后再试。")
		return "", true
	}
	if number == "" && (v == verbOK || v == verbNo || v == verbGate) {
		// 同意 without a number answers only the cards sent to the writer:
		// a leader may decide for any visitor, but by its number, never
		// by a word that happens to fit someone else's visitor.
		others := slices.ContainsFunc(vs, func(x Visit) bool { return x.HostID != t.Staff.ID && x.Status == VisitWaiting })
		vs = slices.DeleteFunc(vs, func(x Visit) bool { return x.HostID != t.Staff.ID })
		if others && !natural && !slices.ContainsFunc(vs, func(x Visit) bool { return x.Status == VisitWaiting }) {
			t.Say(fmt.Sprintf("现在没有找你的访客等你确认。要替其他老师决定的话，请带上访客编号回复，如「%s 编号」。", word))
			return "", true
		}
	}
	items := make([]flows.Item, len(vs))
	for i, x := range vs {
		ready := deeds[v].may(t, x) == ""
		if natural && x.Status.NotEntered() && !reply.reconsider {
			// 好的 after a refusal (or 放门卫就行) acknowledges it; only
			// 还是让他进来吧 or 我搞错了 可以 takes it back.
			ready = false
		}
		items[i] = flows.Item{ID: x.ID, Ref: x.Ref, Line: fmt.Sprintf("%s 找%s，%s", x.Name, x.HostName, x.Status.Label()),
			Ready: ready, Data: action(v, x.ID)}
	}
	if c.Num == 0 && c.Ref == "" && v == verbOut {
		return "", false // the list of visitors, to check one out by number
	}
	if natural && !slices.ContainsFunc(items, func(it flows.Item) bool { return it.Ready }) {
		for _, x := range vs {
			// ok to a card the writer may not answer so (a watch-listed
			// visitor): why, never a 「好的。」 that sounds done.
			if x.Status == VisitWaiting && x.HostID == t.Staff.ID {
				if msg := deeds[v].may(t, x); msg != "" {
					t.Say(msg)
					return "", true
				}
			}
		}
		return "", false // 好的 said of something else
	}
	if pool := pickPool(c, items, vs, v); len(pool) == 1 && c.Num == 0 {
		return action(v, pool[0].ID), true // the one still waiting for a decision
	} else if len(pool) > 1 {
		// Several fit. The host's words may say which (那个修空调的 让进吧);
		// else which one is asked, as the writer knows them, the question
		// kept for a name or words (PickFlow).
		if hit := pickedBy(pool, cmp.Or(reply.who, reply.note)); natural && len(hit) == 1 {
			return action(v, hit[0].ID), true
		}
		if err := askWhich(t, v, pool, c.Num); err != nil {
			t.Say("暂时查不到访客记录，请稍后再试。")
		}
		return "", true
	}
	it, ok, none := flows.ChooseItem(t, c, items, "访客")
	switch {
	case none:
		return "", false
	case !ok:
		return "", true
	}
	return action(v, it.ID), true
}

// pickPool is the visits of vs a command could mean, as flows.ChooseItem
// would choose among items (the same visits, in order): those that may
// take it, with the number said if one was; nil for a full reference.
// A decision without a number (同意, 让他进来吧) means the visitors still
// waiting for one when there are any: one already decided is changed by
// its number, or by words that take it back when none is waiting.
func pickPool(c flows.Command, items []flows.Item, vs []Visit, v verb) []Visit {
	if c.Ref != "" {
		return nil
	}
	var pool, waiting []Visit
	for i, it := range items {
		if it.Ready && (c.Num == 0 || it.Seq() == c.Num) {
			pool = append(pool, vs[i])
			if vs[i].Status == VisitWaiting {
				waiting = append(waiting, vs[i])
			}
		}
	}
	if c.Num == 0 && len(waiting) > 0 && (v == verbOK || v == verbNo || v == verbGate) {
		return waiting
	}
	if c.Num == 0 && len(pool) == 1 {
		return nil // ChooseItem acts on it, as ever
	}
	return pool
}

// leftRE is a visitor leaving, said by their number or name: 1号走了,
// 第2号访客已离开, 李四走了, 刘科长离校 (a surname and a title: see
// byNameOrTitle), and with whom they leave (leftWithRE): 孙丽带着孩子走了,
// 孙丽和孩子一起走了.
var leftRE = rx.MustCompile(`^(?:第\s*)?(?:(\d{1,3})\s*号?|(\p{Han}{2,4}?|[A-Za-z][A-Za-z.]*(?: [A-Za-z][A-Za-z.]*){0,2}))\s*(?:访客)?\s*` + leftWithRE +
	`\s*(?:都|也)?(?:已经|已)?(?:走了|离开了?|出去了|出校了?|离校了?)$`)

// leftCompanions are whom a visitor leaves with, said after the name:
// none of them is a visitor of their own (孙丽带着孩子走了 checks 孙丽 out).
var leftCompanions = []string{"孩子", "小孩", "儿子", "女儿", "孙子", "孙女", "外孙", "外孙女", "学生", "家人", "朋友", "同事",
	"爱人", "老公", "老婆", "司机", "翻译", "随行", "助理", "助手"}

// leftWithRE is the companion part of leftRE: 带着孩子, 和孩子一起, 领着她家
// 两个孩子, 接上孩子.
var leftWithRE = `(?:(?:带着?|领着?|接上|接了|接着|和|跟|与|同)\s*(?:她|他)?(?:家)?(?:的)?(?:[两二三四]\s*个|俩|仨|一个)?(?:` +
	strings.Join(leftCompanions, "|") + `)\s*(?:一起|一块儿?)?)?`

// leftDescRE is a visitor leaving, said by what they came for or who
// they are, with how many they were or not: 送快递的走了, 刚才那个找王老师的
// 家长走了, 顺丰的出去了, 教育局的两个人走了.
var leftDescRE = rx.MustCompile(`^(?:刚才|刚刚|之前)?(?:那个|那位|那几个|那些|那两个|那俩)?(\p{Han}{1,10}?)的(?:[两二三四五六七八九十几\d]{1,2}\s*(?:个|位)?)?(?:那个|那位)?(?:` + leftPersonWords + `|家长|访客|那个人|领导|车|司机)?\s*(?:已经|已)?(?:都|也)?(?:走了|离开了?|出去了|出校了?|离校了?|开走了)$`)

// leftThoseRE is a visitor leaving, said by a description before or after
// 那个/那俩 (without 的): 送纸那俩也出去了, 那个老外也走了, and the person
// word after 那个 (顺丰那个小伙子走了, the thirteenth user test's).
var leftThoseRE = rx.MustCompile(`^(?:刚才|刚刚|之前)?(?:(\p{Han}{1,8}?)的?(?:那俩|那两个|那两位|那几个|那几位|那个|那位|那些)|(?:那个|那位|那俩|那两个)(\p{Han}{1,6}?))(?:` + leftPersonWords + `)?\s*(?:已经|已)?(?:都|也)?(?:已经|已)?(?:走了|离开了?|出去了|出校了?|离校了?|开走了)$`)

// leftGroupRE is a visitor leaving, said by who they are with how many
// came: 消防大队两个人也走了 (user test 28's guard, told 「没能确定」). The
// group describes them.
var leftGroupRE = rx.MustCompile(`^(?:刚才|刚刚|之前)?(\p{Han}{1,10}?)的?[两二三四五六七八九十\d]{1,2}\s*(?:个|位)\s*(?:人)?\s*(?:已经|已)?(?:都|也)?(?:已经|已)?(?:走了|离开了?|出去了|出校了?|离校了?)$`)

// leftPersonWords are the words a guard calls a visitor by, after what
// tells them apart (顺丰那个小伙子, 装监控的工人, 送水的大姐): they name
// no one, so the words before them decide. Longest first.
const leftPersonWords = `小伙子|小姑娘|老师傅|小伙|小哥|小妹|姑娘|女的|男的|大姐|大哥|大叔|大爷|阿姨|工人|师傅|人`

// foreignWords describe a foreign visitor: one registered with a passport
// or under a name in Latin script.
var foreignWords = []string{"老外", "外国人", "外国友人", "外宾", "外籍", "外国朋友"}

// visitorTitles are words said after a visitor's surname in place of
// the name, beside the staff titles (flows/lexicon/data/title.txt):
// 刘局长, 王经理, 张总.
var visitorTitles = []string{"局长", "经理", "老板", "总", "工", "叔叔", "大姐", "大哥", "老师傅"}

// byNameOrTitle lists the visits in vs whose visitor is name: by the
// whole name, or, when none has it and name is a surname and a title (刘科长,
// 王师傅, 张女士), those whose name begins with that surname.
func byNameOrTitle(t *flows.Turn, vs []Visit, name string) []Visit {
	var hit []Visit
	for _, v := range vs {
		if v.Name == name || latinName(v.Name, name) {
			hit = append(hit, v)
		}
	}
	if len(hit) > 0 {
		return hit
	}
	if slices.Contains(foreignWords, name) {
		// 老外和翻译走了: no name, the foreign visitor (describedBy).
		for _, v := range vs {
			if describedBy(v, name) {
				hit = append(hit, v)
			}
		}
		return hit
	}
	surname, title := vocabFor(t).surnameTitle(name)
	if surname == "" || !(slices.Contains(vocabFor(t).titles, title) || slices.Contains(visitorTitles, title)) {
		return nil
	}
	for _, v := range vs {
		if strings.HasPrefix(v.Name, surname) {
			hit = append(hit, v)
		}
	}
	return hit
}

// latinName reports whether said names the visitor name in Latin script:
// the whole name, or its given or family name, in any case (john, SMITH).
func latinName(name, said string) bool {
	if said == "" || said[0] >= 0x80 || name == "" || name[0] >= 0x80 {
		return false
	}
	if strings.EqualFold(name, said) {
		return true
	}
	parts := strings.Fields(strings.ReplaceAll(name, ".", " "))
	return len(parts) > 1 && (strings.EqualFold(parts[0], said) || strings.EqualFold(parts[len(parts)-1], said))
}

// leavingText normalises a message said of a visitor leaving.
func leavingText(text string) string {
	s := strings.TrimRight(parse.Normalize(strings.TrimSpace(text)), "。.!！")
	s = sentAwayRE.ReplaceAllString(s, "走了") // 卖书的劝走了: left, sent away
	s = leftComingBackRE.ReplaceAllString(s, "$1")
	return leavingFillerRE.ReplaceAllStringFunc(s, func(w string) string {
		if m := courierPersonRE.FindStringSubmatch(w); m != nil {
			return m[1] + "的" // 快递小哥走了: the one who came with 快递
		}
		return ""
	})
}

// leftComingBackRE is a leaving with word of coming back, said after it:
// 供暖公司那俩走了 说明天还来 (user test 30's T44, 「没有看懂」), 走了 明天再来.
// They leave now; the leaving is the first group.
var leftComingBackRE = rx.MustCompile(`(走了|离开了?|出去了|出校了?|离校了?|开走了)[\s,，。.;；!！]+(?:他们|他|她|她们)?(?:说是?|讲)?(?:明天|明早|后天|下午|晚上|下周|下礼拜|回头|过两天|改天|下次|待会儿?|一会儿?)?(?:还|再|又)?(?:要|会)?(?:来|过来|回来)(?:的|呢|哈|啊)?[。.!！]*$`)

// leavingFillerRE are words of a leaving that name no one: how they left
// (开车, 东西放下), 他们 after a group's leader (张建国他们走了), and the
// child a parent fetched (the sixteenth user test's 那个家长接到娃儿走了,
// which listed the one parent inside instead of checking her out), and
// what they came to do being done (user test 16's 教育局那两个检查完走了,
// 开完会, 办完事, 卸完).
var leavingFillerRE = rx.MustCompile(`(?:他们|她们)(?:都|也)?|(?:把)?东西(?:放下|留下|送到|送完)了?|放下东西|(?:开车|开着车|骑车)|` +
	`(?:检查|视察|参观|考察|调研|听课|办事|开会|谈)完(?:事|了)?|(?:开|办|谈|修|装)完(?:会|事|了)?|` +
	// 王子涵家长看完排练走了 (user test 28): what they came to see, seen.
	`看完(?:排练|演出|节目|表演|比赛|孩子|了)?|` +
	// 送煤的车卸完走了 (user test 26): the load delivered.
	`(?:卸|送|搬)完(?:货|煤|菜|东西|了)?|` +
	`(?:接到|接上|接了|接着|领到|领上|领着|带到|带上|带着)(?:她|他)?(?:家)?(?:的)?(?:娃儿|娃娃|娃子|娃|孩子|小孩儿?|儿子|女儿)(?:一起|一块儿?)?|` + courierPerson)

// courierPerson is a courier called by a person word (快递小哥, 外卖小姑娘,
// 送水师傅); courierPersonRE reads the delivery in its first group.
const courierPerson = `(?:快递|外卖|送水|送货)(?:小伙子|小姑娘|小伙|小哥|小妹|姑娘|大姐|大哥|师傅|员)`

var courierPersonRE = rx.MustCompile(`^(快递|外卖|送水|送货)`)

// saysLeaving reports whether text says a visitor left (leftRE or
// leftDescRE), whoever it names.
func saysLeaving(text string) bool {
	s := leavingText(text)
	return leftRE.MatchString(s) || leftDescRE.MatchString(s) || kinChildLeftRE.MatchString(s) || leftManyRE.MatchString(s) || leftThoseRE.MatchString(s) || leftGroupRE.MatchString(s) || leftAllRE.MatchString(s) ||
		leftNumDesc(s) != ""
}

// leftNumDescRE is a visitor leaving, said by their number and words
// about them: 1号那个送书的走了, 2号家长衣服放下也走了 (the eighth user
// test's). The number decides; the words are the guard's own.
var leftNumDescRE = rx.MustCompile(`^(?:第\s*)?(\d{1,3})\s*号(?:访客)?(?:那个|那位|那俩|那两个|那几个)?(\p{Han}{1,12}?)\s*(?:都|也)?(?:已经|已)?(?:走了|离开了?|出去了|出校了?|离校了?)$`)

// leftNumDesc is the number of leftNumDescRE in s (leavingText), or "":
// not when the words after the number say a building or a room (1号楼的
// 人走了), or deny or ask.
func leftNumDesc(s string) string {
	m := leftNumDescRE.FindStringSubmatch(s)
	if m == nil || strings.ContainsAny(m[2], "没不未吗么还") {
		return ""
	}
	if r, _ := utf8.DecodeRuneInString(m[2]); strings.ContainsRune("楼门教宿室线车窗床", r) {
		return ""
	}
	return m[1]
}

// leftEndRE ends a message telling someone left; leftDenyRE denies or
// asks it (还没走, 走了吗).
var (
	leftEndRE  = rx.MustCompile(`(?:走了|离开了?|出去了|出校了?|离校了?)$`)
	leftDenyRE = rx.MustCompile(`[没不未吗么？?]|还在`)
)

// leftNamedAmid checks out the one visitor who may check out whose whole
// name the guard's words hold, with words around it: 教育局的王强检查完走了
// (the eighth user test's; 王强走了 is leftRE). Two names said, or none,
// leave the words to the others.
func leftNamedAmid(t *flows.Turn, text string) (string, bool) {
	s := leavingText(text)
	if utf8.RuneCountInString(s) > 24 || !leftEndRE.MatchString(s) || leftDenyRE.MatchString(s) ||
		leftClauses(s) != nil { // 张丽走了 穿红衣服那个也走了: each leaving on its own (leftEach)
		return "", false
	}
	vs, err := candidates(t)
	if err != nil {
		return "", false
	}
	var hit []Visit
	for _, v := range vs {
		if mayCheckOut(t, v) == "" && utf8.RuneCountInString(v.Name) >= 2 && v.Name[0] >= 0x80 && strings.Contains(s, v.Name) {
			hit = append(hit, v)
		}
	}
	if len(hit) != 1 {
		return "", false
	}
	return action(verbOut, hit[0].ID), true
}

// describedBy reports whether a visit fits the words a guard described
// its visitor with (送快递, 找王老师, 顺丰, 家长): its purpose, what was
// typed of it, its organisation, or its host.
func describedBy(v Visit, desc string) bool {
	d := strings.TrimPrefix(desc, "来")
	if d == "" {
		return false
	}
	if slices.Contains(foreignWords, d) {
		return v.IDType == IDPassport || v.Name != "" && v.Name[0] < 0x80
	}
	if host, ok := strings.CutPrefix(d, "找"); ok {
		return host != "" && strings.HasPrefix(v.HostName, strings.TrimSuffix(host, "的"))
	}
	if d == v.Name {
		return true // 陈刚那个小伙子走了
	}
	if courierSaid(d, v) {
		return true
	}
	if soldBy(v, d) {
		return true
	}
	for _, f := range []string{v.PurposeNote, v.Purpose, v.Org} {
		if f != "" && (strings.Contains(f, d) || strings.Contains(d, f)) {
			return true
		}
	}
	// 送纸 and a visit 送打印纸: the words' characters in its note, in
	// order; and anything brought (送纸, 送水) fits a delivery whose note
	// does not say what it brought.
	if r := []rune(d); len(r) >= 2 && (inOrder(v.PurposeNote, r) || r[0] == '送' && v.Purpose == "送货" && v.PurposeNote == "") {
		return true
	}
	// 消防队的 of a visit from 消防大队, 电力的 of 供电公司 not: an
	// organisation said shorter, three characters or more of its name in
	// order (user test 34's T55: 「消防队的走了」 was asked which visitor).
	if r := []rune(d); len(r) >= 3 && v.Org != "" && inOrder(v.Org, r) {
		return true
	}
	// 送快递 and a visit for 送货 with 快递 anywhere: the words' last two
	// characters carry the thing (快递, 外卖, 家长).
	r := []rune(d)
	if len(r) > 2 {
		tail := string(r[len(r)-2:])
		for _, f := range []string{v.PurposeNote, v.Org} {
			if strings.Contains(f, tail) {
				return true
			}
		}
	}
	return false
}

// takeaways are the couriers (flows/lexicon/data/org.txt) that bring
// meals: 外卖 is said of them, 快递 of the others.
var takeaways = []string{"美团", "饿了么"}

// courierSaid reports whether the guard's words d name the courier a
// visit came from (the thirteenth user test's 顺丰那个小伙子走了, for a
// visitor of 顺丰): the same courier's name (顺丰快递 and 顺丰速运), or
// what couriers are (快递, 物流, 外卖) for a visitor from one, or one who
// came to deliver.
func courierSaid(d string, v Visit) bool {
	if v.Org == "" && v.Purpose != "送货" {
		return false
	}
	vc := defaultVocab()
	for _, c := range vc.couriers {
		if strings.Contains(d, c) && strings.Contains(v.Org, c) {
			return true
		}
	}
	takeaway := slices.ContainsFunc(takeaways, func(c string) bool { return strings.Contains(v.Org, c) })
	switch {
	case strings.Contains(d, "外卖"):
		return takeaway
	case strings.Contains(d, "快递") || strings.Contains(d, "物流"):
		return !takeaway && (v.Purpose == "送货" || slices.ContainsFunc(vc.couriers, func(c string) bool { return strings.Contains(v.Org, c) }))
	}
	return false
}

// inOrder reports whether s holds the runes r in that order, others
// between them or not.
func inOrder(s string, r []rune) bool {
	i := 0
	for _, c := range s {
		if i < len(r) && c == r[i] {
			i++
		}
	}
	return i == len(r)
}

// outAlso begins the arguments of a check-out that names more visitors
// (4号5号都走了).
const outAlso = "also"

// leftManyRE is several visitors leaving, said by their numbers: 4号5号都走了,
// 4号和5号离校了.
var leftManyRE = rx.MustCompile(`^(?:第\s*)?(\d{1,3})\s*号?((?:\s*(?:[、,，和跟]|\s)?\s*(?:第\s*)?\d{1,3}\s*号?)+)\s*(?:访客)?\s*(?:都|也)?(?:已经|已)?(?:走了|离开了?|出去了|出校了?|离校了?)$`)

// visitNumbersRE finds the numbers of 4号5号都走了.
var visitNumbersRE = rx.MustCompile(`\d{1,3}`)

// leftNumbers reads the numbers of the visitors a guard says have left
// (4号5号都走了, 4、5号离开了, 3号走了), each once, in the order said; nil
// when text names no visitor by number.
func leftNumbers(text string) []int {
	s := leavingText(text)
	var said []string
	if m := leftManyRE.FindStringSubmatch(s); m != nil {
		said = append([]string{m[1]}, visitNumbersRE.FindAllString(m[2], -1)...)
	} else if m := leftRE.FindStringSubmatch(s); m != nil && m[1] != "" {
		said = []string{m[1]}
	} else if n := leftNumDesc(s); n != "" {
		said = []string{n}
	}
	var nums []int
	for _, w := range said {
		if n, err := strconv.Atoi(w); err == nil && n > 0 && !slices.Contains(nums, n) {
			nums = append(nums, n)
		}
	}
	return nums
}

// leftByNumbers checks out the visitors a guard names by the numbers of
// today's list (leftNumbers): each number is the one visitor inside with
// it, today's when an earlier day's is still inside too. A number no
// visitor on today's list has, or one of a visitor already gone, is
// answered as such, and the others are checked out all the same. It
// returns ("", false) when text names no number, or a number two visitors
// inside share (the list then asks), and ("", true) when it answered
// without checking anyone out.
func leftByNumbers(t *flows.Turn, text string) (string, bool) {
	nums := leftNumbers(text)
	if len(nums) == 0 {
		return "", false
	}
	vs, err := candidates(t)
	if err != nil {
		t.Say("暂时查不到访客记录，请稍后再试。")
		return "", true
	}
	today := dayStart(t)
	var ids []string
	var notes, missing []string
	for _, n := range nums {
		var ready, gone []Visit
		for _, v := range vs {
			if Num(v) != n || v.ArrivedAt.Before(today) && !slices.Contains(InsideStatuses, v.Status) {
				continue // an earlier day's visit that is over is not on today's list
			}
			if mayCheckOut(t, v) == "" {
				ready = append(ready, v)
			} else {
				gone = append(gone, v)
			}
		}
		if len(ready) > 1 {
			ready = slices.DeleteFunc(ready, func(v Visit) bool { return v.ArrivedAt.Before(today) })
		}
		switch {
		case len(ready) == 1:
			ids = append(ids, strconv.FormatInt(ready[0].ID, 10))
		case len(ready) > 1:
			return "", false
		case len(gone) > 0:
			notes = append(notes, mayCheckOut(t, gone[0])) // candidates are newest first
		default:
			missing = append(missing, fmt.Sprintf("第 %d 号", n))
		}
	}
	if len(missing) > 0 {
		s := "今天的访客名单里没有" + strings.Join(missing, "、") + "访客，请核对编号；发送「在校访客」可以查看名单。"
		if len(ids) > 0 {
			s = "今天的访客名单里没有" + strings.Join(missing, "、") + "访客，请核对编号；其他访客的离校登记如下。"
		}
		notes = append(notes, s)
	}
	if len(notes) > 0 {
		t.Say(strings.Join(notes, "\n"))
	}
	if len(ids) == 0 {
		return "", true
	}
	id, _ := strconv.ParseInt(ids[0], 10, 64)
	a := flows.Action{Prefix: actorPrefix, Verb: string(verbOut), ID: id}
	if len(ids) > 1 {
		a.Args = append([]string{outAlso}, ids[1:]...)
	}
	if data := a.String(); len(data) <= flows.MaxActionData {
		return data, true
	}
	t.Say("一次说的访客太多了，我没有登记。请分几次发送，每次两三位，例如「4号5号都走了」。")
	return "", true
}

// leftInWords reads leftRE as the check-out of the visitor it names (by
// number: leftByNumbers): by name when exactly one visitor inside has it,
// and by a description (leftDescRE) when exactly one fits it. Otherwise
// the list (VisitorsFlow, which accepts such words) asks which one.
func leftInWords(t *flows.Turn, text string) (string, bool) {
	hit := leftHits(t, text)
	if len(hit) != 1 {
		return "", false // none, or two 李四: 「离校」 lists them
	}
	return action(verbOut, hit[0].ID), true
}

// leftHits lists the visitors who may check out that the words of a
// visitor leaving fit (by name or description); nil for none, or for
// words that name a number (leftByNumbers).
func leftHits(t *flows.Turn, text string) []Visit {
	s := leavingText(text)
	if kinChildLeftRE.MatchString(s) {
		// 王梓涵妈妈接走了: the visit that came for 王梓涵, when one did.
		if vs, err := candidates(t); err == nil {
			if hit := kinChildHits(t, vs, s); len(hit) > 0 {
				slices.SortFunc(hit, func(a, b Visit) int { return Num(a) - Num(b) })
				return hit
			}
		}
	}
	var desc string
	m := leftRE.FindStringSubmatch(s)
	if d := leftDescRE.FindStringSubmatch(s); d != nil {
		// 送快递的走了 is no one named 送快递的.
		m, desc = nil, d[1]
	} else if d := leftThoseRE.FindStringSubmatch(s); d != nil {
		// 送纸那俩, 那个老外: no one named so either.
		m, desc = nil, d[1]+d[2]
	} else if d := leftGroupRE.FindStringSubmatch(s); d != nil {
		// 消防大队两个人也走了: who they are, and how many.
		m, desc = nil, d[1]
	} else if m == nil {
		return nil
	}
	vs, err := candidates(t)
	if err != nil {
		return nil
	}
	vs = slices.DeleteFunc(vs, func(v Visit) bool { return mayCheckOut(t, v) != "" })
	var hit []Visit
	switch {
	case desc != "":
		for _, v := range vs {
			if describedBy(v, desc) {
				hit = append(hit, v)
			}
		}
	case m[1] != "":
		return nil // a number: leftByNumbers
	default:
		hit = byNameOrTitle(t, vs, m[2])
		if len(hit) == 0 && utf8.RuneCountInString(m[2]) >= 3 {
			// 供暖公司他们走了 (他们 is filler): who they are from.
			for _, v := range vs {
				if strings.Contains(v.Org, m[2]) {
					hit = append(hit, v)
				}
			}
		}
	}
	slices.SortFunc(hit, func(a, b Visit) int { return Num(a) - Num(b) })
	return hit
}

// hostYes and hostNo are a host's answers to a visit's card in their own
// words, a reply's parts each one of them (好的，让他进来吧).
var (
	hostYes = []string{"好", "好的", "可以", "行", "是", "是的", "对", "认识", "没问题", "同意", "让他进来", "让她进来",
		"让他们进来", "请他进来", "请她进来", "放行", "放他进来", "放她进来", "是我约的", "我约的", "约了", "进来吧", "来", "上来", "过来", "让他上来", "让她上来", "让他过来", "让她过来",
		// The twelfth user test's 「ok」, and the short yes people type
		// (lower-cased before they are compared).
		"ok", "okk", "okay", "嗯", "嗯嗯", "好嘞", "好滴", "好哒", "行啊", "中", "让他来", "让她来", "让他们来", "叫他来", "叫她来",
		// The fourteenth user test's: Cantonese 冇问题 (没问题), and 得嘞.
		"冇问题", "无问题", "冇问题啦", "得嘞", "得咧", "妥", "成"}
	hostNo = []string{"不行", "不可以", "不认识", "不同意", "拒绝", "不是找我的", "不是找我", "没约", "我没约", "没有约",
		"不让进", "别让他进来", "别让她进来", "不要让他进来", "不要让她进来", "不见"}
)

// hostYesSaidRE is a yes said with who is let in: 让她进来, 可以进, 放他进来,
// 快请进.
// 确实是舅舅 and 核实过了 are yes too: the host checked who the visitor is.
var hostYesSaidRE = rx.MustCompile(`^(?:那就|那|快|快点|赶紧|还是|那还是)?(?:让|请|放)?(?:他|她|他们|她们)?(?:直接)?(?:开车|骑车)?(?:进来|进|进校|上来)(?:吧|了)?$|^可以进(?:来|校)?$|^(?:的)?确实是\p{Han}{1,4}$|^(?:我)?(?:已经)?(?:核实|确认)(?:过|好)了$`)

// hostLetInRE is a host letting the visitor in, said with who or where
// (the fourteenth user test's 让她直接上三楼接吧 and 叫他直接开到后厨门口卸货
// had started repair reports): 让, 叫, 请 or 放 (Cantonese 俾, 畀), whom
// in a few words (她, 家长, 送菜的), then a verb of coming in: 进来, 上来,
// 上三楼, 开到 (a vehicle driven to a place inside), 入嚟. Words of going
// away (让他走) or to wait at the gate are not among them; a negation
// anywhere in the part keeps it out (negationRE).
var hostLetInRE = rx.MustCompile(`^(?:那就|就|快|快点|赶紧|直接)?(?:让|叫|请|放|俾|畀)[^，,。\s]{0,6}?(?:直接|先|自己|赶紧|快点?)?(?:开车|骑车)?(?:进来|进校|进去|进门|进|入嚟|入嚟啦|入来|上来|上去|上楼|上[一二三四五六七八九十0-9]{1,2}楼|开到|开进|开去)`)

// hostLetInOnlyRE is a let-in that says no more than a yes: 让家长进来,
// 俾送菜嘅入嚟; the guard is told nothing from it.
var hostLetInOnlyRE = rx.MustCompile(`^(?:那就|就|快|快点|赶紧|直接)?(?:让|叫|请|放|俾|畀)[^，,。\s]{0,6}?(?:进来|进校|进去|进门|进|入嚟|入来|上来)(?:吧|啦|了)?$`)

// hostThanksRE is only thanks, said after an answer: 谢谢, 唔该 (Cantonese),
// 麻烦了, 辛苦了.
var hostThanksRE = rx.MustCompile(`^(?:谢谢|多谢|谢了|谢啦|唔该|唔该晒|麻烦了|麻烦你了|辛苦了|辛苦你了|有劳)(?:你|您|啦|了|哈)?$`)

// namesVisitor reports whether part p says who a visitor of names is, as
// the host knows them: 王芳是我们班小宇妈妈 (a name, then 是 and not a
// negation).
func namesVisitor(p string, names []string) bool {
	for _, n := range names {
		if utf8.RuneCountInString(n) < 2 {
			continue
		}
		if rest, ok := strings.CutPrefix(p, strings.ToLower(n)); ok && strings.HasPrefix(rest, "是") && !negationRE.MatchString(rest) {
			return true
		}
	}
	return false
}

// hostLaterRE is a no said as not now, with why: 让他们改天再来吧, 请他们改天
// 再约, 今天区里开会我不在学校. The host's words are for the guard to pass
// on kindly.
var hostLaterRE = rx.MustCompile(`改天|下次再|下回再|另约|再约|另找时间|换个时间|明天再来|过几天再来|不在学校|不在校|不在单位|在外面开会|出差`)

// hostSorryRE is only politeness: 不好意思, 抱歉.
var hostSorryRE = rx.MustCompile(`^(?:真)?(?:不好意思|抱歉|对不起|sorry)(?:了|啊)?$`)

// hostChangedMindRE is a host taking back what they said: 哎等等, 我搞错了,
// 刚才说错了, 改主意了, 算了 (算了 还是让他上来吧). Neither yes nor no; beside a yes it lets the yes
// admit a visitor the host just refused (hostReply.reconsider).
var hostChangedMindRE = rx.MustCompile(`^(?:算了)?(?:哎|诶|欸|唉|啊)?(?:呀)?(?:等等|等一下|稍等)?(?:我)?(?:刚才|刚刚)?(?:搞错了|弄错了|说错了|看错了|记错了|改主意了|想起来了)?$`)

// hostNoSaidRE is a no said with who: 这人我不见, 我不认识他, 别让他进来,
// 不要放进来, 千万别让他进校, 不能让他们进.
var hostNoSaidRE = rx.MustCompile(`^(?:这个?人|那个?人|他|她|这位)?(?:我)?(?:根本|都|也|真|从来)?(?:不见|不认识|没约过?|不同意|不让进)(?:他|她|这个人|这人|那个人|那人)?$|^(?:千万|先|可)?(?:别|不要|不能|不准|不许|不让|不可以)(?:让|放)?(?:他|她|他们|她们|人|这个人|这人|那个人|那人)?进(?:来|校|去|门)?(?:了)?$`)

// hostSendRE is where the host sends the visitor: 让他去教育局信访办, 直接去综合楼,
// 叫她到行政楼一楼等我. It decides nothing: beside a yes it is where to go,
// beside a no where to go instead (the twelfth user test's 别让他进 让他去
// 教育局信访办); either way the guard hears it.
var hostSendRE = rx.MustCompile(`^(?:那就|就|那)?(?:让|叫|请)?(?:他|她|他们|她们)?(?:直接|先|自己)?(?:去|到)\p{Han}{2,16}$`)

// hostKnowRE is the host saying they know who the visitor is: 这人我知道,
// 我认识他. Beside a no it only says why the host refuses and is not passed
// on; alone it decides nothing (认识 alone is a yes: hostYes).
var hostKnowRE = rx.MustCompile(`^(?:这个?人|那个?人|他|她|此人)我(?:知道|认识|晓得|清楚)(?:的)?$|^我(?:知道|认识|晓得)(?:这个?人|那个?人|他|她|此人)$`)

// hostParticles end a part of a host's reply and say nothing: 我不认识这人啊,
// 让他走吧, 不见呢. 吧啊呀哈 go from every part; the others from a no only
// (我在上课呢 is passed on as said).
const hostParticles = "吧啊呀哈呢嘛哦啦"

// hostWhoRE is a no said after who the visitor is: 推销的别让进, 这人不见,
// 那个人我不认识. The first group is who, the second the no.
// 抄水表这个不认识, 抄水表的那个我不认识这个人 (user test 32's T40, T42):
// what they came for, then 这个 or 那个.
var hostWhoRE = rx.MustCompile(`^(这个?人|那个?人|这位|这种人|\p{Han}{1,8}?的(?:那个|这个|那位|这位)?|\p{Han}{1,8}?(?:那个|这个|那位|这位))(?:人)?(.+)$`)

// whoAskedRE is a host asking who sent for the visitor, beside a no: 谁叫他
// 来的, 谁让他来的 (user test 32's T40). Like a reason, it goes to the guard.
var whoAskedRE = rx.MustCompile(`^谁(?:叫|让|喊|约|找)(?:他|她|他们|她们|人)?(?:来|过来)?的?$`)

// notWho are words before a no that say nothing of the visitor: 真的不行.
var notWho = []string{"真的", "是的", "好的", "对的", "我的", "说真的", "总之的"}

// hostUnwantedRE is a visitor the host names as someone they will not
// see: 推销的, 卖保险的, 搞传销的, 骗子. Alone or beside a no it refuses, the
// words passed to the guard.
var hostUnwantedRE = rx.MustCompile(`推销|传销|卖保险|发广告|发传单|骗子|骗人的|来路不明`)

// hostGoAwayRE is a host sending the visitor away: 让他走吧, 叫他回去,
// 请他离开, 打发走.
var hostGoAwayRE = rx.MustCompile(`^(?:那就|就|直接)?(?:让|叫|请)(?:他|她|他们|她们|人|这个人|这人)?(?:走|回去|离开|先走|走人|先回去)(?:了)?$|^(?:打发|赶)(?:他|她|他们)?走(?:了)?$`)

// hostWhyRE is a part that says why beside a no: 我们班没有叫王什么的家长,
// 不是我们班家长, 孩子今天没来. Beside a no (and no yes) it is the host's
// reason, passed to the guard; elsewhere it decides nothing.
var hostWhyRE = rx.MustCompile(`[不没]`)

// hostNoNeedRE is the visitor need not come in, said kindly: 不用进来,
// 不用让他进, 不必进校. It is no refusal: the host will come to the gate.
// 别进来了 (the eighth user test's, beside 衣服放门卫室就行) is one too;
// 别让他进来 is a refusal (hostNo).
// User test 17's 「别让他直接上楼」 (直接: not straight up, the host comes
// down) is one too.
var hostNoNeedRE = rx.MustCompile(`^(?:就)?(?:不用|不必|用不着|没必要)(?:让|叫)?(?:他|她|他们|她们)?(?:进来|进校|进去|进)(?:了)?$|^(?:就)?(?:别|不要)(?:进来|进校|进去)(?:了)?$` +
	`|^(?:先)?(?:别|不要)(?:让|叫)?(?:他|她|他们|她们|家长)?直接(?:上楼|上来|上去|进来|进去|进校)(?:了)?$`)

// hostWaitGateRE is the visitor asked to wait at the gate for the host:
// user test 17's 「麻烦让他在门卫室坐会儿」「(2号)家长让他在门卫室等我」, 请她在门口
// 等一下. Not in, kindly, as hostNoNeedRE; the host comes to meet them.
var hostWaitGateRE = rx.MustCompile(`^(?:那个|这个)?(?:家长|访客|客人)?(?:麻烦|请|先)?(?:你)?(?:让|叫|请)?(?:他|她|他们|她们|家长|人)?(?:先)?(?:在|到)(?:门卫室?|门岗|传达室|保安室|校门口|门口)(?:那儿|那里|这儿)?(?:等|坐|歇|稍等|稍候)`)

// afterClassRE is the host coming after class, not at once: 下课我下去找他,
// 我下课就下去.
var afterClassRE = rx.MustCompile(`下课|下了课`)

// hostComeDownRE is the host saying they will come down to the visitor:
// user test 17's 「下课我下去找他」「我下课就下去」. It decides nothing; the
// guard hears it with the answer.
var hostComeDownRE = rx.MustCompile(`^(?:等)?(?:下课|下了课|开完会|忙完|一会儿?|等下)?(?:了|后)?(?:我)?(?:下课|下了课|开完会|忙完)?(?:了|后)?(?:就|马上|这就|再)?(?:下去|下来|过去|出去|出来)(?:找|接|见)?(?:他|她|他们|她们)?(?:了|哈)?$`)

// hostBusyRE is why the host does not come now: 我在上课走不开 (user test
// 16's, beside 药放门卫那儿: it had begun a repair report), 正在开会,
// 抽不开身. It decides nothing; the guard hears it with the answer.
var hostBusyRE = rx.MustCompile(`^(?:哎呀|哎|唉|诶)?(?:我)?(?:现在|正|还)?(?:在)?(?:上课|开会|监考|忙)(?:呢|中)?(?:走不开|脱不开身|抽不开身|出不来|下不来|过不来)?$|^(?:哎呀|哎|唉|诶)?(?:我)?(?:现在|正|还)?(?:在(?:上课|开会|监考|忙)(?:呢)?)?(?:走不开|脱不开身|抽不开身|出不来|下不来|过不来|没空|没时间)$`)

// hostAtGateRE is a thing left at the gate: 药放门卫, 快递放门卫室就行, 让她
// 把药放门卫吧, 东西交给门卫.
var hostAtGateRE = rx.MustCompile(`(?:放|留|交给?|寄存|搁)(?:在|到|给)?(?:门卫|门岗|传达室|保安室|保安|校门口|门口)`)

// elsewhereRE is somewhere inside the school the host names for the
// visitor to take things to: 让他把水送到行政楼二楼 放门口就行 is a yes
// (门口 is the office's door), not the gate (the seventh user test's had
// been read as 留在门卫室).
var elsewhereRE = rx.MustCompile(`(?:送到|拿到|搬到|送去|拿去|搬去|送上|拿上|搬上)[^，,。；;\s]{0,10}(?:楼|室|办公室|教室|食堂|仓库|门口)`)

// hostArrivedRE is a part that only repeats who came: 奶奶来了, 教育局的领导来了,
// 是送菜的. The guard knows it; it is left out of what they are told.
var hostArrivedRE = rx.MustCompile(`来了(?:吗|嘛)?$|^是`)

// mendTalkRE is a part that says something was mended or is broken:
// 门牌粘好了, 灯修好了, 锁换好了, 水管又坏了. It is about a repair, never
// an answer to a visitor's card: re-typing user test 32, 「门牌粘好了
// 可以」 let a waiting visitor in and told the guard 「门牌粘好了」.
var mendTalkRE = rx.MustCompile(`(?:修|粘|换|装|焊|补|贴|钉|拧|疏通|调)(?:好|完)了|坏了|不亮了?|漏水|堵了`)

// negationRE marks words that may turn a yes round: 不, 没, 别.
var negationRE = rx.MustCompile(`[不没别勿拒]`)

// hostReply is a host's answer to a visit's card in their own words.
type hostReply struct {
	word string // the typed verb it stands for: 同意 or 拒绝
	gate bool   // not in, kindly: leave it at the gate, the host will come
	note string // the host's other words, for the guard (我马上下去接)
	// reconsider: a yes that may take back a refusal, one that says the
	// visitor comes in (还是让他们进来吧) or that the host changed their
	// mind (我搞错了 可以); a bare 好的 or 可以 does not.
	reconsider bool
	// later: a no said as not now (改天再来), told to the guard as such.
	later bool
	// meet: with gate, the host comes to the gate to meet the visitor
	// (叫她们在门卫室等一哈 我马上把娃儿带下来 不用进来了): the visitor
	// waits there, and has nothing to leave.
	meet bool
	// words: the host's whole answer, its parts as said, for a quote.
	words string
	// who: the visitor the answer names, when it does (花店的让进,
	// 抄水表这个不认识): which of several waiting it is about.
	who string
}

// quoted is a part of the host's answer as the guard hears it: as said
// (等一哈, 我马上下去接吧), unless the part read (p) is more than the
// words trimmed of their particles.
func quoted(whole, p string) string {
	if strings.HasPrefix(whole, p) {
		return whole
	}
	return p
}

// hostMeetRE is a host coming to the gate to meet the visitor, who waits
// there: 叫她在门卫室等一下, 让他稍等, 我马上下来, 我把孩子带下来.
var hostMeetRE = rx.MustCompile(`等(?:一下|一哈|一会儿?|下|着|我)|稍等|稍候|我(?:马上|这就|现在|一会儿?)?(?:就)?(?:下来|下去|过来|过去|出来|出去)|(?:带|送|领|接)(?:下来|下去|出来|出去|过来|过去)`)

// hostChildDownRE is the host bringing a child down to the visitor:
// 我马上把娃儿带下来, 把孩子送下去.
var hostChildDownRE = rx.MustCompile(`(?:娃儿?|孩子|小孩|学生|女儿|儿子)\S{0,4}?(?:带|送|领)(?:下来|下去|出来|出去|过来|过去)`)

// hostAnswer reads a host's yes or no in their own words as the typed
// verb it stands for.
func hostAnswer(text string) (string, bool) {
	r, ok := readHostReply(text)
	return r.word, ok
}

// readHostReply reads a host's answer in their own words: a yes, a no, or
// "leave it at the gate", and the words besides it the guard should hear.
func readHostReply(text string) (hostReply, bool) { return readHostReplyNaming(text, nil) }

// readHostReplyNaming is readHostReply for a host who has visitors of
// those names waiting for their answer: a part that says who one of them
// is (王芳是我们班小宇妈妈, the fourteenth user test's) is a yes, as
// 确实是舅舅 is: the host knows the visitor.
func readHostReplyNaming(text string, names []string) (hostReply, bool) {
	parts := strings.FieldsFunc(strings.ToLower(parse.Normalize(text)), func(r rune) bool { return strings.ContainsRune("，,。.！!~ 、？?；;…", r) })
	if len(parts) == 0 || len(parts) > 4 {
		return hostReply{}, false
	}
	yes, no, other, gate, entry, changed := 0, 0, 0, 0, false, false
	// sent and known count the parts that decide nothing (hostSendRE,
	// hostKnowRE); gates are the parts that leave things at the gate.
	sent, known, gates := 0, 0, []string(nil)
	// said is the later and why parts in their order: a no's words for
	// the guard.
	var note, later, why, said []string
	// named are the visitors the parts name (花店的 of 花店的让进).
	var named []string
	var words []string
	meet := false
	for _, p := range parts {
		// The host's words are quoted as said: a sentence-final particle
		// (吧, 哈, 嘛) is trimmed to read the part, never from the quote
		// (the thirteenth user test's 等一哈 had been passed on as 等一).
		words = append(words, p)
		meet = meet || hostMeetRE.MatchString(p)
		whole := p
		p = strings.TrimRight(p, "吧啊呀哈")
		who := ""
		if q := strings.TrimRight(p, hostParticles); whoAskedRE.MatchString(q) {
			why = append(why, q)
			said = append(said, quoted(whole, q))
			continue
		} else if slices.Contains(hostNo, q) || hostNoSaidRE.MatchString(q) || hostGoAwayRE.MatchString(q) {
			p = q // 这人我不认识呢: the particle says nothing
		} else if m := hostWhoRE.FindStringSubmatch(q); m != nil && !slices.Contains(notWho, m[1]) && (slices.Contains(hostNo, m[2]) || hostNoSaidRE.MatchString(m[2])) {
			// 推销的别让进, 这人不见: who the visitor is, then the no.
			p, who = m[2], q
		} else if m != nil && !slices.Contains(notWho, m[1]) && hostYesSaidRE.MatchString(m[2]) {
			p = m[2] // 电梯年检的让他进: who the visitor is, then the yes
			named = append(named, m[1])
		}
		switch {
		case mendTalkRE.MatchString(p):
			return hostReply{}, false
		case namesVisitor(p, names):
			yes++
			note = append(note, quoted(whole, p))
		case who != "":
			no++
			named = append(named, hostWhoRE.FindStringSubmatch(who)[1])
			if !strings.HasPrefix(who, "这") && !strings.HasPrefix(who, "那") {
				said = append(said, who) // 推销的别让进: for the guard; 这人不见 says no more than a no
			}
		case hostUnwantedRE.MatchString(p) && !hostYesSaidRE.MatchString(p):
			// 推销的, 卖保险的: someone the host will not see.
			no++
			said = append(said, p)
		case hostGoAwayRE.MatchString(p):
			no++ // 让他走吧, 叫他回去
		case hostNoNeedRE.MatchString(p):
			gate++
		case hostWaitGateRE.MatchString(p):
			// 让他在门卫室等我: kept at the gate, the host coming (meet).
			gate, meet = gate+1, true
			note = append(note, quoted(whole, p))
		case hostComeDownRE.MatchString(p):
			note, said = append(note, quoted(whole, p)), append(said, quoted(whole, p))
		case hostBusyRE.MatchString(p):
			// 我在上课走不开: why the host is not coming now, for the guard.
			note, said = append(note, quoted(whole, p)), append(said, quoted(whole, p))
		case hostSorryRE.MatchString(p) || hostThanksRE.MatchString(p):
			// 不好意思, 唔该: politeness, neither yes nor no
		case hostChangedMindRE.MatchString(p):
			changed = true // 哎等等 我搞错了
		case hostLaterRE.MatchString(p) && !hostAtGateRE.MatchString(p):
			no++
			later = append(later, p)
			said = append(said, quoted(whole, p))
		case slices.Contains(hostNo, p) || hostNoSaidRE.MatchString(p):
			no++
		case slices.Contains(hostYes, p) || hostYesSaidRE.MatchString(p):
			yes++
			// 让他上来 (to the host's office) says the visitor comes in too.
			entry = entry || strings.Contains(p, "进") || strings.Contains(p, "上来")
		case hostLetInRE.MatchString(p) && !negationRE.MatchString(p):
			// 让她直接上三楼接, 叫他直接开到后厨门口卸货, 让家长进来: the
			// visitor let in, and where to go, which the guard hears.
			yes++
			entry = true
			if !hostLetInOnlyRE.MatchString(p) {
				note = append(note, quoted(whole, p))
			}
		case hostKnowRE.MatchString(p):
			known++
			note = append(note, quoted(whole, p))
		case hostSendRE.MatchString(p):
			sent++
			note, said = append(note, p), append(said, p)
		case !negationRE.MatchString(p) && utf8.RuneCountInString(p) <= 16:
			// 是送菜的, 我在办公室, 是我们班孙小明的妈妈: who the visitor is or
			// where the host waits, beside a yes; alone it decides nothing.
			// 药放门卫我去拿: the visitor leaves it at the gate.
			if hostAtGateRE.MatchString(p) && !elsewhereRE.MatchString(text) {
				gate++
				gates = append(gates, quoted(whole, p))
			} else {
				other++
			}
			if !hostArrivedRE.MatchString(p) {
				note = append(note, quoted(whole, p))
			}
		case hostWhyRE.MatchString(p) && utf8.RuneCountInString(p) <= 30:
			// 我们班没有叫王什么的家长来接: why, kept for the guard when
			// the answer is a no.
			why = append(why, p)
			said = append(said, quoted(whole, p))
		default:
			return hostReply{}, false
		}
	}
	if no > 0 && yes == 0 && other == 0 && gate > 0 && len(gates) == gate && len(why) == 0 {
		// 不让进 东西放门卫室 (the twelfth user test's): a plain no, and what
		// the visitor brought left at the gate: a refusal, the words for
		// the guard.
		return hostReply{word: "拒绝", note: strings.Join(append(said, gates...), "，")}, true
	}
	if no == 0 || yes > 0 {
		// 这人我知道 别让他进 让他去教育局信访办 is a no, with where to go
		// instead; else the parts are the other words beside a yes (让他进
		// 直接去综合楼), and alone decide nothing.
		other += known
		if yes == 0 {
			other += sent
		}
	}
	if len(why) > 0 && (no == 0 || yes > 0 || gate > 0 || other > 0) {
		return hostReply{}, false // a reason beside anything but a plain no
	}
	switch {
	case gate > 0 && no == 0 && !entry:
		// 药放门卫 我马上下去拿: the host comes for the thing left, not
		// to meet the visitor.
		return hostReply{word: "拒绝", gate: true, meet: meet && len(gates) == 0, note: strings.Join(note, "，"), words: strings.Join(words, "，")}, true
	case yes == 0 && no == 0 && gate == 0 && elsewhereRE.MatchString(text):
		// 让他把水送到行政楼二楼 放门口就行: where to take it is a yes.
		return hostReply{word: "同意", note: strings.Join(note, "，")}, true
	case other > 0 && (yes == 0 || no > 0), gate > 0:
		return hostReply{}, false
	case no > 0 && yes == 0:
		return hostReply{word: "拒绝", note: strings.Join(said, "，"), later: len(later) > 0, who: oneNamed(named)}, true
	case yes > 0 && no == 0:
		return hostReply{word: "同意", note: strings.Join(note, "，"), reconsider: entry || changed, who: oneNamed(named)}, true
	}
	return hostReply{}, false
}

// oneNamed is the visitor a reply names when it names one, else "".
func oneNamed(named []string) string {
	if len(named) != 1 || strings.HasPrefix(named[0], "这") || strings.HasPrefix(named[0], "那") {
		return ""
	}
	return named[0]
}

// CommandDays is how far back a typed command looks for visits besides
// those still inside: a number of a visitor who left yesterday is answered
// with what became of them, not "not found".
const CommandDays = 3

// candidates are the visits a typed command may name: those inside or
// waiting at the gate, and those registered in the last CommandDays, that
// the writer has a part in, newest first.
func candidates(t *flows.Turn) ([]Visit, error) {
	vs, err := db(t).VisitsInside(t.Ctx, t.School.ID)
	if err != nil {
		return nil, err
	}
	recent, err := db(t).VisitsSince(t.Ctx, t.School.ID, t.Now.AddDate(0, 0, -CommandDays))
	if err != nil {
		return nil, err
	}
	for _, r := range recent {
		if !slices.ContainsFunc(vs, func(v Visit) bool { return v.ID == r.ID }) {
			vs = append(vs, r)
		}
	}
	vs = slices.DeleteFunc(vs, func(v Visit) bool { return !concerns(t.Staff, v) })
	slices.SortFunc(vs, func(a, b Visit) int { return cmp.Compare(b.ID, a.ID) })
	return vs, nil
}

// Num is the number people see and type for a visitor: the sequence of
// the visit's daily reference (FK-20261129-003 is 3). A visit registered
// before references existed keeps its id.
func Num(v Visit) int {
	if n := flows.RefSeq(v.Ref); n > 0 {
		return n
	}
	return int(v.ID)
}

// readTyped splits a typed command into its word and the visit number or
// full reference (「离校 FK-20261129-001」), "" for none: 「总务主任 同意
// 第12号」 → 总务主任同意, 12. Spaces within the words do not matter;
// spaces within the number do: 「同意 12 13」 is no command, rather than
// visit 1213.
func readTyped(text string) (word, number string, ok bool) {
	if c, ok := flows.ReadCommand(strings.ReplaceAll(text, " ", ""), slices.Collect(maps.Keys(typedVerbs))); ok && c.Num == 0 {
		if c.Ref == "" && strings.ContainsAny(text, "0123456789") {
			return "", "", false
		}
		return c.Word, c.Ref, true
	}
	head, tail := text, ""
	if i := strings.IndexAny(text, "0123456789"); i >= 0 {
		head, tail = text[:i], text[i:]
	}
	m := typedVisitRE.FindStringSubmatch(strings.ReplaceAll(head, " ", "") + tail)
	if m == nil {
		return "", "", false
	}
	return m[1], m[2], true
}

// typedReasonRE is a decision typed with its number and a reason after
// it: 拒绝5 不认识, 拒绝 第5号：没有预约, 同意3 我马上下来.
var typedReasonRE = rx.MustCompile(`^(同意|拒绝|不同意)\s*(?:第)?\s*[#＃]?(\d{1,12})\s*号?\s*[,，:：;；。]?\s*(\p{Han}.{0,60})$`)

// readTypedReason splits a decision typed with a reason (typedReasonRE)
// into its word, number and reason.
func readTypedReason(text string) (word, number, reason string, ok bool) {
	m := typedReasonRE.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		return "", "", "", false
	}
	return m[1], m[2], strings.TrimSpace(m[3]), true
}

// buttonReasonRE is a button of the card typed by its number with words
// after it: 2 让他去教育局信访, 1，我马上下来. The number is the first group,
// the words the second.
var buttonReasonRE = rx.MustCompile(`^(\d{1,2})\s*[,，:：;；。.、]?\s*(\p{Han}.{0,60})$`)

// cardButtonReason reads a visitor card's 同意 or 拒绝 typed by its number
// with a reason (buttonReasonRE), as the twelfth user test's 张校长 did: the
// number is the card's button when the card is what the writer saw last
// (Turn.Offered) and the words do not say the opposite. It returns the
// button's data.
func cardButtonReason(t *flows.Turn, text string) (string, bool) {
	m := buttonReasonRE.FindStringSubmatch(strings.TrimSpace(parse.Normalize(text)))
	if m == nil || strings.HasPrefix(m[2], "号") {
		return "", false // 1号不用进来了: a visitor's number (numberedReply), no button
	}
	bs := t.Offered()
	n, err := strconv.Atoi(m[1])
	if err != nil || n < 1 || n > len(bs) {
		return "", false
	}
	a, ok := flows.ParseAction(bs[n-1].Data)
	if !ok || a.Prefix != actorPrefix || (a.Verb != string(verbOK) && a.Verb != string(verbNo)) {
		return "", false
	}
	if r, ok := readHostReply(m[2]); ok && (r.word == "同意") != (a.Verb == string(verbOK)) {
		return "", false // 1 别让他进: which they mean is not clear
	}
	return bs[n-1].Data, true
}

// deed is what a verb does to a visit: may says why t.Staff may not do it
// to v now ("" when they may), do does it.
type deed struct {
	may func(t *flows.Turn, v Visit) string
	do  func(t *flows.Turn, v Visit) error
}

// deeds is the Actor's table, one row per verb.
var deeds = map[verb]deed{
	verbOK:   {mayApprove, func(t *flows.Turn, v Visit) error { return decideVisit(t, v, true) }},
	verbNo:   {mayDecide, func(t *flows.Turn, v Visit) error { return decideVisit(t, v, false) }},
	verbHead: {mayAdmitOnHeadAuthority, admitOnHeadAuthority},
	verbOut:  {mayCheckOut, checkOut},
	verbGate: {mayDecide, leaveAtGate},
	verbBack: {mayUndoLeave, undoLeave},
}

// Act implements Actor.
func (f VisitFlow) Act(t *flows.Turn, data string) error {
	if t.Flow() == flowPick {
		t.Done() // 同意 4 typed, or a card's button, answers 「是哪一位？」 too
	}
	a, ok := flows.ParseAction(data)
	if !ok || len(a.Args) > 0 && (a.Verb != string(verbOut) || a.Args[0] != outAlso) {
		t.Say(flows.ExpiredButton)
		return nil
	}
	if len(a.Args) > 0 {
		// 4号5号都走了: each visitor named, checked out in turn.
		for _, s := range append([]string{strconv.FormatInt(a.ID, 10)}, a.Args[1:]...) {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				continue
			}
			if err := f.Act(t, action(verbOut, id)); err != nil {
				return err
			}
		}
		return nil
	}
	v, err := db(t).Visit(t.Ctx, a.ID)
	if errors.Is(err, flows.ErrNotFound) || err == nil && v.SchoolID != t.School.ID {
		t.Say("没有找到这位访客。")
		return nil
	}
	if err != nil {
		return err
	}
	if !concerns(t.Staff, v) {
		// Someone with no part in this visit learns nothing from its
		// number, not even that it exists (issue: enumerating visitors
		// and their hosts by 「同意 N」).
		t.Say("没有找到这位访客。")
		return nil
	}
	return perform(t, v, verb(a.Verb))
}

// concerns reports whether s has a part in visit v: its host, the gate,
// or a school leader.
func concerns(s flows.Staff, v Visit) bool {
	return v.HostID == s.ID || s.Has(flows.RoleGuard) || isLeader(s)
}

// perform does vb to v if t.Staff may, and otherwise says why not.
func perform(t *flows.Turn, v Visit, vb verb) error {
	d, ok := deeds[vb]
	if !ok {
		t.Say(flows.ExpiredButton)
		return nil
	}
	if msg := d.may(t, v); msg != "" {
		t.Say(msg)
		return nil
	}
	return d.do(t, v)
}

// mayDecide: only the host or a school leader answers for a visitor, and
// only while the visitor waits.
func mayDecide(t *flows.Turn, v Visit) string {
	if msg := mayAnswerFor(t, v); msg != "" {
		return msg
	}
	return notWaiting(v)
}

// mayAnswerFor: only the host or a school leader answers for a visitor.
func mayAnswerFor(t *flows.Turn, v Visit) string {
	if v.HostID != t.Staff.ID && !isLeader(t.Staff) {
		if t.Staff.Has(flows.RoleGuard) {
			return fmt.Sprintf("只有被访人%s或学校领导可以决定是否同意。被访人 %d 分钟未回复时，请电话请示总务主任，同意后回复「总务主任同意 %d」。",
				v.HostName, t.School.Settings.HostConfirmMinutes, Num(v))
		}
		return fmt.Sprintf("第 %d 号访客找的是%s，只有被访人或学校领导可以决定。", Num(v), v.HostName)
	}
	return ""
}

// mayApprove is mayDecide, and for a watch-listed visitor a leader only.
// A visitor just refused, or just kept at the gate, may still be
// approved: see mayReconsider.
func mayApprove(t *flows.Turn, v Visit) string {
	if v.Status.NotEntered() {
		if msg := mayAnswerFor(t, v); msg != "" {
			return msg
		}
		if msg := mayReconsider(t, v); msg != "" {
			return msg
		}
	} else if msg := mayDecide(t, v); msg != "" {
		return msg
	}
	if !mayAdmit(t.Staff, v) {
		return fmt.Sprintf("第 %d 号访客%s与学校关注名单相符，是否入校由学校领导决定，门卫已通知总务主任和分管领导。不同意的话请回复「拒绝 %d」。", Num(v), v.Name, Num(v))
	}
	return ""
}

// ReconsiderWindow is how long after a refusal it may be taken back.
//
// The rule (改为同意): a visit refused by its host or a school leader (拒绝,
// 今天不在学校 让他们改天再来吧), or kept at the gate (东西放门卫室就行,
// VisitKept: 算了 还是让他上来吧), may be admitted after all
// by whoever may decide for it, as for the first decision: the host, or a
// school leader (and a watch-listed visitor by a leader only; a leader's
// refusal by that leader or another, not the host), with 「同意 N」
// or a yes in words that says the visitor comes in or that the host changed
// their mind (哎等等 我搞错了 还是让他们进来吧); a bare 好的 only acknowledges
// the refusal. It may be done within ReconsiderWindow of the refusal and only
// while the guard has not recorded the visitor leaving (「N号走了」 also
// works for a refused visitor); after that the visitor is asked to register
// again. The guard is told at once to let the visitor in, and the host when
// a leader took the refusal back.
const ReconsiderWindow = 30 * time.Minute

// mayReconsider says why refused (or kept) visit v may no longer be
// admitted, or "" while it may (ReconsiderWindow).
func mayReconsider(t *flows.Turn, v Visit) string {
	kept := v.Status == VisitKept
	if v.DecidedBy != 0 && v.DecidedBy != t.Staff.ID && v.DecidedBy != v.HostID && !isLeader(t.Staff) {
		// A leader's refusal is the leader's (or another leader's) to take
		// back, not the host's.
		if kept {
			return fmt.Sprintf("第 %d 号访客%s是校领导安排留在门卫处的，要改为同意入校，请联系作出决定的校领导。", Num(v), v.Name)
		}
		return fmt.Sprintf("第 %d 号访客%s是校领导不同意入校的，要改为同意，请联系作出决定的校领导。", Num(v), v.Name)
	}
	if !v.LeftAt.IsZero() {
		if kept {
			return fmt.Sprintf("第 %d 号访客%s留在门卫处未入校，门卫已登记其离开（%s），不能再改为同意了。如仍需来访，请访客再来时重新登记。", Num(v), v.Name, t.When(v.LeftAt))
		}
		return fmt.Sprintf("第 %d 号访客%s未获同意，门卫已登记其离开（%s），不能再改为同意了。如仍需来访，请访客再来时重新登记。", Num(v), v.Name, t.When(v.LeftAt))
	}
	if t.Now.Sub(v.DecidedAt) > ReconsiderWindow {
		if kept {
			return fmt.Sprintf("第 %d 号访客%s留在门卫处未入校（%s），至今超过 %d 分钟，访客可能已经离开，不能再改为同意了。如仍需来访，请访客重新登记。",
				Num(v), v.Name, t.When(v.DecidedAt), int(ReconsiderWindow/time.Minute))
		}
		return fmt.Sprintf("第 %d 号访客%s已被拒绝（%s），至今超过 %d 分钟，访客可能已经离开，不能再改为同意了。如仍需来访，请访客重新登记。",
			Num(v), v.Name, t.When(v.DecidedAt), int(ReconsiderWindow/time.Minute))
	}
	return ""
}

// mayAdmitOnHeadAuthority: the guard, once the host had the time to
// answer and did not.
func mayAdmitOnHeadAuthority(t *flows.Turn, v Visit) string {
	if !t.Staff.Has(flows.RoleGuard) {
		return "「总务主任同意」是门卫在电话请示总务主任后登记用的；总务主任本人请直接回复「同意 " + strconv.Itoa(Num(v)) + "」。"
	}
	if msg := notWaiting(v); msg != "" {
		return msg
	}
	wait := time.Duration(t.School.Settings.HostConfirmMinutes) * time.Minute
	if left := v.ArrivedAt.Add(wait).Sub(t.Now); left > 0 {
		return fmt.Sprintf("请先等被访人%s回复（还有 %d 分钟）。到时仍未回复，我会提醒你请示总务主任。", v.HostName, int((left+time.Minute-1)/time.Minute))
	}
	return ""
}

// mayCheckOut: the gate (or the 总务主任) registers a departure, once, of
// a visitor who came in or was still waiting, or (optionally: it is owed
// by nobody) of one refused or kept at the gate.
func mayCheckOut(t *flows.Turn, v Visit) string {
	if !t.Staff.Has(flows.RoleGuard, flows.RoleHead) {
		return "访客离校由门卫登记。"
	}
	if v.Status == VisitLeft || v.Status.NotEntered() && !v.LeftAt.IsZero() {
		return fmt.Sprintf("第 %d 号访客%s%s。", Num(v), v.Name, v.Status.Label())
	}
	return ""
}

// notWaiting says that v was decided already, or "" while it waits.
func notWaiting(v Visit) string {
	if v.Status != VisitWaiting {
		return fmt.Sprintf("第 %d 号访客%s%s，不需要再确认了。", Num(v), v.Name, v.Status.Label())
	}
	return ""
}

// isLeader reports whether s decides for the school: the 总务主任, the
// 分管领导 or the principal.
func isLeader(s flows.Staff) bool {
	return s.Has(flows.RoleHead, flows.RoleLeader, flows.RolePrincipal)
}

// mayAdmit reports whether s may let v in. A visitor who matched the watch
// list is let in only on a school leader's word: the guard was told to
// wait for the leaders, so a host's 同意 must not tell the guard 请放行.
func mayAdmit(s flows.Staff, v Visit) bool { return v.WatchNote == "" || isLeader(s) }

// decideVisit records the host's (or a leader's) answer and tells the
// guard at once.
func decideVisit(t *flows.Turn, v Visit, ok bool) error {
	who := "被访人" + t.Staff.Name
	if t.Staff.ID != v.HostID {
		who = flows.RoleLabels(t.Staff.Roles) + t.Staff.Name
	}
	kind := EventApproved
	reconsidered := ok && v.Status.NotEntered()
	wasKept := v.Status == VisitKept
	refusedBy := v.DecidedBy
	v.Status, v.DecidedAt, v.DecidedBy = VisitAdmitted, t.Now, t.Staff.ID
	v.Decision = who + "同意"
	if reconsidered {
		kind, v.Decision = EventReconsidered, who+"改为同意"
	}
	if !ok {
		kind, v.Status, v.Decision = EventRejected, VisitRejected, who+"不同意"
	}
	if err := db(t).UpdateVisit(t.Ctx, v, VisitEvent{At: t.Now, ActorID: t.Staff.ID, Kind: kind, Note: v.Decision}); err != nil {
		return err
	}
	var guard string
	// along are the colleagues the writer's words ask to come along (叫陈主任
	// 一起陪同), told after the guard; heard says so to the writer.
	var along []flows.Staff
	var alongNote string
	var err error
	heard := func(reply string) string {
		if len(along) == 0 {
			return reply
		}
		return reply + "也已告诉" + alongNames(along) + "。"
	}
	if ok {
		said, note := "", typedNote(t)
		if along, err = askedAlong(t, v, note); err != nil {
			return err
		}
		if reconsidered && refusedBy != v.HostID {
			// The leader who refused hears of the let-in below, once.
			along = slices.DeleteFunc(along, func(s flows.Staff) bool { return s.ID == refusedBy })
		}
		alongNote = note
		if note != "" {
			said = fmt.Sprintf("\n%s说：「%s」", t.Staff.Name, note)
		}
		guard = fmt.Sprintf("【访客确认】%s同意第 %d 号访客%s入校，请放行。%s\n访客离开时请回复「离校 %d」。", who, Num(v), v.Name, said, Num(v))
		switch {
		case reconsidered && wasKept:
			guard = fmt.Sprintf("【访客确认】%s刚才请第 %d 号访客%s留在门卫处，现在改为同意入校，请放行。%s\n访客离开时请回复「离校 %d」。", who, Num(v), v.Name, said, Num(v))
		case reconsidered:
			guard = fmt.Sprintf("【访客确认】%s刚才不同意的第 %d 号访客%s，现在改为同意入校，请放行。%s\n访客离开时请回复「离校 %d」。", who, Num(v), v.Name, said, Num(v))
		}
		switch {
		case reconsidered && note != "":
			t.Say(heard(fmt.Sprintf("好的，已改为同意，门卫会请%s进校，并转告你说的「%s」。", v.Name, note)))
		case reconsidered:
			t.Say(fmt.Sprintf("好的，已改为同意，门卫会请%s进校。", v.Name))
		case note != "":
			t.Say(heard(fmt.Sprintf("已同意，门卫会请%s进校，并转告你说的「%s」。", v.Name, note)))
		default:
			t.Say(fmt.Sprintf("已同意，门卫会请%s进校。", v.Name))
		}
	} else {
		guard = fmt.Sprintf("【访客确认】%s不同意第 %d 号访客%s入校，请礼貌地向访客说明，并请其离开。", who, Num(v), v.Name)
		r := typedReply(t)
		if along, err = askedAlong(t, v, r.note); err != nil {
			return err
		}
		alongNote = r.note
		if r.note != "" && r.later {
			// 今天区里开会我不在学校 让他们改天再来吧: the host's words, to
			// pass on kindly.
			guard = fmt.Sprintf("【访客确认】%s这次不能接待第 %d 号访客%s，不能入校。\n%s说：「%s」\n请客气地转告访客，并请其离开。", who, Num(v), v.Name, t.Staff.Name, r.note)
			t.Say(heard(fmt.Sprintf("好的，%s这次不入校，门卫会客气地转告你说的「%s」。", v.Name, r.note)))
		} else if r.note != "" {
			// 不认识 我们班没有叫王什么的家长: why, for the guard to know
			// whom they turn away.
			guard = fmt.Sprintf("【访客确认】%s不同意第 %d 号访客%s入校。\n%s说：「%s」\n请礼貌地向访客说明，并请其离开。", who, Num(v), v.Name, t.Staff.Name, r.note)
			t.Say(heard(fmt.Sprintf("已告诉门卫：不同意%s入校，并转告你说的「%s」。", v.Name, r.note)))
		} else {
			t.Say(fmt.Sprintf("已告诉门卫：不同意%s入校。", v.Name))
		}
	}
	var buttons []flows.Button
	if ok {
		buttons = []flows.Button{{Label: "离校", Data: action(verbOut, v.ID)}}
	}
	if err := t.Notify(flows.Notification{ToStaff: v.GuardID, Kind: NoticeDecided, Ref: Ref(v.ID), Text: guard, Buttons: buttons}); err != nil {
		return err
	}
	if err := tellAskedAlong(t, v, along, alongNote, ok); err != nil {
		return err
	}
	if reconsidered && refusedBy != 0 && refusedBy != t.Staff.ID && refusedBy != v.HostID {
		// A leader refused (or kept the visitor at the gate), another
		// leader (or the host) took it back.
		what := "你刚才不同意的"
		if wasKept {
			what = "你刚才安排留在门卫处的"
		}
		if err := t.Notify(flows.Notification{ToStaff: refusedBy, Kind: NoticeDecided, Ref: Ref(v.ID),
			Text: fmt.Sprintf("%s第 %d 号访客%s（找%s）：%s，门卫已放行。", what, Num(v), v.Name, v.HostName, v.Decision)}); err != nil {
			return err
		}
	}
	if t.Staff.ID != v.HostID {
		return t.Notify(flows.Notification{ToStaff: v.HostID, Kind: NoticeDecided, Ref: Ref(v.ID),
			Text: fmt.Sprintf("找你的第 %d 号访客%s：%s，门卫已按此处理。", Num(v), v.Name, v.Decision)})
	}
	return nil
}

// typedNote is what the writer said besides their yes or no, when they
// answered in words (快请进 我马上下去接 → 我马上下去接), for the guard; ""
// for a button or a bare command.
func typedNote(t *flows.Turn) string { return typedReply(t).note }

// typedReply is the writer's answer in words, as typedNote reads it: the
// reason after a typed command (拒绝5 不认识) is its note.
func typedReply(t *flows.Turn) hostReply {
	if t.Msg.Button != "" {
		// 2 让他去教育局信访 typed at the card: the button, and its words.
		return hostReply{note: t.ButtonWords()}
	}
	if _, _, ok := readTyped(t.Text); ok {
		return hostReply{} // 同意 1
	}
	if _, _, reason, ok := readTypedReason(t.Text); ok {
		return hostReply{note: reason}
	}
	if m := buttonReasonRE.FindStringSubmatch(strings.TrimSpace(parse.Normalize(t.Text))); m != nil && !strings.HasPrefix(m[2], "号") {
		return hostReply{note: m[2]} // 2 让他去教育局信访
	}
	r, ok := readHostReply(t.Text)
	if !ok {
		_, r, ok = numberedReply(t.Text)
	}
	if !ok {
		r, _ = readHostReplyNaming(t.Text, waitingNames(t))
	}
	return r
}

// numberedReplyRE is a visitor's number before a host's answer in words:
// 1号不用进来了 让她把药放门卫室, 第2号 让他进来吧. The number is the first
// group, the answer the second.
var numberedReplyRE = rx.MustCompile(`^(?:第\s*)?(\d{1,3})\s*号(?:访客)?(?:那个|那位|的)?[\s，,：:]*(\p{Han}.*)$`)

// numberedReply reads text as numberedReplyRE's answer: the number, and
// the host's reply the words after it read to.
func numberedReply(text string) (string, hostReply, bool) {
	m := numberedReplyRE.FindStringSubmatch(strings.TrimSpace(parse.Normalize(text)))
	if m == nil {
		return "", hostReply{}, false
	}
	r, ok := readHostReply(m[2])
	return m[1], r, ok
}

// waitingNames are the names of the visitors waiting for the writer's
// answer, for a reply that names one (readHostReplyNaming); none when
// they cannot be read.
func waitingNames(t *flows.Turn) []string {
	vs, err := candidates(t)
	if err != nil {
		return nil
	}
	var out []string
	for _, v := range vs {
		if v.HostID == t.Staff.ID && v.Status == VisitWaiting && v.Name != "" {
			out = append(out, v.Name)
		}
	}
	return out
}

// leaveAtGate records that the visitor need not come in: the host asked
// for what they brought to be left at the gate (快递放门卫室就行 我自己去拿).
// It is no refusal: the visit is kept at the gate (VisitKept), counted
// apart from refusals, and the guard is told so, with the host's words, to
// pass on kindly.
func leaveAtGate(t *flows.Turn, v Visit) error {
	who := "被访人" + t.Staff.Name
	if t.Staff.ID != v.HostID {
		who = flows.RoleLabels(t.Staff.Roles) + t.Staff.Name
	}
	// A host who comes to the gate to meet the visitor (叫她们在门卫室等一哈
	// 我马上把娃儿带下来 不用进来了: a parent fetching a sick child) keeps
	// the visitor at the gate too: the decision is VisitKept, as for a
	// parcel left there. The visitor never comes in, so no check-out is
	// owed and they are not among those inside; the guard may still record
	// when they went; and the host may still let them in (改为同意). What
	// differs is what the guard is asked to do: have them wait in the
	// guard room for the host, not leave something.
	r := typedReply(t)
	ask, told := "请访客把东西留在门卫室，不用进校", fmt.Sprintf("请%s把东西留在门卫室，不用进校", v.Name)
	decision := who + ask
	if r.meet {
		coming := "马上过来"
		if afterClassRE.MatchString(r.words) {
			coming = "下课后过来" // 下课我下去找他 (user test 17): not 马上
		}
		if hostChildDownRE.MatchString(r.words) {
			coming = "马上把孩子送下来"
		}
		ask = fmt.Sprintf("请访客在门卫室稍等，%s%s，不用进校", t.Staff.Name, coming)
		told = fmt.Sprintf("请%s在门卫室稍等，你%s，不用进校", v.Name, coming)
		decision = fmt.Sprintf("%s请访客在门卫室稍等，%s，不用进校", who, coming)
	}
	v.Status, v.DecidedAt, v.DecidedBy = VisitKept, t.Now, t.Staff.ID
	v.Decision = decision
	if err := db(t).UpdateVisit(t.Ctx, v, VisitEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventKept, Note: v.Decision}); err != nil {
		return err
	}
	said := "东西留在门卫室就行，访客不用进校"
	if r.meet {
		said = "请访客在门卫室稍等，不用进校"
	}
	if r.words != "" {
		said = "「" + r.words + "」" // the host's answer in words, whole
	} else if r.note != "" {
		said = "「" + r.note + "」"
	}
	guard := fmt.Sprintf("【访客确认】第 %d 号访客%s：%s说：%s。\n%s，并客气地转告访客。", Num(v), v.Name, who, said, ask)
	t.Say(fmt.Sprintf("好的，已转告门卫：%s。", told))
	if err := t.Notify(flows.Notification{ToStaff: v.GuardID, Kind: NoticeDecided, Ref: Ref(v.ID), Text: guard}); err != nil {
		return err
	}
	if t.Staff.ID != v.HostID {
		return t.Notify(flows.Notification{ToStaff: v.HostID, Kind: NoticeDecided, Ref: Ref(v.ID),
			Text: fmt.Sprintf("找你的第 %d 号访客%s：%s，门卫已按此处理。", Num(v), v.Name, v.Decision)})
	}
	return nil
}

// admitOnHeadAuthority records that the guard let the visitor in after the
// host did not answer in time and the 总务主任 agreed by phone. The guard
// is who decided; the note says on whose authority.
func admitOnHeadAuthority(t *flows.Turn, v Visit) error {
	heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
	if err != nil {
		return err
	}
	head := "总务主任"
	if len(heads) > 0 {
		head += heads[0].Name
	}
	v.Status, v.DecidedAt, v.DecidedBy = VisitAdmitted, t.Now, t.Staff.ID
	v.Decision = fmt.Sprintf("被访人%s未及时回复，经%s电话同意，由门卫%s放行", v.HostName, head, t.Staff.Name)
	if err := db(t).UpdateVisit(t.Ctx, v, VisitEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventHeadAuthority, Note: v.Decision}); err != nil {
		return err
	}
	for _, h := range heads {
		if err := t.Notify(flows.Notification{ToStaff: h.ID, Kind: NoticeDecided, Ref: Ref(v.ID),
			Text: fmt.Sprintf("门卫%s已按你的电话同意，放行第 %d 号访客%s（找%s，%s）。如有误请马上联系门卫。", t.Staff.Name, Num(v), v.Name, v.HostName, v.Purpose)}); err != nil {
			return err
		}
	}
	if err := t.Notify(flows.Notification{ToStaff: v.HostID, Kind: NoticeDecided, Ref: Ref(v.ID),
		Text: fmt.Sprintf("找你的第 %d 号访客%s已经 %d 分钟未获回复，经%s同意已进校。", Num(v), v.Name, t.School.Settings.HostConfirmMinutes, head)}); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("已记录：%s。\n访客离开时请回复「离校 %d」。", v.Decision, Num(v)))
	return nil
}

// checkOut closes a visit with the time the visitor left; mayCheckOut
// said it may.
func checkOut(t *flows.Turn, v Visit) error {
	if v.Status.NotEntered() {
		// A refused (or kept) visitor leaves the gate: the visit stays
		// rejected (or kept), and the decision may no longer be taken back
		// (mayReconsider).
		v.LeftAt = t.Now
		note := "未获同意，门卫" + t.Staff.Name + "登记其离开"
		if v.Status == VisitKept {
			note = "留在门卫处未入校，门卫" + t.Staff.Name + "登记其离开"
		}
		if err := db(t).UpdateVisit(t.Ctx, v, VisitEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventLeft, Note: note}); err != nil {
			return err
		}
		t.Say(fmt.Sprintf("已登记：第 %d 号访客%s未入校，已离开（%s）。", Num(v), v.Name, t.When(t.Now)))
		return nil
	}
	waiting := v.Status == VisitWaiting
	v.Status, v.LeftAt = VisitLeft, t.Now
	note := "门卫" + t.Staff.Name + "登记离校"
	if waiting {
		note = "未等到确认即离开；" + note
	}
	if err := db(t).UpdateVisit(t.Ctx, v, VisitEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventLeft, Note: note}); err != nil {
		return err
	}
	if waiting {
		if err := t.Notify(flows.Notification{ToStaff: v.HostID, Kind: NoticeDecided, Ref: Ref(v.ID),
			Text: fmt.Sprintf("找你的第 %d 号访客%s没有等到确认，已经离开，不用再回复了。", Num(v), v.Name)}); err != nil {
			return err
		}
		t.Say(fmt.Sprintf("已登记：第 %d 号访客%s未入校，已离开（%s）。", Num(v), v.Name, t.When(t.Now)))
		return nil
	}
	in := v.DecidedAt
	if in.IsZero() {
		in = v.ArrivedAt
	}
	t.Say(fmt.Sprintf("已登记第 %d 号访客%s离校：%s 入校，%s 离校，在校 %s。", Num(v), v.Name, t.When(in), t.When(t.Now), stayText(t.Now.Sub(in))))
	return nil
}

// stayText formats a stay: 45 分钟, 1 小时 10 分钟.
func stayText(d time.Duration) string {
	m := int(d.Minutes())
	if m < 60 {
		return strconv.Itoa(max(m, 0)) + " 分钟"
	}
	if m%60 == 0 {
		return strconv.Itoa(m/60) + " 小时"
	}
	return fmt.Sprintf("%d 小时 %d 分钟", m/60, m%60)
}
