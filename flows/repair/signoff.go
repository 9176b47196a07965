package repair

import (
	"cmp"
	"errors"
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

// signOffSaid is a reporter signing off, in their own words, repairs
// finished and awaiting them: 修好了 1 2 (by the numbers they were
// shown), 门和凳子都好了 谢谢王师傅 (by their things), 灯亮了 没问题,
// 投影好了，插座也有电了，都ok. Each repair the words point at is signed
// off as 「确认修好」 would; words that point at none of several are asked
// about by buttons; a repair the words do not point at is never signed
// off. It is read only while such a repair awaits t.Staff.
func signOffSaid(t *flows.Turn, text string) (string, bool) {
	s, ok := readSignOff(t, text)
	switch {
	case !ok:
		return "", false
	case len(s.chosen) == 0 && len(s.ready) > 1 && !s.named:
		if r, ok := noticedJob(t, s.ready); ok {
			// 好了这回 … right after its 请验收 notice: that one (noticed.go).
			s.chosen = []Repair{r}
			break
		}
		return chooseSignOff(t, s.ready, s.rated)
	case len(s.chosen) == 0:
		return chooseSignOff(t, s.ready, s.rated)
	case len(s.chosen) == 1 && s.redo == nil && owedRE.MatchString(text):
		// 锁是换好了 可新钥匙还没给我呢 (user test 17's F6 was signed off):
		// something still owed is passed to the worker, the job left
		// awaiting her sign-off.
		return action(verbTell, s.chosen[0].ID), true
	}
	var args []string
	if s.redo != nil {
		if !s.named {
			return "", false // what she signs off beside it is not clear
		}
		args = append(args, redoArg+strconv.FormatInt(s.redo.ID, 10))
	}
	if s.otherSaid {
		other := int64(0)
		if s.other != nil {
			other = s.other.ID
		}
		args = append([]string{otherArg + strconv.FormatInt(other, 10)}, args...)
	}
	if len(s.chosen) > 1 {
		args = append(args, takeAlso)
	}
	for _, r := range s.chosen[1:] {
		args = append(args, strconv.FormatInt(r.ID, 10))
	}
	return action(verbOK, s.chosen[0].ID, append(args, s.rated...)...), true
}

// owedRE is something the worker still owes the reporter: 钥匙还没给我,
// 备用钥匙还没拿过来, 遥控器没给我.
var owedRE = rx.MustCompile(`(?:还)?没(?:有)?(?:给|拿给|交给|送|拿|还)(?:我|过来|来)`)

// cannotCheckRE is a reporter saying she cannot go and look at a repair
// awaiting her sign-off: 我咋个去看嘛 我一个女老师 (a men's toilet), 我去不了,
// 不方便去看, 找个男老师看一下; 我又不是303的 验收让王老师去看吧 (user test
// 17's F12 had been read as 没修好).
var cannotCheckRE = rx.MustCompile(`(?:咋个|怎么|咋|怎样|如何)(?:去|进去)(?:看|验收|检查)|(?:去|进)不了|不方便(?:去|进去)?(?:看|验收|检查)|没法(?:去)?(?:看|验收|检查)|找(?:个|一个)?(?:男|女)?(?:老师|同事|人)(?:帮我|帮忙|去)?(?:看|验收|检查)|(?:让|叫|请)\p{Han}{1,3}(?:老师|主任|同事)(?:去|来|帮我|帮忙)?(?:看|验收|检查)|我(?:又|也)?不是\d{2,4}(?:班)?的`)

// notLookedRE is a reporter saying she has not looked yet: 我还没去看,
// 还没来得及看, 还没试; or that she will look, then say: 我再看看，明天告诉你.
var notLookedRE = rx.MustCompile(`还没(?:有)?(?:去|来得及|空)?[^，,。；;！!？?\s]{0,6}?(?:看|试|检查)|^我?(?:再|先)(?:去)?(?:看看|看一下|试试|试一下)|(?:明天|下午|晚点|回头|等会儿?|一会儿?)(?:再)?(?:告诉|回复|回)你|看了再说|等我(?:去)?(?:看|试)|还没(?:回|到|去)(?:教室|班上|班里|办公室|学校|现场)`)

// cannotCheckSaid answers a reporter who cannot check a repair awaiting
// her sign-off herself (cannotCheckRE), the words naming it or it the only
// one: she need not, it is signed off by itself after the days the school
// set, or she says 修好了 when someone tells her (the fifteenth user
// test's 「实验楼男厕所那个我咋个去看嘛😂」 was not understood); one who
// has not looked yet (notLookedRE) is told how to answer once she has.
// Nothing changes.
func cannotCheckSaid(t *flows.Turn, text string) bool {
	norm := strings.ToLower(parse.Normalize(text))
	// 应该好了吧，我还没去看: not looked at yet, and no fault said.
	notYet := !cannotCheckRE.MatchString(norm) && notLookedRE.MatchString(norm) && !saysBroken(norm)
	if !t.Idle() || !cannotCheckRE.MatchString(norm) && !notYet {
		return false
	}
	if _, signs := readSignOff(t, text); notYet && signs {
		return false // 门锁可以了，插座那个我还没去看: one signed off
	}
	rs, err := candidates(t)
	if err != nil {
		return false
	}
	var ready, named []Repair
	for _, r := range rs {
		if r.ReporterID == t.Staff.ID && mayAct(t, r, verbOK) == "" {
			ready = append(ready, r)
			if nameStrength(norm, r) > 0 || strings.Contains(norm, r.LocationName) || placeNamed(norm, r.LocationName) {
				named = append(named, r)
			}
		}
	}
	if len(named) == 0 && len(ready) == 1 {
		named = ready
	}
	if len(named) != 1 {
		return false
	}
	r, n := named[0], Num(named[0])
	if notYet {
		t.Say(fmt.Sprintf("好的，不着急。%s（%s %s）%s说已修好，你看过后，修好了请回复「修好了 %d」，没修好请回复「没修好 %d」；一直不回复的话，%d 天后会自动验收。",
			r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20), workerOrOffice(r), n, n, t.School.Settings.AutoConfirmDays))
		return true
	}
	t.Say(fmt.Sprintf("不用你亲自去看。%s（%s %s）%s已修好，你不回复的话，%d 天后会自动验收；如果有人告诉你修好了，回复「修好了 %d」就行，发现没修好请回复「没修好 %d」。",
		r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20), r.WorkerName, t.School.Settings.AutoConfirmDays, n, n))
	return true
}

// AwaitsAnySignOff reports whether a repair the writer reported waits for
// her sign-off: other modules that read 「看了 没问题」 as their own news
// (a hazard's re-check) leave it to the repair then (user test 29c's V20
// was told 「现在没有等你复查的隐患」 and the repair stayed unsigned).
func AwaitsAnySignOff(t *flows.Turn) bool {
	rs, err := candidates(t)
	if err != nil {
		return false
	}
	return slices.ContainsFunc(rs, func(r Repair) bool { return r.ReporterID == t.Staff.ID && mayAct(t, r, verbOK) == "" })
}

