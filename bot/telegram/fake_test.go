package telegram

import (
	"context"
	"encoding/json"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

	"github.com/houqin/houqin/bot/telegram/telegramtest"
	"github.com/houqin/houqin/flows"
)

// Test fixtures and short names for the fake Bot API.
const (
	testToken   = telegramtest.Token
	testBotID   = telegramtest.BotID
	testBotName = telegramtest.BotName
	maintGroup  = int64(-1001234567890)

	body429         = telegramtest.Body429
	body403         = telegramtest.Body403
	body403NoStart  = telegramtest.Body403NoStart
	body500         = telegramtest.Body500
	bodyNotModified = telegramtest.BodyNotModified
	bodyNotFound    = telegramtest.BodyNotFound
	bodyChatMissing = telegramtest.BodyChatMissing
)

type user = telegramtest.User

var (
	teacher   = user{ID: 1001, Name: "王老师"}
	carpenter = user{ID: 1002, Name: "李师傅"}

	bodyMigrate     = telegramtest.BodyMigrate
	userJSON        = telegramtest.UserJSON
	privateChatJSON = telegramtest.PrivateChat
	groupChatJSON   = telegramtest.GroupChat
	privateText     = telegramtest.PrivateText
	groupText       = telegramtest.GroupText
	callbackUpdate  = telegramtest.Callback
	keyboardOf      = telegramtest.Keyboard
)

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
	err        error // SchoolOfChat fails with it when set
}

func newFakeChats() *fakeChats {
	return &fakeChats{groups: map[string]int64{strconv.FormatInt(maintGroup, 10): 1}}
}

func (c *fakeChats) SchoolOfChat(_ context.Context, ch flows.Channel, chat string) (int64, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return 0, c.err
	}
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
	api   *telegramtest.Server
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
	hs := &harness{api: telegramtest.NewServer(t), h: newFakeHandler(reply), chats: newFakeChats(), cards: newFakeCards(), logs: &lockedWriter{b: &strings.Builder{}}}
	cfg.Token = testToken
	cfg.APIURL = hs.api.URL()
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
	hs.ch.process(&upd, false) // as in polling mode
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
