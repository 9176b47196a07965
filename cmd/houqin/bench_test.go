package main

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/flows/visit"
	"github.com/houqin/houqin/store"
	"github.com/houqin/houqin/store/storetest"
)

// houqin bench runs both phases briefly on a test database, every request
// answered, and prints the table and the ratios. HOUQIN_BENCH_ARGS
// replaces the arguments, for a full run on a private database (-count=1:
// go test would otherwise print a cached run for the same arguments):
//
//	HOUQIN_BENCH_ARGS="--clients 32 --duration 10s" go test -count=1 -run '^TestBench$' -v ./cmd/houqin/
func TestBench(t *testing.T) {
	useBenchHistory(t)
	c := newCLI(t)
	args := []string{"bench", "--clients", "3", "--duration", "1s", "--teachers", "3"}
	if a := os.Getenv("HOUQIN_BENCH_ARGS"); a != "" {
		args = append([]string{"bench"}, strings.Fields(a)...)
	}
	out := c.ok(args...)
	t.Log("\n" + out)
	for _, name := range []string{"raw: verify", "houqin: channel", "floor: houqin's rows", "client: load generator"} {
		m := regexp.MustCompile(regexp.QuoteMeta(name) + `[^\n]*?\s+(\d+)\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+\S+\s+([\d.]+)\s+\d+\s+0\n`).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("no result line for %q", name)
		}
		if n, _ := strconv.Atoi(m[1]); n <= 0 {
			t.Errorf("%s: %s req/s", name, m[1])
		}
		// The client phase's handler reads nothing, so it makes no round
		// trip; the others all do.
		if rt, _ := strconv.ParseFloat(m[2], 64); (rt <= 0) != strings.HasPrefix(name, "client") {
			t.Errorf("%s: %s round trips per message", name, m[2])
		}
	}
	if !regexp.MustCompile(`houqin / raw: throughput [\d.]+×`).MatchString(out) || !regexp.MustCompile(`floor / raw: throughput [\d.]+×`).MatchString(out) ||
		!regexp.MustCompile(`net of the load generator .*houqin / raw [\d.]+×`).MatchString(out) {
		t.Errorf("no ratio lines")
	}
	// Every report is a new fault, so (nearly) each confirmation files a
	// new repair rather than a merge into an open one.
	m := regexp.MustCompile(`houqin: (\d+) reports answered, (\d+) filed as new repairs`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no reports line")
	}
	if reports, filed := atoi(t, m[1]), atoi(t, m[2]); reports == 0 || filed*10 < reports*9 {
		t.Errorf("%d reports answered, %d filed as new repairs: want nearly all", reports, filed)
	}
	// The bench's school is out of service afterwards and its table gone.
	if got := c.ok("school", "list"); !regexp.MustCompile(`压测学校`).MatchString(got) {
		t.Errorf("school list does not show the bench's school:\n%s", got)
	}
}

// useBenchHistory sets the bench's history generators (store/storetest)
// for the test, as the test build provides them to --history.
func useBenchHistory(t *testing.T) {
	benchHistory = func(ctx context.Context, db *store.DB, schools int, now time.Time) error {
		from := now.AddDate(-1, 0, 0)
		for _, s := range storetest.SeedDistrict(t, db, schools, from, 365, 20) {
			storetest.NoticeHistory(t, db, s)
			storetest.GateHistory(t, db, s, from, 365, 30, 180, visit.PurgedNotice)
			storetest.InboundHistory(t, db, s, now, 200)
		}
		storetest.Analyze(t, db)
		return nil
	}
	benchOwnHistory = func(ctx context.Context, db *store.DB, school flows.School, now time.Time) error {
		s := storetest.School{School: school, Staff: map[string]flows.Staff{}, Locs: map[string]flows.Location{}}
		if err := db.InTx(ctx, func(ftx flows.Tx) error {
			tx := ftx.(*store.Tx)
			staff, err := tx.ListStaff(ctx, school.ID, false)
			if err != nil {
				return err
			}
			byName := map[string]flows.Staff{}
			for _, st := range staff {
				byName[st.Name] = st
			}
			// The generator's people: the first teacher reports, the
			// carpenter works on the repairs, and stands at the gate too.
			for who, name := range map[string]string{"李老师": "教师1", "王师傅": "王师傅", "老郑": "王师傅"} {
				st, ok := byName[name]
				if !ok {
					return fmt.Errorf("no %s in %s", name, school.Name)
				}
				s.Staff[who] = st
			}
			locs, err := tx.Locations(ctx, school.ID)
			if err != nil {
				return err
			}
			for _, l := range locs {
				if l.Room == "302" {
					s.Locs["302"] = l
				}
			}
			if s.Locs["302"].ID == 0 {
				return fmt.Errorf("no room 302 in %s", school.Name)
			}
			return nil
		}); err != nil {
			return err
		}
		from := now.AddDate(-1, 0, 0)
		storetest.RepairHistory(t, db, s, from, 365, 20)
		storetest.NoticeHistory(t, db, s)
		storetest.GateHistory(t, db, s, from, 365, 30, 180, visit.PurgedNotice)
		storetest.Analyze(t, db)
		return nil
	}
	t.Cleanup(func() { benchHistory, benchOwnHistory = nil, nil })
}

