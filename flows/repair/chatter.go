package repair

import (
	"slices"
	"strings"

	"github.com/houqin/houqin/internal/rx"
)

// Chatter is the talk a problem is told in that is no part of the problem
// (user test 27's K1, K47, K50): a lead-in (那我直接说查到的问题, 还有,
// 另外), the occasion first (明天期末考了) and a request last (麻烦师傅今天
// 弄好, 这个得修, 快来人). The problem text is what a worker reads on his
// card and a leader in a notice; the urgency said is kept apart (Wish).
var (
	// chatterLeadRE is a lead-in: 那我直接说查到的问题, 我说一下发现的情况,
	// 还有, 另外, 对了, 然后, 再就是; a cry for help first: 快来人 (user
	// test 27's S9); a grumble that it was said already: 不是说了吗 (user
	// test 31's T6 kept it in the problem).
	chatterLeadRE = rx.MustCompile(`^(?:(?:那|那么|好|好的|嗯)?[，,\s]*我(?:就|先|再)?(?:直接)?(?:说|讲|报|汇报)(?:一下|下)?(?:我)?(?:这次|刚才|今天)?(?:查到|发现|看到|检查到|碰到|遇到)?的?(?:问题|情况|隐患|事儿?)(?:吧|啊|哈)?` +
		`|还有(?:就是|个事|一个事|一个问题|个问题)?|另外(?:就是|一个)?|此外|再就是|再有|对了|然后|还有呢` +
		`|快(?:来|派)(?:个)?人(?:啊|呀|哪)?|来人(?:啊|呀|哪)|救命(?:啊|呀)?` +
		`|` + saidBefore + `)[\s，,：:。！!？?]+`)

	// occasionLeadRE is the occasion told first: 明天期末考了, 下午要开家长会,
	// 马上要考试了; the problem follows.
	occasionLeadRE = rx.MustCompile(`^` + occasion + `[\s，,。！!]+`)

	// occasionSaidRE is an occasion in the teller's own words, its day
	// first and what is on after 要 (明天英语要放听力, 下午三班要上公开课):
	// chatter only when it names neither a fault nor a thing (see
	// occasionAt).
	occasionSaidRE = rx.MustCompile(`^(?:明天|后天|今天|今晚|明早|明天上午|明天下午|今天下午|下午|上午|晚上|待会|等会)[^\s，,。！!？?]{0,8}?(?:就要|要|得)[^\s，,。！!？?]{1,8}[\s，,。！!]+`)

	// alsoLookRE is a thing to look at too, told before what is wrong
	// with it: 监控也得看看 302那个摄像头好像是黑屏 (user test 27's K13);
	// chatter only when what follows names a thing (hasThingWord).
	alsoLookRE = rx.MustCompile(`^\p{Han}{1,6}?也(?:得|要|需要|顺便|一起)?(?:看看|看一下|瞧瞧|检查一下|检查检查|查查|查一下)(?:吧|啊)?[\s，,。]+`)

	// urgencyTailRE is the occasion or a plain 急 told last: 明早八点就考试了
	// 急, 下午要开家长会, 很急 (user test 27's K2).
	urgencyTailRE = rx.MustCompile(`[\s，,。！!]+(?:` + occasionWho + occasion + `|(?:很|挺|比较|特别|非常|十万火)?(?:着)?急(?:用|的|啊|呀|急急|死了)?)[。！!~～]*$`)

	// notRepeatLeadRE is houqin corrected first (user test 27's M1:
	// 不是重复的 是303后窗插销坏了, after a finding was taken for a repeat):
	// 不是重复的 是, 不是同一个问题, 这不是一回事 而是.
	notRepeatLeadRE = rx.MustCompile(`^(?:这|这个)?(?:不是|并不是|没有?)(?:重复的?|同一个(?:问题|事)?|同一件事|一回事|一样的)(?:啊|呀|吧|哈)?[\s，,。！!]*(?:是|而是|这是|说的是)?[\s，,：:]*`)

	// complainTailRE is a sigh of what to do, told last: 这怎么搞, 这可咋
	// 整, 怎么办啊 (user test 29's R14 kept it in the job's title). It asks
	// nothing of houqin the report does not.
	complainTailRE = rx.MustCompile(`[\s，,。！!]+(?:这|那|这可|这下|这让我|让我)?(?:怎么搞|怎么办|咋办|咋整|怎么整|咋弄|咋搞|可咋办|如何是好)(?:啊|呀|呢|哦|嘛)?[？?。！!~～]*$`)

	// kindTailRE is the kind of problem said after it (M1's 门窗的问题, 是
	// 电的问题, 属于消防方面的): the category, not the problem.
	kindTailRE = rx.MustCompile(`[\s，,。]+(?:是|属于|算|应该是)?(?:门窗|水电|消防|用电|电|水|木工|电工|水暖|土建|电教|安全)(?:方面|这块|那块)?的?(?:问题|事儿?|隐患|活儿?)(?:吧|啊|呀|哈)?[。！!]*$`)

	// requestTailRE is a request at the end: 麻烦师傅今天弄好, 请尽快来修,
	// 这个得修, 得赶紧换, 快来人啊, 快来人看看, 辛苦师傅来看看, 一起报一下.
	requestTailRE = rx.MustCompile(`[\s，,。！!]+(?:` +
		`(?:麻烦|请|劳烦|辛苦|希望|务必|一定要|争取)(?:一下)?(?:\p{Han}?师傅|你们?|您)?(?:` + soonWords + `){0,3}(?:过来|来)?(?:给)?(?:修好|弄好|搞好|换好|修一下|修修|弄一下|处理一下|处理|看看|看一下|来修|修|换)(?:一下)?` +
		`|(?:师傅)?(?:` + soonWords + `){1,3}(?:能|要|得)?(?:过来|来)?(?:修好|弄好|搞好|修一下|处理一下)(?:一下)?` +
		`|(?:这个|这|那个)?(?:得|要|需要|必须|该)(?:赶紧|尽快|马上)?(?:修|修修|修一下|换|换一下|处理|处理一下)` +
		`|快(?:来人|派人|来)(?:来)?(?:修|修一下|看看|看一下|帮忙|处理一下|处理)?` +
		`|(?:一起|一块|一并|顺便|也)(?:给)?(?:报|报修|登记|报上|报一下)(?:一下|下)?` +
		`)(?:了|吧|啊|呀|哈|哦)?(?:[，,\s]*(?:谢谢|多谢|辛苦了))?[。！!~～]*$`)
)

