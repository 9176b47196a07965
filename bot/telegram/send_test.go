package telegram

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/flows"
)

func jobCard(text string, buttons ...flows.Button) flows.OutboxItem {
	return flows.OutboxItem{
		ID: 7, Channel: flows.ChannelTelegram, Address: strconv.FormatInt(maintGroup, 10), IsGroup: true,
		Notification: flows.Notification{SchoolID: 1, ToGroup: flows.GroupMaintenance, Kind: "repair.new", Ref: "repair:42", Text: text, Buttons: buttons},
	}
}

func toTeacher(text string) flows.OutboxItem {
	return flows.OutboxItem{
		ID: 8, Channel: flows.ChannelTelegram, Address: "1001",
		Notification: flows.Notification{SchoolID: 1, ToStaff: 3, Kind: "repair.done", Ref: "repair:42", Text: text},
	}
}

func TestGroupCardPostedThenEditedInPlace(t *testing.T) {
	hs := newHarness(t, Config{}, nil)
	ctx := context.Background()
	hs.ch.limit = newLimiter(time.Now) // fresh budget
	if err := hs.ch.Send(ctx, jobCard("【报修】教学楼302 课桌坏了", flows.Button{Label: "接单", Data: "repair:42:take"},
		flows.Button{Label: "完成", Data: "repair:42:done"}, flows.Button{Label: "修不好", Data: "repair:42:cant"})); err != nil {
		t.Fatalf("Send new card: %v", err)
	}
	sends := hs.api.Calls("sendMessage")
	if len(sends) != 1 || sends[0].Form.Get("chat_id") != strconv.FormatInt(maintGroup, 10) {
		t.Fatalf("sends = %+v", sends)
	}
	if raw := sends[0].Form.Get("reply_markup"); strings.Contains(raw, "copy_text") || strings.Contains(raw, "url") {
		t.Errorf("reply_markup = %s, want callback buttons only", raw)
	}
	kb := keyboardOf(t, sends[0])
	if len(kb) != 1 || len(kb[0]) != 3 || kb[0][0].Text != "接单" || kb[0][2].CallbackData != "repair:42:cant" {
		t.Errorf("keyboard = %+v, want one row 接单 完成 修不好", kb)
	}
	saved, err := hs.cards.Card(ctx, flows.ChannelTelegram, strconv.FormatInt(maintGroup, 10), "repair:42")
	if err != nil || saved != "1001" {
		t.Fatalf("saved card = %q, %v; want message 1001", saved, err)
	}

	hs.api.Reset()
	if err := hs.ch.Send(ctx, jobCard("【报修】教学楼302 课桌坏了\n状态：李师傅已接单", flows.Button{Label: "完成", Data: "repair:42:done"})); err != nil {
		t.Fatalf("Send update: %v", err)
	}
	calls := hs.api.Calls()
	if len(calls) != 1 || calls[0].Method != "editMessageText" {
		t.Fatalf("calls = %+v, want one editMessageText", calls)
	}
	f := calls[0].Form
	if f.Get("message_id") != "1001" || f.Get("chat_id") != strconv.FormatInt(maintGroup, 10) || !strings.Contains(f.Get("text"), "李师傅已接单") {
		t.Errorf("edit = %v", f)
	}
	if kb := keyboardOf(t, calls[0]); len(kb) != 1 || len(kb[0]) != 1 || kb[0][0].CallbackData != "repair:42:done" {
		t.Errorf("edited keyboard = %+v, want only 完成", kb)
	}
}

