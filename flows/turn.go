package flows

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Turn is one step of a conversation: what came in, and what goes out.
type Turn struct {
	Ctx    context.Context
	Tx     Tx
	Now    time.Time
	School School
	Staff  Staff
	Msg    Message
	Text   string // the message text, cleaned (trimmed, full-width ASCII folded)
	// Resumed: the message was kept while its account was not bound yet
	// (KeptMessages) and is handled now, right after the binding.
	Resumed bool

	engine  *Engine
	flow    string
	state   string
	data    []byte
	replies []Reply

	carried *Location // the place a Handoff brought from the flow before

	offer      *Offer // the buttons a typed choice refers to (offer.go)
	notice     *Offer // a notification's, typed by label only
	staleOffer bool
	// noticeMark is the session's NoticeMark: the outbox position when
	// the writer last wrote (RelayReply reads what came since).
	noticeMark int64
	// shown is the session's last offer as it was kept, live or spent
	// (LastShown).
	shown Offer
	// buttonWords is the words typed after a button's number, which
	// typedChoice turned into the button's press (ButtonWords).
	buttonWords string
	// ownNotice is the buttons of the last notification with buttons this
	// turn queued to the writer (a job card to the 总务主任 who filed it):
	// it reaches them after the reply, so it is their next offer.
	ownNotice []Button
	// passed is set by Pass: the conversation's flow gave the message back.
	passed bool
	// reread is set by Reread: it gave back another text, and its replies
	// so far stand.
	reread bool
	// kept is the question a flow gave a message back from, with
	// PassKeeping: put again once the message is read.
	kept *keptQuestion
	// asked is the Answerer that answered the writer's previous message,
	// within FollowUpWindow; answered is the one that answers this one.
	asked, answered string
	// missed is the command whose number named none of the writer's items
	// in their previous message, within FollowUpWindow; missing is this
	// message's (ChooseItem).
	missed, missing string
	// memo is what flows' readers worked out from this turn's words
	// (Remember).
	memo map[any]any
}

// Remember returns f's result for key, computing it once per turn: a
// flow's hooks that read the same words in one turn (its Claim, then its
// Typed, on every message) share the reading instead of running their
// patterns twice. key must be comparable and hold everything f reads
// (the text, usually), and f must read nothing that the turn changes.
func Remember[T any](t *Turn, key any, f func() T) T {
	if v, ok := t.memo[key]; ok {
		return v.(T)
	}
	v := f()
	if t.memo == nil {
		t.memo = make(map[any]any, 4)
	}
	t.memo[key] = v
	return v
}

// FollowUpWindow is how long after a question was answered a short
// question may refer to it (「上个月的呢」 after the month's safety report):
// a few minutes, as people go on asking while reading the answer. Any
// other message in between ends it too.
const FollowUpWindow = 5 * time.Minute

// FollowsUp reports whether the writer's previous message, within
// FollowUpWindow, was a question the flow named (an Answerer) answered,
// so this one may refer to it (「上个月的呢」).
func (t *Turn) FollowsUp(flow string) bool { return flow != "" && t.asked == flow }

// LastShown returns the buttons of the last reply to the writer that
// carried any, live or spent (a which-one list the writer walked away
// from, then answered 「两个都接了」 later), and when they were shown; none
// once older than OfferLife.
func (t *Turn) LastShown() ([]Button, time.Time) {
	if len(t.shown.Buttons) == 0 || t.Now.Sub(t.shown.At) > OfferLife {
		return nil, time.Time{}
	}
	return t.shown.Buttons, t.shown.At
}

// Notified reports whether a personal notification with buttons reached
// the writer since their last message, while their conversation waits for
// an answer: the newest thing they saw is that notification, not the
// conversation's question.
func (t *Turn) Notified() bool { return t.notice != nil }

// Pass gives the message back from the conversation's flow, which it is
// not for (a new report typed where an optional comment was asked): the
// conversation ends without a word, and the engine reads the message as
// if none had been in progress. A flow calls it before saying anything.
func (t *Turn) Pass() { t.passed = true }

