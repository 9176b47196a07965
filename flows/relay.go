package flows

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A school leader's instruction to one named colleague that no flow read
// is passed on to that colleague rather than answered 「没有看懂」. The
// re-run of user test 16's leaders spoke to colleagues through houqin:
// 张校长's 「我让陈主任下去接一下」 after a gate notice, 刘副校长's words on
// moving the samples meant for 钱阿姨; nobody was told. The flows that
// know an item relay their own (repair's 【领导交办】, the gate's 【领导指示】,
// a hazard's relay); this is the fallback when none did.

// NoticeLeaderRelay is a school leader's words passed on to the colleague
// they named: 让钱阿姨把留样先挪到另外那台冰箱. It names no item and has no
// buttons.
const NoticeLeaderRelay = "leader.relay"

// relayCueRE is the word before the person told: 让/叫/请 X (do), 通知/告诉/
// 转告 X, 跟/和/给 X 说. 我让陈主任下去接一下 is an instruction to 陈主任 too.
var relayCueRE = rx.MustCompile(`让|叫|请|通知|告诉|转告|跟|和|给`)

// relaySaidRE is what 跟/和 X needs after the person to be an instruction
// (跟钱阿姨说一下), not company (和王老师一起去).
var relaySaidRE = rx.MustCompile(`^(?:说|讲|交代|交待)`)

// relayAskRE makes the words a question or a complaint about what someone
// was told (谁让王师傅拆的, 你叫老郑了吗), not an instruction.
var relayAskRE = rx.MustCompile(`[？?]|谁|为什么|为啥|怎么|咋|吗[。！!~]*$|没有?[。！!~]*$|呢[。！!~]*$`)

// relayToldRE says the colleague was told before, not now: 已经跟老郑说了,
// 昨天我叫王师傅修过了.
var relayToldRE = rx.MustCompile(`已经(?:让|叫|请|跟|和|告诉|通知|提醒)|(?:修|弄|看|说|讲|交代|处理)过了`)

// relayTitles follow a surname: 陈主任, 周师傅, 钱阿姨. 师傅 and 工 name a
// worker only.
var relayTitles = []string{"副校长", "校长", "主任", "师傅", "老师", "阿姨", "工"}

// relayRoleWords name the one person holding a role: 门卫 when the school
// has one guard.
var relayRoleWords = []struct {
	word string
	role Role
}{
	{"门卫", RoleGuard}, {"保安", RoleGuard}, {"门岗", RoleGuard},
	{"食堂", RoleCanteen}, {"厨房", RoleCanteen}, {"大厨", RoleCanteen}, {"厨师", RoleCanteen},
	// The logistics office by any of its names is its head's (user test
	// 31's 转告总务处…, 麻烦和后勤说一声…): the longer names first.
	{"总务主任", RoleHead}, {"总务处", RoleHead}, {"总务科", RoleHead}, {"后勤处", RoleHead},
	{"后勤科", RoleHead}, {"后勤部", RoleHead}, {"后勤主任", RoleHead}, {"总务", RoleHead}, {"后勤", RoleHead},
}

// relayLeader reports whether s gives instructions to colleagues: the
// principal, the school's leaders and the 总务主任.
func relayLeader(s Staff) bool { return s.Has(RolePrincipal, RoleLeader, RoleHead) }

// leaderRelay passes a school leader's instruction to the one colleague it
// names (see above) and tells the leader; it reports whether it did. It
// reads the directory only for a leader's words with a cue word, so an
// ordinary message costs no round trip.
func (e *Engine) leaderRelay(t *Turn, text string) (bool, error) {
	if t.Msg.Button != "" || t.Image() != "" || !relayLeader(t.Staff) {
		return false, nil
	}
	text = strings.TrimSpace(parse.Normalize(text))
	if !relayCueRE.MatchString(text) || relayAskRE.MatchString(text) || relayToldRE.MatchString(text) {
		return false, nil
	}
	to, ok, err := relayedTo(t, text)
	if err != nil || !ok {
		return false, err
	}
	return true, relayTo(t, to, text, true)
}

// askRelayRE asks houqin to pass words on: 帮我跟李老师说一声, 麻烦告诉王老师,
// 帮忙通知一下周师傅, or begins by saying whom to tell: 跟陈主任说一下 302考场
// 还差两张桌子 (user test 31's T43, not understood).
var askRelayRE = rx.MustCompile(`^(?:(?:帮我|帮忙|麻烦你?|请你?|你)(?:帮我|帮忙)?)?(?:跟|和|给|告诉|通知|转告)`)

