package visit

import (
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/lexicon"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// VisitorGuess is what ParseVisitor read from a guard's message. Numbers
// are raw candidates: the flow validates them (and explains a wrong one);
// nothing here is a decision.
type VisitorGuess struct {
	Name string
	// OrgLabelled is set when Org was said after its label (单位是教育局):
	// a correction that replaces the organisation, never a short mention
	// of it (user test 27's K38 kept 「人家教育局」).
	OrgLabelled bool
	Surname     string // 带队的姓刘: all that was said of the name, which is still to ask
	Nickname    string // 小刘, 老王: what the visitor is called (Surname is its surname)
	Driver      bool   // 司机姓刘, 送货的: one the gate calls 刘师傅 when no full name is given
	IDType      IDType // "" when no document type was named; IDNone: registered without one
	IDNumber    string // as typed, spaces removed; validate before use
	IDNote      string // the guard's words about the document: 没带身份证, 驾驶证, 工作证（没带身份证）
	Phone       string // a valid mainland mobile number, 11 digits, or a landline with its area code (025-83456789)
	BadPhone    string // something that looked like a phone number but is not valid
	Org         string
	Parent      bool   // the visitor was called a parent (家长, 学生家长, 爷爷 ...)
	Purpose     string // one of VisitPurposes
	PurposeNote string // the words that gave the purpose, as typed: 家长会, 送实验器材
	// Guessed is set when the purpose is only a word left over that is
	// not a name (座谈): good in a whole check-in, not as a correction.
	Guessed   bool
	Host      string // who the visitor asks for, as typed: 初二班主任李老师
	Plate     string // a valid plate
	BadPlate  string // something that looked like a plate but is not valid
	NoVehicle bool   // 步行, 无车, 走路来的 ...
	Party     int    // 0 when not given
	// Arrived is set when the message tells of someone arriving (教育局来了,
	// 送菜的车到了): a check-in told as a story.
	Arrived bool
	// NoNumber is set when the guard says the document has no number
	// (工作证上没有号码, 没有编号): a work ID may have none.
	NoNumber bool
	// Held is set when the guard says they are holding an upset visitor
	// at the gate (在那嚷嚷, 我先拦着的): the host's card says so.
	Held bool
}

// Empty reports whether nothing was read.
func (g VisitorGuess) Empty() bool {
	g.Held = false // 我先拦着的 alone says how, nothing to register
	return g == VisitorGuess{}
}

// VisitPurposes are the common reasons for a visit, offered as choices.
// The words that name them are data (flows/lexicon, kind purpose).
var VisitPurposes = lexicon.Purposes

// reasonWords mark the guard's words about a missing document: 说忘家里了,
// 用户口本, 临时身份证明.
var reasonWords = []string{"忘", "丢", "掉了", "户口", "证明", "过期", "补办", "没带", "驾照"}

// fillers are words around the facts that mean nothing to the check-in:
// 门口有个家长 → 家长; 有个送菜的 → 送菜. Words that count the visitors
// (第二个孙丽, 还有一个送菜的马师傅: the fourteenth user test's) say which
// one this is, nothing of the visit.
var fillerPrefixes = []string{"门口有个", "门口有位", "门口来了个", "来了个", "来了位", "还有一个", "还有一位", "还有个", "还有位",
	"第二个", "第三个", "第四个", "第二位", "第三位", "下一个", "下一位", "另一个", "另一位", "有个", "有位", "一个", "一位", "门口"}

var (
	// idGroupRE is a resident ID number as typed: 18 characters, or in
	// groups (6-8-4, 4-4-4-4-2, 6-4-4-4) split by spaces or dashes.
	idGroupRE = `\d{6}[ \-]?\d{8}[ \-]?\d{3}[0-9Xx]|\d{4}[ \-]\d{4}[ \-]\d{4}[ \-]\d{4}[ \-]\d[0-9Xx]|\d{6}[ \-]\d{4}[ \-]\d{4}[ \-]\d{3}[0-9Xx]`
	// groupedIDRE finds a bare ID number typed in groups; it is taken
	// only when it is valid, so that two phone numbers never pass for one.
	groupedIDRE = rx.MustCompile(`(?:^|[^0-9A-Za-z])(` + idGroupRE + `)(?:$|[^0-9A-Za-z])`)
	// residentRE finds a bare 18-character ID number; \b is an ASCII word
	// boundary, so Chinese characters around it do not stop a match.
	residentRE = rx.MustCompile(`\b\d{17}[0-9Xx]\b`)
	// shortPhoneRE is a mobile number one digit short (1391234567), or
	// one long (user test 17's dictated 幺五九八三三二一七七六五, twelve
	// digits): said so, rather than dropped.
	shortPhoneRE = rx.MustCompile(`\b1[3-9](?:\d{8}|\d{10})\b`)
	// landlineRE is a landline with its area code (025-83456789, (0571)
	// 8765432), with the words before it that say whose number it is
	// (写单位电话, 教育局办公室的座机). Group 1 is the number.
	landlineRE = rx.MustCompile(`(?:(?:就)?(?:写|留|登记|记)?(?:个|一下)?(?:他|她)?(?:们)?(?:\p{Han}{0,6}?(?:办公室|单位|公司)的?)?(?:电话|座机|固话)(?:号码?)?\s*[:：是为]?\s*)?((?:\+?86[- ]?)?(?:\(0\d{2,3}\)|\b0\d{2,3})[- ]?\d{5,9})\b`)
	phoneRE    = rx.MustCompile(`(?:\+?86[- ]?)?\b1\d{2}[- ]?\d{4}[- ]?\d{4}\b`)
	plateRE    = rx.MustCompile(`[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Za-z][·. ]?[0-9A-Za-z]{4,6}[警学挂领港澳]?`)
	// hostRE is who the visitor asks for, up to their title when one
	// follows (找孙海燕主任送教辅资料: 孙海燕主任, then the reason).
	hostRE = rx.MustCompile(`(?:找|拜访|约见|要见|想见|来见|求见|访问|被访人|被访者|被访|受访人|受访者)\s*[:：\-]?\s*([^\s,，、;；。/|]+(?:班主任|副校长|老师|主任|校长|师傅|书记|处长|科长)|[^\s,，、;；。/|]+)`)
	// hostSignsRE is what the host does for a delivery, run into their
	// name: 找钱阿姨签收 (user test 16's, a host 「钱阿姨签收」 not found),
	// 找王老师签字, 找食堂收货. The host is the words before it.
	hostSignsRE = rx.MustCompile(`(?:签收|签字|签个字|收货|收一下|验收|接收|来收|来拿)$`)
	// leaderThenWhyRE is a leader's title alone, run into what the visitor
	// wants of them (the sixteenth user test's 找校长谈合作 was a host called
	// 「校长谈合作」): the title is the host, the rest the reason. An office
	// after the title (校长办公室, 主任室) is the host whole.
	leaderThenWhyRE = rx.MustCompile(`^(校长|副校长|书记|副书记|主任|副主任)([^办室处部科的们助秘夫太]\p{Han}+)$`)
	// kinHostRE is the teacher of the visitor's child: 她孙子班主任, 他家孩子的班主任.
	kinHostRE = rx.MustCompile(`^(?:她|他)?家?的?(?:孙子|孙女|孩子|儿子|女儿|外孙女?|小孩)的?(班主任)(?:老师)?$`)
	// hostGiveRE names the host as whom something is brought to:
	// 送快递给王老师, 给李老师送资料; 送菜给钱阿姨, the canteen's (user
	// test 31: not understood, no host read).
	hostGiveRE = rx.MustCompile(`((?:送|带|交|拿)[^\s,，、;；。/|给]{0,8}?)给([^\s,，、;；。/|]{1,6}?(?:班主任|副校长|老师|主任|校长|师傅|书记|阿姨)|(?:教务|总务|政教|德育|后勤|保卫|校长|财务|办公)(?:处|室|办))`)
	// hostByRE names the host before what they did: 何师傅叫来的, 孙主任约的,
	// 赵敏老师打过电话了, 李老师说可以 (user test 29c's V14, asked again).
	hostByRE = rx.MustCompile(`([^\s,，、;；。/|]{2,6}?)(?:叫来的|约的|约好的|让来的|打过电话了?|打了电话|说可以了?|说了可以|说行|同意了|答应了)`)
	// hostClassRE names the host by their class: 王老师班上的家长,
	// 马超班上学生家长, 吴晓东班 学生家长.
	hostClassRE = rx.MustCompile(`([^\s,，、;；。/|]{2,6}?)班上|(\p{Han}{2,3})班\s*的?\s*学生家长`)
	// partyTotalRE is 一共三个: the whole party.
	partyTotalRE = rx.MustCompile(`(?:一共|总共)\s*([0-9]{1,3}|[一二两三四五六七八九十]{1,3})\s*个`)
	// partyLabelRE is the party named as the read-back's field: 人数：2,
	// 人数就写3, 人数改成两个人.
	partyLabelRE = rx.MustCompile(`人数\s*(?:不对|错了|写错了)?\s*[:：\-]?\s*(?:应该是|应是|是|为|改成|改为|换成|写成|记成|就写|就记|写|记|填)?\s*([0-9]{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:个人|人|位|个)?`)
	partyRE      = rx.MustCompile(`(?:一行|共|共计)?\s*([0-9]{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:个人|人|位|个(?:学生)?\p{Han}{0,2}?(?:家长|老师|工人|师傅|学生|人员))`)
	// partyDoingRE counts workers said by what they came to do: 三个装监控的
	// 工人, 还有两个修空调的师傅 (the thirteenth user test's had party 1 and
	// 事由 其他（还有三个装监控）). The count is the party (the leader named
	// after is one of them); what they do (the second group) is left to
	// read as the reason. 还有 before it says there are more of them, not
	// more beside them.
	partyDoingRE = rx.MustCompile(`(?:还有|另有|另外)?\s*([0-9]{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:个|位|名)(\p{Han}{2,6}?)的?(?:工人|师傅|人员|技术员|工作人员)`)
	// arrivedPartyRE counts those who arrived, whoever they are: 来了两个民警,
	// 到了三位, 又来俩家长 (the eighth user test's). What follows the count
	// is left to read.
	arrivedPartyRE = rx.MustCompile(`(?:又来了|来了|又到了|到了|又来)\s*(?:([0-9]{1,3}|[一二两三四五六七八九十]{1,3})\s*(?:个|位|名)|(俩|仨))`)
	// coupleRE is a couple who came together: 两口子, 夫妻俩.
	coupleRE = rx.MustCompile(`两口子|夫妻俩|夫妻两个|夫妻二人`)
	// companionRE counts people with the visitor: 同行一人, 还有司机一人.
	companionRE = rx.MustCompile(`(?:同行|还有|另有|另外还有|另外)\s*[^\s,，、;；0-9一二两三四五六七八九十]{0,3}?\s*([0-9]{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:个人|人|位)`)
	// relativeRE is one person who came with the visitor: 和爱人, 带孩子姥姥.
	// 还带了个小的 (the eleventh user test's): a child, said as the little one.
	// 带她老公一起 (the thirteenth user test's): 一起 says they came
	// together, and is no reason (事由 had been 家长来访（一起）).
	relativeRE = rx.MustCompile(`(?:和|与|跟|带着|带了|带|陪着|陪)(?:他|她)?(?:个|一个)?(?:孩子)?(?:爱人|老公|老婆|妻子|丈夫|姥姥|姥爷|奶奶|爷爷|外公|外婆|朋友|同事|司机|助手|家属|母亲|父亲|妈妈|爸爸|小孩子|孩子|小孩|小朋友|小的|孙子|孙女)(?:\s*(?:一起|一块儿?|一道)(?:来的?|过来的?)?)?`)
	// labelRE is a field's word before its value, and the verb of a
	// correction with it: 单位：区教育局, 单位是区教育局, 事由改成送药.
	// 事由不对 是来检查灭火器的: the field said wrong, then its value.
	labelRE = rx.MustCompile(`^(姓名|名字|访客姓名|来访人员|来访人|人员|单位|工作单位|事由|来访事由|目的|车牌|车牌号|车辆|手机|电话|手机号|联系电话)\s*(?:不对|错了|写错了|有误|搞错了|记错了)?\s*[:：\-]?\s*(?:应该是|应是|是|为|改成|改为|换成|写成|记成|就写|就记|记一下|写|记|填)?\s*`)
	// noCarRE is a visitor without a car: 步行, 没开车, 没有开车, 车没开来,
	// and how they came instead (走路来的, 走过来的, 骑电动车来的, 打车过来的).
	noCarRE = rx.MustCompile(`(?:走路|走着|步行|骑(?:电动|自行)?车|打车|打的|坐(?:公交|地铁|大巴|班车|客车)车?)(?:过)?来的?|走(?:过)?来的|步行|走路|无车|没(?:有)?(?:开|带|骑)?车|未开车|不开车|无车辆|车没(?:有)?开(?:过来|进来|来)?|^(?:骑的?)?(?:电动车|电瓶车|自行车)$|骑(?:着|了|的)?(?:个|辆)?(?:电动车|电瓶车|自行车|单车)|车(?:停)?在(?:校)?外面|车停(?:校)?外面|车不进(?:来|校)|` +
		// User test 16's 「车停外边马路上了，不开进来」: the car left outside
		// the gate, on the road, and not driven in.
		`车(?:就)?停(?:在)?(?:学校|校)?(?:外边|外头|门外|大门外|门口外面)(?:的)?(?:马路|路边|路)?(?:上|边)?(?:了)?|车(?:就)?停(?:在)?(?:马路|路边|路)(?:上|边)?(?:了)?|(?:车)?不开进(?:来|校|学校)`)
	latinNameRE = rx.MustCompile(`\b[A-Z][a-z]+(?:[ .][A-Z][a-z]+){1,2}\b`)
)

// barePermit is 通行证 said alone: three permits go by that name, told
// apart by their numbers (permitByNumber).
const barePermit = "通行证"

var (
	// homeReturnNumberRE is a 回乡证's number: H (Hong Kong) or M (Macau)
	// and 8 digits, or 10 on the older cards.
	homeReturnNumberRE = rx.MustCompile(`^[HM]\d{8}(?:\d{2})?$`)
	// taiwanNumberRE is a 台胞证's number: 8 digits, or 10 on the older
	// cards (with a letter after them in brackets, dropped when typed).
	taiwanNumberRE = rx.MustCompile(`^\d{8}(?:\d{2})?$`)
)

// permitByNumber is the permit a number said after 通行证 alone belongs
// to: a 回乡证's or a 台胞证's by their formats, else typ (the word's
// type, 港澳通行证).
func permitByNumber(number string, typ IDType) IDType {
	switch {
	case homeReturnNumberRE.MatchString(number):
		return IDHomeReturn
	case taiwanNumberRE.MatchString(number):
		return IDTaiwan
	}
	return typ
}

// noNumberRE is a document said to have no number: 没有号码, 上面没有编号,
// 工作证上没号 (the document's word is left to read).
//
// 没记号码, 号码没抄, 忘了记号码 (user test 34's T50: 「消防的 看了工作证 没记号
// 码」): the guard saw the document and did not note its number, which is
// recorded the same way.
var noNumberRE = rx.MustCompile(`(?:上面|上)?(?:没有?|无|没印|没(?:记|抄|登|写)下?来?|忘(?:了|记)?(?:记|抄|写|登记?)下?来?)(?:证件)?(?:的)?(?:号码|编号|证号|号)|没号|(?:号码|编号|证号)(?:没|忘了?)(?:记|抄|写|登记?)`)

// recordRE is the guard's words telling houqin what to write before a
// value: 你就记教育局的吧, 就写区教育局, 记成市教育局. Such words are no part
// of the value.
var recordRE = rx.MustCompile(`^(?:你|您)?(?:就|先|还是|直接)?(?:给(?:他|她|他们)?)?(?:记|写|填|登记)(?:成|为|上|个|一下)?`)

// cutRecord takes recordRE's words off the front of tok when what is left
// is an organisation, or the words hold more than a bare 记 or 写 (就写,
// 记成): 记者 stays.
func (v *vocab) cutRecord(tok string) string {
	m := recordRE.FindString(tok)
	rest := tok[len(m):]
	if m == "" || rest == "" {
		return tok
	}
	if v.isOrg(trimParticles(rest, true)) || utf8.RuneCountInString(m) >= 2 {
		return rest
	}
	return tok
}

// purposeStartRE begins a reason, not an organisation: 来学校拿东西.
var purposeStartRE = rx.MustCompile(`^(?:来|去|到|回|给|送|接|拿|取)`)

// purposeVerbRE begins a reason with a place in it: 接孩子去医院, 送孩子去医院.
var purposeVerbRE = rx.MustCompile(`^(?:接|送|带)(?:孩子|学生)?去`)

// guardSlips mends slips of pinyin input and of voice input (语音转文字) in
// words the parser looks for (总务出 for 总务处, 班主认 and 班主人 for 班主任,
// 身分证 for 身份证, 店话 for 电话), and spells 俩/仨 as numbers.
var guardSlips = strings.NewReplacer("总务出", "总务处", "班主认", "班主任", "班主人", "班主任", "叫务处", "教务处",
	"他们班的班主任", "班主任", "他们班班主任", "班主任", "他们班主任", "班主任", "她们班主任", "班主任",
	"身分证", "身份证", "深份证", "身份证", "身份正", "身份证", "店话", "电话", "收集号", "手机号", "车排", "车牌",
	"俩人", "两人", "仨人", "三人")

// firstOfRE is a count of visitors and the first of them to register:
// 门口来了仨人 先整第一个 (the fourteenth user test's, read as a party of 3).
// The count is of visitors each registered on their own, not this one's
// party; neither is a name or a reason.
var firstOfRE = rx.MustCompile(`(?:门口)?(?:又)?(?:来了|到了|有)?\s*(?:[0-9]|[两二三四五六七八九十]|俩|仨)\s*(?:个人|人|位|个)\s*[,，。\s]*(?:先|我先)?(?:整|登|登记|记|办|弄|说)?\s*(?:第一个|头一个|第一位)`)

// hostSlipRE is 照 heard for 找 before someone to see (照总务处陈主任, 照孙主任);
// elsewhere 照 is a word of its own (照片, 驾照, 按照).
var hostSlipRE = rx.MustCompile(`(^|[\s,，。、])照(\p{Han}{0,6}?(?:老师|主任|校长|师傅|处|班主任|科|室)|\p{Han}{2,4}(?:$|\s))`)

// spokenRE is a number as voice input writes it, in Chinese digits or
// mixed with Arabic ones, in groups: 幺三八 零零幺三 八零零零, 4201幺幺 一九九二;
// 幺 and 洞 are the 1 and 0 of spoken numbers, 两 a 2, and an ID's last
// X is said 叉 or 大写X.
var spokenRE = rx.MustCompile(`[0-9零〇一二三四五六七八九幺两洞]+(?:[ \-][0-9零〇一二三四五六七八九幺两洞]+)*(?:大写[xX]|[叉xX])?`)

// spokenPlateRE is a plate with its digits said: 浙A幺七三K九.
var spokenPlateRE = rx.MustCompile(`([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Za-z][·. ]?)([0-9A-Za-z零〇一二三四五六七八九幺两洞]{4,6})`)

var spokenDigit = map[rune]rune{'零': '0', '〇': '0', '洞': '0', '一': '1', '幺': '1', '二': '2', '两': '2', '三': '3',
	'四': '4', '五': '5', '六': '6', '七': '7', '八': '8', '九': '9'}

// withSpokenDigits writes numbers said in Chinese digits in Arabic ones,
// where they are a phone or a document number (seven digits or more, at
// least three of them said) or a plate's: a count (三个人) or a class (初一二班)
// is left alone.
func withSpokenDigits(s string) string {
	digits := func(m string) string {
		var b strings.Builder
		for _, r := range m {
			if d, ok := spokenDigit[r]; ok {
				r = d
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	s = spokenRE.ReplaceAllStringFunc(s, func(m string) string {
		n, said := 0, 0
		for _, r := range m {
			if _, ok := spokenDigit[r]; ok {
				n, said = n+1, said+1
			} else if r >= '0' && r <= '9' {
				n++
			}
		}
		if n < 7 || said < 3 { // 李四110105…: a name's 四 before a typed number
			return m
		}
		body := strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(m, "叉"), "大写X"), "大写x"), "x")
		if body != m || strings.HasSuffix(m, "X") {
			return digits(strings.TrimSuffix(body, "X")) + "X"
		}
		return digits(m)
	})
	return spokenPlateRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := spokenPlateRE.FindStringSubmatch(m)
		return sub[1] + digits(sub[2])
	})
}

