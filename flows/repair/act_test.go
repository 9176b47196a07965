package repair

import "testing"

// TestBlockReason checks the words of a part out of stock or to be bought
// new (修不好·需要采购) against a worker buying it himself or words about
// the store that name no part.
func TestBlockReason(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"库房没有了得买新的", true},
		{"库里没有 只能买个新的", true},
		{"学校没库存", true},
		{"库存没了", true},
		{"仓库没有", true},
		{"锁芯坏了 得重新买一个", true},
		{"库房没人开门", false},
		{"学校没人", false},
		{"缺个螺丝 下午去买", false},
		{"要去买", false},
	} {
		if got := blockReasonRE.MatchString(tc.text); got != tc.want {
			t.Errorf("blockReasonRE.MatchString(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