// causeAskTailRE is the teller's guess at the cause, asked last: 是不是
// 锅炉的问题啊, 会不会是线路老化了, 锅炉是不是坏了, 可能是水管冻住了吧. It
// is no part of the fault: the worker is told it once, as a remark.
var causeAskTailRE = rx.MustCompile(`[\s，,。！!]+[^\s，,。！!？?]{0,6}?(?:是不是|会不会|是否|难道是|可能是|估计是|怕是|该不会是)[^\s，,。！!？?]{1,14}?(?:啊|呀|吧|呢|哦|哈)?[？?。！!~～]*$`)

// occasionWho is who the occasion is for, told before it at the end:
// 孩子们下午还要开家长会 (user test 32's T1 kept it in the problem).
const occasionWho = `(?:(?:孩子们?|学生们?|同学们?|我们班?|咱们班?|大家|家长们?|老师们?)(?:都|也)?)?`

// occasion is an occasion that makes it urgent, told with its day and
// maybe its hour: 明天期末考了, 明早八点就考试了, 下午要开家长会.
const occasion = `(?:明天|后天|今天|今晚|明早|明天上午|明天下午|今天下午|下午|上午|晚上|马上|快|快要|下周[一二三四五六日天]?|周[一二三四五六日天])` +
	`(?:[一二两三四五六七八九十\d]{1,3}点(?:半|钟)?)?(?:还|也|就)?(?:要|得|有)?` +
	`(?:期末考试?|期中考试?|考试|月考|统考|模考|英语听力|听力考试|考听力|放听力|听力|开会|开学|放假|检查|迎检|上公开课|公开课|开家长会|家长会|开运动会|运动会|评估)(?:了|啦)?`

