package parse

import (
	"strconv"
	"testing"
)

func TestParseChoice(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want int
		ok   bool
	}{
		{"1", 3, 1, true},
		{"１", 3, 1, true},
		{" 2 ", 3, 2, true},
		{"1号", 3, 1, true},
		{"第1个", 3, 1, true},
		{"第 2 项", 3, 2, true},
		{"选3", 3, 3, true},
		{"3.", 3, 3, true},
		{"三", 3, 3, true},
		{"第二个", 3, 2, true},
		{"十", 10, 10, true},
		{"十二", 12, 12, true},
		{"②", 3, 2, true},
		{"12", 12, 12, true},
		{"4", 3, 0, false},
		{"0", 3, 0, false},
		{"零", 3, 0, false},
		{"-1", 3, 0, false},
		{"1", 0, 0, false},
		{"", 3, 0, false},
		{"第", 3, 0, false},
		{"好的", 3, 0, false},
		{"1 2", 3, 0, false},
		{"99999999999999999999", 3, 0, false},
		{"13812345678", 3, 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseChoice(tt.in, tt.n)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ParseChoice(%q, %d) = %d, %v, want %d, %v", tt.in, tt.n, got, ok, tt.want, tt.ok)
		}
	}
}

func FuzzParseChoice(f *testing.F) {
	for _, s := range []string{"1", "１", "1号", "第1个", "三", "十二", "②", "选3"} {
		f.Add(s, 5)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		k, ok := ParseChoice(s, n)
		if !ok {
			if k != 0 {
				t.Fatalf("ParseChoice(%q, %d) = %d, false: want 0", s, n, k)
			}
			return
		}
		if k < 1 || k > n {
			t.Fatalf("ParseChoice(%q, %d) = %d, out of 1..%d", s, n, k, n)
		}
		if again, ok := ParseChoice(strconv.Itoa(k), n); again != k || !ok {
			t.Fatalf("ParseChoice(%d, %d) = %d, %v, want it to round-trip", k, n, again, ok)
		}
	})
}
