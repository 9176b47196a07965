package visit

import "testing"

// TestInstruction: a leader's words after a watch-list alert are the
// instruction when they speak of the gate or of the visitor (the
// fourteenth user test's 刘副校长), not when they keep someone else out of
// somewhere else.
func TestInstruction(t *testing.T) {
	for _, c := range []struct {
		text                string
		names               []string
		refuse, admit, isOK bool
	}{
		{"刘强坚决不让进 我已经打110了 让老郑把大门关好盯着点", nil, true, false, true},
		{"不让进", nil, true, false, true},
		{"这人别让他进来 叫他去派出所", []string{"刘强"}, true, false, true},
		{"让他进来吧 我下去接", nil, false, true, true},
		{"刘强那边我来处理 先让门卫盯着", []string{"刘强"}, false, false, true},
		{"三楼漏水了 别让学生进去", nil, false, false, false},
		{"下午开会", nil, false, false, false},
	} {
		refuse, admit, ok := instruction(c.text, c.names, "郑")
		if refuse != c.refuse || admit != c.admit || ok != c.isOK {
			t.Errorf("instruction(%q) = %v %v %v, want %v %v %v", c.text, refuse, admit, ok, c.refuse, c.admit, c.isOK)
		}
	}
}
