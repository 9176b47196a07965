// Command houqin is the school logistics service: the chat channels, the
// scheduler and the outbox worker (serve), a terminal chat (chat), a
// scripted demo (demo), and the admin commands for schools, staff,
// locations and routes. It only wires packages together.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// command is one subcommand: `houqin NAME ...`.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

// Env is what every command gets: where to write, and how to reach config.
type Env struct {
	Stdout, Stderr io.Writer
	Stdin          io.Reader
	Getenv         func(string) string
}

// commands is every subcommand, in the order help lists them: by name, so
// a noun's verbs sit together (school add, school deactivate ...).
var commands = []command{
	{"backup", "write the whole database to a file (pg_dump custom format)", cmdBackup},
	{"bench", "load test: signed WeChat callbacks through houqin vs a one-INSERT handler, on 127.0.0.1", cmdBench},
	{"chat", "talk to houqin in the terminal as a staff member", cmdChat},

	{"check import", "load a school's safety check plans (巡查计划) or equipment register from CSV, or the defaults", cmdCheckImport},
	{"check list", "list a school's safety check plans", cmdCheckList},
	{"check report", "print or save a monthly safety report (安全月报) of a school or the district", cmdCheckReport},
	{"check rule", "set a hazard level's rectification deadline (整改期限)", cmdCheckRule},

	{"demo", "create a demo school and play a scripted day through the real engine and database", cmdDemo},
	{"digest", "print (or send now) a school's daily digest, or the district view", cmdDigest},
	{"doctor", "check config, database, schema, id_key, public_url and each channel's credentials, one line each", cmdDoctor},

	{"duty add", "put a worker on duty for a period (nights, weekends, holidays)", cmdDutyAdd},
	{"duty edit", "change a duty's worker, times, trade or note", cmdDutyEdit},
	{"duty list", "list a school's duties not yet over (--all: every one)", cmdDutyList},
	{"duty remove", "remove a duty", cmdDutyRemove},

	{"export", "write a monthly ledger (台账) as an Excel file", cmdExport},

	{"lexicon add", "add a word to a school's lexicon (trades, hazards, synonyms, places ...)", cmdLexiconAdd},
	{"lexicon list", "list a school's own lexicon words", cmdLexiconList},
	{"lexicon remove", "remove a word from a school's lexicon", cmdLexiconRemove},

	{"location add", "add a location (building, room, aliases)", cmdLocationAdd},
	{"location deactivate", "deactivate a location", cmdLocationDeactivate},
	{"location edit", "change a location", cmdLocationEdit},
	{"location import", "import locations from a CSV or .xlsx file (all or nothing)", cmdLocationImport},
	{"location list", "list a school's locations", cmdLocationList},
	{"location remove", "delete a location entered by mistake (one with history: deactivate)", cmdLocationRemove},

	{"menu set", "set a school's menu (dishes per meal per day) from a CSV or .xlsx file", cmdMenuSet},
	{"menu show", "print a school's menu of the coming days, with the meal calendar", cmdMenuShow},

	{"migrate", "apply database migrations", cmdMigrate},

	{"qr", "print 扫码报修 QR labels for a school's rooms (A4 PDF); scanning one starts a report there", cmdQR},
	{"rekey", "rotate [privacy] id_key: seal every stored visitor ID number again under a new key", cmdRekey},
	{"restore", "load a backup file into an empty database (a new data_dir, or an empty [database] url)", cmdRestore},

	{"route add", "route a trade (in a building) to a worker", cmdRouteAdd},
	{"route edit", "change a route's priority or building, or bring a removed route back", cmdRouteEdit},
	{"route list", "list a school's repair routes", cmdRouteList},
	{"route remove", "remove a repair route", cmdRouteRemove},

	{"school add", "add a school", cmdSchoolAdd},
	{"school calendar", "meals per weekday, holidays and make-up days: set, closed, open, clear, list, import", cmdSchoolCalendar},
	{"school deactivate", "take a school out of service", cmdSchoolDeactivate},
	{"school edit", "rename a school, change its time zone or a rule", cmdSchoolEdit},
	{"school list", "list schools", cmdSchoolList},
	{"school telegram-group", "name a Telegram group chat of a school (maintenance, gate, canteen)", cmdSchoolGroup},
	{"school wecom-group", "name a WeCom group of a school, by its group robot or app chat (maintenance, gate, canteen)", cmdSchoolWeComGroup},

	{"serve", "run the service: chat channels, scheduler, outbox and HTTP server", cmdServe},

	{"staff add", "add a staff member", cmdStaffAdd},
	{"staff deactivate", "deactivate a staff member", cmdStaffDeactivate},
	{"staff edit", "change a staff member", cmdStaffEdit},
	{"staff import", "import staff from a CSV or .xlsx file (all or nothing)", cmdStaffImport},
	{"staff invite", "print a one-time binding code for a staff member (--revoke: revoke unused ones)", cmdStaffInvite},
	{"staff list", "list a school's staff", cmdStaffList},
	{"staff remove", "delete a staff member entered by mistake (one with history: deactivate)", cmdStaffRemove},
	{"staff unbind", "remove a staff member's chat accounts (all, or one channel's)", cmdStaffUnbind},

	{"version", "print houqin's version, VCS revision and Go version (from the build)", cmdVersion},

	{"watch add", "put a person on a school's gate watch list (by ID number, phone or name)", cmdWatchAdd},
	{"watch list", "list a school's gate watch list", cmdWatchList},
	{"watch remove", "take an entry off the gate watch list", cmdWatchRemove},

	{"wechat menu", "install the official account's custom menu (--dry-run prints its JSON)", cmdWeChatMenu},
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	env := &Env{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: os.Stdin, Getenv: os.Getenv}
	err := run(ctx, env, os.Args[1:])
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return // -h printed the command's usage
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "houqin:", err)
		os.Exit(exitCode(err))
	}
}

