package canteen

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"sync"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/lexicon"
)

// The ways people name a meal in chat (早饭, 中午, 夜宵, lunch) are data
// (flows/lexicon/data/meal.txt), which a school extends without code:
// houqin lexicon add --school S --kind meal 午点 snack. meals is those
// words compiled for one school; it is not changed after it is made, so
// it may be shared.
type meals struct {
	words []mealWord        // longest first, so that a longer name is read whole
	key   map[string]string // word (lower case) → meal key
}

type mealWord struct{ word, key string }

// compileMeals reads l's meal words; a school's word overrides a default
// one of the same spelling.
func compileMeals(l *lexicon.Lexicon) *meals {
	m := &meals{key: map[string]string{}}
	for _, e := range l.Entries(lexicon.Meal) {
		w := strings.ToLower(e.Word)
		if _, dup := m.key[w]; !dup {
			m.words = append(m.words, mealWord{word: w})
		}
		m.key[w] = e.Value
	}
	for i := range m.words {
		m.words[i].key = m.key[m.words[i].word]
	}
	slices.SortStableFunc(m.words, func(a, b mealWord) int { return cmp.Compare(len(b.word), len(a.word)) })
	return m
}

var (
	mealsMu sync.Mutex
	mealSet = map[string]*meals{}
)

// mealsOf is l compiled, from a small cache: schools' lexicons are few
// and change rarely.
func mealsOf(l *lexicon.Lexicon) *meals {
	mealsMu.Lock()
	defer mealsMu.Unlock()
	if m, ok := mealSet[l.Key()]; ok {
		return m
	}
	if len(mealSet) >= 256 {
		clear(mealSet)
	}
	m := compileMeals(l)
	mealSet[l.Key()] = m
	return m
}

// defaultMeals is the meal words every school starts with.
func defaultMeals() *meals { return mealsOf(lexicon.Default()) }

// LexiconStore is the store side of a school's own words; the store
// implements it (houqin lexicon add). A transaction without it reads with
// the default words only.
type LexiconStore interface {
	// Lexicon lists the entries a school added to the defaults.
	Lexicon(ctx context.Context, schoolID int64) ([]lexicon.Entry, error)
}

// mealsFor is the meal words t's school reads messages with: the defaults
// and the school's own. A failed read of the school's words leaves them
// out here; in PostgreSQL the transaction is then aborted, and the turn's
// next statement returns the error, so nothing is decided on a partial
// read.
func mealsFor(t *flows.Turn) *meals {
	ls, ok := t.Tx.(LexiconStore)
	if !ok {
		return defaultMeals()
	}
	es, err := ls.Lexicon(t.Ctx, t.School.ID)
	if err != nil {
		return defaultMeals()
	}
	return mealsOf(lexicon.Default().With(es))
}

// ParseMealWith is ParseMeal with a school's own words added to the
// defaults (the entries its store keeps).
func ParseMealWith(s string, own []lexicon.Entry) (string, bool) {
	return mealsOf(lexicon.Default().With(own)).parse(s)
}
