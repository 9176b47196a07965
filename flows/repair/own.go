package repair

import (
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

// A staff member's words about a repair already open, which read like a
// report because they name its fault (the tenth user test):
//
//   - a worker's own job told done: 漏电那个处理完了 插座进水了 换了防水插座
//     还加了个漏保 is 完成 of the 漏电 job he holds, never a new urgent
//     report; 302投影仪是VGA线断了 换了根新线 能投了 likewise;
//   - a worker saying when he comes to jobs he holds: 302插座跟女厕滴水
//     我下午三点以后去 上午在外面买材料 takes both (those not taken yet)
//     and passes the rest of his words to their reporters as a 说明;
//   - someone else telling a job done that another worker holds (the
//     reporter's sign-off is signoff.go's): they are told who holds it,
//     and that worker is told what they said, so that he can record it
//     done; the reporter signs off after him as always.
//
// A message is about held jobs only when each problem it names is one of
// them; a message that also names something new is a report, as before.

// goingRE is a worker saying when he comes: 我下午三点以后去, 我马上过去,
// 明天上午来, 三点过去.
var goingRE = rx.MustCompile(`(?:我|马上|这就|现在|等会儿?|一会儿?|待会儿?|下午|上午|中午|晚上|明天|明早|后天|下课后|放学后|[\d一二三四五六七八九十两]{1,2}点)[^，,。！!]{0,8}?(?:过去|过来|去|来|到)(?:修|弄|看|换|处理)?(?:[\s，,。！!吧]|$)`)

// doneSaidRE is a job said done in words the lexicon's done markers do
// not reach: 能投了, 能冲了, 弄完了, 处理完了 (not 可能坏了); 重新插紧就好了,
// 拧紧就行了: a fix done (a result said: 紧, 上, 牢), not one planned
// (换个灯泡就好了).
//
// User test 16's: 能正常投了 (正常 before the verb), 水已经排干净了 and 下水口
// 掏通了 (a drain cleared: the result of 排/清/掏/疏), 灯泡…换上了.
//
// User test 18's 「[图片]303后门锁芯换了 钥匙交给王老师了」 (F40): a part
// said replaced, ending a clause (锁芯换了, 灯管换掉了), is the job done;
// one that should be or is yet to be (该换了, 要换了, 还没换了) is not.
//
// User test 28's 「302暖气放了气 现在有点温了 完成」 (N13): a closing 完成 of
// its own (not 还没完成) is the job told done.
//
// User test 29's 「303桌子我直接换了一张好的 坏的搬走了」 (R20): the thing
// swapped for a good or new one (换了一张好的, 换成了新的) is the job done;
// 得换个新的 is not. R27's 「201挂钟我让人换了电池 走了」: a part put in,
// then the thing working again (走了, 亮了); and 「挂钟那单完成了」, the job
// pointed at (那单) and done.
var doneSaidRE = rx.MustCompile(`(?:^|[\s，,。！!])(?:已经|都|就)?完成(?:了|啦|啊)?[。！!]*$|(?:^|[^不可只])能(?:正常)?\p{Han}{1,2}了(?:[\s，,。！!]|$)|(?:弄|修|搞|干|整|处理)完了|(?:排|清|掏|疏|抽)(?:干净|通|干)了|[^\P{Han}没不未还]铲(?:完|干净|掉)了|(?:盐|沙子?)(?:也|都)?撒(?:完|好)?了` +
	// 门口的冰铲完了 盐也撒了 (user test 30's T20): ice cleared.
	`|(?:已经|今天|上午|下午|刚)\p{Han}{0,2}?换上了|` +
	`[^\P{Han}要得该需没不未还再想准]换(?:了|掉了)(?:[\s，,。！!]|$)|` +
	`[^\P{Han}要得该需没不未还再想准]换(?:了|成了|上了)(?:一|1)?[张个把根只台块盏套扇组]?(?:好的|新的)|` +
	`(?:那|这)(?:单|个单子|个)(?:已经|也)?(?:完成|弄完|修完)(?:了|啦)|` +
	`[^\P{Han}要得该需没不未还再想准]换了\p{Han}{0,4}?(?:电池|灯管|灯泡|锁芯|保险丝|开关|阀芯|零件|配件)[\s，,。]+(?:又|就|能|已经|现在)?(?:走|亮|转|响|通|动)了(?:[\s，,。！!]|$)|` + fixedResultRE.String())

// fixedResultRE is a fix told done by its result: 重新插紧就好了, 拧紧就行了.
var fixedResultRE = rx.MustCompile(`\p{Han}[紧上牢通]就(?:好|行|可以|没事)了`)

// promiseRE is a job promised done later, not told done: 今天肯定搞定,
// 下午一定弄好, 明天能修好 (the fifteenth user test's 「303的灯我下午去换，
// 今天肯定搞定」 had started the completion).
var promiseRE = rx.MustCompile(`(?:肯定|一定|保证|争取|就能|能|会|可以|准能|包)(?:给你|帮你)?(?:搞定|弄好|修好|弄完|修完|搞好|完成|换好|整好)(?:了|啦)?`)

// withoutPromises is norm less the promises in it (promiseRE); 肯定修好了
// is no promise but the job told done, and stays.
func withoutPromises(norm string) string {
	return promiseRE.ReplaceAllStringFunc(norm, func(m string) string {
		if strings.HasSuffix(m, "了") || strings.HasSuffix(m, "啦") {
			return m
		}
		return "，"
	})
}

// saysDone reports whether text tells a job done.
func saysDone(text string) bool {
	norm := withoutPromises(parse.Normalize(text))
	rd := defaultReader()
	c := rd.canonicalize([]rune(norm))
	return !askingRE.MatchString(string(c.r)) && (rd.marker(c, "done") || fixedByRE.MatchString(string(c.r)) ||
		workerFixedRE.MatchString(norm) || doneSaidRE.MatchString(norm) || deliveredRE.MatchString(norm))
}

// heldNamed are the jobs of rs each problem of rd names; nil when a
// problem names none of them (it is news) or rs is empty. Several jobs
// joined by 跟/和 (302插座跟女厕滴水) are each named by a word only
// they have.
func heldNamed(text string, rd Reading, rs []Repair) []Repair {
	if len(rs) == 0 || len(rd.Problems) == 0 {
		return nil
	}
	var out []Repair
	add := func(r Repair) {
		for _, x := range out {
			if x.ID == r.ID {
				return
			}
		}
		out = append(out, r)
	}
	for _, g := range rd.Problems {
		var hit []Repair
		for _, r := range rs {
			if matches(r, g) {
				hit = append(hit, r)
			}
		}
		if len(hit) == 0 && g.Trade != "" {
			loose := g
			loose.Trade = ""
			for _, r := range rs {
				if matches(r, loose) && (namesThing(strings.ToLower(g.Description), r.Item) || g.LocationID != 0) {
					hit = append(hit, r)
				}
			}
		}
		if len(hit) > 1 {
			if r, ok := namedAlone(g.Description, hit); ok {
				hit = []Repair{r}
			}
		}
		if len(hit) != 1 {
			return nil
		}
		add(hit[0])
	}
	norm := strings.ToLower(parse.Normalize(text))
	if severalRE.MatchString(norm) {
		for _, r := range rs {
			if _, ok := namedAlone(text, []Repair{r}); ok && uniquelyNamed(text, r, rs) {
				add(r)
			}
		}
	}
	return out
}

// uniquelyNamed reports whether text names r by a word no other repair
// of rs has.
func uniquelyNamed(text string, r Repair, rs []Repair) bool {
	got, ok := namedAlone(text, rs)
	if ok {
		return got.ID == r.ID
	}
	norm := strings.ToLower(parse.Normalize(text))
	keys := make([][]string, len(rs))
	at := -1
	for i, x := range rs {
		keys[i] = nameKeys(x)
		if x.ID == r.ID {
			at = i
		}
	}
	for _, k := range keys[at] {
		if strings.Contains(norm, k) && !sharedKey(keys, at, k) {
			return true
		}
	}
	return false
}

// aboutOpenJob answers a report-like message that is about a repair
// already open (see above), and reports whether it did.
func aboutOpenJob(t *flows.Turn, rd Reading, text string, locs []flows.Location) (bool, error) {
	if rd.Intent != IntentReport && rd.Intent != IntentVague {
		return false, nil
	}
	done := saysDone(text)
	going := !done && (goingRE.MatchString(parse.Normalize(text)) || workerNotes(text))
	if !done && !going && (!t.Staff.Has(flows.RoleWorker) || t.State() == string(stateHeldOrNew)) {
		return false, nil
	}
	// Every open repair of the school: one another worker holds is named
	// here only to say who holds it.
	rs, err := db(t).RepairsWaiting(t.Ctx, t.School.ID, t.Now.AddDate(100, 0, 0), time.Time{})
	if err != nil {
		return false, err
	}
	var held, others []Repair
	for _, r := range rs {
		switch {
		case !r.Status.Open() || r.Status == RepairDone:
		case r.WorkerID == t.Staff.ID:
			held = append(held, r)
		case r.ReporterID != t.Staff.ID:
			others = append(others, r)
		}
	}
	if !done && !going {
		return heldJobNews(t, rd, text, held)
	}
	if jobs := heldNamed(text, rd, held); len(jobs) > 0 && (t.Staff.Has(flows.RoleWorker) || done) {
		// A job's holder finishes it in words whatever his role (user
		// test 16's F34: the 总务主任's 单杠 焊牢了 became a new report).
		t.Done()
		if done {
			return true, answerWorkerDone(t, Reading{Intent: IntentDone, Problems: []RepairGuess{GuessRepair(text, locs)}, HowFixed: true})
		}
		remark := goingRemark(text)
		for _, r := range jobs {
			if mayAct(t, r, verbTake) == "" && r.Status != RepairAccepted {
				if err := takeOneSaying(t, r, remark); err != nil {
					return true, err
				}
				continue
			}
			if msg := mayAct(t, r, verbNote); msg != "" {
				t.Say(msg)
				continue
			}
			// 要换个阀门 明天领了料再弄: a day after its deadline brings the
			// offer of more time, as on taking it (user test 28's P6).
			if err := recordNoteAlso(t, r, remark, laterOffer(t, r, remark)); err != nil {
				return true, err
			}
		}
		return true, nil
	}
	if !done {
		return false, nil
	}
	jobs := heldNamed(text, rd, others)
	if len(jobs) != 1 || jobs[0].WorkerID == 0 || !namesJob(text, rd, jobs[0]) {
		return false, nil
	}
	r := jobs[0]
	t.Done()
	said := flows.Clip(strings.TrimSpace(text), MaxNote)
	if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r),
		Text:    fmt.Sprintf("%s说 %s（%s %s）：「%s」。如果已经修好，请回复「完成 %d」，我会请报修人验收。", t.Staff.Name, r.Ref, r.Place(), r.Description, said, Num(r)),
		Buttons: jobButtons(r)}); err != nil {
		return true, err
	}
	t.Say(fmt.Sprintf("这说的是已有的报修 %s（%s「%s」），由%s负责，所以没有另开新单。已把你的话转告%s，请他确认修好后记录完成，再请报修人%s验收。",
		r.Ref, r.Place(), jobWords(r, 20), r.WorkerName, r.WorkerName, r.ReporterName))
	return true, nil
}

