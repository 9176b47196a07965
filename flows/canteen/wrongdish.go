package canteen

import (
	"strings"

	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A dish said wrong at the read-back, in words: the eighteenth user test's
// 「等下 豆芽写错了 是炒土豆丝」 at a sample's summary was answered 「请回复数字
// 选择」. The dish said wrong (by its name or part of it: 豆芽 for 炒豆芽),
// then what it is: 豆芽写错了 是炒土豆丝, 炒豆芽不对 应该是炒土豆丝, 不是炒豆芽
// 是炒土豆丝.

var (
	// wrongDishRE is X said wrong, then Y: the groups are X and Y.
	wrongDishRE = rx.MustCompile(`^(?:等下|等一下|等等|哦|哎|诶|啊|不好意思|对了)?[\s，,。]*(?:那个)?([^\s，,。；;:：\d]{1,10}?)(?:那个|那道|那样)?(?:菜)?(?:的?名字?)?(?:写错了|打错了|搞错了|记错了|弄错了|错了|不对)[\s，,。]*(?:应该是|应该叫|应是|是|叫|改成|改为|换成|写成)\s*([^\s，,。；;:：\d]{1,15}?)(?:才对|的|吧|哈|啊)?[。.!！]?$`)
	// numberSaidRE is a weight or a temperature said instead of a name:
	// 一百三十克, 五度.
	numberSaidRE = rx.MustCompile(`^[零〇一二两三四五六七八九十百千半点]+\s*(?:克|两|斤|度|公斤|千克)?$|克|度|℃`)
	// notButRE is 不是X 是Y.
	notButRE = rx.MustCompile(`^(?:等下|等一下|等等|哦|哎|诶|不好意思)?[\s，,。]*不是([^\s，,。；;:：\d]{1,10}?)[\s，,。]*(?:而)?是([^\s，,。；;:：\d]{1,15}?)(?:才对|的|吧|哈|啊)?[。.!！]?$`)
)

// wrongDishSaid reads text as a dish of names said wrong and what it is:
// i its place among names, name the right one. ok is false when the
// words fit no dish, or several, or the right one is no dish's name.
func wrongDishSaid(names []string, text string) (i int, name string, ok bool) {
	s := strings.TrimSpace(parse.Normalize(text))
	m := wrongDishRE.FindStringSubmatch(s)
	if m == nil {
		m = notButRE.FindStringSubmatch(s)
	}
	if m == nil {
		return 0, "", false
	}
	if strings.HasSuffix(m[1], "称") || strings.HasSuffix(m[1], "量") || strings.HasSuffix(m[1], "重量") || numberSaidRE.MatchString(m[2]) {
		return 0, "", false // 米饭称错了，是一百三十克: the weight, not the name
	}
	i = findDish(names, m[1])
	if i < 0 || !dishLike(m[2]) || m[2] == names[i] {
		return 0, "", false
	}
	return i, m[2], true
}

// sampleDishNames are the names of a sample's dishes.
func sampleDishNames(items []SampleItem) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.Dish
	}
	return out
}
