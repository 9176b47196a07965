package inspection

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/internal/rx"
)

// HazardFlow is 发现隐患: anyone, at any time, reports a hazard outside any
// check — one message with a photo is enough. Its Actor handles the
// hazard's buttons and their typed forms: 整改完成 N (with a photo), 复查通过
// N, 复查不通过 N.
type HazardFlow struct{}

const hazardFlowName = "hazard"

// Name implements Flow.
func (HazardFlow) Name() string { return hazardFlowName }

// Title implements Flow.
func (HazardFlow) Title() string { return "发现隐患" }

// Triggers implements Flow: 发现隐患 and the ways people begin telling one
// (「发现个隐患 操场围栏有根铁丝翘出来了」), the rest being its description;
// they are matched as the message's beginning, the longest first, before
// any flow reads free text (a repair report would take the fence's wire).
// 「安全隐患:」 only with its colon: 「安全隐患排查情况」 is a question.
func (HazardFlow) Triggers() []string {
	return []string{"发现隐患", "上报隐患", "隐患上报",
		"发现一个安全隐患", "发现一处安全隐患", "发现个安全隐患", "发现了安全隐患", "有一个安全隐患", "有一处安全隐患",
		"发现一个隐患", "发现一处隐患", "发现个隐患", "发现了隐患", "有个安全隐患", "有一处隐患", "有一个隐患", "安全隐患:",
		"隐患"}
}

// Hint implements the engine's help text.
func (HazardFlow) Hint() string {
	return "可以一句话加照片，比如「发现隐患 操场东侧围墙有裂缝」"
}

// Allowed implements Flow: anyone at school may report a hazard.
func (HazardFlow) Allowed(flows.Staff) bool { return true }

// The hazard flow's own states: the follow-ups of its buttons.
const (
	stateFixPhoto = "fix.photo"
	stateFailWhy  = "fail.why"
)

type hazardData struct {
	Finding *findingDraft `json:"finding,omitempty"`
	ID      int64         `json:"id,omitempty"`
	// Note is what the responsible person said with 整改完成, kept while
	// the photo is asked for (「整改完成 1 换了新灭火器」).
	Note string `json:"note,omitempty"`
	// Then are the other hazards whose 整改 was told in the same words
	// (灭火器换了两个新的 楼梯口的桌椅也搬走了, without a photo), each with
	// its own note: their photos are asked for in turn, after this one's
	// (user test 27's K51).
	Then []fixToldData `json:"then,omitempty"`
}

// fixToldData is a hazard whose 整改 was told and whose photo is awaited.
type fixToldData struct {
	ID   int64  `json:"id"`
	Note string `json:"note,omitempty"`
}

// Accepts implements Acceptor: a fire-safety passage or hydrant
// obstructed (消防通道被车堵了) is a hazard to record, whoever tells it,
// without 「发现隐患」 first; the repair flow leaves it alone. So is a
// danger to people told in their words that the repair flow does not take
// for a broken thing: 「操场篮球场边上地面有个坑，学生跑步容易崴脚」 is what
// a school calls a 安全隐患 — the person in charge has it rectified (fenced
// off, filled in) by a deadline, and files a repair from it if a worker is
// needed — rather than a work order for a room. What the repair flow reads
// as broken (扶手松动了 怕出事) stays a repair report, with its urgency.
func (HazardFlow) Accepts(t *flows.Turn) bool {
	if repair.IsBlockedPassage(t.Text) {
		return true
	}
	return (saysDanger(t.Text) || fireKitFault(t.Text)) && !(repair.RepairFlow{}).Accepts(t)
}

// fireKitRE is fire-safety equipment and fireKitFaultRE what makes it a
// hazard: 灭火器压力表指针在红区 (under pressure), 过期, 没有铅封. A
// school records these as 安全隐患 (the sixth user test's 「实验室的灭火器
// 我看了下 压力表指针在红区了 好几个都这样」), even with no danger word.
var (
	fireKitRE      = rx.MustCompile(`灭火器|消防栓|消火栓|消防箱|应急灯|疏散指示|安全出口`)
	fireKitFaultRE = rx.MustCompile(`红区|压力(?:不足|不够|低|太低|偏低|没了)|没(?:有)?压力|过期|失效|铅封|空的|丢了|不见了|缺了|少了`)
)

// fireKitFault reports whether text tells of fire-safety equipment that
// fails its check; 走廊灭火器没了 too, however short (repair.IsFireKitLapse,
// which the repair flow leaves to this one).
func fireKitFault(text string) bool {
	if notDangerRE.MatchString(text) {
		return false
	}
	return repair.IsFireKitLapse(text) || utf8.RuneCountInString(text) >= 8 && fireKitRE.MatchString(text) && fireKitFaultRE.MatchString(text)
}

// dangerRE is a danger to people: 容易崴脚, 挺危险的, 怕出事; notDangerRE
// a question or a denial (危险吗, 不危险). User test 26's guard told
// 「大门口台阶结冰了 滑的很 刚才有个学生摔了一跤」 and its 分管领导 「小太阳电暖器
// 离窗帘太近了 一般隐患」, both 没看懂 (G11, G37): ice and slippery ground,
// a fall (摔了), a heater too near what burns, and a hazard named with its
// level are dangers too.
var (
	dangerRE    = rx.MustCompile(`危险|崴脚|崴到|扭到脚|绊倒|绊到|摔倒|摔跤|摔伤|摔了|滑倒|划伤|划到|砸到|砸伤|磕到|碰伤|伤到|怕出事|会出事|出事故|安全隐患|不安全|结冰|结了冰|路滑|地滑|打滑|滑的很|滑得很|太滑|离[^，,。！!\s]{1,6}(?:太近|很近|特别近)|(?:一般|较大|重大|紧急)(?:的)?隐患`)
	notDangerRE = rx.MustCompile(`[吗么？?]|不危险|没危险|没有危险|不会出事`)
)

// heaterRE is a heater, heaterOnRE one left on, and nobodyRE a room with
// no one in it: user test 28's guard said 「二楼教务处没人了 小太阳还开着 门锁
// 了进不去 谁有钥匙」, a fire risk, and was not understood.
var (
	heaterRE   = rx.MustCompile(`小太阳|电暖器|取暖器|电暖气|暖风机|电热毯|电炉子?|热得快|烤火炉|电热器`)
	heaterOnRE = rx.MustCompile(`(?:还|一直|都)?(?:开着|亮着|没关|没拔|插着电|通着电|烧着)`)
	nobodyRE   = rx.MustCompile(`没人|人都走了|人走了|没有人|锁了|锁着|进不去`)
)

// saysDanger reports whether text tells of a danger to people, long enough
// to say where and what (「挺危险的」 alone is not a finding); a heater left
// on in a room with no one in it is one.
func saysDanger(text string) bool {
	if utf8.RuneCountInString(text) < 8 || notDangerRE.MatchString(text) {
		return false
	}
	return dangerRE.MatchString(text) || heaterRE.MatchString(text) && heaterOnRE.MatchString(text) && nobodyRE.MatchString(text)
}

// Start implements Flow.

func (f HazardFlow) Start(t *flows.Turn) error {
	d := &findingDraft{Photo: t.Image()}
	if l := t.CarriedPlace(); l != nil { // from a report begun at a scanned room
		d.LocationID, d.Place = l.ID, l.Label()
		t.Say("地点：" + l.Label() + "。")
	}
	text := flows.StripTrigger(t.Text, f.Triggers())
	// 还有一个 初一办公室有人用小太阳电暖器…: going on after the hazard told
	// before (user test 26's G37), not part of this one.
	text = leadingOneMoreRE.ReplaceAllString(text, "")
	if rest := findingOpenerRE.ReplaceAllString(text, ""); utf8.RuneCountInString(rest) >= 4 {
		text = rest // 巡查发现…: how it was found is no part of the problem
	}
	if parts, dealt := roundApart(text); len(parts) > 1 && d.LocationID == 0 {
		// A round told clause by clause (刚去宿舍楼查了一圈 …): a hazard
		// per finding, read back numbered, and what was dealt with said
		// of the open hazard it is about (roundsaid.go).
		if err := dealtSaid(t, dealt); err != nil {
			return err
		}
		text, d.Next = parts[0], parts[1:]
		var lines []string
		for i, p := range parts {
			lines = append(lines, fmt.Sprintf("%d. %s", i+1, flows.Clip(repair.TrimChatter(p), 30)))
		}
		t.Say(fmt.Sprintf("这条消息里有 %d 处隐患，分开登记：\n%s\n先登记第 1 处。", len(parts), strings.Join(lines, "\n")))
	} else if parts := findingsApart(text); len(parts) > 1 && d.LocationID == 0 {
		// Two findings in one message: two hazards, this one first.
		text, d.Next = parts[0], parts[1:]
		t.Say(fmt.Sprintf("这条消息里有 %d 处隐患，分开登记，先登记第一处：「%s」。", len(parts), flows.Clip(repair.TrimChatter(parts[0]), 30)))
	}
	if err := describe(t, d, text); err != nil {
		return err
	}
	// Each part of a split message says its own level and who deals with
	// it (消防通道停了车 不用修 让老郑今天挪走 还有 …): they were asked again.
	saidWithFinding(d, text)
	return f.advance(t, d)
}

// findingOpenerRE begins a finding with how it was found: 巡查发现,
// 刚才检查时发现了, 发现.
var findingOpenerRE = rx.MustCompile(`^(?:今天|刚才|刚刚|早上|上午|下午|晚上)?我?在?(?:巡查|检查|巡视|排查)?(?:的时候|时|中)?又?(?:发现|查到|查出)了?[\s，,：:]*`)

// leadingOneMoreRE begins a message going on after another: 还有一个, 另外一处.
var leadingOneMoreRE = rx.MustCompile(`^(?:还有|另外|再就是|再有)(?:一个|一处|个|处)?(?:就是|呢|啊)?[\s，,：:]+`)

// saidWithFinding takes, from the words a hazard is told in, its level
// when a clause names it (一般隐患, 算较大) and how it is dealt with when
// they say it (不用修, 让他们挪开就行, 让陈主任今天清走): user test 26's
// 分管领导 said both and was asked both (G36, G37).
func saidWithFinding(d *findingDraft, text string) {
	for _, c := range clauseSplitRE.Split(strings.TrimSpace(text), -1) {
		if m := levelSaidRE.FindStringSubmatch(c); m != nil && d.Level == "" {
			if l, ok := levelInWords(m[1]); ok {
				d.Level = l
			}
		}
	}
	if d.Handle == "" {
		handleInWords(d, text)
	}
	if m := workerToFixRE.FindStringSubmatch(text); d.Handle == "" && m != nil {
		// 让孙师傅来修: a worker named to repair it, as 要找周师傅 is.
		d.Handle, d.Worker = handleRepair, m[1]
	}
	if who, assigned := rectifierGiven(text); d.Handle == "" && who != "" {
		// 让陈主任整改, 这个隐患交给王师傅: the 整改责任人, named with the
		// finding (review of user test 30: the hazard was never filed,
		// or went to the 总务主任). 整改, 负责 or 交给 leave it to them
		// with no worker; 让王师傅处理 names them and still asks.
		d.Rectifier = who
		if assigned {
			d.Handle = handleSelf
		}
	}
	if who := handedInFinding(text); d.Handle == "" && d.Rectifier == "" && who != "" {
		// 消防通道被自行车堵了 让老郑去挪一下 (user test 34's T4): whom it
		// is left to, should it need no worker; still asked whether it does.
		d.Rectifier = who
	}
	if !d.Reported && d.Handle == "" && reportedClause(text) {
		// 操场东边路灯不亮 刚才报修了 (user test 31, T47): the repair open
		// there is looked for, not asked for again; the words are no part
		// of the problem.
		d.Reported = true
	}
	d.Desc = problemOnly(d)
}

// reportedClause reports whether a clause of text of its own says the
// fault is reported already (刚才报修了, 已经报过修了), denying nothing.
func reportedClause(text string) bool {
	for _, c := range clauseSplitRE.Split(strings.TrimSpace(text), -1) {
		if c != "" && alreadyReportedRE.MatchString(c) && !notReportedRE.MatchString(c) && !troubleRE.MatchString(c) {
			return true
		}
	}
	return false
}

// workerToFixRE is a worker named to repair a finding: 让孙师傅来修, 叫王师傅
// 修一下, 派周师傅去换.
var workerToFixRE = rx.MustCompile(`(?:叫|找|让|请|派)(\p{Han}师傅)(?:来|去|过来)?(?:修|维修|换|焊|补|装)`)

// rectifierGivenRE is whom a finding is given to, in a clause of its own:
// 让陈主任整改, 请王师傅负责整改, 由王师傅负责, 这个隐患交给陈主任, 交给陈主任
// 处理. Its first group is the name, its second the verb after it.
var rectifierGivenRE = rx.MustCompile(`^(?:这个隐患|这个|这|此隐患|隐患)?(?:就|请你们|麻烦)?(?:让|叫|请|派|安排|由|交给|转给|交由)(\p{Han}{2,5}?)(?:他们|她们)?(?:来|去)?(负责整改|负责处理|负责|整改|处理|安排人?(?:去|来)?(?:整改|处理|解决|弄一下|弄)?)?(?:一下)?(?:吧|了|啊)?[。！!～~]*$`)

// rectifierGiven is the name rectifierGivenRE finds in a clause of text,
// and whether the words leave the 整改 to them (整改, 负责, 交给) rather
// than only name them (让王师傅处理, which may be a repair).
func rectifierGiven(text string) (string, bool) {
	for _, c := range clauseSplitRE.Split(strings.TrimSpace(text), -1) {
		m := rectifierGivenRE.FindStringSubmatch(strings.TrimSpace(c))
		if m == nil {
			continue
		}
		// 让陈主任安排人处理 (user test 31) leaves it to him as 整改 does.
		handed := strings.HasPrefix(strings.TrimLeft(c, "这个此隐患就请你们麻烦 "), "交") || strings.Contains(c, "由") || strings.HasPrefix(m[2], "安排")
		switch {
		case m[2] == "" && !handed:
			continue // 叫陈主任: of what, it does not say
		case m[2] == "处理" && !handed:
			return m[1], false
		}
		return m[1], true
	}
	return "", false
}

// handedRE begins a clause naming who deals with a hazard: 让老郑今天挪走,
// 叫门卫老郑去清一下, 交给陈主任.
var handedRE = rx.MustCompile(`^(?:这个隐患|这个|这|此隐患|隐患)?(?:就|请你们|麻烦)?(?:让|叫|找|请|派|由|交给|安排|转给|交由)`)

