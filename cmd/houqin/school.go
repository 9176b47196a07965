package main

// houqin school add|list|edit|deactivate|telegram-group: the schools and
// their rules.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
)

type schoolJSON struct {
	ID       int64          `json:"id"`
	Name     string         `json:"name"`
	Timezone string         `json:"timezone"`
	Active   bool           `json:"active"`
	Settings flows.Settings `json:"settings"`
}

func toSchoolJSON(s flows.School) schoolJSON {
	return schoolJSON{ID: s.ID, Name: s.Name, Timezone: s.Timezone, Active: s.Active, Settings: s.Settings}
}

func cmdSchoolAdd(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "school add", "--name NAME [--timezone Asia/Shanghai] [--json]")
	name := fs.String("name", "", "the school's `name`, e.g. 示范中学")
	tz := fs.String("timezone", "Asia/Shanghai", "IANA time `zone`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*name) == "" {
		return usageError{"school add: --name is required"}
	}
	if _, err := time.LoadLocation(*tz); err != nil {
		return usageError{fmt.Sprintf("school add: unknown time zone %q", *tz)}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		s, err := db.AddSchool(ctx, strings.TrimSpace(*name), *tz, cfg.SchoolDefaults)
		if errors.Is(err, flows.ErrConflict) {
			return fmt.Errorf("a school named %q already exists", *name)
		}
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, toSchoolJSON(s), "school %d: %s\n", s.ID, s.Name)
	})
}

func cmdSchoolList(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "school list", "[--json]")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		ss, err := db.Schools(ctx)
		if err != nil {
			return err
		}
		return printList(env, *asJSON, "schools", ss, toSchoolJSON, "ID\tNAME\tTIMEZONE\tACTIVE", func(s flows.School) string {
			return fmt.Sprintf("%d\t%s\t%s\t%v", s.ID, s.Name, s.Timezone, s.Active)
		})
	})
}

func cmdSchoolEdit(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "school edit", "--school ID [--name NAME] [--timezone TZ] [--set key=value ...] [--json]")
	id := fs.Int64("school", 0, "school `id`")
	name := fs.String("name", "", "new `name`")
	tz := fs.String("timezone", "", "new time `zone`")
	var sets multiFlag
	fs.Var(&sets, "set", "change a rule, e.g. --set small_due=20:30 (the keys of [school_defaults])")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id == 0 {
		return usageError{"school edit: --school is required"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		s, err := update(ctx, *id, db.School, db.UpdateSchool, func(s *flows.School) error {
			if *name != "" {
				s.Name = *name
			}
			if *tz != "" {
				if _, err := time.LoadLocation(*tz); err != nil {
					return usageError{fmt.Sprintf("school edit: unknown time zone %q", *tz)}
				}
				s.Timezone = *tz
			}
			return applySettings(&s.Settings, sets)
		})
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, toSchoolJSON(s), "school %d updated\n", s.ID)
	})
}

// applySettings sets rules given as key=value, through their JSON names.
func applySettings(st *flows.Settings, sets []string) error {
	if len(sets) == 0 {
		return nil
	}
	raw, err := json.Marshal(st)
	if err != nil {
		return err
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return err
	}
	for _, kv := range sets {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return usageError{fmt.Sprintf("--set %q: want key=value", kv)}
		}
		cur, known := m[k]
		if !known || k == "meals" {
			return usageError{fmt.Sprintf("--set: unknown rule %q", k)}
		}
		switch cur.(type) {
		case float64:
			f, err := strconv.ParseFloat(v, 64)
			if err != nil {
				return usageError{fmt.Sprintf("--set %s: %q is not a number", k, v)}
			}
			m[k] = f
		case bool:
			b, err := strconv.ParseBool(v)
			if err != nil {
				return usageError{fmt.Sprintf("--set %s: %q is not true or false", k, v)}
			}
			m[k] = b
		default:
			m[k] = v
		}
	}
	raw, _ = json.Marshal(m)
	var next flows.Settings
	if err := json.Unmarshal(raw, &next); err != nil {
		return usageError{fmt.Sprintf("--set: %v", err)}
	}
	if err := next.Validate(); err != nil {
		return fmt.Errorf("invalid rules:\n%w", err)
	}
	*st = next
	return nil
}

func cmdSchoolDeactivate(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "school deactivate", "--school ID [--json]")
	id := fs.Int64("school", 0, "school `id`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		s, err := update(ctx, *id, db.School, db.UpdateSchool, func(s *flows.School) error {
			s.Active = false
			return nil
		})
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, toSchoolJSON(s), "school %d deactivated\n", s.ID)
	})
}

func cmdSchoolGroup(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "school telegram-group", "--school ID --chat CHAT_ID [--purpose maintenance|gate|canteen] [--remove] [--json]")
	id := fs.Int64("school", 0, "school `id`")
	chat := fs.String("chat", "", "Telegram chat `id` of the group, e.g. -1001234567890")
	purpose := fs.String("purpose", flows.GroupMaintenance, "what the group is `for`: maintenance, gate or canteen")
	remove := fs.Bool("remove", false, "forget the group instead")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id == 0 || *chat == "" {
		return usageError{"school telegram-group: --school and --chat are required"}
	}
	if _, err := strconv.ParseInt(*chat, 10, 64); err != nil {
		return usageError{fmt.Sprintf("school telegram-group: --chat %q is not a Telegram chat id (a number such as -1001234567890)", *chat)}
	}
	switch *purpose {
	case flows.GroupMaintenance, flows.GroupGate, flows.GroupCanteen:
	default:
		return usageError{"school telegram-group: --purpose must be maintenance, gate or canteen"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if _, err := db.School(ctx, *id); err != nil {
			return err
		}
		var err error
		if *remove {
			err = db.RemoveChatGroup(ctx, *id, flows.ChannelTelegram, *chat, *purpose)
		} else {
			err = db.SetChatGroup(ctx, *id, flows.ChannelTelegram, *chat, *purpose)
		}
		if err != nil {
			return err
		}
		v := map[string]any{"id": *chat, "school_id": *id, "purpose": *purpose, "removed": *remove}
		return printResult(env, *asJSON, v, "school %d: telegram group %s (%s) %s\n", *id, *chat, *purpose, map[bool]string{true: "removed", false: "saved"}[*remove])
	})
}
