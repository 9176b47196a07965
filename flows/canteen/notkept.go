package canteen

import (
	"slices"
	"strings"

	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// What a cook says was not kept, in a 留样 message or while its weights
// are asked (user test 30, T28–T31: 「冬至饺子留样 猪肉白菜饺子150克 三鲜饺子
// 140克 醋和蒜没留 冰箱4度」 made a dish 「醋和蒜没留」, and each correction,
// 醋和蒜是调料 不用留样的, 就两个饺子 别的没有, made one more): a clause that
// says a thing was not kept (没留, 不用留样, 不算), or that is only
// condiments with no weight (醋和蒜, 蘸料), is no dish; a dish listed that
// it names is taken off. 「没」 is in no common dish's name (梅菜, not 没菜),
// so a clause with 没留 is never one.

var (
	// notKeptRE is a clause saying what was not kept or is not to be
	// recorded, with why between (是调料, 是汤): 醋和蒜没留, 蘸料不用留样,
	// 饺子汤没有留, 醋和蒜是调料 不用留样的, 汤不用记, 饺子汤不算. The group is
	// the thing.
	notKeptRE = rx.MustCompile(`^(?:那个|这个|把)?(?:还有|另外|至于)?([^\s，,。；;\d]{1,12}?)\s*(?:(?:是|属于|算|只是|都是)[^\s，,。；;\d]{1,6}?[\s，,]*)?` +
		`(?:都|也|就|是|本来就|本来)?(?:没有?留(?:样|下|了)?|没有?取样|不用留(?:样)?|不留(?:样)?|不需要留(?:样)?|不必留(?:样)?|没必要留(?:样)?|用不着留(?:样)?|不用取样|` +
		`不用记(?:录)?|不记|不用登记|不算(?:菜|菜品|数)?|不用算)(?:的|了|啊|哈|吧|呢|嘛|哦)*[。.!！~～]*$`)
	// condimentSaidRE is a clause saying a thing is a condiment, nothing
	// more: 醋和蒜是调料, 那是蘸料.
	condimentSaidRE = rx.MustCompile(`^(?:那个|这个)?(?:还有|另外|至于)?([^\s，,。；;\d]{1,12}?)\s*(?:是|属于|算|只是|都是)(?:调料|蘸料|佐料|调味品|调味料|小料|蘸水|配料)(?:的|了|啊|哈|吧|呢|嘛|哦)*[。.!！~～]*$`)
	// condimentRE is a name that is only condiments, served beside the
	// dishes and never sampled (GB 31654 asks a sample of each dish):
	// 醋和蒜, 蒜泥, 辣椒油、酱油, 蘸料.
	condimentRE = rx.MustCompile(`^(?:(?:陈醋|香醋|米醋|醋|大蒜|蒜泥|蒜末|蒜瓣|蒜汁|蒜|酱油|生抽|老抽|辣椒油|红油|油泼辣子|辣椒酱|辣酱|辣椒面|辣椒粉|小米辣|` +
		`葱花|香菜|姜丝|姜末|姜汁|芝麻酱|麻酱|韭菜花|腐乳|番茄酱|沙拉酱|香油|麻油|花椒油|蘸料|蘸水|调料|佐料|小料|调味料|调味品|盐|白糖|味精|鸡精|胡椒粉)` +
		`(?:和|跟|与|加|及|还有|、|,|，|\s)*)+$`)
	// sentenceNameRE is in words typed at a dish's place that are a
	// sentence, not a dish's name (就三个饺子 别的没有, 是不是要留, 除了醋
	// 都留了): a verb of being, keeping or not having, a word of the
	// others, a question's end, or a lead no dish begins with.
	sentenceNameRE = rx.MustCompile(`是|不用|不要|不需要|没有|没留|别的|其他|其它|其余|不算|不记|应该|留了|[吗呢嘛]$|^(?:就|只有|只留|只|除了)`)
)

// notKeptOtherRE is what else of a record may be said not to be
// recorded (温度不用记, 照片不用了): never a dish.
var notKeptOtherRE = rx.MustCompile(`温度|照片|图片|冰箱|时间|重量`)

// notKeptSaid reads a clause saying a thing was not kept or is a
// condiment (notKeptRE, condimentSaidRE): the thing, or ok false.
func notKeptSaid(text string) (string, bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	for _, re := range []*rx.Regexp{notKeptRE, condimentSaidRE} {
		if m := re.FindStringSubmatch(s); m != nil {
			// 除了醋和蒜都没留 names what was kept, not what was not.
			if what := strings.TrimSpace(m[1]); what != "" && !notADish[what] && !notKeptOtherRE.MatchString(what) && !strings.HasPrefix(what, "除") {
				return what, true
			}
		}
	}
	return "", false
}

// condimentOnly reports whether a name is only condiments (condimentRE).
func condimentOnly(name string) bool {
	return condimentRE.MatchString(strings.TrimSpace(name))
}

// sentenceName reports whether a name typed without a weight is a
// sentence rather than a dish (sentenceNameRE).
func sentenceName(name string) bool {
	return sentenceNameRE.MatchString(strings.TrimSpace(name))
}

// keepOnlyRE is the dishes that were kept, the others said to be none
// (T31: 就两个饺子 别的没有, 只有饺子 其他的没留, 就猪肉白菜饺子和三鲜饺子
// 别的都没有): a count (or none), the dishes, the others' denial. Groups:
// the lead, the count (with its measure word: 三鲜饺子 is no count), 俩,
// the dishes, the denial.
var keepOnlyRE = rx.MustCompile(`^(就只有|只有|只留了?|就留了?|就|只)\s*(?:这|那)?\s*(?:([一二两三四五六七八九十]|\d{1,2})\s*(?:个|样|道|种|份)|(俩)\s*(?:个|样|道|种|份)?)?\s*([^\d]+?)` +
	`(?:[\s，,。]*((?:别的|其他的?|其它的?|其余的?|剩下的?)\s*(?:菜)?\s*(?:都|也)?\s*(?:没有|没了|没留样?|没|不要了?|不算|不用记|不用留样?|删了|删掉|去掉)(?:了|的|吧|啊|哈)*))?[。.!！~～]*$`)

// keepTheseRE is the dishes kept pointed at by their count, the others
// said to be none: 就这两个 别的没有, 只有这俩 其他没留. The dishes are
// those weighed already; the group is the count.
var keepTheseRE = rx.MustCompile(`^(?:就只有|只有|只留了?|就留了?|就|只)\s*(?:这|那)\s*(俩|[两三四五六七八九十]|\d{1,2})\s*(?:个|样|道|种|份)?(?:菜)?` +
	`[\s，,。]*(?:别的|其他的?|其它的?|其余的?|剩下的?)\s*(?:菜)?\s*(?:都|也)?\s*(?:没有|没了|没留样?|没|不要了?|不算|不用记|不用留样?|删了|删掉|去掉)(?:了|的|吧|啊|哈)*[。.!！~～]*$`)

// keepOnlyParts splits the dishes of keepOnlyRE: 猪肉白菜饺子和三鲜饺子.
var keepOnlyParts = rx.MustCompile(`和|跟|与|还有|、|,|，|\s+`)

// keepOnly reads keepOnlyRE over the dishes listed: the indexes of those
// kept, each named by a part of the words (a name it contains), as many
// as the count when one is said. ok is false when the words name none,
// or a part names no dish, or the count does not fit; 就这两个 别的没有
// (keepTheseRE) keeps the dishes weighed when they are as many; with no count and
// no denial of the others, the lead must be 只有 or 只留 (就饺子 says too
// little).
func keepOnly(items []SampleItem, text string) (keep []int, ok bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	if m := keepTheseRE.FindStringSubmatch(s); m != nil {
		for i, it := range items {
			if it.Grams > 0 {
				keep = append(keep, i)
			}
		}
		n := m[1]
		if n == "俩" {
			n = "两"
		}
		if len(keep) == 0 || smallCount(n) != len(keep) {
			return nil, false
		}
		return keep, true
	}
	m := keepOnlyRE.FindStringSubmatch(s)
	if m == nil || len(items) == 0 {
		return nil, false
	}
	if m[3] != "" {
		m[2] = "两" // 俩
	}
	m = []string{m[0], m[1], m[2], m[4], m[5]}
	if m[2] == "" && m[4] == "" && !strings.HasPrefix(m[1], "只有") && !strings.HasPrefix(m[1], "就只有") && !strings.HasPrefix(m[1], "只留") {
		return nil, false
	}
	for _, part := range keepOnlyParts.Split(m[3], -1) {
		part = strings.TrimSuffix(strings.TrimSpace(part), "了")
		if part == "" {
			continue
		}
		// The dishes whose name ends with the part (饺子: 三鲜饺子, not
		// 饺子汤, a soup), else those that hold it.
		var named []int
		for _, holds := range []func(string, string) bool{strings.HasSuffix, strings.Contains} {
			for i, it := range items {
				if holds(it.Dish, part) || it.Dish == parse.StripCount(part) {
					named = append(named, i)
				}
			}
			if len(named) > 0 {
				break
			}
		}
		if len(named) == 0 {
			return nil, false
		}
		for _, i := range named {
			if !slices.Contains(keep, i) {
				keep = append(keep, i)
			}
		}
	}
	if len(keep) == 0 || m[2] != "" && smallCount(m[2]) != len(keep) {
		return nil, false
	}
	slices.Sort(keep)
	return keep, true
}