// heldSeveralDone records, one after the other, the jobs he holds that
// one message tells done, each problem it names being one of them, and
// reports whether it did: 「二楼走廊暖气片阀门垫子坏了 换了 不漏了 办公室暖气
// 不热是里面有空气 放完气就热了 俩都弄好了」 finishes the radiator and the
// office heating, and each reporter hears only the words of their own
// (user test 26's G30 finished the first alone, and sent its reporter
// all of them). The words are cut at spaces and commas; a piece that
// names one job by what only it has begins that job's part, and the
// pieces after it go with it. It does nothing unless two jobs or more get
// a part, every piece has a job, and each part says its job done (or the
// words say all are: 俩都弄好了).
func heldSeveralDone(t *flows.Turn, text string, held []Repair) (bool, error) {
	fixes := make(map[string]string, len(held))
	cur := ""
	for _, c := range strings.FieldsFunc(strings.TrimSpace(text), func(r rune) bool { return strings.ContainsRune("，,。；; ！!", r) }) {
		if r, ok := namedAlone(c, onFloorSaid(c, held)); ok {
			cur = strconv.FormatInt(r.ID, 10) // (一楼安全出口那个灯管: not 303's 灯, numsdone.go)
		}
		if cur == "" {
			return false, nil // words before any job is named: whose?
		}
		if c = withoutAllDone(c); c != "" {
			fixes[cur] = strings.TrimSpace(fixes[cur] + " " + c)
		}
	}
	all := allDoneSaidRE.MatchString(parse.Normalize(text))
	var jobs []Repair
	for _, r := range held {
		if f, ok := fixes[strconv.FormatInt(r.ID, 10)]; ok && (all || saysDone(f)) {
			jobs = append(jobs, r)
		}
	}
	if len(jobs) < 2 || len(jobs) != len(fixes) {
		return false, nil
	}
	var ready []Repair
	for _, r := range jobs {
		if mayAct(t, r, verbDone) == "" {
			ready = append(ready, r)
		}
	}
	if len(ready) < 2 {
		return false, nil
	}
	for id, f := range fixes {
		fixes[id] = flows.Clip(strings.TrimRight(f, "。.！! "), MaxNote)
	}
	return true, doneOneByOne(t, ready, fixes)
}

