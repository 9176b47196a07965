package visit

import (
	"cmp"
	"context"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/lexicon"
)

// The words a check-in is read with: the purposes of visits, staff
// titles, organisations and the role words around names are data
// (flows/lexicon/data: purpose, title, org, role), which a school extends
// without code (houqin lexicon add --school S --kind purpose 送校服 送货).
// A vocab is those words compiled for one school; it is not changed after
// it is made, so it may be shared.
type vocab struct {
	purposes    []purposeWord // a school's own first, then the defaults
	hints       []string      // words only reasons hold: 洽谈, 参观
	verbs       []string      // verbs a reason starts with: 送, 接, 修
	knownOrgs   []string      // organisations named without a suffix: 顺丰, 格力
	couriers    []string      // an organisation holding one delivers: 顺丰, 快递
	orgSuffixes []string      // words ending organisations' names: 公司, 局
	orgKinds    []string      // words that alone finish the name before them: 物业
	roles       []string      // words before a visitor's name: 司机, 负责人, 家长
	parents     []string      // role words for a student's family: 家长, 爷爷
	titles      []string      // staff titles, longest first: 总务主任, 老师
	titleRoles  map[string][]flows.Role
}

type purposeWord struct{ word, purpose string }

// compileVocab reads l's visitor words.
func compileVocab(l *lexicon.Lexicon) *vocab {
	v := &vocab{titleRoles: map[string][]flows.Role{}}
	all, own := l.Entries(lexicon.Purpose), l.Added(lexicon.Purpose)
	for _, e := range append(own, all[:len(all)-len(own)]...) {
		switch e.Value {
		case "hint":
			v.hints = append(v.hints, e.Word)
		case "verb":
			v.verbs = append(v.verbs, e.Word)
		default:
			v.purposes = append(v.purposes, purposeWord{e.Word, e.Value})
		}
	}
	for _, e := range l.Entries(lexicon.Org) {
		switch e.Value {
		case "", "known":
			v.knownOrgs = append(v.knownOrgs, e.Word)
		case "courier":
			v.knownOrgs = append(v.knownOrgs, e.Word)
			v.couriers = append(v.couriers, e.Word)
		case "delivers":
			v.couriers = append(v.couriers, e.Word)
		case "suffix":
			v.orgSuffixes = append(v.orgSuffixes, e.Word)
		case "kind":
			v.orgKinds = append(v.orgKinds, e.Word)
		}
	}
	for _, e := range l.Entries(lexicon.Role) {
		v.roles = append(v.roles, e.Word)
		if e.Value == "parent" {
			v.parents = append(v.parents, e.Word)
		}
	}
	for _, e := range l.Entries(lexicon.Title) {
		if !slices.Contains(v.titles, e.Word) {
			v.titles = append(v.titles, e.Word)
		}
		roles, _ := lexicon.TitleRoles(e.Value) // validated when added
		if len(roles) > 0 {
			v.titleRoles[e.Word] = roles
		} else {
			delete(v.titleRoles, e.Word) // a school's word without roles: none
		}
	}
	// The longest title ending a host's description is taken off first:
	// 副校长 before 校长, 总务主任 before 主任.
	slices.SortStableFunc(v.titles, func(a, b string) int {
		return cmp.Compare(utf8.RuneCountInString(b), utf8.RuneCountInString(a))
	})
	return v
}

var (
	vocabsMu sync.Mutex
	vocabs   = map[string]*vocab{}
)

// vocabOf is l compiled, from a small cache: schools' lexicons are few
// and change rarely.
func vocabOf(l *lexicon.Lexicon) *vocab {
	vocabsMu.Lock()
	defer vocabsMu.Unlock()
	if v, ok := vocabs[l.Key()]; ok {
		return v
	}
	if len(vocabs) >= 256 {
		clear(vocabs)
	}
	v := compileVocab(l)
	vocabs[l.Key()] = v
	return v
}

// defaultVocab is the words every school starts with.
func defaultVocab() *vocab { return vocabOf(lexicon.Default()) }

// LexiconStore is the store side of a school's own words; the store
// implements it (houqin lexicon add), as it does repair.LexiconStore. A
// transaction without it reads with the default words only.
type LexiconStore interface {
	// Lexicon lists the entries a school added to the defaults.
	Lexicon(ctx context.Context, schoolID int64) ([]lexicon.Entry, error)
}

// vocabFor is the words t's school reads check-ins with: the defaults and
// the school's own. A failed read of the school's words leaves them out
// here; in PostgreSQL the transaction is then aborted, and the turn's next
// statement returns the error, so nothing is decided on a partial read.
func vocabFor(t *flows.Turn) *vocab {
	ls, ok := t.Tx.(LexiconStore)
	if !ok {
		return defaultVocab()
	}
	es, err := ls.Lexicon(t.Ctx, t.School.ID)
	if err != nil {
		return defaultVocab()
	}
	return vocabOf(lexicon.Default().With(es))
}

// ParseVisitorWith is ParseVisitor with a school's own words added to the
// defaults (the entries its store keeps), as the flow reads the school's
// guards.
func ParseVisitorWith(text string, own []lexicon.Entry) VisitorGuess {
	return vocabOf(lexicon.Default().With(own)).parseVisitor(text)
}
