package repair

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
)

// signedAgainSaid answers a reporter who signs off again, in words naming
// its thing, a repair of hers she has already signed off herself
// (「配电箱修好了 3分」 said twice: user test 18's second re-run, N8 and
// N14, signed off and rated another job of hers still awaiting her, or was
// not understood). The words act only on the thing they name: she is told
// it is signed off, and her score is taken if none was given yet, or she is
// told the one recorded. Words naming a repair that awaits her, or one
// still being mended, are left to the readers of those.
func signedAgainSaid(t *flows.Turn, text string) (string, bool) {
	r, rated, ok := signedAgainOf(t, text)
	if !ok {
		return "", false
	}
	msg := fmt.Sprintf("%s（%s %s）已经验收过了，不用再验收。", r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20))
	switch {
	case r.Rating != 0 && (rated == "" || rated == strconv.Itoa(r.Rating)):
		t.Say(msg + fmt.Sprintf("你打的 %d 分也已经记下了，谢谢！", r.Rating))
		return "", true
	case r.Rating != 0:
		t.Say(msg + fmt.Sprintf("这次维修之前已经打过 %d 分了，谢谢！", r.Rating))
		return "", true
	case rated != "":
		t.Say(msg)
		return action(verbRate, r.ID, rated), true
	}
	t.Say(msg + "谢谢你告诉我！")
	return "", true
}

// signedAgainOf is the repair signedAgainSaid reads text to sign off
// again, and the score said with it ("" when none).
func signedAgainOf(t *flows.Turn, text string) (Repair, string, bool) {
	if t.Msg.Button != "" || len(t.Msg.Media) > 0 {
		return Repair{}, "", false
	}
	norm, rated, ok := fixedWithScore(text)
	if !ok {
		return Repair{}, "", false
	}
	rs, err := candidates(t)
	if err != nil {
		return Repair{}, "", false
	}
	var named []Repair
	for _, r := range rs {
		if r.ReporterID != t.Staff.ID || r.WorkerID == t.Staff.ID || nameStrength(norm, r) < 2 {
			continue
		}
		if r.Status != RepairClosed {
			return Repair{}, "", false // one named awaits her or is being mended
		}
		if !r.AutoConfirmed { // autoSignedSaid answers those
			named = append(named, r)
		}
	}
	if len(named) != 1 {
		return Repair{}, "", false
	}
	return named[0], rated, true
}

// recentlyRated is the writer's repair she signed off and rated most
// lately, within the hour before now, if any: a bare 跳过 said after its
// rating's optional comment was already closed is about it.
func recentlyRated(t *flows.Turn) (Repair, bool) {
	rs, err := candidates(t)
	if err != nil {
		return Repair{}, false
	}
	var last Repair
	for _, r := range rs {
		if r.ReporterID == t.Staff.ID && r.Status == RepairClosed && r.Rating != 0 && t.Now.Sub(r.ClosedAt) < time.Hour && r.ClosedAt.After(last.ClosedAt) {
			last = r
		}
	}
	return last, last.ID != 0
}

// againSaid answers, once her last rating is closed, a reporter's bare
// 跳过 (its optional comment was already ended) or a comment said again
// that is already recorded (「刚说了 锁有点涩」: user test 18's second
// re-run, N14 and N15, were not understood). Nothing changes.
func againSaid(t *flows.Turn, text string) bool {
	if t.Msg.Button != "" || len(t.Msg.Media) > 0 {
		return false
	}
	norm := strings.TrimSpace(parse.Normalize(text))
	if !skipped(t) && !saidBeforeRE.MatchString(norm) {
		return false // no look-up for the messages of every day
	}
	r, ok := recentlyRated(t)
	if !ok {
		return false
	}
	if skipped(t) {
		t.Say(fmt.Sprintf("好的。%s（%s %s）已经验收，你的评价也记下了，不需要再做什么了，谢谢！", r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20)))
		return true
	}
	if r.RatingComment == "" {
		return false
	}
	rest := strings.Trim(saidBeforeRE.ReplaceAllString(norm, " "), " ，,。.！!啊呀嘛")
	if utf8.RuneCountInString(rest) < 2 || !strings.Contains(parse.Normalize(r.RatingComment), rest) {
		return false
	}
	t.Say(fmt.Sprintf("「%s」已经记在 %s（%s %s）的评价里了，谢谢！", rest, r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20)))
	return true
}