// PassKeeping gives the message back as Pass does, from a question that
// it leaves unanswered (the writer went on to something else, as user
// test 28's worker did between 「新情况还是新的报修？」 and his next job):
// the question is not lost without a word. Once the message is read, if
// it began no conversation of its own, the question is open again and is
// put after the answer, ask with its buttons, so that they are the ones a
// typed number picks; if it did begin one, the writer is told the
// question was left, in a line after the answer.
func (t *Turn) PassKeeping(ask string, buttons ...Button) {
	t.passed = true
	t.kept = &keptQuestion{flow: t.flow, state: t.state, data: t.data, ask: ask, buttons: buttons}
}

// keptQuestion is a question a flow gave a message back from
// (PassKeeping): where it was, and how to put it again.
type keptQuestion struct {
	flow, state string
	data        []byte
	ask         string
	buttons     []Button
}

// Reread gives the message back as text, as Pass does: the conversation
// ends without a word, and the engine reads text instead, as if it had
// been sent with no conversation in progress. A flow begun from a question
// it took for something to file rereads that question when the person
// says so (「我是问有没得 不是要报」 to a hazard report that
// 「最近有没有啥安全隐患没整改完的」 had begun), and the question is answered.
// What the flow said before it is kept, and comes first (that the report
// was dropped). A flow calls it only with a text that another flow reads,
// or the same conversation begins again.
func (t *Turn) Reread(text string) {
	t.passed, t.reread = true, true
	t.Text = text
}

// State is the flow's current state name.
func (t *Turn) State() string { return t.state }

// Say adds a reply to the writer.
func (t *Turn) Say(text string, buttons ...Button) {
	t.replies = append(t.replies, Reply{Text: text, Buttons: buttons})
}

// Notify queues a notification to someone else, in this transaction. A
// notification that names neither a person nor a group goes to the
// school's 总务主任 (every one of them): someone must always hear of it.
func (t *Turn) Notify(n Notification) error {
	if n.SchoolID == 0 {
		n.SchoolID = t.School.ID
	}
	if n.Origin == 0 {
		n.Origin = t.Staff.ID
	}
	if n.ToStaff == 0 && n.ToGroup == "" {
		return t.NotifyRoles([]Role{RoleHead}, n)
	}
	if n.ToStaff == t.Staff.ID && n.ToGroup == "" && len(n.Buttons) > 0 {
		t.ownNotice = n.Buttons
	}
	return t.Tx.Enqueue(t.Ctx, n, t.Now)
}

// Goto moves the flow to state, keeping data (any JSON-able value) for the next step.
func (t *Turn) Goto(state string, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("flow %s: state %s: %w", t.flow, state, err)
	}
	t.state, t.data = state, raw
	return nil
}

// Load reads the flow's data saved by Goto.
func (t *Turn) Load(v any) error {
	if len(t.data) == 0 {
		return nil
	}
	if err := json.Unmarshal(t.data, v); err != nil {
		return fmt.Errorf("flow %s: load %s: %w", t.flow, t.state, err)
	}
	return nil
}

// Flow is the name of the flow whose conversation is in progress ("" when
// none): an Aside answers only in other flows' conversations.
func (t *Turn) Flow() string { return t.flow }

// Done ends the flow.
func (t *Turn) Done() { t.reset() }

// Idle reports whether the writer is in no conversation (or only at the
// menu): words that answer a notification in a person's own way (收到,
// 可以) are read as such only then, never in the middle of a flow, whose
// questions they may answer.
func (t *Turn) Idle() bool { return t.flow == "" || t.flow == menuFlow }

// OfferPlace offers a scanned room to the conversation in progress (see
// PlaceTaker) and reports whether it took it.
func (t *Turn) OfferPlace(l Location) (bool, error) {
	if t.engine == nil || t.Idle() {
		return false, nil
	}
	if pt, ok := t.engine.flow(t.flow).(PlaceTaker); ok {
		return pt.TakePlace(t, l)
	}
	return false, nil
}

// Leave ends a conversation of another flow than name, telling the
// writer (「已退出「来访登记」。」), before something else begins: a scanned
// room's report replaces whatever was being asked.
func (t *Turn) Leave(name string) {
	if t.Idle() || t.flow == name {
		return
	}
	if t.engine != nil {
		t.Say("已退出「" + t.engine.title(t.flow) + "」。")
	}
	t.reset()
}

