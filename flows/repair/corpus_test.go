package repair

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/houqin/houqin/flows"
)

// The corpus school: a boarding school whose classrooms and dormitory
// rooms share their numbers (教学楼 101–505, 男生宿舍 101–505, 女生宿舍
// 101–505), with toilets, 实验楼, 图书馆, 行政楼, 食堂, 操场 and more.
// corpusSchool returns its locations and the key of each, as the corpus
// labels name them.
func corpusSchool() ([]flows.Location, map[string]int64) {
	var locs []flows.Location
	keys := map[string]int64{}
	add := func(key, building, floor, room string, aliases ...string) {
		id := int64(len(locs) + 1)
		locs = append(locs, flows.Location{ID: id, SchoolID: 1, Building: building, Floor: floor, Room: room, Aliases: aliases, Active: true})
		keys[key] = id
	}
	grades := []string{"初一", "初二", "初三"}
	extra := map[string][]string{"401": {"初一(6)班"}, "402": {"初二(6)班"}, "403": {"初三(6)班"}, "404": {"多媒体教室"},
		"501": {"音乐教室"}, "502": {"美术教室"}, "504": {"舞蹈室"}}
	for f := 1; f <= 5; f++ {
		for r := 1; r <= 5; r++ {
			room := fmt.Sprintf("%d0%d", f, r)
			aliases := extra[room]
			if f <= 3 {
				aliases = []string{fmt.Sprintf("%s(%d)班", grades[f-1], r)}
			}
			add("T"+room, "教学楼", strconv.Itoa(f), room, aliases...)
		}
		add(fmt.Sprintf("TM%d", f), "教学楼", strconv.Itoa(f), "男厕所")
		add(fmt.Sprintf("TF%d", f), "教学楼", strconv.Itoa(f), "女厕所")
	}
	for _, d := range []struct{ key, building string }{{"M", "男生宿舍"}, {"F", "女生宿舍"}} {
		for f := 1; f <= 5; f++ {
			for r := 1; r <= 5; r++ {
				room := fmt.Sprintf("%d0%d", f, r)
				add(d.key+room, d.building, strconv.Itoa(f), room)
			}
			add(fmt.Sprintf("%sW%d", d.key, f), d.building, strconv.Itoa(f), "水房")
		}
	}
	for f := 1; f <= 2; f++ {
		add(fmt.Sprintf("LM%d", f), "实验楼", strconv.Itoa(f), "男厕所")
		add(fmt.Sprintf("LF%d", f), "实验楼", strconv.Itoa(f), "女厕所")
	}
	add("phy", "实验楼", "1", "物理实验室")
	add("chem", "实验楼", "2", "化学实验室")
	add("bio", "实验楼", "3", "生物实验室")
	add("comp", "实验楼", "3", "微机室", "计算机教室", "机房")
	add("read", "图书馆", "1", "阅览室")
	add("report", "图书馆", "2", "报告厅")
	add("principal", "行政楼", "3", "校长办公室")
	add("meeting", "行政楼", "3", "会议室")
	add("zongwu", "行政楼", "2", "总务处")
	add("jiaowu", "行政楼", "2", "教务处")
	add("g3office", "行政楼", "1", "初三年级办公室")
	add("finance", "行政楼", "1", "财务室")
	add("hall", "食堂", "1", "一楼大厅")
	add("dining2", "食堂", "2", "二楼餐厅")
	add("kitchen", "食堂", "1", "后厨")
	add("cold", "食堂", "1", "冷库")
	add("playground", "操场", "", "")
	add("gym", "体育馆", "", "", "器材室")
	add("gate", "门卫室", "", "")
	add("power", "配电房", "", "")
	add("boiler", "锅炉房", "", "")
	return locs, keys
}

// corpusLine is one labelled message of testdata/corpus/repair.txt.
type corpusLine struct {
	line   int
	sender Sender
	who    string
	intent Intent
	n      int // -1: not checked
	places []string
	trades []string
	tiers  []string
	text   string
}

