package repair

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// A reporter who says a job awaiting her 验收 needs none (user test 34's
// T42: 「椅子那个不用验了 本来就是我自己修的」 was not understood): she has
// seen it, so it is signed off, her words kept as its comment, and no score
// is asked of a repair she may have done herself.

// noCheckRE is a reporter saying the 验收 is not needed: 不用验了, 不需要验收,
// 不用再检查了.
var noCheckRE = rx.MustCompile(`(?:不用|不需要|不必|别|甭)(?:再)?(?:验收|验|检查)(?:了|啦|吧)?`)

// selfDoneRE is the reporter saying she mended it herself: 我自己修的.
var selfDoneRE = rx.MustCompile(`自己(?:已经)?(?:修|弄|拧|搞|装|换|处理)`)

// noRateArg ends confirmRepair's arguments when the sign-off asks no score.
const noRateArg = "norate"

// signedOffUnchecked signs r off as its reporter said it needs no 验收.
func signedOffUnchecked(t *flows.Turn, r Repair) error {
	if err := signOff(t, r); err != nil {
		return err
	}
	words := ""
	if t.Msg.Button == "" {
		words = flows.Clip(strings.TrimSpace(t.Text), 200)
	}
	if words != "" {
		o, err := db(t).Repair(t.Ctx, r.ID) // as signOff left it
		if err != nil {
			return err
		}
		o.RatingComment = words
		if err := db(t).UpdateRepair(t.Ctx, o, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventCommented, From: o.Status, To: o.Status, Note: words}); err != nil {
			return err
		}
		words = fmt.Sprintf("你说的「%s」也记下了。", flows.Clip(words, 40))
	}
	after := "想给这次维修打分的话，直接回复几分就行（如「5分」）。"
	if selfDoneRE.MatchString(t.Text) {
		after = "" // 本来就是我自己修的: no score of the worker's repair to ask
	}
	t.Say(fmt.Sprintf("好的，%s（%s「%s」）已验收结束，不用再验了。%s%s", r.Ref, r.LocationName, jobWords(r, 20), words, after))
	return nil
}
