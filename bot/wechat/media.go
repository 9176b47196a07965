package wechat

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
// temporary material kept by WeChat for 3 days), at most limit bytes. It
// implements media.Fetcher; an unknown or expired MediaId is media.ErrGone.
// Errors never contain the access token.
func (c *Channel) Media(ctx context.Context, mediaID string, limit int64) ([]byte, error) {
	tok, err := c.token.GetAccessTokenContext(ctx)
	if err != nil {
		return nil, err
	}
	q := url.Values{"access_token": {tok}, "media_id": {mediaID}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimRight(c.cfg.APIBaseURL, "/")+"/cgi-bin/media/get?"+q.Encode(), nil)
	if err != nil {
		return nil, fmt.Errorf("wechat media: %w", scrubbed(err))
	}
	resp, err := (&http.Client{Timeout: apiTimeout}).Do(req)
	if err != nil {
		return nil, fmt.Errorf("wechat media: %w", scrubbed(err))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("wechat media: HTTP %d", resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("wechat media: %w", scrubbed(err))
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: wechat media larger than %d bytes", media.ErrGone, limit)
	}
	// An error comes as JSON instead of the file.
	if ct := resp.Header.Get("Content-Type"); strings.Contains(ct, "json") || strings.Contains(ct, "text/plain") {
		var e struct {
			ErrCode int    `json:"errcode"`
			ErrMsg  string `json:"errmsg"`
		}
		if json.Unmarshal(b, &e) == nil && e.ErrCode != 0 {
			switch e.ErrCode {
			case 40001, 42001, 40014:
				c.token.Invalidate(ctx, tok)
				return nil, fmt.Errorf("wechat media: errcode %d: %s", e.ErrCode, e.ErrMsg)
			case 40007: // invalid media_id: expired or never ours
				return nil, fmt.Errorf("%w: wechat media: errcode %d: %s", media.ErrGone, e.ErrCode, e.ErrMsg)
			}
			return nil, fmt.Errorf("wechat media: errcode %d: %s", e.ErrCode, e.ErrMsg)
		}
	}
	return b, nil
}
