package bot

import (
	"sync"
	"time"
)

// TokenMemoFor is how long a process keeps an access token it read from
// or wrote to the shared KV before reading the KV again.
//
// Without it every API call (every notification the outbox delivers, every
// late reply) read the token from PostgreSQL first: a database round trip
// per call for a value that changes every two hours. A minute is well
// inside the five minutes taken off the token's lifetime when it is
// cached, so a memo never outlives the token; a token the platform refuses
// (another client refreshed it) is dropped from the memo by the channel's
// invalidation, as from the KV, and the next call reads the KV again.
const TokenMemoFor = time.Minute

// TokenMemo is a channel's access token held in this process; see
// TokenMemoFor. The zero value is empty and ready to use.
type TokenMemo struct {
	mu    sync.Mutex
	token string
	until time.Time
}

// Get returns the token while its memo lasts.
func (m *TokenMemo) Get(now time.Time) (string, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.token == "" || !now.Before(m.until) {
		return "", false
	}
	return m.token, true
}

// Set keeps token for TokenMemoFor, or for ttl when that is shorter (what
// is left of the token's life in the KV, when known).
func (m *TokenMemo) Set(token string, now time.Time, ttl time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.token, m.until = token, now.Add(min(ttl, TokenMemoFor))
}

// Drop forgets bad, the token the platform refused; a newer one is kept.
func (m *TokenMemo) Drop(bad string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.token == bad {
		m.token = ""
	}
}
