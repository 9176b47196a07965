package repair

import "testing"

// TestSpacesInAPlace: a space between Chinese words cuts a clause only
// after a fault, so a place typed with spaces still reads as written
// together, while two problems separated by a space are two.
func TestSpacesInAPlace(t *testing.T) {
	locs, _ := corpusSchool()
	for _, c := range []struct{ spaced, together string }{
		{"初二 三班 灯不亮", "初二三班灯不亮"},
		{"实验楼 二楼 男厕 水龙头坏了", "实验楼二楼男厕水龙头坏了"},
		{"教学楼 三楼 302 灯不亮", "教学楼三楼302灯不亮"},
	} {
		got, want := Understand(c.spaced, locs, Sender{}), Understand(c.together, locs, Sender{})
		if len(got.Problems) != 1 || len(want.Problems) != 1 || got.Problems[0].LocationID == 0 || got.Problems[0].LocationID != want.Problems[0].LocationID {
			t.Errorf("%q read %s, want the place of %q: %s", c.spaced, describeReading(got, locs), c.together, describeReading(want, locs))
		}
	}
	if rd := Understand("初三5班前门合页掉了一个 门口饮水机也一直滴水", locs, Sender{}); len(rd.Problems) != 2 {
		t.Errorf("two problems separated by a space: %s", describeReading(rd, locs))
	}
}
