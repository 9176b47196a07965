package telegram

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"

	tgbot "github.com/go-telegram/bot"

	"github.com/houqin/houqin/bot/media"
)

// Media downloads a photo by its file_id (getFile, then the file from
// the Bot API's file endpoint), at most limit bytes. It implements
// media.Fetcher. Errors never contain the token, which is part of the
// download URL.
func (c *Channel) Media(ctx context.Context, fileID string, limit int64) ([]byte, error) {
	f, err := c.api.GetFile(ctx, &tgbot.GetFileParams{FileID: fileID})
	if err != nil {
		if strings.Contains(err.Error(), "Bad Request") {
			return nil, fmt.Errorf("%w: telegram getFile: %s", media.ErrGone, strings.ReplaceAll(err.Error(), c.cfg.Token, "…"))
		}
		return nil, fmt.Errorf("telegram getFile: %s", strings.ReplaceAll(err.Error(), c.cfg.Token, "…"))
	}
	if f.FileSize > limit {
		return nil, fmt.Errorf("%w: telegram file of %d bytes", media.ErrGone, f.FileSize)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.api.FileDownloadLink(f), nil)
	if err != nil {
		return nil, fmt.Errorf("telegram file: bad request")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, fmt.Errorf("telegram file: %s", strings.ReplaceAll(err.Error(), c.cfg.Token, "…"))
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("telegram file: HTTP %d", resp.StatusCode)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("telegram file: %s", strings.ReplaceAll(err.Error(), c.cfg.Token, "…"))
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: telegram file larger than %d bytes", media.ErrGone, limit)
	}
	return b, nil
}
