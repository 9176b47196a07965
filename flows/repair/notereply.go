package repair

import (
	"fmt"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A reporter answers the worker's 【维修进度】 (his 说明, note.go) in her
// own words (user test 17's F32): 「好的，谢谢师傅」「收到」 only
// acknowledge it, and got 「不客气，谢谢你的肯定」 or the menu; 「明天下午
// 几点来？」「能不能上午来」 are for him, and got the job's status read
// back, or 没看懂. Right after a note, thanks and 收到 are answered
// shortly, and a question about what he said, or a request of him, is
// passed on to him as her 留言 (tellWorker), she told so and he asked to
// answer with 说明. Urging (能不能快点) is 催 of that job, which tells him
// her words, and a question of how the job stands that his note does not
// speak to (师傅什么时候来修灯) gets the status with his latest word, as
// before. It holds while the note, his own since the job was last handed
// on, is the newest thing of hers (no repair of hers finished since)
// within NoteReplyWindow, and the words name no other place or thing.

// NoteReplyWindow is how long after a worker's note the reporter's words
// are read as an answer to it.
const NoteReplyWindow = 3 * time.Hour

// ackWordsRE is an acknowledgement and nothing else: 好的，谢谢师傅, 收到,
// 好的 麻烦师傅了, 知道了 辛苦, 嗯嗯.
var ackWordsRE = rx.MustCompile(`^(?:(?:好的|好滴|好嘞|好哒|好吧|好|行的|行|可以的|可以|没问题|收到了|收到|知道了|知道啦|知道|明白了|明白|了解|嗯+|哦+|噢+|ok|okay|谢谢|感谢|多谢|谢了|辛苦了|辛苦|麻烦了|麻烦|有劳)(?:\p{Han}?师傅|您|你)?(?:了|啦|哈|呀|啊|哦|喔)?[，,。.!！~～\s]*)+$`)

// seenFineRE is a reporter saying she went to look and the fault is
// gone: 我去宿舍看了 没味了, 看过了 不漏了, 现在正常了.
var seenFineRE = rx.MustCompile(`没(?:有)?(?:味|味道|异味|烟|声音?)了|不(?:漏|滴|响|闪|冒烟|晃|堵)了|没事了|正常了`)

// comingRE is a reporter saying she is coming to do what was asked of
// her: 好的 我这就去开门, 好 我马上过去, 马上到, 下课就过去.
var comingRE = rx.MustCompile(`^(?:(?:好的|好嘞|好滴|好|行|嗯+|ok|收到|知道了)[，,。!！~\s]*)*我?(?:这就|马上|现在|立刻|等下|等一下|待会儿?|一会儿?|下课|下了课)?就?(?:过去|去|过来|来|到)`)

// statusAskedRE is a question of how the job stands: 什么时候来修, 修好了
// 吗, 还要多久.
var statusAskedRE = rx.MustCompile(`几点|什么时候|啥时候|啥时|多久|哪天|几号|修好了?(?:吗|没)|好了(?:吗|没)|来了(?:吗|没)|进度`)

// progressAskedRE asks whether the job is done or how it stands: 到底修了
// 没有, 修好了吗, 弄好没, 现在啥情况, 怎么样了. The status answers it, with
// the worker's latest word, whatever words it shares with his note (user
// test 31's T19: 赵老师's 「我报的三楼广播那个到底修了没有」, after 吴老师's
// 「三楼广播我下午去看」, was passed to him as her 留言 and she was told
// nothing).
var progressAskedRE = rx.MustCompile(`(?:修|弄|搞|换|装)(?:好)?了?(?:吗|没有?|么)|好了?(?:吗|没有?|么)|(?:怎么样|咋样|怎样|如何)了|(?:啥|什么)情况|进度|到哪(?:一步|了)`)

// whenAskedRE is a question without its mark: 明天下午几点来, 啥时候能弄好.
var whenAskedRE = rx.MustCompile(`几点|什么时候|啥时候|啥时|多久|哪天|几号`)

// noteAnswered is the repair whose worker's note, a moment ago, t.Staff's
// words answer (see above), and whether one is.
func noteAnswered(t *flows.Turn, norm string) (Repair, string, bool) {
	er, ok := t.Tx.(eventsReader)
	if !ok {
		return Repair{}, "", false
	}
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now.Add(-NoteReplyWindow), 100)
	if err != nil {
		return Repair{}, "", false
	}
	var last Repair
	var lastAt time.Time
	var lastNote string
	for _, r := range rs {
		if r.ReporterID != t.Staff.ID || !r.Status.Open() || r.WorkerID == 0 {
			continue
		}
		evs, err := er.RepairEvents(t.Ctx, r.ID)
		if err != nil {
			return Repair{}, "", false
		}
		for i := len(evs) - 1; i >= 0; i-- {
			if evs[i].Kind == EventTransferred {
				break // a word said before the job changed hands is not its worker's
			}
			if evs[i].Kind == EventNoted {
				if at := evs[i].At; evs[i].ActorID == r.WorkerID && t.Now.Sub(at) <= NoteReplyWindow && at.After(lastAt) {
					last, lastAt, lastNote = r, at, evs[i].Note
				}
				break
			}
		}
	}
	if last.ID == 0 {
		return Repair{}, "", false
	}
	for _, r := range rs {
		if r.ID == last.ID {
			continue
		}
		if r.Status == RepairDone && r.ReporterID == t.Staff.ID && r.DoneAt.After(lastAt) {
			return Repair{}, "", false // a sign-off asked since: 好的 may be hers
		}
		if r.Status.Open() && nameStrength(norm, r) > nameStrength(norm, last) {
			return Repair{}, "", false // about another repair of hers
		}
	}
	return last, lastNote, true
}

