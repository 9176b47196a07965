package parse

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  abc  ", "abc"},
		{"１２３ＡＢＣａｂｃ", "123ABCabc"},
		{"初二（3）班", "初二(3)班"},
		{"时间：8：30", "时间:8:30"},
		{"红烧肉１３０ｇ，青菜；好！吗？", "红烧肉130g，青菜；好！吗？"},
		{"a\u3000\u3000b", "a b"},
		{"a \t\u00a0 b", "a b"},
		{"红烧肉 130g\r\n\r\n  清炒菜心 128  \n", "红烧肉 130g\n清炒菜心 128"},
		{"a \n b", "a\nb"},
		{"\u200b灯\u200b不亮\ufeff", "灯不亮"},
		{"灯 \u200b 不亮", "灯 不亮"},
		{"3\x00号", "3号"},
		{"a\xffb", "a\ufffdb"},
		{"、。·", "、。·"},
	}
	for _, tt := range tests {
		if got := Normalize(tt.in); got != tt.want {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestNormalizeKeepsNormalText checks that text already normal is not
// copied, and that every test case's output is recognised as normal.
func TestNormalizeKeepsNormalText(t *testing.T) {
	for _, s := range []string{"教学楼302灯不亮了", "红烧肉 130g\n清炒菜心 128", "初二(3)班，门锁坏了！", ""} {
		if !normal(s) {
			t.Errorf("normal(%q) = false", s)
		}
		if n := testing.AllocsPerRun(10, func() { _ = Normalize(s) }); n != 0 {
			t.Errorf("Normalize(%q) allocated %v times", s, n)
		}
	}
	for _, s := range []string{" a", "a ", "a  b", "a \nb", "a\n\nb", "\n", "a\tb", "Ａ", "a\u200bb", "a\xffb", "a\rb"} {
		if normal(s) {
			t.Errorf("normal(%q) = true, want false", s)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", "  １２３ＡＢＣ  ", "初二（3）班\r\n\r\n灯", "\u200b \u3000x", "a\xffb", "灯 不亮\n门坏了", "a b"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Normalize(s)
		if normal(s) && normalize(s) != s {
			t.Fatalf("normal(%q) but normalize gives %q", s, normalize(s))
		}
		if !utf8.ValidString(got) {
			t.Fatalf("Normalize(%q) = %q, not valid UTF-8", s, got)
		}
		if again := Normalize(got); again != got {
			t.Fatalf("Normalize not idempotent: %q -> %q -> %q", s, got, again)
		}
		if strings.TrimSpace(got) != got {
			t.Fatalf("Normalize(%q) = %q, not trimmed", s, got)
		}
		if strings.Contains(got, "  ") || strings.Contains(got, " \n") || strings.Contains(got, "\n ") || strings.Contains(got, "\n\n") {
			t.Fatalf("Normalize(%q) = %q, white space not collapsed", s, got)
		}
		for _, r := range got {
			if r >= 0xFF01 && r <= 0xFF5E && !strings.ContainsRune("，；！？", r) {
				t.Fatalf("Normalize(%q) = %q, keeps full-width %q", s, got, r)
			}
		}
	})
}

func TestChineseInt(t *testing.T) {
	tests := []struct {
		in   string
		want int
		ok   bool
	}{
		{"零", 0, true},
		{"三", 3, true},
		{"两", 2, true},
		{"十", 10, true},
		{"十二", 12, true},
		{"二十", 20, true},
		{"二十五", 25, true},
		{"一百", 100, true},
		{"一百零五", 105, true},
		{"一百三", 130, true},
		{"一百三十", 130, true},
		{"两千五", 2500, true},
		{"九千九百九十九", 9999, true},
		{"", 0, false},
		{"一三", 0, false},
		{"十十", 0, false},
		{"百", 0, false},
		{"零零", 0, false},
		{"三x", 0, false},
	}
	for _, tt := range tests {
		got, ok := Numeral(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Numeral(%q) = %d, %v, want %d, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}