// NoticeStaffRelay is a colleague's words passed on as they asked (a
// 留言): 跟陈主任说一下 302考场还差两张桌子, or thanks said to a colleague
// (谢谢老郑). It names no item and has no buttons.
const NoticeStaffRelay = "staff.relay"

// staffRelay passes on the words of someone whose words are not a
// leader's order, when they ask houqin to tell one colleague they name
// (askRelayRE), and tells them; it reports whether it did. User test 26's
// G15 had been told to phone instead; user test 31's teacher asking to
// tell the 总务主任 about missing desks (T43) was not understood.
func staffRelay(t *Turn, text string) (bool, error) {
	if t.Msg.Button != "" || relayLeader(t.Staff) {
		return false, nil
	}
	text = strings.TrimSpace(parse.Normalize(text))
	if !askRelayRE.MatchString(text) || relayAskRE.MatchString(text) || relayToldRE.MatchString(text) {
		return false, nil
	}
	to, ok, err := relayedTo(t, text)
	if err != nil || !ok {
		return false, err
	}
	words, err := PassOn(t, to, relayedWords(t, text, to))
	if err != nil {
		return true, err
	}
	t.Say(fmt.Sprintf("好的，已转告%s：「%s」。", to.Name, words))
	return true, nil
}

// A colleague spoken to by name in words no flow read (user test 31's
// T14: 周师傅's 「李老师麻烦过来开下301的门 我在门口等着呢」, not understood)
// is sent them as the writer's 留言, as words asked to be passed on are
// (staffRelay). A leader's are his orders (leaderOrder, leaderRelay).
var (
	// addressedLeadRE may come before the colleague: 麻烦李老师…, 请陈主任….
	addressedLeadRE = rx.MustCompile(`^(?:请|麻烦|劳驾)`)
	// addressedAskRE follows a colleague spoken to: a pause (陈主任，钥匙在
	// 你那吗) or a request to them (李老师麻烦过来…, 王老师你过来一下, 李老师
	// 能不能把钥匙送过来). 王师傅去哪了, 孙师傅请假了吗, 李老师说…, 李老师
	// 的… are of them, not to them.
	addressedAskRE = rx.MustCompile(`^(?:[，,：:\s]|(?:你|您)?(?:麻烦|请你|请您|帮我|帮忙|能不能|能否|可不可以|方便|有空|快|赶紧)|(?:你|您)(?:过来|来一下|来一趟|下来|上来))`)
)

// addressedRelay passes on the words of someone who is no leader that
// begin by speaking to one colleague by name with a request or a pause
// (see above), and tells them; it reports whether it did.
func addressedRelay(t *Turn, text string) (bool, error) {
	if t.Msg.Button != "" || t.Image() != "" || relayLeader(t.Staff) {
		return false, nil
	}
	norm := strings.TrimSpace(parse.Normalize(text))
	after := norm
	lead := addressedLeadRE.FindString(after)
	after = after[len(lead):]
	to, n, err := relayNamed(t, after)
	if err != nil || n == 0 || to.ID == t.Staff.ID {
		return false, err
	}
	rest := after[n:]
	if lead == "" && !addressedAskRE.MatchString(rest) || spokenOfRE.MatchString(rest) || !relayInstruction(strings.TrimLeft(rest, "，,：: ")) {
		return false, nil
	}
	words, err := PassOn(t, to, norm)
	if err != nil {
		return true, err
	}
	t.Say(fmt.Sprintf("好的，已转告%s：「%s」。", to.Name, words))
	return true, nil
}

// staffAsked passes on, before the flows that file things read them
// (see Engine.Handle), the words of someone who is no leader that begin
// by asking houqin to tell one colleague they name (跟总务说一下 三楼走廊
// 的垃圾桶满了, 转告总务处 302考场还差两张桌子), unless what they ask to pass
// on reports something a flow records (跟陈主任说一下 302的灯又不亮了: a
// repair, as it was) or they name a worker (below); it reports whether it
// did.
func (e *Engine) staffAsked(t *Turn, text string) (bool, error) {
	if t.Msg.Button != "" || t.Image() != "" || relayLeader(t.Staff) {
		return false, nil
	}
	norm := strings.TrimSpace(parse.Normalize(text))
	if !askRelayRE.MatchString(norm) || relayAskRE.MatchString(norm) || relayToldRE.MatchString(norm) {
		return false, nil
	}
	to, ok, err := relayedTo(t, norm)
	if err != nil || !ok || to.Has(RoleWorker) {
		// 跟孙师傅说一下 301的灯还没修: words for a worker are most often
		// about a job of his, which the flows read first (a 催).
		return false, err
	}
	rest := relayedWords(t, norm, to)
	if rest == norm {
		return false, nil // not begun by asking to tell to
	}
	said := t.Text
	t.Text = rest
	reports := false
	for _, f := range e.flows {
		if r, ok := f.(Reporter); ok && f.Allowed(t.Staff) && r.Reports(t) {
			reports = true
			break
		}
	}
	t.Text = said
	if reports {
		return false, nil
	}
	return staffRelay(t, text)
}

