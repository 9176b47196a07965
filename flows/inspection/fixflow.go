package inspection

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// FixFlow is the wait for a rectification's photo after 整改完成 N (or a
// 整改 told in words): a conversation of its own, so that 取消 there says
// what it leaves behind (Cancelled: the hazard still open), the tenth
// user test having read 「已取消「发现隐患」」 as the hazard deleted.
// It has no trigger and is not in the menu; the hazard's Actor begins it.
//
// The photo is the rectification's evidence for the re-check, so it is
// not skipped as a finding's may be (「无照片」): someone who cannot take
// one now (手机没电了 不拍了, 那先不弄了 等会拍了再说) is told the hazard stays
// open and how to report it with the photo later, and the wait ends.
type FixFlow struct{}

const fixFlowName = "hazard.fix"

// Name implements Flow.
func (FixFlow) Name() string { return fixFlowName }

// Title implements Flow.
func (FixFlow) Title() string { return "整改登记" }

// Triggers implements Flow: none (HazardFlow's Actor begins it).
func (FixFlow) Triggers() []string { return nil }

// Allowed implements Flow: false, so that nobody starts it by its title
// (「整改登记怎么弄」 is not a how-to of a flow with no trigger to tell) and
// it is in no menu. The engine steps a conversation begun by the Actor
// whatever Allowed says; stepFixPhoto checks who may report the fix.
func (FixFlow) Allowed(flows.Staff) bool { return false }

// Start implements Flow; FixFlow is only ever begun by the Actor.
func (FixFlow) Start(t *flows.Turn) error {
	t.Done()
	t.Say("请回复「整改完成 N」并附一张整改后的照片。")
	return nil
}

var _ flows.Canceller = FixFlow{}

// Step implements Flow.
func (FixFlow) Step(t *flows.Turn) error {
	var d hazardData
	if err := t.Load(&d); err != nil {
		return err
	}
	if t.State() != stateFixPhoto || d.ID == 0 {
		t.Done()
		t.Say("刚才的整改登记已失效，请重新回复「整改完成 N」并附照片。")
		return nil
	}
	h, err := db(t).Hazard(t.Ctx, d.ID)
	if err != nil {
		return err
	}
	return stepFixPhoto(t, h)
}

// Cancelled implements flows.Canceller: 取消 while the photo is awaited
// is the report put off, and says so as 「先不弄了」 does (fixLater) — the
// hazard stays open — rather than 「没有保存任何内容」. A hazard closed or
// already reported fixed meanwhile has nothing left to say: the engine's
// words do.
func (FixFlow) Cancelled(t *flows.Turn) (bool, error) {
	var d hazardData
	if err := t.Load(&d); err != nil {
		return false, err
	}
	if t.State() != stateFixPhoto || d.ID == 0 {
		return false, nil
	}
	h, err := db(t).Hazard(t.Ctx, d.ID)
	if err != nil {
		return false, err
	}
	if h.Status != HazardOpen {
		return false, nil
	}
	return true, fixLater(t, h, d.Note)
}

var (
	// notNowRE is the rectification's report put off: 那先不弄了, 等会拍了再说,
	// 先不交了, 回头再拍.
	notNowRE = rx.MustCompile(`先不(?:弄|交|提交|登记|报|拍)|不弄了|(?:等会|等一会|待会|一会儿?|回头|晚点|稍后|明天)(?:儿)?(?:再|拍|补)|再说`)
	// notThisRE is the rectification's words taken back as meant for
	// something else: 不对哦，我说的是阅览室的玻璃，不是围墙 (the sixteenth
	// user test's worker), 搞错了 不是这个, 说的不是这个隐患.
	notThisRE = rx.MustCompile(`^(?:不对|不是|搞错|弄错|说错|错了|我说的不是|说的不是)|我说的是[^，,。]{1,16}[，,\s]*不是`)
	// photoMarkRE is a photo written as text (the demo transcript's
	// 「［照片］」), which is no photo.
	photoMarkRE = rx.MustCompile(`[\[［【](?:照片|图片|相片|photo)[\]］】]`)
)

// noticeFixRE is a rectification done by words, not on site: a notice
// sent (群里发了通知), a meeting or a talk held, a rule made.
var noticeFixRE = rx.MustCompile(`通知|开会|会上|培训|提醒|宣传|教育|谈话|约谈|签字|承诺书|制度|群里|公告`)

// nothingToShootRE is a rectification with nothing on site to photograph:
// 这个没法拍照, 没什么可拍的, 不用拍吧.
var nothingToShootRE = rx.MustCompile(`没法拍|没办法拍|拍不了|不能拍|不好拍|没(?:什么|啥)(?:可|好)?拍|拍(?:不出|不到)(?:什么|啥)?|不用拍|不需要拍|无法拍|拍什么`)

