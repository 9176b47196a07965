package wecom

import (
	"context"
	"crypto/rand"
	"encoding/xml"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/silenceper/wechat/v2/util"

	"github.com/houqin/houqin/bot/internal/callback"
	"github.com/houqin/houqin/flows"
)

// ServeHTTP is WeCom's callback URL (GET and POST /wecom).
//
// GET answers the URL verification: its echostr is encrypted, and the
// answer is its decryption. POST takes one encrypted message and answers
// with an encrypted passive reply.
//
// The rules are the official account's safe mode (bot/wechat): requests
// whose msg_signature does not cover the Token, timestamp, nonce and
// ciphertext get 403, as do those whose timestamp is more than
// callback.ReplayWindow from now and those under a used nonce carrying
// another message; a ciphertext for another CorpID fails to decrypt
// (400); bodies over 64 KiB get 413; a callback beyond the admission
// bounds gets 503. A message is answered only once the engine has
// committed it; otherwise the connection closes without an answer and
// WeCom retries.
func (c *Channel) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer callback.Recover(w, c.log, "wecom")
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

// verifyURL answers WeCom's URL verification (the console's 保存 on 接收消息
// 服务器配置). Its signed URL is held to the same timestamp and nonce
// rules as a message's.
func (c *Channel) verifyURL(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ts, nonce, echo := q.Get("timestamp"), q.Get("nonce"), q.Get("echostr")
	if echo == "" {
		http.Error(w, "echostr missing", http.StatusBadRequest)
		return
	}
	if !callback.Signed(q.Get("msg_signature"), c.cfg.Token, ts, nonce, echo) {
		c.reject(w, http.StatusForbidden, "URL verification with a bad signature", r, nil)
		return
	}
	at, fresh := c.guard.SignedTime(ts)
	if !fresh || nonce == "" {
		c.reject(w, http.StatusForbidden, "URL verification outside the timestamp window or without a nonce", r, nil)
		return
	}
	_, plain, err := util.DecryptMsg(c.cfg.CorpID, echo, c.cfg.EncodingAESKey)
	if err != nil {
		c.reject(w, http.StatusBadRequest, "URL verification: echostr does not decrypt for this CorpID", r, nil)
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
	callback.WriteSafely(w, http.StatusOK, "text/plain; charset=utf-8", plain)
}

// envelope is an encrypted callback body.
type envelope struct {
	ToUserName string `xml:"ToUserName"`
	AgentID    string `xml:"AgentID"`
	Encrypt    string `xml:"Encrypt"`
}

// request is one verified, decrypted callback.
type request struct {
	msg       *inbound
	timestamp string
	nonce     string
}

func (c *Channel) callback(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	req := request{timestamp: q.Get("timestamp"), nonce: q.Get("nonce")}
	sig := q.Get("msg_signature")
	if sig == "" {
		c.reject(w, http.StatusForbidden, "no msg_signature", r, nil)
		return
	}
	// Checked before the body is read; the timestamp is authenticated by
	// msg_signature below, so an altered one fails there.
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
	var env envelope
	if err := callback.DecodeXML(body, &env); err != nil {
		c.reject(w, http.StatusBadRequest, "bad envelope", r, err)
		return
	}
	if env.Encrypt == "" {
		c.reject(w, http.StatusForbidden, "body without Encrypt", r, nil)
		return
	}
	if !callback.Signed(sig, c.cfg.Token, req.timestamp, req.nonce, env.Encrypt) {
		c.reject(w, http.StatusForbidden, "bad msg_signature", r, nil)
		return
	}
	// DecryptMsg checks that the receiver id inside is the CorpID.
	_, raw, err := util.DecryptMsg(c.cfg.CorpID, env.Encrypt, c.cfg.EncodingAESKey)
	if err != nil {
		c.reject(w, http.StatusBadRequest, "decrypt (or not for this CorpID)", r, nil)
		return
	}
	var m inbound
	if err := callback.DecodeXML(raw, &m); err != nil {
		c.reject(w, http.StatusBadRequest, "bad message", r, err)
		return
	}
	if m.FromUserName == "" || m.MsgType == "" {
		c.reject(w, http.StatusBadRequest, "message without FromUserName or MsgType", r, nil)
		return
	}
	if m.AgentID != "" && m.AgentID != strconv.FormatInt(c.cfg.AgentID, 10) {
		// Another app of the same corp configured with this URL: its
		// users' messages are not for houqin.
		c.reject(w, http.StatusForbidden, "message for another AgentID", r, nil)
		return
	}
	req.msg = &m
	// toMessage writes nothing (a card click reads its buttons from the
	// KV), so a replay is still refused before anything is written.
	msg, act, what, clicked := c.toMessage(r.Context(), &m)
	// A message for the engine has its nonce recorded in the message's own
	// transaction, with its dedup claim (a replay fails there: 403 below);
	// any other callback records it here, on its own (callback.Guard.Check).
	nonce, ok, err := c.guard.Check(r.Context(), act == toEngine, at, req.timestamp, req.nonce, c.fingerprint(&m))
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
		c.log.Info("wecom: message not handled", "type", what)
		callback.WriteSafely(w, http.StatusOK, "text/plain; charset=utf-8", nil)
		return
	case unsupported:
		c.log.Info("wecom: unsupported message type", "type", what)
		c.writeReply(w, &req, unsupportedText)
		return
	case noWords:
		c.writeReply(w, &req, callback.NoWords)
		return
	case staleCard:
		c.writeReply(w, &req, staleCardText)
		return
	}
	f, err := c.disp.Await(r, msg, what)
	if errors.Is(err, callback.ErrReplay) {
		c.reject(w, http.StatusForbidden, err.Error(), r, nil)
		return
	}
	if err != nil {
		c.reject(w, http.StatusServiceUnavailable, err.Error(), r, nil)
		return
	}
	text, images := render(f.Res.Replies)
	if m.MsgType == "voice" {
		text = callback.Heard(msg.Text) + text
	}
	if msg.Button != "" {
		// A card's click is answered by turning the clicked button into
		// grey text on the card (WeCom's update_button), so it is not
		// pressed twice; the engine's answer follows as application
		// messages, once per flight.
		c.writeUpdateButton(w, &req, clicked)
		f.Extra.Do(func() {
			c.late.Add(1)
			go c.deliverLate(msg.ExternalUser, what, splitText(text), images)
		})
		return
	}
	parts := splitText(text)
	c.writeReply(w, &req, parts[0])
	if len(parts) > 1 || len(images) > 0 {
		// A passive reply is one message: the rest follows as application
		// messages, once per flight.
		f.Extra.Do(func() {
			c.late.Add(1)
			go c.deliverLate(msg.ExternalUser, what, parts[1:], images)
		})
	}
}

