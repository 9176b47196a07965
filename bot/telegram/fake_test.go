package telegram

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/houqin/houqin/flows"
)

const (
	testToken   = "123456:AAH-secretPartOfTheToken_xyz"
	testBotID   = 123456
	testBotName = "houqin_bot"
)

// apiCall is one request the fake Bot API received, as the library sent it
// (multipart/form-data).
type apiCall struct {
	Method string
	Form   url.Values
}

// fakeAPI is a Bot API server on 127.0.0.1 speaking the real JSON: every
// response is {"ok":true,"result":...} or {"ok":false,"error_code":...}.
type fakeAPI struct {
	t   testing.TB
	srv *httptest.Server

	mu      sync.Mutex
	calls   []apiCall
	msgID   int
	updates []json.RawMessage // pending, not yet confirmed by an offset
	newUpd  chan struct{}
	// fail, when set, may answer a request itself: it returns the HTTP
	// status and body, or ok=false to let the fake answer normally.
	fail func(method string, form url.Values) (status int, body string, ok bool)
}

func newFakeAPI(t testing.TB) *fakeAPI {
	t.Helper()
	f := &fakeAPI{t: t, msgID: 1000, newUpd: make(chan struct{}, 1)}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeAPI) serve(w http.ResponseWriter, r *http.Request) {
	method, ok := strings.CutPrefix(r.URL.Path, "/bot"+testToken+"/")
	if !ok || r.Method != http.MethodPost {
		writeJSON(w, 404, `{"ok":false,"error_code":404,"description":"Not Found"}`)
		return
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		f.t.Errorf("%s: Content-Type %q, want multipart/form-data", method, r.Header.Get("Content-Type"))
	}
	form := url.Values{}
	if err := r.ParseMultipartForm(1 << 20); err == nil {
		form = r.MultipartForm.Value
	} else if err != http.ErrNotMultipart && err != io.EOF {
		// An empty multipart body (no params) is fine.
		if !strings.Contains(err.Error(), "EOF") {
			f.t.Errorf("%s: parse form: %v", method, err)
		}
	}
	if method != "getUpdates" {
		f.mu.Lock()
		f.calls = append(f.calls, apiCall{Method: method, Form: form})
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
		writeJSON(w, 200, fmt.Sprintf(`{"ok":true,"result":{"id":%d,"is_bot":true,"first_name":"后勤","username":%q}}`, testBotID, testBotName))
	case "deleteWebhook", "setWebhook", "answerCallbackQuery":
		writeJSON(w, 200, `{"ok":true,"result":true}`)
	case "sendMessage", "sendPhoto":
		f.mu.Lock()
		f.msgID++
		id := f.msgID
		f.mu.Unlock()
		writeJSON(w, 200, fmt.Sprintf(`{"ok":true,"result":{"message_id":%d,"from":{"id":%d,"is_bot":true,"first_name":"后勤","username":%q},"chat":%s,"date":%d,"text":%q}}`,
			id, testBotID, testBotName, chatJSON(form.Get("chat_id")), time.Now().Unix(), form.Get("text")))
	case "editMessageText":
		writeJSON(w, 200, fmt.Sprintf(`{"ok":true,"result":{"message_id":%s,"from":{"id":%d,"is_bot":true,"first_name":"后勤"},"chat":%s,"date":%d,"edit_date":%d,"text":%q}}`,
			form.Get("message_id"), testBotID, chatJSON(form.Get("chat_id")), time.Now().Unix()-60, time.Now().Unix(), form.Get("text")))
	case "getUpdates":
		f.getUpdates(w, r, form)
	default:
		writeJSON(w, 400, `{"ok":false,"error_code":400,"description":"Bad Request: method not faked"}`)
	}
}

