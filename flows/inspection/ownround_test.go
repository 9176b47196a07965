package inspection

import (
	"slices"
	"testing"
)

// TestRoundAreas: the areas a leader's planned round names are its list,
// in his order, however he lists them (user test 28's N33).
func TestRoundAreas(t *testing.T) {
	for _, c := range []struct {
		text, title string
		areas       []string
	}{
		{"元旦前搞个安全检查 消防 用电 取暖 门窗 都看看 我现在开始", "元旦前安全检查", []string{"消防", "用电", "取暖", "门窗"}},
		{"放假前安全大检查 我现在开始查 门窗水电消防", "放假前安全大检查", []string{"门窗", "水电", "消防"}},
		{"我现在开始考前安全检查 消防通道 用电 监控这几块", "考前安全检查", []string{"消防通道", "用电", "监控"}},
		{"下午我带人搞个冬季安全检查 防滑 取暖设备 消防通道这几块", "冬季安全检查", []string{"防滑", "取暖设备", "消防通道"}},
		{"春节前做个全面安全检查，消防、用电和食堂", "春节前全面安全检查", []string{"消防", "用电", "食堂"}},
		{"期末安全检查开始了 图书馆书架 实验室", "期末安全检查", []string{"图书馆书架", "实验室"}},
		{"元旦前搞个安全检查 我现在开始", "元旦前安全检查", nil},
		{"下午我带人搞个冬季安全检查", "冬季安全检查", nil},
	} {
		if got := roundAreas(c.text); !slices.Equal(got, c.areas) {
			t.Errorf("roundAreas(%q) = %q, want %q", c.text, got, c.areas)
		}
		if got := ownRoundTitle(c.text); got != c.title {
			t.Errorf("ownRoundTitle(%q) = %q, want %q", c.text, got, c.title)
		}
	}
}
