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
	fs, cfgPath := newFlags(env, "staff edit", "--staff ID [--name N] [--role R,...] [--trade T,...] [--phone P] [--wecom-userid U] [--activate] [--json]")
	id := fs.Int64("staff", 0, "staff `id`")
	name := fs.String("name", "", "new `name`")
	roles := fs.String("role", "", "new `roles`")
	trades := fs.String("trade", "", "new `trades` (use - for none)")
	phone := fs.String("phone", "", "new `phone`")
	activate := fs.Bool("activate", false, "reactivate a deactivated staff member")
	wecomUser := fs.String("wecom-userid", "", "bind the person's WeCom (企业微信) `UserID` (通讯录 → 账号), so that no binding code is needed")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := validWeComUserID(*wecomUser); err != nil {
		return usageError{"staff edit: " + err.Error()}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if *wecomUser != "" {
			if err := db.BindAccount(ctx, *id, flows.ChannelWeCom, *wecomUser, time.Now()); err != nil {
				return err
			}
		}
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
		return printResult(env, *asJSON, v, "binding code: %s (works once, until %s)\nThe person sends 「%s」 to the WeChat account, the WeCom app or the Telegram bot (or opens t.me/BOT?start=%s).\n",
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
	fs, cfgPath := newFlags(env, "staff import", "--school ID --file staff.csv [--json]\n\nColumns (header row, English or Chinese): name/姓名, roles/角色, trades/工种, phone/电话,\nand optionally wecom_userid/企业微信账号 (the WeCom UserID: that person needs no binding code).\nRoles and trades may be keys or Chinese names, several separated by 、 or ;")
	school := fs.Int64("school", 0, "school `id`")
	file := fs.String("file", "", "CSV `file`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	rows, err := readCSV(*file)
	if err != nil {
		return err
	}
	staff, err := staffFromRows(*school, rows)
	if err != nil {
		return fmt.Errorf("%s: nothing imported:\n%w", *file, err)
	}
	wecomIDs, err := wecomUserIDs(rows)
	if err != nil {
		return fmt.Errorf("%s: nothing imported:\n%w", *file, err)
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		added, skipped, wecomBound := 0, 0, 0
		var ids []int64
		for i, st := range staff {
			same, err := db.StaffByName(ctx, st.SchoolID, st.Name)
			if err != nil {
				return err
			}
			var id int64
			if len(same) > 0 { // importing the same sheet twice adds nobody twice
				skipped++
				id = same[0].ID
			} else {
				s, err := db.AddStaff(ctx, st)
				if err != nil {
					return fmt.Errorf("%s: %w", st.Name, err)
				}
				added++
				id = s.ID
			}
			ids = append(ids, id)
			if u := wecomIDs[i]; u != "" {
				if err := db.BindAccount(ctx, id, flows.ChannelWeCom, u, time.Now()); err != nil {
					return fmt.Errorf("%s: wecom_userid: %w", st.Name, err)
				}
				wecomBound++
			}
		}
		return printResult(env, *asJSON, map[string]any{"id": ids, "added": added, "skipped": skipped, "wecom_bound": wecomBound},
			"imported %d staff (%d already there); %d WeCom accounts bound\n", added, skipped, wecomBound)
	})
}

// wecomUserIDs reads the optional WeCom UserID column of a staff sheet,
// one entry per row ("" where the cell is empty), checking every row.
func wecomUserIDs(rows []sheetRow) ([]string, error) {
	out := make([]string, len(rows))
	var problems []error
	for i, r := range rows {
		u := strings.TrimSpace(r.col("wecom_userid", "wecom", "企业微信账号", "企业微信"))
		if err := validWeComUserID(u); err != nil {
			problems = append(problems, fmt.Errorf("  line %d: %s", r.line, err))
			continue
		}
		out[i] = u
	}
	return out, errors.Join(problems...)
}

// validWeComUserID checks a WeCom UserID as WeCom allows them: 1–64
// letters, digits and _-.@ ("" means none given).
func validWeComUserID(u string) error {
	if u == "" {
		return nil
	}
	if len(u) > 64 {
		return fmt.Errorf("wecom userid %q is longer than 64 characters", u)
	}
	for _, r := range u {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_-.@", r)) {
			return fmt.Errorf("wecom userid %q: only letters, digits and _-.@ are allowed (the UserID, 账号, not the name)", u)
		}
	}
	return nil
}
