package repair

import (
	"fmt"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// A complaint or a wish said after a repair was signed off and rated,
// with no question open (the re-run of user test 18's N4: 「返工了一次 希
// 望下次一次修好」, right after 「配电箱修好了 3分」), reads as thanks to
// the reader (修好), and had been answered 「不客气，谢谢你的肯定！」. It
// is the reporter's word on the repair she just closed: kept with its
// rating comment, as the comment question would have kept it, and
// acknowledged with an apology, never a thank-you for praise.

// wishRemarkRE is a wish about how repairs should go: 希望下次一次修好,
// 以后能不能快点, 最好早点来.
var wishRemarkRE = rx.MustCompile(`希望|下次|以后|下回|最好|能不能|可不可以|建议`)

// commentAfterFor is how long after a repair was closed a complaint with
// no question open is still taken as its comment.
const commentAfterFor = 24 * time.Hour

// complaintAfter answers a complaint or wish read as thanks (see above),
// and reports whether it did.
func complaintAfter(t *flows.Turn, text string) (bool, error) {
	sorry, ok := complaintSorry(text)
	if !ok {
		return false, nil
	}
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now.Add(-commentAfterFor), 20)
	if err != nil {
		return false, err
	}
	var last Repair
	for _, r := range rs {
		if r.ReporterID == t.Staff.ID && r.Status == RepairClosed && t.Now.Sub(r.ClosedAt) <= commentAfterFor && r.ClosedAt.After(last.ClosedAt) {
			last = r
		}
	}
	if last.ID == 0 {
		t.Say("收到你的意见，谢谢你告诉我们。" + sorry)
		return true, nil
	}
	comment := strings.TrimSpace(text)
	if last.RatingComment != "" && !strings.Contains(last.RatingComment, comment) {
		comment = last.RatingComment + "；" + comment
	}
	last.RatingComment = flows.Clip(comment, 200)
	if err := db(t).UpdateRepair(t.Ctx, last, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventCommented, From: last.Status, To: last.Status, Note: last.RatingComment}); err != nil {
		return true, err
	}
	t.Say(fmt.Sprintf("收到你的意见，已记在 %s（%s「%s」）的评价里。%s", last.Ref, last.Place(), jobWords(last, 20), sorry))
	return true, nil
}

// complaintSorry is the apology for a complaint or a wish about a repair
// (返工了一次, 等了好久, 希望下次一次修好), and whether text is one.
func complaintSorry(text string) (string, bool) {
	switch {
	case reworkRemarkRE.MatchString(text):
		return "这次返工让你费心了，抱歉！", true
	case waitedRemarkRE.MatchString(text):
		return "让你久等了，抱歉！", true
	case wishRemarkRE.MatchString(text):
		return "抱歉给你添麻烦了。", true
	}
	return "", false
}