// hardshipTailRE is what the fault does to the people in the room, told
// at the end: 孩子们穿着羽绒服上课 冻死了 (user test 28's N6), 热得受不了,
// 学生都没法上课了. It says why it is urgent, not what is wrong.
var hardshipTailRE = rx.MustCompile(`(?:[\s，,。！!]+[^\s，,。！!]*(?:冻死|冷死|热死|闷死|急死|冻得|冷得|热得|受不了|没法上课|上不了课|羽绒服|棉袄|冻感冒)[^\s，,。！!]*)+[\s，,。！!~～]*$`)

// needTailRE is when the thing is needed, told at the end: 周四汇演要用的急
// (user test 28's N3), 明天考试要用.
var needTailRE = rx.MustCompile(`[\s，,。！!]+(?:` + soonWords + `|下?周[一二三四五六日天])[^\s，,。！!]{0,6}?(?:要用|得用|要用到|急用|用得上)(?:的)?[\s，,]*(?:急|很急|着急|挺急)?(?:啊|呀|呢|哈)?[。！!~～]*$`)

// soonWords say when a request wants it done: 今天, 下午放学前, 尽快, 8点前.
const soonWords = `今天|明天|今晚|明早|上午|下午|中午|晚上|放学前|放学后|考试前|上课前|开学前|放假前|尽快|赶紧|赶快|快点|马上|早点|抓紧|\d{1,2}点(?:之前|前)?|之前|前`

// roomLeftRE is a room's kind left first when its number was the place
// (302考场有两张桌子晃得厉害: 考场有…; 303三楼那个考场的电子钟: 那个考场的…),
// and countFirstRE the 有 before a
// count that then begins the problem (有两张桌子…: 两张桌子…).
var (
	roomLeftRE   = rx.MustCompile(`^(?:那个|这个)?(?:考场|考室|试场|班里|班上)(?:里面|里|内|的)?[\s，,]*`)
	countFirstRE = rx.MustCompile(`^有([一两二三四五六七八九十几好]+[个张把块扇盏根条台处只])`)
)

// joinLeadRE joins a problem to one said before, or points at it, first:
// 还有, 另外, 然后, 那个, 还有那个; after a sigh (哎 302广播又开始滋滋响了,
// user test 29's R14).
var joinLeadRE = rx.MustCompile(`^(?:(?:哎呀妈呀|我的妈呀|哎呀|哎哟|哎|唉|诶|欸)[\s，,!！~]*)?(?:(?:还有|另外|然后|再有|再就是|对了|哦对了|还)[\s，,]*)?(?:(?:那个|这个|就是)[\s，,]*)?`)

// onlyPronounLeft reports whether r, once joinLeadRE is cut, starts with
// what the cut words were part of (还有点, 那个是): then nothing is cut.
func onlyPronounLeft(r string) bool {
	return strings.HasPrefix(r, "点") || strings.HasPrefix(r, "是") || strings.HasPrefix(r, "些")
}

// wishRE is urgency in the chatter cut: a day or hour, an exam.
var wishRE = rx.MustCompile(`今天|明天|后天|今晚|明早|上午|下午|晚上|待会|等会|马上|尽快|赶紧|赶快|快点|早点|抓紧|之前|点前|考|急|冻|冷死|冷得|热死|闷死|热得|受不了|上课|上不了课|羽绒服|棉袄|要用|得用|急用|用得上|周[一二三四五六日天]`)

// trimChatter is s less its chatter (see Chatter), and the chatter that
// says how soon (明天期末考了, 麻烦师傅今天弄好), joined; s whole when
// nothing but chatter would be left. placed is whether a place was cut
// from s: what it leaves first (考场有) goes with it.
func trimChatter(s string, placed bool) (problem, wish string) {
	return trimTalk(s, placed, true)
}

