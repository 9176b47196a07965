package parse

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/houqin/houqin/internal/rx"
)

// Dish is one food sample as typed by canteen staff.
type Dish struct {
	Name      string
	Grams     int  // 1..MaxGrams when HasWeight, else 0
	HasWeight bool // false when no weight was typed; the flow asks for it
}

// MaxGrams is the heaviest sample ParseDishes accepts; more is a typo (a
// sample box holds a few hundred grams).
const MaxGrams = 5000

// maxDishName bounds a dish name; a longer "name" is a sentence, not a dish.
const maxDishName = 30

// LineError is a part of a dish message that could not be read.
type LineError struct {
	Line int    // the n-th non-empty line of the message, from 1
	Item string // the part of the line that could not be read, normalised
	Text string // polite Chinese explanation for the person who typed it
}

// String is the whole explanation in Chinese, ready to show.
func (e LineError) String() string {
	return fmt.Sprintf("第 %d 行“%s”：%s", e.Line, e.Item, e.Text)
}

// The explanations of LineError.
const (
	textNoName    = "只有重量，没有菜名，请写成“红烧肉 130克”这样。"
	textBadWeight = "重量没看懂，请写成“红烧肉 130克”这样。"
	textWeight    = "重量不合理，请核对（应在 1 到 5000 克之间）。"
	textGarbage   = "没看懂这一项，请写成“菜名 重量”，如“红烧肉 130克”。"
	textLongName  = "菜名太长了，请一项写一个菜。"
)

// ParseDishes reads the dishes of a food-sample message. Dishes come one per
// line or several on a line separated by ， , ; ； 、 or 。, each a name and
// a weight in either order: "红烧肉 130g", "清炒菜心 128", "米饭 150克",
// "红烧肉130克，青菜 2两", "二两米饭". List numbers ("1.", "2、", "①") and a
// label before a colon ("午餐：红烧肉 130g") are skipped, as are lines that
// are only a meal name or a label ending in a colon.
//
// Units are g 克 公克 (grams), 两 (50 g), 斤 (500 g) and kg 千克 公斤 (1000 g),
// in any letter case; a bare number is grams. Numbers may be decimals
// (1.5两 = 75 g), full-width, or Chinese numerals followed by a unit (二两,
// 半斤, 一斤半). Grams are rounded to whole grams.
//
// A dish without a weight has HasWeight false. A weight with no name, digits
// that are not a weight, or a weight of 0 or above MaxGrams give a
// LineError instead of a dish. The 125 g minimum is the flow's rule, not
// checked here, so the flow can say exactly which dish is too light.
func ParseDishes(text string) ([]Dish, []LineError) {
	var dishes []Dish
	var errs []LineError
	for i, line := range strings.Split(Normalize(text), "\n") {
		line = stripListMarker(line)
		line = sentenceStopRE.ReplaceAllString(line, "$1。$2") // 红烧肉 130克. 青菜 130克.
		line = gramSlipRE.ReplaceAllString(line, "${1}克")     // 130刻: 克 typed by its sound
		line = cnGrams(line)                                  // 青菜一百三 米饭150: 青菜130
		first := len(dishes)
		for _, item := range splitDishes(strings.FieldsFunc(line, isDishSeparator)) {
			item = strings.TrimSpace(item)
			if item == "" || fillers[item] || chatter(item) {
				continue // "红烧肉 130g, ,青菜": an empty item is no mistake; nor 左右 or 照片发群里了
			}
			item = leadingChatter(item)
			each := false
			if name, w, ok := strings.Cut(item, "各"); ok && weightOnly.MatchString(strings.TrimSpace(w)) {
				item, each = strings.TrimSpace(name)+" "+strings.TrimSpace(w), true // 蛋糕、酸奶、香蕉 各100克
			}
			d, text, ok := parseDish(item)
			switch {
			case text != "":
				errs = append(errs, LineError{Line: i + 1, Item: item, Text: text})
			case ok:
				if each && d.HasWeight {
					for k := first; k < len(dishes); k++ {
						if !dishes[k].HasWeight {
							dishes[k].Grams, dishes[k].HasWeight = d.Grams, true
						}
					}
				}
				dishes = append(dishes, d)
			}
		}
	}
	return dishes, errs
}

