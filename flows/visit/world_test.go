package visit

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
)

// world is one transaction of the in-memory school: the core fake and the
// visit fake together, so that flows.StoreOf finds both.
type world struct {
	*flowtest.Core
	*fakeStore
}

// Valid resident ID numbers (check digits computed). idBad, the issue's
// example, has a wrong check digit; idWatched is on the watch list.
const (
	idZhang   = "11010519491231002X"
	idLi      = "440304198510123415"
	idWatched = "320102198001011238"
	idBad     = "110101199003071234"
)

// testVault is the vault of every test here: a fixed key, so sealed and
// hashed values are the same on every run.
func testVault(tb testing.TB) *IDVault {
	tb.Helper()
	v, err := NewIDVault(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

// newWorld seeds the school 一中 (flowtest.Seed) with a watch list of an
// ID number, a mobile number and a name, and runs the visit module with
// vault (nil: no ID key configured).
func newWorld(tb testing.TB, vault *IDVault) (*flowtest.World, *world) {
	tb.Helper()
	c := flowtest.NewCore()
	s := flowtest.Seed(c)
	w := &world{Core: c, fakeStore: &fakeStore{core: c}}
	hash := testVault(tb).Hash(idWatched)
	for _, e := range []WatchEntry{
		{Kind: WatchID, Hash: hash, Masked: "320102********1238", Note: "校闹，法院禁止令"},
		{Kind: WatchPhone, Value: "13700000000", Masked: "137****0000", Note: "多次冒充家长"},
		{Kind: WatchName, Value: "冯刚", Masked: "冯刚", Note: "已被学校解聘，不得入校"},
	} {
		e.SchoolID, e.AddedAt = s.ID, flowtest.Start
		if err := w.addWatch(e); err != nil {
			tb.Fatal(err)
		}
	}
	return &flowtest.World{Core: c, Store: &flowtest.Store{Tx: w}, Modules: []flows.Module{Module(vault)}}, w
}

// The gate's conversations as golden transcripts: go test -run
// Transcripts -update rewrites the want sections.
func TestTranscripts(t *testing.T) {
	flowtest.Run(t, "testdata/*.txt", func(t *testing.T) *flowtest.World {
		fw, _ := newWorld(t, testVault(t))
		return fw
	})
}

// Without an ID key the gate log refuses, politely, to start.
func TestTranscriptsWithoutVault(t *testing.T) {
	flowtest.Run(t, "testdata/novault/*.txt", func(t *testing.T) *flowtest.World {
		fw, _ := newWorld(t, nil)
		return fw
	})
}

// idNumberRE finds document numbers in a transcript: resident IDs and
// passport-like numbers (a letter and 7 or 8 digits).
var idNumberRE = regexp.MustCompile(`(?i)\d{17}[0-9x]|\b[a-z]\d{7,8}\b`)

// Every number the guard typed appears masked in what houqin says and
// notifies, never in full: only the guard's own input lines hold it.
func TestTranscriptsShowMaskedIDs(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts: %v", err)
	}
	nested, _ := filepath.Glob("testdata/*/*.txt")
	for _, file := range append(files, nested...) {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		input, want, ok := strings.Cut(string(raw), "-- want --\n")
		if !ok {
			t.Fatalf("%s has no want section", file)
		}
		typed := idNumberRE.FindAllString(input, -1)
		for n, line := range strings.Split(want, "\n") {
			if strings.HasPrefix(line, "> ") {
				continue
			}
			for _, id := range typed {
				if strings.Contains(strings.ToUpper(line), strings.ToUpper(id)) {
					t.Errorf("%s: want line %d shows %s in full: %s", file, n+1, id, line)
				}
			}
		}
	}
}