// problemOnly is d's description less the clauses at its end that say the
// level or how it is dealt with, once read into d (「校门口消防通道停了一辆
// 电动车 一般 不用修 让老郑今天挪走」 is the 电动车 parked in the passage:
// user test 28's hazards kept 一般 不用修 让老郑… in their problem). The first
// clause always stays.
func problemOnly(d *findingDraft) string {
	desc := d.Desc
	for {
		seps := clauseSplitRE.FindAllStringIndex(strings.TrimRight(desc, " "), -1)
		if len(seps) == 0 {
			return desc
		}
		last := seps[len(seps)-1]
		if last[1] == len(desc) { // a stop at the end
			if len(seps) == 1 {
				return desc
			}
			last = seps[len(seps)-2]
		}
		c := strings.TrimRight(desc[last[1]:], "。.！! ")
		level := d.Level != "" && levelSaidRE.MatchString(c)
		handled := d.Handle == handleSelf && (noWorkerRE.MatchString(c) || clearOnlyRE.MatchString(c) || clearedByRE.MatchString(c) || handedRE.MatchString(c) && d.Rectifier != "" && strings.Contains(c, d.Rectifier)) ||
			d.Handle == handleRepair && (repairSaidRE.MatchString(c) || d.Worker != "" && strings.Contains(c, d.Worker))
		reported := d.Reported && alreadyReportedRE.MatchString(c) && !notReportedRE.MatchString(c) && !troubleRE.MatchString(c)
		if last[0] == 0 || !level && !handled && !reported {
			return desc
		}
		desc = desc[:last[0]]
	}
}

func (f HazardFlow) advance(t *flows.Turn, d *findingDraft) error {
	st, h, err := advanceFinding(t, d)
	if err != nil {
		return err
	}
	if h == nil {
		return t.Goto(st, hazardData{Finding: d})
	}
	t.Say(filedText(t, *h))
	if len(d.Next) == 0 {
		t.Done()
		return nil
	}
	// The next finding told with it: its own hazard, with its own photo
	// and level, and its way of dealing with it when already said.
	next := &findingDraft{Next: d.Next[1:], Filed: append(slices.Clone(d.Filed), h.Ref)}
	if len(d.NextHandle) == len(d.Next) {
		next.Handle = d.NextHandle[0]
		next.NextHandle = d.NextHandle[1:]
	}
	if len(d.NextWorker) == len(d.Next) && len(d.NextRectifier) == len(d.Next) {
		next.Worker, next.NextWorker = d.NextWorker[0], d.NextWorker[1:]
		next.Rectifier, next.NextRectifier = d.NextRectifier[0], d.NextRectifier[1:]
		if next.Rectifier == selfRectifier {
			next.Rectifier = t.Staff.Name // 灭火器我自己去换
		}
		next.Given = next.Rectifier != ""
	}
	t.Say(fmt.Sprintf("接着登记下一处隐患：「%s」。", flows.Clip(repair.TrimChatter(d.Next[0]), 30)))
	if err := describe(t, next, d.Next[0]); err != nil {
		return err
	}
	saidWithFinding(next, d.Next[0])
	return f.advance(t, next)
}

// Cancelled implements flows.Canceller: 取消 while the second of two
// hazards told in one message is described leaves the first filed, which
// 「没有保存任何内容」 would deny; the engine's words do for the rest.
func (HazardFlow) Cancelled(t *flows.Turn) (bool, error) {
	var d hazardData
	if err := t.Load(&d); err != nil {
		return false, err
	}
	if !isFindingState(t.State()) || d.Finding == nil || len(d.Finding.Filed) == 0 {
		return false, nil
	}
	t.Say(partlyFiledText(d.Finding, "已取消"))
	return true, nil
}

// partlyFiledText tells a hazard of several told together given up (how,
// 已取消) after the ones before it were filed: which were kept, which not.
func partlyFiledText(d *findingDraft, how string) string {
	text := fmt.Sprintf("好的，%s登记这一处「%s」。", how, flows.Clip(repair.TrimChatter(d.Desc), 30))
	if n := len(d.Next); n > 0 {
		text = fmt.Sprintf("好的，%s登记这一处「%s」和后面的 %d 处。", how, flows.Clip(repair.TrimChatter(d.Desc), 30), n)
	}
	return text + fmt.Sprintf("同一条消息里前面的 %s 已经登记好了，会照常整改。还要登记的话，请再发送「发现隐患」。", strings.Join(d.Filed, "、"))
}

// TakePlace implements flows.PlaceTaker: a room's 扫码报修 code scanned
// while a hazard is being described is its place.
func (f HazardFlow) TakePlace(t *flows.Turn, l flows.Location) (bool, error) {
	var d hazardData
	if !isFindingState(t.State()) {
		return false, nil
	}
	if err := t.Load(&d); err != nil || d.Finding == nil {
		return false, err
	}
	takeScanned(t, d.Finding, l)
	return true, f.advance(t, d.Finding)
}

// hazardSteps is the state table of the hazard flow's own states; the
// finding states are handled by stepFinding.
var hazardSteps = map[string]func(*flows.Turn, Hazard) error{
	stateFixPhoto: stepFixPhoto, // a wait saved before FixFlow had it
	stateFailWhy:  stepFailWhy,
}

// Step implements Flow.
func (f HazardFlow) Step(t *flows.Turn) error {
	var d hazardData
	if err := t.Load(&d); err != nil {
		return err
	}
	if isFindingState(t.State()) && d.Finding != nil {
		if askedInstead(t, d.Finding) {
			return nil // 我是问有没得 不是要报 (reportflow.go)
		}
		noteDue(t, d.Finding)
		ok, err := readFinding(t, d.Finding, nil)
		if err != nil || !ok {
			return err
		}
		return f.advance(t, d.Finding)
	}
	step, ok := hazardSteps[t.State()]
	if !ok {
		t.Done()
		t.Say("刚才的对话已失效，请重新开始。")
		return nil
	}
	h, err := db(t).Hazard(t.Ctx, d.ID)
	if err != nil {
		return err
	}
	return step(t, h)
}

// Prefix implements Actor.
func (HazardFlow) Prefix() string { return ActorPrefix }

var typedVerbs = map[string]Verb{"整改完成": VerbFix, "已整改": VerbFix, "复查通过": VerbPass, "复查合格": VerbPass,
	"复查不通过": VerbFail, "复查不合格": VerbFail}

// A hazard's steps in people's own words: the rectification (整改好了), and
// the re-check passed (复查没问题, 可以了) or not (还没整改好, 还是有).
var (
	fixedRE = rx.MustCompile(`^(?:隐患)?(?:已经|已|都)?(?:整改好了|整改完了|整改了|整改完毕|整改完成了|整改完成啦|弄好了|处理好了|处理完了|搞定了)$`)
	// The thing may come first and the re-check be said as done: 后门那个我
	// 复查过了 没问题, 复查也没问题 (the sixth user test's were taken for a
	// repair's sign-off and a rating's comment).
	recheckPassRE = rx.MustCompile(`^(?:[^，,。？?！!]{0,12}?(?:我)?(?:复查过了|复查了|看过了|检查过了|去看过了|复查也|复查)[，,\s]*)?(?:看了|检查了|去看了)?[，,\s]*(?:没问题了?|可以了|合格了?|通过了?|好了|整改到位了?)$`)
	// clearedRE is the rectification told of the thing: 消防通道的电动车已经
	// 叫人挪走了, 已经清理了, 铁丝处理好了, 围墙那个洞叫王师傅用砖堵上了
	// (修好了 is not here: it is how a worker tells a repair done).
	// 换好了, 换掉了, 换上新的了: equipment replaced (the eighth user test's
	// 「灭火器那个已经换好了」).
	// 拿走了, 开走了, 清空了, 腾出来了, 打扫干净了: the thing taken away or
	// the place emptied (the twelfth user test's re-check); 搬干净了 (the
	// sixteenth's guard: 「桌椅搬干净了」), 搬到仓库去了 (its 总务主任: 「三楼走廊
	// 那堆旧桌椅已经叫人搬到仓库去了」 with the photo was not understood).
	clearedRE = rx.MustCompile(`^[^，,。？?！!]{0,24}?(?:已经|已|都)?(?:叫人|找人|让人|请人|派人)?(?:换好|换掉|换新的|换上新的|换成新的|更换好|更换|整改好|整改完|弄好|弄走|处理好|处理完|处理掉|搞定|挪走|挪开|移走|移开|搬走|搬开|搬干净|搬空|拿走|拿干净|弄干净|拿开|开走|推走|运走|收走|撤走|撤掉|拆掉|拆除|撤|收|收起来|撤下来|清走|拖走|清空|腾空|腾出来|空出来|让出来|清出来|(?:搬|挪|移|拿|运|拖|推|收|放)(?:到|进|回)[^，,。？?！!]{1,10}?(?:去|里|里去|里面|那边去?)|拖干净|拖干|铲掉|铲干净|铲走|清理干净|清理好|清理完|清理|清除|清掉|清干净|打扫干净|扫干净|收拾干净|收拾好|堵上|堵好|堵住|补上|补好|砌上|砌好|封上|封好|封住|挂上|挂好|装上|装好|换上|放好|摆好|放回去|摆回去)了$|^[^，,。？?！!]{0,24}?(?:已经|已|都)?(?:叫人|找人|让人|请人|派人)?(?:换|更换|换上)了(?:[一两二三四五六七八九十几\d]+(?:个|台|只|具|瓶|块|把))?新的?(?:了)?$`)
	// confiscatedRE is the thing confiscated (没收), which denies nothing:
	// 208那个电暖器没收了 (user test 33's T28, its 没 read as "not").
	confiscatedRE = rx.MustCompile(`没收(?:掉|走)?了`)
	// notDoneRE denies or asks: 还没挪走了吗.
	notDoneRE     = rx.MustCompile(`没|不|未|吗|么`)
	recheckFailRE = rx.MustCompile(`^(?:复查|看了|检查了|去看了)?[，,\s]*(?:还没(?:整改)?好|还没弄好|还是(?:有|不行|没)|不合格|没整改好|不通过|不行)`)
	// lookedRE is a clause telling the place was looked at: 食堂后面通道我去
	// 看了, 刚才去看过了, 我检查了一下, 我又去瞅了一眼 (the fourteenth user
	// test's guard).
	lookedRE = rx.MustCompile(`^[^，,。？?！!]{0,16}?(?:我)?(?:去|又|刚才?)?(?:看了|看过了|看过|瞧了|瞅了|瞅过了|瞅瞅|查了|查过了|检查了|检查过了|复查了|复查过了|转了|走了|绕了)(?:一下|一眼|一遍|一圈)?$`)
	// goneRE is a clause telling the hazard is gone: 没问题, 没事了, 正常了,
	// 通道畅通了; its thing fine (压力正常) or new (新换的, 换了新的); and
	// the words of many places for "fine now", 妥了, 没毛病, 杠杠的 (the
	// fourteenth user test's 「三楼那灭火器我看了 新换的 压力正常 妥了」
	// was read as nothing of the hazard's, and signed off a repair).
	goneRE = rx.MustCompile(`^[^，,。？?！!没不未]{0,8}?(?:都|也|已经)?(?:没问题了?|没事了?|没啥问题了?|没什么问题了?|没有问题了?|没啥事了?|正常了?|恢复正常了?|可以了|合格了?|通过了?|好了|整改到位了?|畅通了?|通畅了?|通了|妥了|妥妥的?|没毛病了?|杠杠的|挺好的?|新换的|换了?新的了?|(?:是|都是|换成)?新的了?)(?:的|啊|呀|哈)?$`)
	// vanishedRE is a clause telling the hazard's place or thing is now
	// empty or gone: 通道空了, 杂物清了, 车没了, 东西都不见了, 不堵了, or
	// a loose thing steady (扶手不晃了, the fourteenth user test's) or a
	// wet or icy one dry (台阶不滑了, user test 33's T34; 不冒水了); and
	// nothingLeftRE the same said of the thing: 没车了, 没有杂物了. Such
	// words also tell a fault (电没了, 没水了), so they count only when
	// their thing (the first group) is the hazard's place or thing
	// (aboutHazard), or, said of nothing (都空了), after looking.
	vanishedRE = rx.MustCompile(`^([^，,。？?！!没不未]{0,12}?)(?:都|也|已经|已)?(?:空了|空出来了|空着了?|清了|没了|没有了|不见了|不在了|干净了|不堵了|不挡了|不占了|不(?:再)?(?:晃|摇|松|漏|滴|响|闪|倒|滑|冒|渗|淌|冻|结冰|积水|漏水|冒水|渗水|滴水|打滑)了)(?:的|啊|呀|哈)?$`)
	// okayRE is a clause that only approves: 可以, 行, 没得问题. It
	// passes a re-check only beside a clause telling the place looked at
	// or the hazard gone (the sixteenth user test's 「三楼走廊我去看了，桌椅
	// 搬干净了，可以」); alone it answers anything.
	// passableRE is a clause telling the hazard's place is passable or
	// empty now: 消防通道是通的 (user test 16's guard, asked whether it was
	// the re-check), 通道都是空的. Its thing is the first group.
	passableRE = rx.MustCompile(`^([^，,。？?！!没不未]{0,12}?)(?:现在|已经)?(?:都|也)?是?(?:通的|畅通的|通畅的|空的|空着的)(?:啊|呀|哈)?$`)
	// stillBadRE is a clause telling the hazard is still there or was not
	// dealt with: 积水还在, 地砖还翘着, 下水口也没通, 也没人来修, 这个不能算整改
	// 完 (user test 16's guard, asked whether it was the re-check).
	// 但又堆了几箱废卷子 (user test 27's K53): cleared, then blocked again.
	stillBadRE = rx.MustCompile(`^[^，,。？?！!]{0,12}?(?:还(?:在|是|有|没|堵|翘|松|漏|挡|占|积|插|开|亮|堆|停|放|用)|又(?:堆|放|停|摆|塞|占|挡|堵|被)|也?没(?:有)?(?:人)?(?:来)?(?:修|通|弄|清|挪|搬|换|整改|处理)|根本没|不能算(?:是)?(?:整改)?(?:完|好|合格|通过|到位)?)`)
	// 这回行了 (user test 17's guard, F82) approves the second time.
	okayRE = rx.MustCompile(`^(?:这回|这下|这次|现在)?(?:都|也)?(?:可以|行|行了|可以的|没得问题|OK|ok)(?:的|啊|呀|哈|嘛)?$`)
	// sturdyRE is a clause approving the work itself: 焊得挺结实, 修得挺牢,
	// 装得很稳 (user test 18's guard at the re-check of the wall, N13). Like
	// okayRE it passes only beside a look or the hazard gone.
	sturdyRE      = rx.MustCompile(`^[^，,。？?！!没不未]{0,8}?[焊修弄装钉补砌固拧绑搞做换](?:得|的)(?:挺|很|蛮|特别|非常|还挺|还算|够|比较|真|贼)?(?:结实|牢|牢固|牢靠|稳|稳当|稳固|扎实|到位|不错|好)(?:了|的|啊|呀|哈)*$`)
	nothingLeftRE = rx.MustCompile(`^(?:[^，,。？?！!没不未]{0,8}?)(?:都|也|已经)?没有?([^，,。？?！!没不未了的]{1,4})了(?:的|啊|呀|哈)?$`)
)

