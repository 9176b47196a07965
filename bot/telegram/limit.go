package telegram

import (
	"sync"
	"time"
)

// Telegram's published limits (core.telegram.org/bots/faq): about 30
// messages a second overall, one a second to a private chat (short bursts
// are tolerated), 20 a minute to a group.
var (
	globalRate  = rate{every: time.Second / 30, burst: 10}
	privateRate = rate{every: time.Second, burst: 3}
	groupRate   = rate{every: 3 * time.Second, burst: 3}
)

type rate struct {
	every time.Duration
	burst int
}

// limiter keeps one houqin instance under those limits, with the generic
// cell rate algorithm: each key has a theoretical arrival time (tat), and
// a message may go when now ≥ tat − (burst−1)·every.
//
// It is per process. Several instances behind a load balancer share the
// bot's limits without sharing this state; when together they exceed them,
// Telegram answers 429 with retry_after, Send returns a *bot.RetryError
// and the outbox worker retries the item after that time, so nothing is
// lost — only delayed.
type limiter struct {
	mu     sync.Mutex
	now    func() time.Time
	global time.Time
	chats  map[int64]time.Time
}

func newLimiter(now func() time.Time) *limiter {
	return &limiter{now: now, chats: make(map[int64]time.Time)}
}

// rateOf picks the limit by chat id: groups and supergroups have negative ids.
func rateOf(chat int64) rate {
	if chat < 0 {
		return groupRate
	}
	return privateRate
}

// reserve books a message to chat. It returns how long to wait before
// sending it; when that is longer than maxWait it books nothing and returns
// false with the wait.
func (l *limiter) reserve(chat int64, maxWait time.Duration) (time.Duration, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	r := rateOf(chat)
	wait := max(delay(l.global, now, globalRate), delay(l.chats[chat], now, r))
	if wait > maxWait {
		return wait, false
	}
	// Each budget is booked from now, as golang.org/x/time/rate does for
	// two limiters: booking the global one at the later send time would
	// hold every other chat back behind one busy chat.
	l.global = later(l.global, now).Add(globalRate.every)
	l.chats[chat] = later(l.chats[chat], now).Add(r.every)
	if len(l.chats) > 10000 {
		for k, tat := range l.chats {
			if tat.Before(now) {
				delete(l.chats, k)
			}
		}
	}
	return wait, true
}

// penalize holds a chat back after Telegram's 429.
func (l *limiter) penalize(chat int64, d time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	// Put the tat where the burst allowance starts after d.
	r := rateOf(chat)
	tat := l.now().Add(d + time.Duration(r.burst-1)*r.every)
	l.chats[chat] = later(l.chats[chat], tat)
}

func delay(tat, now time.Time, r rate) time.Duration {
	allowed := tat.Add(-time.Duration(r.burst-1) * r.every)
	if allowed.After(now) {
		return allowed.Sub(now)
	}
	return 0
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
