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
		{"吃的宫保鸡丁豆腐土豆丝；没喝汤", []string{"宫保鸡丁豆腐土豆丝"}, ""},
		{"红烧肉；米饭没吃", []string{"红烧肉"}, ""},
		{"红烧肉；没吃饱", []string{"红烧肉"}, "没吃饱"},
		{"红烧肉；汤没喝完", []string{"红烧肉"}, "汤没喝完"},
		{"红烧肉；鱼没熟", []string{"红烧肉"}, "鱼没熟"},
	} {
		dishes, note := splitDishes(tc.comments)
		if !slices.Equal(dishes, tc.dishes) || note != tc.note {
			t.Errorf("splitDishes(%q) = %q, %q; want %q, %q", tc.comments, dishes, note, tc.dishes, tc.note)
		}
	}
}

// splitGlued splits dishes run together against the menu: each part a
// dish known, a menu dish said short, or at most two dishes not on it,
// with two parts known; anything else is kept as typed.
func TestSplitGlued(t *testing.T) {
	menu := []string{"宫保鸡丁", "麻婆豆腐", "炒莲白", "米饭", "番茄蛋花汤"}
	for _, tc := range []struct {
		dish string
		want []string
	}{
		{"宫保鸡丁豆腐土豆丝", []string{"宫保鸡丁", "麻婆豆腐", "土豆丝"}},
		{"包子豆浆鸡蛋", []string{"包子", "豆浆", "鸡蛋"}},
		{"宫保鸡丁米饭", []string{"宫保鸡丁", "米饭"}},
		{"麻婆豆腐", []string{"麻婆豆腐"}},
		{"番茄炒蛋", []string{"番茄炒蛋"}},
		{"鸡蛋汤", []string{"鸡蛋汤"}},
		{"西红柿炒鸡蛋", []string{"西红柿炒鸡蛋"}},
		{"土豆烧牛肉", []string{"土豆烧牛肉"}},
		{"豆腐", []string{"豆腐"}},
		{"番茄鸡蛋", []string{"番茄鸡蛋"}},
	} {
		if got := splitGlued([]string{tc.dish}, menu); !slices.Equal(got, tc.want) {
			t.Errorf("splitGlued(%q) = %q, want %q", tc.dish, got, tc.want)
		}
	}
}
