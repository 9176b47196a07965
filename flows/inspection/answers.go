package inspection

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Reading a reply to a check's list as guards type or dictate it: 都没问题,
// 3号有问题, 第3条 有杂物, ③, 2和4有问题, 除了3都正常, a problem told by what
// it is (消防通道被车堵了: the item about 消防通道), 等一下. See
// testdata/corpus/answers*.tsv for what it is measured on.

// answers is what one reply says of a check's items.
type answers struct {
	all, pause bool
	good       []int        // items fine
	bad        []itemAnswer // items with a problem, in the reply's order, with what was said of each
}

func (a answers) empty() bool { return !a.all && !a.pause && len(a.good) == 0 && len(a.bad) == 0 }

var (
	// answerFillerRE is what a reply begins with that says nothing: 报告领导, 嗯.
	// A correction's opening (不对, 说错了) is one too: what follows says
	// what is so (不对 1有问题 …, user test 18's F68).
	answerFillerRE = rx.MustCompile(`^(?:报告领导|报告|领导|嗯+|那个|就是|然后|好的[，,\s]|收到[，,\s]|不对[，,\s！!。]|(?:刚才)?(?:说|搞|按|点|写)错了[，,\s！!。]?)[\s，,。:：]*`)
	// answerPauseRE is a reply that stops for now: 等一下, 我先去处理下, 回头再弄.
	answerPauseRE = rx.MustCompile(`^(?:暂停|先停|等一下|等一会|等会|待会|稍等|稍后|我先去|先去|回头再|晚点再|一会儿?再|过会儿?再)`)
	// negatedRE is a problem denied, which says all is well: 没发现什么问题, 无异常.
	// 没过期, 未过期: an extinguisher checked in date (review of user test 30).
	negatedRE = rx.MustCompile(`没有?(?:发现)?(?:什么|啥)?(?:问题|异常|隐患|情况)|无(?:问题|异常|隐患)|一切正常|都挺好|(?:没有?|未|不)(?:过期|失效)`)
	// fineRE says something is fine.
	// A passage is fine when clear: 消防通道都畅通; doors when shut: 门窗都
	// 关好了 (user test 31, T30).
	fineRE = rx.MustCompile(`正常|合格|(?i:ok)|好的|都好|完好|没事|挺好|好着|畅通|通畅|关好|锁好|关严|有效期内|齐全`)
	// troubleRE says something is wrong.
	// A thing out of shape or loose is trouble too: user test 18's guard's
	// 「铁栅栏歪了 一推就晃」 had been read as nothing wrong.
	// Fire is told as a fire (着火, 起火, 火苗, 有火), never by the 火 of
	// what fights it: 灭火器都检查过了 没问题 was a finding on the
	// extinguisher item (review of user test 30).
	// A passage not clear (不畅通, 走不通) is trouble, never 畅通.
	troubleRE = rx.MustCompile(`问题|不行|不好|坏|堵|不畅|不通|不齐|不全|积水|漏水|破|碎|塌|裂|掉|松|断|洞|缺口|黑屏|不亮|没关|没锁|锁不上|开着|异常|隐患|杂物|故障|没电|占用|停了|堆|陌生人|烧|冒烟|红区|压力不足|压力不够|没有?压力|着火|起火|失火|火灾|火苗|火星|火花|火光|明火|冒火|大火|打火|走火|有火|火了|歪|晃|倾斜|斜了|要倒|倒了|翘|脱落|变形|生锈|锈|鼓包|渗|发霉|露出|裸露|卡住|卡死|刺手|扎手|不关|没拔|不拔|没断电|不断电|过期|失效|冻裂|冻坏|冻住`)
	// answerItemRE is the item numbers a reply begins with: 3, 第三项, 3号,
	// ③, 2和4, with the word that may follow them.
	answerItemRE = rx.MustCompile(`^(?:第\s*)?([0-9]{1,2}|[一二三四五六七八九十]|[①-⑨])((?:\s*(?:和|跟|及|、|,|，|与)\s*(?:第\s*)?(?:[0-9]{1,2}|[一二三四五六七八九十]|[①-⑨]))*)\s*(项|条|个|号|点)?`)
	answerMoreRE = rx.MustCompile(`[0-9]{1,2}|[一二三四五六七八九十]|[①-⑨]`)
	// notItemRE follows a number that is not an item's: 3号楼, 5栋, 302教室.
	notItemRE = rx.MustCompile(`^(?:楼|栋|幢|门|教室|宿舍|寝室|床|班|线|柜|室|层|排|[0-9])`)
	// exceptRE is every item fine but one: 除了3都正常, 除第三项以外都没问题.
	exceptRE = rx.MustCompile(`除了?\s*(?:第\s*)?([0-9]{1,2}|[一二三四五六七八九十]|[①-⑨])\s*(?:项|条|个|号)?\s*(?:以外|之外)?[\s，,]*(?:其他|其余|别的)?(?:都|全)`)
	// othersFineRE is the rest fine, beside a problem: 其他都正常，就是…;
	// 其他都还行, 别的都没毛病 (user test 17's guard, F79/F80).
	// Without 都 only the plain words count: 其他没啥问题, 别的正常 (user test
	// 18's guard, F67).
	othersFineRE = rx.MustCompile(`(?:其他|其余|别的|剩下的)(?:的)?(?:(?:都|全)(?:还)?(?:正常|没问题|没事|好|行|可以|没毛病|挺好)|(?:也|还)?(?:正常|没(?:啥|什么)?(?:问题|毛病|事)))`)
	// alsoRE joins two problems in one clause: 消防通道停了辆电动车 还有东边围墙那有个洞.
	// A semicolon alone joins two too: 消防通道被车堵了；实验楼窗户玻璃碎了.
	alsoRE = rx.MustCompile(`[\s，,；;。]*(?:还有|另外|再就是|再有|以及)[\s，,：:]*|\s*[；;]\s*`)
	// leadingAlsoRE is 还有 or 另外 a reply begins with, going on after
	// the items told before: the sixteenth user test's guard's 「还有 教学楼
	// 三楼走廊消防通道堆了一堆旧桌椅，二楼有间空教室灯没关」 was not
	// understood. What follows is read as a reply of its own.
	// 还有一个 counts a thing, never item 1 (user test 26's re-run, H1:
	// 「还有一个 初一办公室有人用小太阳电暖器…」 was item 1's finding).
	leadingAlsoRE = rx.MustCompile(`^(?:还有|另外|再就是|再有)(?:就是|呢|啊)?(?:一个|一处|一件|一条|一点|个)?(?:就是|呢|啊)?[\s，,：:]*`)
	// catchAllRE is the text of an item that takes any other hazard:
	// 校园内无积水、坠物、破损等安全隐患, 其他安全隐患.
	catchAllRE  = rx.MustCompile(`等(?:安全)?隐患|其他|其它`)
	answerSepRE = rx.MustCompile(`^[\s，,：:、。.\-)）]+`)
)

