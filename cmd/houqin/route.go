package main

// houqin route add|list|remove: which worker gets which trade's repairs.

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
)

func cmdRouteAdd(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "route add", "--school ID --trade TRADE --worker STAFF_ID [--building B] [--priority N] [--json]")
	school := fs.Int64("school", 0, "school `id`")
	trade := fs.String("trade", "", "`trade`: carpentry, electrical, plumbing, av, building, general")
	worker := fs.Int64("worker", 0, "the worker's staff `id` (a number: see houqin staff list)")
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
	if *priority < 1 {
		return usageError{"route add: --priority must be 1 or more"}
	}
	b := strings.TrimSpace(*building)
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if err := checkWorker(ctx, db, *school, *worker, ts[0]); err != nil {
			return err
		}
		if err := checkBuilding(ctx, db, *school, b); err != nil {
			return err
		}
		r, err := db.AddRoute(ctx, *school, ts[0], b, *worker, *priority)
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, r, "route %d: %s %s → %s\n", r.ID, r.Trade, orAll(r.Building), r.Worker)
	})
}

// checkWorker refuses to route repairs (or put on duty) anyone who is not
// an active worker of the school, or a worker without the trade when
// their trades are listed (trade "" is every trade; anyone who is a
// worker may take general repairs).
func checkWorker(ctx context.Context, db *store.DB, school, id int64, trade flows.Trade) error {
	w, err := db.Staff(ctx, id)
	if err != nil {
		return fmt.Errorf("staff %d: %w", id, err)
	}
	switch {
	case w.SchoolID != school:
		return fmt.Errorf("staff %d (%s) is not at school %d", w.ID, w.Name, school)
	case !w.Active:
		return fmt.Errorf("staff %d (%s) is deactivated", w.ID, w.Name)
	case !slices.Contains(w.Roles, flows.RoleWorker):
		return fmt.Errorf("staff %d (%s) is not a maintenance worker: repairs go to workers only (houqin staff edit --staff %d --role worker,...)", w.ID, w.Name, w.ID)
	case trade != "" && trade != flows.TradeGeneral && len(w.Trades) > 0 && !slices.Contains(w.Trades, trade):
		return fmt.Errorf("staff %d (%s) does not do %s (%s) repairs: add the trade with houqin staff edit --staff %d --trade ...", w.ID, w.Name, trade, trade.Label(), w.ID)
	}
	return nil
}

// checkStaffOf refuses a staff member of another school or deactivated:
// who may be on duty for checks (any role).
func checkStaffOf(ctx context.Context, db *store.DB, school, id int64) error {
	s, err := db.Staff(ctx, id)
	if err != nil {
		return fmt.Errorf("staff %d: %w", id, err)
	}
	switch {
	case s.SchoolID != school:
		return fmt.Errorf("staff %d (%s) is not at school %d", s.ID, s.Name, school)
	case !s.Active:
		return fmt.Errorf("staff %d (%s) is deactivated", s.ID, s.Name)
	}
	return nil
}

// checkBuilding refuses a building no active location of the school is in
// ("" is every building).
func checkBuilding(ctx context.Context, db *store.DB, school int64, building string) error {
	if building == "" {
		return nil
	}
	ok, err := db.BuildingExists(ctx, school, building)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("school %d has no location in building %q (houqin location list --school %d)", school, building, school)
	}
	return nil
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
	if *school == 0 {
		return usageError{"route list: --school is required"}
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
	if *id == 0 {
		return usageError{"route remove: --route is required"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if err := db.RemoveRoute(ctx, *id); err != nil {
			return err
		}
		return printResult(env, *asJSON, map[string]any{"id": *id, "removed": true}, "route %d removed\n", *id)
	})
}

func cmdRouteEdit(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "route edit", "--route ID [--priority N] [--building B|-] [--activate] [--json]\n\nChange a route's priority or building (- for every building), or bring a removed route back.\nTo route the trade to another worker: route add, then route remove.")
	id := fs.Int64("route", 0, "route `id` (see houqin route list)")
	priority := fs.Int("priority", 0, "new `priority` (1 or more; lower goes first)")
	building := fs.String("building", "", "new `building`, or - for every building")
	activate := fs.Bool("activate", false, "bring a removed route back")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id == 0 {
		return usageError{"route edit: --route is required"}
	}
	if *priority < 0 {
		return usageError{"route edit: --priority must be 1 or more"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		r, err := update(ctx, *id, db.Route, db.UpdateRoute, func(r *store.Route) error {
			if *priority > 0 {
				r.Priority = *priority
			}
			switch b := strings.TrimSpace(*building); b {
			case "":
			case "-":
				r.Building = ""
			default:
				if err := checkBuilding(ctx, db, r.SchoolID, b); err != nil {
					return err
				}
				r.Building = b
			}
			if *activate {
				if err := checkWorker(ctx, db, r.SchoolID, r.WorkerID, flows.Trade(r.Trade)); err != nil {
					return err
				}
				r.Active = true
			}
			return nil
		})
		if errors.Is(err, flows.ErrConflict) {
			return fmt.Errorf("route %d: the school already routes that trade in that building to that worker", *id)
		}
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, r, "route %d: %s %s → %s, priority %d\n", r.ID, r.Trade, orAll(r.Building), r.Worker, r.Priority)
	})
}
