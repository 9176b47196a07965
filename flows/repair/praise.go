package repair

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// A score said in words at 「请为这次维修打分」 (user test 33's T24: 「挺快的
// 谢谢师傅」 was asked for a number again). Every clause of the words must
// be one of these; the score is the lowest any clause gives:
//
//	praise   满意, 很好, 不错, 挺快的, 很及时, 修得很好, 师傅很专业  → 5
//	thanks   谢谢师傅, 辛苦了, 感谢                                → 5 (only beside another clause)
//	fair     还行, 还可以, 还好, 凑合, 过得去, 还不错              → 4
//	plain    一般, 一般般, 马马虎虎                               → 3
//
// A complaint (太慢了, 不满意, 等了好久) is no score to guess: its words are
// kept as the comment and the score is asked for (praiseWords).
var (
	praiseClauseRE = rx.MustCompile(`^(?:[王孙周马吴李张赵钱刘陈]?师傅|他们|他)?(?:修得|弄得|来得|干得|做得|速度|效率|态度|手艺)?(?:很|挺|非常|特别|太|真|超|蛮|相当|十分|都挺|也挺|都很)?(?:满意|好|不错|快|及时|迅速|麻利|利索|专业|认真|给力|棒|赞|到位|负责)(?:了|的|啊|呀|吧|哈|啦|呢)*$|^(?:都|也|完全)?(?:没毛病|没啥毛病|没什么毛病|没问题|没啥问题|挺满意|很满意|满意)(?:了|的|啊|呀|吧|哈|啦|呢)*$`)
	thanksClauseRE = rx.MustCompile(`^(?:谢谢|感谢|多谢|辛苦)(?:[王孙周马吴李张赵钱刘陈]?师傅|您|你|你们|大家)?(?:了|啦|啊|呀)?(?:[王孙周马吴李张赵钱刘陈]?师傅)?$|^(?:[王孙周马吴李张赵钱刘陈]?师傅)?(?:这次|这回|今天|也|真|真是)?(?:很|挺|太)?辛苦(?:了|啦|啊)?$`)
	fairClauseRE   = rx.MustCompile(`^(?:都|也|总体|整体|总的来说|基本|基本上)?(?:还行|还可以|还好|可以|行|凑合|还凑合|过得去|还过得去|还不错|挺行)(?:了|的|啊|呀|吧|哈|啦)*$`)
	plainClauseRE  = rx.MustCompile(`^(?:都|也|总体|整体|总的来说|感觉|觉得)?(?:一般|一般般|马马虎虎|普普通通|还那样)(?:了|的|啊|呀|吧|哈|啦)*$`)
	// complaintRE is a complaint about the repair: 太慢了, 不满意, 等了好久.
	complaintRE = rx.MustCompile(`慢|晚了|不满意|不太满意|不怎么样|太差|很差|好久|太久|等了|拖了|敷衍|不认真|不负责|不好`)
)

// praiseScore is the score words of praise give (see above), and whether
// they are such words at all.
func praiseScore(text string) (int, bool) {
	s := strings.TrimSpace(emojiRE.ReplaceAllString(text, " "))
	score, said, sour := 5, false, false
	for _, c := range strings.FieldsFunc(s, func(r rune) bool { return strings.ContainsRune("，,。.！!~～ 、；;", r) }) {
		switch {
		case praiseClauseRE.MatchString(c):
			said = true
		case thanksClauseRE.MatchString(c):
		case fairClauseRE.MatchString(c):
			score, said = min(score, 4), true
		case plainClauseRE.MatchString(c):
			score, said = min(score, 3), true
		case remarkClause(c):
			// 一般般吧 来回弄了两次 (user test 34's T39): a remark beside
			// the words that score, kept with them as the comment.
			sour = sour || sourRE.MatchString(c) || complaintRE.MatchString(c)
		default:
			return 0, false
		}
	}
	if sour && score == 5 {
		return 0, false // 挺好的 就是慢了点: praise with a complaint is no 5 to guess
	}
	return score, said
}

// sourRE is a remark that finds fault, however mildly: 就是晚了点, 来回弄了
// 两次.
var sourRE = rx.MustCompile(`就是|但是|不过|可惜|还是|又|再|两次|几次|好几|来回|返工|慢|晚|久|等了|拖`)

