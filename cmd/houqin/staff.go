package main

// houqin staff add|list|edit|deactivate|invite|import: the people of a
// school, their roles and trades, and the codes that bind their chat accounts.

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
)

type staffJSON struct {
	ID       int64    `json:"id"`
	SchoolID int64    `json:"school_id"`
	Name     string   `json:"name"`
	Roles    []string `json:"roles"`
	Trades   []string `json:"trades"`
	Phone    string   `json:"phone,omitempty"`
	Active   bool     `json:"active"`
}

func toStaffJSON(s flows.Staff) staffJSON {
	out := staffJSON{ID: s.ID, SchoolID: s.SchoolID, Name: s.Name, Phone: s.Phone, Active: s.Active, Roles: []string{}, Trades: []string{}}
	for _, r := range s.Roles {
		out.Roles = append(out.Roles, string(r))
	}
	for _, t := range s.Trades {
		out.Trades = append(out.Trades, string(t))
	}
	return out
}

func cmdStaffAdd(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "staff add", "--school ID --name NAME --role ROLE[,ROLE...] [--trade TRADE[,...]] [--phone P] [--json]")
	school := fs.Int64("school", 0, "school `id`")
	name := fs.String("name", "", "the person's `name`")
	roles := fs.String("role", "", "`roles`: teacher, guard, canteen, worker, head, leader, principal, admin (or 教师, 门卫 ...)")
	trades := fs.String("trade", "", "`trades` of a worker: carpentry, electrical, plumbing, av, building, general")
	phone := fs.String("phone", "", "mobile `number`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	st, err := staffFromFlags(*school, *name, *roles, *trades, *phone)
	if err != nil {
		return usageError{"staff add: " + err.Error()}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if _, err := db.School(ctx, *school); err != nil {
			return err
		}
		s, err := db.AddStaff(ctx, st)
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, toStaffJSON(s), "staff %d: %s\n", s.ID, s.Name)
	})
}

func staffFromFlags(school int64, name, roles, trades, phone string) (flows.Staff, error) {
	st := flows.Staff{SchoolID: school, Name: strings.TrimSpace(name), Phone: strings.TrimSpace(phone), Active: true}
	if school == 0 {
		return st, errors.New("--school is required")
	}
	if st.Name == "" {
		return st, errors.New("--name is required")
	}
	var err error
	if st.Roles, err = parseRoles(roles); err != nil {
		return st, err
	}
	if st.Trades, err = parseTrades(trades); err != nil {
		return st, err
	}
	return st, validStaff(st)
}

// validStaff checks a staff record by the domain's rules (Staff.Validate),
// naming the flag to change when trades were given to someone who is not
// a worker.
func validStaff(s flows.Staff) error {
	err := s.Validate()
	if errors.Is(err, flows.ErrTradeNotWorker) {
		return errors.New("--trade is only for workers (--role worker)")
	}
	return err
}

// parseRoles reads role keys or their Chinese names: teacher,教师,门卫.
func parseRoles(s string) ([]flows.Role, error) {
	out, err := parseKeys(s, flows.Roles, "role")
	if err == nil && len(out) == 0 {
		err = errors.New("at least one role is required")
	}
	return out, err
}

func cmdStaffList(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "staff list", "--school ID [--all] [--json]")
	school := fs.Int64("school", 0, "school `id`")
	all := fs.Bool("all", false, "include deactivated staff")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		ss, err := db.ListStaff(ctx, *school, *all)
		if err != nil {
			return err
		}
		return printList(env, *asJSON, "staff", ss, toStaffJSON, "ID\tNAME\tROLES\tTRADES\tPHONE\tACTIVE", func(s flows.Staff) string {
			j := toStaffJSON(s)
			return fmt.Sprintf("%d\t%s\t%s\t%s\t%s\t%v", s.ID, s.Name, strings.Join(j.Roles, ","), strings.Join(j.Trades, ","), s.Phone, s.Active)
		})
	})
}

