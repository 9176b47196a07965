package repair

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// mildRemarkRE is a small fault said of a thing the writer signs off in
// the same words, which does not send it back: 锁有点涩, 不太好拧,
// 稍微有点紧 (user test 18's F23 and F24, where the teacher was asked
// again what she wanted to say).
var mildRemarkRE = rx.MustCompile(`有点|有些|不太|不大|稍微|稍稍|略微|还凑合|凑合`)

// mildRemarks is the clauses of text that make such a remark, or say
// how long it took (修好了 等太久了), in the
// writer's own letters, joined; "" when there are none. A clause that
// signs off (好了, 能用了) or says a fault (还是漏) is none.
func mildRemarks(text string) string {
	var said []string
	for _, c := range clauseSplitRE.Split(strings.TrimSpace(text), -1) {
		n := strings.ToLower(parse.Normalize(c))
		if n == "" || !mildRemarkRE.MatchString(n) && !waitedRemarkRE.MatchString(n) || signOffWordsRE.MatchString(faultGone(n)) || saysBroken(n) || signOffRatingRE.MatchString(n) {
			continue
		}
		said = append(said, c)
	}
	return strings.Join(said, "，")
}

// reworkRemarkRE is a remark on the trips a repair took: 折腾两回, 返工了,
// 跑了好几趟.
var reworkRemarkRE = rx.MustCompile(`折腾|返工|返修|[两几]回|[两几]次|[两几]趟|好几`)

// joinRemarks joins the remarks said with a sign-off, each once.
func joinRemarks(a, b string) string {
	switch {
	case b == "" || strings.Contains(a, b):
		return a
	case a == "":
		return b
	}
	return a + "，" + b
}

// ratedLine thanks a reporter for a score, as the score deserves: a low
// one (user test 18's F8: 「两分吧」 after 等太久了) is no praise to thank
// for, but a word to be sorry about.
func ratedLine(n int) string {
	switch {
	case n <= 2:
		return fmt.Sprintf("已记下你的 %d 分，抱歉这次没让你满意。", n)
	case n == 3:
		return fmt.Sprintf("已记下你的 %d 分，谢谢！", n)
	}
	return fmt.Sprintf("谢谢你的 %d 分！", n)
}

// rateWithRemark records the score said with a sign-off whose remark
// (said) was kept too, and ends: the words were given, so they are not
// asked for again (user test 18's F24).
func rateWithRemark(t *flows.Turn, r Repair, n int, head, said string) error {
	r.Rating = n
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventRated, From: r.Status, To: r.Status, Note: fmt.Sprint(n)}); err != nil {
		return err
	}
	line := ratedLine(n)
	if n <= 3 && strings.Contains(said, "抱歉") {
		line = fmt.Sprintf("已记下你的 %d 分。", n) // sorry once
	}
	t.Done()
	t.Say(head + line + said)
	return nil
}

// workRemarkRE is a word on the work done or how it was done: 师傅修得很好,
// 弄得很脏, 态度好, 手艺不错 (serviceWordsRE and mildRemarkRE know the rest:
// 地上很脏, 来得有点晚).
var workRemarkRE = rx.MustCompile(`(?:修|弄|搞|干|做|装|换)得|态度|手艺|效率|速度`)

// commentAfterSaid keeps, as the comment of the repair the writer signed
// off and rated within the hour, words on its work she adds once no
// question is open, which would otherwise be thanked for as praise (a sign-off with thanks and a score asks none: user
// test 28's Q1): 「师傅修得很好，但是地上弄得很脏」 is no thanks to answer
// and no new report. A question, a fault still there, a fault that is a
// report of its own, or words that name another thing are left to the
// rest of the reading.
func commentAfterSaid(t *flows.Turn, text string) bool {
	if t.Msg.Button != "" || len(t.Msg.Media) > 0 || skipped(t) {
		return false
	}
	said := strings.TrimSpace(text)
	norm := strings.ToLower(parse.Normalize(said))
	if !workRemarkRE.MatchString(norm) && !serviceWordsRE.MatchString(norm) && !mildRemarkRE.MatchString(norm) {
		return false // no look-up for the messages of every day
	}
	if decisionAskedRE.MatchString(norm) || notFixedRE.MatchString(norm) || againSaidRE.MatchString(norm) || notMineRE.MatchString(norm) {
		return false
	}
	if scoreSaid(norm) != 0 {
		return false // 门锁也好了 3分 锁有点涩: a sign-off of its own
	}
	if heldNamedDone(t, said) {
		return false // 实验楼烟感…清了就不叫了, a worker's jobs done (numsdone.go)
	}
	r, ok := recentlyRated(t)
	if !ok {
		return false
	}
	rs, err := myReports(t)
	if err != nil {
		return false
	}
	for _, o := range rs {
		if o.Status == RepairDone && o.ReporterID == t.Staff.ID {
			return false // 灯能亮了 就是还有点闪: maybe of the job awaiting her
		}
	}
	locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
	if err != nil {
		return false
	}
	if u := understand(said, locs, sender(t, locs)); u.Intent == IntentReport && len(u.Problems) > 0 && u.Problems[0].Trade != "" &&
		(u.Problems[0].LocationID != 0 && u.Problems[0].LocationID != r.LocationID || u.Problems[0].PlaceText != "" || newFault(u.Problems[0], r)) {
		return false // 302门口地砖翘起来了: a new report
	}
	job := fmt.Sprintf("%s（%s「%s」）", r.Ref, r.Place(), flows.ClipWords(r.Description, 20))
	reply := fmt.Sprintf("收到，已记在 %s的评价里，谢谢你的反馈！", job)
	if sorry, ok := complaintSorry(said); ok {
		reply = fmt.Sprintf("收到你的意见，已记在 %s的评价里。%s", job, sorry)
	}
	if err := saveCommentSaying(t, r, said, reply); err != nil {
		t.Say("暂时记不下来，请稍后再试。")
	}
	return true
}
