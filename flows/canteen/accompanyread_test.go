package canteen

import (
	"testing"
	"time"
)

// readPeriod's days, asked on Monday 2026-11-23 unless said otherwise.
func TestReadPeriod(t *testing.T) {
	mon := time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }
	for _, c := range []struct {
		text     string
		today    time.Time
		from, to time.Time
		label    string
		named    bool
	}{
		{"今天中午陪餐是谁去的", mon, mon, mon, "今天", true},
		{"陪餐是谁去的", mon, mon, mon, "今天", false},
		{"昨天有领导陪餐吗", mon, d(2026, 11, 22), d(2026, 11, 22), "昨天", true},
		{"上周五谁陪的餐", mon, d(2026, 11, 20), d(2026, 11, 20), "上周五（11月20日）", true},
		{"周五谁陪的餐", mon, d(2026, 11, 20), d(2026, 11, 20), "周五（11月20日）", true}, // the last Friday
		{"星期天谁陪餐", mon, d(2026, 11, 22), d(2026, 11, 22), "昨天", true},
		{"这周陪餐记录", d(2026, 11, 26), mon, d(2026, 11, 26), "这周", true},
		{"上周陪餐几次", mon, d(2026, 11, 16), d(2026, 11, 22), "上周", true},
		{"这个月陪餐几次了", mon, d(2026, 11, 1), mon, "这个月", true},
		{"上个月陪餐记录", d(2026, 1, 5), d(2025, 12, 1), d(2025, 12, 31), "上个月", true},
		{"最近陪餐有什么意见", mon, d(2026, 11, 17), mon, "最近一周", true},
		{"11月20日陪餐记录", mon, d(2026, 11, 20), d(2026, 11, 20), "11月20日", true},
		{"25号谁陪的餐", d(2026, 12, 3), d(2026, 11, 25), d(2026, 11, 25), "11月25日", true}, // last month's 25th
		{"12月30日陪餐记录", d(2027, 1, 2), d(2026, 12, 30), d(2026, 12, 30), "12月30日", true},
	} {
		p := readPeriod(c.text, c.today)
		if !p.from.Equal(c.from) || !p.to.Equal(c.to) || p.label != c.label || p.named != c.named {
			t.Errorf("readPeriod(%q) = %s–%s %q named %v, want %s–%s %q named %v", c.text,
				p.from.Format(time.DateOnly), p.to.Format(time.DateOnly), p.label, p.named,
				c.from.Format(time.DateOnly), c.to.Format(time.DateOnly), c.label, c.named)
		}
	}
}

// A question reads the records; telling of a meal or asking to log one does not.
func TestAsksAccompanied(t *testing.T) {
	for text, want := range map[string]bool{
		"今天中午陪餐是谁去的":       true,
		"昨天有领导陪餐吗":         true,
		"这周陪餐记录":           true,
		"这个月陪餐几次了":         true,
		"上周五谁陪的餐":          true,
		"最近陪餐有什么意见":        true,
		"陪餐":               false,
		"陪餐记录":             true, // a trigger of AccompanyFlow: the engine starts it before asking Questions
		"今天中午我陪餐了 鸡块不错":    false,
		"今天中午陪餐了 记录一下":     false,
		"今天陪餐了 米饭偏硬 5 4 5": false,
		"今天中午吃什么":          false,
		"今天中午的样留了没有":       false,
	} {
		if got := asksAccompanied(text); got != want {
			t.Errorf("asksAccompanied(%q) = %v, want %v", text, got, want)
		}
	}
}

// The words before 陪餐's dishes and a remark that they are the sample's
// (user test 16) are no dishes; a dish that begins like them keeps its name.
func TestCutSameAsSample(t *testing.T) {
	for _, c := range []struct {
		text, rest string
		same       bool
	}{
		{"就是回锅肉 麻婆豆腐 炒莲白 米饭 跟钱阿姨留样那几样一样", "回锅肉 麻婆豆腐 炒莲白 米饭", true},
		{"跟留样的一样", "", true},
		{"就四个：回锅肉、麻婆豆腐、炒莲白、米饭", "回锅肉、麻婆豆腐、炒莲白、米饭", false},
		{"有机蔬菜、米饭", "有机蔬菜、米饭", false},
		{"就是菜单上的", "菜单上的", false},
	} {
		rest, same := cutSameAsSample(c.text)
		if rest != c.rest || same != c.same {
			t.Errorf("cutSameAsSample(%q) = %q, %v; want %q, %v", c.text, rest, same, c.rest, c.same)
		}
	}
	if ds, ok := dishesRedone("不对 菜名多了字 就四个：回锅肉、麻婆豆腐、炒莲白、米饭"); !ok || len(ds) != 4 || ds[0] != "回锅肉" {
		t.Errorf("dishesRedone: %q, %v; want the four dishes", ds, ok)
	}
	if _, ok := dishesRedone("5 4 5"); ok {
		t.Error("dishesRedone read scores as dishes")
	}
}
