package repair

import (
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A worker answering a notice that offers 接单 (【新维修任务】, 【转派任务】,
// 【返修】) in his own words of going or looking ends his message with
// them: user test 18's 「又咋了 我看看」 and 「支架那我没注意 马上再去」 under
// 【返修】, 「围墙的我去了」 under an urgent 【转派任务】 (F26/F41/F36, not
// understood), and 「行 锁的活我也能干 下午去」 under a job handed to him
// (F29, only passed on to the reporter, the job left 待接单). Each takes
// the noticed job, unless the words name another of his.

// goingLastRE is a closing clause of going to or looking at a job: 我看看,
// 马上再去, 下午去, 围墙的我去了, 那我过去看看; or of taking it, the job
// named by its thing: 楼梯灯那个接了 (user test 26's G29, not understood).
var goingLastRE = rx.MustCompile(`^(?:\p{Han}{1,10}?(?:的|那个|那边|那))?(?:我|那我)?(?:现在|马上|这就|立马|立刻|等会儿?|一会儿?|待会儿?|下午|上午|中午|晚上|明天|明早|今天|下课后?|放学后?)?(?:就|再|先)?` +
	`(?:(?:去|过去|来|过来)(?:了|看看|看一下|看下|瞧瞧)?|(?:去)?(?:看看|看一下|瞅瞅|瞧瞧)(?:去)?|接(?:了|单了?|下了|手了))(?:吧|啊|哈|哦)?$`)

// goingTimeRE is a closing clause of going that says when: 下午去, 马上再去;
// it is passed on to the reporter with the taking.
var goingTimeRE = rx.MustCompile(`现在|马上|这就|立马|立刻|等会|一会|待会|下午|上午|中午|晚上|明天|明早|今天|下课|放学`)

// noticedTake is the job of the notice the worker was last shown with a
// 接单 button, or 0 (his own last reply's buttons are no notice).
func noticedTake(t *flows.Turn) int64 {
	if t.Replied() != nil {
		return 0
	}
	var id int64
	for _, b := range t.Offered() {
		if a, ok := flows.ParseAction(b.Data); ok && a.Prefix == actorPrefix && verb(a.Verb) == verbTake {
			id = a.ID
		}
	}
	return id
}

// goingClause is the closing clause of text when it is one of going or
// looking (goingLastRE) and the rest refuses, hands on, cannot or says
// done nothing; "" otherwise.
func goingClause(text string) string {
	parts := strings.FieldsFunc(strings.TrimSpace(text), func(r rune) bool { return strings.ContainsRune("，,。.！!~ 、", r) })
	if len(parts) == 0 || len(parts) > 4 {
		return ""
	}
	last := parts[len(parts)-1]
	if !goingLastRE.MatchString(last) {
		return ""
	}
	norm := parse.Normalize(text)
	if giveBackRE.MatchString(norm) || cannotGo(norm) || xferSaidRE.MatchString(norm) || blockedWords.MatchString(norm) ||
		notTakingRE.MatchString(norm) || saysDone(text) {
		return ""
	}
	return last
}

// noticeTakeSaid reports whether a worker's message answers the notice
// he was last shown, which offers 接单, in words of going (see above).
func noticeTakeSaid(t *flows.Turn, text string) bool {
	return t.Staff.Has(flows.RoleWorker) && t.Msg.Button == "" && noticedTake(t) != 0 && goingClause(text) != ""
}

// noticeGoingRemark is what of a taking said so goes to the reporter: the
// going clause when it says when (下午去, 马上再去), nothing else (又咋了
// is no word for the reporter, and 好 我这就去 only takes it).
func noticeGoingRemark(t *flows.Turn) string {
	if t.Msg.Button != "" || noticedTake(t) == 0 || workerTakes(t.Text) {
		return ""
	}
	c := goingClause(t.Text)
	if c == "" || !goingTimeRE.MatchString(c) {
		return ""
	}
	if i := strings.LastIndexAny(c, "的那"); i >= 0 && strings.Contains(c[i:], "我") {
		c = c[i+len("的"):] // 围墙的我下午去: the going, not the thing
	}
	return c
}

// noticedPersonal reports whether the noticed job (noticedTake) was sent
// to this worker in particular: sent back by its reporter (返修) or handed
// to him (转派, 改派). Words of going under such a notice answer it; under
// a plain new job's card, with other jobs waiting, they still ask which
// (收到 我马上过去看看).
func noticedPersonal(t *flows.Turn, rs []Repair) bool {
	id := noticedTake(t)
	for _, r := range rs {
		if r.ID == id {
			return r.Reopens > 0 || strings.HasSuffix(r.RouteReason, "转派")
		}
	}
	return false
}