func TestSendOutcomes(t *testing.T) {
	tests := []struct {
		name  string
		item  flows.OutboxItem
		card  bool // a card for repair:42 already exists
		fail  func(method string, form url.Values) (int, string, bool)
		check func(t *testing.T, err error)
		sends int // sendMessage calls expected
		edits int
	}{
		{
			name: "429 asks to retry after retry_after",
			item: toTeacher("课桌已修好，请验收。"),
			fail: always("sendMessage", 429, body429),
			check: func(t *testing.T, err error) {
				var re *bot.RetryError
				if !errors.As(err, &re) || re.After != 3*time.Second {
					t.Errorf("err = %v, want RetryError after 3s", err)
				}
			},
			sends: 1,
		},
		{
			name:  "403 is undeliverable",
			item:  toTeacher("课桌已修好，请验收。"),
			fail:  always("sendMessage", 403, body403),
			check: wantUndeliverable,
			sends: 1,
		},
		{
			name:  "400 chat not found is undeliverable",
			item:  toTeacher("课桌已修好，请验收。"),
			fail:  always("sendMessage", 400, bodyChatMissing),
			check: wantUndeliverable,
			sends: 1,
		},
		{
			name:  "5xx is transient",
			item:  toTeacher("课桌已修好，请验收。"),
			fail:  always("sendMessage", 500, body500),
			check: wantTransient,
			sends: 1,
		},
		{
			name:  "message is not modified is success",
			item:  jobCard("【报修】同样的内容"),
			card:  true,
			fail:  always("editMessageText", 400, bodyNotModified),
			check: wantNil,
			edits: 1,
		},
		{
			name:  "a deleted card is posted anew",
			item:  jobCard("【报修】新状态"),
			card:  true,
			fail:  always("editMessageText", 400, bodyNotFound),
			check: wantNil,
			edits: 1, sends: 1,
		},
		{
			name:  "429 on an edit asks to retry",
			item:  jobCard("【报修】新状态"),
			card:  true,
			fail:  always("editMessageText", 429, body429),
			check: wantRetry,
			edits: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			hs := newHarness(t, Config{}, nil)
			if tt.card {
				hs.cards.SaveCard(context.Background(), flows.ChannelTelegram, tt.item.Address, "repair:42", "555")
			}
			hs.api.Fail(tt.fail)
			err := hs.ch.Send(context.Background(), tt.item)
			tt.check(t, err)
			if err != nil && strings.Contains(err.Error(), "secretPartOfTheToken") {
				t.Errorf("error leaks the token: %v", err)
			}
			if n := len(hs.api.Calls("sendMessage")); n != tt.sends {
				t.Errorf("sendMessage calls = %d, want %d", n, tt.sends)
			}
			if n := len(hs.api.Calls("editMessageText")); n != tt.edits {
				t.Errorf("editMessageText calls = %d, want %d", n, tt.edits)
			}
		})
	}
}

func TestSendFollowsAGroupMigration(t *testing.T) {
	hs := newHarness(t, Config{}, nil)
	old := strconv.FormatInt(maintGroup, 10)
	const to = int64(-1009876543210)
	hs.api.Fail(func(method string, form url.Values) (int, string, bool) {
		if method == "sendMessage" && form.Get("chat_id") == old {
			return 400, bodyMigrate(to), true
		}
		return 0, "", false
	})
	if err := hs.ch.Send(context.Background(), jobCard("【报修】教学楼302 课桌坏了")); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if len(hs.chats.migrations) != 1 || hs.chats.migrations[0] != [2]string{old, strconv.FormatInt(to, 10)} {
		t.Errorf("migrations = %v", hs.chats.migrations)
	}
	sends := hs.api.Calls("sendMessage")
	if len(sends) != 2 || sends[1].Form.Get("chat_id") != strconv.FormatInt(to, 10) {
		t.Fatalf("sends = %+v, want a retry to the new id", sends)
	}
	if _, err := hs.cards.Card(context.Background(), flows.ChannelTelegram, strconv.FormatInt(to, 10), "repair:42"); err != nil {
		t.Errorf("card not saved under the new chat id: %v", err)
	}
}

func TestSendNetworkErrorHidesToken(t *testing.T) {
	hs := newHarness(t, Config{}, nil)
	hs.api.Close()
	err := hs.ch.Send(context.Background(), toTeacher("你好"))
	wantTransient(t, err)
	if strings.Contains(err.Error(), "secretPartOfTheToken") || strings.Contains(err.Error(), testToken) {
		t.Errorf("error leaks the token: %v", err)
	}
	if strings.Contains(hs.logText(), "secretPartOfTheToken") {
		t.Errorf("log leaks the token")
	}
}

func TestSendBadAddressIsUndeliverable(t *testing.T) {
	hs := newHarness(t, Config{}, nil)
	item := toTeacher("你好")
	item.Address = "oAbc-wechat-openid"
	wantUndeliverable(t, hs.ch.Send(context.Background(), item))
	if n := len(hs.api.Calls()); n != 0 {
		t.Errorf("%d API calls for a bad address", n)
	}
}

func TestSendKeepsUnderTheGroupRate(t *testing.T) {
	hs := newHarness(t, Config{}, nil)
	now := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	hs.ch.limit = newLimiter(func() time.Time { return now })
	item := jobCard("【报修】")
	item.Ref = "" // plain posts
	var retry *bot.RetryError
	sent := 0
	for i := 0; i < 10; i++ {
		err := hs.ch.Send(context.Background(), item)
		if errors.As(err, &retry) {
			break
		}
		if err != nil {
			t.Fatalf("Send: %v", err)
		}
		sent++
	}
	// Burst of 3, then one every 3s; the wait before the 4th (3s) exceeds
	// maxSendWait, so it comes back as a RetryError instead of blocking.
	if sent != 3 || retry == nil || retry.After != 3*time.Second {
		t.Errorf("sent %d then %v; want 3 then a retry after 3s", sent, retry)
	}
}