// getUpdates confirms every update below offset and returns the rest,
// long-polling briefly when there are none, as Telegram does.
func (f *fakeAPI) getUpdates(w http.ResponseWriter, r *http.Request, form url.Values) {
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

// push queues an update for getUpdates.
func (f *fakeAPI) push(update string) {
	f.mu.Lock()
	f.updates = append(f.updates, json.RawMessage(update))
	f.mu.Unlock()
	select {
	case f.newUpd <- struct{}{}:
	default:
	}
}

func (f *fakeAPI) setFail(h func(method string, form url.Values) (int, string, bool)) {
	f.mu.Lock()
	f.fail = h
	f.mu.Unlock()
}

// calls returns the calls of the given methods (all when none given).
func (f *fakeAPI) callsOf(methods ...string) []apiCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []apiCall
	for _, c := range f.calls {
		if len(methods) == 0 || contains(methods, c.Method) {
			out = append(out, c)
		}
	}
	return out
}

func (f *fakeAPI) reset() {
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
	body429         = `{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 3","parameters":{"retry_after":3}}`
	body403         = `{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}`
	body403NoStart  = `{"ok":false,"error_code":403,"description":"Forbidden: bot can't initiate conversation with a user"}`
	body500         = `{"ok":false,"error_code":500,"description":"Internal Server Error"}`
	bodyNotModified = `{"ok":false,"error_code":400,"description":"Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"}`
	bodyNotFound    = `{"ok":false,"error_code":400,"description":"Bad Request: message to edit not found"}`
	bodyChatMissing = `{"ok":false,"error_code":400,"description":"Bad Request: chat not found"}`
)

func bodyMigrate(to int64) string {
	return fmt.Sprintf(`{"ok":false,"error_code":400,"description":"Bad Request: group chat was upgraded to a supergroup chat","parameters":{"migrate_to_chat_id":%d}}`, to)
}

// Update builders, in the Bot API's JSON.

type user struct {
	ID   int64
	Name string
}

var (
	teacher   = user{1001, "王老师"}
	carpenter = user{1002, "李师傅"}
	stranger  = user{1009, "路人"}
)

const maintGroup = int64(-1001234567890)

func userJSON(u user) string {
	return fmt.Sprintf(`{"id":%d,"is_bot":false,"first_name":%q,"language_code":"zh-hans"}`, u.ID, u.Name)
}

func privateChatJSON(u user) string {
	return fmt.Sprintf(`{"id":%d,"first_name":%q,"type":"private"}`, u.ID, u.Name)
}

func groupChatJSON(id int64) string {
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
			for j < len(text) && (isWordByte(text[j]) || (r == '/' && text[j] == '@')) {
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
		u16 += utf16Len(string(r))
	}
	if len(es) == 0 {
		return ""
	}
	return `,"entities":[` + strings.Join(es, ",") + `]`
}

func textUpdate(id int64, from user, chat string, msgID int, text string) string {
	return fmt.Sprintf(`{"update_id":%d,"message":{"message_id":%d,"from":%s,"chat":%s,"date":1767225600,"text":%q%s}}`,
		id, msgID, userJSON(from), chat, text, entities(text))
}

func privateText(id int64, from user, text string) string {
	return textUpdate(id, from, privateChatJSON(from), int(id), text)
}

func groupText(id int64, from user, group int64, text string) string {
	return textUpdate(id, from, groupChatJSON(group), int(id), text)
}

func callbackUpdate(id int64, from user, chat string, msgID int, data string) string {
	return fmt.Sprintf(`{"update_id":%d,"callback_query":{"id":"cb%d","from":%s,"message":{"message_id":%d,"from":{"id":%d,"is_bot":true,"first_name":"后勤","username":%q},"chat":%s,"date":1767225600,"text":"工单"},"chat_instance":"-5577","data":%q}}`,
		id, id, userJSON(from), msgID, testBotID, testBotName, chat, data)
}

// fakeHandler is a bot.Handler that records messages and answers with reply.
type fakeHandler struct {
	mu    sync.Mutex
	msgs  []flows.Message
	reply func(flows.Message) ([]flows.Reply, error)
	seen  chan flows.Message
}

func newFakeHandler(reply func(flows.Message) ([]flows.Reply, error)) *fakeHandler {
	return &fakeHandler{reply: reply, seen: make(chan flows.Message, 100)}
}

