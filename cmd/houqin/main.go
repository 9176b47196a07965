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
	"sort"
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

var commands []command

func register(name, summary string, run func(ctx context.Context, env *Env, args []string) error) {
	commands = append(commands, command{name: name, summary: summary, run: run})
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
	sort.SliceStable(commands, func(i, j int) bool { return commands[i].name < commands[j].name })
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

// parse parses args, turning stray positional arguments into a usage error.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))}
	}
	return nil
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	_ = l.UnmarshalText([]byte(level))
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: l}))
}
