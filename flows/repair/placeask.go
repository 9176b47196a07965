package repair

import (
	"strings"
	"unicode"

	"github.com/houqin/houqin/internal/rx"
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
var whoOnJobRE = rx.MustCompile(`^(?:请问)?(?:现在|目前)?([\p{Han}\d]{2,14}?)(?:那几个|那几单|那个|那单|这单|这个|的)?(?:单子?|报修|工单|活儿?)?` +
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

// Leaders' questions of what is open, in more words than openAskRE and
// workerJobsAskRE take: user test 18's 分管领导's 「现在全校还有哪些没修好的」
// (F57) and 总务主任's 「王师傅请假 他手上还压着哪些单子」 (F58), both not
// understood.
var (
	// schoolScopeRE is the whole school said before a question of what
	// is open: 全校, 咱们学校, 整个学校.
	schoolScopeRE = rx.MustCompile(`^(?:请问)?(?:现在|目前|今天)?(?:咱们|我们)?(?:全校|学校里?|整个学校|全学校)(?:里|里面|范围内)?(?:现在|目前)?`)
	// workerHeldAskRE is a worker's open jobs asked with words before and
	// between: 王师傅请假 他手上还压着哪些单子, 孙师傅那边还剩几个活. The
	// worker is the group.
	workerHeldAskRE = rx.MustCompile(`^(?:请问)?(\p{Han}{1,3}?师傅)[^？?。]{0,12}?(?:他|她)?(?:手上|手头|手里|名下|那边|那里)(?:现在|目前)?(?:还|都)?(?:有|压着|压了|积着|积了|剩|剩下|留着|放着)?(?:哪些|什么|啥|几个|几张|几单|多少)(?:活儿?|单子?|任务|工单|事情?|报修)` +
		`(?:没(?:修|做|干|弄)完?)?(?:呢|啊|呀)?[？?。]*$`)
)

// withoutSchoolScope is text without the whole school said before it
// (现在全校还有哪些没修好的 is 还有哪些没修好的).
func withoutSchoolScope(text string) string {
	if loc := schoolScopeRE.FindStringIndex(text); loc != nil && loc[1] > 0 && loc[1] < len(text) {
		return text[loc[1]:]
	}
	return text
}
