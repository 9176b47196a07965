package main

// Helpers every admin command shares: opening the database for one
// command, printing --json, repeatable and list flags, and CSV sheets.

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode"
	"unicode/utf8"

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
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
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

// sheetRow is one row of a CSV sheet: its line in the file, and its cells
// by column name.
type sheetRow struct {
	line  int
	cells map[string]string
}

// col returns the first non-empty cell among the names of a column.
func (r sheetRow) col(names ...string) string {
	for _, n := range names {
		if v := r.cells[n]; v != "" {
			return v
		}
	}
	return ""
}

// readCSV reads a CSV file with a header row, as parseCSV does; errors
// name the file.
func readCSV(path string) ([]sheetRow, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := parseCSV(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return rows, nil
}

// parseCSV reads a CSV sheet with a header row; column names and cells are
// trimmed, and Excel's UTF-8 BOM is dropped. A sheet that is not UTF-8
// (Excel's plain "CSV" is GBK on Chinese Windows) or has a control
// character in a cell is refused with the line, before anything is
// written: the database would refuse it halfway through an import.
func parseCSV(in io.Reader) ([]sheetRow, error) {
	r := csv.NewReader(in)
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	var head []string
	var out []sheetRow
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		line, _ := r.FieldPos(0)
		for _, v := range rec {
			if !utf8.ValidString(v) {
				return nil, fmt.Errorf("line %d is not UTF-8 text: save the sheet as \"CSV UTF-8\" (Excel: 另存为 CSV UTF-8)", line)
			}
			if strings.ContainsFunc(v, unicode.IsControl) {
				return nil, fmt.Errorf("line %d has a control character (a line break or tab inside a cell?)", line)
			}
		}
		if head == nil {
			head = rec
			for i := range head {
				head[i] = strings.TrimFunc(head[i], func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' })
			}
			continue
		}
		row := sheetRow{line: line, cells: map[string]string{}}
		for i, v := range rec {
			if i < len(head) {
				row.cells[head[i]] = strings.TrimSpace(v)
			}
		}
		out = append(out, row)
	}
	if head == nil {
		return nil, errors.New("empty file")
	}
	return out, nil
}
