package canteen_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// The corpus: cooks' 留样 messages as they are typed in a school kitchen,
// each labelled with what it means (testdata/corpus/cooks.tsv). TestCorpus
// sends every message, alone, at 11:30 to a fresh school as its cook and
// reads the 留样 draft the message left: what houqin understood, before
// any question is answered. It prints the accuracy of each field with -v
// and fails when a field is right for less than corpusTarget of the
// messages.
//
//	go test -run TestCorpus -v ./flows/canteen/

// corpusTarget is the acceptance threshold, per field.
const corpusTarget = 0.97

var corpusFields = []string{"meal", "dishes", "weights", "temp"}

// corpusDraft is the part of the 留样 draft (the session's JSON) the
// corpus labels.
type corpusDraft struct {
	Meal   string `json:"meal"`
	Dishes []struct {
		Dish  string `json:"dish"`
		Grams int    `json:"g"`
	} `json:"dishes"`
	FridgeC *float64 `json:"fridge"`
}

func TestCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/corpus/*.tsv")
	if err != nil || len(files) == 0 {
		t.Fatalf("no corpus: %v", err)
	}
	total, n := map[string]int{}, 0
	for _, path := range files {
		right, m := corpusFile(t, path)
		for f, k := range right {
			total[f] += k
		}
		t.Log("\n" + table(filepath.Base(path), right, m))
		n += m
	}
	if n < 80 {
		t.Errorf("the corpus has %d cook messages, want at least 80", n)
	}
	t.Log("\n" + table("cooks, all", total, n))
	for _, f := range corpusFields {
		if acc := float64(total[f]) / float64(n); acc < corpusTarget {
			t.Errorf("cooks: %s right for %.1f%% of the messages, want at least %.0f%%", f, 100*acc, 100*corpusTarget)
		}
	}
}

func table(what string, right map[string]int, n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "corpus %s: %d messages\n", what, n)
	for _, f := range corpusFields {
		fmt.Fprintf(&b, "  %-8s %3d/%d  %5.1f%%\n", f, right[f], n, 100*float64(right[f])/float64(n))
	}
	return b.String()
}

// corpusFile runs one file of the corpus: how many messages each field
// was right for, and how many messages there were.
func corpusFile(t *testing.T, path string) (map[string]int, int) {
	right, n := map[string]int{}, 0
	flowtest.EachCorpusLine(t, path, 1+len(corpusFields), func(line int, msg string, labels []string) {
		n++
		want := map[string]string{}
		for i, f := range corpusFields {
			want[f] = labels[i]
		}
		w := newWorld(t)
		flowtest.Play(t, w, "at 11:30\n钱阿姨: "+strings.ReplaceAll(msg, "\n", "\n  ")+"\n")
		got := sampleUnderstood(t, w.Core)
		for _, f := range corpusFields {
			if got[f] == want[f] {
				right[f]++
			} else {
				t.Logf("%s:%d %s: got %q, want %q\n\t%s", filepath.Base(path), line, f, got[f], want[f], msg)
			}
		}
	})
	return right, n
}

// sampleUnderstood reads the cook's 留样 draft as the corpus labels it;
// every field is empty when the message did not start 留样.
func sampleUnderstood(t *testing.T, c *flowtest.Core) map[string]string {
	t.Helper()
	s, err := c.Session(context.Background(), flows.ChannelConsole, "钱阿姨")
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	if s.Flow != "sample" {
		return got
	}
	var d corpusDraft
	if err := json.Unmarshal(s.Data, &d); err != nil {
		t.Fatal(err)
	}
	got["meal"] = flows.MealLabel(d.Meal)
	var dishes, weights []string
	for _, it := range d.Dishes {
		dishes = append(dishes, it.Dish)
		weights = append(weights, strconv.Itoa(it.Grams))
	}
	got["dishes"] = strings.Join(dishes, "、")
	got["weights"] = strings.Join(weights, "、")
	if d.FridgeC != nil {
		got["temp"] = strconv.FormatFloat(*d.FridgeC, 'f', -1, 64)
	}
	return got
}
