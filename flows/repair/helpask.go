package repair

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// helpAskRE is a worker asking a named colleague to come and help with
// the job he takes: 叫王师傅过来帮我一下, 喊周师傅来搭把手, 让王师傅一起来弄
// (user test 34's T22: the words were only kept on the job, and 王师傅
// never heard of them). Its first group begins the colleague's name.
var helpAskRE = rx.MustCompile(`(?:叫|喊|让|请|找)\s*(\p{Han}{1,3}?(?:师傅|老师|主任|阿姨))\s*(?:也)?(?:过来|过去|来|一起)?\s*(?:帮我|帮忙|帮一下|帮下|帮把手|搭把手|搭个手|一起来?(?:弄|干|修|搞|拆|抬|搬)|帮\p{Han}{0,2}(?:弄|拆|抬|搬|扶))`)

// askHelp passes a worker's help asked of a named colleague on the job r
// he takes (remark holds the words) to that colleague, and returns the
// sentence telling him so, or "" when the words ask no one he works with.
func askHelp(t *flows.Turn, r Repair, remark string) (string, error) {
	m := helpAskRE.FindStringSubmatchIndex(remark)
	if m == nil {
		return "", nil
	}
	s, n, err := flows.NamedColleague(t, remark[m[2]:])
	if err != nil || n == 0 || s.ID == t.Staff.ID {
		return "", err
	}
	if err := t.Notify(flows.Notification{ToStaff: s.ID, Kind: NoticeUpdate, Ref: ref(r),
		Text: fmt.Sprintf("【请你帮忙】%s接了 %s（%s「%s」），他说：「%s」。方便的话请过去帮他一下，有事请直接联系他。",
			t.Staff.Name, r.Ref, r.LocationName, jobWords(r, 20), strings.TrimSpace(remark))}); err != nil {
		return "", err
	}
	return fmt.Sprintf("已请%s过去帮你。", s.Name), nil
}
