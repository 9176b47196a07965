package flows

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Flow is one conversation a person can have with houqin (报修, 来访登记 ...):
// a state machine whose named state and JSON data persist in the session
// between messages. A flow never calls a channel: it speaks through the
// Turn (replies to the writer, notifications to others via the outbox).
type Flow interface {
	// Name is the flow's stable key, stored in sessions.
	Name() string
	// Title is the flow's Chinese name in menus, e.g. 报修.
	Title() string
	// Allowed reports whether the staff member may start the flow.
	Allowed(s Staff) bool
	// Triggers are the words that start the flow.
	Triggers() []string
	// Start begins the flow; t.Text is the whole message that started it.
	Start(t *Turn) error
	// Step handles a message in state t.State().
	Step(t *Turn) error
}

// Acceptor is a Flow that can also start from free text with no trigger
// word, e.g. "302教室灯不亮" starts a repair report.
type Acceptor interface {
	Accepts(t *Turn) bool
}

// Seeder is a Flow that, chosen from the menu shown after a message no
// flow understood, may start from that message instead of asking for it
// again (user test 31's T4: 赵老师 described a fault in words houqin did not
// read, chose 「1」 报修, and was asked 「在哪里？」 as if she had said nothing).
type Seeder interface {
	// Seeds reports whether missed could be what the flow is for (a
	// repair's place or broken thing), so the flow starts from it.
	Seeds(t *Turn, missed string) bool
}

// Answerer is an Acceptor that only answers a question asked as a whole
// message (「这个月安全方面有啥问题没有」「今天学校后勤情况怎么样」), so
// its Accepts is narrow: the engine asks answerers before the other
// acceptors, which read almost any text as something to file. Without it,
// the order of the modules decided, and 报修 (registered first) had taken
// the safety question as a report and asked 在哪里.
type Answerer interface {
	Acceptor
	Answers()
}

// Aside is a Flow that answers a question in one message, keeping no
// state, even in the middle of another flow's conversation: 「今天早饭吃啥」
// asked while a repair report waits for its place is answered, and the
// report goes on where it was. Aside reports whether it answered. The
// engine asks it only while another flow's conversation is in progress
// (Turn.Flow names it) and never for a button, so it must take only what
// cannot be an answer there.
type Aside interface {
	Aside(t *Turn) (bool, error)
}

// NoticeYielder is a Flow whose conversation lasts (a round open at its
// remaining items) and yields to a notification that comes in the middle
// of it: words acting on the notification's item are taken for it, and
// the conversation goes on (Engine.noticeAside).
type NoticeYielder interface {
	YieldsToNotices() bool
}

// PlaceTaker is a Flow that can take a room from a scanned 扫码报修 code
// in the middle of its conversation: a hazard being described (发现隐患,
// or a check's item) takes the scanned room as its place instead of the
// scan starting a repair report. TakePlace reports whether it took it;
// when it did, it has answered and moved its conversation on.
type PlaceTaker interface {
	TakePlace(t *Turn, l Location) (bool, error)
}

// Actor handles buttons on notifications (e.g. a worker's 接单 on a job),
// which arrive outside any session. Button data is "prefix:verb:args".
type Actor interface {
	// Prefix is the button-data prefix the actor owns, e.g. "rp".
	Prefix() string
	// Act handles the button data. It must check that t.Staff may act.
	Act(t *Turn, data string) error
	// Typed turns a typed command into button data (接单 1 → "rp:take:7"),
	// because WeChat passive replies have no buttons. The numbers people
	// type are the numbers they were shown, never internal ids. When the
	// command is recognised but names no single item (no number and
	// several candidates, a stale or unknown number), Typed answers
	// itself with t.Say and returns ("", true).
	Typed(t *Turn, text string) (data string, ok bool)
}

// Lingerer is a flow with questions a person may leave unanswered (a
// comment after a rating): a conversation idle at one of them ends
// without telling the person, who finished what mattered.
type Lingerer interface {
	Optional(state string) bool
}

// Canceller is a flow that says itself what a bare 取消 leaves behind,
// where the engine's 「已取消「…」，没有保存任何内容。」 would mislead: 取消
// while a rectification waits for its photo saves nothing new, but the
// hazard stays open, and the person is best told so and how to come back.
// Cancelled is called with the conversation still loaded (t.State,
// t.Load) and answers with t.Say; the engine ends the conversation
// afterwards, whatever the flow did. It reports whether it answered; when
// it did not (a state with nothing particular to say), the engine says
// its own words.
type Canceller interface {
	Cancelled(t *Turn) (bool, error)
}

// Reasker is a Flow that can ask its pending question again: a lone 「？」
// typed while it waits for an answer is a person unsure what to answer,
// so the engine asks the flow to put its question again, politely, rather
// than showing the help text (「帮助」 still shows it). Reask reports
// whether it asked; when it did not, the help text is shown.
type Reasker interface {
	Reask(t *Turn) (bool, error)
}

// Miner contributes a section to 我的 (my open items); "" means nothing open.
type Miner interface {
	Mine(t *Turn) (string, error)
}

// Engine runs one step of a conversation per inbound message.
type Engine struct {
	store   Store
	now     func() time.Time
	log     *slog.Logger
	idle    time.Duration
	flows   []Flow
	actors  []Actor
	baseURL string
}

// EngineConfig configures an Engine.
type EngineConfig struct {
	Store       Store
	Now         func() time.Time // default time.Now; the demo injects a simulated clock
	Logger      *slog.Logger
	IdleTimeout time.Duration // a flow idle this long restarts politely; default 30 minutes
	PublicURL   string        // base of links in notifications
	Modules     []Module      // in order: the first flow to accept free text starts
}

// NewEngine returns an engine running the modules' flows. Flows that also
// implement Actor handle notification buttons.
func NewEngine(cfg EngineConfig) *Engine {
	e := &Engine{store: cfg.Store, now: cfg.Now, log: cfg.Logger, idle: cfg.IdleTimeout, flows: ModuleFlows(cfg.Modules), baseURL: cfg.PublicURL}
	if e.now == nil {
		e.now = time.Now
	}
	if e.log == nil {
		e.log = slog.New(slog.DiscardHandler)
	}
	if e.idle == 0 {
		e.idle = 30 * time.Minute
	}
	for _, f := range e.flows {
		if a, ok := f.(Actor); ok {
			e.actors = append(e.actors, a)
		}
	}
	return e
}

// Now is the engine's clock.
func (e *Engine) Now() time.Time { return e.now() }

