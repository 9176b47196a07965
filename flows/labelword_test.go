package flows

import "testing"

func TestLabelWord(t *testing.T) {
	decide := []Button{{Label: "改派他人", Data: "reassign"}, {Label: "批准外修或采购", Data: "approve"}, {Label: "暂缓并说明原因", Data: "defer"}}
	fix := []Button{{Label: "需要维修（自动报修）", Data: "yes"}, {Label: "不需要维修（由负责人整改）", Data: "no"}}
	photo := []Button{{Label: "无照片", Data: "none"}, {Label: "拍照片", Data: "take"}}
	for _, c := range []struct {
		buttons []Button
		text    string
		want    string
		ok      bool
	}{
		{decide, "外修", "approve", true},
		{decide, "采购吧", "approve", true},
		{decide, "批准", "approve", true},
		{decide, "暂缓", "defer", true},
		{decide, "说明原因", "defer", true},
		{decide, "外", "", false},    // one character names nothing
		{decide, "准外", "", false},   // inside a word, no word of its own
		{decide, "3天", "", false},   // not a word of Chinese characters
		{decide, "修或采", "", false},  // across the parts
		{fix, "维修", "", false},      // in both; after 不 in the second
		{fix, "需要维修", "yes", true},  // after 不 in the second, so the first
		{fix, "不需要维修", "no", true},  //
		{photo, "照片", "take", true}, // 无照片 says none
		{fix, "整改", "no", true},     // 由负责人整改 ends with it
	} {
		got, ok := LabelWord(c.buttons, c.text)
		if got != c.want || ok != c.ok {
			t.Errorf("LabelWord(%q) = %q, %v; want %q, %v", c.text, got, ok, c.want, c.ok)
		}
	}
}
