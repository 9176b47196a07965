package repair

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/parse"
)

// scanLocation is how every location was matched before locIndex: each
// location's names searched in the whole message, one location after
// another. It stays here as the reference the index must agree with.
func (rd *reader) scanLocation(c canon, l flows.Location, hints []string) locMatch {
	var m locMatch
	ns := rd.namesOf(l)
	strong, weak := ns.strong, ns.weak
	main, okMain := longestMatch(c, strong)
	isWeak := false
	if !okMain {
		main, okMain = longestMatch(c, weak)
		isWeak = okMain
	}
	if okMain {
		m.spans = append(m.spans, main)
		m.room = true
		if l.Building != "" && l.Room != "" && slices.Equal(c.r[main.start:main.end], ns.building) {
			m.building, m.room = main, false
		}
	}
	if l.Building != "" {
		if b, ok := longestMatch(c, [][]rune{ns.building}); ok && !overlapsAny(b, m.spans) {
			m.spans = append(m.spans, b)
			m.building = b
			m.room = m.room || l.Room == ""
		}
	}
	if len(m.spans) == 0 {
		return locMatch{}
	}
	if l.Floor != "" {
		if f, ok := longestMatch(c, ns.floors); ok && !overlapsAny(f, m.spans) && slices.ContainsFunc(m.spans, f.beside(c)) {
			m.spans = append(m.spans, f)
			m.floor = f
		}
	}
	if isWeak && len(m.spans) == 1 {
		return locMatch{}
	}
	for _, sp := range m.spans {
		m.score += sp.end - sp.start
	}
	if okMain && slices.ContainsFunc(hints, func(part string) bool { return strings.Contains(l.Building, part) }) {
		m.score++
	}
	return m
}

// TestLocIndexMatchesScan reads every corpus message, and every message
// against the bench's 300 rooms, with the index and with the scan it
// replaced, and wants the same match for every location.
func TestLocIndexMatchesScan(t *testing.T) {
	corpus, keys := corpusSchool()
	var msgs []string
	for _, path := range []string{"testdata/corpus/repair.txt", "testdata/corpus/heldout.txt"} {
		for _, cl := range readCorpus(t, path, keys) {
			msgs = append(msgs, cl.text)
		}
	}
	msgs = append(msgs, "302教室第三排课桌腿断了", "教学楼2楼215 后门门锁坏了", "118的纱窗破了个洞", "3楼302", "第3排", "3.5米", "303:门坏了", "302门坏了，302灯也不亮", "教学楼3楼302，教学楼3楼的灯")
	rd := defaultReader()
	compared := 0
	for _, locs := range [][]flows.Location{corpus, benchRooms()} {
		for _, text := range msgs {
			c := rd.canonicalize([]rune(parse.Normalize(text)))
			hints := rd.hintsIn(c)
			ix := rd.index(locs)
			at := ix.foundAt(c)
			cands := ix.candidates(at)
			for i, l := range locs {
				got, want := ix.match(c, at, i, l, hints), rd.scanLocation(c, l, hints)
				if want.score > 0 && !slices.Contains(cands, i) {
					t.Fatalf("%q, location %d (%s %s %s) scores %d but is not a candidate", text, l.ID, l.Building, l.Floor, l.Room, want.score)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%q, location %d (%s %s %s): index %+v, scan %+v", text, l.ID, l.Building, l.Floor, l.Room, got, want)
				}
				compared++
			}
		}
	}
	if compared < 100000 {
		t.Fatalf("compared %d matches, want the whole corpus against both schools", compared)
	}
	t.Logf("%d messages × locations compared", compared)
}

// TestLocIndexFollowsTheDirectory: a renamed room is read by its new name
// at once, although the school and the number of its locations are the
// same (the cache's key).
func TestLocIndexFollowsTheDirectory(t *testing.T) {
	locs := benchRooms()
	if g := Understand("302教室第三排课桌腿断了", locs, Sender{}).Problems[0]; g.LocationID != 202 {
		t.Fatalf("302: location %d, want 202", g.LocationID)
	}
	renamed := slices.Clone(locs)
	renamed[201].Room = "音乐教室"
	if g := Understand("302教室第三排课桌腿断了", renamed, Sender{}).Problems[0]; g.LocationID != 0 {
		t.Fatalf("302 after the rename: location %d, want none", g.LocationID)
	}
	if g := Understand("音乐教室第三排课桌腿断了", renamed, Sender{}).Problems[0]; g.LocationID != 202 {
		t.Fatalf("音乐教室: location %d, want 202", g.LocationID)
	}
}