// MaxTextRunes is the longest message houqin reads; longer ones are answered
// politely and otherwise ignored.
const MaxTextRunes = 2000

// ErrPanic wraps a panic recovered in a flow.
var ErrPanic = errors.New("flow panicked")

// Handle processes one inbound message in one transaction: the dedup key
// with its replies, the session, the domain rows and the outbox rows are
// committed together. A message whose DedupKey was seen before returns the
// replies stored then and changes nothing. On error nothing is written and
// the caller shows a generic apology.
func (e *Engine) Handle(ctx context.Context, msg Message) (replies []Reply, err error) {
	if msg.DedupKey == "" {
		return nil, fmt.Errorf("engine: message from %s has no dedup key", msg.Channel)
	}
	defer func() {
		if r := recover(); r != nil {
			e.log.Error("flow panic", "channel", msg.Channel, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			replies, err = nil, fmt.Errorf("engine: %w: %v", ErrPanic, r)
		}
	}()
	err = e.store.InTx(ctx, func(t Tx) error {
		tx, ok := t.(EngineTx)
		if !ok {
			return fmt.Errorf("engine: transaction %T keeps no conversations", t)
		}
		now := e.now()
		if x, ok := tx.(Expecter); ok {
			x.Expect(msg.Channel, msg.ExternalUser)
		}
		if x, ok := tx.(MineExpecter); ok && readsAsMine(msg) {
			x.ExpectMine(now)
		}
		if x, ok := tx.(AssentExpecter); ok && readsAsAssent(msg) {
			x.ExpectAssent()
		}
		if msg.Nonce != nil {
			x, ok := tx.(NonceClaimer)
			if !ok { // never skip the replay check
				return fmt.Errorf("engine: transaction %T cannot record callback nonces", t)
			}
			x.ExpectNonce(*msg.Nonce)
		}
		stored, dup, err := tx.ClaimInbound(ctx, msg.Channel, msg.DedupKey, now)
		if err != nil {
			return err
		}
		if dup {
			replies = stored
			return nil
		}
		replies, err = e.handle(ctx, tx, msg, now)
		if err != nil {
			return err
		}
		return tx.FinishInbound(ctx, msg.Channel, msg.DedupKey, replies)
	})
	if err != nil {
		return nil, err
	}
	return replies, nil
}

// readsAsMine reports whether msg is typed 「我的」 (one of wordsMine),
// which dispatch answers with mine before anything else of the turn
// writes; a button or a photo is not.
func readsAsMine(msg Message) bool {
	return msg.Button == "" && len(msg.Media) == 0 && asksMine(parse.Normalize(msg.Text))
}

// asksMine reports whether text asks for the writer's own list: 「我的」 and
// its words, or the question in a person's words (a worker's 「今天有什么活」
// 「还有几个没修」, anyone's 「我还有什么事」, a leader's 「今天有啥要我处理的吗」).
func asksMine(text string) bool {
	if loc := greetingLeadRE.FindStringIndex(text); loc != nil && loc[1] < len(text) {
		text = text[loc[1]:] // 早上好 今天有啥要处理的
	}
	return IsWord(text, wordsMine) || mineAskRE.MatchString(text)
}

// greetingLeadRE is a greeting before a question: 早上好 , 张校长好，.
var greetingLeadRE = rx.MustCompile(`^(?:(?:\p{Han}{1,3}(?:校长|主任|老师|师傅))?(?:早上好|上午好|下午好|晚上好|早安|你好|您好|早)|\p{Han}{1,3}(?:校长|主任|老师|师傅)好)[啊呀]?[\s,，。!！~]+`)

// mineAskRE is 「我的」 asked as a question: what is there (for me) to do
// (a worker opening the chat: 「我看看有啥活」, user test 27's K6),
// how many are not repaired yet (今天还有啥子要我拍板的事没得: the fifteenth
// user test's leader, in Sichuan words). Whole messages only: 「302有什么活动」 or a
// report that goes on after it is not.
var mineAskRE = rx.MustCompile(`^(?:请问|帮我看看|帮我查查|看看|查一下|查查|我(?:看看|看一下|瞧瞧|查查|问问))?(?:我)?(?:今天|今日|现在|目前|明天|手上|手头|最近){0,2}(?:还)?(?:有)(?:我的)?(?:什么|啥|哪些|几个|几件|多少|没有)(?:新的?)?(?:活儿?|任务|单子?|工单|事|事情|事项|要修的|没修的|要做的|待办)(?:要干|要做|要修|要处理|没做|没干)?(?:的)?(?:吗|呢|啊|呀|没有|没)?[？?。！!～~]*$` +
	// 我手上都有啥活 列一下 (the fourteenth user test's worker): what is in
	// his own hands, with a request to be told. (今儿都有啥事 给我捋一捋,
	// with no 我手上, asks about the day: the digest's.)
	`|^(?:请问|帮我看看|看看)?我(?:今天|今儿|现在|目前)?(?:手上|手头|手里)(?:现在)?(?:都|还)?有(?:什么|啥|哪些|几个|几件|多少)(?:活儿?|任务|单子?|工单|事|事情|事项|要修的|没修的|要做的|待办)(?:没(?:干|做|修|弄)完?|要(?:干|做|修))?(?:的)?(?:吗|呢|啊|呀|没有|没)?` + TellTail + `[？?。！!～~]*$` +
	// (我手上还有几个活没干完: the fifteenth user test's worker, asking.)
	// 我手上还有啥没弄完的 (user test 16's 陈主任): what is undone in his
	// hands, the jobs not named.
	`|^(?:请问|帮我看看|看看)?我(?:今天|今儿|现在|目前)?(?:手上|手头|手里)(?:现在)?(?:都|还)?有(?:什么|啥子?|哪些|几个|几件|多少)(?:还)?没(?:干|做|修|弄|办|处理)完?(?:的)?(?:吗|呢|啊|呀|没有|没)?` + TellTail + `[？?。！!～~]*$` +
	// 把我手上的活列一下, 我的活 列一下: the list asked for by name.
	`|^(?:请|麻烦)?(?:帮我|给我)?(?:把)?(?:我的|我手上的|我手头的|我手里的)(?:活儿?|任务|单子|工单|事情?|事项|待办)(?:都)?(?:有哪些|有啥|有什么)?` + TellTail + `[？?。！!～~]*$` +
	`|^(?:请问|帮我看看|看看)?(?:我)?(?:还)?有(?:几个|几件|多少|哪些|什么)(?:还)?(?:没修好?|没处理|没完成|没弄|要修|没验收)(?:的)?(?:吗|呢|啊)?[？?。！!]*$` +
	`|^(?:今天|今日|明天)?(?:我)?要(?:修|干|做)(?:什么|啥|哪些)(?:呢|啊)?[？?。！!]*$` +
	`|^(?:最近|今天|现在)?(?:还)?有(?:我的)(?:新的?)?(?:活儿?|任务|单子?|工单|事)(?:吗|没有?|呢)?[？?。！!]*$` +
	`|^(?:今天|现在|目前|最近)?(?:还)?有(?:什么|啥子?|哪些)(?:事|事情|事儿)?(?:要|需要|等着?)我?(?:处理|批|审批|决定|拍板|签字|办|做|管|过问|跟进|盯)的?(?:事|事情|事儿)?(?:吗|呢|没有?|没得|啊)?` + TellTail + `[？?。！!]*$`)

// TellTail is a request to be told that may follow a question: 「给我说个
// 大概」「汇总一下」「给我捋一哈」 (the thirteenth user test's 总务主任:
// 「今天有啥子事要我管的 给我捋一哈」). It adds nothing to what is asked.
//
// The fourteenth user test's leaders and worker asked the same ways:
// 「给我来个汇总」「给我汇报一下」「给我捋一捋」「列一下」.
const TellTail = `(?:[，,\s]*(?:请|麻烦)?(?:给我|跟我|帮我|和我|向我)?(?:汇总一下|汇总汇总|总结一下|汇报一下|汇报汇报|汇报下|说一下|说说|讲讲|讲一下|说个大概|讲个大概|说下大概|大概说一下|大概说说|简单说说|简单说一下|捋一下|捋一哈|捋捋|捋一捋|理一下|理一理|理理|列一下|列一列|列出来|列个单子|(?:来|做|出|整|弄)个(?:汇总|总结|小结))(?:吧|呢|啊|呀)?)?`

// readsAsAssent reports whether msg may answer a read-back with yes: a
// button, or a text that is its first choice (「1」) or a word of assent.
// It is a guess for the store (AssentExpecter), which costs only a read
// when wrong.
func readsAsAssent(msg Message) bool {
	if msg.Button != "" {
		return true
	}
	if len(msg.Media) > 0 {
		return false
	}
	text := parse.Normalize(msg.Text)
	return text == "1" || IsAssent(text)
}

// IsAssent reports whether text says yes to a read-back: a word of
// WordsAssent, or a few of them together (「对的 提交吧」「好的，确认」).
func IsAssent(text string) bool {
	if IsWord(text, WordsAssent) {
		return true
	}
	parts := strings.FieldsFunc(strings.TrimSpace(text), func(r rune) bool { return strings.ContainsRune(" ，,。.！!~、", r) })
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	for i, p := range parts {
		if IsWord(p, WordsAssent) || IsWord(strings.TrimRight(p, "吧啊呀哈了"), WordsAssent) {
			continue
		}
		// 确认 快点来啊: a yes first, then words that change nothing.
		if i == 0 || changeWordsRE.MatchString(p) {
			return false
		}
	}
	return true
}

// changeWordsRE marks words after a yes that may undo it: 确认，不对 是303.
var changeWordsRE = rx.MustCompile(`[不没别错改换]|等等|等一下|再说`)

// ClaimsNonces reports whether the engine records a message's callback
// nonce (Message.Nonce) in the message's transaction: true when its store
// does (NonceStore). A channel that gets false records nonces itself.
func (e *Engine) ClaimsNonces() bool {
	s, ok := e.store.(NonceStore)
	return ok && s.ClaimsNonces()
}

// The engine's words that the channel adapters also type for people: a
// menu's help button or a bare mention becomes WordHelp, a scanned binding
// QR code or Telegram's /start CODE becomes BindCommand(code).
const (
	WordHelp = "帮助"
	WordBind = "绑定"
)

// Universal words, recognised at any step.
var (
	wordsCancel = []string{"取消", "cancel", "退出", "算了", "算了取消", "取消吧", "算了吧", "不登记了", "不弄了", "不报了"}
	// cancelLeadRE is what may come before 取消 and still cancel: 不是 取消,
	// 不对 算了 — the question answered with no, then 取消; 算了 取消 (user
	// test 16's worker was asked his choice again).
	// 不报修 取消, 不用报修了 取消 (user test 34's T17, asked 在哪里 after a
	// question read as a report): no report, then 取消.
	cancelLeadRE = rx.MustCompile(`^(?:(?:算了|不是|不对|(?:不用|不要|不需要)(?:报修|报|修)了?|不报修了?|不修了?|不用了?|不要了?|错了|弄错了|搞错了|哦|噢|唉|哎|啊|嗯)[\s,，。.!！、]*)+`)
	// cancelTailRE is what may come after 取消 and still cancel: 取消，重新来
	// (the fifteenth user test's leader, asked again and again) — starting
	// over is the person's next message.
	// notThisCancelRE is something said not to be meant, then 取消: 不是报修
	// 取消, 不是新报修 取消, 不用登记了 算了 (user test 18's 总务主任, with
	// nothing open, was told 没看懂 and shown the menu). Inside a
	// conversation its flow reads it; with none it cancels nothing.
	notThisCancelRE = rx.MustCompile(`^(?:不是|不用|不要|没要)[^\s,，。.!！、]{1,8}[\s,，。.!！、]*(?:取消|算了)吧?[\s。.!！]*$`)
	cancelTailRE    = rx.MustCompile(`[\s,，。.!！、]*(?:我|我们)?(?:重新来|重来|重新开始|重新弄|重新录|重新记|重新登记|重新发|再来)(?:一[遍下次]|过)?(?:吧|啊)?[\s。.!！]*$`)
	wordsHelp       = []string{WordHelp, "help", "?", "？", "怎么用", "使用说明", "说明", "有什么功能", "能做什么",
		"你都能干啥", "你能干啥", "你能干什么", "你都能干什么", "能干啥", "你会什么", "你能做什么", "你是干什么的"}
	wordsMenu = []string{"菜单", "menu", "开始"}
	// helpClauseRE is a clause asking what houqin is or does: 这个东西怎么用啊,
	// 能干啥, 你是干嘛的 (user test 18's teacher, F82, was not understood).
	helpClauseRE = rx.MustCompile(`^(?:请问|那个|哎|诶)?(?:这个|这|你|这东西|这个东西|这玩意儿?|这个号|这个机器人|后勤助手)?(?:到底|都|究竟)?(?:怎么用|咋用|怎么使用|如何使用|能干啥|能干嘛|能干什么|能做什么|能做啥|能帮我?(?:做|干|办)?(?:什么|啥|些什么|哪些事)|会(?:什么|干啥)|有什么用|有啥用|有什么功能|有啥功能|是干啥的|是干嘛的|是干什么的|干啥的|(?:是)?干嘛用的|(?:是)?做什么用的)(?:的)?(?:啊|呀|呢|哇|吖)?$`)
	// helpGreetRE is a greeting said beside a help question: 你好 这个是干嘛用的？
	helpGreetRE = rx.MustCompile(`^(?:你好|您好|hi|hello|哈喽|嗨|在吗)(?:啊|呀)?$`)
	wordsMine   = []string{"我的", "mine", "我的事项", "我的报修", "我的任务", "我的工单", "我的单子", "我的待办", "待办", "我的活", "我的活儿", "待修", "我的待修", "我的进度", "查看我的", "看看我的"}
)

var helpSepRE = rx.MustCompile(`[\s，,。？?！!]+`)

// askedHelp reports whether every clause of text asks what houqin is or
// does (helpClauseRE), maybe beside a greeting: 这个东西怎么用啊 能干啥,
// 你好 这个是干嘛用的？, 你都能帮我做什么呀.
func askedHelp(text string) bool {
	n := 0
	for _, c := range helpSepRE.Split(strings.TrimSpace(text), -1) {
		if c == "" || helpGreetRE.MatchString(strings.ToLower(c)) {
			continue
		}
		if !helpClauseRE.MatchString(c) {
			return false
		}
		n++
	}
	return n > 0
}

// WordsAssent are the words that say yes to a read-back (请核对…), as a
// flow's confirmation reads them besides its first choice; with the same
// yes in the country's regional words (the fourteenth user test's gate
// guard's 「行 就这么地」, 「中」 and 「得嘞」 were asked again): 中 (河南),
// 得嘞 and 成 (北京), 就这么地 and 妥 (东北), 要得 and 对头 (四川).
var WordsAssent = []string{"好", "好的", "好滴", "好嘞", "是", "是的", "对", "对的", "没错", "正确", "无误", "确认无误", "确认", "确定", "提交", "提交吧", "可以", "行", "没问题", "嗯", "嗯嗯", "ok",
	"中", "得嘞", "成", "就这么地", "就这么着", "就这样", "妥", "妥了", "要得", "对头", "没毛病"}

var bindRE = rx.MustCompile(`^(?i:` + WordBind + `|bind)\s*[:：]?\s*([A-Za-z0-9]{4,16})$`)

// BindCommand is what a person types to bind their account with code, the
// text ParseBindCommand reads.
func BindCommand(code string) string { return WordBind + " " + code }

// ParseBindCommand reads 「绑定 CODE」 (also 「bind CODE」, 「绑定：CODE」):
// the code upper-cased, and ok=false for anything else.
func ParseBindCommand(text string) (code string, ok bool) {
	m := bindRE.FindStringSubmatch(text)
	if m == nil {
		return "", false
	}
	return strings.ToUpper(m[1]), true
}

func (e *Engine) handle(ctx context.Context, tx EngineTx, msg Message, now time.Time) ([]Reply, error) {
	text := parse.Normalize(msg.Text)
	if utf8.RuneCountInString(msg.Text) > MaxTextRunes {
		return []Reply{{Text: fmt.Sprintf("这条消息太长了（超过 %d 字），我没有处理。请简要描述，分几条发送也可以。", MaxTextRunes)}}, nil
	}
	staff, err := tx.StaffByIdentity(ctx, msg.Channel, msg.ExternalUser)
	if errors.Is(err, ErrNotFound) {
		return e.bind(ctx, tx, msg, text, now, Staff{})
	}
	if err != nil {
		return nil, err
	}
	if _, ok := ParseBindCommand(text); ok {
		return e.bind(ctx, tx, msg, text, now, staff)
	}
	school, err := tx.School(ctx, staff.SchoolID)
	if err != nil {
		return nil, err
	}
	sess, err := tx.Session(ctx, msg.Channel, msg.ExternalUser)
	if err != nil {
		return nil, err
	}
	if err := tx.TouchIdentity(ctx, msg.Channel, msg.ExternalUser, now); err != nil {
		return nil, err
	}
	t := &Turn{Ctx: ctx, Tx: tx, Now: now, School: school, Staff: staff, Msg: msg, Text: text, engine: e,
		flow: sess.Flow, state: sess.State, data: sess.Data, noticeMark: sess.NoticeMark}
	if t.flow != "" && now.Sub(sess.UpdatedAt) > e.idle {
		if l, ok := e.flow(t.flow).(Lingerer); !ok || !l.Optional(t.state) {
			t.Say("上次的对话已超过 " + fmtDuration(e.idle) + " 没有继续，已自动结束。")
		}
		t.reset()
	}
	if t.offer, t.notice, t.staleOffer, err = e.liveOffer(ctx, tx, t, sess); err != nil {
		return nil, err
	}
	t.shown = sess.Offer
	if a := sess.Offer; a.Asked != "" && now.Sub(a.AskedAt) <= FollowUpWindow {
		t.asked = a.Asked
	}
	if a := sess.Offer; a.Missed != "" && now.Sub(a.MissedAt) <= FollowUpWindow {
		t.missed = a.Missed
	}
	if err := e.dispatch(t); err != nil {
		return nil, err
	}
	kept := t.kept
	if kept != nil && t.Idle() {
		// The message given back began nothing of its own: the question
		// it left is open again (PassKeeping).
		t.flow, t.state, t.data = kept.flow, kept.state, kept.data
	}
	sess.Flow, sess.State, sess.Data, sess.UpdatedAt = t.flow, t.state, t.data, now
	replies := t.replies
	if t.ownNotice != nil {
		// The writer's own notification comes after the reply (and its
		// mark is past the session's, so LatestNotice will not offer it):
		// its buttons are what a typed 「1」 next means.
		replies = append(slices.Clip(replies), Reply{Buttons: t.ownNotice})
	}
	if kept != nil {
		// Put again last, after the answer and the writer's own
		// notification: its buttons are what a typed 「1」 next means.
		if t.flow == kept.flow && t.state == kept.state {
			r := Reply{Text: "还有刚才的问题：" + kept.ask, Buttons: kept.buttons}
			t.replies = append(t.replies, r)
			replies = append(slices.Clip(replies), r)
		} else {
			// Said first: the new conversation's question stays last, its
			// buttons the ones a typed number picks.
			r := Reply{Text: "刚才的问题还没有回答，已先放下；需要时请重新发送那句话。"}
			t.replies = append([]Reply{r}, t.replies...)
		}
	}
	sess.Offer = nextOffer(sess.Offer, replies, t.flow, t.state, now)
	sess.Offer.Asked, sess.Offer.AskedAt = t.answered, time.Time{}
	if t.answered != "" {
		sess.Offer.AskedAt = now
	}
	sess.Offer.Missed, sess.Offer.MissedAt = t.missing, time.Time{}
	if t.missing != "" {
		sess.Offer.MissedAt = now
	}
	if sess.Flow == "" {
		sess.State, sess.Data = "", nil
	}
	if err := tx.SaveSession(ctx, sess); err != nil {
		return nil, err
	}
	if len(t.replies) == 0 {
		t.Say("收到。")
	}
	return t.replies, nil
}

// saysCancel reports whether text is 取消 (wordsCancel), alone or after a
// no: 「不是 取消」 at any question cancels, as the help says 取消 does.
func saysCancel(text string) bool {
	if IsWord(text, wordsCancel) {
		return true
	}
	rest := cancelTailRE.ReplaceAllString(cancelLeadRE.ReplaceAllString(strings.TrimSpace(text), ""), "")
	return rest != text && rest != "" && IsWord(rest, wordsCancel)
}

// nothingToCancel answers 取消 when nothing is under way: none, or only
// the menu shown.
const nothingToCancel = "现在没有进行中的事情，不需要取消。需要办事时发送「菜单」。"

func (e *Engine) dispatch(t *Turn) error {
	// A button typed by its number or label is that button (offer.go),
	// even when its label is a universal word (a flow's own 「取消」).
	// A photo with its text is a flow's answer (「1」 with the photo of
	// the repair): buttons are pressed without media. In no conversation
	// the photo goes with the button pressed (the sixteenth user test's
	// 「[图片] 1」 to a 【隐患整改】's [1 整改完成] got 没看懂 and the menu):
	// the actor reads it as the button's photo.
	if t.Msg.Button == "" && (len(t.Msg.Media) == 0 || t.Idle()) && e.typedChoice(t) {
		return nil
	}
	text := t.Text
	switch {
	case t.Msg.Button == "" && (saysCancel(text) || t.flow == "" && notThisCancelRE.MatchString(strings.TrimSpace(text))):
		if t.flow == "" {
			t.Say(nothingToCancel)
			return nil
		}
		if t.flow == menuFlow {
			// The menu shown, nothing chosen: nothing is under way, and
			// 「已取消「菜单」，没有保存任何内容。」 read as if something were.
			t.reset()
			t.Say(nothingToCancel)
			return nil
		}
		title := e.title(t.flow)
		said := false
		if c, ok := e.flow(t.flow).(Canceller); ok {
			var err error
			if said, err = c.Cancelled(t); err != nil {
				return err
			}
		}
		t.reset()
		if !said {
			t.Say("已取消「" + title + "」，没有保存任何内容。")
		}
		return nil
	case t.Msg.Button == "" && (IsWord(text, wordsHelp) || askedHelp(text)):
		if f, ok := e.flow(t.flow).(Reasker); ok && loneQuestionMark(text) {
			if asked, err := f.Reask(t); asked || err != nil {
				return err
			}
		}
		t.Say(e.helpText(t))
		return nil
	case t.Msg.Button == "" && IsWord(text, wordsMenu):
		if t.flow != "" && t.flow != menuFlow {
			t.Say("已退出「" + e.title(t.flow) + "」。")
		}
		e.showMenu(t)
		return nil
	case t.Msg.Button == "" && asksMine(text):
		if err := e.mine(t); err != nil {
			return err
		}
		e.stillOpen(t)
		return nil
	}
	// A leader's errand passed on to a worker in words (errand.go): his
	// yes to it, his words that it is done, and a leader's question after
	// it are the errand's before a repair job's.
	if replied, err := e.errandReply(t, text); replied || err != nil {
		return err
	}
	if closed, err := e.errandDone(t, text, false); closed || err != nil {
		if closed && t.flow == menuFlow {
			t.reset()
		}
		return err
	}
	text = t.Text // the clauses of no errand: 302门牌也粘上了
	if told, err := e.errandWord(t, text); told || err != nil {
		if told && t.flow == menuFlow {
			t.reset()
		}
		return err // 撒了两袋 明早再去看看: how the errand goes (errand.go)
	}
	if asked, err := e.errandAsked(t, text); asked || err != nil {
		if asked && t.flow == menuFlow {
			t.reset()
		}
		return err
	}
	if fixed, ok := t.numberFixed(text); ok {
		// 哦打错了 是5 right after 「接单 55」 found nothing (user test 33's
		// T22): the same command with the number meant.
		text, t.Text = fixed, fixed
	}
	// A notification button (or its typed form) acts on an item, whatever
	// the session is doing.
	if data := t.Msg.Button; data != "" {
		if a := e.actor(data); a != nil {
			return a.Act(t, data)
		}
	} else if acted, err := e.typed(t, text); acted || err != nil {
		return err
	}
	if t.flow == menuFlow {
		var md menuData
		if len(t.data) > 0 {
			_ = json.Unmarshal(t.data, &md) // an old session's menu kept nothing
		}
		t.reset()
		f, handled := e.menuChoice(t)
		if f == nil && !handled && md.Missed != "" {
			f = e.menuWord(t) // 报修, typed for its button
		}
		if f != nil {
			if s, ok := f.(Seeder); ok && md.Missed != "" && f.Allowed(t.Staff) && s.Seeds(t, md.Missed) {
				// The words not understood, then 报修 chosen: the report
				// is those words, read as if they had followed 报修.
				t.Text = f.Triggers()[0] + " " + md.Missed
			}
			return e.start(t, f)
		}
		if handled {
			return nil
		}
	}
	if t.flow != "" {
		f := e.flow(t.flow)
		if f == nil { // the flow was removed in an upgrade
			t.reset()
			t.Say("刚才的对话已失效，请重新开始。")
			e.showMenu(t)
			return nil
		}
		if acted, err := e.noticeAside(t, text); acted || err != nil {
			return err
		}
		if answered, err := e.aside(t); answered || err != nil {
			return err
		}
		if closed, err := e.errandDone(t, text, true); closed || err != nil {
			return err // 礼堂椅子50把摆好了 while 完成 asks its cause (errand.go)
		}
		if err := f.Step(t); err != nil || !t.passed {
			return err
		}
		// The flow gave the message back (Turn.Pass), or another text
		// (Turn.Reread): it is read below as if no conversation had been
		// in progress.
		reread := t.reread
		if !reread {
			t.replies = nil
		}
		t.passed, t.reread = false, false
		t.reset()
		text = t.Text
		if t.Msg.Button == "" {
			// The actors read the words again, the writer now in no
			// conversation: the words meant instead may be a typed command
			// or an answer to a notification (啥维修啊 我说的是让家长进来: a
			// host's yes to a visitor's card), and words of an item's step
			// are taken only then (the fifteenth user test's guard's
			// 「东门路灯我去看了 亮起的没问题」, his re-check, given back by a
			// repair's comment question, had become a new report).
			if acted, err := e.typed(t, text); acted || err != nil {
				return err
			}
		}
	}
	if ordered, err := e.leaderOrder(t, text); ordered || err != nil {
		// 跟钱阿姨说明天陪餐我去: a leader's words to a colleague are
		// theirs before a flow's (relay.go).
		return err
	}
	if f := e.howTo(text); f != nil && f.Allowed(t.Staff) {
		// 怎么报修, 报修怎么弄: how, not a report whose problem is 怎么弄.
		t.Say(e.usage(f))
		return nil
	}
	if f, w := e.triggered(text); f != nil {
		if a := e.acceptedOver(t, f, w); a != nil {
			return e.start(t, a)
		}
		return e.start(t, f)
	}
	for _, answers := range []bool{true, false} {
		if !answers {
			// 转告总务处 302考场还差两张桌子: words someone asks to be
			// passed on are the colleague's before a flow files them
			// (relay.go).
			if relayed, err := e.staffAsked(t, text); relayed || err != nil {
				return err
			}
		}
		for _, f := range e.flows {
			if _, ok := f.(Answerer); ok != answers {
				continue
			}
			if a, ok := f.(Acceptor); ok && f.Allowed(t.Staff) && a.Accepts(t) {
				return e.start(t, f)
			}
		}
	}
	if t.Msg.Button != "" {
		t.Say("这个按钮已经失效了。发送「菜单」重新开始。")
		return nil
	}
	if IsAck(text) {
		if relayed, err := RelayReply(t, text); relayed || err != nil {
			// 收到 to a colleague's words passed on: theirs to hear.
			return err
		}
		// 好的 to a notice: it was read; no menu, no 没看懂.
		t.Say("好的。")
		return nil
	}
	if relayed, err := e.leaderRelay(t, text); relayed || err != nil {
		// 我让陈主任下去接一下: a leader's words to a colleague no flow
		// read are passed on to that colleague (relay.go).
		return err
	}
	if relayed, err := staffRelay(t, text); relayed || err != nil {
		// 跟陈主任说一下 302考场还差两张桌子: anyone else's words for a
		// colleague they name are passed on as their 留言 (relay.go).
		return err
	}
	if relayed, err := addressedRelay(t, text); relayed || err != nil {
		// 李老师麻烦过来开下301的门 我在门口等着呢: words said to a
		// colleague by name are passed on to them (relay.go).
		return err
	}
	if whatsUpRE.MatchString(text) {
		return e.mine(t) // 咋了: what waits for them (whatsup.go)
	}
	if relayed, err := RelayReply(t, text); relayed || err != nil {
		// 好的 明天一早就搬: an answer to a colleague's words passed on
		// goes back to them (relay.go).
		return err
	}
	if o := t.offer; o != nil && o.notice && !o.Labels {
		// The words came right after a notification with buttons and may
		// answer it (the tenth user test's host refusing a visitor in
		// words): its buttons, not the menu's, keep the numbers, so a 「2」
		// next is its second button.
		about := ""
		if o.title != "" {
			about = "（" + o.title + "）"
		}
		t.Say("抱歉，我没有看懂这句话"+photoNotKept(t)+"。如果是回复刚才的通知"+about+"，请回复数字或选项的文字：\n"+Numbered(o.Buttons)+"\n要办其他事，请发送「菜单」。", o.Buttons...)
		return nil
	}
	t.Say("抱歉，我没有看懂这句话" + photoNotKept(t) + "。")
	e.showMenu(t)
	if missed := strings.TrimSpace(text); t.Msg.Button == "" && missed != "" && !longNumberRE.MatchString(missed) && e.seeded(t, missed) {
		// Kept for a flow chosen next from the menu (Seeder), only when
		// one of the writer's flows could start from it, and never when
		// it holds a long number: the session row is kept until the next
		// message or a day idle, and an ID number typed in words houqin
		// did not read must not sit there in plain text (visit drafts
		// hold only sealed numbers for the same reason).
		if raw, err := json.Marshal(menuData{Missed: Clip(missed, 300)}); err == nil {
			t.data = raw
		}
	}
	return nil
}

// longNumberRE is a run of digits as long as an ID number's, a bank
// card's or a passport's body (or grouped as people type them): never
// kept in a session for a later choice.
var longNumberRE = rx.MustCompile(`(?:\d[\s-]?){8,}`)

// seeded reports whether one of the flows t's writer may start could
// start from missed (Seeder).
func (e *Engine) seeded(t *Turn, missed string) bool {
	for _, f := range e.allowed(t.Staff) {
		if s, ok := f.(Seeder); ok && s.Seeds(t, missed) {
			return true
		}
	}
	return false
}

// menuData is what the menu keeps while it waits for a choice: the words
// just not understood, which the flow chosen may start from (Seeder).
type menuData struct {
	Missed string `json:"missed,omitempty"`
}

// menuWord is the flow of the menu whose trigger word or title t's text
// is alone (报修), or nil.
func (e *Engine) menuWord(t *Turn) Flow {
	if t.Msg.Button != "" {
		return nil
	}
	for _, f := range e.allowed(t.Staff) {
		if IsWord(t.Text, append(slices.Clone(f.Triggers()), f.Title())) {
			return f
		}
	}
	return nil
}

// typed lets the actors read text as a typed command or an answer to a
// notification (Actor.Typed), and acts on it; it reports whether one took
// it.
func (e *Engine) typed(t *Turn, text string) (bool, error) {
	actors, asked := e.claimed(t, text)
	if asked {
		return true, nil
	}
	for _, a := range actors {
		if data, ok := a.Typed(t, text); ok {
			if data == "" { // the actor answered: candidates, or a stale number
				return true, nil
			}
			return true, a.Act(t, data)
		}
	}
	return false, nil
}

// photoNotKept is what 「没有看懂」 adds when the message came with a photo
// (the twelfth user test's 「[图片] 完成 5 加了斜撑」 lost its photo
// silently): the photo was not kept either, and may be sent again.
func photoNotKept(t *Turn) string {
	if t.Image() == "" {
		return ""
	}
	return "，随消息发来的照片也没有保存，办理时请再发一次"
}

// noticeAside takes words acting on the item of a notification with
// buttons that reached the writer since their last message, in the middle
// of a conversation (see Turn.Notified): the newest thing they saw is the
// notification, not the conversation's question. The actors read the
// words as with no conversation in progress; only an action on one of the
// notification's own items is taken (a leader's round, open at its
// remaining items, took 「去看了 纸箱是清了 灭火器还是旧的 根本没换」 for a
// wrong answer to the round and the 【请复查】 it answered was never
// recorded: user test 18's N17). What an actor said while reading words
// it did not act on is dropped. The conversation then goes on where it
// was, its question asked again, unless the action began one of its own.
// Only a NoticeYielder's conversation is read so: others end at a
// notification in their own way (the repair's optional comment is
// dropped).
func (e *Engine) noticeAside(t *Turn, text string) (bool, error) {
	if t.notice == nil || t.Msg.Button != "" || t.Idle() || text == "" {
		return false, nil
	}
	if y, ok := e.flow(t.flow).(NoticeYielder); !ok || !y.YieldsToNotices() {
		return false, nil
	}
	flow, state, data, offer := t.flow, t.state, t.data, t.offer
	said := len(t.replies)
	t.flow = ""
	for _, a := range e.actors {
		act, ok := a.Typed(t, text)
		if !ok || act == "" || !actsOnNotice(act, t.notice) {
			t.replies = t.replies[:said]
			continue
		}
		if err := a.Act(t, act); err != nil {
			return true, err
		}
		if t.flow == "" {
			t.flow, t.state, t.data = flow, state, data
			title := e.title(flow)
			if offer != nil && len(offer.Buttons) > 0 {
				if offer.Labels {
					t.SayLabels("「"+title+"」还没有做完，请接着回复。", offer.Buttons...)
				} else {
					t.Say("「"+title+"」还没有做完，请接着回复：\n"+Numbered(offer.Buttons), offer.Buttons...)
				}
			} else {
				t.Say("「" + title + "」还没有做完，请接着回复。")
			}
		}
		return true, nil
	}
	t.flow, t.replies = flow, t.replies[:said]
	return false, nil
}

// actsOnNotice reports whether an action's data acts on the item of one
// of the notification's buttons (the same actor and item).
func actsOnNotice(data string, n *Offer) bool {
	a, ok := ParseAction(data)
	if !ok {
		return false
	}
	for _, b := range n.Buttons {
		if nb, ok := ParseAction(b.Data); ok && nb.Prefix == a.Prefix && nb.ID == a.ID {
			return true
		}
	}
	return false
}

// aside lets another flow (an Aside) answer a question asked in the
// middle of a conversation, which then goes on; it reports whether one did.
func (e *Engine) aside(t *Turn) (bool, error) {
	if t.Msg.Button != "" || t.Idle() {
		return false, nil
	}
	for _, g := range e.flows {
		a, ok := g.(Aside)
		if !ok || g.Name() == t.flow || !g.Allowed(t.Staff) {
			continue
		}
		answered, err := a.Aside(t)
		if err != nil || !answered {
			if err != nil {
				return false, err
			}
			continue
		}
		e.stillOpen(t)
		return true, nil
	}
	return false, nil
}

// stillOpen tells the writer, after answering something else, that the
// conversation in progress is still waiting for them.
func (e *Engine) stillOpen(t *Turn) {
	if !t.Idle() {
		t.Say("（「" + e.title(t.flow) + "」还没有完成，可以接着回复，或发送「取消」。）")
	}
}

// triggered returns the flow named by a trigger word at the start of
// text, and the word. The longest matching word wins, so 「访客名单」 opens
// the list of visitors rather than 来访登记 by its shorter 「访客」; between
// words of the same length, the earlier flow wins.
func (e *Engine) triggered(text string) (Flow, string) {
	var best Flow
	var word string
	for _, f := range e.flows {
		for _, w := range f.Triggers() {
			if len(w) > len(word) && strings.HasPrefix(text, w) {
				best, word = f, w
			}
		}
	}
	return best, word
}

// acceptedOver returns another flow that accepts text (an Acceptor) when
// the trigger word w of f only begins a longer word of the sentence:
// 「来访人员把门撞坏了」「巡查时发现302灯不亮」「留样冰箱坏了」 are repair
// reports, not 来访登记, 巡查 or 留样. A short trigger (under four
// characters) followed at once by a Chinese character is such a case when
// a flow accepts the whole text; a trigger said as a word of its own
// (「留样 午餐」「隐患：插线板烧黑了」) or a long one (「发现隐患插线板烧黑了」)
// keeps its flow.
func (e *Engine) acceptedOver(t *Turn, f Flow, w string) Flow {
	if utf8.RuneCountInString(w) >= 4 {
		return nil
	}
	next, _ := utf8.DecodeRuneInString(t.Text[len(w):])
	if !unicode.Is(unicode.Han, next) {
		return nil
	}
	for _, answers := range []bool{true, false} {
		// Answerers first, as for a message with no trigger (Handle): 「巡查
		// 完了 都挺好 就是…」 is the round told done (user test 31's T45),
		// which the repair report, registered first, had taken.
		for _, g := range e.flows {
			if _, ok := g.(Answerer); ok != answers {
				continue
			}
			if a, ok := g.(Acceptor); ok && g.Name() != f.Name() && g.Allowed(t.Staff) && a.Accepts(t) {
				return g
			}
		}
	}
	return nil
}

func (e *Engine) start(t *Turn, f Flow) error {
	if !f.Allowed(t.Staff) {
		t.reset()
		t.Say(fmt.Sprintf("「%s」只对%s开放，你的身份是%s。如有疑问请联系总务处。", f.Title(), allowedRoles(f), RoleLabels(t.Staff.Roles)))
		return nil
	}
	if _, ok := f.(Answerer); ok {
		t.answered = f.Name() // a follow-up may refer to it (FollowsUp)
	}
	t.flow, t.state, t.data = f.Name(), "", nil
	return f.Start(t)
}

// allowedRoles names, in Chinese, the roles that may start f.
func allowedRoles(f Flow) string {
	var names []string
	for _, r := range Roles {
		if f.Allowed(Staff{Roles: []Role{r}}) {
			names = append(names, r.Label())
		}
	}
	return strings.Join(names, "、")
}

// The menu is the engine's own pseudo-flow: its session flow name, and its
// buttons' data "menu:FLOW" (or "menu:mine" for 我的事项).
const (
	menuFlow   = "menu"
	menuPrefix = menuFlow + ":"
	menuMine   = "mine"
)

func (e *Engine) allowed(s Staff) []Flow {
	var out []Flow
	for _, f := range e.flows {
		if f.Allowed(s) && len(f.Triggers()) > 0 {
			out = append(out, f)
		}
	}
	return out
}

func (e *Engine) showMenu(t *Turn) {
	fs := e.allowed(t.Staff)
	var b strings.Builder
	fmt.Fprintf(&b, "%s，你好！请选择要办的事（回复数字或文字）：", t.Staff.Name)
	var buttons []Button
	for i, f := range fs {
		fmt.Fprintf(&b, "\n%d. %s", i+1, f.Title())
		buttons = append(buttons, Button{Label: f.Title(), Data: menuPrefix + f.Name()})
	}
	fmt.Fprintf(&b, "\n%d. 我的事项", len(fs)+1)
	buttons = append(buttons, Button{Label: "我的事项", Data: menuPrefix + menuMine})
	t.Say(b.String(), buttons...)
	t.flow, t.state, t.data = menuFlow, "", nil
}

// ShowMenu answers with the menu, for a flow that took a message only to
// greet back (你好). A turn without an engine (a job's) says nothing.
func (t *Turn) ShowMenu() {
	if t.engine != nil {
		t.engine.showMenu(t)
	}
}

func (e *Engine) menuChoice(t *Turn) (f Flow, handled bool) {
	fs := e.allowed(t.Staff)
	pick := -1
	if d, ok := strings.CutPrefix(t.Msg.Button, menuPrefix); ok {
		for i, f := range fs {
			if f.Name() == d {
				pick = i
			}
		}
		if d == menuMine {
			pick = len(fs)
		}
	} else if n, ok := parse.ParseChoice(t.Text, len(fs)+1); ok {
		pick = n - 1
	}
	if pick == len(fs) {
		if err := e.mine(t); err != nil {
			t.Say("暂时查不到你的事项，请稍后再试。")
		}
		return nil, true
	}
	if pick >= 0 {
		return fs[pick], true
	}
	return nil, false
}

func (e *Engine) mine(t *Turn) error {
	var parts []string
	for _, f := range e.flows {
		m, ok := f.(Miner)
		if !ok {
			continue
		}
		s, err := m.Mine(t)
		if err != nil {
			return err
		}
		if s != "" {
			parts = append(parts, s)
		}
	}
	if s, err := mineErrands(t); err != nil {
		return err
	} else if s != "" {
		parts = append(parts, s)
	}
	if len(parts) == 0 {
		t.Say("你目前没有进行中的事项。")
		return nil
	}
	t.Say(strings.Join(parts, "\n\n"))
	return nil
}

// howToRE asks how to do something: 怎么报修, 报修怎么弄, 如何留样？
var howToRE = rx.MustCompile(`^(?:请问)?(?:怎么|怎样|如何|咋)(\S{2,6}?)(?:啊|呀|呢|的)?[？?]?$|^(?:请问)?(\S{2,6}?)(?:要)?(?:怎么|怎样|如何|咋)(?:弄|办|用|操作|做|搞|发)(?:啊|呀|呢)?[？?]?$`)

// howTo returns the flow a how-to question names by one of its words.
func (e *Engine) howTo(text string) Flow {
	m := howToRE.FindStringSubmatch(text)
	if m == nil {
		return nil
	}
	w := m[1] + m[2]
	for _, f := range e.flows {
		if slices.Contains(f.Triggers(), w) || f.Title() == w {
			return f
		}
	}
	return nil
}

// usage tells how to use f, as the help text does.
func (e *Engine) usage(f Flow) string {
	s := fmt.Sprintf("%s：发送「%s」", f.Title(), f.Triggers()[0])
	if h, ok := f.(interface{ Hint() string }); ok {
		s += "，" + h.Hint()
	}
	return s + "。发送「帮助」可以看到全部功能。"
}

// loneQuestionMark reports whether text is only question marks: 「？」,
// 「??」.
func loneQuestionMark(text string) bool {
	text = strings.TrimSpace(text)
	return text != "" && strings.Trim(text, "?？ ") == ""
}

func (e *Engine) helpText(t *Turn) string {
	var b strings.Builder
	b.WriteString("houqin 后勤助手，可以直接发消息办事：")
	for _, f := range e.allowed(t.Staff) {
		fmt.Fprintf(&b, "\n· %s：发送「%s」", f.Title(), f.Triggers()[0])
		if h, ok := f.(interface{ Hint() string }); ok {
			b.WriteString("，" + h.Hint())
		}
	}
	b.WriteString("\n· 我的：查看我的进行中事项")
	b.WriteString("\n任何时候发送「取消」可以放弃当前操作，发送「菜单」回到开始。")
	if t.flow != "" && t.flow != menuFlow {
		b.WriteString("\n\n你正在进行「" + e.title(t.flow) + "」。")
	}
	return b.String()
}

func (e *Engine) flow(name string) Flow {
	for _, f := range e.flows {
		if f.Name() == name {
			return f
		}
	}
	return nil
}

func (e *Engine) title(name string) string {
	if f := e.flow(name); f != nil {
		return f.Title()
	}
	return "菜单"
}

func (e *Engine) actor(data string) Actor {
	prefix, _, _ := strings.Cut(data, ":")
	for _, a := range e.actors {
		if a.Prefix() == prefix {
			return a
		}
	}
	return nil
}

func fmtDuration(d time.Duration) string {
	switch {
	case d >= time.Hour && d%time.Hour == 0:
		return strconv.Itoa(int(d/time.Hour)) + " 小时"
	case d >= time.Minute:
		return strconv.Itoa(int(d/time.Minute)) + " 分钟"
	}
	return d.String()
}
