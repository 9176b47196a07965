// Package e2e runs a repair end to end through the Telegram channel: the
// real engine and repair flow on PostgreSQL (store/pglocal), the outbox
// worker, and the channel talking to a fake Bot API. It lives apart from
// package telegram's unit tests because it starts a database.
package e2e

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/bot/telegram"
	"github.com/houqin/houqin/bot/telegram/telegramtest"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/pglocal/pgtest"
	"github.com/houqin/houqin/store/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

const (
	secret = "e2e-secret"
	group  = int64(-1001234567890)
)

var (
	teacher   = telegramtest.User{ID: 5001, Name: "李老师"} // owns 教学楼302 (初二(3)班)
	carpenter = telegramtest.User{ID: 5002, Name: "王师傅"} // the carpentry route
	stranger  = telegramtest.User{ID: 5009, Name: "路人"}  // never bound
)

// world is the whole service wired as `houqin serve` wires it, with a
// fake Bot API and an injected clock.
type world struct {
	t      *testing.T
	db     *store.DB
	school storetest.School
	api    *telegramtest.Server
	ch     *telegram.Channel
	outbox *bot.Worker
	hook   http.Handler
	logs   *syncBuffer

	mu  sync.Mutex
	now time.Time
	upd int64
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{t: t, api: telegramtest.NewServer(t), logs: &syncBuffer{}, upd: 100,
		// A Monday morning at school.
		now: time.Date(2026, 3, 2, 9, 0, 0, 0, flows.LoadLocation("Asia/Shanghai"))}
	w.db = storetest.Open(t)
	w.school = storetest.Seed(t, w.db, "实验中学")
	if err := w.db.SetChatGroup(ctx, w.school.ID, flows.ChannelTelegram, strconv.FormatInt(group, 10), flows.GroupMaintenance); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(w.logs, nil))
	engine := flows.NewEngine(flows.EngineConfig{Store: w.db, Now: w.clock, Logger: log, Modules: []flows.Module{repair.Module()}})
	ch, err := telegram.New(telegram.Config{
		Token: telegramtest.Token, APIURL: w.api.URL(), BotUsername: telegramtest.BotName,
		Mode: telegram.ModeWebhook, WebhookURL: "https://houqin.example.edu.cn/telegram", WebhookSecret: secret,
		Now: w.clock,
	}, engine, w.db, w.db, log)
	if err != nil {
		t.Fatal(err)
	}
	w.ch, w.hook = ch, ch.WebhookHandler()
	w.outbox = &bot.Worker{Outbox: w.db, Senders: map[flows.Channel]bot.Sender{flows.ChannelTelegram: ch}, Now: w.clock, Log: log}

	runCtx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- ch.Run(runCtx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Run: %v", err)
		}
		if strings.Contains(w.logs.String(), "secretPartOfTheToken") {
			t.Errorf("the bot token reached the log")
		}
	})
	deadline := time.Now().Add(5 * time.Second)
	for len(w.api.Calls("setWebhook")) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("no setWebhook")
		}
		time.Sleep(5 * time.Millisecond)
	}
	return w
}

func (w *world) clock() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.now
}

// later moves the clock on, so each step is a fresh moment (and a fresh
// rate-limit budget), as between real taps.
func (w *world) later(d time.Duration) {
	w.mu.Lock()
	w.now = w.now.Add(d)
	w.mu.Unlock()
}

// deliver posts one update to POST /telegram as Telegram would; the
// handler returns once the update is handled and replied to.
func (w *world) deliver(update string) {
	w.t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/telegram", strings.NewReader(update))
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", secret)
	rec := httptest.NewRecorder()
	w.hook.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		w.t.Fatalf("webhook status %d", rec.Code)
	}
}

func (w *world) nextID() int64 {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.upd++
	return w.upd
}

// say sends text from u in its private chat and returns the bot's answers.
func (w *world) say(u telegramtest.User, text string) []telegramtest.Call {
	w.t.Helper()
	n := len(w.api.Calls())
	w.later(time.Minute)
	w.deliver(telegramtest.PrivateText(w.nextID(), u, text))
	return w.api.Calls()[n:]
}

// tap presses a button with data on message msgID in chat.
func (w *world) tap(u telegramtest.User, chat string, msgID int, data string) []telegramtest.Call {
	w.t.Helper()
	n := len(w.api.Calls())
	w.later(time.Minute)
	w.deliver(telegramtest.Callback(w.nextID(), u, chat, msgID, data))
	return w.api.Calls()[n:]
}