// MaxVisitorText bounds the text ParseVisitor reads.
const MaxVisitorText = 300

// ParseVisitor reads a one-message check-in such as
// "张三 身份证110105194912310021 13800138000 找初二班主任李老师 家长会 京A12345":
// the document (after a document word, a bare 18-character resident
// number, typed whole or in groups, or 没带身份证 for none), the mobile
// number, the plate, who the visitor asks for (after 找), the party size
// (3人, 王强等3人), the purpose (as typed: 送实验器材, 商务洽谈, with its kind
// when a word names one), the organisation (单位…, a word ending 公司, 局 ...,
// or a known one: 顺丰, 格力售后) and the name (姓名…, after a role word:
// 司机赵建军, 负责人 孙海, or a word of 2–4 Chinese characters that starts
// with a surname, or a name in Latin script: John Smith). The pieces may
// come in any order, separated by spaces, commas, 、 ； / or |.
//
// ParseVisitor reads with the default words (flows/lexicon); the flow
// reads with the guard's school's own words added (houqin lexicon add).
func ParseVisitor(text string) VisitorGuess { return defaultVocab().parseVisitor(text) }

// parseVisitor is ParseVisitor with v's words.
// orgPronounRE is the guard's word for the visitors before their
// organisation, no part of it: 人家教育局的 (user test 27's K37), 他们公司.
var orgPronounRE = rx.MustCompile(`^(?:人家|他们|她们|他|她|对方)(?:的)?`)