// ReportedOpen reports whether a repair the writer reported is still
// open, being mended or waiting for her sign-off: 「302的钟好了」 from her
// is about it (re-typing user test 31: her worker had not yet recorded the
// clocks done, and the hazards answered 「现在没有等你复查的隐患」).
func ReportedOpen(t *flows.Turn) bool {
	rs, err := candidates(t)
	if err != nil {
		return false
	}
	return slices.ContainsFunc(rs, func(r Repair) bool {
		return r.ReporterID == t.Staff.ID && r.Status.Open() && !strings.HasPrefix(r.Description, hazardRepairPrefix)
	})
}

// earlySignOffSaid answers a reporter signing off in words repairs of hers
// that her worker has not yet recorded done, when none awaits her
// sign-off: 「302的钟好了 303的也走了」 (re-typing user test 31 had it
// answered by the hazards, then not understood). The words must name the
// repairs (their thing or room); each is said to be still with its worker,
// and she will be asked to sign it off once it is recorded done. Nothing
// changes: the worker's record is what the sign-off follows.
func earlySignOffSaid(t *flows.Turn, text string) bool {
	if !t.Idle() || t.Msg.Button != "" {
		return false
	}
	w := flows.Remember(t, signOffWordsKey{text}, func() signOffWords { return readSignOffText(text) })
	if !w.signs || w.redo != "" || len(w.rated) > 0 || withdrawRE.MatchString(text) {
		// A score beside it is answered with the thanks (notDoneYet); 灯又
		// 自己好了 withdraws the report (withdraw.go).
		return false
	}
	rs, err := candidates(t)
	if err != nil {
		return false
	}
	var open []Repair
	for _, r := range rs {
		if r.ReporterID != t.Staff.ID {
			continue
		}
		if mayAct(t, r, verbOK) == "" {
			return false // one awaits her: signOffSaid's
		}
		if r.WorkerID == t.Staff.ID {
			return false // her own job: 好了 is her 完成 (a worker's report of his own)
		}
		if strings.HasPrefix(r.Description, hazardRepairPrefix) {
			continue // a hazard's repair: its 整改 is the hazard's to record
		}
		if r.Status.Open() && r.Status != RepairDone && (nameStrength(w.norm, r) > 0 || namedAt(w.norm, r, rs)) {
			open = append(open, r)
		}
	}
	if len(open) == 0 {
		return false
	}
	if at := slices.DeleteFunc(slices.Clone(open), func(r Repair) bool { return !namedAt(w.norm, r, open) }); len(at) > 0 {
		open = at // 302的钟好了: 302's clock, not 303's as well
	}
	slices.SortFunc(open, func(a, b Repair) int { return cmp.Compare(a.ID, b.ID) })
	var b strings.Builder
	for i, r := range open {
		if i > 0 {
			b.WriteString("；")
		}
		state := "还在维修"
		if r.Status == RepairAssigned {
			state = "还没有接单"
		}
		fmt.Fprintf(&b, "%s（%s %s）%s%s", r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20), workerOrOffice(r), state)
	}
	b.WriteString("，还没有报完成。修好后会请你验收，到时回复「修好了」就行。")
	t.Say(b.String())
	return true
}

// signsOffFor reports whether t.Staff may sign r off now: she reported it,
// or it is a worker's own report of his own job, which the 总务主任 signs
// off (user test 28's N28: 「话筒那个我试了 没问题」 from him was not
// understood).
func signsOffFor(t *flows.Turn, r Repair) bool {
	return (r.ReporterID == t.Staff.ID || selfReported(r)) && mayAct(t, r, verbOK) == ""
}

// placeNamed reports whether norm names place by its last part:
// 实验楼男厕所 of 实验楼二楼男厕所.
func placeNamed(norm, place string) bool {
	rs := []rune(place)
	for i := 0; i+3 <= len(rs); i++ {
		if strings.Contains(norm, string(rs[i:i+3])) && !strings.ContainsRune(positionRunes, rs[i]) {
			return true
		}
	}
	return false
}

// saidSignOff is a sign-off said in words, as readSignOff reads it.
type saidSignOff struct {
	ready  []Repair // the repairs awaiting the writer's sign-off
	chosen []Repair // of ready, those the words point at; none: ask which
	rated  []string // the rating said with it (rateArg)
	// redo: a repair said in the same words not to be fixed (redoArg).
	redo *Repair
	// other: said in the same words not to be fixed, a thing that is none
	// of ready's (灯亮了 可饮水机还在漏水): the writer's open repair of it,
	// or nil (otherArg).
	other     *Repair
	otherSaid bool
	// named: chosen by the numbers, things or count the words say; not
	// the only repair awaiting the writer taken for words naming nothing.
	named bool
}

// readSignOff reads text as a sign-off (signOffSaid) without answering:
// ok is false when the words sign nothing off, or no repair awaits the
// writer's sign-off.
func readSignOff(t *flows.Turn, text string) (saidSignOff, bool) {
	if !t.Idle() {
		return saidSignOff{}, false
	}
	return readSignOffWords(t, text)
}

// readSignOffText is the part of readSignOffWords that reads the words
// alone; signs is false when they sign nothing off.
func readSignOffText(text string) (w signOffWords) {
	if takesBackRedo(text) {
		// 是修好了 我点错了: a 没修好 taken back (undo.go), not a sign-off
		// of another repair awaiting her (the twelfth user test's re-run).
		return w
	}
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(text)))
	// 篮球架不晃了: the fault said gone is the thing working now.
	norm = faultGone(norm)
	// 不漏了 就是地上还湿着: a word on the service, not on the repair.
	norm, _ = cutServiceRemarks(norm)
	// 4号那个也好了，给4分吧; 挺好的 五星: the rating said with it, given
	// once signed off (the 4 of 4分 is no job's number).
	if m := signOffRatingRE.FindStringSubmatch(norm); m != nil && !strings.Contains(norm, m[0]+"钟") {
		if m[3] != "" {
			m[1] = "5" // 给满分吧
		}
		if n, ok := parse.ParseChoice(m[1]+m[2], 5); ok {
			w.rated = []string{rateArg + strconv.Itoa(n)}
			norm = strings.Replace(norm, m[0], " ", 1)
		}
	}
	// 三楼电来了 孙师傅来得挺快的 很满意 (user test 34's T35/T36): 很满意
	// is the 5 she would be asked for next; the words stay the comment.
	if len(w.rated) == 0 && satisfiedRE.MatchString(norm) {
		w.rated = []string{rateArg + "5"}
	}
	// 篮球架那个我还没去操场看: a thing not yet looked at is not signed
	// off, though another in the same words is (the fifteenth user test's
	// teacher had both signed off).
	norm, w.unchecked = cutUnchecked(norm)
	// 后门锁好了，饮水机还是在滴水，没修好: one signed off, another not
	// fixed, which is sent back with the words (the fifteenth user test's
	// teacher was asked which one was 没修好, then what was wrong).
	norm, w.redo = cutNotFixed(norm)
	// 说是修好了, 他说好了, 不是说修好了吗: fixed only as told, which
	// signs nothing off (user test 30's T22 was signed off by 说是修好了
	// beside 还是温温的).
	norm = hearsayFixedRE.ReplaceAllString(norm, " ")
	if !signOffWordsRE.MatchString(norm) || notFixedRE.MatchString(norm) ||
		partlyFixedRE.MatchString(norm) || stillBrokenRE.MatchString(norm) || askingRE.MatchString(norm) || asksAnywhereRE.MatchString(norm) {
		return w
	}
	w.norm, w.signs = norm, true
	return w
}

