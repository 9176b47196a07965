package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/houqin/houqin/bot"
	"github.com/houqin/houqin/bot/console"
	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store"
)

func cmdChat(ctx context.Context, env *Env, args []string) error {
	fs, cfgPath := newFlags(env, "chat", "--as NAME [--school ID]\n\nType messages as that staff member; notifications to that person are printed here (others'\nwait for their own terminal). End a line with \\ to continue a message on the next line; begin one with [图片] to send a photo\n(「[图片] 整改完成 1」). Ctrl-D quits.")
	as := fs.String("as", "", "the staff member's `name` (or staff id)")
	school := fs.Int64("school", 0, "school `id`, when the name is used in several schools")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *as == "" {
		return usageError{"chat: --as NAME is required (see houqin staff list)"}
	}
	cfg, log, db, closeDB, err := setup(ctx, env, *cfgPath, "warn")
	if err != nil {
		return err
	}
	defer closeDB()
	if cfg, err = withDemoIDKeyForChat(ctx, db, cfg, env.Stdout); err != nil {
		return err
	}
	me, err := findStaff(ctx, db, *as, *school)
	if err != nil {
		return err
	}
	account, err := db.BindConsole(ctx, me.ID, time.Now())
	if err != nil {
		return err
	}
	mods := modules(db, cfg, time.Now, log)
	engine := newEngine(db, cfg, mods, time.Now, log)
	// This terminal delivers only its own person's notifications; the
	// others' stay queued for their own terminal.
	pages, err := newWebHandler(ctx, db, cfg, time.Now, log)
	if err != nil {
		return err
	}
	worker := &bot.Worker{Outbox: console.Inbox{Store: db, Account: account}, Log: log, RetryFor: cfg.Outbox.RetryFor, Senders: map[flows.Channel]bot.Sender{
		flows.ChannelConsole: &console.Sender{Out: env.Stdout, Names: staffName(db)},
	}, Links: pages.Personalize}
	// The scheduler and the outbox run in the background as in serve, so
	// reminders, and notifications sent from other terminals, appear here too.
	bg, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	// On quitting, both stop before the database closes: a tick or a send
	// cut off by the closing server would log a failure that is none.
	defer wg.Wait()
	defer cancel()
	fmt.Fprintf(env.Stdout, "houqin chat — 你现在是 %s（%s）。输入「帮助」查看能做什么，「取消」放弃当前操作，「[图片]」开头表示发一张照片，Ctrl-D 退出。\n", me.Name, rolesText(me))
	// What waited for this person is printed before their first message
	// is read, as a phone shows it before they type: delivered by the
	// background worker instead, a notice could print after the reply to
	// a 「2」 typed (or piped) at once, which had answered a card the
	// person had not seen yet (the tenth user test's re-run).
	worker.Flush(ctx)
	wg.Go(func() { worker.Run(bg) })
	wg.Go(func() { newScheduler(db, cfg, mods, time.Now, log).Run(bg) })
	sess := &console.Session{Handler: engine, Account: account, Name: me.Name, Out: env.Stdout}
	return sess.REPL(ctx, env.Stdin, func() { worker.Flush(ctx) })
}

func rolesText(s flows.Staff) string {
	var names []string
	for _, r := range s.Roles {
		names = append(names, r.Label())
	}
	return strings.Join(names, "、")
}

// findStaff finds one active staff member by id or exact name.
func findStaff(ctx context.Context, db *store.DB, who string, school int64) (flows.Staff, error) {
	if id, err := strconv.ParseInt(who, 10, 64); err == nil {
		return db.Staff(ctx, id)
	}
	schools, err := db.Schools(ctx)
	if err != nil {
		return flows.Staff{}, err
	}
	var found []flows.Staff
	for _, s := range schools {
		if school != 0 && s.ID != school {
			continue
		}
		ss, err := db.StaffByName(ctx, s.ID, who)
		if err != nil {
			return flows.Staff{}, err
		}
		found = append(found, ss...)
	}
	switch len(found) {
	case 0:
		return flows.Staff{}, fmt.Errorf("no active staff member named %q (run `houqin demo` first, or see `houqin staff list --school ID`)", who)
	case 1:
		return found[0], nil
	}
	var ids []string
	for _, s := range found {
		ids = append(ids, fmt.Sprintf("%d (school %d)", s.ID, s.SchoolID))
	}
	return flows.Staff{}, fmt.Errorf("%d staff are named %q: %s; use --school or pass the staff id", len(found), who, strings.Join(ids, ", "))
}

// withDemoIDKeyForChat lets 「chat」 on the demo's database register
// visitors as the demo did: with no id_key configured, and only where the
// demo has run and its public key opens the stored ID numbers, it uses
// that key, saying so. Anywhere else (a real school, whose numbers are
// sealed with its own key, or none configured) nothing changes, and the
// gate stays off without a key as in serve.
func withDemoIDKeyForChat(ctx context.Context, db *store.DB, cfg Config, out io.Writer) (Config, error) {
	if cfg.Privacy.IDKey != "" {
		return cfg, nil
	}
	// The demo's transcript is kept with no expiry (cmdDemo): its dedup
	// log is pruned after a week, the transcript is not.
	if _, err := db.GetKV(ctx, demoTranscriptKey); errors.Is(err, flows.ErrNotFound) {
		return cfg, nil
	} else if err != nil {
		return cfg, err
	}
	demo := cfg
	demo.Privacy.IDKey = demoIDKey
	vault, err := demo.Privacy.Vault()
	if err != nil || vault == nil {
		return cfg, err
	}
	school, id, sealed, err := db.LatestSealedID(ctx)
	switch {
	case errors.Is(err, flows.ErrNotFound):
	case err != nil:
		return cfg, err
	default:
		if _, err := vault.Open(sealed, visit.VisitRow(school, id)); err != nil {
			return cfg, nil // sealed with another key: not the demo's numbers
		}
	}
	return withDemoIDKey(cfg, out), nil
}