// itemNumber reads one item number: 3, 三, ③.
func itemNumber(s string) (int, bool) {
	if r := []rune(s); len(r) == 1 && r[0] >= '①' && r[0] <= '⑨' {
		return int(r[0]-'①') + 1, true
	}
	return parse.ParseChoice(s, 99)
}

// readAnswers reads a reply to the list of p's items (see answers).
func readAnswers(text string, items []Item) answers {
	var a answers
	s := strings.TrimSpace(parse.Normalize(text))
	for prev := ""; prev != s; {
		prev, s = s, strings.TrimSpace(answerFillerRE.ReplaceAllString(s, ""))
	}
	s = strings.TrimRight(s, "。.!！~～ ")
	also := false // 还有…: one more finding, after those told before
	if rest := strings.TrimSpace(leadingAlsoRE.ReplaceAllString(s, "")); rest != "" {
		also, s = rest != s, rest
	}
	if s == "" {
		return a
	}
	if flows.IsWord(s, wordsPause) || answerPauseRE.MatchString(s) {
		a.pause = true
		return a
	}
	if m := exceptRE.FindStringSubmatch(s); m != nil {
		if n, ok := itemNumber(m[1]); ok {
			a.bad = append(a.bad, itemAnswer{kind: "bad", seq: n})
			for _, it := range items {
				if it.Seq != n {
					a.good = append(a.good, it.Seq)
				}
			}
			return a
		}
	}
	othersFine := othersFineRE.MatchString(s)
	if othersFine {
		s = othersFineRE.ReplaceAllString(s, "")
	}
	var lines []string
	for _, line := range strings.Split(s, "\n") {
		lines = append(lines, itemSegments(line)...) // 1正常 2正常: each item its own
	}
	for _, line := range lines {
		line = strings.TrimSpace(answerFillerRE.ReplaceAllString(strings.TrimSpace(line), ""))
		if line == "" {
			continue
		}
		seqs, rest, marked, ok := leadingItems(line)
		if !ok {
			// No number: a problem told by what it is goes to the item it is about.
			clause := strings.TrimSpace(answerSepRE.ReplaceAllString(strings.TrimPrefix(strings.TrimSpace(line), "就是"), ""))
			if parts, ok := problemsApart(clause, items); ok {
				a.bad = append(a.bad, parts...) // 消防通道… 还有围墙…: two findings, each its own
				continue
			}
			if bad, good, ok := clausesApart(clause, items); ok {
				a.bad, a.good = append(a.bad, bad...), append(a.good, good...) // 大门围墙都好的 教学楼…灯没关 我顺手关了 北门那个监控不亮
				continue
			}
			plain := negatedRE.ReplaceAllString(clause, "正常")
			switch n := itemAbout(clause, items); {
			case troubleRE.MatchString(plain) && n > 0:
				a.bad = append(a.bad, itemAnswer{kind: "bad", seq: n, desc: clause})
			case fineRE.MatchString(plain) && !troubleRE.MatchString(plain) && len(itemsNamed(clause, items)) >= 2:
				a.good = append(a.good, itemsNamed(clause, items)...) // 消防通道监控都没问题: each one named
			case fineRE.MatchString(plain) && n > 0:
				a.good = append(a.good, n)
			case fineRE.MatchString(plain) && !troubleRE.MatchString(plain):
				a.all = true
			case othersFine && n > 0:
				// 「…其他都正常」 sets this clause apart from the rest: told of
				// an item in words no rule knows, it is that item's problem,
				// never 正常 by default (the finding asks what it is).
				a.bad = append(a.bad, itemAnswer{kind: "bad", seq: n, desc: clause})
			case (othersFine || also || isThing(clause)) && troubleRE.MatchString(plain):
				// A problem of no item beside 其他都正常, or told as one
				// more (还有一个 初一办公室…离窗帘太近了 一般隐患), is the
				// catch-all item's, or asked about: never the rest's 正常.
				a.bad = append(a.bad, itemAnswer{kind: "bad", seq: catchAll(items), desc: clause})
			}
			continue
		}
		sep := answerSepRE.FindString(rest)
		rest = strings.TrimSpace(rest[len(sep):])
		kind, desc := "", ""
		switch {
		case rest == "":
			kind = "bad" // 「3」: item 3 has a problem
		case fineRE.MatchString(negatedRE.ReplaceAllString(rest, "正常")) && !troubleRE.MatchString(negatedRE.ReplaceAllString(rest, "正常")):
			kind = "good"
		default:
			kind, desc = "bad", rest
			for _, w := range append(slices.Clone(wordsProblem), "不行", "不好", "有点问题", "有情况") {
				if r, ok := strings.CutPrefix(rest, w); ok {
					desc = strings.TrimSpace(strings.TrimLeft(r, " ，,：:、。."))
					break
				}
			}
			if desc == rest && sep == "" && !marked && !troubleRE.MatchString(rest) {
				continue // 「3灭火器」: not clearly about item 3
			}
		}
		for i, n := range seqs {
			if kind == "good" {
				a.good = append(a.good, n)
				continue
			}
			d := desc
			if i > 0 {
				d = "" // 2和4有问题: what was said is the first's; the rest are asked
			}
			a.bad = append(a.bad, itemAnswer{kind: "bad", seq: n, desc: d})
		}
	}
	if othersFine && len(a.bad) == 0 && len(a.good) == 0 {
		a.all = true // 其他都没问题, 剩下的都正常: the rest, after items told before
	}
	if len(a.bad) > 0 {
		a.all = false
		if othersFine {
			for _, it := range items {
				if !slices.ContainsFunc(a.bad, func(b itemAnswer) bool { return b.seq == it.Seq }) && !slices.Contains(a.good, it.Seq) {
					a.good = append(a.good, it.Seq)
				}
			}
		}
	}
	return a
}

