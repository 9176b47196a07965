package callback

import (
	"context"
	"crypto/hmac"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"sync"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/flows"
)

// Admission.
//
// Every message handed to the engine runs in a flight: a goroutine that
// calls the engine and may outlive the callback that started it (the
// platform hangs up after 5 s; the engine goes on until it commits, so that
// the retry finds the result). Flights are bounded:
//
//   - at most max at once in the process; a callback beyond that is
//     refused at once with 503 instead of queueing goroutines;
//   - at most perSender of one account at once (beyond: 503), and those run
//     one at a time: the engine locks the account's row anyway, so a second
//     message of the same account waiting here holds no database
//     connection, and one account's burst cannot take the pool from
//     everyone else;
//   - a callback for a message already in flight — the platform's retry,
//     on this instance — joins that flight and takes no new slot; on
//     another instance the engine's dedup claim makes it wait for the first
//     attempt's commit instead.

// Why a callback was refused by admission.
var (
	ErrBusy       = errors.New("too many messages in progress")
	ErrSenderBusy = errors.New("too many messages in progress from one account")
	// ErrReplay: the callback's nonce was used by another message; answer 403.
	ErrReplay = errors.New("used nonce with another message (replay)")
)

// Admission tracks the flights in progress.
type Admission struct {
	max, perSender int

	mu      sync.Mutex
	n       int                // flights in progress
	joins   int                // callbacks that joined a flight in progress
	flights map[string]*Flight // by DedupKey, which names the sender
	senders map[string]*sender // by account
}

// sender is one account's flights.
type sender struct {
	n    int           // flights in progress (guarded by Admission.mu)
	turn chan struct{} // capacity 1: held by the flight in the engine
}

// Result is what the engine answered.
type Result struct {
	Replies []flows.Reply
	Err     error
}

// Flight is one message in the engine.
type Flight struct {
	key   string
	who   *sender
	nonce *flows.CallbackNonce // the message's nonce, recorded by the engine
	done  chan struct{}        // closed when Res is set
	// Res is the engine's answer, set before the flight is done.
	Res Result
	// Extra runs what a flight sends besides its passive reply once, however
	// many callbacks (retries) joined it.
	Extra sync.Once
}

// NewAdmission bounds flights to max in the process and perSender per
// account.
func NewAdmission(max, perSender int) *Admission {
	return &Admission{max: max, perSender: perSender,
		flights: map[string]*Flight{}, senders: map[string]*sender{}}
}

// admit returns the flight of the message key from the account, and
// start=true when the caller must run it (it is new). It returns ErrBusy
// or ErrSenderBusy when a new flight would exceed a bound.
func (a *Admission) admit(key, account string, nonce *flows.CallbackNonce) (f *Flight, start bool, err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if f := a.flights[key]; f != nil {
		a.joins++
		return f, false, nil
	}
	if a.n >= a.max {
		return nil, false, ErrBusy
	}
	s := a.senders[account]
	if s == nil {
		s = &sender{turn: make(chan struct{}, 1)}
		a.senders[account] = s
	}
	if s.n >= a.perSender {
		return nil, false, ErrSenderBusy
	}
	s.n++
	a.n++
	f = &Flight{key: key, who: s, nonce: nonce, done: make(chan struct{})}
	a.flights[key] = f
	return f, true, nil
}

// finish records a flight's result, wakes its callbacks and frees its slots.
func (a *Admission) finish(f *Flight, account string, res Result) {
	a.mu.Lock()
	delete(a.flights, f.key)
	f.who.n--
	if f.who.n == 0 {
		delete(a.senders, account)
	}
	a.n--
	a.mu.Unlock()
	f.Res = res
	close(f.done)
}

// Counts reports the flights in progress and the callbacks that have
// joined one so far.
func (a *Admission) Counts() (inFlight, joins int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.n, a.joins
}

// Dispatcher runs messages through the engine in flights and makes
// callbacks wait for them.
type Dispatcher struct {
	Name    string // the channel, for logs: "wechat", "wecom"
	Handler bot.Handler
	Adm     *Admission
	// Hold is the longest a callback waits for its flight.
	Hold time.Duration
	// Timeout bounds the engine's handling of one message.
	Timeout time.Duration
	Log     *slog.Logger
	// Late counts flights, so the channel's Shutdown waits for them.
	Late *sync.WaitGroup
	// Guard records the nonce of a callback that joins a flight under
	// another nonce (see Await); needed only with Message.Nonce.
	Guard *Guard
}

