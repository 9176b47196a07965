package repair

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A leader told that a job waiting for him (修不好·待领导处理) is fixed
// after all (user test 32's T28: 「302投影仪那个 吴老师说其实修好了 是他点错
// 了 不用外修」 was thanked as a compliment; T29: 「都不是 这个已经修好了 直接
// 算完成」 at 「处理 4」's menu was asked for 1 to 3). The job goes back to
// its worker, the 修不好 withdrawn, and he is asked to record it done (完成
// asks him the cause, and the reporter to sign it off, as for any job);
// the other leaders are told they need do nothing.

var (
	// fixedAfterAllRE says a job is fixed after all: 其实修好了, 已经好了,
	// 直接算完成, 本来就没坏.
	fixedAfterAllRE = rx.MustCompile(`(?:其实|已经|早就|本来就|都|也)\s*(?:已经)?(?:修好|弄好|搞好|好)了|(?:直接|就)?(?:算|记)(?:完成|修好了?|已完成)|(?:其实|本来就?)(?:没坏|没问题|是好的)|[^没]修好了.{0,6}点错`)
	// fixedNotRE is no such news: 还没修好, 修好了吗, 等修好了再说.
	fixedNotRE = rx.MustCompile(`没有?(?:修|弄|搞)?好|(?:好|完成)了?(?:吗|没|没有)|[？?]\s*$|等.{0,6}(?:修|弄)好|(?:修|弄)好(?:了)?(?:再|以后|之后)|能不能|是不是|要是|如果`)
)

// fixedAfterAllSaid reports whether text tells a job fixed after all.
func fixedAfterAllSaid(text string) bool {
	norm := parse.Normalize(strings.TrimSpace(text))
	return fixedAfterAllRE.MatchString(norm) && !fixedNotRE.MatchString(norm)
}

// fixedNamedSaid reads a leader's words telling a job that waits for his
// decision fixed after all, the job named by its thing or place: it goes
// back to its worker. False when the words say no such thing or name no
// such job.
func fixedNamedSaid(t *flows.Turn, text string) (bool, error) {
	if !t.Idle() || t.Msg.Button != "" || !t.Staff.Has(flows.RoleLeader, flows.RolePrincipal, flows.RoleHead) || !fixedAfterAllSaid(text) {
		return false, nil
	}
	named, err := waitingNamed(t, strings.ToLower(parse.Normalize(strings.TrimSpace(text))))
	if err != nil || len(named) == 0 {
		return false, err
	}
	if len(named) > 1 {
		t.Say(fmt.Sprintf("等你处理的修不好的报修里，你说的是哪一单？\n%s\n请先回复「处理 %d」这样的编号，再说「已经修好了」。", jobLines(named), Num(named[0])))
		return true, nil
	}
	return true, fixedBack(t, named[0], text)
}

// fixedBack sends r, waiting for a leader on its worker's 修不好, back to
// him to record it done, the 修不好 withdrawn.
func fixedBack(t *flows.Turn, r Repair, words string) error {
	t.Done()
	if r.Status != RepairBlocked || r.WorkerID == 0 {
		t.Say(fmt.Sprintf("%s 目前%s，不用再处理了。", r.Ref, r.Status.Label()))
		return nil
	}
	from, oldDue := r.Status, r.DueAt
	if !r.DueAt.After(t.Now) {
		r.DueAt = RepairDue(t.School.Settings, t.School.Location(), t.Now, r.Tier)
	}
	r.Status = RepairAccepted
	r.BlockedReason, r.Recommendation = "", ""
	r.Decision = fmt.Sprintf("已修好，退回%s记完成（%s）", r.WorkerName, t.Staff.Name)
	if ok, err := move(t, r, EventDecided, r.Decision, from); !ok {
		return err
	}
	if err := tellOthersDecidedExcept(t, r, from, oldDue, map[int64]bool{r.WorkerID: true}); err != nil {
		return err
	}
	if r.WorkerID != t.Staff.ID {
		said := ""
		if w := strings.TrimSpace(words); w != "" && !OnlyFiller(w) {
			said = fmt.Sprintf("（原话：「%s」）", flows.Clip(w, 100))
		}
		if err := t.Notify(flows.Notification{ToStaff: r.WorkerID, Kind: NoticeUpdate, Ref: ref(r),
			Text: fmt.Sprintf("【领导决定】%s（%s %s）：%s说这单已经修好了%s，之前的「修不好」已撤回。请回复「完成 %d」记一下完成，之后会请报修人验收。",
				r.Ref, r.Place(), r.Description, t.Staff.Name, said, Num(r)), Buttons: jobButtons(r)}); err != nil {
			return err
		}
	}
	if err := groupCard(t, r); err != nil {
		return err
	}
	t.Say(fmt.Sprintf("好的，%s（%s「%s」）之前的「修不好」已撤回，已退回%s记完成；他记完成后会请报修人验收。已告知%s和其他领导。",
		r.Ref, r.Place(), flows.ClipWords(firstDescription(r), 20), r.WorkerName, r.WorkerName))
	return nil
}
