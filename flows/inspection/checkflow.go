package inspection

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// CheckFlow is 巡查: doing a due check by chat, item by item — 「全部正常」
// in one reply, 「3 有问题」 to describe item 3's hazard with a photo, and
// 「暂停」 to come back later. Its Actor handles the 开始检查 button of a
// reminder.
type CheckFlow struct{}

// checkFlowName is the flow's stable key in sessions.
const checkFlowName = "inspection"

// Name implements Flow.
func (CheckFlow) Name() string { return checkFlowName }

// Title implements Flow.
func (CheckFlow) Title() string { return "巡查" }

// YieldsToNotices implements flows.NoticeYielder: a round stays open at
// its remaining items while its checker gets on with a 【请复查】 or a
// 【隐患整改】 that reached them meanwhile (user test 18's N17).
func (CheckFlow) YieldsToNotices() bool { return true }

// Triggers implements Flow.
func (CheckFlow) Triggers() []string {
	return []string{"巡查", "安全检查", "开始巡查", "开始检查"}
}

// Hint implements the engine's help text.
func (CheckFlow) Hint() string {
	return "按清单逐项检查，都没问题就回复「全部正常」"
}

// Allowed implements Flow: whoever owes a check (a guard, a 班主任, the
// principal ...) does it by chat.
func (CheckFlow) Allowed(flows.Staff) bool { return true }

// The check flow's own states (the finding states are finding.go's).
const (
	statePick  = "pick"
	stateItems = "items"
)

type checkData struct {
	Choices []choice      `json:"choices,omitempty"`
	CheckID int64         `json:"check,omitempty"`
	Finding *findingDraft `json:"finding,omitempty"`
	Queue   []queued      `json:"queue,omitempty"` // items with a problem still to describe, after Finding
	// Amend is set while an item of a check already done is corrected
	// (不对 1有问题 right after 全部正常): the check stays done, and the
	// item's result becomes its finding when that is filed.
	Amend bool `json:"amend,omitempty"`
	// Told is what a leader said he found in a check told done (「下午做了
	// 考前安全检查 消防通道都畅通 …」, checkTold), kept while he is asked
	// which check it was: it is then read as the answer to its items.
	Told string `json:"told,omitempty"`
}

// Words of the item list.
var (
	wordsPause = []string{"暂停", "稍后", "稍后再做", "先停一下", "等会儿", "待会儿"}
)

// Button data of the item list (replies only: a tap comes back into the flow).
const (
	dataAllOK = "ok"
	dataPause = "pause"
	dataBad   = "bad:" // + the item's number
)

// Accepts implements flows.Acceptor: 「全部正常」 sent again after the
// round was recorded (the fifth user test's double send) is answered,
// not 没看懂. An acknowledgement (好的, 收到, OK) is not: said to a
// notice (the eighth user test's guard, after 「访客确认…请放行」) it
// opened his round, which then swallowed his next message.
func (CheckFlow) Accepts(t *flows.Turn) bool {
	return !flows.IsAck(t.Text) && (isAllFine(t.Text) || goingRound(t.Text) || namedCheck(t.Text) != "" || roundPlanned(t.Text) || saidRound(t.Text) ||
		placeOnlySaid(t.Staff, t.Text))
}

// saidRound reports whether text is a leader's own check in words
// (roundInWords).
func saidRound(text string) bool {
	_, _, ok := roundInWords(text)
	if !ok {
		_, _, _, ok = placeRound(text)
	}
	return ok
}

// plannedRoundRE is a clause telling a safety check the writer is about
// to lead: 下午我带人搞个冬季安全检查 (user test 26's 分管领导, G34, 没看懂).
// Its groups are when (元旦前, 下午), when said after who begins it (考前)
// and the check (冬季安全检查).
//
// When it is may come first, and that it begins after (user test 27's
// K45: 「放假前安全大检查 我现在开始查 门窗水电消防」, 没看懂): 放假前, 考试前;
// 期末安全检查开始了; after who begins it, too (我现在开始考前安全检查, user
// test 29's R31). A holiday's eve too: 元旦前搞个安全检查 (user test 28's
// N33, 没看懂), 春节前, 国庆前.
var plannedRoundRE = rx.MustCompile(`^(下午|上午|晚上|今晚|今天|明天|等会儿?|一会儿?|待会儿?|(?:放|寒|暑)?假(?:之)?前|放寒假前|放暑假前|考(?:试)?(?:之)?前|期末|(?:开学|元旦|春节|过年|国庆|五一|中秋|端午|清明|节日?|过节|汇演|运动会|考试)(?:之)?前)?(?:我|我们)?(?:先|现在|这就|马上|准备|要|打算|开始)*(?:带人|带队|带着\p{Han}{1,4})?(?:去)?((?:放|寒|暑)?假(?:之)?前|考(?:试)?(?:之)?前|期末|(?:开学|元旦|春节|过年|国庆|五一|汇演|运动会)(?:之)?前)?的?(?:搞个|搞一次|搞一下|做个|做一次|做|搞|来个|组织|组织个|组织一次|开展|开展一次|进行|进行一次)?(?:一次|一个)?((?:` + roundQualifiers + `)*的?(?:安全大?(?:检查|排查|巡查)|隐患排查|大?巡查)|(?:` + roundQualifiers + `)+的?(?:检查|排查))(?:一下|一遍|一圈)?(?:(?:现在|今天)?(?:就)?开始)?(?:了|啦|吧)?$`)

// roundQualifiers are the words that say which safety check: its scope
// (全校), its season (冬季, 汛期: 「汛期安全检查开始了」 was 没看懂 in the
// review of user test 30, and 「冬季防火检查现在开始」) or its subject
// (消防, 防火, 防冻).
const roundQualifiers = `全校|全面|冬季|冬天|夏季|秋季|春季|节前|假前|开学|期末|季节性|消防|用电|汛期|防汛|雨季|暴雨|防冻|冬防|防寒|入冬|防火|防溺水|防暑|寒假|暑假|节假日`

// topicTailRE ends the list of what a check covers: 消防通道这几块.
var topicTailRE = rx.MustCompile(`(?:这几块|这几项|这几个方面|这几样|这些|几块|等等|等)$`)

// roundPlanned reports whether text tells a safety check the writer is
// about to lead (plannedRoundRE), maybe followed by what it covers (防滑
// 取暖设备 消防通道这几块), each part short and telling nothing wrong.
func roundPlanned(text string) bool {
	cs := slices.DeleteFunc(clauseSepRE.Split(strings.TrimSpace(text), -1), func(c string) bool { return c == "" })
	if len(cs) == 0 || !plannedRoundRE.MatchString(cs[0]) {
		return false
	}
	for _, c := range cs[1:] {
		c = topicTailRE.ReplaceAllString(c, "")
		if c == "" || utf8.RuneCountInString(c) > 8 || troubleRE.MatchString(c) || dangerRE.MatchString(c) {
			return false
		}
	}
	return true
}

// noRoundText answers a leader who tells a safety check he is about to
// lead when the school has no check list for it: how to record what he
// finds as he goes.
const noRoundText = "好的。学校目前没有可以直接开始的检查清单，检查中发现的问题请随时发「发现隐患」逐条登记：" +
	"一条消息说一处，附一张现场照片，比如「发现隐患 食堂后门消防通道堆了杂物 较大 让陈主任今天清走」，" +
	"地点、等级（一般、较大、重大、紧急）、要不要维修都可以一起说。都没问题就不用回复。"

// namedCheckRE is a whole message starting a check named by its kind:
// user test 17's 总务主任 said 「开始这个月的消防器材月检」 and got 没看懂,
// though 「巡查」 would have told him no check was due. The check's name is
// the first group.
var namedCheckRE = rx.MustCompile(`^(?:我|我们)?(?:先|现在|这就|马上|准备|要)*(?:开始|去做|来做|做)(?:一下)?(?:这个月|本月|这周|本周|今天|今日|这学期|本学期)?的?((?:[^了的\P{Han}]\p{Han}{0,7}?)?(?:月检|周检|巡检|检查))(?:了|啦|吧)?$`)

