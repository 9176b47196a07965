package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store"
)

// allFlows lists every conversation houqin offers, in menu order. The gate
// flows come first: a guard's one-message check-in can mention 施工维修,
// and must not be taken for a repair report.
func allFlows(vault *visit.IDVault) []flows.Flow {
	var fs []flows.Flow
	fs = append(fs, visit.VisitFlows(vault)...)
	fs = append(fs, repair.RepairFlows()...)
	fs = append(fs, canteen.SampleFlows()...)
	return fs
}

// allJobs lists every time-driven job.
func allJobs() []flows.Job {
	var js []flows.Job
	js = append(js, flows.HousekeepingJobs()...)
	js = append(js, repair.RepairJobs()...)
	js = append(js, canteen.SampleJobs()...)
	js = append(js, visit.VisitJobs()...)
	return js
}

func newEngine(db *store.DB, cfg Config, now func() time.Time, log *slog.Logger) *flows.Engine {
	// Config.Validate has checked the key, so an error here is not expected;
	// without a vault the visitor flow refuses politely.
	vault, err := cfg.Privacy.Vault()
	if err != nil {
		log.Error("visitor registration disabled", "err", err)
	}
	return flows.NewEngine(flows.EngineConfig{Store: db, Now: now, Logger: log, PublicURL: cfg.HTTP.PublicURL, Flows: allFlows(vault)})
}

func newScheduler(db *store.DB, cfg Config, now func() time.Time, log *slog.Logger) *flows.Scheduler {
	jobs := append(allJobs(), digest.DigestJobs(lazyDigestLink(db, cfg, now, log))...)
	return &flows.Scheduler{Store: db, Now: now, Log: log, Jobs: jobs, BaseURL: cfg.HTTP.PublicURL}
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
