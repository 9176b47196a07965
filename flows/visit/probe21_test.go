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

// The guard's words around a unit or a reason the visitor gave stay out
// of the fields.
func TestPlainWords(t *testing.T) {
	for _, tt := range []struct{ in, org string }{
		{"他说是什么书店的 没说清楚", "某书店（未说明名称）"},
		{"说是啥培训机构 不知道", "某培训机构（未说明名称）"},
		{"他说是什么启航教育的", "启航教育"},
		{"说是华建公司", "华建公司"},
		{"英国一个学校的", "英国一个学校"},
	} {
		if got := orgAnswer(tt.in); got != tt.org {
			t.Errorf("orgAnswer(%q) = %q, want %q", tt.in, got, tt.org)
		}
	}
	for _, tt := range []struct{ in, want string }{
		{"人说是卖教辅资料", "卖教辅资料"},
		{"有个人说是来谈合作", "来谈合作"},
		{"说他娃在学校被人欺负了", "说他娃在学校被人欺负了"},
		{"送资料", "送资料"},
	} {
		if got := plainPurpose(tt.in); got != tt.want {
			t.Errorf("plainPurpose(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
