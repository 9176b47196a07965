package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/digest"
	"github.com/houqin/houqin/ledger"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/web"
)

func cmdDigest(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "digest", "--school ID [--date YYYY-MM-DD] [--format text|html] [--send] | --district [--date YYYY-MM-DD] [--format text|html]")
	school := fs.Int64("school", 0, "school `id`")
	date := fs.String("date", "", "the `day` (YYYY-MM-DD); default yesterday")
	format := fs.String("format", "text", "`text` (the chat message) or html (the page)")
	send := fs.Bool("send", false, "queue the digest to the principal, 分管领导 and 总务主任 now")
	district := fs.Bool("district", false, "one line per school and the district totals")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *format != "text" && *format != "html" {
		return usageError{"digest: --format must be text or html"}
	}
	if *district == (*school != 0) {
		return usageError{"digest: give either --school or --district"}
	}
	if *district && *send {
		return usageError{"digest: --send is for one school"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		now := time.Now()
		h, err := newWebHandler(ctx, db, cfg, time.Now, newLogger(env.Stderr, "warn"))
		if err != nil {
			return err
		}
		if *district {
			day, err := digestDay(*date, flows.LoadLocation(""), now)
			if err != nil {
				return err
			}
			v, err := web.BuildDistrict(ctx, db, day, now)
			if err != nil {
				return err
			}
			if *format == "html" {
				urls := map[int64]string{}
				for _, l := range v.Schools {
					urls[l.School.ID] = h.DigestLink(l.School, day)
				}
				exp := now.Add(time.Duration(cfg.Digest.LinkDays) * 24 * time.Hour)
				return web.RenderDistrict(env.Stdout, v, urls, h.DistrictLedgerLinks(day, exp), exp)
			}
			fmt.Fprintln(env.Stdout, digest.DistrictText(v))
			fmt.Fprintln(env.Stdout, "详情："+h.DistrictLink(day))
			return nil
		}
		s, err := db.School(ctx, *school)
		if err != nil {
			return err
		}
		day, err := digestDay(*date, s.Location(), now)
		if err != nil {
			return err
		}
		d, err := digest.BuildDigest(ctx, db, s, day, now, *format == "html")
		if err != nil {
			return err
		}
		if *send {
			var n int
			err := db.InTx(ctx, func(tx flows.Tx) error {
				var err error
				n, err = digest.SendDigest(ctx, tx, d, h.DigestLink, now)
				return err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stderr, "digest of %s queued for %d people\n", d.Day.Format("2006-01-02"), n)
		}
		if *format == "html" {
			exp := now.Add(time.Duration(cfg.Digest.LinkDays) * 24 * time.Hour)
			links := map[ledger.Kind]string{}
			for _, k := range ledger.Kinds {
				links[k] = h.LedgerLink(s, k, d.Day)
			}
			return web.RenderDigest(env.Stdout, d, links, exp)
		}
		fmt.Fprintln(env.Stdout, digest.DigestText(d))
		if link := h.DigestLink(s, d.Day); link != "" {
			fmt.Fprintln(env.Stdout, "详情："+link)
		}
		return nil
	})
}

// digestDay reads --date in loc; empty means yesterday.
func digestDay(s string, loc *time.Location, now time.Time) (time.Time, error) {
	if s == "" {
		return digest.DayStart(now, loc).AddDate(0, 0, -1), nil
	}
	d, err := time.ParseInLocation("2006-01-02", s, loc)
	if err != nil {
		return d, usageError{fmt.Sprintf("--date %q: want YYYY-MM-DD", s)}
	}
	return d, nil
}

func cmdExport(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "export", "--ledger repairs|damage|visits|samples|meals|hazards|checks|equipment (--school ID | --district) --month YYYY-MM -o FILE.xlsx [--json]")
	kind := fs.String("ledger", "", "which `ledger`: repairs (报修), damage (赔偿), visits (来访), samples (留样), meals (陪餐), hazards (隐患), checks (安全检查), equipment (消防器材)")
	school := fs.Int64("school", 0, "school `id`")
	district := fs.Bool("district", false, "every active school but the district office, in one workbook with a 学校 column (not visits: visitors' details stay with each school)")
	month := fs.String("month", "", "the `month`, YYYY-MM")
	out := fs.String("o", "", "output `file` (.xlsx); default: the ledger's Chinese name in the current directory")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	k, err := ledger.ParseKind(*kind)
	if err != nil {
		return usageError{"export: " + err.Error()}
	}
	if *district == (*school != 0) || *month == "" {
		return usageError{"export: --month and either --school or --district are required"}
	}
	if *district && !k.ForDistrict() {
		return usageError{"export: the " + string(k) + " ledger is each school's own (visitors' details stay with the school); export it with --school"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		var schools []flows.School
		var name string
		if *district {
			all, err := db.Schools(ctx)
			if err != nil {
				return err
			}
			name, schools = web.DistrictName(all), flows.DistrictSchools(all)
		} else {
			s, err := db.School(ctx, *school)
			if err != nil {
				return err
			}
			name, schools = s.Name, []flows.School{s}
		}
		loc := flows.LoadLocation("")
		if !*district {
			loc = schools[0].Location()
		}
		m, err := ledger.Month(*month, loc)
		if err != nil {
			return usageError{"export: " + err.Error()}
		}
		path := *out
		if path == "" {
			if *district {
				path = ledger.DistrictFileName(name, k, m)
			} else {
				path = ledger.FileName(schools[0], k, m)
			}
		}
		// Written beside the target and renamed, so a failure never leaves
		// half a workbook under the real name.
		tmp, err := os.CreateTemp(filepath.Dir(path), ".houqin-ledger-*.xlsx")
		if err != nil {
			return err
		}
		defer os.Remove(tmp.Name())
		var opts ledger.Options
		if cfg.HTTP.PublicURL != "" {
			opts.JobURL = func(ref string) string { return pageURL(cfg, web.JobPath(ref)) }
		}
		var n int
		if *district {
			n, err = ledger.WriteDistrict(ctx, tmp, db, name, schools, k, m, opts)
		} else {
			n, err = ledger.WriteWith(ctx, tmp, db, schools[0], k, m, opts)
		}
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		if err := os.Rename(tmp.Name(), path); err != nil {
			return err
		}
		v := map[string]any{"id": path, "file": path, "ledger": string(k), "month": *month, "rows": n}
		if *district {
			v["schools"] = len(schools)
		} else {
			v["school_id"] = schools[0].ID
		}
		return printResult(env, *asJSON, v, "%s: %d 条记录 → %s\n", k.Title(), n, path)
	})
}