// doneOneByOne records the jobs of ready (two or more) done one after
// another, each with its own words of fixes (by id): the first's cause is
// asked, or taken from its words, and the rest follow (stateDoneCause's
// Next).
func doneOneByOne(t *flows.Turn, ready []Repair, fixes map[string]string) error {
	var rest []string
	for _, r := range ready[1:] {
		rest = append(rest, strconv.FormatInt(r.ID, 10))
	}
	r := ready[0]
	a := followUpData{ID: r.ID, Fix: fixes[strconv.FormatInt(r.ID, 10)], Next: strings.Join(rest, ","), Fixes: fixes}
	if notDamageJob(r) {
		return finishOrAskPhoto(t, r, a, "", "") // 桌子搬过去了: no cause to ask
	}
	if cause, note, ok := causeSaid(a.Fix); ok {
		return finishOrAskPhoto(t, r, a, cause, note)
	}
	t.Say(fmt.Sprintf("这句话说到 %d 单，一单一单记录。先记 %s（%s %s）：请选择损坏原因：\n%s", len(ready), r.Ref, r.Place(), jobWords(r, 20), flows.Numbered(causeButtons)), causeButtons...)
	return ask(t, stateDoneCause, a)
}

// allDoneRE is words telling every job named done at once (俩都弄好了,
// 两个都修好了), which say nothing of one of them.
var allDoneRE = rx.MustCompile(`[\s，,。]*(?:这|那)?(?:俩|两个|两处|两样|几个|这些)?都(?:(?:弄|修|换|搞|处理)?好|亮|通|热|有电|来电)了[啊呀吧]?[。！!]*$`)

