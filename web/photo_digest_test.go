package web_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/bot/media"
	"github.com/houqin/houqin/bot/telegram"
	"github.com/houqin/houqin/bot/telegram/telegramtest"
	"github.com/houqin/houqin/bot/wechat"
	"github.com/houqin/houqin/bot/wecom"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store/storetest"
	"github.com/houqin/houqin/web"
)

// doneColor is the mended window's colour, told apart from photoColor in
// a screenshot.
var doneColor = color.RGBA{30, 170, 60, 255}

// plainPhoto is a w×h JPEG of one colour.
func plainPhoto(t *testing.T, c color.RGBA, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// near reports whether a pixel is within 40 of c on each channel.
func near(px color.Color, c color.RGBA) bool {
	r, g, b, _ := px.RGBA()
	d := func(a uint32, b uint8) bool { x := int(a>>8) - int(b); return x > -40 && x < 40 }
	return d(r, c.R) && d(g, c.G) && d(b, c.B)
}

func countColor(img image.Image, c color.RGBA) int {
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if near(img.At(x, y), c) {
				n++
			}
		}
	}
	return n
}

// The acceptance line of issue 14 for photos, on WeChat, WeCom and Telegram: the
// teacher's photo with the report and the worker's with 完成 are fetched,
// outlive their references, show on the job page (报修照片, 完工照片) and as
// thumbnails on the digest page of the day (screenshot in Chromium), the
// thumbnails only for those who may open the digest; and the school's
// retention deletes them.
func TestPhotosOnTheDigestPage(t *testing.T) {
	if _, err := os.Stat(chromium); err != nil {
		t.Fatalf("Chromium is missing (%v): run scripts/install-chromium.sh (apt-get install chromium)", err)
	}
	for _, ch := range []flows.Channel{flows.ChannelWeChat, flows.ChannelWeCom, flows.ChannelTelegram} {
		t.Run(string(ch), func(t *testing.T) {
			w := newWorld(t, ch)
			fake := newFakeMedia(t)
			var fetcher media.Fetcher
			var wx *wechat.Channel
			switch ch {
			case flows.ChannelWeChat:
				c, err := wechat.New(wechat.Config{AppID: "wx-app", AppSecret: "wx-secret", Token: "cb-token", APIBaseURL: fake.srv.URL, Now: w.clock}, w.eng, w.db, slog.New(slog.DiscardHandler))
				if err != nil {
					t.Fatal(err)
				}
				fetcher, wx = c, c
			case flows.ChannelWeCom:
				c, err := wecom.New(wecom.Config{CorpID: "ww-corp", AgentID: 1000002, Secret: "ww-secret", Token: "cb-token",
					EncodingAESKey: "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", APIBaseURL: fake.srv.URL}, w.eng, w.db, slog.New(slog.DiscardHandler))
				if err != nil {
					t.Fatal(err)
				}
				fetcher = c
			case flows.ChannelTelegram:
				c, err := telegram.New(telegram.Config{Token: fakeTGToken, APIURL: fake.srv.URL, BotUsername: "houqin_bot"}, w.eng, w.db, w.db, slog.New(slog.DiscardHandler))
				if err != nil {
					t.Fatal(err)
				}
				fetcher = c
			}
			worker := &media.Worker{Store: w.db, Fetchers: map[flows.Channel]media.Fetcher{ch: fetcher}, Now: w.clock}
			var in bot.Handler = media.Capture{Next: w.eng, Store: w.db, Now: w.clock, Wake: worker.Wake}
			before, after := "MEDIA-"+string(ch)+"-before", "MEDIA-"+string(ch)+"-after"
			fake.put(before, brokenWindow(t))
			fake.put(after, plainPhoto(t, doneColor, 400, 300))
			send := func(who, text string, refs ...string) string {
				t.Helper()
				w.seq++
				m := flows.Message{Channel: ch, ExternalUser: w.account(who), Chat: w.account(who), Text: text,
					DedupKey: fmt.Sprint("d", w.seq), At: w.now}
				for _, r := range refs {
					m.Media = append(m.Media, flows.Media{Kind: "image", Ref: r})
				}
				replies, err := in.Handle(ctx, m)
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, r := range replies {
					out = append(out, r.Text)
				}
				return strings.Join(out, "\n")
			}
			send("李老师", "302教室窗户玻璃碎了", before)
			send("李老师", "1")
			w.now = w.now.Add(3 * time.Hour)
			if got := send("王师傅", "完成 1", after); !strings.Contains(got, "照片收到了") {
				t.Fatalf("完成 with a photo: %s", got)
			}
			if got := send("王师傅", "1"); !strings.Contains(got, "已记录") {
				t.Fatalf("the cause: %s", got)
			}
			if n, err := worker.Flush(ctx); err != nil || n != 2 {
				t.Fatalf("fetched %d photos (%v), want 2", n, err)
			}
			// The worker's job, sent by Telegram (the Bot API faked),
			// carries the stored report photo.
			var job *flows.OutboxItem
			for _, it := range w.deliver() {
				if it.Kind == repair.NoticeAssigned && it.ToStaff == w.s.Staff["王师傅"].ID {
					job = &it
				}
			}
			if job == nil {
				t.Fatal("no job notification for 王师傅")
			}
			var stored []byte
			if err := w.db.SQL().Get(&stored, `SELECT p.data FROM photos p JOIN media m ON m.photo_id = p.id WHERE m.ref = $1`, before); err != nil {
				t.Fatal(err)
			}
			api := telegramtest.NewServer(t)
			tg, err := telegram.New(telegram.Config{Token: telegramtest.Token, APIURL: api.URL(), BotUsername: telegramtest.BotName}, w.eng, w.db, w.db, slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			tg.AttachPhotos(media.NoticePhotos{Store: w.db})
			job.Channel, job.Address = flows.ChannelTelegram, "2002"
			if err := tg.Send(ctx, *job); err != nil {
				t.Fatal(err)
			}
			if calls := api.Calls(); len(calls) != 1 || calls[0].Method != "sendPhoto" || !bytes.Equal(calls[0].Files["photo"], stored) ||
				!strings.Contains(calls[0].Form.Get("caption"), "地点：教学楼302") {
				t.Errorf("the job by Telegram: %d calls, want one sendPhoto with the stored photo and the card", len(calls))
			}
			if wx != nil {
				// By WeChat inside the 48-hour window: the text, then the
				// stored photo uploaded and sent as an image message.
				wx.AttachPhotos(media.NoticePhotos{Store: w.db})
				job.Channel, job.Address, job.LastSeen = flows.ChannelWeChat, w.account("王师傅"), w.now
				if err := wx.Send(ctx, *job); err != nil {
					t.Fatal(err)
				}
				fake.mu.Lock()
				customs, uploads := slices.Clone(fake.customs), slices.Clone(fake.uploads)
				fake.mu.Unlock()
				if len(customs) != 2 || !strings.Contains(customs[0], `"msgtype":"text"`) || !strings.Contains(customs[1], `"media_id":"UPLOADED-1"`) ||
					len(uploads) != 1 || !bytes.Equal(uploads[0], stored) {
					t.Errorf("the job by WeChat: messages %q, %d uploads; want the text, then the uploaded photo", customs, len(uploads))
				}
			}

			// Both references expire; the photos stay.
			fake.expire(before)
			fake.expire(after)
			w.now = w.now.Add(4 * 24 * time.Hour)
			r := latestRepair(t, w)
			if r.Photo != before || r.DonePhoto != after {
				t.Fatalf("repair photos %q, %q", r.Photo, r.DonePhoto)
			}

			// The job page: before and after.
			_, page := w.browser("王师傅").get(t, w.h.PersonLink(web.JobPath(r.Ref), w.s.Staff["王师傅"]))
			for _, label := range []string{"报修照片", "完工照片"} {
				if !strings.Contains(page, `alt="`+label+`"`) {
					t.Errorf("the job page has no %s:\n%s", label, page)
				}
			}

			jobShot := screenshot(t, w.h.PersonLink(web.JobPath(r.Ref), w.s.Staff["王师傅"]), "jobpage-before-after-"+string(ch)+".png")
			if img := readPNG(t, jobShot); countColor(img, photoColor) < 20000 || countColor(img, doneColor) < 20000 {
				t.Errorf("the job page screenshot shows %d pixels of the report photo and %d of the completion photo, want both photos",
					countColor(img, photoColor), countColor(img, doneColor))
			}

			// The digest page of the day: a thumbnail of each.
			day := storetest.DigestDay
			digestLink := w.h.PersonLink(web.DigestPath(w.s.ID, day), w.s.Staff["陈主任"])
			head := w.browser("陈主任")
			code, page := head.get(t, digestLink)
			if code != http.StatusOK || !strings.Contains(page, "当天报修照片") {
				t.Fatalf("digest page %d:\n%s", code, page)
			}
			thumbs := regexp.MustCompile(`<img src="([^"]+)" alt="(报修照片|完工照片)"`).FindAllStringSubmatch(page, -1)
			if len(thumbs) != 2 {
				t.Fatalf("%d thumbnails on the digest page, want 2:\n%s", len(thumbs), page)
			}
			for _, m := range thumbs {
				u := strings.ReplaceAll(m[1], "&amp;", "&")
				resp, err := head.c.Get(u)
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				img, err := jpeg.Decode(bytes.NewReader(b))
				if resp.StatusCode != http.StatusOK || err != nil {
					t.Fatalf("thumbnail %s: %d %v", m[2], resp.StatusCode, err)
				}
				want := photoColor
				if m[2] == "完工照片" {
					want = doneColor
				}
				if bd := img.Bounds(); bd.Dx() != media.ThumbSide || bd.Dy() > media.ThumbSide || !near(img.At(bd.Dx()/2, bd.Dy()/2), want) {
					t.Errorf("thumbnail %s: %v, centre %v", m[2], bd, img.At(bd.Dx()/2, bd.Dy()/2))
				}
				if len(b) > 20000 {
					t.Errorf("thumbnail %s is %d bytes", m[2], len(b))
				}
			}
			// A teacher may not open the digest's thumbnails, not even of
			// her own repair (the job page is hers to see it on).
			thumbPath := web.DigestPath(w.s.ID, day) + "/photo/" + r.Ref + "/report"
			if code, _ := w.browser("李老师").get(t, w.h.PersonLink(thumbPath, w.s.Staff["李老师"])); code != http.StatusForbidden {
				t.Errorf("李老师 opening a digest thumbnail: %d, want 403", code)
			}
			if code, _ := head.get(t, w.h.PersonLink(web.DigestPath(w.s.ID, day)+"/photo/BX-20261120-099/report", w.s.Staff["陈主任"])); code != http.StatusNotFound {
				t.Errorf("a thumbnail of no repair: %d, want 404", code)
			}

			// In Chromium: both photos show (a link of its own: the one
			// above was spent by its first open).
			shot := screenshot(t, w.h.PersonLink(web.DigestPath(w.s.ID, day), w.s.Staff["陈主任"]), "digest-photos-"+string(ch)+".png")
			img := readPNG(t, shot)
			if red, green := countColor(img, photoColor), countColor(img, doneColor); red < 3000 || green < 3000 {
				t.Errorf("the digest screenshot shows %d pixels of the report photo and %d of the completion photo, want over 3000 each", red, green)
			}

			// Retention: a school keeping photos 30 days loses them after.
			s, err := w.db.School(ctx, w.s.ID)
			if err != nil {
				t.Fatal(err)
			}
			s.Settings.PhotoRetentionDays = 30
			if err := w.db.UpdateSchool(ctx, s); err != nil {
				t.Fatal(err)
			}
			sched := &flows.Scheduler{Store: w.db, Now: w.clock, Jobs: media.Retention().Jobs}
			sched.Tick(ctx) // 4 days old: kept
			if n := count(t, w, `SELECT count(*) FROM photos`); n != 2 {
				t.Fatalf("%d photos after a purge before their time, want 2", n)
			}
			w.now = w.now.Add(30 * 24 * time.Hour)
			sched.Tick(ctx)
			if n := count(t, w, `SELECT count(*) FROM photos`); n != 0 {
				t.Errorf("%d photos after the retention, want 0", n)
			}
			if n := count(t, w, `SELECT count(*) FROM media WHERE status = 'purged'`); n != 2 {
				t.Errorf("%d references purged, want 2", n)
			}
			_, page = w.browser("王师傅").get(t, w.h.PersonLink(web.JobPath(r.Ref), w.s.Staff["王师傅"]))
			if !strings.Contains(page, "报修照片（已超过保存期限，已删除）") || strings.Contains(page, "<img") {
				t.Errorf("the job page after the retention:\n%s", page)
			}
			if code, _ := head.get(t, w.h.PersonLink(thumbPath, w.s.Staff["陈主任"])); code != http.StatusNotFound {
				t.Errorf("a purged thumbnail: %d, want 404", code)
			}
		})
	}
}

func count(t *testing.T, w *world, q string) int {
	t.Helper()
	var n int
	if err := w.db.SQL().Get(&n, q); err != nil {
		t.Fatal(err)
	}
	return n
}

func readPNG(t *testing.T, name string) image.Image {
	t.Helper()
	fh, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	img, err := png.Decode(fh)
	if err != nil {
		t.Fatal(err)
	}
	return img
}
