package wechat

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/silenceper/wechat/v2/officialaccount/message"
	"github.com/silenceper/wechat/v2/util"

	"github.com/houqin/houqin/bot/internal/callback"
	"github.com/houqin/houqin/flows"
)

// ServeHTTP is WeChat's callback URL (GET and POST /wechat).
//
// GET answers the URL verification. POST takes one message and answers
// with a passive reply. The mode is the account's, never the request's: with
// an EncodingAESKey configured only safe-mode bodies (and the encrypted part
// of compatible-mode bodies) are accepted, and the reply is encrypted;
// without one, only plaintext. The encrypt_type query parameter is ignored.
//
// Requests that are not signed with the Token, whose timestamp is more than
// ReplayWindow from now, or (safe mode) that lack msg_signature get 403
// before the body is read; a plaintext body on a safe-mode account, a bad
// msg_signature and a used nonce carrying another message (see replay.go)
// get 403; bodies over 64 KiB get 413 without being read past the limit;
// malformed XML, XML with a DOCTYPE and undecryptable bodies get 400; a
// callback beyond the admission bounds (see admit.go) gets 503.
//
// The answer to a message is written only once the engine has committed it.
// A callback that cannot wait that long, or whose message the engine failed
// on (nothing was stored), writes nothing and closes the connection, so
// that WeChat retries (see dispatch).
//
// Panics (the engine's or a failed write) are recovered and logged.
func (c *Channel) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer callback.Recover(w, c.log, "wechat")
	switch r.Method {
	case http.MethodGet:
		c.verifyURL(w, r)
	case http.MethodPost:
		c.callback(w, r)
	default:
		w.Header().Set("Allow", "GET, POST")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
	}
}

// writeSafely and signed are the shared callback helpers.
var (
	writeSafely = callback.WriteSafely
	signed      = callback.Signed
)

// verifyURL answers WeChat's URL verification. Its signed URL is held to
// the same timestamp and nonce rules as a message's, so that it cannot be
// reused to post one.
func (c *Channel) verifyURL(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ts, nonce := q.Get("timestamp"), q.Get("nonce")
	if !signed(q.Get("signature"), c.cfg.Token, ts, nonce) {
		c.reject(w, http.StatusForbidden, "URL verification with a bad signature", r, nil)
		return
	}
	at, fresh := c.guard.SignedTime(ts)
	if !fresh || nonce == "" {
		c.reject(w, http.StatusForbidden, "URL verification outside the timestamp window or without a nonce", r, nil)
		return
	}
	echo := q.Get("echostr")
	if echo == "" {
		http.Error(w, "echostr missing", http.StatusBadRequest)
		return
	}
	ok, err := c.guard.UseNonce(r.Context(), at, ts, nonce, c.guard.Fingerprint("GET", echo))
	if err != nil {
		c.reject(w, http.StatusServiceUnavailable, "nonce store", r, err)
		return
	}
	if !ok {
		c.reject(w, http.StatusForbidden, "URL verification with a used nonce", r, nil)
		return
	}
	writeSafely(w, http.StatusOK, "text/plain; charset=utf-8", []byte(echo))
}

// request is one verified, decoded callback.
type request struct {
	msg       *message.MixMessage
	encrypted bool
	timestamp string
	nonce     string
}

