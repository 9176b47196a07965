package inspection

import "github.com/houqin/houqin/internal/rx"

// visitTold reports whether s tells of people come to the gate to be let
// in: someone arrived (来了两个人, 来了个师傅) with whom they ask for (找陈
// 主任) or their car's plate, or a check-in named as one (来访, 登记访客).
// Such words are the gate's, never a hazard's 整改 told in words: user test
// 34's guard, 整改责任人 of a blocked 消防通道, typed 「消防大队来了两个人
// 开了一辆消防车 粤B7788 来配合消防演练的 找陈主任」 and it was recorded as
// that hazard's rectification (T48) because it shares 消防 and says 了.
func visitTold(s string) bool {
	if visitWordRE.MatchString(s) {
		return true
	}
	arrived := arrivedRE.MatchString(s)
	return arrived && (askForRE.MatchString(s) || plateRE.MatchString(s)) ||
		askForRE.MatchString(s) && plateRE.MatchString(s)
}

var (
	// visitWordRE names a check-in: 来访, 访客, 登记一下来人.
	visitWordRE = rx.MustCompile(`来访|访客|来客`)
	// arrivedRE is people arrived: 来了两个人, 来了个师傅, 来了一位家长,
	// 门口有人找.
	arrivedRE = rx.MustCompile(`来了(?:[一二两三四五六七八九十几\d]+|个)?[个位名]?(?:人|师傅|家长|同志|领导|工作人员)|(?:[一二两三四五六七八九十几\d]+)[个位名](?:人)?(?:来了|过来了)|门口有人`)
	// askForRE is whom a visitor asks for, as the clause's end: 找陈主任,
	// 要找李老师 (找王师傅修好了 is no visitor's).
	askForRE = rx.MustCompile(`找\p{Han}{1,4}(?:老师|主任|校长|师傅|阿姨)(?:\s|$|[，,。！!])`)
	// plateRE is a vehicle plate: a province and a letter, then digits
	// and letters (粤B7788, 京AD12345).
	plateRE = rx.MustCompile(`[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][·\s]?[0-9A-Z]{4,6}`)
)
