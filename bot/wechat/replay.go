package wechat

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/silenceper/wechat/v2/officialaccount/message"

	"github.com/houqin/houqin/flows"
)

// Replays.
//
// WeChat signs a callback's URL with sha1(Token, timestamp, nonce); in
// plaintext mode that is all the authentication there is, and it does not
// cover the body or the sender. So a signed URL must be good for one message
// only, and not for long:
//
//   - the timestamp must be within ReplayWindow of now (either way, for
//     clocks that differ), or the request is refused with 403;
//   - the (timestamp, nonce) pair is recorded on its first use in
//     PostgreSQL, where every houqin instance sees it, together with a
//     fingerprint of the message it carried;
//   - a later request with a recorded pair is WeChat's own retry only when
//     its message has the same fingerprint: WeChat resends a message it got
//     no answer to within 5 s with the same timestamp, nonce and signature,
//     and the retry is answered from the engine's dedup log. Any other
//     message under a used pair — a forged body on a captured URL, the URL
//     of the GET verification reused for a POST — is refused with 403.
//
// A byte-for-byte replay of a captured request within the window is
// indistinguishable from a retry and is treated as one: it changes nothing
// and gets the stored reply, which in safe mode only the account can
// decrypt, and in plaintext mode crossed the network in clear text anyway.
// The fingerprint covers every field houqin reads, so "the same message"
// means the same sender, MsgId (or CreateTime and event), type and content.

// ReplayWindow is how far a callback's signed timestamp may be from now.
const ReplayWindow = 5 * time.Minute

const (
	// nonceSkew is how much longer than the window a used nonce is kept,
	// so that an instance whose clock is behind the pruning one's still
	// finds every nonce it could accept.
	nonceSkew = time.Minute
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

// signedTime parses a callback's timestamp and reports whether it lies
// within ReplayWindow of now.
func (c *Channel) signedTime(ts string) (time.Time, bool) {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	at := time.Unix(sec, 0)
	d := c.now().Sub(at)
	return at, d <= ReplayWindow && d >= -ReplayWindow
}

// fingerprint is a keyed hash (HMAC-SHA256 with the Token) of parts: the
// database learns whether two requests carried the same message, and
// nothing about the message itself.
func (c *Channel) fingerprint(parts ...string) string {
	mac := hmac.New(sha256.New, []byte(c.cfg.Token))
	for _, p := range parts {
		mac.Write([]byte(p))
		mac.Write([]byte{0})
	}
	return hex.EncodeToString(mac.Sum(nil))
}

// messageFingerprint identifies a message by every field houqin reads from
// it, so a WeChat retry of one message matches and anything else does not.
func (c *Channel) messageFingerprint(m *message.MixMessage) string {
	return c.fingerprint("POST", string(m.FromUserName), string(m.ToUserName),
		strconv.FormatInt(m.CreateTime, 10), string(m.MsgType), strconv.FormatInt(m.MsgID, 10),
		string(m.Event), m.EventKey, m.Content, m.MediaID, m.Recognition,
		formatFloat(m.LocationX), formatFloat(m.LocationY))
}

// useNonce records the request's (timestamp, nonce) with fp and reports
// whether the request may proceed: on the pair's first use, or when the
// first use carried the same message (a retry).
func (c *Channel) useNonce(ctx context.Context, at time.Time, ts, nonce, fp string) (bool, error) {
	first, err := c.nonces.UseNonce(ctx, flows.ChannelWeChat, ts+":"+nonce, fp, at)
	if err != nil {
		return false, err
	}
	c.pruneNonces()
	return hmac.Equal([]byte(first), []byte(fp)), nil
}

// pruneNonces forgets expired nonces, at most once per pruneEvery per
// instance, in the background. A nonce is expired when a request bearing
// its timestamp would be refused by the window check on any instance.
func (c *Channel) pruneNonces() {
	now := c.now()
	next := c.nextPrune.Load()
	if now.UnixNano() < next || !c.nextPrune.CompareAndSwap(next, now.Add(pruneEvery).UnixNano()) {
		return
	}
	c.late.Add(1)
	go func() {
		defer c.late.Done()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		n, err := c.nonces.PruneNonces(ctx, flows.ChannelWeChat, now.Add(-ReplayWindow-nonceSkew))
		if err != nil {
			c.log.Warn("wechat: prune callback nonces", "err", err.Error())
			return
		}
		if n > 0 {
			c.log.Debug("wechat: pruned callback nonces", "n", n)
		}
	}()
}
