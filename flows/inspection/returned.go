package inspection

import (
	"fmt"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
)

// returnedWithin is how long after sending a re-check back its
// re-checker's further words of failure are read as about it.
const returnedWithin = 12 * time.Hour

// returnedBy is the hazard of hs that t.Staff sent back at its re-check
// lately and that is still being rectified again, when text is about it:
// a bare verdict (不通过) with only one such hazard, or words sharing its
// place or thing (灭火器没换 还是过期的). User test 18's 分管领导 said both
// right after his 「去看了 纸箱是清了 灭火器还是旧的 根本没换」 had sent it
// back; the first opened a repair report, the second a new 发现隐患.
func returnedBy(t *flows.Turn, text string, hs []Hazard) (Hazard, bool) {
	var back, named []Hazard
	for _, h := range hs {
		if h.Status != HazardOpen || h.Reopens == 0 || h.RecheckedBy != t.Staff.ID || t.Now.Sub(h.RecheckedAt) > returnedWithin {
			continue
		}
		back = append(back, h)
		if sharedWords(text, h.Where()+h.Description) > 0 && !saysElsewhere(t, text, h) {
			named = append(named, h)
		}
	}
	if len(named) > 0 {
		named = narrowHazards(text, named)
		if len(named) == 1 {
			return named[0], true
		}
		return Hazard{}, false
	}
	if len(back) == 1 && bareVerdict(text) {
		return back[0], true
	}
	return Hazard{}, false
}

// bareVerdict reports whether text only says the re-check failed: 不通过,
// 复查不通过, 还是不行.
func bareVerdict(text string) bool {
	s := strings.TrimRight(strings.TrimSpace(text), "。！!~ ")
	return yesFailRE.MatchString(s) || recheckFailRE.FindString(s) == s
}

// noteReturned answers a re-checker's words on a hazard they already sent
// back: it is said to be back with its responsible person, and words
// beyond the bare verdict are passed on to them and kept on its trail.
func noteReturned(t *flows.Turn, h Hazard) error {
	back := fmt.Sprintf("%s已记录复查不通过（%s），已通知%s重新整改，新的期限 %s。", h.Title(), t.When(h.RecheckedAt), h.ResponsibleName, t.When(h.DueAt))
	words := flows.Clip(strings.TrimSpace(t.Text), 200)
	if _, ok := failSaid(strings.TrimRight(words, "。！!~ ")); ok {
		// 小太阳那个不通过 还在窗帘边上: the verdict and the thing's name
		// are no news to pass on; what is still wrong may be.
		words = failWhy(strings.TrimRight(words, "。！!~ "), h)
	}
	if t.Msg.Button != "" || words == "" || bareVerdict(words) || strings.Contains(h.RecheckNote, words) {
		t.Say(back + "整改完成后会再请你复查。")
		return nil
	}
	if err := db(t).UpdateHazard(t.Ctx, h, HazardEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventRelayed, From: h.Status, To: h.Status,
		Note: t.Staff.Name + "补充复查意见：" + words}); err != nil {
		return err
	}
	if h.ResponsibleID != t.Staff.ID {
		text := fmt.Sprintf("【复查意见补充】%s\n复查人%s补充：「%s」\n整改期限 %s 前。", h.Title(), t.Staff.Name, words, t.When(h.DueAt))
		if err := t.Notify(flows.Notification{ToStaff: h.ResponsibleID, Kind: KindUpdate, Ref: hazardRef(h.ID), Text: text}); err != nil {
			return err
		}
		t.Say(back + fmt.Sprintf("你补充的「%s」已转告%s。整改完成后会再请你复查。", words, h.ResponsibleName))
		return nil
	}
	t.Say(back + fmt.Sprintf("你补充的「%s」已记在 %s 上。", words, h.Ref))
	return nil
}
