package flows

import (
	"strings"
	"testing"
)

func TestRefSeq(t *testing.T) {
	for ref, want := range map[string]int{"BX-20261129-001": 1, "YH-20261129-012": 12, "FK-20261130-1000": 1000,
		"LY-20261120-002": 2, "BX-2026112-001": 0, "BX-20261129-": 0, "302": 0, "": 0} {
		if got := RefSeq(ref); got != want {
			t.Errorf("RefSeq(%q) = %d, want %d", ref, got, want)
		}
	}
	if got := DayRef("FK", "20261129", 3); got != "FK-20261129-003" {
		t.Errorf("DayRef = %q", got)
	}
}

func TestReadCommand(t *testing.T) {
	words := []string{"接单", "完成", "修好了", "确认修好"}
	for text, want := range map[string]Command{
		"接单":                 {Word: "接单"},
		"接单。":                {Word: "接单"},
		"接单 3":               {Word: "接单", Num: 3},
		"接单3":                {Word: "接单", Num: 3},
		"接单 #3":              {Word: "接单", Num: 3},
		"接单 第3号":             {Word: "接单", Num: 3},
		"接单 007":             {Word: "接单", Num: 7},
		"确认修好 2":             {Word: "确认修好", Num: 2},
		"接单 BX-20261129-001": {Word: "接单", Ref: "BX-20261129-001"},
		"完成 bx-20261129-001": {Word: "完成", Ref: "BX-20261129-001"},
	} {
		if got, ok := ReadCommand(text, words); !ok || got != want {
			t.Errorf("ReadCommand(%q) = %+v, %v; want %+v", text, got, ok, want)
		}
	}
	for _, text := range []string{"请接单 1", "接单 0", "接单 1234567", "接单 1 2", "接单了", "接单 abc", "", "修好"} {
		if got, ok := ReadCommand(text, words); ok {
			t.Errorf("ReadCommand(%q) = %+v; want no command", text, got)
		}
	}
}

func TestChooseItem(t *testing.T) {
	items := []Item{
		{ID: 40, Ref: "BX-20261129-001", Line: "今天的 1", Ready: true},
		{ID: 30, Ref: "BX-20261128-003", Line: "昨天的 3", Ready: true},
		{ID: 20, Ref: "BX-20261128-001", Line: "昨天的 1", Ready: false},
		{ID: 10, Ref: "BX-20261127-003", Line: "前天的 3", Ready: true},
	}
	for _, c := range []struct {
		name   string
		cmd    Command
		items  []Item
		id     int64
		none   bool
		answer string
	}{
		{"a number names the ready one", Command{Word: "接单", Num: 1}, items, 40, false, ""},
		{"two ready with one number: asked, by full reference", Command{Word: "接单", Num: 3}, items, 0, false, "「接单 BX-20261127-003」"},
		{"the full reference names one", Command{Word: "接单", Ref: "BX-20261127-003"}, items, 10, false, ""},
		{"none ready: the newest, so the act says why", Command{Word: "接单", Num: 1}, items[2:], 20, false, ""},
		{"an unknown number is refused", Command{Word: "接单", Num: 9}, items, 0, false, "没有找到你的编号为 9 的报修"},
		{"an unknown reference is refused", Command{Word: "接单", Ref: "BX-20261129-009"}, items, 0, false, "没有找到你的报修 BX-20261129-009"},
		{"no number, one ready", Command{Word: "接单"}, items[:1], 40, false, ""},
		{"no number, several ready: listed", Command{Word: "接单"}, items, 0, false, "「接单 1」"},
		{"no number, none ready: left to the flows", Command{Word: "接单"}, items[2:3], 0, true, ""},
	} {
		tr := &Turn{}
		it, ok, none := ChooseItem(tr, c.cmd, c.items, "报修")
		said := ""
		for _, r := range tr.replies {
			said += r.Text
		}
		switch {
		case c.id != 0 && (!ok || it.ID != c.id):
			t.Errorf("%s: got %d, %v; want %d", c.name, it.ID, ok, c.id)
		case c.id == 0 && ok:
			t.Errorf("%s: picked %d, want none", c.name, it.ID)
		case none != c.none:
			t.Errorf("%s: none = %v", c.name, none)
		case c.answer == "" && said != "" || !strings.Contains(said, c.answer):
			t.Errorf("%s: said %q, want %q", c.name, said, c.answer)
		}
	}
}