// problemsApart reads a clause joining problems with 还有, 另外 or a
// semicolon (消防通道那停了辆电动车 还有东边围墙那有个洞) as one problem per
// part, each with its own words, when every part is a problem of a
// different item, or names the item by words of its own (灭火器压力表到
// 红区了 还有消防通道堆了桌椅, both under a leader's one 消防 item); false when the clause is one problem (or the parts
// cannot be told apart), read whole as before. A problem no item names
// (实验楼一楼窗户玻璃碎了一块 in the daily round) is the catch-all item's
// (…等安全隐患), when the list has one; otherwise it is kept apart with
// seq 0, never merged into the other's words: the flow asks about it.
func problemsApart(clause string, items []Item) ([]itemAnswer, bool) {
	parts := alsoRE.Split(clause, -1)
	if len(parts) < 2 {
		return nil, false
	}
	var out []itemAnswer
	named := 0
	for _, p := range parts {
		p = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(p), "就是"))
		if p == "" || !troubleRE.MatchString(negatedRE.ReplaceAllString(p, "正常")) {
			return nil, false
		}
		n := itemAbout(p, items)
		if n != 0 {
			named++
		}
		own := n != 0 // the part names its item by words of its own
		if n == 0 {
			n = catchAll(items)
		}
		if n != 0 && slices.ContainsFunc(out, func(b itemAnswer) bool { return b.seq == n && !(own && b.own) }) {
			return nil, false
		}
		out = append(out, itemAnswer{kind: "bad", seq: n, desc: p, own: own})
	}
	if named == 0 || out[0].seq == 0 {
		return nil, false // no part names an item, or the first names none: read whole
	}
	return out, true
}

