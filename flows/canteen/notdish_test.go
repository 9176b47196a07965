package canteen

import (
	"slices"
	"testing"
)

func TestCommandOnly(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"好的保存", true}, {"行 就这样", true}, {"没问题 提交吧", true}, {"可以 保存吧", true},
		{"就这样吧 确认", true}, {"那就保存吧", true}, {"OK 提交", true}, {"确认保存", true},
		{"保存", true}, {"吧", false}, {"", false}, {"红烧肉", false}, {"保存红烧肉", false},
		{"好吃", false}, {"不保存", false}, {"行 加个豆浆", false},
	} {
		if got := commandOnly(tc.text); got != tc.want {
			t.Errorf("commandOnly(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestIntentOnly(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"我是要登记", true}, {"我要记录", true}, {"帮我记一下", true}, {"我们", true}, {"想补录一个", true},
		{"红烧肉", false}, {"录像", false}, {"米饭", false},
	} {
		if got := intentOnly(tc.text); got != tc.want {
			t.Errorf("intentOnly(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}

func TestSplitDishes(t *testing.T) {
	for _, tc := range []struct {
		comments string
		dishes   []string
		note     string
	}{
		{"吃了米饭；红烧鱼；豆芽", []string{"米饭", "红烧鱼", "豆芽"}, ""},
		{"鱼刺有点多；小孩子吃要注意", nil, "鱼刺有点多；小孩子吃要注意"},
		{"吃的红烧肉；菜心；红烧肉有点咸", []string{"红烧肉", "菜心"}, "红烧肉有点咸"},
		{"鸡块不错；汤凉了；量少", nil, "鸡块不错；汤凉了；量少"},
		{"凉拌黄瓜；香菇青菜；油条", []string{"凉拌黄瓜", "香菇青菜", "油条"}, ""},
		{"味道不错；就是鸡块给的有点少", nil, "味道不错；就是鸡块给的有点少"},
	} {
		dishes, note := splitDishes(tc.comments)
		if !slices.Equal(dishes, tc.dishes) || note != tc.note {
			t.Errorf("splitDishes(%q) = %q, %q; want %q, %q", tc.comments, dishes, note, tc.dishes, tc.note)
		}
	}
}
