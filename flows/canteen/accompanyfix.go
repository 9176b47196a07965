package canteen

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// User test 34's leader, read back 「菜品：冬至饺子和汤圆、饺子皮有点厚」, gave
// his scores with 「4 5 5 菜就饺子汤圆两样 饺子皮厚是意见不是菜」: the whole
// of it after the scores became the remark, the earlier remark (汤圆挺好)
// was lost, and the dishes stayed wrong (T60). Said with the scores, words
// about the record's dishes correct them; only the rest is a remark, added
// to the one said before.

var (
	// dishesOnlyRE says which the dishes were: 菜就饺子汤圆两样, 菜是饺子和
	// 汤圆, 就吃了饺子汤圆. The first group is the dishes.
	dishesOnlyRE = rx.MustCompile(`^(?:菜品?|吃的)(?:就|只有|就是|是|一共|总共|其实)*(?:是|有)?\s*(\p{Han}[\p{Han}、和跟\s]*?)(?:这)?(?:[两二三四五六七八九十\d]|几)?(?:样|个|道)?(?:菜)?(?:而已|就这些)?$`)
	// remarkNotDishRE takes a dish back as a remark: 饺子皮厚是意见不是菜, 饺子皮
	// 有点厚不是菜名. The first group is the words.
	remarkNotDishRE = rx.MustCompile(`^(\p{Han}{2,12}?)(?:那个|这个)?(?:是(?:我的)?(?:意见|评价|看法|说的)(?:的)?)?[\s，,]*(?:不是|不算)(?:菜|菜名|菜品|一道菜)$`)
)

// dishTalk takes, from the clauses said with the scores (after), those
// about d's dishes: which they were (dishesOnlyRE, matched to the dishes
// read back: 饺子 is 冬至饺子) and a dish that was a remark (remarkNotDishRE:
// out of the dishes, into the note, as first said). rest is the other
// clauses, joined by 「；」.
func (d *accompanyDraft) dishTalk(after string) (rest string) {
	var others []string
	for _, c := range commentSepRE.Split(strings.TrimSpace(parse.Normalize(after)), -1) {
		if c == "" {
			continue
		}
		if m := remarkNotDishRE.FindStringSubmatch(c); m != nil {
			d.remarkNotDish(m[1])
			continue
		}
		if m := dishesOnlyRE.FindStringSubmatch(c); m != nil && !judgmentRE.MatchString(c) {
			if said := dishNames(andRE.ReplaceAllString(m[1], "、")); len(said) > 0 {
				said = splitGlued(said, append(slices.Clone(d.Dishes), d.Menu...))
				d.Dishes = asSampled(said, d.Dishes)
				continue
			}
		}
		others = append(others, c)
	}
	return strings.Join(others, "；")
}

// remarkNotDish moves the dishes that words (饺子皮厚) take back, those
// sharing their first two characters and more with them (饺子皮有点厚),
// into the note as they were said.
func (d *accompanyDraft) remarkNotDish(words string) {
	d.Dishes = slices.DeleteFunc(d.Dishes, func(dish string) bool {
		if sharedLead(dish, words) < 3 && dish != words {
			return false
		}
		if !strings.Contains(d.Note, dish) {
			d.Note = joinNote(dish, d.Note)
		}
		return true
	})
	if !strings.Contains(d.Note, words) && sharedLead(d.Note, words) < 3 && !slices.ContainsFunc(strings.Split(d.Note, "；"), func(n string) bool { return sharedLead(n, words) >= 3 }) {
		d.Note = joinNote(d.Note, words)
	}
	d.NoNote = false
}

// sharedLead is how many characters a and b begin with alike.
func sharedLead(a, b string) int {
	n := 0
	for a != "" && b != "" {
		ra, sa := utf8.DecodeRuneInString(a)
		rb, sb := utf8.DecodeRuneInString(b)
		if ra != rb {
			break
		}
		n, a, b = n+1, a[sa:], b[sb:]
	}
	return n
}

// joinNote joins two remarks with 「；」, either may be empty.
func joinNote(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "；" + b
}
