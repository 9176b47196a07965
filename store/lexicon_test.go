package store_test

import (
	"errors"
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/lexicon"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/store/storetest"
)

func TestLexiconEntries(t *testing.T) {
	db := storetest.Open(t)
	a := storetest.Seed(t, db, "一中")
	b := storetest.Seed(t, db, "二中")

	// 风幕机 is not a default word: a report of it has no trade.
	text := "食堂门口的风幕机坏了"
	if g := repair.Understand(text, nil, repair.Sender{}); len(g.Problems) != 1 || g.Problems[0].Trade != "" {
		t.Fatalf("before: %+v, want one problem without a trade", g)
	}
	if _, err := db.AddLexiconEntry(ctx, a.School.ID, lexicon.Entry{Kind: lexicon.Trade, Word: "风幕机", Value: "plumbing"}); err != nil {
		t.Fatal(err)
	}
	// Added again with another value: the value changes, no second row.
	e, err := db.AddLexiconEntry(ctx, a.School.ID, lexicon.Entry{Kind: lexicon.Trade, Word: " 风幕机 ", Value: "electrical"})
	if err != nil || e.Word != "风幕机" || e.Value != "electrical" || e.SchoolID != a.School.ID {
		t.Fatalf("re-add = %+v, %v", e, err)
	}
	if _, err := db.AddLexiconEntry(ctx, a.School.ID, lexicon.Entry{Kind: lexicon.Hazard, Word: "氨气味", Value: "gas"}); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []lexicon.Entry{
		{Kind: "colour", Word: "红", Value: "x"},
		{Kind: lexicon.Trade, Word: "风幕机", Value: "painting"},
		{Kind: lexicon.Hazard, Word: "氨气味", Value: "smelly"},
		{Kind: lexicon.Synonym, Word: "男卫", Value: ""},
		{Kind: lexicon.Trade, Word: "两个 词", Value: "general"},
	} {
		if _, err := db.AddLexiconEntry(ctx, a.School.ID, bad); err == nil {
			t.Errorf("AddLexiconEntry(%+v) accepted", bad)
		}
	}

	all, err := db.LexiconEntries(ctx, a.School.ID, "")
	if err != nil || len(all) != 2 {
		t.Fatalf("entries = %+v, %v; want 2", all, err)
	}
	hz, err := db.LexiconEntries(ctx, a.School.ID, lexicon.Hazard)
	if err != nil || len(hz) != 1 || hz[0].Word != "氨气味" {
		t.Fatalf("hazard entries = %+v, %v", hz, err)
	}
	if other, err := db.LexiconEntries(ctx, b.School.ID, ""); err != nil || len(other) != 0 {
		t.Fatalf("another school's entries = %+v, %v; want none", other, err)
	}

	// The school's words reach Understand through the Sender.
	var s repair.Sender
	inTx(t, db, func(tx flows.Tx) error {
		var err error
		s.Lexicon, err = tx.(repair.LexiconStore).Lexicon(ctx, a.School.ID)
		return err
	})
	if g := repair.Understand(text, nil, s); len(g.Problems) != 1 || g.Problems[0].Trade != flows.TradeElectrical {
		t.Fatalf("with the school's words: %+v, want electrical", g)
	}
	if g := repair.Understand("化学实验室有很大的氨气味", nil, s); g.Intent != repair.IntentReport || g.Problems[0].Hazard != repair.HazardGas {
		t.Fatalf("with the school's hazard: %+v, want a gas hazard", g)
	}

	if id, err := db.RemoveLexiconEntry(ctx, a.School.ID, lexicon.Trade, "风幕机"); err != nil || id != e.ID {
		t.Fatalf("remove = %d, %v; want %d", id, err, e.ID)
	}
	if _, err := db.RemoveLexiconEntry(ctx, a.School.ID, lexicon.Trade, "风幕机"); !errors.Is(err, flows.ErrNotFound) {
		t.Fatalf("removing twice: %v, want ErrNotFound", err)
	}
	if all, _ := db.LexiconEntries(ctx, a.School.ID, ""); len(all) != 1 {
		t.Fatalf("after remove: %+v, want the hazard only", all)
	}
}
