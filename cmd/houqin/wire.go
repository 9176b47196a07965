package main

import (
	"context"
	"errors"
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
	gate := visit.Module(vault)
	if vault != nil && !vaultOpensStored(db, vault, log) {
		gate = visit.ModuleOff(visit.KeyMismatchText)
	}
	return []flows.Module{
		gate,
		repair.Module(),
		canteen.Module(),
		// The outbox keeps these links bare; it makes each its
		// recipient's own as it sends it (web.Handler.Personalize).
		inspection.Module(func(s flows.School, month time.Time) string {
			if s.Settings.DistrictOffice {
				return pageURL(cfg, web.SafetyDistrictPath(month))
			}
			return pageURL(cfg, web.SafetyPath(s.ID, month))
		}),
		media.Retention(), // photo retention: before the digest, like every module whose work it may see
		digest.Module(func(s flows.School, day time.Time) string { return pageURL(cfg, web.DigestPath(s.ID, day)) },
			func(day time.Time) string { return pageURL(cfg, web.DistrictPath(day)) }),
		flows.Housekeeping(),
	}
}

// vaultOpensStored reports whether vault opens the newest ID number the
// database holds (or there is none). A key that does not is not the one
// the numbers were sealed with: the key configured before a rotation
// (houqin rekey), or a wrong copy. Visitor registration then stays off
// rather than seal new numbers with that key beside the others; doctor
// says what to do. Any other failure to look leaves the key in use.
func vaultOpensStored(db *store.DB, vault *visit.IDVault, log *slog.Logger) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	school, id, sealed, err := db.LatestSealedID(ctx)
	if err != nil {
		if !errors.Is(err, flows.ErrNotFound) {
			log.Warn("id_key: could not try the key on a stored ID number", "err", err)
		}
		return true
	}
	if _, err := vault.Open(sealed, visit.VisitRow(school, id)); err != nil {
		log.Error("visitor registration disabled: [privacy] id_key does not open the newest stored ID number; it is not the key the numbers were sealed with (after houqin rekey, configure the new key); run houqin doctor", "visit", id)
		return false
	}
	return true
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
