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
		{noWorkerRE, "noWorker", []string{"不用修", "不用师傅修", "不需要找师傅来修", "不需要修", "不用修 挪走就行", "不需要", "不需要维修", "不用", "不用修了"}, []string{"需要", "要修", "不要动"}},
		{workerRE, "worker", []string{"需要", "要修", "需要修", "需要维修", "要报修", "需要师傅来修"}, []string{"不需要", "不用修", "需要什么"}},
		{noWorkerRE, "noWorker twice", []string{"不用不用", "不要不要 我们自己弄"}, []string{"不用急"}},
		{yesTwiceRE, "yesTwice", []string{"要的要的 我又修不来", "需要需要", "要的要的"}, []string{"要不要", "需要什么"}},
		{cannotMendRE, "cannotMend", []string{"我又修不来", "我弄不了", "自己搞不定"}, []string{"修不来也得修吗"}},
		{namedCheckRE, "namedCheck", []string{"开始这个月的消防器材月检", "现在开始用电安全检查"}, []string{"开始检查302的灯", "我做了检查"}},
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

// matcher adapts a reading function to the table of TestWords17.
type matcher func(string) bool

func (m matcher) MatchString(s string) bool { return m(s) }

// TestWords17: the readers of user test 16's words (F33, F66–F73, F38,
// F41), and what they must not be read as.
func TestWords17(t *testing.T) {
	handle := func(want string) matcher {
		return func(s string) bool {
			var d findingDraft
			handleInWords(&d, s)
			return d.Handle == want
		}
	}
	for _, c := range []struct {
		re   interface{ MatchString(string) bool }
		name string
		yes  []string
		no   []string
	}{
		{matcher(goingRound), "goingRound", []string{"我现在开始今天的安全巡查", "我转一圈去 今天的巡查开始了", "今天的巡查开始了", "我去转一圈巡查"},
			[]string{"我转一圈去", "今天的巡查做完了吗", "巡查时发现302灯不亮", "我转一圈去 302灯不亮"}},
		{handle(handleSelf), "handle self", []string{"消防通道不能堵的 我去叫司机挪车 不用修", "搬走就行"}, []string{"要找周师傅来通一下下水口", "不用修 但要找师傅焊"}},
		{handle(handleRepair), "handle repair", []string{"但要找周师傅来通一下下水口", "挺危险的 算重大吧 要找师傅来焊一下"}, []string{"消防通道不能堵的", "不用修"}},
		{matcher(saidStillBad), "stillBad", []string{"操场东头积水还在 下水口也没通 这个不能算整改完", "积水还在 下水口也没通"},
			[]string{"食堂后面通道我去看了 车还没挪走", "去看了 楼梯口纸箱是食堂的 还是堆着", "通道空了"}},
		{passableRE, "passable", []string{"消防通道是通的", "通道现在是通的", "都是空的"}, []string{"通道不通的"}},
		{yesPassRE, "yesPass", []string{"对 通过", "对的，没问题", "通过"}, []string{"对 不通过", "通过了吗"}},
		{yesFailRE, "yesFail", []string{"对 不通过", "不合格"}, []string{"对 通过"}},
		{mistakeRE, "mistake", []string{"搞错了！不是积水那个", "登记错了"}, []string{"错了吗", "地点不对"}},
		{instructRE, "instruct", []string{"单杠那个，先拉警戒线别让学生碰，陈主任今天找人焊好", "马上处理", "刘校你盯紧点"}, []string{"单杠修好了吗", "篮球场围墙的事收到"}},
		{pointsBackRE, "pointsBack", []string{"篮球场围墙的事收到", "单杠那个"}, []string{"302灯不亮 今天找人修一下"}},
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
	if w := namedWorker("要修 叫周师傅"); w != "周师傅" {
		t.Errorf("namedWorker = %q, want 周师傅", w)
	}
}

// TestFitsNamed: a check started by its name (user test 17's 「开始这个月的
// 消防器材月检」) fits only that check; 开始检查 names none, and fits any.
func TestFitsNamed(t *testing.T) {
	round, fire := choice{Label: "每日校园巡查（今天 21:00 前）"}, choice{Label: "消防器材月检（11月30日 17:00 前）"}
	for _, c := range []struct {
		text string
		c    choice
		want bool
	}{
		{"开始这个月的消防器材月检", fire, true},
		{"开始这个月的消防器材月检", round, false},
		{"开始检查", round, true},
		{"巡查", round, true},
	} {
		if got := fitsNamed(c.c, namedCheck(c.text)); got != c.want {
			t.Errorf("fitsNamed(%q, %q) = %v, want %v", c.c.Label, c.text, got, c.want)
		}
	}
}
