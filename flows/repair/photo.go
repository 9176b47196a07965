package repair

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/houqin/houqin/flows"
)

// Photos of a repair: the reporter's (Repair.Photo, taken at any step of the
// report) and the worker's of the finished work (Repair.DonePhoto). The
// worker's is taken with 完成 (「[图片] 完成 1」), or while 完成 asks the
// cause (「完成 1」 then the photo), and, where the school's rule
// ask_done_photo is on, asked for once the cause is known; 「跳过」 (typed
// or its button) finishes without one. Both are chat references: bot/media
// fetches and keeps the image behind them.

// skipButtons offer 跳过 where a photo is asked for; typed 「跳过」 or 「1」
// works the same.
var skipButtons = []flows.Button{{Label: "跳过", Data: "跳过"}}

// donePhotoAsk is the request for the photo of the finished work.
const donePhotoAsk = "请拍一张修好后的照片发给我；没有条件拍照请回复「跳过」。"

// finishOrAskPhoto completes r with cause and note, or, when the school asks
// for a completion photo and none came yet, asks for it first.
func finishOrAskPhoto(t *flows.Turn, r Repair, a followUpData, cause Cause, note string) error {
	if a.Photo != "" || !t.School.Settings.AskDonePhoto {
		return finishThen(t, r, a, cause, note, a.Photo)
	}
	a.Choice, a.Note = string(cause), note
	t.Say(donePhotoAsk, skipButtons...)
	return t.Goto(string(stateDonePhoto), a)
}

// answerDonePhoto takes the photo of the finished work, or 跳过.
func answerDonePhoto(t *flows.Turn, r Repair, a followUpData) error {
	if img := t.Image(); img != "" {
		return finishThen(t, r, a, Cause(a.Choice), a.Note, img)
	}
	if skipped(t) {
		return finishThen(t, r, a, Cause(a.Choice), a.Note, "")
	}
	if _, ok := t.Pick(skipButtons); ok {
		return finishThen(t, r, a, Cause(a.Choice), a.Note, "")
	}
	t.Say("还没有收到照片。"+donePhotoAsk, skipButtons...)
	return nil
}

// NoticePhoto says which photo of a repair belongs with a notification of
// kind, for channels that can send an image with the text: the report's
// photo with a worker's job ("report"), none otherwise ("").
func NoticePhoto(kind string) string {
	if kind == NoticeAssigned {
		return "report"
	}
	return ""
}

// finishThen records r done (finishDone) and then asks about the next job
// the same message told done (a.Next), if any is still the worker's to
// finish.
func finishThen(t *flows.Turn, r Repair, a followUpData, cause Cause, note, photo string) error {
	if err := finishDone(t, r, cause, note, photo, a.Fix); err != nil {
		return err
	}
	return askNextDone(t, a, cause, note)
}

// askNextDone asks the cause of the next job the same message told done
// (a.Next) that is still the worker's to finish, or records each with
// cause and note when the cause was given for all (a.Same).
func askNextDone(t *flows.Turn, a followUpData, cause Cause, note string) error {
	if a.Next == "" {
		return nil
	}
	next, err := chosenJobs(t, a.Next)
	if err != nil {
		return err
	}
	for i, n := range next {
		if mayAct(t, n, verbDone) != "" {
			continue
		}
		if notDamageJob(n) {
			// 桌子也搬过去两张了: done, with no cause to ask (notdamage.go).
			if err := finishDone(t, n, "", "", "", a.Fixes[strconv.FormatInt(n.ID, 10)]); err != nil {
				return err
			}
			continue
		}
		if a.Same {
			// 都是自然的: this one's cause was given with the first's.
			if err := finishDone(t, n, cause, note, "", a.Fixes[strconv.FormatInt(n.ID, 10)]); err != nil {
				return err
			}
			continue
		}
		var rest []string
		for _, m := range next[i+1:] {
			rest = append(rest, strconv.FormatInt(m.ID, 10))
		}
		t.Say(fmt.Sprintf("你刚才还说到 %s（%s %s）也修好了，请选择它的损坏原因：\n%s", n.Ref, n.Place(), jobWords(n, 20), flows.Numbered(causeButtons)), causeButtons...)
		return ask(t, stateDoneCause, followUpData{ID: n.ID, Next: strings.Join(rest, ","), Fix: a.Fixes[strconv.FormatInt(n.ID, 10)], Fixes: a.Fixes})
	}
	return nil
}

