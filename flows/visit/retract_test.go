package visit

import "testing"

// A value taken back in the same message gives way to the one after it;
// words that take back no value change nothing.
func TestParseVisitorRetracted(t *testing.T) {
	for _, tt := range []struct {
		text, plate, phone string
	}{
		{"开车了 苏A8B66Q 不对 是苏A8B669", "苏A8B669", ""},
		{"苏A8B66Q不对苏A8B669", "苏A8B669", ""},
		{"京A12345 说错了 应该是京A12346", "京A12346", ""},
		{"京A12345，错了，京A12346", "京A12346", ""},
		{"刘洋 13900002222 不对 13900002223 找王老师", "", "13900002223"},
		{"刘洋 13900002222 京A12345 不对 是13900002223", "京A12345", "13900002222"}, // another kind: nothing taken back
		{"不是来送东西的 京A12345", "京A12345", ""},
		{"京A12345 不是本校的车", "京A12345", ""},
	} {
		g := ParseVisitor(tt.text)
		if g.Plate != tt.plate || tt.phone != "" && g.Phone != tt.phone {
			t.Errorf("ParseVisitor(%q) plate, phone = %q, %q; want %q, %q", tt.text, g.Plate, g.Phone, tt.plate, tt.phone)
		}
	}
}