// flush runs the outbox worker once and returns what it sent.
func (w *world) flush() []telegramtest.Call {
	w.t.Helper()
	n := len(w.api.Calls())
	if _, err := w.outbox.Flush(context.Background()); err != nil {
		w.t.Fatalf("outbox: %v", err)
	}
	return w.api.Calls()[n:]
}

// bind binds u to staff name with a code from `houqin staff invite`.
func (w *world) bind(u telegramtest.User, name string) {
	w.t.Helper()
	got := w.say(u, "/start "+w.invite(name))
	want(w.t, got, "sendMessage", id(u.ID), "绑定成功")
}

// invite makes a binding code for staff member name.
func (w *world) invite(name string) string {
	w.t.Helper()
	code, err := w.db.InviteStaff(context.Background(), w.school.Staff[name].ID, w.clock(), 24*time.Hour)
	if err != nil {
		w.t.Fatal(err)
	}
	return code
}

func (w *world) repair(id int64) repair.Repair {
	w.t.Helper()
	var r repair.Repair
	err := w.db.InTx(context.Background(), func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		var err error
		r, err = tx.Repair(context.Background(), id)
		return err
	})
	if err != nil {
		w.t.Fatal(err)
	}
	return r
}

func (w *world) card(repairID int64) int {
	w.t.Helper()
	mid, err := w.db.Card(context.Background(), flows.ChannelTelegram, id(group), repair.Ref(repairID))
	if err != nil {
		w.t.Fatalf("card of repair %d: %v", repairID, err)
	}
	n, _ := strconv.Atoi(mid)
	return n
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// want finds the call of method to chat whose text contains sub.
func want(t *testing.T, calls []telegramtest.Call, method, chat, sub string) telegramtest.Call {
	t.Helper()
	for _, c := range calls {
		if c.Method == method && (chat == "" || c.Form.Get("chat_id") == chat) && strings.Contains(c.Form.Get("text"), sub) {
			return c
		}
	}
	t.Fatalf("no %s to %s containing %q in:\n%s", method, chat, sub, dump(calls))
	return telegramtest.Call{}
}

// button returns the callback data of the button labelled label.
func button(t *testing.T, c telegramtest.Call, label string) string {
	t.Helper()
	for _, row := range telegramtest.Keyboard(t, c) {
		for _, b := range row {
			if b.Text == label {
				return b.CallbackData
			}
		}
	}
	t.Fatalf("no button %q on %q", label, c.Form.Get("text"))
	return ""
}

func dump(calls []telegramtest.Call) string {
	var b strings.Builder
	for _, c := range calls {
		fmt.Fprintf(&b, "  %s chat=%s text=%q alert=%s markup=%s\n", c.Method, c.Form.Get("chat_id"),
			c.Form.Get("text"), c.Form.Get("show_alert"), c.Form.Get("reply_markup"))
	}
	return b.String()
}

func TestRepairThroughTelegram(t *testing.T) {
	w := newWorld(t)
	w.bind(teacher, "李老师")
	w.bind(carpenter, "王师傅")
	teacherChat, carpenterChat := telegramtest.PrivateChat(teacher), telegramtest.PrivateChat(carpenter)
	groupChat := telegramtest.GroupChat(group)

	// The teacher reports a desk in a private chat and submits the read-back.
	got := w.say(teacher, "初二(3)班 课桌腿断了")
	readBack := want(t, got, "sendMessage", id(teacher.ID), "请核对报修单")
	got = w.tap(teacher, teacherChat, 1, button(t, readBack, "确认提交"))
	want(t, got, "answerCallbackQuery", "", "")
	want(t, got, "sendMessage", id(teacher.ID), "报修成功")

	// The job card appears in the maintenance group with buttons; the
	// carpenter is told privately too.
	sent := w.flush()
	card := want(t, sent, "sendMessage", id(group), "课桌")
	want(t, sent, "sendMessage", id(carpenter.ID), "新维修任务")
	take := button(t, card, "接单")
	a, _ := flows.ParseAction(take)
	repairID := a.ID
	cardMsg := w.card(repairID)

	// Someone not bound taps 接单: refused politely, nothing changes.
	got = w.tap(stranger, groupChat, cardMsg, take)
	refusal := want(t, got, "answerCallbackQuery", "", "绑定")
	if refusal.Form.Get("show_alert") != "true" {
		t.Errorf("refusal not shown as an alert: %v", refusal.Form)
	}
	// A bound teacher may not take a carpentry job either.
	got = w.tap(teacher, groupChat, cardMsg, take)
	want(t, got, "answerCallbackQuery", "", "不是派给你的")
	if r := w.repair(repairID); r.Status != repair.RepairAssigned {
		t.Fatalf("status after refused taps = %s, want assigned", r.Status)
	}
	if sent := w.flush(); len(sent) != 0 {
		t.Fatalf("refused taps sent:\n%s", dump(sent))
	}

	// The carpenter taps 接单: the card is edited in place, the teacher told.
	got = w.tap(carpenter, groupChat, cardMsg, take)
	want(t, got, "sendMessage", id(carpenter.ID), "已接单")
	want(t, got, "answerCallbackQuery", "", "已接单")
	sent = w.flush()
	edit := want(t, sent, "editMessageText", id(group), "维修中（王师傅）")
	if edit.Form.Get("message_id") != strconv.Itoa(cardMsg) {
		t.Errorf("edited message %s, want the card %d", edit.Form.Get("message_id"), cardMsg)
	}
	want(t, sent, "sendMessage", id(teacher.ID), "已接单")
	for _, c := range sent {
		if c.Method == "sendMessage" && c.Form.Get("chat_id") == id(group) {
			t.Errorf("a second card was posted instead of an edit: %q", c.Form.Get("text"))
		}
	}

	// Then 完成 on the card: the question goes to the carpenter privately.
	got = w.tap(carpenter, groupChat, cardMsg, button(t, edit, "完成"))
	question := want(t, got, "sendMessage", id(carpenter.ID), "损坏原因")
	got = w.tap(carpenter, carpenterChat, 2, button(t, question, "自然损坏"))
	want(t, got, "sendMessage", id(carpenter.ID), "已记录")
	sent = w.flush()
	want(t, sent, "editMessageText", id(group), "课桌")
	signOff := want(t, sent, "sendMessage", id(teacher.ID), "确认修好了吗")

	// The teacher gets the sign-off question and confirms.
	confirm := telegramtest.Callback(w.nextID(), teacher, teacherChat, 3, button(t, signOff, "确认修好"))
	n := len(w.api.Calls())
	w.later(time.Minute)
	w.deliver(confirm)
	want(t, w.api.Calls()[n:], "sendMessage", id(teacher.ID), "已验收")
	if r := w.repair(repairID); r.Status != repair.RepairClosed {
		t.Fatalf("status = %s, want closed", r.Status)
	}
	sent = w.flush()
	want(t, sent, "editMessageText", id(group), "课桌")

	// Telegram redelivers the confirmation (a lost webhook response): the
	// engine answers from its dedup log and nothing else happens.
	n = len(w.api.Calls())
	w.deliver(confirm)
	again := w.api.Calls()[n:]
	want(t, again, "sendMessage", id(teacher.ID), "已验收")
	if sent := w.flush(); len(sent) != 0 {
		t.Errorf("a redelivered update sent notifications:\n%s", dump(sent))
	}
	events, err := w.db.RepairEvents(context.Background(), repairID)
	if err != nil {
		t.Fatal(err)
	}
	confirmed := 0
	for _, e := range events {
		if e.Kind == repair.EventConfirmed {
			confirmed++
		}
	}
	if confirmed != 1 {
		t.Errorf("confirmed events = %d, want 1", confirmed)
	}
}

func TestOutboxSurvivesTelegramFailures(t *testing.T) {
	w := newWorld(t)
	w.bind(teacher, "李老师")
	got := w.say(teacher, "初二(3)班 课桌腿断了")
	w.tap(teacher, telegramtest.PrivateChat(teacher), 1, button(t, want(t, got, "sendMessage", id(teacher.ID), "请核对报修单"), "确认提交"))

	// Telegram is down (5xx) and then asks us to slow down (429): the card
	// and the worker's notice wait in the outbox, nothing is lost.
	w.api.Fail(func(method string, _ url.Values) (int, string, bool) { return 500, telegramtest.Body500, true })
	want(t, w.flush(), "sendMessage", id(group), "课桌") // tried, failed
	w.api.Fail(func(method string, _ url.Values) (int, string, bool) { return 429, telegramtest.Body429, true })
	w.later(time.Hour)                                 // past the backoff
	want(t, w.flush(), "sendMessage", id(group), "课桌") // tried, told to wait 3s
	w.api.Fail(nil)
	if sent := w.flush(); len(sent) != 0 {
		t.Fatalf("sent before retry_after:\n%s", dump(sent))
	}
	w.later(time.Hour)
	sent := w.flush()
	want(t, sent, "sendMessage", id(group), "课桌")
	// 王师傅 never started the bot, so his notice has no Telegram address:
	// it is the outbox's to mark undeliverable; the card went regardless.
	w.later(time.Hour)
	if again := w.flush(); len(again) != 0 {
		t.Errorf("delivered twice:\n%s", dump(again))
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
