package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/houqin/houqin/bot/media"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/web"
)

// modules lists every capability houqin runs, in order. The order is the
// menu's, and for free text the first flow that accepts a message starts:
// the gate comes first, because a guard's one-message check-in can mention
// 施工维修 and must not be taken for a repair report. The digest comes
// after the modules it summarises, so a tick's digest sees their work.
func modules(db *store.DB, cfg Config, now func() time.Time, log *slog.Logger) []flows.Module {
	// Config.Validate has checked the key, so an error here is not expected;
	// without a vault the visitor flow refuses politely.
	vault, err := cfg.Privacy.Vault()
	if err != nil {
		log.Error("visitor registration disabled", "err", err)
	}
	return []flows.Module{
		visit.Module(vault),
		repair.Module(),
		canteen.Module(),
		// The outbox keeps these links bare; it makes each its
		// recipient's own as it sends it (web.Handler.Personalize).
		inspection.Module(func(s flows.School, month time.Time) string { return pageURL(cfg, web.SafetyPath(s.ID, month)) }),
		media.Retention(), // photo retention: before the digest, like every module whose work it may see
		digest.Module(func(s flows.School, day time.Time) string { return pageURL(cfg, web.DigestPath(s.ID, day)) }),
		flows.Housekeeping(),
	}
}

func newEngine(db *store.DB, cfg Config, mods []flows.Module, now func() time.Time, log *slog.Logger) *flows.Engine {
	return flows.NewEngine(flows.EngineConfig{Store: db, Now: now, Logger: log, PublicURL: cfg.HTTP.PublicURL, Modules: mods})
}

func newScheduler(db *store.DB, cfg Config, mods []flows.Module, now func() time.Time, log *slog.Logger) *flows.Scheduler {
	return &flows.Scheduler{Store: db, Now: now, Log: log, Jobs: flows.ModuleJobs(mods), BaseURL: cfg.HTTP.PublicURL}
}

// staffName looks a name up for console notifications.
func staffName(db *store.DB) func(ctx context.Context, id int64) string {
	return func(ctx context.Context, id int64) string {
		s, err := db.Staff(ctx, id)
		if err != nil {
			return "?"
		}
		return s.Name
	}
}
