package visit

import (
	"testing"

	"github.com/houqin/houqin/flows"
)

// TestVisitorsAccepts: a guard's questions about who is still inside, or
// how many came today or yesterday, and a departure said in words, are
// the list; a check-in, a report or a bare word is not.
func TestVisitorsAccepts(t *testing.T) {
	for text, want := range map[string]bool{
		"现在学校里还有几个访客": true, "还有谁没走": true, "还有几个人没走？": true, "访客都走了吗": true,
		"校内还有访客吗": true, "外来人员还有几个": true, "今天来了多少人": true, "今天登记了几个访客": true,
		"有个家长来找李老师": false, "访客张三找李老师": false, "302灯不亮": false, "还有": false, "有人": false,
		"谁": false, "今天": false, "还有人吗": false,
		"现在学校里还有几个外来的": true, "里面还有谁没走": true, "昨天一共来了多少访客": true, "昨天来了几个人": true,
		"教育局的两个人走了": true, "现在学校里还有谁": true, "还有谁": false, "刘科长离校": true, "里面": false, "昨天": false,
		"现在都有哪些人在学校里头": true, "还有哪个没走": true, "哪些访客还在学校里": true,
		"哪个": false, "哪些人在学校里头打篮球": false, "学校里头": false,
		"现在学校里头还有几个外人": true, "学校里头还有外人没得": true, "学校里头有人没得": false, "还有没得": false,
		"现在里头还有几个外来的没出来": true, "还有几个外人没出去": true, "没出来": false,
	} {
		if got := (VisitorsFlow{}).Accepts(&flows.Turn{Text: text}); got != want {
			t.Errorf("Accepts(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestCheckInAcceptsStories: a check-in told as a story (who arrived, and
// whom they ask for, their car or how many they are) starts one; news of
// something arriving, or of a colleague, does not.
func TestCheckInAcceptsStories(t *testing.T) {
	guard := flows.Staff{Roles: []flows.Role{flows.RoleGuard}}
	for text, want := range map[string]bool{
		"教育局来了两个人检查食堂，带队的姓刘，找陈主任": true, "送菜的车到了 司机姓黄 浙A5K231": true,
		"来了两个家长 找王老师 开家长会": true, "区教育局来人了 督导检查 找张校长": true, "派出所来了两个民警 找张校长": true,
		"有个家长姓王 找李老师": true,
		// Told by the organisation first (user test 29's R34).
		"区教育局来巡考的 两个人 王科长和小刘 开的公车 苏A3K829 找刘副校长": true, "区教育局来巡考的 找刘副校长": true,
		"区教育局的王科长来巡考 找刘副校长": true, "教育局的文件 找刘副校长签字": false, "教育局来电话了 找刘副校长": false,
		"快递到了": false, "外卖到了": false, "王师傅来了": false, "陈主任来了吗": false, "带队的姓刘": false, "下雨了": false,
	} {
		if got := (VisitFlow{}).Accepts(&flows.Turn{Text: text, Staff: guard}); got != want {
			t.Errorf("Accepts(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestLeftNumDesc: a number with words about the visitor is a check-out
// by that number; a building's number or a denial is not.
func TestLeftNumDesc(t *testing.T) {
	for text, want := range map[string]string{
		"1号那个送书的走了": "1", "2号家长衣服放下也走了": "2", "1号楼的人走了": "", "3号还没走了": "", "2号走了": "",
	} {
		if got := leftNumDesc(leavingText(text)); got != want {
			t.Errorf("leftNumDesc(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestHostTitleThenWhy: the sixteenth user test's 找校长谈合作 asks for the
// 校长 (the rest is why); an office after the title, or a title of its
// own (校长助理), is the host whole. 人数：2 is the party.
func TestHostTitleThenWhy(t *testing.T) {
	for text, want := range map[string]string{
		"孙大伟 找校长谈合作": "校长", "找书记汇报工作": "书记", "找张校长谈合作": "张校长",
		"找校长办公室 反映问题": "校长办公室", "找校长助理": "校长助理", "找主任室": "主任室",
	} {
		if got := ParseVisitor(text).Host; got != want {
			t.Errorf("ParseVisitor(%q).Host = %q, want %q", text, got, want)
		}
	}
	for text, want := range map[string]int{"人数：2": 2, "人数就写3": 3, "人数改成两个人": 2} {
		if got := ParseVisitor(text).Party; got != want {
			t.Errorf("ParseVisitor(%q).Party = %d, want %d", text, got, want)
		}
	}
}

// TestLongerNameOf: a shorter name of the same office keeps the longer
// (教育局 of 区教育局); a unit stored with stray words before it (the
// sixteenth user test's 「找张校长，平安保险」) gives way.
func TestLongerNameOf(t *testing.T) {
	for _, c := range []struct {
		org, short string
		want       bool
	}{
		{"区教育局", "教育局", true}, {"找张校长，平安保险", "平安保险", false}, {"平安保险", "太平洋保险", false},
	} {
		if got := longerNameOf(c.org, c.short); got != c.want {
			t.Errorf("longerNameOf(%q, %q) = %v, want %v", c.org, c.short, got, c.want)
		}
	}
}

// TestLeaderAccepts: user test 16's 刘副校长 asked how many came today and
// whether 教育局 had left, and told the guards to close the gate; staff,
// classrooms and a guard's own words are not these.
func TestLeaderAccepts(t *testing.T) {
	leader := flows.Staff{Roles: []flows.Role{flows.RoleLeader}}
	guard := flows.Staff{Roles: []flows.Role{flows.RoleGuard}}
	for _, c := range []struct {
		staff      flows.Staff
		text       string
		ask, order bool
	}{
		{leader, "今天学校来了几拨外人？教育局的人走了没有", true, false},
		{leader, "今天来了多少访客", true, false},
		{leader, "送货的走了吗", true, false},
		{leader, "王师傅走了没有", false, false},
		{leader, "今天报修了几个", false, false},
		{leader, "刚才门卫说门口有个可疑的人 我现在下去看看 你们先把门关好", false, true},
		{leader, "让门卫关好大门 别让他进来", false, true},
		{leader, "放学后各班要关好门窗", false, false},
		{leader, "大门锁坏了", false, false},
		{guard, "今天来了多少访客", false, false},
		{guard, "你们先把门关好", false, false},
	} {
		turn := &flows.Turn{Staff: c.staff, Text: c.text}
		if got := (LeaderAskFlow{}).Accepts(turn); got != c.ask {
			t.Errorf("LeaderAskFlow.Accepts(%q) = %v, want %v", c.text, got, c.ask)
		}
		if got := (LeaderOrderFlow{}).Accepts(turn); got != c.order {
			t.Errorf("LeaderOrderFlow.Accepts(%q) = %v, want %v", c.text, got, c.order)
		}
	}
}

// TestPhoneTailFix: user test 17's 「尾号是902不是901」 at the read-back
// changes the phone's last digits, and only when the wrong digits are the
// phone's own or the phone is named.
func TestPhoneTailFix(t *testing.T) {
	for _, c := range []struct {
		text, phone, want string
		ok                bool
	}{
		{"等下 电话我记错了 尾号是902不是901", "13645678901", "13645678902", true},
		{"手机后两位是35", "13645678901", "13645678935", true},
		{"尾号是902不是901", "13645678901", "13645678902", true},
		{"尾号是902不是903", "13645678901", "", false},
		{"尾号是902", "13645678901", "", false},
	} {
		got, ok := phoneTailFix(c.text, c.phone)
		if got != c.want || ok != c.ok {
			t.Errorf("phoneTailFix(%q) = %q, %v; want %q, %v", c.text, got, ok, c.want, c.ok)
		}
	}
}
