package visit

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
	"github.com/houqin/houqin/internal/rx"
)

// A leader's instruction after a watch-list alert. The guard is told to
// keep the visitor outside and wait for the school leaders' word; the
// fourteenth user test's 刘副校长 gave it in houqin, 「刘强坚决不让进 我已经打
// 110了 让老郑把大门关好盯着点」, and was not understood. A leader's sentence
// that reads as an instruction about the gate, within instructWindow of
// the school's latest watch alert, is that instruction: passed whole to
// the guard who raised the alert, told to the other leaders who got it,
// and recorded on the alert and, once registered, on the visit. A refusal
// or a let-in of a visitor still waiting is also that decision.

// instructWindow is how long after a watch alert a leader's words about
// the gate are taken as the instruction it asked for.
const instructWindow = time.Hour

// instructRefuseRE is a leader keeping the visitor out: 坚决不让进, 别放他进来,
// 不准进校, 拦住, 劝离, 让他走.
var instructRefuseRE = rx.MustCompile(`(?:不让|别让|不准|不许|不要让|不能让|不要放|别放|不放|不得)(他|她|他们|她们|此人|这人|那人|这个人|那个人|\p{Han}{2,3})?(?:进来|进校|进门|入校|进)|拦住|拦下|劝离|劝走|请(?:他|她)离开|让(?:他|她)走|赶走|打发走`)

// instructAdmitRE is a leader letting the visitor in: 让他进来, 放行, 可以进.
var instructAdmitRE = rx.MustCompile(`(?:让|放|请)(他|她|他们|她们|此人|这人|\p{Han}{2,3})?(?:进来|进校|入校|进)|放行|可以进`)

// instructGateRE is the gate and what is done there, which makes a
// leader's words about someone (别让他进) an instruction to the guard: 大门,
// 门卫, 报警, 110, 盯着.
var instructGateRE = rx.MustCompile(`大门|校门|门卫|门岗|保安|门口|报警|110|派出所|警察|盯着|盯紧|看住|看好|关好|关上|锁好`)

// instructWhoOK is whom a refusal or a let-in may name for it to be
// about the visitor: nobody (不让进), a pronoun, or the visitor's name;
// not 学生 or 孩子 (别让学生进去 is about something else).
func instructWhoOK(who string, names []string) bool {
	switch who {
	case "", "他", "她", "他们", "她们", "此人", "这人", "那人", "这个人", "那个人":
		return true
	}
	for _, n := range names {
		if n != "" && strings.Contains(n, who) {
			return true
		}
	}
	return false
}

// instruction reads text as a leader's instruction about the visitor of
// names: whether it refuses or lets in, and whether it is one at all.
func instruction(text string, names []string, guard string) (refuse, admit, ok bool) {
	gate := instructGateRE.MatchString(text) || guard != "" && strings.Contains(text, guard)
	for _, n := range names {
		gate = gate || n != "" && strings.Contains(text, n)
	}
	if m := instructRefuseRE.FindStringSubmatch(text); m != nil && (gate || instructWhoOK(m[1], names)) {
		return true, false, true
	}
	if m := instructAdmitRE.FindStringSubmatch(text); m != nil && (gate || instructWhoOK(m[1], names)) {
		return false, true, true
	}
	return false, false, gate && len(names) > 0 && containsName(text, names)
}

func containsName(text string, names []string) bool {
	for _, n := range names {
		if n != "" && strings.Contains(text, n) {
			return true
		}
	}
	return false
}

