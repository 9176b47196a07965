package repair

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/lexicon"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// followUp is the follow-up questions of a notification button: 完成
// asks the cause of the damage, 修不好 asks what is needed and why, 转派
// and 改派 ask to whom, 处理 asks the leader's decision, 没修好 asks what
// is still wrong, 验收 asks the rating (typed, where buttons cannot
// show) and a rating asks for a comment. It is a Flow with no
// triggers and Start does nothing: nobody begins it by a word or from
// the menu. Act begins it (Turn.Begin) at the question's state, and the
// engine then hands it the answers like any flow's, until a step ends it
// (or 取消, the idle timeout, another button).
type followUp struct{}

// followUpName is the flow's name in sessions.
const followUpName = "repair_act"

// followUpData is what the questions carry from one answer to the next.
type followUpData struct {
	ID     int64  `json:"id"`               // the repair
	Photo  string `json:"photo,omitempty"`  // 完成's photo of the finished work
	Choice string `json:"choice,omitempty"` // a cause, a need (修不好) or a decision
	Note   string `json:"note,omitempty"`   // 暂缓's reason; 修不好's situation when told with it
	// What is what an approval said in words approves (外包维修, 采购),
	// kept for when how long is asked after it: a bare 同意外包 has no Note.
	What string `json:"what,omitempty"`
	// Fix is what was done, in the worker's words, when a job was told
	// done by them (信号线松了 插紧就好了): passed on to the reporter with 完成.
	Fix string `json:"fix,omitempty"`
	// Next are the further jobs (ids, comma-separated) the same message
	// told done (篮球架加固好了 … 扶手也焊牢了): each is asked in turn once
	// this one is recorded.
	Next string `json:"next,omitempty"`
	// Fixes are, by job id, each job's own part of the words that told
	// several done (heldSeveralDone): the Fix of each when its turn comes.
	Fixes map[string]string `json:"fixes,omitempty"`
	// Same is set when the cause was given for every job of Next at once
	// (都是自然的: user test 27's K32 recorded the first and asked again):
	// each is recorded with that cause too.
	Same bool `json:"same,omitempty"`
	// Also are the repairs (ids, comma-separated) signed off by the same
	// words as this one, at its rating question: one of them may be the
	// sign-off taken back (篮球架我说了还没去看 咋个也验收了？先撤回).
	Also string `json:"also,omitempty"`
	// Named is set, never saved, when a leader's words decided the jobs
	// they name (approvemany.go): each one's reply names its job.
	Named bool `json:"-"`
	// Acts are the actions of a command that fitted several repairs, one
	// for each of Choice's ids, in order (stateActPick).
	Acts []string `json:"acts,omitempty"`
}

// decisionApproved begins Repair.Decision of an approval (批准外包维修).
const decisionApproved = "批准"

// decision is a leader's answer to 处理.
type decision string

const (
	decisionReassign decision = "reassign" // 改派他人
	decisionApprove  decision = "approve"  // 批准外修或采购
	decisionDefer    decision = "defer"    // 暂缓
	decisionRefuse   decision = "refuse"   // 不批准: back to the worker (refuse.go)
)

var (
	causeButtons = []flows.Button{{Label: CauseWear.Label(), Data: string(CauseWear)}, {Label: CauseDamage.Label(), Data: string(CauseDamage)}}
	recButtons   = []flows.Button{{Label: "需要配件", Data: "需要配件"}, {Label: "需要采购", Data: "需要采购"}, {Label: "需要外包维修", Data: "需要外包维修"}, {Label: "其他原因", Data: "其他原因"}}
	leadButtons  = []flows.Button{{Label: "改派他人", Data: string(decisionReassign)}, {Label: "批准外修或采购", Data: string(decisionApprove)}, {Label: "暂缓并说明原因", Data: string(decisionDefer)}}
)

// Name implements Flow.
func (followUp) Name() string { return followUpName }

// Optional implements flows.Lingerer: the comment after a rating is
// asked for, not needed; leaving it ends the conversation silently.
func (followUp) Optional(s string) bool { return state(s) == stateRateComment }

// Title implements Flow.
func (followUp) Title() string { return "维修处理" }

// Triggers implements Flow: none, see followUp.
func (followUp) Triggers() []string { return nil }

// Allowed implements Flow; mayAct decides who may answer, in Act and at
// every Step.
func (followUp) Allowed(flows.Staff) bool { return true }

// Start implements Flow; it is never called, see followUp.
func (followUp) Start(*flows.Turn) error { return nil }

// question is one of the follow-up's states.
type question struct {
	// verb is the button's that asked: whether t.Staff may still do it to
	// the repair as it is now is checked again at every answer, because
	// others act between the question and the answer (the worker
	// finishes while the leader chooses whom to 改派 it to). "": the
	// answer needs no check.
	verb verb
	// answer handles the answer to the question about repair r (loaded
	// and locked afresh) and asks the next, or makes the change.
	answer func(t *flows.Turn, r Repair, a followUpData) error
}

// answers is the follow-up's state table.
var answers = map[state]question{
	stateDoneCause:   {verbDone, answerCause},
	stateDoneNote:    {verbDone, answerDamageNote},
	stateDonePhoto:   {verbDone, answerDonePhoto},
	stateBlockRec:    {verbBlock, answerNeed},
	stateBlockWhy:    {verbBlock, answerBlockWhy},
	stateXferTo:      {verbXfer, func(t *flows.Turn, r Repair, _ followUpData) error { return answerWorker(t, r, false) }},
	stateReclassTier: {verbReclass, answerReclassTier},
	stateReclassWhy:  {verbReclass, answerReclassWhy},
	stateLeadChoose:  {verbLead, answerDecision},
	stateLeadWorker:  {verbLead, func(t *flows.Turn, r Repair, _ followUpData) error { return answerWorker(t, r, true) }},
	stateLeadNote:    {verbLead, answerDeferWhy},
	stateLeadDays:    {verbLead, answerDays},
	stateRedoWhy:     {verbRedo, answerRedoWhy},
	stateRate:        {verbRate, answerRating},
	stateRateComment: {"", answerComment}, // the reporter's own rating, on a closed repair
	stateNoteText:    {verbNote, answerNoteText},
	stateWithdraw:    {verbCancel, answerWithdraw},
	statePlaceName:   {verbPlace, answerPlaceName},
}

// Step implements Flow: it checks that the question still stands and
// runs its answer.
func (followUp) Step(t *flows.Turn) error {
	var a followUpData
	if err := t.Load(&a); err != nil {
		return err
	}
	switch state(t.State()) { // several repairs: none is loaded yet
	case stateNotePick:
		return answerNotePick(t, a)
	case stateDonePick:
		return answerDonePick(t, a)
	case stateActPick:
		return answerActPick(t, a)
	case stateBulkXfer:
		return answerBulkXfer(t, a)
	}
	r, err := db(t).Repair(t.Ctx, a.ID)
	if err != nil {
		return err
	}
	q, ok := answers[state(t.State())]
	if !ok {
		t.Done()
		return nil
	}
	if q.verb != "" {
		if msg := mayAct(t, r, q.verb); msg != "" {
			t.Done()
			t.Say(msg)
			return nil
		}
	}
	if set, err := reasonAside(t, r, a); set || err != nil {
		return err
	}
	if set, err := asideForOther(t, r, a); set || err != nil {
		return err
	}
	before := t.State()
	if err := q.answer(t, r, a); err != nil {
		return err
	}
	var after followUpData
	if err := t.Load(&after); err != nil {
		return err
	}
	if !t.Idle() && t.State() == before && after.ID == a.ID && after.Note == a.Note && t.Msg.Button == "" && utf8.RuneCountInString(t.Text) >= 8 {
		// A long message that did not answer the question is probably
		// about something else: say how to leave it.
		t.Say("（如果这句话说的是别的事，请先发送「取消」结束这个问题，再重新发送。）")
	}
	return nil
}

// asideForOther sets the question of r's completion aside when the words
// are plainly about another of the worker's jobs, named by its thing and
// its place, neither r's (user test 27's K10: 「303的钟换了电池也好了」 asked who damaged
// the 302 socket; K34's roof asked the lock's cause): the message is read
// afresh, as if no question had been open, and he is told how to come
// back to r. A correction (不对 是玻璃那个单子) or a cause said first
// (自然的 …) is the question's to answer. It reports whether it did.
func asideForOther(t *flows.Turn, r Repair, a followUpData) (bool, error) {
	st := state(t.State())
	if st != stateDoneCause && st != stateDoneNote || t.Msg.Button != "" {
		return false, nil
	}
	text := strings.TrimSpace(t.Text)
	if utf8.RuneCountInString(text) < 6 || correctionRE.MatchString(text) || notThisDoneRE.MatchString(text) ||
		notYetFixedRE.MatchString(text) || causeFirstRE.MatchString(text) {
		return false, nil
	}
	norm := strings.ToLower(parse.Normalize(text))
	if namesThing(norm, r.Item) || namesDescribed(norm, r.Description) || namesHead(norm, r.Item) {
		return false, nil
	}
	o, found, err := otherJobNamed(t, r, text)
	if err != nil || !found {
		return false, err
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return false, err
	}
	// The place said is the other job's, not r's: 灯泡用久了自然坏的, of a
	// socket, is its cause, whatever job has the 灯泡.
	g := GuessRepair(text, locs)
	if g.LocationID == 0 && (g.PlaceText == "" || !atPlace(o, g.PlaceText) || atPlace(r, g.PlaceText)) ||
		g.LocationID != 0 && (g.LocationID != o.LocationID || g.LocationID == r.LocationID) {
		return false, nil
	}
	if st == stateDoneCause && a.Next == "" {
		// 礼堂舞台灯坏了三个灯珠 要等配件到了才能换, asked the cause of the
		// 电暖器 he had just said mended (user test 30's T18 dropped that
		// 完成): what he says of the other job is done now, as typed, and
		// the question of r asked again after it when that asked nothing.
		t.Done()
		if data, ok := typed(t, t.Text); ok {
			if data != "" {
				if err := (RepairFlow{}).Act(t, data); err != nil {
					return true, err
				}
			}
			if t.Idle() {
				t.Say(fmt.Sprintf("你刚才说 %s（%s「%s」）修好了，还没有记完成。它的损坏原因是？\n%s", r.Ref, r.Place(), jobWords(r, 20), flows.Numbered(causeButtons)), causeButtons...)
				return true, ask(t, stateDoneCause, a)
			}
			t.Say(fmt.Sprintf("%s（%s「%s」）还没有记完成，修好了请再回复「完成 %d」。", r.Ref, r.Place(), jobWords(r, 20), Num(r)))
			return true, nil
		}
		if err := ask(t, st, a); err != nil { // typed read nothing: as below
			return true, err
		}
	}
	t.Say(fmt.Sprintf("好的，%s（%s %s）先不记完成，先办你说的 %s。%s 修好了请再回复「完成 %d」。", r.Ref, r.Place(), flows.Clip(r.Description, 20), o.Ref, r.Ref, Num(r)))
	t.Reread(t.Text)
	return true, nil
}

// notThisDoneRE is the job asked about said not done, another meant
// (没修 是钟, 好了的是厕所水龙头): answerCause's otherMeantRE, less a
// mere 是 (是防水层老化了 says what another job needs).
var notThisDoneRE = rx.MustCompile(`没(?:修|弄|换|搞|动)|(?:好了的|修好的|弄好的)是`)

// causeFirstRE is a cause said first, as the answer: 自然的 不过…, 人为 ….
var causeFirstRE = rx.MustCompile(`^(?:[12]|自然|人为|老化)`)

// ask puts a question that followUp answers in state s.
func ask(t *flows.Turn, s state, a followUpData) error {
	return t.Begin(followUpName, string(s), a)
}

// pick reads a choice among buttons: tapped, its number, its label, the
// start of exactly one label (暂缓 for 暂缓并说明原因, 批准 for
// 批准外修或采购), or a word of exactly one (外修, 采购: flows.LabelWord);
// with none it asks again, with prompt and the buttons
// numbered.
func pick(t *flows.Turn, prompt string, buttons []flows.Button) (string, bool) {
	c, ok := t.Pick(buttons)
	if !ok && t.Msg.Button == "" && utf8.RuneCountInString(t.Text) >= 2 {
		n := 0
		for _, b := range buttons {
			if strings.HasPrefix(b.Label, t.Text) {
				c, n = b.Data, n+1
			}
		}
		ok = n == 1
	}
	if !ok && t.Msg.Button == "" {
		// 外修, 采购: a word of one label, not at its start (批准外修或采购).
		c, ok = flows.LabelWord(buttons, t.Text)
	}
	if !ok && t.Msg.Button == "" {
		// 王师傅吧 他会弄水龙头: a button's name (before its （…）) said
		// first, with words after it.
		n := 0
		for _, b := range buttons {
			name, _, _ := strings.Cut(b.Label, "（")
			if utf8.RuneCountInString(name) >= 2 && strings.HasPrefix(strings.TrimSpace(t.Text), name) {
				c, n = b.Data, n+1
			}
		}
		ok = n == 1
	}
	if !ok && t.Msg.Button == "" {
		// 302的: the one choice at the room said (the eighth user test's
		// worker, asked which of the 302 and 303 locks).
		c, ok = roomPicked(buttons, t.Text)
	}
	if !ok {
		t.Say(prompt+"\n"+flows.Numbered(buttons), buttons...)
	}
	return c, ok
}

// roomSaidRE is a room answering a which-one question: 302的, 303那个.
var roomSaidRE = rx.MustCompile(`^(\d{3,4})\s*(?:的|那个|那单|那间|的那个|的那单|教室)?(?:吧)?[。！!]*$`)

// refInLabelRE is a repair's number in a choice's label (BX-20261120-003),
// whose digits are no room.
var refInLabelRE = rx.MustCompile(`[A-Z]{2}-\d{8}-\d+`)

// notYetFixedRE is a worker saying, when asked the cause of a job he
// was taken to have finished, that it is not fixed yet: 还没修呢！我是说下午
// 才去 (the fifteenth user test's F18 was asked 1 or 2 again).
var notYetFixedRE = rx.MustCompile(`(?:还|都)?(?:没|没有)(?:修|弄|去|换|搞|动手|开始)(?:呢|啊|哦|嘛|噻|好)|还没(?:修|弄|去|换|搞|好)|没修好呢|不是修好了|我是说\p{Han}{0,4}(?:才|再)去`)

// saidOtherRE is a worker saying his words were of another thing than
// the job houqin took them for: 不是这个, 我说的是撒盐, 说的不是这单.
var saidOtherRE = rx.MustCompile(`不是这(?:个|单|一单|件)|我说的是|说的(?:不是|是别的)|不是说这`)

// notDoneAfterAll ends a completion begun by mistake: nothing is recorded;
// a job not taken yet is taken, with his words of when he goes passed on
// to the reporter.
func notDoneAfterAll(t *flows.Turn, r Repair) error {
	t.Done()
	if mayAct(t, r, verbTake) == "" && r.Status != RepairAccepted && saidOtherRE.MatchString(t.Text) {
		// 不是这个 宿舍的还没弄 我说的是撒盐: his words were of something
		// else, so this job is left as it was, not taken (user test 33's
		// T32 was told 已接单, which he never asked for).
		t.Say(fmt.Sprintf("好的，%s（%s「%s」）没有记完成，还是待接单。", r.Ref, r.Place(), jobWords(r, 20)))
		return nil
	}
	if mayAct(t, r, verbTake) == "" && r.Status != RepairAccepted {
		t.Say(fmt.Sprintf("好的，%s 没有记完成。", r.Ref))
		return takeOneSaying(t, r, laterWords(t.Text))
	}
	t.Say(fmt.Sprintf("好的，%s 没有记完成，仍在维修中。修好后回复「完成 %d」。", r.Ref, Num(r)))
	return nil
}

