package inspection

import (
	"testing"

	"github.com/houqin/houqin/flows"
)

// TestFindingWords: a finding's answers in people's words, and what they
// must not be read as.
func TestFindingWords(t *testing.T) {
	for _, c := range []struct {
		re   interface{ MatchString(string) bool }
		name string
		yes  []string
		no   []string
	}{
		{cannotPhotoRE, "cannotPhoto", []string{"太黑了拍不清", "拍不了", "没法拍", "这里不方便拍"}, []string{"无照片了", "拍好了"}},
		{levelSaidRE, "levelSaid", []string{"一般吧", "一般啊", "一般的", "算一般", "较大的", "应该算较大", "重大隐患"}, []string{"一般般", "不一般", "比较大"}},
		{noWorkerRE, "noWorker", []string{"不用修", "不需要修", "不用修 挪走就行", "不需要", "不需要维修", "不用", "不用修了"}, []string{"需要", "要修", "不要动"}},
		{workerRE, "worker", []string{"需要", "要修", "需要修", "需要维修", "要报修", "需要师傅来修"}, []string{"不需要", "不用修", "需要什么"}},
		{noWorkerRE, "noWorker twice", []string{"不用不用", "不要不要 我们自己弄"}, []string{"不用急"}},
		{yesTwiceRE, "yesTwice", []string{"要的要的 我又修不来", "需要需要", "要的要的"}, []string{"要不要", "需要什么"}},
		{cannotMendRE, "cannotMend", []string{"我又修不来", "我弄不了", "自己搞不定"}, []string{"修不来也得修吗"}},
		{goingRoundRE, "goingRound", []string{"我去转一圈巡查", "我去巡查了", "现在去巡视一下", "巡查去"}, []string{"巡查时发现302灯不亮", "我去转一圈"}},
		{besideRoomRE, "besideRoom", []string{"好像是201隔壁", "302旁边那间", "实验室对面"}, []string{"教学楼201", "201的灯"}},
		{roomlessRE, "roomless", []string{"操场哪有房间号啊", "没有房间", "室外的", "这是户外"}, []string{"302", "实验楼二楼男厕所"}},
	} {
		for _, s := range c.yes {
			if !c.re.MatchString(s) {
				t.Errorf("%s does not match %q", c.name, s)
			}
		}
		for _, s := range c.no {
			if c.re.MatchString(s) {
				t.Errorf("%s matches %q", c.name, s)
			}
		}
	}
}

// TestBesidePlace: a room named only as the neighbour of the place (F68 of
// the sixteenth user test) is kept as written, never that room.
func TestBesidePlace(t *testing.T) {
	locs := []flows.Location{{ID: 1, Building: "教学楼", Floor: "2", Room: "201"}}
	got, ok := besidePlace("教学楼二楼 具体哪间记不得了 好像是201隔壁", locs)
	if !ok || got != "教学楼二楼 201隔壁" {
		t.Errorf("besidePlace = %q, %v; want 教学楼二楼 201隔壁", got, ok)
	}
	if _, ok := besidePlace("教学楼201", locs); ok {
		t.Errorf("教学楼201 read as beside a room")
	}
}

// TestTrailingPassNote: 复查通过 typed after words, with no number, is the
// command, and the words before it its note (F72 of the sixteenth user
// test); denied or with no pause it is not.
func TestTrailingPassNote(t *testing.T) {
	c, note, ok := readTrailingCommand("二楼灯那个记错教室了 不是201 是201隔壁那间 反正灯关了 复查通过")
	if !ok || c.Word != "复查通过" || c.Num != 0 || note != "二楼灯那个记错教室了 不是201 是201隔壁那间 反正灯关了" {
		t.Errorf("readTrailingCommand = %+v %q %v", c, note, ok)
	}
	for _, s := range []string{"现在还不能 复查通过", "灯关了复查通过"} {
		if _, _, ok := readTrailingCommand(s); ok {
			t.Errorf("readTrailingCommand(%q) read a command", s)
		}
	}
}
