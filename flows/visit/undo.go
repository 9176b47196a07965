package visit

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A guard may take back a check-out recorded by mistake (the thirteenth
// user test's guard answered 「1」 to the wrong list and checked out 黄建国,
// whose party of three was still installing cameras; 「撤销」 and 「黄建国
// 没走 是我点错了」 were not understood, and 「在校访客」 then showed no one
// inside). Within UndoLeaveWindow of the check-out, the visit is as it was
// before it: an admitted visitor is inside again (left → admitted, which
// migration 00046 allows), and the departure recorded of a visitor kept at
// the gate or refused is cleared (its status never changed). The audit
// trail keeps both the check-out and its undoing (EventLeftUndone). A
// visitor who left while still waiting is not brought back: the host was
// told they went, so they register again. Past the window, the guard
// registers the visitor again too: the gate's record of who was inside
// when should not be rewritten long after.

// UndoLeaveWindow is how long after a check-out the guard may take it back.
const UndoLeaveWindow = 30 * time.Minute

// undoWordRE takes back a check-out in words: 撤销, 撤回, 撤销离校, 撤销刚才的
// 离校登记. Said alone (with 刚才, 一下), it means the latest check-out.
var undoWordRE = rx.MustCompile(`^(?:请|麻烦)?(?:帮我)?(?:(?:撤销|撤回)(?:一下)?(?:刚才|刚刚)?(?:的|那个)?(?:离校|签离)?|取消(?:一下)?(?:刚才|刚刚)?(?:的|那个)?(?:离校|签离))(?:登记)?(?:吧|了)?$`)

// undoMistakeRE is the guard saying the check-out was a mistake: 是我点错了,
// 离校登记错了, 搞错了; undoStillInRE that the visitor is still inside:
// 黄建国没走, 2号还在里头, 他们还在装监控.
var (
	undoMistakeRE   = rx.MustCompile(`[点按选登记搞弄]错了?|误[点按]|不小心[点按]|手滑|撤销|撤回|改回`)
	undoStillInRE   = rx.MustCompile(`没走|没有走|还没走|没离开|没有离开|还在`)
	undoLeaveWordRE = rx.MustCompile(`走|离校|离开|签离|撤销|撤回|改回|[点按]错`)
	undoAskRE       = rx.MustCompile(`[吗么？?]|没走的?人|还有谁`)
	// undoThenOutRE is who left instead, said with the mistake: 走的是陈刚,
	// 是陈刚走了.
	undoThenOutRE = rx.MustCompile(`走的是\s*(\S+?)(?:\s|$)|是\s*(\S{2,4}?)走了`)
	undoNumberRE  = rx.MustCompile(`(?:第\s*)?(\d{1,3})\s*号`)
)

// undoLeaveSaid reads a guard's words taking back a check-out: the action
// for the visit they mean, ("", true) when answered here (nothing to take
// back), or ("", false) when the words say no such thing.
func undoLeaveSaid(t *flows.Turn, text string) (string, bool) {
	if !t.Staff.Has(flows.RoleGuard, flows.RoleHead) {
		return "", false
	}
	s := strings.TrimRight(parse.Normalize(strings.TrimSpace(text)), "。.!！")
	// 撤销 alone is the gate's only from a guard: the 总务主任 saying it
	// may mean anything else of theirs.
	bare := undoWordRE.MatchString(s) && t.Staff.Has(flows.RoleGuard)
	mistake, stillIn := undoMistakeRE.MatchString(s), undoStillInRE.MatchString(s)
	if !bare && !mistake && !stillIn || undoAskRE.MatchString(s) || utf8.RuneCountInString(s) > 40 {
		return "", false
	}
	vs, err := candidates(t)
	if err != nil {
		return "", false
	}
	var recent []Visit // checked out within the window, the latest first
	for _, v := range vs {
		if !v.LeftAt.IsZero() && !v.LeftAt.After(t.Now) && t.Now.Sub(v.LeftAt) <= UndoLeaveWindow {
			recent = append(recent, v)
		}
	}
	slices.SortStableFunc(recent, func(a, b Visit) int { return b.LeftAt.Compare(a.LeftAt) })
	// The visitor named, by number or by name: the first said of those
	// who left, when words after 走的是 name the one who did leave.
	said := s
	if m := undoThenOutRE.FindStringIndex(s); m != nil {
		said = s[:m[0]]
	}
	var named []Visit
	nums := undoNumberRE.FindAllStringSubmatch(said, -1)
	for _, v := range vs {
		hit := utf8.RuneCountInString(v.Name) >= 2 && strings.Contains(said, v.Name)
		for _, n := range nums {
			if k, _ := strconv.Atoi(n[1]); k == Num(v) {
				hit = true
			}
		}
		if hit {
			named = append(named, v)
		}
	}
	if len(named) > 0 {
		// 李四的手机记错了 is a mistake, but not of a check-out: one named
		// is taken back only with words of leaving or of being inside.
		if !stillIn && !(mistake && undoLeaveWordRE.MatchString(s)) {
			return "", false
		}
		for _, v := range named {
			if slices.ContainsFunc(recent, func(r Visit) bool { return r.ID == v.ID }) {
				return action(verbBack, v.ID), true
			}
		}
		if v := named[0]; !v.LeftAt.IsZero() {
			return action(verbBack, v.ID), true // mayUndoLeave says why not
		}
		if !bare {
			return "", false // 黄建国还在 of a visitor inside: not a check-out's undoing
		}
	}
	// No visitor named: only 撤销 (or 撤销离校) itself means the latest
	// check-out; 搞错了 alone may be of anything.
	if !bare {
		return "", false
	}
	if len(recent) == 0 {
		t.Say(fmt.Sprintf("最近 %d 分钟内没有登记过访客离校，没有可以撤销的离校登记。", int(UndoLeaveWindow.Minutes())))
		return "", true
	}
	return action(verbBack, recent[0].ID), true
}

// mayUndoLeave is why t.Staff may not take back v's check-out now, or "".
func mayUndoLeave(t *flows.Turn, v Visit) string {
	switch {
	case !t.Staff.Has(flows.RoleGuard, flows.RoleHead):
		return "访客离校由门卫登记，也由门卫撤销。"
	case v.LeftAt.IsZero():
		return fmt.Sprintf("第 %d 号访客%s没有登记过离校（%s），不用撤销。", Num(v), v.Name, v.Status.Label())
	case v.Status == VisitLeft && v.DecidedAt.IsZero():
		return fmt.Sprintf("第 %d 号访客%s是没等到确认就离开的，已经告诉了被访人%s，不能撤销。如访客还在，请重新登记。", Num(v), v.Name, v.HostName)
	case t.Now.Sub(v.LeftAt) > UndoLeaveWindow:
		return fmt.Sprintf("第 %d 号访客%s的离校是%s 登记的，已超过 %d 分钟，不能撤销了。如访客还在校内，请重新登记。",
			Num(v), v.Name, t.When(v.LeftAt), int(UndoLeaveWindow.Minutes()))
	}
	return ""
}

// undoLeave takes back v's check-out (mayUndoLeave said it may), and
// checks out the visitor the guard said left instead (走的是陈刚).
func undoLeave(t *flows.Turn, v Visit) error {
	left := v.LeftAt
	note := fmt.Sprintf("门卫%s撤销了%s登记的离校（登记有误），恢复为在校", t.Staff.Name, t.When(left))
	if v.Status.NotEntered() {
		note = fmt.Sprintf("门卫%s撤销了%s登记的离开（登记有误）", t.Staff.Name, t.When(left))
	} else {
		v.Status = VisitAdmitted
	}
	v.LeftAt = time.Time{}
	if err := db(t).UpdateVisit(t.Ctx, v, VisitEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventLeftUndone, Note: note}); err != nil {
		return err
	}
	if v.Status.NotEntered() {
		t.Say(fmt.Sprintf("已撤销第 %d 号访客%s的离开登记（%s），访客仍%s。", Num(v), v.Name, t.When(left), v.Status.Label()))
	} else {
		in := v.DecidedAt
		if in.IsZero() {
			in = v.ArrivedAt
		}
		party := ""
		if v.Party > 1 {
			party = fmt.Sprintf("（共 %d 人）", v.Party)
		}
		t.Say(fmt.Sprintf("已撤销第 %d 号访客%s%s的离校登记（%s），恢复为在校，入校时间仍是%s。访客离开时请回复「离校 %d」。",
			Num(v), v.Name, party, t.When(left), t.When(in), Num(v)))
	}
	return undoThenOut(t, v)
}