// laterWords are a worker's words of when he goes (下午才去), less the
// not-yet that leads them (还没修呢！我是说), or "".
func laterWords(text string) string {
	for _, p := range strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune("，,。！!；; ", r) }) {
		if goingRE.MatchString(p) || laterRE.MatchString(p) {
			return strings.TrimPrefix(strings.TrimPrefix(p, "我是说"), "是说")
		}
	}
	return ""
}

// roomPicked is the data of the one button whose label names the room
// text says (its digits alone, not within a longer number).
func roomPicked(buttons []flows.Button, text string) (string, bool) {
	m := roomSaidRE.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		return "", false
	}
	roomRE := rx.MustCompile(`(?:^|\D)` + m[1] + `(?:\D|$)`)
	c, n := "", 0
	for _, b := range buttons {
		if roomRE.MatchString(refInLabelRE.ReplaceAllString(b.Label, "")) {
			c, n = b.Data, n+1
		}
	}
	return c, n == 1
}

// written reports whether the answer has words; without, it asks again
// with prompt. A skip word is no answer when skip is false.
func written(t *flows.Turn, prompt string, skip bool) bool {
	if t.Text == "" || !skip && skipped(t) {
		t.Say(prompt)
		return false
	}
	return true
}

// skipped reports an answer that says there is nothing to add.
func skipped(t *flows.Turn) bool {
	return flows.IsWord(t.Text, []string{"跳过", "无", "没有", "skip"})
}

func answerCause(t *flows.Turn, r Repair, a followUpData) error {
	if img := t.Image(); img != "" {
		a.Photo = img
		if t.Text == "" {
			t.Say("照片收到了。请选择损坏原因：\n"+flows.Numbered(causeButtons), causeButtons...)
			return t.Goto(string(stateDoneCause), a)
		}
	}
	if t.Msg.Button == "" {
		if left, ok := partLeft(t.Text, r); ok {
			return notAllDone(t, r, a, left)
		}
	}
	c, words, ok := t.PickWords(causeButtons)
	if doneOnlyRE.MatchString(words) {
		words = "" // 1 修好了: nothing found to tell
	}
	if t.Msg.Button == "" && a.Next != "" && allRatedRE.MatchString(strings.TrimSpace(t.Text)) {
		// 都是自然的, 两个都是人为的: the cause of every job the message
		// told done.
		a.Same = true
	}
	if ok && utf8.RuneCountInString(strings.Trim(causeWordRE.ReplaceAllString(words, ""), " 的嘛噻啊呀。.！!")) > 0 {
		// 1 管子里有空气: what was found, for the reporter; 2 初二3班学生
		// 踢坏的: who, for the 赔偿台账 (user test 28's N15 was asked again).
		if Cause(c) == CauseDamage {
			return finishOrAskPhoto(t, r, a, CauseDamage, flows.Clip(words, 200))
		}
		if a.Fix == "" {
			a.Fix = flows.Clip(strings.TrimRight(words, "。.！!"), MaxNote)
		}
		return finishOrAskPhoto(t, r, a, CauseWear, "")
	}
	if !ok && t.Msg.Button == "" {
		// 老化了, 学生踢坏的: the cause in the worker's own words.
		switch s := strings.TrimSpace(t.Text); {
		case noDamageRE.MatchString(s):
			// 不算损坏 就是跳闸了: nothing broken, no one to charge; the
			// words are what was found, for the reporter.
			if a.Fix == "" {
				a.Fix = flows.Clip(strings.TrimRight(s, "。.！!"), MaxNote)
			}
			return finishOrAskPhoto(t, r, a, CauseWear, "")
		case notDamage(s):
			// 线松了 不是人为的, 没人弄坏 自然老化: a person's part denied
			// is 自然损坏 (人为 goes into the 赔偿台账); the words are what
			// was found, for the reporter.
			if a.Fix == "" {
				a.Fix = flows.Clip(strings.TrimRight(s, "。.！!"), MaxNote)
			}
			return finishOrAskPhoto(t, r, a, CauseWear, "")
		case damageRE.MatchString(s):
			c, ok = string(CauseDamage), true
			if said := withoutGrumble(s); said != s {
				// 人为的嘛 刚才都说了: the grumble is no damage note; what he
				// said before it (his words with 完成) is, if anything.
				s = said
				if utf8.RuneCountInString(strings.Trim(causeWordRE.ReplaceAllString(s, ""), " 的嘛噻啊呀")) == 0 && a.Fix != "" {
					return finishOrAskPhoto(t, r, a, CauseDamage, flows.Clip(a.Fix, 200))
				}
			}
			if len([]rune(s)) >= 6 || classRE.MatchString(s) {
				// 初二3班学生打闹踢坏的: who, told already.
				return finishOrAskPhoto(t, r, a, CauseDamage, flows.Clip(s, 200))
			}
		case wearRE.MatchString(s) && !strings.Contains(s, "不是"):
			c, ok = string(CauseWear), true // 灯泡用久了自然坏的
		}
	}
	if !ok && t.Msg.Button == "" {
		// 不对 303的灯我还没修呢 只有4和5两单, 不是烟感 是5号: the jobs of
		// the numbers he names instead (numsdone.go).
		if done, err := numbersMeant(t, r, a); done || err != nil {
			return err
		}
	}
	if !ok && t.Msg.Button == "" && (correctionRE.MatchString(t.Text) || notYetFixedRE.MatchString(t.Text) || otherMeantRE.MatchString(t.Text)) {
		// 不对 锁还没弄 是玻璃那个单子: not this job but another of his,
		// named by its thing; his photo and words go with it.
		words := t.Text
		if !correctionRE.MatchString(t.Text) {
			// 灯没修 是钟: the job meant is what follows 是, and only if it
			// is not this one (asked of the clock, 灯没修 是钟 is no switch).
			if i := strings.LastIndex(t.Text, "是"); i >= 0 {
				words = t.Text[i+len("是"):]
			}
			if norm := strings.ToLower(parse.Normalize(words)); namesThing(norm, r.Item) || namesDescribed(norm, r.Description) || namesHead(norm, r.Item) {
				words = ""
			}
		}
		if several, err := otherJobsNamed(t, r, words, verbDone); err != nil {
			return err
		} else if len(several) > 1 {
			// 不是这个 是暖气那几个单子 (user test 30's T13): every job of
			// the thing he names instead, their cause asked once.
			var next []string
			for _, o := range several[1:] {
				next = append(next, strconv.FormatInt(o.ID, 10))
			}
			t.Say(fmt.Sprintf("好的，%s 先不记。改记这 %d 单：%s。请选择损坏原因（%d 单一起记）：\n%s", r.Ref, len(several), roomJobs(several), len(several), flows.Numbered(causeButtons)), causeButtons...)
			return t.Goto(string(stateDoneCause), followUpData{ID: several[0].ID, Photo: a.Photo, Fix: a.Fix, Next: strings.Join(next, ","), Same: true})
		}
		if o, found, err := otherJobNamed(t, r, words); words == "" {
			// nothing names another job
		} else if err != nil {
			return err
		} else if found {
			var next []string
			for _, id := range strings.Split(a.Next, ",") {
				if id != "" && id != strconv.FormatInt(o.ID, 10) {
					next = append(next, id)
				}
			}
			t.Say(fmt.Sprintf("好的，%s 先不记。改记 %s（%s %s）：请选择损坏原因：\n%s", r.Ref, o.Ref, o.Place(), jobWords(o, 20), flows.Numbered(causeButtons)), causeButtons...)
			return t.Goto(string(stateDoneCause), followUpData{ID: o.ID, Photo: a.Photo, Fix: a.Fix, Next: strings.Join(next, ",")})
		}
	}
	if !ok && t.Msg.Button == "" && (notYetFixedRE.MatchString(t.Text) || saidOtherRE.MatchString(t.Text)) {
		return notDoneAfterAll(t, r) // 还没修呢！我是说下午才去
	}
	if !ok {
		t.Say("请回复 1（自然损坏）或 2（人为损坏）。", causeButtons...)
		return nil
	}
	if Cause(c) == CauseDamage {
		a.Choice = c
		t.Say("请写明是哪个班级或谁损坏的（记入赔偿台账），例如「初二(3)班 学生打闹踢坏」。")
		return t.Goto(string(stateDoneNote), a)
	}
	return finishOrAskPhoto(t, r, a, CauseWear, "")
}

// caveatRE is a part of a job said not done yet, after what is: 不过302的
// 摄像头还没弄, 但是灯还是不亮.
var caveatRE = rx.MustCompile(`(?:不过|但是|可是|只是|就是|但)\s*([^，,。；;！!]*?(?:还没|没有?)(?:弄|修|好|搞|换|处理|动)[^，,。；;！!]*)`)

// partLeft is the part of r that words answering its cause say is not
// done yet (自然的 不过302的摄像头还没弄, of a ticket of 302's broadcast
// and its camera: user test 27's K19 closed it whole), when it is r's.
func partLeft(text string, r Repair) (string, bool) {
	m := caveatRE.FindStringSubmatch(text)
	if m == nil {
		return "", false
	}
	norm := strings.ToLower(parse.Normalize(m[1]))
	if !namesDescribed(norm, r.Description) && !namesThing(norm, r.Item) {
		return "", false
	}
	return strings.TrimSpace(m[1]), true
}

// notAllDone keeps r open when a part of it is not done (partLeft): the
// reporter is told his words, and the next job the message told done is
// asked about.
func notAllDone(t *flows.Turn, r Repair, a followUpData, left string) error {
	t.Done()
	words := strings.TrimSpace(t.Text)
	if m := causeWordRE.FindStringIndex(words); m != nil && m[0] == 0 {
		words = strings.TrimSpace(words[m[1]:]) // 自然的: no news for the reporter
	}
	if a.Fix != "" {
		words = a.Fix + "；" + words
	}
	if _, err := passNote(t, r, flows.Clip(words, MaxNote)); err != nil {
		return err
	}
	who := "报修人"
	if r.ReporterName != "" && r.ReporterID != t.Staff.ID {
		who += r.ReporterName
	}
	t.Say(fmt.Sprintf("好的，%s 还有「%s」，这单先不记完成，你说的已转告%s。全部修好后请回复「完成 %d」。", r.Ref, left, who, Num(r)))
	return askNextDone(t, followUpData{Next: a.Next, Fixes: a.Fixes}, "", "")
}

// doneOnlyRE is words that say only that the job is done: 修好了, 好了.
var doneOnlyRE = rx.MustCompile(`^(?:已经|都)?(?:修好|弄好|搞好|好|完成|搞定|换好|修完|弄完)了?[。.！!]*$`)

// correctionRE is a worker saying the job asked about is the wrong one:
// 不对, 不是这个, 搞错了.
var correctionRE = rx.MustCompile(`不对|不是这|不是那|搞错|弄错|错了|说错`)

// otherMeantRE is a worker saying, asked the cause of one job, that this
// one is not mended and another is: 灯没修 是钟 (user test 27's K12, asked
// 1 or 2 again), 饮水机还没修呢 好了的是厕所水龙头 (K31). Another job must
// be named too (otherJobNamed).
var otherMeantRE = rx.MustCompile(`没(?:修|弄|换|搞|动)|(?:^|[\s，,。！!])(?:好了的|修好的|弄好的|修的|说的)?是\p{Han}`)

// otherJobNamed is the one job, other than r, that t.Staff may finish and
// words name by its thing or description (玻璃那个单子).
func otherJobNamed(t *flows.Turn, r Repair, words string) (Repair, bool, error) {
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now, 20)
	if err != nil {
		return Repair{}, false, err
	}
	norm := strings.ToLower(parse.Normalize(words))
	var named []Repair
	for _, o := range rs {
		if o.ID != r.ID && o.WorkerID == t.Staff.ID && mayAct(t, o, verbDone) == "" &&
			(namesThing(norm, o.Item) || namesDescribed(norm, o.Description) || namesHead(norm, o.Item)) {
			named = append(named, o)
		}
	}
	if len(named) > 1 {
		// 302那个暖气阀门坏了, of his radiators at 302 and 303 (user test
		// 28's N10): the one at the room said.
		var at []Repair
		for _, o := range named {
			if slices.ContainsFunc(placeNumRE.FindAllString(norm, -1), func(n string) bool { return atPlace(o, n) }) {
				at = append(at, o)
			}
		}
		if len(at) == 0 {
			// 语文组那个暖气阀门坏了, of his radiators at 语文组办公室 and
			// 302: the one at the place the words name, by its name or
			// another (user test 28's N10 in its re-runs).
			locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
			if err != nil {
				return Repair{}, false, err
			}
			if g := GuessRepair(words, locs); g.LocationID != 0 {
				for _, o := range named {
					if o.LocationID == g.LocationID {
						at = append(at, o)
					}
				}
			}
		}
		named = at
	}
	if len(named) != 1 {
		return Repair{}, false, nil
	}
	return named[0], true, nil
}

// severalMeantRE is words meaning several jobs: 那几个单子, 都是, 四个.
var severalMeantRE = rx.MustCompile(`那几|这几|几个|[两二三四五六七八九2-9]个|都|全部|那些|这些`)

// otherJobsNamed are the jobs other than r that t.Staff may act on (v) and
// words name by their thing, when the words mean several of them (暖气那
// 几个单子); nil otherwise.
func otherJobsNamed(t *flows.Turn, r Repair, words string, v verb) ([]Repair, error) {
	norm := strings.ToLower(parse.Normalize(words))
	rooms := roomsSaid(norm)
	if norm == "" || !severalMeantRE.MatchString(norm) && len(rooms) < 2 {
		return nil, nil
	}
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now, 20)
	if err != nil {
		return nil, err
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return nil, err
	}
	var named []Repair
	for _, o := range rs {
		if o.ID != r.ID && o.WorkerID == t.Staff.ID && mayAct(t, o, v) == "" &&
			(namesThing(norm, o.Item) || namesDescribed(norm, o.Description) || namesHead(norm, o.Item)) &&
			(len(rooms) == 0 || slices.ContainsFunc(rooms, func(room string) bool { return inRoom(o, room, locs) })) {
			// (饮水机没修 是304 305的暖气: of the rooms said, when said.)
			named = append(named, o)
		}
	}
	return named, nil
}

// grumbleRE is a worker's complaint at being asked what he said already:
// 刚才都说了, 不是说了嘛, 说过了.
var grumbleRE = rx.MustCompile(`[，,\s]*(?:我|刚才|刚刚|之前|前面|上面)*(?:都|已经|不是)?(?:说了|说过了?|讲了|讲过了?)(?:的|嘛|噻|啊|呀|吗|撒)*`)

// causeWordRE is the bare cause, 人为 or 自然, with nothing said of who.
var causeWordRE = rx.MustCompile(`人为(?:损坏|的)?|自然(?:损坏|的)?`)

// withoutGrumble is s less a grumble at being asked again.
func withoutGrumble(s string) string {
	return strings.TrimSpace(grumbleRE.ReplaceAllString(s, " "))
}

