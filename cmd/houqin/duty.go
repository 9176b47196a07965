package main

// houqin duty add: the duty roster, which routes repairs before the routes.

import (
	"context"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
)

func cmdDutyAdd(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "duty add", `--school ID --staff ID --from "2026-11-21 18:00" --to "2026-11-23 07:30" [--trade T] [--note 周末值班] [--json]`)
	school := fs.Int64("school", 0, "school `id`")
	staff := fs.Int64("staff", 0, "the worker's staff `id`")
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
		id, err := db.AddDuty(ctx, *school, *staff, t, a, b, *note)
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, map[string]any{"id": id}, "duty %d saved\n", id)
	})
}
