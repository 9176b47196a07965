package web_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/bot/media"
	"github.com/houqin/houqin/bot/telegram"
	"github.com/houqin/houqin/bot/wechat"
	"github.com/houqin/houqin/bot/wecom"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/web"
)

// fakeMedia serves images the way WeChat (stable_token, cgi-bin/media/get)
// and the Telegram Bot API (getFile, /file/bot…) do, until a reference
// expires: then WeChat answers 40007 and Telegram "Bad Request".
type fakeMedia struct {
	srv     *httptest.Server
	mu      sync.Mutex
	files   map[string][]byte
	gets    int
	uploads [][]byte // WeChat media/upload
	customs []string // WeChat customer-service messages, as JSON
}

const fakeTGToken = "123456:test-token"

func newFakeMedia(t *testing.T) *fakeMedia {
	f := &fakeMedia{files: map[string][]byte{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /cgi-bin/stable_token", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"access_token":"wx-access","expires_in":7200}`)
	})
	// WeCom's token; media/get is the same path on both APIs.
	mux.HandleFunc("GET /cgi-bin/gettoken", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"errcode":0,"errmsg":"ok","access_token":"wx-access","expires_in":7200}`)
	})
	mux.HandleFunc("GET /cgi-bin/media/get", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("access_token") != "wx-access" {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"errcode":40001,"errmsg":"invalid credential"}`)
			return
		}
		b, ok := f.get(r.URL.Query().Get("media_id"))
		if !ok {
			w.Header().Set("Content-Type", "application/json")
			io.WriteString(w, `{"errcode":40007,"errmsg":"invalid media_id"}`)
			return
		}
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write(b)
	})
	mux.HandleFunc("POST /cgi-bin/media/upload", func(w http.ResponseWriter, r *http.Request) {
		fh, _, err := r.FormFile("media")
		if err != nil || r.URL.Query().Get("access_token") != "wx-access" {
			io.WriteString(w, `{"errcode":41005,"errmsg":"media data missing"}`)
			return
		}
		b, _ := io.ReadAll(fh)
		f.mu.Lock()
		f.uploads = append(f.uploads, b)
		n := len(f.uploads)
		f.mu.Unlock()
		fmt.Fprintf(w, `{"type":"image","media_id":"UPLOADED-%d","created_at":1700000000}`, n)
	})
	mux.HandleFunc("POST /cgi-bin/message/custom/send", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.customs = append(f.customs, string(b))
		f.mu.Unlock()
		io.WriteString(w, `{"errcode":0,"errmsg":"ok"}`)
	})
	mux.HandleFunc("POST /bot"+fakeTGToken+"/getFile", func(w http.ResponseWriter, r *http.Request) {
		r.ParseMultipartForm(1 << 20)
		id := r.FormValue("file_id")
		w.Header().Set("Content-Type", "application/json")
		b, ok := f.get(id)
		if !ok {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"ok":false,"error_code":400,"description":"Bad Request: invalid file_id"}`)
			return
		}
		fmt.Fprintf(w, `{"ok":true,"result":{"file_id":%q,"file_unique_id":"u1","file_size":%d,"file_path":"photos/%s.jpg"}}`, id, len(b), id)
	})
	mux.HandleFunc("GET /file/bot"+fakeTGToken+"/photos/{name}", func(w http.ResponseWriter, r *http.Request) {
		b, ok := f.get(strings.TrimSuffix(r.PathValue("name"), ".jpg"))
		if !ok {
			http.NotFound(w, r)
			return
		}
		w.Write(b)
	})
	f.srv = httptest.NewServer(mux)
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeMedia) get(ref string) ([]byte, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gets++
	b, ok := f.files[ref]
	return b, ok
}

func (f *fakeMedia) put(ref string, b []byte) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.files[ref] = b
}

func (f *fakeMedia) expire(ref string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.files, ref)
}

// photoColor is the broken window's colour, to find it in a screenshot.
var photoColor = color.RGBA{220, 40, 40, 255}

// brokenWindow is a phone's JPEG with an EXIF GPS position.
func brokenWindow(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 320, 240))
	for y := range 240 {
		for x := range 320 {
			img.Set(x, y, photoColor)
		}
	}
	var plain bytes.Buffer
	if err := jpeg.Encode(&plain, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	exif := []byte("Exif\x00\x00MM\x00*GPSLatitude 39.9042N GPSLongitude 116.4074E")
	seg := append([]byte{0xFF, 0xE1, 0, 0}, exif...)
	binary.BigEndian.PutUint16(seg[2:], uint16(len(exif)+2))
	b := plain.Bytes()
	return append(append(append([]byte{}, b[:2]...), seg...), b[2:]...)
}

func TestPhotosOutliveTheirMediaIdOnTheJobPage(t *testing.T) {
	for _, ch := range []flows.Channel{flows.ChannelWeChat, flows.ChannelWeCom, flows.ChannelTelegram} {
		t.Run(string(ch), func(t *testing.T) {
			w := newWorld(t, ch)
			fake := newFakeMedia(t)
			var fetcher media.Fetcher
			switch ch {
			case flows.ChannelWeChat:
				c, err := wechat.New(wechat.Config{AppID: "wx-app", AppSecret: "wx-secret", Token: "cb-token", APIBaseURL: fake.srv.URL}, w.eng, w.db, slog.New(slog.DiscardHandler))
				if err != nil {
					t.Fatal(err)
				}
				fetcher = c
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
			ref := "MEDIA-" + string(ch) + "-1"
			fake.put(ref, brokenWindow(t))
			send := func(who, text string, refs ...string) {
				t.Helper()
				w.seq++
				m := flows.Message{Channel: ch, ExternalUser: w.account(who), Chat: w.account(who), Text: text,
					DedupKey: fmt.Sprint("p", w.seq), At: w.now}
				for _, r := range refs {
					m.Media = append(m.Media, flows.Media{Kind: "image", Ref: r})
				}
				if _, err := in.Handle(ctx, m); err != nil {
					t.Fatal(err)
				}
			}
			send("李老师", "302教室窗户玻璃碎了", ref)
			send("李老师", "1")
			// The worker's progress, with a photo of the stopgap.
			progress := "MEDIA-" + string(ch) + "-2"
			fake.put(progress, brokenWindow(t))
			send("王师傅", "接单")
			send("王师傅", "先用三合板钉上了 玻璃要等明天再配", progress)
			// A stranger's photo is not fetched.
			in.Handle(ctx, flows.Message{Channel: ch, ExternalUser: "stranger", Chat: "stranger", DedupKey: "s1", At: w.now,
				Media: []flows.Media{{Kind: "image", Ref: "MEDIA-stranger"}}})
			if n, err := worker.Flush(ctx); err != nil || n != 2 {
				t.Fatalf("fetched %d photos (%v), want 2", n, err)
			}
			var queued int
			w.db.SQL().Get(&queued, `SELECT count(*) FROM media`)
			if queued != 2 {
				t.Errorf("%d images queued, want 2 (none of the stranger's)", queued)
			}
			// The MediaId expires (3 days on WeChat); the photo does not.
			fake.expire(ref)
			fake.expire(progress)
			w.now = w.now.Add(4 * 24 * time.Hour)
			r := latestRepair(t, w)
			if r.Photo != ref {
				t.Fatalf("the repair keeps photo %q, want %q", r.Photo, ref)
			}
			link := w.h.PersonLink(web.JobPath(r.Ref), w.s.Staff["王师傅"])
			b := w.browser("王师傅")
			code, page := b.get(t, link)
			m := regexp.MustCompile(`<img src="([^"]+)" alt="报修照片">`).FindStringSubmatch(page)
			if code != http.StatusOK || m == nil {
				t.Fatalf("job page: %d, no photo:\n%s", code, page)
			}
			resp, err := b.c.Get(w.srv.URL + strings.ReplaceAll(m[1], "&amp;", "&"))
			if err != nil {
				t.Fatal(err)
			}
			got, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/jpeg" {
				t.Fatalf("photo: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			if bytes.Contains(got, []byte("GPS")) || bytes.Contains(got, []byte("Exif")) {
				t.Error("the photo served still carries its EXIF")
			}
			if img, err := jpeg.Decode(bytes.NewReader(got)); err != nil || img.Bounds().Dx() != 320 {
				t.Errorf("the photo served: %v", err)
			}
			// The progress photo is on the page too, under its time.
			pm := regexp.MustCompile(`<img src="([^"]+)" alt="进度照片（[^"]+）">`).FindStringSubmatch(page)
			if pm == nil {
				t.Fatalf("job page shows no progress photo:\n%s", page)
			}
			resp, err = b.c.Get(w.srv.URL + strings.ReplaceAll(pm[1], "&amp;", "&"))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/jpeg" {
				t.Fatalf("progress photo: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
			}
			for _, which := range []string{"e99", "e-1", "x1", "e"} {
				u := regexp.MustCompile(`/photo/e\d+`).ReplaceAllString(strings.ReplaceAll(pm[1], "&amp;", "&"), "/photo/"+which)
				if resp, err := b.c.Get(w.srv.URL + u); err != nil || resp.StatusCode != http.StatusNotFound {
					t.Errorf("photo %s: %v %v, want 404", which, resp.StatusCode, err)
				} else {
					resp.Body.Close()
				}
			}
			// Someone with no part in the repair gets nothing.
			if code, _ := w.browser("王老师").get(t, w.h.PersonLink(web.JobPath(r.Ref)+"/photo/report", w.s.Staff["王老师"])); code != http.StatusForbidden {
				t.Errorf("王老师 opening the photo: %d, want 403", code)
			}
			if ch != flows.ChannelTelegram {
				return
			}
			// The page in a real browser, with the photo: a link of its
			// own, as the one above was spent by its first open.
			shot := screenshot(t, w.h.PersonLink(web.JobPath(r.Ref), w.s.Staff["王师傅"]), "jobpage-photo.png")
			fh, err := os.Open(shot)
			if err != nil {
				t.Fatal(err)
			}
			defer fh.Close()
			img, err := png.Decode(fh)
			if err != nil {
				t.Fatal(err)
			}
			red := 0
			bounds := img.Bounds()
			for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
				for x := bounds.Min.X; x < bounds.Max.X; x++ {
					r, g, b, _ := img.At(x, y).RGBA()
					if r>>8 > 200 && g>>8 < 70 && b>>8 < 70 {
						red++
					}
				}
			}
			if red < 20000 {
				t.Errorf("the screenshot shows %d pixels of the photo's red, want the photo (over 20000)", red)
			}
		})
	}
}