// The cause of a repair in a worker's own words.
var (
	// Weather is nobody's doing either: 是冻裂的, 风刮的 (the winter user
	// test 26's 「水管换了一截 好了 是冻裂的」 was asked the cause, G6).
	// Nor is a part that wears out by use, named in the job's words
	// (投影仪灯泡到货了 下午换上了, 换了个新阀芯, 一根线皮破了碰到箱体:
	// user tests 18 and 25 asked the cause of all three, F25, F33, F37); a
	// clause that says someone broke it (学生把灯管打碎了) still makes it
	// 人为, and both said leaves the question asked (causeSaid).
	wearRE = rx.MustCompile(`自然|老化|用久了|用太久|时间长了|年头长了|年久|正常损耗|正常磨损|磨损|质量问题|自己坏的|寿命到了|冻(?:裂|坏|爆|住|上|的)|(?:大)?风(?:刮|吹)|被风|雷击|雷劈|天气原因|灯泡|灯管|灯芯|阀芯|保险丝|保险管|启辉器|镇流器|密封圈|胶圈|皮垫|垫圈|线皮(?:破|老|裂|坏)|接触不良|电池没电`)
	// noDamageRE is a worker saying nothing was broken at all (a breaker
	// tripped, a plug came loose): no damage by anyone, so 自然损坏.
	noDamageRE = rx.MustCompile(`不算损坏|不算坏|不是损坏|没有损坏|没损坏|没有坏|没坏|不是坏了|不是坏的|不是真坏|没什么坏|无损坏|误报`)
	damageRE   = rx.MustCompile(`人为|扔纸|往里扔|扔进|塞进|弄坏|踢坏|打坏|砸|摔坏|撞坏|掰坏|拆坏|捅坏|戳坏|踩坏|坐坏|拽坏|扯坏|推坏|压坏|弄断|踢断|故意|打闹|破坏|撬坏|撬开|撬了|被人|违规`)
	classRE    = rx.MustCompile(`[初高]?[一二三四五六七八九0-9]+[（(]?[0-9一二三四五六七八九十]+[)）]?班`)
)

// negatedDamageRE is a person's part in a fault denied: 不是人为的, 并非
// 人为损坏, 没人弄坏, 不是学生弄的, 不是被人踢坏的, 跟学生没关系, 排除人为.
// 不是故意的 denies no one's part (a pupil's accident is still 人为), so
// it is cut out but counts for nothing (see notDamage).
var negatedDamageRE = rx.MustCompile(`(?:不是|不算|不属于|并不是|并非|绝非|非|没有|没|无|排除)\s*(?:被)?(?:人为|有人|人|学生|谁|小孩|孩子)[^，,。；;！!？?\s]{0,6}|(?:人为|学生|人)[^，,。；;\s]{0,4}(?:无关|没关系)|(?:不是|并非|没有|没)\s*故意|(?:不是|没有|没|并非)\s*(?:人为)?(?:损坏|弄坏|破坏)`)

// notDamage reports whether s denies a person's part in the fault (不是人为
// 的, 没人弄坏) and, with that denial cut out, says no one's part besides.
func notDamage(s string) bool {
	denied := false
	rest := negatedDamageRE.ReplaceAllStringFunc(s, func(m string) string {
		if !strings.Contains(m, "故意") {
			denied = true
		}
		return "，"
	})
	return denied && !damageRE.MatchString(rest)
}

// needDefer is a 修不好's need when the worker asks for a later deadline
// (能不能延到明天下午).
const needDefer = "申请延期"

// What a 修不好 needs, in a worker's own words (answerNeed).
var (
	needOutsideRE = rx.MustCompile(`外包|外修|(?:找|请|叫)外面|外面(?:来|的人)?修|外头|返厂|厂家|厂里|售后|外面的人|外面的?\p{Han}{0,2}队|外面的?\p{Han}{0,4}公司|(?:找|请|叫)\p{Han}{0,4}公司|(?:得|要|需要|让|等)\p{Han}{0,4}公司|公司(?:的人)?(?:过)?来|公司的事|施工队|工程队|专业的人|找人来修|请人来修`)
	needBuyRE     = rx.MustCompile(`买|采购|换新的|换个新的|整个换`)
	needPartRE    = rx.MustCompile(`配件|零件|缺件|材料`)
)

func answerDamageNote(t *flows.Turn, r Repair, a followUpData) error {
	if !written(t, "人为损坏需要写明班级或人员，例如「初二(3)班」。", false) {
		return nil
	}
	s := withoutGrumble(t.Text) // 初二3班的 刚才说了: who, without the grumble
	if s == "" {
		s = strings.TrimSpace(t.Text)
	}
	switch {
	case notDamage(s):
		// 没人弄 是老化了: no one's part after all.
		if a.Fix == "" {
			a.Fix = flows.Clip(strings.TrimRight(s, "。.！!"), MaxNote)
		}
		return finishOrAskPhoto(t, r, a, CauseWear, "")
	case !namesCulprit(s):
		// 实验楼男厕那个水龙头我明天上午弄: not who did it (it had gone
		// into the 赔偿台账, and the job was closed).
		t.Say(fmt.Sprintf("这句话好像不是在说谁损坏的，%s 还没有记完成。请写明是哪个班级或谁损坏的（记入赔偿台账），例如「初二(3)班」「张小明」；不清楚请回复「不知道」。", r.Ref))
		return nil
	case unknownRE.MatchString(s) && utf8.RuneCountInString(s) <= 6:
		s = "不清楚是谁" // 不知道: for the ledger and the reporter, said plainly
	}
	return finishOrAskPhoto(t, r, a, CauseDamage, flows.Clip(s, 200))
}

// Words that say who damaged something: a class or grade, people by what
// they are, a person's doing, or not knowing who.
var (
	gradeRE   = rx.MustCompile(`[初高][一二三123]|[一二三四五六七八九1-9]年级|[0-9一二三四五六七八九十]+班`)
	peopleRE  = rx.MustCompile(`学生|同学|小孩|孩子|小朋友|男生|女生|家长|老师|校外|外来|外面的人|访客|施工|工人|保洁|有人|某人|那人|这人|那个人|人为`)
	doneByRE  = rx.MustCompile(`\p{Han}{1,6}(?:弄的|干的|搞的|整的|踢的|砸的|碰的|撞的|摔的|拆的)`)
	unknownRE = rx.MustCompile(`不知道|不清楚|没看到|没看见|没看着|查不到|找不到人|不详|说不清|不好说|不确定|没人承认|没人知道|不晓得|不知是谁|不知道是谁`)
)

// namesCulprit reports whether s answers who damaged a repaired thing:
// 初二3班的学生, 张小明, 踢球的学生弄的, 不知道; a message about another
// job (实验楼男厕那个水龙头我明天上午弄) does not.
func namesCulprit(s string) bool {
	if classRE.MatchString(s) || gradeRE.MatchString(s) || peopleRE.MatchString(s) || damageRE.MatchString(s) || doneByRE.MatchString(s) || unknownRE.MatchString(s) {
		return true
	}
	return personName(strings.TrimRight(s, "。.！!吧啊呀"))
}

