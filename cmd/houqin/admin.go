package main

// Helpers every admin command shares: opening the database for one
// command, printing --json or a table, editing a record, and list flags.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/store"
)

// admin loads the configuration, opens the database (migrating it) and runs fn.
func admin(ctx context.Context, env *Env, cfgPath string, fn func(db *store.DB, cfg Config) error) error {
	cfg, _, db, closeDB, err := setup(ctx, env, cfgPath, "warn")
	if err != nil {
		return err
	}
	defer closeDB()
	return fn(db, cfg)
}

// printJSON prints v as one line of JSON, the --json output of a command.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// printResult prints what a command did: v as JSON with --json, else the
// line format makes.
func printResult(env *Env, asJSON bool, v any, format string, args ...any) error {
	if asJSON {
		return printJSON(env.Stdout, v)
	}
	_, err := fmt.Fprintf(env.Stdout, format, args...)
	return err
}

// printList prints records: with --json one object {key: [...]}, each
// record as toJSON makes it; else a table.
func printList[T, J any](env *Env, asJSON bool, key string, rows []T, toJSON func(T) J, header string, line func(T) string) error {
	if asJSON {
		out := make([]J, len(rows))
		for i, r := range rows {
			out[i] = toJSON(r)
		}
		return printJSON(env.Stdout, map[string]any{key: out})
	}
	return printTable(env.Stdout, header, rows, line)
}

// printTable prints a header and one line per record, the tab-separated
// columns aligned.
func printTable[T any](w io.Writer, header string, rows []T, line func(T) string) error {
	tw := newColumns(w)
	fmt.Fprintln(tw, header)
	for _, r := range rows {
		fmt.Fprintln(tw, line(r))
	}
	return tw.Flush()
}

// update loads the record id with get, lets change edit it and saves it
// with put: what every edit and deactivate command does.
func update[T any](ctx context.Context, id int64, get func(context.Context, int64) (T, error), put func(context.Context, T) error, change func(*T) error) (T, error) {
	v, err := get(ctx, id)
	if err != nil {
		return v, err
	}
	if err := change(&v); err != nil {
		return v, err
	}
	return v, put(ctx, v)
}

// multiFlag is a flag that may be given several times (--alias A --alias B).
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// splitList splits a list typed in a flag or a CSV cell, with ASCII or
// Chinese separators: "carpentry,电工", "教师、门卫".
func splitList(s string) []string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == ';' || r == '；' || r == '、' || r == '|' || r == ' '
	})
	return f
}

// parseTrades reads trade keys or their Chinese names: carpentry,电工.
func parseTrades(s string) ([]flows.Trade, error) { return parseKeys(s, flows.Trades, "trade") }

// parseKeys reads a list of keys of all, each typed as the key or its
// Chinese label; what names them in the error ("role", "trade").
func parseKeys[K interface {
	~string
	Label() string
}](s string, all []K, what string) ([]K, error) {
	var out []K
	for _, part := range splitList(s) {
		i := slices.IndexFunc(all, func(k K) bool { return part == string(k) || part == k.Label() })
		if i < 0 {
			keys := make([]string, len(all))
			for j, k := range all {
				keys[j] = string(k)
			}
			return nil, fmt.Errorf("unknown %s %q (%ss: %s)", what, part, what, strings.Join(keys, ", "))
		}
		out = append(out, all[i])
	}
	return out, nil
}