// flaky fails every fetch with a transient error.
type flaky struct{ calls int }

func (f *flaky) Media(context.Context, string, int64) ([]byte, error) {
	f.calls++
	return nil, fmt.Errorf("HTTP 502")
}

func TestPhotoFetchRetriesWhileTheReferenceLives(t *testing.T) {
	w := newWorld(t, flows.ChannelWeChat)
	f := &flaky{}
	worker := &media.Worker{Store: w.db, Fetchers: map[flows.Channel]media.Fetcher{flows.ChannelWeChat: f}, Now: w.clock, Lifetime: 72 * time.Hour}
	in := media.Capture{Next: w.eng, Store: w.db, Now: w.clock}
	a := w.account("李老师")
	for i, text := range []string{"302教室窗户玻璃碎了", "1"} {
		m := flows.Message{Channel: flows.ChannelWeChat, ExternalUser: a, Chat: a, Text: text, DedupKey: fmt.Sprint("r", i), At: w.now}
		if i == 0 {
			m.Media = []flows.Media{{Kind: "image", Ref: "MEDIA-flaky"}}
		}
		if _, err := in.Handle(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	status := func() (s string, attempts int) {
		row := w.db.SQL().QueryRow(`SELECT status, attempts FROM media WHERE ref = 'MEDIA-flaky'`)
		row.Scan(&s, &attempts)
		return
	}
	worker.Flush(ctx)
	if s, n := status(); s != "pending" || n != 1 || f.calls != 1 {
		t.Fatalf("after a failed fetch: %s, %d attempts, %d calls", s, n, f.calls)
	}
	worker.Flush(ctx) // not due yet: backoff
	if f.calls != 1 {
		t.Errorf("fetched again before the backoff: %d calls", f.calls)
	}
	for range 40 { // the backoff runs out within the MediaId's 3 days
		w.now = w.now.Add(2 * time.Hour)
		worker.Flush(ctx)
	}
	if s, _ := status(); s != "failed" {
		t.Errorf("after the MediaId's lifetime the fetch is %s, want failed", s)
	}
	calls := f.calls
	w.now = w.now.Add(24 * time.Hour)
	worker.Flush(ctx)
	if f.calls != calls {
		t.Error("a failed fetch was tried again")
	}
	r := latestRepair(t, w)
	_, page := w.browser("").get(t, w.h.PersonLink(web.JobPath(r.Ref), w.s.Staff["李老师"]))
	if !strings.Contains(page, "报修照片（没能从聊天中取回") {
		t.Errorf("the page does not say the photo was lost:\n%s", page)
	}
}
