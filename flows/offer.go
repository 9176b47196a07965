package flows

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Typed buttons. WeChat passive replies carry no buttons, so every button
// houqin offers must also work typed: by its number (「1」「第1个」「选1」
// 「①」, and 「5分」「5星」 for a score) or by its label (「完成」「5分」).
// The engine does this once for every flow and actor, before any of them
// reads the text, so a number typed where buttons were offered is a
// choice — never a weight, a temperature or a count.
//
// Where the offered buttons live:
//
//   - Reply buttons: after each message the engine stores, in the writer's
//     session (sessions.offer, migration 00016), the buttons of the last
//     reply of the turn that carried any, with the flow and state the
//     session was left in. An offer made inside a flow is live while the
//     session stays in that flow and state (a 「我的」 in between does not
//     spend it); an offer made outside any flow (a rating after 「修好了」,
//     [完成] after 「接单」) is live for OfferLife, until a reply without
//     buttons marks it spent.
//   - Notification buttons: the newest personal notification with buttons
//     queued to the person since their last message (Conversations.
//     LatestNotice, by outbox order) is the last thing they saw, so its
//     buttons are the live offer — but while a flow of theirs waits for an
//     answer, the flow's question keeps the numbers, and the notification's
//     buttons work by their labels (「复查通过」) and typed commands
//     (「接单 1」).
//
// A typed number in range, or a label, becomes exactly that button's data,
// as if it had been pressed (Turn.Msg.Button set, Turn.Text emptied), so
// the outcome is the pressed one by construction. A number out of range
// goes on to the flow when one is in progress (a weight under a
// 「按违规登记」 button is still a weight) and is refused politely outside
// one. A choice typed when the offer is spent or expired is refused with
// a clear answer instead of being read as something else.

// OfferLife is how long buttons offered outside any flow stay typable.
const OfferLife = 24 * time.Hour

// Offer is the set of buttons a person was last shown, kept in the session.
type Offer struct {
	Buttons []Button  `json:"buttons,omitempty"`
	At      time.Time `json:"at,omitzero"`
	Flow    string    `json:"flow,omitempty"`  // the session's flow when offered
	State   string    `json:"state,omitempty"` // and its state
	Spent   bool      `json:"spent,omitempty"` // a later reply offered nothing
	// Labels is set when the reply numbered something else in its text
	// (an inspection's items): its buttons are typed by label only.
	Labels bool `json:"labels,omitempty"`
	// Asked is the Answerer (a flow's name) that answered the person's
	// last message, at AskedAt: a follow-up question may refer to it
	// (Turn.FollowsUp).
	Asked   string    `json:"asked,omitempty"`
	AskedAt time.Time `json:"asked_at,omitzero"`
	// Missed is the command word (接单) of the person's last message, at
	// MissedAt, whose number named none of their items: 「打错了 是5」
	// next is that command with 5 (Turn.numberFixed).
	Missed   string    `json:"missed,omitempty"`
	MissedAt time.Time `json:"missed_at,omitzero"`
	// notice: the buttons are a notification's, come since the person's
	// last message (never stored: LatestNotice finds it each turn).
	notice bool
	title  string // the notice's Title (never stored, as notice)
}

// Notice is a personal notification with buttons, as LatestNotice finds it,
// or any personal notification, as NewestNotice finds it.
type Notice struct {
	Mark    int64 // its place in the outbox order
	At      time.Time
	Buttons []Button
	// Title is the first line of its text (NoticeTitle), said when words
	// after it are not understood, so that its numbers are not taken for
	// another item's (the guard's 「1. 离校」 did not say whose).
	Title string
	// Kind and Ref are the notification's (Conversations.NewestNotice
	// only): what it was about, e.g. a colleague's words passed on.
	Kind, Ref string
}

// NoticeTitle is the first line of a notification's text, clipped: what
// a Notice's Title holds (the store reads it by the same rule in SQL).
func NoticeTitle(text string) string {
	line, _, _ := strings.Cut(text, "\n")
	line = strings.TrimSpace(line)
	if utf8.RuneCountInString(line) > noticeTitleRunes {
		return Clip(line, noticeTitleRunes) + "…"
	}
	return line
}