func (c *Channel) callback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req := request{
		// The account's mode, not the request's: an attacker chooses
		// encrypt_type, so it is not read.
		encrypted: c.cfg.EncodingAESKey != "",
		timestamp: q.Get("timestamp"),
		nonce:     q.Get("nonce"),
	}
	// In safe mode msg_signature (over Token, timestamp, nonce and the
	// ciphertext) authenticates the request; WeChat sends signature too,
	// and when present it must be right. In plaintext mode signature is
	// all there is.
	if sig, ok := q["signature"]; ok || !req.encrypted {
		if !signed(first(sig), c.cfg.Token, req.timestamp, req.nonce) {
			c.reject(w, http.StatusForbidden, "bad signature", r, nil)
			return
		}
	}
	if req.encrypted && q.Get("msg_signature") == "" {
		c.reject(w, http.StatusForbidden, "no msg_signature on a safe-mode account", r, nil)
		return
	}
	// Checked before the body is read. In safe mode without signature the
	// timestamp is authenticated only later, by msg_signature; an altered
	// one fails there.
	at, fresh := c.guard.SignedTime(req.timestamp)
	if !fresh || req.nonce == "" {
		c.reject(w, http.StatusForbidden, "timestamp outside the window or no nonce", r, nil)
		return
	}
	body, status, why, err := callback.ReadBody(w, r)
	if status != 0 {
		c.reject(w, status, why, r, err)
		return
	}
	status, err = c.decode(&req, body, q.Get("msg_signature"))
	if err != nil {
		c.reject(w, status, "bad message", r, err)
		return
	}
	msg, act, what := toMessage(req.msg, c.now())
	fp := c.messageFingerprint(req.msg)
	// A message for the engine has its nonce recorded in its own
	// transaction, with its dedup claim (a replay: 403 in dispatch); any
	// other callback records it here (see callback.Guard.Check).
	nonce, ok, err := c.guard.Check(r.Context(), act == toEngine, at, req.timestamp, req.nonce, fp)
	if err != nil {
		c.reject(w, http.StatusServiceUnavailable, "nonce store", r, err)
		return
	}
	if !ok {
		c.reject(w, http.StatusForbidden, "used nonce with another message (replay)", r, nil)
		return
	}
	msg.Nonce = nonce
	switch act {
	case ignore:
		c.log.Info("wechat: message not handled", "type", what)
		writeSafely(w, http.StatusOK, "text/plain; charset=utf-8", []byte("success"))
		return
	case unsupported:
		c.log.Info("wechat: unsupported message type", "type", what)
		c.writeReply(w, &req, unsupportedText)
		return
	case noWords:
		c.writeReply(w, &req, callback.NoWords)
		return
	}
	heard := ""
	if req.msg.MsgType == message.MsgTypeVoice {
		heard = msg.Text
	}
	c.dispatch(w, r, &req, msg, what, heard)
}

