package storetest

import (
	"fmt"
	"testing"

	"github.com/lib/pq"

	"github.com/houqin/houqin/store"
)

// Trace is one column of one table holding one of the strings searched for.
type Trace struct{ Table, Column, Needle string }

func (t Trace) String() string { return t.Table + "." + t.Column + " holds " + t.Needle }

// Traces searches every column of every table in the schema for the
// needles: text, arrays, json and jsonb as their text, bytea as the
// needles' UTF-8 bytes, anything else as its text too. Searching every
// column, not only those known to hold personal data, is the point: a new
// table or column that copies a visitor's details is found without anyone
// remembering to add it to a list.
func Traces(tb testing.TB, db *store.DB, needles ...string) []Trace {
	tb.Helper()
	var cols []struct {
		Table    string `db:"table_name"`
		Column   string `db:"column_name"`
		DataType string `db:"data_type"`
	}
	if err := db.SQL().Select(&cols, `
		SELECT c.table_name, c.column_name, c.data_type
		FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
		ORDER BY c.table_name, c.ordinal_position`); err != nil {
		tb.Fatal(err)
	}
	if len(cols) < 20 {
		tb.Fatalf("only %d columns in the schema: is it migrated?", len(cols))
	}
	var out []Trace
	for _, c := range cols {
		col := "r." + pq.QuoteIdentifier(c.Column)
		match := "strpos(CAST(" + col + " AS text), x.needle) > 0"
		if c.DataType == "bytea" {
			match = "position(convert_to(x.needle, 'UTF8') IN " + col + ") > 0"
		}
		var found pq.StringArray
		q := fmt.Sprintf(`SELECT coalesce(array_agg(DISTINCT x.needle), '{}') FROM %s AS r, unnest(CAST($1 AS text[])) AS x (needle) WHERE %s`,
			pq.QuoteIdentifier(c.Table), match)
		if err := db.SQL().Get(&found, q, pq.StringArray(needles)); err != nil {
			tb.Fatalf("%s.%s: %v", c.Table, c.Column, err)
		}
		for _, n := range found {
			out = append(out, Trace{c.Table, c.Column, n})
		}
	}
	return out
}
