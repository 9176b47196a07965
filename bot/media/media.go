// Package media keeps the photos people send. A chat's reference to an
// image does not last (a WeChat MediaId expires after 3 days, a Telegram
// file_id is only good for this bot), so every image a bound person sends
// is queued in the transaction-free moment after the engine handled its
// message (Capture), fetched from its channel at once by the Worker,
// re-encoded (Sanitize: which drops EXIF, location included, and anything
// else riding in the file) and stored in PostgreSQL, deduplicated per
// school by content hash. The job page shows what is stored.
package media

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/gif" // decoders of what chats send
	"image/jpeg"
	_ "image/png"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/flows"
)

// Limits of what is fetched and kept.
const (
	// MaxFetch bounds a download: WeChat's images are at most 10 MB,
	// Telegram's largest photo size far less.
	MaxFetch = 10 << 20
	// MaxPixels bounds a decoded image (a decompression bomb is refused
	// before it is decoded).
	MaxPixels = 40_000_000
	// MaxSide is the longest side kept; larger images are scaled down.
	MaxSide = 2560
	// Quality of the stored JPEG.
	Quality = 85
)

// ErrGone marks a reference the channel will never serve (expired,
// unknown): the fetch is not retried.
var ErrGone = errors.New("media: gone")

// Fetcher downloads one image of its channel; at most limit bytes, else
// an error.
type Fetcher interface {
	Media(ctx context.Context, ref string, limit int64) ([]byte, error)
}

// Pending is one image waiting to be fetched.
type Pending struct {
	Channel    flows.Channel
	Ref        string
	SchoolID   int64
	ReceivedAt time.Time
	Attempts   int
}

// Photo is an image as stored.
type Photo struct {
	ID            int64
	SchoolID      int64
	SHA256        string
	MIME          string
	Width, Height int
	Data          []byte
}

// Store is the queue and the photos; *store.DB implements it.
type Store interface {
	// QueueMedia queues the images of a message from a bound account (an
	// unbound one's are ignored); a reference queued before is left alone.
	QueueMedia(ctx context.Context, ch flows.Channel, externalID string, refs []string, at time.Time) (int, error)
	// ClaimMedia leases up to limit due images on the channels until until.
	ClaimMedia(ctx context.Context, now, until time.Time, channels []flows.Channel, limit int) ([]Pending, error)
	// SaveMedia stores p's photo (or finds the same one stored) and marks p stored.
	SaveMedia(ctx context.Context, p Pending, ph Photo, at time.Time) (int64, error)
	// FailMedia records a failed try: retried at retryAt, or never when it is zero.
	FailMedia(ctx context.Context, p Pending, reason string, retryAt time.Time) error
}

// Capture queues the images of every message its Next handled without
// error. It wraps the engine for the channels (it is a bot.Handler).
type Capture struct {
	Next  bot.Handler
	Store Store
	Now   func() time.Time
	Log   *slog.Logger
	// Wake, when set, tells the worker there is something to fetch.
	Wake func()
}

// Handle implements bot.Handler.
func (c Capture) Handle(ctx context.Context, msg flows.Message) ([]flows.Reply, error) {
	replies, err := c.Next.Handle(ctx, msg)
	if err != nil {
		return replies, err
	}
	var refs []string
	for _, m := range msg.Media {
		if m.Kind == "image" && m.Ref != "" {
			refs = append(refs, m.Ref)
		}
	}
	if len(refs) == 0 {
		return replies, nil
	}
	now := time.Now
	if c.Now != nil {
		now = c.Now
	}
	n, qerr := c.Store.QueueMedia(ctx, msg.Channel, msg.ExternalUser, refs, now())
	if qerr != nil && c.Log != nil {
		// The message itself is handled; the photo stays a reference.
		c.Log.Warn("photo not queued", "channel", msg.Channel, "err", qerr)
	}
	if n > 0 && c.Wake != nil {
		c.Wake()
	}
	return replies, nil
}

