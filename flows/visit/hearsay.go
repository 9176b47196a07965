package visit

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// pickupRE is a guard passing on what someone at the gate says of
// himself: 有个男的说是初二3班刘小明的舅舅 (要提前接孩子走). The groups are
// the class, the pupil and the relation.
var pickupRE = rx.MustCompile(`(?:说|自称)(?:他|她)?(?:是)?\s*(` + classRE.String() + `)\s*的?\s*(\p{Han}{2,3}?)(?:同学)?的\s*(` + strings.Join(kinWords, "|") + `)`)

// kinWords are a pupil's relatives, as a visitor is called by them
// (刘小明的舅舅, 小明妈妈).
var kinWords = []string{"舅舅", "舅妈", "姑姑", "姑父", "叔叔", "婶婶", "阿姨", "姨妈", "小姨", "姨夫", "伯伯", "伯父", "伯母", "爷爷", "奶奶",
	"外公", "外婆", "姥姥", "姥爷", "爸爸", "妈妈", "父亲", "母亲", "哥哥", "姐姐", "表哥", "表姐", "家长", "亲戚"}

// relationName is the name a visitor is registered under when the guard
// knows only whose relative they are: 刘小明妈妈 (不知道叫啥), 小明的奶奶 →
// 小明奶奶. Guards often know no more, and the host knows the child. ok is
// false for anything else (a name, 家长 alone, 王老师的妈妈).
func (v *vocab) relationName(text string) (string, bool) {
	s := unnamedCourierRE.ReplaceAllString(parse.Normalize(text), " ")
	s = strings.Trim(s, " ,，。.:：;；、")
	for _, kin := range append(slices.Clone(v.parents), kinWords...) {
		child, ok := strings.CutSuffix(s, kin)
		if !ok {
			continue
		}
		child = strings.TrimSuffix(child, "的")
		n := utf8.RuneCountInString(child)
		if n < 2 || n > 3 || !onlyHan(child) || v.notName[child] || v.guessPurpose(child) != "" || slices.ContainsFunc(v.titles, func(t string) bool { return strings.HasSuffix(child, t) }) {
			return "", false
		}
		return child + kin, true
	}
	return "", false
}

// kinSaidRE is whose relative a visitor says they are, within a longer
// message: 说是初二3班刘小明的妈妈, 是小红的奶奶, 自称王浩家长. The groups are
// the pupil and the relation.
var kinSaidRE = rx.MustCompile(`(?:说|自称|是)(?:他|她)?(?:是)?\s*(?:` + classRE.String() + `)?\s*的?\s*(\p{Han}{2,3}?)(?:同学)?的?\s*(` + strings.Join(kinWords, "|") + `)`)

// kinName is the name of a visitor the guard knows only as a pupil's
// relative, said within a longer message (kinSaidRE): 刘小明妈妈.
func (v *vocab) kinName(text string) (string, bool) {
	m := kinSaidRE.FindStringSubmatch(parse.Normalize(text))
	if m == nil {
		return "", false
	}
	return v.relationName(m[len(m)-2] + m[len(m)-1])
}

// pickupWhyRE is the reason given for taking the child: 说孩子发烧了.
var pickupWhyRE = rx.MustCompile(`说\s*((?:孩子|他|她|小孩)\S{1,12})$`)

// courierForRE is a courier asking to deliver in person: 有个送快递的说
// 王老师的件要当面签收. The groups are who delivers and to whom.
var courierForRE = rx.MustCompile(`(送快递的|快递员|快递小哥|快递|送外卖的|外卖员|送货的)\s*(?:说)?(?:是)?(?:有|给|送)?\s*(\p{Han}{1,3}(?:老师|主任|校长))的(?:件|快递|包裹|东西|货)`)

// hearsay reads a check-in told as what the visitor says: a relative come
// to take a pupil home (the class's 班主任 is the host, the pupil and the
// reason the note), or a courier with a parcel for a teacher. ok is false
// for anything else.
func (v *vocab) hearsay(text string) (VisitorGuess, bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	if m := pickupRE.FindStringSubmatch(s); m != nil && strings.Contains(s, "接") {
		pupil, rel := m[len(m)-2], m[len(m)-1]
		note := "接" + m[1] + pupil + "，自称" + rel
		if w := pickupWhyRE.FindStringSubmatch(s); w != nil {
			note += "，" + w[1]
		}
		return VisitorGuess{Parent: true, Org: "学生家长", Purpose: "家长来访", PurposeNote: flows.Clip(note, 50)}, true
	}
	if m := courierForRE.FindStringSubmatch(s); m != nil {
		note := "送快递"
		if strings.Contains(m[1], "外卖") {
			note = "送外卖"
		}
		if strings.Contains(s, "当面") || strings.Contains(s, "签收") {
			note += "，要本人当面签收"
		}
		g := VisitorGuess{Purpose: "送货", PurposeNote: note, Host: m[2]}
		if o := v.parseVisitor(s).Org; o != "" {
			g.Org = o
		}
		return g, true
	}
	return VisitorGuess{}, false
}

// unnamedCourierRE is a guard who did not get a courier's name: 顺丰小哥 不
// 知道叫啥, 快递员 没问名字.
var unnamedCourierRE = rx.MustCompile(`(?:不知道|不晓得|不清楚|没问|没说)(?:他|她)?(?:叫啥|叫什么|叫啥名|叫什么名字|名字|姓名|姓啥|姓什么)|(?:名字|叫啥|叫什么)(?:不知道|没问|不清楚)`)

// courierAsNameRE is a courier called by what he is where his name was
// asked: 顺丰快递员, 快递小哥, 外卖骑手.
var courierAsNameRE = rx.MustCompile(`(?:^|\p{Han}{0,4})(?:快递员|快递小哥|外卖员|外卖小哥|骑手|送货员)(?:[\s，,]|$)`)

// courierWords name a courier or delivery rider.
var courierWords = []string{"快递", "小哥", "外卖", "送货", "骑手"}

// unnamedCourier is the name a courier is registered under when the guard
// does not know it: the company's and 快递员 (顺丰快递员). ok is false for
// anything but a courier whose name is unknown.
func unnamedCourier(text, org string) (string, bool) {
	s := parse.Normalize(text)
	if courierAsNameRE.MatchString(s) && org != "" {
		// 顺丰快递员 送答题卡 找陈主任 at the name question (user test
		// 27's K40): the courier named by his company and what he is (a
		// bare 快递员 is still asked his name).
	} else if !unnamedCourierRE.MatchString(s) || !containsAny(s, courierWords) && org == "" {
		return "", false
	}
	word := "快递员"
	if strings.Contains(s, "外卖") || strings.Contains(s, "骑手") {
		word = "外卖员"
	}
	switch {
	case strings.HasSuffix(org, word):
		return org, true // 顺丰快递员, read as the organisation
	case word == "快递员" && strings.HasSuffix(org, "快递"):
		return org + "员", true // 顺丰快递
	}
	return org + word, true
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