// satisfiedRE is a reporter saying she is very pleased: 很满意, 非常满意,
// 好评 (不是很满意 is not).
var satisfiedRE = rx.MustCompile(pleasedWords + `|好评|五星`)

// pleasedWords are words of being pleased, which beside a sign-off are
// its comment too (五星 alone is only the score).
const pleasedWords = `(?:^|[^不是])(?:很|非常|特别|挺|十分|超|蛮|相当)满意`

// pleasedRE is pleasedWords.
var pleasedRE = rx.MustCompile(pleasedWords)

// signOffWordsKey names readSignOffText's reading of a text in a turn.
type signOffWordsKey struct{ text string }

// signOffWords is what readSignOffText reads from the words alone, before
// any repair is looked at: the repair flow's Claim and Typed both read
// every idle message for a sign-off (flows.Remember).
type signOffWords struct {
	signs           bool // the words sign something off
	norm            string
	rated           []string
	unchecked, redo string
}

// readSignOffWords is readSignOff in any conversation: at the optional
// comment on one repair, 「门锁也好了 3分 锁有点涩」 signs off another
// (user test 18's F23 had it kept as the first one's comment).
func readSignOffWords(t *flows.Turn, text string) (saidSignOff, bool) {
	var s saidSignOff
	w := flows.Remember(t, signOffWordsKey{text}, func() signOffWords { return readSignOffText(text) })
	if !w.signs {
		return s, false
	}
	norm, unchecked, redo := w.norm, w.unchecked, w.redo
	s.rated = slices.Clone(w.rated)
	rs, err := candidates(t)
	if err != nil {
		return s, false // Typed reads it again and answers
	}
	left := false
	for _, r := range rs {
		if !signsOffFor(t, r) {
			continue
		}
		if r.ReporterID != t.Staff.ID && nameStrength(norm, r) == 0 && !slices.Contains(jobNumbers(norm), strconv.Itoa(Num(r))) {
			// A worker's own job the 总务主任 signs off is his only when
			// the words name it: 没问题 alone may be a hazard's re-check.
			continue
		}
		if unchecked != "" && nameStrength(unchecked, r) > 0 {
			left = true
			continue // not looked at yet: neither signed off nor asked about
		}
		s.ready = append(s.ready, r)
	}
	if unchecked != "" && !left {
		return s, false // 好了，不过我还没试: not looked at, whichever it is
	}
	if len(s.ready) == 0 {
		return s, false
	}
	if redo != "" && otherThing(redo, norm, s.ready) {
		// 灯亮了 👍 可饮水机还在漏水呢 (user test 17's F17): the fountain is
		// not the lamp, which is signed off; the fountain is answered on
		// its own (its repair's status), never the lamp sent back.
		s.otherSaid = true
		if o, ok := openRepairOf(redo, rs, t.Staff.ID); ok {
			s.other = &o
		}
		redo = ""
	}
	if redo != "" {
		named := slices.DeleteFunc(slices.Clone(s.ready), func(r Repair) bool { return nameStrength(redo, r) < 2 })
		if len(named) == 0 {
			// 但是302摄像头还是黑屏: the thing in its own words or the room.
			named = slices.DeleteFunc(slices.Clone(s.ready), func(r Repair) bool { return !namedAt(redo, r, s.ready) })
		}
		if len(named) != 1 || namesOnly(norm, named[0], s.ready) || len(s.ready) < 2 {
			return s, false // which one is not fixed is not clear: as 没修好 says it
		}
		s.redo = &named[0]
		s.ready = slices.DeleteFunc(s.ready, func(r Repair) bool { return r.ID == named[0].ID })
	}
	if chosen, ok := roomsSignedOff(norm, s.ready); ok {
		// 303 304 305的暖气都热乎了 都确认 (user test 30's T49 was asked
		// which one): the rooms listed name a job each.
		s.chosen, s.named = chosen, true
		return s, true
	}
	if nums := jobNumbers(norm); len(nums) > 0 {
		if !bareNumbersRE.MatchString(norm) {
			return s, false // 302的灯亮了: a room, not a number
		}
		for _, f := range nums {
			n, _ := strconv.Atoi(f)
			i := indexOf(s.ready, func(r Repair) bool { return Num(r) == n })
			if i < 0 {
				s.chosen = nil
				return s, true
			}
			s.chosen = append(s.chosen, s.ready[i])
		}
		s.named = true
		return s, true
	}
	// 两个屋都有声了 但是302摄像头还是黑屏: the count said is of the
	// repairs the words speak of, the one sent back among them.
	counted := s.ready
	if s.redo != nil {
		counted = append(slices.Clone(s.ready), *s.redo)
	}
	if m := allSignedRE.FindStringSubmatch(norm); m != nil {
		// 两个都修好了: every repair awaiting them, when as many as said.
		if m[2] != "" {
			m[1] = "2" // 俩
		}
		if n, _ := parse.ParseChoice(m[1], 9); m[1] != "" && n != len(counted) {
			return s, true
		}
		s.chosen, s.named = s.ready, true
		return s, true
	}
	if chosen, ok := countedSignOff(norm, counted); ok {
		// 厕所那两个都看了 都好了 (user test 18's F13): as many as said.
		if s.redo != nil {
			chosen = slices.DeleteFunc(chosen, func(r Repair) bool { return r.ID == s.redo.ID })
		}
		s.chosen, s.named = chosen, len(chosen) > 0
		return s, true
	}
	// 水龙头也不滴了: a repair named by one character alone (水 of
	// 水池) is not named when that character is of a thing named more
	// fully (水龙头); 门和凳子都好了 names both.
	var strong []Repair
	for _, r := range s.ready {
		if nameStrength(norm, r) == 2 {
			strong = append(strong, r)
		}
	}
	for _, r := range s.ready {
		switch nameStrength(norm, r) {
		case 2:
			s.chosen = append(s.chosen, r)
		case 1:
			if !charsOfOthers(norm, r, strong) {
				s.chosen = append(s.chosen, r)
			}
		}
	}
	s.named = len(s.chosen) > 0
	if len(s.chosen) == 0 && len(s.ready) == 1 && !namesOtherThing(norm) {
		s.chosen = s.ready
	}
	return s, true
}