// namedCheck is the check a message starting one names (消防器材月检), or "".
func namedCheck(text string) string {
	if m := namedCheckRE.FindStringSubmatch(strings.TrimRight(strings.TrimSpace(text), "。！!~ ")); m != nil {
		return m[1]
	}
	return ""
}

// fitsNamed reports whether check c is the one named (a check of the
// kind of 消防器材月检, or any when none is named).
func fitsNamed(c choice, named string) bool {
	// 开始检查 names no check: any fits.
	generic := slices.Contains([]string{"", "检查", "月检", "周检", "巡检"}, named)
	return generic || strings.Contains(c.Label, named) || strings.Contains(named, c.Label)
}

// goingRound reports whether text only says the person sets out on the
// round, maybe in two clauses: user test 16's guard said 「我转一圈去 今天的
// 巡查开始了」 and 陈主任 「我现在开始今天的安全巡查」, both 没看懂. Every
// clause must be a going (goingRoundRE) or a walk (转一圈去), and one must
// name the round: 「我转一圈去」 alone may be anything.
func goingRound(text string) bool {
	named := false
	for _, c := range clauseSepRE.Split(strings.TrimSpace(text), -1) {
		switch {
		case c == "":
		case goingRoundRE.MatchString(c):
			named = true
		case !walkRE.MatchString(c):
			return false
		}
	}
	return named
}

// walkRE is a clause saying the person walks round, without naming the
// round: 我转一圈去, 先走一圈.
var walkRE = rx.MustCompile(`^(?:我|我们)?(?:先|现在|这就|马上|准备|要)*(?:去|出去)?(?:转一圈|转一转|转转|走一圈|走一走|绕一圈)去?(?:了|啦|咯|喽)?$`)

// goingRoundRE is a whole message saying the person sets out on the
// round: the sixteenth user test's guard said 「我去转一圈巡查」 and got
// 没看懂 (only the bare 「巡查」 started it). 「我去巡查了」「现在去巡视一下」
// 「转一圈巡查去」 are the same; a place or a problem after it is not.
// 「我现在开始今天的安全巡查」「今天的巡查开始了」 (user test 16) too: the
// round named with its day and kind, begun.
// A time and 做个 may come with it: user test 18's 分管领导 said 「下午我转一圈
// 做个安全检查」 (F60).
var goingRoundRE = rx.MustCompile(`^(?:下午|上午|晚上|今晚|今天|等会儿?|一会儿?|待会儿?)?(?:我|我们)?(?:先|现在|这就|马上|准备|要|打算)*(?:开始)?(?:去|出去)?(?:校园里?|学校里?|外面)?(?:转一圈|转一转|转转|走一圈|走一走|看一圈|绕一圈)?(?:做个|做一下|做一次|搞个|搞一下|来个|去做|顺便)?(?:今天|今日|今儿)?的?(?:每日|日常)?(?:校园|安全)*(?:巡查|巡逻|巡视|安全检查|安全巡检|巡检)(?:一下|一圈|一遍|去)?(?:开始)?(?:了|啦|咯|喽|吧)?$`)

// isAllFine is a whole message that says every item is fine: 全部正常,
// 都没问题, 其他都正常.
func isAllFine(text string) bool {
	a := readAnswers(text, nil)
	return a.all && len(a.bad) == 0 && len(a.good) == 0 && !a.pause && len([]rune(strings.TrimSpace(text))) <= 8
}

// Start implements Flow.
func (f CheckFlow) Start(t *flows.Turn) error {
	if t.Staff.Has(flows.RoleHead, flows.RoleLeader, flows.RolePrincipal) && roundPlanned(t.Text) {
		// 元旦前搞个安全检查 消防 用电 取暖 门窗: his areas are the list.
		if names := roundAreas(t.Text); len(names) > 0 {
			return f.startOwnRound(t, names, ownRoundTitle(t.Text))
		}
	}
	if t.Staff.Has(flows.RoleHead, flows.RoleLeader, flows.RolePrincipal) {
		// 家长会前我去礼堂转一圈 … 疏散通道 灭火器 座椅都看看 (user test
		// 32's T52): that place, the things he named.
		if names, title, place, ok := placeRound(t.Text); ok {
			return f.startPlaceRound(t, names, title, place)
		}
		// 消防演练前我巡一下教学楼 (user test 34's T1): that place, the
		// usual items.
		if names, title, place, ok := placeOnlyRound(t.Text); ok {
			return f.startPlaceOnlyRound(t, names, title, place)
		}
	}
	if t.Staff.Has(flows.RoleHead, flows.RoleLeader, flows.RolePrincipal) {
		// 考试前再巡一遍 重点看消防通道和用电 (user test 29c's V7).
		if names, title, ok := roundInWords(t.Text); ok {
			return f.startOwnRound(t, names, title)
		}
	}
	if t.Staff.Has(flows.RoleHead, flows.RoleLeader, flows.RolePrincipal) {
		// 开始冬季防火防冻安全检查: that season's usual list.
		if ok, err := f.startSeasonRound(t); ok || err != nil {
			return err
		}
	}
	cs, err := choices(t)
	if err != nil {
		return err
	}
	switch {
	case len(cs) == 0 && isAllFine(t.Text):
		t.Done()
		t.Say("收到。你今天要做的检查都已经记录完成了，不用再回复「全部正常」。发现新的安全隐患随时可以发送「发现隐患」。")
		return nil
	case len(cs) == 0 && t.Staff.Has(flows.RoleHead, flows.RoleLeader, flows.RolePrincipal):
		// 下午我转一圈做个安全检查 from a leader who owes no check (user
		// test 18's F60): a round of his own, or the one he paused.
		// 下午我带人搞个冬季安全检查 防滑 取暖设备…, or 巡查 alone (the
		// menu's): going too (user test 26's G34, G35).
		planned := roundPlanned(t.Text)
		going := goingRound(t.Text) || namedCheck(t.Text) != "" || planned || bareStart(t.Text)
		if cs, err = leaderRounds(t, going); err != nil {
			return err
		}
		if len(cs) == 0 && planned {
			t.Done()
			t.Say(noRoundText)
			return nil
		}
		if len(cs) == 0 {
			return noCheck(t)
		}
		if len(cs) == 1 {
			if cs[0].CheckID == 0 {
				t.Say(fmt.Sprintf("好的，这次按「%s」的项目记为你的临时检查，不影响当天的例行巡查。", strings.TrimSuffix(cs[0].Label, adhocLabel)))
			}
			return f.open(t, cs[0])
		}
	case len(cs) == 0:
		return noCheck(t)
	case len(cs) == 1 && !cs[0].AdHoc && fitsNamed(cs[0], namedCheck(t.Text)):
		return f.open(t, cs[0])
	}
	bs := choiceButtons(cs)
	ask := "请选择要做的检查（回复数字）："
	if named := namedCheck(t.Text); !slices.ContainsFunc(cs, func(c choice) bool { return fitsNamed(c, named) }) {
		// A check named that is not one due (消防器材月检 while only the
		// daily round is): said so, and the ones due shown, none opened.
		ask = fmt.Sprintf("目前没有需要你做的「%s」。你可以做的检查有（回复数字）：", named)
	}
	t.Say(ask+"\n"+flows.Numbered(bs), bs...)
	return t.Goto(statePick, checkData{Choices: cs})
}

// bareStart reports whether text only starts the check flow: a trigger
// alone (巡查) or the menu's number.
func bareStart(text string) bool {
	s := strings.TrimSpace(text)
	if s == "" {
		// The menu's 巡查 tapped, or typed by its number: the engine
		// starts the flow with no words (user test 27's K46 was told no
		// check was due).
		return true
	}
	if _, err := strconv.Atoi(s); err == nil {
		return true
	}
	return slices.Contains(CheckFlow{}.Triggers(), s)
}

// noCheck answers a person who owes no check.
func noCheck(t *flows.Turn) error {
	t.Done()
	t.Say("目前没有需要你做的检查。发现安全隐患随时可以发送「发现隐患」。")
	return nil
}

// adhocLabel ends the label of a round a leader does by hand.
const adhocLabel = "（临时检查）"