// relayedWords is text less the words that ask it passed on to to, when
// it begins with them (跟陈主任说一下，302考场还差两张桌子: the desks).
func relayedWords(t *Turn, text string, to Staff) string {
	m := askRelayRE.FindStringIndex(text)
	if m == nil {
		return text
	}
	after := strings.TrimPrefix(strings.TrimPrefix(text[m[1]:], "一下"), "一声")
	s, n, err := relayNamed(t, after)
	if err != nil || n == 0 || s.ID != to.ID {
		return text
	}
	rest := strings.TrimLeft(after[n:], "，,：: ")
	tails := []string{"一下", "一声"}
	for _, w := range []string{"说", "讲", "交代", "交待"} {
		if strings.HasPrefix(rest, w) {
			rest, tails = rest[len(w):], append(tails, "下") // 说下, not 下午
			break
		}
	}
	for _, w := range tails {
		rest = strings.TrimPrefix(rest, w)
	}
	rest = strings.TrimLeft(rest, "，,：: ")
	if !relayInstruction(rest) {
		return text
	}
	return rest
}

// PassOn passes a colleague's words on to to as their 留言
// (NoticeStaffRelay) and returns the words as passed on, for the writer's
// reply.
func PassOn(t *Turn, to Staff, text string) (string, error) {
	words := Clip(strings.Join(strings.Fields(text), "，"), 200)
	return words, t.Notify(Notification{ToStaff: to.ID, Kind: NoticeStaffRelay, Ref: relayRef(t.Staff.ID),
		Text: fmt.Sprintf("【同事留言】%s：「%s」", t.Staff.Name, words)})
}

// relayRefPrefix begins the Ref of a colleague's words passed on
// (NoticeLeaderRelay, NoticeStaffRelay), before the id of whoever said
// them: the answer goes back to them (RelayReply).
const relayRefPrefix = "staff:"

// relayRef is the Ref of words staff member from said, passed on.
func relayRef(from int64) string { return relayRefPrefix + strconv.FormatInt(from, 10) }

// RelayReply passes words no flow read back to the colleague whose words
// were passed on to the writer last, and tells the writer; it reports
// whether it did. A 【领导交代】 or 【同事留言】 has no buttons, so the offer
// a typed answer is read against (LatestNotice) never held it, and the
// answer was 「没有看懂」: user test 31's 王师傅 answering 陈主任's order to
// move the desks, 「好的 明天一早就搬 数完了跟你说」 (T21), and 陈主任 never
// learned that he had it. It holds when that notification is the newest
// thing the writer was sent since their last message (NewestNotice),
// within OfferLife, and the words say something: an acknowledgement
// (收到, which the sender wants to hear too) or two Han characters or
// more, not a stray number. A flow that would answer words for houqin
// (thanks: 好 辛苦了) asks it first.
func RelayReply(t *Turn, text string) (bool, error) {
	if t.Msg.Button != "" || t.Image() != "" {
		return false, nil
	}
	text = strings.TrimSpace(parse.Normalize(text))
	if !IsAck(text) && hanCount(text) < 2 {
		return false, nil
	}
	cv, ok := t.Tx.(Conversations) // the engine's transaction (EngineTx)
	if !ok {
		return false, nil
	}
	n, ok, err := cv.NewestNotice(t.Ctx, t.Staff.ID, t.noticeMark)
	if err != nil || !ok || n.Kind != NoticeLeaderRelay && n.Kind != NoticeStaffRelay || t.Now.Sub(n.At) > OfferLife {
		return false, err
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(n.Ref, relayRefPrefix), 10, 64)
	if err != nil || !strings.HasPrefix(n.Ref, relayRefPrefix) || id == t.Staff.ID {
		return false, nil // passed on before Refs named the sender
	}
	from, err := t.Tx.StaffByID(t.Ctx, id)
	if errors.Is(err, ErrNotFound) || err == nil && (!from.Active || from.SchoolID != t.School.ID) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	words, err := PassOn(t, from, text)
	if err != nil {
		return true, err
	}
	if n.Kind == NoticeLeaderRelay {
		// 好的 马上去: kept as his answer to the errand (errand.go).
		if err := errandTaken(t, from, words); err != nil {
			return true, err
		}
	}
	t.Say(fmt.Sprintf("好的，已转告%s：「%s」。", from.Name, words))
	return true, nil
}