// personName reports whether s is a person's name: two to four Chinese
// characters beginning with a surname (lexicon), and no word that is never
// a name.
func personName(s string) bool {
	rs := []rune(s)
	if len(rs) < 2 || len(rs) > 4 {
		return false
	}
	for _, r := range rs {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	l := lexicon.Default()
	for _, e := range l.Entries(lexicon.NotName) {
		if e.Word == s {
			return false
		}
	}
	for _, e := range l.Entries(lexicon.Surname) {
		if strings.HasPrefix(s, e.Word) {
			return true
		}
	}
	return false
}

func answerNeed(t *flows.Turn, r Repair, a followUpData) error {
	if several, err := blockJobsCorrected(t, r); err != nil {
		return err
	} else if len(several) > 1 {
		// 不是这个 是暖气那几个单子 (user test 30's T13 was asked 1 to 4
		// again): the 修不好 moves to every job of the thing named, its
		// reason asked once.
		var next []string
		for _, o := range several[1:] {
			next = append(next, strconv.FormatInt(o.ID, 10))
		}
		t.Say(fmt.Sprintf("好的，%s 不上报。改为这 %d 单：%s。修不好的原因是？（%d 单一起上报）\n%s", r.Ref, len(several), roomJobs(several), len(several), flows.Numbered(recButtons)), recButtons...)
		return t.Goto(string(stateBlockRec), followUpData{ID: several[0].ID, Note: a.Note, Next: strings.Join(next, ",")})
	}
	if o, ok := blockJobCorrected(t, r); ok {
		// 不对 不是007 是今天转过来那个001: the question moves to that job.
		t.Say(fmt.Sprintf("好的，改为 %s（%s「%s」）。%s 修不好的原因是？\n%s", o.Ref, o.Place(), jobWords(o, 20), o.Ref, flows.Numbered(recButtons)), recButtons...)
		return t.Goto(string(stateBlockRec), followUpData{ID: o.ID, Note: a.Note})
	}
	c, ok := t.Pick(recButtons)
	told := ok
	if !ok && t.Msg.Button == "" {
		// 需要买, 外包吧 让厂家来: the need in the worker's own words.
		switch s := strings.TrimSpace(t.Text); {
		case needNumberRE.MatchString(s):
			c, ok = needByNumber(t) // 1 配玻璃: the number, the words more of it
		case needOutsideRE.MatchString(s):
			c, ok = "需要外包维修", true
		case needBuyRE.MatchString(s):
			c, ok = "需要采购", true
		case needPartRE.MatchString(s) || partFits(s):
			c, ok = "需要配件", true // 要配玻璃
		case needOtherRE.MatchString(s):
			c, ok = "其他原因", true // 其他 我生病了这几天来不了 (user test 16's F24)
		}
	}
	if !ok {
		if c, ok = pick(t, "请回复 1 到 4 中的一个数字。", recButtons); !ok {
			return nil
		}
	}
	a.Choice = c
	if a.Note != "" { // told with 修不好 already
		if more := needDetail(t); more != "" {
			// 要买 三十来块钱的锁芯: the need, and more of what.
			a.Note = flows.Clip(a.Note+"，"+more, 300)
		}
		return blockRepairs(t, r, a.Next, a.Choice, a.Note)
	}
	if more := needDetail(t); more != "" {
		// 外包嘛，线路老化烧穿了，要整条重新布线: the need and the
		// explanation in one answer (the fifteenth user test's F12 was
		// asked for the explanation again).
		return blockRepairs(t, r, a.Next, a.Choice, flows.Clip(withoutGrumbleLead(more), 300))
	}
	if s := strings.TrimSpace(t.Text); !told && t.Msg.Button == "" && utf8.RuneCountInString(s) >= 8 {
		// 要找外面防水公司，楼顶防水层裂了，得重新做 (user test 16's F13):
		// the need read from the words, which are the explanation too.
		return blockRepairs(t, r, a.Next, a.Choice, flows.Clip(withoutGrumbleLead(s), 300))
	}
	if why := recentWord(t, r); why != "" {
		// 302空调我看了 排水管裂了 … then 修不好 2, 外包: what he said of
		// the job just before is its explanation (user test 18's F35).
		return blockRepairs(t, r, a.Next, a.Choice, flows.Clip(why, 300))
	}
	t.Say("请简单说明情况和建议，例如「水管老化需整段更换，建议外包」。")
	return t.Goto(string(stateBlockWhy), a)
}

// blockCorrectRE is a worker putting right which job his 修不好 is about,
// at the question of what it needs: 不对 不是007 是今天转过来那个001, 不是
// 这个 是5号. Its group is the number he means.
var blockCorrectRE = rx.MustCompile(`不是[^是]{0,12}?是[^\d]{0,12}?0*(\d{1,3})\s*(?:号|单|那单|那个)?[。！!]*$`)

// correctLeadRE leads words putting right what was just said: 不是这个,
// 不对不对, 搞错了, 说错了 (user test 16's F12: 「不是这个，是303那个」
// 「搞错了，是5号」「说错了 是5」 were each asked 1 to 4 again).
var correctLeadRE = rx.MustCompile(`^(?:哎呀|哎|啊|哦|呃|额)?[，,。\s]*(?:不对(?:不对)?|错了|[搞弄说点选按写打看]错了|不是(?:这个|这单|这件|这)?)`)

// jobMeantRE is what follows a correction to name the job meant: 是303那个,
// 应该是5号, 我说的是图书馆那个; its group is the naming words.
var jobMeantRE = rx.MustCompile(`(?:应该|我说的|我要说的|我指的)?是(.+)$`)

// meantNumRE is a job meant by its number alone: 5号, 5, 第5单, 005那个.
var meantNumRE = rx.MustCompile(`^(?:第)?0*(\d{1,3})\s*(?:号|单|那单|那个|这个)?[。！!]*$`)

// blockJobsCorrected are the jobs a worker says his 修不好 is about
// instead of r, when after words putting it right (correctLeadRE) they
// name several of one thing (是暖气那几个单子).
func blockJobsCorrected(t *flows.Turn, r Repair) ([]Repair, error) {
	if t.Msg.Button != "" {
		return nil, nil
	}
	s := strings.TrimSpace(t.Text)
	lead := correctLeadRE.FindString(s)
	if lead == "" {
		return nil, nil
	}
	rest := strings.TrimLeft(strings.TrimPrefix(s, lead), "，,。！!不对错了 ")
	if m := jobMeantRE.FindStringSubmatch(rest); m != nil {
		rest = m[1]
	}
	return otherJobsNamed(t, r, rest, verbBlock)
}

// blockJobCorrected is the job a worker says his 修不好 is about instead
// of r: after words putting it right (correctLeadRE, or 不是…是), one of
// his other jobs open to 修不好, named by its number (the one he has
// taken when two share the number) or by its place or thing.
func blockJobCorrected(t *flows.Turn, r Repair) (Repair, bool) {
	if t.Msg.Button != "" {
		return Repair{}, false
	}
	s := strings.TrimSpace(t.Text)
	meant := ""
	if m := blockCorrectRE.FindStringSubmatch(s); m != nil {
		meant = m[1]
	} else if lead := correctLeadRE.FindString(s); lead != "" {
		rest := strings.TrimLeft(strings.TrimPrefix(s, lead), "，,。！!不对错了 ")
		if m := jobMeantRE.FindStringSubmatch(rest); m != nil {
			rest = m[1]
		}
		meant = strings.TrimSpace(rest)
	}
	if meant == "" {
		return Repair{}, false
	}
	rs, err := candidates(t)
	if err != nil {
		return Repair{}, false
	}
	var mine []Repair
	for _, o := range rs {
		if o.ID != r.ID && o.WorkerID == t.Staff.ID && mayAct(t, o, verbBlock) == "" {
			mine = append(mine, o)
		}
	}
	if m := meantNumRE.FindStringSubmatch(meant); m != nil {
		n, _ := strconv.Atoi(m[1])
		var fit []Repair
		for _, o := range mine {
			if Num(o) == n {
				fit = append(fit, o)
			}
		}
		if len(fit) > 1 {
			fit = slices.DeleteFunc(fit, func(o Repair) bool { return o.Status != RepairAccepted })
		}
		if len(fit) == 1 {
			return fit[0], true
		}
	}
	if len(mine) == 0 || needOutsideRE.MatchString(s) || needBuyRE.MatchString(s) || needPartRE.MatchString(s) {
		// 不是配件的问题，是线路老化要外包: the need put right, not the job.
		return Repair{}, false
	}
	return pickedByText(t, meant, mine)
}

// needWordsRE leads an answer naming the need: 要买, 得外包, 需要配件;
// 其他 (choice 4, 其他原因, by its word with the reason after it).
var needWordsRE = rx.MustCompile(`^(?:(?:要|得|需要|只能)?(?:买|采购|外包|返厂|配件|换新的)|其他(?:原因)?)(?:吧|嘛|噻|啊)?[，,。\s]*`)

// needOtherRE is choice 4 (其他原因) said by its word, then the reason:
// 其他 我生病了这几天来不了 (user test 16's F24 was asked 1 to 4 again).
var needOtherRE = rx.MustCompile(`^其他(?:原因)?(?:吧|嘛)?[，,。：:\s]+\S`)

// needDetail is what an answer to the need question says beyond the need
// (要买 三十来块钱的锁芯: 三十来块钱的锁芯), or "".
func needDetail(t *flows.Turn) string {
	if t.Msg.Button != "" {
		return ""
	}
	s := strings.TrimSpace(t.Text)
	if m := needNumberRE.FindStringSubmatch(s); m != nil && utf8.RuneCountInString(m[1]) >= 2 {
		// 2，灯泡上个月20号就批了采购，到现在都没到货 (user test 15's N2,
		// the words dropped): the choice by its number, then why; 2 需要采购
		// is the choice said twice, nothing more.
		if slices.ContainsFunc(recButtons, func(b flows.Button) bool { return b.Label == strings.TrimRight(m[1], "。！!") }) {
			return ""
		}
		return m[1]
	}
	if _, ok := t.Pick(recButtons); ok {
		return ""
	}
	m := needWordsRE.FindStringIndex(s)
	if m == nil {
		return ""
	}
	rest := strings.TrimSpace(s[m[1]:])
	if utf8.RuneCountInString(rest) < 2 {
		return ""
	}
	if !needCutRE.MatchString(s[:m[1]]) {
		// 要买个新锁芯 几十块钱的事 (user test 17's F5, stored as 「个新锁芯
		// 几十块钱的事」): the need word is part of the words, kept whole.
		return s
	}
	return rest
}

// needNumberRE is a choice of the need menu by its number with words after
// it, set apart by a mark or a space: 2，灯泡…没到货, 3. 要找厂家.
var needNumberRE = rx.MustCompile(`^[1-4][.、．]?[\s，,。：:；;]+(\S.*)$`)

// needCutRE is a need word that ends where the words after it begin: 要买
// 三十来块钱的锁芯, 其他吧，…; not 要买个新锁芯, one phrase.
var needCutRE = rx.MustCompile(`(?:[吧嘛噻啊]|[，,。\s])$`)

func answerBlockWhy(t *flows.Turn, r Repair, a followUpData) error {
	if !written(t, "请用文字说明一下情况。", true) {
		return nil
	}
	why := withoutGrumbleLead(t.Text)
	if why == "" {
		why = strings.TrimSpace(t.Text)
	}
	return blockRepairs(t, r, a.Next, a.Choice, flows.Clip(why, 300))
}

// grumbleLeadRE is a complaint at being asked again that leads an answer:
// 刚才说了噻，, 不是说了嘛 (the fifteenth user test's explanation was stored
// with 「刚才说了噻，」 in front, and sent so to the leaders).
var grumbleLeadRE = rx.MustCompile(`^(?:我|刚才|刚刚|之前|前面|上面)*(?:都|已经|不是)?(?:说了|说过了?|讲了|讲过了?)(?:的|嘛|噻|啊|呀|吗|撒)*[，,。.！!\s]+`)

// withoutGrumbleLead is s less a grumble that leads it.
func withoutGrumbleLead(s string) string {
	return strings.TrimSpace(grumbleLeadRE.ReplaceAllString(strings.TrimSpace(s), ""))
}

// answerWorker reads the worker chosen for 转派 or, byLeader, 改派.
func answerWorker(t *flows.Turn, r Repair, byLeader bool) error {
	buttons, err := workerButtons(t, r)
	if err != nil {
		return err
	}
	if t.Msg.Button == "" && byLeader && (keepWorkerRE.MatchString(t.Text) || cancelTailRE.MatchString(t.Text)) {
		// 我说了不改派！取消 (user test 17's 分管领导 was asked again
		// to whom): 改派 called off, the worker kept.
		words := strings.Trim(cancelTailRE.ReplaceAllString(keepWorkerRE.ReplaceAllString(t.Text, ""), ""), " ，,。.！!~")
		return keepWorker(t, r, fmt.Sprintf("好的，不改派了，%s 仍由%s负责。", r.Ref, workerOf(r)), words)
	}
	if t.Msg.Button == "" {
		// 给老周吧, 陈主任, 王师傅不是病了嘛 那就还是给陈主任: the person
		// the words give it to (handover.go), never one said to be ill.
		id, ruled, err := personGiven(t, buttons, byLeader)
		if err != nil || id != 0 {
			if err != nil {
				return err
			}
			if err := reassign(t, r, id, byLeader); err != nil || byLeader {
				return err
			}
			return tellWhyGiven(t, r, id)
		}
		if ruled != "" {
			t.Say(fmt.Sprintf("好的，不给%s。转给谁？请回复数字：\n", ruled)+flows.Numbered(buttons), buttons...)
			return nil
		}
		if name, _ := nameGiven(t.Text); name != "" && r.WorkerName != "" && namesPerson(name, r.WorkerName) {
			// 王师傅, 还是给王师傅吧 at 改派给谁 when 王师傅 has it (not
			// among the buttons, which leave him out): he keeps it.
			if byLeader {
				return keepWorker(t, r, fmt.Sprintf("好的，%s 本来就是%s负责，不改派了。", r.Ref, r.WorkerName), "")
			}
			t.Say(fmt.Sprintf("%s 现在就是你负责。要转给谁？请回复数字：\n", r.Ref)+flows.Numbered(buttons), buttons...)
			return nil
		}
	}
	c, ok := pick(t, "请回复数字选择维修人员：", buttons)
	if !ok {
		return nil
	}
	id, _ := strconv.ParseInt(c, 10, 64)
	return reassign(t, r, id, byLeader)
}

func answerReclassTier(t *flows.Turn, r Repair, a followUpData) error {
	buttons := tierButtons(r)
	c, ok := pick(t, fmt.Sprintf("请回复 1 到 %d 中的一个数字。", len(buttons)), buttons)
	if !ok {
		return nil
	}
	a.Choice = c
	t.Say(fmt.Sprintf("把 %s 从%s改为%s，请说明原因：", r.Ref, r.Severity(), Tier(c).Label()))
	return t.Goto(string(stateReclassWhy), a)
}

func answerReclassWhy(t *flows.Turn, r Repair, a followUpData) error {
	if !written(t, "请说明改变类别的原因。", false) {
		return nil
	}
	to := ParseTier(a.Choice)
	if a.Choice == "" { // asked before tiers: 改大修/小修 switched
		to = TierLarge
		if r.Tier == TierLarge {
			to = TierSmall
		}
	}
	if said := leaderReclassTier(t.Text); said != "" && t.Msg.Button == "" && ParseTier(typedArgs["改"+said][0]) != to {
		// 改小修 1 先不急 or 保密室的锁按紧急处理 考试要用, asked why a
		// job becomes urgent: another change, no reason for this one
		// (it had been kept as the reason, and the job made urgent).
		t.Done()
		t.Pass()
		return nil
	}
	return reclassify(t, r, to, flows.Clip(t.Text, 200))
}

func answerDecision(t *flows.Turn, r Repair, a followUpData) error {
	if other, err := otherNamedForLead(t, r); err != nil || other {
		// 监控那个同意叫厂家来 at the 202 light's menu: the words are
		// about the camera's job, so they are read afresh, as when no menu
		// is open, and the camera's job is decided (user test 29's R25).
		if err == nil {
			t.Done()
			t.Pass()
		}
		return err
	}
	if done, err := reassignNamed(t, r); done || err != nil {
		return err // 周师傅请假了 先给孙师傅弄一下: 改派, and to whom
	}
	if done, err := decisionSaid(t, r, a); done || err != nil {
		return err // 灯泡还没到货 先暂缓吧 下周三到, 批准 买玻璃 (leaders.go)
	}
	if t.Msg.Button == "" && (approvalSaid(t.Text) || approveWordsRE.MatchString(strings.TrimSpace(t.Text))) {
		// 批准采购, 同意外修 三天: 批准外修或采购 chosen in words, and
		// how long when said too.
		b := approving(t, r.ID)
		a.Choice, a.Note, a.What = b.Choice, b.Note, b.What
		return decideWhenSaid(t, r, a, approveDaysPrompt)
	}
	if t.Msg.Button == "" && fixedAfterAllSaid(t.Text) {
		// 都不是 这个已经修好了 直接算完成 (user test 32's T29): back to
		// its worker to record it done (fixedback.go).
		return fixedBack(t, r, t.Text)
	}
	c, ok := pick(t, "请回复 1 到 3 中的一个数字，或「改派」「批准」「暂缓」。", leadButtons)
	if !ok {
		return nil
	}
	a.Choice = c
	switch decision(c) {
	case decisionReassign:
		buttons, err := workerButtons(t, r)
		if err != nil {
			return err
		}
		t.Say("改派给谁？\n"+flows.Numbered(buttons), buttons...)
		return t.Goto(string(stateLeadWorker), a)
	case decisionDefer:
		t.Say("请说明暂缓的原因（会如实告诉报修人）：")
		return t.Goto(string(stateLeadNote), a)
	}
	t.Say("批准外修或采购，预计几天内修好？请回复天数（1–60）。")
	return t.Goto(string(stateLeadDays), a)
}

// cancelTailRE is 取消 said at the end of a sentence: 我说了不改派！取消.
var cancelTailRE = rx.MustCompile(`[\p{Han}！!，,。\s]\s*(?:算了\s*)?取消(?:吧|了)?[。！!]*$`)

// approveWordsRE is an approval said at the decision question: 批准采购,
// 同意外修吧 (leaderApproves' words, and more of them).
var approveWordsRE = rx.MustCompile(`^(?:同意|批准)(?:采购|外修|外包|购买|买新的|换新的|找厂家|了)?(?:吧|了)?[。！!]*$`)

func answerDeferWhy(t *flows.Turn, r Repair, a followUpData) error {
	if !written(t, "请说明暂缓的原因。", true) {
		return nil
	}
	a.Note = flows.Clip(t.Text, 200)
	return decideWhenSaid(t, r, a, deferDaysPrompt) // 下周三到货再装: when, said too
}

func answerDays(t *flows.Turn, r Repair, a followUpData) error {
	n, ok := parseDays(t.Text)
	if !ok {
		if due, said := dueSaid(t, t.Text); said {
			// 今天就得弄好, 明天中午 (user test 17's 分管领导 had no way
			// to say today: 「1」 made it tomorrow).
			return decideAll(t, r, a, due)
		}
		n, ok = dateDays(t, t.Text) // 下周三吧, 明天
	}
	if !ok {
		n, ok = daysAhead(t.Text) // 寒假以后吧 大概四十来天
	}
	if !ok {
		if due, said := termDue(t, t.Text); said {
			return decideAll(t, r, a, due) // 元旦前, 月底 (user test 30's T52)
		}
	}
	if !ok && decision(a.Choice) == decisionDefer {
		if due, said := seasonDue(t, t.Text); said {
			return decideAll(t, r, a, due) // 明年开春吧, 三个月
		}
		t.Say("请回复 1 到 60 之间的天数，例如「3」；也可以说日期，例如「下周三」，或「三个月」「明年开春」「下学期」。")
		return nil
	}
	if !ok {
		t.Say("请回复 1 到 60 之间的天数，例如「3」；也可以说日期，例如「下周三」。")
		return nil
	}
	return decideAll(t, r, a, decidedDue(t, n))
}

// parseDays reads how many days as people say it: 3, 3天, 三天, 三天内,
// 一个礼拜, 一周, 两周, 半个月, 一个月 (up to 60).
func parseDays(text string) (int, bool) {
	s := strings.TrimSpace(text)
	s = strings.TrimRight(s, "吧啊呀。！!")
	s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(s, "以内"), "内"), "左右")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "大概"), "大约")
	if r := []rune(s); len(r) > 2 && r[len(r)-1] == '天' && strings.ContainsRune("来多把", r[len(r)-2]) {
		s = string(r[:len(r)-2]) + "天" // 四十来天: about forty
	}
	if r := []rune(strings.TrimSuffix(s, "天")); len(r) == 2 {
		// 两三天, 三五天, 一两天 (user test 30's T17 was asked how many):
		// the larger.
		a, okA := parse.ParseChoice(string(r[0]), 9)
		b, okB := parse.ParseChoice(string(r[1]), 9)
		if r[0] == '两' {
			a, okA = 2, true
		}
		if r[1] == '两' {
			b, okB = 2, true
		}
		if okA && okB && a < b && b-a <= 2 {
			return b, true
		}
	}
	for w, n := range map[string]int{"一个礼拜": 7, "一礼拜": 7, "一周": 7, "一星期": 7, "一个星期": 7, "两周": 14, "两个礼拜": 14,
		"两个星期": 14, "半个月": 15, "一个月": 30, "一月": 30, "两个月": 60} {
		if s == w {
			return n, true
		}
	}
	return parse.ParseChoice(strings.TrimSuffix(s, "天"), 60)
}

func answerRedoWhy(t *flows.Turn, r Repair, _ followUpData) error {
	if t.Msg.Button == "" && len(t.Msg.Media) == 0 && !skipped(t) && Nonsense(t.Text) {
		t.Say(fmt.Sprintf("抱歉，没有看懂「%s」。哪里还没修好？请简单说明（或回复「跳过」）。", flows.Clip(strings.TrimSpace(t.Text), 20)))
		return nil
	}
	if t.Msg.Button == "" && len(t.Msg.Media) == 0 && undoRedoWords(t.Text) {
		// 撤销, 点错了, 其实修好了: the 没修好 just pressed was a mistake;
		// nothing was sent back yet, so it is simply not made.
		t.Done()
		n := Num(r)
		t.Say(fmt.Sprintf("好的，刚才的「没修好」不算，%s（%s %s）仍是%s已修好、等你验收，没有退回返修。你去看过后，修好了请回复「修好了 %d」，没修好请回复「没修好 %d」。",
			r.Ref, r.Place(), jobWords(r, 20), r.WorkerName, n, n),
			flows.Button{Label: "确认修好", Data: action(verbOK, r.ID)}, flows.Button{Label: "没修好", Data: action(verbRedo, r.ID)})
		return nil
	}
	note := ""
	if !skipped(t) {
		note = flows.Clip(t.Text, 200)
	}
	return reopen(t, r, note)
}

