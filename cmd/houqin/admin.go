package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
)

func init() {
	register("migrate", "apply database migrations", cmdMigrate)
	register("school add", "add a school", cmdSchoolAdd)
	register("school list", "list schools", cmdSchoolList)
	register("school edit", "rename a school, change its time zone or a rule", cmdSchoolEdit)
	register("school deactivate", "take a school out of service", cmdSchoolDeactivate)
	register("school telegram-group", "name a Telegram group chat of a school (maintenance, gate, canteen)", cmdSchoolGroup)
	register("staff add", "add a staff member", cmdStaffAdd)
	register("staff list", "list a school's staff", cmdStaffList)
	register("staff edit", "change a staff member", cmdStaffEdit)
	register("staff deactivate", "deactivate a staff member", cmdStaffDeactivate)
	register("staff invite", "print a one-time binding code for a staff member", cmdStaffInvite)
	register("staff import", "import staff from a CSV file", cmdStaffImport)
	register("location add", "add a location (building, room, aliases)", cmdLocationAdd)
	register("location list", "list a school's locations", cmdLocationList)
	register("location edit", "change a location", cmdLocationEdit)
	register("location deactivate", "deactivate a location", cmdLocationDeactivate)
	register("location import", "import locations from a CSV file", cmdLocationImport)
	register("route add", "route a trade (in a building) to a worker", cmdRouteAdd)
	register("route list", "list a school's repair routes", cmdRouteList)
	register("route remove", "remove a repair route", cmdRouteRemove)
	register("duty add", "put a worker on duty for a period (nights, weekends, holidays)", cmdDutyAdd)
}

// admin loads the configuration, opens the database (migrating it) and runs fn.
func admin(ctx context.Context, env *Env, cfgPath string, fn func(db *store.DB, cfg Config) error) error {
	cfg, _, db, closeDB, err := setup(ctx, env, cfgPath, "warn")
	if err != nil {
		return err
	}
	defer closeDB()
	return fn(db, cfg)
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func cmdMigrate(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "migrate", "[--config FILE]")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := LoadConfig(*cfgPath, env.Getenv)
	if err != nil {
		return err
	}
	log := newLogger(env.Stderr, cfg.Log.Level)
	db, closeDB, err := openDB(ctx, cfg, log, false)
	if err == nil {
		closeDB()
		fmt.Fprintln(env.Stdout, "database schema is up to date")
		return nil
	}
	db, closeDB, err = openDB(ctx, cfg, log, true)
	if err != nil {
		return err
	}
	defer closeDB()
	_ = db
	fmt.Fprintln(env.Stdout, "database migrated")
	return nil
}

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
		if *asJSON {
			return printJSON(env.Stdout, toSchoolJSON(s))
		}
		fmt.Fprintf(env.Stdout, "school %d: %s\n", s.ID, s.Name)
		return nil
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
		if *asJSON {
			out := make([]schoolJSON, len(ss))
			for i, s := range ss {
				out[i] = toSchoolJSON(s)
			}
			return printJSON(env.Stdout, map[string]any{"schools": out})
		}
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tTIMEZONE\tACTIVE")
		for _, s := range ss {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%v\n", s.ID, s.Name, s.Timezone, s.Active)
		}
		return tw.Flush()
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
		s, err := db.School(ctx, *id)
		if err != nil {
			return err
		}
		if *name != "" {
			s.Name = *name
		}
		if *tz != "" {
			if _, err := time.LoadLocation(*tz); err != nil {
				return usageError{fmt.Sprintf("school edit: unknown time zone %q", *tz)}
			}
			s.Timezone = *tz
		}
		if err := applySettings(&s.Settings, sets); err != nil {
			return err
		}
		if err := db.UpdateSchool(ctx, s); err != nil {
			return err
		}
		if *asJSON {
			return printJSON(env.Stdout, toSchoolJSON(s))
		}
		fmt.Fprintf(env.Stdout, "school %d updated\n", s.ID)
		return nil
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

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func cmdSchoolDeactivate(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "school deactivate", "--school ID [--json]")
	id := fs.Int64("school", 0, "school `id`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		s, err := db.School(ctx, *id)
		if err != nil {
			return err
		}
		s.Active = false
		if err := db.UpdateSchool(ctx, s); err != nil {
			return err
		}
		if *asJSON {
			return printJSON(env.Stdout, toSchoolJSON(s))
		}
		fmt.Fprintf(env.Stdout, "school %d deactivated\n", s.ID)
		return nil
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
		if *asJSON {
			return printJSON(env.Stdout, map[string]any{"id": *chat, "school_id": *id, "purpose": *purpose, "removed": *remove})
		}
		fmt.Fprintf(env.Stdout, "school %d: telegram group %s (%s) %s\n", *id, *chat, *purpose, map[bool]string{true: "removed", false: "saved"}[*remove])
		return nil
	})
}

