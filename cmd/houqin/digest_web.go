package main

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/digest"
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

// lazyDigestLink makes the digest job's link function; the key is looked
// up at the first digest, so building the scheduler needs no database call.
func lazyDigestLink(db *store.DB, cfg Config, now func() time.Time, log *slog.Logger) digest.DigestLink {
	var (
		mu sync.Mutex
		h  *web.Handler
	)
	return func(s flows.School, day time.Time) string {
		mu.Lock()
		defer mu.Unlock()
		if h == nil { // retried at the next digest after a failure
			var err error
			if h, err = newWebHandler(context.Background(), db, cfg, now, log); err != nil {
				log.Error("digest links unavailable", "err", err)
				return ""
			}
		}
		return h.DigestLink(s, day)
	}
}
