package canteen

import (
	"slices"
	"testing"
)

func TestNotKeptSaid(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"醋和蒜没留", "醋和蒜"}, {"醋和蒜是调料 不用留样的", "醋和蒜"}, {"蘸料不用留样", "蘸料"},
		{"饺子汤没有留", "饺子汤"}, {"饺子汤是汤 没留样", "饺子汤"}, {"汤不用记", "汤"}, {"饺子汤不算", "饺子汤"},
		{"醋和蒜是调料", "醋和蒜"}, {"辣椒油也没留", "辣椒油"}, {"还有醋和蒜没留", "醋和蒜"}, {"蘸料就不留了", "蘸料"},
		{"醋蒜没留样", "醋蒜"},
		{"红烧肉", ""}, {"梅菜扣肉", ""}, {"温度不用记", ""}, {"这个不算", ""}, {"没留", ""}, {"红烧肉150", ""}, {"汤有点咸", ""},
	} {
		got, ok := notKeptSaid(tc.text)
		if got != tc.want || ok != (tc.want != "") {
			t.Errorf("notKeptSaid(%q) = %q, %v; want %q", tc.text, got, ok, tc.want)
		}
	}
}

func TestCondimentOnly(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"醋和蒜", true}, {"蒜泥", true}, {"辣椒油、酱油", true}, {"蘸料", true}, {"醋", true},
		{"蒜蓉西兰花", false}, {"麻酱凉面", false}, {"醋溜白菜", false}, {"糖醋排骨", false}, {"酱油炒饭", false},
	} {
		if got := condimentOnly(tc.name); got != tc.want {
			t.Errorf("condimentOnly(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestKeepOnly(t *testing.T) {
	items := []SampleItem{{Dish: "猪肉白菜饺子", Grams: 150}, {Dish: "三鲜饺子", Grams: 140}, {Dish: "饺子汤"}}
	for _, tc := range []struct {
		text string
		want []int
	}{
		{"就两个饺子 别的没有", []int{0, 1}}, {"只有饺子 其他的没留", []int{0, 1}}, {"就俩饺子", []int{0, 1}},
		{"就猪肉白菜饺子和三鲜饺子 别的都没有", []int{0, 1}}, {"只有饺子汤", []int{2}}, {"只留了三鲜饺子，其他没留", []int{1}},
		{"就这两个 别的没有", []int{0, 1}}, {"只有这俩 其他没留", []int{0, 1}}, {"就这三个 别的没有", nil},
		{"就三个饺子 别的没有", nil}, {"就饺子", nil}, {"只有包子 别的没有", nil}, {"饺子汤 160", nil}, {"就两个饺子 150", nil},
	} {
		got, ok := keepOnly(items, tc.text)
		if !slices.Equal(got, tc.want) || ok != (tc.want != nil) {
			t.Errorf("keepOnly(%q) = %v, %v; want %v", tc.text, got, ok, tc.want)
		}
	}
}

func TestSentenceName(t *testing.T) {
	for _, tc := range []struct {
		name string
		want bool
	}{
		{"就三个饺子 别的没有", true}, {"除了醋和蒜都留了", true}, {"醋和蒜是调料 不用留样的", true}, {"只有饺子", true}, {"要留吗", true},
		{"红烧肉", false}, {"梅菜扣肉", false}, {"三鲜饺子", false}, {"紫菜蛋汤", false}, {"酸辣土豆丝", false},
	} {
		if got := sentenceName(tc.name); got != tc.want {
			t.Errorf("sentenceName(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestAsSampled(t *testing.T) {
	sampled := []string{"猪肉白菜饺子", "三鲜饺子", "米饭", "紫菜蛋汤"}
	for _, tc := range []struct{ said, want []string }{
		{[]string{"饺子"}, []string{"猪肉白菜饺子", "三鲜饺子"}},
		{[]string{"饺子和米饭"}, []string{"猪肉白菜饺子", "三鲜饺子", "米饭"}},
		{[]string{"三鲜"}, []string{"三鲜饺子"}},
		{[]string{"汤", "米饭"}, []string{"紫菜蛋汤", "米饭"}},
		{[]string{"包子"}, []string{"包子"}},
		{[]string{"和风沙拉"}, []string{"和风沙拉"}},
		{[]string{"白菜"}, []string{"白菜"}}, {[]string{"猪肉"}, []string{"猪肉白菜饺子"}},
		{[]string{"菜"}, []string{"菜"}},
	} {
		if got := asSampled(tc.said, sampled); !slices.Equal(got, tc.want) {
			t.Errorf("asSampled(%q) = %q, want %q", tc.said, got, tc.want)
		}
	}
}

func TestScoresInComments(t *testing.T) {
	for _, tc := range []struct {
		comments, note string
		r              [3]int
	}{
		{"味道不错；三鲜的有点咸；分量够；卫生也行；打分5；5；4吧", "三鲜的有点咸", [3]int{5, 5, 4}},
		{"三鲜的有点咸；5分；5分；4分", "三鲜的有点咸", [3]int{5, 5, 4}},
		{"三鲜的有点咸；都5分；卫生4分", "三鲜的有点咸", [3]int{5, 5, 4}},
		{"卫生4分；其他都5分；三鲜的有点咸", "三鲜的有点咸", [3]int{5, 5, 4}},
		{"三鲜的有点咸；口味5；分量5；卫生4", "三鲜的有点咸", [3]int{5, 5, 4}},
		{"味道不错；三鲜的有点咸", "味道不错；三鲜的有点咸", [3]int{}},
	} {
		note, _, r, _ := splitComments(tc.comments)
		if note != tc.note || r != tc.r {
			t.Errorf("splitComments(%q) = %q, %v; want %q, %v", tc.comments, note, r, tc.note, tc.r)
		}
	}
}