// hanCount is how many Han characters s has.
func hanCount(s string) int {
	n := 0
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			n++
		}
	}
	return n
}

// NamedColleague is the one active colleague the words begin with (a
// whole name, 老郑, 陈主任, 周师傅, or a role word its one holder has:
// 门卫), and how many bytes name them; n is 0 when they name no one.
func NamedColleague(t *Turn, words string) (Staff, int, error) { return relayNamed(t, words) }

// relayTo passes text on to colleague to as the leader's words, and tells
// the leader. Words that are an order and no report (errand) are recorded
// as an errand when they go to a worker (errand.go).
func relayTo(t *Turn, to Staff, text string, errand bool) error {
	words := Clip(strings.Join(strings.Fields(text), "，"), 200)
	if err := t.Notify(Notification{ToStaff: to.ID, Kind: NoticeLeaderRelay, Ref: relayRef(t.Staff.ID),
		Text: fmt.Sprintf("【领导交代】%s：「%s」", t.Staff.Name, words)}); err != nil {
		return err
	}
	if errand {
		if err := recordErrand(t, to, words); err != nil {
			return err
		}
	}
	t.Say(fmt.Sprintf("已转告%s：「%s」。", to.Name, words))
	return nil
}

// A leader's words that begin by telling a named colleague (让王师傅…,
// 跟钱阿姨说…, 告诉老郑…, or the colleague addressed: 老郑，今晚…) are that
// colleague's before any flow's: the leaders' user tests had 「跟钱阿姨说
// 明天陪餐我去」 recorded as a 陪餐, 「钱阿姨明天中午多准备20份饭」 and 「老
// 郑，今晚值班注意一下后门」 not understood. The flows that know an item
// have read them first (Actor.Typed: repair's 【领导交代】 of a job).
var (
	// orderLeadRE is the cue the words begin with: 让, 叫, 请, 麻烦, 通知,
	// 告诉, 提醒, 跟/和 (with 说 after the person), after 你/帮我.
	orderLeadRE = rx.MustCompile(`^(?:你|麻烦你|请你|帮我|帮忙)?(让|叫|请|麻烦|通知|告诉|提醒|跟|和)(?:一下|一声)?`)
	// addressedRE follows a colleague addressed: a pause (老郑，), or words
	// that tell them what to do (钱阿姨明天中午多准备…, 王师傅今天把…).
	addressedRE = rx.MustCompile(`^[，,：:\s]|^[^？?。！!]{0,12}?(?:把|先|注意|记得|准备|留意|安排|别|不要|一定|赶紧|抓紧|马上|尽快|去|过来|来一趟)`)
	// spokenOfRE follows a colleague spoken of, not to: 王老师说…, 老郑的…,
	// 王师傅和孙师傅….
	spokenOfRE = rx.MustCompile(`^(?:说|讲|反映|问|报|的|和|跟|也|都|他|她|那边|这边)`)
	// orderAskRE makes the words a question about someone (王师傅去哪了).
	orderAskRE = rx.MustCompile(`哪|几点|多久|有没有|是不是|能不能|行不行`)
)

// Reporter is implemented by a flow that records something new said in
// words (a repair's place and thing): a leader's words to a colleague that
// also report one are recorded after they are passed on (让王师傅明天先把
// 操场的下水道弄了).
type Reporter interface {
	Flow
	Reports(t *Turn) bool
}

