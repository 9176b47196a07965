package repair

import (
	"strings"

	"github.com/houqin/houqin/internal/rx"
)

// ownsAskRE asks, inside a report, whether the thing is the logistics
// office's to mend: 这个归你们修吗, 你们管不管, 这个能报修吗 (user test 29's
// R10: the question went to the worker as the job's text, unanswered).
var ownsAskRE = rx.MustCompile(`[\s，,。]*(?:这个?|这种|这类|这)?(?:是|归|算)?(?:你们|后勤|总务处?)(?:修|管|负责)(?:吗|么|嘛|不|的吗)[？?]?|` +
	`[\s，,。]*(?:这个?|这种|这类)?(?:能|可以)报修(?:吗|么|不)[？?]?|` +
	`[\s，,。]*(?:这个?|这种|这类)?你们(?:修不修|管不管)(?:这个)?[？?]?`)

// withoutDutyAsk is text without ownsAskRE's question, and whether there
// was one; text whole when nothing else would be left.
func withoutDutyAsk(text string) (string, bool) {
	rest := strings.TrimSpace(ownsAskRE.ReplaceAllString(text, " "))
	if rest == "" || rest == strings.TrimSpace(text) {
		return text, false
	}
	return rest, true
}

// dutyAnswer answers ownsAskRE's question for d: a thing of a trade the
// school routes is filed as any report is.
func dutyAnswer(d *repairDraft) string {
	if d.Trade == "" {
		return "可以报修，核对后提交就会派给维修人员。\n"
	}
	thing := d.Item
	if thing == "" {
		thing = "这个"
	}
	return "可以报修：" + thing + "属于" + d.Trade.Label() + "维修，核对后提交就会派给负责的人。\n"
}
