package flows

import "testing"

// TestRemember checks that a turn's reading is computed once per key and
// kept apart from another key's.
func TestRemember(t *testing.T) {
	var turn Turn
	type key struct{ s string }
	calls := 0
	read := func(s string) int {
		return Remember(&turn, key{s}, func() int { calls++; return len(s) })
	}
	if got := read("好了"); got != len("好了") {
		t.Fatalf("first read = %d", got)
	}
	if got := read("好了"); got != len("好了") || calls != 1 {
		t.Fatalf("second read of the same words = %d after %d calls, want one call", got, calls)
	}
	if got := read("没修好"); got != len("没修好") || calls != 2 {
		t.Fatalf("other words = %d after %d calls, want a call of their own", got, calls)
	}
	if got := Remember(&Turn{}, key{"好了"}, func() int { calls++; return -1 }); got != -1 {
		t.Fatalf("a new turn remembered another turn's reading: %d", got)
	}
}