// leaderOrder passes on a leader's words that begin by telling one named
// colleague something (see above), and, when a flow reads the rest as a
// new report (陈主任，302的门坏了 你安排人修一下), starts it; it reports
// whether it passed them on. Words that tell a colleague further on (302
// 的门让王师傅先修一下) are passed on here only when they report
// something too: otherwise the flows read them first, and leaderRelay
// passes them on when none did.
func (e *Engine) leaderOrder(t *Turn, text string) (bool, error) {
	if t.Msg.Button != "" || t.Image() != "" || !relayLeader(t.Staff) {
		return false, nil
	}
	text = strings.TrimSpace(parse.Normalize(text))
	if relayAskRE.MatchString(text) || orderAskRE.MatchString(text) || relayToldRE.MatchString(text) {
		return false, nil
	}
	to, rest, err := leadingOrder(t, text)
	if err != nil {
		return false, err
	}
	if to.ID == 0 {
		// Told further on: passed on with the report only.
		if to, ok, err := relayedTo(t, text); err != nil || !ok {
			return false, err
		} else if e.answered(t) {
			// 刚检查了一圈 大门围墙都好的 …灯不亮 让陈主任安排人处理: a
			// message a flow reads before any report (an Answerer: a check
			// told done, user test 31) is that flow's, which reads whom it
			// names; it is no report to pass on with.
			return false, nil
		} else if e.ownWordOfOther(text) {
			// 发现隐患 男厕所灯管掉下来了 让孙师傅来修: begun with the own
			// word of a flow that is no Reporter, it is that flow's, which
			// reads whom it names (review of user test 30: the hazard
			// became a repair).
			return false, nil
		} else if f := e.reporter(t, text); f != nil {
			if err := relayTo(t, to, text, false); err != nil {
				return true, err
			}
			return true, e.start(t, f)
		}
		return false, nil
	}
	rest = strings.TrimLeft(rest, "，,：: ")
	for _, w := range []string{"说", "讲", "交代", "交待", "一下", "一声", "下"} {
		rest = strings.TrimPrefix(rest, w)
	}
	// The report is found first (it sets t.Text, which relayTo does not
	// read): words that report something are no errand.
	f := e.reporter(t, strings.TrimLeft(rest, "，,：: "))
	if err := relayTo(t, to, text, f == nil); err != nil {
		return true, err
	}
	if f != nil {
		return true, e.start(t, f)
	}
	return true, nil
}

// answered reports whether a flow asked before reports (an Answerer)
// takes t's message.
func (e *Engine) answered(t *Turn) bool {
	for _, f := range e.flows {
		if _, ok := f.(Answerer); !ok {
			continue
		}
		if a, ok := f.(Acceptor); ok && f.Allowed(t.Staff) && a.Accepts(t) {
			return true
		}
	}
	return false
}

// ownWordOfOther reports whether text begins with a long trigger word (a
// long one keeps its flow, as in acceptedOver) of a flow that is no
// Reporter.
func (e *Engine) ownWordOfOther(text string) bool {
	f, w := e.triggered(text)
	if f == nil || utf8.RuneCountInString(w) < 4 {
		return false
	}
	_, reports := f.(Reporter)
	return !reports
}

// leadingOrder is the one colleague text begins by telling something, and
// the words after them; to.ID is 0 when text does not begin so.
func leadingOrder(t *Turn, text string) (to Staff, rest string, err error) {
	if m := orderLeadRE.FindStringSubmatchIndex(text); m != nil {
		s, n, err := relayNamed(t, text[m[1]:])
		if err != nil || n == 0 {
			return Staff{}, "", err
		}
		cue := text[m[2]:m[3]]
		to, rest = s, text[m[1]+n:]
		if (cue == "跟" || cue == "和") && !relaySaidRE.MatchString(rest) {
			return Staff{}, "", nil // 和王老师一起去
		}
	} else {
		s, n, err := relayNamed(t, text)
		if err != nil || n == 0 || spokenOfRE.MatchString(text[n:]) || !addressedRE.MatchString(text[n:]) {
			return Staff{}, "", err
		}
		to, rest = s, text[n:]
	}
	if to.ID == t.Staff.ID || !relayInstruction(rest) {
		return Staff{}, "", nil
	}
	if _, one, err := relayedTo(t, text); err != nil || !one && namesOther(t, text, to) {
		return Staff{}, "", err // 让王师傅和孙师傅一起去看看: houqin would tell only one
	}
	return to, rest, nil
}

// reporter is the flow that reads text as a new report (Reporter), with
// t.Text set to text for it to start on; nil, and t.Text as it was, when
// none does.
func (e *Engine) reporter(t *Turn, text string) Flow {
	said := t.Text
	t.Text = text
	for _, f := range e.flows {
		if r, ok := f.(Reporter); ok && f.Allowed(t.Staff) && r.Reports(t) {
			return f
		}
	}
	t.Text = said
	return nil
}

