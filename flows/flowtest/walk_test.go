package flowtest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/houqin/houqin/flows"
)

// toy is a flow for testing typed buttons: 「点单」 offers three buttons and
// then asks for a weight under a [按违规登记] button, as 留样 does;
// 「评分」 offers five scores outside any flow (as a repair's rating is
// offered after 修好了); 「重名」 offers two buttons with the same label,
// which no typed form can tell apart. Its notifications (「提醒 NAME」) carry
// two buttons to another person.
type toy struct{}

func (toy) Name() string                             { return "toy" }
func (toy) Title() string                            { return "点单" }
func (toy) Allowed(flows.Staff) bool                 { return true }
func (toy) Triggers() []string                       { return []string{"点单", "评分", "重名", "提醒"} }
func (toy) Prefix() string                           { return "toy" }
func (toy) Typed(*flows.Turn, string) (string, bool) { return "", false }

var (
	toyDishes  = []flows.Button{{Label: "米饭", Data: "dish:rice"}, {Label: "面条", Data: "dish:noodle"}, {Label: "取消", Data: "dish:cancel"}}
	toyWeigh   = []flows.Button{{Label: "按违规登记", Data: "dish:violation"}}
	toyTwins   = []flows.Button{{Label: "同意", Data: "toy:twin:a"}, {Label: "同意", Data: "toy:twin:b"}}
	toyNotices = []flows.Button{{Label: "接单", Data: "toy:take"}, {Label: "转派", Data: "toy:pass"}}
)

func (toy) Start(t *flows.Turn) error {
	switch {
	case strings.HasPrefix(t.Text, "点单"):
		t.Say("请选择：\n"+flows.Numbered(toyDishes), toyDishes...)
		return t.Goto("dish", nil)
	case strings.HasPrefix(t.Text, "评分"):
		var bs []flows.Button
		for i := 1; i <= 5; i++ {
			bs = append(bs, flows.Button{Label: fmt.Sprintf("%d分", i), Data: fmt.Sprintf("toy:rate:%d", i)})
		}
		t.Done()
		t.Say("请打分：", bs...)
	case strings.HasPrefix(t.Text, "重名"):
		t.Done()
		t.Say("请选择：", toyTwins...)
	default:
		t.Done()
		to, err := t.Tx.FindStaff(t.Ctx, t.School.ID, strings.TrimSpace(strings.TrimPrefix(t.Text, "提醒")))
		if err != nil || len(to) == 0 {
			t.Say("没有这个人。")
			return err
		}
		t.Say("已提醒。")
		return t.Notify(flows.Notification{ToStaff: to[0].ID, Kind: "toy.notice", Text: "有新任务", Buttons: toyNotices})
	}
	return nil
}

func (toy) Step(t *flows.Turn) error {
	switch t.State() {
	case "dish":
		d, ok := t.Pick(toyDishes)
		switch {
		case !ok:
			t.Say("请选择：\n"+flows.Numbered(toyDishes), toyDishes...)
		case d == "dish:cancel":
			t.Done()
			t.Say("已取消点单。")
		default:
			t.Say("已选 "+d+"。请输入重量（克）：", toyWeigh...)
			return t.Goto("weigh", d)
		}
	case "weigh":
		t.Done()
		if t.Msg.Button == "dish:violation" {
			t.Say("已按违规登记。")
			return nil
		}
		t.Say("记录重量：" + t.Text + " 克。")
	}
	return nil
}

func (toy) Act(t *flows.Turn, data string) error {
	t.Say("按下了 " + data + "。")
	return nil
}

func toyWorld(t *testing.T) *World {
	c := NewCore()
	Seed(c)
	return &World{Core: c, Store: &Store{Tx: c}, Modules: []flows.Module{{Name: "toy", Flows: []flows.Flow{toy{}}}}}
}

// TestTranscripts runs the toy transcripts: the engine's typed buttons.
func TestTranscripts(t *testing.T) {
	Run(t, "testdata/*.txt", toyWorld)
}

// TestWalkerFindsUntypableButtons: two buttons with one label cannot both
// be typed by it, and the walker says so.
func TestWalkerFindsUntypableButtons(t *testing.T) {
	problems := walkButtons(t, "李老师: 重名\n", toyWorld)
	if len(problems) != 1 || !strings.Contains(problems[0], "button 2「同意」") {
		t.Fatalf("walker found %d problems, want 1 about button 2:\n%s", len(problems), strings.Join(problems, "\n"))
	}
}

// TestWalkerWalks: a clean transcript walks every button's number and label.
func TestWalkerWalks(t *testing.T) {
	if problems := walkButtons(t, "李老师: 点单\n李老师: 1\n", toyWorld); len(problems) > 0 {
		t.Fatal(strings.Join(problems, "\n"))
	}
}

func TestMatchButton(t *testing.T) {
	rate := []flows.Button{{Label: "1分", Data: "r1"}, {Label: "2分", Data: "r2"}, {Label: "3分", Data: "r3"}, {Label: "4分", Data: "r4"}, {Label: "5分", Data: "r5"}}
	for _, c := range []struct {
		text   string
		labels bool
		want   string
	}{
		{"5", false, "r5"}, {"5分", false, "r5"}, {"5星", false, "r5"}, {"５分。", false, "r5"},
		{"第2个", false, "r2"}, {"选1", false, "r1"}, {"③", false, "r3"}, {"五分", false, "r5"},
		{"6", false, ""}, {"150", false, ""}, {"5", true, ""}, {"5分", true, "r5"}, {"好", false, ""},
	} {
		got, ok := flows.MatchButton(rate, c.text, c.labels)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("MatchButton(%q, labels=%v) = %q, %v; want %q", c.text, c.labels, got, ok, c.want)
		}
	}
}