func (v *vocab) parseVisitor(text string) VisitorGuess {
	var g VisitorGuess
	s := parse.Normalize(text)
	if utf8.RuneCountInString(s) > MaxVisitorText {
		s = string([]rune(s)[:MaxVisitorText])
	}
	s = guardSlips.Replace(s)
	s = firstOfRE.ReplaceAllString(s, " ")
	s = hostSlipRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := hostSlipRE.FindStringSubmatch(m)
		if v.isOrg(strings.TrimSpace(sub[2])) {
			return m // 照明公司 is a company
		}
		return sub[1] + "找" + sub[2]
	})
	s = withSpokenDigits(s)
	s = withoutRetracted(s) // 苏A8B66Q 不对 是苏A8B669: the second plate
	said := s
	class := classRE.FindString(s)
	cut := func(re *rx.Regexp, f func(m []string) bool) {
		s = re.ReplaceAllStringFunc(s, func(m string) string {
			if f(re.FindStringSubmatch(m)) {
				return " "
			}
			return m
		})
	}
	cut(v.noDocRE, func(m []string) bool {
		if g.IDNote == "" {
			g.IDNote = m[0]
		}
		return true
	})
	cut(v.otherNoDocRE, func([]string) bool { return true }) // 没带工作证: not the ID card
	cut(noNumberRE, func([]string) bool { g.NoNumber = true; return true })
	// other is another document's word (工作证): the note, before the
	// guard's words about the ID card.
	other := ""
	cut(v.docRE, func(m []string) bool {
		if g.IDNumber != "" {
			return false
		}
		if _, err := parse.ValidatePhone(m[2]); err == nil && len(m[2]) == 11 {
			return false // 其他证件 13811110000: the phone follows the word, not a number of it
		}
		g.IDType = v.docs[m[1]]
		if g.IDType == IDOther {
			other = m[1] // the word, without 号
		}
		g.IDNumber = strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(m[2]))
		if m[1] == barePermit {
			g.IDType = permitByNumber(g.IDNumber, g.IDType)
		}
		return true
	})
	s = groupedIDRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := groupedIDRE.FindStringSubmatch(m)
		n, err := parse.ValidateID(sub[1])
		if g.IDNumber != "" || err != nil {
			return m
		}
		g.IDNumber = n
		return strings.Replace(m, sub[1], " ", 1)
	})
	cut(residentRE, func(m []string) bool {
		if g.IDNumber != "" {
			return false
		}
		g.IDNumber = strings.ToUpper(m[0])
		return true
	})
	if g.IDNumber == "" {
		// 没带身份证 有工作证: another document, shown instead of the ID card.
		if m := v.otherDocRE.FindStringSubmatch(s); m != nil {
			g.IDType, other = IDOther, m[2]
		} else if g.IDNote != "" {
			g.IDType = IDNone
		}
	}
	s = v.otherDocRE.ReplaceAllString(s, "$1 ")
	cut(phoneRE, func(m []string) bool {
		if g.Phone != "" {
			return false
		}
		if p, err := parse.ValidatePhone(m[0]); err == nil {
			g.Phone = p
		} else if g.BadPhone == "" {
			g.BadPhone = m[0]
		}
		return true
	})
	cut(landlineRE, func(m []string) bool {
		// 就写教育局办公室电话025-83456789: an office's landline, with the
		// words that say whose it is (not a purpose, not an organisation).
		if g.Phone != "" {
			return false
		}
		if p, err := parse.ValidateLandline(m[1]); err == nil {
			g.Phone = p
		} else if g.BadPhone == "" {
			g.BadPhone = m[1]
		}
		return true
	})
	cut(shortPhoneRE, func(m []string) bool {
		if g.Phone != "" || g.BadPhone != "" {
			return false
		}
		g.BadPhone = m[0]
		return true
	})
	cut(plateRE, func(m []string) bool {
		if g.Plate != "" {
			return false
		}
		if p, err := parse.ValidatePlate(m[0]); err == nil {
			g.Plate = p
			return true
		}
		if g.BadPlate == "" {
			g.BadPlate = m[0]
		}
		return true
	})
	cut(noCarRE, func([]string) bool { g.NoVehicle = true; return true })
	s = hostRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := hostRE.FindStringSubmatch(m)
		if k := kinHostRE.FindStringSubmatch(sub[1]); k != nil && g.Host == "" {
			g.Host = k[1] // 找她孙子班主任: the child's teacher
			return " "
		}
		if g.Host != "" || v.guessPurpose(sub[1]) == "家长来访" {
			return m // 找孩子 is a parent's reason, not a host
		}
		if k := leaderThenWhyRE.FindStringSubmatch(sub[1]); k != nil {
			g.Host = k[1] // 找校长谈合作: the 校长, and why, left to read
			return " " + k[2] + " "
		}
		g.Host = hostSignsRE.ReplaceAllString(sub[1], "")
		return " "
	})
	s = hostGiveRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := hostGiveRE.FindStringSubmatch(m)
		if g.Host != "" {
			return m
		}
		g.Host = sub[2]
		return " " + sub[1] + " " // 送快递给王老师: the reason stays to read
	})
	cut(hostByRE, func(m []string) bool {
		if g.Host != "" || strings.HasSuffix(m[1], "预") || strings.HasSuffix(m[1], "大") {
			return false // 家长预约的, 大约的: not someone who made the appointment
		}
		g.Host = m[1]
		return true
	})
	s = hostClassRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := hostClassRE.FindStringSubmatch(m)
		who := sub[1] + sub[2]
		if g.Host != "" || class != "" && strings.Contains(class, who+"班") || strings.HasPrefix(who, "初") || strings.HasPrefix(who, "高") {
			return m // 七年级三班学生家长: a class, not a teacher's name
		}
		g.Host = who
		if sub[1] != "" {
			return strings.Replace(m, who+"班上", " ", 1)
		}
		return strings.Replace(m, who+"班", " ", 1)
	})
	if (g.Host == "班主任" || g.Host == "班主任老师") && class != "" {
		g.Host = class + "班主任" // 初二1班刘子涵妈妈 … 找班主任
	}
	cut(digitSlipRE, func([]string) bool { return true }) // 少打了一位: a digit
	companions := 0
	cut(companionRE, func(m []string) bool {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			n, _ = parse.Numeral(m[1])
		}
		if n < 1 || n > 199 {
			return false
		}
		companions += n
		return true
	})
	cut(relativeRE, func([]string) bool { companions++; return true })
	cut(partyLabelRE, func(m []string) bool { return g.partyOf(m[1]) })
	cut(partyTotalRE, func(m []string) bool {
		n, err := strconv.Atoi(m[1])
		if err != nil {
			n, _ = parse.Numeral(m[1])
		}
		if g.Party != 0 || n < 1 || n > 200 {
			return false
		}
		g.Party = n
		return true
	})
	s = partyDoingRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := partyDoingRE.FindStringSubmatch(m)
		n, err := strconv.Atoi(sub[1])
		if err != nil {
			n, _ = parse.Numeral(sub[1])
		}
		// 还有一个送菜的马师傅: 的 and a surname before 师傅 are the
		// visitor's name (马师傅), not workers counted (the fourteenth user
		// test's 事由「送货（送菜的马）」).
		if g.Party != 0 || n < 1 || n > 200 || strings.Contains(sub[2], "的") ||
			!v.knownPurpose(sub[2]) && !strings.ContainsAny(string([]rune(sub[2])[0]), "修装换送检拆搬") {
			return m
		}
		g.Party = n
		return " " + sub[2] + " " // 装监控: why they came
	})
	cut(partyRE, func(m []string) bool {
		if g.Party != 0 {
			return false
		}
		n, err := strconv.Atoi(m[1])
		if err != nil {
			n, _ = parse.Numeral(m[1])
		}
		if n < 1 || n > 200 {
			return false
		}
		g.Party = n
		if strings.Contains(m[0], "家长") {
			g.Parent = true // 三个学生家长
			if g.Org == "" {
				g.Org = "学生家长"
			}
		}
		return true
	})
	cut(arrivedPartyRE, func(m []string) bool {
		n, err := strconv.Atoi(m[1])
		switch {
		case m[2] == "俩":
			n = 2
		case m[2] == "仨":
			n = 3
		case err != nil:
			n, _ = parse.Numeral(m[1])
		}
		if g.Party != 0 || n < 1 || n > 200 {
			return false
		}
		g.Party, g.Arrived = n, true
		return true
	})
	if g.Party == 0 && coupleRE.MatchString(s) {
		g.Party = 2
	}
	if g.Party == 0 && companions > 0 {
		g.Party = min(1+companions, 200)
	}
	cut(latinNameRE, func(m []string) bool {
		if g.Name != "" || !v.isName(m[0]) {
			return false
		}
		g.Name = m[0]
		return true
	})
	s = v.joints(s)
	s = fussRE.ReplaceAllStringFunc(s, func(string) string {
		g.Held = true // 家长在那嚷嚷, 我先拦着的: how, not who or why
		return " "
	})
	s = arrivedRE.ReplaceAllStringFunc(s, func(m string) string {
		g.Arrived = true
		sub := arrivedRE.FindStringSubmatch(m)
		return sub[1] + " " + sub[2]
	})
	driver := false // 司机姓刘: the surname is a driver's (driverWords)
	s = surnameRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := surnameRE.FindStringSubmatch(m)
		if slices.ContainsFunc(childWords, func(w string) bool { return strings.HasSuffix(sub[2], w) }) {
			return sub[1] + " " + sub[4] // 孩子姓王: the child's, nothing of the visit
		}
		if sur := sub[3]; g.Surname == "" && (utf8.RuneCountInString(sur) == 1 && v.hasSurname(sur) || slices.Contains(v.compounds, sur)) {
			g.Surname = sur
			driver = slices.ContainsFunc(driverWords, func(w string) bool { return strings.Contains(said, w) })
		}
		return sub[1] + sub[2] + " " + sub[4] // 司机姓祝 祝永福: the role, then the name
	})
	label := ""
	for _, tok := range v.joinOrgKinds(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",，、;；。/|｜()（）:：", r)
	})) {
		label = g.token(v, tok, label)
	}
	if other != "" {
		g.IDNote = docNote(other, g.IDNote)
	}
	if departmentRE.MatchString(g.Name) {
		// 区教育局安全科来了俩人 (user test 17): 安全科 is the unit's
		// department, not the visitor's name; the name is still to ask.
		g.Org, g.Name = g.Org+g.Name, ""
	}
	if g.Name != "" && g.Surname != "" && !strings.HasPrefix(g.Name, g.Surname) {
		g.Surname = "" // 姓祝 祝永福; a surname not the name's is the guard's slip, the name says more
	}
	g.Driver = driver
	if g.Held && g.PurposeNote != "" {
		g.PurposeNote = flows.Clip(g.PurposeNote+"；门卫已先拦在门口", 50)
	}
	g.Org = orgPronounRE.ReplaceAllString(g.Org, "")
	if !g.Parent && v.childsParent(s) {
		// 刘子涵妈妈还是要自己送上去 王芳 … (user test 26): a pupil's parent,
		// said in a word run on with others; 单位 is 学生家长, not asked.
		g.Parent = true
		if g.Org == "" {
			g.Org = "学生家长"
		}
	}
	if cls, child, why, ok := v.fetchedChild(said); ok && child != g.Name && (g.Parent || g.Purpose == "" || g.Purpose == "其他" || g.Purpose == "家长来访") {
		// 初一2班王梓涵发烧了 她妈妈来接 (user test 30's T23): a parent come
		// for a pupil, the pupil and why the reason, not 来接 alone.
		g.Parent, g.Purpose, g.PurposeNote, g.Guessed = true, "家长来访", fetchReason(g.PurposeNote, cls, child, why), false
		if g.Org == "" {
			g.Org = "学生家长"
		}
	}
	switch {
	case g.Parent && (g.Purpose == "" || g.Purpose == "其他"):
		g.Purpose = "家长来访" // 奶奶 来送药: a parent's visit, for that
	case g.Purpose == "" && g.Org != "" && slices.ContainsFunc(v.couriers, func(c string) bool { return strings.Contains(g.Org, c) }):
		g.Purpose = "送货" // 中通快递 小哥叫马明: a courier delivers
	case g.Purpose == "" && g.Org != "":
		// 空调维保公司来了三个人: a company whose name says its trade came
		// for that (施工维修（空调维保）); a guess, which the guard's own
		// reason replaces.
		if p, note := v.orgPurpose(g.Org); p != "" {
			g.Purpose, g.PurposeNote, g.Guessed = p, note, true
		}
	}
	return g
}