// noSitePhoto reports whether text, with no photo, says the
// rectification it waits for has no site to photograph: 这个没法拍照 就是
// 发了个通知 (user test 30's T36 was put off and the note lost). The
// notice may be in text or in the note already kept (电暖器的事在教师群里
// 发通知了); 手机没电了 拍不了 is the photo put off, not this.
func noSitePhoto(text, note string) bool {
	return nothingToShootRE.MatchString(text) && (noticeFixRE.MatchString(text) || noticeFixRE.MatchString(note)) &&
		!notNowRE.MatchString(text) && !cannotNowRE.MatchString(text)
}

// cannotNowRE is a photo that cannot be taken for now, for a reason of
// the phone or the light, not of the rectification: 手机没电了 拍不了.
var cannotNowRE = rx.MustCompile(`手机|没电|没带|太黑|看不清|拍不清|信号`)

// fixPutOff reports whether text, with no photo, says the photo cannot
// be sent now.
func fixPutOff(text string) bool {
	return notNowRE.MatchString(text) || cannotPhotoRE.MatchString(text) || noPhotoSaidRE.MatchString(text) ||
		flows.IsWord(text, wordsNoPhoto)
}

// fixTakenBack ends the wait for the photo when the words it was asked
// for are taken back (notThisRE): the note is not kept, the hazard stays
// open, and the person is told to say again what they meant for the other
// job (the words were about it, and only they know which).
func fixTakenBack(t *flows.Turn, h Hazard, note string) {
	t.Done()
	if note == "" {
		t.Say(fmt.Sprintf("好的，不是说 %s 的，这次整改登记取消了，%s 仍待整改。", h.Ref, h.Ref))
		return
	}
	if meantVisitRE.MatchString(t.Text) && t.Staff.Has(flows.RoleGuard) {
		// 搞错了 不是整改 是登记来访的 (user test 34's T49): the words were a
		// visitor at the gate, and the guard said so; they are registered
		// now rather than asked for again.
		t.Say(fmt.Sprintf("好的，刚才那句「%s」不记在 %s 上了，%s 仍待整改。下面按来访登记：", flows.Clip(note, 30), h.Ref, h.Ref))
		t.Reread("来访 " + note)
		return
	}
	t.Say(fmt.Sprintf("好的，刚才那句「%s」不记在 %s 上了，%s 仍待整改。如果是说维修单的进度，请再说一遍，带上地点或维修单号就行。", flows.Clip(note, 30), h.Ref, h.Ref))
}

// meantVisitRE is words taking a rectification back as a visitor's
// check-in: 是登记来访的, 是来访登记, 这是访客, 是登记来人的.
var meantVisitRE = rx.MustCompile(`是(?:要)?(?:登记)?(?:来访|访客|来人|来客)|(?:来访|访客)登记`)

// fixLater ends the wait for the photo: the hazard stays open. The note
// told with the rectification is kept on it (FixNote of an open hazard)
// and goes with the photo sent later, so the re-check request carries it
// (user test 30: 陈主任's 「电暖器的事在教师群里发通知了…」 was lost).
func fixLater(t *flows.Turn, h Hazard, note string) error {
	t.Done()
	if note != "" && h.FixNote != note {
		h.FixNote = note
		if err := db(t).UpdateHazard(t.Ctx, h, HazardEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventProgress, From: h.Status, To: h.Status, Note: note}); err != nil {
			return err
		}
	}
	kept := ""
	if note != "" {
		kept = "整改说明已记下，"
	}
	t.Say(fmt.Sprintf("好的，这次整改登记先不提交了，隐患 %s 仍待整改。%s拍好整改后的照片，再回复「整改完成 %d」并附上照片就行。", h.Ref, kept, Num(h)))
	return nil
}

// askFixPhoto says again that the photo is needed, how to send it, and
// that it may come later.
func askFixPhoto(t *flows.Turn, h Hazard) {
	if photoMarkRE.MatchString(strings.TrimSpace(t.Text)) {
		t.Say(fmt.Sprintf("这条消息里没有收到照片（写「［照片］」不算照片）。请直接发送一张整改后的现场照片（从相册选或现场拍）。现在发不了可以回复「先不弄了」，%s 仍待整改，之后再回复「整改完成 %d」并附照片。", h.Ref, Num(h)))
		return
	}
	t.Say(fmt.Sprintf("整改完成需要一张整改后的照片作为凭证：请直接发送照片（从相册选或现场拍）。现在拍不了可以回复「先不弄了」，%s 仍待整改，之后再回复「整改完成 %d」并附照片。", h.Ref, Num(h)))
}
