package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/web"
)

// setupWeb serves the signed pages: the digest, the district view and the
// ledgers.
func setupWeb(ctx context.Context, s *server) error {
	h, err := newWebHandler(ctx, s.db, s.cfg, time.Now, s.log)
	if err != nil {
		return err
	}
	h.Register(s.mux)
	return nil
}

// newWebHandler builds the signed pages (digest, district, ledgers) with
// the configured key, or the database's own one.
func newWebHandler(ctx context.Context, db *store.DB, cfg Config, now func() time.Time, log *slog.Logger) (*web.Handler, error) {
	key := []byte(cfg.Digest.SigningKey)
	if len(key) == 0 {
		var err error
		if key, err = db.SigningKey(ctx, "digest.signing_key"); err != nil {
			return nil, fmt.Errorf("digest links: %w", err)
		}
	}
	return &web.Handler{Source: db, Signer: web.Signer{Key: key, Now: now}, BaseURL: cfg.HTTP.PublicURL,
		TTL: time.Duration(cfg.Digest.LinkDays) * 24 * time.Hour, Now: now, Log: log}, nil
}

// lazyWeb returns the signed pages' handler, built at its first use, so
// building the scheduler needs no database call; a failure is logged and
// retried at the next use.
func lazyWeb(db *store.DB, cfg Config, now func() time.Time, log *slog.Logger) func() *web.Handler {
	var (
		mu sync.Mutex
		h  *web.Handler
	)
	return func() *web.Handler {
		mu.Lock()
		defer mu.Unlock()
		if h == nil {
			var err error
			if h, err = newWebHandler(context.Background(), db, cfg, now, log); err != nil {
				log.Error("page links unavailable", "err", err)
				return nil
			}
		}
		return h
	}
}

// lazyLink makes a job's link function from a Handler method, such as
// (*web.Handler).DigestLink: "" while the handler cannot be built.
func lazyLink(db *store.DB, cfg Config, now func() time.Time, log *slog.Logger, link func(*web.Handler, flows.School, time.Time) string) func(flows.School, time.Time) string {
	pages := lazyWeb(db, cfg, now, log)
	return func(s flows.School, t time.Time) string {
		if h := pages(); h != nil {
			return link(h, s, t)
		}
		return ""
	}
}