// orgTrades are the kinds of visit an organisation's name may tell by
// itself: a 维保公司 maintains, a 物流公司 delivers. An office's name (教育局)
// says who came, not why.
var orgTrades = []string{"施工维修", "送货"}

// orgPurpose is the visit's kind an organisation's name tells (orgTrades)
// and the name without its suffix as the note: 空调维保公司 → 施工维修,
// 空调维保. p is "" when the name tells none.
func (v *vocab) orgPurpose(org string) (p, note string) {
	p = v.guessPurpose(org)
	if !slices.Contains(orgTrades, p) {
		return "", ""
	}
	note = org
	for _, suf := range v.orgSuffixes {
		if r, ok := strings.CutSuffix(org, suf); ok && utf8.RuneCountInString(r) >= 2 && len(r) < len(note) {
			note = r
		}
	}
	return p, note
}

// The joints of a dictated check-in, where a guard speaking runs words
// together that the parser reads apart: a name after 叫 (有个家长叫陈美玲,
// 带头的叫林海涛) or after 带队的是; a role after an organisation and 的
// (韵达快递的快递员黄志伟); a field's word after the words before it
// (何丽娟手机号码); 她是/他是 (送教辅资料她是学海书店的). Fillers at a word's
// start (嗯, 那个, 就是, 然后, 说是, and 自称: the fourteenth user test's
// 「自称刘强」 had been read as the reason) and 姓祝 before the full name go.
var (
	jointCallRE   = rx.MustCompile(`(\p{Han})(?:名字|姓名)?叫(\p{Han}{2,4})`)
	jointLeaderRE = rx.MustCompile(`(带队|领队|负责|领头|带头)的是(\p{Han}{2,4})`)
	jointFieldRE  = rx.MustCompile(`(\p{Han})(手机号码|手机号|手机|电话号码|电话|联系方式|车牌号|车牌)`)
	jointWhoRE    = rx.MustCompile(`(\p{Han})[她他]是`)
	fillerRE      = rx.MustCompile(`(^|[\s,，。、])(?:嗯+|呃|啊|那个|就是|然后|说是|是|自称叫|自称)+`)
	// drivenRE is how the visitor came, by car: 开车来的, 开了辆面包车, 开着
	// 一辆小轿车. The plate, if given, says which; the words are no reason
	// for the visit (the twelfth user test's 事由「开了辆面包车」).
	drivenRE = rx.MustCompile(`开车(?:过|进)?来的?|开(?:了|着|的是|的)?(?:一)?(?:辆|台)?\p{Han}{0,3}?(?:车|面包|皮卡)(?:过|进)?(?:来的?)?`)
	// someoneRE is a person arriving said without a name: 又来个男的, 来了个
	// 女的. Nothing of it is a reason for the visit (the twelfth user
	// test's 事由「又来个男」).
	someoneRE = rx.MustCompile(`(?:又|还)?来了?(?:一)?(?:个|位)(?:男的|女的|男人|女人|人)`)
)

