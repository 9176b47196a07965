package visit

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/houqin/houqin/flows/lexicon"
)

// benchMessages are the guards' messages of the labelled corpus, without
// their labels.
func benchMessages(b *testing.B) []string {
	b.Helper()
	f, err := os.Open("testdata/corpus/guards.tsv")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			msg, _, _ := strings.Cut(line, "\t")
			out = append(out, strings.ReplaceAll(msg, `\n`, "\n"))
		}
	}
	if err := sc.Err(); err != nil || len(out) == 0 {
		b.Fatalf("corpus: %d messages, %v", len(out), err)
	}
	return out
}

// BenchmarkParseVisitor reads the corpus's check-ins one by one with the
// default words:
//
//	go test -run '^$' -bench ParseVisitor -benchmem ./flows/visit/
func BenchmarkParseVisitor(b *testing.B) {
	msgs := benchMessages(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		ParseVisitor(msgs[i%len(msgs)])
	}
}

// BenchmarkParseVisitorWith reads them as the flow reads a school that
// added words of its own: the school's lexicon is looked up (compiled
// once) for every message.
func BenchmarkParseVisitorWith(b *testing.B) {
	msgs := benchMessages(b)
	own := []lexicon.Entry{
		{Kind: lexicon.Purpose, Word: "研学", Value: "hint"},
		{Kind: lexicon.Org, Word: "叮咚买菜", Value: "courier"},
		{Kind: lexicon.Role, Word: "干妈", Value: "parent"},
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		ParseVisitorWith(msgs[i%len(msgs)], own)
	}
}
