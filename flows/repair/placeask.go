package repair

import (
	"regexp"
	"strings"
	"unicode"
)

// A leader's question of who has a thing's job, named by its place and
// its thing in his own words, as user test 18's 总务主任 asked it:
// 「图书馆门口地砖那单现在谁在弄」 (answered 「目前没有未完成的报修」 while two
// such jobs were open: the place was written 图书馆其他地点：门口, the thing
// was 地砖 in one problem and 砖 in the other), 「图书馆门口的砖现在谁在弄」
// (not understood).

// whoOnJobRE is who has a thing's job asked with no word of a job (单子,
// 报修) needed: 图书馆门口的砖现在谁在弄, 门口地砖那个谁在修. The thing's
// words are the group.
var whoOnJobRE = regexp.MustCompile(`^(?:请问)?(?:现在|目前)?([\p{Han}\d]{2,14}?)(?:那几个|那几单|那个|那单|这单|这个|的)?(?:单子?|报修|工单|活儿?)?` +
	`[，,\s]*(?:现在|目前)?(?:是)?(?:谁在弄|谁在修|谁在管|谁在负责|谁负责|谁在跟|谁管)(?:呢|啊|呀)?[？?。]*$`)

// fillerRunes are the characters of a question that name no place nor
// thing: 的, 那, 这, 个, 单.
const fillerRunes = "的那这个单"

// placeWordsFit reports whether every character of a place's and thing's
// words (图书馆门口地砖, 图书馆门口的砖), but the fillers, is in r's place
// and problem, for words that no job holds as written: the place may be
// written with the building's 其他地点 between (图书馆其他地点：门口), and
// the thing in other words of the problem (有块砖翘起来了).
func placeWordsFit(words string, r Repair) bool {
	in := r.LocationName + " " + r.Description
	n := 0
	for _, c := range words {
		if !unicode.Is(unicode.Han, c) || strings.ContainsRune(fillerRunes, c) {
			continue
		}
		if !strings.ContainsRune(in, c) {
			return false
		}
		n++
	}
	return n >= 2
}
