package visit

import (
	"strings"

	"github.com/houqin/houqin/internal/rx"
)

// The guard's own words kept out of the fields a host and the gate log
// read (the eighteenth user test's 单位「书店的 没说清楚」 and 事由「其他（人说
// 是卖教辅资料）」): what the visitor said, not that the visitor said it.

// saidLeadRE is the guard telling what a visitor said of why they came:
// 有个人说是, 他说是, 自称是, 说是来.
var saidLeadRE = rx.MustCompile(`^(?:有个|有一个|一个|这个|那个)?(?:人|男的|女的|他|她|他们|她们|对方|人家)?(?:自己)?(?:(?:说|讲)(?:他|她)?是|自称(?:是)?)`)

// plainPurpose is the reason as the visitor gave it, without the guard's
// 有个人说是 before it: 卖教辅资料, as typed otherwise.
func plainPurpose(words string) string {
	s := words
	if m := saidLeadRE.FindString(s); m != "" && len(m) < len(s) {
		s = s[len(m):]
	}
	return s
}

// unclearRE is the guard saying the visitor did not say it clearly: 没说
// 清楚, 说不清, 不知道.
var unclearRE = rx.MustCompile(`[\s,，。]*(?:他|她|人家)?(?:也)?(?:没说清楚?|没讲清楚?|说不清楚?|讲不清楚?|不清楚|不知道|没说|记不清了?|搞不清)(?:是哪个|是哪家|是什么)?(?:的)?[。.]?$`)

// vagueOrgRE is an organisation said with 什么/啥/某 for the name not
// given: 什么书店, 啥公司, 某个培训机构.
var vagueOrgRE = rx.MustCompile(`(?:什么|啥|某个?|一个|一家|哪个)(\p{Han}{1,8}?)(?:的)?$`)

// vagueOrg is the unit of a visitor who did not name it clearly: 他说是什么
// 书店的 没说清楚 → 某书店（未说明名称）. ok is false when text names its
// unit (他说是什么启航教育的, 说是华建公司) or does not say it was unclear.
func vagueOrg(text string) (string, bool) {
	s := strings.TrimSpace(text)
	unclear := unclearRE.MatchString(s)
	s = strings.TrimSpace(unclearRE.ReplaceAllString(s, ""))
	if m := saidLeadRE.FindString(s); m != "" && len(m) < len(s) {
		s = s[len(m):]
	}
	m := vagueOrgRE.FindStringSubmatch(s)
	if m == nil || !unclear {
		return "", false // 他说是什么启航教育的: 什么 is speech, the name is said
	}
	return "某" + m[1] + "（未说明名称）", true
}
