package visit

import (
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/internal/rx"
)

// A host's (or a leader's) answer often asks someone else to do something
// about the visitor: the eighteenth user test's 张校长 let 区教育局 in with
// 「好 让他们进来 我马上下去 叫陈主任一起陪同」, and only the gate heard it. The
// person asked is told too, with the visitor and the words.

// askedAlongRE is the writer asking a colleague to come along or meet the
// visitor: 叫陈主任一起陪同, 让李老师去门口接一下, 通知王师傅过来. The person is a
// title (陈主任, 李老师) or a name of two or three characters, looked up in
// the school's staff.
var askedAlongRE = rx.MustCompile(`(?:叫|让|请|喊|通知)(\p{Han}{1,3}?(?:副校长|校长|副主任|主任|老师|师傅|书记|阿姨|处长|科长)|\p{Han}{2,3}?)(?:也|一起|一块儿?|一道|马上|赶紧|赶快|帮忙)*(?:陪同|陪着|陪|接待|接一下|接|过来|过去|下来|下去|到门口|去门口|来门口|来|去)`)

// askedAlongNot are the words askedAlongRE reads as a person that are
// the visitors or the writer: 让他们进来, 叫他去.
var askedAlongNot = []string{"他", "她", "他们", "她们", "访客", "客人", "人家", "我", "我们", "你", "门卫", "保安"}

// askedAlong lists the staff of t's school that note asks to come along,
// each once, neither the writer nor the guard: only a person found alone
// by the words (李老师 among several 李 is nobody).
func askedAlong(t *flows.Turn, v Visit, note string) ([]flows.Staff, error) {
	var out []flows.Staff
	for _, m := range askedAlongRE.FindAllStringSubmatch(note, -1) {
		who := m[1]
		if flows.IsWord(who, askedAlongNot) || strings.HasPrefix(who, "他") || strings.HasPrefix(who, "她") {
			continue
		}
		found, err := findHosts(t.Ctx, vocabFor(t), t.Tx, t.School.ID, who)
		if err != nil {
			return nil, err
		}
		if len(found) != 1 {
			continue
		}
		s := found[0]
		if s.ID == t.Staff.ID || s.ID == v.GuardID || !strings.Contains(s.Name, strings.TrimLeft(who, "小老")) && !titleFits(who, s) {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o.ID == s.ID
		}
		if !dup {
			out = append(out, s)
		}
	}
	return out, nil
}

// titleFits reports whether who, a title alone or a surname and a title,
// is s: findHosts looked it up by the title, so it fits when s's name
// starts with the surname said, or no surname was said.
func titleFits(who string, s flows.Staff) bool {
	for _, title := range []string{"副校长", "校长", "副主任", "主任", "老师", "师傅", "书记", "阿姨", "处长", "科长"} {
		if rest, ok := strings.CutSuffix(who, title); ok {
			return rest == "" || strings.HasPrefix(s.Name, rest)
		}
	}
	return false
}

// alongNames is the people's names for the writer's reply: 陈主任、李老师.
func alongNames(people []flows.Staff) string {
	names := make([]string, len(people))
	for i, s := range people {
		names[i] = s.Name
	}
	return strings.Join(names, "、")
}

// tellAskedAlong tells each of people, whom the writer's note asked to
// come along, that v was let in (or turned away), with the words.
func tellAskedAlong(t *flows.Turn, v Visit, people []flows.Staff, note string, admitted bool) error {
	who := v.Name
	var about []string
	if v.Org != "" && v.Org != "无" {
		about = append(about, v.Org)
	}
	if v.Party > 1 {
		about = append(about, fmt.Sprintf("%d 人", v.Party))
	}
	if len(about) > 0 {
		who += "（" + strings.Join(about, "，") + "）"
	}
	what := "同意"
	if !admitted {
		what = "不同意"
	}
	text := fmt.Sprintf("【访客】%s%s第 %d 号访客%s入校，事由：%s。\n%s说：「%s」",
		t.Staff.Name, what, Num(v), who, purposeText(v.Purpose, v.PurposeNote), t.Staff.Name, note)
	for _, s := range people {
		if err := t.Notify(flows.Notification{ToStaff: s.ID, Kind: NoticeDecided, Ref: Ref(v.ID), Text: text}); err != nil {
			return err
		}
	}
	return nil
}
