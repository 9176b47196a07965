package inspection

import "testing"

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