// cnWeightRE is a weight in Chinese numerals after a dish's name or a
// space: 一百三 (130, as said), 一百二十五, 两百, 一百零五.
var cnWeightRE = rx.MustCompile(`(^|[\p{Han}\s])([一二两三四五六七八九]百(?:[零〇][一二三四五六七八九]|[一二三四五六七八九](?:十[一二三四五六七八九]?)?)?)(克|g|G)?(\s|$|[，,、;；。])`)

// cnGrams writes the weights cnWeightRE finds in digits, so that
// 「青菜一百三 米饭150」 is two dishes (it had been one, 「青菜一百三 米饭」
// of 150 g, in the sixth user test).
func cnGrams(line string) string {
	for range 8 { // a match takes the space after it, which the next may need
		next := cnWeightRE.ReplaceAllStringFunc(line, func(m string) string {
			sm := cnWeightRE.FindStringSubmatch(m)
			n, ok := Numeral(sm[2])
			if !ok {
				return m
			}
			return sm[1] + strconv.Itoa(n) + sm[3] + sm[4]
		})
		if next == line {
			break
		}
		line = next
	}
	return line
}

// gramSlipRE is 克 typed as 刻 after a number.
var gramSlipRE = rx.MustCompile(`(\d)\s*刻`)

// fillers are words that round off a weight or a temperature, typed as an
// item of their own once the number is taken: 冰箱4度左右.
var fillers = map[string]bool{"左右": true, "多点": true, "大约": true, "约": true, "大概": true, "差不多": true}

// chatter reports an item without a number that is a remark, not a dish:
// 照片发群里了, 刚才停了会电 现在好了, 师傅看下对不对, 好像有点高. Dishes
// are named by nouns; none ends in 了, asks to be looked at or hedges.
func chatter(item string) bool {
	if strings.ContainsFunc(item, isDigit) {
		return false
	}
	return strings.Contains(item, "了") || strings.Contains(item, "看下") || strings.Contains(item, "看一下") ||
		strings.Contains(item, "对不对") || strings.Contains(item, "发群") ||
		strings.Contains(item, "好像") || strings.Contains(item, "有点高") || strings.Contains(item, "有点低")
}

// leadingChatter drops a remark typed before a dish on the same item:
// "今天人多做了两锅 梅干菜烧肉150" is 梅干菜烧肉150.
func leadingChatter(item string) string {
	if i := strings.LastIndex(item, " "); i > 0 && chatter(item[:i]) {
		return strings.TrimSpace(item[i+1:])
	}
	return item
}

// weightEndRE is a weight followed by a space: where one dish ends and
// the next begins in "红烧肉130g 青菜128g 米饭150g" or "红烧肉 二两半 青菜 三两".
var weightEndRE = rx.MustCompile(`(?:\d+(?:\.\d+)?|[零一二两三四五六七八九十百千]+\s*(?:两|斤|克)|半\s*(?:两|斤))\s*(?:(?i:kg)|㎏|千克|公斤|公克|(?i:g)|克|两|斤)?半?\s*(?:左右|多点|多)?\s+`)

// countRE is a count of pieces, not a weight: 两个, 2个, 一份, 三块. 两 and
// 斤 are weights, so they are no classifier here.
const countRE = `(?:\d+|[一二两三四五六七八九十半几]+)\s*(?:个|只|份|盒|块|片|杯|瓶|袋|根|碗|枚|颗|张|串)`

var (
	// countEndRE is a count followed by a space: where one dish ends and
	// the next begins in "茶叶蛋两个 米粉140".
	countEndRE = rx.MustCompile(countRE + `\s+`)
	// countSuffixRE is a count after a dish's name: 茶叶蛋两个, 包子 2个.
	countSuffixRE = rx.MustCompile(`\s*` + countRE + `$`)
	// weightLeadRE begins what weighs the pieces just counted: 约130克,
	// 一共260克 ("包子两个 一共260克" is one dish), but not 重庆小面.
	weightLeadRE = rx.MustCompile(`^(?:` + hedgeRE + `|重|一共|总共|共)\s*(?:\d|[一二两三四五六七八九十半])`)
)

// StripCount removes a count of pieces from the end of a dish's name:
// 茶叶蛋两个 is 茶叶蛋. A name that is only a count is kept as it is.
func StripCount(name string) string {
	if n := strings.TrimSpace(countSuffixRE.ReplaceAllString(name, "")); n != "" {
		return n
	}
	return name
}