// catchAll is the item of a list that takes any other hazard (catchAllRE),
// or 0 when the list has none or several.
func catchAll(items []Item) int {
	n := 0
	for _, it := range items {
		if catchAllRE.MatchString(it.Text) {
			if n != 0 {
				return 0
			}
			n = it.Seq
		}
	}
	return n
}

var (
	// clauseSepRE separates the clauses of a round told in one dictated
	// message: spaces and punctuation.
	clauseSepRE = rx.MustCompile(`[\s，,；;。！!]+`)
	// handledRE is a problem dealt with on the spot: 我顺手关了, 已经锁上了,
	// 当场处理了. The item it follows is fine.
	handledRE = rx.MustCompile(`^(?:我|我已经|已经|已|都)?(?:顺手|当场|随手|马上|立马|现场)?(?:给)?(?:关|关掉|关上|锁|锁上|锁好|处理|清理|搬走|挪走|弄好|收拾)(?:了|好了|掉了|上了)`)
)

// clausesApart reads a round told in one message, clause by clause
// (大门围墙都好的 教学楼有两间教室灯没关 我顺手关了 北门那个监控不亮): each
// clause about an item says it is fine or has a problem; a clause saying
// the problem before it was dealt with on the spot (我顺手关了) makes that
// item fine; a clause about no item adds to the one before. false unless
// at least two clauses are about different items (a single problem is
// read whole as before).
func clausesApart(clause string, items []Item) (bad []itemAnswer, good []int, ok bool) {
	parts := clauseSepRE.Split(clause, -1)
	if len(parts) < 2 {
		return nil, nil, false
	}
	seen := map[int]bool{}
	last := 0 // the item of the clause before, 0 for none
	for k, p := range parts {
		if p = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(p), "就是")); p == "" {
			continue
		}
		plain := negatedRE.ReplaceAllString(p, "正常")
		n := itemAbout(p, items)
		switch {
		case n == 0 && last != 0 && handledRE.MatchString(p):
			if i := slices.IndexFunc(bad, func(b itemAnswer) bool { return b.seq == last }); i >= 0 {
				bad = slices.Delete(bad, i, i+1)
				good = append(good, last)
			}
		case n == 0 && last != 0 && k == len(parts)-1 && len(bad) > 1 && givenAll(p):
			// …消防通道堆了杂物 二楼走廊灯不亮 交给陈主任整改: whom the
			// findings told before are given to, said once after them
			// all, is each one's (user test 31).
			for i := range bad {
				bad[i].desc += " " + p
			}
		case n == 0 && last != 0:
			if i := slices.IndexFunc(bad, func(b itemAnswer) bool { return b.seq == last }); i >= 0 {
				bad[i].desc += " " + p // 北门那个监控不亮 屏幕上黑的
			}
		case n == 0:
			return nil, nil, false
		case seen[n] && troubleRE.MatchString(plain) && slices.Contains(good, n):
			// 监控都正常 操场东边路灯不亮 (user test 31): one item told
			// fine in part and wrong in part has a problem; the fine part
			// is no part of it.
			good = slices.DeleteFunc(good, func(g int) bool { return g == n })
			bad = append(bad, itemAnswer{kind: "bad", seq: n, desc: p})
		case seen[n] && !troubleRE.MatchString(plain) && fineRE.MatchString(plain) && slices.ContainsFunc(bad, func(b itemAnswer) bool { return b.seq == n }):
			// …路灯不亮 监控都正常: the problem told stays its item's.
		case seen[n] && !troubleRE.MatchString(plain) && fineRE.MatchString(plain) && slices.Contains(good, n):
			// 灭火器都在有效期内，安全出口畅通: one item told fine twice.
		case seen[n]:
			return nil, nil, false
		case fineRE.MatchString(plain) && !troubleRE.MatchString(plain) && len(itemsNamed(p, items)) >= 2:
			// 消防通道监控都没问题 (user test 29c's V6): each item named
			// is fine, not the one most like the words.
			for _, m := range itemsNamed(p, items) {
				if !seen[m] {
					good, seen[m] = append(good, m), true
				}
			}
		case troubleRE.MatchString(plain):
			bad = append(bad, itemAnswer{kind: "bad", seq: n, desc: p})
		case fineRE.MatchString(plain):
			good = append(good, n)
		default:
			return nil, nil, false
		}
		if n != 0 {
			seen[n], last = true, n
		}
	}
	return bad, good, len(seen) >= 2
}

