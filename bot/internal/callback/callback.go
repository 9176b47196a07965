// Package callback is the machinery WeChat's official account (bot/wechat)
// and WeCom's self-built app (bot/wecom) share for their signed callback
// URLs: the SHA-1 signature check, XML decoding without DTDs, the replay
// rules (a timestamp window and single-use nonces kept in PostgreSQL, see
// Guard), and the admission and flight machinery that answers a message
// only once the engine has committed it (see Dispatcher).
//
// Both platforms sign the same way (sha1 of the sorted Token, timestamp,
// nonce and, in safe mode, the ciphertext), encrypt with the same AES-CBC
// scheme (the receiver id is the AppID or the CorpID), wait 5 seconds for
// an answer and retry a message that got none, so the rules written down
// in bot/wechat's README hold for both channels.
package callback

import (
	"bytes"
	"crypto/subtle"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"unicode/utf8"

	"github.com/silenceper/wechat/v2/util"

	"github.com/houqin/houqin/flows"
)

// Signed checks a WeChat/WeCom signature: sha1 of the sorted parts,
// compared in constant time. An empty signature is never valid.
func Signed(want string, parts ...string) bool {
	if want == "" {
		return false
	}
	got := util.Signature(parts...)
	return subtle.ConstantTimeCompare([]byte(got), []byte(strings.ToLower(want))) == 1
}

// ErrDTD rejects documents with a DOCTYPE. encoding/xml never expands
// custom entities (in Strict mode an undefined entity is an error), but a
// callback never carries a DTD, so one is a sign of an attack and is
// refused outright instead of being parsed and ignored.
var ErrDTD = errors.New("callback: XML with a DOCTYPE is not accepted")

// DecodeXML unmarshals one callback XML document into v, refusing DTDs.
func DecodeXML(data []byte, v any) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	// A DOCTYPE must come before the root element: scan the prologue only.
	for {
		tok, err := d.RawToken()
		if err == io.EOF {
			return errors.New("callback: empty XML document")
		}
		if err != nil {
			return fmt.Errorf("callback: XML: %w", err)
		}
		if _, ok := tok.(xml.Directive); ok {
			return ErrDTD
		}
		if _, ok := tok.(xml.StartElement); ok {
			break
		}
	}
	if err := xml.Unmarshal(data, v); err != nil {
		return fmt.Errorf("callback: XML: %w", err)
	}
	return nil
}

// Recover is deferred first by a channel's ServeHTTP: a panic (the
// engine's or a failed write) is logged and answered 500, except
// http.ErrAbortHandler (Abort), which must reach net/http.
func Recover(w http.ResponseWriter, log *slog.Logger, channel string) {
	p := recover()
	if p == nil {
		return
	}
	if p == http.ErrAbortHandler {
		panic(p)
	}
	log.Error(channel+": panic in callback", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
	WriteSafely(w, http.StatusInternalServerError, "text/plain; charset=utf-8", []byte("internal error"))
}

// WriteSafely writes a response, swallowing the panic a broken connection
// can cause in some writers.
func WriteSafely(w http.ResponseWriter, status int, contentType string, body []byte) {
	defer func() { _ = recover() }()
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// MaxBody bounds a callback body. Real messages are under 2 KiB (an
// encrypted text message of 600 characters is about 3 KiB).
const MaxBody = 64 << 10

// ReadBody reads a callback's body, at most MaxBody bytes. When it fails,
// status is the answer: 413 for a body over the bound (announced by its
// Content-Length or found while reading, never read past the bound), 400
// for one that could not be read; why says which, for Reject's log line.
func ReadBody(w http.ResponseWriter, r *http.Request) (body []byte, status int, why string, err error) {
	if r.ContentLength > MaxBody {
		return nil, http.StatusRequestEntityTooLarge, "body too large", nil
	}
	body, err = io.ReadAll(http.MaxBytesReader(w, r.Body, MaxBody))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, http.StatusRequestEntityTooLarge, "body too large", nil
		}
		return nil, http.StatusBadRequest, "read body", err
	}
	return body, 0, "", nil
}

// Reject answers a callback that is not processed with status, and logs
// why with the remote address and err, never the request's content. A 503
// asks the platform to retry in a second.
func Reject(w http.ResponseWriter, log *slog.Logger, channel string, status int, why string, r *http.Request, err error) {
	attrs := []any{"status", status, "remote", r.RemoteAddr}
	if err != nil {
		attrs = append(attrs, "err", err.Error())
	}
	log.Warn(channel+": callback rejected: "+why, attrs...)
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	http.Error(w, http.StatusText(status), status)
}

// Abort ends a callback without an answer: net/http closes the connection
// (or resets the HTTP/2 stream) and the platform, having no answer,
// retries.
func Abort() { panic(http.ErrAbortHandler) }

// Voice messages.
//
// Both platforms can turn speech into text (WeChat's Recognition field,
// when 语音识别 is switched on for the account). A voice message with text
// is handled as that text, and the answer starts by saying what was heard,
// so that a misheard word is noticed before it is acted on; one without
// text is answered with NoWords and never reaches the engine.

// NoWords answers a voice message that arrived without recognised text.
const NoWords = "抱歉，这条语音没有识别出文字。请直接打字告诉我，或者重新说一遍，谢谢！"

// Heard is the first line of the answer to a voice message whose speech
// was recognised as text.
func Heard(text string) string {
	return "听到的是：「" + strings.TrimSpace(text) + "」\n\n"
}

// SplitText splits s into parts of at most max bytes, at line breaks where
// possible and never inside a UTF-8 character. Both platforms cap a text
// message at 2048 bytes.
func SplitText(s string, max int) []string {
	var parts []string
	for len(s) > max {
		cut := strings.LastIndexByte(s[:max], '\n')
		if cut <= 0 {
			cut = max
			for cut > 0 && !utf8.RuneStart(s[cut]) {
				cut--
			}
		}
		parts = append(parts, strings.TrimRight(s[:cut], "\n"))
		s = strings.TrimLeft(s[cut:], "\n")
	}
	if s != "" || len(parts) == 0 {
		parts = append(parts, s)
	}
	return parts
}

// VoiceText is the text a voice message is handled as: the recognised
// speech without surrounding space and without the sentence-ending
// punctuation recognition adds (「确认。」 is the word 确认, as typed).
func VoiceText(recognition string) string {
	return strings.TrimRight(strings.TrimSpace(recognition), "。！？!?.，, ")
}

// NotificationText is a notification as one text message, with its link.
//
// Its buttons are left out, unlike a reply's: a notification arrives
// outside any conversation, so a typed "1" would be read by whatever flow
// the recipient is in, not as the notification's first button. Flows put
// the typed form of their buttons in the text instead ("可回复「接单 7」"),
// which Actor.Typed understands anywhere.
func NotificationText(n flows.Notification) string {
	s := n.Text
	if n.Link != "" {
		s += "\n\n详情：" + n.Link
	}
	return s
}

// Topic names a notification kind in Chinese by the modules' topics
// (topic may be nil), 后勤通知 when they have none.
func Topic(topic func(kind string) string, kind string) string {
	if topic != nil {
		if t := topic(kind); t != "" {
			return t
		}
	}
	return "后勤通知"
}
