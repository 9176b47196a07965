package inspection

import (
	"fmt"
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// instructRE is an instruction on a hazard: what to do and when (先拉警戒线,
// 今天找人焊好, 马上处理), or whom to keep away (别让学生碰). User test 16's
// 分管领导, alerted to the loose 单杠, said 「单杠那个，先拉警戒线别让学生碰，
// 陈主任今天找人焊好」 and was not understood; user test 15's principal
// said 「…刘校你盯紧点」: keeping an eye on it (盯紧, 看紧, 督促) is one too.
var instructRE = rx.MustCompile(`(?:先|赶紧|赶快|马上|立即|立刻|尽快|抓紧|今天|今晚|明天)[^，,。！!]{0,12}?(?:拉|围|挡|封|找|叫|安排|处理|修|焊|弄|整改|通知|挪|清|搬|关)|(?:别|不要|不准|禁止)让?(?:学生|孩子|娃娃|人)|盯(?:紧|着|住|好|一下)|看紧|跟紧|督促`)

// pointsBackRE is words pointing back at something already told (单杠那个,
// 这个隐患, 3号): an instruction on a hazard the leader was alerted to, not
// a new report (302灯不亮 今天找人修一下 is the repair flow's); 篮球场围墙
// 的事收到 (user test 15's principal) too.
var pointsBackRE = rx.MustCompile(`那个|这个|隐患|的事|\d+\s*号|(?i:YH-)`)

// namedStaffRE is a staff member named by surname and title: 陈主任, 周师傅,
// and a leader by surname and 校 (刘校, leaderNamed).
var namedStaffRE = rx.MustCompile(`\p{Han}(?:主任|师傅|老师|校长|校)`)

// relayTyped reads an instruction (instructRE) of a school leader about an
// open hazard the words name as 「yh:relay:HAZARD」; the words are passed on
// by relay.
func relayTyped(t *flows.Turn, text string) (string, bool) {
	if !t.Staff.Has(flows.RoleLeader, flows.RolePrincipal) || !instructRE.MatchString(text) || !pointsBackRE.MatchString(text) {
		return "", false
	}
	hs, err := db(t).OpenHazards(t.Ctx, t.School.ID)
	if err != nil {
		return "", false
	}
	hs = slices.DeleteFunc(hs, func(h Hazard) bool { return h.Status != HazardOpen })
	// The hazard is named before the instruction (单杠那个，…): the
	// instruction's own words (别让学生碰) may share a word with another
	// hazard (操场积水 学生跑操容易滑倒), which tied them in the re-run of
	// user test 16 (rr16 F41), and nothing was relayed.
	h, ok := Hazard{}, false
	if i := instructRE.FindStringIndex(text); i != nil && i[0] > 0 {
		h, ok = namedHazard(text[:i[0]], hs)
	}
	if !ok {
		h, ok = namedHazard(text, hs)
	}
	if !ok {
		return "", false
	}
	return flows.Action{Prefix: ActorPrefix, Verb: string(VerbRelay), ID: h.ID}.String(), true
}

// relay passes a leader's instruction on h to whoever rectifies it (its
// linked repair's worker now, and its responsible person) and to the
// people the words name (陈主任), keeps it on the hazard's trail and tells
// the leader whom it reached.
func relay(t *flows.Turn, h Hazard) error {
	words := flows.Clip(strings.TrimSpace(t.Text), 200)
	if t.Msg.Button != "" || words == "" {
		t.Say(flows.ExpiredButton)
		return nil
	}
	held, err := withHolder(t, h)
	if err != nil {
		return err
	}
	ids := []int64{held.ResponsibleID, h.ResponsibleID}
	for _, who := range namedStaffRE.FindAllString(words, -1) {
		if s, ok := staffNamed(t, who); ok {
			ids = append(ids, s.ID)
		} else if s, ok := leaderNamed(t, who); ok {
			ids = append(ids, s.ID)
		}
	}
	if err := db(t).UpdateHazard(t.Ctx, h, HazardEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventRelayed, From: h.Status, To: h.Status,
		Note: t.Staff.Name + "要求：" + words}); err != nil {
		return err
	}
	told := map[int64]bool{t.Staff.ID: true}
	var names []string
	for _, id := range ids {
		if id == 0 || told[id] {
			continue
		}
		told[id] = true
		s, err := t.Tx.StaffByID(t.Ctx, id)
		if err != nil {
			return err
		}
		text := fmt.Sprintf("【领导要求】%s关于 %s：\n「%s」", t.Staff.Name, h.Title(), words)
		if id == held.ResponsibleID || id == h.ResponsibleID {
			text += fmt.Sprintf("\n整改期限 %s 前。", t.When(h.DueAt))
		}
		if err := t.Notify(flows.Notification{ToStaff: id, Kind: KindUpdate, Ref: hazardRef(h.ID), Text: text}); err != nil {
			return err
		}
		names = append(names, s.Name)
	}
	if len(names) == 0 {
		t.Say(fmt.Sprintf("好的，你的要求已记在 %s 上。", h.Ref))
		return nil
	}
	t.Say(fmt.Sprintf("好的，已把你的要求转告%s（%s）。", strings.Join(names, "、"), h.Title()))
	return nil
}

// leaderNamed is the one school leader whose surname who says with 校 or
// 校长: 「刘校你盯紧点」 (user test 15) names 刘副校长. Words that only end
// in 校 (学校, 全校) name no leader of that surname and name no one.
func leaderNamed(t *flows.Turn, who string) (flows.Staff, bool) {
	sur, ok := strings.CutSuffix(who, "校长")
	if !ok {
		sur, ok = strings.CutSuffix(who, "校")
	}
	if !ok || sur == "" {
		return flows.Staff{}, false
	}
	ss, err := t.Tx.FindStaff(t.Ctx, t.School.ID, sur)
	if err != nil {
		return flows.Staff{}, false
	}
	var hit []flows.Staff
	for _, s := range ss {
		if s.Active && strings.HasPrefix(s.Name, sur) && s.Has(flows.RoleLeader, flows.RolePrincipal) {
			hit = append(hit, s)
		}
	}
	if len(hit) != 1 {
		return flows.Staff{}, false
	}
	return hit[0], true
}