// A check-in told as a story: someone arrived (教育局来了, 区教育局来人了,
// 送菜的车到了, 修空调的师傅到了, 来了两个家长 once the party is read), and
// fussRE is the guard telling how an upset visitor behaves at the gate,
// and that they are holding them there: user test 17's 「门口来了个家长在
// 那嚷嚷 … 非要进去找初一1班班主任 我先拦着的」. It is neither the name nor
// the reason; the host's card says the guard holds the visitor. The
// leaders are not told on it: an upset parent is the class teacher's to
// meet, and the guard phones the 总务主任 when it turns into trouble.
var fussRE = rx.MustCompile(`(?:在(?:那|那儿|那里|门口)?)?(?:嚷嚷|吵吵|吵闹|大吵大闹|闹事|发火|骂人)(?:着|呢)?|(?:我)?(?:先)?(?:拦着(?:的|呢|了)?|拦住了?|拦下了?)(?:\s|$)`)

// departmentRE is a department of an office or bureau, a part of the
// visitor's unit and never a name: 安全科, 基建处, 政教处, 督导室, 信息中心
// (user test 17's 「区教育局安全科来了俩人」 named the visitor 安全科). The
// words before 科/处/室 are a small family of what departments are of,
// so that a name ending in one (张国科) stays a name.
var departmentRE = rx.MustCompile(`^(?:安全|保卫|安保|基建|财务|计财|人事|教务|政教|德育|后勤|总务|体卫艺?|宣传|组织|纪检|监察|审计|督导|督学|招生|学生|卫生|装备|信息|电教|法规|政策|办公|综合|党建|执法|监督|消防|防火|治安|食品|疾控|质检|技术|规划)(?:科|处|室|办|股|部|中心|办公室|大队|中队|支队)$`)

// what was said of a name (带队的姓刘, 司机姓黄, 姓欧阳的). The words of
// arriving go, leaving who came; a surname is kept apart from the name.
var (
	arrivedRE = rx.MustCompile(`(?:(的)(?:车|人)?)?(?:已经|刚)?(?:过来了|来人了|来了|到了|到门口了)([\s,，。、;；]|$)`)
	// namedPairRE is two people named together: 王科长和小刘, 张三跟李四.
	namedPairRE = rx.MustCompile(`^(\p{Han}{2,4}?)(?:和|跟|与|同)(\p{Han}{2,4})$`)
	surnameRE   = rx.MustCompile(`(^|[\s,，。、;；])(\p{Han}{0,4}?)姓(\p{Han}{1,2}?)的?([\s,，。、;；]|$)`)
	// driverWords name one whom the gate calls 师傅 (司机姓刘, 送货的,
	// 开车的, 卸完就走).
	driverWords = []string{"卸货", "卸完", "送货", "司机", "师傅", "送货的", "送菜的", "送货员", "开车的", "配送员", "装卸工", "工人"}
	// childWords before 姓 say whose surname it is: the child's, not the
	// visitor's (孩子姓王).
	childWords = []string{"孩子", "学生", "小孩", "儿子", "女儿", "孙子", "孙女"}
)