// reject answers a request that is not processed (callback.Reject).
func (c *Channel) reject(w http.ResponseWriter, status int, why string, r *http.Request, err error) {
	callback.Reject(w, c.log, "wecom", status, why, r, err)
}

// render turns the engine's replies into one text and the images to show.
// A passive reply has no buttons, so they become numbered lines, which
// the engine accepts typed (flows that list them already are left alone).
func render(replies []flows.Reply) (string, []string) {
	var parts, images []string
	for _, rep := range replies {
		var b strings.Builder
		b.WriteString(strings.TrimRight(rep.Text, "\n"))
		if len(rep.Buttons) == 0 || !strings.Contains(rep.Text, "1. "+rep.Buttons[0].Label) {
			for i, btn := range rep.Buttons {
				if b.Len() > 0 {
					b.WriteByte('\n')
				}
				b.WriteString(strconv.Itoa(i+1) + ". " + btn.Label)
			}
		}
		if s := b.String(); s != "" {
			parts = append(parts, s)
		}
		if rep.Image != "" {
			images = append(images, rep.Image)
		}
	}
	return strings.Join(parts, "\n\n"), images
}

// deliverLate sends what could not go into the passive reply as
// application messages. It marks one unit of c.late done.
func (c *Channel) deliverLate(userID, what string, texts, images []string) {
	defer c.late.Done()
	ctx, cancel := context.WithTimeout(context.Background(), lateTimeout)
	defer cancel()
	for _, t := range texts {
		if err := c.sendText(ctx, userID, t); err != nil {
			c.log.Error("wecom: late reply not delivered", "type", what, "err", err.Error())
			return
		}
	}
	for _, img := range images {
		if err := c.sendImage(ctx, userID, img); err != nil {
			c.log.Error("wecom: reply image not delivered", "type", what, "err", err.Error())
			return
		}
	}
}

