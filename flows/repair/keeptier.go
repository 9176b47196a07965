package repair

import "github.com/houqin/houqin/internal/rx"

// chosenTier is the tier the reporter chose herself (紧急, rush.go), which a
// new description keeps: 描述改一下 … on a draft she had made urgent changes
// the words, not her choice (user test 30's T5 put it back to 小修). ""
// when she chose none, and the description's own reading decides.
func (d *repairDraft) chosenTier() Tier {
	if d.Rush {
		return TierUrgent
	}
	return ""
}

// aboutReadingRE is a clause about what houqin made of the report, not
// about the fault: 怎么又变回小修了, 不是说了要紧急吗, 你怎么又改了. Said beside
// a request (紧急 紧急 怎么又变回小修了), it is no reason to add to the job
// text the worker reads (user test 30's T6).
var aboutReadingRE = rx.MustCompile(`(?:怎么|咋|为啥|为什么|咋个)(?:又|还|就)?(?:变回|变成|改回|改成|成了|回到|是)(?:了)?(?:小修|大修|紧急|普通)|` +
	`(?:又|怎么)(?:变回|改回)(?:去|来)?了?|(?:不是|我不是)(?:说了|说过|讲了)|(?:刚才|刚刚|之前)(?:不是)?(?:说了|说过|讲过|选了|改了)|你怎么又`)