// dishEnds lists where the dishes of an item end: after each weight that
// follows a name, and after a count of pieces when a name, not their
// weight, comes next ("茶叶蛋两个 米粉140", but "包子两个 130克" is one).
func dishEnds(item string) [][]int {
	ends := weightEndRE.FindAllStringIndex(item, -1)
	for _, m := range countEndRE.FindAllStringIndex(item, -1) {
		next, _, _ := strings.Cut(item[m[1]:], " ")
		if next == "" || weightOnly.MatchString(next) || weightLeadRE.MatchString(next) {
			continue
		}
		if r, _ := utf8.DecodeRuneInString(next); !unicode.IsLetter(r) {
			continue
		}
		ends = append(ends, m)
	}
	slices.SortFunc(ends, func(a, b []int) int { return a[0] - b[0] })
	return ends
}

// splitDishes splits items that hold several dishes separated by spaces,
// after each weight that follows a name ("红烧肉 130g 青菜 128g") and
// after a count followed by a name ("茶叶蛋两个 米粉140").
func splitDishes(items []string) []string {
	var out []string
	for _, item := range items {
		start := 0
		for _, m := range dishEnds(item) {
			if m[0] < start {
				continue // a count inside the weight just taken: 二两 半斤 …
			}
			next, _ := utf8.DecodeRuneInString(item[m[1]:])
			marker := listMarker.FindString(item[m[1]:]) != "" // 130g 2.炒西红柿
			if m[1] >= len(item) || isDigit(next) && !marker || !strings.ContainsFunc(item[start:m[0]], unicode.IsLetter) {
				continue // a weight at the end, before another number, or with no name before it
			}
			if rest := item[m[1]:]; strings.HasPrefix(rest, "克") || strings.HasPrefix(strings.ToLower(rest), "g") ||
				strings.HasPrefix(rest, "两") || strings.HasPrefix(rest, "斤") || strings.HasPrefix(rest, "左右") || strings.HasPrefix(rest, "多点") {
				continue
			}
			out = append(out, stripListMarker(item[start:m[1]]))
			start = m[1]
		}
		out = append(out, stripListMarker(item[start:]))
	}
	return out
}

// sentenceStopRE is a full stop typed as "." after a word, not inside a
// number (1.5两) or a list number (1.): it separates dishes as 。 does.
var sentenceStopRE = rx.MustCompile(`([^0-9\s.])\.(\s|$)`)

func isDishSeparator(r rune) bool {
	switch r {
	case '，', ',', ';', '；', '、', '。', '/':
		return true
	}
	return false
}

const (
	numRE  = `(\d+(?:\.\d+)?|\.\d+)`
	cnRE   = `([零〇一二两三四五六七八九十百千]+|半)`
	unitRE = `((?i:kg)|㎏|千克|公斤|公克|(?i:g)|克|两|斤)`
)

var (
	// listMarker is a list number at the start of a line: "1.", "2、", "3)",
	// "一、", "①".
	listMarker = rx.MustCompile(`^(?:[①-⑳]|(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*[.、)])\s*`)
	// bareListMarker is a list number followed by a space only: "1 红烧带鱼".
	bareListMarker = rx.MustCompile(`^\d{1,2}\s+`)
	// weightLast is "name weight"; a Chinese numeral needs a unit there so
	// that names like 三鲜汤 stay names.
	weightLast = rx.MustCompile(`^(.*?)\s*(?:` + hedgeRE + `|重|一共|总共|共)?\s*(?:` + numRE + `\s*(?:` + unitRE + `(半)?)?|` + cnRE + `\s*` + unitRE + `(半)?)\s*(?:左右|多点|多)?$`)
	// weightFirst is "weight name"; the unit is required, so "3号套餐" is a name.
	weightFirst = rx.MustCompile(`^(?:` + numRE + `\s*` + unitRE + `(半)?|` + cnRE + `\s*` + unitRE + `(半)?)\s*(.+)$`)
	// weightOnly is a weight and nothing else, as after "红烧肉：".
	weightOnly = rx.MustCompile(`^(?:` + hedgeRE + `|重|一共|总共|共)?\s*(?:` + numRE + `\s*(?:` + unitRE + `(半)?)?|` + cnRE + `\s*` + unitRE + `(半)?)\s*(?:左右)?$`)
)

