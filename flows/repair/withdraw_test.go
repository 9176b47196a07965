package repair

import "testing"

// TestWithdrawSaid: a job named as a form and told closed (user test 33's
// T40) is a withdrawal; a thing switched off, or a form asked about, is
// not.
func TestWithdrawSaid(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"宿舍那个报修单是不是还挂着 关了吧", true},
		{"报修单关了吧", true},
		{"那张维修单撤了吧", true},
		{"303饮水机那个单子关掉吧", true},
		{"宿舍的单子销掉吧", true},
		{"303饮水机不用修了", true},
		{"教室的灯关了吧", false},
		{"报修单关了没有", false},
		{"维修单怎么还没关", false},
		{"窗户关掉吧 单子我明天再报", false},
	} {
		if got := withdrawRE.MatchString(tc.text); got != tc.want {
			t.Errorf("withdrawRE.MatchString(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

// TestDoneBesideNotMine: a worker's job told done beside things not his
// (user test 33's T39) is its 完成; not his alone, or not done, is not.
func TestDoneBesideNotMine(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"宿舍二楼的插线板都收了 换了墙插 纸箱子和灭火器那不归我管啊", true},
		{"线我接好了，门锁不是我的活", true},
		{"灯管换好了 空调我不会修", true},
		{"插线板那个不归我管 是电工的活", false},
		{"纸箱子不归我管 插线板还没弄", false},
		{"插线板都收了", false},
	} {
		if got := doneBesideNotMine(tc.text); got != tc.want {
			t.Errorf("doneBesideNotMine(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