// passive is the plaintext of a passive text reply.
type passive struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   cdata    `xml:"ToUserName"`
	FromUserName cdata    `xml:"FromUserName"`
	CreateTime   int64    `xml:"CreateTime"`
	MsgType      cdata    `xml:"MsgType"`
	Content      cdata    `xml:"Content"`
}

// encrypted is an encrypted passive reply.
type encrypted struct {
	XMLName      xml.Name `xml:"xml"`
	Encrypt      cdata    `xml:"Encrypt"`
	MsgSignature cdata    `xml:"MsgSignature"`
	TimeStamp    int64    `xml:"TimeStamp"`
	Nonce        cdata    `xml:"Nonce"`
}

type cdata struct {
	Text string `xml:",cdata"`
}

// writeReply answers with an encrypted passive text reply; an empty text
// answers with an empty body (WeCom then shows nothing).
func (c *Channel) writeReply(w http.ResponseWriter, req *request, text string) {
	if text == "" {
		callback.WriteSafely(w, http.StatusOK, "text/plain; charset=utf-8", nil)
		return
	}
	raw, err := xml.Marshal(passive{
		ToUserName: cdata{req.msg.FromUserName}, FromUserName: cdata{c.cfg.CorpID},
		CreateTime: c.now().Unix(), MsgType: cdata{"text"}, Content: cdata{text},
	})
	if err == nil {
		raw, err = c.encrypt(req, raw)
	}
	if err != nil {
		c.log.Error("wecom: build reply", "err", err.Error())
		callback.WriteSafely(w, http.StatusOK, "text/plain; charset=utf-8", nil)
		return
	}
	callback.WriteSafely(w, http.StatusOK, "application/xml; charset=utf-8", raw)
}

// updateButton is the plaintext of a passive reply that replaces the
// clicked card's buttons with a text.
type updateButton struct {
	XMLName      xml.Name `xml:"xml"`
	ToUserName   cdata    `xml:"ToUserName"`
	FromUserName cdata    `xml:"FromUserName"`
	CreateTime   int64    `xml:"CreateTime"`
	MsgType      cdata    `xml:"MsgType"`
	Button       struct {
		ReplaceName cdata `xml:"ReplaceName"`
	} `xml:"Button"`
}

// writeUpdateButton answers a card click: the card's buttons become
// 「已选：LABEL」.
func (c *Channel) writeUpdateButton(w http.ResponseWriter, req *request, label string) {
	u := updateButton{ToUserName: cdata{req.msg.FromUserName}, FromUserName: cdata{c.cfg.CorpID},
		CreateTime: c.now().Unix(), MsgType: cdata{"update_button"}}
	u.Button.ReplaceName = cdata{clip("已选："+label, maxButtonText+3)}
	raw, err := xml.Marshal(u)
	if err == nil {
		raw, err = c.encrypt(req, raw)
	}
	if err != nil {
		c.log.Error("wecom: build card update", "err", err.Error())
		callback.WriteSafely(w, http.StatusOK, "text/plain; charset=utf-8", nil)
		return
	}
	callback.WriteSafely(w, http.StatusOK, "application/xml; charset=utf-8", raw)
}

// encrypt wraps a passive reply.
func (c *Channel) encrypt(req *request, raw []byte) ([]byte, error) {
	random := make([]byte, 16)
	_, _ = rand.Read(random)
	enc, err := util.EncryptMsg(random, raw, c.cfg.CorpID, c.cfg.EncodingAESKey)
	if err != nil {
		return nil, err
	}
	ts, err := strconv.ParseInt(req.timestamp, 10, 64)
	if err != nil {
		ts = c.now().Unix()
	}
	return xml.Marshal(encrypted{
		Encrypt:      cdata{string(enc)},
		MsgSignature: cdata{util.Signature(c.cfg.Token, strconv.FormatInt(ts, 10), req.nonce, string(enc))},
		TimeStamp:    ts,
		Nonce:        cdata{req.nonce},
	})
}
