package wechat

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"

	"github.com/houqin/houqin/bot/media"
	"github.com/houqin/houqin/flows"
)

// NoticePhotos finds the photo that goes with a notification;
// media.NoticePhotos implements it.
type NoticePhotos interface {
	NoticePhoto(ctx context.Context, item flows.OutboxItem) (media.Attached, bool, error)
}

// AttachPhotos makes Send follow a customer-service text with the photo p
// finds for it (a worker's job with the reporter's photo), as an image
// message. Only inside the 48-hour window: a template message carries no
// image, its link leads to the job page, which shows the photo. Call it
// before serving.
func (c *Channel) AttachPhotos(p NoticePhotos) { c.photos = p }

// attachPhoto sends item's photo, if it has one, after its text: the
// stored image uploaded as a temporary material (media/upload), or, while
// it is still being fetched, the MediaId it came as (this account's own,
// valid 3 days). Best effort: the text is delivered, so a failure is
// logged and not retried (retrying the item would send the text twice).
func (c *Channel) attachPhoto(ctx context.Context, item flows.OutboxItem) {
	if c.photos == nil {
		return
	}
	a, ok, err := c.photos.NoticePhoto(ctx, item)
	if err != nil || !ok {
		if err != nil {
			c.log.Warn("wechat: photo for a notification", "outbox", item.ID, "err", err)
		}
		return
	}
	var mediaID string
	switch {
	case a.Status == "stored" && len(a.Photo.Data) > 0:
		if mediaID, err = c.uploadImage(ctx, a.Photo.Data); err != nil {
			c.log.Warn("wechat: upload a notification's photo", "outbox", item.ID, "err", err)
			return
		}
	case a.Status == "pending" && a.Channel == flows.ChannelWeChat:
		mediaID = a.Ref
	default:
		return
	}
	if err := c.sendImage(ctx, item.Address, mediaID); err != nil {
		c.log.Warn("wechat: send a notification's photo", "outbox", item.ID, "err", err)
	}
}

// uploadImage uploads a JPEG as a temporary material (cgi-bin/media/upload,
// type image) and returns its media_id. Errors never contain the access
// token.
func (c *Channel) uploadImage(ctx context.Context, jpeg []byte) (string, error) {
	tok, err := c.token.GetAccessTokenContext(ctx)
	if err != nil {
		return "", err
	}
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	part, err := mw.CreateFormFile("media", "photo.jpg")
	if err != nil {
		return "", err
	}
	part.Write(jpeg)
	mw.Close()
	q := url.Values{"access_token": {tok}, "type": {"image"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimRight(c.cfg.APIBaseURL, "/")+"/cgi-bin/media/upload?"+q.Encode(), &body)
	if err != nil {
		return "", fmt.Errorf("wechat upload: %w", scrubbed(err))
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, err := (&http.Client{Timeout: apiTimeout}).Do(req)
	if err != nil {
		return "", fmt.Errorf("wechat upload: %w", scrubbed(err))
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("wechat upload: HTTP %d", resp.StatusCode)
	}
	var r struct {
		ErrCode int64  `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
		MediaID string `json:"media_id"`
	}
	if err := json.Unmarshal(b, &r); err != nil {
		return "", fmt.Errorf("wechat upload: %w", err)
	}
	if r.ErrCode != 0 || r.MediaID == "" {
		if tokenInvalid(r.ErrCode) {
			c.token.Invalidate(ctx, tok)
		}
		return "", fmt.Errorf("wechat upload: errcode %d: %s", r.ErrCode, r.ErrMsg)
	}
	return r.MediaID, nil
}
