package main

// houqin lexicon add|list|remove: a school's own words for reading free
// text (flows/lexicon), added to the defaults without code.

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/houqin/houqin/flows/lexicon"
	"github.com/houqin/houqin/store"
)

var lexiconKinds = func() string {
	var ks []string
	for _, k := range lexicon.Kinds {
		ks = append(ks, string(k))
	}
	return strings.Join(ks, ", ")
}()

// parseArgs parses flags that may come before, between or after the
// positional arguments, which it returns.
func parseArgs(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func cmdLexiconAdd(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "lexicon add", "--school ID --kind KIND WORD [VALUE] [--json]\n\n"+
		"  trade    风幕机 electrical     (a thing; electrical/symptom, /place; /neutral hides a word)\n"+
		"  hazard   氨气味 gas            (electric fire glass falling water gas opening; A/B+C/D is a rule)\n"+
		"  large    冷却塔                 (a large job, 大修不隔天)\n"+
		"  synonym  男卫 男厕所             (another way to write a place name)\n"+
		"  building 课室 教学              (a word hinting at buildings whose name contains the value)\n"+
		"  place    生物园                 (a place that may not be in the location table; value relative: near)\n"+
		"  marker   修缮好了 done           (greeting thanks praise progress ask done fault own also notice elaborate notfault)\n"+
		"  purpose  送校服 送货             (a visit's reason: 家长来访 送货 施工维修 公务 面试 其他; hint; verb)\n"+
		"  title    教务主任 head           (a staff title; value: roles it fits, comma-separated, or none)\n"+
		"  org      美团                   (an organisation; value: known (default), courier, delivers, suffix, kind)\n"+
		"  role     保洁员                 (a word before a visitor's name; value parent: a student's family)\n"+
		"  meal     午点 snack             (a meal's name: breakfast lunch dinner snack)\n"+
		"  surname  禤                     (a surname, one or two Chinese characters: 第五)\n"+
		"  notname  钟点工                 (never a visitor's name; value noise: also dropped where it stands alone)\n"+
		"  document 居住证                 (an identity document, recorded as 其他证件; resident passport hkmo homereturn tw any)\n"+
		"  fridge   留样箱                 (the 留样 fridge: a number after it is its temperature; temperature; box)")
	school := fs.Int64("school", 0, "school `id`")
	kind := fs.String("kind", "", "`kind`: "+lexiconKinds)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *school == 0 || *kind == "" || len(pos) < 1 || len(pos) > 2 {
		return usageError{"lexicon add: --school, --kind and a WORD (then its VALUE, if the kind has one) are required"}
	}
	e := lexicon.Entry{Kind: lexicon.Kind(strings.TrimSpace(*kind)), Word: pos[0]}
	if len(pos) == 2 {
		e.Value = pos[1]
	}
	if err := e.Validate(); err != nil {
		return usageError{"lexicon add: " + strings.TrimPrefix(err.Error(), "lexicon: ")}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		if _, err := db.School(ctx, *school); err != nil {
			return err
		}
		r, err := db.AddLexiconEntry(ctx, *school, e)
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, r, "lexicon %d: %s %s → %s\n", r.ID, r.Kind, r.Word, orNone(r.Value))
	})
}

func orNone(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func cmdLexiconList(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "lexicon list", "--school ID [--kind KIND] [--json]")
	school := fs.Int64("school", 0, "school `id`")
	kind := fs.String("kind", "", "only this `kind`: "+lexiconKinds)
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *school == 0 {
		return usageError{"lexicon list: --school is required"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		es, err := db.LexiconEntries(ctx, *school, lexicon.Kind(*kind))
		if err != nil {
			return err
		}
		if *asJSON {
			return printJSON(env.Stdout, map[string]any{"entries": es})
		}
		return printTable(env.Stdout, "ID\tKIND\tWORD\tVALUE", es, func(e store.LexiconEntry) string {
			return fmt.Sprintf("%d\t%s\t%s\t%s", e.ID, e.Kind, e.Word, orNone(e.Value))
		})
	})
}

func cmdLexiconRemove(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "lexicon remove", "--school ID --kind KIND WORD [--json]")
	school := fs.Int64("school", 0, "school `id`")
	kind := fs.String("kind", "", "`kind`: "+lexiconKinds)
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return err
	}
	if *school == 0 || *kind == "" || len(pos) != 1 {
		return usageError{"lexicon remove: --school, --kind and the WORD are required"}
	}
	return admin(ctx, env, *cfgPath, func(db *store.DB, cfg Config) error {
		id, err := db.RemoveLexiconEntry(ctx, *school, lexicon.Kind(*kind), pos[0])
		if err != nil {
			return err
		}
		return printResult(env, *asJSON, map[string]any{"id": id, "school_id": *school, "kind": *kind, "word": pos[0], "removed": true},
			"lexicon %s %s removed\n", *kind, pos[0])
	})
}