// Handoff ends the conversation in progress and starts another flow when
// the message is exactly one of that flow's trigger words: 「发现隐患」
// typed where a scanned room's report asked what is wrong. A flow calls it
// only where such a word cannot be an answer to its question. place, when
// not nil, is what the conversation knew of where, for the new flow to
// take (CarriedPlace). It reports whether it handed off.
func (t *Turn) Handoff(place *Location) (bool, error) {
	if t.engine == nil || t.Msg.Button != "" || t.Idle() {
		return false, nil
	}
	var to Flow
	for _, f := range t.engine.flows {
		if f.Name() != t.flow && IsWord(t.Text, f.Triggers()) {
			to = f
			break
		}
	}
	if to == nil || !to.Allowed(t.Staff) {
		return false, nil
	}
	t.Say("已退出「" + t.engine.title(t.flow) + "」，改为「" + to.Title() + "」。")
	t.reset()
	t.carried = place
	return true, t.engine.start(t, to)
}

// CarriedPlace is the place a Handoff brought from the conversation
// before (a scanned room), or nil.
func (t *Turn) CarriedPlace() *Location { return t.carried }

func (t *Turn) reset() { t.flow, t.state, t.data = "", "", nil }

// Link returns an absolute URL for a path on houqin's web server.
func (t *Turn) Link(path string) string {
	if t.engine == nil || t.engine.baseURL == "" {
		return ""
	}
	return strings.TrimRight(t.engine.baseURL, "/") + path
}

// Pick matches the message against offered buttons: a tapped button's data,
// its label typed, or its number typed, alone or with words after it (see
// PickWords). It returns the button's data.
func (t *Turn) Pick(buttons []Button) (string, bool) {
	data, _, ok := t.PickWords(buttons)
	return data, ok
}

// choiceWordsRE is a choice's number with words after it, apart from them
// by a space or a stop: 「1 管子里有空气」, 「2、不用修 关掉就行」.
var choiceWordsRE = rx.MustCompile(`^([1-9])(?:\s*[.．、,，:：;；]\s*|\s+)(\S.*)$`)

// PickWords is Pick, and the words typed after the number (numberWords),
// which the flow keeps as a remark on the choice: 「1 管子里有空气」 at 1（自然损坏）or
// 2（人为损坏） is 1, with 管子里有空气 (user test 28's N15 and N23 were
// asked again).
func (t *Turn) PickWords(buttons []Button) (data, words string, ok bool) {
	if data, ok := t.pick(buttons); ok || t.Msg.Button != "" {
		if ok && data == t.Msg.Button {
			words = t.buttonWords // typed for a notification's button
		}
		return data, words, ok
	}
	return numberWords(buttons, t.Text)
}

// ButtonWords is the words typed after a notification's button number
// (「2 后面还是凉的」 for 没修好), the button being pressed this turn
// (Msg.Button) with Text empty: an action that takes words reads them.
func (t *Turn) ButtonWords() string {
	if t.Msg.Button == "" {
		return ""
	}
	return t.buttonWords
}

// hanRE is a Chinese character.
var hanRE = rx.MustCompile(`\p{Han}`)

func (t *Turn) pick(buttons []Button) (string, bool) {
	if t.Msg.Button != "" {
		for _, b := range buttons {
			if b.Data == t.Msg.Button {
				return b.Data, true
			}
		}
		return "", false
	}
	for _, b := range buttons {
		if strings.EqualFold(t.Text, b.Label) {
			return b.Data, true
		}
	}
	if n, ok := parse.ParseChoice(t.Text, len(buttons)); ok {
		return buttons[n-1].Data, true
	}
	return "", false
}

// Numbered renders buttons as numbered lines, for a reply's text.
func Numbered(buttons []Button) string {
	var b strings.Builder
	for i, x := range buttons {
		if i > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, "%d. %s", i+1, x.Label)
	}
	return b.String()
}

// Begin switches the session to another flow (by name) at state, e.g. when
// a notification button needs a few more answers.
func (t *Turn) Begin(flow, state string, data any) error {
	t.flow = flow
	return t.Goto(state, data)
}