func (v *vocab) joints(s string) string {
	for i := 0; i < 3; i++ { // 嗯那个就是: fillers come in runs
		s = fillerRE.ReplaceAllString(s, "$1 ")
	}
	s = jointLeaderRE.ReplaceAllString(s, "$1的叫$2")
	s = jointCallRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := jointCallRE.FindStringSubmatch(m)
		if strings.ContainsAny(sub[2][:len("来")], "来去") || sub[1] == "的" {
			return m // 何师傅叫来的: who sent for them; 带头的叫秦梅: a role and its name
		}
		return strings.Replace(m, sub[1], sub[1]+" ", 1)
	})
	for i, p := range v.parents {
		// 刘一鸣爷爷刘德旺: the child's relative, then the relative's name.
		s = v.parentJoints[i].ReplaceAllStringFunc(s, func(m string) string {
			if i := strings.Index(m, p); i >= 0 && v.isName(strings.TrimSpace(m[i+len(p):])) {
				return m[:i+len(p)] + " " + m[i+len(p):]
			}
			return m
		})
	}
	for _, w := range v.roles {
		if utf8.RuneCountInString(w) >= 2 && !slices.Contains(v.parents, w) {
			s = strings.ReplaceAll(s, "的"+w, "的 "+w) // 盒马鲜生的配送员阮小波
		}
	}
	for _, suf := range v.orgSuffixes {
		// 印刷厂送试卷来了 (user test 31, T23): the company, then what it
		// brings; 印刷厂 had stayed in the reason and 单位 was asked.
		s = strings.ReplaceAll(s, suf+"送", suf+" 送")
	}
	s = jointFieldRE.ReplaceAllString(s, "$1 $2")
	s = drivenRE.ReplaceAllString(s, " ") // 开车来的: the plate says so
	s = someoneRE.ReplaceAllString(s, " ")
	return jointWhoRE.ReplaceAllString(s, "$1 ")
}

// particles are the words a sentence ends with that say nothing of the
// visit: 区教育局啊, 送药吧, 就找她孙子班主任呗.
const particles = "啊呀吧呗哦嘛哈"

// trimParticles takes particles off the end of a word, and 的 as well when
// of is set and two characters are left (顺丰的; but 美的 is a company).
func trimParticles(s string, of bool) string {
	for {
		r := []rune(s)
		n := len(r)
		switch {
		case n > 1 && strings.ContainsRune(particles, r[n-1]):
		case of && n > 2 && r[n-1] == '的':
		default:
			return s
		}
		s = string(r[:n-1])
	}
}

// docNote is the note of another document: its word, then the guard's
// words about the ID card (工作证（没带身份证）).
func docNote(word, reason string) string {
	if reason == "" || reason == word {
		return word
	}
	return flows.Clip(word+"（"+reason+"）", 50)
}

func joinNote(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "" || strings.Contains(a, b):
		return a
	}
	return flows.Clip(a+"，"+b, 50)
}

// partyOf takes the count n as the party, unless one was said already or
// it is no count of people.
func (g *VisitorGuess) partyOf(n string) bool {
	k, err := strconv.Atoi(n)
	if err != nil {
		k, _ = parse.Numeral(n)
	}
	if g.Party != 0 || k < 1 || k > 200 {
		return false
	}
	g.Party = k
	return true
}

// token classifies one word left after the numbers were taken out. label
// is the field a word just before named without a value (姓名 田亮, 司机
// 符强); it returns the label the next word answers.
func (g *VisitorGuess) token(v *vocab, tok, label string) string {
	if m := labelRE.FindStringSubmatch(tok); m != nil {
		rest := strings.TrimSpace(tok[len(m[0]):])
		if rest == "" {
			return m[1]
		}
		tok, label = rest, m[1]
	}
	tok = trimParticles(v.cutRecord(tok), false)
	switch label {
	case "姓名", "名字", "访客姓名", "来访人员", "来访人", "人员", "name":
		if n := v.nameIn(tok); g.Name == "" && n != "" {
			g.Name = n
			return ""
		}
	case "单位", "工作单位":
		if g.Org == "" {
			g.Org = flows.Clip(trimParticles(tok, true), 50)
			g.OrgLabelled = true
		}
		return ""
	case "事由", "来访事由", "目的":
		g.setPurpose(v, tok)
		return ""
	}
	if (g.IDType == IDNone || g.IDType == IDOther && g.IDNote != "") && slices.ContainsFunc(reasonWords, func(w string) bool { return strings.Contains(tok, w) }) {
		g.IDNote = joinNote(g.IDNote, tok) // the guard's reason: 说忘家里了, 用户口本
		return ""
	}
	for _, p := range fillerPrefixes {
		if r, ok := strings.CutPrefix(tok, p); ok && r != "" {
			tok = r
			break
		}
	}
	if m := namedPairRE.FindStringSubmatch(tok); m != nil && g.Name == "" && v.hasSurname(m[1]) && v.nameIn(m[1]) != "" &&
		v.isName(m[2]) && !v.isOrg(m[2]) {
		// 王科长和小刘 (user test 29's R34): two visitors named
		// together; the first is the one registered, the other one of
		// the party.
		g.Name = v.nameIn(m[1])
		g.Party = max(g.Party, 2)
		return ""
	}
	if r, ok := strings.CutPrefix(tok, "叫"); ok && v.hasSurname(r) && utf8.RuneCountInString(r) <= 4 {
		tok = r // 人叫黄师傅 (user test 16's): the name after 叫, a title too
	}
	for _, o := range v.knownOrgs {
		// 怡宝送水的: a known company, and what its visitor does.
		if rest, ok := strings.CutPrefix(tok, o); ok && strings.HasSuffix(rest, "的") && v.knownPurpose(strings.TrimSuffix(rest, "的")) &&
			!slices.Contains(v.orgKinds, strings.TrimSuffix(rest, "的")) { // 韵达快递的: the company's whole name

			if g.Org == "" || g.Org == "学生家长" {
				g.Org = o
			}
			g.setPurpose(v, strings.TrimSuffix(rest, "的"))
			return ""
		}
	}
	for _, suf := range v.orgSuffixes {
		// 海信售后修空调, 电信公司装网络的: an organisation, then what its
		// people came to do.
		// A one-character suffix (局, 委) ends a name of three or more
		// (区教育局巡考), before words of an errand (orgsErrand).
		if i := strings.Index(tok, suf); i > 0 {
			org, rest := tok[:i+len(suf)], strings.TrimSuffix(tok[i+len(suf):], "的")
			long := utf8.RuneCountInString(suf) >= 2
			if rest != "" && !v.noise[rest] && v.isOrg(org) && !purposeStartRE.MatchString(org) &&
				(long && v.knownPurpose(rest) || (long || utf8.RuneCountInString(org) >= 3) && !strings.ContainsAny(org, plainWords) && v.orgsErrand(rest)) {
				if g.Org == "" || g.Org == "学生家长" {
					g.Org = flows.Clip(org, 50)
				}
				g.setPurpose(v, rest)
				return ""
			}
			if rest != "" && v.isOrg(org) && !purposeStartRE.MatchString(org) && (long || utf8.RuneCountInString(org) >= 3) &&
				!strings.ContainsAny(org, plainWords) && v.orgsPeople(rest) {
				// 区教育局工作人员, 区教育局领导: the unit, and who of it
				// came; a name may follow.
				if g.Org == "" || g.Org == "学生家长" {
					g.Org = flows.Clip(org, 50)
				}
				return "name"
			}
		}
	}
	for _, suf := range v.orgSuffixes {
		// 教育局刘科长, 华建公司张经理: an organisation, then who of it came,
		// and maybe why (教育局刘科长来检查食堂); 区教育局的王科长来巡考
		// (user test 29) with 的 between.
		if i := strings.Index(tok, suf); i > 0 {
			org, rest := tok[:i+len(suf)], tok[i+len(suf):]
			who, why, _ := strings.Cut(strings.TrimPrefix(rest, "的"), "来")
			if who != "" && v.isOrg(org) && v.hasSurname(who) && v.isName(who) && !v.isPurpose(who) && !v.isOrg(who) &&
				(why == "" || v.knownPurpose("来"+why)) {
				if g.Org == "" || g.Org == "学生家长" {
					g.Org = flows.Clip(org, 50)
				}
				if g.Name == "" {
					g.Name = who
				}
				if why != "" {
					g.setPurpose(v, "来"+why)
				}
				return ""
			}
		}
	}
	if org, why, ok := strings.Cut(tok, "来"); ok && why != "" && v.isOrg(org) && !purposeStartRE.MatchString(org) &&
		(v.knownPurpose("来"+why) || arrivalOnlyRE.MatchString("来"+why)) {
		// 区教育局来检查: an organisation, and what its people came to do;
		// the organisation is its own field, not part of the reason.
		// 电力公司来了个师傅: the organisation, and only that someone came
		// (setPurpose keeps no such reason).
		if g.Org == "" || g.Org == "学生家长" {
			g.Org = flows.Clip(org, 50)
		}
		g.setPurpose(v, strings.TrimSuffix(why, "的"))
		return ""
	}
	if before, after, ok := strings.Cut(tok, "的"); ok && before != "" && v.hasSurname(after) && v.isName(after) && v.knownPurpose(before) &&
		!slices.Contains(v.roles, before+"的") && !slices.Contains(v.roles, before) { // 领头的李志强: who, not why
		// 来试讲的易梦婷: what the visitor came for, and who.
		g.setPurpose(v, before)
		if g.Name == "" {
			g.Name = after
		}
		return ""
	}
	for _, p := range v.parents {
		// 家长覃丽萍: a parent, named.
		if r, ok := strings.CutPrefix(tok, p); ok && v.hasSurname(r) && v.isName(r) {
			g.Parent = true
			if g.Org == "" {
				g.Org = "学生家长"
			}
			if g.Name == "" {
				g.Name = r
			}
			return ""
		}
	}
	if r, ok := strings.CutSuffix(tok, "的"); ok && slices.Contains(v.orgSuffixes, r) && utf8.RuneCountInString(r) >= 3 {
		if g.Org == "" || g.Org == "学生家长" {
			g.Org = r // 街道办的, 出版社的: whose people they are
		}
		return ""
	}
	if org, rest, ok := strings.Cut(tok, "的"); ok && org != "" && v.isOrg(org) {
		if g.Org == "" || g.Org == "学生家长" {
			g.Org = flows.Clip(org, 50) // 妇幼保健院的医生
		}
		if why, ok := strings.CutPrefix(rest, "来"); ok && why != "" && v.knownPurpose(rest) {
			g.setPurpose(v, why) // 教育局的来检查食堂: whose people, and why they came
		}
		if g.Name == "" && v.hasSurname(rest) && v.isName(rest) {
			g.Name = rest // 家委会的孙丽 (user test 32's T36): whose, then who
		}
		return ""
	}
	if r, ok := strings.CutSuffix(tok, "的"); ok && r != "" && !v.isOrg(tok) {
		tok = r // 送菜的; but 美的 is a company
	}
	if v.noise[tok] {
		if slices.Contains(v.roles, tok) {
			return "name"
		}
		return ""
	}
	if slices.Contains(v.roles, tok) && !slices.Contains(v.parents, tok) {
		return "name" // 快递员 (姓周): who came, not why
	}
	for _, w := range v.roles {
		// 田径队教练, 滴滴司机: who the next word is, and maybe from where.
		if pre, ok := strings.CutSuffix(tok, w); ok && pre != "" && utf8.RuneCountInString(w) >= 2 &&
			!slices.Contains(v.parents, w) && !v.knownPurpose(tok) {
			if utf8.RuneCountInString(pre) == 1 && v.hasSurname(pre) && v.isName(tok) {
				if g.Name == "" {
					g.Name = tok // 张师傅, 刘经理: all the guard knows of the name
				}
				return ""
			}
			if pre = strings.TrimSuffix(pre, "的"); v.isOrg(pre) && g.Org == "" {
				g.Org = flows.Clip(pre, 50) // 妇幼保健院的医生
			}
			return "name"
		}
	}
	for _, w := range v.parents {
		// 爸爸, 王强爸爸, and a child's full name before it: 刘子涵妈妈,
		// 陈浩宇的奶奶.
		child := classRE.ReplaceAllString(strings.TrimSuffix(strings.TrimSuffix(tok, w), "的"), "")
		if strings.HasSuffix(tok, w) && (utf8.RuneCountInString(tok) <= 4 || utf8.RuneCountInString(child) <= 3 && v.isName(child) ||
			child == "学生" || child == "孩子") { // 初二3班学生的奶奶
			g.Parent = true
			if g.Org == "" {
				g.Org = "学生家长"
			}
			return "name"
		}
	}
	// An organisation's name can hold a purpose word (市教育局), so it is
	// checked first; but a reason that ends in a place (接孩子去医院) is a
	// reason. A word that ends organisations' names, said alone (街道办,
	// 派出所), is the local one.
	if v.isOrg(tok) && !purposeVerbRE.MatchString(tok) || slices.Contains(v.orgSuffixes, tok) && utf8.RuneCountInString(tok) >= 3 {
		if g.Org == "" || g.Org == "学生家长" {
			g.Org = flows.Clip(tok, 50)
		}
		return ""
	}
	if sur, ok := v.nickname(tok); ok && g.Name == "" && g.Surname == "" {
		g.Surname, g.Nickname = sur, tok // 顺丰 小刘: the full name is asked for
		return ""
	}
	if g.Name == "" || addressedAs(g.Name, tok) {
		if n := v.nameIn(tok); n != "" && (label == "name" || v.hasSurname(n) || n != tok) {
			g.Name = n
			return ""
		}
	}
	for _, team := range []string{"组", "队", "团"} {
		// 督查组, 检查组: a team named by its task came for that task.
		if stem, ok := strings.CutSuffix(tok, team); ok && v.guessPurpose(stem) != "" && !v.isOrg(tok) {
			tok = stem
		}
	}
	if v.isPurpose(tok) {
		known := v.knownPurpose(tok)
		if g.Guessed && known {
			g.Purpose, g.PurposeNote = "", "" // 和爱人 … 开家长会: a reason beats a leftover word
		}
		if g.setPurpose(v, tok) {
			g.Guessed = !known
		}
		return ""
	}
	if g.Name == "" && v.isName(tok) && v.hasSurname(tok) {
		g.Name = tok
	}
	return ""
}