// stripListMarker removes a list number from the start of a line, unless a
// digit follows, as in "1.5两米饭", where it is the weight.
func stripListMarker(line string) string {
	loc := listMarker.FindStringIndex(line)
	if loc == nil {
		// "1 红烧带鱼 140g", "3 二两米饭": a number and a space, when what
		// follows holds a weight of its own ("150 米饭" is a weight).
		if m := bareListMarker.FindStringIndex(line); m != nil {
			if rest := line[m[1]:]; weightLast.MatchString(rest) && !isDigit(rune(rest[0])) || weightFirst.MatchString(rest) {
				return rest
			}
		}
		return line
	}
	rest := line[loc[1]:]
	if rest != "" && isDigit(rune(rest[0])) {
		return line
	}
	return rest
}

// leadFillerRE is filler said before a dish's name, no part of it: the 的
// of 「昨天晚饭的样忘了录了 留了的 红烧鱼130」. No dish's name begins with 的.
// Nor with 现在 or 又 (the fourteenth user test: 又夹了两块 现在锅包肉一百三
// is 锅包肉 at 130 g, not a dish 「现在锅包肉」): words of when, said of the
// weight. Nor with a word that adds it to the others (user test 17:
// 再加上红烧鸡块130克 is 红烧鸡块, not 「加上红烧鸡块」; 还有米饭, 另外加上凉拌木耳),
// nor with a particle ending the sentence before it (留好了哈 红烧鸡块130).
var leadFillerRE = rx.MustCompile(`^(?:(?:留了的|留的|的)\s*|(?:了|就|是|有|哈|嘛|啊|哦|噻|呀|哟|嘞|咯)\s+|` +
	`(?:再|又|另外|还)?(?:加上|加了|添上|添了|还有|外加|以及)\s*|(?:现在|目前|这回|这下|眼下|又|再)+(?:是|有|称了?|称得)?\s*)`)

// hedgeRE is a word that makes a weight approximate: 大概130g, 差不多150.
const hedgeRE = `约|大约|大概|差不多|估计|大致|将近|接近`

// trailHedgeRE is such a word, or 左右, left at the end of a dish's name
// when it came between the name and its weight: 茶叶蛋两个大概130g (the
// fourteenth user test's dish 「茶叶蛋两个大概」) is 茶叶蛋.
// Words of when said there (锅包肉现在一百三) are no part of it either.
var trailHedgeRE = rx.MustCompile(`\s*(?:` + hedgeRE + `|左右|上下|现在|目前|这回|这下)$`)

// cleanName is a dish's name without the hedges and counts said after it
// (茶叶蛋两个大概: 茶叶蛋) and the filler before it (留了的, 现在). A name
// that is only such words is kept as it is.
func cleanName(name string) string {
	for range 4 {
		n := StripCount(strings.TrimSpace(trailHedgeRE.ReplaceAllString(name, "")))
		if n == "" || n == name {
			break
		}
		name = n
	}
	if n := strings.TrimSpace(leadFillerRE.ReplaceAllString(name, "")); n != "" {
		name = n // 留了的 红烧鱼130: 红烧鱼
	}
	return name
}

// mealHeaders are lines that name the meal rather than a dish.
var mealHeaders = map[string]bool{
	"早餐": true, "午餐": true, "中餐": true, "晚餐": true, "早饭": true, "午饭": true,
	"中饭": true, "晚饭": true, "夜宵": true, "留样": true, "今日留样": true, "菜品": true, "菜单": true,
}

