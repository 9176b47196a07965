package wechat

import (
	"strconv"

	"github.com/silenceper/wechat/v2/officialaccount/message"

	"github.com/houqin/houqin/bot/internal/callback"
)

// Replays (the rules live in bot/internal/callback, shared with WeCom).
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
const ReplayWindow = callback.ReplayWindow

// nonceSkew is how much longer than the window a used nonce is kept.
const nonceSkew = callback.NonceSkew

// Nonces remembers the nonces of signed callbacks. *store.DB implements it.
type Nonces = callback.Nonces

// messageFingerprint identifies a message by every field houqin reads from
// it, so a WeChat retry of one message matches and anything else does not.
func (c *Channel) messageFingerprint(m *message.MixMessage) string {
	return c.guard.Fingerprint("POST", string(m.FromUserName), string(m.ToUserName),
		strconv.FormatInt(m.CreateTime, 10), string(m.MsgType), strconv.FormatInt(m.MsgID, 10),
		string(m.Event), m.EventKey, m.Content, m.MediaID, m.Recognition,
		formatFloat(m.LocationX), formatFloat(m.LocationY))
}
