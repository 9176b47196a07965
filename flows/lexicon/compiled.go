package lexicon

import (
	"context"
	"sync"

	"github.com/houqin/houqin/flows"
)

// Store is the store side of a school's own words; the store implements
// it (houqin lexicon add). A transaction without it reads with the
// defaults only.
type Store interface {
	// Lexicon lists the entries a school added to the defaults.
	Lexicon(ctx context.Context, schoolID int64) ([]Entry, error)
}

// Own is the entries t's school added to the defaults, or none when t's
// store does not keep them. In PostgreSQL a failed read aborts the
// transaction, so a caller that reads on with the defaults still has the
// turn fail at its next statement: nothing is decided on a partial read.
func Own(t *flows.Turn) ([]Entry, error) {
	ls, ok := t.Tx.(Store)
	if !ok {
		return nil, nil
	}
	return ls.Lexicon(t.Ctx, t.School.ID)
}

// Cache keeps what each lexicon compiles to (a flow's indexes and
// patterns), by the lexicon's Key: schools' lexicons are few and change
// rarely, so every message of a school reads with the same compiled
// value. It holds at most 256; past that it starts again.
type Cache[V any] struct {
	compile func(*Lexicon) V

	mu sync.Mutex
	m  map[string]V
}

// NewCache is a cache of what compile makes of a lexicon.
func NewCache[V any](compile func(*Lexicon) V) *Cache[V] {
	return &Cache[V]{compile: compile, m: map[string]V{}}
}

// Of is l compiled, once per key.
func (c *Cache[V]) Of(l *Lexicon) V {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.m[l.Key()]; ok {
		return v
	}
	if len(c.m) >= 256 {
		clear(c.m)
	}
	v := c.compile(l)
	c.m[l.Key()] = v
	return v
}

// Default is the defaults compiled.
func (c *Cache[V]) Default() V { return c.Of(Default()) }

// With is the defaults and own compiled.
func (c *Cache[V]) With(own []Entry) V { return c.Of(Default().With(own)) }