// roundPlanRE is the name of a plan that is a round of the school.
var roundPlanRE = rx.MustCompile(`巡查|巡检|巡视`)

// leaderRounds are the rounds a leader who owes no check may do: the
// ad hoc checks he began and did not finish, and, when going (he said he
// sets out on one), the school's scheduled rounds (a plan named 巡查, 巡检
// or 巡视) as ad hoc checks of his own, so the one who owes the round
// still does it.
func leaderRounds(t *flows.Turn, going bool) ([]choice, error) {
	checks, err := db(t).ChecksClosingAfter(t.Ctx, t.School.ID, t.Now)
	if err != nil {
		return nil, err
	}
	var cs []choice
	for _, c := range checks {
		if c.Status == CheckOpen && c.InspectorID == t.Staff.ID && c.AdHoc() {
			cs = append(cs, choice{PlanID: c.PlanID, CheckID: c.ID, Label: c.PlanName + "（已开始，未完成）"})
		}
	}
	if len(cs) > 0 || !going {
		return cs, nil
	}
	plans, err := db(t).Plans(t.Ctx, t.School.ID)
	if err != nil {
		return nil, err
	}
	for _, p := range plans {
		if p.Active && p.Schedule.Every != AdHoc && roundPlanRE.MatchString(p.Name) {
			cs = append(cs, choice{PlanID: p.ID, AdHoc: true, Label: p.Name + adhocLabel})
		}
	}
	return cs, nil
}

func choiceButtons(cs []choice) []flows.Button {
	bs := make([]flows.Button, len(cs))
	for i, c := range cs {
		bs[i] = flows.Button{Label: c.Label, Data: "c" + strconv.Itoa(i)}
	}
	return bs
}

// checkSteps is the state table of the check flow; the finding states
// are handled by stepFinding.
var checkSteps = map[string]func(CheckFlow, *flows.Turn, *checkData) error{
	statePick:  CheckFlow.stepPick,
	stateItems: CheckFlow.stepItems,
}

// Step implements Flow.
func (f CheckFlow) Step(t *flows.Turn) error {
	var d checkData
	if err := t.Load(&d); err != nil {
		return err
	}
	if isFindingState(t.State()) && d.Finding != nil {
		if d.Amend && pausedMidFinding(t) {
			return f.amendDropped(t, &d)
		}
		if pausedMidFinding(t) {
			return f.pauseMidFinding(t, &d)
		}
		if said, err := f.otherItemTold(t, &d); err != nil || said != "" {
			if err != nil {
				return err
			}
			// Another item's problem told while this one's question is
			// open (「3 有问题 消防通道堆了杂物」 at the level question was
			// read as level 3 and the finding lost): it waits its turn,
			// and this question is put again.
			t.Say(said)
			st, h, err := advanceFinding(t, d.Finding)
			return f.afterFinding(t, &d, st, h, err)
		}
		st, h, err := stepFinding(t, d.Finding, f.roundSide(&d))
		return f.afterFinding(t, &d, st, h, err)
	}
	if d.CheckID != 0 && t.Msg.Button == "" && callOffRE.MatchString(strings.TrimSpace(parse.Normalize(t.Text))) {
		return f.callOff(t, &d)
	}
	step, ok := checkSteps[t.State()]
	if !ok {
		t.Done()
		t.Say("刚才的检查对话已失效，请发送「巡查」重新开始。")
		return nil
	}
	return step(f, t, &d)
}

// callOffRE calls a round off, not for now but for good: 取消巡查, 这次不查了,
// 算了不查了, 结束检查.
var callOffRE = rx.MustCompile(`^(?:算了[\s，,]*)?(?:(?:取消|结束|停止|撤销|作废)(?:这次|本次|今天的?)?(?:的)?(?:巡查|检查|巡检|临时检查|安全检查)|(?:这次|今天)?(?:先)?(?:就)?不(?:查|检查|巡查)了)(?:吧|啊)?[。！!~～]*$`)

// callOff ends the round in d for good when it is an ad hoc check (a
// leader's own round, or a round begun outside its window): the check is
// cancelled, so it is neither offered by 「巡查」 nor reminded again; what
// was recorded stays, and hazards filed are rectified as any (review of
// user test 30: 取消巡查 left the round behind). A check owed by schedule
// cannot be called off, only paused: it is still due, or missed.
func (f CheckFlow) callOff(t *flows.Turn, d *checkData) error {
	c, err := db(t).Check(t.Ctx, d.CheckID)
	if err != nil {
		return err
	}
	if c.Status != CheckOpen {
		t.Done()
		t.Say(fmt.Sprintf("「%s」已经%s了。", c.PlanName, c.Status.Label()))
		return nil
	}
	if !c.AdHoc() || c.InspectorID != t.Staff.ID {
		t.Done()
		t.Say(fmt.Sprintf("「%s」是按计划要做的检查，不能取消，先停在这里；请在%s 前发送「巡查」接着做完，否则会记为漏检。", c.PlanName, t.When(c.Closes)))
		return nil
	}
	return cancelCheck(t, c, "")
}

// cancelCheck cancels the ad hoc check c and ends the conversation,
// saying so; lead goes before what is said.
func cancelCheck(t *flows.Turn, c Check, lead string) error {
	results, err := db(t).Results(t.Ctx, c.ID)
	if err != nil {
		return err
	}
	c.Status = CheckCancelled
	if err := db(t).UpdateCheck(t.Ctx, c); err != nil {
		return err
	}
	t.Done()
	kept := "，不会再提醒。"
	if len(results) > 0 {
		kept = fmt.Sprintf("，不会再提醒；已记录的 %d 项保留在记录里。", len(results))
	}
	if slices.ContainsFunc(results, func(r Result) bool { return r.HazardID != 0 }) {
		kept = strings.TrimSuffix(kept, "。") + "，已登记的隐患照常整改。"
	}
	t.Say(lead + fmt.Sprintf("好的，已取消「%s」%s", c.PlanName, kept))
	return nil
}

func (f CheckFlow) stepPick(t *flows.Turn, d *checkData) error {
	bs := choiceButtons(d.Choices)
	data, ok := t.Pick(bs)
	if !ok && t.Msg.Button == "" {
		if flows.IsWord(t.Text, wordsPause) {
			t.Done()
			t.Say("好的，需要时再发送「巡查」。")
			return nil
		}
		// 每日校园巡查: a check named by its plan, when one choice has that name.
		if i, found := choiceNamed(d.Choices, strings.TrimSpace(t.Text)); found {
			return f.openTold(t, d.Choices[i], d.Told)
		}
	}
	if !ok {
		t.Say("请回复数字选择要做的检查：\n"+flows.Numbered(bs), bs...)
		return nil
	}
	i, _ := strconv.Atoi(strings.TrimPrefix(data, "c"))
	return f.openTold(t, d.Choices[i], d.Told)
}

// openTold opens the check chosen and reads what was told of it before
// (checkData.Told), if anything, as the answer to its items.
func (f CheckFlow) openTold(t *flows.Turn, ch choice, told string) error {
	if err := f.open(t, ch); err != nil || told == "" {
		return err
	}
	return readTold(t, told)
}

// choiceNamed finds the one choice whose label begins with name (at least
// two characters), or reports none.
func choiceNamed(cs []choice, name string) (int, bool) {
	if len([]rune(name)) < 2 {
		return 0, false
	}
	at := -1
	for i, c := range cs {
		if strings.HasPrefix(c.Label, name) {
			if at >= 0 {
				return 0, false // two: the number tells them apart
			}
			at = i
		}
	}
	return at, at >= 0
}

