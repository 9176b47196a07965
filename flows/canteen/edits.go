package canteen

import (
	"strings"
	"unicode"

	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// Changes of one dish said in a cook's own words at a read-back, in 菜谱
// and in 留样: 豆浆换成小米粥, 把包子换成肉包, 加一个咸鸭蛋, 去掉榨菜,
// 咸鸭蛋不要了, 把茶叶蛋两个那行删了.

type editKind int

const (
	editSwap   editKind = iota + 1 // From becomes To
	editAdd                        // To is added
	editRemove                     // From is taken off
)

// dishEdit is a change of one dish: From is the dish as said (to be found
// among those listed, findDish), To the new one.
type dishEdit struct {
	Kind     editKind
	From, To string
}

var (
	// swapRE is X换成Y, 把X换成Y, X改成Y, 将X改为Y.
	swapRE = rx.MustCompile(`^(?:把|将)?(.+?)(?:换成|改成|换为|改为|替换成|替换为|换做|改做|变成)(.+)$`)
	// addRE is 加一个X, 加个X, 再加一个X, 添一道X, 增加X, 添加X, 加上X. A bare
	// 加X is not one: 加餐 is a meal.
	addRE = rx.MustCompile(`^(?:再)?(?:(?:加|添)(?:一个|一份|一道|一样|个|道|上)|增加|添加|再加)(?:一个|一份|一道)?[\s:：]*(.+)$`)
	// removeFirstRE is 删除X, 去掉X, 不要X.
	removeFirstRE = rx.MustCompile(`^(?:删除|删掉|删去|去掉|拿掉|不要)\s*[:：]?\s*(.+)$`)
	// removeLastRE is X不要了, 把X删了, X那行删了, 把X去掉.
	removeLastRE = rx.MustCompile(`^(?:把|将)?(.+?)(?:也|就)?(?:删了|删掉|删除|删去|去掉|拿掉|划掉|不要了|不要|不用了)(?:吧|啊|哈|呀)?$`)
	// lineWordRE is what names a line rather than a dish, after its name:
	// 茶叶蛋两个那行, 鸡蛋这一项, 米饭那个.
	lineWordRE = rx.MustCompile(`\s*(?:这|那)(?:一)?(?:行|项|个|道菜?|条)$`)
	// editEndRE is what a spoken change ends with: 。, 吧, ～.
	editEndRE = rx.MustCompile(`[\s。.！!～~，,]*(?:吧|哈|啊|呀|谢谢)?[\s。.！!～~，,]*$`)
)

// notADish are words a removal names that are no dish: 都不要了.
var notADish = map[string]bool{"都": true, "全": true, "全部": true, "这些": true, "这个": true, "那个": true, "都不": true}

// readDishEdit reads a change of one dish, or ok false. It reads the
// words only: whether From is listed is for the caller.
func readDishEdit(text string) (dishEdit, bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	if strings.Contains(s, "\n") {
		return dishEdit{}, false
	}
	s = strings.TrimSpace(editEndRE.ReplaceAllString(s, ""))
	name := func(x string) string {
		x = strings.TrimSuffix(strings.TrimSpace(x), "了") // 不要米饭了
		x = strings.Trim(strings.TrimSpace(lineWordRE.ReplaceAllString(x, "")), "「」“”\"'")
		return parse.StripCount(x)
	}
	one := func(x string) bool { // one dish, not a list (包子、豆浆换成…) or a word like 都
		return x != "" && !notADish[x] && !strings.ContainsAny(x, "、，,;；")
	}
	if m := swapRE.FindStringSubmatch(s); m != nil {
		from, to := name(m[1]), name(m[2])
		if one(from) && to != "" && strings.ContainsFunc(to, unicode.IsLetter) {
			return dishEdit{Kind: editSwap, From: from, To: to}, true
		}
	}
	if m := addRE.FindStringSubmatch(s); m != nil {
		if to := name(m[1]); to != "" && strings.ContainsFunc(to, unicode.IsLetter) { // 加一个榨菜、咸菜: both
			return dishEdit{Kind: editAdd, To: to}, true
		}
	}
	for _, re := range []*rx.Regexp{removeFirstRE, removeLastRE} {
		if m := re.FindStringSubmatch(s); m != nil {
			if from := name(m[1]); one(from) && (re == removeFirstRE || !strings.ContainsFunc(from, unicode.IsDigit)) {
				// 米饭 150 汤不要了 is dishes with a remark, not a removal
				return dishEdit{Kind: editRemove, From: from}, true
			}
		}
	}
	return dishEdit{}, false
}

// findDish finds the dish a person names among those listed: the same
// name; the same without a count (茶叶蛋两个); or the only one that
// contains it or that it contains (粥 for 小米粥, 炒米粉 for 米粉). It is
// -1 when none or several are.
func findDish(listed []string, said string) int {
	said = strings.TrimSpace(said)
	for _, s := range []string{said, parse.StripCount(said)} {
		for i, l := range listed {
			if l == s {
				return i
			}
		}
	}
	said = parse.StripCount(said)
	found := -1
	for i, l := range listed {
		if sameDish(l, said) {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

// sameDish reports whether two names are one dish by the rule the menu
// check uses (unsampled): either contains the other.
func sameDish(a, b string) bool {
	return a != "" && b != "" && (strings.Contains(a, b) || strings.Contains(b, a))
}

var (
	// spokenWeightRE is a weight in a sentence: 150, 150克, 3两, 一百五十克,
	// 一百二.
	// A number of hundreds in words needs no unit (user test 16: 只有一百二).
	spokenWeightRE = rx.MustCompile(`(?:\d+(?:\.\d+)?\s*(?:(?i:kg)|千克|公斤|公克|(?i:g)|克|两|斤)?|[零一二两三四五六七八九十百千半]+\s*(?:克|两|斤)|[一二两三四五六七八九]百[零一二两三四五六七八九十]*)`)
	// notWeightAfterRE follows a number that is no weight: a count (两个),
	// a temperature, a time, a number of people; or a typo (13o克).
	notWeightAfterRE = rx.MustCompile(`^\s*(?:个|只|份|盒|块|片|杯|瓶|袋|根|碗|枚|颗|张|串|度|℃|°|点|号|:|：|分|次|人|岁|年|月|日|天)|^[A-Za-z0-9.]`)
)

// saidWeight reads a weight said in a sentence about one dish listed
// (鸡蛋再加一个 现在150了, 米饭称了下其实是160克): the one weight in text and
// the one dish it names. ok is false when text names no dish listed or
// several, or has no weight or several.
func saidWeight(items []SampleItem, text string) (i, grams int, ok bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	if len(items) == 0 {
		return 0, 0, false
	}
	g, ok := oneWeight(s)
	if !ok {
		return 0, 0, false
	}
	i = -1
	for k, it := range items {
		if !strings.Contains(s, it.Dish) {
			continue
		}
		switch {
		case i < 0 || strings.Contains(it.Dish, items[i].Dish):
			i = k // the longer name: 番茄炒蛋, not 蛋
		case !strings.Contains(items[i].Dish, it.Dish):
			return 0, 0, false // two dishes named
		}
	}
	if i < 0 {
		i = endsLike(items, s)
	}
	return i, g, i >= 0
}

// oneWeight is the one weight a one-line sentence says (一共200克, not
// the count in 放两个), if it says exactly one.
func oneWeight(s string) (int, bool) {
	if strings.Contains(s, "\n") {
		return 0, false
	}
	var ws []string
	for _, m := range spokenWeightRE.FindAllStringIndex(s, -1) {
		if !notWeightAfterRE.MatchString(s[m[1]:]) {
			ws = append(ws, s[m[0]:m[1]])
		}
	}
	if len(ws) != 1 {
		return 0, false
	}
	return bareGrams(ws[0])
}

// toppedUpRE is a cook saying how a short dish was made up, naming no
// dish: 那放两个 一共200克, 又加了点 现在140, 补到150了.
var toppedUpRE = rx.MustCompile(`一共|总共|合计|加起来|放了?两|放了?俩|补到|补了|加到|加了|又放|再放|现在`)

// endsLike is the one dish listed whose last character the sentence
// names (加了一个蛋 现在140了: 茶叶蛋), or -1 when none or several.
func endsLike(items []SampleItem, s string) int {
	i := -1
	for k, it := range items {
		r := []rune(it.Dish)
		if len(r) < 2 || !strings.Contains(s, string(r[len(r)-1])) {
			continue
		}
		if i >= 0 {
			return -1
		}
		i = k
	}
	return i
}

// countedRE is a count and the thing counted, then words about the
// weight up to the weight: 两个蛋差不多120克, 3个包子一共150.
var countedRE = rx.MustCompile(`^(?:[一二两三四五六七八九十几俩]|\d{1,2})\s*(?:个|只|份|块|片|根|碗|枚|颗|串|条|张)?\s*(\p{Han}{1,3}?)\s*(?:的|差不多|大概|大约|约|一共|总共|合计|加起来|合起来|称了(?:一?下)?|是|有|共)*\s*\d`)

// countedAfterRE is the thing counted, then its count and words about
// the weight up to the weight (user test 16: 包子两个称了是一百五十克 made a
// dish 「包子两个称了」): 鸡蛋三个一共150.
var countedAfterRE = rx.MustCompile(`^(\p{Han}{1,4}?)\s*(?:[一二两三四五六七八九十几俩]|\d{1,2})\s*(?:个|只|份|块|片|根|碗|枚|颗|串|条|张)\s*(?:的|差不多|大概|大约|约|一共|总共|合计|加起来|合起来|称了(?:一?下)?|称出来|是|有|共)*\s*(?:\d|[一二两三四五六七八九]百)`)

// countedWeight reads a weight said of a dish listed by a count and the
// thing counted (either first), its last character or its name (两个蛋差不多120克 for
// 茶叶蛋): the dish and the one weight said. ok is false when the thing
// names no dish listed or several.
func countedWeight(items []SampleItem, text string) (i, grams int, ok bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	m := countedRE.FindStringSubmatch(s)
	if m == nil {
		m = countedAfterRE.FindStringSubmatch(s)
	}
	if m == nil {
		return 0, 0, false
	}
	g, ok := oneWeight(s)
	if !ok {
		return 0, 0, false
	}
	i = -1
	for k, it := range items {
		if it.Dish != m[1] && !strings.HasSuffix(it.Dish, m[1]) {
			continue
		}
		if i >= 0 {
			return 0, 0, false // 两个蛋 with 茶叶蛋 and 咸鸭蛋 listed: which
		}
		i = k
	}
	return i, g, i >= 0
}