func (h *fakeHandler) Handle(ctx context.Context, msg flows.Message) ([]flows.Reply, error) {
	h.mu.Lock()
	h.msgs = append(h.msgs, msg)
	h.mu.Unlock()
	h.seen <- msg
	if h.reply == nil {
		return []flows.Reply{{Text: "收到：" + msg.Text + msg.Button}}, nil
	}
	return h.reply(msg)
}

func (h *fakeHandler) messages() []flows.Message {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]flows.Message(nil), h.msgs...)
}

// fakeChats is a bot.Chats naming the maintenance group for school 1.
type fakeChats struct {
	mu         sync.Mutex
	groups     map[string]int64
	migrations [][2]string
}

func newFakeChats() *fakeChats {
	return &fakeChats{groups: map[string]int64{strconv.FormatInt(maintGroup, 10): 1}}
}

func (c *fakeChats) SchoolOfChat(_ context.Context, ch flows.Channel, chat string) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if id, ok := c.groups[chat]; ok && ch == flows.ChannelTelegram {
		return id, nil
	}
	return 0, flows.ErrNotFound
}

func (c *fakeChats) MigrateChat(_ context.Context, _ flows.Channel, from, to string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.migrations = append(c.migrations, [2]string{from, to})
	if id, ok := c.groups[from]; ok {
		delete(c.groups, from)
		c.groups[to] = id
	}
	return nil
}

// fakeCards is a bot.Cards in memory.
type fakeCards struct {
	mu    sync.Mutex
	cards map[string]string
}

func newFakeCards() *fakeCards { return &fakeCards{cards: map[string]string{}} }

func (c *fakeCards) Card(_ context.Context, ch flows.Channel, chat, ref string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if id, ok := c.cards[string(ch)+"|"+chat+"|"+ref]; ok {
		return id, nil
	}
	return "", flows.ErrNotFound
}

func (c *fakeCards) SaveCard(_ context.Context, ch flows.Channel, chat, ref, messageID string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cards[string(ch)+"|"+chat+"|"+ref] = messageID
	return nil
}

// harness is a Channel wired to fakes.
type harness struct {
	api   *fakeAPI
	h     *fakeHandler
	chats *fakeChats
	cards *fakeCards
	ch    *Channel
	logs  *lockedWriter
}

// logText is everything the channel logged.
func (hs *harness) logText() string {
	hs.logs.mu.Lock()
	defer hs.logs.mu.Unlock()
	return hs.logs.b.String()
}

func newHarness(t testing.TB, cfg Config, reply func(flows.Message) ([]flows.Reply, error)) *harness {
	t.Helper()
	hs := &harness{api: newFakeAPI(t), h: newFakeHandler(reply), chats: newFakeChats(), cards: newFakeCards(), logs: &lockedWriter{b: &strings.Builder{}}}
	cfg.Token = testToken
	cfg.APIURL = hs.api.srv.URL
	if cfg.BotUsername == "" {
		cfg.BotUsername = testBotName
	}
	if cfg.PollTimeout == 0 {
		cfg.PollTimeout = 2 * time.Second
	}
	log := slog.New(slog.NewTextHandler(hs.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	ch, err := New(cfg, hs.h, hs.chats, hs.cards, log)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	hs.ch = ch
	return hs
}

// process handles one update as the workers do, synchronously.
func (hs *harness) process(t testing.TB, update string) {
	t.Helper()
	var upd models.Update
	if err := json.Unmarshal([]byte(update), &upd); err != nil {
		t.Fatalf("bad test update: %v\n%s", err, update)
	}
	if hs.ch.base == nil {
		hs.ch.base = context.Background()
	}
	hs.ch.process(&upd)
}

type lockedWriter struct {
	mu sync.Mutex
	b  *strings.Builder
}

func (w *lockedWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.Write(p)
}

// eventually waits for cond, failing the test after 5 seconds.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// keyboardOf decodes a reply_markup form field.
func keyboardOf(t testing.TB, c apiCall) [][]models.InlineKeyboardButton {
	t.Helper()
	raw := c.Form.Get("reply_markup")
	if raw == "" {
		return nil
	}
	var m models.InlineKeyboardMarkup
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		t.Fatalf("reply_markup %q: %v", raw, err)
	}
	return m.InlineKeyboard
}