// TestBenchOwnHistory: with --history the bench's school gets a year of
// its own before the phases, and the repairs filed are counted net of it;
// houqin also runs on a database without history, next to the district's
// phase, alternately before and after it, and the bench gives the ratios
// of the two and their medians; that database is dropped at the end.
func TestBenchOwnHistory(t *testing.T) {
	useBenchHistory(t)
	c := newCLI(t)
	out := c.ok("bench", "--clients", "2", "--teachers", "2", "--duration", "500ms", "--history", "1", "--rounds", "2")
	t.Log("\n" + out)
	if n := len(regexp.MustCompile(`history: a year of 压测学校-\S+'s own loaded`).FindAllString(out, -1)); n != 2 {
		t.Errorf("%d lines for the school's own history, want one a round (2)", n)
	}
	ones := regexp.MustCompile(`houqin, one school: no history\s+(\d+)\s.*\s0\s+\(run just (before|after) the district's\)\n`).FindAllStringSubmatch(out, -1)
	if len(ones) != 2 || ones[0][2] != "before" || ones[1][2] != "after" {
		t.Errorf("one-school phases %q: want one a round with no errors, before the district's and then after it", ones)
	}
	for _, o := range ones {
		if atoi(t, o[1]) <= 0 {
			t.Errorf("one school: %s req/s", o[1])
		}
	}
	if n := len(regexp.MustCompile(`district / one school: req/s [\d.]+×, p50 [\d.]+×, p99 [\d.]+×`).FindAllString(out, -1)); n != 2 {
		t.Errorf("%d district / one school lines, want 2", n)
	}
	if !regexp.MustCompile(`district / one school p99 \(target ≤ 1\.1\)\s+[\d.]+\s+\(rounds: [\d.]+, [\d.]+\)`).MatchString(out) {
		t.Errorf("no median of the district's p99 against one school's")
	}
	// The one-school database is gone.
	db, err := store.Open(t.Context(), c.env["HOUQIN_DATABASE_URL"])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var left int
	if err := db.SQL().Get(&left, `SELECT count(*) FROM pg_database WHERE datname = left(current_database(), 59) || '_one'`); err != nil {
		t.Fatal(err)
	}
	if left != 0 {
		t.Errorf("the one-school database was not dropped")
	}
	m := regexp.MustCompile(`houqin: (\d+) reports answered, (\d+) filed as new repairs`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no reports line")
	}
	// The school's year holds 7,300 repairs; the phase files about one a
	// report.
	if reports, filed := atoi(t, m[1]), atoi(t, m[2]); reports == 0 || filed > reports || filed*10 < reports*8 {
		t.Errorf("%d reports answered, %d filed as new repairs: want about one each, net of the history", reports, filed)
	}
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBenchRounds: --rounds N runs the four phases N times, each round
// with a school of its own, and reports the median of the rounds' ratios
// with every round's value.
func TestBenchRounds(t *testing.T) {
	c := newCLI(t)
	out := c.ok("bench", "--clients", "2", "--teachers", "2", "--duration", "500ms", "--rounds", "3")
	t.Log("\n" + out)
	for _, want := range []string{"round 1 of 3", "round 2 of 3", "round 3 of 3", "median of 3 rounds:"} {
		if !strings.Contains(out, want) {
			t.Errorf("no %q in the output", want)
		}
	}
	m := regexp.MustCompile(`houqin / raw throughput \(target ≥ 0\.4\)\s+([\d.]+)\s+\(rounds: ([\d.]+), ([\d.]+), ([\d.]+)\)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatal("no median throughput line")
	}
	vs := []float64{atof(t, m[2]), atof(t, m[3]), atof(t, m[4])}
	slices.Sort(vs)
	if med := atof(t, m[1]); med != vs[1] {
		t.Errorf("median %v of rounds %v, want %v", med, vs, vs[1])
	}
	if n := strings.Count(c.ok("school", "list"), "压测学校"); n != 3 {
		t.Errorf("%d bench schools listed, want one per round (3)", n)
	}
}

func atof(t *testing.T, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// keepSlowest keeps the benchSlowest slowest samples, slowest first,
// whatever order they come in.
func TestKeepSlowest(t *testing.T) {
	var all, kept []benchSample
	for i := range 100 {
		x := benchSample{took: time.Duration((i*37)%101) * time.Millisecond, kind: i % 3}
		all = append(all, x)
		kept = keepSlowest(kept, x)
	}
	slices.SortStableFunc(all, func(a, b benchSample) int { return cmp.Compare(b.took, a.took) })
	if len(kept) != benchSlowest {
		t.Fatalf("kept %d samples, want %d", len(kept), benchSlowest)
	}
	for i := range kept {
		if kept[i].took != all[i].took {
			t.Fatalf("kept %v, want the slowest first: %v", kept, all[:benchSlowest])
		}
	}
}

// TestBenchFaultsAreDistinct: each of the bench's faults reads, in any of
// its rooms, as a small carpentry job at that room with a thing named, and
// no two name the same thing or one inside the other (repair's sameFault
// treats those as maybe the same fault), so none of the len(benchFaults) ×
// benchRooms reports is merged into another's open repair.
func TestBenchFaultsAreDistinct(t *testing.T) {
	var locs []flows.Location
	for i := range benchRooms {
		locs = append(locs, flows.Location{ID: int64(i + 1), SchoolID: 1, Building: "教学楼", Floor: strconv.Itoa(1 + i/100), Room: strconv.Itoa(101 + i), Active: true})
	}
	items := map[string]string{}
	for _, f := range benchFaults {
		for _, i := range []int{0, 149, benchRooms - 1} {
			text := fmt.Sprintf("%d教室%s", 101+i, f)
			g := repair.GuessRepair(text, locs)
			if g.Trade != flows.TradeCarpentry || g.Tier() != repair.TierSmall || g.LocationID != int64(i+1) || g.Item == "" {
				t.Errorf("%s: trade %q, tier %q, place %d, thing %q; want a small carpentry job at room %d with a thing", text, g.Trade, g.Tier(), g.LocationID, g.Item, 101+i)
			}
			if i == 0 {
				for other, of := range items {
					if strings.Contains(other, g.Item) || strings.Contains(g.Item, other) {
						t.Errorf("%s and %s name the same thing (%s, %s)", f, of, g.Item, other)
					}
				}
				items[g.Item] = f
			}
		}
	}
	if len(items) != len(benchFaults) {
		t.Errorf("%d things for %d faults", len(items), len(benchFaults))
	}
}

// --floor-omit leaves houqin's bookkeeping rows out of the floor's
// statement (Round 22): the statement must still run without an error for
// every message kind, and the output must say the floor is not the full one.
func TestBenchFloorOmit(t *testing.T) {
	c := newCLI(t)
	out := c.ok("bench", "--clients", "2", "--teachers", "2", "--duration", "500ms", "--floor-omit", "nonce,touch,session")
	t.Log("\n" + out)
	if !regexp.MustCompile(`floor: houqin's rows but nonce,touch,session\s+(\d+)\s[^\n]*\s0\n`).MatchString(out) {
		t.Errorf("no error-free floor line naming the rows left out")
	}
	if strings.Contains(out, "floor: houqin's rows, one statement") {
		t.Errorf("the floor is named the full one")
	}
	if msg := c.fails(2, "bench", "--floor-omit", "inbound"); !strings.Contains(msg, "nonce, touch and session") {
		t.Errorf("--floor-omit inbound: %q", msg)
	}
}
