package main

// houqin route add|list|remove: which worker gets which trade's repairs.

import (
	"context"
	"fmt"
	"strings"

	"github.com/houqin/houqin/store"
)

func cmdRouteAdd(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "route add", "--school ID --trade TRADE --worker STAFF_ID [--building B] [--priority N] [--json]")
	school := fs.Int64("school", 0, "school `id`")
	trade := fs.String("trade", "", "`trade`: carpentry, electrical, plumbing, av, building, general")
	worker := fs.Int64("worker", 0, "the worker's staff `id`")
	building := fs.String("building", "", "only for this `building` (default: every building)")
	priority := fs.Int("priority", 1, "lower goes first; equal priorities share by load")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	ts, err := parseTrades(*trade)
	if err != nil || len(ts) != 1 {
		return usageError{"route add: --trade must be one of carpentry, electrical, plumbing, av, building, general"}
	}
	if *school == 0 || *worker == 0 {
		return usageError{"route add: --school and --worker are required"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		w, err := db.Staff(ctx, *worker)
		if err != nil {
			return err
		}
		if w.SchoolID != *school {
			return fmt.Errorf("staff %d is not at school %d", w.ID, *school)
		}
		r, err := db.AddRoute(ctx, *school, ts[0], strings.TrimSpace(*building), *worker, *priority)
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, r, "route %d: %s %s → %s\n", r.ID, r.Trade, orAll(r.Building), r.Worker)
	})
}

func orAll(b string) string {
	if b == "" {
		return "(all buildings)"
	}
	return b
}

func cmdRouteList(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "route list", "--school ID [--json]")
	school := fs.Int64("school", 0, "school `id`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		rs, err := db.Routes(ctx, *school)
		if err != nil {
			return err
		}
		if *asJSON { // the routes as the store has them: null when there are none
			return printJSON(env.Stdout, map[string]any{"routes": rs})
		}
		return printTable(env.Stdout, "ID\tTRADE\tBUILDING\tWORKER\tPRIORITY", rs, func(r store.Route) string {
			return fmt.Sprintf("%d\t%s\t%s\t%s (%d)\t%d", r.ID, r.Trade, orAll(r.Building), r.Worker, r.WorkerID, r.Priority)
		})
	})
}

func cmdRouteRemove(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "route remove", "--route ID [--json]")
	id := fs.Int64("route", 0, "route `id`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if err := db.RemoveRoute(ctx, *id); err != nil {
			return err
		}
		return printResult(env, *asJSON, map[string]any{"id": *id, "removed": true}, "route %d removed\n", *id)
	})
}
