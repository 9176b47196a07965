package repair

import "testing"

// TestCalmSaid pins the words that say a draft is not urgent (user test
// 31's T38) and nearby words that do not.
func TestCalmSaid(t *testing.T) {
	for _, tc := range []struct {
		text, rest string
		ok         bool
	}{
		{"也没那么急 就一道缝 没掉下来 明天修就行", "就一道缝，没掉下来，明天修就行", true},
		{"不算紧急", "", true},
		{"不急", "", true},
		{"不用那么急", "", true},
		{"明天修就行", "明天修就行", true},
		{"不是急事", "", true},
		{"慢慢修", "慢慢修", true},
		{"都不急，有空再弄就行", "有空再弄就行", true},
		{"不急着提交 我再想想", "", false},
		{"很急 明天要考试", "", false},
		{"不急 不对 还是很急", "", false},
		{"应急灯不亮", "", false},
		{"明天要考试", "", false},
		{"不是灯 是插座", "", false},
		{"急死了", "", false},
	} {
		rest, ok := calmSaid(tc.text)
		if ok != tc.ok || ok && rest != tc.rest {
			t.Errorf("calmSaid(%q) = %q, %v; want %q, %v", tc.text, rest, ok, tc.rest, tc.ok)
		}
	}
}

// TestItemOnlyKept pins 只报… at a read-back of several (user test 31's
// T42) and words that keep no item alone.
func TestItemOnlyKept(t *testing.T) {
	items := []draftItem{{Item: "桌子", Desc: "桌子坏了"}, {Item: "挂钟", Desc: "挂钟不走了"}}
	for _, tc := range []struct {
		text string
		i    int
		ok   bool
	}{
		{"桌子的事不用修 我跟陈主任说 只报钟", 1, true},
		{"只报挂钟就行", 1, true},
		{"就报第一个吧", 0, true},
		{"只修桌子", 0, true},
		{"光修钟不够 桌子也要修", 0, false},
		{"只报一个", 0, false},
		{"只要修好就行", 0, false},
		{"两个都报", 0, false},
	} {
		i, ok := itemOnlyKept(tc.text, items)
		if ok != tc.ok || ok && i != tc.i {
			t.Errorf("itemOnlyKept(%q) = %d, %v; want %d, %v", tc.text, i, ok, tc.i, tc.ok)
		}
	}
}
