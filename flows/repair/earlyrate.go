package repair

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A reporter may rate a repair in words before she is asked to (user test
// 16's F30: 「5分」「很满意，师傅辛苦了」「给师傅五星好评」 while the job was
// still assigned or being mended were dropped, answered 「刚才的选项已经失
// 效了」, or read as a menu choice). A score said while her repair awaits
// her 验收 is that 验收 with the score, as 修好了 给5分 is (signoff.go); a
// score for a repair she signed off without rating it is its rating; and a
// score or rating words while the repair is still being mended are
// answered plainly: the rating comes once it is fixed and she has checked
// it, and she is told how. Nothing is recorded then, and she knows it.

// scoreSaidRE is a score in words: 5分, 五星, 给师傅五星好评, 打个满分.
var scoreSaidRE = rx.MustCompile(`([1-5１-５一二三四五两])\s*(?:分|星|颗星)|满分|满星`)

// rateWordsRE is a rating said without a score: 好评, 很满意, 点赞.
var rateWordsRE = rx.MustCompile(`好评|(?:^|[^不])满意|点赞|打分|评分|评价`)

// scoreSaid is the score of norm, 0 when none is said (5分钟 is a time).
func scoreSaid(norm string) int {
	m := scoreSaidRE.FindStringSubmatchIndex(norm)
	if m == nil || strings.HasPrefix(norm[m[1]:], "钟") {
		return 0
	}
	if m[2] < 0 {
		return 5 // 满分
	}
	d := norm[m[2]:m[3]]
	if d == "两" {
		return 2
	}
	n, ok := parse.ParseChoice(d, 5)
	if !ok {
		return 0
	}
	return n
}

// earlyRatingSaid reads a rating said outside the rating question (see
// above): the 验收 with its score, the rating of a repair signed off, or
// ("", true) when it is answered here.
func earlyRatingSaid(t *flows.Turn, text string) (string, bool) {
	if !t.Idle() || t.Msg.Button != "" || len(t.Msg.Media) > 0 {
		return "", false
	}
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(text)))
	score := scoreSaid(norm)
	if score == 0 && !rateWordsRE.MatchString(norm) {
		return "", false
	}
	if notFixedRE.MatchString(norm) || stillBrokenRE.MatchString(norm) || withdrawRE.MatchString(norm) ||
		intentOf(text, Sender{Roles: t.Staff.Roles}) == IntentReport {
		return "", false // 还是不亮 给1分, a new fault: read as before
	}
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now.Add(-MineClosedFor), 20)
	if err != nil {
		return "", false
	}
	var mine []Repair
	for _, r := range rs {
		if r.ReporterID == t.Staff.ID && r.WorkerID != t.Staff.ID {
			mine = append(mine, r)
		}
	}
	if named := namedOf(norm, mine); len(named) > 0 {
		mine = named // 303灯那个给5分: that one
	}
	var done, mending, unrated []Repair
	for _, r := range mine {
		switch {
		case r.Status == RepairDone && mayAct(t, r, verbOK) == "":
			done = append(done, r)
		case r.Status.Open():
			mending = append(mending, r)
		case r.Status == RepairClosed && mayAct(t, r, verbRate) == "":
			unrated = append(unrated, r)
		}
	}
	switch {
	case len(done) > 0 && score > 0:
		if len(done) == 1 {
			return action(verbOK, done[0].ID, rateArg+strconv.Itoa(score)), true
		}
		return chooseSignOff(t, done, []string{rateArg + strconv.Itoa(score)})
	case len(done) > 0:
		return "", false // 很满意: thanks, kept as the comment of the one awaiting her (answerThanks)
	case len(mending) > 0:
		t.Say(notYetRated(t, mending))
		return "", true
	case len(unrated) == 1 && score > 0:
		return action(verbRate, unrated[0].ID, strconv.Itoa(score)), true
	}
	return "", false
}

// namedOf are those of rs the words name.
func namedOf(norm string, rs []Repair) []Repair {
	var out []Repair
	for _, r := range rs {
		if nameStrength(norm, r) > 0 {
			out = append(out, r)
		}
	}
	return out
}

// notYetRated tells a reporter who rates repairs still being mended that
// the rating comes after her 验收.
func notYetRated(t *flows.Turn, mending []Repair) string {
	if len(mending) == 1 {
		r := mending[0]
		return fmt.Sprintf("谢谢！%s（%s %s）%s还没有修好（%s），现在还不能打分。修好后会请你去看一下并验收，验收时就可以打分、写评价了。",
			r.Ref, r.Place(), jobWords(r, 20), workerOrOffice(r), r.Status.Label())
	}
	lines := make([]string, len(mending))
	for i, r := range mending {
		lines[i] = fmt.Sprintf("· %s（%s %s）%s", r.Ref, r.Place(), jobWords(r, 20), r.Status.Label())
	}
	return "谢谢！你的报修都还没有修好，现在还不能打分：\n" + strings.Join(lines, "\n") + "\n修好后会请你去看一下并验收，验收时就可以打分、写评价了。"
}
