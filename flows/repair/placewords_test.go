package repair

import "testing"

// TestPlaceWords: the filler around a place said in answer to 在哪里 is
// dropped; a place, or text that is only filler, stays as it is.
func TestPlaceWords(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"就是三楼初二年级组办公室啊", "三楼初二年级组办公室"},
		{"刚说了啊 实验楼一楼东头", "实验楼一楼东头"},
		{"我不是说了吗，302", "302"},
		{"就在那个图书馆后面呀", "图书馆后面"},
		{"在303嘛", "303"},
		{"还是早上那个地方 教学楼二楼 女厕", "教学楼二楼 女厕"},
		{"是实验楼二楼男厕所吧", "实验楼二楼男厕所"},
		{"操场东边的围栏", "操场东边的围栏"},
		{"教学楼东头那个楼梯口", "教学楼东头那个楼梯口"},
		{"东门口嘛 刚才说了的", "东门口"},
		{"东门口噻", "东门口"},
		{"操场东边的", "操场东边"},
		{"就是东门口啊，不是说过了吗？", "东门口"},
		{"都跟你讲过了 实验楼后门", "实验楼后门"},
		{"啊", "啊"},
		{"就是", "就是"},
		{"刚才说了的", "刚才说了的"},
	} {
		if got := PlaceWords(c.in); got != c.want {
			t.Errorf("PlaceWords(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestOnlyFiller: an answer to 在哪里 that only grumbles it was said (or
// is a particle) has no place; one with a place in it has.
func TestOnlyFiller(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"刚才说了的", true},
		{"不是说了吗", true},
		{"我刚说过了啊", true},
		{"东门口嘛 刚才说了的", false},
		{"操场东边的围栏", false},
		{"302", false},
		{"", false},
	} {
		if got := OnlyFiller(c.in); got != c.want {
			t.Errorf("OnlyFiller(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}