// answerRating reads a typed rating (4, 4分, 四分) for the buttons of
// 验收's reply, which a WeChat passive reply cannot show; a tap on them
// arrives as the button, through Act, whatever the state.
func answerRating(t *flows.Turn, r Repair, a followUpData) error {
	if t.Msg.Button == "" && takesBackSignOff(t.Text) {
		// 不对不对 我说的是灭火器: the sign-off just made was a mistake;
		// 篮球架我说了还没去看: that of the one named, of those signed off
		// together.
		o, err := signedOffNamed(t, r, a.Also)
		if err != nil {
			return err
		}
		return undoSignOff(t, o)
	}
	if skipped(t) {
		t.Done()
		t.Say("好的，谢谢！")
		return nil
	}
	n, ok := parseRating(t.Text)
	if !ok && a.Also != "" {
		// 都5分 (user test 27's K43, asked again): the score of each
		// repair signed off together, as any score here is.
		if rest := allRatedRE.ReplaceAllString(strings.TrimSpace(t.Text), ""); rest != strings.TrimSpace(t.Text) {
			n, ok = parseRating(rest)
		}
	}
	comment := ""
	if !ok {
		// 3分吧 画面发黄: the score, then what they think.
		if m := ratingThenWordsRE.FindStringSubmatch(strings.TrimSpace(t.Text)); m != nil {
			if n, ok = parseRating(m[1]); ok {
				comment = strings.TrimSpace(m[2])
			}
		}
	}
	if !ok {
		// 挺好的 就是晚了点 给4分吧: the score said inside the words; the
		// rest, less bare praise, is the comment.
		if m := ratingSaidRE.FindStringSubmatchIndex(t.Text); m != nil {
			if n, ok = parseRating(t.Text[m[2]:m[3]]); ok {
				comment = ratingComment(t.Text[:m[0]] + " " + t.Text[m[1]:])
			}
		}
	}
	if !ok {
		// 还行 就是修得有点慢 4分, 挺好的 很及时 给满分: the words, then
		// the score at the end.
		if m := ratingAtEndRE.FindStringSubmatchIndex(t.Text); m != nil {
			if n, ok = parseRating(t.Text[m[2]:m[3]]); ok {
				comment = ratingComment(t.Text[:m[0]])
			}
		}
	}
	if !ok {
		// 修得挺快 四分吧 焊的地方有点毛刺: the score a part of its own
		// amid the words; the rest is the comment.
		if m := ratingPartRE.FindStringSubmatchIndex(t.Text); m != nil {
			if n, ok = parseRating(t.Text[m[2]:m[3]]); ok {
				comment = ratingComment(t.Text[:m[0]] + " " + t.Text[m[1]:])
			}
		}
	}
	if !ok && t.Msg.Button == "" && len(t.Msg.Media) == 0 {
		// 挺快的 谢谢师傅 (user test 33's T24): praise is a good score,
		// its words the comment.
		if n, praised := praiseScore(t.Text); praised {
			return ratePraised(t, r, a.Also, n)
		}
	}
	if !ok && t.Msg.Button == "" {
		// 我们初二三班的电脑开机蓝屏 下午第三节要用课件 急: no score but
		// something else, read as itself (the fifteenth user test's was
		// asked for a score again, no repair was filed and her next 「3」
		// was kept as the score). The score is left unasked, as 跳过.
		if other, err := notRating(t, r); err != nil {
			return err
		} else if other {
			// The question is dropped, not kept for later: another open
			// question would stand between him and what he just began,
			// and a score said later still rates r (earlyrate.go), so
			// he is told how; no hint on how to leave the question.
			t.Done()
			t.Say(fmt.Sprintf("%s 的打分先跳过了，想打分时直接回复几分就行（如「4分」）。", r.Ref))
			t.Reread(t.Text)
			return nil
		}
	}
	if !ok && t.Msg.Button == "" && complaintRE.MatchString(t.Text) && !notFixedRE.MatchString(t.Text) && !Nonsense(t.Text) {
		// 太慢了: a complaint, kept; the score is hers to give.
		return complainedAtRating(t, r, a)
	}
	if !ok {
		t.Say("请回复 1 到 5 的数字打分（5 分最好），或回复「跳过」。", rateButtons(r.ID, a.Also)...)
		return nil
	}
	if comment == "" {
		// A score at the question for several signed off together is
		// each one's (the question asked it for all).
		return rate(t, r, rateArgs(n, a.Also))
	}
	// Both at once: the score as rate records it, then the words as the
	// comment question takes them.
	r.Rating = n
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventRated, From: r.Status, To: r.Status, Note: strconv.Itoa(n)}); err != nil {
		return err
	}
	refs := []string{r.Ref}
	if a.Also != "" {
		others, err := rateOthers(t, a.Also, n)
		if err != nil {
			return err
		}
		refs = append(others, r.Ref)
	}
	// Said back as understood: the score and the words kept.
	return saveCommentSaying(t, r, comment, ratedLineOf(refs, n)+fmt.Sprintf("你说的「%s」也记下了。", flows.Clip(comment, 40)))
}

// notRating reports words at r's rating question that are clearly about
// something else, to be read as if no question were open: a fault with
// its thing named, somewhere else or of another trade than r, or said to
// be urgent or a 报修 (the same fault at the same place may be words on
// r); a question about repairs (not about the score: 怎么打分); a
// sign-off naming another repair awaiting the writer. Praise, 满意 and
// words on r stay at the question.
func notRating(t *flows.Turn, r Repair) (bool, error) {
	text := strings.TrimSpace(t.Text)
	if text == "" {
		return false, nil
	}
	if ok, err := decidesWaiting(t, text); ok || err != nil {
		// 礼堂灯要买镇流器 我批了 300块以内 (user test 28's P4): a
		// leader's approval of another job waiting for him, no score.
		return ok, err
	}
	if strings.ContainsAny(text, "分星") {
		return false, nil
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return false, err
	}
	u := understand(text, locs, sender(t, locs))
	switch u.Intent {
	case IntentReport, IntentVague:
		urgent := rushRE.MatchString(text) || strings.Contains(text, "急") || strings.Contains(text, "报修")
		for _, g := range u.Problems {
			if urgent && u.Intent == IntentVague {
				return true, nil
			}
			if g.Trade == "" {
				continue
			}
			if urgent || g.Trade != r.Trade || g.PlaceText != "" || g.LocationID != 0 && g.LocationID != r.LocationID {
				return true, nil
			}
		}
	case IntentProgress:
		return true, nil
	}
	if s, ok := readSignOff(t, text); ok && s.named && len(s.chosen) > 0 {
		return true, nil
	}
	return false, nil
}

// allRatedRE begins a score given to every repair signed off together:
// 都5分, 全都给五星, 四个都是5分.
var allRatedRE = rx.MustCompile(`^(?:这|那)?(?:几|[两二三四五六七八九2-9])?(?:个|单|项)?(?:都|全都|全部|统统|一律)(?:是|给|打)?\s*`)

// rateOthers gives score n to each repair of also (ids, as
// followUpData.Also keeps them) that the writer signed off and has not
// rated, and returns their references.
func rateOthers(t *flows.Turn, also string, n int) ([]string, error) {
	var refs []string
	for _, f := range strings.Split(also, ",") {
		id, _ := strconv.ParseInt(f, 10, 64)
		o, err := db(t).Repair(t.Ctx, id)
		if errors.Is(err, flows.ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if o.SchoolID != t.School.ID || o.ReporterID != t.Staff.ID || o.Status != RepairClosed || o.Rating != 0 {
			continue
		}
		o.Rating = n
		if err := db(t).UpdateRepair(t.Ctx, o, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventRated, From: o.Status, To: o.Status, Note: strconv.Itoa(n)}); err != nil {
			return nil, err
		}
		refs = append(refs, o.Ref)
	}
	return refs, nil
}

// ratedLineOf says score n was recorded, as ratedLine, for each repair of
// refs: 「谢谢！BX-001、BX-002 两单都记了 5 分。」 when more than one.
func ratedLineOf(refs []string, n int) string {
	if len(refs) < 2 {
		return ratedLine(n)
	}
	all := fmt.Sprintf("%s %s单都记了 %d 分", strings.Join(refs, "、"), countWord(len(refs)), n)
	switch {
	case n <= 2:
		return all + "，抱歉这次没让你满意。"
	case n == 3:
		return all + "，谢谢！"
	}
	return "谢谢！" + all + "。"
}

// ratingThenWordsRE is a score followed by words: 「3分吧 画面发黄」.
var ratingThenWordsRE = rx.MustCompile(`^((?:给|打)?个?(?:[1-5１-５一二三四五]\s*(?:分|星|颗星)?|两(?:分|星|颗星)|满分|满星))[吧啊呀]?[，,。\s]+(\S.*)$`)

// ratingSaidRE is a score given inside other words: 给4分吧, 打个五星.
var ratingSaidRE = rx.MustCompile(`(?:给|打)个?\s*([1-5１-５一二三四五两](?:分|星|颗星)|满分|满星)[吧啊呀]?`)

// ratingAtEndRE is a score ending other words, after a space or a comma:
// 还行 就是修得有点慢 4分, 挺好的 很及时 给满分, 都挺快的 5分.
var ratingAtEndRE = rx.MustCompile(`[\s，,。！!]+((?:给|打)?个?\s*(?:[1-5１-５一二三四五两](?:分|星|颗星)|满分|满星|五星好评|5星好评))[吧啊呀！!。~]*\s*$`)

// ratingPartRE is a score standing apart amid other words, between spaces
// or commas: 修得挺快 四分吧 焊的地方有点毛刺.
var ratingPartRE = rx.MustCompile(`(?:^|[\s，,。！!])([1-5１-５一二三四五两](?:分|星|颗星)|满分)[吧啊呀]?(?:[\s，,。！!]|$)`)

// barePraise are words that only praise, which add nothing to a score.
var barePraise = []string{"挺好的", "挺好", "很好", "不错", "还不错", "满意", "还行", "可以", "还可以", "好的"}

// ratingComment is text around a score, less bare praise and
// punctuation: 「挺好的 就是晚了点 」 is 就是晚了点.
func ratingComment(text string) string {
	parts := strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune("，,。.！!~ 、；;", r) })
	parts = slices.DeleteFunc(parts, func(p string) bool { return slices.Contains(barePraise, p) })
	return strings.Join(parts, "，")
}

// rerateRE is a score corrected: 打错了 是4分, 改成5分.
// bareScoreRE is a score alone, 4 or 4分 or 四星, as a correction of the
// one just given.
var bareScoreRE = rx.MustCompile(`^[1-5１-５一二三四五](?:分|星|颗星)?[吧啊呀。！!]*$`)

var rerateRE = rx.MustCompile(`^(?:打错了|点错了|按错了|不对)?[，,\s]*(?:是|改成|改为|应该是|应该打)\s*([1-5１-５一二三四五][分星])`)

// parseRating reads a score of 1 to 5 as people type it: 4, 4分, 四分,
// ④, 4星, 给个五星吧.
func parseRating(text string) (int, bool) {
	text = strings.TrimSpace(text)
	// 一样3分, 也是3分, 这个也给3分: the score, as for the one before.
	text = sameAsRE.ReplaceAllString(text, "")
	text = strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(text, "给个"), "给"), "打")
	text = strings.TrimPrefix(text, "个")
	// 五星好评👍 (user test 16 was asked for a number): an emoji beside a
	// score changes nothing.
	text = strings.TrimSpace(emojiRE.ReplaceAllString(text, ""))
	text = strings.TrimRight(text, "吧啊呀！!。")
	if slices.Contains([]string{"满分", "五星好评", "5星好评", "五分好评", "5分好评", "满星"}, text) {
		return 5, true // 满分, 五星好评: the best score
	}
	for _, suf := range []string{"颗星", "分", "星"} {
		if s, ok := strings.CutSuffix(text, suf); ok {
			text = strings.TrimSpace(s) // 4 分 (user test 32's T56)
			break
		}
	}
	if text == "两" {
		return 2, true // 给个两分 (user test 17's F21): 两 is how two is said before 分
	}
	return parse.ParseChoice(text, 5)
}

// emojiRE is a pictograph (👍, 👌, 🙏, 😊) with its skin tone or variation
// selector.
var emojiRE = rx.MustCompile(`[\p{So}\x{1F3FB}-\x{1F3FF}\x{FE0F}\x{200D}]+`)

// sameAsRE begins a score given as before: 一样, 也是, 同样, 还是, 这个也给.
var sameAsRE = rx.MustCompile(`^(?:这个|这张|这单|这次)?(?:也是|也给|也打|一样|同样|照样|还是|也)?(?:是|给|打)?\s*`)

// notMineRE is someone objecting that a thing was given to them, which is
// no comment on a repair: 怎么找我了, 怎么派给我了, 不归我管, 不是我们班的.
var notMineRE = rx.MustCompile(`怎么(?:又)?(?:找|派|给|交给|让|安排)(?:到)?我|不归我(?:们)?(?:班)?管|不是我(?:们)?(?:班|这边|这里)?(?:的|管)|(?:跟|和)我(?:们班)?(?:没|无)(?:有)?关`)

func answerComment(t *flows.Turn, r Repair, _ followUpData) error {
	said := strings.TrimSpace(t.Text)
	if m := rerateRE.FindStringSubmatch(said); m != nil || t.Msg.Button == "" && len(t.Msg.Media) == 0 && bareScoreRE.MatchString(said) {
		// 打错了 是4分: the score corrected, the question still open. So
		// is a bare 4 right after the score (user test 18's third re-run,
		// N20, kept it as the comment): a number is no comment.
		if m != nil {
			said = m[1]
		}
		if n, ok := parseRating(said); ok && n == r.Rating {
			t.Say(fmt.Sprintf("好的，%d 分已经记下了。还有什么想说的吗？（直接回复，或回复「跳过」结束）", n))
			return nil
		} else if ok {
			r.Rating = n
			if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventRated, From: r.Status, To: r.Status, Note: strconv.Itoa(n)}); err != nil {
				return err
			}
			t.Say(fmt.Sprintf("好的，已改为 %d 分。还有什么想说的吗？（直接回复，或回复「跳过」结束）", n))
			return nil
		}
	}
	if t.Msg.Button == "" && len(t.Msg.Media) == 0 && !skipped(t) && Nonsense(t.Text) {
		// asdfjkl;: a slip of the keyboard, not a word on the repair (the
		// eleventh user test's was thanked for and kept as its comment).
		t.Say(fmt.Sprintf("抱歉，没有看懂「%s」。还有什么想说的吗？（直接回复，或回复「跳过」结束）", flows.Clip(strings.TrimSpace(t.Text), 20)))
		return nil
	}
	if t.Msg.Button == "" && len(t.Msg.Media) == 0 && !skipped(t) && t.Notified() && withoutNoComment(t.Text) != "" {
		// A notification with buttons came after the question (老郑's
		// 【请复查】 of the hazard this repair mended): the words answer
		// the newest thing he saw, 「东门路灯我去看了 亮起的没问题」 the
		// re-check, not the optional comment, which the fifteenth user
		// test's round had kept them as. The rating stays.
		t.Pass()
		return nil
	}
	if t.Msg.Button == "" && len(t.Msg.Media) == 0 && !skipped(t) && notMineRE.MatchString(t.Text) {
		// 取暖器这个怎么找我了 教务处不归我管啊 (user test 28): something
		// else given her, objected to, read anew; no word on the repair
		// she just thanked for with stars.
		t.Pass()
		return nil
	}
	if t.Msg.Button == "" && len(t.Msg.Media) == 0 && !skipped(t) && asksOtherAtComment(t.Text, r) {
		// 今天还有啥没弄完的, 这周修了多少 (user test 30's T55, asked long
		// after his rating, was thanked for as its comment): a question
		// on anything but the repair rated is read anew.
		t.Pass()
		return nil
	}
	if a, _, ok := signedAgainOf(t, t.Text); ok && a.ID != r.ID && !skipped(t) {
		// 插座那个也好了 5分, of another repair she signed off already:
		// read anew (signedagain.go), not kept as this one's comment.
		t.Pass()
		return nil
	}
	if t.Msg.Button == "" && len(t.Msg.Media) == 0 && !skipped(t) && signsOffAnother(t, r) {
		// 门锁也好了 3分 锁有点涩: another repair signed off, read anew.
		t.Pass()
		return nil
	}
	if t.Msg.Button == "" && len(t.Msg.Media) == 0 && !skipped(t) {
		locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
		if err != nil {
			return err
		}
		// A report names its place: 「就是门还有点响」 is a comment on the
		// repair rated, 「302门口地砖翘起来了」 a new report.
		if u := understand(t.Text, locs, sender(t, locs)); u.Intent == IntentReport && len(u.Problems) > 0 && u.Problems[0].Trade != "" &&
			(u.Problems[0].LocationID != 0 && u.Problems[0].LocationID != r.LocationID || u.Problems[0].PlaceText != "" || newFault(u.Problems[0], r) || cameBack(t.Text)) {
			// 302门口地砖翘起来了 学生容易绊倒: a new report, not a comment
			// on the rating (the seventh user test's had been thanked
			// for and lost). The rating stays; the comment is left. So is
			// the fault back (302广播又开始滋滋响了 跟之前一模一样, user test
			// 29's R14, thanked for): a 返修 of the repair just rated.
			t.Pass()
			return nil
		}
	}
	comment := ""
	if !skipped(t) {
		comment = withoutNoComment(t.Text)
	}
	return saveComment(t, r, comment)
}