// allDoneSaidRE is every job named told done at once, anywhere in the
// words: 俩都弄好了, 都修好了 (not 办公室暖气和阀门明天弄, which joins two
// things and tells nothing done).
var allDoneSaidRE = rx.MustCompile(`都(?:(?:弄|修|换|搞|处理)?好|亮|通|热|有电|来电)了`)

// withoutAllDone is a job's part of a worker's words less the words that
// tell all of them done.
func withoutAllDone(s string) string {
	return strings.TrimSpace(allDoneRE.ReplaceAllString(strings.TrimSpace(s), ""))
}

// namesJob reports whether the words name r by its place or its thing,
// not only by a trade or by nothing at all: another worker is told only of
// his own job (the twelfth user test's note on an air conditioner had gone
// to a door-lock job's worker).
func namesJob(text string, rd Reading, r Repair) bool {
	norm := strings.ToLower(parse.Normalize(text))
	for _, g := range rd.Problems {
		if g.LocationID != 0 && g.LocationID == r.LocationID || namesThing(norm, r.Item) {
			return true
		}
	}
	return false
}

// goingRemark is a worker's words after those that name his jobs: from
// the first piece that says when he comes or how the job stands (我下午
// 三点以后去 上午在外面买材料), or all of them.
func goingRemark(text string) string {
	text = strings.TrimSpace(text)
	pieces := strings.FieldsFunc(text, func(r rune) bool { return strings.ContainsRune("，,。 ；;", r) })
	for i, p := range pieces {
		if goingRE.MatchString(p) || workerNotes(p) {
			rest := pieces[i:]
			return strings.Join(rest, " ")
		}
	}
	return text
}

// A worker's words about a job he holds that say neither that it is
// done nor when he comes (302插座又冒火花了, while he holds the 302 socket
// job) may be news of that job or a new fault at its place; the tenth
// user test's became a new report. Decision:
//
//   - not a hazard: he is asked, by buttons, whether it is news of his
//     job BX-… (1 是这个单子的新情况: kept on the job as a 说明 and told to
//     its reporter, nothing new filed) or a new report (2 是新的报修: the
//     report goes on exactly as before, from his words);
//   - a hazard (冒火花, 漏电, 冒烟 …): no question, which would hold up the
//     alert. The report goes on as the urgent path always does (read
//     back, then on 确认提交 the worker and the leaders are told at
//     once); his words are only noted on the job he holds, and its
//     reporter told, so that the two are linked.