var (
	// segmentRE is an item number with its verdict (2正常, 第三项没问题,
	// 3 有问题): where a line telling several items one after the other
	// (1正常 2正常) starts the next.
	segmentRE = rx.MustCompile(`(?:第\s*(?:[0-9]{1,2}|[一二三四五六七八九十])|[0-9]{1,2}|[①-⑨])\s*(?:项|条|号)?\s*[:：]?\s*(?:正常|没问题|没有问题|无异常|完好|合格|(?i:ok)|好的|有问题|不正常|有异常|异常)`)
	// segmentAfterRE is what may come just before such a number: a
	// separator, or the verdict before it (1正常2正常).
	segmentAfterRE = rx.MustCompile(`(?:[\s，,；;。、]|正常|问题|异常|完好|合格|(?i:ok)|好的)$`)
	// spacedItemsRE is more item numbers after the first, spaced (1 2 3 都正常),
	// with 都 or 全 after them: only then is a space a list's separator.
	spacedItemsRE = rx.MustCompile(`^((?:\s+(?:第\s*)?(?:[0-9]{1,2}|[一二三四五六七八九十]|[①-⑨]))+)\s*(?:项|条|号)?\s*(?:都|全|均)`)
	// firstItemsRE is the first N items: 前三项, 前面3条, 前两项.
	firstItemsRE = rx.MustCompile(`^前(?:面)?\s*([0-9]{1,2}|[一二两三四五六七八九十])\s*(?:项|条|个|点)`)
)

// itemSegments splits a line telling several items one after the other,
// each by its number and verdict (1正常 2正常, 1正常，2有问题 灯没关), into
// one line per item; any other line is returned whole. The guard's
// 「1正常 2正常」 had recorded item 1 only.
func itemSegments(line string) []string {
	var out []string
	start := 0
	for _, m := range segmentRE.FindAllStringIndex(line, -1) {
		if m[0] == 0 || !segmentAfterRE.MatchString(line[:m[0]]) {
			continue
		}
		if seg := strings.TrimSpace(line[start:m[0]]); seg != "" {
			out = append(out, seg)
		}
		start = m[0]
	}
	if start == 0 {
		return []string{line}
	}
	return append(out, strings.TrimSpace(line[start:]))
}