// newFault reports whether g, a fault read from words typed at the
// optional comment, is not the repair r just rated: a hazard, or another
// trade or thing. User test 26's 「风太大把402的窗户刮开了 玻璃裂了一道大缝」
// and 「一楼男厕所小便池冻住了 冲不下去」 named no place in the list, were
// thanked for as comments, and were lost. Words on r's own thing
// (门还有点响 after a door) stay its comment.
func newFault(g RepairGuess, r Repair) bool {
	if g.Hazard != "" {
		return true // a danger is always filed, never only remarked on
	}
	if g.Trade != r.Trade {
		return true
	}
	return g.Item != "" && r.Item != "" && g.Item != r.Item && !strings.Contains(r.Description, g.Item)
}

// noCommentWords say there is nothing to add, in the words people use at an
// optional question: 没意见, 没得意见 (川渝), 冇意见 (粤), 没啥说的, 就这样吧.
var noCommentWords = []string{
	"没意见", "没有意见", "没得意见", "没啥意见", "没什么意见", "冇意见", "无意见", "暂无意见", "暂时没有",
	"没啥说的", "没什么说的", "没什么好说的", "没啥好说的", "没什么要说的", "没啥要说的", "没得说的",
	"没有了", "没了", "没啥", "没什么", "没事", "就这样", "就这样吧", "就这些", "不用了", "没别的", "没别的了",
	"谢谢", "谢谢师傅", "辛苦了", "辛苦师傅",
}

// withoutNoComment is text less the words that add nothing to a rating
// (noCommentWords, barePraise): 「没得意见」 is no comment, 「没意见 就是来得有
// 点晚」 is 就是来得有点晚. Text with nothing else left is kept whole when it
// says more than no-comment words (谢谢师傅 辛苦了 alone is thanks, kept as
// none).
func withoutNoComment(text string) string {
	parts := strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune("，,。.！!~ 、；;", r) })
	kept := slices.DeleteFunc(slices.Clone(parts), func(p string) bool {
		p = strings.TrimRight(p, "吧啊呀哈嘛喔哦")
		return slices.Contains(noCommentWords, p) || slices.Contains(noCommentWords, p+"吧") || slices.Contains(barePraise, p)
	})
	if len(kept) == len(parts) {
		return text
	}
	return strings.Join(kept, "，")
}

// saveComment keeps the reporter's words on a rated repair ("" keeps
// none) and ends the questions. With none (跳过, 没意见) no feedback is
// thanked for: the repair is closed plainly (the fifteenth user test's
// 「跳过」 got 「收到，谢谢你的反馈！」).
func saveComment(t *flows.Turn, r Repair, comment string) error {
	if comment == "" {
		return saveCommentSaying(t, r, comment, "好的，这次报修就结束了，谢谢！")
	}
	if sorry, ok := complaintSorry(comment); ok {
		// 返工了一次 希望下次一次修好: a complaint, apologised for.
		return saveCommentSaying(t, r, comment, "收到你的意见，已记下。"+sorry)
	}
	return saveCommentSaying(t, r, comment, "收到，谢谢你的反馈！")
}

// saveCommentSaying is saveComment answering reply.
func saveCommentSaying(t *flows.Turn, r Repair, comment, reply string) error {
	t.Done()
	if comment != "" {
		if r.RatingComment != "" && r.RatingComment != comment {
			comment = r.RatingComment + "；" + comment // said with the sign-off, kept
		}
		r.RatingComment = flows.Clip(comment, 200)
		if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventCommented, From: r.Status, To: r.Status, Note: r.RatingComment}); err != nil {
			return err
		}
	}
	if comment != "" && r.WorkerID != 0 && asksWorker(comment, r.WorkerName) {
		// 钥匙让王师傅赶紧送过来 (user test 17's F7): a request to the
		// worker, said with the rating, reaches him; it had only been
		// kept as the comment, and the teacher still had no key.
		if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r),
			Text: fmt.Sprintf("【报修人留言】%s（%s %s）\n%s说：%s", r.Ref, r.Place(), r.Description, t.Staff.Name, comment)}); err != nil {
			return err
		}
		if cut, ok := strings.CutSuffix(reply, "也记下了。"); ok {
			reply = cut + "已转告" + r.WorkerName + "。"
		} else {
			reply += "已转告" + r.WorkerName + "。"
		}
	}
	t.Say(reply)
	return nil
}

// workerAskRE is a request for someone to bring or do something: 让王师傅
// 赶紧送过来, 叫师傅把钥匙拿来, 麻烦师傅再来一趟.
var workerAskRE = rx.MustCompile(`(?:让|叫|请|麻烦|催)([^，,。；;！!？?\s]{0,8}?)(?:赶紧|尽快|快点|马上|早点|抓紧|再)?(?:送|拿|带|给我|补|配|过来|来一趟)`)

// asksWorker reports whether comment asks the worker (named, 师傅 or 他)
// for something.
func asksWorker(comment, worker string) bool {
	for _, m := range workerAskRE.FindAllStringSubmatch(comment, -1) {
		if strings.Contains(m[1], "师傅") || strings.Contains(m[1], "他") || worker != "" && strings.Contains(m[1], worker) {
			return true
		}
	}
	return false
}

// move applies a status change, answering kindly when someone else got
// there first (the state machine in the store is the final word).
func move(t *flows.Turn, r Repair, kind EventKind, note string, from RepairStatus) (bool, error) {
	if !CanMove(from, r.Status) {
		t.Done()
		t.Say(fmt.Sprintf("%s 目前%s，这一步已经不能做了。", r.Ref, from.Label()))
		return false, nil
	}
	err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: kind, From: from, To: r.Status, Note: note})
	return err == nil, err
}

// finishDone records r done with its cause (and note, who damaged it),
// the photo of the finished work and what was done in the worker's words
// (fix, or ""), and asks the reporter to sign it off.
func finishDone(t *flows.Turn, r Repair, cause Cause, note, photo, fix string) error {
	t.Done()
	unblocked := false
	if r.Status == RepairBlocked {
		// His own 修不好, taken back: the job is done after all (unblock.go).
		var err error
		if r, err = unblock(t, r); err != nil {
			return err
		}
		unblocked = true
	}
	from := r.Status
	_, _, slip := finishBeforeSlip(t, r) // 没修好 taken back: not a rework (slip.go)
	r.Status, r.DoneAt, r.Cause, r.DamageNote, r.DonePhoto = RepairDone, t.Now, cause, note, photo
	if r.AcceptedAt.IsZero() {
		r.AcceptedAt = t.Now
	}
	label := cause.Label()
	if cause == CauseDamage {
		label += "：" + note
	}
	fixed := "已修好（" + label + "）" // told to whoever signs it off
	if cause == "" {
		fixed = "已办好" // a job that mended nothing (notdamage.go)
	}
	eventNote, said := label, ""
	if fix = withoutClosingWord(fix); fix != "" {
		eventNote += "；" + fix
		said = fmt.Sprintf("\n%s说：%s\n", t.Staff.Name, fix)
	}
	if ok, err := move(t, r, EventDone, eventNote, from); !ok {
		return err
	}
	id := strconv.Itoa(Num(r))
	ask := []flows.Button{{Label: "确认修好", Data: action(verbOK, r.ID)}, {Label: "没修好", Data: action(verbRedo, r.ID)}}
	text := fmt.Sprintf("你报修的 %s（%s %s）%s%s。%s请去看一下，确认修好了吗？\n回复「修好了 %s」或「没修好 %s」；%d 天内未回复将自动验收。",
		r.Ref, r.Place(), r.Description, r.WorkerName, fixed, said, id, id, t.School.Settings.AutoConfirmDays)
	signer, signers := r.ReporterName, []int64(nil)
	if selfReported(r) {
		// The worker reported this job himself (often an urgent or safety
		// one he found on his rounds, like a gas smell) and fixed it: he
		// cannot sign off his own work, and closing it unchecked would
		// leave a safety job unseen by anyone. The 总务主任 signs it off,
		// as a leader would any job; an ordinary one costs him a glance,
		// and it still closes by itself after AutoConfirmDays.
		heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
		if err != nil {
			return err
		}
		var names []string
		for _, h := range heads {
			if h.ID == t.Staff.ID {
				continue
			}
			text := fmt.Sprintf("%s自己报修的 %s（%s %s）已由他%s，需要你验收。%s请去看一下，确认修好了吗？\n回复「修好了 %s」或「没修好 %s」；%d 天内未回复将自动验收。",
				r.WorkerName, r.Ref, r.Place(), r.Description, strings.TrimPrefix(fixed, "已"), said, id, id, t.School.Settings.AutoConfirmDays)
			if err := t.Notify(flows.Notification{ToStaff: h.ID, Kind: NoticeUpdate, Ref: ref(r), Text: text, Buttons: ask}); err != nil {
				return err
			}
			names = append(names, h.Name)
			signers = append(signers, h.ID)
		}
		signer = "总务主任"
		if len(names) > 0 {
			signer = strings.Join(names, "、")
		}
	} else if err := tellReporter(t, r, text, ask, false); err != nil {
		return err
	}
	// A follower does not sign off: she is told who will, so that she
	// neither waits to be asked nor wonders whether her 好了 counts.
	if signer == "" {
		signer = "报修人"
	}
	again := "已修好"
	if r.Reopens > 0 && !slip {
		again = "已重新修好"
	}
	// The 总务主任 asked to sign off a worker's own job follows it since
	// its first finish: asked, he is not told he need not answer.
	if err := tellFollowersBut(t, r, fmt.Sprintf("你关注的 %s（%s %s）%s%s，由%s验收，你不用回复。",
		r.Ref, r.Place(), followerDesc(r), r.WorkerName, again, signer), signers); err != nil {
		return err
	}
	for _, h := range signers {
		// Following it, the 总务主任 finds it by its number (修好了 7).
		if err := db(t).AddFollower(t.Ctx, r.ID, h, t.Now, ""); err != nil {
			return err
		}
	}
	if err := groupCard(t, r); err != nil {
		return err
	}
	late := ""
	if t.Now.After(r.DueAt) {
		late = "（已超过期限 " + formatLate(t.Now.Sub(r.DueAt)) + "）"
	}
	told := ""
	if fix != "" {
		told = "，你说的维修情况也一并转告了"
	}
	if unblocked {
		if err := tellUnblocked(t, r); err != nil {
			return err
		}
		told += "，之前的「修不好」已撤回并告知了领导"
	}
	if fix != "" {
		// 桌子也搬过去两张了: the 总务主任's request (requestdone.go).
		also, err := tellRequestDone(t, r, fix)
		if err != nil {
			return err
		}
		told += also
	}
	t.Say(fmt.Sprintf("已记录 %s 完成%s，已请%s验收%s。辛苦了！", r.Ref, late, signer, told))
	return nil
}

// closingWordRE is a clause that only says a job is done: 完成, 搞定了,
// 好了, 修好了, OK, maybe with its number (完成 1).
var closingWordRE = rx.MustCompile(`^(?:已经?)?(?:完成|完工|完事|搞定|好|修好|弄好|搞好|处理好|整好|ok|OK|Ok)(?:了|啦|喽|咯)?(?:\s*\d{1,3}\s*号?)?$`)

// closingSepRE splits a worker's words into clauses.
var closingSepRE = rx.MustCompile(`[\s，,。.！!；;~～]+`)

// withoutClosingWord is a worker's words on a job he finished less the
// clauses, at either end, that only say it is done: the completion notice
// says that already, and 「周师傅说：…现在有点温了 完成」 passed his closing
// 完成 on as news (user test 28). Words that are only that give "".
func withoutClosingWord(fix string) string {
	s := strings.Trim(fix, " \t\n，,。.！!；;~～")
	for s != "" {
		seps := closingSepRE.FindAllStringIndex(s, -1)
		switch {
		case len(seps) == 0:
			if closingWordRE.MatchString(s) {
				return ""
			}
			return s
		case closingWordRE.MatchString(s[seps[len(seps)-1][1]:]):
			s = s[:seps[len(seps)-1][0]]
		case len(seps) >= 2 && closingWordRE.MatchString(s[seps[len(seps)-2][1]:]):
			s = s[:seps[len(seps)-2][0]] // 完成 1: the word and its number
		case closingWordRE.MatchString(s[:seps[0][0]]):
			s = s[seps[0][1]:]
		default:
			return s
		}
	}
	return s
}

// selfReported reports whether r's worker reported it himself.
func selfReported(r Repair) bool { return r.WorkerID != 0 && r.ReporterID == r.WorkerID }

// formatLate is flows.LateText: how late (or how long left).
func formatLate(d time.Duration) string { return flows.LateText(d) }

func blockRepair(t *flows.Turn, r Repair, rec, why string) error {
	t.Done()
	from := r.Status
	r.Status, r.BlockedReason, r.Recommendation = RepairBlocked, why, rec
	if ok, err := move(t, r, EventBlocked, rec+"："+why, from); !ok {
		return err
	}
	leaders, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleLeader)
	if err != nil {
		return err
	}
	heads, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleHead)
	if err != nil {
		return err
	}
	id := strconv.Itoa(Num(r))
	head := "修不好"
	if rec == needDefer {
		head = "申请延期"
	}
	text := fmt.Sprintf("【%s·请处理】%s\n地点：%s\n问题：%s\n维修人员：%s\n原因：%s\n建议：%s\n请回复「处理 %s」选择改派、批准外修/采购或暂缓。",
		head, r.Ref, r.Place(), r.Description, r.WorkerName, why, rec, id)
	told := map[int64]bool{}
	for _, s := range append(leaders, heads...) {
		if told[s.ID] || s.ID == t.Staff.ID {
			continue
		}
		told[s.ID] = true
		if err := t.Notify(flows.Notification{ToStaff: s.ID, Kind: NoticeEscalated, Ref: ref(r), Text: text,
			Buttons: []flows.Button{{Label: "处理", Data: action(verbLead, r.ID)}}, Link: t.Link("/r/" + r.Ref)}); err != nil {
			return err
		}
	}
	if err := tellReporter(t, r, fmt.Sprintf("你报修的 %s（%s %s）暂时修不好：%s（%s）。已上报分管领导，确定处理办法后会马上告诉你。",
		r.Ref, r.Place(), r.Description, why, rec), nil, true); err != nil {
		return err
	}
	if err := groupCard(t, r); err != nil {
		return err
	}
	who := "分管领导"
	if len(leaders) > 0 {
		who += leaders[0].Name
	}
	if rec == needDefer {
		t.Say(fmt.Sprintf("延期要由领导决定：已把 %s 的延期申请上报%s，并告知了报修人。领导决定后会告诉你新的期限。", r.Ref, who))
		return nil
	}
	t.Say(fmt.Sprintf("已把 %s 上报%s，并告知了报修人。", r.Ref, who))
	return nil
}

