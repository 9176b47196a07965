package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/inspection"
	"github.com/houqin/houqin/ledger"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/web"
)

const checkImportUsage = `--school ID (--file plans.csv | --defaults | --equipment register.csv) [--json]

A plan file has one checklist item per row; rows with the same plan add items in order.
Columns (header row, English or Chinese):
  plan/计划        the checklist's name
  schedule/频次    daily 每日, weekly 每周, monthly 每月, term 每学期, seasonal 每年, adhoc 临时
  days/周几        weekly: 1-7 or 一…日 (二、四); term: times a term (default 2)
  seasons/时段     MM-DD~MM-DD (several separated by ;): a seasonal plan's windows, a term plan's
                   terms (default 09-01~01-19;02-20~07-10), or when a daily/weekly plan runs (假期)
  due/截止         HH:MM a window closes on its last day (default 18:00)
  assignee/负责人  a staff name, a role (门卫, 总务主任, teacher ...), or 班主任 (each room's owner)
  equipment/器材   the equipment register it covers, e.g. 灭火器
  item/检查项      what to check
  place/地点       where (optional): a room such as 教学楼302, or text
A plan named in the file replaces the school's plan of that name; others are left alone.
An equipment register has columns kind/器材, code/编号, place/位置, expires/有效期 (YYYY-MM-DD).`

func cmdCheckImport(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "check import", checkImportUsage)
	school := fs.Int64("school", 0, "school `id`")
	file := fs.String("file", "", "plan CSV `file`")
	defaults := fs.Bool("defaults", false, "load the shipped plans (消防器材月检, 每日校园巡查 ...)")
	equip := fs.String("equipment", "", "equipment register CSV `file`")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	n := 0
	for _, set := range []bool{*file != "", *defaults, *equip != ""} {
		if set {
			n++
		}
	}
	if *school == 0 || n != 1 {
		return usageError{"check import: give --school and one of --file, --defaults, --equipment"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if _, err := db.School(ctx, *school); err != nil {
			return err
		}
		locs, err := db.ListLocations(ctx, *school, false)
		if err != nil {
			return err
		}
		if *equip != "" {
			return importEquipment(ctx, env, db, *school, *equip, locs, *asJSON)
		}
		plans := inspection.DefaultPlans()
		if *file != "" {
			f, err := os.Open(*file)
			if err != nil {
				return err
			}
			defer f.Close()
			if plans, err = inspection.ParsePlans(f); err != nil {
				return fmt.Errorf("%s: nothing imported:\n%w", *file, err)
			}
		}
		staff, err := db.ListStaff(ctx, *school, false)
		if err != nil {
			return err
		}
		if err := inspection.ResolvePlans(plans, staff, locs); err != nil {
			return fmt.Errorf("nothing imported:\n%w", err)
		}
		added, replaced := 0, 0
		ids := []int64{}
		err = db.InTx(ctx, func(ftx flows.Tx) error {
			tx := ftx.(*store.Tx)
			for i := range plans {
				plans[i].SchoolID = *school
				isNew, err := tx.SavePlan(ctx, &plans[i], time.Now())
				if err != nil {
					return err
				}
				if isNew {
					added++
				} else {
					replaced++
				}
				ids = append(ids, plans[i].ID)
			}
			return nil
		})
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(env.Stdout, map[string]any{"id": ids, "added": added, "replaced": replaced})
		}
		fmt.Fprintf(env.Stdout, "imported %d plans (%d new, %d replaced)\n", added+replaced, added, replaced)
		return nil
	})
}

func importEquipment(ctx context.Context, env *Env, db *store.DB, school int64, path string, locs []flows.Location, asJSON bool) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	items, err := inspection.ParseEquipment(f, locs)
	if err != nil {
		return fmt.Errorf("%s: nothing imported:\n%w", path, err)
	}
	added, updated := 0, 0
	ids := []int64{}
	err = db.InTx(ctx, func(ftx flows.Tx) error {
		tx := ftx.(*store.Tx)
		for i := range items {
			items[i].SchoolID = school
			isNew, err := tx.SaveEquipment(ctx, &items[i])
			if err != nil {
				return err
			}
			if isNew {
				added++
			} else {
				updated++
			}
			ids = append(ids, items[i].ID)
		}
		return nil
	})
	if err != nil {
		return err
	}
	if asJSON {
		return printJSON(env.Stdout, map[string]any{"id": ids, "added": added, "updated": updated})
	}
	fmt.Fprintf(env.Stdout, "imported %d items of equipment (%d new, %d updated)\n", added+updated, added, updated)
	return nil
}

type planJSON struct {
	ID        int64      `json:"id"`
	Name      string     `json:"name"`
	Schedule  string     `json:"schedule"`
	When      string     `json:"when"`
	Assignee  string     `json:"assignee"`
	Equipment string     `json:"equipment,omitempty"`
	Active    bool       `json:"active"`
	Items     []itemJSON `json:"items"`
}

type itemJSON struct {
	Seq   int    `json:"seq"`
	Text  string `json:"text"`
	Place string `json:"place,omitempty"`
}

