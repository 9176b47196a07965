package visit

import (
	"strings"

	"github.com/houqin/houqin/internal/rx"
)

// A parent fetching a child is a visit whose reason is the child: which
// pupil, and why they go home (user test 30's T23: 「初一2班王梓涵发烧了 她妈妈
// 来接 叫陈丽 …」 was registered as 家长来访（来接）, so the teacher asked to
// let her in did not learn for whom, nor that the child was ill; and the
// guard's 「王梓涵妈妈接走了」 found no visit naming 王梓涵).
// illWords are why a child goes home early, as staff say it.
const illWords = `发高烧|发烧|发热|高烧|低烧|生病|病了|不舒服|肚子疼|肚子痛|胃疼|胃痛|头疼|头痛|头晕|呕吐|吐了|拉肚子|腹泻|咳嗽|感冒|受伤|摔伤|摔了|扭伤|崴了脚|过敏|流鼻血|牙疼|出水痘|水痘|请假`

var (
	// fetchRE is coming for a child: 来接, 接走, 接回家, 接孩子.
	fetchRE = rx.MustCompile(`来接|接走|接回|接(?:孩子|娃|她|他|人)|领回|带回家`)
	// illRE is why a child goes home early (illWords).
	illRE = rx.MustCompile(illWords)
	// childIllRE is a pupil named before what ails them, with their class
	// or not: 初一2班王梓涵发烧了, 王梓涵同学肚子疼.
	childIllRE = rx.MustCompile(`([^\P{Han}班级的个那这有他她你我们孩子是说给送爸妈接来]{2,3}?)(?:同学)?(?:突然|有点|有些|一直)?(?:` + illWords + `)`)
	// kinChildRE is a pupil named before a relation: 王梓涵妈妈, 王梓涵的家长,
	// 王梓涵她妈.
	kinChildRE = rx.MustCompile(`([^\P{Han}班级的个那这有他她你我们孩子是说给送爸妈接来]{2,3}?)(?:的|他|她)?(?:妈妈|爸爸|奶奶|爷爷|姥姥|姥爷|外婆|外公|家长|妈|爸|舅舅|姑姑|小姨|阿姨|叔叔)`)
)

// fetchedChild is the pupil a parent's visit is for and why, as words
// of a check-in say it: the class as typed (初一2班), the child's name
// and the ailment (发烧); ok only when the words say coming for a child
// and name one.
func (v *vocab) fetchedChild(s string) (class, child, why string, ok bool) {
	if !fetchRE.MatchString(s) {
		return "", "", "", false
	}
	why = illRE.FindString(s)
	for _, re := range []*rx.Regexp{childIllRE, kinChildRE} {
		for _, m := range re.FindAllStringSubmatchIndex(s, -1) {
			name := s[m[2]:m[3]]
			if v.isName(name) && v.hasSurname(string([]rune(name)[:1])) {
				child = name
				if c := classRE.FindString(s[:m[2]]); c != "" && strings.HasSuffix(strings.TrimSpace(s[:m[2]]), c) {
					class = c
				}
				return class, child, why, true
			}
		}
	}
	return "", "", "", false
}

// fetchNote is the 事由 of a parent fetching a pupil: 接初一2班王梓涵回家，发烧.
func fetchNote(class, child, why string) string {
	n := "接" + class + child + "回家"
	if why != "" && why != "请假" {
		return n + "，" + why
	}
	return n
}

// bareFetchRE is a reason that says no more than a parent come for a
// child: 来接, 张小明妈妈来接孩子, 接回家.
var bareFetchRE = rx.MustCompile(`^(?:\p{Han}{2,3}?(?:的|他|她)?(?:妈妈|爸爸|奶奶|爷爷|姥姥|姥爷|外婆|外公|家长|妈|爸))?(?:来|要)?(?:接|领)(?:孩子|娃|她|他|人)?(?:回家|回去|走)?(?:了)?$`)

// fetchReason is the 事由 of a parent fetching a pupil, from the reason
// the words gave (note): fetchNote when it says no more than the fetching
// or what ails the child; else the guard's own reason, as typed (接孩子去
// 打疫苗 says why the child leaves).
func fetchReason(note, class, child, why string) string {
	if note == "" || bareFetchRE.MatchString(note) || illRE.MatchString(note) || strings.Contains(note, child) {
		return fetchNote(class, child, why)
	}
	return note
}

// fetchNoteRE reads fetchNote back: the class and pupil.
var fetchNoteRE = rx.MustCompile(`^接(\p{Han}*?\d*\p{Han}*?)回家`)

// pupilOf is the pupil a visit came for, with the class said or not (初一2班王梓涵), as
// fetchNote wrote it, or as a relation registered the visitor (张小明妈妈:
// 张小明); "" when the visit names none.
func pupilOf(v Visit) string {
	if m := fetchNoteRE.FindStringSubmatch(v.PurposeNote); m != nil {
		return m[1]
	}
	if m := kinWordRE.FindStringIndex(v.Name); m != nil && m[0] >= 6 {
		return v.Name[:m[0]]
	}
	return ""
}