func readCorpus(t *testing.T, path string, keys map[string]int64) []corpusLine {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []corpusLine
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		fields := strings.SplitN(line, " ", 7)
		if len(fields) != 7 {
			t.Fatalf("%s:%d: want 7 fields: %q", path, n, line)
		}
		cl := corpusLine{line: n, who: fields[0], intent: Intent(fields[1]), n: -1, text: strings.ReplaceAll(fields[6], `\n`, "\n")}
		if cl.intent == "none" {
			cl.intent = IntentNone
		}
		role, owned, _ := strings.Cut(fields[0], "@")
		cl.sender.Roles = []flows.Role{flows.Role(role)}
		if owned != "" {
			id, ok := keys[owned]
			if !ok {
				t.Fatalf("%s:%d: unknown location key %q", path, n, owned)
			}
			cl.sender.Owned = []int64{id}
		}
		if fields[2] != "-" {
			if cl.n, err = strconv.Atoi(fields[2]); err != nil {
				t.Fatalf("%s:%d: bad count %q", path, n, fields[2])
			}
		}
		split := func(s string) []string {
			if s == "-" {
				return nil
			}
			parts := strings.Split(s, "|")
			if cl.n >= 0 && len(parts) != cl.n {
				t.Fatalf("%s:%d: %q has %d parts, want %d", path, n, s, len(parts), cl.n)
			}
			return parts
		}
		cl.places, cl.trades, cl.tiers = split(fields[3]), split(fields[4]), split(fields[5])
		for _, p := range cl.places {
			for _, k := range placeKeys(p) {
				if _, ok := keys[k]; !ok {
					t.Fatalf("%s:%d: unknown location key %q", path, n, k)
				}
			}
		}
		out = append(out, cl)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// placeKeys are the location keys a place label names.
func placeKeys(label string) []string {
	switch {
	case label == "none", strings.HasPrefix(label, "free:"):
		return nil
	case strings.HasPrefix(label, "any:"):
		return strings.Split(strings.TrimPrefix(label, "any:"), ",")
	}
	return []string{label}
}

// placeOK reports whether g found the place a label names: the one
// location; exactly the candidates listed (any:), no more and no fewer; a
// place not in the directory kept as text that contains the label (free:);
// or no place at all (none).
func placeOK(g RepairGuess, label string, keys map[string]int64) bool {
	switch {
	case label == "none":
		return g.LocationID == 0 && len(g.LocationCandidates) == 0 && g.PlaceText == ""
	case strings.HasPrefix(label, "free:"):
		return g.LocationID == 0 && len(g.LocationCandidates) == 0 && strings.Contains(g.PlaceText, strings.TrimPrefix(label, "free:"))
	case strings.HasPrefix(label, "any:"):
		if g.LocationID != 0 {
			return false
		}
		var want []int64
		for _, k := range placeKeys(label) {
			want = append(want, keys[k])
		}
		got := slices.Clone(g.LocationCandidates)
		slices.Sort(got)
		slices.Sort(want)
		return slices.Equal(got, want)
	}
	return g.LocationID == keys[label] && len(g.LocationCandidates) == 0
}

// score counts one field's right answers.
type score struct{ right, total int }

func (s *score) add(ok bool) {
	s.total++
	if ok {
		s.right++
	}
}

func (s score) rate() float64 {
	if s.total == 0 {
		return 1
	}
	return float64(s.right) / float64(s.total)
}

// corpusScores is how well Understand reads one corpus file.
type corpusScores struct {
	messages                               int
	place, trade, tier, split, intent, haz score
	drafts, falseAlarms                    int
}

func readingScores(t *testing.T, path string) corpusScores {
	locs, keys := corpusSchool()
	lines := readCorpus(t, path, keys)
	sc := corpusScores{messages: len(lines)}
	for _, cl := range lines {
		rd := Understand(cl.text, locs, cl.sender)
		var wrong []string
		sc.intent.add(rd.Intent == cl.intent)
		if rd.Intent != cl.intent {
			wrong = append(wrong, fmt.Sprintf("intent %q want %q", rd.Intent, cl.intent))
		}
		isReport := func(i Intent) bool { return i == IntentReport || i == IntentVague }
		if !isReport(cl.intent) && isReport(rd.Intent) {
			sc.drafts++
		}
		if cl.n >= 0 {
			sc.split.add(len(rd.Problems) == cl.n)
			if len(rd.Problems) != cl.n {
				wrong = append(wrong, fmt.Sprintf("%d problems want %d", len(rd.Problems), cl.n))
			}
		}
		check := func(s *score, labels []string, ok func(g RepairGuess, label string) bool, name string) {
			if labels == nil {
				return
			}
			good := len(rd.Problems) == len(labels)
			for i := 0; good && i < len(labels); i++ {
				good = ok(rd.Problems[i], labels[i])
			}
			s.add(good)
			if !good {
				wrong = append(wrong, name+" "+strings.Join(labels, "|"))
			}
		}
		check(&sc.place, cl.places, func(g RepairGuess, l string) bool { return placeOK(g, l, keys) }, "place")
		check(&sc.trade, cl.trades, func(g RepairGuess, l string) bool { return string(g.Trade) == strings.TrimPrefix(l, "none") }, "trade")
		check(&sc.tier, cl.tiers, func(g RepairGuess, l string) bool { return string(g.Tier()) == l }, "tier")
		for i, l := range cl.tiers {
			urgent := i < len(rd.Problems) && rd.Problems[i].Tier() == TierUrgent
			if l == string(TierUrgent) {
				sc.haz.add(urgent)
			} else if urgent {
				sc.falseAlarms++
			}
		}
		if len(wrong) > 0 {
			t.Logf("%s:%d %q: %s\n\tread %s", path, cl.line, cl.text, strings.Join(wrong, "; "), describeReading(rd, locs))
		}
	}
	return sc
}

func (sc corpusScores) log(t *testing.T, name string) {
	t.Logf("%s: %d messages", name, sc.messages)
	t.Logf("%-9s %5s %5s %7s", "field", "right", "of", "rate")
	for _, row := range []struct {
		name string
		s    score
	}{{"place", sc.place}, {"trade", sc.trade}, {"tier", sc.tier}, {"split", sc.split}, {"intent", sc.intent}, {"hazards", sc.haz}} {
		t.Logf("%-9s %5d %5d %6.1f%%", row.name, row.s.right, row.s.total, 100*row.s.rate())
	}
	t.Logf("non-repair messages read as a report: %d; non-hazards read as urgent: %d", sc.drafts, sc.falseAlarms)
}

// TestCorpus reads every message of the corpus and prints the accuracy of
// each field (run it with -v, or `make corpus`). It fails below the
// targets of issue 13 on testdata/corpus/repair.txt: every field at least
// 97 %, hazards recognised at least 98 %, and no message that is not a
// repair read as one. The held-out file's figures are printed, not
// checked: they measure how the rules do on text they were not fitted to.
func TestCorpus(t *testing.T) {
	sc := readingScores(t, "testdata/corpus/repair.txt")
	held := readingScores(t, "testdata/corpus/heldout.txt")
	sc.log(t, "corpus (testdata/corpus/repair.txt)")
	held.log(t, "held out (testdata/corpus/heldout.txt), not checked")
	if sc.messages < 280 {
		t.Errorf("the corpus has %d messages, want at least 280", sc.messages)
	}
	for _, row := range []struct {
		name string
		s    score
		min  float64
	}{{"place", sc.place, 0.97}, {"trade", sc.trade, 0.97}, {"tier", sc.tier, 0.97}, {"split", sc.split, 0.97}, {"intent", sc.intent, 0.97}, {"hazards", sc.haz, 0.98}} {
		if row.s.rate() < row.min {
			t.Errorf("%s: %.1f%% is below the target %.0f%%", row.name, 100*row.s.rate(), 100*row.min)
		}
	}
	if sc.drafts > 0 {
		t.Errorf("%d messages that are not repairs were read as repair reports", sc.drafts)
	}
}

// describeReading is a reading as a test log shows it.
func describeReading(rd Reading, locs []flows.Location) string {
	var b strings.Builder
	fmt.Fprintf(&b, "intent=%q", rd.Intent)
	for i, g := range rd.Problems {
		where := "-"
		switch {
		case g.LocationID != 0:
			where = flows.LocationLabel(locs, g.LocationID)
		case len(g.LocationCandidates) > 0:
			where = fmt.Sprintf("%d candidates", len(g.LocationCandidates))
		case g.PlaceText != "":
			where = "free:" + g.PlaceText
		}
		fmt.Fprintf(&b, " [%d: %s %s %s %q]", i+1, where, g.Trade, g.Tier(), g.Description)
	}
	return b.String()
}

// TestIntentOfAgreesWithUnderstand: Accepts asks intentOf, which stops
// before reading a message's problems; it must say what Understand says
// of every message of both corpora, read without the school's rooms as
// Accepts reads (a report and a vague report are one to it).
func TestIntentOfAgreesWithUnderstand(t *testing.T) {
	_, keys := corpusSchool()
	n := 0
	for _, path := range []string{"testdata/corpus/repair.txt", "testdata/corpus/heldout.txt"} {
		for _, cl := range readCorpus(t, path, keys) {
			want := Understand(cl.text, nil, cl.sender).Intent
			if want == IntentVague {
				want = IntentReport
			}
			if got := intentOf(cl.text, cl.sender); got != want {
				t.Errorf("%q: intentOf %q, Understand %q", cl.text, got, want)
			}
			n++
		}
	}
	if n < 300 {
		t.Errorf("compared %d messages, want the corpora's 300 or more", n)
	}
}