// clauseSplitRE splits a message into its clauses.
var clauseSplitRE = rx.MustCompile(`[\s，,。！!；;~～]+`)

// saidGone reports whether s tells, clause by clause, that a hazard is
// gone, as its re-checker says it in words (老郑's 「食堂后面通道我去看了 车
// 挪走了 没问题」): every clause tells the place looked at (lookedRE), the
// thing cleared (clearedRE: 车挪走了), nothing wrong left (goneRE:
// 没问题了, 正常了) or the place or thing emptied (vanishedRE: 通道空了),
// and one of them does more than look. A clause that denies or asks
// (还没挪走, 挪走了吗) or says anything else is no re-check. things are
// what the emptied clauses name (通道, 车): the words hold only for a
// hazard they are about (aboutHazard).
func saidGone(s string) (gone bool, things []string) {
	s = confiscatedRE.ReplaceAllString(s, "收走了")
	looked, bare, okay := false, false, false
	for _, c := range clauseSplitRE.Split(strings.TrimSpace(s), -1) {
		switch {
		case c == "":
		case okayRE.MatchString(c) || sturdyRE.MatchString(c):
			okay = true
		case goneRE.MatchString(c):
			gone = true
		case clearedRE.MatchString(c) && !notDoneRE.MatchString(c):
			gone = true
		case lookedRE.MatchString(c) && !notDoneRE.MatchString(c):
			looked = true
		case vanishedRE.MatchString(c) || nothingLeftRE.MatchString(c) || passableRE.MatchString(c):
			m := vanishedRE.FindStringSubmatch(c)
			if m == nil {
				m = nothingLeftRE.FindStringSubmatch(c)
			}
			if m == nil {
				m = passableRE.FindStringSubmatch(c)
			}
			if thing := strings.TrimSpace(m[1]); thing != "" {
				things = append(things, thing)
				gone = true
			} else {
				bare = true
			}
		default:
			return false, nil
		}
	}
	return gone || (bare || okay) && looked, things
}

// saidStillBad reports whether s tells, clause by clause, that a hazard
// is still there (stillBadRE), maybe after looking (去看了): user test 16's
// 「操场东头积水还在 下水口也没通 这个不能算整改完」 was asked whether it was
// the re-check. Any other clause (通道空了, 纸箱是食堂的) makes it no
// failure.
//
// One such clause alone (车还没挪走) may be news on the way, and is asked
// about; it takes two (积水还在 下水口也没通), or a verdict (这个不能算整改完).
func saidStillBad(s string) bool {
	bad, verdict := 0, false
	for _, c := range clauseSplitRE.Split(strings.TrimSpace(s), -1) {
		switch {
		case c == "":
		case stillBadRE.MatchString(c):
			bad++
			verdict = verdict || failVerdictRE.MatchString(c)
		case lookedRE.MatchString(c):
		case vanishedRE.MatchString(c) || clearedRE.MatchString(c):
			// 纸箱是清了 beside 灭火器还是旧的 根本没换: one part of the
			// hazard dealt with, the rest not (user test 18's F63); it
			// counts only with the clauses telling what is still wrong.
		default:
			// 通道空了 tells it gone; 纸箱是食堂的 tells more, which is
			// asked about (askWhichRecheck), not taken for the reason.
			return false
		}
	}
	return bad >= 2 || bad == 1 && verdict
}

// passNamedRE is a hazard named by its place or thing and approved:
// 办公室那个也行, 灭火器那个没问题 (user test 30's T38). The thing is the
// first group; 那个 or 这个 must follow it (价格也行 is not a re-check).
var passNamedRE = rx.MustCompile(`^([^，,。？?！!\s]{1,12}?)(?:那个|这个|那处|这处|那边|那儿)(?:也|都)?(?:行|可以|没问题|通过|合格)(?:了|的|啦|吧)?$`)

// failVerdictRE is a clause judging the rectification not done: 不能算整改完.
var failVerdictRE = rx.MustCompile(`不能算|不算(?:是)?(?:整改)?(?:完|好|合格|通过|到位)`)

// aboutHazard reports whether each of things (what emptied clauses name:
// 通道, 车, 东西) is h's place or thing: it shares a word with them, or,
// a single character, occurs in them. A general word for the hazard's
// matter (东西, 杂物) fits any hazard.
func aboutHazard(things []string, h Hazard) bool {
	about := h.Where() + h.Description
	for _, w := range things {
		w = strings.TrimLeft(w, "那这个的")
		switch {
		case w == "" || slices.Contains(matterWords, w):
		case sharedWords(w, about) > 0:
		case utf8.RuneCountInString(w) == 1 && strings.Contains(about, w):
		default:
			return false
		}
	}
	return true
}

// matterWords name whatever was in the way, of any hazard.
var matterWords = []string{"东西", "杂物", "都", "全部", "现场", "那边", "那里", "这边", "这里"}

// fixCmdRE is 「整改完成 1 换了新灭火器」: the command, the hazard, a note.
var fixCmdRE = rx.MustCompile(`^(整改完成|已整改)\s*(?:([A-Za-z]{1,4}-\d{8}-\d{1,6})|(?:第\s*)?[#＃]?\s*(\d{1,6})\s*号?)\s*[:：,，\s]\s*(\S.*)$`)

// trailingCmdRE is a hazard's command typed after the words that go with
// it: 「[图片] 扶手修好了 实验室门口的箱子也清走了 整改完成4」 (the
// fourteenth user test's 总务主任: the words signed off a repair and the
// command was lost).
//
// The number may be left out after a pause, the command then acting on the
// writer's hazard it fits: the sixteenth user test's 「二楼灯那个记错教室了
// 不是201 是201隔壁那间 反正灯关了 复查通过」 was asked about again.
var trailingCmdRE = rx.MustCompile(`^(\S.*?)([\s，,。；;]*)(整改完成|已整改|复查通过|复查不通过)\s*(?:(?:第\s*)?[#＃]?\s*(\d{1,6})\s*号?)?[。！!]*$`)

// readTrailingCommand reads 「…箱子也清走了 整改完成4」 as 整改完成 4 and
// the words before it as its note.
func readTrailingCommand(text string) (flows.Command, string, bool) {
	m := trailingCmdRE.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		return flows.Command{}, "", false
	}
	if m[4] == "" {
		// No number: only after a pause (灯关了 复查通过), and never a
		// command denied or asked (还不能复查通过, 可以复查通过吗 end
		// otherwise).
		if m[2] == "" || notYetRE.MatchString(m[1]) {
			return flows.Command{}, "", false
		}
		return flows.Command{Word: m[3]}, strings.TrimSpace(m[1]), true
	}
	n, err := strconv.Atoi(m[4])
	if err != nil || n <= 0 {
		return flows.Command{}, "", false
	}
	return flows.Command{Word: m[3], Num: n}, strings.TrimSpace(m[1]), true
}

// notYetRE ends words that put off or deny the command after them: 还不能,
// 先别, 暂时不.
var notYetRE = rx.MustCompile(`(?:不能|不可以|不要|别|不|没|未|还没|暂时不|先不)[\s，,]*$`)

// readFixCommand reads 「整改完成 1 换了新灭火器」 as 整改完成 1 and its note,
// and the same command typed after its words (readTrailingCommand).
func readFixCommand(text string) (flows.Command, string, bool) {
	m := fixCmdRE.FindStringSubmatch(strings.TrimSpace(text))
	if m == nil {
		if c, note, ok := readTrailingCommand(text); ok && typedVerbs[c.Word] == VerbFix {
			return c, note, true
		}
		return flows.Command{}, "", false
	}
	c := flows.Command{Word: m[1], Ref: strings.ToUpper(m[2])}
	if m[2] == "" {
		n, err := strconv.Atoi(m[3])
		if err != nil || n <= 0 {
			return flows.Command{}, "", false
		}
		c.Num = n
	}
	return c, strings.TrimSpace(m[4]), true
}

// saidFixed reports whether s (trimmed) tells a hazard rectified in words:
// all of it (铁丝处理好了), or its first clause, the rest saying more
// (「灭火器那个已经换好了 新的压力正常」); then more is true. Nothing of
// it may deny or ask.
func saidFixed(s string) (ok, more bool) {
	s = confiscatedRE.ReplaceAllString(s, "收走了")
	if endsClear(s) {
		return true, true
	}
	if notDoneRE.MatchString(forbidRE.ReplaceAllString(s, "")) && !fixedRE.MatchString(s) {
		return false, false
	}
	if fixedRE.MatchString(s) || clearedRE.MatchString(s) {
		return true, false
	}
	i := strings.IndexAny(s, " ，,。！!；;")
	if i <= 0 {
		return false, false
	}
	head := strings.TrimRight(s[:i], "。！!~ ")
	if notDoneRE.MatchString(head) {
		return false, false
	}
	if fixedRE.MatchString(head) || clearedRE.MatchString(head) {
		return true, true
	}
	return fixedAmongAsides(s), true
}

// fixAsideRE is a clause beside a rectification that neither tells nor
// denies it: a slip owned (灭火器刚才放错了) or a re-check asked for (你再
// 看看).
var fixAsideRE = rx.MustCompile(`^(?:[^，,。？?！!没不未]{0,10}?(?:放|弄|搞|挂|装|拿|换)错了?|(?:你|麻烦|请|麻烦你)?(?:再|去)?(?:看看|看一下|看下|瞧瞧|瞅瞅|复查一下|复查下|复查吧)(?:吧|哈|啊)?)$`)

// fixedAmongAsides reports whether one clause of s tells the
// rectification done and every other is an aside (fixAsideRE): user test
// 18's 「灭火器刚才放错了 新的现在挂上了 你再看看」 was not understood (F65).
func fixedAmongAsides(s string) bool {
	done := false
	for _, c := range clauseSplitRE.Split(s, -1) {
		c = strings.TrimRight(strings.TrimSpace(c), "。！!~ ")
		switch {
		case c == "":
		case fixedRE.MatchString(c) || clearedRE.MatchString(c):
			done = true
		case fixAsideRE.MatchString(c):
		default:
			return false
		}
	}
	return done
}

// endsClear reports whether s (trimmed) ends telling the hazard's place
// clear now (这回通道空了), after words on how or why: user test 17's
// 总务主任 sent again 「[图片] 那电动车找不着主人 我让保安先推车棚去了 这回
// 通道空了」, whose 找不着 denies nothing, and was not understood (F81).
// Nothing of it may ask, or tell the hazard still there.
func endsClear(s string) bool {
	cs := slices.DeleteFunc(clauseSplitRE.Split(s, -1), func(c string) bool { return c == "" })
	n := len(cs)
	if n < 2 || strings.ContainsAny(s, "吗么？?") {
		return false
	}
	m := vanishedRE.FindStringSubmatch(cs[n-1])
	if m == nil {
		m = passableRE.FindStringSubmatch(cs[n-1])
	}
	if m == nil || strings.TrimLeft(m[1], "这回下次现在") == "" {
		return false
	}
	return !slices.ContainsFunc(cs, stillBadRE.MatchString)
}

// forbidRE is a rule told for later, no denial of the rectification: the
// twelfth user test's 「消防通道那辆车挪走了 … 已经跟他说了以后不许停那」
// (its photo was lost with it) — 不许, 不准, 不让, 不要再, 别再.
var forbidRE = rx.MustCompile(`(?:以后|今后|下次|再也)?(?:不许|不准|不让|不得|不要再|不能再|别再)`)

// noteRunes is how long a rectification told in words must be to say
// more than that it is done (铁丝处理好了 does not; 围墙那个洞叫王师傅用砖堵
// 上了 does).
const noteRunes = 10

// fixNoteOf is the note said with 整改完成 in text: the words after
// 「整改完成 1」, or the whole of a rectification told in words that says
// more than that it is done (what was done: 搬到仓库去了); "" when there is
// none.
func fixNoteOf(text string) string {
	if _, note, ok := readFixCommand(text); ok {
		return flows.Clip(note, 200)
	}
	s := strings.TrimRight(strings.TrimSpace(text), "。！!~ ")
	if ok, more := saidFixed(s); ok && (more || utf8.RuneCountInString(s) >= noteRunes) {
		// 三楼走廊那堆旧桌椅已经叫人搬到仓库去了: what was done, and where
		// to, is the note (the sixteenth user test's 总务主任); a short
		// 已经清理了 says nothing more than done.
		return flows.Clip(s, 200)
	}
	return ""
}

// typedWords are typedVerbs' words, for flows.ReadCommand.
var typedWords = slices.Collect(maps.Keys(typedVerbs))

