package repair

import "testing"

// TestMeantElse: a report taken back with what was meant instead (the
// fourteenth user test's hosts) gives those words to read again; taken
// back with nothing else, or with more about the repair, it does not.
func TestMeantElse(t *testing.T) {
	for _, c := range []struct {
		text, said string
		ok         bool
	}{
		{"啥维修啊 我说的是让家长进来", "让家长进来", true},
		{"唔系报修啊 我系话俾送菜嘅入嚟", "俾送菜嘅入嚟", true},
		{"不是报修！让送菜的进来", "让送菜的进来", true},
		{"什么报修 我是说让她上来", "让她上来", true},
		{"不是报修", "", false},
		{"不是报修，是修好了", "", false},
		{"啥维修啊", "", false},
		{"302灯不亮", "", false},
	} {
		said, ok := meantElse(c.text)
		if said != c.said || ok != c.ok {
			t.Errorf("meantElse(%q) = %q, %v; want %q, %v", c.text, said, ok, c.said, c.ok)
		}
	}
}
