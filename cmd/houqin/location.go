package main

// houqin location add|list|edit|deactivate|import: the rooms and places a
// repair can be reported for.

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
)

type locationJSON struct {
	ID       int64    `json:"id"`
	SchoolID int64    `json:"school_id"`
	Building string   `json:"building"`
	Floor    string   `json:"floor,omitempty"`
	Room     string   `json:"room"`
	Aliases  []string `json:"aliases"`
	OwnerID  int64    `json:"owner_id,omitempty"`
	Active   bool     `json:"active"`
}

func toLocationJSON(l flows.Location) locationJSON {
	a := l.Aliases
	if a == nil {
		a = []string{}
	}
	return locationJSON{ID: l.ID, SchoolID: l.SchoolID, Building: l.Building, Floor: l.Floor, Room: l.Room, Aliases: a, OwnerID: l.OwnerID, Active: l.Active}
}

func cmdLocationAdd(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "location add", "--school ID --building B --room R [--floor F] [--alias A ...] [--owner STAFF_ID] [--json]")
	school := fs.Int64("school", 0, "school `id`")
	building := fs.String("building", "", "`building`, e.g. 教学楼")
	floor := fs.String("floor", "", "`floor`, e.g. 3")
	room := fs.String("room", "", "`room`, e.g. 302")
	var aliases multiFlag
	fs.Var(&aliases, "alias", "another name people use, e.g. 初二(3)班 (repeatable)")
	owner := fs.Int64("owner", 0, "staff `id` responsible for it, e.g. the 班主任")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *school == 0 || strings.TrimSpace(*room) == "" {
		return usageError{"location add: --school and --room are required"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		l, err := db.AddLocation(ctx, flows.Location{SchoolID: *school, Building: strings.TrimSpace(*building), Floor: *floor,
			Room: strings.TrimSpace(*room), Aliases: aliases, OwnerID: *owner})
		if errors.Is(err, flows.ErrConflict) {
			return fmt.Errorf("location %s%s already exists", *building, *room)
		}
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, toLocationJSON(l), "location %d: %s\n", l.ID, l.Name())
	})
}

func cmdLocationList(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "location list", "--school ID [--all] [--json]")
	school := fs.Int64("school", 0, "school `id`")
	all := fs.Bool("all", false, "include deactivated locations")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		ls, err := db.ListLocations(ctx, *school, *all)
		if err != nil {
			return err
		}
		return printList(env, *asJSON, "locations", ls, toLocationJSON, "ID\tBUILDING\tFLOOR\tROOM\tALIASES\tOWNER\tACTIVE", func(l flows.Location) string {
			return fmt.Sprintf("%d\t%s\t%s\t%s\t%s\t%d\t%v", l.ID, l.Building, l.Floor, l.Room, strings.Join(l.Aliases, "、"), l.OwnerID, l.Active)
		})
	})
}

func cmdLocationEdit(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "location edit", "--location ID [--building B] [--floor F] [--room R] [--alias A ...] [--owner STAFF_ID] [--activate] [--json]")
	id := fs.Int64("location", 0, "location `id`")
	building := fs.String("building", "", "new `building`")
	floor := fs.String("floor", "", "new `floor`")
	room := fs.String("room", "", "new `room`")
	var aliases multiFlag
	fs.Var(&aliases, "alias", "replace the aliases (repeatable)")
	owner := fs.Int64("owner", -1, "staff `id` responsible (0 for nobody)")
	activate := fs.Bool("activate", false, "reactivate")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id == 0 {
		return usageError{"location edit: --location is required"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		l, err := update(ctx, *id, db.Location, db.UpdateLocation, func(l *flows.Location) error {
			if *building != "" {
				l.Building = *building
			}
			if *floor != "" {
				l.Floor = *floor
			}
			if *room != "" {
				l.Room = *room
			}
			if len(aliases) > 0 {
				l.Aliases = aliases
			}
			if *owner >= 0 {
				l.OwnerID = *owner
			}
			if *activate {
				l.Active = true
			}
			return nil
		})
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, toLocationJSON(l), "location %d updated\n", l.ID)
	})
}

func cmdLocationDeactivate(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "location deactivate", "--location ID [--json]")
	id := fs.Int64("location", 0, "location `id`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id == 0 {
		return usageError{"location deactivate: --location is required"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		l, err := update(ctx, *id, db.Location, db.UpdateLocation, func(l *flows.Location) error {
			l.Active = false
			return nil
		})
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, toLocationJSON(l), "location %d deactivated\n", l.ID)
	})
}

