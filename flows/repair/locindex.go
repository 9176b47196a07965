package repair

import (
	"slices"
	"strings"
	"sync"

	"github.com/houqin/houqin/flows"
)

// locIndex is a school's locations prepared for reading messages against
// them: every distinct canonical name (a room, an alias, a weak name, a
// building, a floor) once, numbered, and bucketed by its first rune. A
// message is then matched by looking up each of its own runes in the
// buckets, instead of searching it for every name of every location: for
// the bench's 300 rooms that is a few hundred short comparisons instead of
// about a thousand scans of the whole message. The building name that all
// of a building's rooms share is found once, not once per room.
//
// The index is built from the locations' names only, so it gives exactly
// what matching them one by one gave (TestLocIndexMatchesScan compares the
// two on the corpus).
type locIndex struct {
	src []flows.Location // a copy of what it was built from, to check it still applies
	// lent is the list it was built from itself: the directory cache
	// hands the same read-only list to every message until the directory
	// changes (flows.Directory.Locations), so the same list again needs
	// no comparison. Holding it keeps its array from being reused for
	// another list at the same address.
	lent    []flows.Location
	names   [][]rune
	byFirst map[rune][]int32
	locs    []locNameIDs
	named   [][]int32 // by name: the locations it is a room, alias, weak or building name of
}

// locNameIDs are one location's names, as indexes into locIndex.names.
type locNameIDs struct {
	strong, weak, floors []int32
	building             int32 // -1 when the location has no building
	buildingList         [1]int32
}

// buildingIDs is the building's name as a list of one, without allocating
// (buildingList is set when the index is built and only read after).
func (ln *locNameIDs) buildingIDs() []int32 { return ln.buildingList[:] }

// locIndexKey finds a school's index again: the same school and the same
// number of locations. A different list under the same key (the directory
// changed) replaces it.
type locIndexKey struct {
	school int64
	n      int
}

// locIndexes is a reader's cache of indexes; see reader.index.
type locIndexes struct {
	mu sync.Mutex
	m  map[locIndexKey]*locIndex
}

// maxLocIndexes bounds a reader's cache: a district's schools, with room
// to spare; when full it starts again.
const maxLocIndexes = 512

// index returns locs prepared for matching: the cached index when it was
// built from this very list, or from the same names in the same order,
// else a new one. The directory cache hands out the same list for every
// message; a list equal to it (another store's) compares strings that
// usually share their bytes, which is cheap too.
func (rd *reader) index(locs []flows.Location) *locIndex {
	var key locIndexKey
	if len(locs) > 0 {
		key = locIndexKey{school: locs[0].SchoolID, n: len(locs)}
	}
	rd.indexes.mu.Lock()
	ix := rd.indexes.m[key]
	rd.indexes.mu.Unlock()
	if ix != nil && (sameList(ix.lent, locs) || sameNames(ix.src, locs)) {
		return ix
	}
	ix = rd.buildIndex(locs)
	ix.lent = locs
	rd.indexes.mu.Lock()
	if rd.indexes.m == nil || len(rd.indexes.m) >= maxLocIndexes {
		rd.indexes.m = map[locIndexKey]*locIndex{}
	}
	rd.indexes.m[key] = ix
	rd.indexes.mu.Unlock()
	return ix
}

// sameList reports whether a and b are the same list: the same array,
// from the same start, of the same length.
func sameList(a, b []flows.Location) bool {
	return len(a) > 0 && len(a) == len(b) && &a[0] == &b[0]
}

// sameNames reports whether a and b name the same locations in the same
// order, as far as reading is concerned.
func sameNames(a, b []flows.Location) bool {
	return slices.EqualFunc(a, b, func(x, y flows.Location) bool {
		return x.Building == y.Building && x.Floor == y.Floor && x.Room == y.Room && slices.Equal(x.Aliases, y.Aliases)
	})
}

