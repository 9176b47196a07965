package visit

import "testing"

// TestHostNamedWithoutZhao: a host named before what they did or by their
// class (no 找), and the words that look alike but name nobody: a class
// (七年级三班学生家长) and 预约的.
func TestHostNamedWithoutZhao(t *testing.T) {
	for _, c := range []struct{ msg, host string }{
		{"王老师班上的家长 宋雨桐 15092617743", "王老师"},
		{"马超班上学生家长 吕秀兰 13517264803 送药", "马超"},
		{"修水龙头的 何师傅叫来的 贾有福 13831269470", "何师傅"},
		{"孙主任约的 出版社的 聂文斌 15022917460 送样书", "孙主任"},
		{"七年级三班学生家长 张三 13800138000", ""},
		{"三年级二班学生家长 张三 13800138000", ""},
		{"李四 家长预约的 家长会 13800138001", ""},
	} {
		if g := ParseVisitor(c.msg); g.Host != c.host {
			t.Errorf("%q: host %q, want %q", c.msg, g.Host, c.host)
		}
	}
}
