package wecom

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	"github.com/houqin/houqin/bot/media"
)

// Media downloads an inbound image by its MediaId (cgi-bin/media/get, a
// temporary material WeCom keeps for 3 days), at most limit bytes. It
// implements media.Fetcher; an unknown or expired MediaId is media.ErrGone.
// Errors never contain the access token.
func (c *Channel) Media(ctx context.Context, mediaID string, limit int64) ([]byte, error) {
	for attempt := 0; ; attempt++ {
		tok, err := c.token.get(ctx)
		if err != nil {
			return nil, err
		}
		b, code, err := c.fetchMedia(ctx, tok, mediaID, limit)
		if tokenInvalid(code) && attempt == 0 {
			c.token.invalidate(ctx, tok)
			continue
		}
		return b, err
	}
}

func (c *Channel) fetchMedia(ctx context.Context, tok, mediaID string, limit int64) ([]byte, int64, error) {
	q := url.Values{"access_token": {tok}, "media_id": {mediaID}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.cfg.APIBaseURL+"/cgi-bin/media/get?"+q.Encode(), nil)
	if err != nil {
		return nil, 0, fmt.Errorf("wecom media: bad request")
	}
	resp, err := c.client.Do(req)
	if err != nil {
		return nil, 0, netError("media/get", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, 0, fmt.Errorf("wecom media: HTTP %d", resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, 0, netError("media/get", err)
	}
	if int64(len(b)) > limit {
		return nil, 0, fmt.Errorf("%w: wecom media larger than %d bytes", media.ErrGone, limit)
	}
	// An error comes as JSON instead of the file.
	if ct := resp.Header.Get("Content-Type"); strings.Contains(ct, "json") || strings.Contains(ct, "text/plain") {
		var e apiAnswer
		if json.Unmarshal(b, &e) == nil && e.ErrCode != 0 {
			ae := &APIError{Op: "media/get", Code: e.ErrCode, Msg: e.ErrMsg}
			if e.ErrCode == codeInvalidMedia {
				return nil, e.ErrCode, fmt.Errorf("%w: %w", media.ErrGone, ae)
			}
			return nil, e.ErrCode, ae
		}
	}
	return b, 0, nil
}
