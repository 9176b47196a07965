package repair

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
)

// autoSignedSaid answers a reporter who signs off, in words, a repair of
// hers that was already signed off by itself after the days the school
// set (「物理实验室那个插座也好了 5分」: user test 18's F5, told only
// 「目前已验收，不需要验收」 and the score lost). She is told so, and
// her score, said or asked for, is still taken when none was given. It
// is read only when nothing awaits her sign-off that the words could
// mean, and only of a repair the words name, or her only one so closed.
func autoSignedSaid(t *flows.Turn, text string) (string, bool) {
	if !t.Idle() {
		return "", false
	}
	norm, rated, ok := fixedWithScore(text)
	if !ok {
		return "", false
	}
	rs, err := candidates(t)
	if err != nil {
		return "", false
	}
	var auto, named []Repair
	for _, r := range rs {
		if r.ReporterID != t.Staff.ID {
			continue
		}
		if r.Status == RepairDone {
			return "", false // one awaits her: readSignOff's to read
		}
		if r.Status == RepairClosed && r.AutoConfirmed {
			auto = append(auto, r)
			if nameStrength(norm, r) > 0 {
				named = append(named, r)
			}
		}
	}
	if len(named) == 0 && len(auto) == 1 && rated != "" && GuessRepair(norm, nil).Item == "" {
		named = auto // 好了 5分: her only one (a bare 好了 may be about anything)
	}
	if len(named) != 1 {
		return "", false
	}
	r := named[0]
	t.Say(fmt.Sprintf("%s（%s %s）完成后 %d 天没有验收，已于 %s 自动验收了，不用再验收。谢谢你告诉我修好了！",
		r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20), t.School.Settings.AutoConfirmDays, t.When(r.ClosedAt)))
	if r.Rating != 0 {
		return "", true
	}
	if rated != "" {
		return action(verbRate, r.ID, rated), true
	}
	t.Say("如果愿意，可以为这次维修打分（1–5 分，5 分最好）：", rateButtons(r.ID, "")...)
	if err := ask(t, stateRate, followUpData{ID: r.ID}); err != nil {
		return "", false
	}
	return "", true
}

// fixedWithScore reads text as words that a thing is fixed, with a score
// said beside them (好了 5分, 配电箱修好了 3分): norm is text normalised
// without the score, the fault gone and service remarks; rated is the
// score ("" when none); ok is false unless the words say fixed, and not
// broken, partly fixed or a question.
func fixedWithScore(text string) (norm, rated string, ok bool) {
	norm = strings.ToLower(parse.Normalize(strings.TrimSpace(text)))
	if m := signOffRatingRE.FindStringSubmatch(norm); m != nil {
		if m[3] != "" {
			m[1] = "5"
		}
		if n, ok := parse.ParseChoice(m[1]+m[2], 5); ok {
			rated = strconv.Itoa(n)
			norm = strings.Replace(norm, m[0], " ", 1)
		}
	}
	norm = faultGone(norm)
	norm, _ = cutServiceRemarks(norm)
	if !signOffWordsRE.MatchString(norm) || saysBroken(norm) || partlyFixedRE.MatchString(norm) || asksAnywhereRE.MatchString(norm) {
		return "", "", false
	}
	return norm, rated, true
}

// rateAutoSigned answers a sign-off of r that reached it after it had
// signed itself off: user test 18's teacher typed 「好了 5分」 while the job
// waited for her, and in the same minute the scheduler signed it off by
// itself; her sign-off, read against the job still 待验收, then found it
// closed, and her score was lost. She is told it was signed off already,
// and her score, said with the sign-off or asked for, is still taken.
func rateAutoSigned(t *flows.Turn, r Repair, args []string) error {
	rated := ""
	for _, a := range args {
		if n, ok := strings.CutPrefix(a, rateArg); ok {
			rated = n
		}
	}
	line := fmt.Sprintf("%s（%s %s）完成后 %d 天没有验收，已于 %s 自动验收了，不用再验收。",
		r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20), t.School.Settings.AutoConfirmDays, t.When(r.ClosedAt))
	if r.Rating != 0 && rated != "" {
		t.Say(strings.TrimSuffix(line, "。") + fmt.Sprintf("；这单已经评过 %d 分了。", r.Rating))
		return nil
	}
	if r.Rating != 0 || mayAct(t, r, verbRate) != "" {
		t.Say(mayAct(t, r, verbOK)) // 修好了 1 again: only that it needs none
		return nil
	}
	if rated != "" {
		t.Say(strings.TrimSuffix(line, "。") + "；你的评分照样记在这单上。")
		return rate(t, r, []string{rated})
	}
	t.Say(line)
	t.Say("如果愿意，可以为这次维修打分（1–5 分，5 分最好）：", rateButtons(r.ID, "")...)
	return ask(t, stateRate, followUpData{ID: r.ID})
}