// Typed implements Actor: 整改完成 2, 复查通过 2, 复查不通过 2, where 2 is the
// number people see: the sequence of the hazard's reference
// (YH-20261129-002), resolved against the writer's hazards by
// flows.ChooseItem; the full reference always works. Without a number the
// command acts on the writer's only hazard it fits, or lists them.
func (HazardFlow) Typed(t *flows.Turn, text string) (string, bool) {
	c, ok := flows.ReadCommand(text, typedWords)
	if !ok {
		c, _, ok = readFixCommand(text)
	}
	if !ok {
		c, _, ok = readTrailingCommand(text) // …箱子也搬没了 复查通过4
	}
	if !ok && visitTold(text) {
		// People come to the gate, told with no command of a hazard,
		// are the gate's: neither a 整改 nor its progress (user test
		// 34's T48, T49).
		return "", false
	}
	if s := strings.TrimRight(strings.TrimSpace(text), "。！!~ "); !ok && t.Idle() && (stepsTalk(s) || allDoneRE.MatchString(s)) {
		// 都弄好了 alone: every hazard the writer is rectifying (stepParts).
		// 食堂后门的…都挪走了 初一办公室小太阳也让挪开了: the steps of two
		// hazards, each with its own words (user test 26's G38, G39), before
		// any reading of them as the answer to the last notice's buttons.
		hs, err := hazardsFor(t)
		if err != nil {
			t.Say("暂时查不到隐患记录，请稍后再试。")
			return "", true
		}
		if data, ok := stepsTyped(t, text, hs, 2); ok {
			return data, true
		}
	}
	// 整改完成 1 二楼灭火器换好了: the number typed names the hazard, not
	// the last notice the words might answer.
	if data, ok := offeredAnswer(t, text); ok && c.Num == 0 && c.Ref == "" {
		return data, true
	}
	natural := false
	var things []string // what words of a hazard gone name (通道空了)
	if !ok && t.Idle() {
		// 操场铁丝那个让王师傅去处理一下: a hazard handed to someone.
		if data, ok := giveTyped(t, text); ok {
			return data, true
		}
		// 灯是我开的，啥子隐患哦: the hazard objected to, given back.
		if data, ok := objectTyped(t, text); ok {
			return data, true
		}
		// 单杠那个，先拉警戒线…陈主任今天找人焊好: a leader's instruction.
		if data, ok := relayTyped(t, text); ok {
			return data, true
		}
		// 操场积水那个隐患跟我没关系哦 周师傅已经通好了: not his any more.
		if data, ok := heldTyped(t, text); ok {
			return data, true
		}
		// 搞错了！不是积水那个, 撤销: a 整改 just recorded, taken back.
		if data, ok := undoTyped(t, text); ok {
			return data, true
		}
		// 我让保洁下午清 灭火器已经让人去买了: progress, not yet done.
		if data, ok := progressTyped(t, text); ok {
			return data, true
		}
	}
	if !ok {
		// 整改好了, 复查没问题: the same commands in people's own words, taken
		// only while a hazard awaits that step from them.
		if !t.Idle() {
			return "", false
		}
		s := strings.TrimRight(strings.TrimSpace(text), "。！!~ ")
		if c, things, ok = saidStepOf(t, s); !ok {
			if data, ok := doneNamed(t, s); ok {
				return data, true
			}
			if data, ok := proofPhoto(t, s); ok {
				return data, true
			}
			if !recheckTalk(s) {
				return "", false
			}
			// Re-check talk not understood (去看了 通道空了 车是送菜的):
			// about a re-check waiting for the writer, it is asked
			// about, never taken for a repair report.
			hs, err := hazardsFor(t)
			if err != nil {
				t.Say("暂时查不到隐患记录，请稍后再试。")
				return "", true
			}
			// 小太阳那个不通过 还在窗帘边上: the re-check of the hazard
			// named, failed with the reason said (user test 26's G40).
			if data, ok := stepsTyped(t, s, hs, 1); ok {
				return data, true
			}
			return askWhichRecheck(t, s, nil, hs)
		}
		natural = true
	}
	hs, err := hazardsFor(t)
	if err == nil && typedVerbs[c.Word] == VerbFail {
		if m := failNumRE.FindStringSubmatch(strings.TrimSpace(text)); c.Num == 0 && c.Ref == "" && m != nil {
			c.Num, _ = strconv.Atoi(m[1]) // 复查不通过 2 数学组还插着
		}
		// A pass taken back only when no re-check waits that the words
		// may mean, or when its number is said.
		if c.Num != 0 || c.Ref != "" || !slices.ContainsFunc(hs, func(h Hazard) bool { return mayAct(t, h, VerbFail) == "" }) {
			hs, err = withPassed(t, hs)
		}
	}
	if err != nil {
		t.Say("暂时查不到隐患记录，请稍后再试。")
		return "", true
	}
	c, things, items := readyFor(t, text, c, natural, things, hs)
	v := typedVerbs[c.Word]
	if h, ok := namedNotReady(text, hs, items); natural && ok {
		// 单杠这个隐患焊好了 while the 单杠's hazard awaits its re-check:
		// said of that one, not of the other one ready (user test 16).
		switch msg := mayAct(t, h, v); {
		case msg != "" && v == VerbFix && h.Status == HazardFixed:
			t.Say(fmt.Sprintf("%s %s「%s」已经记为整改完成（%s），正在等复查，不用再报了。", h.Ref, h.Where(), listDesc(h.Description), t.When(h.FixedAt)))
			return "", true
		case msg != "":
			t.Say(msg)
			return "", true
		}
	}
	if natural && !slices.ContainsFunc(items, func(it flows.Item) bool { return it.Ready }) {
		if h, ok := notYetFixed(t, things, hs); ok && v == VerbPass {
			// 办公室那个也行 of a hazard still being rectified (user test
			// 30's T38, 没看懂): nothing to re-check yet, said so.
			t.Say(fmt.Sprintf("%s %s「%s」还没有整改完成（%s负责，期限 %s），暂时不用复查；整改完成后会请你复查。",
				h.Ref, h.Where(), listDesc(h.Description), h.ResponsibleName, t.When(h.DueAt)))
			return "", true
		}
		if v == VerbFix {
			if note := finderNote(t, text, hs); note != "" {
				t.Say(note)
				return "", true
			}
		}
		if v == VerbFail {
			// 不通过, 灭火器没换 还是过期的 after the re-check was already
			// sent back in words (user test 18's F64, N3): about that
			// hazard, never a repair report or a new finding.
			if h, ok := returnedBy(t, text, hs); ok {
				return flows.Action{Prefix: ActorPrefix, Verb: string(VerbNote), ID: h.ID}.String(), true
			}
		}
		if data, ok := askWhichRecheck(t, text, things, hs); ok {
			return data, true
		}
		if v == VerbPass && lookedFine(text) && !slices.ContainsFunc(hs, func(h Hazard) bool { return mayAct(t, h, VerbPass) == "" }) && !repair.AwaitsAnySignOff(t) && !repair.ReportedOpen(t) {
			// 去看了 通道空了 没问题 with no re-check waiting for the writer,
			// nor a repair of hers open: news that all is well, not a
			// repair report.
			if own, who := ownRectified(t, hs); own != nil {
				t.Say(fmt.Sprintf("好的，知道了。%s 是你自己整改的，整改人不复查自己的整改，已请%s复查。", own.Ref, who))
				return "", true
			}
			t.Say("好的，知道了。现在没有等你复查的隐患；如果是要报修，请发送「报修」再说明。")
			return "", true
		}
		if v == VerbFail && closedNamed(t, text, c, hs) {
			return "", true
		}
		return "", false // said of something else
	}
	it, ok, none := flows.ChooseItem(t, c, items, "隐患")
	switch {
	case none && v == VerbFail && closedNamed(t, text, c, hs):
		return "", true
	case none:
		return "", false
	case !ok:
		return "", true
	}
	return ActorPrefix + ":" + string(v) + ":" + strconv.FormatInt(it.ID, 10), true
}

// notYetFixed is the one hazard of hs the writer found that things (what
// words approving it name: 办公室) name and that is still being
// rectified.
func notYetFixed(t *flows.Turn, things []string, hs []Hazard) (Hazard, bool) {
	if !namesThing(things) {
		return Hazard{}, false
	}
	var found []Hazard
	for _, h := range hs {
		about := h.Where() + h.Description
		if h.Status == HazardOpen && h.FinderID == t.Staff.ID && slices.ContainsFunc(things, func(w string) bool {
			return strings.Contains(about, w) || sharedWords(w, about) > 0
		}) {
			found = append(found, h)
		}
	}
	if len(found) != 1 {
		return Hazard{}, false
	}
	return found[0], true
}

// ownRectified is the hazard of hs the writer rectified that awaits its
// re-check by others, and who they are: user test 17's 总务主任 told his own
// 「看过了 压力正常 没问题」 was told no re-check waited for him.
func ownRectified(t *flows.Turn, hs []Hazard) (*Hazard, string) {
	for _, h := range hs {
		if h.Status != HazardFixed || h.FixedBy != t.Staff.ID {
			continue
		}
		to, err := recheckers(t, h)
		if err != nil || len(to) == 0 {
			continue
		}
		var names []string
		for _, s := range to {
			names = append(names, s.Name)
		}
		return &h, strings.Join(names, "、")
	}
	return nil, ""
}

// yesPassRE and yesFailRE answer the question 「你是在说…的复查吗？」 in
// words: user test 16's guard said 「对 通过」 and was not understood.
var (
	yesPassRE = rx.MustCompile(`^(?:(?:对|对的|是的?|嗯|嗯嗯|没错)[，,\s]*)?(?:复查)?(?:通过|合格|没问题)(?:了|的)?[。！!]*$`)
	yesFailRE = rx.MustCompile(`^(?:(?:对|对的|是的?|嗯|嗯嗯|没错)[，,\s]*)?(?:复查)?(?:不通过|不合格|还有问题|不行)(?:的)?[。！!]*$`)
)

// yesOnlyRE is a bare yes: 是, 对的, 嗯, 没错.
var yesOnlyRE = rx.MustCompile(`^(?:是|是的|是啊|是呀|对|对的|对啊|对呀|嗯|嗯嗯|没错|对头)[。！!~]*$`)

// offeredAnswer is the re-check button of the question just asked (its
// 复查通过 or 复查不通过) that text answers in words, if the writer's offer
// holds one hazard's re-check buttons.
func offeredAnswer(t *flows.Turn, text string) (string, bool) {
	label := ""
	switch s := strings.TrimSpace(text); {
	case yesFailRE.MatchString(s):
		label = "复查不通过"
	case yesPassRE.MatchString(s) || okayRE.MatchString(s):
		// 这回行了 right after a 【请复查】 (user test 26's G42).
		label = "复查通过"
	case yesOnlyRE.MatchString(s) && slices.ContainsFunc(t.Replied(), func(b flows.Button) bool { return b.Label == "复查通过" }):
		// 是, right after its own 「你是在说…的复查吗？」 (user test 28's
		// N39 was not understood): yes, it passes.
		label = "复查通过"
	case t.Image() != "" && t.Idle() && doneTold(s):
		// [图片]大门口台阶盐撒了冰也铲了 铺了防滑垫 right after a 【隐患整改】:
		// what was done, with the photo (user test 26's G13); of the
		// hazard its words name best, when that is another one waiting
		// for the writer (「[图片] 篮球场台阶撒过盐了」 after the 宿舍楼's
		// notice).
		if data, ok := bestNamedFix(t, s); ok {
			return data, true
		}
		label = "整改完成"
	default:
		return "", false
	}
	for _, b := range t.Offered() {
		if b.Label == label && strings.HasPrefix(b.Data, ActorPrefix+":") {
			return b.Data, true
		}
	}
	return "", false
}

// doneTold reports whether s tells, in words, something done (盐撒了 冰也
// 铲了 铺了防滑垫) and nothing wrong, denied or asked: said with a photo
// right after a hazard's 【隐患整改】, it is that 整改 told.
func doneTold(s string) bool {
	s = strings.TrimRight(s, "。！!~ ")
	if utf8.RuneCountInString(s) < 4 || !strings.Contains(s, "了") || strings.ContainsAny(s, "？?") {
		return false
	}
	// 我让人下午去弄了 is progress (progressRE), not the 整改 done; people
	// come to the gate are the gate's (visitTold).
	// 不滑了, 不堵了: the hazard no longer there (noLongerRE), no denial
	// (re-type of user test 33: 「[图片] 操场台阶撒过盐了 不滑了」 was 没看懂).
	plain := noLongerRE.ReplaceAllString(forbidRE.ReplaceAllString(s, ""), "")
	return !visitTold(s) && !notDoneRE.MatchString(plain) && !troubleRE.MatchString(s) && !dangerRE.MatchString(s) &&
		!arrangedOnly(s)
}

// doneNamed reads s, said with a photo, as the 整改 done of the one
// hazard awaiting the writer's 整改 that it names: 「[图片]台阶上的盐撒了冰也
// 铲了 铺了防滑垫」 for the icy steps, later than right after their notice
// (offeredAnswer; user test 26's G13).
//
// Without a photo the words must name it by two words or more of its place
// and thing: user test 28's 「教务处的取暖器我拿钥匙去关了 插头也拔了」 and
// 「班里电暖器已经拔了 窗户也关好了」, from the ones rectifying the heater and
// the heater and window, were not understood. The photo is asked after.
//
// User test 29's R27: 陈主任, 整改责任人 of the snow on the playground and
// of nothing else, said 「操场的雪扫完了 也撒了盐」 and 「雪的那个整改完成了」.
// With one hazard alone awaiting the writer's 整改, words sharing one word
// with it (操场), or its thing (雪) with 整改 said done, name it.
func doneNamed(t *flows.Turn, s string) (string, bool) {
	fixSaid := fixDoneSaidRE.MatchString(s)
	if !doneTold(s) && !fixSaid {
		return "", false
	}
	least := 1
	if t.Image() == "" {
		least = 2
	}
	hs, err := hazardsFor(t)
	if err != nil {
		return "", false
	}
	own := slices.DeleteFunc(slices.Clone(hs), func(h Hazard) bool { return mayAct(t, h, VerbFix) != "" || h.RepairID != 0 })
	if len(own) == 1 && t.Image() == "" {
		h := own[0]
		if sharedWords(s, h.Where()+h.Description) >= 1 && doneTold(s) || fixSaid && sharedRune(s, h.Where()+h.Description) {
			return flows.Action{Prefix: ActorPrefix, Verb: string(VerbFix), ID: h.ID}.String(), true
		}
	}
	if !doneTold(s) {
		return "", false
	}
	hs = slices.DeleteFunc(hs, func(h Hazard) bool {
		// (A hazard a repair fixes is done with the repair's 完成.)
		return mayAct(t, h, VerbFix) != "" || sharedWords(s, h.Where()+h.Description) < least || least > 1 && h.RepairID != 0
	})
	if len(hs) != 1 {
		return "", false
	}
	return flows.Action{Prefix: ActorPrefix, Verb: string(VerbFix), ID: hs[0].ID}.String(), true
}

// proofRE is a photo's caption saying it is a rectification's proof:
// 群通知截图, 通知截图, 整改照片.
var proofRE = rx.MustCompile(`截图|截屏|通知|凭证|整改`)

// proofPhoto reads a photo captioned as proof (「[图片] 群通知截图」, user
// test 30's T37: 没看懂, the photo dropped) as the rectification photo of
// the one hazard awaiting the writer's 整改, or of the one he reported
// rectified without a site photo.
func proofPhoto(t *flows.Turn, s string) (string, bool) {
	if t.Image() == "" || !proofRE.MatchString(s) || troubleRE.MatchString(s) {
		return "", false
	}
	hs, err := hazardsFor(t)
	if err != nil {
		return "", false
	}
	var cand []Hazard
	for _, h := range hs {
		if h.RepairID == 0 && (mayAct(t, h, VerbFix) == "" || photoMissing(t, h)) {
			cand = append(cand, h)
		}
	}
	if len(cand) != 1 {
		return "", false
	}
	return flows.Action{Prefix: ActorPrefix, Verb: string(VerbFix), ID: cand[0].ID}.String(), true
}

// photoMissing reports whether h was reported rectified by the writer
// without a site photo (a notice sent) and awaits its re-check.
func photoMissing(t *flows.Turn, h Hazard) bool {
	return h.Status == HazardFixed && h.FixedBy == t.Staff.ID && h.FixPhoto == "" && strings.HasSuffix(h.FixNote, noSitePhotoMark)
}

// noSitePhotoMark ends the note of a rectification recorded without a
// site photo (a notice sent), for the re-checker to see.
const noSitePhotoMark = "（无现场照片）"