// locationFromRow reads one row of a location sheet: the location, and
// the name of its owner, to be found among the school's staff.
func locationFromRow(school int64, r sheetRow) (flows.Location, string, error) {
	l := flows.Location{SchoolID: school, Building: r.col("building", "楼", "楼栋", "教学楼"), Floor: r.col("floor", "楼层"),
		Room: r.col("room", "房间", "教室")}
	for _, a := range strings.FieldsFunc(r.col("aliases", "alias", "别名", "班级"), func(r rune) bool { return r == '、' || r == ';' || r == '；' || r == '|' }) {
		if a = strings.TrimSpace(a); a != "" {
			l.Aliases = append(l.Aliases, a)
		}
	}
	if l.Room == "" {
		return l, "", errors.New("room is empty")
	}
	return l, r.col("owner", "负责人", "班主任"), nil
}

func cmdLocationImport(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "location import", "--school ID --file rooms.csv|rooms.xlsx [--json]\n\nColumns: building/楼, floor/楼层, room/房间, aliases/别名 (separated by 、 or ;), owner/负责人 (a staff name).\nCSV in UTF-8 or GB18030/GBK, or .xlsx. A room already at the school is not added again and is listed;\na room given twice, an unknown owner or any other bad row is reported, all at once, and nothing is imported.")
	school := fs.Int64("school", 0, "school `id`")
	file := fs.String("file", "", "CSV or .xlsx `file`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *school == 0 || *file == "" {
		return usageError{"location import: --school and --file are required"}
	}
	rows, err := readSheet(*file)
	if err != nil {
		return err
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if _, err := db.School(ctx, *school); err != nil {
			return err
		}
		added := 0
		var ids []int64
		var skipped []string
		// One transaction: the sheet is imported whole or not at all.
		err := db.InTx(ctx, func(ftx flows.Tx) error {
			tx := ftx.(*store.Tx)
			existing, err := tx.ListLocations(ctx, *school, true)
			if err != nil {
				return err
			}
			have := map[string]int64{}
			for _, l := range existing {
				have[l.Building+"\x00"+l.Room] = l.ID
			}
			inSheet := map[string]int{}
			var locs []flows.Location
			var lines []int
			var problems []error
			for _, r := range rows {
				l, owner, err := locationFromRow(*school, r)
				if err != nil {
					problems = append(problems, fmt.Errorf("  line %d: %w", r.line, err))
					continue
				}
				key := l.Building + "\x00" + l.Room
				if prev, dup := inSheet[key]; dup {
					problems = append(problems, fmt.Errorf("  line %d: %s is already on line %d", r.line, l.Name(), prev))
					continue
				}
				inSheet[key] = r.line
				if owner != "" {
					ss, err := tx.StaffByName(ctx, *school, owner)
					if err != nil {
						return err
					}
					if len(ss) != 1 {
						problems = append(problems, fmt.Errorf("  line %d: owner %q matches %d staff", r.line, owner, len(ss)))
						continue
					}
					l.OwnerID = ss[0].ID
				}
				locs = append(locs, l)
				lines = append(lines, r.line)
			}
			if len(problems) > 0 {
				return errors.Join(problems...)
			}
			for i, l := range locs {
				if id, ok := have[l.Building+"\x00"+l.Room]; ok {
					skipped = append(skipped, fmt.Sprintf("line %d: %s (already location %d)", lines[i], l.Name(), id))
					continue
				}
				nl, err := tx.AddLocation(ctx, l)
				if err != nil {
					return fmt.Errorf("  line %d: %s: %w", lines[i], l.Name(), err)
				}
				added++
				ids = append(ids, nl.ID)
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("%s: nothing imported:\n%w", *file, err)
		}
		if *asJSON {
			return printJSON(env.Stdout, map[string]any{"id": ids, "added": added, "skipped": len(skipped), "already_there": nonNil(skipped)})
		}
		fmt.Fprintf(env.Stdout, "imported %d locations (%d already there)\n", added, len(skipped))
		for _, s := range skipped {
			fmt.Fprintf(env.Stdout, "  not added again: %s\n", s)
		}
		return nil
	})
}

func cmdLocationRemove(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "location remove", "--location ID [--json]\n\nDelete a location entered by mistake. One that repairs, checks or hazards name is kept: use location deactivate.")
	id := fs.Int64("location", 0, "location `id`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id == 0 {
		return usageError{"location remove: --location is required"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		l, err := db.Location(ctx, *id)
		if err != nil {
			return err
		}
		err = db.InTx(ctx, func(tx flows.Tx) error { return tx.(*store.Tx).RemoveLocation(ctx, *id) })
		if errors.Is(err, store.ErrHasHistory) {
			return fmt.Errorf("location %d (%s) has records (repairs, checks, hazards): use houqin location deactivate --location %d instead", *id, l.Name(), *id)
		}
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, map[string]any{"id": *id, "removed": true}, "location %d (%s) removed\n", *id, l.Name())
	})
}
