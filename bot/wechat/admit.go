package wechat

import (
	"errors"
	"sync"
)

// Admission.
//
// Every message handed to the engine runs in a flight: a goroutine that
// calls the engine and may outlive the callback that started it (WeChat
// hangs up after 5 s; the engine goes on until it commits, so that the
// retry finds the result). Flights are bounded:
//
//   - at most MaxInFlight at once in the process; a callback beyond that is
//     refused at once with 503 instead of queueing goroutines;
//   - at most PerSender of one account at once (beyond: 503), and those run
//     one at a time: the engine locks the account's row anyway, so a second
//     message of the same account waiting here holds no database
//     connection, and one account's burst cannot take the pool from
//     everyone else;
//   - a callback for a message already in flight — WeChat's retry, on this
//     instance — joins that flight and takes no new slot; on another
//     instance the engine's dedup claim makes it wait for the first
//     attempt's commit instead.

// Why a callback was refused by admission.
var (
	errBusy       = errors.New("too many messages in progress")
	errSenderBusy = errors.New("too many messages in progress from one account")
)

// admission tracks the flights in progress.
type admission struct {
	max, perSender int

	mu      sync.Mutex
	n       int                // flights in progress
	joins   int                // callbacks that joined a flight in progress
	flights map[string]*flight // by DedupKey, which names the sender
	senders map[string]*sender // by OpenID
}

// sender is one account's flights.
type sender struct {
	n    int           // flights in progress (guarded by admission.mu)
	turn chan struct{} // capacity 1: held by the flight in the engine
}

// flight is one message in the engine.
type flight struct {
	key   string
	who   *sender
	done  chan struct{} // closed when res is set
	res   result
	extra sync.Once // the rest of a long reply is sent once per flight
}

func newAdmission(max, perSender int) *admission {
	return &admission{max: max, perSender: perSender,
		flights: map[string]*flight{}, senders: map[string]*sender{}}
}

// admit returns the flight of the message key from the account openID,
// and start=true when the caller must run it (it is new). It returns
// errBusy or errSenderBusy when a new flight would exceed a bound.
func (a *admission) admit(key, openID string) (f *flight, start bool, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if f := a.flights[key]; f != nil {
		a.joins++
		return f, false, nil
	}
	if a.n >= a.max {
		return nil, false, errBusy
	}
	s := a.senders[openID]
	if s == nil {
		s = &sender{turn: make(chan struct{}, 1)}
		a.senders[openID] = s
	}
	if s.n >= a.perSender {
		return nil, false, errSenderBusy
	}
	s.n++
	a.n++
	f = &flight{key: key, who: s, done: make(chan struct{})}
	a.flights[key] = f
	return f, true, nil
}

// finish records a flight's result, wakes its callbacks and frees its slots.
func (a *admission) finish(f *flight, openID string, res result) {
	a.mu.Lock()
	delete(a.flights, f.key)
	f.who.n--
	if f.who.n == 0 {
		delete(a.senders, openID)
	}
	a.n--
	a.mu.Unlock()
	f.res = res
	close(f.done)
}

// counts reports the flights in progress and the callbacks that have
// joined one so far.
func (a *admission) counts() (inFlight, joins int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.n, a.joins
}