func first(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// errPlaintext refuses a body without an Encrypt element on an account
// configured for safe mode.
var errPlaintext = errors.New("wechat: plaintext body on a safe-mode account")

// decode authenticates (safe mode), decrypts and parses a body. The status
// is the HTTP answer for the error. In safe mode only the Encrypt element
// is read: the plaintext fields of a compatible-mode body are not
// authenticated and are ignored.
func (c *Channel) decode(req *request, body []byte, msgSignature string) (int, error) {
	raw := body
	if req.encrypted {
		var env message.EncryptedXMLMsg
		if err := decodeXML(body, &env); err != nil {
			return http.StatusBadRequest, err
		}
		if env.EncryptedMsg == "" {
			return http.StatusForbidden, errPlaintext
		}
		if !signed(msgSignature, c.cfg.Token, req.timestamp, req.nonce, env.EncryptedMsg) {
			return http.StatusForbidden, errors.New("wechat: bad msg_signature")
		}
		var err error
		_, raw, err = util.DecryptMsg(c.cfg.AppID, env.EncryptedMsg, c.cfg.EncodingAESKey)
		if err != nil {
			return http.StatusBadRequest, fmt.Errorf("wechat: decrypt: %w", err)
		}
	}
	var m message.MixMessage
	if err := decodeXML(raw, &m); err != nil {
		return http.StatusBadRequest, err
	}
	if m.FromUserName == "" || m.MsgType == "" {
		return http.StatusBadRequest, errors.New("wechat: message without FromUserName or MsgType")
	}
	req.msg = &m
	return 0, nil
}

// reject answers a request that is not processed (callback.Reject).
func (c *Channel) reject(w http.ResponseWriter, status int, why string, r *http.Request, err error) {
	callback.Reject(w, c.log, "wechat", status, why, r, err)
}

// dispatch hands the message to its flight (a new one, or the one already
// handling it when this is WeChat's retry) and answers passively once the
// flight has committed; see callback.Dispatcher.Await for why it never
// answers before that, and aborts without an answer (so that WeChat
// retries) when it cannot wait or the engine failed.
func (c *Channel) dispatch(w http.ResponseWriter, r *http.Request, req *request, msg flows.Message, what string, heard string) {
	f, err := c.disp.Await(r, msg, what)
	if errors.Is(err, callback.ErrReplay) {
		c.reject(w, http.StatusForbidden, err.Error(), r, nil)
		return
	}
	if err != nil {
		c.reject(w, http.StatusServiceUnavailable, err.Error(), r, nil)
		return
	}
	text, images := c.render(f.Res.Replies)
	if heard != "" {
		text = callback.Heard(heard) + text
	}
	parts := splitText(text, maxText)
	c.writeReply(w, req, parts[0])
	if len(parts) > 1 || len(images) > 0 {
		// A passive reply is one message: the rest follows as
		// customer-service messages, once per flight.
		f.Extra.Do(func() {
			c.late.Add(1)
			go c.deliverLate(msg.ExternalUser, what, strings.Join(parts[1:], "\n"), images)
		})
	}
}

// render turns the engine's replies into one text and the images to show.
func (c *Channel) render(replies []flows.Reply) (string, []string) {
	var parts, images []string
	for _, rep := range replies {
		if s := renderReply(rep); s != "" {
			parts = append(parts, s)
		}
		if rep.Image != "" {
			images = append(images, rep.Image)
		}
	}
	return strings.Join(parts, "\n\n"), images
}

// renderReply is one reply as text: a passive reply has no buttons, so
// they become numbered lines ("1. 确认"), which the engine accepts typed.
// Flows that already list the choices in the text (flows.Numbered) are
// left alone, the same test the console adapter makes.
func renderReply(rep flows.Reply) string {
	var b strings.Builder
	b.WriteString(strings.TrimRight(rep.Text, "\n"))
	if len(rep.Buttons) > 0 && strings.Contains(rep.Text, "1. "+rep.Buttons[0].Label) {
		return b.String()
	}
	if rep.LabelsOnly {
		// The text numbers something else (a checklist's items): the
		// buttons are typed by their words, so show no numbers for them.
		labels := make([]string, len(rep.Buttons))
		for i, btn := range rep.Buttons {
			labels[i] = "「" + btn.Label + "」"
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("可回复：" + strings.Join(labels, ""))
		return b.String()
	}
	for i, btn := range rep.Buttons {
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strconv.Itoa(i+1) + ". " + btn.Label)
	}
	return b.String()
}

// deliverLate sends what could not go into the passive reply as
// customer-service messages. The writer just wrote, so they are inside the
// 48-hour window. It marks one unit of c.late done.
func (c *Channel) deliverLate(openID, what, text string, images []string) {
	defer c.late.Done()
	ctx, cancel := context.WithTimeout(context.Background(), lateTimeout)
	defer cancel()
	if text != "" {
		if err := c.sendText(ctx, openID, text); err != nil {
			c.log.Error("wechat: late reply not delivered", "type", what, "err", err.Error())
			return
		}
	}
	for _, img := range images {
		if err := c.sendImage(ctx, openID, img); err != nil {
			c.log.Error("wechat: reply image not delivered", "type", what, "err", err.Error())
			return
		}
	}
}

// writeReply answers with a passive text reply, encrypted in safe mode. An
// empty text answers "success" (WeChat then shows nothing).
func (c *Channel) writeReply(w http.ResponseWriter, req *request, text string) {
	if text == "" {
		writeSafely(w, http.StatusOK, "text/plain; charset=utf-8", []byte("success"))
		return
	}
	raw := textReplyXML(string(req.msg.FromUserName), string(req.msg.ToUserName), c.now().Unix(), text)
	if req.encrypted {
		var err error
		raw, err = c.encrypt(req, raw)
		if err != nil {
			c.log.Error("wechat: encrypt reply", "err", err.Error())
			writeSafely(w, http.StatusOK, "text/plain; charset=utf-8", []byte("success"))
			return
		}
	}
	writeSafely(w, http.StatusOK, "application/xml; charset=utf-8", raw)
}

// encrypt wraps a passive reply for safe mode.
func (c *Channel) encrypt(req *request, raw []byte) ([]byte, error) {
	random := make([]byte, 16)
	_, _ = rand.Read(random)
	enc, err := util.EncryptMsg(random, raw, c.cfg.AppID, c.cfg.EncodingAESKey)
	if err != nil {
		return nil, err
	}
	ts, err := strconv.ParseInt(req.timestamp, 10, 64)
	if err != nil {
		ts = c.now().Unix()
	}
	tsText := strconv.FormatInt(ts, 10)
	return encryptedReplyXML(string(enc), util.Signature(c.cfg.Token, tsText, req.nonce, string(enc)), ts, req.nonce), nil
}