// A send with little time left does not sleep out the rate limiter into a
// timeout (an attempt, and a request that may have gone through): the wait
// goes back to the outbox as a RetryError, which is not an attempt.
func TestSendHandsBackAWaitItHasNoTimeFor(t *testing.T) {
	hs := newHarness(t, Config{}, nil)
	now := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	hs.ch.limit = newLimiter(func() time.Time { return now })
	for i := 0; i < 3; i++ { // the private chat's burst
		if err := hs.ch.Send(context.Background(), toTeacher("你好")); err != nil {
			t.Fatalf("Send %d: %v", i+1, err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := hs.ch.Send(ctx, toTeacher("你好"))
	var retry *bot.RetryError
	if !errors.As(err, &retry) || retry.After != time.Second {
		t.Fatalf("err = %v, want a RetryError after 1s (the chat's rate)", err)
	}
	if d := time.Since(start); d > 100*time.Millisecond {
		t.Errorf("Send waited %s before handing the wait back", d)
	}
	if n := len(hs.api.Calls("sendMessage")); n != 3 {
		t.Errorf("%d sendMessage calls, want 3", n)
	}
}

func always(method string, status int, body string) func(string, url.Values) (int, string, bool) {
	return func(m string, _ url.Values) (int, string, bool) {
		if m == method {
			return status, body, true
		}
		return 0, "", false
	}
}

func wantNil(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Errorf("err = %v, want nil", err)
	}
}

func wantUndeliverable(t *testing.T, err error) {
	t.Helper()
	if !errors.Is(err, bot.ErrUndeliverable) {
		t.Errorf("err = %v, want ErrUndeliverable", err)
	}
}

func wantRetry(t *testing.T, err error) {
	t.Helper()
	var re *bot.RetryError
	if !errors.As(err, &re) || re.After <= 0 {
		t.Errorf("err = %v, want a RetryError", err)
	}
}

func wantTransient(t *testing.T, err error) {
	t.Helper()
	var re *bot.RetryError
	if err == nil || errors.Is(err, bot.ErrUndeliverable) || errors.As(err, &re) {
		t.Errorf("err = %v, want a transient error", err)
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2026, 1, 1, 8, 0, 0, 0, time.UTC)
	l := newLimiter(func() time.Time { return now })
	var waits []time.Duration
	for i := 0; i < 5; i++ {
		w, ok := l.reserve(1001, time.Hour)
		if !ok {
			t.Fatalf("reserve refused with max 1h")
		}
		waits = append(waits, w)
	}
	want := []time.Duration{0, 0, 0, time.Second, 2 * time.Second}
	for i := range want {
		if waits[i] != want[i] {
			t.Fatalf("private waits = %v, want %v", waits, want)
		}
	}
	// Another chat is not held back by the first (global budget allows it).
	if w, _ := l.reserve(1002, time.Hour); w != 0 {
		t.Errorf("other chat waits %v, want 0", w)
	}
	// Refused reservations book nothing.
	if _, ok := l.reserve(1001, 0); ok {
		t.Errorf("reserve with max 0 on a busy chat succeeded")
	}
	// After a 429 the chat waits it out.
	l.penalize(1002, 5*time.Second)
	if w, _ := l.reserve(1002, time.Hour); w != 5*time.Second {
		t.Errorf("wait after 429 = %v, want 5s", w)
	}
	// Globally at most 10 at once, then 30 a second.
	g := newLimiter(func() time.Time { return now })
	var last time.Duration
	for i := 0; i < 40; i++ {
		last, _ = g.reserve(int64(2000+i), time.Hour)
	}
	if want := 30 * globalRate.every; last != want {
		t.Errorf("wait of the 40th distinct chat = %v, want %v", last, want)
	}
}

func TestSendLink(t *testing.T) {
	for _, tt := range []struct{ link, want string }{
		{"https://houqin.example.edu.cn/r/R42", "请验收。\n详情：https://houqin.example.edu.cn/r/R42"},
		{"/r/R42", "请验收。"}, // not absolute: left out rather than refused
	} {
		hs := newHarness(t, Config{}, nil)
		item := toTeacher("请验收。")
		item.Link = tt.link
		if err := hs.ch.Send(context.Background(), item); err != nil {
			t.Fatalf("Send: %v", err)
		}
		if got := hs.api.Calls("sendMessage")[0].Form.Get("text"); got != tt.want {
			t.Errorf("link %q: text = %q, want %q", tt.link, got, tt.want)
		}
	}
}
