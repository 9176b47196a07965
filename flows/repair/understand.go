package repair

import (
	"slices"
	"strings"
	"unicode"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/lexicon"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// This file is the interface between understanding free text and the
// repair flow: Understand reads a whole message into an Intent and one
// RepairGuess per problem. The flow decides; these are guesses.

// Tier is how soon a repair must be done.
type Tier string

const (
	TierSmall  Tier = "small"  // 小修不隔夜
	TierLarge  Tier = "large"  // 大修不隔天
	TierUrgent Tier = "urgent" // 紧急/安全隐患: at once, leaders alerted, a short deadline
)

// Hazard is the kind of danger a report describes; it picks the safety
// line said to the reporter. "" is no hazard.
type Hazard string

const (
	HazardElectric Hazard = "electric" // 漏电, 打火, 电线裸露
	HazardFire     Hazard = "fire"     // 冒烟, 焦味, 起火
	HazardGlass    Hazard = "glass"    // 碎玻璃, 玻璃要掉
	HazardRailing  Hazard = "railing"  // 楼梯扶手松了, 栏杆晃: what people lean on or hold gives way
	HazardFalling  Hazard = "falling"  // 吊顶要掉, 墙皮大块脱落, 围墙要倒
	HazardWater    Hazard = "water"    // 水管爆裂, 大量漏水
	HazardGas      Hazard = "gas"      // 煤气味, 燃气泄漏
	HazardOpening  Hazard = "opening"  // 井盖没了, 地面塌陷, 学生差点绊倒: somewhere to fall into or over
	HazardSlip     Hazard = "slip"     // 路面结冰, 地滑有学生摔倒: somewhere slippery
	HazardDanger   Hazard = "danger"   // 好危险, 有学生受伤: said dangerous, no rule names how
)

// Advice is the safety line for the reporter while the worker comes.
func (h Hazard) Advice() string {
	switch h {
	case HazardElectric:
		return "请先让学生远离，有条件的话断开该处电源，不要用手触碰。"
	case HazardFire:
		return "请先疏散附近学生，断开电源；如有明火请立即拨打 119。"
	case HazardGlass:
		return "请先让学生远离玻璃下方，设置警示，不要徒手清理碎玻璃。"
	case HazardRailing:
		// Not the falling tip (user test 29's R13: a loose stair rail was
		// told to clear the students below it).
		return "请先在该处拉警戒线或暂停使用，提醒学生不要倚靠、推挤。"
	case HazardFalling:
		return "请先疏散下方学生，设置警示，不要在下面停留。"
	case HazardWater:
		return "请先关闭附近的水阀，移开电器，提醒学生注意地滑。"
	case HazardGas:
		return "请立即开窗通风，不要开关任何电器、不要动火，并疏散学生。"
	case HazardOpening:
		return "请先设置警示或围挡，不要让学生靠近。"
	case HazardSlip:
		return "请先在该处拉警戒线或放警示牌，提醒学生绕行；结冰处可先撒盐防滑，积水先清扫干净。"
	case HazardDanger:
		return "请先让学生远离该处，设置警示，等维修人员到场处理。"
	}
	return ""
}

// Intent is what a free-text message is for.
type Intent string

const (
	IntentNone     Intent = ""         // not about repairs at all
	IntentReport   Intent = "report"   // a new problem: 302灯不亮
	IntentProgress Intent = "progress" // 上周报的灯修好了吗？
	IntentThanks   Intent = "thanks"   // 灯修得很好，谢谢王师傅
	IntentGreeting Intent = "greeting" // 你好
	IntentDone     Intent = "done"     // a worker's 灯管换好了
	IntentVague    Intent = "vague"    // 教室有东西坏了，麻烦来看看: a report whose fault is unclear
)

// Sender is who wrote a message, for what only they can mean: 我们班 is
// the classroom a 班主任 owns; 修好了 from a worker is a job done.
type Sender struct {
	StaffID int64
	Roles   []flows.Role
	Owned   []int64 // locations the sender owns (their classroom)
	// Lexicon is the words the sender's school added to the defaults
	// (houqin lexicon add): trades, hazards, synonyms, places ...
	Lexicon []lexicon.Entry
	// Holds is set when the sender, no worker, holds open repairs as
	// their worker: the 总务主任 with the 综合维修 jobs no worker is
	// routed for. Their words finishing one read as a worker's do (user
	// test 29's R27: 「201挂钟我让人换了电池 走了」 was not understood).
	Holds bool
}

// works reports whether the sender's words on their own work read as a
// worker's: a worker, or someone holding repairs (Holds).
func (s Sender) works() bool {
	return s.Holds || slices.Contains(s.Roles, flows.RoleWorker)
}

// SenderFor is the Sender of t's message: the staff member, the locations
// among locs they own (a 班主任's classroom), and their school's lexicon
// entries when t's store keeps them.
func SenderFor(t *flows.Turn, locs []flows.Location) (Sender, error) {
	s := Sender{StaffID: t.Staff.ID, Roles: t.Staff.Roles}
	if !t.Staff.Has(flows.RoleWorker) && t.Staff.Has(flows.RoleHead, flows.RoleLeader, flows.RolePrincipal, flows.RoleAdmin) {
		if st, ok := t.Tx.(Store); ok {
			rs, err := st.RepairsOf(t.Ctx, t.Staff.ID, t.Now, 20)
			if err != nil {
				return s, err
			}
			s.Holds = slices.ContainsFunc(rs, func(r Repair) bool {
				return r.WorkerID == t.Staff.ID && r.Status.Open() && r.Status != RepairDone
			})
		}
	}
	for _, l := range locs {
		if l.OwnerID != 0 && l.OwnerID == t.Staff.ID {
			s.Owned = append(s.Owned, l.ID)
		}
	}
	var err error
	s.Lexicon, err = lexicon.Own(t)
	return s, err
}

// Reading is all that Understand read of one message.
type Reading struct {
	Intent Intent
	// Problems has one guess per problem named, in the order written;
	// several when the message lists several (1.门锁坏了 2.灯不亮). A
	// report or a vague report has at least one; a progress question or a
	// worker's "done" has one guess of the whole text (which job it is
	// about); thanks, greetings and chatter have none.
	Problems []RepairGuess
	// HowFixed is set on a worker's "done" that says more than done:
	// what was wrong or how it was fixed (里面线头松了受潮, 插紧就好了),
	// words for the reporter.
	HowFixed bool
}

// Understand reads a free-text message from s against the school's
// locations: what it is for, then each problem it names.
//
// Intents come before keywords. A question about an earlier report
// (上周报的灯修好了吗？, 报修的门锁什么时候能修好) is progress, whatever it
// names, unless it describes a hazard (之前报的插座现在冒烟了 is read as an
// urgent report: a danger is never only a question); a fault (a symptom, a hazard, or a fault word such as 坏, 不亮,
// 打不开) makes a report, or a vague report when no trade can be told
// (教室有东西坏了); without a fault, a worker's 修好了/换好了 is done,
// thanks and praise (谢谢, 修得很好, 厕所很干净) are thanks, a greeting
// alone (你好, 王师傅在吗) is a greeting, a place and a thing alone
// (初二3班 投影仪) a report, and anything else is not about repairs
// (晚自习后记得关灯 names a light, but nothing is wrong with it), as is a
// notice about a fault without a hazard (停电检修，请提前保存).
// Praise and "done" words are not faults: 水龙头不漏了 is no leak.
//
// Several problems. The message is cut at numbered items (1. 2、 3）),
// line breaks and semicolons, then at commas and 还有/另外/以及. A part
// starts a new problem when it names its own broken thing and its own
// fault, and is a new item: after a line break or semicolon, or marked
// as another (也, 还有, 另外), or of another trade with its thing before
// its fault; a numbered item with a fault is a problem even when no thing
// is named (3、有块东西坏了). Anything else (一闪一闪的, 钥匙插进去拧不动,
// 砸到桌子上了, 麻烦快点) goes with the problem before. Words before the
// first problem (302教室：, 你好) go with it, and a problem that names no
// place is at the place of the one before.
//
// Word segmentation. The rules here match lexicon words longest-first
// at each position and use no segmenter. github.com/go-ego/gse (v0.80.3,
// served by the module proxy) was measured against them on the corpus
// (2026-11-29, this machine): with keyword hits required to fall on gse's
// word boundaries (its default dictionary), trade fell from 99.6 % to
// 87.7 %, intent from 100 % to 95.7 %, place from 100 % to 98.8 %
// (held out: trade 90.9 %, intent 96.7 %); loading the dictionary took
// 8.8 s and 201 MB of heap, and reading the 328 messages then in the
// corpus 460 ms instead
// of about 20 ms. Its cuts are wrong exactly where repairs are worded:
// 灯不亮 as one word, 水龙|头关, 班班|通, 路|灯不亮. Not adopted; a school's
// missing words go in its lexicon instead.
func Understand(text string, locs []flows.Location, s Sender) Reading {
	rd := readerFor(lexicon.Default().With(s.Lexicon))
	norm := parse.Normalize(text)
	var rdg Reading
	var fault bool
	rdg.Intent, fault = rd.intent(norm, locs, s)
	switch {
	case rdg.Intent == IntentReport && fault:
		// 302到304灯不亮 is the lamps of 302, 303 and 304, as a list
		// of the three would be (the range was read as 302 and 304, with
		// 「到灯不亮」 for both).
		rdg.Problems = rd.problems(spellRoomRanges(norm, "、"), locs, s)
		rdg.Intent = IntentVague
		for _, g := range rdg.Problems {
			if g.Trade != "" {
				rdg.Intent = IntentReport
			}
		}
	case rdg.Intent == IntentReport, rdg.Intent == IntentProgress, rdg.Intent == IntentDone:
		// A place and a thing alone, or which job a question or a
		// worker's "done" is about.
		rdg.Problems = []RepairGuess{rd.guess(norm, locs, s)}
	}
	if rdg.Intent == IntentDone {
		rdg.HowFixed = fault || fixedByRE.MatchString(string(rd.canonicalize([]rune(norm)).r))
	}
	return rdg
}

// intent is what norm is for, as Understand reads it (see there), without
// reading the problems it names: a message with a fault (fault) is
// IntentReport here whether or not its trade can be told, which
// Understand then tells from IntentVague by its problems. Accepts asks
// only this (intentOf): when it called Understand, which read every
// problem for an answer that uses none, its call was 0.48 s of
// Understand's 0.76 s in BenchmarkHandleFullReport's CPU profile.
func (rd *reader) intent(norm string, locs []flows.Location, s Sender) (in Intent, fault bool) {
	if norm == "" {
		return IntentNone, false
	}
	if s.works() {
		norm = withoutPromises(norm) // 今天肯定搞定: a promise, no job told done (own.go)
	}
	c := rd.canonicalize([]rune(norm))
	fault = rd.fault(c)
	switch {
	case sampleTalkRE.MatchString(string(c.r)):
		// 哪些留样可以倒掉了: the canteen's samples, whose 倒 is no fault.
		return IntentNone, false
	case menuTalkRE.MatchString(string(c.r)) && !fault:
		// 明天中午的菜单出来了没: the canteen's question, not a repair's.
		return IntentNone, false
	case s.works() && fixedResultRE.MatchString(norm) && !askingRE.MatchString(string(c.r)) && rd.hazard(c) == "":
		// 302的电脑我看了 内存条松了 重新插紧就好了 没啥大问题: a worker's
		// cause and fix said is his job done, whatever else reads as a
		// question (没啥大问题).
		return IntentDone, fault
	case (rd.marker(c, "progress") || (rd.marker(c, "ask") && !fault)) && rd.hazard(c) == "" &&
		!(s.works() && workerFixedRE.MatchString(norm) && !askingRE.MatchString(string(c.r))):
		// (放了气现在热乎了 两个老师报的是一个, user test 32's T25: a
		// worker's job told working again, whatever 报的 says of reports.)
		return IntentProgress, fault
	case fault && rd.marker(c, "notice") && rd.hazard(c) == "":
		// 今天下午停电检修，请提前保存好文件: a notice, not a report.
		return IntentNone, fault
	case fault && s.works() && (fixedByRE.MatchString(string(c.r)) || rd.marker(c, "done") && rd.hazard(c) == ""):
		// 302插座弄好了 里面线头松了受潮: a worker telling a job done says
		// what was wrong with it; that is no new fault. Told by how it was
		// fixed, even a hazard's words are the job's (燃气阀门接口松了
		// 拧紧了 肥皂水试过不漏了).
		return IntentDone, fault
	case s.works() && (workerFixedRE.MatchString(string(c.r)) || workerFixedRE.MatchString(norm)) && !askingRE.MatchString(string(c.r)):
		// 灯管我换了 启辉器也换了 不闪了, 水池通了 下水管里全是纸团,
		// 打印机好了 纸受潮了粘一起: a worker's job told done by what it
		// does now; the fault words are what he found.
		return IntentDone, fault
	case fault:
		return IntentReport, true
	case rd.marker(c, "status") && rd.hazard(c) == "" && rd.namesJob(norm, locs, s):
		// 投影仪那个单子现在啥情况, 我那个单子咋样: how a job stands,
		// asked of a job or a thing that nothing is said to be wrong with.
		return IntentProgress, false
	case rd.terse(norm, locs, s):
		// 初二3班 投影仪: a place and a thing, nothing else, is a report.
		return IntentReport, false
	case !slices.Contains(s.Roles, flows.RoleWorker) && fixAskRE.MatchString(string(c.r)) && !askingRE.MatchString(string(c.r)) &&
		rd.guess(norm, locs, s).Item != "":
		// 302的门先修一下, 把二楼厕所的水龙头修一下, 明天先把操场的下水道弄
		// 了: a thing asked to be mended says it needs mending, though no
		// fault word is said (user tests' leaders; 没有看懂, or 弄好 read
		// as thanks). A worker's words of his own work are not asked.
		return IntentReport, false
	case s.works() && (rd.marker(c, "done") || fixedByRE.MatchString(string(c.r)) || slices.Contains(s.Roles, flows.RoleWorker) && rd.marker(c, "praise") && !rd.marker(c, "thanks") ||
		doneSaidRE.MatchString(norm) && !askingRE.MatchString(string(c.r))):
		// (Praise is a worker's 好了; from the 总务主任 it is praise.)
		// 后厨水管接头换了个新的 不漏了, 重启了一下就好了: from a worker,
		// a job done; so are user test 16's 水已经排干净了 and 灯泡…今天上午
		// 换上了，能正常投了 (doneSaidRE).
		return IntentDone, false
	case (rd.marker(c, "thanks") || rd.marker(c, "praise") || rd.marker(c, "done")) && !askingRE.MatchString(string(c.r)) &&
		!notThanksRE.MatchString(string(c.r)):
		// 现在还有多少没修好的, 食堂最近留样都正常吧: a question is no thanks;
		// nor is an order or a request (notThanksRE).
		return IntentThanks, false
	case rd.greeting(c):
		return IntentGreeting, false
	}
	return IntentNone, false
}

// notThanksRE is words that make a message with a word of thanks, praise
// or "done" something else: an order that a thing be mended (今天必须修好,
// 一定要弄好), someone sent (让王师傅马上去), a request to record (记一下),
// or an exception (都正常 就路灯那个). User test 31's leader's 「试卷保密室
// 的门锁今天必须修好 试卷明天就到 让王师傅马上去」 (T8) and guard's 「今天的
// 巡查记一下 都正常 就路灯那个」 (T46) were thanked for their praise.
var notThanksRE = rx.MustCompile(`(?:必须|务必|一定要|一定得|必需|需要|赶紧|尽快|抓紧|马上|立刻|立即|争取|要把|得把)\p{Han}{0,6}?(?:修好|弄好|搞好|搞定|处理好|换好|装好|修完|弄完)|` +
	`让(?:\p{Han}{1,2}?(?:师傅|老师|主任|阿姨|校长|工)|老\p{Han})(?:马上|赶紧|立刻|尽快|现在|今天|先)?(?:去|来|过去|过来)|(?:记一下|记下|记上|登记一下|帮我记)|就\p{Han}{1,6}?那(?:个|里|边|块)|除了`)

// fixAskRE asks for a thing to be mended: 修一下, 弄一下, 帮忙看看, or a
// 把 sentence told when (先把门修了, 今天把窗户弄好, 赶紧把灯换了), not a
// thing told mended (灯修好了, 王师傅把门修好了).
var fixAskRE = rx.MustCompile(`(?:修|弄|搞|处理|看|换|通|检查|检修|维修)(?:一下|一修|一看|一换|下)|修修|(?:帮忙|麻烦|帮我|请)(?:看看|修修)|` +
	`(?:先|赶紧|尽快|马上|抓紧|快点?|今天|明天|后天|上午|下午|晚上|中午|早点|放学前|放学后|周末|这周|抽空|有空)\p{Han}{0,4}?把\p{Han}{1,14}?(?:修|弄|搞|处理|换|通|装|焊|补)(?:好|了|掉|上|一下)?`)

// jobWordRE is a word for a repair job: 单子, 报修, 工单.
var jobWordRE = rx.MustCompile(`单子|报修|工单|维修|[那这]单|[那这]个单`)

// namesJob reports whether norm names a repair job (那个单子, 报修) or a
// thing a trade repairs (投影仪, 灯泡), which a question about how it
// stands is then about; a place alone (食堂今天咋样) is not.
func (rd *reader) namesJob(norm string, locs []flows.Location, s Sender) bool {
	if jobWordRE.MatchString(norm) {
		return true
	}
	g := rd.guess(norm, locs, s)
	return g.Item != "" || g.Trade != ""
}

// fixedByRE is a worker telling a job done by how: 信号线松了 插紧就好了,
// 重启一下就好了, 线头松了 重新接好就行了, 电源线没插好 插上就亮了.
//
// 漏保跳了，推上去就有电了 (a breaker pushed back up), 打了膨胀螺丝 加固好了,
// 拧紧了 肥皂水试过不漏了, 接头松了 拧紧了 现在没味了: the same, told by the
// work and what it gave.
var fixedByRE = rx.MustCompile(`(?:插紧|拧紧|紧了|紧一下|插上|插好|重插|重新插|重新接|重新连|连上|换了|换上|重启|复位|接上|接好|清理|清了|疏通|通了一下|调了|调好|紧固|固定好|装回|推上|合上|加固)` +
	`[^，。,.！!]{0,8}(?:就好了|就行了|就可以了|就亮了|就通了|就正常了|就能用了|就有电了|好了|不漏了|没味了|没味道了|没有味了|没气味了|不漏气了|有电了|不叫了|不响了)`)

// workerFixedRE is a thing said to work again, ending a clause: 不闪了,
// 水池通了, 打印机好了, 换了个镇流器 亮了 (not 修不好了, 不亮了).
//
// User test 17's 「[图片] 303新玻璃装上了 碎碴子也扫干净了」: a new part put
// in (装上了, 换好了, 安好了; not 没装上了) is the job done too, and so is
// a thing fixed back in place (305门牌粘上了, 把手拧紧了, 镜子挂上了; the
// re-type of user tests 31 and 32's new problem 4; not 还没粘上了,
// 得粘上了, nor 先用三合板钉上了, a stopgap); so is its
// 「顺手把旁边那个一直滴水的龙头也换了」 (F8): a thing 把…也/都 replaced,
// mended. A particle may follow: user test 26's 「办公室暖气那个也好了啊 放气
// 就行」 (G31) was not understood. User test 27's 「功放保险丝烧了 换了 302
// 303广播都有声了」 (K18, begun as a new report): a thing that works again
// told by what it gives (有声了, 有电了; not 没有声音了), and a bare 换了
// after the fault found. User test 28's 「…清了一下 现在都热了」 (N42): a
// radiator told warm again (热了, 暖和了; not 不热了, 还没热了). User test
// 34's 「实验楼烟感是探头灰太多 清了就不叫了」 (T34): a smoke alarm cleaned
// and quiet (清了就不叫了) is done.
var workerFixedRE = rx.MustCompile(`(?:通了|[^不没]热乎?了|[^不没]暖和了|不闪了|不滴了|不堵了|不漏了|不响了|不晃了|能用了|好使了|[^不]好了|[^不]亮了|焊牢了|[^没不未](?:装|换|安)(?:上|好)了|(?:^|[\s，,。！!])[^\s，,。！!没不未得该要再先暂临]{1,10}(?:粘|贴|钉|挂|补|焊|绑|拧)(?:上|牢|紧)了|把[^，,。！!\s]{1,14}?(?:也|都)(?:换|修|补|焊|紧)了|(?:^|[^没])有(?:声|声音|电|水|热水|信号|画面|图像|网)了|(?:^|[\s，,。！!])换(?:了|掉了|好了|上了))[啊呀哈嘛哦噢喔]{0,2}(?:[\s，,。！!~]|$)`)

// askingRE is a message that asks rather than thanks: 多少, 哪些, 几个,
// or a question's ending.
var askingRE = rx.MustCompile(`多少|哪些|几个|有没有|没修好的|[吗呢吧][？?。!！]*$|[？?]\s*$`)

// sampleTalkRE is talk of food samples' disposal or keeping: 留样 with
// 倒, 扔, 处理, 还有哪些; or the samples said done (中午的留样弄好了哈 回锅肉
// 130克…, 样留好了: the fifteenth user test's cook was thanked for her
// lunch sample, nothing recorded, as 弄好了 read as thanks), the done
// word right after 留样. A broken sample fridge (留样冰箱坏了, 留样柜修好
// 了) or a thing of the sample room (留样室的灯装好了) is not it.
var sampleTalkRE = rx.MustCompile(`留样[^冰柜箱]{0,6}(?:倒|扔|处理|销毁|还有|哪些|几份)|(?:倒|扔|处理)(?:掉)?(?:了)?(?:的)?留样|` +
	`留样(?:都|也|已经|我|今天)*(?:弄|留|做|称|装|放|取)好了|样(?:都|已经)?留好了`)

// menuTalkRE is talk of the canteen's menu, which no repair is.
// 陪餐 is the leaders' record of a meal eaten with the students, whose
// praise (鸡块不错) is feedback on the meal, not thanks; so is eating with
// the students told in other words (陪学生吃的, 跟孩子们一起吃的饭).
var menuTalkRE = rx.MustCompile(`菜单|菜谱|食谱|吃什么|吃啥|陪餐|` +
	`(?:陪着?|跟|和|与|同)(?:学生|孩子|同学|小朋友)们?(?:一起|一块儿?)?(?:在食堂)?(?:吃|用餐|就餐)`)

// intentOf is Understand's reader's intent of text from s (IntentReport
// for any fault, IntentVague never: see intent).
func intentOf(text string, s Sender) Intent {
	in, _ := readerFor(lexicon.Default().With(s.Lexicon)).intent(parse.Normalize(text), nil, s)
	return in
}

// fault reports whether c says something is wrong: a fault word, a
// symptom or a hazard, once praise and "done" words are taken out (不漏了,
// 修好了), and the words that only hold a fault word (发烧, 冇问题: the
// marker notfault).
//
// A symptom said right before praise names the thing that works now, not
// a fault: 厕所冲水巴适了, 冲水没毛病 (冲水 is both the flush and a toilet
// that keeps flushing).
func (rd *reader) fault(c canon) bool { return rd.faultOf(c, true) }

// brokenHazard reports whether hazard h says something is broken: a
// slip or a danger only said (台阶结冰了 有学生摔了, 地面有个坑 挺危险的) is no
// repair on its own but a 安全隐患 the inspection flow records (user test
// 26's G11); said of a report, it makes the report urgent.
func brokenHazard(h Hazard) bool { return h != "" && h != HazardSlip && h != HazardDanger }

// faultWords reports whether c says something is wrong in words of its
// own, not only by a hazard rule: 地上全是水 旁边就是插座 is a danger of
// the burst pipe said before it (user test 30's T2), no broken socket.
func (rd *reader) faultWords(c canon) bool { return rd.faultOf(c, false) }

func (rd *reader) faultOf(c canon, hazards bool) bool {
	r := slices.Clone(c.r)
	praised := make([]bool, len(r))
	for _, m := range []string{"praise", "done", "progress", "notfault"} {
		for _, w := range rd.markers[m] {
			for i := 0; i+len(w) <= len(r); i++ {
				if slices.Equal(r[i:i+len(w)], w) {
					for k := range w {
						r[i+k] = ' '
						praised[i+k] = m == "praise"
					}
				}
			}
		}
	}
	cc := canon{r: r}
	if rd.marker(cc, "fault") || hazards && brokenHazard(rd.hazard(cc)) {
		return true
	}
	return slices.ContainsFunc(rd.keywordsIn(r), func(h hit) bool {
		if h.k.kind != symptom {
			return false
		}
		next := h.at + len(h.k.word)
		for next < len(r) && r[next] == ' ' && !praised[next] {
			next++
		}
		return next >= len(r) || !praised[next]
	})
}

// terse reports whether norm is only a place and a broken thing
// (初二3班 投影仪, 男寝405：水龙头), which people type as a whole report.
func (rd *reader) terse(norm string, locs []flows.Location, s Sender) bool {
	g := rd.guess(norm, locs, s)
	placed := g.LocationID != 0 || len(g.LocationCandidates) > 0 || g.PlaceText != ""
	return placed && g.Item != "" && !g.OnlyPlace && string(rd.canonString(strings.Trim(g.Description, "的 ,，:：。"))) == g.Item
}

// nameTitles end the names a greeting may carry: 王师傅在吗, 王工在不.
var nameTitles = runeWords("师傅 老师 主任 校长 书记 大家 工")

// greeting reports whether c is only a greeting: its greeting words,
// a name with a title and punctuation, and nothing else.
func (rd *reader) greeting(c canon) bool {
	if !rd.marker(c, "greeting") {
		return false
	}
	r := slices.Clone(c.r)
	blank := func(i, n int) {
		for k := i; k < i+n; k++ {
			r[k] = ' '
		}
	}
	for _, t := range nameTitles {
		for i := 0; i+len(t) <= len(r); i++ {
			if slices.Equal(r[i:i+len(t)], t) {
				start, end := max(0, i-1), i+len(t) // 王师傅: one character of surname
				if end < len(r) && r[end] == '好' {
					end++ // 李师傅好
				}
				blank(start, end-start)
			}
		}
	}
	for _, w := range rd.markers["greeting"] {
		for i := 0; i+len(w) <= len(r); i++ {
			if slices.Equal(r[i:i+len(w)], w) {
				blank(i, len(w))
			}
		}
	}
	for _, x := range r {
		if x != ' ' && !unicode.IsPunct(x) && !unicode.IsSymbol(x) && !strings.ContainsRune("呀啊哈吖呢嘛哦喔~", x) {
			return false
		}
	}
	return true
}

// Tier is the guess's tier: urgent for a hazard, else large or small.
func (g RepairGuess) Tier() Tier {
	switch {
	case g.Hazard != "":
		return TierUrgent
	case g.Large:
		return TierLarge
	}
	return TierSmall
}

// numberedItem begins an item of a list: 1. 1、 2) ①, and as people say
// it, 第一， 一个是 两个是 (「一个是马桶堵了 二个是阳台的灯不亮」).
var numberedItem = rx.MustCompile(`(?:(?:^|[\s；;，,。:：])(?:(?:\d{1,2}|[一二三四五六七八九十])[\.、．)）]|第[一二三四五六七八九十][，,、:：]|[一二两三四五六七八九十]个是)|[①-⑳])\s*`)

// SplitProblems splits a message listing several problems into one text
// per problem (see Understand). A message with one problem gives one text.
func SplitProblems(text string) []string {
	var out []string
	for _, p := range defaultReader().split(parse.Normalize(text)) {
		out = append(out, p.text)
	}
	return out
}

// problems is one guess per problem of norm; a problem that names no
// place is at the place of the one before, and one said of several rooms
// (302 303的广播都没声) is one per room.
func (rd *reader) problems(norm string, locs []flows.Location, s Sender) []RepairGuess {
	var gs []RepairGuess
	norm = countLeadRE.ReplaceAllString(norm, "")
	for i, p := range rd.split(norm) {
		g := rd.guess(p.text, locs, s)
		if i > 0 && g.Floor != "" && g.Building == "" {
			// 还有我们三楼办公室暖气一点都不热: a floor's room, in the
			// building of the one before (as floorRoom's below).
			g.Building = gs[i-1].Building
			if l, ok := locationIn(locs, gs[i-1].LocationID); ok {
				g.Building = l.Building
			}
		}
		if i > 0 && g.LocationID == 0 && len(g.LocationCandidates) == 0 && g.PlaceText == "" {
			prev := gs[i-1]
			if room := rd.floorRoom(p.text); room != "" {
				// 还有我们三楼办公室暖气一点都不热, after 教学楼西边楼梯的灯:
				// a room of its own, in the building of the one before
				// (user test 26's G25 had filed it at the stairway).
				g.PlaceText, g.Building = room, prev.Building
				if l, ok := locationIn(locs, prev.LocationID); ok {
					g.Building = l.Building
				}
			} else {
				g.LocationID, g.LocationCandidates, g.PlaceText, g.Building = prev.LocationID, prev.LocationCandidates, prev.PlaceText, prev.Building
			}
		}
		gs = append(gs, g)
	}
	var out []RepairGuess
	for _, g := range gs {
		if !g.inRooms() {
			out = append(out, g)
			continue
		}
		ids, also := g.rooms()
		for _, id := range ids {
			one := g // 302 303的广播都没声: one problem in each room
			one.LocationID, one.LocationCandidates, one.Several, one.Said, one.Also, one.AlsoBuilding = id, nil, false, "", nil, ""
			one.Description = ofOneRoom(one.Description) // 广播都没声: of one room, 广播没声
			out = append(out, one)
		}
		for _, room := range also {
			one := g // 301 302两个考场广播有杂音: 301 as written, too
			one.LocationID, one.LocationCandidates, one.Several, one.Said, one.Also, one.AlsoBuilding = 0, nil, false, "", nil, ""
			one.PlaceText, one.Building = room, g.AlsoBuilding
			one.Description = ofOneRoom(one.Description)
			out = append(out, one)
		}
	}
	return out
}

// bothFaultRE is the 都 of a fault said of several rooms at once: 都没声,
// 都不亮, 都坏了.
var bothFaultRE = rx.MustCompile(`都([没不坏漏离掉断停黑有卡])`)

// roomsCountRE is how many rooms a problem was said of, before it: 两个考场,
// 这两个教室的, 俩班.
var roomsCountRE = rx.MustCompile(`(^|\s)(?:这|那)?(?:两|俩|二|三|四|几)(?:个|间)?(?:考场|教室|班级|班|屋子|屋|房间|办公室|地方)(?:的|里|都)?\s*|^(?:这|那)?(?:两|俩|三|几)个(?:的|都)?\s*`)

// ofOneRoom is a problem said of several rooms as it is of one: 两个考场
// 广播有杂音 is 广播有杂音 in each, 广播都没声 is 广播没声.
func ofOneRoom(desc string) string {
	if rest := roomsCountRE.ReplaceAllString(desc, "$1"); strings.TrimSpace(rest) != "" {
		desc = rest
	}
	if rest := strings.TrimLeft(desc, "和跟与及、，, "); rest != "" {
		desc = rest // 303和教务处的监控: no 和 left of the list
	}
	return bothFaultRE.ReplaceAllString(desc, "$1")
}

// floorRoom is a kind of room said after a floor with no building (三楼
// 办公室, 2楼的会议室), as written, or "".
func (rd *reader) floorRoom(text string) string {
	c := rd.canonicalize([]rune(text))
	for k := 1; k < len(c.r); k++ {
		if c.r[k] != '楼' && c.r[k] != '层' || !isDigit(c.r[k-1]) {
			continue
		}
		start := k - 1
		for start > 0 && isDigit(c.r[start-1]) {
			start--
		}
		i := skipDe(c, k+1)
		if end := rd.roomNameAt(c, i); end > i {
			return c.source(span{start, end})
		}
	}
	return ""
}

// clause is a piece of a message: text, cut at separators.
type clause struct {
	text     string
	hard     bool // after a numbered item, a line break or a semicolon
	numbered bool // the first clause of a numbered item
}

// part is one problem's text.
type part struct {
	text  string
	trade flows.Trade
	item  string
}

// countLeadRE announces how many problems follow: 还有两个事：讲台边上那个
// 插座松了… (user test 16's first problem was described 「还有两个事:…」),
// 有三个问题, 两件事哈：, 还有俩事 (a space after it: user test 26's G25).
// It is no part of the first one.
var countLeadRE = rx.MustCompile(`^(?:还有|另外|又有|我这有|这边有|有)?(?:两|俩|二|三|几|2|3)(?:个|件|处)?(?:事|事情|事儿|问题|地方|毛病)(?:要报修|要修|要报|要说)?(?:哈|啊|哦)?(?:\s*[:：，,]\s*|\s+)`)

var (
	hardSep = rx.MustCompile(`[\n；;]+`)
	softSep = rx.MustCompile(`[，,。！!？?]+|(?:` + strings.Join(clauseWords, "|") + `)`)
)

// clauseWords begin a clause and stay with it (还有水龙头漏水), in
// simplified and traditional characters (還有, 然後: see simplified).
var clauseWords = []string{"还有", "另外", "以及", "此外", "然后", "顺带", "顺便", "還有", "然後", "順帶", "順便"}

// withoutClauseWord is a problem's own text without the 还有/另外 that
// joined it to the one before (另外实验室水池下水很慢 is 实验室水池下水很慢).
func withoutClauseWord(text string) string {
	for _, w := range clauseWords {
		if rest, ok := strings.CutPrefix(text, w); ok && strings.TrimSpace(rest) != "" {
			return strings.TrimSpace(rest)
		}
	}
	return text
}

// clauses cuts norm at numbered items, line breaks and semicolons (hard),
// then at commas and full stops, and before 还有/另外/以及/然后/顺带
// (soft); spaces are cut in split, which can tell a fault (byClause). A circled number (①②) begins a
// numbered item as 1、 does.
func clauses(norm string) []clause {
	var items []string
	idx := numberedItem.FindAllStringIndex(norm, -1)
	if len(idx) < 2 {
		items = []string{norm}
	} else {
		items = append(items, norm[:idx[0][0]])
		for i, at := range idx {
			end := len(norm)
			if i+1 < len(idx) {
				end = idx[i+1][0]
			}
			items = append(items, norm[at[1]:end])
		}
	}
	var out []clause
	for n, item := range items {
		numbered := len(items) > 1 && n > 0
		for _, seg := range hardSep.Split(item, -1) {
			hard := true
			last := 0
			cut := func(end, next int) {
				if t := strings.TrimSpace(seg[last:end]); t != "" {
					out = append(out, clause{text: t, hard: hard, numbered: numbered})
					hard, numbered = false, false
				}
				last = next
			}
			for _, m := range softSep.FindAllStringIndex(seg, -1) {
				if slices.Contains(clauseWords, seg[m[0]:m[1]]) {
					cut(m[0], m[0]) // the word stays with what it adds
				} else {
					cut(m[0], m[1])
				}
			}
			cut(len(seg), len(seg))
		}
	}
	return out
}

// split cuts norm into one text per problem; see Understand.
func (rd *reader) split(norm string) []part {
	var parts []part
	lead := ""
	for _, cl := range rd.bySpaces(clauses(norm)) {
		c := rd.canonicalize([]rune(cl.text))
		hasThing := slices.ContainsFunc(rd.keywordsIn(c.r), func(h hit) bool { return h.k.kind == thing && h.k.trade != "" })
		fault := rd.fault(c)
		if len(parts) == 0 {
			if fault {
				parts = append(parts, part{text: joinClause(lead, cl.text)})
				parts[0].trade, parts[0].item, _ = rd.classify(c.r)
			} else {
				lead = joinClause(lead, cl.text)
			}
			continue
		}
		last := &parts[len(parts)-1]
		trade, item, _ := rd.classify(c.r)
		if fault && cl.numbered { // 3、有块东西坏了: a numbered item is a problem of its own
			parts = append(parts, part{text: cl.text, trade: trade, item: item})
			continue
		}
		if fault && hasThing && item != "" && !oneDevice(item, last.item) &&
			(cl.hard || rd.marker(c, "also") || (trade != last.trade && trade != "" && last.item != "" && rd.thingFirst(c) && !rd.leads(c, "elaborate") && rd.faultWords(c))) {
			parts = append(parts, part{text: withoutClauseWord(cl.text), trade: trade, item: item})
			continue
		}
		last.text = joinClause(last.text, cl.text)
	}
	if len(parts) == 0 {
		return []part{{text: norm}}
	}
	return parts
}

// devices are things that are one job to whoever repairs them: the
// computer on the lectern with its screen, mouse and keyboard, the
// projector with its screen, the sound system with its microphone. 「302讲台
// 的电脑黑屏了 鼠标也不动」 is one computer that does not work (user test 18
// filed it as two jobs), where 「灯不亮 门也关不上」 is two.
var devices = [][]string{
	{"电脑", "计算机", "电恼", "主机", "显示器", "屏幕", "显示屏", "鼠标", "键盘", "一体机"},
	{"投影", "投影仪", "投影机", "投影议", "投影以", "头影仪", "投景仪", "幕布"},
	{"音响", "音想", "音箱", "功放", "话筒", "麦克风", "扩音器", "小蜜蜂"},
}

// oneDevice reports whether items a and b name the same thing or parts
// of one device (see devices).
func oneDevice(a, b string) bool {
	if a == b {
		return true
	}
	return slices.ContainsFunc(devices, func(d []string) bool { return slices.Contains(d, a) && slices.Contains(d, b) })
}

// bySpaces cuts a clause further at spaces between Chinese words, where
// chat puts a comma (前门合页掉了一个 门口饮水机也一直滴水), but only after
// a piece that says something is wrong: the words before a fault are one
// description, however spaced (初二 三班 灯不亮, 实验楼 二楼 男厕 水龙头坏了).
// Pieces after the last fault stay with it (怕是燃气漏了 快来看看).
func (rd *reader) bySpaces(cls []clause) []clause {
	var out []clause
	for _, cl := range cls {
		pieces := cjkPieces(cl.text)
		if len(pieces) < 2 {
			out = append(out, cl)
			continue
		}
		first, cur := len(out), ""
		for _, p := range pieces {
			cur = strings.TrimSpace(cur + " " + p)
			if rd.fault(rd.canonicalize([]rune(cur))) {
				next := clause{text: cur}
				if len(out) == first {
					next.hard, next.numbered = cl.hard, cl.numbered
				}
				out, cur = append(out, next), ""
			}
		}
		switch {
		case cur == "":
		case len(out) == first:
			out = append(out, clause{text: cur, hard: cl.hard, numbered: cl.numbered})
		default:
			out[len(out)-1].text += " " + cur
		}
	}
	return out
}

// cjkPieces splits text at runs of spaces between two characters that are
// not ASCII (教学楼 302 stays whole: its space separates a number).
func cjkPieces(text string) []string {
	var out []string
	rs := []rune(text)
	start := 0
	for i := 0; i < len(rs); i++ {
		if !unicode.IsSpace(rs[i]) {
			continue
		}
		j := i
		for j < len(rs) && unicode.IsSpace(rs[j]) {
			j++
		}
		if i > 0 && j < len(rs) && rs[i-1] > unicode.MaxASCII && rs[j] > unicode.MaxASCII {
			out = append(out, string(rs[start:i]))
			start = j
		}
		i = j - 1
	}
	return append(out, string(rs[start:]))
}

// thingFirst reports whether c names a thing before its first fault word:
// 窗户关不上 has its own fault; in 砸到桌子上了 the desk is what was hit.
func (rd *reader) thingFirst(c canon) bool {
	thingAt := -1
	for _, h := range rd.keywordsIn(c.r) {
		if h.k.kind == thing && h.k.trade != "" {
			thingAt = h.at
			break
		}
	}
	if thingAt < 0 {
		return false
	}
	for _, w := range rd.markers["fault"] {
		for i := 0; i+len(w) <= len(c.r) && i < thingAt; i++ {
			if c.hasPrefixAt(i, w) {
				return false
			}
		}
	}
	return true
}

// joinClause joins two clauses of one problem.
func joinClause(a, b string) string {
	if a == "" {
		return b
	}
	return a + "，" + b
}

// canFixAskRE asks whether a job can be done by a time: 今天能修好吗,
// 下班前能弄好吗, 明天能不能修好. Beside a fault with no job of hers that it
// names it is a report asked about, as nudgeRE's words are.
var canFixAskRE = rx.MustCompile(canFixAsk)

// canFixTailRE is canFixAskRE's words ending a report, a clause of their
// own (门锁坏了 今天能修好吗): no part of the problem; the read-back's
// deadline answers them.
var canFixTailRE = rx.MustCompile(`[\s,，。!！]+(?:请问|师傅)?` + canFixAsk + `$`)

const canFixAsk = `(?:今天|今晚|明早|明天|上午|下午|下班前|放学前|\p{Han}{0,4}之?前)?\s*(?:能不能|能否|能|可以|来得及)(?:修|弄|搞|换)(?:好|完)(?:吗|么|不|没)?[？?]*`

// urgedReport reads text as a report when it is a progress question only
// by the words in it urging haste (赶紧修, 快点修: progress markers) and
// it names a fault of its own: 「二楼厕所冲水坏了 一直不出水 … 赶紧修一下
// 吧」 (user test 32's T7) reports the toilet, urgently, whatever else
// the sender has open. Whether it rather urges a job of hers that it
// names is the caller's to tell (urgesNamed). ok is false when the words
// are a question without the urging too (灯修好了吗 还是不亮).
func urgedReport(text string, locs []flows.Location, s Sender) (Reading, bool) {
	asked := nudgeRE
	if !nudgeRE.MatchString(text) {
		if !canFixAskRE.MatchString(text) {
			return Reading{}, false
		}
		asked = canFixAskRE
	}
	rd := readerFor(lexicon.Default().With(s.Lexicon))
	norm := parse.Normalize(text)
	if in, fault := rd.intent(asked.ReplaceAllString(norm, " "), locs, s); in != IntentReport || !fault {
		return Reading{}, false
	}
	rdg := Reading{Intent: IntentVague, Problems: rd.problems(norm, locs, s)}
	for _, g := range rdg.Problems {
		if g.Trade != "" {
			rdg.Intent = IntentReport
		}
	}
	return rdg, true
}
