package inspection

import "testing"

// TestFixedSaidConfiscated: a heater confiscated (没收了) or put away (收了,
// 撤了) tells the 整改 done (user test 33's T28: its 没 was read as "not");
// still there, not tidied or not received is no 整改.
func TestFixedSaidConfiscated(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"208那个电暖器没收了 插线板也撤了 弄好了", true},
		{"208的电暖器已经收了", true},
		{"电暖器给没收了", true},
		{"插线板都撤了", true},
		{"小太阳收起来了", true},
		{"电暖器没收掉了", true},
		{"电暖器还没收", false},
		{"电暖器没收起来", false},
		{"宿舍还没收拾好", false},
		{"整改通知没收到", false},
		{"插线板撤了吗", false},
	} {
		if got, _ := saidFixed(tc.text); got != tc.want {
			t.Errorf("saidFixed(%q) = %v, want %v", tc.text, got, tc.want)
		}
	}
}