// leadingItems reads the item numbers a line begins with and what follows
// them; marked is whether a word (项, 条, 号) followed the numbers.
func leadingItems(line string) (seqs []int, rest string, marked, ok bool) {
	if m := firstItemsRE.FindStringSubmatchIndex(line); m != nil {
		// 前三项都正常: items 1 to 3.
		k, ok := parse.ParseChoice(strings.ReplaceAll(line[m[2]:m[3]], "两", "二"), 99)
		if ok && k > 0 {
			for n := 1; n <= k; n++ {
				seqs = append(seqs, n)
			}
			return seqs, line[m[1]:], true, true
		}
	}
	m := answerItemRE.FindStringSubmatchIndex(line)
	if m == nil {
		return nil, line, false, false
	}
	rest, marked = line[m[1]:], m[6] >= 0
	more := ""
	if m[4] >= 0 {
		more = line[m[4]:m[5]]
	}
	if sm := spacedItemsRE.FindStringSubmatchIndex(line[m[3]:]); more == "" && !marked && sm != nil {
		// 1 2 3 都正常: the spaced numbers are items too.
		more, rest, marked = line[m[3]+sm[2]:m[3]+sm[3]], line[m[3]+sm[3]:], true
	} else if notItemRE.MatchString(rest) || !marked && strings.HasPrefix(rest, "号") {
		return nil, line, false, false // 3号楼: a building, not item 3
	}
	n, ok := itemNumber(line[m[2]:m[3]])
	if !ok {
		return nil, line, false, false
	}
	seqs = []int{n}
	for _, x := range answerMoreRE.FindAllString(more, -1) {
		if k, ok := itemNumber(x); ok && !slices.Contains(seqs, k) {
			seqs = append(seqs, k)
		}
	}
	return seqs, rest, marked, true
}

// thing is a kind of equipment a finding names, and the words of the
// checklist items it belongs under.
type thing struct {
	Names []string // the words for it: 灭火器, 消火栓
	Fits  []string // an item is about it when its text has one: 消防, 灭火
}

// things are the equipment findings name most. A finding naming one goes
// under an item whose words fit it, never one it only shares a place
// with: user test 30's 「教学楼二楼走廊灭火器有3个过期了」 was filed under
// 「教学楼门窗关好、无人教室水电已关」 for its 教学楼.
var things = []thing{
	{[]string{"灭火器", "消火栓", "消防栓", "灭火毯", "消防器材", "消防设施", "烟感", "报警器", "应急灯", "应急照明", "疏散指示"},
		[]string{"消防", "灭火", "消火栓", "应急", "疏散"}},
	{[]string{"电暖器", "电暖气", "小太阳", "取暖器", "电热毯", "电热器", "热得快", "排插", "插排", "插线板", "插座", "电线", "电器"},
		[]string{"取暖", "电暖", "用电", "断电", "电器", "插座", "电线", "线路"}},
	{[]string{"水管", "水龙头", "暖气片", "暖气管", "水表"},
		[]string{"水管", "防冻", "暖气", "供暖", "漏水", "积水", "跑冒滴漏"}},
	{[]string{"燃气", "煤气", "天然气", "液化气"},
		[]string{"燃气", "煤气", "用气", "天然气", "液化气"}},
	// 操场东边路灯有一个不亮 (user test 31's guard) is the lighting item's,
	// not the catch-all 破损; a light left on (教室灯没关) is not named here.
	{[]string{"路灯", "照明", "监控", "摄像头", "探头", "灯不亮", "灯坏"},
		[]string{"照明", "监控"}},
}

// thingOf is the thing a clause names, and whether it names one. A
// clause naming two (应急照明灯不亮: fire equipment, and a light) is
// about the items either fits: user test 31's 「四楼楼梯口应急照明灯不亮」
// went under 消防通道畅通 in the daily round, not 监控和照明设备.
func thingOf(clause string) (thing, bool) {
	var out thing
	found := false
	for _, th := range things {
		if slices.ContainsFunc(th.Names, func(n string) bool { return strings.Contains(clause, n) }) {
			out.Names = append(out.Names, th.Names...)
			out.Fits = append(out.Fits, th.Fits...)
			found = true
		}
	}
	return out, found
}

// isThing reports whether a clause names a thing of things.
func isThing(clause string) bool {
	_, ok := thingOf(clause)
	return ok
}

