package inspection

import (
	"fmt"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// A leader asks whether the hazards found lately were all dealt with,
// naming them by when or how they were found, not by number: 「消防演练前
// 查出来的那几个隐患都整改完了没」 (user test 34's T47, 没看懂). The hazards
// found in the window asked about (今天, 昨天, 这周, else the last seven
// days) are each answered with how they stand, closed ones too: whether
// all were done is the question, not which are open.

// foundDoneAskRE asks whether the hazards found were dealt with: 那几个隐患
// 都整改完了没, 查出来的隐患处理好了吗, 前几天发现的隐患整改得怎么样了.
var foundDoneAskRE = rx.MustCompile(`隐患(?:现在|目前)?(?:都|全都|全部|是不是都|是不是)?(?:整改|处理|弄|搞|解决|闭环|落实)(?:完|好|掉|得怎么样|得咋样|的情况怎么样)?(?:了)?(?:没有?|吗|么|呢|没得|啊)?[？?。！!]*$`)

// foundLeadRE is the hazards named by when or how they were found: 查出来的,
// 发现的, 那几个, 之前, 演练前.
var foundLeadRE = rx.MustCompile(`查出来?的|发现的|登记的|报上来的|排查出?的|那几个|这几个|那几处|这几处|那些|之前|前几天|前面|刚才|上次|\p{Han}{1,6}前`)

// foundDoneAsked reports whether text asks whether the hazards found
// lately were all dealt with (see above).
func foundDoneAsked(text string) bool {
	s := strings.TrimSpace(text)
	return foundDoneAskRE.MatchString(s) && foundLeadRE.MatchString(s) && !troubleRE.MatchString(strings.ReplaceAll(s, "隐患", "")) && len([]rune(s)) <= 40
}

// foundWindow is the window of finding text asks about, from its start to
// now, and its name as said back.
func foundWindow(text string, now time.Time, loc *time.Location) (time.Time, string) {
	day := time.Date(now.In(loc).Year(), now.In(loc).Month(), now.In(loc).Day(), 0, 0, 0, 0, loc)
	switch {
	case strings.Contains(text, "今天"):
		return day, "今天"
	case strings.Contains(text, "昨天"):
		return day.AddDate(0, 0, -1), "昨天以来"
	case strings.Contains(text, "这周") || strings.Contains(text, "本周") || strings.Contains(text, "这礼拜") || strings.Contains(text, "这星期"):
		wd := (int(day.Weekday()) + 6) % 7 // Monday first
		return day.AddDate(0, 0, -wd), "本周"
	}
	return day.AddDate(0, 0, -6), "最近 7 天"
}

// foundDone answers foundDoneAsked: the hazards found in the window, each
// with how it stands, and whether all are closed.
func foundDone(t *flows.Turn) error {
	from, when := foundWindow(t.Text, t.Now, t.School.Location())
	hs, err := db(t).HazardsFound(t.Ctx, t.School.ID, from, t.Now.Add(time.Minute))
	if err != nil {
		return err
	}
	if len(hs) == 0 {
		t.Say(fmt.Sprintf("%s没有登记过隐患。要看本月的整体情况，请发「安全月报」。", when))
		return nil
	}
	closed := 0
	var b strings.Builder
	for i, h := range hs {
		if h.Status == HazardClosed {
			closed++
		}
		if i == maxOpenLines {
			fmt.Fprintf(&b, "\n…另有 %d 处，见「安全月报」", len(hs)-maxOpenLines)
			continue
		}
		if i > maxOpenLines {
			continue
		}
		fmt.Fprintf(&b, "\n· %s：%s", h.Title(), foundStatus(t, h))
	}
	var lead string
	switch {
	case closed == len(hs) && len(hs) == 1:
		lead = fmt.Sprintf("%s登记的 1 处隐患已整改并复查闭环：", when)
	case closed == len(hs):
		lead = fmt.Sprintf("%s登记的 %d 处隐患都已整改并复查闭环：", when, len(hs))
	default:
		lead = fmt.Sprintf("%s登记的 %d 处隐患，已闭环 %d 处，还有 %d 处没有闭环：", when, len(hs), closed, len(hs)-closed)
	}
	t.Say(lead + b.String())
	return nil
}

// foundStatus says how h stands: closed (when and by whom re-checked),
// rectified and waiting for its re-check, or still to rectify (who, by
// when, overdue).
func foundStatus(t *flows.Turn, h Hazard) string {
	switch h.Status {
	case HazardClosed:
		if !h.RecheckedAt.IsZero() && h.RecheckerName != "" {
			return fmt.Sprintf("已闭环（%s %s复查通过）", t.When(h.RecheckedAt), h.RecheckerName)
		}
		return "已闭环"
	case HazardFixed:
		return fmt.Sprintf("%s已整改，等待复查", h.ResponsibleName)
	}
	s := fmt.Sprintf("待整改，%s负责，期限 %s", h.ResponsibleName, t.When(h.DueAt))
	if h.DueAt.Before(t.Now) {
		s += "（已超期）"
	}
	return s
}