// Image returns the reference of the first image attached to the message.
func (t *Turn) Image() string {
	for _, m := range t.Msg.Media {
		if m.Kind == "image" {
			return m.Ref
		}
	}
	return ""
}

// When formats a time for chat relative to now, in the school's zone:
// 今天 21:00, 明天 07:30, 11月22日 10:05.
func (t *Turn) When(at time.Time) string {
	return FormatWhen(at, t.Now, t.School.Location())
}

// FormatWhen formats at relative to now in loc: 今天 21:00, 明天 07:30, 昨天 18:10, 11月22日 10:05.
//
// Near midnight a relative day is not obvious, and it is spelt as a date,
// 12月4日 07:30 (no weekday: the time often stands in brackets already,
// 「超过期限（12月4日 07:30）」): a text written from 22:00 on is
// often read after midnight, when its 明天 has become 今天 (user test 28's
// P3: 「明天 01:59 前」 written at 23:59 and read at 00:00); in the small
// hours (before 04:00) people still call the day that just ended 今天; and
// a time in the small hours of another day (明天 01:30) is easily taken
// for the night after.
func FormatWhen(at, now time.Time, loc *time.Location) string {
	a, n := at.In(loc), now.In(loc)
	clock := a.Format("15:04")
	if a.Hour() == 0 && a.Minute() == 0 {
		// The end of a day is that day's 24:00 (请在今天 24:00 前完成),
		// not the next day's 00:00, which reads as a day later.
		a, clock = a.Add(-time.Minute), "24:00"
	}
	day := func(x time.Time) time.Time { return time.Date(x.Year(), x.Month(), x.Day(), 0, 0, 0, 0, loc) }
	days := int(day(a).Sub(day(n)).Hours() / 24)
	if days < -1 || days > 1 || nearMidnight(n) || days != 0 && a.Hour() < SmallHoursEnd {
		return fmt.Sprintf("%d月%d日 %s", a.Month(), a.Day(), clock)
	}
	return [...]string{"昨天 ", "今天 ", "明天 "}[days+1] + clock
}

// SmallHoursEnd is the hour the small hours end: before it nobody cooks,
// and people still call the day that just ended 今天 (due times are
// written as dates, a meal said is the one just past).
const SmallHoursEnd = 4

// nearMidnight reports whether t (in the school's zone) is near enough to
// midnight that a relative day (今天, 明天) may be read on another day
// than it was written, or be taken for the day just ended.
func nearMidnight(t time.Time) bool { return t.Hour() >= 22 || t.Hour() < SmallHoursEnd }

// ExpiredButton is the answer to button data no actor understands.
const ExpiredButton = "这个按钮已经失效了。"

// StripTrigger removes the word that started a flow (报修, 留样 ...) and
// the punctuation after it, so the rest of the message can be read as the
// flow's first answer: 「报修：302灯不亮」 → 「302灯不亮」.
func StripTrigger(text string, triggers []string) string {
	for _, w := range triggers {
		if r, ok := strings.CutPrefix(text, w); ok {
			return strings.TrimLeft(r, " :：,，\n")
		}
	}
	return text
}

// NotifyRoles queues n once to every active staff member of the school who
// holds any of roles (someone holding two of them is told once).
func (t *Turn) NotifyRoles(roles []Role, n Notification) error {
	_, err := t.NotifyRolesExcept(roles, map[int64]bool{}, n)
	return err
}

// NotifyOthers is NotifyRoles except for the person writing, who knows
// already. It returns how many it told.
func (t *Turn) NotifyOthers(roles []Role, n Notification) (int, error) {
	return t.NotifyRolesExcept(roles, map[int64]bool{t.Staff.ID: true}, n)
}

// NotifyRolesExcept is NotifyRoles for everyone but the staff ids in
// told, who know already; it adds those it tells to told and returns how
// many they were.
func (t *Turn) NotifyRolesExcept(roles []Role, told map[int64]bool, n Notification) (int, error) {
	count := 0
	for _, role := range roles {
		ss, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, role)
		if err != nil {
			return count, err
		}
		for _, s := range ss {
			if told[s.ID] {
				continue
			}
			told[s.ID] = true
			n.ToStaff = s.ID
			if err := t.Notify(n); err != nil {
				return count, err
			}
			count++
		}
	}
	return count, nil
}