// noticeTitleRunes bounds a Notice's Title.
const noticeTitleRunes = 60

// SayLabels is Say for a reply whose text numbers something other than
// its buttons (e.g. the items of a checklist): the buttons work typed by
// their labels, and typed numbers go to the flow.
func (t *Turn) SayLabels(text string, buttons ...Button) {
	t.replies = append(t.replies, Reply{Text: text, Buttons: buttons, LabelsOnly: true})
}

// nextOffer is the offer to keep after a turn that produced replies.
func nextOffer(prev Offer, replies []Reply, flow, state string, now time.Time) Offer {
	for i := len(replies) - 1; i >= 0; i-- {
		if len(replies[i].Buttons) > 0 {
			return Offer{Buttons: replies[i].Buttons, At: now, Flow: flow, State: state, Labels: replies[i].LabelsOnly}
		}
	}
	// A question still waiting in the same flow state keeps its buttons
	// (「我的」 asked in the middle of 留样 does not turn a typed 「1」 into a
	// weight); anything else has moved on.
	if len(prev.Buttons) > 0 && (prev.Flow == "" || prev.Flow != flow || prev.State != state) {
		prev.Spent = true
	}
	return prev
}

// liveOffer returns the buttons a typed choice refers to now: the live
// offer, a notification's buttons that work by label only (one came while
// a flow waits for an answer), and whether there is a stale offer a choice
// would have referred to.
func (e *Engine) liveOffer(ctx context.Context, tx EngineTx, t *Turn, sess Session) (live, notice *Offer, stale bool, err error) {
	idle := t.flow == "" || t.flow == menuFlow
	n, ok, err := tx.LatestNotice(ctx, t.Staff.ID, sess.NoticeMark)
	if err != nil {
		return nil, nil, false, err
	}
	if ok {
		switch {
		case t.Now.Sub(n.At) > OfferLife:
			stale = true
		case idle:
			return &Offer{Buttons: n.Buttons, At: n.At, notice: true, title: n.Title}, nil, false, nil
		default:
			notice = &Offer{Buttons: n.Buttons, At: n.At, Labels: true}
		}
	}
	o := sess.Offer
	if len(o.Buttons) == 0 {
		return nil, notice, stale, nil
	}
	switch {
	case o.Spent, o.Flow != t.flow, o.State != t.state, o.Flow == "" && t.Now.Sub(o.At) > OfferLife:
		return nil, notice, true, nil
	}
	return &o, notice, false, nil
}

// typedChoice turns a typed number or label that names a button of the
// live offer (or a label of a notice's) into that button's press. It
// reports handled=true when it answered the message itself (a stale or
// out-of-range choice).
func (e *Engine) typedChoice(t *Turn) (handled bool) {
	text := t.Text
	for _, o := range []*Offer{t.offer, t.notice} {
		if o == nil {
			continue
		}
		if data, ok := MatchButton(o.Buttons, text, o.Labels); ok {
			t.Msg.Button, t.Text = data, ""
			return false
		}
		if o.Flow != "" || o.Labels {
			continue // a flow's own buttons: it reads 「2 …」 itself (Turn.PickWords)
		}
		if data, words, ok := numberWords(o.Buttons, text); ok {
			// 2 后面还是凉的 at a notification's 确认修好/没修好: its
			// button, and the words for the action that takes them.
			t.Msg.Button, t.Text, t.buttonWords = data, "", words
			return false
		}
	}
	if t.flow != "" && t.flow != menuFlow {
		return false // a value for the flow, or the flow's own choice
	}
	if _, ok := choiceLike(text); !ok || scoreLike(text) {
		// 5分 that names no button is a score, not a choice out of range:
		// the repair flow reads it (a rating given before 验收, UT16 F30).
		return false
	}
	if live := t.offer; live != nil && !live.Labels {
		t.Say(fmt.Sprintf("请回复 1 到 %d 之间的数字，或直接回复选项的文字：\n%s", len(live.Buttons), Numbered(live.Buttons)), live.Buttons...)
		return true
	}
	if t.staleOffer {
		t.Say("刚才的选项已经失效了（已过期，或对话已经往下进行）。请发送「我的」查看待办事项，或发送「菜单」重新开始。")
		return true
	}
	return false
}

