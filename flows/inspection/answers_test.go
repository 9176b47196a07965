package inspection

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// The answers corpus: what a guard replies to the daily round's list of
// five items (每日校园巡查: 1 校门、围墙, 2 门窗水电, 3 消防通道, 4 积水坠物破损,
// 5 监控照明), as guards type or dictate it (testdata/corpus/answers*.tsv).
// TestAnswerCorpus opens the round for 老郑 at 19:00 on 2026-11-20, sends
// one message and reads what the flow made of it. A line is
//
//	MESSAGE<TAB>MEANING
//
// MESSAGE with \n for a line break; MEANING one of: all (every item fine:
// the check is done), pause, ok:N (item N fine, the rest still to answer),
// bad:N (item N has a problem: the flow goes on to describe it; several
// items with a problem, bad:3,4, when the message names them all; both,
// ok:1,2,4,5;bad:3, when it tells the rest fine beside a problem), or ?
// (the message says nothing the flow can act on: it asks again). It fails
// when less than answerCorpusTarget of the messages are read as labelled.
//
//	go test -run TestAnswerCorpus -v ./flows/inspection/
func TestAnswerCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/corpus/answers*.tsv")
	if err != nil || len(files) == 0 {
		t.Fatalf("no answers corpus: %v", err)
	}
	right, n := 0, 0
	for _, path := range files {
		r, m := answerFile(t, path)
		t.Logf("%s: %d/%d read as labelled (%.1f%%)", filepath.Base(path), r, m, 100*float64(r)/float64(m))
		right, n = right+r, n+m
	}
	if n < 30 {
		t.Errorf("the answers corpus has %d messages, want at least 30", n)
	}
	if acc := float64(right) / float64(n); acc < answerCorpusTarget {
		t.Errorf("answers: %.1f%% read as labelled, want at least %.0f%%", 100*acc, 100*answerCorpusTarget)
	}
}

// answerCorpusTarget is the share of answers that must be read as labelled.
const answerCorpusTarget = 0.95

func answerFile(t *testing.T, path string) (right, n int) {
	flowtest.EachCorpusLine(t, path, 2, func(line int, msg string, labels []string) {
		n++
		w, fk := newWorld(t)
		out := flowtest.Play(t, w, "at 19:00\n老郑: 巡查\n老郑: "+strings.ReplaceAll(msg, "\n", "\n  ")+"\n")
		if got, want := answerRead(t, w.Core, fk, out), strings.TrimSpace(labels[0]); got == want {
			right++
		} else {
			t.Logf("%s:%d: got %q, want %q\n\t%s", filepath.Base(path), line, got, want, msg)
		}
	})
	return right, n
}

// answerRead is what the round's first answer did, as a label.
func answerRead(t *testing.T, c *flowtest.Core, f *fake, out string) string {
	for _, ch := range f.checks {
		if ch.Status == CheckDone {
			return "all"
		}
	}
	if strings.Contains(out, "已暂停") {
		return "pause"
	}
	s, err := c.Session(context.Background(), flows.ChannelConsole, "老郑")
	if err != nil {
		t.Fatal(err)
	}
	var d checkData
	if len(s.Data) > 0 {
		if err := json.Unmarshal(s.Data, &d); err != nil {
			t.Fatal(err)
		}
	}
	var bad, ok []string
	if d.Finding != nil {
		bad = append(bad, strconv.Itoa(d.Finding.Seq))
	}
	for _, q := range d.Queue { // 2和4有问题: the second waits for the first's finding
		bad = append(bad, strconv.Itoa(q.Seq))
	}
	for _, h := range f.hazards { // a finding filed at once, with everything it needs
		if h.CheckID != 0 && !slices.Contains(bad, strconv.Itoa(h.ItemSeq)) {
			bad = append(bad, strconv.Itoa(h.ItemSeq))
		}
	}
	for _, rs := range f.results {
		for _, r := range rs {
			if r.OK {
				ok = append(ok, strconv.Itoa(r.Seq))
			} else if !slices.Contains(bad, strconv.Itoa(r.Seq)) {
				bad = append(bad, strconv.Itoa(r.Seq))
			}
		}
	}
	slices.Sort(bad)
	slices.Sort(ok)
	var parts []string
	if len(ok) > 0 {
		parts = append(parts, "ok:"+strings.Join(ok, ","))
	}
	if len(bad) > 0 {
		parts = append(parts, "bad:"+strings.Join(bad, ","))
	}
	if len(parts) == 0 {
		return "?"
	}
	return strings.Join(parts, ";")
}