// addFixPhoto adds the photo sent after a rectification reported without
// one (the notice's screenshot) and tells the re-checkers.
func addFixPhoto(t *flows.Turn, h Hazard) error {
	h.FixPhoto = t.Image()
	caption := strings.TrimSpace(t.Text)
	if _, bare := flows.ReadCommand(caption, typedWords); bare {
		caption = "" // [图片] 整改完成 1: no words of its own
	} else if _, note, ok := readFixCommand(caption); ok {
		caption = note
	}
	caption = flows.Clip(caption, 100)
	note := "补发整改照片"
	if caption != "" {
		note += "：" + caption
	}
	if err := db(t).UpdateHazard(t.Ctx, h, HazardEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventProgress, From: h.Status, To: h.Status, Note: note}); err != nil {
		return err
	}
	to, err := recheckers(t, h)
	if err != nil {
		return err
	}
	var names []string
	for _, s := range to {
		names = append(names, s.Name)
		text := fmt.Sprintf("【补充整改照片】%s %s「%s」：%s补发了整改照片。复查请回复「复查通过 %d」或「复查不通过 %d」。",
			h.Ref, h.Where(), listDesc(h.Description), t.Staff.Name, Num(h), Num(h))
		if caption != "" {
			text = strings.Replace(text, "补发了整改照片。", "补发了整改照片（"+caption+"）。", 1)
		}
		if err := t.Notify(flows.Notification{ToStaff: s.ID, Kind: KindRecheck, Ref: hazardRef(h.ID), Text: text, Buttons: recheckButtons(h)}); err != nil {
			return err
		}
	}
	if len(names) == 0 {
		t.Say(fmt.Sprintf("好的，照片已补充到 %s 的整改记录里。", h.Ref))
		return nil
	}
	t.Say(fmt.Sprintf("好的，照片已补充到 %s 的整改记录里，已转给%s。", h.Ref, strings.Join(names, "、")))
	return nil
}

// fixDoneSaidRE is 整改 said done with no number: 雪的那个整改完成了,
// 整改好了 (not 还没整改好).
var fixDoneSaidRE = rx.MustCompile(`(?:^|[^没未不])整改(?:已经)?(?:完成|好|完)了`)

// sharedRune reports whether a and b share a Chinese character that is no
// function word (的, 了, 那, 个 …): 雪 of 雪的那个 and 都是雪.
func sharedRune(a, b string) bool {
	for _, r := range a {
		if isHan(r) && !strings.ContainsRune("的了那这个整改完成好已经也就是我你他她", r) && strings.ContainsRune(b, r) {
			return true
		}
	}
	return false
}

// saidStep reads s (trimmed) as a hazard's step said in people's own
// words: the rectification told (整改好了, 车挪走了), the re-check failed
// (还是堵着, 小太阳复查不通过) or passed (复查没问题, 去看了 通道空了 没问题);
// things are what the words of a hazard gone or failed name (通道, 车,
// 小太阳), which it must be about.
func saidStep(s string) (c flows.Command, things []string, ok bool) {
	fixed, _ := saidFixed(s)
	switch {
	case closedSaid(s):
		// …陈主任自己换好了 我看过了 可以结了: the re-check, though it
		// tells the rectification too.
		return flows.Command{Word: "复查通过"}, nil, true
	case fixed:
		return flows.Command{Word: "整改完成"}, nil, true
	case recheckFailRE.MatchString(s) || saidStillBad(s):
		return flows.Command{Word: "复查不通过"}, nil, true
	}
	if things, ok := failSaid(s); ok {
		// 小太阳复查不通过: of the hazard whose thing it names only.
		return flows.Command{Word: "复查不通过"}, things, true
	}
	if recheckPassRE.MatchString(s) {
		return flows.Command{Word: "复查通过"}, nil, true
	}
	if m := passNamedRE.FindStringSubmatch(s); m != nil {
		// 办公室那个也行: the re-check of the hazard it names passed.
		return flows.Command{Word: "复查通过"}, []string{m[1]}, true
	}
	if gone, ts := saidGone(s); gone {
		return flows.Command{Word: "复查通过"}, ts, true
	}
	return flows.Command{}, nil, false
}

// kitFixedRE is fire-fighting equipment told put right: 换了新的, 压力正常,
// 补上了.
var kitFixedRE = rx.MustCompile(`换了|换好|换新|换掉|换过|新的|正常|充好|充了|加压|补上|补了|补齐|配上|配好|放回|挂上|到位|没问题`)

// kitLapseTold reports whether s tells of fire-fighting equipment failing
// its check (repair.IsFireKitLapse), not of it put right.
func kitLapseTold(s string) bool {
	return repair.IsFireKitLapse(s) && !kitFixedRE.MatchString(s)
}

// saidStepOf is saidStep of s, read once per turn: HazardFlow's Claim
// and Typed both read every idle message's words for a step.
func saidStepOf(t *flows.Turn, s string) (flows.Command, []string, bool) {
	r := flows.Remember(t, saidStepKey{s}, func() saidStepRead {
		c, things, ok := saidStep(s)
		if ok && c.Word == "复查通过" && kitLapseTold(s) {
			// 一楼走廊的灭火器不见了, 灭火器压力不够了: a new finding, not
			// the re-check of one the writer has open (a 纸箱 gone passes
			// it; an extinguisher gone is the hazard).
			return saidStepRead{}
		}
		return saidStepRead{c, things, ok}
	})
	return r.c, slices.Clone(r.things), r.ok
}

type saidStepKey struct{ s string }

type saidStepRead struct {
	c      flows.Command
	things []string
	ok     bool
}

// closeItRE is a clause asking the hazard closed: 可以结了, 能销号了, 可以
// 闭环了 (user test 17's 张校长, F40).
var closeItRE = rx.MustCompile(`^(?:可以|能|就)?(?:结|结案|销号|闭环|关闭|关掉)(?:了|吧|啦)*$`)

// closedSaid reports whether s (trimmed) ends asking the hazard closed
// after saying it was looked at (我看过了 可以结了), or only asks it.
func closedSaid(s string) bool {
	cs := slices.DeleteFunc(clauseSplitRE.Split(s, -1), func(c string) bool { return c == "" })
	n := len(cs)
	if n == 0 || !closeItRE.MatchString(cs[n-1]) {
		return false
	}
	return n == 1 || lookedRE.MatchString(cs[n-2]) || recheckPassRE.MatchString(cs[n-2])
}

// readyFor returns, for command c read from text (natural: said in
// words, with things its words of a hazard gone name), the command as it
// applies and hs as items, Ready those it may act on: a rectification
// told by whoever is to re-check it is their re-check passed, and words
// in people's own words act only on the hazards they are about.
func readyFor(t *flows.Turn, text string, c flows.Command, natural bool, things []string, hs []Hazard) (flows.Command, []string, []flows.Item) {
	v := typedVerbs[c.Word]
	items := make([]flows.Item, len(hs))
	for i, h := range hs {
		items[i] = flows.Item{ID: h.ID, Ref: h.Ref, Line: fmt.Sprintf("%s「%s」%s", h.Where(), listDesc(h.Description), h.Status.Label()),
			Ready: mayAct(t, h, v) == ""}
	}
	if natural && v == VerbFix && !slices.ContainsFunc(items, func(it flows.Item) bool { return it.Ready }) {
		gone, ts := saidGone(strings.TrimRight(strings.TrimSpace(text), "。！!~ "))
		things = ts
		// 车挪走了 from whoever is to re-check it, with no rectification of
		// theirs waiting: the hazard is gone, which passes the re-check.
		for i, h := range hs {
			items[i].Ready = gone && mayAct(t, h, VerbPass) == "" && aboutHazard(things, h)
		}
		if slices.ContainsFunc(items, func(it flows.Item) bool { return it.Ready }) {
			c.Word, v = "复查通过", VerbPass
		} else {
			for i, h := range hs {
				items[i].Ready = mayAct(t, h, VerbFix) == ""
			}
		}
	}
	if natural && (v == VerbPass || v == VerbFail && len(things) > 0) {
		// 通道空了 passes only the re-check of the hazard at the 通道;
		// 小太阳复查不通过 fails only the 小太阳's.
		for i, h := range hs {
			items[i].Ready = items[i].Ready && aboutHazard(things, h)
		}
	}
	if natural {
		notElsewhere(t, text, hs, items)
		narrow(text, hs, items)
	}
	return c, things, items
}

// notElsewhere keeps, of hazards ready for a step said in words, only
// those at the place the words name, when they name one: the sixteenth
// user test's worker, holding a glass repair in 阅览室 and a hazard at the
// basketball court's wall, said 「阅览室玻璃渣我扫干净了，先用纸板挡上…」,
// which became the wall's 整改说明. Words about another place are left to
// the other flows (his repair).
func notElsewhere(t *flows.Turn, text string, hs []Hazard, items []flows.Item) {
	for i, h := range hs {
		if items[i].Ready && saysElsewhere(t, text, h) {
			items[i].Ready = false
		}
	}
}

// saysElsewhere reports whether text names a place (a room of the school,
// or a place in words) that h is not at; false when it names none.
func saysElsewhere(t *flows.Turn, text string, h Hazard) bool {
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return false
	}
	about := h.Where() + h.Description
	g := repair.GuessRepair(destRE.ReplaceAllString(text, ""), locs)
	switch {
	case g.LocationID != 0:
		if h.LocationID != 0 {
			return h.LocationID != g.LocationID
		}
		for _, l := range locs {
			if l.ID == g.LocationID {
				// A place in words may still name the room; and words
				// naming only its building (实验楼三楼灭火器, user test
				// 17, guessed as 实验楼's 二楼男厕所) are of any place there.
				return !strings.Contains(about, l.Room) && (namesRoom(text, l) || !strings.Contains(about, l.Building))
			}
		}
	case g.PlaceText != "":
		// A room number in words (208) shares no words, but is there.
		return !strings.Contains(about, g.PlaceText) && sharedWords(g.PlaceText, about) == 0 && sharedWords(about, g.PlaceText) == 0
	}
	return false
}

// destRE is where a thing in the way was taken to, which is not where the
// hazard is: 我让保安先推车棚去了 (user test 17's 总务主任, F81), 搬到仓库去了.
var destRE = rx.MustCompile(`(?:推|搬|挪|移|拿|运|拖|放|送|收)(?:到|进|回)?[^，,。！!\s]{1,8}?(?:里去|那边去|去)了`)

// namesRoom reports whether text names l's room, or one of its aliases.
func namesRoom(text string, l flows.Location) bool {
	return l.Room != "" && strings.Contains(text, l.Room) || slices.ContainsFunc(l.Aliases, func(a string) bool { return a != "" && strings.Contains(text, a) })
}

// Claim implements flows.Claimer: a hazard's step said in words (去看了
// 通道空了 没问题) claims the hazards it would act on, by name
// (ClaimNames) when the words name their place or thing, else as fitting
// the hazards awaiting the step (ClaimFits), so that a repair awaiting
// the same writer's sign-off does not take words about the hazard.
func (HazardFlow) Claim(t *flows.Turn, text string) flows.Claim {
	s := strings.TrimRight(strings.TrimSpace(text), "。！!~ ")
	if !t.Idle() {
		return flows.Claim{}
	}
	if _, ok := flows.ReadCommand(text, typedWords); ok {
		return flows.Claim{}
	}
	if c, _, ok := readTrailingCommand(s); ok {
		return commandClaim(t, c)
	}
	if data, ok := undoTyped(t, text); ok {
		return flows.Claim{Strength: flows.ClaimCommand, Choices: []flows.Button{{Label: "撤销刚才的整改登记", Data: data}}}
	}
	if claim := giveClaim(t, text); len(claim.Choices) > 0 {
		return claim // 礼堂后门堆东西那个 让吴老师去弄: the hazard, not a repair
	}
	if data, ok := heldTyped(t, text); ok {
		// 跟我没关系 of a hazard named: his words on it, not a repair's 完成.
		return flows.Claim{Strength: flows.ClaimCommand, Choices: []flows.Button{{Label: "这条隐患不归我", Data: data}}}
	}
	if claim := stepsClaim(t, s); len(claim.Choices) > 0 {
		return claim
	}
	c, things, ok := saidStepOf(t, s)
	partly := false
	if !ok {
		// 通道空了 灯也亮了: the re-check said beside news of something
		// else, which claims the hazard only where it names it.
		if s, ok = recheckClauses(s); !ok {
			return flows.Claim{}
		}
		if c, things, ok = saidStep(s); !ok {
			return flows.Claim{}
		}
		partly = true
	}
	hs, err := hazardsFor(t)
	if err != nil {
		return flows.Claim{}
	}
	c, things, items := readyFor(t, s, c, true, things, hs)
	v := typedVerbs[c.Word]
	claim := flows.Claim{Strength: flows.ClaimFits}
	for i, it := range items {
		if !it.Ready {
			continue
		}
		h := hs[i]
		named := sharedWords(s, h.Where()+h.Description) > 0 || namesThing(things)
		if named {
			claim.Strength = flows.ClaimNames
		} else if partly {
			continue
		}
		claim.Choices = append(claim.Choices, flows.Button{Label: fmt.Sprintf("%s：%s %s「%s」", stepLabels[v], h.Ref, h.Where(), listDesc(h.Description)),
			Data: ActorPrefix + ":" + string(v) + ":" + strconv.FormatInt(h.ID, 10)})
		claim.Refs = append(claim.Refs, h.Ref)
		if v == VerbPass && h.RepairID != 0 {
			// The repair that fixed it, awaiting the same writer's 验收:
			// passRecheck signs it off too (user test 18's N13).
			if _, ok, err := repair.AwaitsSignOff(t, h.RepairID); err == nil && ok {
				claim.Covers = append(claim.Covers, h.RepairRef)
			}
		}
	}
	if len(claim.Choices) == 0 && v == VerbFail && !partly {
		// 小太阳那个不通过 after the 小太阳's re-check was sent back: words
		// on that hazard (Typed's returnedBy), which no repair may take.
		if h, ok := returnedBy(t, s, hs); ok {
			claim.Strength = flows.ClaimNames
			claim.Choices = []flows.Button{{Label: fmt.Sprintf("复查不通过：%s %s「%s」", h.Ref, h.Where(), listDesc(h.Description)),
				Data: flows.Action{Prefix: ActorPrefix, Verb: string(VerbNote), ID: h.ID}.String()}}
			claim.Refs = []string{h.Ref}
		}
	}
	return claim
}

// commandClaim is the claim of words ending in command c (整改完成4): the
// strongest, on the writer's hazard of that number that c may act on.
func commandClaim(t *flows.Turn, c flows.Command) flows.Claim {
	hs, err := hazardsFor(t)
	if err != nil {
		return flows.Claim{}
	}
	v := typedVerbs[c.Word]
	claim := flows.Claim{Strength: flows.ClaimCommand}
	for _, h := range hs {
		if c.Num != 0 && Num(h) != c.Num || mayAct(t, h, v) != "" {
			continue
		}
		claim.Choices = append(claim.Choices, flows.Button{Label: fmt.Sprintf("%s：%s %s「%s」", stepLabels[v], h.Ref, h.Where(), listDesc(h.Description)),
			Data: ActorPrefix + ":" + string(v) + ":" + strconv.FormatInt(h.ID, 10)})
	}
	return claim
}