// Claim implements flows.Claimer: a sign-off said in words claims the
// repairs it points at, by name (ClaimNames) or, naming none, as the
// reporter's only or several repairs awaiting sign-off (ClaimFits), so
// that words naming a hazard's place (去看了 通道空了 没问题) pass its
// re-check rather than sign off a repair the words do not name.
func (RepairFlow) Claim(t *flows.Turn, text string) flows.Claim {
	s, ok := readSignOff(t, text)
	if !ok {
		if r, _, again := signedAgainOf(t, text); again && t.Idle() {
			// 路灯亮了 of a repair signed off already: the words fit it, but
			// a hazard's re-check they name comes first (signedagain.go).
			return flows.Claim{Strength: flows.ClaimFits, Choices: []flows.Button{{Label: fmt.Sprintf("验收：%s %s「%s」", r.Ref, r.Place(), jobWords(r, 20)),
				Data: action(verbOK, r.ID)}}}
		}
		return flows.Claim{}
	}
	c := flows.Claim{Strength: flows.ClaimFits}
	if s.named {
		c.Strength = flows.ClaimNames
	}
	pool := s.chosen
	if len(pool) == 0 {
		pool = s.ready
	}
	for _, r := range pool {
		c.Choices = append(c.Choices, flows.Button{Label: fmt.Sprintf("验收：%s %s「%s」", r.Ref, r.Place(), jobWords(r, 20)),
			Data: action(verbOK, r.ID, s.rated...)})
		c.Refs = append(c.Refs, r.Ref)
	}
	return c
}

// AwaitsSignOff reports whether repair id awaits the writer's 验收 (she
// reported it and it is finished), so that another module's step on the
// same thing may sign it off with SignOffLinked.
func AwaitsSignOff(t *flows.Turn, id int64) (Repair, bool, error) {
	r, err := db(t).Repair(t.Ctx, id)
	if errors.Is(err, flows.ErrNotFound) {
		return r, false, nil
	}
	if err != nil {
		return r, false, err
	}
	return r, r.SchoolID == t.School.ID && r.Status == RepairDone && mayAct(t, r, verbOK) == "", nil
}

// SignOffLinked signs off r, which AwaitsSignOff found awaiting the
// writer: the 验收 said by another module's step on the same thing (a
// hazard's 复查通过 of the wall r fixed, user test 18's N13). The caller
// says so in its reply and in its own notices; the rating is not asked,
// and the worker is not told again when told holds him (he had two
// notices of the one wall).
func SignOffLinked(t *flows.Turn, r Repair, told map[int64]bool) error {
	return signOffTelling(t, r, !told[r.WorkerID])
}

// redoArg begins an argument of confirmRepair naming a repair said, in
// the same words as the sign-off, not to be fixed: redo=7.
const redoArg = "redo="

// otherArg begins an argument of confirmRepair naming the writer's open
// repair of another thing said not to be fixed beside the sign-off
// (other=0: none of hers), to answer about it after.
const otherArg = "other="

// cutNotFixed takes out of norm its clauses saying a thing is still not
// fixed (notFixedRE, stillBrokenRE), when what is left signs something
// off, and returns norm without them and them joined; else norm and "".
// A clause naming no thing (没修好) goes with the clause before it.
func cutNotFixed(norm string) (rest, redo string) {
	var kept, cut []string
	for _, c := range clauseSplitRE.Split(norm, -1) {
		switch {
		case saysBroken(c) && GuessRepair(c, nil).Item == "" && len(kept) > 0 && !signOffWordsRE.MatchString(kept[len(kept)-1]):
			// 饮水机漏水的地方，没修好: the thing is the clause before's.
			cut, kept = append(cut, kept[len(kept)-1], c), kept[:len(kept)-1]
		case saysBroken(c):
			cut = append(cut, c)
		case c != "":
			kept = append(kept, c)
		}
	}
	rest = strings.Join(kept, "，")
	if len(cut) == 0 || len(kept) == 0 || !signOffWordsRE.MatchString(rest) {
		return norm, ""
	}
	return rest, strings.Join(cut, "，")
}

// otherThing reports whether redo, the words saying a thing is not fixed,
// name a thing (饮水机) that none of ready is, while the rest of the words
// (norm) name one of ready: the 没修好 is of another thing.
func otherThing(redo, norm string, ready []Repair) bool {
	if GuessRepair(redo, nil).Item == "" {
		return false
	}
	for _, r := range ready {
		if nameStrength(redo, r) > 0 {
			return false
		}
	}
	return slices.ContainsFunc(ready, func(r Repair) bool { return nameStrength(norm, r) == 2 })
}

// openRepairOf is the one repair of rs that reporter reported, still
// open and not awaiting sign-off, whose thing words name.
func openRepairOf(words string, rs []Repair, reporter int64) (Repair, bool) {
	var found []Repair
	for _, r := range rs {
		if r.ReporterID == reporter && r.Status.Open() && r.Status != RepairDone && nameStrength(words, r) == 2 {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		return Repair{}, false
	}
	return found[0], true
}

// stillAtRE is a fault still going on: 还是在滴水, 还在漏.
var stillAtRE = rx.MustCompile(`还(?:是)?在(?:滴|漏|渗|响|晃|冒|闪|跳)`)

// saysBroken reports whether a clause says its thing is still not fixed.
func saysBroken(c string) bool {
	return notFixedRE.MatchString(c) || stillBrokenRE.MatchString(c) || stillAtRE.MatchString(c) || rejectedRE.MatchString(c)
}

// redoWords are the words of text saying a thing is not fixed, as
// cutNotFixed finds them, in the writer's own letters: the 返修 reason.
func redoWords(text string) string {
	var cut []string
	for _, c := range clauseSplitRE.Split(strings.TrimSpace(text), -1) {
		if n := strings.ToLower(parse.Normalize(c)); saysBroken(n) {
			if rest := strings.TrimSpace(butLeadRE.ReplaceAllString(c, "")); rest != "" {
				c = rest // 但是302摄像头还是黑屏: the 但是 is no part of it
			}
			cut = append(cut, c)
		}
	}
	return strings.Join(cut, "，")
}

// butLeadRE is a 但是 beginning a clause.
var butLeadRE = rx.MustCompile(`^(?:但是|不过|可是|只是)`)

// sendBackSaid sends r back to its worker as 没修好 said beside a
// sign-off, with the words saying so as the reason, and says which.
func sendBackSaid(t *flows.Turn, id int64) error {
	r, err := db(t).Repair(t.Ctx, id)
	if err != nil || r.SchoolID != t.School.ID || mayAct(t, r, verbRedo) != "" {
		return err
	}
	why := flows.Clip(redoWords(t.Text), 200)
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
	if err := tellFollowers(t, r, fmt.Sprintf("你关注的 %s（%s %s）%s验收时反馈还没修好，已退回%s重新维修，%s。",
		r.Ref, r.Place(), followerDesc(r), t.Staff.Name, r.WorkerName, reworkDue(t, r))); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("%s（%s %s）没修好，已退回给%s重新维修，你说的「%s」也转告了，%s。",
		r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20), r.WorkerName, flows.Clip(why, 30), reworkDue(t, r)))
	return nil
}