// parseDish reads one item. It returns ok false and no text for an item to
// skip silently (a header), and a non-empty text for an item in error.
func parseDish(item string) (d Dish, errText string, ok bool) {
	if i := strings.LastIndexByte(item, ':'); i >= 0 {
		label, rest := strings.TrimSpace(item[:i]), strings.TrimSpace(item[i+1:])
		switch {
		case rest == "":
			return Dish{}, "", false
		case weightOnly.MatchString(rest):
			item = label + " " + rest
		default:
			item = rest
		}
	}
	if mealHeaders[item] {
		return Dish{}, "", false
	}
	var name string
	var grams float64
	if m := weightLast.FindStringSubmatch(item); m != nil {
		name = m[1]
		grams, ok = weight(m[2], m[3], m[4], m[5], m[6], m[7])
	} else if m := weightFirst.FindStringSubmatch(item); m != nil {
		name = m[7]
		grams, ok = weight(m[1], m[2], m[3], m[4], m[5], m[6])
	} else {
		name = StripCount(item) // 茶叶蛋2个: how many, the weight still to come
		if strings.ContainsFunc(name, isDigit) {
			return Dish{}, textBadWeight, false
		}
	}
	name = cleanName(StripCount(strings.Trim(name, " :=-~—"))) // 茶叶蛋一个大约110克, 茶叶蛋两个大概
	switch {
	case name == "" && ok:
		return Dish{}, textNoName, false
	case !strings.ContainsFunc(name, unicode.IsLetter):
		return Dish{}, textGarbage, false
	case utf8.RuneCountInString(name) > maxDishName:
		return Dish{}, textLongName, false
	}
	if !ok {
		return Dish{Name: name}, "", true
	}
	if math.IsNaN(grams) {
		return Dish{}, textBadWeight, false
	}
	if grams <= 0 || grams > MaxGrams || math.Round(grams) < 1 {
		return Dish{}, textWeight, false
	}
	return Dish{Name: name, Grams: int(math.Round(grams)), HasWeight: true}, "", true
}

// weight computes grams from the parts of a weight match: either a decimal
// num or a Chinese numeral cn, with a unit and a trailing 半 (half a unit)
// from the matching alternative. ok is false when no weight was matched.
func weight(num, unit, half, cn, cnUnit, cnHalf string) (grams float64, ok bool) {
	var v float64
	switch {
	case num != "":
		f, err := strconv.ParseFloat(num, 64)
		if err != nil {
			return math.Inf(1), true // only overflow gets here: an absurd weight
		}
		v = f
	case cn == "半":
		v, unit, half = 0.5, cnUnit, cnHalf
	case cn != "":
		n, ok := Numeral(cn)
		if !ok {
			return math.NaN(), true // 一三两: not a numeral
		}
		v, unit, half = float64(n), cnUnit, cnHalf
	default:
		return 0, false
	}
	if half != "" {
		v += 0.5
	}
	return v * unitGrams(unit), true
}

func unitGrams(unit string) float64 {
	switch strings.ToLower(unit) {
	case "kg", "㎏", "千克", "公斤":
		return 1000
	case "斤":
		return 500
	case "两":
		return 50
	}
	return 1 // g, 克, 公克, or no unit
}

// ParseTemperature reads a fridge temperature in °C: "4", "4.5度", "4℃",
// "4°C", "-2", "零下2度", "负2度", Chinese numerals ("四度") and full-width
// digits, with an optional "温度" label. It returns ErrTemperature when it
// cannot read a number and ErrTemperatureRange outside -30..60 °C, which is
// beyond any fridge or kitchen and so a typo.
func ParseTemperature(s string) (float64, error) {
	t := strings.ReplaceAll(Normalize(s), " ", "")
	t = strings.TrimRight(t, "吧啊呀左右。")
	t = strings.TrimPrefix(t, "温度")
	t = strings.TrimPrefix(t, ":")
	neg := false
	for _, p := range []string{"零下", "负", "-", "−"} {
		if rest, ok := strings.CutPrefix(t, p); ok {
			t, neg = rest, true
			break
		}
	}
	if !neg {
		for _, p := range []string{"零上", "+"} {
			t = strings.TrimPrefix(t, p)
		}
	}
	for _, suf := range []string{"摄氏度", "℃", "°C", "°c", "度", "°", "C", "c"} {
		if rest, ok := strings.CutSuffix(t, suf); ok {
			t = rest
			break
		}
	}
	var v float64
	if isDecimal(t) {
		f, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return 0, ErrTemperatureRange // overflow only
		}
		v = f
	} else if n, ok := Numeral(t); ok {
		v = float64(n)
	} else {
		return 0, ErrTemperature
	}
	if neg {
		v = -v
	}
	if v < -30 || v > 60 {
		return 0, ErrTemperatureRange
	}
	return v, nil
}

// isDecimal reports digits with at most one decimal point and at least one
// digit; it keeps "1e3", "Inf" and "0x1p3" away from strconv.ParseFloat.
func isDecimal(s string) bool {
	digits, dots := 0, 0
	for _, r := range s {
		switch {
		case isDigit(r):
			digits++
		case r == '.':
			dots++
		default:
			return false
		}
	}
	return digits > 0 && dots <= 1
}
