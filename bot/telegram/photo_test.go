package telegram

import (
	"bytes"
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/bot/media"
	"github.com/houqin/houqin/flows"
)

// fakePhotos answers NoticePhoto from a table by item ref.
type fakePhotos struct {
	by  map[string]media.Attached
	err error
}

func (f fakePhotos) NoticePhoto(_ context.Context, item flows.OutboxItem) (media.Attached, bool, error) {
	if f.err != nil {
		return media.Attached{}, false, f.err
	}
	a, ok := f.by[item.Ref]
	return a, ok && (a.Status == "stored" || a.Status == "pending"), nil
}

func toWorker(ref, text string) flows.OutboxItem {
	return flows.OutboxItem{ID: 9, Channel: flows.ChannelTelegram, Address: "2002",
		Notification: flows.Notification{SchoolID: 1, ToStaff: 6, Kind: "repair.assigned", Ref: ref, Text: text,
			Buttons: []flows.Button{{Label: "接单", Data: "repair:42:take"}}}}
}

func TestJobNotificationCarriesThePhoto(t *testing.T) {
	jpegBytes := []byte("\xff\xd8 a stored photo \xff\xd9")
	photos := fakePhotos{by: map[string]media.Attached{
		"repair:42": {Channel: flows.ChannelWeChat, Ref: "MEDIA-1", Status: "stored", Photo: media.Photo{MIME: "image/jpeg", Data: jpegBytes}},
		"repair:43": {Channel: flows.ChannelTelegram, Ref: "AgACAgIAAxkBAAI-file-id", Status: "pending"},
		"repair:44": {Channel: flows.ChannelWeChat, Ref: "MEDIA-3", Status: "pending"},
	}}
	ctx := context.Background()
	card := "【新维修任务】BX-20261120-001\n地点：教学楼302\n问题：窗户玻璃碎了\n照片：已附"

	t.Run("stored photo uploaded with the card as caption", func(t *testing.T) {
		hs := newHarness(t, Config{}, nil)
		hs.ch.AttachPhotos(photos)
		if err := hs.ch.Send(ctx, toWorker("repair:42", card)); err != nil {
			t.Fatal(err)
		}
		calls := hs.api.Calls()
		if len(calls) != 1 || calls[0].Method != "sendPhoto" {
			t.Fatalf("calls %+v, want one sendPhoto", calls)
		}
		c := calls[0]
		if c.Form.Get("caption") != card || c.Form.Get("chat_id") != "2002" || !bytes.Equal(c.Files["photo"], jpegBytes) {
			t.Errorf("sendPhoto caption %q chat %q photo %q", c.Form.Get("caption"), c.Form.Get("chat_id"), c.Files["photo"])
		}
		if kb := keyboardOf(t, c); len(kb) != 1 || kb[0][0].Text != "接单" {
			t.Errorf("keyboard %+v", kb)
		}
	})
	t.Run("a Telegram photo still being fetched is sent by its file_id", func(t *testing.T) {
		hs := newHarness(t, Config{}, nil)
		hs.ch.AttachPhotos(photos)
		if err := hs.ch.Send(ctx, toWorker("repair:43", card)); err != nil {
			t.Fatal(err)
		}
		calls := hs.api.Calls()
		if len(calls) != 1 || calls[0].Method != "sendPhoto" || calls[0].Form.Get("photo") != "AgACAgIAAxkBAAI-file-id" {
			t.Fatalf("calls %+v, want sendPhoto by file_id", calls)
		}
	})
	for name, item := range map[string]flows.OutboxItem{
		"a WeChat photo still being fetched": toWorker("repair:44", card),
		"no photo":                           toWorker("repair:45", card),
		"a caption over 1024":                toWorker("repair:42", strings.Repeat("字", 1100)),
	} {
		t.Run(name+": the text alone", func(t *testing.T) {
			hs := newHarness(t, Config{}, nil)
			hs.ch.AttachPhotos(photos)
			if err := hs.ch.Send(ctx, item); err != nil {
				t.Fatal(err)
			}
			if calls := hs.api.Calls(); len(calls) != 1 || calls[0].Method != "sendMessage" {
				t.Fatalf("calls %+v, want one sendMessage", calls)
			}
		})
	}
	t.Run("a refused photo falls back to the text", func(t *testing.T) {
		hs := newHarness(t, Config{}, nil)
		hs.ch.AttachPhotos(photos)
		hs.api.Fail(func(method string, _ url.Values) (int, string, bool) {
			if method == "sendPhoto" {
				return 400, `{"ok":false,"error_code":400,"description":"Bad Request: IMAGE_PROCESS_FAILED"}`, true
			}
			return 0, "", false
		})
		if err := hs.ch.Send(ctx, toWorker("repair:42", card)); err != nil {
			t.Fatal(err)
		}
		calls := hs.api.Calls()
		if len(calls) != 2 || calls[0].Method != "sendPhoto" || calls[1].Method != "sendMessage" || calls[1].Form.Get("text") != card {
			t.Fatalf("calls %+v, want sendPhoto then sendMessage", calls)
		}
	})
	t.Run("a lookup error sends the text", func(t *testing.T) {
		hs := newHarness(t, Config{}, nil)
		hs.ch.AttachPhotos(fakePhotos{err: errors.New("db down")})
		if err := hs.ch.Send(ctx, toWorker("repair:42", card)); err != nil {
			t.Fatal(err)
		}
		if calls := hs.api.Calls(); len(calls) != 1 || calls[0].Method != "sendMessage" {
			t.Fatalf("calls %+v", calls)
		}
	})
	t.Run("group cards stay text, edited in place", func(t *testing.T) {
		hs := newHarness(t, Config{}, nil)
		hs.ch.AttachPhotos(photos)
		hs.ch.limit = newLimiter(time.Now)
		if err := hs.ch.Send(ctx, jobCard(card)); err != nil {
			t.Fatal(err)
		}
		if calls := hs.api.Calls(); len(calls) != 1 || calls[0].Method != "sendMessage" {
			t.Fatalf("calls %+v", calls)
		}
	})
}