// trimTalk is trimChatter; a guess at the cause asked last (是不是锅炉的
// 问题啊) is cut into wish only when remark, as nothing else would carry
// it: a hazard's description keeps it (TrimChatter).
func trimTalk(s string, placed, remark bool) (problem, wish string) {
	rest := s
	var said []string
	for {
		loc := chatterLeadRE.FindStringIndex(rest)
		if loc == nil {
			loc = occasionLeadRE.FindStringIndex(rest)
		}
		if loc == nil {
			loc = occasionAt(rest)
		}
		if loc == nil {
			if l := alsoLookRE.FindStringIndex(rest); l != nil && hasThingWord(rest[l[1]:]) {
				loc = l
			}
		}
		if loc == nil {
			loc = notRepeatLeadRE.FindStringIndex(rest)
		}
		if loc == nil || loc[1] >= len(rest) {
			break
		}
		said = append(said, strings.Trim(rest[:loc[1]], " ,，、:：;；。.!！"))
		rest = rest[loc[1]:]
	}
	var tails []string // told last, in their order
	var asked []string // of them, the guesses at the cause
	for {
		loc := kindTailRE.FindStringIndex(rest)
		if loc == nil {
			loc = complainTailRE.FindStringIndex(rest)
		}
		if loc == nil {
			loc = requestTailRE.FindStringIndex(rest)
		}
		if loc == nil {
			loc = urgencyTailRE.FindStringIndex(rest)
		}
		if loc == nil {
			loc = needTailRE.FindStringIndex(rest)
		}
		if loc == nil {
			loc = hardshipTailRE.FindStringIndex(rest)
		}
		if loc == nil {
			// 是不是锅炉的问题啊 (user test 30's T1 had it in all three
			// jobs' titles): her guess at the cause, for the worker to
			// read once, when the words before it still tell the fault.
			if l := causeAskTailRE.FindStringIndex(rest); remark && l != nil && l[0] > 0 && defaultReader().fault(defaultReader().canonicalize([]rune(rest[:l[0]]))) {
				loc = l
				asked = append([]string{strings.Trim(rest[l[0]:], " ,，、:：;；。.!！~～")}, asked...)
			}
		}
		if loc == nil || loc[0] == 0 {
			break
		}
		tails = append([]string{strings.Trim(rest[loc[0]:], " ,，、:：;；。.!！~～")}, tails...)
		rest = rest[:loc[0]]
	}
	said = append(said, tails...)
	rest = strings.Trim(rest, " ,，、:：;；。.!！-")
	if r := strings.TrimSpace(joinLeadRE.ReplaceAllString(rest, "")); r != "" && r != rest && !onlyPronounLeft(r) {
		// 还有202考场灯一闪一闪的, 还有那个桌子腿断了: the words that joined
		// it to what was said before are no part of the problem (user
		// test 29's R12 kept them in the job's title).
		rest = r
	}
	if placed {
		rest = roomLeftRE.ReplaceAllString(rest, "")
		rest = countFirstRE.ReplaceAllString(rest, "$1")
	}
	if rest == "" {
		return s, ""
	}
	var wishes []string
	for _, w := range said {
		if wishRE.MatchString(w) || slices.Contains(asked, w) {
			wishes = append(wishes, w)
		}
	}
	return rest, strings.Join(wishes, "，")
}

// TrimChatter is text less the words it is told in that are no part of
// the problem (see Chatter): for a hazard's description as for a repair's.
func TrimChatter(text string) string {
	p, _ := trimTalk(strings.TrimSpace(text), false, false)
	return p
}

// occasionAt is where an occasion in the teller's own words (see
// occasionSaidRE) begins s, nil for none: it names no fault and no broken
// thing (明天要用投影仪 不亮 says which thing).
func occasionAt(s string) []int {
	loc := occasionSaidRE.FindStringIndex(s)
	if loc == nil {
		return nil
	}
	rd := defaultReader()
	if rd.fault(rd.canonicalize([]rune(s[:loc[1]]))) || hasThingWord(s[:loc[1]]) {
		return nil
	}
	return loc
}

// hasThingWord reports whether s names a broken thing's keyword (插座, 摄像头).
func hasThingWord(s string) bool {
	rd := defaultReader()
	return slices.ContainsFunc(rd.keywordsIn(rd.canonString(s)), func(h hit) bool { return h.k.kind == thing })
}
