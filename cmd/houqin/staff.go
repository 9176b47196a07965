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
	phone := fs.String("phone", "", "`phone`: a mobile number (13800000011) or a landline with its area code (0571-87654321)")
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
	if st.Phone, err = normalizePhone(st.Phone); err != nil {
		return st, err
	}
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

// normalizePhone checks a phone number and writes it one way: a mainland
// mobile number (1[3-9] and 9 digits, an optional +86 or 86 before it) as
// its 11 digits, or a landline with its area code (0 and 2–3 digits, then
// 7–8 digits, an optional extension) as 0571-87654321 or
// 0571-87654321-123. Spaces and dashes people type are ignored; "" is no
// phone.
func normalizePhone(s string) (string, error) {
	if s == "" {
		return "", nil
	}
	var digits []byte
	var groups []string // digit runs, for reading a landline's area code as typed
	cur := []byte{}
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
			cur = append(cur, byte(r))
		case r >= '０' && r <= '９':
			digits = append(digits, byte('0'+r-'０'))
			cur = append(cur, byte('0'+r-'０'))
		case r == '+' && i == 0, r == ' ', r == '-', r == '－', r == '(', r == ')', r == '（', r == '）':
			if len(cur) > 0 {
				groups = append(groups, string(cur))
				cur = []byte{}
			}
		default:
			return "", fmt.Errorf("phone %q has a character that is not a digit", s)
		}
	}
	if len(cur) > 0 {
		groups = append(groups, string(cur))
	}
	d := string(digits)
	if strings.HasPrefix(strings.TrimSpace(s), "+86") || (len(d) == 13 && strings.HasPrefix(d, "86")) {
		d = strings.TrimPrefix(d, "86")
	}
	if len(d) == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9' {
		return d, nil
	}
	if d != "" && d[0] == '0' {
		if p, ok := landline(d, groups); ok {
			return p, nil
		}
	}
	return "", fmt.Errorf("phone %q is neither a mobile number (11 digits starting 13–19) nor a landline with its area code (like 0571-87654321)", s)
}