// parseRoles reads role keys or their Chinese names: teacher,教师,门卫.
func parseRoles(s string) ([]flows.Role, error) {
	var out []flows.Role
	for _, part := range splitList(s) {
		found := false
		for _, r := range flows.Roles {
			if part == string(r) || part == r.Label() {
				out, found = append(out, r), true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown role %q (roles: teacher, guard, canteen, worker, head, leader, principal, admin)", part)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("at least one role is required")
	}
	return out, nil
}

// parseTrades reads trade keys or their Chinese names: carpentry,电工.
func parseTrades(s string) ([]flows.Trade, error) {
	var out []flows.Trade
	for _, part := range splitList(s) {
		found := false
		for _, t := range flows.Trades {
			if part == string(t) || part == t.Label() {
				out, found = append(out, t), true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown trade %q (trades: carpentry, electrical, plumbing, av, building, general)", part)
		}
	}
	return out, nil
}

func splitList(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == ';' || r == '；' || r == '、' || r == '|' || r == ' '
	})
	return f
}

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
		if *asJSON {
			return printJSON(env.Stdout, toStaffJSON(s))
		}
		fmt.Fprintf(env.Stdout, "staff %d: %s\n", s.ID, s.Name)
		return nil
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
	if len(st.Trades) > 0 && !st.Has(flows.RoleWorker) {
		return st, errors.New("--trade is only for workers (--role worker)")
	}
	return st, nil
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
		if *asJSON {
			out := make([]staffJSON, len(ss))
			for i, s := range ss {
				out[i] = toStaffJSON(s)
			}
			return printJSON(env.Stdout, map[string]any{"staff": out})
		}
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tROLES\tTRADES\tPHONE\tACTIVE")
		for _, s := range ss {
			j := toStaffJSON(s)
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%v\n", s.ID, s.Name, strings.Join(j.Roles, ","), strings.Join(j.Trades, ","), s.Phone, s.Active)
		}
		return tw.Flush()
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
		s, err := db.Staff(ctx, *id)
		if err != nil {
			return err
		}
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
		if err := db.UpdateStaff(ctx, s); err != nil {
			return err
		}
		if *asJSON {
			return printJSON(env.Stdout, toStaffJSON(s))
		}
		fmt.Fprintf(env.Stdout, "staff %d updated\n", s.ID)
		return nil
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
		s, err := db.Staff(ctx, *id)
		if err != nil {
			return err
		}
		s.Active = false
		if err := db.UpdateStaff(ctx, s); err != nil {
			return err
		}
		if *asJSON {
			return printJSON(env.Stdout, toStaffJSON(s))
		}
		fmt.Fprintf(env.Stdout, "staff %d deactivated; their chat accounts no longer work\n", s.ID)
		return nil
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
		if *asJSON {
			return printJSON(env.Stdout, map[string]any{"code": code, "staff_id": *id, "expires_at": now.Add(InviteTTL).Format(time.RFC3339)})
		}
		fmt.Fprintf(env.Stdout, "binding code: %s (works once, until %s)\nThe person sends 「绑定 %s」 to the WeChat account or the Telegram bot (or opens t.me/BOT?start=%s).\n",
			code, now.Add(InviteTTL).Format("2006-01-02 15:04"), code, code)
		return nil
	})
}

// readCSV reads a CSV with a header row into maps keyed by header name.
// Excel's UTF-8 BOM is dropped.
func readCSV(path string) ([]map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(recs) < 1 {
		return nil, fmt.Errorf("%s: empty file", path)
	}
	head := recs[0]
	for i := range head {
		head[i] = strings.TrimSpace(strings.TrimPrefix(head[i], "\uFEFF"))
	}
	var out []map[string]string
	for _, rec := range recs[1:] {
		m := map[string]string{}
		for i, v := range rec {
			if i < len(head) {
				m[head[i]] = strings.TrimSpace(v)
			}
		}
		out = append(out, m)
	}
	return out, nil
}

// col returns the first non-empty value among the names of a column.
func col(m map[string]string, names ...string) string {
	for _, n := range names {
		if v := m[n]; v != "" {
			return v
		}
	}
	return ""
}

func cmdStaffImport(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "staff import", "--school ID --file staff.csv [--json]\n\nColumns (header row, English or Chinese): name/姓名, roles/角色, trades/工种, phone/电话.\nRoles and trades may be keys or Chinese names, several separated by 、 or ;")
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
	// Validate every row first: an import either fully works or changes nothing.
	var staff []flows.Staff
	var problems []error
	for i, m := range rows {
		st, err := staffFromFlags(*school, col(m, "name", "姓名"), col(m, "roles", "role", "角色", "岗位"), col(m, "trades", "trade", "工种"), col(m, "phone", "电话", "手机"))
		if err != nil {
			problems = append(problems, fmt.Errorf("  line %d: %s", i+2, strings.TrimPrefix(err.Error(), "--")))
			continue
		}
		staff = append(staff, st)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s: nothing imported:\n%w", *file, errors.Join(problems...))
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
		if *asJSON {
			return printJSON(env.Stdout, map[string]any{"id": ids, "added": added, "skipped": skipped})
		}
		fmt.Fprintf(env.Stdout, "imported %d staff (%d already there)\n", added, skipped)
		return nil
	})
}

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
		if *asJSON {
			return printJSON(env.Stdout, toLocationJSON(l))
		}
		fmt.Fprintf(env.Stdout, "location %d: %s\n", l.ID, l.Name())
		return nil
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
		if *asJSON {
			out := make([]locationJSON, len(ls))
			for i, l := range ls {
				out[i] = toLocationJSON(l)
			}
			return printJSON(env.Stdout, map[string]any{"locations": out})
		}
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tBUILDING\tFLOOR\tROOM\tALIASES\tOWNER\tACTIVE")
		for _, l := range ls {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%v\n", l.ID, l.Building, l.Floor, l.Room, strings.Join(l.Aliases, "、"), l.OwnerID, l.Active)
		}
		return tw.Flush()
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
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		l, err := db.Location(ctx, *id)
		if err != nil {
			return err
		}
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
		if err := db.UpdateLocation(ctx, l); err != nil {
			return err
		}
		if *asJSON {
			return printJSON(env.Stdout, toLocationJSON(l))
		}
		fmt.Fprintf(env.Stdout, "location %d updated\n", l.ID)
		return nil
	})
}

