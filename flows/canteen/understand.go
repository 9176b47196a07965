package canteen

import (
	"slices"
	"strings"

	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Reading a cook's 留样 message as it is typed: the first line says it is
// about samples anywhere in it (「午餐留样：…」, 「今天中午的样留好了 …」,
// 「留样 晚餐」), and the fridge temperature may come anywhere, labelled or
// not (「…米饭150克，冰箱4℃」, 「，4度」, 「冷藏3度」).

// sampleMarkRE finds the words that make a line about samples, with what
// comes before them (the day and the meal): 留样, 样留好了, 样都留了, and
// 的样： (早餐的样：…).
//
// A meal then 留了 (昨天晚饭其实留了 忘记登记了 …) is one too, when what
// comes before names a meal (header checks).
//
// The samples told late are one too (user test 16: 早上的样忘了报，补一下：…):
// 的样忘了报, 的样忘记登记了, with 补一下 after it (忘了留 is no sample kept,
// never such a line).
var sampleMarkRE = rx.MustCompile(`^([^\n]{0,16}?)([留流]样|留的样|留了样|样(?:都|已经?)?留(?:好|下|完)?了?|的样\s*[:：]|的样(?:忘了|忘记了?|没)(?:报|登记?|记|录|写|发)了?(?:[\s，,。]*(?:现在)?补(?:一下|一哈|录一下|录|上|个)?)?|(?:其实|都|已经|也)?留(?:好|下)?了)\s*[:：,，。]?\s*`)

// markParticleRE is a particle ending the words of the header, apart from
// the first dish (user test 17: 中午的样留好了哈，红烧鸡块130 made a dish
// 「哈」): no dish. 哈密瓜 has no break after 哈.
var markParticleRE = rx.MustCompile(`^[哈嘛啊哦噻呀哟嘞咯啦]+[\s:：,，。!！~～]+`)

// sampleHeader reads the first line of a message about samples: the meal
// and day named before the marker, and the rest of the message after it.
// ok is false when the first line does not say it is about samples.
func sampleHeader(text string) (meal string, dayOffset int, hasMeal bool, rest string, ok bool) {
	return defaultVocab().header(text)
}

// header is sampleHeader with m's meal words.
func (m *vocab) header(text string) (meal string, dayOffset int, hasMeal bool, rest string, ok bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	if loc := m.leadingTemp.FindStringIndex(s); loc != nil && loc[1] < len(s) {
		// 4度 午餐留样 …, 冰箱3度。。午餐留样 …: the temperature typed
		// first goes after the dishes, where takeTemperature finds it.
		s = strings.TrimLeft(s[loc[1]:], " 。，,.") + "，" + strings.TrimRight(s[:loc[1]], " 。，,.")
	}
	x := sampleMarkRE.FindStringSubmatchIndex(s)
	if x == nil {
		return "", 0, false, text, false
	}
	before, mark := nightBefore(s[x[2]:x[3]]), s[x[4]:x[5]]
	if strings.HasSuffix(mark, "了") && !strings.Contains(mark, "样") && !slices.ContainsFunc(m.words, func(mw mealWord) bool {
		return strings.Contains(strings.ToLower(before), mw.word)
	}) {
		return "", 0, false, text, false // 留了 without a meal: not about samples
	}
	if strings.ContainsAny(before, "0123456789") {
		return "", 0, false, text, false // 红烧肉130克留样: a dish first, not a header
	}
	rest = markParticleRE.ReplaceAllString(s[x[1]:], "")
	if pm := parenMealRE.FindStringSubmatch(rest); pm != nil {
		if k, ok := m.key[pm[1]]; ok && !m.in(before) {
			meal, hasMeal, rest = k, true, rest[len(pm[0]):] // 留样（午餐）
			before = ""
		}
	}
	if (mark == "留样" || mark == "流样") && m.aboutTheFridge(s[x[4]:]) {
		return "", 0, false, text, false // 留样冰箱坏了: about the fridge, not a record
	}
	for _, w := range []string{"昨天", "昨日", "昨儿"} {
		if strings.Contains(before, w) {
			dayOffset = -1
		}
	}
	if strings.Contains(before, "前天") {
		dayOffset = -2
	}
	best := -1
	if hasMeal {
		best = len(before) + 1
	}
	for _, mw := range m.words {
		if i := strings.Index(strings.ToLower(before), mw.word); i >= 0 && i > best {
			meal, hasMeal, best = mw.key, true, i // the last meal named; at one place, the longest word
		}
	}
	return meal, dayOffset, hasMeal, rest, true
}

// nightRE is 昨晚 and the like: a day and a meal in one word.
var nightRE = rx.MustCompile(`(昨|前)(?:晚|夜)(?:上)?`)

// nightBefore spells 昨晚 (and 昨夜, 前晚) as the day and the meal it
// names, 昨天晚上, which the day and meal words read: 昨晚的留样忘了登记了
// is a late record of yesterday's dinner, not of today's breakfast.
func nightBefore(s string) string {
	return nightRE.ReplaceAllString(s, "${1}天晚上")
}

// parenMealRE is a meal in brackets right after the marker: 留样（午餐）.
var parenMealRE = rx.MustCompile(`^[(（]\s*([^()（）\s]{2,9})\s*[)）]\s*[:：,，]?\s*`)

// in reports whether s names a meal.
func (m *vocab) in(s string) bool {
	for _, mw := range m.words {
		if strings.Contains(s, mw.word) {
			return true
		}
	}
	return false
}

// firstLineSaysSample reports whether a message's first line is about
// samples, for a cook who starts with 「午餐留样」 rather than 「留样」.
func (m *vocab) firstLineSaysSample(text string) bool {
	_, _, _, _, ok := m.header(text)
	return ok
}

var (
	// unitTempRE is a number with a temperature unit and no label: ，4度.
	unitTempRE = rx.MustCompile(`((?:零下|负|-)?\d+(?:\.\d+)?\s*(?:摄氏度|℃|°C|°c|度))`)
	// cnTempRE is a temperature in Chinese numerals with its unit: 六度.
	cnTempRE = rx.MustCompile(`[零一二两三四五六七八九十]\s*(?:摄氏度|℃|度)$`)
	// emptyParensRE is what a temperature in brackets leaves: （冰箱4℃）.
	emptyParensRE = rx.MustCompile(`[(（][\s，,]*[)）]`)
	// doneWordsRE are words about the samples that carry no data: 已拍照.
	doneWordsRE = rx.MustCompile(`(?:已经?|都)?(?:拍照|拍了照片?|拍好照片?|密封好?|封好|封存)了?`)
	// recordTalkRE is a phrase about the record itself, not the samples:
	// 忘记登了, 忘了记, 现在补一下, 补录, 补登, 登记一下. It is dropped only
	// where it is a whole item between separators (dropRecordTalk), so
	// 补 inside a dish's words stays. 忘了留 (no sample kept) is not one.
	// 一哈 is 一下 in 四川话 (the thirteenth user test: 早上的留样补一哈 包子135克
	// … 早上忙忘了发), and 早上忙 says why it is late.
	recordTalkRE = rx.MustCompile(`^(?:刚才|刚刚|之前|当时|我)?(?:早上|中午|晚上|上午|下午)?(?:太忙|忙得?|一忙)?(?:就)?(?:忘记|忘了|忘)(?:登记?|记录?|录入?|填写?|报|发)了?(?:上|进去)?了?$` +
		`|^(?:我|现在|马上|这就|这边|我来|现在来)?补(?:录|登|记|填|发|报)?(?:一下|一哈|上|下|哈)?(?:记录|登记)?(?:吧|啦|了|哈)?$` +
		`|^(?:我|现在|马上|帮我|请|麻烦)?(?:登记|记录|登|记|录)(?:一下|一哈|下|哈)(?:吧|啦)?$` +
		// 早上的留样也留了 忘发了 (user test 18): it was kept, said late.
		`|^(?:也|都|已经|早就|早)(?:留了|留好了|留过了|留着了|留样了)$`)
	// itemRE is an item of a message between separators.
	itemRE = rx.MustCompile(`[^\s，,。；;！!、？?]+`)
)

// dropRecordTalk removes the phrases about the record itself (recordTalkRE)
// from text: 「忘记登了，现在补一下」 names no dish.
func dropRecordTalk(text string) string {
	return itemRE.ReplaceAllStringFunc(text, func(item string) string {
		if recordTalkRE.MatchString(item) {
			return ""
		}
		return item
	})
}

// takeTemperature finds a fridge temperature anywhere in text and returns
// it with the text left without it. found is false when there is none;
// err is set when one was written but cannot be a fridge's. It reads with
// the default words (flows/lexicon, kind fridge).
func takeTemperature(text string) (c float64, rest string, found bool, err error) {
	return defaultVocab().takeTemperature(text)
}

// takeTemperature is takeTemperature with m's words: a temperature after
// a fridge word first, else a number with a unit.
func (m *vocab) takeTemperature(text string) (c float64, rest string, found bool, err error) {
	for _, re := range []*rx.Regexp{m.labelledTemp, unitTempRE} {
		x := re.FindStringSubmatchIndex(text)
		if x == nil {
			continue
		}
		c, err = parse.ParseTemperature(text[x[2]:x[3]])
		before := text[:x[0]]
		if re == m.labelledTemp {
			before = fridgeLeadRE.ReplaceAllString(before, "") // 放的那台冰箱9度
		}
		rest = before + "，" + text[x[1]:]
		rest = emptyParensRE.ReplaceAllString(rest, "")
		return c, rest, true, err
	}
	return 0, text, false, nil
}

// fridgeLeadRE is what says which fridge, right before the fridge word
// of a temperature (user test 16: 放的那台冰箱9度 left a dish 「放的那台」):
// 放的那台, 另一台, 放在这个.
var fridgeLeadRE = rx.MustCompile(`(?:(?:放|搁|存|装)(?:的|在|进)?(?:那|这|另一|另外一)?(?:台|个)?|(?:那|这|另一|另外一)(?:台|个))$`)

var (
	// readingRE is a number that may be a temperature, with its unit if any.
	// A reading in Chinese numerals needs its unit (现在六度, the fifteenth
	// user test's cook at a fridge out of range): 一会儿 is no reading.
	readingRE = rx.MustCompile(`(?:零下|负|-)?(?:\d+(?:\.\d+)?\s*(?:摄氏度|℃|°C|°c|度)?|[零一二两三四五六七八九十]{1,3}\s*(?:摄氏度|℃|度))`)
	// slipBeforeRE, right before a number, says it is the mistake: 是3度
	// 不是30度, 多打了个0.
	slipBeforeRE = rx.MustCompile(`(?:不是|而不是|并非|多打了?一?个|多按了?一?个|多写了?一?个|多输了?一?个)\s*$`)
	// slipAfterRE, right after a number, says it is the mistake: 30度是
	// 看错了, 30度不对.
	slipAfterRE = rx.MustCompile(`^\s*(?:是|那个)?(?:看错|写错|打错|按错|输错|错了|不对)`)
	// correctionFillerRE is what a correction of a reading says besides
	// the reading: 不对 应该是3.5, 多打了个0 是3, 前面那个是3.0.
	correctionFillerRE = rx.MustCompile(`多(?:打|按|写|输)了?一?个|手滑了?|看错了?|写错了?|打错了?|按错了?|输错了?|搞错了?|错了|不对|应该是|应该|实际上?|其实|改成|改为|刚才|前面|上面|那个|是|的|了|啊|哦|噢|呃|嗯|吧|[\s,，。.!！;；:：]`)
)

// correctedTemperature reads the temperature meant in an answer that
// says the mistake with it or around it (the tenth user test's cook, told
// 30℃ was out of range: 「看错了是3度 前面那个是3.0」): the readings said
// as the mistake (不是30度, 30度是看错了, 多打了个0) are left out, and of
// the others the last with a unit is meant; without a unit, the one
// number said among nothing but the words of a correction (不对 应该是3.5).
// found is false when text says no reading so (宫保鸡丁是150: a dish).
func (m *vocab) correctedTemperature(text string) (c float64, found bool) {
	s := parse.Normalize(text)
	var withUnit, bare []string
	left := s
	for _, x := range readingRE.FindAllStringIndex(s, -1) {
		r := strings.TrimSpace(s[x[0]:x[1]])
		left = strings.Replace(left, r, " ", 1)
		if slipBeforeRE.MatchString(s[:x[0]]) || slipAfterRE.MatchString(s[x[1]:]) {
			continue
		}
		if unitTempRE.MatchString(r) || cnTempRE.MatchString(r) {
			withUnit = append(withUnit, r)
		} else {
			bare = append(bare, r)
		}
	}
	if len(withUnit) > 0 {
		v, err := parse.ParseTemperature(withUnit[len(withUnit)-1])
		return v, err == nil
	}
	left = m.tempLabel.ReplaceAllString(strings.TrimSpace(correctionFillerRE.ReplaceAllString(left, "")), "")
	for _, r := range bare {
		if r != bare[0] {
			return 0, false
		}
	}
	if len(bare) == 0 || left != "" {
		return 0, false
	}
	v, err := parse.ParseTemperature(bare[0])
	return v, err == nil
}

// aboutTheFridge reports a message about the sample fridge or boxes
// themselves (留样冰箱不制冷, 留样柜门关不上), not a record of samples: it
// starts with their words and has no weight in it.
func (m *vocab) aboutTheFridge(text string) bool {
	s := parse.Normalize(text)
	return m.fridgeTalk.MatchString(s) && !strings.ContainsAny(s, "0123456789克gG两斤")
}

// missedRE is a cook saying a sample was not kept at all, which no late
// record can make up: 忘留样了, 忘了留, 没留, 没有留样, 漏留了, 未留样.
// 忘记登记 (the record, not the sample) is not one; nor are 没留够, 没留全
// (a weight or a dish short) and 没留意 (missedBlocked).
var missedRE = rx.MustCompile(`忘(?:了|记)?留(?:样|了|下)?|没(?:有)?留(?:样|了)?|漏留(?:样|了)?|漏(?:了)?样|未留样`)

// missedFillerRE are the words that may come before missedRE besides the
// day and the meal: 不是, 那顿, 其实.
var missedFillerRE = rx.MustCompile(`我说的是|说的是|我是说|是说|前天|昨天|昨日|今天|今日|那顿|这顿|那餐|这餐|那次|不是|其实|真的|我们?|的|都|就|是|也|样|[\s,，。.!！、~～]`)

// helpAskRE asks what to do now, which a missed sample still is: 怎么办,
// 咋办, 咋整 (user test 17).
var helpAskRE = rx.MustCompile(`怎么办|咋办|咋整|怎么整`)

// clauseSepRE ends a clause of a message typed in several.
var clauseSepRE = rx.MustCompile(`[\s,，。.!！;；~～]+`)

// lastClause is the last clause of s, where the words right before 忘留了
// are: of 「今天早上太忙 早饭的样」, 「早饭的样」 (user test 17, what went
// before is why).
func lastClause(s string) string {
	parts := clauseSepRE.Split(strings.TrimSpace(clauseSepRE.ReplaceAllString(s, " ")), -1)
	return parts[len(parts)-1]
}

// missedBlocked are what, right after 没留, make it something else.
var missedBlocked = []string{"够", "全", "意", "足"}

// missed reads a message that says a meal's sample was not kept: the meal
// and day it names (hasMeal false when it names none). A question that
// asks about the records (还有哪餐没留样？) is not one; 「…怎么办」 is.
func (m *vocab) missed(text string) (meal string, dayOffset int, hasMeal, ok bool) {
	s := nightBefore(strings.TrimSpace(parse.Normalize(text)))
	if isQuestion(s) && !helpAskRE.MatchString(s) {
		return "", 0, false, false
	}
	loc := missedRE.FindStringIndex(s)
	if loc == nil {
		return "", 0, false, false
	}
	for _, b := range missedBlocked {
		if strings.HasPrefix(s[loc[1]:], b) {
			return "", 0, false, false
		}
	}
	before := missedFillerRE.ReplaceAllString(lastClause(s[:loc[0]]), "")
	for _, mw := range m.words {
		before = strings.ReplaceAll(strings.ToLower(before), mw.word, "")
	}
	if before != "" {
		return "", 0, false, false // 汤没留: one dish, which the record handles
	}
	if d := dayWordRE.FindString(s); d != "" {
		dayOffset = dayOffsets[d]
	}
	lower := strings.ToLower(s)
	best := -1
	for _, mw := range m.words {
		if i := strings.Index(lower, mw.word); i >= 0 && (best < 0 || i < best) {
			meal, hasMeal, best = mw.key, true, i
		}
	}
	return meal, dayOffset, hasMeal, true
}

// movedRE is the samples moved to another fridge (user test 16: 留样挪到
// 另一个冰箱 挪好了, 换了台冰箱放): a verb of moving, then another fridge.
var movedRE = rx.MustCompile(`(?:挪|搬|换|移|转|放)(?:到|去|进|了|过去)?\s*(?:一)?(?:另一|另外一?|别的|新的?|其他|其它)\s*(?:一)?(?:台|个)?\s*(?:冰箱|冰柜|柜子|留样柜)|换了?(?:一)?(?:台|个)(?:冰箱|冰柜|柜子)`)

// fridgeMoved reads a cook saying the samples kept were moved to another
// fridge, with its temperature (刘校长说留样挪到另一个冰箱 挪好了 那台是4度):
// the temperature. ok is false when text says no such move, no
// temperature, or anything that may be a record (a weight).
func (m *vocab) fridgeMoved(text string) (c float64, ok bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	if !movedRE.MatchString(s) || isQuestion(s) {
		return 0, false
	}
	c, rest, found, err := m.takeTemperature(s)
	if !found || err != nil || strings.ContainsFunc(rest, isDigit) || strings.ContainsAny(rest, "克gG斤") {
		return 0, false
	}
	return c, true
}
