package repair

import (
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
		return finishDone(t, r, cause, note, a.Photo, a.Fix)
	}
	a.Choice, a.Note = string(cause), note
	t.Say(donePhotoAsk, skipButtons...)
	return t.Goto(string(stateDonePhoto), a)
}

// answerDonePhoto takes the photo of the finished work, or 跳过.
func answerDonePhoto(t *flows.Turn, r Repair, a followUpData) error {
	if img := t.Image(); img != "" {
		return finishDone(t, r, Cause(a.Choice), a.Note, img, a.Fix)
	}
	if skipped(t) {
		return finishDone(t, r, Cause(a.Choice), a.Note, "", a.Fix)
	}
	if _, ok := t.Pick(skipButtons); ok {
		return finishDone(t, r, Cause(a.Choice), a.Note, "", a.Fix)
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