// lookedFine reports whether s tells, clause by clause, that the writer
// went to look and found all well (去看了 通道空了 没问题): a clause of
// looking (lookedRE), one of nothing wrong (goneRE), and any others of
// the place emptied or the thing cleared (saidGone). A fault told by its thing gone
// (门卫室电没了) has no such words and is left to be reported.
func lookedFine(s string) bool {
	if gone, _ := saidGone(s); !gone {
		return false
	}
	looked, fine := false, false
	for _, c := range clauseSplitRE.Split(strings.TrimSpace(s), -1) {
		switch {
		case goneRE.MatchString(c):
			fine = true
		case lookedRE.MatchString(c):
			looked = true
		}
	}
	return looked && fine
}

// recheckClauses returns the clauses of s that are re-check talk
// (recheckTalk), joined, when some are and some are not.
func recheckClauses(s string) (string, bool) {
	var talk []string
	all := clauseSplitRE.Split(strings.TrimSpace(s), -1)
	for _, c := range all {
		if c != "" && recheckTalk(c) {
			talk = append(talk, c)
		}
	}
	if len(talk) == 0 || len(talk) == len(slices.DeleteFunc(all, func(c string) bool { return c == "" })) {
		return "", false
	}
	return strings.Join(talk, " "), true
}

// stepLabels name a hazard's steps on the buttons that ask which item
// words are about.
var stepLabels = map[Verb]string{VerbFix: "整改完成", VerbPass: "复查通过", VerbFail: "复查不通过"}

// namesThing reports whether things (what words of a hazard gone name)
// name a place or thing, not only the matter of any hazard (东西, 都).
func namesThing(things []string) bool {
	return slices.ContainsFunc(things, func(w string) bool {
		w = strings.TrimLeft(w, "那这个的")
		return w != "" && !slices.Contains(matterWords, w)
	})
}

// hazardsFor returns the hazards t.Staff may act on, newest first: their
// own (found, rectifying) and, for the 总务主任 and admins, every one
// waiting.
func hazardsFor(t *flows.Turn) ([]Hazard, error) {
	hs, err := hazardsForRaw(t)
	if err != nil {
		return nil, err
	}
	// A hazard whose linked repair is finished and signed off is
	// rectified, though the scheduler's next round records it (user test
	// 31, T52: 「路灯那个隐患复查过了 没问题」 was told no re-check waited,
	// and the 【请复查】 came right after): it is read as the record will
	// say. While the repair awaits its sign-off, the finder's 「单杠可以了」
	// is that sign-off, as before.
	for i, h := range hs {
		if r, ok := mendingRepair(t, h); ok && r.Status == repair.RepairClosed {
			hs[i] = fixedByRepair(t, h, r)
		}
	}
	return hs, nil
}

// hazardsForRaw is hazardsFor as the records say.
func hazardsForRaw(t *flows.Turn) ([]Hazard, error) {
	hs, err := db(t).HazardsOf(t.Ctx, t.Staff.ID, 100)
	head := t.Staff.Has(flows.RoleHead, flows.RoleAdmin)
	if err == nil && (head || t.Staff.Has(flows.RoleLeader, flows.RolePrincipal)) {
		var more []Hazard
		more, err = db(t).HazardsWaiting(t.Ctx, t.School.ID, t.Now.AddDate(100, 0, 0))
		for _, h := range more {
			// A leader's are only the re-checks he is asked for: the
			// finder's own rectification (user test 17's 张校长).
			mine := head || h.Status == HazardFixed && mayRecheck(t.Staff, h)
			if mine && !slices.ContainsFunc(hs, func(x Hazard) bool { return x.ID == h.ID }) {
				hs = append(hs, h)
			}
		}
	}
	if err != nil {
		return nil, err
	}
	slices.SortFunc(hs, func(a, b Hazard) int { return cmp.Compare(b.ID, a.ID) })
	return hs, nil
}

// stillThereRE is a clause telling the hazard is still there: 通道还是堵着,
// 车还在.
var stillThereRE = rx.MustCompile(`还(?:是|在|没)`)

// recheckTalk reports whether s (trimmed) has a clause of a re-check: the
// place looked at (去看了), the hazard gone (没问题, 车挪走了, 通道空了) or
// still there (还是堵着), or the word 复查 itself.
func recheckTalk(s string) bool {
	if strings.Contains(s, "复查") {
		return true
	}
	for _, c := range clauseSplitRE.Split(s, -1) {
		if c != "" && (lookedRE.MatchString(c) || goneRE.MatchString(c) || clearedRE.MatchString(c) ||
			vanishedRE.MatchString(c) || nothingLeftRE.MatchString(c) || stillThereRE.MatchString(c)) {
			return true
		}
	}
	return false
}

// askWhichRecheck answers words of a re-check that pass none (the twelfth
// user test's 「去看了 通道空了 没问题」 was taken for a repair report): when
// a re-check waits for the writer and the words are about its hazard's
// place or thing, the writer is asked to pass or fail it, with its
// buttons, and told how to report a repair instead. It reports whether it
// answered; when it did not, the words are of something else. Words that
// name the one re-check's place or thing and end in its being fine pass it
// (passedNamed): no question is asked.
func askWhichRecheck(t *flows.Turn, text string, things []string, hs []Hazard) (string, bool) {
	if !recheckTalk(strings.TrimSpace(text)) {
		return "", false
	}
	var waiting []Hazard
	for _, h := range hs {
		if mayAct(t, h, VerbPass) != "" {
			continue
		}
		if sharedWords(text, h.Where()+h.Description) > 0 || len(things) > 0 && aboutHazard(things, h) {
			waiting = append(waiting, h)
		}
	}
	waiting = narrowHazards(text, waiting)
	const repair = "如果是要报修别的问题，请发送「报修」再说明。"
	switch len(waiting) {
	case 0:
		return "", false
	case 1:
		h := waiting[0]
		if passedNamed(text, h) {
			return flows.Action{Prefix: ActorPrefix, Verb: string(VerbPass), ID: h.ID}.String(), true
		}
		if lookedStillBad(text) {
			// 我去看了 台阶还是滑 of the one re-check waiting (user test
			// 33's T34): looked at and found still there, a failure.
			return flows.Action{Prefix: ActorPrefix, Verb: string(VerbFail), ID: h.ID}.String(), true
		}
		t.Say(fmt.Sprintf("你是在说 %s %s「%s」的复查吗？复查合格请回复「复查通过 %d」，还有问题请回复「复查不通过 %d」。%s",
			h.Ref, h.Where(), listDesc(h.Description), Num(h), Num(h), repair), recheckButtons(h)...)
		return "", true
	}
	var b strings.Builder
	b.WriteString("你是在说隐患的复查吗？等你复查的有：")
	for _, h := range waiting {
		fmt.Fprintf(&b, "\n· %s %s「%s」", h.Ref, h.Where(), listDesc(h.Description))
	}
	fmt.Fprintf(&b, "\n请回复「复查通过 编号」或「复查不通过 编号」，如「复查通过 %d」。%s", Num(waiting[0]), repair)
	t.Say(b.String())
	return "", true
}

// lookedStillBad reports whether s tells, clause by clause, that the
// writer looked (去看了) and found the hazard still as it was (还是滑,
// 还有冰), and nothing else.
func lookedStillBad(s string) bool {
	looked, bad := false, false
	for _, c := range clauseSplitRE.Split(strings.TrimSpace(s), -1) {
		switch {
		case c == "":
		case strings.ContainsAny(c, "吗么？?"):
			return false
		case stillBadRE.MatchString(c) && !strings.Contains(c, "没"):
			// 车还没挪走 may be news on the way (saidStillBad), asked
			// about; 还是滑 is the hazard as it is.
			bad = true
		case lookedRE.MatchString(c) && !notDoneRE.MatchString(c):
			looked = true
		default:
			return false
		}
	}
	return looked && bad
}

// fineEndRE is a re-check's last clause saying all is well: 没问题, 行,
// 可以, 合格.
var fineEndRE = rx.MustCompile(`^(?:都|也)?(?:没问题了?|没事了?|行了?|可以了?|合格了?|通过了?|好了|妥了)(?:的|啊|呀|吧|哈)?$`)

// passedNamed reports whether text passes h's re-check in words: it names
// h by two words or more of its place and thing, ends saying all is well,
// and nothing in it asks or tells the hazard still there. User test 28's
// guard, with two re-checks waiting, said 「教务处那个也关了 没问题」, and the
// 分管领导 「初二4班我去看了 电暖器拔了 窗也关了 行」; both were asked
// 「你是在说…的复查吗？」.
func passedNamed(text string, h Hazard) bool {
	s := strings.TrimRight(strings.TrimSpace(text), "。！!~ ")
	cs := slices.DeleteFunc(clauseSplitRE.Split(s, -1), func(c string) bool { return c == "" })
	if len(cs) < 2 || strings.ContainsAny(s, "吗么？?") || saidStillBad(s) || slices.ContainsFunc(cs, stillBadRE.MatchString) {
		return false
	}
	return fineEndRE.MatchString(cs[len(cs)-1]) && sharedWords(s, h.Where()+h.Description) >= 2
}

// namedNotReady is the hazard words said in people's own words are about
// (the most words shared with its place and description) when it is not
// ready for the step, another one is, and no ready one shares a word
// with them: user
// test 16's 总务主任 said 「[图片] 单杠这个隐患焊好了 整改完了」 when the 单杠's
// hazard was already rectified by its repair, and the 整改 was recorded on
// the 操场积水 hazard, the only one still open.
func namedNotReady(text string, hs []Hazard, items []flows.Item) (Hazard, bool) {
	best, score, tie, readyScore, ready := -1, 0, false, 0, false
	for i, h := range hs {
		n := sharedWords(text, h.Where()+h.Description)
		if items[i].Ready {
			readyScore, ready = max(readyScore, n), true
			continue
		}
		switch {
		case n > score:
			best, score, tie = i, n, false
		case n == score:
			tie = true
		}
	}
	if !ready || best < 0 || score == 0 || tie || readyScore > 0 {
		return Hazard{}, false // none would be acted on wrongly
	}
	return hs[best], true
}

// narrow keeps, of several hazards ready for a step said in words, the one
// the words are about (消防通道的电动车已经挪走了: the hazard of the
// 消防通道), when one shares more words with them than the others.
func narrow(text string, hs []Hazard, items []flows.Item) {
	best, score, tie := -1, 0, false
	for i, it := range items {
		if !it.Ready {
			continue
		}
		n := sharedWords(text, hs[i].Where()+hs[i].Description)
		switch {
		case n > score:
			best, score, tie = i, n, false
		case n == score:
			tie = true
		}
	}
	if best < 0 || score == 0 || tie {
		return
	}
	for i := range items {
		items[i].Ready = i == best
	}
}

// finderNote answers whoever found an open hazard that someone else
// rectifies and says in words that it is dealt with (老郑's 「消防通道的电动车
// 已经叫人挪走了」): the responsible person reports it, with the photo; ""
// when the writer found no such hazard.
func finderNote(t *flows.Turn, text string, hs []Hazard) string {
	var found []Hazard
	for _, h := range hs {
		if h.Status == HazardOpen && h.FinderID == t.Staff.ID && h.ResponsibleID != t.Staff.ID {
			found = append(found, h)
		}
	}
	found = narrowHazards(text, found)
	switch len(found) {
	case 0:
		return ""
	case 1:
		h := found[0]
		return fmt.Sprintf("好的，谢谢告知！%s %s「%s」由%s负责整改：整改好后请%s回复「整改完成 %d」并附一张整改后的照片，之后会请你复查。",
			h.Ref, h.Where(), listDesc(h.Description), h.ResponsibleName, h.ResponsibleName, Num(h))
	}
	return "好的，谢谢告知！你上报的隐患由各自的整改责任人回复「整改完成」并附一张整改后的照片，之后会请你复查。发送「我的」可以查看你上报的隐患。"
}

// Num is the number people see and type for a hazard: its reference's
// sequence (YH-20261129-002 is 2).
func Num(h Hazard) int {
	if n := flows.RefSeq(h.Ref); n > 0 {
		return n
	}
	return int(h.ID)
}

// Act implements Actor.
func (HazardFlow) Act(t *flows.Turn, data string) error {
	a, ok := flows.ParseAction(data)
	if !ok {
		t.Say(flows.ExpiredButton)
		return nil
	}
	h, err := db(t).Hazard(t.Ctx, a.ID)
	if errors.Is(err, flows.ErrNotFound) || err == nil && h.SchoolID != t.School.ID {
		t.Say("没有找到这条隐患。")
		return nil
	}
	if err != nil {
		return err
	}
	verb := Verb(a.Verb)
	if r, ok := mendingRepair(t, h); ok && (verb == VerbPass || verb == VerbFail) {
		// Its linked repair is finished and the scheduler has not yet
		// recorded the rectification (user test 31, T52): recorded now,
		// and the re-check said is taken.
		if h, err = recordRepairFix(t, h, r); err != nil {
			return err
		}
	}
	switch verb {
	case VerbEach:
		return actEach(t, a)
	case VerbUndo:
		return undoFix(t, h)
	case VerbRelay:
		return relay(t, h)
	case VerbDrop:
		return dropHeld(t, h)
	case VerbNote:
		return noteReturned(t, h)
	case VerbProgress:
		if msg := mayAct(t, h, VerbFix); msg != "" {
			t.Say(msg)
			return nil
		}
		return recordProgress(t, h)
	}
	if verb == VerbFix && t.Image() != "" && photoMissing(t, h) {
		return addFixPhoto(t, h)
	}
	if msg := mayAct(t, h, verb); msg != "" {
		t.Say(msg)
		return nil
	}
	switch verb {
	case VerbGive:
		return giveHazard(t, h, a.Args)
	case VerbFix:
		note := ""
		if t.Msg.Button == "" {
			note = fixNoteOf(t.Text)
			s := strings.TrimRight(strings.TrimSpace(t.Text), "。！!~ ")
			if fixed, _ := saidFixed(s); note == "" && !fixed && doneTold(s) {
				// 盐撒了 冰也铲了 (offeredAnswer); 班里电暖器已经拔了 窗户
				// 也关好了, said with no photo (doneNamed): what was done.
				note = flows.Clip(s, 200)
			}
		} else if w := t.ButtonWords(); w != "" {
			note = flows.Clip(w, 200) // 1 已经换好了 at the card's 整改完成: its note
		}
		kept := note == "" && h.Status == HazardOpen && h.FixNote != ""
		if kept {
			note = h.FixNote // told before the photo was put off (fixLater)
		}
		if img := t.Image(); img != "" {
			return recordFix(t, h, img, note)
		}
		if kept {
			t.Say(fmt.Sprintf("%s 的整改说明「%s」之前已经记下了。请发一张整改后的现场照片作为凭证。", h.Ref, flows.Clip(note, 40)))
		} else if note != "" {
			t.Say(fmt.Sprintf("好的，已记下 %s 的整改说明「%s」。请再发一张整改后的现场照片作为凭证。", h.Ref, flows.Clip(note, 40)))
		} else {
			t.Say(fmt.Sprintf("%s 整改好了吗？请发一张整改后的现场照片（可以附一句说明）。", h.Ref))
		}
		return t.Begin(fixFlowName, stateFixPhoto, hazardData{ID: h.ID, Note: note})
	case VerbPass:
		return passRecheck(t, h)
	case VerbFail:
		if why := failNoteOf(t, h); why != "" {
			return failRecheck(t, h, why)
		}
		h, err := withHolder(t, h)
		if err != nil {
			return err
		}
		t.Say(fmt.Sprintf("%s 哪里还不合格？请简单说明（可附照片），会转告%s。", h.Ref, h.ResponsibleName))
		return t.Begin(hazardFlowName, stateFailWhy, hazardData{ID: h.ID})
	}
	t.Say(flows.ExpiredButton)
	return nil
}

