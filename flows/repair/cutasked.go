package repair

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A question about a power cut, or word that there is power, is no report
// (user test 34's T15–T16: 「是全校停电吗」 was asked 在哪里, and 「我就问一
// 下 我这边实验楼还有电」 offered 实验楼's rooms to file it at). It is
// answered with the school's open power-cut repairs, or that there is
// none, and how to report one.

var (
	// cutAskRE asks whether there is a cut, where, or until when: 是全校
	// 停电吗, 是不是停电了, 全校都停电了吗, 哪里停电了, 什么时候来电.
	cutAskRE = rx.MustCompile(`是不是[^，,。；;]{0,6}(?:停电|断电|没电|跳闸)|(?:停电|断电|没电|跳闸)了?(?:吗|么|嘛|没有?)(?:$|[？?，,。！!\s])|(?:停电|断电|没电|跳闸)了?[？?]|(?:哪里|哪儿|哪些地方|哪栋|哪几栋|哪个楼)[^，,。；;]{0,4}(?:停电|断电|没电)|(?:什么|啥)时候[^，,。；;]{0,4}(?:来电|有电|恢复供电|通电)|(?:几点|多久)[^，,。；;]{0,4}(?:来电|有电)`)
	// stillPowerRE says a place has power: 我这边实验楼还有电, 我们这有电的.
	stillPowerRE = rx.MustCompile(`(?:还|是|都|倒是|这边|这里|那边)有电`)
	// cutWantRE asks for someone to come or fix: 302停电了 能来看看吗 is a
	// report with a question in it.
	cutWantRE = rx.MustCompile(`修|来人|来看|看看|看一下|处理|派人|弄一下|帮忙|快点|赶紧|尽快|麻烦`)
	// cutFaultRE is a cut said as a fact, which 有电 elsewhere does not undo
	// (我这边有电 但是302没电了).
	cutFaultRE = rx.MustCompile(`停电|断电|没电|没有电|跳闸|不来电`)
)

// powerCutAsked reports whether text asks about a power cut, or says a
// place has power, and asks nothing to be fixed.
func powerCutAsked(text string) bool {
	s := parse.Normalize(strings.TrimSpace(text))
	if s == "" || cutWantRE.MatchString(s) {
		return false
	}
	if cutAskRE.MatchString(s) {
		return true
	}
	if !stillPowerRE.MatchString(s) || cutFaultRE.MatchString(s) {
		return false
	}
	// Only that, and words that only ask (我就问一下): 插座是有电的 但是灯
	// 不亮 is a report of the lamp.
	for _, c := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune(" ，,。；;！!？?", r) }) {
		if !stillPowerRE.MatchString(c) && !askOnlyRE.MatchString(c) {
			return false
		}
	}
	return true
}

// askOnlyRE is a clause that only says a question comes: 我就问一下.
var askOnlyRE = rx.MustCompile(`^(?:我|我们)?(?:就|只是|只)?(?:问一下|问问|问下|打听一下|说一下|说一声|确认一下)(?:啊|哈|哦)?$`)

// answerPowerCut answers a question about a power cut with the school's
// open repairs of one (and those finished, awaiting sign-off).
func answerPowerCut(t *flows.Turn) error {
	rs, err := db(t).RepairsWaiting(t.Ctx, t.School.ID, t.Now.AddDate(100, 0, 0), t.Now.Add(1))
	if err != nil {
		return err
	}
	var lines []string
	for _, r := range rs {
		if r.Trade != flows.TradeElectrical || !powerCutSaid(r.PlaceText+" "+r.Description) {
			continue
		}
		lines = append(lines, "· "+cutLine(t, r))
	}
	if len(lines) == 0 {
		t.Say("目前没有收到停电的报修。如果你那边停电了，请告诉我地点，比如「302停电了」，我马上派电工。")
		return nil
	}
	t.Say(fmt.Sprintf("目前收到的停电报修：\n%s\n已经有人报了，不用重复报修；如果你那边也停电了，请告诉我地点，比如「302停电了」。", strings.Join(lines, "\n")))
	return nil
}

// cutLine is one power-cut repair as anyone at the school may read it:
// where, what, how far and whose.
func cutLine(t *flows.Turn, r Repair) string {
	line := fmt.Sprintf("%s（%s「%s」）%s", r.Ref, shownPlace(r.LocationName), jobWords(r, 20), r.Status.Label())
	switch {
	case r.Status == RepairDone:
		line += fmt.Sprintf("，%s已修好，等报修人验收", workerOrOffice(r))
	case r.Status.Open():
		line += fmt.Sprintf("，由%s负责，%s 前处理", workerOrOffice(r), t.When(r.DueAt))
	}
	return line
}