// firstDescription is r's description before any 返修 words.
func firstDescription(r Repair) string {
	d, _, _ := strings.Cut(r.Description, "；返修：")
	return d
}

// uncheckedRE is a reporter saying she has not looked at or tried a thing
// yet, or does not know: 还没去操场看, 没看, 还没试, 不知道, 不清楚.
var uncheckedRE = rx.MustCompile(`(?:还|都)?没(?:有)?(?:去|来得及|空|时间)?[^，,。；;！!？?\s]{0,6}?(?:看|试|检查|瞧|验)(?:过|一下|呢|啊)?|不知道|不清楚|不晓得|不确定`)

// cutUnchecked takes out of norm its clauses saying a thing is not looked
// at yet (uncheckedRE), and returns norm without them and them joined. 没看
// 出问题 and 没看到毛病 are a look taken, which finds nothing wrong.
func cutUnchecked(norm string) (rest, unchecked string) {
	var kept, cut []string
	for _, c := range clauseSplitRE.Split(norm, -1) {
		m := uncheckedRE.FindStringIndex(c)
		if m == nil || strings.ContainsAny(c[m[1]:], "出到见") && (strings.Contains(c, "问题") || strings.Contains(c, "毛病")) {
			kept = append(kept, c)
			continue
		}
		cut = append(cut, c)
	}
	if len(cut) == 0 {
		return norm, ""
	}
	return strings.Join(kept, "，"), strings.Join(cut, "，")
}

// uncheckedNote is what to tell a reporter whose typed sign-off left out
// repairs awaiting her that she said she has not looked at (cutUnchecked):
// that each waits for her word (篮球架那个我还没去操场看), or "".
func uncheckedNote(t *flows.Turn, signed []Repair) (string, error) {
	if t.Msg.Button != "" {
		return "", nil
	}
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(t.Text)))
	_, unchecked := cutUnchecked(norm)
	if unchecked == "" {
		return "", nil // no look said not taken: nothing read
	}
	rs, err := candidates(t)
	if err != nil {
		return "", err
	}
	var notes []string
	for _, r := range rs {
		if r.ReporterID != t.Staff.ID || r.Status != RepairDone || nameStrength(unchecked, r) == 0 ||
			slices.ContainsFunc(signed, func(o Repair) bool { return o.ID == r.ID }) {
			continue
		}
		n := Num(r)
		notes = append(notes, fmt.Sprintf("%s（%s %s）还没验收，你看过后回复「修好了 %d」或「没修好 %d」就行。", r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20), n, n))
	}
	return strings.Join(notes, ""), nil
}

// clauseSplitRE splits words into their clauses.
var clauseSplitRE = rx.MustCompile(`[，,。；;！!\s]+`)

// signOffRatingRE is a rating said with a sign-off: 给4分吧, 打五分, 五星.
var signOffRatingRE = rx.MustCompile(`(?:给|打)?\s*(?:([1-5])|([一二三四五]))\s*(?:分|星|颗星)(?:吧|啊|哈)?|(?:给|打)?个?\s*满(分|星)(?:吧|啊|哈)?`)

// rateArg begins confirmRepair's last argument when the rating was said
// with the sign-off: rate=4.
const rateArg = "rate="

// asksAnywhereRE is a question anywhere in a message, not only at its end:
// 「煤气那个修好了没？能不能让学生回教室上课」 asks whether the gas leak is
// fixed; the ninth user test's signed it off. A sign-off is never asked.
var asksAnywhereRE = rx.MustCompile(`[？?]|了没|好没|修好没|能不能|可不可以|是不是|行不行|有没有|吗`)

// chooseSignOff asks which of ready the words mean, by buttons (typed by
// number too).
func chooseSignOff(t *flows.Turn, ready []Repair, rated []string) (string, bool) {
	items := make([]flows.Item, len(ready))
	for i, r := range ready {
		items[i] = flows.Item{ID: r.ID, Ref: r.Ref, Line: fmt.Sprintf("%s「%s」%s", r.Place(), jobWords(r, 20), r.Status.Label()),
			Ready: true, Data: action(verbOK, r.ID, rated...)}
	}
	if asked, err := askWhich(t, flows.Command{Word: "修好了"}, ready, items); asked || err != nil {
		// A question of its own, so that 两个都是 and the number after a
		// word not understood still answer it (user test 18's F14, F15).
		return "", err == nil
	}
	it, ok, none := flows.ChooseItem(t, flows.Command{Word: "修好了"}, items, "报修")
	if none || !ok {
		return "", !none
	}
	return it.Data, true
}

// jobNumbers are the numbers of norm that may be jobs' numbers: not a
// room's, written straight before its thing (303灯和饮水机都好了, 302的灯).
func jobNumbers(norm string) []string {
	var out []string
	for _, m := range roomOrNumRE.FindAllStringSubmatchIndex(norm, -1) {
		next, _ := utf8.DecodeRuneInString(norm[m[1]:])
		if unicode.Is(unicode.Han, next) && !strings.ContainsRune("号和跟与也都", next) {
			continue
		}
		out = append(out, norm[m[0]:m[1]])
	}
	return out
}

// roomOrNumRE is a number of up to four digits.
var roomOrNumRE = rx.MustCompile(`\d{1,4}`)

func indexOf(rs []Repair, f func(Repair) bool) int {
	for i, r := range rs {
		if f(r) {
			return i
		}
	}
	return -1
}

// allSignedRE is every repair awaiting a reporter signed off at once:
// 两个都修好了, 都好了, 俩都好了.
var allSignedRE = rx.MustCompile(`^(?:这|那)?(?:([两二三四2-4])个|(俩))?(?:都|全都|全部)(?:已经)?(?:修好了|好了|弄好了|可以了|没问题了|正常了|ok了?)`)

// signOffWordsRE are words that say something works now: power back (三楼
// 电来了, user test 34's T35) too.
var signOffWordsRE = rx.MustCompile(`修好了|修好啦|弄好了|好了|好啦|亮了|有电了|电来了|来电了|通电了|通了|能用了|可以用了|正常了|没问题|可以的|挺好|结实|ok|搞定|可以了|装上了|装好了|换好了`)