// workerButtons lists the workers a repair can go to: those of its trade
// first, then the rest; never the current worker.
func workerButtons(t *flows.Turn, r Repair) ([]flows.Button, error) {
	ws, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleWorker)
	if err != nil {
		return nil, err
	}
	var first, rest []flows.Button
	for _, w := range ws {
		if w.ID == r.WorkerID {
			continue
		}
		b := flows.Button{Label: w.Name, Data: strconv.FormatInt(w.ID, 10)}
		if len(w.Trades) > 0 {
			b.Label += "（" + w.Trades[0].Label() + "）"
		}
		if containsTrade(w.Trades, r.Trade) {
			first = append(first, b)
		} else {
			rest = append(rest, b)
		}
	}
	return append(first, rest...)[:min(len(first)+len(rest), 9)], nil
}

func reassign(t *flows.Turn, r Repair, workerID int64, byLeader bool) error {
	t.Done()
	w, err := t.Tx.StaffByID(t.Ctx, workerID)
	if err != nil || w.SchoolID != t.School.ID {
		t.Say("没有找到这位维修人员。")
		return nil
	}
	from, old := r.Status, r.WorkerID
	r.Status, r.WorkerID, r.WorkerName = RepairAssigned, w.ID, w.Name
	r.RouteReason = "由" + t.Staff.Name + "转派"
	oldDue := r.DueAt
	if byLeader {
		// The leader who decided is named, as in 暂缓 and 批准 (decidedBy):
		// another leader's 处理 is told who it was.
		r.Decision = fmt.Sprintf("改派给%s（%s）", w.Name, t.Staff.Name)
		r.DueAt = RepairDue(t.School.Settings, t.School.Location(), t.Now, r.Tier)
	}
	if ok, err := move(t, r, EventTransferred, r.RouteReason+"给"+w.Name, from); !ok {
		return err
	}
	if byLeader {
		if err := tellOthersDecided(t, r, from, oldDue, old); err != nil {
			return err
		}
	}
	if old != 0 && old != t.Staff.ID {
		if err := t.Notify(flows.Notification{ToStaff: old, Kind: NoticeUpdate, Ref: ref(r),
			Text: fmt.Sprintf("%s 已由%s转给%s，你不用再处理。", r.Ref, t.Staff.Name, w.Name)}); err != nil {
			return err
		}
	}
	if said := instructionSaid(t); said != "" {
		// 转给王师傅 让他先拉个警戒线: what the leader wants of the
		// worker reaches him with the job (the fourteenth user test's
		// 总务主任, whose 警戒线 never did).
		if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeAssigned, Ref: ref(r),
			Text: jobCard(t, r, "【转派任务】") + noRouteNote(r) + fmt.Sprintf("\n%s的原话：「%s」", t.Staff.Name, said), Buttons: jobButtons(r), Link: t.Link("/r/" + r.Ref)}); err != nil {
			return err
		}
		if err := groupCard(t, r); err != nil {
			return err
		}
	} else if err := notifyJob(t, r, "【转派任务】"); err != nil {
		return err
	}
	if err := tellReporter(t, r, fmt.Sprintf("你报修的 %s（%s %s）已转由%s维修，%s 前修好。", r.Ref, r.Place(), r.Description, w.Name, t.When(r.DueAt)), nil, byLeader); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("已把 %s 转派给%s。", r.Ref, w.Name))
	return nil
}

// reclassify changes r's tier (紧急, 大修, 小修). The due time is the new
// tier's rule applied at the time of the report, never from now: 改大修
// then 改小修 must not clear a worker's overdue status, and no
// reclassification moves a due time later than the rule allowed when the
// teacher reported. Made urgent, the 分管领导 and 总务主任 hear at once.
func reclassify(t *flows.Turn, r Repair, to Tier, why string) error {
	return reclassifySaying(t, r, to, why, "")
}

// reclassifySaying is reclassify with note said to the writer after the
// change (what the tier rules make of 明天修就行, tierForTomorrow).
func reclassifySaying(t *flows.Turn, r Repair, to Tier, why, note string) error {
	t.Done()
	if to == r.Tier {
		t.Say(fmt.Sprintf("%s 已经是%s了。", r.Ref, r.Severity()))
		return nil
	}
	by := rushBy(t, to)
	r, told, ok, err := changeTier(t, r, to, dropUrging(why), by)
	if !ok {
		return err
	}
	// Which job it was, by its ref, place and thing (user test 32's T27
	// was told only 「已改为紧急」), and whom it told, by name, when it
	// told anyone: not 「已告知报修人」 when the leader reported it.
	reply := fmt.Sprintf("已把 %s（%s %s）改为%s，新的期限是 %s", r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20), r.Severity(), t.When(r.DueAt))
	byNote := rushByNote(t, r, by)
	if strings.HasPrefix(byNote, "（") {
		reply, byNote = reply+byNote, ""
	}
	reply += "。"
	if told != "" {
		reply += "已告知" + told + "。"
	}
	if byNote != "" {
		reply += "\n" + byNote
	}
	if note != "" {
		reply += "\n" + note
	}
	t.Say(reply)
	return nil
}

// changeTier changes r to tier to for why (reclassify), tells those
// concerned, and returns r changed and whom it told (报修人, or the worker
// who reported it himself); ok is false when r could no longer be
// changed (said).
func changeTier(t *flows.Turn, r Repair, to Tier, why string, by time.Time) (Repair, string, bool, error) {
	before, wasUrgent := r.Severity(), r.Tier == TierUrgent
	r.Tier = to
	r.DueAt = RepairDue(t.School.Settings, t.School.Location(), r.ReportedAt, r.Tier)
	if soon := RepairDue(t.School.Settings, t.School.Location(), t.Now, r.Tier); to == TierUrgent && r.DueAt.Before(soon) {
		// Made urgent hours or days after its report (改紧急 of the demo's
		// job of 11月20日 was due on 11月20日): the urgent hours count from
		// the change, not from a report long past.
		r.DueAt = soon
	}
	if by.After(t.Now) && by.Before(r.DueAt) {
		r.DueAt = by // 两点家长会就开始了: done by two (rushby.go)
	}
	note := before + "→" + r.Severity()
	if why != "" {
		note += "：" + why
	}
	if ok, err := move(t, r, EventReclassified, note, r.Status); !ok {
		return r, "", false, err
	}
	who := "维修人员"
	if t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) && r.WorkerID != t.Staff.ID {
		who = t.Staff.Name
	}
	because := ""
	if why != "" {
		because = "（原因：" + why + "）"
	}
	text := fmt.Sprintf("你报修的 %s（%s %s）被%s改为%s%s，新的期限是 %s。",
		r.Ref, r.Place(), r.Description, who, r.Severity(), because, t.When(r.DueAt))
	var h Hazard
	if to == TierUrgent {
		if rd := understand(r.Description, nil, sender(t, nil)); len(rd.Problems) > 0 {
			h = rd.Problems[0].Hazard
		}
		if a := h.Advice(); a != "" {
			text += "\n安全提示：" + a
		}
	}
	// Whom it told, by name (the reporter, then the worker), each once.
	var names []string
	if selfReported(r) && r.WorkerID != t.Staff.ID {
		// The worker reported it himself (user test 32's T27: 吴老师 was
		// told twice, and the leader 「已告知报修人」): told once, as its
		// worker, with the reason.
	} else if err := tellReporter(t, r, text, nil, false); err != nil {
		return r, "", false, err
	} else if r.ReporterID != t.Staff.ID && r.ReporterID != 0 {
		names = append(names, cmp.Or(r.ReporterName, "报修人"))
	}
	if r.WorkerID != 0 && r.WorkerID != t.Staff.ID {
		names = append(names, cmp.Or(r.WorkerName, "维修人员"))
	}
	if r.WorkerID != t.Staff.ID {
		if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r),
			Text:    fmt.Sprintf("%s（%s %s）已由%s改为%s%s，新的期限是 %s。", r.Ref, r.Place(), r.Description, t.Staff.Name, r.Severity(), map[bool]string{true: because}[selfReported(r)], t.When(r.DueAt)),
			Buttons: jobButtons(r)}); err != nil {
			return r, "", false, err
		}
	}
	if to == TierUrgent {
		if err := alertUrgent(t, r, h, false, "", ""); err != nil {
			return r, "", false, err
		}
	}
	if wasUrgent && to != TierUrgent {
		// The 分管领导 and 总务主任 had its 【紧急报修】 alert (user test
		// 31's T40: 陈主任 still held it after the downgrade).
		unrushed, err := tellUnrushed(t, r, why)
		if err != nil {
			return r, "", false, err
		}
		names = append(names, unrushed...)
	}
	if err := groupCard(t, r); err != nil {
		return r, "", false, err
	}
	told := ""
	if n := len(names); n == 1 {
		told = names[0]
	} else if n > 1 {
		told = strings.Join(names[:n-1], "、") + "和" + names[n-1]
	}
	return r, told, true, nil
}

// tellUnrushed tells those alerted of r as urgent (notifyLeaders: every
// 分管领导 and 总务主任 but the writer and its worker) that it is urgent
// no more, and returns their names.
func tellUnrushed(t *flows.Turn, r Repair, why string) ([]string, error) {
	var names []string
	told := map[int64]bool{t.Staff.ID: true, r.WorkerID: true}
	for _, role := range leaderRoles {
		ss, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, role)
		if err != nil {
			return nil, err
		}
		for _, s := range ss {
			if told[s.ID] {
				continue
			}
			told[s.ID] = true
			names = append(names, s.Name)
			if err := t.Notify(flows.Notification{ToStaff: s.ID, Kind: NoticeUpdate, Ref: ref(r),
				Text: fmt.Sprintf("【不再紧急】%s（%s %s）已由%s改为%s（原因：%s），新的期限是 %s，不用再按紧急报修处理。",
					r.Ref, r.Place(), r.Description, t.Staff.Name, r.Severity(), why, t.When(r.DueAt)),
				Buttons: []flows.Button{{Label: "处理", Data: action(verbLead, r.ID)}, {Label: "改紧急/大修/小修", Data: action(verbReclass, r.ID)}}}); err != nil {
				return nil, err
			}
		}
	}
	return names, nil
}

func leadSummary(t *flows.Turn, r Repair) string {
	s := fmt.Sprintf("%s %s「%s」\n维修人员：%s，状态：%s，期限 %s", r.Ref, r.Place(), r.Description, r.WorkerName, r.Status.Label(), t.When(r.DueAt))
	if r.BlockedReason != "" {
		s += fmt.Sprintf("\n修不好的原因：%s（%s）", r.BlockedReason, r.Recommendation)
	}
	return s
}

// decide records a leader's approval (外修/采购) or deferral with a new due date.
func decide(t *flows.Turn, r Repair, a followUpData, days int) error {
	return decideBy(t, r, a, decidedDue(t, days))
}

// decideBy is decide with the deadline said (今天 21:00, 明天中午 12:00).
func decideBy(t *flows.Turn, r Repair, a followUpData, due time.Time) error {
	d, ok, err := recordDecision(t, r, a, due)
	if !ok {
		return err
	}
	which := ""
	if a.Named {
		which = fmt.Sprintf("%s（%s「%s」）", d.r.Ref, d.r.Place(), flows.ClipWords(firstDescription(d.r), 20))
	}
	t.Say(fmt.Sprintf("%s已记录：%s，新的期限 %s。已告知%s。", which, d.r.Decision, t.When(d.r.DueAt), d.told) + sameThingOpen(t, d.r.Item, map[int64]bool{d.r.ID: true}))
	return nil
}

// decided is one job a leader's decision has moved: the job as it now
// is, and whom the leader is told the decision went to.
type decided struct {
	r       Repair
	told    string   // 报修人和维修人员, with those charged with a part of it
	charged []string // the names of those charged, if any
}

// recordDecision records a leader's decision a on r with the deadline
// due and tells everyone concerned, saying nothing to the leader:
// decideBy says it for one job, decideMany once for several (user test
// 30b's T17: four heating jobs approved in one sentence had four replies,
// each listing the others). ok is false when r was no longer waiting for
// a decision.
func recordDecision(t *flows.Turn, r Repair, a followUpData, due time.Time) (decided, bool, error) {
	t.Done()
	from, oldDue := r.Status, r.DueAt
	r.DueAt = due
	var text string
	switch decision(a.Choice) {
	case decisionRefuse:
		r.Status = RepairAccepted
		r.Decision = fmt.Sprintf("不批准外修或采购，由维修人员继续处理（%s）", t.Staff.Name)
		text = fmt.Sprintf("你报修的 %s（%s %s）经%s决定由维修人员继续维修，预计 %s 前修好。", r.Ref, r.Place(), r.Description, t.Staff.Name, t.When(r.DueAt))
	case decisionDefer:
		r.Status = RepairDeferred
		r.Decision = fmt.Sprintf("暂缓：%s（%s）", a.Note, t.Staff.Name)
		text = fmt.Sprintf("你报修的 %s（%s %s）经%s决定暂缓维修：%s。预计 %s 前处理。", r.Ref, r.Place(), r.Description, t.Staff.Name, a.Note, t.When(r.DueAt))
	default:
		r.Status = RepairAccepted
		what := approvedWhat(a, t.Text, r.Recommendation)
		r.Decision = fmt.Sprintf("%s%s（%s）", decisionApproved, what, t.Staff.Name)
		text = fmt.Sprintf("你报修的 %s（%s %s）已由%s批准%s，预计 %s 前修好。", r.Ref, r.Place(), r.Description, t.Staff.Name, what, t.When(r.DueAt))
	}
	if ok, err := move(t, r, EventDecided, r.Decision, from); !ok {
		return decided{}, false, err
	}
	charged, err := chargedSaid(t, r, a.Note)
	if err != nil {
		return decided{}, false, err
	}
	skip := map[int64]bool{r.WorkerID: true}
	for _, s := range charged {
		skip[s.ID] = true // 让陈主任联系防水公司: told what to do, not 不用再处理 (handover.go)
	}
	if err := tellOthersDecidedExcept(t, r, from, oldDue, skip); err != nil {
		return decided{}, false, err
	}
	if err := tellCharged(t, r, charged, a.Note); err != nil {
		return decided{}, false, err
	}
	if err := tellReporter(t, r, text, nil, true); err != nil {
		return decided{}, false, err
	}
	if r.WorkerID != t.Staff.ID {
		said := ""
		if decision(a.Choice) != decisionDefer && a.Note != "" {
			// 返厂同意 让吴老师联系厂家: the leader's words, as said.
			said = fmt.Sprintf("\n%s的原话：「%s」", t.Staff.Name, a.Note)
		}
		if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r),
			Text: fmt.Sprintf("%s：%s，新的期限 %s。%s", r.Ref, r.Decision, t.When(r.DueAt), said), Buttons: jobButtons(r)}); err != nil {
			return decided{}, false, err
		}
	}
	if err := groupCard(t, r); err != nil {
		return decided{}, false, err
	}
	d := decided{r: r, told: "报修人和维修人员"}
	if len(charged) > 0 {
		for _, s := range charged {
			d.charged = append(d.charged, s.Name)
		}
		d.told = "报修人、维修人员和" + strings.Join(d.charged, "、") + "（转达了你的原话）"
	}
	return d, true, nil
}