// addressedAs reports whether name is only how a visitor is addressed,
// a surname and a title (张师傅, 刘经理), and tok a full name with that
// surname: 张师傅 张卫东 is 张卫东 (user test 32's T39 asked for 张师傅's
// ID and registered him so).
func addressedAs(name, tok string) bool {
	rs, ts := []rune(name), []rune(tok)
	return len(rs) >= 2 && len(ts) >= 2 && len(ts) <= 4 && rs[0] == ts[0] && name != tok &&
		slices.Contains([]string{"师傅", "经理", "老板", "总", "工", "科长", "主任", "老师", "医生", "警官", "同志", "先生", "女士", "阿姨", "大姐", "大哥"}, string(rs[1:]))
}

// setPurpose keeps the words as typed, with the kind they name (其他 when
// none does); the first reason given wins.
func (g *VisitorGuess) setPurpose(v *vocab, words string) bool {
	if arrivalOnlyRE.MatchString(words) || arrivalOnlyRE.MatchString("来"+words) {
		return false // 来了个师傅: who came, not why
	}
	// A note that only names the kind (送货, from 送货的车到了) gives way to
	// words of that kind saying more (给食堂送菜的, user test 16's).
	bare := g.PurposeNote == g.Purpose && v.guessPurpose(strings.TrimSuffix(words, "的")) == g.Purpose && strings.TrimSuffix(words, "的") != g.Purpose
	if g.Purpose != "" && g.PurposeNote != "" && !(g.Guessed && v.knownPurpose(words)) && !bare {
		return false // a leftover word only guessed gives way to a reason
	}
	if r, ok := strings.CutSuffix(words, "的"); ok && utf8.RuneCountInString(r) >= 2 && !v.isOrg(words) {
		words = r // 来修空调的; but 美的 is a company
	}
	words = plainPurpose(words) // 人说是卖教辅资料: 推销教辅资料
	p := v.guessPurpose(words)
	did := strings.TrimPrefix(words, "来")
	switch {
	case p != "":
	case strings.HasPrefix(did, "修") || strings.HasPrefix(did, "换") || strings.HasPrefix(did, "装"):
		p = "施工维修" // 修空调, 换灯管, 装宽带, 来修空调的
	default:
		p = "其他"
	}
	g.Purpose, g.PurposeNote, g.Guessed = p, flows.Clip(words, 50), false
	return true
}

// nameIn finds a name in a word: the word itself, or what follows a role
// word (司机赵建军) and precedes 等 (王强等).
func (v *vocab) nameIn(tok string) string {
	tok = strings.TrimSuffix(tok, "等")
	for stripped := true; stripped; {
		stripped = false
		for _, w := range v.roles {
			if r, ok := strings.CutPrefix(tok, w); ok && r != "" {
				tok, stripped = r, true // 司机师傅黎叔, 小哥叫马明
				break
			}
		}
		if stripped && v.isName(tok) && !v.isPurpose(tok) && !slices.Contains(v.roles, tok) {
			if _, more := v.cutRole(tok); !more {
				return tok
			}
		}
	}
	if v.isName(tok) && !v.isPurpose(tok) && !v.isOrg(tok) {
		return tok
	}
	return ""
}