// remarkClause reports whether c, a clause beside words that score, is a
// short remark on the repair: no fault (still there, or new), no
// question, no number (a number at the rating question is a score).
func remarkClause(c string) bool {
	n := utf8.RuneCountInString(c)
	return n >= 2 && n <= 16 && !notFixedRE.MatchString(c) && !stillBrokenRE.MatchString(c) && !remarkFaultRE.MatchString(c) &&
		!strings.ContainsAny(c, "?？吗0123456789０１２３４５６７８９")
}

// remarkFaultRE is a fault named in a clause: no remark on the repair
// rated but news of another (挺好的 楼道灯也坏了).
var remarkFaultRE = rx.MustCompile(`坏|漏|不亮|不响|不转|不通|不热|不凉|堵|裂|掉了|松了|报修|急|危险`)

// ratePraised records score n that r's reporter gave in words of praise
// (and, with also, each repair signed off with it), keeps the words as
// the comment, and passes thanks on to the workers. It says the score
// back, so that a score she did not mean is seen.
func ratePraised(t *flows.Turn, r Repair, also string, n int) error {
	words := flows.Clip(strings.TrimSpace(t.Text), 200)
	r.Rating = n
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventRated, From: r.Status, To: r.Status, Note: strconv.Itoa(n)}); err != nil {
		return err
	}
	rated := []Repair{r}
	if also != "" {
		refs, err := rateOthers(t, also, n)
		if err != nil {
			return err
		}
		for _, f := range strings.Split(also, ",") {
			id, _ := strconv.ParseInt(f, 10, 64)
			if o, err := db(t).Repair(t.Ctx, id); err == nil && slices.Contains(refs, o.Ref) {
				rated = append(rated, o)
			}
		}
	}
	r.RatingComment = words
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventCommented, From: r.Status, To: r.Status, Note: words}); err != nil {
		return err
	}
	t.Done()
	line := fmt.Sprintf("按 %d 分记下了，谢谢！", n)
	if len(rated) > 1 {
		refs := make([]string, len(rated))
		for i, o := range rated {
			refs[i] = o.Ref
		}
		line = fmt.Sprintf("按 %d 分记下了（%s %s单都是 %d 分），谢谢！", n, strings.Join(refs, "、"), countWord(len(refs)), n)
	}
	line += fmt.Sprintf("你说的「%s」也记下了。", flows.Clip(words, 40))
	if !thankedRE.MatchString(words) {
		t.Say(line)
		return nil
	}
	// 谢谢师傅: thanks meant for whoever did the work, passed on, one
	// notice to each worker for the jobs that were theirs.
	var told []string
	for _, o := range rated {
		if o.WorkerID == 0 || o.WorkerID == t.Staff.ID || slices.Contains(told, o.WorkerName) {
			continue
		}
		var jobs []string
		for _, x := range rated {
			if x.WorkerID == o.WorkerID {
				jobs = append(jobs, fmt.Sprintf("%s（%s %s）", x.Ref, x.Place(), jobWords(x, 20)))
			}
		}
		if err := t.Notify(flows.Notification{ToStaff: o.WorkerID, Kind: NoticeUpdate, Ref: ref(o),
			Text: fmt.Sprintf("%s验收了%s，打了 %d 分，还说：「%s」", t.Staff.Name, strings.Join(jobs, "、"), n, words)}); err != nil {
			return err
		}
		told = append(told, o.WorkerName)
	}
	if len(told) > 0 {
		line += "已转告" + strings.Join(told, "、") + "。"
	}
	t.Say(line)
	return nil
}

// complainedAtRating keeps words complaining about r (太慢了) said at its
// rating question as its comment, says sorry, and asks the score again:
// a complaint is no score to guess.
func complainedAtRating(t *flows.Turn, r Repair, a followUpData) error {
	words := flows.Clip(strings.TrimSpace(t.Text), 200)
	r.RatingComment = words
	if err := db(t).UpdateRepair(t.Ctx, r, RepairEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventCommented, From: r.Status, To: r.Status, Note: words}); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("抱歉这次没让你满意。你说的「%s」记下了。请再打个分（1–5 分，5 分最好），或回复「跳过」。", flows.Clip(words, 40)), rateButtons(r.ID, a.Also)...)
	a.Note = words // kept, so the question is not taken as unanswered
	return t.Goto(string(stateRate), a)
}
