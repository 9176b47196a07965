package repair

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Furniture or supplies missing in a number (302考场桌子少了两张, 还差两张
// 桌子, 缺两把椅子, 需要三张桌子) is a request for the logistics office, not
// a repair: nothing is broken, someone has to bring more. User test 31's
// T41 had 「302考场桌子少了两张 还有黑板上头那个钟又不走了」 read back as one
// 木工 repair of both. Such words are passed on to the 总务主任 as the
// writer's (flows.PassOn, a 【同事留言】 whose answer comes back to her), and
// she is told so; what else the message reports is drafted as any report.
// The decision: passed on at once rather than asked 「要我转告陈主任吗」, as
// a person who tells houqin desks are missing wants them brought, and the
// draft's own question stays the only one. A thing broken (桌子坏了两张,
// 桌子腿断了) or a part missing (少了一块玻璃, 椅子少了一条腿) stays a repair.

// requestThings are what a room is short of when it lacks some: movable
// furniture and supplies, counted whole, never a part of something.
const requestThings = `(?:课桌椅|桌椅|课桌|书桌|讲桌|桌子|椅子|凳子|板凳|垃圾桶|扫把|拖把|簸箕|粉笔|黑板擦)`

// requestCount is a number of such things: 两张, 3把, 几个.
const requestCount = `(?:[0-9]+|[一二两三四五六七八九十几]+)(?:张|把|套|个|只|条|盒|根)`

var (
	// shortAfterRE is a thing then how it is short: 桌子少了两张, 椅子还差
	// 三把, 凳子不够. What follows must end the clause (not 少了一条腿).
	shortAfterRE = rx.MustCompile(requestThings + `(?:也|还|都)?(?:少了|还少|少|还差|差了|差|缺了|还缺|缺|不够用?)(` + requestCount + `)?`)
	// shortBeforeRE is how many are short or needed, then the thing: 还差两张
	// 桌子, 少了两把椅子, 需要三张桌子, 再要两把椅子.
	shortBeforeRE = rx.MustCompile(`(?:少了|还少|还差|差了|差|缺了|还缺|缺|还需要|需要|还要|再要|再加|要)` + requestCount + requestThings)
	// fullRE is a bin full, to be emptied: 垃圾桶满了, 三楼的垃圾箱都满出来
	// 了, 垃圾没人倒. Nothing is broken (「跟总务说一下 垃圾桶满了」 was drafted
	// as a repair, rt3132): the 总务 has it emptied, as it brings desks.
	fullRE = rx.MustCompile(`(?:垃圾桶|垃圾箱|垃圾筐|垃圾篓|纸篓|果皮箱|垃圾)(?:都|也|又|已经|早就|全)?(?:快)?(?:满了|满啦|满出来了?|溢出来了?|堆满了|装满了|没人倒|没倒|该倒了|要倒了|没人清|没清|没人收)`)
	// fullSaidReplacer drops the adverbs of a bin full (都, 已经) where the
	// reply names it.
	fullSaidReplacer = strings.NewReplacer("都", "", "也", "", "又", "", "已经", "", "早就", "", "全", "")
	// clauseEndRE is what may follow a thing short (桌子少了两张): the end of
	// the clause or words that begin another.
	clauseEndRE = rx.MustCompile(`^(?:$|[\s，,。.；;！!~～]|还有|另外|然后|麻烦|帮忙|请|能不能|可以|要|得|你们|安排|搬|拿|送|补)`)
	// joinAfterRE joins what follows words cut out to them: 还有, 另外.
	joinAfterRE = rx.MustCompile(`^[\s，,。；;！!]*(?:还有(?:就是|个|一个)?|另外|然后|而且|再就是|再有)[，,：:\s]*`)
	// requestHereRE is the place a request names as the one spoken of,
	// before what is short: 这个考场, 这边, 我们班 (the report names it).
	requestHereRE = rx.MustCompile(`^\s*(?:这个|这间|这|那个|我们|我们这个|咱们)(?:考场|教室|班|屋|里|边|儿)?(?:里|这边|这儿)?\s*(?:也|都)?\s*$`)
	// joinBeforeRE is a word joining the words cut out to those before:
	// 另外, 还有, at their end.
	joinBeforeRE = rx.MustCompile(`[\s，,。；;]*(?:还有(?:就是)?|另外|然后|而且|再就是)[\s，,：:]*$`)
	// fetchAfterRE is asking to bring what is short, after it: 帮忙搬两张
	// 过来, 麻烦送过来, 安排人搬一下.
	fetchAfterRE = rx.MustCompile(`^[\s，,。]*(?:麻烦|帮忙|请|能不能|你们|安排人?|找人|派人|帮我们?|给我们?|尽快|赶紧)*\s*(?:搬|拿|送|抬|补)[^\s，,。；;！!？?]{0,8}`)
	// requestSepRE ends a clause: a pause, or 还有 beginning the next.
	requestSepRE = rx.MustCompile(`[\s，,。；;！!]+|还有|另外`)
)

// requestSpan is where text says things are short, and the clause that
// holds it; ok is false when it does not.
type requestSpan struct {
	start, end       int // the words that say so: 桌子少了两张
	clauseA, clauseB int // the clause: 302考场桌子少了两张
}

// requestsIn finds where text says furniture or supplies are short (see
// above), in order.
func requestsIn(text string) []requestSpan {
	var out []requestSpan
	add := func(a, b int) {
		for _, r := range out {
			if a < r.end && r.start < b {
				return
			}
		}
		ca, cb, next := 0, len(text), len(text)
		for _, m := range requestSepRE.FindAllStringIndex(text, -1) {
			switch {
			case m[1] <= a:
				ca = m[1]
			case m[0] >= b && cb == len(text):
				cb = m[0]
			case m[0] >= b && next == len(text) && m[0] > cb:
				next = m[0]
			}
		}
		if requestAskRE.MatchString(text[ca:next]) {
			return // 桌子还差两张 什么时候送来？ is asked, not told
		}
		out = append(out, requestSpan{start: a, end: b, clauseA: ca, clauseB: cb})
	}
	for _, m := range shortBeforeRE.FindAllStringIndex(text, -1) {
		add(m[0], m[1])
	}
	for _, m := range fullRE.FindAllStringIndex(text, -1) {
		add(m[0], m[1])
	}
	for _, m := range shortAfterRE.FindAllStringIndex(text, -1) {
		if clauseEndRE.MatchString(text[m[1]:]) {
			add(m[0], m[1])
		}
	}
	// In the order written.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].start < out[j-1].start; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// splitRequests is text without the words that say things are short (the
// place before them kept: 302考场 还有黑板上头那个钟又不走了), and the
// clauses that say so, to be passed on; none when text says nothing short.
func splitRequests(text string) (rest string, asked []string, short []string) {
	spans := requestsIn(text)
	if len(spans) == 0 {
		return text, nil, nil
	}
	var b strings.Builder
	at := 0
	for _, s := range spans {
		if a := max(at, s.clauseA); a < s.start && requestHereRE.MatchString(text[a:s.start]) {
			// 另外这个考场还差两张桌子: 「这个考场」 is the request's, and
			// 另外 joined it; neither is left in the report (rt33's 2).
			b.WriteString(joinBeforeRE.ReplaceAllString(text[at:a], ""))
		} else {
			b.WriteString(text[at:s.start])
		}
		b.WriteString(" ")
		at = s.end
		fetch := ""
		if m := fetchAfterRE.FindStringIndex(text[at:]); m != nil {
			// 还差两张桌子 帮忙搬两张过来: the asking to bring them is
			// the request's too, never the clock job's (rt33's new
			// problem 2 sent it to 王师傅 with the clock).
			fetch = strings.TrimSpace(text[at : at+m[1]])
			at += m[1]
		}
		if m := joinAfterRE.FindStringIndex(text[at:]); m != nil {
			at += m[1] // 桌子少了两张 还有黑板上头那个钟: not 「还有黑板…」
		}
		c := strings.TrimSpace(text[s.clauseA:s.clauseB])
		if fetch != "" && !strings.Contains(c, fetch) {
			c += " " + fetch
		}
		if len(asked) == 0 || asked[len(asked)-1] != c {
			asked = append(asked, c)
		}
		said := text[s.start:s.end]
		if fullRE.MatchString(said) {
			said = fullSaidReplacer.Replace(said) // 垃圾桶都满了由总务安排: 垃圾桶满了
		}
		short = append(short, said)
	}
	b.WriteString(text[at:])
	rest = b.String()
	for strings.Contains(rest, "  ") {
		rest = strings.ReplaceAll(rest, "  ", " ")
	}
	return strings.TrimSpace(rest), asked, short
}

// passRequests passes on what text says is short to the 总务主任 when it
// says so (see above), and reports what is left to read as a report: rest
// is "" when nothing is, lead the words that tell the writer. ok is false
// when nothing was passed on: nothing said short, no one 总务主任, or the
// writer is that one.
func passRequests(t *flows.Turn, text string, locs []flows.Location) (rest, lead string, ok bool, err error) {
	rest, asked, short := splitRequests(parse.Normalize(text))
	if len(asked) == 0 {
		return text, "", false, nil
	}
	heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
	if err != nil || len(heads) != 1 || heads[0].ID == t.Staff.ID {
		return text, "", false, err
	}
	head := heads[0]
	if rd := understand(rest, locs, sender(t, locs)); !reportsFault(rd) {
		// Nothing else reported (302考场还差两张桌子 麻烦安排人搬过来): the
		// whole message is the request.
		words, err := flows.PassOn(t, head, text)
		if err != nil {
			return "", "", true, err
		}
		return "", fmt.Sprintf("好的，%s由总务安排，不用报修。已转告%s：「%s」。", strings.Join(short, "、"), head.Name, words), true, nil
	}
	said := strings.Join(asked, "，")
	if g := GuessRepair(said, locs); g.LocationID == 0 && g.PlaceText == "" {
		// 桌子少了两张 还有302的钟不走了: the desks are where the rest is.
		if rg := GuessRepair(rest, locs); rg.LocationID != 0 {
			said = flows.LocationLabel(locs, rg.LocationID) + "：" + said
		} else if rg.PlaceText != "" {
			said = rg.PlaceText + "：" + said
		}
	}
	words, err := flows.PassOn(t, head, said)
	if err != nil {
		return "", "", true, err
	}
	return rest, fmt.Sprintf("%s由总务安排，不用报修，已转告%s：「%s」。其余的按报修处理：\n", strings.Join(short, "、"), head.Name, words), true, nil
}

// reportsFault reports whether rd reads a fault to mend: a report whose
// problem has a trade and says more than a place.
func reportsFault(rd Reading) bool {
	if rd.Intent != IntentReport {
		return false
	}
	for _, g := range rd.Problems {
		if g.Trade != "" && !g.OnlyPlace && utf8.RuneCountInString(g.Description) >= 2 {
			return true
		}
	}
	return false
}

// requestAskRE makes words that name things short a question (桌子还差两张
// 什么时候送来？) or something said before (桌子少了两张的事说过了).
var requestAskRE = rx.MustCompile(`[？?]|什么时候|啥时候|怎么|为什么|谁|吗|呢|过了`)

// RequestSaid reports whether text tells of furniture or supplies short
// (302考场还差两张桌子 麻烦安排人搬过来), which Start passes on to the 总务主任.
func RequestSaid(text string) bool {
	text = parse.Normalize(text)
	return len(requestsIn(text)) > 0
}

// requestOnly reports whether t's words tell of things short and nothing
// to mend besides (302考场桌子少了两张).
func requestOnly(t *flows.Turn) bool {
	rest, asked, _ := splitRequests(parse.Normalize(t.Text))
	return len(asked) > 0 && !reportsFault(understand(rest, nil, sender(t, nil)))
}

// requestAskedRE asks when things short come or what became of them: the
// question requestAskRE keeps from passing them on as a new request (桌子
// 还差两张 什么时候送来？), not 说过了.
var (
	requestAskedRE = rx.MustCompile(`[？?]|什么时候|啥时候|几时|怎么还|为什么|为啥|吗|呢|没有?[送搬拿来到]`)
	requestThingRE = rx.MustCompile(requestThings)
)

// requestAsked answers a question about things short (302的桌子还差两张
// 什么时候送来？, rt3132): no repair holds them, so no repair's progress can
// answer it (「你目前没有未完成的报修」 was); when no open report of rs
// names the thing, the question is passed on to the 总务主任, whose answer
// comes back to the writer (flows.RelayReply). It reports whether it did.
func requestAsked(t *flows.Turn, rs []Repair) (bool, error) {
	text := parse.Normalize(t.Text)
	if !requestAskedRE.MatchString(text) {
		return false, nil
	}
	m := shortBeforeRE.FindString(text)
	if m == "" {
		if l := shortAfterRE.FindStringIndex(text); l != nil && clauseEndRE.MatchString(text[l[1]:]) {
			m = text[l[0]:l[1]]
		}
	}
	if m == "" {
		return false, nil
	}
	thing := requestThingRE.FindString(m)
	if slices.ContainsFunc(rs, func(r Repair) bool {
		return r.Status.Open() && (strings.Contains(r.Description, thing) || r.Item == thing)
	}) {
		return false, nil // her report of the desks answers it
	}
	heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
	if err != nil || len(heads) != 1 || heads[0].ID == t.Staff.ID {
		return false, err
	}
	words, err := flows.PassOn(t, heads[0], strings.TrimSpace(t.Text))
	if err != nil {
		return true, err
	}
	t.Say(fmt.Sprintf("%s是总务安排送的，不是报修单，我这里查不到进度。已把你的话转告%s：「%s」，%s回复后我会转告你。", thing, heads[0].Name, words, heads[0].Name))
	return true, nil
}