// open starts or resumes the check of a choice and shows its items.
func (f CheckFlow) open(t *flows.Turn, ch choice) error {
	t.Done()
	p, err := db(t).Plan(t.Ctx, ch.PlanID)
	if errors.Is(err, flows.ErrNotFound) || err == nil && (!p.Active || p.SchoolID != t.School.ID) {
		t.Say("这项检查计划已经取消了。")
		return nil
	}
	if err != nil {
		return err
	}
	loc := t.School.Location()
	var c Check
	switch {
	case ch.CheckID != 0:
		if c, err = db(t).Check(t.Ctx, ch.CheckID); err != nil {
			return err
		}
	case p.Schedule.Every == AdHoc || ch.AdHoc:
		w := adhocWindow(t.Now, loc)
		c = Check{SchoolID: t.School.ID, PlanID: p.ID, WindowKey: w.Key, Opens: w.Opens, Closes: w.Closes,
			InspectorID: t.Staff.ID, Status: CheckOpen, StartedAt: t.Now, PlanName: p.Name}
		if err := db(t).CreateCheck(t.Ctx, &c); err != nil {
			return err
		}
	default:
		w, ok := p.Schedule.WindowAt(t.Now, loc)
		if !ok {
			t.Say(fmt.Sprintf("「%s」现在不在检查时间内（%s）。", p.Name, p.Schedule.Describe()))
			return nil
		}
		c, err = db(t).CheckAt(t.Ctx, p.ID, w.Key, ch.LocationID)
		if errors.Is(err, flows.ErrNotFound) {
			c = Check{SchoolID: t.School.ID, PlanID: p.ID, WindowKey: w.Key, Opens: w.Opens, Closes: w.Closes, LocationID: ch.LocationID,
				InspectorID: t.Staff.ID, Status: CheckOpen, StartedAt: t.Now, PlanName: p.Name}
			err = db(t).CreateCheck(t.Ctx, &c)
		}
		if err != nil {
			return err
		}
	}
	switch c.Status {
	case CheckDone:
		t.Say(fmt.Sprintf("「%s」已由%s在 %s 完成，不用再做了。", p.Name, c.InspectorName, t.When(c.DoneAt)))
		return nil
	case CheckMissed:
		t.Say(fmt.Sprintf("「%s」已超过期限，记为漏检。发现隐患仍可随时发送「发现隐患」。", p.Name))
		return nil
	}
	if c.InspectorID != t.Staff.ID { // another holder of the role takes over
		c.InspectorID = t.Staff.ID
		if err := db(t).UpdateCheck(t.Ctx, c); err != nil {
			return err
		}
	}
	return f.showItems(t, p, c)
}

// showItems lists a check's items, marking those already recorded.
func (f CheckFlow) showItems(t *flows.Turn, p Plan, c Check) error {
	results, err := db(t).Results(t.Ctx, c.ID)
	if err != nil {
		return err
	}
	place, err := locationLabel(t, c.LocationID)
	if err != nil {
		return err
	}
	loc := t.School.Location()
	var b strings.Builder
	when := windowLabel(p, c.window(), loc)
	if c.AdHoc() {
		when = "临时检查" // a scheduled round a leader does by hand
	}
	fmt.Fprintf(&b, "【%s】%s", planTitle(p.Name, place), when)
	if p.Schedule.Every != AdHoc && !c.AdHoc() {
		fmt.Fprintf(&b, "，请在%s 前完成", t.When(c.Closes))
	}
	if p.Equipment != "" {
		s, err := equipmentSummary(t, p.Equipment)
		if err != nil {
			return err
		}
		b.WriteString("\n" + s)
	}
	res := map[int]Result{}
	for _, r := range results {
		res[r.Seq] = r
	}
	for _, it := range p.Items {
		mark := ""
		if r, ok := res[it.Seq]; ok && r.OK {
			mark = "✓ "
		} else if ok {
			mark = "✗ "
		}
		fmt.Fprintf(&b, "\n%d. %s%s", it.Seq, mark, it.Text)
		if it.Place != "" {
			fmt.Fprintf(&b, "（%s）", it.Place)
		}
	}
	all := "都没问题回复「全部正常」"
	if len(results) > 0 {
		fmt.Fprintf(&b, "\n已记录 %d 项，还剩 %d 项。", len(results), len(p.Items)-len(results))
		all = "其余各项都没问题回复「全部正常」"
	}
	fmt.Fprintf(&b, "\n逐项查看后：%s；某项有问题回复「3 有问题」（可同时附照片和说明）；要先停下回复「暂停」。", all)
	t.SayLabels(b.String(), itemButtons(p)...)
	return t.Begin(checkFlowName, stateItems, checkData{CheckID: c.ID})
}

// itemButtons: 全部正常, 暂停, and one 「N 有问题」 per item of a short list.
// Typed numbers mean items, never these buttons (the items are numbered):
// every reply offering them is SayLabels.
func itemButtons(p Plan) []flows.Button {
	bs := []flows.Button{{Label: "全部正常", Data: dataAllOK}, {Label: "暂停", Data: dataPause}}
	if len(p.Items) <= 8 {
		for _, it := range p.Items {
			bs = append(bs, flows.Button{Label: strconv.Itoa(it.Seq) + " 有问题", Data: dataBad + strconv.Itoa(it.Seq)})
		}
	}
	return bs
}

// locationLabel names a location with its class, or "" for none.
func locationLabel(t *flows.Turn, id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	l, err := t.Tx.LocationByID(t.Ctx, id)
	if err != nil {
		return "", err
	}
	return flows.LocationLabel([]flows.Location{l}, l.ID), nil
}

// equipmentSummary says how much of the register a check covers, and what
// expires within ExpiryWarnDays.
func equipmentSummary(t *flows.Turn, kind string) (string, error) {
	es, err := db(t).Equipment(t.Ctx, t.School.ID, kind)
	if err != nil {
		return "", err
	}
	if len(es) == 0 {
		return fmt.Sprintf("（器材台账里还没有%s，请总务处导入。）", kind), nil
	}
	var soon []string
	for _, e := range es {
		if !e.Expires.IsZero() && e.DaysLeft(t.Now, t.School.Location()) <= ExpiryWarnDays {
			soon = append(soon, fmt.Sprintf("%s（%s，%s）", e.Code, e.Place, expiryText(e, t)))
		}
	}
	s := fmt.Sprintf("本次检查台账上的%s共 %d 具。", kind, len(es))
	if len(soon) > 0 {
		s += fmt.Sprintf("其中 %d 具 %d 天内到期或已过期：%s。", len(soon), ExpiryWarnDays, strings.Join(soon, "、"))
	}
	return s, nil
}

func expiryText(e Equipment, t *flows.Turn) string {
	d := e.DaysLeft(t.Now, t.School.Location())
	date := fmt.Sprintf("%d月%d日", e.Expires.Month(), e.Expires.Day())
	if e.Expires.Year() != t.Now.In(t.School.Location()).Year() {
		date = fmt.Sprintf("%d年", e.Expires.Year()) + date
	}
	if d < 0 {
		return date + "已过期"
	}
	return date + "到期"
}

// itemAnswer is what a reply in the item list says.
type itemAnswer struct {
	kind string // dataAllOK, dataPause, "bad", "good", or "" for not understood
	seq  int
	desc string
	own  bool // told apart by words of its own from another of its item (problemsApart)
}

var (
	wordsProblem = []string{"有问题", "有隐患", "不合格", "不正常", "异常", "有问题了", "坏了"}
)

// buttonAnswer reads a tapped button of the item list: 全部正常, 暂停, or
// 「N 有问题」. Typed replies are readAnswers'.
func buttonAnswer(data string) itemAnswer {
	switch {
	case data == dataAllOK:
		return itemAnswer{kind: dataAllOK}
	case data == dataPause:
		return itemAnswer{kind: dataPause}
	case strings.HasPrefix(data, dataBad):
		if n, err := strconv.Atoi(strings.TrimPrefix(data, dataBad)); err == nil {
			return itemAnswer{kind: "bad", seq: n}
		}
	}
	return itemAnswer{}
}

