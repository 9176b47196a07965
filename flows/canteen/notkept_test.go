package canteen

import (
	"slices"
	"testing"
)

func TestNotKeptSaid(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"醋和蒜没留", "醋和蒜"}, {"醋和蒜是调料 不用留样的", "醋和蒜"}, {"蘸料不用留样", "蘸料"},
		{"饺子汤没有留", "饺子汤"}, {"饺子汤是汤 没留样", "饺子汤"}, {"汤不用记", "汤"}, {"饺子汤不算", "饺子汤"},
		{"醋和蒜是调料", "醋和蒜"}, {"辣椒油也没留", "辣椒油"},
		{"红烧肉", ""}, {"梅菜扣肉", ""}, {"这个不算", ""}, {"没留", ""}, {"红烧肉150", ""}, {"汤有点咸", ""},
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
		{"就三个饺子 别的没有", true}, {"醋和蒜是调料 不用留样的", true}, {"只有饺子", true}, {"要留吗", true},
		{"红烧肉", false}, {"梅菜扣肉", false}, {"三鲜饺子", false}, {"紫菜蛋汤", false}, {"酸辣土豆丝", false},
	} {
		if got := sentenceName(tc.name); got != tc.want {
			t.Errorf("sentenceName(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}
