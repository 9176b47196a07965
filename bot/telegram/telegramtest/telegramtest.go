// Package telegramtest is a fake Telegram Bot API server for tests: an
// httptest server on 127.0.0.1 that speaks the real Bot API JSON
// ({"ok":true,"result":...} and {"ok":false,"error_code":...}), accepts the
// multipart/form-data requests github.com/go-telegram/bot sends, records
// them, serves getUpdates with offset confirmation like Telegram, and can be
// told to fail (429 with retry_after, 403, 5xx ...). It also builds updates
// in the Bot API's JSON. It never talks to Telegram.
package telegramtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/go-telegram/bot/models"
)

// The fake bot. Token is what New must be given; its secret half is
// distinctive so tests can check it never leaks into errors or logs.
const (
	Token   = "123456:AAH-secretPartOfTheToken_xyz"
	BotID   = 123456
	BotName = "houqin_bot"
)

// Call is one request the fake Bot API received, as the library sent it
// (multipart/form-data).
type Call struct {
	Method string
	Form   url.Values
	Files  map[string][]byte // uploaded files by field (sendPhoto's photo)
}

// Server is a Bot API server on 127.0.0.1 speaking the real JSON: every
// response is {"ok":true,"result":...} or {"ok":false,"error_code":...}.
type Server struct {
	t   testing.TB
	srv *httptest.Server

	mu      sync.Mutex
	calls   []Call
	msgID   int
	updates []json.RawMessage // pending, not yet confirmed by an offset
	newUpd  chan struct{}
	// fail, when set, may answer a request itself: it returns the HTTP
	// status and body, or ok=false to let the fake answer normally.
	fail func(method string, form url.Values) (status int, body string, ok bool)
}

