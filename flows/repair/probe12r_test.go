package repair

import "testing"

// TestEarlierFailure checks that a failure said of an earlier attempt is
// cut only when the repair is said fixed now.
func TestEarlierFailure(t *testing.T) {
	for _, c := range []struct {
		text, earlier string
	}{
		{"这回可以了 稳稳的 4分吧 第一次没弄好扣一分", "第一次没弄好扣一分"},
		{"上次没修好这次好了", "上次没修好"},
		{"之前不行 现在好使了", "之前不行"},
		{"上次没修好 这次还是不行", ""},
		{"第一次没弄好 现在又坏了", ""},
		{"没修好", ""},
	} {
		if got, _ := cutEarlierFailure(c.text); got != c.earlier {
			t.Errorf("cutEarlierFailure(%q) = %q, want %q", c.text, got, c.earlier)
		}
	}
}

// TestTakesBackRedo checks the words that take back a 没修好.
func TestTakesBackRedo(t *testing.T) {
	for text, want := range map[string]bool{
		"哎呀不对 是修好了 我点错了": true,
		"点错了 其实修好了":      true,
		"刚才按错了 不是没修好":    true,
		"不好意思 手滑了 已经好了":  true,
		"点错了":            false,
		"是不是点错了？":        false,
		"还是没修好":          false,
	} {
		if got := takesBackRedo(text); got != want {
			t.Errorf("takesBackRedo(%q) = %v, want %v", text, got, want)
		}
	}
}

// TestDropsAll checks the words that cancel a whole report of several.
func TestDropsAll(t *testing.T) {
	for text, want := range map[string]bool{
		"算了不要了":   true,
		"都不报了":    true,
		"算了":      true,
		"全部取消":    true,
		"两个都不要了":  true,
		"第二个不要了":  false,
		"空调那个不报了": false,
	} {
		if got := dropsAll(text); got != want {
			t.Errorf("dropsAll(%q) = %v, want %v", text, got, want)
		}
	}
}