// undoThenOut checks out the visitor the guard said left instead of v
// (搞错了 黄建国还在 走的是陈刚): the one visitor inside with that name or
// number.
func undoThenOut(t *flows.Turn, v Visit) error {
	m := undoThenOutRE.FindStringSubmatch(parse.Normalize(t.Text))
	if m == nil {
		return nil
	}
	who := m[1] + m[2]
	vs, err := candidates(t)
	if err != nil {
		return err
	}
	var hit, gone []Visit
	for _, x := range vs {
		if x.ID == v.ID {
			continue
		}
		if n := undoNumberRE.FindStringSubmatch(who); n != nil && n[1] == strconv.Itoa(Num(x)) ||
			utf8.RuneCountInString(x.Name) >= 2 && strings.Contains(who, x.Name) {
			if mayCheckOut(t, x) == "" {
				hit = append(hit, x)
			} else {
				gone = append(gone, x)
			}
		}
	}
	if len(hit) == 0 && len(gone) > 0 {
		t.Say(mayCheckOut(t, gone[0])) // 第 1 号访客陈刚已离校。 (candidates are newest first)
		return nil
	}
	if len(hit) != 1 {
		t.Say("离开的是哪一位访客？请发送「在校访客」，按名单里的编号登记离校。")
		return nil
	}
	return checkOut(t, hit[0])
}
