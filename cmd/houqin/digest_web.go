package main

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/houqin/houqin/bot/wechat"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/web"
)

// setupWeb serves houqin's pages: the job page (/r/{ref}) with its buttons
// through the engine, WeChat 网页授权 (/auth/wechat), the digest, the
// district view, the safety report and the ledgers. The outbox worker
// makes every link it sends its recipient's own (web.Handler.Personalize).
func setupWeb(ctx context.Context, s *server) error {
	h, err := newWebHandler(ctx, s.db, s.cfg, time.Now, s.log)
	if err != nil {
		return err
	}
	h.Engine = s.engine
	h.Register(s.mux)
	s.pages = h
	return nil
}

// newWebHandler builds the pages with the configured key, or the
// database's own one.
func newWebHandler(ctx context.Context, db *store.DB, cfg Config, now func() time.Time, log *slog.Logger) (*web.Handler, error) {
	key := []byte(cfg.Digest.SigningKey)
	if len(key) == 0 {
		var err error
		if key, err = db.SigningKey(ctx, "digest.signing_key"); err != nil {
			return nil, fmt.Errorf("digest links: %w", err)
		}
	}
	h := &web.Handler{Source: db, Signer: web.Signer{Key: key, Now: now}, BaseURL: cfg.HTTP.PublicURL,
		TTL: time.Duration(cfg.Digest.LinkDays) * 24 * time.Hour, Now: now, Log: log, People: db, Jobs: db, Photos: db}
	if cfg.WeChat.Enabled() && cfg.WeChat.WebAuth {
		h.WeChat = wechat.OAuth{AppID: cfg.WeChat.AppID, AppSecret: cfg.WeChat.AppSecret,
			APIBaseURL: cfg.WeChat.APIBaseURL, AuthorizeBase: cfg.WeChat.OAuthURL}
	}
	return h, nil
}

// pageURL is the bare absolute URL of a page, as notifications carry it in
// the outbox ("" without a public URL).
func pageURL(cfg Config, path string) string {
	if cfg.HTTP.PublicURL == "" {
		return ""
	}
	return strings.TrimRight(cfg.HTTP.PublicURL, "/") + path
}