// leaderInstructs answers a school leader's words after a watch alert; it
// reports whether they were taken as the instruction.
func leaderInstructs(t *flows.Turn, text string) (bool, error) {
	if !isLeader(t.Staff) || !t.Idle() {
		return false, nil
	}
	norm := strings.TrimSpace(parse.Normalize(text))
	if !instructRefuseRE.MatchString(norm) && !instructAdmitRE.MatchString(norm) && !instructGateRE.MatchString(norm) {
		return false, nil // no word of the gate: no reading
	}
	a, err := db(t).LatestWatchAlert(t.Ctx, t.School.ID, t.Now.Add(-instructWindow))
	if errors.Is(err, flows.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	// A leader with a visitor of their own waiting for their answer
	// answers that card with 让他进来吧, not the alert.
	vs, err := candidates(t)
	if err != nil {
		return false, err
	}
	for _, x := range vs {
		if x.HostID == t.Staff.ID && x.Status == VisitWaiting && x.ID != a.VisitID {
			return false, nil
		}
	}
	guard, err := t.Tx.StaffByID(t.Ctx, a.GuardID)
	if err != nil {
		return false, err
	}
	var v Visit
	var names []string
	if a.VisitID != 0 {
		if v, err = db(t).Visit(t.Ctx, a.VisitID); err != nil {
			return false, err
		}
		names = append(names, v.Name)
	}
	guardCall := strings.TrimPrefix(guard.Name, "老") // 老郑 is also 郑师傅: the surname names him
	refuse, admit, ok := instruction(norm, names, guardCall)
	if !ok {
		return false, nil
	}
	if settled := a.SaidBy != 0 || v.ID != 0 && v.Status != VisitWaiting; settled &&
		!containsName(norm, names) && !strings.Contains(norm, guardCall) {
		// Once the alert has had its instruction, or its visitor a
		// decision, a bare 让他进来吧 is about someone else: only words
		// naming the visitor or the guard are more about this one.
		return false, nil
	}
	words := strings.Join(strings.Fields(norm), "，")
	who := flows.RoleLabels(t.Staff.Roles) + t.Staff.Name
	about := "刚才关注名单提醒的来访人员"
	if v.ID != 0 {
		about = fmt.Sprintf("第 %d 号访客%s（关注名单）", Num(v), v.Name)
	}
	// Words a host's answer reads whole (这人别让他进来 叫他去派出所) reach
	// the guard with the decision; others (刘强坚决不让进 我已经打110了 …)
	// come after it, whole.
	_, readable := readHostReply(text)
	decided := v.ID != 0 && v.Status == VisitWaiting && (refuse || admit)
	if decided {
		// The decision itself, as a leader's 拒绝 or 同意 would make it:
		// the guard, the host and the leader are told as for those.
		if err := decideVisit(t, v, admit); err != nil {
			return false, err
		}
	}
	n := flows.Notification{ToStaff: guard.ID, Kind: NoticeWatch, Ref: flows.Ref(refAlert, a.ID),
		Text: fmt.Sprintf("【领导指示】%s就%s说：\n「%s」\n请照此办理。", who, about, words)}
	if v.ID != 0 {
		n.Kind, n.Ref = NoticeDecided, Ref(v.ID)
	}
	if !decided || !readable {
		if err := t.Notify(n); err != nil {
			return false, err
		}
	}
	told := map[int64]bool{t.Staff.ID: true, guard.ID: true}
	if _, err := t.NotifyRolesExcept([]flows.Role{flows.RoleHead, flows.RoleLeader}, told, flows.Notification{Kind: n.Kind, Ref: n.Ref,
		Text: fmt.Sprintf("【关注名单】%s已就%s给门卫%s指示：「%s」", who, about, guard.Name, words)}); err != nil {
		return false, err
	}
	a.SaidBy, a.SaidAt = t.Staff.ID, t.Now
	if err := db(t).UpdateWatchAlert(t.Ctx, a); err != nil {
		return false, err
	}
	if v.ID != 0 {
		what := "指示门卫"
		switch {
		case refuse:
			what = "指示门卫：不让进"
		case admit:
			what = "指示门卫：可以入校"
		}
		if err := db(t).AddVisitEvent(t.Ctx, VisitEvent{VisitID: v.ID, At: t.Now, ActorID: t.Staff.ID, Kind: EventInstructed,
			Note: who + "就关注名单提醒" + what}); err != nil {
			return false, err
		}
	}
	if !decided || !readable {
		t.Say(fmt.Sprintf("已把你的指示转告门卫%s：「%s」。收到提醒的其他领导也会看到。", guard.Name, words))
	}
	return true, nil
}