// faultGoneRE is a fault said gone: 不晃了, 不响了, 不漏了, 不滴了, 不闪了,
// 不漏风了 (user test 34's T40 began a new report of the window);
// or the thing working again: 好使了, 能冲了, 能投了, 有声了 (a broadcast,
// user test 27's K60), 有画面了, 有水了; or said to be fine
// in the words people use at home (worksNowRE); or a radiator warm again,
// all of it: 这回都热了, 现在暖和了 (user test 28's N44 was not understood;
// 前面两组热了 alone says only part of it).
var faultGoneRE = rx.MustCompile(`不再?(?:晃|摇|响|冒烟|跳闸|漏(?:水|风|气)?|透风|进风|灌风|滴水?|渗水?|闪|堵|卡|冒火花?|跳|臭)了|(?:好使|好用|能使|能\p{Han}{1,2})了|(?:有|出)(?:声|声音|响声|画面|图像|图|信号|网|热水|暖气|水)了|` +
	`(?:都|也|全都?|已经|现在)(?:热|暖和|热乎|暖)了|暖和了|热乎了|` +
	// 冰都清干净了, 雪扫干净了, 水拖干净了, 冰铲完了 (user test 30's
	// T43 was not understood).
	`(?:清|扫|铲|拖|擦|清理|打扫|收拾|弄|处理)(?:得|的)?(?:都|很|挺)?干净了|(?:冰|雪|积雪|积水|水)(?:都|也|已经)?(?:清|扫|铲|化|拖)(?:完|掉|走|光)了|` +
	// 302暖气这次是真热了, 这回真热了 (user test 30's T50).
	`(?:这次|这回|这下|终于|总算|真)(?:是|也)?(?:真的?)?(?:热|暖和|暖)了|` + worksNowRE)

// worksNowRE are the words of many places for "it works fine now", which
// 好了 does not catch: 巴适 (Sichuan; the thirteenth user test's 「厕所冲水
// 巴适了 👍👍」 had started a new report), 得劲 (Henan), 好使 (the north),
// 没毛病, 妥了/妥妥的, 杠杠的 (the northeast). Said after 不 or 没 they are
// a fault (不得劲, 不好使), which faultGone leaves alone. 莫得问题了 (没问题了
// in Sichuan: user test 16's 「阅览室投影去看了 莫得问题了」 was thanked for
// and asked again), 冇问题 (Cantonese).
const worksNowRE = `巴适(?:得很|得板|惨了)?了?|得劲了?|好使|没毛病了?|没得毛病了?|妥了|妥妥的?|杠杠的|(?:莫得|没得|冇|莫)问题了?`

// thumbsRE is a thumbs-up or OK hand: beside words that name the thing
// (冲水👍), the thing works; alone it is a nod to a notice, no sign-off.
var thumbsRE = rx.MustCompile(`(?:👍|👌)[\x{1F3FB}-\x{1F3FF}]*`)

// faultGone is norm with each fault said gone (faultGoneRE) read as 好了,
// unless 不 or 没 comes before it (不能用了 is a fault).
func faultGone(norm string) string {
	if thumbsRE.MatchString(norm) {
		// 厕所冲水👍: a thumbs-up says the thing named works.
		rest := strings.TrimSpace(thumbsRE.ReplaceAllString(norm, " "))
		if GuessRepair(rest, nil).Item != "" || faultGoneRE.MatchString(rest) || signOffWordsRE.MatchString(rest) {
			norm = thumbsRE.ReplaceAllString(norm, "好了")
		}
	}
	var b strings.Builder
	last := 0
	for _, m := range faultGoneRE.FindAllStringIndex(norm, -1) {
		if strings.HasSuffix(norm[:m[0]], "不") || strings.HasSuffix(norm[:m[0]], "没") {
			continue
		}
		b.WriteString(norm[last:m[0]])
		b.WriteString("好了")
		last = m[1]
	}
	b.WriteString(norm[last:])
	return b.String()
}

// serviceClauseRE is a clause after 就是/但是 that speaks of the service,
// not of the thing repaired: 就是地上还湿着, 就是拖太久了, 不过来得有点晚.
var serviceClauseRE = rx.MustCompile(`(?:就是|但是|不过|可是|只是)([^，,。！!？?；;\s]*)`)

// serviceWordsRE are the words of such a clause: time taken, the mess
// left, and the trips it took (不过折腾两回: user test 18's F4);
// clauseFaultRE those that still tell a fault (就是还有点滴水).
var (
	serviceWordsRE = rx.MustCompile(`慢|久|晚|拖|等了|来得|地上|地面|地板|湿|脏|垃圾|灰|收拾|打扫|拖地|水渍|折腾|返工|返修|[两几]回|[两几]次|[两几]趟|好几`)
	clauseFaultRE  = rx.MustCompile(`不\p{Han}|没|坏|漏|滴|闪|响|晃|松|堵|冒|还是|又`)
)

// cutServiceRemarks takes out of norm the clauses about the service
// (serviceClauseRE), which neither sign off nor say a fault, and returns
// norm without them and them joined.
func cutServiceRemarks(norm string) (rest, remarks string) {
	var said []string
	rest = serviceClauseRE.ReplaceAllStringFunc(norm, func(c string) string {
		m := serviceClauseRE.FindStringSubmatch(c)
		if !serviceWordsRE.MatchString(m[1]) || clauseFaultRE.MatchString(strings.ReplaceAll(m[1], "湿", "")) {
			return c
		}
		said = append(said, m[1])
		return " "
	})
	if earlier, now := cutEarlierFailure(rest); earlier != "" {
		rest, said = now, append(said, earlier)
	}
	// 希望一次弄好, 下次快点: a wish for next time, kept whole.
	rest = wishClauseRE.ReplaceAllStringFunc(rest, func(c string) string {
		if clauseFaultRE.MatchString(c) {
			return c
		}
		said = append(said, c)
		return " "
	})
	return rest, strings.Join(said, "，")
}

// wishClauseRE is a wish said beside a sign-off, to its clause's end:
// 希望一次弄好, 下次快点, 以后早点来.
var wishClauseRE = rx.MustCompile(`(?:希望|下次|下回|以后)[^，,。！!？?；;\s]+`)

// earlierFailRE is a failure said of an earlier attempt, to its clause's
// end: 第一次没弄好扣一分, 上次没修好, 之前不行. With the fault said gone
// now (这回可以了 稳稳的 4分吧 第一次没弄好扣一分: the twelfth user test's
// teacher, sent back for rework), it is a comment on the service, not 没修好.
var earlierFailRE = rx.MustCompile(`(?:第[一1]次|第一回|头一?次|头一?回|上一?次|上一?回|前[一两几]次|前[一两几]回|之前|以前|先前|一开始|刚开始|起初|原先|刚才)[^，,。；;！!？?\s]{0,6}?(?:没修好|没弄好|没搞好|没整好|没修|没好|不行|不好使|修得不好|有问题)[^，,。；;！!？?\s]*`)

// presentRE begins what is said of now in a clause: 上次没修好这次好了.
var presentRE = rx.MustCompile(`这次|这回|这下|现在|总算|终于|目前`)