// usageError marks a mistake in the command line (exit code 2).
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func exitCode(err error) int {
	var ue usageError
	if errors.As(err, &ue) {
		return 2
	}
	return 1
}

func run(ctx context.Context, env *Env, args []string) error {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		if len(args) > 1 {
			return run(ctx, env, []string{args[1], "-h"})
		}
		usage(env.Stdout)
		return nil
	}
	name, rest := args[0], args[1:]
	// Two-word commands: `houqin staff add`, `houqin wechat menu`.
	if len(rest) > 0 && !strings.HasPrefix(rest[0], "-") {
		for _, c := range commands {
			if c.name == name+" "+rest[0] {
				return c.run(ctx, env, rest[1:])
			}
		}
	}
	for _, c := range commands {
		if c.name == name {
			return c.run(ctx, env, rest)
		}
	}
	var subs []string
	for _, c := range commands {
		if g, sub, ok := strings.Cut(c.name, " "); ok && g == name {
			subs = append(subs, sub)
		}
	}
	if len(subs) > 0 {
		return usageError{fmt.Sprintf("%s needs a subcommand: %s (see houqin help)", name, strings.Join(subs, ", "))}
	}
	return usageError{fmt.Sprintf("unknown command %q (see houqin help)", name)}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "houqin — school logistics by chat (repairs, visitors, food samples, daily digest)")
	fmt.Fprintln(w, "\nUsage: houqin COMMAND [flags]   (every command takes --config FILE and -h)")
	fmt.Fprintln(w, "\nCommands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-24s %s\n", c.name, c.summary)
	}
}

// newFlags returns a flag set for a command with the flags every command has.
func newFlags(env *Env, name, usageLine string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet("houqin "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	cfg := fs.String("config", "", "configuration `file` (TOML); default: built-in defaults")
	fs.Usage = func() {
		fmt.Fprintf(env.Stderr, "Usage: houqin %s %s\n\nFlags:\n", name, usageLine)
		fs.PrintDefaults()
	}
	return fs, cfg
}

// parse parses args, turning a bad flag and stray positional arguments
// into one usage error (printed once, by main).
func parse(fs *flag.FlagSet, args []string) error {
	pos, err := parseMixed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usageError{fmt.Sprintf("%s: unexpected argument %q", fs.Name(), pos[0])}
	}
	return nil
}

// parseMixed parses flags and returns the positional arguments, which may
// come before, between or after the flags. A bad flag is one usage error:
// the flag package would print the error and the whole usage itself, and
// main the error again; the usage is printed for -h only.
func parseMixed(fs *flag.FlagSet, args []string) ([]string, error) {
	usage, out := fs.Usage, fs.Output()
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	defer func() { fs.Usage = usage; fs.SetOutput(out) }()
	var pos []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			usage()
			return nil, err
		}
		if err != nil {
			msg := err.Error()
			if strings.HasSuffix(msg, ": parse error") || strings.HasSuffix(msg, ": invalid syntax") {
				// flag: invalid value "高师傅" for flag -worker: parse error
				msg = msg[:strings.LastIndex(msg, ": ")] + ": want a number (ids are in the list commands' output, e.g. houqin staff list)"
			}
			return nil, usageError{fmt.Sprintf("%s: %s (see %s -h)", fs.Name(), msg, fs.Name())}
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

func newLogger(w io.Writer, level string) *slog.Logger {
	return newFormatLogger(w, level, "text")
}

// newFormatLogger is newLogger in a configured format: "json" writes one
// JSON object per line, anything else key=value text.
func newFormatLogger(w io.Writer, level, format string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	opts := &slog.HandlerOptions{Level: l}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
