package wechat

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/houqin/houqin/bot/media"
	"github.com/houqin/houqin/flows"
)

type fakePhotos map[string]media.Attached

func (f fakePhotos) NoticePhoto(_ context.Context, item flows.OutboxItem) (media.Attached, bool, error) {
	a, ok := f[item.Ref]
	return a, ok && (a.Status == "stored" || a.Status == "pending"), nil
}

// Inside the 48-hour window a job is its text, then the reporter's photo as
// an image message: the stored photo uploaded (media/upload), or the
// MediaId it came as while it is still being fetched. Outside the window
// the template carries no image.
func TestSendAttachesThePhoto(t *testing.T) {
	jpeg := []byte("\xff\xd8 stored photo \xff\xd9")
	photos := fakePhotos{
		"repair:9":  {Channel: flows.ChannelWeChat, Ref: "MEDIA-9", Status: "stored", Photo: media.Photo{Data: jpeg}},
		"repair:10": {Channel: flows.ChannelWeChat, Ref: "MEDIA-10", Status: "pending"},
		"repair:11": {Channel: flows.ChannelTelegram, Ref: "AgAC-file", Status: "pending"},
	}
	for _, c := range []struct {
		ref      string
		lastSeen time.Duration
		image    string // the image message's media_id; "" none
		uploads  int
	}{
		{"repair:9", time.Hour, "UPLOADED-1", 1},
		{"repair:10", time.Hour, "MEDIA-10", 0},
		{"repair:11", time.Hour, "", 0}, // a Telegram file_id means nothing to WeChat
		{"repair:12", time.Hour, "", 0}, // no photo
		{"repair:9", 50 * time.Hour, "", 0},
	} {
		e := newEnv(t, nil)
		e.ch.AttachPhotos(photos)
		item := e.outboxItem(c.lastSeen)
		item.Ref = c.ref
		if err := e.ch.Send(context.Background(), item); err != nil {
			t.Fatalf("%s: %v", c.ref, err)
		}
		got := e.api.customs()
		var image string
		if len(got) == 2 && got[0].MsgType == "text" && got[1].MsgType == "image" && got[1].ToUser == "oWorker-openid" {
			image = got[1].Image.MediaID
		} else if c.lastSeen < window && len(got) != 1 {
			t.Errorf("%s: %d customer messages", c.ref, len(got))
		}
		if image != c.image || len(e.api.uploads) != c.uploads {
			t.Errorf("%s, seen %v ago: image %q, %d uploads; want %q, %d", c.ref, c.lastSeen, image, len(e.api.uploads), c.image, c.uploads)
		}
		if c.uploads > 0 && !bytes.Equal(e.api.uploads[0], jpeg) {
			t.Errorf("%s: uploaded %q", c.ref, e.api.uploads[0])
		}
	}
}

// A failed upload leaves the text delivered and the item done.
func TestSendPhotoFailureKeepsTheText(t *testing.T) {
	e := newEnv(t, nil)
	e.ch.AttachPhotos(fakePhotos{"repair:9": {Status: "stored", Photo: media.Photo{Data: []byte("x")}}})
	e.api.answer("/cgi-bin/media/upload", 45009)
	if err := e.ch.Send(context.Background(), e.outboxItem(time.Hour)); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if got := e.api.customs(); len(got) != 1 || got[0].MsgType != "text" {
		t.Errorf("customer messages %+v, want the text alone", got)
	}
}
