package repair

import (
	"github.com/houqin/houqin/internal/rx"
)

// A leader's decision on a 修不好 job in his own words with the thing
// named first and nothing between it and the decision, as user test 18's
// 分管领导 said them at 【修不好·请处理】: 「302玻璃同意配 三天内装好」 (F50: 配,
// the part bought, is the approval's object) and 「阅览室空调先放一放 年底没
// 预算了 明年开春再说」 (F52: 暂缓, the rest its reason). Both got 「抱歉，我
// 没有看懂这句话」, where 「饮水机那个同意找厂家 一周内弄好」 had been taken.
var (
	// approveFitRE is a part to be made or bought approved: 同意配, 批准
	// 配玻璃, 同意订做 (not 配电箱, 配合).
	approveFitRE = rx.MustCompile(`(?:^|[^不没])(?:同意|批准|批了|准了)\s*(?:去|先|再)?(?:配|订做|定做|订购)(?:$|[^电合送])`)
	// bareThingDeferRE is 暂缓 said right after the thing it is of, with
	// no 那个 between: 阅览室空调先放一放, 303灯暂缓吧. The thing is the group.
	bareThingDeferRE = rx.MustCompile(`^([\p{Han}\d]{2,10}?)(?:就|也)?(?:先)?(?:暂缓|缓一缓|缓缓|先放一放|放一放|先放放|往后放放)`)
	// notThingRE begins words that point or talk rather than name a
	// thing: 那就先放一放, 这个先缓缓, 我看先暂缓.
	notThingRE = rx.MustCompile(`^[这那哪我你他她就先还要]`)
)

// thingLeadEnd is where the thing named first ends in a leader's
// decision (投影仪那个, 玻璃的事, or a bare 阅览室空调 before 暂缓), or -1.
func thingLeadEnd(text string) int {
	if m := thingLeadRE.FindStringIndex(text); m != nil {
		return m[1]
	}
	if m := bareThingDeferRE.FindStringSubmatchIndex(text); m != nil && !notThingRE.MatchString(text[m[2]:m[3]]) {
		return m[3]
	}
	return -1
}