// NewServer starts a fake Bot API, closed when the test ends.
func NewServer(t testing.TB) *Server {
	t.Helper()
	f := &Server{t: t, msgID: 1000, newUpd: make(chan struct{}, 1)}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// URL is the server's base URL, for tgbot.WithServerURL or Config.APIURL.
func (f *Server) URL() string { return f.srv.URL }

// Close shuts the server down; requests then fail with a network error.
func (f *Server) Close() { f.srv.Close() }

func (f *Server) serve(w http.ResponseWriter, r *http.Request) {
	method, ok := strings.CutPrefix(r.URL.Path, "/bot"+Token+"/")
	if !ok || r.Method != http.MethodPost {
		writeJSON(w, 404, `{"ok":false,"error_code":404,"description":"Not Found"}`)
		return
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		f.t.Errorf("%s: Content-Type %q, want multipart/form-data", method, r.Header.Get("Content-Type"))
	}
	form := url.Values{}
	files := map[string][]byte{}
	if err := r.ParseMultipartForm(1 << 20); err == nil {
		form = r.MultipartForm.Value
		for field, fhs := range r.MultipartForm.File {
			if fh, err := fhs[0].Open(); err == nil {
				files[field], _ = io.ReadAll(fh)
				fh.Close()
			}
		}
	} else if err != http.ErrNotMultipart && err != io.EOF {
		// An empty multipart body (no params) is fine.
		if !strings.Contains(err.Error(), "EOF") {
			f.t.Errorf("%s: parse form: %v", method, err)
		}
	}
	if method != "getUpdates" {
		f.mu.Lock()
		f.calls = append(f.calls, Call{Method: method, Form: form, Files: files})
		hook := f.fail
		f.mu.Unlock()
		if hook != nil {
			if status, body, ok := hook(method, form); ok {
				writeJSON(w, status, body)
				return
			}
		}
	}
	switch method {
	case "getMe":
		writeJSON(w, 200, fmt.Sprintf(`{"ok":true,"result":{"id":%d,"is_bot":true,"first_name":"后勤","username":%q}}`, BotID, BotName))
	case "deleteWebhook", "setWebhook", "answerCallbackQuery":
		writeJSON(w, 200, `{"ok":true,"result":true}`)
	case "sendMessage", "sendPhoto":
		f.mu.Lock()
		f.msgID++
		id := f.msgID
		f.mu.Unlock()
		writeJSON(w, 200, fmt.Sprintf(`{"ok":true,"result":{"message_id":%d,"from":{"id":%d,"is_bot":true,"first_name":"后勤","username":%q},"chat":%s,"date":%d,"text":%q}}`,
			id, BotID, BotName, chatJSON(form.Get("chat_id")), time.Now().Unix(), form.Get("text")))
	case "editMessageText":
		writeJSON(w, 200, fmt.Sprintf(`{"ok":true,"result":{"message_id":%s,"from":{"id":%d,"is_bot":true,"first_name":"后勤"},"chat":%s,"date":%d,"edit_date":%d,"text":%q}}`,
			form.Get("message_id"), BotID, chatJSON(form.Get("chat_id")), time.Now().Unix()-60, time.Now().Unix(), form.Get("text")))
	case "getUpdates":
		f.getUpdates(w, r, form)
	default:
		writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: method not faked"}`)
	}
}

// getUpdates confirms every update below offset and returns the rest,
// long-polling briefly when there are none, as Telegram does.
func (f *Server) getUpdates(w http.ResponseWriter, r *http.Request, form url.Values) {
	offset, _ := strconv.ParseInt(form.Get("offset"), 10, 64)
	deadline := time.After(200 * time.Millisecond)
	for {
		f.mu.Lock()
		var keep []json.RawMessage
		for _, u := range f.updates {
			var head struct {
				ID int64 `json:"update_id"`
			}
			_ = json.Unmarshal(u, &head)
			if head.ID >= offset {
				keep = append(keep, u)
			}
		}
		f.updates = keep
		f.mu.Unlock()
		if len(keep) > 0 {
			b, _ := json.Marshal(keep)
			writeJSON(w, 200, `{"ok":true,"result":`+string(b)+`}`)
			return
		}
		select {
		case <-f.newUpd:
		case <-deadline:
			writeJSON(w, 200, `{"ok":true,"result":[]}`)
			return
		case <-r.Context().Done():
			return
		}
	}
}

// Push queues an update for getUpdates.
func (f *Server) Push(update string) {
	f.mu.Lock()
	f.updates = append(f.updates, json.RawMessage(update))
	f.mu.Unlock()
	select {
	case f.newUpd <- struct{}{}:
	default:
	}
}

// Fail installs h, which may answer a request itself (status and body, ok
// true) or leave it to the fake (ok false); nil removes it.
func (f *Server) Fail(h func(method string, form url.Values) (int, string, bool)) {
	f.mu.Lock()
	f.fail = h
	f.mu.Unlock()
}

// Calls returns the calls of the given methods (all when none given).
func (f *Server) Calls(methods ...string) []Call {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Call
	for _, c := range f.calls {
		if len(methods) == 0 || contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

// Reset forgets the calls so far.
func (f *Server) Reset() {
	f.mu.Lock()
	f.calls = nil
	f.mu.Unlock()
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func chatJSON(id string) string {
	if strings.HasPrefix(id, "-") {
		return fmt.Sprintf(`{"id":%s,"title":"维修群","type":"supergroup"}`, id)
	}
	return fmt.Sprintf(`{"id":%s,"first_name":"王","type":"private"}`, id)
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// Bot API error bodies, as Telegram sends them.
const (
	Body429         = `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}`
	Body403         = `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`
	Body403NoStart  = `{"ok":false,"error_code":403,"description":"Forbidden: bot can't initiate conversation with a user"}`
	Body500         = `{"ok":false,"error_code":500,"description":"Internal Server Error"}`
	BodyNotModified = `{"ok":false,"error_code":400,"description":"Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"}`
	BodyNotFound    = `{"ok":false,"error_code":400,"description":"Bad Request: message to edit not found"}`
	BodyChatMissing = `{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}`
)

// BodyMigrate is the 400 Telegram sends to a group that became a supergroup.
func BodyMigrate(to int64) string {
	return fmt.Sprintf(`{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":%d}}`, to)
}

// Update builders, in the Bot API's JSON.

// User is a Telegram user in updates.
type User struct {
	ID   int64
	Name string
}

// UserJSON is a user object.
func UserJSON(u User) string {
	return fmt.Sprintf(`{"id":%d,"is_bot":false,"first_name":%q,"language_code":"zh-hans"}`, u.ID, u.Name)
}

// PrivateChat is the chat object of u's private chat with the bot.
func PrivateChat(u User) string {
	return fmt.Sprintf(`{"id":%d,"first_name":%q,"type":"private"}`, u.ID, u.Name)
}

// GroupChat is a supergroup's chat object.
func GroupChat(id int64) string {
	return fmt.Sprintf(`{"id":%d,"title":"维修群","type":"supergroup"}`, id)
}

// entities marks commands and mentions as Telegram does (offsets in UTF-16).
func entities(text string) string {
	var es []string
	prevSpace := true
	u16 := 0
	for i, r := range text {
		if (r == '/' || r == '@') && prevSpace {
			j := i + 1
			for j < len(text) && (wordByte(text[j]) || (r == '/' && text[j] == '@')) {
				j++
			}
			if j > i+1 {
				typ := "bot_command"
				if r == '@' {
					typ = "mention"
				}
				es = append(es, fmt.Sprintf(`{"offset":%d,"length":%d,"type":%q}`, u16, j-i, typ))
			}
		}
		prevSpace = r == ' ' || r >= 0x80
		u16 += len(utf16.Encode([]rune{r}))
	}
	if len(es) == 0 {
		return ""
	}
	return `,"entities":[` + strings.Join(es, ",") + `]`
}

// TextUpdate is an update with a text message, entities marked as Telegram does.
func TextUpdate(id int64, from User, chat string, msgID int, text string) string {
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"from":%s,"chat":%s,"date":1767225600,"text":%q%s}}`,
		id, msgID, UserJSON(from), chat, text, entities(text))
}

// PrivateText is a text message from u in its private chat.
func PrivateText(id int64, from User, text string) string {
	return TextUpdate(id, from, PrivateChat(from), int(id), text)
}

// GroupText is a text message from u in a group.
func GroupText(id int64, from User, group int64, text string) string {
	return TextUpdate(id, from, GroupChat(group), int(id), text)
}

// Callback is a tap on a button of the bot's message msgID in chat.
func Callback(id int64, from User, chat string, msgID int, data string) string {
	return fmt.Sprintf(`{"update_id":%d,"callback_query":{"id":"cb%d","from":%s,"message":{"message_id":%d,"from":{"id":%d,"is_bot":true,"first_name":"后勤","username":%q},"chat":%s,"date":1767225600,"text":"工单"},"chat_instance":"-5577","data":%q}}`,
		id, id, UserJSON(from), msgID, BotID, BotName, chat, data)
}

func wordByte(b byte) bool {
	return b == '_' || '0' <= b && b <= '9' || 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z'
}

// Keyboard decodes the reply_markup of a call.
func Keyboard(tb testing.TB, c Call) [][]models.InlineKeyboardButton {
	tb.Helper()
	raw := c.Form.Get("reply_markup")
	if raw == "" {
		return nil
	}
	var m models.InlineKeyboardMarkup
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		tb.Fatalf("reply_markup %q: %v", raw, err)
	}
	return m.InlineKeyboard
}