// dealtRE is a worker saying what he did about a danger on the spot or
// what he found sound: 给拔了, 没收了, 断了电, 拉了闸, 扑灭了, 搬走了,
// 插座没问题. (Not 灭了 or 断了 alone: 灯灭了, 线断了 are faults.)
var dealtRE = rx.MustCompile(`没收了|收走了|拔了|拔掉了|拔下来了|断了电|断电了|把电断了|拉了闸|拉闸了|关了闸|关了电闸|扑灭了|挪开了|搬走了|移走了|处理掉了|已经处理了|检查了?\p{Han}{0,4}没问题|\p{Han}{1,3}没(?:有)?问题(?:[\s，,。！!]|$)`)

// stateHeldOrNew asks whether a worker's words are news of a job he
// holds or a new report.
const stateHeldOrNew state = "held_or_new"

// heldQuestion is stateHeldOrNew's data: the job and the words.
type heldQuestion struct {
	ID   int64  `json:"held_id"`
	Text string `json:"held_text"`
	// IDs are the jobs offered when the words fit several (heldSeveral),
	// comma-separated; ID is then 0.
	IDs string `json:"held_ids,omitempty"`
}

// The answers of stateHeldOrNew.
const (
	heldNote = "held_note"
	heldNew  = "held_new"
)

var heldButtons = []flows.Button{{Label: "是这个单子的新情况", Data: heldNote}, {Label: "是新的报修", Data: heldNew}}

// heldJobNews answers a worker's words naming one job he holds (see
// above), and reports whether it did; a hazard is noted and left to the
// report.
func heldJobNews(t *flows.Turn, rd Reading, text string, held []Repair) (bool, error) {
	if r, ok := placelessHazardOf(t, rd, text, held); ok {
		// 打火了, from the worker holding 302「插座打火」: no place, so no
		// alert is held up by asking, and the leaders are not alerted of
		// a hazard that is his job's own (the demo's did, 「孙师傅正在报告：
		// 打火了」, and asked him 在哪里).
		t.Say(fmt.Sprintf("你手上有 %s（%s「%s」）。这句话说的是这个单子的新情况，还是新的报修？\n%s",
			r.Ref, r.Place(), flows.Clip(r.Description, 20), flows.Numbered(heldButtons)), heldButtons...)
		return true, t.Goto(string(stateHeldOrNew), heldQuestion{ID: r.ID, Text: flows.Clip(strings.TrimSpace(text), MaxNote)})
	}
	jobs := heldNamed(text, rd, held)
	if len(jobs) == 0 {
		return heldSeveral(t, rd, text, held)
	}
	if len(jobs) != 1 || mayAct(t, jobs[0], verbNote) != "" {
		return false, nil
	}
	r := jobs[0]
	said := flows.Clip(strings.TrimSpace(text), MaxNote)
	if slices.ContainsFunc(rd.Problems, func(g RepairGuess) bool { return g.Hazard != "" }) {
		if dealtRE.MatchString(parse.Normalize(text)) && mayAct(t, r, verbDone) == "" {
			// 312学生电热毯线烧了 给拔了没收了 插座没问题 学生违规用的, of
			// the burnt-smell job he holds: what he found and did there,
			// the job done, never a new report by him (user test 26's G8
			// opened an urgent draft and alerted the leaders).
			t.Done()
			return true, askCauseFixed(t, r, flows.Clip(strings.TrimRight(strings.TrimSpace(text), "。.！!"), MaxNote))
		}
		if _, err := passNote(t, r, said); err != nil {
			return false, err
		}
		t.Say(fmt.Sprintf("这句话已记在你手上的 %s（%s「%s」）上，并转告了报修人。这是安全隐患，下面照常按紧急报修提交，提交后会立即通知分管领导。",
			r.Ref, r.Place(), jobWords(r, 20)))
		return false, nil
	}
	if nameStrength(strings.ToLower(parse.Normalize(text)), r) == 2 && !slices.ContainsFunc(rd.Problems, func(g RepairGuess) bool { return g.LocationID != 0 || g.PlaceText != "" }) {
		// 压缩机坏了 找空调厂家售后, of the 空调 job he holds, naming no
		// other place: news of it, never asked about (user test 18's
		// second re-run, N12).
		t.Done()
		return true, recordNote(t, r, said)
	}
	t.Say(fmt.Sprintf("你手上有 %s（%s「%s」）。这句话说的是这个单子的新情况，还是新的报修？\n%s",
		r.Ref, r.Place(), jobWords(r, 20), flows.Numbered(heldButtons)), heldButtons...)
	return true, t.Goto(string(stateHeldOrNew), heldQuestion{ID: r.ID, Text: said})
}

