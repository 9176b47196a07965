package visit

import (
	"strings"

	"github.com/houqin/houqin/internal/rx"
)

// sentAwayRE ends a message telling a visitor was sent away by the guard
// (the eighteenth user test's 卖书的劝走了, of a salesman the host refused):
// they left, as 走了 says.
var sentAwayRE = rx.MustCompile(`(?:已经|已)?(?:被)?(?:我)?(?:给)?(?:劝|劝说|打发|请|送|赶|哄)(?:他|她|他们|她们)?(?:走了|离开了?|回去了|出去了)$`)

// sellWordRE is a visitor said by what they do: 卖书的, 推销保险的, 修空调的.
// What follows the verb is looked for in what the visitor came for and
// where they are from (书 in 书店).
var sellWordRE = rx.MustCompile(`^(?:卖|推销|送|修|装|收)(\p{Han}{1,4})$`)

// soldBy reports whether d, a visitor said by what they do (卖书), fits
// v: what they sell, bring or mend is in v's unit or reason (书 in 书店).
func soldBy(v Visit, d string) bool {
	m := sellWordRE.FindStringSubmatch(d)
	if m == nil {
		return false
	}
	for _, f := range []string{v.Org, v.PurposeNote} {
		if strings.Contains(f, m[1]) {
			return true
		}
	}
	return false
}
