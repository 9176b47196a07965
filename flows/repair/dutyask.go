package repair

import (
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// ownsAskRE asks, inside a report, whether the thing is the logistics
// office's to mend: 这个归你们修吗, 你们管不管, 这个能报修吗 (user test 29's
// R10: the question went to the worker as the job's text, unanswered).
var ownsAskRE = rx.MustCompile(`[\s，,。]*(?:这个?|这种|这类|这)?(?:是|归|算)?(?:你们|后勤|总务处?)(?:修|管|负责)(?:吗|么|嘛|不|的吗)[？?]?|` +
	`[\s，,。]*(?:这个?|这种|这类)?(?:能|可以)报修(?:吗|么|不)[？?]?|` +
	`[\s，,。]*(?:这个?|这种|这类)?你们(?:修不修|管不管)(?:这个)?[？?]?|` +
	// 这个是找后勤还是找信息中心啊, 该找谁修, 这个归谁管 (user test 32's
	// T3): asked at the end of a report, of who mends it.
	`[\s，,。]*(?:这个?|这种|这类)?(?:是|该|应该|要|得)?(?:找|归)\p{Han}{1,8}?还是(?:找|归)?\p{Han}{1,8}?(?:啊|呀|呢|吗|哇|嘛)?[？?]?\s*$|` +
	`[\s，,。]*(?:这个?|这种|这类)?(?:是|该|应该|要|得)?(?:找谁|归谁|谁来?)(?:修|管|报|负责)?(?:啊|呀|呢|吗|哇|嘛)?[？?]?\s*$`)

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
// school routes is filed as any report is, and who mends each thing is
// said from the school's routes (找后勤还是找信息中心: the projector is 电教,
// whoever the school set for it), or that the 总务处 will send someone
// when no one is set.
func dutyAnswer(t *flows.Turn, d *repairDraft) (string, error) {
	type part struct {
		thing string
		trade flows.Trade
		loc   int64
	}
	parts := []part{{d.Item, d.Trade, d.LocationID}}
	if len(d.Items) > 0 {
		parts = parts[:0]
		for _, it := range d.Items {
			parts = append(parts, part{it.Item, it.Trade, it.LocationID})
		}
	}
	var said []string
	for _, p := range parts {
		if p.trade == "" {
			continue
		}
		thing := p.thing
		if thing == "" {
			thing = "这个"
		}
		building := ""
		if p.loc != 0 {
			loc, err := t.Tx.LocationByID(t.Ctx, p.loc)
			if err != nil && !isNotFound(err) {
				return "", err
			}
			building = loc.Building
		}
		cands, err := db(t).RouteCandidates(t.Ctx, t.School.ID, p.trade, building, t.Now)
		if err != nil {
			return "", err
		}
		who := "学校还没有指定这类维修人员，提交后由总务处安排"
		if id, _ := ChooseWorker(cands); id != 0 {
			i := slices.IndexFunc(cands, func(c RouteCandidate) bool { return c.StaffID == id })
			who = "会派给" + cands[i].Name
		}
		line := thing + "属于" + p.trade.Label() + "维修，" + who
		if !slices.Contains(said, line) {
			said = append(said, line)
		}
	}
	switch len(said) {
	case 0:
		return "可以报修，核对后提交就会派给维修人员。\n", nil
	case 1:
		return "可以在这里报修：" + said[0] + "。\n", nil
	}
	return "都在这里报修就行，不用另外找：" + strings.Join(said, "；") + "。\n", nil
}