// Await hands msg to its flight (a new one, or the one already handling it
// when this is the platform's retry) and returns the flight once it has
// committed.
//
// It never returns before that: the platform takes any answer, "success"
// included, as final and never resends, so an answer before the commit
// would lose the message if the process died in between. When the engine
// is slow the callback waits until the platform hangs up, or, if the
// connection is still open after Hold (a proxy in between kept it), and
// when the engine failed (nothing was stored), Await aborts the callback
// without an answer (see Abort) so that the platform retries. The flight
// goes on and commits; the retry joins it or, once it is done, reads its
// replies from the engine's dedup log.
//
// A callback beyond the admission bounds gets ErrBusy or ErrSenderBusy,
// to be answered with 503.
//
// A message with a callback nonce (msg.Nonce) has it recorded by the
// engine in the message's transaction; a nonce used before by another
// message fails there with flows.ErrReplay, and Await returns ErrReplay
// (403). A callback that joins a flight under the flight's nonce must
// carry the same message; one under another nonce has its nonce recorded
// here (by Guard), since the engine records only the flight's.
func (d *Dispatcher) Await(r *http.Request, msg flows.Message, what string) (*Flight, error) {
	f, start, err := d.Adm.admit(msg.DedupKey, msg.ExternalUser, msg.Nonce)
	if err != nil {
		return nil, err
	}
	if !start && msg.Nonce != nil {
		if f.nonce != nil && f.nonce.Nonce == msg.Nonce.Nonce {
			if !hmac.Equal([]byte(f.nonce.Fingerprint), []byte(msg.Nonce.Fingerprint)) {
				return nil, ErrReplay
			}
		} else {
			ok, err := d.Guard.Claim(r.Context(), *msg.Nonce)
			if err != nil {
				return nil, err
			}
			if !ok {
				return nil, ErrReplay
			}
		}
	}
	if start {
		d.Late.Add(1)
		go d.run(f, msg, what)
	}
	timer := time.NewTimer(d.Hold)
	defer timer.Stop()
	select {
	case <-f.done:
	case <-r.Context().Done():
		d.Log.Info(d.Name+": the platform hung up before the message was handled; its retry gets the answer", "type", what)
		Abort()
	case <-timer.C:
		d.Log.Warn(d.Name+": message not handled within the hold; closing without an answer so that the platform retries",
			"type", what, "hold", d.Hold)
		Abort()
	}
	if errors.Is(f.Res.Err, flows.ErrReplay) {
		return nil, ErrReplay
	}
	if f.Res.Err != nil {
		Abort() // logged once, in handle
	}
	return f, nil
}

// run is a flight: it waits for its account's turn, runs the engine, and
// finishes the flight. The engine's work is not tied to any callback's
// context: it commits the message's effects, which a retry will find.
func (d *Dispatcher) run(f *Flight, msg flows.Message, what string) {
	defer d.Late.Done()
	preGrowStack()
	var res Result
	defer func() { d.Adm.finish(f, msg.ExternalUser, res) }()
	f.who.turn <- struct{}{}
	defer func() { <-f.who.turn }()
	ctx, cancel := context.WithTimeout(context.Background(), d.Timeout)
	defer cancel()
	res = d.handle(ctx, msg, what)
}

// handle calls the engine, turning a panic into an error; failures are
// logged here, once per message.
func (d *Dispatcher) handle(ctx context.Context, msg flows.Message, what string) (res Result) {
	defer func() {
		if p := recover(); p != nil {
			d.Log.Error(d.Name+": panic in handler", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
			res = Result{Err: fmt.Errorf("panic: %v", p)}
		}
	}()
	replies, err := d.Handler.Handle(ctx, msg)
	if errors.Is(err, flows.ErrReplay) {
		return Result{nil, err} // logged by the channel's 403
	}
	if err != nil {
		d.Log.Error(d.Name+": handler failed; no answer, so that the platform retries", "type", what, "dedup", msg.DedupKey, "err", err.Error())
	}
	return Result{replies, err}
}