// cutRole takes one role word off the front of tok.
func (v *vocab) cutRole(tok string) (string, bool) {
	for _, w := range v.roles {
		if r, ok := strings.CutPrefix(tok, w); ok && r != "" {
			return r, true
		}
	}
	return tok, false
}

// joinOrgKinds joins such a word to the word before it.
func (v *vocab) joinOrgKinds(toks []string) []string {
	var out []string
	for _, tok := range toks {
		if n := len(out); n > 0 && slices.Contains(v.orgKinds, tok) && onlyHan(out[n-1]) &&
			!v.noise[out[n-1]] && !v.isPurpose(out[n-1]) {
			out[n-1] += tok
			continue
		}
		out = append(out, tok)
	}
	return out
}

// isOrg reports a word that names an organisation.
func (v *vocab) isOrg(tok string) bool {
	for _, o := range v.knownOrgs {
		if strings.HasPrefix(tok, o) {
			return true
		}
	}
	for _, suf := range v.orgSuffixes {
		if strings.HasSuffix(tok, suf) && utf8.RuneCountInString(tok) >= utf8.RuneCountInString(suf)+1 &&
			(suf != "店" || utf8.RuneCountInString(tok) >= 3) {
			return true
		}
	}
	return false
}

// orgsErrand reports the words after an organisation's name, run together
// with it, that say what its people came for though no purpose word
// names it (区教育局巡考, 区卫健委抽检: user test 31's T22 asked for the
// unit said): a short word of Chinese that is not a person (no surname,
// no role) nor another organisation or a part of one.
func (v *vocab) orgsErrand(rest string) bool {
	n := utf8.RuneCountInString(rest)
	if n < 2 || n > 4 || !onlyHan(rest) || strings.ContainsAny(rest, plainWords) || strings.ContainsRune("来和跟与同去到", firstRune(rest)) ||
		v.hasSurname(rest) || v.isOrg(rest) || departmentRE.MatchString(rest) {
		return false
	}
	ends := func(w string) bool { return strings.HasSuffix(rest, w) }
	return !slices.ContainsFunc(v.roles, ends) && !slices.ContainsFunc(v.parents, ends) && !slices.ContainsFunc(v.orgSuffixes, ends) &&
		!slices.ContainsFunc(peopleWords, ends)
}

// orgsPeople reports the words after an organisation's name, run
// together with it, that say who of it came without a name: 工作人员,
// 领导, 执法人员 (not 刘科长, a name).
func (v *vocab) orgsPeople(rest string) bool {
	n := utf8.RuneCountInString(rest)
	if n < 2 || n > 6 || !onlyHan(rest) || v.hasSurname(rest) {
		return false
	}
	return slices.ContainsFunc(peopleWords, func(w string) bool { return utf8.RuneCountInString(w) >= 2 && strings.HasSuffix(rest, w) })
}

// plainWords are characters of a sentence, not of a unit's name or of
// the few words of an errand run together with it (说他娃在学校被人欺负了
// is no 学校 and its errand).
const plainWords = "的了着过被把他她我你它说在是吗呢吧啊"

// peopleWords end words for who came, not why (区教育局领导, 工作人员):
// an errand after an organisation's name never ends so.
var peopleWords = []string{"人员", "领导", "干部", "人", "们", "科长", "处长", "局长", "主任", "书记", "老师", "校长", "专家", "科", "处", "室", "组"}

// knownPurpose reports a word that names a kind of visit, holds a word
// that only reasons hold, or starts with a verb of one (送, 接, 修 ...).
func (v *vocab) knownPurpose(tok string) bool {
	if arrivalOnlyRE.MatchString(tok) {
		return false // 来了个师傅: who came, not why
	}
	if v.guessPurpose(tok) != "" {
		return true
	}
	for _, h := range v.hints {
		if strings.Contains(tok, h) {
			return true
		}
	}
	if utf8.RuneCountInString(tok) >= 2 && !v.hasSurname(tok) {
		for _, verb := range v.verbs {
			if strings.HasPrefix(tok, verb) {
				return true
			}
		}
	}
	return false
}

// isPurpose reports a word that gives a reason for the visit.
func (v *vocab) isPurpose(tok string) bool {
	if arrivalOnlyRE.MatchString(tok) {
		return false // 来了个师傅: who came, not why
	}
	if v.knownPurpose(tok) {
		return true
	}
	// Any other Chinese word that is not a name is a reason in the
	// guard's words: 座谈, 老同学叙旧.
	n := utf8.RuneCountInString(tok)
	return n >= 2 && onlyHan(tok) && (!v.hasSurname(tok) || n > 4) // longer than a name: 商谈停车场
}

func onlyHan(s string) bool {
	for _, r := range s {
		if !unicode.Is(unicode.Han, r) {
			return false
		}
	}
	return s != ""
}

// GuessPurpose maps words such as 家长会 or 送快递 to one of VisitPurposes,
// or "" when none is recognised, with the default words.
func GuessPurpose(text string) string { return defaultVocab().guessPurpose(text) }

// guessPurpose is GuessPurpose with v's words: the longest purpose word
// in text names the kind; of words of the same length, a school's own
// comes first, then the defaults in the order of the data file.
func (v *vocab) guessPurpose(text string) string {
	for _, p := range VisitPurposes {
		if text == p {
			return p
		}
	}
	best, bestLen := "", 0
	for _, w := range v.purposes {
		if strings.Contains(text, w.word) && len(w.word) > bestLen {
			best, bestLen = w.purpose, len(w.word)
		}
	}
	return best
}

// negations begin a guard's short answers (没带, 没车, 不知道, 未出示, 无):
// no surname does, so a word starting with one is never a name.
const negations = "没不未无"

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// isName reports whether s looks like a person's name: 2–4 Chinese
// characters (up to 10 with the middle dot of transcribed names, 买买提·艾力),
// or Latin letters for a foreign visitor (2–40 letters, spaces allowed).
func (v *vocab) isName(s string) bool {
	if v.notName[s] || v.guessPurpose(s) != "" || strings.ContainsRune(negations, firstRune(s)) {
		return false
	}
	n := utf8.RuneCountInString(s)
	han, latin, other := 0, 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Han, r):
			han++
		case r < 128 && unicode.IsLetter(r) || r == ' ' || r == '.':
			latin++
		case r == '·' || r == '•':
		default:
			other++
		}
	}
	switch {
	case other > 0:
		return false
	case han == n:
		// 封着条 (user test 31's 「12箱 封着条的」, sealed): a verb and its
		// 着 describe the goods; no name has 着 after its surname.
		return n >= 2 && n <= 4 && !strings.ContainsRune(string([]rune(s)[1:]), '着')
	case han > 0 && latin == 0:
		return n >= 3 && n <= 10
	case han == 0:
		return n >= 2 && n <= 40
	}
	return false
}

// ValidateDocument checks a document number of type t and returns it
// normalised (upper case, no spaces or dashes). A resident ID is checked
// fully by parse.ValidateID; other documents only for their characters and
// length, since their formats vary (old and new permits, foreign passports).
func ValidateDocument(t IDType, number string) (string, error) {
	if t == IDResident || t == "" {
		return parse.ValidateID(number)
	}
	n := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(parse.Normalize(number)))
	if len(n) < 5 || len(n) > 20 {
		return "", errDocument
	}
	for _, r := range n {
		if !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') {
			return "", errDocument
		}
	}
	return n, nil
}

// errDocument has no Chinese text of its own in package parse; the flow
// explains it.
var errDocument = &docError{}

type docError struct{}

func (*docError) Error() string { return "visit: document number is not 5–20 letters and digits" }

// childsParent reports whether s calls the visitor a pupil's parent by the
// child's name and a parent word, wherever they stand: 刘子涵妈妈, 陈浩宇的
// 奶奶, also run on with the words after them (刘子涵妈妈还是要自己送上去).
func (v *vocab) childsParent(s string) bool {
	for _, p := range v.parents {
		if utf8.RuneCountInString(p) < 2 {
			continue
		}
		for i := 0; ; {
			j := strings.Index(s[i:], p)
			if j < 0 {
				break
			}
			before := []rune(strings.TrimSuffix(s[:i+j], "的"))
			for n := 2; n <= 3 && n <= len(before); n++ {
				if child := string(before[len(before)-n:]); v.hasSurname(string(before[len(before)-n])) && v.isName(child) {
					return true
				}
			}
			i += j + len(p)
		}
	}
	return false
}