func (f CheckFlow) stepItems(t *flows.Turn, d *checkData) error {
	c, p, ok, err := f.current(t, d.CheckID)
	if !ok || err != nil {
		return err
	}
	var a answers
	if t.Msg.Button != "" {
		switch one := buttonAnswer(t.Msg.Button); one.kind {
		case dataAllOK:
			a.all = true
		case dataPause:
			a.pause = true
		case "bad":
			a.bad = []itemAnswer{one}
		case "good":
			a.good = []int{one.seq}
		}
	} else {
		a = readAnswers(t.Text, p.Items)
	}
	if a.empty() && t.Image() != "" {
		t.Say("照片收到了。是第几项有问题？请回复「3 有问题」这样的格式，再发一次照片也可以。")
		return nil
	}
	switch {
	case a.pause:
		t.Done()
		results, err := db(t).Results(t.Ctx, c.ID)
		if err != nil {
			return err
		}
		t.Say(fmt.Sprintf("已暂停「%s」，已记录的 %d 项都保存了。回来后发送「巡查」接着做，请在%s 前完成。", p.Name, len(results), t.When(c.Closes)))
		return nil
	case a.all && len(a.bad) == 0:
		return f.complete(t, p, c)
	case a.empty():
		t.SayLabels("请回复「全部正常」；某项有问题回复「3 有问题」（可附照片和说明）；要先停下回复「暂停」。", itemButtons(p)...)
		return nil
	}
	bad, asides := splitAsides(a.bad)
	for _, n := range append(slices.Clone(a.good), seqsOf(bad)...) {
		if n < 1 || n > len(p.Items) {
			t.SayLabels(fmt.Sprintf("这次检查共 %d 项，没有第 %d 项。请看清单上的序号。", len(p.Items), n), itemButtons(p)...)
			return nil
		}
	}
	results, err := db(t).Results(t.Ctx, c.ID)
	if err != nil {
		return err
	}
	recorded, fineBefore := map[int]bool{}, map[int]bool{}
	hazardOf := map[int]int64{}
	for _, r := range results {
		recorded[r.Seq] = true
		fineBefore[r.Seq] = r.OK && r.HazardID == 0
		hazardOf[r.Seq] = r.HazardID
	}
	var queue []itemAnswer
	var corrected []string
	for _, b := range bad {
		switch {
		case recorded[b.seq] && fineBefore[b.seq]:
			// The finder takes back an item recorded 正常 in this open
			// check (不对 1有问题 …, user test 18's F68): it becomes a
			// finding, whose result replaces the 正常 when it is filed. A
			// check's record must never say 正常 of a problem its finder
			// reported.
			corrected = append(corrected, strconv.Itoa(b.seq))
			queue = append(queue, b)
		case recorded[b.seq] && b.desc != "" && hazardOf[b.seq] != 0:
			// Another problem of an item whose finding is filed (还有 303
			// 后窗插销坏了关不严…, after item 4's: user test 27's re-run,
			// where it was turned away as a repeat and lost): its own
			// finding, unless it is the filed one said again.
			filed, err := db(t).HazardsFound(t.Ctx, t.School.ID, c.Opens, t.Now.Add(time.Minute))
			if err != nil {
				return err
			}
			if i := slices.IndexFunc(filed, func(h Hazard) bool {
				return h.CheckID == c.ID && h.ItemSeq == b.seq && sameFinding(h.Description, b.desc)
			}); i >= 0 {
				t.Say(fmt.Sprintf("第 %d 项的这个问题已经登记过了（%s），不用重复登记。", b.seq, filed[i].Ref))
				continue
			}
			queue = append(queue, b)
		case recorded[b.seq]:
			t.Say(fmt.Sprintf("第 %d 项已经登记过了，不用重复登记。", b.seq))
		default:
			queue = append(queue, b)
		}
	}
	if len(corrected) > 0 {
		t.Say(fmt.Sprintf("好的，第 %s 项改为有问题。", strings.Join(corrected, "、")))
	}
	var fine []string
	good := slices.Clone(a.good)
	slices.Sort(good) // 第 2、3 项, in the list's order, as told in any
	for _, n := range good {
		if recorded[n] || slices.ContainsFunc(queue, func(b itemAnswer) bool { return b.seq == n }) {
			continue
		}
		it := p.Items[n-1]
		if err := db(t).SaveResult(t.Ctx, t.School.ID, Result{CheckID: c.ID, Seq: it.Seq, Item: it.Text, OK: true}); err != nil {
			return err
		}
		recorded[n] = true
		fine = append(fine, strconv.Itoa(n))
	}
	said := ""
	if len(fine) > 0 {
		said = fmt.Sprintf("第 %s 项已记为正常。", strings.Join(fine, "、"))
	}
	if len(queue) == 0 {
		return f.next(t, p, c, said+asideQuestion(asides))
	}
	if said != "" {
		t.Say(said)
	}
	for _, d := range asides {
		queue = append(queue, itemAnswer{kind: "bad", desc: d})
	}
	return f.startFinding(t, p, c, queue, false)
}

// sameFinding reports whether desc says again the filed finding's
// description had: one holds the other, once both are normalised.
func sameFinding(had, desc string) bool {
	a, b := parse.Normalize(had), parse.Normalize(desc)
	return a != "" && b != "" && (strings.Contains(a, b) || strings.Contains(b, a))
}

// splitAsides separates the problems told beside an item's that no item
// of the list is about (seq 0, see problemsApart) from the items'.
func splitAsides(bad []itemAnswer) (items []itemAnswer, asides []string) {
	for _, b := range bad {
		if b.seq == 0 {
			asides = append(asides, b.desc)
		} else {
			items = append(items, b)
		}
	}
	return items, asides
}

// asideQuestion asks about problems told beside an item's that belong to
// no item of the list: never silently part of another finding, they are
// put to the finder, who files them under an item or with 「发现隐患」.
func asideQuestion(asides []string) string {
	if len(asides) == 0 {
		return ""
	}
	var b strings.Builder
	for _, d := range asides {
		fmt.Fprintf(&b, "还有一个问题：「%s」，清单上没有对应的一项，也要登记吗？要登记请回复它属于的「N 有问题」，或者检查做完后发送「发现隐患 %s」单独登记。\n", d, d)
	}
	return b.String()
}

// seqsOf lists the items of answers.
func seqsOf(as []itemAnswer) []int {
	out := make([]int, len(as))
	for i, a := range as {
		out[i] = a.seq
	}
	return out
}

// startFinding describes the first item of queue as a finding; the rest
// wait in the conversation for theirs (2和4有问题).
// afterFinding saves the finding's next state, or records it once filed.
func (f CheckFlow) afterFinding(t *flows.Turn, d *checkData, st string, h *Hazard, err error) error {
	if err != nil || h == nil {
		if err == nil {
			err = t.Goto(st, d)
		}
		return err
	}
	if d.Amend {
		return f.amended(t, d.CheckID, *h, d.Queue)
	}
	return f.filed(t, d.CheckID, *h, d.Queue)
}

// amendRE is an item of a check said to have a problem after all, as a
// correction: 不对 1有问题, 说错了 第3项有问题, 3号有隐患.
var amendRE = rx.MustCompile(`^(?:不对|不对不对|说错了|刚才说错了|搞错了|错了|等等|哦不对)?[，,\s！!。]*(?:第\s*)?([0-9]{1,2}|[一二三四五六七八九十]|[①-⑨])\s*(?:项|条|号)?\s*(?:有问题|有隐患|不正常|不合格)`)

// amendWithin is how long after a check is done its finder's 「不对 1有问题」
// corrects it.
const amendWithin = time.Hour

// justDone is the check t.Staff finished in the last amendWithin whose
// item text's amendRE names, with that plan: user test 18's guard, having
// closed his round with 全部正常, said 「不对 1有问题 东边围墙栅栏歪了」,
// which became a repair report and left the round all 正常.
func justDone(t *flows.Turn) (Check, Plan, bool, error) {
	m := amendRE.FindStringSubmatch(strings.TrimSpace(t.Text))
	if m == nil {
		return Check{}, Plan{}, false, nil
	}
	n, ok := itemNumber(m[1])
	if !ok {
		return Check{}, Plan{}, false, nil
	}
	cs, err := db(t).ChecksClosingAfter(t.Ctx, t.School.ID, t.Now.Add(-amendWithin))
	if err != nil {
		return Check{}, Plan{}, false, err
	}
	var last *Check
	for i, c := range cs {
		if c.Status == CheckDone && c.InspectorID == t.Staff.ID && t.Now.Sub(c.DoneAt) <= amendWithin && (last == nil || c.DoneAt.After(last.DoneAt)) {
			last = &cs[i]
		}
	}
	if last == nil {
		return Check{}, Plan{}, false, nil
	}
	p, err := db(t).Plan(t.Ctx, last.PlanID)
	if err != nil || n < 1 || n > len(p.Items) {
		return Check{}, Plan{}, false, err
	}
	return *last, p, true, nil
}