// mayRecheck reports whether s may re-check h: never whoever rectified
// it; whoever found it, or a 总务主任; and when the finder rectified it
// himself, a school leader too (user test 17: the 总务主任 found the
// extinguishers and replaced them, and nobody could close the hazard).
func mayRecheck(s flows.Staff, h Hazard) bool {
	// The finder who rectified it on the spot is its fixer too: his
	// 「全部正常」 later in the round had passed his own rectification.
	if h.FixedBy == s.ID {
		return false
	}
	return h.FinderID == s.ID || s.Has(flows.RoleHead) ||
		h.FixedBy == h.FinderID && s.Has(flows.RoleLeader, flows.RolePrincipal)
}

// mayAct returns why t.Staff may not do verb to h, or "".
func mayAct(t *flows.Turn, h Hazard, verb Verb) string {
	switch verb {
	case VerbFix:
		if h.ResponsibleID != t.Staff.ID && !t.Staff.Has(flows.RoleHead, flows.RoleAdmin) {
			return fmt.Sprintf("%s 由%s负责整改，不是你。如需协助请联系总务主任。", h.Ref, h.ResponsibleName)
		}
		if h.Status != HazardOpen {
			return fmt.Sprintf("%s 目前%s，不用再报整改完成。", h.Ref, h.Status.Label())
		}
	case VerbGive:
		if h.ResponsibleID != t.Staff.ID && !mayGiveAny(t.Staff) {
			return fmt.Sprintf("%s 由%s负责整改。要换人整改，请联系总务主任。", h.Ref, h.ResponsibleName)
		}
		if h.Status != HazardOpen {
			return fmt.Sprintf("%s 目前%s，不需要再安排整改。", h.Ref, h.Status.Label())
		}
	case VerbPass, VerbFail:
		if verb == VerbFail && h.Status == HazardClosed {
			return reopenRefused(t, h)
		}
		if !mayRecheck(t.Staff, h) {
			return notRecheckerText(t, h)
		}
		if h.Status != HazardFixed {
			return fmt.Sprintf("%s 目前%s，现在不需要复查。", h.Ref, h.Status.Label())
		}
	}
	return ""
}

// reopenWithin is how long after passing a re-check its re-checker may
// take it back (复查不通过 of a closed hazard). User test 30's 分管领导
// passed the office heaters (「办公室那个也行」), walked round and found one
// still plugged in (T39, U4): the hazard is reopened for 整改 with his
// reason, as a failed re-check is. Later, or by anyone else, a closed
// hazard stays closed, its 台账 settled; what is found wrong again is a
// new hazard, and the refusal says how to log it.
const reopenWithin = 24 * time.Hour

// withPassed is hs with the closed hazards t.Staff found or re-checked
// (a leader or 总务主任: any), newest first: those they passed within
// reopenWithin a 复查不通过 takes back (mayAct), the others are told why
// not.
// HazardsOf lists no closed hazard (its indexes read the unclosed only), so
// they are looked for among the school's hazards found in the last 60
// days, read only for words failing a re-check.
func withPassed(t *flows.Turn, hs []Hazard) ([]Hazard, error) {
	found, err := db(t).HazardsFound(t.Ctx, t.School.ID, t.Now.AddDate(0, 0, -60), t.Now.Add(time.Minute))
	if err != nil {
		return nil, err
	}
	for _, h := range found {
		mine := h.FinderID == t.Staff.ID || h.RecheckedBy == t.Staff.ID || mayGiveAny(t.Staff)
		if h.Status == HazardClosed && mine && !slices.ContainsFunc(hs, func(x Hazard) bool { return x.ID == h.ID }) {
			hs = append(hs, h)
		}
	}
	slices.SortFunc(hs, func(a, b Hazard) int { return cmp.Compare(b.ID, a.ID) })
	return hs, nil
}

// reopenRefused returns why t.Staff may not send closed h back for 整改,
// or "" when they may: they passed its re-check within reopenWithin.
func reopenRefused(t *flows.Turn, h Hazard) string {
	if h.RecheckedBy == t.Staff.ID && !h.RecheckedAt.IsZero() && t.Now.Sub(h.RecheckedAt) <= reopenWithin {
		return ""
	}
	how := fmt.Sprintf("如果现场还有问题，请发送「发现隐患」加上问题（例如「发现隐患 %s…」），作为新的隐患登记整改。", flows.ClipWords(h.Where(), 10))
	if h.RecheckedBy == t.Staff.ID {
		return fmt.Sprintf("%s 已于 %s 复查通过闭环，超过一天不能再退回了。%s", h.Ref, t.When(h.RecheckedAt), how)
	}
	return fmt.Sprintf("%s 已经复查通过闭环（复查人不是你），不能再退回。%s", h.Ref, how)
}

// notRecheckerText tells who re-checks h, to someone who may not: to its
// fixer, whom it was sent to.
func notRecheckerText(t *flows.Turn, h Hazard) string {
	if h.FixedBy == t.Staff.ID {
		if own, who := ownRectified(t, []Hazard{h}); own != nil {
			return fmt.Sprintf("%s 是你整改的，整改人不复查自己的整改，已请%s复查。", h.Ref, who)
		}
	}
	if h.FixedBy == h.FinderID && h.FixedBy != 0 {
		return fmt.Sprintf("%s 是发现人%s自己整改的，由总务主任或校领导复查（整改人不复查自己的整改）。", h.Ref, h.FinderName)
	}
	return fmt.Sprintf("%s 由发现人%s或总务主任复查（整改人不复查自己的整改）。", h.Ref, h.FinderName)
}

// wordsSkip end a question that may be left unanswered.
var wordsSkip = []string{"跳过", "无", "没有", "skip"}

func stepFixPhoto(t *flows.Turn, h Hazard) error {
	img := t.Image()
	if img == "" {
		if notThisRE.MatchString(strings.TrimSpace(t.Text)) {
			var d hazardData
			if err := t.Load(&d); err != nil {
				return err
			}
			fixTakenBack(t, h, d.Note)
			return nil
		}
		var d hazardData
		if err := t.Load(&d); err != nil {
			return err
		}
		if s := strings.TrimSpace(t.Text); noSitePhoto(s, d.Note) {
			// 这个没法拍照 就是发了个通知: a rectification with nothing
			// on site to photograph is recorded on its words, marked as
			// without a photo for the re-checker.
			if msg := mayAct(t, h, VerbFix); msg != "" {
				t.Done()
				t.Say(msg)
				return nil
			}
			note := d.Note
			if note != "" {
				note += "；"
			}
			if err := recordFix(t, h, "", flows.Clip(note+s, 200-utf8.RuneCountInString(noSitePhotoMark))+noSitePhotoMark); err != nil {
				return err
			}
			return askNextFixPhoto(t, d.Then)
		}
		if fixPutOff(strings.TrimSpace(t.Text)) {
			return fixLater(t, h, d.Note)
		}
		askFixPhoto(t, h)
		return nil
	}
	if msg := mayAct(t, h, VerbFix); msg != "" {
		t.Done()
		t.Say(msg)
		return nil
	}
	var d hazardData
	if err := t.Load(&d); err != nil {
		return err
	}
	note := d.Note
	if s := strings.TrimSpace(t.Text); s != "" {
		if note != "" {
			note += "；"
		}
		note += s
	}
	if err := recordFix(t, h, img, flows.Clip(note, 200)); err != nil {
		return err
	}
	return askNextFixPhoto(t, d.Then)
}

// askNextFixPhoto asks for the photo of the first of the hazards whose
// 整改 was told with others' and waits for it; nothing when none is left
// (or none is still open).
func askNextFixPhoto(t *flows.Turn, then []fixToldData) error {
	for i, f := range then {
		h, err := db(t).Hazard(t.Ctx, f.ID)
		if err != nil {
			return err
		}
		if mayAct(t, h, VerbFix) != "" {
			continue
		}
		t.Say(fmt.Sprintf("请发一张 %s %s「%s」整改后的现场照片。", h.Ref, h.Where(), listDesc(h.Description)))
		return t.Begin(fixFlowName, stateFixPhoto, hazardData{ID: h.ID, Note: f.Note, Then: then[i+1:]})
	}
	return nil
}

// recordFix marks a hazard rectified and asks for the re-check.
func recordFix(t *flows.Turn, h Hazard, photo, note string) error {
	t.Done()
	from := h.Status
	h.Status, h.FixedAt, h.FixedBy, h.FixPhoto, h.FixNote = HazardFixed, t.Now, t.Staff.ID, photo, note
	if err := db(t).UpdateHazard(t.Ctx, h, HazardEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventFixed, From: from, To: h.Status, Note: note}); err != nil {
		return err
	}
	late := ""
	if t.Now.After(h.DueAt) {
		late = "（超过期限 " + lateText(t.Now.Sub(h.DueAt)) + "）"
	}
	who, err := askRecheck(t, h, t.Staff.Name)
	if err != nil {
		return err
	}
	if who == "" {
		// Nobody else to re-check it: never ask the fixer, who may not
		// (user test 17's 总务主任 was asked, then refused).
		t.Say(fmt.Sprintf("已记录 %s 整改完成%s。整改人不复查自己的整改，学校里暂时没有其他可以复查的人（总务主任或校领导），请管理员在系统里添加。", h.Ref, late))
		return nil
	}
	if photo == "" && strings.HasSuffix(note, noSitePhotoMark) {
		late += "（无现场照片，整改说明已转给复查人）"
	}
	t.Say(fmt.Sprintf("已记录 %s 整改完成%s，已请%s复查。辛苦了！", h.Ref, late, who))
	return nil
}

// askRecheck tells whoever re-checks h (the finder, or the 总务主任 when the
// finder rectified it) and returns their names; "" when only the person in
// the turn may.
func askRecheck(t *flows.Turn, h Hazard, fixer string) (string, error) {
	to, err := recheckers(t, h)
	if err != nil {
		return "", err
	}
	var names []string
	text := fmt.Sprintf("【请复查】%s（%s）\n地点：%s\n问题：%s\n整改：%s %s", h.Ref, h.Level.Label(), h.Where(), h.Description, fixer, t.When(h.FixedAt))
	if h.FixPhoto != "" {
		text += "（附整改照片）"
	}
	if h.FixNote != "" {
		text += "\n说明：" + h.FixNote
	}
	text += fmt.Sprintf("\n请到现场复查：回复「复查通过 %d」或「复查不通过 %d」。", Num(h), Num(h))
	for _, s := range to {
		names = append(names, s.Name)
		if err := t.Notify(flows.Notification{ToStaff: s.ID, Kind: KindRecheck, Ref: hazardRef(h.ID), Text: text, Buttons: recheckButtons(h)}); err != nil {
			return "", err
		}
	}
	return strings.Join(names, "、"), nil
}

// recheckers are whom a rectification by t.Staff is sent to re-check:
// whoever found it, or else the 总务主任 (not the fixer himself).
func recheckers(t *flows.Turn, h Hazard) ([]flows.Staff, error) {
	var to []flows.Staff
	if h.FinderID != t.Staff.ID {
		f, err := t.Tx.StaffByID(t.Ctx, h.FinderID)
		if err != nil {
			return nil, err
		}
		if f.Active {
			to = append(to, f)
		}
	}
	// The finder rectified it himself: another 总务主任, or else the
	// school's leaders (a school has one 总务主任, who cannot re-check his
	// own rectification).
	for _, roles := range [][]flows.Role{{flows.RoleHead}, {flows.RoleLeader, flows.RolePrincipal}} {
		if len(to) > 0 {
			break
		}
		for _, role := range roles {
			staff, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, role)
			if err != nil {
				return nil, err
			}
			for _, s := range staff {
				if s.ID != t.Staff.ID && !slices.ContainsFunc(to, func(x flows.Staff) bool { return x.ID == s.ID }) {
					to = append(to, s)
				}
			}
		}
	}
	return to, nil
}

func passRecheck(t *flows.Turn, h Hazard) error {
	from := h.Status
	note := passNoteOf(t)
	h.Status, h.RecheckedAt, h.RecheckedBy, h.RecheckNote = HazardClosed, t.Now, t.Staff.ID, note
	if err := db(t).UpdateHazard(t.Ctx, h, HazardEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventPassed, From: from, To: h.Status, Note: note}); err != nil {
		return err
	}
	said := ""
	if note != "" {
		said = "\n复查说明：" + note
	}
	var linked *repair.Repair
	also := ""
	if h.RepairID != 0 {
		// The repair that fixed it, awaiting this writer's 验收: the same
		// wall, signed off with the re-check (user test 18's N13), and
		// its worker told of both at once.
		r, ok, err := repair.AwaitsSignOff(t, h.RepairID)
		if err != nil {
			return err
		}
		if ok {
			linked, also = &r, fmt.Sprintf("维修单 %s 也一并验收了。", r.Ref)
		}
	}
	closed := "隐患已闭环。"
	if linked != nil {
		closed = fmt.Sprintf("隐患已闭环，维修单 %s 也一并验收通过。", linked.Ref)
	} else if h.RepairID != 0 {
		// The 整改 was told and passed while the repair filed for it was
		// still open (the 总务主任 saw to it himself, or the worker did
		// only his part): the hazard is closed for good, so the job goes
		// too rather than go overdue and alert the leaders (user test 33's
		// T39). Those the closing notice below reaches read it there; a
		// repair finished and awaiting someone else's 验收 stays.
		told := map[int64]bool{t.Staff.ID: true, h.ResponsibleID: true, h.FixedBy: true}
		r, cancelled, err := repair.CancelLinked(t, h.RepairID, fmt.Sprintf("对应的隐患 %s 已整改并由%s复查通过", h.Ref, t.Staff.Name), told)
		if err != nil {
			return err
		}
		if cancelled {
			closed = fmt.Sprintf("隐患已闭环；还没有修完的维修单 %s 已一并撤销。", r.Ref)
			if r.WorkerName != "" {
				closed = fmt.Sprintf("隐患已闭环；还没有修完的维修单 %s 已一并撤销（%s不用再去修了）。", r.Ref, r.WorkerName)
			}
			also = fmt.Sprintf("还没有修完的维修单 %s 已一并撤销。", r.Ref)
		}
	}
	n := flows.Notification{Kind: KindUpdate, Ref: hazardRef(h.ID), Text: fmt.Sprintf("%s已由%s复查通过，%s辛苦了！%s", h.Title(), t.Staff.Name, closed, said)}
	told := map[int64]bool{t.Staff.ID: true}
	for _, id := range []int64{h.ResponsibleID, h.FixedBy} {
		if told[id] || id == 0 {
			continue
		}
		told[id] = true
		n.ToStaff = id
		if err := t.Notify(n); err != nil {
			return err
		}
	}
	if h.Level.Serious() {
		if _, err := t.NotifyRolesExcept([]flows.Role{flows.RoleLeader, flows.RolePrincipal}, told, n); err != nil {
			return err
		}
	}
	if linked != nil {
		if err := repair.SignOffLinked(t, *linked, told); err != nil {
			return err
		}
	}
	if note != "" {
		t.Say(fmt.Sprintf("已复查通过，%s 已闭环，你说的「%s」已记为复查说明。%s谢谢！", h.Ref, note, also))
		return nil
	}
	t.Say(fmt.Sprintf("已复查通过，%s 已闭环。%s谢谢！", h.Ref, also))
	return nil
}

