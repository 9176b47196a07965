package callback

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/houqin/houqin/flows"
)

// Replays.
//
// WeChat and WeCom sign a callback's URL with sha1(Token, timestamp, nonce
// [, ciphertext]); in WeChat's plaintext mode that is all the
// authentication there is, and it does not cover the body or the sender.
// So a signed URL must be good for one message only, and not for long:
//
//   - the timestamp must be within ReplayWindow of now (either way, for
//     clocks that differ), or the request is refused with 403;
//   - the (timestamp, nonce) pair is recorded on its first use in
//     PostgreSQL, where every houqin instance sees it, together with a
//     fingerprint of the message it carried;
//   - a later request with a recorded pair is the platform's own retry only
//     when its message has the same fingerprint: a message that got no
//     answer within 5 s is resent with the same timestamp, nonce and
//     signature, and the retry is answered from the engine's dedup log.
//     Any other message under a used pair — a forged body on a captured
//     URL, the URL of the GET verification reused for a POST — is refused
//     with 403.
//
// A byte-for-byte replay of a captured request within the window is
// indistinguishable from a retry and is treated as one: it changes nothing
// and gets the stored reply, which in safe mode only the account can
// decrypt.

// ReplayWindow is how far a callback's signed timestamp may be from now.
const ReplayWindow = 5 * time.Minute

const (
	// NonceSkew is how much longer than the window a used nonce is kept,
	// so that an instance whose clock is behind the pruning one's still
	// finds every nonce it could accept.
	NonceSkew = time.Minute
	// pruneEvery is how often an instance prunes expired nonces.
	pruneEvery = time.Minute
)

// Nonces remembers the nonces of signed callbacks. *store.DB implements it.
type Nonces interface {
	// UseNonce records the first use of nonce on channel ch together with
	// the fingerprint of the message it carried and its signed time. When
	// the nonce was used before it changes nothing and returns the
	// fingerprint recorded then; on the first use it returns fingerprint.
	UseNonce(ctx context.Context, ch flows.Channel, nonce, fingerprint string, signedAt time.Time) (first string, err error)
	// PruneNonces forgets the channel's nonces signed before before.
	PruneNonces(ctx context.Context, ch flows.Channel, before time.Time) (int64, error)
}

// Guard applies the replay rules of one channel.
type Guard struct {
	Channel flows.Channel
	Token   string // keys the fingerprints
	Nonces  Nonces
	Now     func() time.Time
	Log     *slog.Logger
	// Late counts the background pruning, so the channel's Shutdown waits
	// for it.
	Late *sync.WaitGroup
	// InTx: the channel's handler records a message's nonce in the
	// message's transaction (see ClaimsNonces); Check then leaves it to
	// the engine.
	InTx bool

	nextPrune atomic.Int64 // unix nanoseconds of the next nonce pruning
}

// SignedTime parses a callback's timestamp and reports whether it lies
// within ReplayWindow of now.
func (g *Guard) SignedTime(ts string) (time.Time, bool) {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	at := time.Unix(sec, 0)
	d := g.Now().Sub(at)
	return at, d <= ReplayWindow && d >= -ReplayWindow
}

// Fingerprint is a keyed hash (HMAC-SHA256 with the Token) of parts: the
// database learns whether two requests carried the same message, and
// nothing about the message itself.
func (g *Guard) Fingerprint(parts ...string) string {
	mac := hmac.New(sha256.New, []byte(g.Token))
	for _, p := range parts {
		mac.Write([]byte(p))
		mac.Write([]byte{0})
	}
	return hex.EncodeToString(mac.Sum(nil))
}

// UseNonce records the request's (timestamp, nonce) with fp and reports
// whether the request may proceed: on the pair's first use, or when the
// first use carried the same message (a retry).
func (g *Guard) UseNonce(ctx context.Context, at time.Time, ts, nonce, fp string) (bool, error) {
	first, err := g.Nonces.UseNonce(ctx, g.Channel, ts+":"+nonce, fp, at)
	if err != nil {
		return false, err
	}
	g.prune()
	return hmac.Equal([]byte(first), []byte(fp)), nil
}

// Nonce is the callback nonce of a message the engine records in the
// message's transaction (flows.Message.Nonce): the same key and
// fingerprint UseNonce would record. Prune is called here, as UseNonce
// does.
func (g *Guard) Nonce(at time.Time, ts, nonce, fp string) *flows.CallbackNonce {
	g.prune()
	return &flows.CallbackNonce{Nonce: ts + ":" + nonce, Fingerprint: fp, SignedAt: at}
}

// ClaimsNonces reports whether h records a message's callback nonce
// (flows.Message.Nonce) in the message's own transaction, as
// flows.Engine does when its store can (flows.Engine.ClaimsNonces).
func ClaimsNonces(h any) bool {
	nc, ok := h.(interface{ ClaimsNonces() bool })
	return ok && nc.ClaimsNonces()
}

// Check applies the nonce rule to a verified callback whose message has
// the fingerprint fp; toEngine says whether the message goes on to the
// engine. Such a message, when the engine records nonces in its
// transaction (InTx), gets its nonce to carry (flows.Message.Nonce) and
// nothing is written here: the engine claims it with the message's dedup
// key, in one statement, and a replay fails there with flows.ErrReplay
// before anything is written (Dispatcher.Await returns ErrReplay). Every
// other callback — ignored events, answers that need no engine, or an
// engine that cannot — has its nonce recorded now, on its own, and ok
// reports whether it may proceed (false: a replay, answer 403).
func (g *Guard) Check(ctx context.Context, toEngine bool, at time.Time, ts, nonce, fp string) (n *flows.CallbackNonce, ok bool, err error) {
	if toEngine && g.InTx {
		return g.Nonce(at, ts, nonce, fp), true, nil
	}
	ok, err = g.UseNonce(ctx, at, ts, nonce, fp)
	return nil, ok, err
}

// Claim records n on its own (UseNonce for a nonce built by Nonce) and
// reports whether the request may proceed.
func (g *Guard) Claim(ctx context.Context, n flows.CallbackNonce) (bool, error) {
	first, err := g.Nonces.UseNonce(ctx, g.Channel, n.Nonce, n.Fingerprint, n.SignedAt)
	if err != nil {
		return false, err
	}
	return hmac.Equal([]byte(first), []byte(n.Fingerprint)), nil
}

// prune forgets expired nonces, at most once per pruneEvery per instance,
// in the background. A nonce is expired when a request bearing its
// timestamp would be refused by the window check on any instance.
func (g *Guard) prune() {
	now := g.Now()
	next := g.nextPrune.Load()
	if now.UnixNano() < next || !g.nextPrune.CompareAndSwap(next, now.Add(pruneEvery).UnixNano()) {
		return
	}
	g.Late.Add(1)
	go func() {
		defer g.Late.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		n, err := g.Nonces.PruneNonces(ctx, g.Channel, now.Add(-ReplayWindow-NonceSkew))
		if err != nil {
			g.Log.Warn(string(g.Channel)+": prune callback nonces", "err", err.Error())
			return
		}
		if n > 0 {
			g.Log.Debug(string(g.Channel)+": pruned callback nonces", "n", n)
		}
	}()
}