// amend corrects an item of a check just done (justDone): the item said
// to have a problem is described as a finding, whose hazard becomes the
// item's result; the check stays done.
func (f CheckFlow) amend(t *flows.Turn, c Check, p Plan) error {
	a := readAnswers(t.Text, p.Items)
	bad, _ := splitAsides(a.bad)
	results, err := db(t).Results(t.Ctx, c.ID)
	if err != nil {
		return err
	}
	hazard := map[int]bool{}
	for _, r := range results {
		hazard[r.Seq] = r.HazardID != 0
	}
	var queue []itemAnswer
	for _, b := range bad {
		switch {
		case b.seq < 1 || b.seq > len(p.Items):
		case hazard[b.seq]:
			t.Say(fmt.Sprintf("「%s」第 %d 项已经登记了隐患，不用重复登记。", c.PlanName, b.seq))
		default:
			queue = append(queue, b)
		}
	}
	if len(queue) == 0 {
		t.Done()
		return nil
	}
	seqs := make([]string, len(queue))
	for i, b := range queue {
		seqs[i] = strconv.Itoa(b.seq)
	}
	t.Say(fmt.Sprintf("好的，刚才完成的「%s」第 %s 项改为有问题。", c.PlanName, strings.Join(seqs, "、")))
	return f.startFinding(t, p, c, queue, true)
}

// amended records the hazard filed for an item of a check already done
// as that item's result, and goes on with the next item corrected.
func (f CheckFlow) amended(t *flows.Turn, checkID int64, h Hazard, queue []queued) error {
	t.Say(filedText(t, h))
	c, err := db(t).Check(t.Ctx, checkID)
	if err != nil {
		return err
	}
	if err := db(t).SaveResult(t.Ctx, t.School.ID, Result{CheckID: c.ID, Seq: h.ItemSeq, Item: h.Item, HazardID: h.ID}); err != nil {
		return err
	}
	p, err := db(t).Plan(t.Ctx, c.PlanID)
	if err != nil {
		return err
	}
	var next []itemAnswer
	for _, q := range queue {
		if q.Seq >= 1 && q.Seq <= len(p.Items) {
			next = append(next, itemAnswer{kind: "bad", seq: q.Seq, desc: q.Desc})
		}
	}
	if len(next) > 0 {
		return f.startFinding(t, p, c, next, true)
	}
	t.Done()
	t.Say(fmt.Sprintf("「%s」的记录已更正：第 %d 项有隐患（%s），其余各项仍为正常。", c.PlanName, h.ItemSeq, h.Ref))
	return nil
}

// amendDropped ends the correction of a check already done without a
// finding (暂停, 取消): the item stays as it was recorded.
func (f CheckFlow) amendDropped(t *flows.Turn, d *checkData) error {
	t.Done()
	t.Say(fmt.Sprintf("好的，第 %d 项没有改，仍按原来的记录（正常）。要登记这个问题，可以随时发送「发现隐患」。", d.Finding.Seq))
	return nil
}

// roundSide reads a reply to an item's finding question that answers the
// round instead (user test 18's guard, N6, was asked the level again for
// each): 其他都正常 records the items not yet told as fine, so the round
// is done once this finding is filed; 「不对 1有问题 …」 told of the item
// being described is already known; another item's problem waits its
// turn after this one.
func (f CheckFlow) roundSide(d *checkData) sideReader {
	return func(t *flows.Turn, fd *findingDraft) (string, error) {
		c, p, a, ok, err := openRoundAnswers(t, d.CheckID)
		if !ok || err != nil {
			return "", err
		}
		if a.pause {
			return "", nil
		}
		results, err := db(t).Results(t.Ctx, c.ID)
		if err != nil {
			return "", err
		}
		waiting := map[int]bool{fd.Seq: true}
		for _, r := range results {
			waiting[r.Seq] = true
		}
		for _, q := range d.Queue {
			waiting[q.Seq] = true
		}
		var said []string
		bad, _ := splitAsides(a.bad)
		var more []string
		// A bare number (5) answers the question asked, or is no answer:
		// an item's problem is told with what it is or 有问题.
		marked := slices.ContainsFunc(wordsProblem, func(w string) bool { return strings.Contains(t.Text, w) })
		for _, b := range bad {
			switch {
			case b.desc == "" && !marked:
			case b.seq == fd.Seq:
				if t.Image() != "" && fd.Photo == "" {
					takePhoto(t, fd)
				}
				said = append(said, fmt.Sprintf("第 %d 项的问题已经记下了。", fd.Seq))
			case b.seq >= 1 && b.seq <= len(p.Items) && !waiting[b.seq]:
				d.Queue = append(d.Queue, queued{Seq: b.seq, Desc: b.desc})
				waiting[b.seq] = true
				more = append(more, strconv.Itoa(b.seq))
			}
		}
		if len(more) > 0 {
			said = append(said, fmt.Sprintf("第 %s 项也记为有问题，这一项登记完再接着说。", strings.Join(more, "、")))
		}
		if a.all && len(a.bad) == 0 {
			fine := 0
			for _, it := range p.Items {
				if waiting[it.Seq] {
					continue
				}
				if err := db(t).SaveResult(t.Ctx, t.School.ID, Result{CheckID: c.ID, Seq: it.Seq, Item: it.Text, OK: true}); err != nil {
					return "", err
				}
				fine++
			}
			if fine > 0 {
				said = append(said, "好的，其余各项都记为正常。")
			} else {
				said = append(said, "其余各项已经记为正常了。")
			}
			if len(d.Queue) == 0 {
				said = append(said, fmt.Sprintf("第 %d 项的问题登记好，这次巡查就完成了。", fd.Seq))
			}
		}
		return strings.Join(said, ""), nil
	}
}

// openRoundAnswers reads the message's answers against the items of the
// check's plan while the check is open; ok is false when it is not.
func openRoundAnswers(t *flows.Turn, checkID int64) (c Check, p Plan, a answers, ok bool, err error) {
	if c, err = db(t).Check(t.Ctx, checkID); err != nil || c.Status != CheckOpen {
		return c, p, a, false, err
	}
	if p, err = db(t).Plan(t.Ctx, c.PlanID); err != nil {
		return c, p, a, false, err
	}
	return c, p, readAnswers(t.Text, p.Items), true, nil
}

// otherItemTold queues, as roundSide does, another item's problem told in
// words while a finding's question is open (「3 有问题 消防通道堆了杂物」,
// 「5号坏了」), and returns what to say of it; "" when the message tells
// none, and is left to the question. A bare number answers the question.
func (f CheckFlow) otherItemTold(t *flows.Turn, d *checkData) (string, error) {
	if t.Msg.Button != "" || !slices.ContainsFunc(wordsProblem, func(w string) bool { return strings.Contains(t.Text, w) }) {
		return "", nil
	}
	_, _, a, ok, err := openRoundAnswers(t, d.CheckID)
	if !ok || err != nil {
		return "", err
	}
	bad, _ := splitAsides(a.bad)
	if a.pause || !slices.ContainsFunc(bad, func(b itemAnswer) bool { return b.seq != d.Finding.Seq }) {
		return "", nil
	}
	return f.roundSide(d)(t, d.Finding)
}