// TestReadsAsAssent: the engine's guess for AssentExpecter takes the
// read-back's first choice and the words of assent as the confirmation
// reads them (full-width, with a full stop), and nothing else.
func TestReadsAsAssent(t *testing.T) {
	for _, c := range []struct {
		msg  Message
		want bool
	}{
		{Message{Text: "1"}, true},
		{Message{Text: "１"}, true},
		{Message{Text: " 好。"}, true},
		{Message{Text: "确认"}, true},
		{Message{Text: "OK"}, true},
		{Message{Button: "submit"}, true},
		{Message{Text: "2"}, false},
		{Message{Text: "我的"}, false},
		{Message{Text: "302教室灯不亮"}, false},
		{Message{Text: "1", Media: []Media{{}}}, false},
	} {
		if got := readsAsAssent(c.msg); got != c.want {
			t.Errorf("readsAsAssent(%+v) = %v, want %v", c.msg, got, c.want)
		}
	}
}

// TestAsksMine: 「我的」 asked in a person's own words is 「我的」; a report,
// a notice or a question about something else is not.
func TestAsksMine(t *testing.T) {
	for text, want := range map[string]bool{
		"我的": true, "我的活": true, "待修": true,
		"今天有什么活": true, "今天有啥活儿？": true, "有什么活吗": true, "我还有什么事": true,
		"手上还有几个单子": true, "帮我看看还有几个没修": true, "还有几个没修好": true, "还有哪些没验收的": true,
		"今天要修什么": true, "有什么事吗": true, "最近有我的活吗": true, "我现在手上还有几个活": true, "有没有新的活": true, "请问我今天有什么任务": true, "有什么要修的吗？": true,
		"早上好 今天有啥要处理的": true, "今天有什么要批的": true, "陈主任好，今天有啥要我处理的吗": true, "早 我的": true,
		"今天有啥子事要我管的 给我捋一哈": true, "今天有什么事要我跟进的": true, "有啥要我管的吗": true,
		// The fourteenth user test's worker; the day asked about with no
		// 我手上 is the digest's (digest.Today).
		"我手上都有啥活 列一下": true, "把我手上的活列一下": true, "我的活 列一下": true, "我手头还有几个单子 给我说一下": true,
		// The fifteenth user test's leader and worker.
		"今天还有啥子要我拍板的事没得": true, "我手上还有几个活没干完": true, "有什么要我处理的事吗": true,
		// User test 16's 陈主任, the jobs not named.
		"我手上还有啥没弄完的": true, "我手头还有什么没处理的吗": true, "我手上有几个没修的": true,
		// User test 27's worker opening the chat (K6).
		"我看看有啥活": true, "我看看今天有什么活": true, "我看看302": false,
		"今儿都有啥事 给我捋一捋": false, "今天后勤整体咋样 给我来个汇总": false, "我的活动": false,
		"今天有啥子事要我管的 302灯不亮": false,
		"早上好 302灯不亮":        false, "你好 有个家长来送伞": false,
		"302有什么活动": false, "今天有什么活动": false, "还有几个灯没修": false,
		"今天有什么活，302的灯坏了": false, "有几个学生没来": false, "302教室灯不亮": false, "我的灯坏了": false,
	} {
		if got := asksMine(text); got != want {
			t.Errorf("asksMine(%q) = %v, want %v", text, got, want)
		}
	}
}
