package main

// houqin duty add|list|remove: the duty roster, which routes repairs
// before the routes.

import (
	"context"
	"fmt"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
)

func cmdDutyAdd(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "duty add", `--school ID --staff ID --from "2026-11-21 18:00" --to "2026-11-23 07:30" [--for repair|check|away] [--trade T] [--note 周末值班] [--json]`+
		"\n\nA duty for repairs (the default) routes a school's repairs to the worker on duty first. A duty for checks\n(--for check) makes any staff member the one who does the checks of plans assigned to 值班 while on duty.\nAn absence (--for away, 请假; workers record their own in chat) keeps repairs from being routed to the worker.")
	school := fs.Int64("school", 0, "school `id`")
	staff := fs.Int64("staff", 0, "the staff `id` (a number: see houqin staff list); a worker for repairs")
	purpose := fs.String("for", store.DutyRepair, "what the duty is `for`: repair (routing), check (值班 checks) or away (请假)")
	from := fs.String("from", "", "start, `YYYY-MM-DD HH:MM` in the school's time zone")
	to := fs.String("to", "", "end, `YYYY-MM-DD HH:MM`")
	trade := fs.String("trade", "", "only this `trade` (default: every trade)")
	note := fs.String("note", "", "a `note`, e.g. 周末值班")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	ts, err := parseTrades(*trade)
	if err != nil || len(ts) > 1 {
		return usageError{"duty add: --trade must be one trade"}
	}
	if *school == 0 || *staff == 0 {
		return usageError{"duty add: --school and --staff are required"}
	}
	switch *purpose {
	case "check", "checks", "巡查", "检查":
		*purpose = store.DutyCheck
		if len(ts) > 0 {
			return usageError{"duty add: a duty for checks has no --trade"}
		}
	case "repair", "repairs", "维修":
		*purpose = store.DutyRepair
	case "away", "leave", "请假":
		*purpose = store.DutyAway
		if len(ts) > 0 {
			return usageError{"duty add: an absence has no --trade"}
		}
	default:
		return usageError{"duty add: --for is repair, check or away"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		s, err := db.School(ctx, *school)
		if err != nil {
			return err
		}
		loc := s.Location()
		a, err1 := time.ParseInLocation("2006-01-02 15:04", *from, loc)
		b, err2 := time.ParseInLocation("2006-01-02 15:04", *to, loc)
		if err1 != nil || err2 != nil || !b.After(a) {
			return usageError{"duty add: --from and --to must be times like 2026-11-21 18:00, --to after --from"}
		}
		var t flows.Trade
		if len(ts) == 1 {
			t = ts[0]
		}
		if *purpose == store.DutyCheck {
			if err := checkStaffOf(ctx, db, *school, *staff); err != nil {
				return err
			}
		} else if err := checkWorker(ctx, db, *school, *staff, t); err != nil {
			return err
		}
		id, err := db.AddDutyFor(ctx, *school, *staff, *purpose, t, a, b, *note)
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, map[string]any{"id": id}, "duty %d saved\n", id)
	})
}

func cmdDutyList(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "duty list", "--school ID [--all] [--json]\n\nThe duties not yet over (--all: every duty), in the school's time zone.")
	school := fs.Int64("school", 0, "school `id`")
	all := fs.Bool("all", false, "include duties that are over")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *school == 0 {
		return usageError{"duty list: --school is required"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		s, err := db.School(ctx, *school)
		if err != nil {
			return err
		}
		since := time.Now()
		if *all {
			since = time.Time{}
		}
		ds, err := db.Duties(ctx, *school, since)
		if err != nil {
			return err
		}
		loc := s.Location()
		if *asJSON {
			for i := range ds {
				ds[i].Starts, ds[i].Ends = ds[i].Starts.In(loc), ds[i].Ends.In(loc)
			}
			if ds == nil {
				ds = []store.Duty{}
			}
			return printJSON(env.Stdout, map[string]any{"duties": ds})
		}
		return printTable(env.Stdout, "ID\tSTAFF\tFOR\tFROM\tTO\tNOTE", ds, func(d store.Duty) string {
			trade := "repairs (all trades)"
			switch {
			case d.Purpose == store.DutyCheck:
				trade = "checks (值班)"
			case d.Purpose == store.DutyAway:
				trade = "away (请假)"
			case d.Trade != "":
				trade = "repairs: " + d.Trade
			}
			return fmt.Sprintf("%d\t%s (%d)\t%s\t%s\t%s\t%s", d.ID, d.Staff, d.StaffID, trade,
				d.Starts.In(loc).Format("2006-01-02 15:04"), d.Ends.In(loc).Format("2006-01-02 15:04"), d.Note)
		})
	})
}

