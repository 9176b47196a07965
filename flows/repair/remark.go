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