// cutEarlierFailure takes out of text the failures said of an earlier
// attempt (earlierFailRE), when what is left signs the repair off (a
// fault said gone, words that it works, or a rating) and says no fault
// now; it returns them joined and text without them, or "" and text.
func cutEarlierFailure(text string) (earlier, rest string) {
	var said []string
	rest = earlierFailRE.ReplaceAllStringFunc(text, func(c string) string {
		if i := presentRE.FindStringIndex(c); i != nil && i[0] > 0 {
			said = append(said, c[:i[0]])
			return " " + c[i[0]:]
		}
		said = append(said, c)
		return " "
	})
	if len(said) == 0 {
		return "", text
	}
	now := faultGone(strings.ToLower(parse.Normalize(rest)))
	if !signOffWordsRE.MatchString(now) && !signOffRatingRE.MatchString(now) || notFixedRE.MatchString(now) || stillBrokenRE.MatchString(now) {
		return "", text
	}
	return strings.Join(said, "，"), rest
}

// hearsayFixedRE is fixed only as someone told it: 说是修好了, 他说好了,
// 周师傅说弄好了, 不是说修好了吗, 听说已经好了.
var hearsayFixedRE = rx.MustCompile(`(?:不是|都|听|据|他|她|人家|师傅|\p{Han}师傅)?说(?:是)?(?:都|已经|早就|早)?(?:修好|弄好|搞好|好)了(?:吗|嘛|么|呀|啊)?`)

// stillBrokenRE is a fault said with the words, which is news, not a sign-off.
var stillBrokenRE = rx.MustCompile(`坏|不亮|没电|不通|漏|打不开|关不上|松了|但是|就是|不过|可是`)

// bareNumbersRE is words and the numbers of jobs only: 修好了 1 2, 1和2都好了.
var bareNumbersRE = rx.MustCompile(`^[^\d]*?(?:\d{1,3}\s*号?\s*(?:[和、,，跟]|和|\s)*\s*)+[^\d]*$`)

// thingSuffixes are a thing's last characters that name nothing alone
// (凳子's 子, 投影仪's 仪).
const thingSuffixes = "子仪机头器台具"

// positionRunes are a thing's characters that say where, not what (后门's
// 后, 前窗's 前): 后窗玻璃 names no 后门, nor 上铺 a 上水管.
const positionRunes = "前后左右上下里外内中东西南北边侧"

// nameStrength is how strongly norm names r: 2 by its whole thing, two
// of its characters or its description's, 1 by one character of a short
// thing, 0 not at all.
func nameStrength(norm string, r Repair) int {
	switch {
	case !namesThing(norm, r.Item) && !namesDescribed(norm, r.Description) && !namesByWordAlone(norm, r):
		return 0
	case namesDescribed(norm, r.Description) || r.Item != "" && strings.Contains(norm, r.Item):
		return 2
	}
	rs := []rune(r.Item)
	for i := 0; i+1 < len(rs); i++ {
		if strings.Contains(norm, string(rs[i:i+2])) {
			return 2
		}
	}
	return 1
}

// bareThing is item less its suffixes: 桌 of 桌子.
func bareThing(item string) string {
	return strings.Map(func(c rune) rune {
		if strings.ContainsRune(thingSuffixes, c) {
			return -1
		}
		return c
	}, item)
}

// namesByWordAlone reports whether norm names r by a one-character word
// standing alone in a list of things (锁 of 桌子 锁 厕所水龙头都好了, r's
// thing taken as 后门 from 后门锁坏了): a character of r's thing or
// description that says no fault.
func namesByWordAlone(norm string, r Repair) bool {
	for _, w := range listSplitRE.Split(norm, -1) {
		rs := []rune(w)
		if len(rs) != 1 || !unicode.Is(unicode.Han, rs[0]) || strings.ContainsRune(plainRunes+thingSuffixes+positionRunes, rs[0]) {
			continue
		}
		if strings.ContainsRune(r.Item, rs[0]) || strings.ContainsRune(r.Description, rs[0]) {
			return true
		}
	}
	return false
}

// listSplitRE splits a list of things: 桌子 锁 厕所水龙头, 桌子、锁和灯.
var listSplitRE = rx.MustCompile(`[，,。；;！!、\s和跟与]+`)

// charsOfOthers reports whether every character by which norm names r's
// short thing belongs to the thing of one of others.
func charsOfOthers(norm string, r Repair, others []Repair) bool {
	if namesByWordAlone(norm, r) {
		return false // 锁, a word of its own
	}
	for _, c := range r.Item {
		if strings.ContainsRune(thingSuffixes, c) || strings.ContainsRune(positionRunes, c) || !strings.ContainsRune(norm, c) {
			continue
		}
		// 桌子 names 桌面 too: a thing that is its one character and a
		// suffix (桌子, 凳子) is that character's every thing.
		if !slices.ContainsFunc(others, func(o Repair) bool { return strings.ContainsRune(o.Item, c) && bareThing(o.Item) != string(c) }) {
			return false
		}
	}
	return true
}

// namesThing reports whether norm names item, wholly or by a part: 门 of
// 门锁, 凳子, 投影 of 投影仪.
func namesThing(norm, item string) bool {
	if item == "" {
		return false
	}
	if strings.Contains(norm, item) {
		return true
	}
	rs := []rune(item)
	for i := 0; i+1 < len(rs); i++ {
		if strings.Contains(norm, string(rs[i:i+2])) {
			return true
		}
	}
	if len(rs) <= 2 {
		for _, r := range rs {
			if !strings.ContainsRune(thingSuffixes, r) && !strings.ContainsRune(positionRunes, r) && strings.ContainsRune(norm, r) {
				return true
			}
		}
	}
	return false
}

// namesOtherThing reports whether norm names a thing at all (the reporter's
// only waiting repair is then not theirs to guess).
func namesOtherThing(norm string) bool {
	return GuessRepair(norm, nil).Item != ""
}

// plainRunes are characters of a description that name no thing: its
// fault, and filler (讲台凳子腿松了's 松了).
const plainRunes = "坏不亮没打开关松漏了堵掉断裂有点很太的个盏块一教室楼号间"

// namesDescribed reports whether norm names a thing of a repair's
// description by two of its characters: 凳子 of 讲台凳子腿松了.
func namesDescribed(norm, desc string) bool {
	rs := []rune(desc)
	for i := 0; i+1 < len(rs); i++ {
		if !unicode.Is(unicode.Han, rs[i]) || !unicode.Is(unicode.Han, rs[i+1]) ||
			strings.ContainsRune(plainRunes, rs[i]) || strings.ContainsRune(plainRunes, rs[i+1]) {
			continue
		}
		if strings.Contains(norm, string(rs[i:i+2])) {
			return true
		}
	}
	return false
}

// rejectedRE is a reporter's verdict that a repair said to be done will
// not do, whatever works now: 这不行啊, 这样可不行, 那单不能算修好, 不算修好,
// 验收不合格.
var rejectedRE = rx.MustCompile(`(?:这|那)(?:样|个|可|也|还|就)?(?:可|也|还)?不行|(?:不能|不可以|没法)算(?:是|它|他)?(?:修好|好|完成|合格)|不算(?:是)?(?:修好|好了|完成|合格)|验收不(?:了|通过|合格)|不合格`)