func cmdDutyRemove(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "duty remove", "--duty ID [--json]")
	id := fs.Int64("duty", 0, "duty `id` (see houqin duty list)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id == 0 {
		return usageError{"duty remove: --duty is required"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if err := db.RemoveDuty(ctx, *id); err != nil {
			return err
		}
		return printResult(env, *asJSON, map[string]any{"id": *id, "removed": true}, "duty %d removed\n", *id)
	})
}

func cmdDutyEdit(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "duty edit", `--duty ID [--staff ID] [--from "2026-11-21 18:00"] [--to "2026-11-23 07:30"] [--trade T|-] [--note N] [--json]`)
	id := fs.Int64("duty", 0, "duty `id` (see houqin duty list)")
	staff := fs.Int64("staff", 0, "another worker's staff `id`")
	from := fs.String("from", "", "new start, `YYYY-MM-DD HH:MM` in the school's time zone")
	to := fs.String("to", "", "new end, `YYYY-MM-DD HH:MM`")
	trade := fs.String("trade", "", "only this `trade`, or - for every trade")
	note := fs.String("note", "", "new `note`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id == 0 {
		return usageError{"duty edit: --duty is required"}
	}
	var newTrade *flows.Trade
	switch *trade {
	case "":
	case "-":
		t := flows.Trade("")
		newTrade = &t
	default:
		ts, err := parseTrades(*trade)
		if err != nil || len(ts) != 1 {
			return usageError{"duty edit: --trade must be one trade, or -"}
		}
		newTrade = &ts[0]
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		d, err := update(ctx, *id, db.Duty, db.UpdateDuty, func(d *store.Duty) error {
			s, err := db.School(ctx, d.SchoolID)
			if err != nil {
				return err
			}
			for _, f := range []struct {
				v   string
				dst *time.Time
			}{{*from, &d.Starts}, {*to, &d.Ends}} {
				if f.v == "" {
					continue
				}
				t, err := time.ParseInLocation("2006-01-02 15:04", f.v, s.Location())
				if err != nil {
					return usageError{fmt.Sprintf("duty edit: %q is not a time like 2026-11-21 18:00", f.v)}
				}
				*f.dst = t
			}
			if !d.Ends.After(d.Starts) {
				return usageError{"duty edit: the duty must end after it starts"}
			}
			if *staff != 0 {
				d.StaffID = *staff
			}
			if newTrade != nil {
				d.Trade = string(*newTrade)
			}
			if *note != "" {
				d.Note = *note
			}
			if d.Purpose == store.DutyCheck {
				if d.Trade != "" {
					return usageError{"duty edit: a duty for checks has no --trade"}
				}
				return checkStaffOf(ctx, db, d.SchoolID, d.StaffID)
			}
			return checkWorker(ctx, db, d.SchoolID, d.StaffID, flows.Trade(d.Trade))
		})
		if err != nil {
			return err
		}
		if d, err = db.Duty(ctx, d.ID); err != nil { // the worker's name, when changed
			return err
		}
		loc := flows.LoadLocation("Asia/Shanghai")
		if s, err := db.School(ctx, d.SchoolID); err == nil {
			loc = s.Location()
		}
		d.Starts, d.Ends = d.Starts.In(loc), d.Ends.In(loc)
		return printResult(env, *asJSON, d, "duty %d: %s %s to %s\n", d.ID, d.Staff, d.Starts.Format("2006-01-02 15:04"), d.Ends.Format("2006-01-02 15:04"))
	})
}