// sameThingOpen is a line naming the other open jobs of the thing item
// (the other rooms' 暖气 when one was approved for the heating company:
// user test 30's T17 had only one in front of the leader), those in done
// left out, each with where it stands, and how to decide those waiting
// for him; "" when there are none.
func sameThingOpen(t *flows.Turn, item string, done map[int64]bool) string {
	if item == "" {
		return ""
	}
	rs, err := candidates(t)
	if err != nil {
		return ""
	}
	var lines []string
	var waiting []string
	for _, o := range rs {
		if done[o.ID] || o.Item != item || !o.Status.Open() || o.Status == RepairDone || o.Status == RepairDeferred {
			continue
		}
		who := ""
		if o.WorkerName != "" {
			who = "，" + o.WorkerName
		}
		lines = append(lines, fmt.Sprintf("· %s %s「%s」%s%s", o.Ref, o.Place(), flows.ClipWords(firstDescription(o), 20), o.Status.Label(), who))
		if o.Status == RepairBlocked && mayAct(t, o, verbLead) == "" {
			waiting = append(waiting, strconv.Itoa(Num(o)))
		}
		if len(lines) == 5 {
			break
		}
	}
	if len(lines) == 0 {
		return ""
	}
	s := fmt.Sprintf("\n另外还有 %d 单「%s」的报修没有结束：\n%s", len(lines), item, strings.Join(lines, "\n"))
	if len(waiting) > 0 {
		s += fmt.Sprintf("\n其中修不好、等你处理的，请回复「处理 %s」。", strings.Join(waiting, " "))
	}
	return s
}

// keepWorker is 改派 called off by a leader (不改派, 还是给王师傅吧), said
// so. A job its worker's 修不好 left waiting for the leaders goes back to
// him to carry on, with a deadline, and the other leaders, the reporter
// and he learn the decision: user test 28's 不改派 left it 修不好·待领导处理
// and the other leader still asked to 处理 it. The leader's other words
// (让他先想想办法) are passed on to the worker as said.
func keepWorker(t *flows.Turn, r Repair, said, words string) error {
	t.Done()
	if r.Status != RepairBlocked || r.WorkerID == 0 {
		t.Say(said)
		return nil
	}
	from, oldDue := r.Status, r.DueAt
	if !r.DueAt.After(t.Now) {
		r.DueAt = RepairDue(t.School.Settings, t.School.Location(), t.Now, r.Tier)
	}
	r.Status = RepairAccepted
	r.Decision = fmt.Sprintf("不改派，仍由%s维修（%s）", r.WorkerName, t.Staff.Name)
	if ok, err := move(t, r, EventDecided, r.Decision, from); !ok {
		return err
	}
	if err := tellOthersDecidedExcept(t, r, from, oldDue, map[int64]bool{r.WorkerID: true}); err != nil {
		return err
	}
	if err := tellReporter(t, r, fmt.Sprintf("你报修的 %s（%s %s）经%s决定仍由%s继续维修，预计 %s 前修好。",
		r.Ref, r.Place(), r.Description, t.Staff.Name, r.WorkerName, t.When(r.DueAt)), nil, true); err != nil {
		return err
	}
	if r.WorkerID != t.Staff.ID {
		why := ""
		if r.BlockedReason != "" {
			why = fmt.Sprintf("你说的「%s」", flows.ClipWords(r.BlockedReason, 30))
		}
		if words != "" && !OnlyFiller(words) {
			why = fmt.Sprintf("%s的原话：「%s」\n", t.Staff.Name, flows.Clip(words, 100)) + why
		}
		if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r),
			Text: fmt.Sprintf("【领导决定】%s（%s %s）：%s决定不改派，仍由你继续维修，期限 %s。%s如果确实要买配件或找外面修，请回复「修不好 %d」说明需要什么，我会再报领导。",
				r.Ref, r.Place(), r.Description, t.Staff.Name, t.When(r.DueAt), why, Num(r)), Buttons: jobButtons(r)}); err != nil {
			return err
		}
	}
	if err := groupCard(t, r); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("%s已退回%s继续维修，期限 %s。已告知%s、报修人和其他领导。", said, r.WorkerName, t.When(r.DueAt), r.WorkerName))
	return nil
}

// approvedWhat is what a leader's approval of a's job approves: what the
// leader's own words name, in the approval (a.Note) or the answer to how
// long (t.Text), before what the worker's 修不好 suggested (rec): 同意找外面
// 修, 让厂家来修 approve 外包维修 even of a job the worker wanted bought (a
// re-run's 分管领导 had 「同意找外面修」 recorded as 批准采购).
func approvedWhat(a followUpData, text, rec string) string {
	what := a.What
	if what == "" {
		what = saidApproved(a.Note)
	}
	if what == "" {
		what = saidApproved(text)
	}
	if what == "采购" && rec == "需要配件" {
		what = "" // 同意买: the part the worker asked for
	}
	if what != "" {
		return what
	}
	if what := map[string]string{"需要配件": "购买配件", "需要采购": "采购", needOutside: "外包维修", needDefer: "延期"}[rec]; what != "" {
		return what
	}
	return "外修或采购"
}

// saidApproved is what words of an approval name: 外包维修 (找外面修, 外面的
// 人, 施工队, 厂家), 采购 (买, 换新的), or "".
func saidApproved(said string) string {
	switch {
	case needOutsideRE.MatchString(said):
		return "外包维修"
	case needBuyRE.MatchString(said):
		return "采购"
	}
	return ""
}

// tellOthersDecided tells the other leaders who were asked to decide r
// that t.Staff has decided it (r.Decision, due r.DueAt), so that none of
// them acts on the 「请处理」 still in their chat (the thirteenth user
// test's 分管领导, reading later, found one for a job the 总务主任 had
// decided): the 分管领导 and 总务主任, asked by 修不好 (from blocked) or
// by its lateness (past oldDue), and the 校长 once told it was long late;
// not t.Staff, nor asker, the worker whose 修不好 asked them.
func tellOthersDecided(t *flows.Turn, r Repair, from RepairStatus, oldDue time.Time, asker int64) error {
	return tellOthersDecidedExcept(t, r, from, oldDue, map[int64]bool{asker: true})
}

// tellOthersDecidedExcept is tellOthersDecided telling none of skip.
func tellOthersDecidedExcept(t *flows.Turn, r Repair, from RepairStatus, oldDue time.Time, skip map[int64]bool) error {
	if from != RepairBlocked && t.Now.Before(oldDue) {
		return nil // no one was asked
	}
	roles := []flows.Role{flows.RoleLeader, flows.RoleHead}
	if late := time.Duration(t.School.Settings.PrincipalAfterHrs) * time.Hour; !t.Now.Before(oldDue.Add(late)) {
		roles = append(roles, flows.RolePrincipal)
	}
	what, _ := decisionParts(r.Decision)
	text := fmt.Sprintf("【已处理】%s（%s %s）已由%s处理：%s，新的期限 %s。你不用再处理了。",
		r.Ref, r.Place(), r.Description, t.Staff.Name, what, t.When(r.DueAt))
	told := map[int64]bool{t.Staff.ID: true}
	for id := range skip {
		told[id] = true
	}
	_, err := t.NotifyRolesExcept(roles, told,
		flows.Notification{Kind: NoticeUpdate, Ref: ref(r), Text: text, Link: t.Link("/r/" + r.Ref)})
	return err
}

// decidedDue is the deadline of a leader's decision of days: the end of
// the working day (SmallDue) that many days on, not the same clock time,
// which at night would be a deadline at 02:31.
func decidedDue(t *flows.Turn, days int) time.Time {
	loc := t.School.Location()
	return t.School.Settings.SmallDue.On(t.Now.In(loc).AddDate(0, 0, days), loc)
}

// backToWorker is r sent back to its worker for rework (返修): assigned
// again, its finish forgotten, due again as new under its tier's rule (or
// by a leader's later approved deadline, keepsApprovedDue), and why added
// to its description.
func backToWorker(t *flows.Turn, r Repair, why string) Repair {
	r.Status, r.Reopens = RepairAssigned, r.Reopens+1
	r.DoneAt, r.Cause, r.DamageNote, r.DonePhoto = time.Time{}, "", "", ""
	due := RepairDue(t.School.Settings, t.School.Location(), t.Now, r.Tier)
	if keepsApprovedDue(r, due) {
		// 批准外修, 12月3日前: the leader's deadline still holds (the
		// fifteenth user test's was set to today's 14:06, and every list
		// then showed the job overdue-soon and the approval lost).
		due = r.DueAt
	}
	r.DueAt = due
	if why != "" {
		r.Description = flows.Clip(r.Description+"；返修："+why, MaxDescription)
	}
	return r
}

// Rework sends a finished repair (done, not yet signed off) back to its
// worker, as its reporter's 没修好 does, for another module's reason (a
// hazard's failed re-check): the worker gets the job card under title,
// and t's sender is told nothing here. reopened is false, and nothing
// changes, when the repair is not done: signed off already, or not
// finished.
func Rework(t *flows.Turn, id int64, why, title string) (r Repair, reopened bool, err error) {
	r, err = db(t).Repair(t.Ctx, id)
	if err != nil || r.Status != RepairDone {
		return r, false, err
	}
	from := r.Status
	r = backToWorker(t, r, why)
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventReopened, From: from, To: r.Status, Note: why}); err != nil {
		return r, false, err
	}
	return r, true, notifyJob(t, r, title)
}

// keepsApprovedDue reports whether r, sent back, keeps its deadline: one
// a leader gave approving outside repair or a purchase, later than due.
func keepsApprovedDue(r Repair, due time.Time) bool {
	return strings.HasPrefix(r.Decision, decisionApproved) && r.DueAt.After(due)
}

// reworkDue is how a job sent back is said to be due: its new deadline,
// or the approved one it keeps.
func reworkDue(t *flows.Turn, r Repair) string {
	if strings.HasPrefix(r.Decision, decisionApproved) && !r.DueAt.Equal(RepairDue(t.School.Settings, t.School.Location(), t.Now, r.Tier)) {
		// 批准外包维修（张校长）: 张校长已批准外包维修.
		what, who, _ := strings.Cut(strings.TrimPrefix(r.Decision, decisionApproved), "（")
		return fmt.Sprintf("%s已批准%s，期限仍是 %s", strings.TrimSuffix(who, "）"), what, t.When(r.DueAt))
	}
	return "新的期限 " + t.When(r.DueAt)
}

// keepDonePhoto keeps the photo of r's finish, which its reporter's
// 没修好 is about to clear, in r's trail: taken back right after
// (undo.go), the finish is put back whole.
func keepDonePhoto(t *flows.Turn, r Repair) error {
	if r.Status != RepairDone || r.DonePhoto == "" {
		return nil
	}
	return db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventDonePhotoKept, From: r.Status, To: r.Status, Note: r.DonePhoto})
}

// redoCommandRE is the command leading a 返修 reason typed with it: 「没修好 8
// 还是有焦味」 is sent back for 「还是有焦味」, not its whole text (the
// eighteenth user test's job read 「…；返修：没修好 8 还是有焦味」).
var redoCommandRE = rx.MustCompile(`^(?:没修好|没有修好|没修|返修|不通过|验收不通过)\s*(?:[A-Za-z]{1,4}-\d{8}-\d{1,6}|(?:第\s*)?[#＃]?\s*\d{1,6}\s*号?)?\s*[，,。:：;；、\s]*`)

// redoReason is why without a command leading it; a reason that is only
// the command is kept as said.
func redoReason(why string) string {
	if rest := strings.TrimSpace(redoCommandRE.ReplaceAllString(strings.TrimSpace(why), "")); rest != "" {
		return rest
	}
	return why
}

// reopen sends a repair the reporter did not accept back to the same worker.
func reopen(t *flows.Turn, r Repair, why string) error {
	t.Done()
	why = redoReason(why)
	if err := keepDonePhoto(t, r); err != nil {
		return err
	}
	from := r.Status
	r = backToWorker(t, r, why)
	if ok, err := move(t, r, EventReopened, why, from); !ok {
		return err
	}
	if err := notifyJob(t, r, "【返修】报修人反馈没修好 "); err != nil {
		return err
	}
	// The followers were told it was fixed: they hear that it is not.
	if err := tellFollowers(t, r, fmt.Sprintf("你关注的 %s（%s %s）%s验收时反馈还没修好，已退回%s重新维修，%s。",
		r.Ref, r.Place(), followerDesc(r), t.Staff.Name, r.WorkerName, reworkDue(t, r))); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("已退回给%s重新维修，%s。", r.WorkerName, reworkDue(t, r)))
	return nil
}

// otherNamedForLead reports whether the words typed at the decision menu
// of r name, by place or thing, another job waiting for the writer's
// decision and not r.
func otherNamedForLead(t *flows.Turn, r Repair) (bool, error) {
	if t.Msg.Button != "" || utf8.RuneCountInString(strings.TrimSpace(t.Text)) < 2 {
		return false, nil
	}
	if _, err := strconv.Atoi(strings.TrimSpace(t.Text)); err == nil {
		return false, nil // 2: the menu's choice
	}
	rs, err := candidates(t)
	if err != nil {
		return false, err
	}
	pool := []Repair{r}
	for _, x := range rs {
		if x.ID != r.ID && x.Status == RepairBlocked && mayAct(t, x, verbLead) == "" {
			pool = append(pool, x)
		}
	}
	if len(pool) < 2 {
		return false, nil
	}
	named, ok := pickedByWords(t, pool)
	return ok && named.ID != r.ID, nil
}

// commentAsksRE is a question, as people ask one in a chat: 还有啥没弄完的,
// 修了多少, 哪些, 怎么样了, 好了吗, 什么时候, a question mark.
// commentGripeRE is one that is a complaint on the repair rated, its
// comment: 为什么修了这么久, 怎么这么慢.
var (
	commentAsksRE  = rx.MustCompile(`[？?]|[吗么][。！!\s]*$|(?:还有|有)(?:啥|什么|哪些|多少|几个|几件|几单)|多少|几个|几单|哪些|哪几|怎么样|什么时候|啥时候|进度|情况`)
	commentGripeRE = rx.MustCompile(`为什么|为啥|凭什么|怎么(?:这么|那么|才|又)|咋(?:这么|那么|才|又)|干嘛`)
)

// asksOtherAtComment reports whether text, at the optional comment on r,
// is a question (commentAsksRE) on anything but r: neither its thing nor
// its place named, nor a complaint on it.
func asksOtherAtComment(text string, r Repair) bool {
	norm := strings.ToLower(parse.Normalize(text))
	if !commentAsksRE.MatchString(norm) || commentGripeRE.MatchString(norm) {
		return false
	}
	return nameStrength(norm, r) == 0 && !placeNamed(norm, r.LocationName)
}