func cmdCheckList(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "check list", "--school ID [--all] [--json]")
	school := fs.Int64("school", 0, "school `id`")
	all := fs.Bool("all", false, "include plans taken out of service")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *school == 0 {
		return usageError{"check list: --school is required"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		plans, err := db.ListPlans(ctx, *school, *all)
		if err != nil {
			return err
		}
		if *asJSON {
			out := make([]planJSON, len(plans))
			for i, p := range plans {
				out[i] = planJSON{ID: p.ID, Name: p.Name, Schedule: p.Schedule.String(), When: p.Schedule.Describe(),
					Assignee: p.Assignee.Label(), Equipment: p.Equipment, Active: p.Active, Items: []itemJSON{}}
				for _, it := range p.Items {
					out[i].Items = append(out[i].Items, itemJSON{Seq: it.Seq, Text: it.Text, Place: it.Place})
				}
			}
			return printJSON(env.Stdout, map[string]any{"id": *school, "plans": out})
		}
		if len(plans) == 0 {
			fmt.Fprintln(env.Stdout, "no plans: load the defaults with `houqin check import --school ID --defaults`")
			return nil
		}
		tw := newColumns(env.Stdout)
		fmt.Fprintln(tw, "ID\tPLAN\tWHEN\tASSIGNEE\tITEMS")
		for _, p := range plans {
			name := p.Name
			if !p.Active {
				name += " (inactive)"
			}
			if p.Equipment != "" {
				name += " [" + p.Equipment + "]"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\n", p.ID, name, p.Schedule.Describe(), p.Assignee.Label(), len(p.Items))
		}
		return tw.Flush()
	})
}

func cmdCheckRule(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "check rule", "--school ID --level 一般|较大|重大|紧急 --hours N [--json]\n\n--hours 0 restores 整改不留宿: due the same day (by the school's small-repair times).")
	school := fs.Int64("school", 0, "school `id`")
	level := fs.String("level", "", "hazard `level`: 一般 较大 重大 紧急 (or general major serious urgent)")
	hours := fs.Int("hours", -1, "hours after the finding a hazard of the level is due; 0 = the same day")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	l, ok := inspection.ParseLevel(strings.TrimSpace(*level))
	if *school == 0 || !ok || *hours < 0 || *hours > 2160 {
		return usageError{"check rule: give --school, --level (一般 较大 重大 紧急) and --hours from 0 to 2160"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if _, err := db.School(ctx, *school); err != nil {
			return err
		}
		if err := db.SetLevelRule(ctx, *school, l, *hours); err != nil {
			return err
		}
		rule := "整改不留宿（当天）"
		if *hours > 0 {
			rule = fmt.Sprintf("发现后 %d 小时内", *hours)
		}
		if *asJSON {
			return printJSON(env.Stdout, map[string]any{"id": *school, "level": string(l), "hours": *hours})
		}
		fmt.Fprintf(env.Stdout, "%s隐患：%s\n", l.Label(), rule)
		return nil
	})
}

func cmdCheckReport(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "check report", "(--school ID | --district) [--month YYYY-MM] [--format text|html|xlsx] [-o FILE]")
	school := fs.Int64("school", 0, "school `id`")
	district := fs.Bool("district", false, "every school, with the totals")
	month := fs.String("month", "", "the `month` (YYYY-MM); default last month")
	format := fs.String("format", "text", "`text` (the chat message), html (the page) or xlsx (the workbook)")
	out := fs.String("o", "", "write to `file` instead of standard output")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *district == (*school != 0) || *format != "text" && *format != "html" && *format != "xlsx" {
		return usageError{"check report: give --school or --district, and --format text, html or xlsx"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		now := time.Now()
		h, err := newWebHandler(ctx, db, cfg, time.Now, newLogger(env.Stderr, "warn"))
		if err != nil {
			return err
		}
		loc := flows.LoadLocation("")
		var s flows.School
		if !*district {
			if s, err = db.School(ctx, *school); err != nil {
				return err
			}
			loc = s.Location()
		}
		m := inspection.MonthStart(now, loc).AddDate(0, -1, 0)
		if *month != "" {
			if m, err = ledger.Month(*month, loc); err != nil {
				return usageError{"check report: " + err.Error()}
			}
		}
		var buf bytes.Buffer
		exp := now.Add(time.Duration(cfg.Digest.LinkDays) * 24 * time.Hour)
		if *district {
			d, err := web.BuildDistrictReport(ctx, db, m, now)
			if err != nil {
				return err
			}
			switch *format {
			case "xlsx":
				err = ledger.WriteDistrictReport(&buf, d)
			case "html":
				urls := map[int64]string{}
				for _, r := range d.Schools {
					urls[r.School.ID] = h.ReportLink(r.School, m)
				}
				err = web.RenderDistrictReport(&buf, d, urls, h.DistrictReportLink(m), h.DistrictSafetyLedgerLinks(m, exp), exp)
			default:
				for _, r := range d.Schools {
					fmt.Fprintln(&buf, inspection.ReportText(r))
				}
				fmt.Fprintln(&buf, "详情："+h.DistrictReportLink(m))
			}
			if err != nil {
				return err
			}
		} else {
			r, err := inspection.BuildReport(ctx, db, s, m, now)
			if err != nil {
				return err
			}
			switch *format {
			case "xlsx":
				err = ledger.WriteReport(&buf, r)
			case "html":
				links := map[ledger.Kind]string{}
				for _, k := range ledger.SafetyKinds {
					links[k] = h.LedgerLink(s, k, m)
				}
				err = web.RenderReport(&buf, r, h.ReportWorkbookLink(s, m), links, exp)
			default:
				fmt.Fprintln(&buf, inspection.ReportText(r))
				if link := h.ReportLink(s, m); link != "" {
					fmt.Fprintln(&buf, "详情："+link)
				}
			}
			if err != nil {
				return err
			}
		}
		if *out == "" {
			_, err = env.Stdout.Write(buf.Bytes())
			return err
		}
		return os.WriteFile(*out, buf.Bytes(), 0o644)
	})
}