// rejectsDone reports whether text is a verdict that a repair awaiting
// the writer's sign-off is not fixed (rejectedRE), said of it: the words
// name it, or name no thing of any repair of hers (考试得看时间的 这不行啊
// under the clock's 请验收 notice).
func rejectsDone(t *flows.Turn, text string) bool {
	norm := strings.ToLower(parse.Normalize(text))
	if !t.Idle() || !rejectedRE.MatchString(norm) {
		return false
	}
	rs, err := candidates(t)
	if err != nil {
		return false
	}
	awaiting := false
	for _, r := range rs {
		if r.ReporterID != t.Staff.ID || mayAct(t, r, verbOK) != "" {
			continue
		}
		awaiting = true
		if nameStrength(norm, r) > 0 || namesHeadOf(norm, r) {
			return true
		}
	}
	return awaiting && !namesOtherThing(norm)
}

// namesHeadOf reports whether norm names r's thing of three characters or
// more by its last, the thing it is (钟 of 电子钟, 灯 of 日光灯), not a suffix naming nothing
// alone (机 of 饮水机): the thing of r, or for a thing the lexicon does not
// know, the words its description begins with (电子钟 of 电子钟坏了 不走了).
// A 钟 of 五分钟 or 八点钟 is a time, no clock.
func namesHeadOf(norm string, r Repair) bool {
	thing := r.Item
	if thing == "" {
		for _, c := range r.Description {
			if !unicode.Is(unicode.Han, c) || strings.ContainsRune(plainRunes, c) {
				break
			}
			thing += string(c)
		}
	}
	rs := []rune(thing)
	if len(rs) < 3 {
		return false // 灯管's 管 is a pipe's too (加热管)
	}
	last := rs[len(rs)-1]
	norm = timeWordsRE.ReplaceAllString(norm, " ")
	return !strings.ContainsRune(thingSuffixes, last) && strings.ContainsRune(norm, last)
}

// timeWordsRE are words of time holding a thing's character: 分钟, 点钟.
var timeWordsRE = rx.MustCompile(`分钟|点钟|钟头`)

// redoMeant is what to read again for a draft report taken back with the
// words that a repair awaiting the writer's sign-off is not fixed (不是新报的
// 就刚才那个钟 没修好): 没修好 of that repair, by its number, with the
// draft's words as the reason; false when the words say no 没修好 or no
// repair awaits her. Of several awaiting her, the one the words or the
// draft name, or her last notice's; else the words as they are, so that
// she is asked which.
func redoMeant(t *flows.Turn, d *repairDraft) (string, bool) {
	norm := strings.ToLower(parse.Normalize(t.Text))
	if !notFixedRE.MatchString(norm) && !rejectedRE.MatchString(norm) {
		return "", false
	}
	rs, err := candidates(t)
	if err != nil {
		return "", false
	}
	said := d.Desc
	for _, it := range d.Items {
		said = strings.TrimLeft(said+"；"+it.Desc, "；")
	}
	var ready, named, drafted []Repair
	for _, r := range rs {
		if r.ReporterID != t.Staff.ID || mayAct(t, r, verbOK) != "" {
			continue
		}
		ready = append(ready, r)
		if nameStrength(norm, r) > 0 || namesHeadOf(norm, r) {
			named = append(named, r)
		}
		if dn := strings.ToLower(parse.Normalize(said)); dn != "" && (nameStrength(dn, r) > 0 || namesHeadOf(dn, r)) {
			drafted = append(drafted, r)
		}
	}
	var r Repair
	switch {
	case len(ready) == 0:
		return "", false
	case len(named) == 1:
		r = named[0]
	case len(named) == 0 && len(drafted) == 1:
		r = drafted[0]
	case len(ready) == 1:
		r = ready[0]
	default:
		n, ok := noticedJob(t, ready)
		if !ok {
			return t.Text, true
		}
		r = n
	}
	if said == "" {
		return t.Text, true
	}
	return fmt.Sprintf("没修好 %d %s", Num(r), said), true
}

// namedAt reports whether words name r by its room's number, which no
// other of ready is at: 302 of 教学楼302, beside 303's.
func namedAt(words string, r Repair, ready []Repair) bool {
	for _, m := range placeNumRE.FindAllString(words, -1) {
		if !strings.Contains(r.LocationName, m) {
			continue
		}
		if !slices.ContainsFunc(ready, func(o Repair) bool { return o.ID != r.ID && strings.Contains(o.LocationName, m) }) {
			return true
		}
	}
	return false
}

// namesOnly reports whether the words signing off (norm) name r, said in
// the same words not to be fixed, and no other of ready: then what is
// signed off is r itself, and the words are not clear. Words naming r
// with others (广播 of two rooms' broadcasts, 两个屋都有声了) sign off the
// others.
func namesOnly(norm string, r Repair, ready []Repair) bool {
	if nameStrength(norm, r) == 0 {
		return false
	}
	return !slices.ContainsFunc(ready, func(o Repair) bool { return o.ID != r.ID && nameStrength(norm, o) > 0 })
}

// roomListRE is two rooms or more listed, or a range of them, before what
// is said of them: 303 304 305的, 302和303的, 302到305.
var roomListRE = rx.MustCompile(`(\d{3,4})((?:\s*[、,，和跟与及/]?\s*\d{3,4})+|\s*(?:到|至|-|~|—)\s*(\d{3,4}))\s*(?:的|号|班|教室|这几|那几|这些|几个)?`)

// roomsSignedOff is the jobs of ready in the rooms listed (roomListRE),
// when every room listed is the room of exactly one of them that the rest
// of the words may mean (their thing, or none said): each room names its
// job. A number no room of ready has leaves it to the job numbers.
func roomsSignedOff(norm string, ready []Repair) ([]Repair, bool) {
	m := roomListRE.FindStringSubmatchIndex(norm)
	if m == nil {
		return nil, false
	}
	var rooms []string
	if m[6] >= 0 {
		from, _ := strconv.Atoi(norm[m[2]:m[3]])
		to, _ := strconv.Atoi(norm[m[6]:m[7]])
		if to <= from || to-from > 9 {
			return nil, false
		}
		for n := from; n <= to; n++ {
			rooms = append(rooms, strconv.Itoa(n))
		}
	} else {
		rooms = roomOrNumRE.FindAllString(norm[m[0]:m[5]], -1)
	}
	rest := norm[:m[0]] + " " + norm[m[1]:]
	thing := GuessRepair(rest, nil).Item != ""
	var chosen []Repair
	for _, room := range rooms {
		var found []Repair
		for _, r := range ready {
			if !strings.Contains(r.LocationName, room) || thing && nameStrength(rest, r) == 0 {
				continue
			}
			found = append(found, r)
		}
		if len(found) != 1 {
			if m[6] >= 0 && len(found) == 0 {
				continue // 302到305: the rooms between need not all have one
			}
			return nil, false
		}
		chosen = append(chosen, found[0])
	}
	if len(chosen) < 2 {
		return nil, false
	}
	return chosen, true
}
