package flowtest

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// EachCorpusLine calls fn for each labelled line of a corpus file: lines
// of cols tab-separated columns, the first the message with \n standing
// for a line break (given to fn as a real one); blank lines and lines
// starting with # are skipped. A line with another number of columns
// fails the test, naming it.
func EachCorpusLine(t testing.TB, path string, cols int, fn func(line int, msg string, labels []string)) {
	t.Helper()
	eachLine(t, path, func(line int, cs []string) {
		if len(cs) != cols {
			t.Fatalf("%s:%d: %d columns, want %d", path, line, len(cs), cols)
		}
		fn(line, strings.ReplaceAll(cs[0], `\n`, "\n"), cs[1:])
	})
}

// CorpusMessages are the messages of a corpus file (EachCorpusLine's
// first column), without their labels: what a benchmark reads.
func CorpusMessages(t testing.TB, path string) []string {
	t.Helper()
	var out []string
	eachLine(t, path, func(_ int, cs []string) {
		out = append(out, strings.ReplaceAll(cs[0], `\n`, "\n"))
	})
	if len(out) == 0 {
		t.Fatalf("%s: no messages", path)
	}
	return out
}

// eachLine calls fn with the tab-separated columns of each line of path
// that is neither blank nor a # comment.
func eachLine(t testing.TB, path string, fn func(line int, cols []string)) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if sc.Text() == "" || strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		fn(line, strings.Split(sc.Text(), "\t"))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
}
