package repair

import (
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
	if err := finishDone(t, r, cause, note, photo, a.Fix); err != nil || a.Next == "" {
		return err
	}
	next, err := chosenJobs(t, a.Next)
	if err != nil {
		return err
	}
	for i, n := range next {
		if mayAct(t, n, verbDone) != "" {
			continue
		}
		var rest []string
		for _, m := range next[i+1:] {
			rest = append(rest, strconv.FormatInt(m.ID, 10))
		}
		t.Say(fmt.Sprintf("你刚才还说到 %s（%s %s）也修好了，请选择它的损坏原因：\n%s", n.Ref, n.LocationName, flows.Clip(n.Description, 20), flows.Numbered(causeButtons)), causeButtons...)
		return ask(t, stateDoneCause, followUpData{ID: n.ID, Next: strings.Join(rest, ",")})
	}
	return nil
}
