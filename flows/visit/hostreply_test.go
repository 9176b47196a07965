package visit

import "testing"

// TestReadHostReply: a host's answer in sentences: a yes with words for
// the guard, "leave it at the gate" (no refusal), a plain no, and words
// that decide nothing.
func TestReadHostReply(t *testing.T) {
	for _, c := range []struct {
		text, word string
		gate       bool
		note       string
		ok         bool
	}{
		{"教育局的领导来了啊 快请进 我马上下去接", "同意", false, "我马上下去接", true},
		{"外教中心的人来了？可以 让他到行政楼三楼找我", "同意", false, "让他到行政楼三楼找我", true},
		{"是送菜的 让他进来吧", "同意", false, "", true},
		{"奶奶来了？让她把药放门卫吧 我下课去拿 不用进来", "拒绝", true, "让她把药放门卫，我下课去拿", true},
		{"不用进来 药放门卫我去拿", "拒绝", true, "药放门卫我去拿", true},
		{"快递放门卫室就行 我自己去拿", "拒绝", true, "快递放门卫室就行，我自己去拿", true},
		{"不用让他进 放门卫", "拒绝", true, "放门卫", true},
		{"不认识", "拒绝", false, "", true},
		{"让他进来 放门卫", "", false, "", false},
		{"别放门卫", "", false, "", false},
		{"我在办公室", "", false, "", false},
		// 门口 of the place named (the seventh user test's had been read as
		// the gate, and the visitor kept out).
		{"老刘啊 让他把水送到行政楼二楼 放门口就行", "同意", false, "老刘，让他把水送到行政楼二楼，放门口就行", true},
	} {
		r, ok := readHostReply(c.text)
		if ok != c.ok || r.word != c.word || r.gate != c.gate || r.note != c.note {
			t.Errorf("%q: %+v %v, want %s gate=%v note=%q %v", c.text, r, ok, c.word, c.gate, c.note, c.ok)
		}
	}
}

// TestHostReplyNotIn: 别进来了 beside leaving things at the gate (the
// eighth user test's 赵老师) is not in, kindly; 别让他进来 stays a refusal.
func TestHostReplyNotIn(t *testing.T) {
	r, ok := readHostReply("我在上课呢 让家长把衣服放门卫室就行 别进来了")
	if !ok || r.word != "拒绝" || !r.gate {
		t.Errorf("readHostReply = %+v, %v; want a gate reply", r, ok)
	}
	r, ok = readHostReply("别让他进来")
	if !ok || r.word != "拒绝" || r.gate {
		t.Errorf("readHostReply(别让他进来) = %+v, %v; want a refusal", r, ok)
	}
}

// TestHostReplyChangesMind: a host who kept the visitor at the gate and
// lets them in after all (算了 还是让他上来吧) says a yes that may take the
// keeping back; a bare 算了 decides nothing.
func TestHostReplyChangesMind(t *testing.T) {
	r, ok := readHostReply("算了 还是让他上来吧")
	if !ok || r.word != "同意" || !r.reconsider {
		t.Errorf("readHostReply(算了 还是让他上来吧) = %+v, %v; want a yes that reconsiders", r, ok)
	}
	if r, ok := readHostReply("算了"); ok {
		t.Errorf("readHostReply(算了) = %+v, want nothing decided", r)
	}
}