// A worker's photo sent alone, then his words (WeChat delivers a photo
// and the words typed with it as two messages): the thirteenth user
// test's 「[图片]」 then 「完成 5 加了斜撑 稳当了」 lost the photo, which had
// begun a report asking where. The photo alone still begins a report
// (workers report faults too), but the question says how to send it as a
// job's finished photo, and words that tell one of his jobs done
// (完成 5 …, 5号好了, 好了 是合页松了) take the photo with them.

// photoOnly reports whether the draft holds a photo and nothing else yet.
func (d *repairDraft) photoOnly() bool {
	return d.Photo != "" && d.Desc == "" && d.Item == "" && !d.located() && len(d.Items) == 0 && d.Misses == 0
}

// heldPhotoKey keys, in a turn's context, the photo sent alone before
// the words the turn reads (wordsAfterPhoto).
type heldPhotoKey struct{}

// photoBeforeWords is the photo a worker sent alone just before the
// words that tell his job done: the report the photo alone began, still
// holding nothing else and asking where (「[图片]」 then 「完成 5」, read by
// the Actor first), or the one wordsAfterPhoto gave up for his words.
func photoBeforeWords(t *flows.Turn) string {
	if p, ok := t.Ctx.Value(heldPhotoKey{}).(string); ok {
		return p
	}
	if t.Flow() != (RepairFlow{}).Name() || state(t.State()) != stateLocation {
		return ""
	}
	var d repairDraft
	if t.Load(&d) != nil || !d.photoOnly() {
		return ""
	}
	return d.Photo
}

// wordsAfterPhoto reads a worker's words after his photo alone as they
// would be read with no report begun: one of his jobs told done (5号好了
// 加了斜撑, 好了 是合页松了, 水池通了) is finished with the photo as its
// finished photo; anything else is left to the report, which goes on.
func (f RepairFlow) wordsAfterPhoto(t *flows.Turn, d *repairDraft) (bool, error) {
	flow, st, ctx := t.Flow(), t.State(), t.Ctx
	t.Done()
	t.Ctx = context.WithValue(ctx, heldPhotoKey{}, d.Photo)
	if data, ok := typed(t, t.Text); ok && data != "" {
		return true, f.Act(t, data)
	}
	if rd := understand(t.Text, nil, Sender{StaffID: t.Staff.ID, Roles: t.Staff.Roles}); rd.Intent == IntentDone {
		return true, answerWorkerDone(t, rd)
	}
	t.Ctx = ctx
	return false, t.Begin(flow, st, d)
}

// finishedPhotoLead is the question after a worker's photo alone while
// jobs of his wait to be finished: is it one's finished photo (完成 with
// the numbers he was shown), or a new fault; "" for anyone else.
func finishedPhotoLead(t *flows.Turn) (string, error) {
	if !t.Staff.Has(flows.RoleWorker) {
		return "", nil
	}
	rs, err := db(t).RepairsOf(t.Ctx, t.Staff.ID, t.Now, 20)
	if err != nil {
		return "", err
	}
	var jobs []string
	for _, r := range rs {
		if r.WorkerID == t.Staff.ID && mayAct(t, r, verbDone) == "" && len(jobs) < 3 {
			jobs = append(jobs, fmt.Sprintf("「完成 %d」（%s %s）", Num(r), r.Place(), jobWords(r, 12)))
		}
	}
	if len(jobs) == 0 {
		return "", nil
	}
	return "照片收到了。如果是修好后的照片，请回复" + strings.Join(jobs, "或") + "，可以接着写修了什么；如果是要报修，请说一下在哪里、什么坏了。", nil
}