func (rd *reader) buildIndex(locs []flows.Location) *locIndex {
	ix := &locIndex{src: slices.Clone(locs), byFirst: map[rune][]int32{}, locs: make([]locNameIDs, len(locs))}
	ids := map[string]int32{}
	id := func(n []rune) int32 {
		k := string(n)
		if i, ok := ids[k]; ok {
			return i
		}
		i := int32(len(ix.names))
		ids[k] = i
		ix.names = append(ix.names, n)
		if len(n) > 0 {
			ix.byFirst[n[0]] = append(ix.byFirst[n[0]], i)
		}
		return i
	}
	list := func(ns [][]rune) []int32 {
		out := make([]int32, len(ns))
		for j, n := range ns {
			out[j] = id(n)
		}
		return out
	}
	for i, l := range locs {
		ns := rd.namesOf(l)
		ln := locNameIDs{strong: list(ns.strong), weak: list(ns.weak), building: -1, buildingList: [1]int32{-1}}
		if l.Building != "" {
			ln.building = id(ns.building)
			ln.buildingList = [1]int32{ln.building}
		}
		if l.Floor != "" {
			ln.floors = list(ns.floors)
		}
		ix.locs[i] = ln
		ix.named = append(ix.named, make([][]int32, len(ix.names)-len(ix.named))...)
		for _, n := range slices.Concat(ln.strong, ln.weak, ln.buildingList[:]) {
			if n >= 0 && !slices.Contains(ix.named[n], int32(i)) {
				ix.named[n] = append(ix.named[n], int32(i))
			}
		}
	}
	return ix
}

// candidates are, in order, the locations one of whose names (not only
// its floor) is found in the text: the only ones match can score.
func (ix *locIndex) candidates(at []int32) []int {
	var out []int
	for id, s := range at {
		if s >= 0 {
			for _, i := range ix.named[id] {
				out = append(out, int(i))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// foundAt returns where in c each of ix's names is first found as a whole
// name (canon.find's first answer), or -1.
func (ix *locIndex) foundAt(c canon) []int32 {
	at := make([]int32, len(ix.names))
	for i := range at {
		at[i] = -1
	}
	for s, r := range c.r {
		for _, id := range ix.byFirst[r] {
			if at[id] < 0 && c.foundAt(s, ix.names[id]) {
				at[id] = int32(s)
			}
		}
	}
	return at
}

// longest is longestMatch over names given by id, with where they were
// found.
func (ix *locIndex) longest(at []int32, ids []int32) (span, bool) {
	var best span
	found := false
	for _, id := range ids {
		n := len(ix.names[id])
		if found && n <= best.end-best.start {
			continue
		}
		if s := int(at[id]); s >= 0 && n > 0 {
			best, found = span{s, s + n}, true
		}
	}
	return best, found
}

// longestBut is longest over ids without the name but (a room's alias
// that is its building's name).
func (ix *locIndex) longestBut(at []int32, ids []int32, but int32) (span, bool) {
	var best span
	found := false
	for _, id := range ids {
		n := len(ix.names[id])
		if id == but || found && n <= best.end-best.start {
			continue
		}
		if s := int(at[id]); s >= 0 && n > 0 {
			best, found = span{s, s + n}, true
		}
	}
	return best, found
}

// match scores how well c names location i (l); see matchLocation, which
// it replaces and whose rules it keeps. A weak name (厕所 for 男厕所, 大厅
// for 一楼大厅) counts only with the building or the floor. A building hint
// in the text (教室, 宿舍) adds one for the locations of buildings it points
// to, when a room is named.
func (ix *locIndex) match(c canon, at []int32, i int, l flows.Location, hints []string) locMatch {
	var m locMatch
	ln := &ix.locs[i]
	main, okMain := ix.longest(at, ln.strong)
	isWeak := false
	if !okMain {
		main, okMain = ix.longest(at, ln.weak)
		isWeak = okMain
	}
	if okMain && ln.building >= 0 && slices.Equal(c.r[main.start:main.end], ix.names[ln.building]) {
		// 图书馆阅览室, where 图书馆 is also an alias of the room: the
		// room's own name, said too, is the room (user test 17's F33 had
		// the alias win the tie and filed 阅览室 as another place).
		if own, ok := ix.longestBut(at, ln.strong, ln.building); ok && !overlapsAny(own, []span{main}) {
			main = own
		}
	}
	if okMain {
		m.spans = append(m.spans, main)
		m.room = true
		if ln.building >= 0 && l.Room != "" && slices.Equal(c.r[main.start:main.end], ix.names[ln.building]) {
			// 图书馆, an alias of 图书馆阅览室: said, it names the building,
			// and another kind of room said after it (图书馆二楼办公室) is
			// not this room.
			m.building, m.room = main, false
		}
	}
	if ln.building >= 0 {
		if b, ok := ix.longest(at, ix.locs[i].buildingIDs()); ok && !overlapsAny(b, m.spans) {
			m.spans = append(m.spans, b)
			m.building = b
			m.room = m.room || l.Room == ""
		}
	}
	if len(m.spans) == 0 {
		return locMatch{}
	}
	if len(ln.floors) > 0 {
		if f, ok := ix.longest(at, ln.floors); ok && !overlapsAny(f, m.spans) && slices.ContainsFunc(m.spans, f.beside(c)) {
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
