package inspection

import (
	"fmt"
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// A rectification's progress told by whoever is to rectify it, before it
// is done: user test 18's 总务主任, just sent a 【隐患整改】, replied
// 「消防通道那个 我让保洁下午清 灭火器已经让人去买了」 and was not understood
// (F62). It is kept on the hazard's trail and acknowledged; the 整改 itself
// still needs its photo.

// progressRE is work arranged or under way: 我让保洁下午清, 已经让人去买了,
// 安排人了, 在买, 明天弄, 马上去.
var progressRE = rx.MustCompile(`(?:让|叫|找|派|安排)(?:了)?(?:人|保洁|保安|师傅|阿姨|工人|[^\s，,。]{1,3}(?:师傅|老师|阿姨))|(?:去|在|正在)(?:买|订|采购|联系|弄|处理|清|搬)|(?:下午|明天|明早|今晚|晚上|马上|等会儿?|一会儿?|这就|回头)(?:就)?(?:去|来|清|弄|搬|换|处理|整改|买|装|挂)`)

// doneByRE is the work done by someone the writer asked, not arranged:
// user test 31's 「应急灯让孙师傅换了个新的 已经亮了」 (T34) was kept as
// progress. A verb of the work with 了 right after the one asked (让孙师傅
// 换了, 叫保洁清完了), or the thing working again (已经亮了, 现在好了).
var doneByRE = rx.MustCompile(`(?:让|叫|找|派|安排)了?[^\s，,。]{0,4}?(?:人|保洁|保安|师傅|阿姨|工人|老师)(?:给|帮忙|帮)?(?:换|修|装|清|搬|挂|弄|处理|拆|补|铺|撤|收|挪)(?:好|完)?了|(?:已经|现在|都)(?:亮了|好了|通了|修好了|换好了|正常了|能用了|可以用了|不漏了)`)

// arrangedOnly reports whether s tells work arranged or under way and not
// done (progressRE without doneByRE).
func arrangedOnly(s string) bool { return progressRE.MatchString(s) && !doneByRE.MatchString(s) }

// placeFillerRE are words every place has, which name no hazard: 门口 in
// 图书馆门口地砖 is not 302门口消防通道's.
var placeFillerRE = rx.MustCompile(`门口|旁边|边上|那边|这边|里面|外面|一下|那个|这个|下午|上午|明天|今天`)

// progressTyped reads progress on a hazard waiting for the writer's 整改:
// 「yh:progress:HAZARD」. Words that tell it done, ask or deny are not
// progress. It only reads, as a Claim may.
func progressTyped(t *flows.Turn, text string) (string, bool) {
	s := strings.TrimSpace(text)
	if !arrangedOnly(s) || strings.ContainsAny(s, "吗么？?") || newHazardSaid(s) {
		return "", false
	}
	if ok, _ := saidFixed(strings.TrimRight(s, "。！!~ ")); ok {
		return "", false
	}
	hs, err := hazardsFor(t)
	if err != nil {
		return "", false
	}
	hs = slices.DeleteFunc(hs, func(h Hazard) bool { return mayAct(t, h, VerbFix) != "" })
	if len(hs) == 0 {
		return "", false
	}
	// Only words naming the hazard (its place or thing) are its progress:
	// 图书馆门口地砖 我让王师傅下午去修一下 is about something else, even
	// with one hazard waiting for him.
	h, ok := namedHazard(placeFillerRE.ReplaceAllString(s, " "), hs)
	if !ok {
		return "", false
	}
	return flows.Action{Prefix: ActorPrefix, Verb: string(VerbProgress), ID: h.ID}.String(), true
}

// recordProgress keeps the writer's words on h's trail and tells him what
// closes it.
func recordProgress(t *flows.Turn, h Hazard) error {
	words := flows.Clip(strings.TrimSpace(t.Text), 200)
	if err := db(t).UpdateHazard(t.Ctx, h, HazardEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventProgress, From: h.Status, To: h.Status,
		Note: words}); err != nil {
		return err
	}
	// The 整改完成 button is offered again, so that the photo sent next
	// with words telling it done (user test 31, T35: 「[图片] 好了 你看」)
	// answers it, as right after the 【隐患整改】.
	t.Say(fmt.Sprintf("好的，已记下 %s 的整改进展。整改好后请发一张现场照片，并回复「整改完成 %d」；期限 %s。", h.Ref, Num(h), t.When(h.DueAt)), fixButtons(h)...)
	return nil
}
