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
		{"啊", "啊"},
		{"就是", "就是"},
	} {
		if got := PlaceWords(c.in); got != c.want {
			t.Errorf("PlaceWords(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
