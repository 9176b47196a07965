package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/houqin/houqin/flows/lexicon"
)

// A school's lexicon entries (migration 00013), read into repair.Sender
// and into the words the visitor check-in and 留样 read messages with.

var _ lexicon.Store = (*Tx)(nil)

// LexiconEntry is one stored word of a school's lexicon.
type LexiconEntry struct {
	ID       int64     `db:"id" json:"id"`
	SchoolID int64     `db:"school_id" json:"school_id"`
	Kind     string    `db:"kind" json:"kind"`
	Word     string    `db:"word" json:"word"`
	Value    string    `db:"value" json:"value"`
	Created  time.Time `db:"created_at" json:"created_at"`
}

// Entry is e as the lexicon package has it.
func (e LexiconEntry) Entry() lexicon.Entry {
	return lexicon.Entry{Kind: lexicon.Kind(e.Kind), Word: e.Word, Value: e.Value}
}

// AddLexiconEntry adds a word to a school's lexicon, or changes the value
// of the word already there for that kind. An entry the lexicon package
// rejects is an error that says why.
func (t *Tx) AddLexiconEntry(ctx context.Context, schoolID int64, e lexicon.Entry) (LexiconEntry, error) {
	e.Word, e.Value = strings.TrimSpace(e.Word), strings.TrimSpace(e.Value)
	if err := e.Validate(); err != nil {
		return LexiconEntry{}, err
	}
	var r LexiconEntry
	err := sqlx.GetContext(ctx, t.q, &r, `
		INSERT INTO lexicon_entries (school_id, kind, word, value) VALUES ($1, $2, $3, $4)
		ON CONFLICT (school_id, kind, word) DO UPDATE SET value = EXCLUDED.value
		RETURNING id, school_id, kind, word, value, created_at`,
		schoolID, string(e.Kind), e.Word, e.Value)
	return r, wrap("add lexicon entry", err)
}

// LexiconEntries lists a school's entries, of kind k ("" for every kind),
// by kind and word.
func (t *Tx) LexiconEntries(ctx context.Context, schoolID int64, k lexicon.Kind) ([]LexiconEntry, error) {
	var rs []LexiconEntry
	err := sqlx.SelectContext(ctx, t.q, &rs, `
		SELECT id, school_id, kind, word, value, created_at FROM lexicon_entries
		WHERE school_id = $1 AND ($2 = '' OR kind = $2) ORDER BY kind, word, id`, schoolID, string(k))
	return rs, wrap("lexicon entries", err)
}

// RemoveLexiconEntry removes a school's word of kind k and returns the
// id it had; ErrNotFound when there is none.
func (t *Tx) RemoveLexiconEntry(ctx context.Context, schoolID int64, k lexicon.Kind, word string) (int64, error) {
	var id int64
	err := sqlx.GetContext(ctx, t.q, &id, `DELETE FROM lexicon_entries WHERE school_id = $1 AND kind = $2 AND word = $3 RETURNING id`,
		schoolID, string(k), strings.TrimSpace(word))
	return id, wrap(fmt.Sprintf("remove lexicon %s %q", k, word), err)
}

// Lexicon implements lexicon.Store, which repair, visit and canteen read: the
// school's entries, for repair.Sender.Lexicon and the visitor and meal
// words.
func (t *Tx) Lexicon(ctx context.Context, schoolID int64) ([]lexicon.Entry, error) {
	if es, ok, err := t.cachedLexicon(ctx, schoolID); ok || err != nil {
		return es, err
	}
	rs, err := t.LexiconEntries(ctx, schoolID, "")
	if err != nil {
		return nil, err
	}
	out := make([]lexicon.Entry, len(rs))
	for i, r := range rs {
		out[i] = r.Entry()
	}
	return out, nil
}