// Cancelled implements flows.Canceller: 取消 in a round (offered when a
// finding's question went unanswered twice, N6) stops it as 暂停 does —
// the items recorded stay, which 「没有保存任何内容」 would deny — and
// leaves the item being described without a result, asked again when the
// round is resumed.
func (f CheckFlow) Cancelled(t *flows.Turn) (bool, error) {
	var d checkData
	if err := t.Load(&d); err != nil || d.CheckID == 0 {
		return false, err
	}
	if d.Amend && d.Finding != nil {
		return true, f.amendDropped(t, &d)
	}
	c, err := db(t).Check(t.Ctx, d.CheckID)
	if err != nil || c.Status != CheckOpen {
		return false, err
	}
	results, err := db(t).Results(t.Ctx, c.ID)
	if err != nil {
		return false, err
	}
	if len(results) == 0 {
		if c.AdHoc() && c.InspectorID == t.Staff.ID {
			// His own round called off before any item: nothing left
			// behind to be offered or reminded.
			return true, cancelCheck(t, c, "")
		}
		return false, nil // nothing recorded: 「没有保存任何内容」 is so
	}
	left := ""
	if isFindingState(t.State()) && d.Finding != nil {
		seqs := []string{strconv.Itoa(d.Finding.Seq)}
		for _, q := range d.Queue {
			if q.Seq > 0 {
				seqs = append(seqs, strconv.Itoa(q.Seq))
			}
		}
		left = fmt.Sprintf("第 %s 项的问题这次没有登记；", strings.Join(seqs, "、"))
	}
	t.Say(fmt.Sprintf("好的，「%s」先停在这里，%s已记录的 %d 项都保存了。回来后发送「巡查」接着做，请在%s 前完成。", c.PlanName, left, len(results), t.When(c.Closes)))
	return true, nil
}

// pausedMidFinding reports whether a message typed while an item's hazard
// is being described stops the round for now: 暂停, 等会再弄, 我先去忙 (the
// fifteenth round's 「暂停」 at the place question had been stored as the
// hazard's place). A longer message beginning so (等一下 消防通道停了车)
// is still the finding's.
func pausedMidFinding(t *flows.Turn) bool {
	if t.Msg.Button != "" || len(t.Msg.Media) > 0 {
		return false
	}
	s := strings.TrimRight(strings.TrimSpace(parse.Normalize(t.Text)), "。.!！~～ ")
	if flows.IsWord(s, wordsPause) {
		return true
	}
	return answerPauseRE.MatchString(s) && utf8.RuneCountInString(s) <= 8 && !troubleRE.MatchString(s)
}

// pauseMidFinding pauses the round while an item's hazard is half
// described: what was recorded stays; the item (and any queued after it)
// has no result yet, so the resumed round asks for it again, as the reply
// says.
func (f CheckFlow) pauseMidFinding(t *flows.Turn, d *checkData) error {
	c, p, ok, err := f.current(t, d.CheckID)
	if !ok || err != nil {
		return err
	}
	t.Done()
	results, err := db(t).Results(t.Ctx, c.ID)
	if err != nil {
		return err
	}
	seqs := []string{strconv.Itoa(d.Finding.Seq)}
	for _, q := range d.Queue {
		if q.Seq > 0 {
			seqs = append(seqs, strconv.Itoa(q.Seq))
		}
	}
	items := strings.Join(seqs, "、")
	t.Say(fmt.Sprintf("已暂停「%s」，已记录的 %d 项都保存了。第 %s 项的问题还没登记完，这次没有保存；回来后发送「巡查」接着做，再说一下第 %s 项的问题就行。请在%s 前完成。",
		p.Name, len(results), items, items, t.When(c.Closes)))
	return nil
}

// TakePlace implements flows.PlaceTaker: a room's 扫码报修 code scanned
// while a check item's hazard is being described is its place. Scanned
// while the items are being answered, it is not taken (the scan starts a
// repair report; the check waits for 「巡查」).
func (f CheckFlow) TakePlace(t *flows.Turn, l flows.Location) (bool, error) {
	var d checkData
	if !isFindingState(t.State()) {
		return false, nil
	}
	if err := t.Load(&d); err != nil || d.Finding == nil {
		return false, err
	}
	takeScanned(t, d.Finding, l)
	st, h, err := advanceFinding(t, d.Finding)
	return true, f.afterFinding(t, &d, st, h, err)
}

func (f CheckFlow) startFinding(t *flows.Turn, p Plan, c Check, queue []itemAnswer, amend bool) error {
	a := queue[0]
	it := p.Items[a.seq-1]
	fd := &findingDraft{CheckID: c.ID, Seq: it.Seq, Item: it.Text, LocationID: it.LocationID, Place: it.Place, Photo: t.Image()}
	var err error
	if fd.LocationID == 0 && fd.Place == "" && c.LocationID != 0 {
		fd.LocationID = c.LocationID
		if fd.Place, err = locationLabel(t, c.LocationID); err != nil {
			return err
		}
	} else if fd.LocationID != 0 && fd.Place == "" {
		if fd.Place, err = locationLabel(t, fd.LocationID); err != nil {
			return err
		}
	}
	// 二楼应急灯不亮 in a round of 教学楼 (user test 34's T2): 教学楼二楼.
	fd.Place = floorOfRound(fd.LocationID, fd.Place, a.desc)
	// 发现隐患 食堂后门灭火器过期了, told in a round: the words it is told
	// in are no part of the problem, as for a hazard told on its own.
	desc := flows.StripTrigger(strings.TrimSpace(a.desc), HazardFlow{}.Triggers())
	if err := describe(t, fd, desc); err != nil {
		return err
	}
	// 3 有问题 …煤和菜筐 让陈主任今天清走: the level and the way it is
	// dealt with, said with the finding, are not asked (user test 26's G36).
	saidWithFinding(fd, desc)
	t.Say(fmt.Sprintf("第 %d 项：%s", it.Seq, it.Text))
	st, h, err := advanceFinding(t, fd)
	if err != nil {
		return err
	}
	rest := queueData(queue[1:])
	if h != nil && amend {
		return f.amended(t, c.ID, *h, rest)
	}
	if h != nil {
		return f.filed(t, c.ID, *h, rest)
	}
	return t.Begin(checkFlowName, st, checkData{CheckID: c.ID, Finding: fd, Queue: rest, Amend: amend})
}

// queued is an item waiting for its finding to be described.
type queued struct {
	Seq  int    `json:"seq"`
	Desc string `json:"desc,omitempty"`
}

func queueData(as []itemAnswer) []queued {
	var out []queued
	for _, a := range as {
		out = append(out, queued{Seq: a.seq, Desc: a.desc})
	}
	return out
}

// current loads the check of the conversation, ending the conversation
// politely when it can no longer be done.
func (f CheckFlow) current(t *flows.Turn, id int64) (Check, Plan, bool, error) {
	c, err := db(t).Check(t.Ctx, id)
	if err != nil {
		return Check{}, Plan{}, false, err
	}
	if c.Status != CheckOpen {
		t.Done()
		if c.Status == CheckMissed {
			t.Say(fmt.Sprintf("「%s」已超过期限（%s），记为漏检；已登记的隐患会照常跟进。", c.PlanName, t.When(c.Closes)))
		} else {
			t.Say(fmt.Sprintf("「%s」已完成，不用再做了。", c.PlanName))
		}
		return c, Plan{}, false, nil
	}
	p, err := db(t).Plan(t.Ctx, c.PlanID)
	return c, p, err == nil, err
}

// filed records a check item's hazard, tells the finder, and goes on
// with the rest of the list.
func (f CheckFlow) filed(t *flows.Turn, checkID int64, h Hazard, queue []queued) error {
	t.Say(filedText(t, h))
	c, p, ok, err := f.current(t, checkID)
	if !ok || err != nil {
		return err
	}
	if err := db(t).SaveResult(t.Ctx, t.School.ID, Result{CheckID: c.ID, Seq: h.ItemSeq, Item: h.Item, HazardID: h.ID}); err != nil {
		return err
	}
	var next []itemAnswer
	var asides []string
	for _, q := range queue {
		switch {
		case q.Seq >= 1 && q.Seq <= len(p.Items):
			next = append(next, itemAnswer{kind: "bad", seq: q.Seq, desc: q.Desc})
		case q.Seq == 0 && q.Desc != "":
			asides = append(asides, q.Desc)
		}
	}
	if len(next) > 0 {
		for _, d := range asides {
			next = append(next, itemAnswer{kind: "bad", desc: d})
		}
		return f.startFinding(t, p, c, next, false)
	}
	return f.next(t, p, c, asideQuestion(asides))
}