// noteReplySaid reads a reporter's words right after her worker's note
// (see above): an acknowledgement is answered here ("", true), a question
// or an urge is 留言 to him.
func noteReplySaid(t *flows.Turn, text string) (string, bool) {
	if !t.Idle() || t.Msg.Button != "" || len(t.Msg.Media) > 0 {
		return "", false
	}
	norm := strings.ToLower(parse.Normalize(strings.TrimSpace(text)))
	ack := ackWordsRE.MatchString(strings.TrimSpace(emojiRE.ReplaceAllString(norm, ""))) // 好的👌
	ask := !ack && (asksAnywhereRE.MatchString(norm) || whenAskedRE.MatchString(norm))
	seen := !ack && !ask && seenFineRE.MatchString(norm) && !notFixedRE.MatchString(norm)
	coming := !ack && !ask && !seen && comingRE.MatchString(norm)
	if !ack && !ask && !seen && !coming {
		return "", false
	}
	if coming {
		// 好的 我这就去开门, answering his 麻烦李老师来开下门 (user test 31's
		// T17, T18, not understood): her answer is his to hear.
		if r, _, ok := noteAnswered(t, norm); ok && intentOf(text, Sender{Roles: t.Staff.Roles}) != IntentReport {
			return action(verbTell, r.ID), true
		}
		return "", false
	}
	if seen {
		// 好的 我去宿舍看了 没味了 学生也批评了 (user test 26's G9, not
		// understood): she went and saw it is all right, before he has
		// recorded the job done; the sign-off comes after him.
		r, _, ok := noteAnswered(t, norm)
		if !ok || r.Status == RepairDone {
			return "", false
		}
		locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
		if err != nil || understand(text, locs, sender(t, locs)).Intent == IntentReport {
			return "", false // 看了 插座还在冒烟: a fault, read as before
		}
		t.Say(fmt.Sprintf("好的，谢谢你去看了。等%s登记 %s 完成后，会请你验收。", r.WorkerName, r.Ref))
		return "", true
	}
	urged := ask && nudgeRE.MatchString(norm) && !nudgeSaidRE.MatchString(norm)
	if ask && (!urged && nudgeRE.MatchString(norm) || withdrawRE.MatchString(norm) || notFixedRE.MatchString(norm) || signsOff(text) ||
		intentOf(text, Sender{Roles: t.Staff.Roles}) == IntentReport) {
		return "", false // 催一下, 不用修了, 还是不亮, a new fault: read as before
	}
	r, note, ok := noteAnswered(t, norm)
	if !ok {
		return "", false
	}
	if urged {
		// 能不能快点，学生要用: 催 of the job he wrote about, her words
		// with it, whichever other repairs of hers are open.
		return action(verbNudge, r.ID), true
	}
	if ask && statusAskedRE.MatchString(norm) && !sharesWords(norm, note) {
		return "", false // 师傅什么时候来修灯: the status, with his word, answers it
	}
	if ask && progressAskedRE.MatchString(norm) && !whenAskedRE.MatchString(norm) {
		return "", false // 到底修了没有: the status, with his word, answers it
	}
	if ask {
		// 302的窗户能不能也帮忙看一下: another place or thing is a report
		// of its own, not a word to this job's worker.
		locs, err := t.Tx.Locations(t.Ctx, t.School.ID)
		if err != nil {
			return "", false
		}
		if understand(text, locs, sender(t, locs)).Intent == IntentReport {
			return "", false
		}
		if g := GuessRepair(text, locs); g.LocationID != 0 && g.LocationID != r.LocationID || g.Item != "" && r.Item != "" && !matches(r, g) {
			return "", false
		}
	}
	if ack {
		t.Say(fmt.Sprintf("好的。%s 有新进展我会告诉你，修好后会请你验收。", r.Ref))
		return "", true
	}
	return action(verbTell, r.ID), true
}

// asksWorkerBack reports whether a reporter's 留言 asks the worker something
// he should answer: 明天下午几点来？
func asksWorkerBack(note string) bool {
	norm := strings.ToLower(parse.Normalize(note))
	return asksAnywhereRE.MatchString(norm) || whenAskedRE.MatchString(norm) || tipAsked(norm)
}

// tipAsked reports whether norm, a reporter's normalized words, asks about
// doing what an urgent report's safety tip said (总阀在哪啊我找不着).
func tipAsked(norm string) bool {
	return tipAskedRE.MatchString(norm) || tipAskedBareRE.MatchString(norm)
}
