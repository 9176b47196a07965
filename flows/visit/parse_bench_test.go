package visit

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
	"github.com/houqin/houqin/flows/lexicon"
)

// benchMessages are the guards' messages of the labelled corpus, without
// their labels.
func benchMessages(b *testing.B) []string {
	return flowtest.CorpusMessages(b, "testdata/corpus/guards.tsv")
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
