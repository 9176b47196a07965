package lexicon

import "testing"

func TestCacheCompilesOncePerKey(t *testing.T) {
	calls := 0
	c := NewCache(func(l *Lexicon) int { calls++; return len(l.Added(Trade)) })
	own := []Entry{{Kind: Trade, Word: "风幕机", Value: "electrical"}}
	if got := c.Default(); got != 0 {
		t.Fatalf("defaults compiled to %d added trade words, want 0", got)
	}
	if got := c.With(own); got != 1 {
		t.Fatalf("a school's words compiled to %d added trade words, want 1", got)
	}
	c.Default()
	c.With(own)
	c.Of(Default().With(nil))
	if calls != 2 {
		t.Fatalf("compiled %d times for two lexicons, want 2", calls)
	}
}