func cmdLocationDeactivate(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "location deactivate", "--location ID [--json]")
	id := fs.Int64("location", 0, "location `id`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		l, err := db.Location(ctx, *id)
		if err != nil {
			return err
		}
		l.Active = false
		if err := db.UpdateLocation(ctx, l); err != nil {
			return err
		}
		if *asJSON {
			return printJSON(env.Stdout, toLocationJSON(l))
		}
		fmt.Fprintf(env.Stdout, "location %d deactivated\n", l.ID)
		return nil
	})
}

func cmdLocationImport(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "location import", "--school ID --file rooms.csv [--json]\n\nColumns: building/楼, floor/楼层, room/房间, aliases/别名 (separated by 、 or ;), owner/负责人 (a staff name).")
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
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		existing, err := db.ListLocations(ctx, *school, true)
		if err != nil {
			return err
		}
		have := map[string]bool{}
		for _, l := range existing {
			have[l.Building+"\x00"+l.Room] = true
		}
		var locs []flows.Location
		var problems []error
		for i, m := range rows {
			l := flows.Location{SchoolID: *school, Building: col(m, "building", "楼", "楼栋", "教学楼"), Floor: col(m, "floor", "楼层"),
				Room: col(m, "room", "房间", "教室")}
			for _, a := range strings.FieldsFunc(col(m, "aliases", "alias", "别名", "班级"), func(r rune) bool { return r == '、' || r == ';' || r == '；' || r == '|' }) {
				l.Aliases = append(l.Aliases, strings.TrimSpace(a))
			}
			if l.Room == "" {
				problems = append(problems, fmt.Errorf("  line %d: room is empty", i+2))
				continue
			}
			if owner := col(m, "owner", "负责人", "班主任"); owner != "" {
				ss, err := db.StaffByName(ctx, *school, owner)
				if err != nil {
					return err
				}
				if len(ss) != 1 {
					problems = append(problems, fmt.Errorf("  line %d: owner %q matches %d staff", i+2, owner, len(ss)))
					continue
				}
				l.OwnerID = ss[0].ID
			}
			locs = append(locs, l)
		}
		if len(problems) > 0 {
			return fmt.Errorf("%s: nothing imported:\n%w", *file, errors.Join(problems...))
		}
		added, skipped := 0, 0
		var ids []int64
		for _, l := range locs {
			if have[l.Building+"\x00"+l.Room] {
				skipped++
				continue
			}
			nl, err := db.AddLocation(ctx, l)
			if err != nil {
				return fmt.Errorf("%s: %w", l.Name(), err)
			}
			added++
			ids = append(ids, nl.ID)
		}
		if *asJSON {
			return printJSON(env.Stdout, map[string]any{"id": ids, "added": added, "skipped": skipped})
		}
		fmt.Fprintf(env.Stdout, "imported %d locations (%d already there)\n", added, skipped)
		return nil
	})
}

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
		if *asJSON {
			return printJSON(env.Stdout, r)
		}
		fmt.Fprintf(env.Stdout, "route %d: %s %s → %s\n", r.ID, r.Trade, orAll(r.Building), r.Worker)
		return nil
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
		if *asJSON {
			return printJSON(env.Stdout, map[string]any{"routes": rs})
		}
		tw := tabwriter.NewWriter(env.Stdout, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tTRADE\tBUILDING\tWORKER\tPRIORITY")
		for _, r := range rs {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s (%d)\t%d\n", r.ID, r.Trade, orAll(r.Building), r.Worker, r.WorkerID, r.Priority)
		}
		return tw.Flush()
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
		if *asJSON {
			return printJSON(env.Stdout, map[string]any{"id": *id, "removed": true})
		}
		fmt.Fprintf(env.Stdout, "route %d removed\n", *id)
		return nil
	})
}

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
		if *asJSON {
			return printJSON(env.Stdout, map[string]any{"id": id})
		}
		fmt.Fprintf(env.Stdout, "duty %d saved\n", id)
		return nil
	})
}