// landline reads a landline number's digits d, typed in the digit groups:
// with the area code typed apart (0571-87654321, (010)12345678, an
// extension after a last dash) the groups say where it ends; run together,
// 3-digit area codes are 010 and 02X and all others have 4 digits.
func landline(d string, groups []string) (string, bool) {
	ok := func(area, local, ext string) bool {
		return (len(area) == 3 || len(area) == 4) && area[0] == '0' && (len(local) == 7 || len(local) == 8) && local[0] != '0' && len(ext) <= 6
	}
	format := func(area, local, ext string) string {
		if ext != "" {
			return area + "-" + local + "-" + ext
		}
		return area + "-" + local
	}
	if len(groups) >= 2 && groups[0][0] == '0' {
		if local := strings.Join(groups[1:], ""); ok(groups[0], local, "") {
			return format(groups[0], local, ""), true
		}
		if n := len(groups); n >= 3 {
			local, ext := strings.Join(groups[1:n-1], ""), groups[n-1]
			if ok(groups[0], local, ext) {
				return format(groups[0], local, ext), true
			}
		}
		return "", false
	}
	n := 4
	if len(d) >= 2 && (d[1] == '1' || d[1] == '2') {
		n = 3
	}
	if len(d) > n && ok(d[:n], d[n:], "") {
		return format(d[:n], d[n:], ""), true
	}
	return "", false
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
	phone := fs.String("phone", "", "new `phone` (use - for none)")
	activate := fs.Bool("activate", false, "reactivate a deactivated staff member")
	wecomUser := fs.String("wecom-userid", "", "bind the person's WeCom (企业微信) `UserID` (通讯录 → 账号), so that no binding code is needed")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id == 0 {
		return usageError{"staff edit: --staff is required"}
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
			if *phone == "-" {
				s.Phone = ""
			} else if *phone != "" {
				if s.Phone, err = normalizePhone(strings.TrimSpace(*phone)); err != nil {
					return usageError{"staff edit: " + err.Error()}
				}
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
	if *id == 0 {
		return usageError{"staff deactivate: --staff is required"}
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
		st, err := db.Staff(ctx, *id)
		if err != nil {
			return err
		}
		school, err := db.School(ctx, st.SchoolID)
		if err != nil {
			return err
		}
		now := time.Now()
		code, err := db.InviteStaff(ctx, *id, now, InviteTTL)
		if err != nil {
			return err
		}
		// The expiry in the school's zone, as the person reading it lives.
		exp := now.Add(InviteTTL).In(school.Location())
		v := map[string]any{"code": code, "staff_id": *id, "expires_at": exp.Format(time.RFC3339)}
		return printResult(env, *asJSON, v, "binding code: %s (for %s; works once, until %s %s)\nThe person sends 「%s」 to the WeChat account, the WeCom app or the Telegram bot (or opens t.me/BOT?start=%s).\n",
			code, st.Name, exp.Format("2006-01-02 15:04"), school.Timezone, flows.BindCommand(code), code)
	})
}

// staffFromRows reads the rows of a staff sheet, checking every row first
// so that an import either fully works or changes nothing: the error names
// each bad row by its line, and a name given twice.
func staffFromRows(school int64, rows []sheetRow) ([]flows.Staff, []int, error) {
	var staff []flows.Staff
	var lines []int
	var problems []error
	seen := map[string]int{}
	for _, r := range rows {
		st, err := staffFromFlags(school, r.col("name", "姓名"), r.col("roles", "role", "角色", "岗位"), r.col("trades", "trade", "工种"), r.col("phone", "电话", "手机"))
		if err != nil {
			problems = append(problems, fmt.Errorf("  line %d: %s", r.line, strings.TrimPrefix(err.Error(), "--")))
			continue
		}
		if prev, dup := seen[st.Name]; dup {
			problems = append(problems, fmt.Errorf("  line %d: %s is already on line %d (two people with one name: tell them apart, e.g. 王老师(语文))", r.line, st.Name, prev))
			continue
		}
		seen[st.Name] = r.line
		staff = append(staff, st)
		lines = append(lines, r.line)
	}
	return staff, lines, errors.Join(problems...)
}

func cmdStaffImport(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "staff import", "--school ID --file staff.csv|staff.xlsx [--json]\n\nColumns (header row, English or Chinese): name/姓名, roles/角色, trades/工种, phone/电话,\nand optionally wecom_userid/企业微信账号 (the WeCom UserID: that person needs no binding code).\nRoles and trades may be keys or Chinese names, several separated by 、 or ;\nCSV in UTF-8 (with or without BOM) or GB18030/GBK, or an .xlsx workbook. A name already at the\nschool is not added again and is listed; a sheet with a bad row changes nothing.")
	school := fs.Int64("school", 0, "school `id`")
	file := fs.String("file", "", "CSV or .xlsx `file`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *school == 0 || *file == "" {
		return usageError{"staff import: --school and --file are required"}
	}
	rows, err := readSheet(*file)
	if err != nil {
		return err
	}
	staff, lines, err := staffFromRows(*school, rows)
	if err != nil {
		return fmt.Errorf("%s: nothing imported:\n%w", *file, err)
	}
	wecomIDs, err := wecomUserIDs(rows)
	if err != nil {
		return fmt.Errorf("%s: nothing imported:\n%w", *file, err)
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if _, err := db.School(ctx, *school); err != nil {
			return err
		}
		added, wecomBound := 0, 0
		var ids []int64
		var skipped []string
		// One transaction: the sheet is imported whole or not at all.
		err := db.InTx(ctx, func(ftx flows.Tx) error {
			tx := ftx.(*store.Tx)
			for i, st := range staff {
				same, err := tx.StaffByName(ctx, st.SchoolID, st.Name)
				if err != nil {
					return err
				}
				var id int64
				if len(same) > 0 { // importing the same sheet twice adds nobody twice
					skipped = append(skipped, fmt.Sprintf("line %d: %s (already staff %d)", lines[i], st.Name, same[0].ID))
					id = same[0].ID
				} else {
					s, err := tx.AddStaff(ctx, st)
					if err != nil {
						return fmt.Errorf("line %d: %s: %w", lines[i], st.Name, err)
					}
					added++
					id = s.ID
				}
				ids = append(ids, id)
				if u := wecomIDs[lines[i]]; u != "" {
					if err := tx.BindAccount(ctx, id, flows.ChannelWeCom, u, time.Now()); err != nil {
						return fmt.Errorf("line %d: %s: wecom_userid: %w", lines[i], st.Name, err)
					}
					wecomBound++
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("%s: nothing imported: %w", *file, err)
		}
		if *asJSON {
			return printJSON(env.Stdout, map[string]any{"id": ids, "added": added, "skipped": len(skipped), "already_there": nonNil(skipped), "wecom_bound": wecomBound})
		}
		fmt.Fprintf(env.Stdout, "imported %d staff (%d already there)\n", added, len(skipped))
		if wecomBound > 0 {
			fmt.Fprintf(env.Stdout, "bound %d WeCom accounts by their UserID (no binding code needed)\n", wecomBound)
		}
		for _, s := range skipped {
			fmt.Fprintf(env.Stdout, "  not added again: %s\n", s)
		}
		return nil
	})
}

// nonNil is s, or an empty list for JSON's [] instead of null.
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func cmdStaffRemove(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "staff remove", "--staff ID [--json]\n\nDelete a staff member entered by mistake, with their chat accounts, codes, routes and duties.\nSomeone with history (repairs, visits, samples, messages) is kept: use staff deactivate.")
	id := fs.Int64("staff", 0, "staff `id`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *id == 0 {
		return usageError{"staff remove: --staff is required"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		st, err := db.Staff(ctx, *id)
		if err != nil {
			return err
		}
		err = db.InTx(ctx, func(tx flows.Tx) error { return tx.(*store.Tx).RemoveStaff(ctx, *id) })
		if errors.Is(err, store.ErrHasHistory) {
			return fmt.Errorf("staff %d (%s) has records that keep their name (repairs, visits, samples, messages): use houqin staff deactivate --staff %d instead", *id, st.Name, *id)
		}
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, map[string]any{"id": *id, "removed": true}, "staff %d (%s) removed\n", *id, st.Name)
	})
}

// wecomUserIDs reads the optional WeCom UserID column of a staff sheet,
// by line (absent where the cell is empty), checking every row.
func wecomUserIDs(rows []sheetRow) (map[int]string, error) {
	out := map[int]string{}
	var problems []error
	for _, r := range rows {
		u := strings.TrimSpace(r.col("wecom_userid", "wecom", "企业微信账号", "企业微信"))
		if err := validWeComUserID(u); err != nil {
			problems = append(problems, fmt.Errorf("  line %d: %s", r.line, err))
			continue
		}
		if u != "" {
			out[r.line] = u
		}
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
