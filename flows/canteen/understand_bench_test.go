package canteen

import (
	"testing"

	"github.com/houqin/houqin/flows/flowtest"
	"github.com/houqin/houqin/flows/lexicon"
)

// benchMessages are the cooks' messages of the labelled corpus, without
// their labels.
func benchMessages(b *testing.B) []string {
	return flowtest.CorpusMessages(b, "testdata/corpus/cooks.tsv")
}

// BenchmarkReadSample reads the corpus's 留样 messages one by one as the
// flow starts on them: the header, then the fridge temperature.
//
//	go test -run '^$' -bench ReadSample -benchmem ./flows/canteen/
func BenchmarkReadSample(b *testing.B) {
	msgs := benchMessages(b)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_, _, _, rest, _ := sampleHeader(msgs[i%len(msgs)])
		takeTemperature(rest)
	}
}

// BenchmarkReadSampleWith reads them with a school's own words, looked
// up (compiled once) for every message as the flow does.
func BenchmarkReadSampleWith(b *testing.B) {
	msgs := benchMessages(b)
	own := []lexicon.Entry{{Kind: lexicon.Meal, Word: "午点", Value: "snack"}}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		_, _, _, rest, _ := schoolWords(own).header(msgs[i%len(msgs)])
		takeTemperature(rest)
	}
}

// schoolWords is the words a school with its own entries reads with.
func schoolWords(own []lexicon.Entry) *vocab { return vocabs.Of(lexicon.Default().With(own)) }