// placelessHazardOf is the one job of held a hazard told in words naming
// no place is about: of its trade, sharing a pair of characters with its
// description (打火了 and 插座打火), and open to his 说明.
func placelessHazardOf(t *flows.Turn, rd Reading, text string, held []Repair) (Repair, bool) {
	if len(rd.Problems) != 1 || t.Image() != "" {
		return Repair{}, false
	}
	g := rd.Problems[0]
	if g.Hazard == "" || g.LocationID != 0 || g.PlaceText != "" || len(g.LocationCandidates) > 0 {
		return Repair{}, false
	}
	norm := strings.ToLower(parse.Normalize(text))
	var hit []Repair
	for _, r := range held {
		if matches(r, g) && sharedPairs(norm, r.Description) > 0 && mayAct(t, r, verbNote) == "" {
			hit = append(hit, r)
		}
	}
	if len(hit) != 1 {
		return Repair{}, false
	}
	return hit[0], true
}

// heldSeveral asks, of words that name no place and fit several jobs he
// holds by their trade or by naming nothing known (压缩机可能坏了 让格力
// 售后上门, with two 电工 jobs in hand), which job they are news of, or whether they are a new report;
// it reports whether it asked. (The twelfth user test's words had gone to
// another worker's job, then became a new report asking where.)
func heldSeveral(t *flows.Turn, rd Reading, text string, held []Repair) (bool, error) {
	if slices.ContainsFunc(rd.Problems, func(g RepairGuess) bool { return g.Hazard != "" || g.LocationID != 0 || g.PlaceText != "" }) {
		return false, nil // a place named, or a hazard: the report goes on
	}
	var fit []Repair
	for _, r := range held {
		if mayAct(t, r, verbNote) != "" {
			continue
		}
		if slices.ContainsFunc(rd.Problems, func(g RepairGuess) bool { return matches(r, g) }) {
			fit = append(fit, r)
		}
	}
	if len(fit) < 2 || len(fit) > 5 {
		return false, nil
	}
	buttons, ids := jobChoices(fit)
	buttons = append(buttons, heldButtons[1])
	t.Say(fmt.Sprintf("这句话说的是你手上哪一单的新情况？我会记在那一单上并转告报修人；如果是新的问题，请选「是新的报修」。\n%s", flows.Numbered(buttons)), buttons...)
	return true, t.Goto(string(stateHeldOrNew), heldQuestion{IDs: strings.Join(ids, ","), Text: flows.Clip(strings.TrimSpace(text), MaxNote)})
}

// heldNoteWords and heldNewWords answer stateHeldOrNew in words.
var (
	heldNoteWords = []string{"是", "是的", "对", "新情况", "这个单子", "是这个单子", "是这个", "这个", "这单", "同一个", "一个", "原来的", "就是这个"}
	heldNewWords  = []string{"不是", "新的", "新报修", "新的报修", "是新的", "报修", "另外的", "另一个", "不是这个", "新问题"}
)