// next finishes the check when every item is recorded, or asks for the rest.
func (f CheckFlow) next(t *flows.Turn, p Plan, c Check, said string) error {
	results, err := db(t).Results(t.Ctx, c.ID)
	if err != nil {
		return err
	}
	if len(results) >= len(p.Items) {
		if said = strings.TrimSpace(said); said != "" {
			t.Say(said)
		}
		return f.complete(t, p, c)
	}
	t.SayLabels(strings.TrimSpace(said+remaining(p, results)),
		itemButtons(p)...)
	return t.Begin(checkFlowName, stateItems, checkData{CheckID: c.ID})
}

// remaining asks for the items of p not yet answered, naming them, the
// last one by its words: after 「1正常 2正常」 the guard is
// told which items are left, not only how many.
func remaining(p Plan, results []Result) string {
	done := map[int]bool{}
	for _, r := range results {
		done[r.Seq] = true
	}
	var left []string
	var last Item
	for _, it := range p.Items {
		if !done[it.Seq] {
			left, last = append(left, strconv.Itoa(it.Seq)), it
		}
	}
	if len(left) == 1 {
		return fmt.Sprintf("还剩第 %d 项：%s。没问题回复「正常」，有问题回复「%d 有问题」，要先停下回复「暂停」。", last.Seq, last.Text, last.Seq)
	}
	return fmt.Sprintf("还剩 %d 项（第 %s 项）：其余都没问题回复「全部正常」，还有问题回复「N 有问题」，要先停下回复「暂停」。", len(left), strings.Join(left, "、"))
}

// complete records the items not yet answered as fine and closes the check.
func (f CheckFlow) complete(t *flows.Turn, p Plan, c Check) error {
	t.Done()
	results, err := db(t).Results(t.Ctx, c.ID)
	if err != nil {
		return err
	}
	done := map[int]bool{}
	var refs []string
	bad := 0
	for _, r := range results {
		done[r.Seq] = true
		if !r.OK {
			bad++
			h, err := db(t).Hazard(t.Ctx, r.HazardID)
			if err != nil {
				return err
			}
			refs = append(refs, h.Ref)
		}
	}
	if bad > 0 {
		// An item may hold two findings (还有 303后窗… after item 4's was
		// filed); its result names the latest, so the check's hazards
		// are listed from the hazards themselves.
		found, err := db(t).HazardsFound(t.Ctx, t.School.ID, c.Opens, t.Now.Add(time.Minute))
		if err != nil {
			return err
		}
		var all []string
		for _, h := range found {
			if h.CheckID == c.ID {
				all = append(all, h.Ref)
			}
		}
		if len(all) > len(refs) {
			slices.Sort(all)
			refs = all
		}
	}
	for _, it := range p.Items {
		if !done[it.Seq] {
			if err := db(t).SaveResult(t.Ctx, t.School.ID, Result{CheckID: c.ID, Seq: it.Seq, Item: it.Text, OK: true}); err != nil {
				return err
			}
		}
	}
	c.Status, c.DoneAt, c.InspectorID = CheckDone, t.Now, t.Staff.ID
	if err := db(t).UpdateCheck(t.Ctx, c); err != nil {
		return err
	}
	if len(refs) == 0 {
		t.Say(fmt.Sprintf("「%s」已完成，%d 项全部正常。辛苦了！", p.Name, len(p.Items)))
		return nil
	}
	t.Say(fmt.Sprintf("「%s」已完成：%d 项中 %d 项有隐患（%s），已分别通知整改责任人，其余正常。辛苦了！",
		p.Name, len(p.Items), bad, strings.Join(refs, "、")))
	return nil
}

// filedText tells the finder what became of a hazard they described.
func filedText(t *flows.Turn, h Hazard) string {
	var b strings.Builder
	// The finder's own words in full: clipped, 「…学生跑操容易滑倒 估计是」
	// read as if they had been cut short (user test 16, F70).
	fmt.Fprintf(&b, "已登记%s隐患 %s %s「%s」。", h.Level.Label(), h.Ref, h.Where(), h.Description)
	switch {
	case h.Status == HazardFixed:
		if t.Staff.Has(flows.RoleHead) {
			fmt.Fprintf(&b, "\n已记录为你当场整改完成。请复查后回复「复查通过 %d」。", Num(h))
		} else {
			b.WriteString("\n已记录为你当场整改完成，已请总务主任复查。")
		}
		return b.String()
	case h.RepairRef != "" && h.RepairOpen:
		fmt.Fprintf(&b, "\n%s已有报修单 %s（%s维修），隐患已关联到这张单，不再重复报修；整改期限 %s，修好后自动转为整改完成。", h.Where(), h.RepairRef, h.ResponsibleName, t.When(h.DueAt))
	case h.RepairRef != "":
		fmt.Fprintf(&b, "\n已报修 %s，派给%s，整改期限 %s；修好后自动转为整改完成。", h.RepairRef, h.ResponsibleName, t.When(h.DueAt))
	case h.ResponsibleID == t.Staff.ID:
		fmt.Fprintf(&b, "\n由你负责整改，期限 %s。%s", t.When(h.DueAt), strings.TrimPrefix(fixHint(h), "\n"))
	default:
		fmt.Fprintf(&b, "\n已通知%s整改，期限 %s。", h.ResponsibleName, t.When(h.DueAt))
	}
	if h.Level.Serious() {
		b.WriteString("\n已同时报告分管领导和校长。")
	}
	if h.ResponsibleID != t.Staff.ID {
		b.WriteString("\n整改完成后会请你复查。")
	}
	return b.String()
}

// Prefix implements Actor: the 开始检查 button of a check reminder.
func (CheckFlow) Prefix() string { return CheckPrefix }

// Typed implements Actor. The reminder's typed form is 「巡查」, the
// flow's trigger, which lists the same check. 「不对 1有问题」 said right
// after finishing a check (justDone), in no conversation, corrects that
// check: xc:amend:CHECK.
func (CheckFlow) Typed(t *flows.Turn, _ string) (string, bool) {
	if !t.Idle() {
		return "", false
	}
	c, _, ok, err := justDone(t)
	if !ok || err != nil {
		return "", false
	}
	return flows.Action{Prefix: CheckPrefix, Verb: string(VerbAmend), ID: c.ID}.String(), true
}

// Act implements Actor: xc:start:PLAN[:ROOM] opens the plan's check of
// the window open now, for whoever owes it.
func (f CheckFlow) Act(t *flows.Turn, data string) error {
	a, ok := flows.ParseAction(data)
	if ok && a.Verb == string(VerbAmend) && t.Msg.Button == "" {
		c, p, ok, err := justDone(t)
		if err != nil || !ok || c.ID != a.ID {
			return err
		}
		return f.amend(t, c, p)
	}
	if !ok || a.Verb != string(VerbStart) {
		t.Say(flows.ExpiredButton)
		return nil
	}
	room, _ := strconv.ParseInt(a.Arg(0), 10, 64)
	cs, err := choices(t)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if c.PlanID == a.ID && c.LocationID == room {
			return f.open(t, c)
		}
	}
	t.Say("这项检查现在不需要你做了（可能已完成、已过期限或已交给别人）。发送「巡查」看看还有哪些检查。")
	return nil
}

// MineHazards is how many of someone's hazards 「我的」 lists at most.
const MineHazards = 20

// Mine implements Miner: the checks someone owes now, then their hazards
// (to rectify, to re-check, reported), read together.
func (CheckFlow) Mine(t *flows.Turn) (string, error) {
	o, err := owedNow(t)
	if err != nil {
		return "", err
	}
	// The checks (when any may be listed) and the hazards in one read:
	// HazardFlow's part of 「我的」 is written here too.
	checks, hazards, err := db(t).ChecksAndHazardsOf(t.Ctx, t.School.ID, t.Staff.ID, t.Now, o.needChecks(), MineHazards)
	if err != nil {
		return "", err
	}
	var parts []string
	var lines []string
	for _, c := range o.choices(t, checks) {
		if !c.AdHoc {
			lines = append(lines, "· "+c.Label)
		}
	}
	if len(lines) > 0 {
		parts = append(parts, "【待完成的检查】（发送「巡查」开始）\n"+strings.Join(lines, "\n"))
	}
	if s := hazardsMine(t, hazards); s != "" {
		parts = append(parts, s)
	}
	return strings.Join(parts, "\n\n"), nil
}
