package main

// Helpers every admin command shares: opening the database for one
// command, printing --json, repeatable and list flags, and CSV sheets.

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
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