// MatchButton finds the button a typed text names: its label (ignoring
// case, spaces and final punctuation), or, unless labelsOnly, its number
// in any form parse.ParseChoice reads, or 「N分」「N星」 for the Nth.
func MatchButton(buttons []Button, text string, labelsOnly bool) (string, bool) {
	norm := func(s string) string {
		s = strings.ToLower(strings.ReplaceAll(parse.Normalize(s), " ", ""))
		return strings.TrimRight(s, "。.!！")
	}
	want := norm(text)
	if want == "" {
		return "", false
	}
	for _, b := range buttons {
		if norm(b.Label) == want {
			return b.Data, true
		}
	}
	if labelsOnly {
		return "", false
	}
	if n, ok := parse.ParseChoice(want, len(buttons)); ok {
		return buttons[n-1].Data, true
	}
	for _, suf := range []string{"分", "星", "颗星"} {
		if rest, ok := strings.CutSuffix(want, suf); ok {
			if n, ok := parse.ParseChoice(rest, len(buttons)); ok {
				return buttons[n-1].Data, true
			}
		}
	}
	return "", false
}

// numberWords reads a button's number with words after it, apart from
// them by a space or a stop (choiceWordsRE): the words must hold a Chinese
// character and begin with no other number (「1 2」 picks nothing).
func numberWords(buttons []Button, text string) (data, words string, ok bool) {
	m := choiceWordsRE.FindStringSubmatch(strings.TrimSpace(parse.Normalize(text)))
	if m == nil || !hanRE.MatchString(m[2]) || m[2][0] >= '0' && m[2][0] <= '9' {
		return "", "", false
	}
	n, ok := parse.ParseChoice(m[1], len(buttons))
	if !ok {
		return "", "", false
	}
	return buttons[n-1].Data, strings.TrimSpace(m[2]), true
}

// choiceLike reports a text that reads as a choice by number (1–99).
func choiceLike(text string) (int, bool) {
	t := strings.TrimSpace(text)
	for _, suf := range []string{"分", "星"} {
		t = strings.TrimSuffix(t, suf)
	}
	return parse.ParseChoice(t, 99)
}

// scoreLike reports whether text is a number with 分 or 星 after it: a
// score (5分, 四星), which choiceLike also reads as a choice.
func scoreLike(text string) bool {
	t := strings.TrimSpace(text)
	return strings.HasSuffix(t, "分") || strings.HasSuffix(t, "星")
}

// labelSepRE separates the words of a button's label that each name the
// choice: 批准外修或采购 is 批准外修 or 采购, 暂缓并说明原因 is 暂缓 and
// 说明原因, 需要维修（自动报修）.
var labelSepRE = rx.MustCompile(`[或并和及与、，,（）()/\s]`)

// labelNegRE is a word that turns what follows it in a label round (不需要
// 维修, 无照片): a typed word right after it names no choice of its own.
var labelNegRE = rx.MustCompile(`[不无没未非]$`)

// LabelWord finds the one button whose label has the typed word at one
// end of a part of it (批准外修或采购: 外修, 采购, 批准; 暂缓并说明原因:
// 暂缓, 说明原因), the word being at least two Chinese characters, with a
// trailing 吧 or 了 dropped. A word in two labels, or in one only after a
// negation (维修 in 不需要维修), picks nothing, so an ambiguous word is
// asked about again.
func LabelWord(buttons []Button, text string) (string, bool) {
	w := strings.TrimRight(strings.TrimSpace(parse.Normalize(text)), "。.!！")
	w = strings.TrimSuffix(strings.TrimSuffix(w, "吧"), "了")
	if utf8.RuneCountInString(w) < 2 || strings.IndexFunc(w, func(r rune) bool { return !unicode.Is(unicode.Han, r) }) >= 0 {
		return "", false
	}
	data, n := "", 0
	for _, b := range buttons {
		for _, part := range labelSepRE.Split(b.Label, -1) {
			i := strings.Index(part, w)
			if i < 0 || i > 0 && i+len(w) < len(part) || labelNegRE.MatchString(part[:i]) {
				continue
			}
			if data != b.Data {
				n++
			}
			data = b.Data
			break
		}
	}
	if n != 1 {
		return "", false
	}
	return data, true
}
