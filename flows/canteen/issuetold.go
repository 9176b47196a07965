package canteen

import (
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// The 总务主任's follow-up of canteen issues told to a cook by name, and
// issues named by part of a dish: the eighteenth user test's 陈主任, after
// two 【食堂问题】 (鸡块给的有点少, 土豆烧牛肉太咸了), typed 「食堂的问题我跟钱阿姨
// 说了 牛肉少放盐 鸡块份量给足」 and was asked which kind of repair it was.

// toldRE is someone told about it: 跟钱阿姨说了, 告诉李师傅了, 和厨师长
// 交代过了. Who it was is looked up (toldCook).
var toldRE = rx.MustCompile(`(?:跟|和|给|告诉|通知|提醒|交代)了?(\p{Han}{1,5}?)(?:那边)?(?:说|讲|反映|交代|强调|提|讲)?(?:过|了)+`)

// cookWords name the canteen's people without a name (after 食堂 or
// 食堂的, or alone): 阿姨, 厨师长. 王师傅 is a name, looked up.
var cookWords = []string{"阿姨", "厨师", "大厨", "厨师长", "炊事员", "厨房", "师傅", "师傅们", "大师傅", "管理员", "经理", "负责人"}

// toldCook reports whether s tells of the canteen's people being told:
// by a canteen staff member's name (钱阿姨, 钱) or a word for them.
func toldCook(t *flows.Turn, s string) bool {
	ms := toldRE.FindAllStringSubmatch(s, -1)
	if ms == nil {
		return false
	}
	cooks, err := t.Tx.StaffWithRole(t.Ctx, t.School.ID, flows.RoleCanteen)
	if err != nil {
		return false
	}
	for _, m := range ms {
		who := strings.TrimPrefix(strings.TrimPrefix(m[1], "食堂"), "的")
		if who == "" || slices.Contains(cookWords, who) {
			return true // 跟食堂说了, 告诉食堂的阿姨了
		}
		for _, c := range cooks {
			if strings.Contains(c.Name, who) || strings.Contains(who, c.Name) {
				return true
			}
		}
	}
	return false
}

// genericLeads are what an opinion's clause may begin with that names no
// dish: 味道不错, 卫生挺好, 其他还行.
var genericLeads = []string{"味道", "口味", "卫生", "份量", "分量", "其他", "其它", "整体", "总体", "饭菜", "食堂", "菜品", "环境", "服务", "总的"}

// issueNamedByPart reports whether s names a dish a's opinion is about by
// part of it: the end of a dish the opinion names (牛肉 of 土豆烧牛肉), or
// the first two characters a clause of the opinion begins with (鸡块 of
// 鸡块给的有点少), not a word every opinion may begin with.
func issueNamedByPart(a AccompaniedMeal, s string) bool {
	for _, d := range a.Dishes {
		if d == "" || !strings.Contains(a.Note, d) {
			continue
		}
		r := []rune(d)
		for k := 0; k+2 <= len(r); k++ {
			if strings.Contains(s, string(r[k:])) {
				return true
			}
		}
	}
	for _, c := range commentSepRE.Split(strings.ReplaceAll(a.Note, "；", " "), -1) {
		r := []rune(c)
		if len(r) < 3 || !unicode.Is(unicode.Han, r[0]) || !unicode.Is(unicode.Han, r[1]) {
			continue
		}
		lead := string(r[:2])
		if !slices.Contains(genericLeads, lead) && strings.Contains(s, lead) {
			return true
		}
	}
	return false
}

// handledAction is the action data recording the handling of the issues
// ids: the first as its id, the others as its arguments.
func handledAction(ids []int64) string {
	a := flows.Action{Prefix: actionPrefix, Verb: string(verbHandled), ID: ids[0]}
	for _, id := range ids[1:] {
		a.Args = append(a.Args, strconv.FormatInt(id, 10))
	}
	return a.String()
}

// issueExample is how the handling of a may be said: its opinion's first
// clause, then what was done (鸡块给的有点少那个事已经跟食堂说了).
func issueExample(a AccompaniedMeal) string {
	first := strings.TrimSpace(commentSepRE.Split(strings.ReplaceAll(a.Note, "；", " "), -1)[0])
	return flows.Clip(first, 16) + "那个事已经跟食堂说了"
}