// Sanitize decodes an image and encodes it again as JPEG, no larger than
// MaxSide: EXIF (GPS position, camera, the original's thumbnail) and any
// other metadata are not carried over. EXIF orientation is applied to the
// pixels first (orient.go), so a photo taken sideways stays upright.
func Sanitize(b []byte) (Photo, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return Photo{}, fmt.Errorf("%w: not an image: %v", ErrGone, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > MaxPixels {
		return Photo{}, fmt.Errorf("%w: image of %d×%d pixels refused", ErrGone, cfg.Width, cfg.Height)
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	if err != nil {
		return Photo{}, fmt.Errorf("%w: bad image: %v", ErrGone, err)
	}
	img = shrink(orient(img, exifOrientation(b)), MaxSide)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, img, &jpeg.Options{Quality: Quality}); err != nil {
		return Photo{}, fmt.Errorf("media: encode: %w", err)
	}
	sum := sha256.Sum256(out.Bytes())
	r := img.Bounds()
	return Photo{SHA256: hex.EncodeToString(sum[:]), MIME: "image/jpeg", Width: r.Dx(), Height: r.Dy(), Data: out.Bytes()}, nil
}

// shrink scales img down (nearest neighbour, plenty for a repair photo
// on a phone) so that its longer side is at most side.
func shrink(img image.Image, side int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= side && h <= side {
		return img
	}
	nw, nh := side, h*side/w
	if h > w {
		nw, nh = w*side/h, side
	}
	nw, nh = max(nw, 1), max(nh, 1)
	dst := image.NewRGBA(image.Rect(0, 0, nw, nh))
	for y := range nh {
		sy := b.Min.Y + y*h/nh
		for x := range nw {
			dst.Set(x, y, img.At(b.Min.X+x*w/nw, sy))
		}
	}
	return dst
}

// Worker fetches the queued images. Several instances share the queue
// (leases in PostgreSQL). A failing fetch is retried with backoff while the
// reference may still work (Lifetime after it arrived), then given up.
type Worker struct {
	Store    Store
	Fetchers map[flows.Channel]Fetcher
	Now      func() time.Time
	Log      *slog.Logger
	Interval time.Duration // between polls when idle; default 5s
	Lifetime time.Duration // how long a reference may work; default 3 days (WeChat's MediaId)

	once sync.Once
	wake chan struct{}
}

// Wake makes a running worker look at the queue now.
func (w *Worker) Wake() {
	select {
	case w.wakeCh() <- struct{}{}:
	default:
	}
}

func (w *Worker) wakeCh() chan struct{} {
	w.once.Do(func() { w.wake = make(chan struct{}, 1) })
	return w.wake
}

func (w *Worker) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

func (w *Worker) log() *slog.Logger {
	if w.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return w.Log
}

// Run fetches until ctx is done.
func (w *Worker) Run(ctx context.Context) error {
	interval := w.Interval
	if interval <= 0 {
		interval = 5 * time.Second
	}
	wake := w.wakeCh()
	t := time.NewTimer(0)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		case <-wake:
		}
		if _, err := w.Flush(ctx); err != nil && ctx.Err() == nil {
			w.log().Error("photos", "err", err)
		}
		t.Reset(interval)
	}
}

// fetchTimeout bounds one download.
const fetchTimeout = 30 * time.Second

// Flush fetches every due image and returns how many it stored.
func (w *Worker) Flush(ctx context.Context) (int, error) {
	channels := slices.Sorted(maps.Keys(w.Fetchers))
	stored := 0
	for ctx.Err() == nil {
		now := w.now()
		ps, err := w.Store.ClaimMedia(ctx, now, now.Add(3*fetchTimeout), channels, 10)
		if err != nil || len(ps) == 0 {
			return stored, err
		}
		for _, p := range ps {
			ok, err := w.fetch(ctx, p)
			if err != nil {
				return stored, err
			}
			if ok {
				stored++
			}
		}
	}
	return stored, nil
}

func (w *Worker) fetch(ctx context.Context, p Pending) (bool, error) {
	fctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	b, err := w.Fetchers[p.Channel].Media(fctx, p.Ref, MaxFetch)
	cancel()
	var ph Photo
	if err == nil {
		ph, err = Sanitize(b)
	}
	if err == nil {
		ph.SchoolID = p.SchoolID
		if _, err := w.Store.SaveMedia(ctx, p, ph, w.now()); err != nil {
			return false, err
		}
		return true, nil
	}
	lifetime := w.Lifetime
	if lifetime <= 0 {
		lifetime = 72 * time.Hour
	}
	var retry time.Time
	if !errors.Is(err, ErrGone) {
		retry = w.now().Add(bot.Backoff(p.Attempts + 1))
		if end := p.ReceivedAt.Add(lifetime); retry.After(end) {
			retry = time.Time{}
		}
	}
	w.log().Warn("photo not fetched", "channel", p.Channel, "attempts", p.Attempts+1, "retry", !retry.IsZero(), "err", err)
	reason := err.Error()
	if len(reason) > 300 {
		reason = strings.ToValidUTF8(reason[:300], "")
	}
	return false, w.Store.FailMedia(ctx, p, reason, retry)
}