// passNoteOf is what was said before 「复查通过」 typed after words (二楼灯那个
// 记错教室了 不是201 是201隔壁那间 反正灯关了 复查通过): a correction the
// re-checker wants kept with the hazard (the sixteenth user test's guard);
// "" for a button or the bare command.
func passNoteOf(t *flows.Turn) string {
	if t.Msg.Button != "" {
		return flows.Clip(t.ButtonWords(), 200) // 1 灭火器都换了 at the 复查 buttons
	}
	c, note, ok := readTrailingCommand(t.Text)
	if !ok || typedVerbs[c.Word] != VerbPass {
		return ""
	}
	return flows.Clip(note, 200)
}

// closedNamed says why the closed hazard of hs that 复查不通过 N names
// cannot be taken back (by someone else, or too long ago), and how to log
// it anew; it reports whether it named one.
func closedNamed(t *flows.Turn, text string, c flows.Command, hs []Hazard) bool {
	if m := failNumRE.FindStringSubmatch(strings.TrimSpace(text)); c.Num == 0 && c.Ref == "" && m != nil {
		c.Num, _ = strconv.Atoi(m[1])
	}
	if c.Num == 0 && c.Ref == "" {
		return false
	}
	for _, h := range hs {
		if h.Status == HazardClosed && (h.Ref == c.Ref || c.Ref == "" && Num(h) == c.Num) {
			if msg := reopenRefused(t, h); msg != "" {
				t.Say(msg)
				return true
			}
		}
	}
	return false
}

// failNumRE is the number typed after 复查不通过: 复查不通过 2 语文组也插着.
var failNumRE = rx.MustCompile(`^(?:复查不通过|复查不合格)\s*(?:第\s*)?[#＃]?\s*(\d{1,6})`)

// leadingFailRE is 复查不通过 typed first, its number or not, and why
// after it: 复查不通过 2 数学组还插着. Why is the first group.
var leadingFailRE = rx.MustCompile(`^(?:复查不通过|复查不合格)\s*(?:(?:第\s*)?[#＃]?\s*\d{1,6}\s*号?)?[\s，,。；;：:]+(\S.*)$`)

// failNoteOf is why a re-check failed when the words said it (积水还在 下水
// 口也没通, user test 16's guard): the words before 「复查不通过」, or the
// words that were read as it; "" for a button or the bare command, when
// why is asked.
func failNoteOf(t *flows.Turn, h Hazard) string {
	if t.Msg.Button != "" {
		return flows.Clip(t.ButtonWords(), 200) // 2 还在窗帘边上 at the 复查 buttons
	}
	if _, bare := flows.ReadCommand(t.Text, typedWords); bare {
		return ""
	}
	if c, note, ok := readTrailingCommand(t.Text); ok {
		if typedVerbs[c.Word] != VerbFail {
			return ""
		}
		return flows.Clip(note, 200)
	}
	if m := failCmdRE.FindStringSubmatch(strings.TrimSpace(t.Text)); m != nil {
		// 复查不通过 2 数学组还插着: why is what follows the command.
		return flows.Clip(m[1], 200)
	}
	s := strings.TrimRight(strings.TrimSpace(t.Text), "。！!~ ")
	if m := leadingFailRE.FindStringSubmatch(s); m != nil {
		// 复查不通过 2 数学组还插着 (user test 30): why is the words after
		// the command and its number, not the command.
		return flows.Clip(m[1], 200)
	}
	if _, ok := failSaid(s); ok {
		// 小太阳那个不通过 还在窗帘边上: why is what is still wrong, not
		// the verdict or the thing's name; asked when the words say none.
		return flows.Clip(failWhy(s, h), 200)
	}
	if c, _, ok := saidStep(s); ok && typedVerbs[c.Word] == VerbFail && !yesFailRE.MatchString(s) {
		return flows.Clip(s, 200)
	}
	if lookedStillBad(s) {
		// 我去看了 台阶还是滑: why is what is still there, not the look.
		var bad []string
		for _, c := range clauseSplitRE.Split(s, -1) {
			if c != "" && stillBadRE.MatchString(c) {
				bad = append(bad, c)
			}
		}
		return flows.Clip(strings.Join(bad, "，"), 200)
	}
	return ""
}

// failCmdRE is 「复查不通过 2 数学组还插着」: the command, the hazard, and
// why (user test 30: the command's words were sent on as the reason).
var failCmdRE = rx.MustCompile(`^(?:复查不通过|复查不合格)\s*(?:[A-Za-z]{1,4}-\d{8}-\d{1,6}|(?:第\s*)?[#＃]?\s*\d{1,6}\s*号?)\s*[:：,，\s]\s*(\S.*)$`)

// withHolder is h with, as its responsible person, whoever holds its
// linked repair now: user test 16's failed re-check went back to 王师傅,
// who had handed the repair on to 周师傅 (转派) and was off sick.
func withHolder(t *flows.Turn, h Hazard) (Hazard, error) {
	if h.RepairID == 0 {
		return h, nil
	}
	r, err := flows.StoreOf[repair.Store](t).Repair(t.Ctx, h.RepairID)
	if err != nil {
		return h, err
	}
	if r.WorkerID != 0 {
		h.ResponsibleID, h.ResponsibleName = r.WorkerID, r.WorkerName
	}
	return h, nil
}

func stepFailWhy(t *flows.Turn, h Hazard) error {
	if t.Text == "" && t.Image() == "" {
		t.Say("请用文字说明哪里还不合格。")
		return nil
	}
	if msg := mayAct(t, h, VerbFail); msg != "" {
		t.Done()
		t.Say(msg)
		return nil
	}
	why := ""
	if !flows.IsWord(t.Text, wordsSkip) {
		why = flows.Clip(t.Text, 200)
	}
	return failRecheck(t, h, why)
}

// failRecheck sends a hazard back to its responsible person with a new
// deadline, counted from now.
func failRecheck(t *flows.Turn, h Hazard, why string) error {
	t.Done()
	h, err := withHolder(t, h)
	if err != nil {
		return err
	}
	rules, err := db(t).LevelRules(t.Ctx, t.School.ID)
	if err != nil {
		return err
	}
	from := h.Status
	h.Status, h.Reopens = HazardOpen, h.Reopens+1
	h.RecheckedAt, h.RecheckedBy, h.RecheckNote = t.Now, t.Staff.ID, why
	h.FixedAt, h.FixedBy, h.FixPhoto, h.FixNote = time.Time{}, 0, "", ""
	h.DueAt = rules.Due(t.School.Settings, t.School.Location(), t.Now, h.Level)
	if err := db(t).UpdateHazard(t.Ctx, h, HazardEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventFailed, From: from, To: h.Status, Note: why}); err != nil {
		return err
	}
	opinion := ""
	if why != "" {
		opinion = "；意见：" + why
	}
	if h.RepairID != 0 {
		// A linked repair finished but not yet signed off goes back to its
		// worker as 返修, with the repair's card and reminders; its next
		// 完成 rectifies the hazard again and asks for the re-check
		// (hazardDuties). One signed off already cannot be reopened: the
		// rework is then the hazard's, as for any hazard.
		note := "隐患复查不通过"
		if why != "" {
			note += "：" + why
		}
		r, reworked, err := repair.Rework(t, h.RepairID, note, "【返修】隐患复查不通过 ")
		if err != nil {
			return err
		}
		if reworked {
			t.Say(fmt.Sprintf("%s 复查不通过，已退回%s重新整改：维修单 %s 转为返修，新的期限 %s。修好后会再请你复查。", h.Ref, r.WorkerName, r.Ref, t.When(r.DueAt)))
			return nil
		}
	}
	if h.ResponsibleID != t.Staff.ID {
		again := ""
		if from == HazardClosed {
			again = "（刚才的复查通过已撤回）"
		}
		text := fmt.Sprintf("【复查不通过】%s\n复查人：%s%s%s\n请重新整改，新的期限 %s 前。", h.Title(), t.Staff.Name, again, opinion, t.When(h.DueAt))
		if err := t.Notify(flows.Notification{ToStaff: h.ResponsibleID, Kind: KindUpdate, Ref: hazardRef(h.ID), Text: text + fixHint(h), Buttons: fixButtons(h)}); err != nil {
			return err
		}
	}
	if from == HazardClosed {
		t.Say(fmt.Sprintf("好的，已撤回你刚才对 %s 的复查通过，重新退回%s整改，新的期限 %s。整改完成后会再请你复查。", h.Ref, h.ResponsibleName, t.When(h.DueAt)))
		return nil
	}
	// The hazard named: two re-checks said in one message are answered
	// each by its number (user test 26's re-run had 「已退回…」 read as
	// being about the one passed beside it, G39).
	t.Say(fmt.Sprintf("%s 复查不通过，已退回%s重新整改，新的期限 %s。整改完成后会再请你复查。", h.Ref, h.ResponsibleName, t.When(h.DueAt)))
	return nil
}

// lateText is flows.LateText: a duration in chat.
func lateText(d time.Duration) string { return flows.LateText(d) }

// listDesc is a hazard's description as a list line shows it: cut at
// the end of a clause or word (flows.ClipWords), marked 「…」 when cut.
// 「我的」 had cut 「二楼教务处没人了 小太阳还开着 门锁了进不去 谁有钥匙」 at
// 「谁有」 and 「…刚才有个学生差」 mid-word (user test 28's N26).
func listDesc(s string) string {
	if c := flows.ClipWords(s, 20); c != s {
		return c + "…"
	}
	return s
}

// hazardsMine is the hazards part of 「我的」 (CheckFlow.Mine): hazards to
// rectify, to re-check, reported, and rectified by t.Staff and waiting for
// someone else's re-check.
func hazardsMine(t *flows.Turn, hs []Hazard) string {
	var fix, recheck, found, fixed []string
	for _, h := range hs {
		line := fmt.Sprintf("· %s %s「%s」%s", h.Ref, h.Where(), listDesc(h.Description), h.Status.Label())
		if ref, ok := mendedByRepair(t, h); ok {
			// 单杠那个隐患不是已经弄好了吗 咋个还显示待整改 (user test 16):
			// its linked repair is finished, which the scheduler's next
			// round records as the rectification; it is shown so now.
			line = fmt.Sprintf("· %s %s「%s」维修单 %s 已修好，待复查", h.Ref, h.Where(), listDesc(h.Description), ref)
			if h.ResponsibleID == t.Staff.ID && h.FinderID != t.Staff.ID {
				fixed = append(fixed, line) // nothing left for him to do
			} else {
				found = append(found, line+"（"+h.ResponsibleName+"）")
			}
			continue
		}
		switch {
		case h.Status == HazardOpen && h.ResponsibleID == t.Staff.ID:
			line += "，" + t.When(h.DueAt) + " 前"
			if t.Now.After(h.DueAt) {
				line += "（已超时）"
			}
			fix = append(fix, line+fmt.Sprintf("［回复「整改完成 %d」并附照片］", Num(h)))
		case h.Status == HazardFixed && h.ResponsibleID == t.Staff.ID && h.FinderID != t.Staff.ID && h.FinderID != h.FixedBy && h.FinderName != "":
			// His to rectify, the worker's repair done, its finder asked to
			// re-check: ut18c's 陈主任 had the wall listed as his own
			// re-check (the brief p25insp). A 总务主任 may still pass it.
			fixed = append(fixed, fmt.Sprintf("· %s %s「%s」已整改，等%s复查", h.Ref, h.Where(), listDesc(h.Description), h.FinderName))
		case h.Status == HazardFixed && mayRecheck(t.Staff, h):
			recheck = append(recheck, line+fmt.Sprintf("［回复「复查通过 %d」或「复查不通过 %d」］", Num(h), Num(h)))
		case h.FinderID != t.Staff.ID:
			// 陈主任 is listed for 赵老师's 单杠 as its responsible person,
			// not its finder (re-run of user test 16, N7): under
			// 「我上报的隐患」 it read as his report.
			fixed = append(fixed, line)
		default:
			found = append(found, line+"（"+h.ResponsibleName+"）")
		}
	}
	var parts []string
	for _, p := range []struct {
		title string
		lines []string
	}{{"【我的隐患整改】", fix}, {"【待我复查的隐患】", recheck}, {"【我负责整改的隐患】", fixed}, {"【我上报的隐患】", found}} {
		if len(p.lines) > 0 {
			parts = append(parts, p.title+"\n"+strings.Join(p.lines, "\n"))
		}
	}
	return strings.Join(parts, "\n\n")
}

// mendedByRepair is the reference of h's linked repair when h is still
// open but that repair is finished since h's last re-check: its 完成 is
// the rectification (hazardDuties records it on its next round).
func mendedByRepair(t *flows.Turn, h Hazard) (string, bool) {
	r, ok := mendingRepair(t, h)
	return r.Ref, ok
}

// mendingRepair is h's linked repair when h is still open and the repair
// is finished (mendedByRepair).
func mendingRepair(t *flows.Turn, h Hazard) (repair.Repair, bool) {
	if h.Status != HazardOpen || h.RepairID == 0 {
		return repair.Repair{}, false
	}
	rs, ok := t.Tx.(repair.Store)
	if !ok {
		return repair.Repair{}, false
	}
	r, err := rs.Repair(t.Ctx, h.RepairID)
	if err != nil || r.Status != repair.RepairDone && r.Status != repair.RepairClosed {
		return repair.Repair{}, false // unread, it is shown as its record says
	}
	if !h.RecheckedAt.IsZero() && !r.DoneAt.After(h.RecheckedAt) {
		return repair.Repair{}, false
	}
	return r, true
}

// narrowHazards keeps, of several hazards, those text names (narrow);
// one or none is returned as it is.
func narrowHazards(text string, hs []Hazard) []Hazard {
	if len(hs) < 2 {
		return hs
	}
	items := make([]flows.Item, len(hs))
	for i := range items {
		items[i].Ready = true
	}
	narrow(text, hs, items)
	var kept []Hazard
	for i, h := range hs {
		if items[i].Ready {
			kept = append(kept, h)
		}
	}
	return kept
}