// answerHeldOrNew takes stateHeldOrNew's answer: the words noted on the
// job, or the report read from them as before.
func (f RepairFlow) answerHeldOrNew(t *flows.Turn, _ *repairDraft, _ []flows.Location) error {
	var q heldQuestion
	if err := t.Load(&q); err != nil {
		return err
	}
	if q.IDs != "" {
		return f.answerHeldWhich(t, q)
	}
	c, words, ok := t.PickWords(heldButtons)
	if words != "" {
		// 1 修好了: his next words after the number, read as such below
		// (heldNextWords), not a note of the words before.
		ok = false
	}
	if !ok {
		switch {
		case flows.IsWord(t.Text, heldNoteWords):
			c = heldNote
		case flows.IsWord(t.Text, heldNewWords):
			c = heldNew
		case heldNextWords(t.Text):
			// 围墙的我去了: his next words, not an answer; the question
			// must not swallow them (user test 18's second re-run, N12),
			// nor be lost by them (user test 28's P1): it is put again
			// after them.
			t.PassKeeping(heldAsk(t, q), heldButtons...)
			return nil
		default:
			t.Say("请回复 1（是这个单子的新情况）或 2（是新的报修），或发送「取消」。", heldButtons...)
			return nil
		}
	}
	if c == heldNew {
		// The report read from his words, as Start reads any (the
		// question is not asked again in this state).
		t.Msg.Button, t.Text = "", q.Text
		return f.Start(t)
	}
	t.Done()
	r, err := db(t).Repair(t.Ctx, q.ID)
	if err != nil {
		return err
	}
	if msg := mayAct(t, r, verbNote); msg != "" {
		t.Say(msg)
		return nil
	}
	return recordNote(t, r, q.Text)
}

// answerHeldWhich takes heldSeveral's answer: the job the words are news
// of (noted and told to its reporter), or a new report read from them.
func (f RepairFlow) answerHeldWhich(t *flows.Turn, q heldQuestion) error {
	rs, err := chosenJobs(t, q.IDs)
	if err != nil {
		return err
	}
	buttons, _ := jobChoices(rs)
	buttons = append(buttons, heldButtons[1])
	c, ok := t.Pick(buttons)
	if !ok && flows.IsWord(t.Text, heldNewWords) {
		c, ok = heldNew, true
	}
	if !ok && heldNextWords(t.Text) {
		// His next words, not an answer (as answerHeldOrNew).
		t.PassKeeping(fmt.Sprintf("「%s」说的是哪个单子的新情况，还是新的报修？\n%s", flows.ClipWords(q.Text, 20), flows.Numbered(buttons)), buttons...)
		return nil
	}
	if !ok {
		t.Say(fmt.Sprintf("请回复 1 到 %d 中的一个数字，或发送「取消」。", len(buttons)), buttons...)
		return nil
	}
	if c == heldNew {
		t.Msg.Button, t.Text = "", q.Text
		return f.Start(t)
	}
	t.Done()
	for _, r := range rs {
		if strconv.FormatInt(r.ID, 10) != c {
			continue
		}
		if msg := mayAct(t, r, verbNote); msg != "" {
			t.Say(msg)
			return nil
		}
		return recordNote(t, r, q.Text)
	}
	return nil
}

// heldAsk is stateHeldOrNew's question about q's one job, put again.
func heldAsk(t *flows.Turn, q heldQuestion) string {
	r, err := db(t).Repair(t.Ctx, q.ID)
	if err != nil {
		return fmt.Sprintf("「%s」说的是你手上单子的新情况，还是新的报修？\n%s", flows.ClipWords(q.Text, 20), flows.Numbered(heldButtons))
	}
	return fmt.Sprintf("「%s」说的是 %s（%s「%s」）的新情况，还是新的报修？\n%s",
		flows.ClipWords(q.Text, 20), r.Ref, r.Place(), flows.ClipWords(r.Description, 20), flows.Numbered(heldButtons))
}

// doneTold reports whether a worker's words tell his job done in words of
// doneSaidRE beside a clause of their own, which says what he did or
// found: user test 16's 「下水口掏出来一大坨树叶和泥巴 水已经排干净了」,
// 「灯泡总算到货了，今天上午换上了，能正常投了」, kept as the fix for the
// reporter.
func doneTold(text string) bool {
	norm := parse.Normalize(strings.TrimSpace(text))
	if !doneSaidRE.MatchString(norm) {
		return false
	}
	clauses := strings.FieldsFunc(norm, func(r rune) bool { return strings.ContainsRune("，,。；; ！!", r) })
	return slices.ContainsFunc(clauses, func(c string) bool { return !doneSaidRE.MatchString(c) && utf8.RuneCountInString(c) >= 4 })
}

// heldNextWords reports whether text, typed at stateHeldOrNew's question,
// is the worker's next words rather than an unclear answer: not a number,
// not filler (嗯), and of a few words at least.
func heldNextWords(text string) bool {
	text = strings.TrimSpace(text)
	return !bareNumberRE.MatchString(text) && !OnlyFiller(text) && utf8.RuneCountInString(text) >= 4
}
