package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestColumnsLineUpChinese checks that the column after a Chinese name
// starts at the same terminal column on every line: two columns for each
// Chinese character, one for ASCII.
func TestColumnsLineUpChinese(t *testing.T) {
	var b strings.Builder
	c := newColumns(&b)
	fmt.Fprintln(c, "ID\tNAME\tROLES")
	fmt.Fprintln(c, "1\t王师傅\tworker")
	fmt.Fprintln(c, "12\tLi Lei\tteacher")
	fmt.Fprintln(c, "3\t欧阳娜娜（初二）\tteacher,head")
	if err := c.Flush(); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines:\n%s", len(lines), b.String())
	}
	var at []int
	for _, l := range lines {
		cells := strings.Fields(l)
		last := cells[len(cells)-1]
		i := strings.LastIndex(l, last)
		at = append(at, displayWidth(l[:i]))
	}
	for i := range at {
		if at[i] != at[0] {
			t.Fatalf("the last column starts at %v, not one column:\n%s", at, b.String())
		}
	}
	// 欧阳娜娜（初二） is 16 columns wide, the widest name, plus two spaces.
	if want := len("ID  ") + 16 + 2; at[0] != want {
		t.Errorf("last column at %d, want %d:\n%s", at[0], want, b.String())
	}
	if strings.HasSuffix(lines[1], " ") {
		t.Errorf("the last cell is padded: %q", lines[1])
	}
}

func TestDisplayWidth(t *testing.T) {
	for s, want := range map[string]int{"": 0, "abc": 3, "王师傅": 6, "3号楼": 5, "（初二）": 8, "é": 1, "e\u0301": 1} {
		if got := displayWidth(s); got != want {
			t.Errorf("displayWidth(%q) = %d, want %d", s, got, want)
		}
	}
}