// relayedTo is the one colleague text tells something: a cue word
// followed by a person (relayNamed) and more words; ok is false when no
// one is told so, or when another colleague is named after a cue too
// (让王师傅和孙师傅一起去看看: two, and houqin would tell only one).
func relayedTo(t *Turn, text string) (Staff, bool, error) {
	var to Staff
	named := map[int64]bool{}
	for _, m := range relayCueRE.FindAllStringIndex(text, -1) {
		cue, after := text[m[0]:m[1]], text[m[1]:]
		after = strings.TrimPrefix(strings.TrimPrefix(after, "一下"), "一声") // 通知一下周师傅
		s, n, err := relayNamed(t, after)
		if err != nil {
			return Staff{}, false, err
		}
		if n == 0 || s.ID == t.Staff.ID {
			continue
		}
		named[s.ID] = true
		rest := after[n:]
		if (cue == "跟" || cue == "和" || cue == "给") && !relaySaidRE.MatchString(rest) || !relayInstruction(rest) {
			continue
		}
		to = s
	}
	return to, to.ID != 0 && len(named) == 1, nil
}

// namesOther reports whether text names, after a cue word, a colleague
// other than to and the writer.
func namesOther(t *Turn, text string, to Staff) bool {
	for _, m := range relayCueRE.FindAllStringIndex(text, -1) {
		if s, n, err := relayNamed(t, text[m[1]:]); err == nil && n > 0 && s.ID != to.ID && s.ID != t.Staff.ID {
			return true
		}
	}
	return false
}

// relayInstruction reports whether the words after the person say what to
// do: two or more Han characters beyond 说一下, 一声.
func relayInstruction(rest string) bool {
	for _, w := range []string{"说", "讲", "交代", "交待", "一下", "一声", "下"} {
		rest = strings.TrimPrefix(rest, w)
	}
	n := 0
	for _, r := range rest {
		if unicode.Is(unicode.Han, r) {
			n++
		}
	}
	return n >= 2
}

// relayNamed finds the one active colleague the words begin with, and how
// many bytes name them: a whole name (钱阿姨, 陈建国), a surname with 老/小
// or a title (老郑, 陈主任, 周师傅), or a role word its one holder has
// (门卫). n is 0 when the words name no one person.
func relayNamed(t *Turn, after string) (Staff, int, error) {
	for _, rw := range relayRoleWords {
		if !strings.HasPrefix(after, rw.word) {
			continue
		}
		ss, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, rw.role)
		if err != nil || len(ss) != 1 {
			return Staff{}, 0, err
		}
		return ss[0], len(rw.word), nil
	}
	first, size := utf8.DecodeRuneInString(after)
	if !unicode.Is(unicode.Han, first) {
		return Staff{}, 0, nil
	}
	sur, lead := first, 0
	if first == '老' || first == '小' {
		sur, _ = utf8.DecodeRuneInString(after[size:])
		lead = size
	}
	ss, err := t.Tx.FindStaff(t.Ctx, t.School.ID, string(sur))
	if err != nil {
		return Staff{}, 0, err
	}
	// A whole name, the longest first: 王老师 before 王.
	var best Staff
	for _, s := range ss {
		if s.Active && s.Name != "" && strings.HasPrefix(after, s.Name) && len(s.Name) > len(best.Name) {
			best = s
		}
	}
	if best.ID != 0 {
		return best, len(best.Name), nil
	}
	// A surname with 老/小 before it or a title after it.
	name := after[:lead+utf8.RuneLen(sur)]
	title := ""
	if lead == 0 {
		for _, tt := range relayTitles {
			if strings.HasPrefix(after[len(name):], tt) {
				title = tt
				break
			}
		}
		if title == "" {
			return Staff{}, 0, nil
		}
	}
	var hit []Staff
	for _, s := range ss {
		if s.Active && strings.HasPrefix(s.Name, string(sur)) && (title != "师傅" && title != "工" || s.Has(RoleWorker)) {
			hit = append(hit, s)
		}
	}
	if len(hit) != 1 {
		return Staff{}, 0, nil
	}
	return hit[0], len(name) + len(title), nil
}

// NewestNotice is the newest personal notification queued to the writer
// since their last message (Conversations.NewestNotice), with its Kind
// and Ref: what words like 好的 谢谢 answer. ok is false when there is none,
// or when the transaction keeps no notices.
func (t *Turn) NewestNotice() (n Notice, ok bool, err error) {
	cv, isConv := t.Tx.(Conversations)
	if !isConv {
		return Notice{}, false, nil
	}
	return cv.NewestNotice(t.Ctx, t.Staff.ID, t.noticeMark)
}
