package canteen

import (
	"strings"

	"github.com/houqin/houqin/internal/rx"
)

// User test 34's cook, with two 【留样到期】 reminders waiting (编号 1 and
// 2), said 「前天的留样1号2号都倒掉了」 and then 「不是留样 是处理掉了 1和2号」:
// both began a new 留样 record whose dish was 「1号2号都倒掉了」 (T57,
// T58). The numbers she was shown name the batches; the day before them,
// and a 不是留样 correction before the verb, say nothing more.
var (
	// daySamplesBeforeNumsRE is the day and the samples said before their
	// numbers: 前天的留样, 昨天留的样, 上周的. The numbers carry 号 (1号2号,
	// 1和2号), so that 3天前 is no number; a day said by its number (28号
	// 的留样) is disposeByDay's.
	daySamplesBeforeNumsRE = rx.MustCompile(`^(?:(?:大前天|前天|昨天|今天|前几天|上周|上礼拜|上星期|这周)(?:的)?(?:留样|留的样|样品)?|(?:留样|留的样|样品))(?:的)?\s*(?:编号)?\s*(\d{1,3}\s*号(?:\s*(?:和|跟|与|、|,|，|还有)?\s*\d{1,3}\s*号?)*|\d{1,3}(?:\s*(?:和|跟|与|、|,|，|还有)\s*\d{1,3})+\s*号)`)
	// numsDoneRE is what may follow the numbers: the disposal done, and
	// nothing else (1号2号都倒掉了; not 29号上午就倒了, a day and a time).
	numsDoneRE = rx.MustCompile(`^\s*(?:的)?(?:留样|样品)?\s*(?:也|都|全都|全部|全|已经|已|我们|我)*` + disposedVerbs + `[。！!]*$`)
	// notSampleVerbNumsRE is a correction that the words were a disposal,
	// the verb first and the numbers after: 不是留样 是处理掉了 1和2号,
	// 是倒掉了 1号2号. The groups: the verb, the numbers.
	notSampleVerbNumsRE = rx.MustCompile(`^(?:不是(?:要|记|新的?)?(?:留样|留的样)(?:的?记录)?)?[\s，,]*(?:我)?(?:是说|是|说的是)?\s*(?:都|已经|已)?(` + disposedVerbs + `)[\s，,]*(?:编号)?\s*(\d{1,3}\s*号?(?:\s*(?:和|跟|与|、|,|，|还有)?\s*\d{1,3}\s*号?)*)\s*(?:号)?(?:的)?(?:留样)?[。！!]*$`)
)

// numbersFirst rewrites a disposal said by the batches' numbers with other
// words around them into the order disposedNumRE and disposedNumsRE read:
// 前天的留样1号2号都倒掉了 → 1号2号都倒掉了; 不是留样 是处理掉了 1和2号 →
// 1和2号处理掉了. Other text is returned unchanged.
func numbersFirst(s string) string {
	if m := notSampleVerbNumsRE.FindStringSubmatch(s); m != nil {
		return strings.TrimSpace(m[2]) + m[1]
	}
	if m := daySamplesBeforeNumsRE.FindStringSubmatchIndex(s); m != nil {
		if numsDoneRE.MatchString(s[m[1]:]) {
			return s[m[2]:]
		}
	}
	return s
}
