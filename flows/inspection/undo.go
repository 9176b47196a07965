package inspection

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// UndoWithin is how long after recording a 整改 its fixer may take it back
// in words, while its re-check has not been done: user test 16's 总务主任
// recorded the 整改 of the wrong hazard and had no way back (「搞错了！不是
// 积水那个 积水还没弄 是单杠那个3号」, 「撤销」).
const UndoWithin = 15 * time.Minute

// undoFixRE is a bare taking back: 撤销, 撤回刚才的整改, 取消整改完成.
var undoFixRE = rx.MustCompile(`^(?:撤销|撤回|取消)(?:刚才|刚刚|上一条|上一个)?的?(?:整改)?(?:完成|登记)?(?:了|吧)?[。！!]*$`)

// mistakeRE is a 整改 said to be recorded by mistake: 搞错了, 不是积水那个,
// 登记错了.
var mistakeRE = rx.MustCompile(`搞错|弄错|登记错|点错|报错|不是这个|不是[^，,。！!\s]{1,8}那个`)

// otherNumRE is the hazard meant instead, by its number: 是单杠那个3号.
var otherNumRE = rx.MustCompile(`(?:是|应该是)[^，,。！!]{0,10}?(\d{1,4})\s*号`)

// undoTyped reads text as a 整改 just recorded taken back (undoFixRE, or
// 搞错了 不是这个: mistakeRE) when the writer recorded one within
// UndoWithin that no one has re-checked since; "" and false otherwise.
func undoTyped(t *flows.Turn, text string) (string, bool) {
	s := strings.TrimSpace(text)
	bare := undoFixRE.MatchString(s)
	if !bare && !mistakeRE.MatchString(s) {
		return "", false
	}
	hs, err := hazardsFor(t)
	if err != nil {
		return "", false
	}
	hs = slices.DeleteFunc(hs, func(h Hazard) bool {
		return h.Status != HazardFixed || h.FixedBy != t.Staff.ID || t.Now.Sub(h.FixedAt) > UndoWithin || t.Now.Before(h.FixedAt)
	})
	if len(hs) == 0 {
		return "", false
	}
	last := slices.MaxFunc(hs, func(a, b Hazard) int { return a.FixedAt.Compare(b.FixedAt) })
	if !bare && sharedWords(s, last.Where()+last.Description) == 0 && !strings.Contains(s, "整改") {
		// 搞错了 of something else (a repair's place): not this 整改.
		return "", false
	}
	return flows.Action{Prefix: ActorPrefix, Verb: string(VerbUndo), ID: last.ID}.String(), true
}

// undoFix takes back h's 整改 recorded by t.Staff: h is open again with
// its deadline, whoever was asked to re-check it is told not to, and,
// when the words name the hazard meant instead (是单杠那个3号, or its thing),
// the 整改 with its photo is recorded there.
func undoFix(t *flows.Turn, h Hazard) error {
	t.Done()
	if h.Status != HazardFixed || h.FixedBy != t.Staff.ID {
		t.Say(fmt.Sprintf("%s 目前%s，没有可以撤销的整改登记。", h.Ref, h.Status.Label()))
		return nil
	}
	photo, note := h.FixPhoto, h.FixNote
	to, err := recheckers(t, h)
	if err != nil {
		return err
	}
	h.Status, h.FixedAt, h.FixedBy, h.FixPhoto, h.FixNote = HazardOpen, time.Time{}, 0, "", ""
	if err := db(t).UpdateHazard(t.Ctx, h, HazardEvent{At: t.Now, ActorID: t.Staff.ID, Kind: EventFixUndone, From: HazardFixed, To: HazardOpen,
		Note: "整改登记有误，已撤销"}); err != nil {
		return err
	}
	for _, s := range to {
		if err := t.Notify(flows.Notification{ToStaff: s.ID, Kind: KindUpdate, Ref: hazardRef(h.ID),
			Text: fmt.Sprintf("【撤销复查】%s刚才登记的 %s整改完成是登记错了，已撤销，%s 仍待整改，不用去复查了。", t.Staff.Name, h.Title(), h.Ref)}); err != nil {
			return err
		}
	}
	msg := fmt.Sprintf("好的，已撤销 %s %s「%s」的整改登记，仍待整改，已告诉%s不用复查了。", h.Ref, h.Where(), flows.Clip(h.Description, 20), staffNames(to))
	other, ok, err := meantInstead(t, h)
	if err != nil || !ok {
		if err == nil {
			t.Say(msg + "如需重新登记，请回复「整改完成 编号」并附照片。")
		}
		return err
	}
	if no := mayAct(t, other, VerbFix); no != "" {
		t.Say(msg + no)
		return nil
	}
	if photo == "" {
		t.Say(fmt.Sprintf("%s%s 的整改请回复「整改完成 %d」并附照片。", msg, other.Ref, Num(other)))
		return nil
	}
	t.Say(msg)
	return recordFix(t, other, photo, note)
}

// meantInstead is the one open hazard, other than h, that the message
// names: by its number (3号), or by its place and thing (单杠那个).
func meantInstead(t *flows.Turn, h Hazard) (Hazard, bool, error) {
	hs, err := hazardsFor(t)
	if err != nil {
		return Hazard{}, false, err
	}
	hs = slices.DeleteFunc(hs, func(x Hazard) bool { return x.ID == h.ID || x.Status != HazardOpen })
	if m := otherNumRE.FindStringSubmatch(t.Text); m != nil {
		n, _ := strconv.Atoi(m[1])
		for _, x := range hs {
			if Num(x) == n {
				return x, true, nil
			}
		}
	}
	// The words also name the hazard taken back (不是积水那个): only the
	// part after it is what was meant.
	text := t.Text
	if i := strings.LastIndex(text, "是"); i >= 0 {
		text = text[i:]
	}
	x, ok := namedHazard(text, hs)
	return x, ok, nil
}

// staffNames joins names for a reply: 老郑, 陈主任、李老师.
func staffNames(ss []flows.Staff) string {
	var ns []string
	for _, s := range ss {
		ns = append(ns, s.Name)
	}
	if len(ns) == 0 {
		return "复查人"
	}
	return strings.Join(ns, "、")
}