func cmdStaffEdit(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "staff edit", "--staff ID [--name N] [--role R,...] [--trade T,...] [--phone P] [--activate] [--json]")
	id := fs.Int64("staff", 0, "staff `id`")
	name := fs.String("name", "", "new `name`")
	roles := fs.String("role", "", "new `roles`")
	trades := fs.String("trade", "", "new `trades` (use - for none)")
	phone := fs.String("phone", "", "new `phone`")
	activate := fs.Bool("activate", false, "reactivate a deactivated staff member")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		s, err := update(ctx, *id, db.Staff, db.UpdateStaff, func(s *flows.Staff) error {
			var err error
			if *name != "" {
				s.Name = *name
			}
			if *roles != "" {
				if s.Roles, err = parseRoles(*roles); err != nil {
					return usageError{"staff edit: " + err.Error()}
				}
			}
			if *trades == "-" {
				s.Trades = nil
			} else if *trades != "" {
				if s.Trades, err = parseTrades(*trades); err != nil {
					return usageError{"staff edit: " + err.Error()}
				}
			}
			if *phone != "" {
				s.Phone = *phone
			}
			if *activate {
				s.Active = true
			}
			if err := validStaff(*s); err != nil {
				return usageError{"staff edit: " + err.Error()}
			}
			return nil
		})
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, toStaffJSON(s), "staff %d updated\n", s.ID)
	})
}

func cmdStaffDeactivate(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "staff deactivate", "--staff ID [--json]")
	id := fs.Int64("staff", 0, "staff `id`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		s, err := update(ctx, *id, db.Staff, db.UpdateStaff, func(s *flows.Staff) error {
			s.Active = false
			return nil
		})
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, toStaffJSON(s), "staff %d deactivated; their chat accounts no longer work\n", s.ID)
	})
}

// InviteTTL is how long a binding code works.
const InviteTTL = 7 * 24 * time.Hour

func cmdStaffInvite(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "staff invite", "--staff ID [--revoke] [--json]")
	id := fs.Int64("staff", 0, "staff `id`")
	revoke := fs.Bool("revoke", false, "revoke the staff member's unused codes instead of making one")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id == 0 {
		return usageError{"staff invite: --staff is required"}
	}
	if *revoke {
		return revokeInvites(ctx, env, *cfgPath, *id, *asJSON)
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		now := time.Now()
		code, err := db.InviteStaff(ctx, *id, now, InviteTTL)
		if err != nil {
			return err
		}
		v := map[string]any{"code": code, "staff_id": *id, "expires_at": now.Add(InviteTTL).Format(time.RFC3339)}
		return printResult(env, *asJSON, v, "binding code: %s (works once, until %s)\nThe person sends 「%s」 to the WeChat account or the Telegram bot (or opens t.me/BOT?start=%s).\n",
			code, now.Add(InviteTTL).Format("2006-01-02 15:04"), flows.BindCommand(code), code)
	})
}

// staffFromRows reads the rows of a staff sheet, checking every row first
// so that an import either fully works or changes nothing: the error names
// each bad row by its line.
func staffFromRows(school int64, rows []sheetRow) ([]flows.Staff, error) {
	var staff []flows.Staff
	var problems []error
	for _, r := range rows {
		st, err := staffFromFlags(school, r.col("name", "姓名"), r.col("roles", "role", "角色", "岗位"), r.col("trades", "trade", "工种"), r.col("phone", "电话", "手机"))
		if err != nil {
			problems = append(problems, fmt.Errorf("  line %d: %s", r.line, strings.TrimPrefix(err.Error(), "--")))
			continue
		}
		staff = append(staff, st)
	}
	return staff, errors.Join(problems...)
}

func cmdStaffImport(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "staff import", "--school ID --file staff.csv [--json]\n\nColumns (header row, English or Chinese): name/姓名, roles/角色, trades/工种, phone/电话.\nRoles and trades may be keys or Chinese names, several separated by 、 or ;")
	school := fs.Int64("school", 0, "school `id`")
	file := fs.String("file", "", "CSV `file`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	rows, err := readSheet(*file)
	if err != nil {
		return err
	}
	staff, err := staffFromRows(*school, rows)
	if err != nil {
		return fmt.Errorf("%s: nothing imported:\n%w", *file, err)
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		added, skipped := 0, 0
		var ids []int64
		for _, st := range staff {
			same, err := db.StaffByName(ctx, st.SchoolID, st.Name)
			if err != nil {
				return err
			}
			if len(same) > 0 { // importing the same sheet twice adds nobody twice
				skipped++
				ids = append(ids, same[0].ID)
				continue
			}
			s, err := db.AddStaff(ctx, st)
			if err != nil {
				return fmt.Errorf("%s: %w", st.Name, err)
			}
			added++
			ids = append(ids, s.ID)
		}
		return printResult(env, *asJSON, map[string]any{"id": ids, "added": added, "skipped": skipped}, "imported %d staff (%d already there)\n", added, skipped)
	})
}