// itemAbout is the item a clause is about: the one whose text shares the
// most two-character words with it (消防通道被车堵了 → 消防通道畅通…), or 0
// when none does or two share as many. A clause naming a thing (灭火器)
// is about the items that fit it only; none fitting, the list's
// catch-all item, or 0.
func itemAbout(clause string, items []Item) int {
	if th, ok := thingOf(clause); ok {
		var fit []Item
		for _, it := range items {
			if slices.ContainsFunc(th.Fits, func(w string) bool { return strings.Contains(it.Text, w) }) {
				fit = append(fit, it)
			}
		}
		switch {
		case len(fit) == 1:
			return fit[0].Seq
		case len(fit) == 0:
			return catchAll(items)
		}
		// Several fit: the one sharing most words, 0 on a tie (灭火器都
		// 正常 is about no one item of the 消防器材月检).
		n := wordsAbout(clause, fit)
		if n == 0 && lampOutRE.MatchString(clause) {
			// 三楼走廊应急灯不亮, between 消防通道畅通 and 监控和照明设备
			// (user test 31): a lamp not lit is the lighting item's.
			lit := slices.DeleteFunc(slices.Clone(fit), func(it Item) bool { return !strings.Contains(it.Text, "照明") })
			if len(lit) == 1 {
				n = lit[0].Seq
			}
		}
		return n
	}
	return wordsAbout(clause, items)
}

// lampOutRE is a lamp not lit: 应急灯不亮, 灯坏了, 不亮了.
var lampOutRE = rx.MustCompile(`不亮|灯(?:坏|灭|不)`)

// givenAll reports whether clause only gives findings to someone to
// rectify (交给陈主任整改, 让陈主任负责整改), naming no finding of its own.
func givenAll(clause string) bool {
	who, assigned := rectifierGiven(clause)
	return who != "" && assigned && !troubleRE.MatchString(clause)
}

// wordsAbout is the item sharing the most two-character words with
// clause, or 0 when none does or two share as many.
func wordsAbout(clause string, items []Item) int {
	best, score, tie := 0, 0, false
	for _, it := range items {
		n := sharedWords(clause, it.Text)
		switch {
		case n > score:
			best, score, tie = it.Seq, n, false
		case n == score && n > 0:
			tie = true
		}
	}
	if tie {
		return 0
	}
	return best
}

// itemsNamed are the items clause names by their names (the words before
// an item's 「：」, as a leader's own round has them: 消防通道, 监控), each
// once, in the items' order; a longer name is found first, so 消防通道
// is not also 消防.
func itemsNamed(clause string, items []Item) []int {
	type named struct {
		seq  int
		name string
	}
	var ns []named
	for _, it := range items {
		name, _, ok := strings.Cut(it.Text, "：")
		if ok && utf8.RuneCountInString(name) >= 2 && utf8.RuneCountInString(name) <= 6 {
			ns = append(ns, named{it.Seq, name})
		}
	}
	slices.SortStableFunc(ns, func(a, b named) int { return len(b.name) - len(a.name) })
	var out []int
	for _, n := range ns {
		if strings.Contains(clause, n.name) {
			clause = strings.Replace(clause, n.name, "，", 1)
			out = append(out, n.seq)
		}
	}
	slices.Sort(out)
	return out
}

// commonWords are two-character words every checklist has: they say
// nothing of which item a clause is about.
var commonWords = map[string]bool{"正常": true, "完好": true, "运行": true, "设备": true, "安全": true, "隐患": true,
	"无人": true, "检查": true, "是否": true, "情况": true, "问题": true}

// sharedWords counts the two-character words of b that a contains, a word
// that names trouble twice.
func sharedWords(a, b string) int {
	rs := []rune(b)
	seen := map[string]bool{}
	n := 0
	for i := 0; i+2 <= len(rs); i++ {
		w := string(rs[i : i+2])
		if seen[w] || commonWords[w] || !isHan(rs[i]) || !isHan(rs[i+1]) {
			continue
		}
		seen[w] = true
		if strings.Contains(a, w) {
			n++
			if troubleRE.MatchString(w) {
				n++ // 积水 in 3号楼门口有积水: the trouble itself, not 楼门
			}
		}
	}
	return n
}

func isHan(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }
