package store_test

import (
	"errors"
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/canteen"
	"github.com/houqin/houqin/flows/lexicon"
	"github.com/houqin/houqin/flows/repair"
	"github.com/houqin/houqin/flows/visit"
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
		s.Lexicon, err = tx.(lexicon.Store).Lexicon(ctx, a.School.ID)
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

// The visitor and meal kinds: stored per school, validated, and read back
// into the words the check-in and 留样 read with, for that school only.
func TestLexiconVisitorAndMealWords(t *testing.T) {
	db := storetest.Open(t)
	a := storetest.Seed(t, db, "一中")
	b := storetest.Seed(t, db, "二中")

	for _, e := range []lexicon.Entry{
		{Kind: lexicon.Purpose, Word: "送校服", Value: "送货"},
		{Kind: lexicon.Title, Word: "后勤主管", Value: "head"},
		{Kind: lexicon.Org, Word: "叮咚买菜", Value: "courier"},
		{Kind: lexicon.Role, Word: "保洁员", Value: ""},
		{Kind: lexicon.Meal, Word: "午点", Value: flows.MealSnack},
	} {
		if _, err := db.AddLexiconEntry(ctx, a.School.ID, e); err != nil {
			t.Fatalf("AddLexiconEntry(%+v): %v", e, err)
		}
	}
	for _, bad := range []lexicon.Entry{
		{Kind: lexicon.Purpose, Word: "送校服", Value: "delivery"},
		{Kind: lexicon.Title, Word: "后勤主管", Value: "boss"},
		{Kind: lexicon.Title, Word: "系统主管", Value: "admin"},
		{Kind: lexicon.Org, Word: "叮咚买菜", Value: "shop"},
		{Kind: lexicon.Role, Word: "保洁员", Value: "cleaner"},
		{Kind: lexicon.Meal, Word: "午点", Value: "tea"},
		{Kind: lexicon.Meal, Word: "午 点", Value: flows.MealSnack},
	} {
		if _, err := db.AddLexiconEntry(ctx, a.School.ID, bad); err == nil {
			t.Errorf("AddLexiconEntry(%+v) accepted", bad)
		}
	}
	if ps, err := db.LexiconEntries(ctx, a.School.ID, lexicon.Purpose); err != nil || len(ps) != 1 || ps[0].Value != "送货" {
		t.Fatalf("purpose entries = %+v, %v", ps, err)
	}

	read := func(schoolID int64) []lexicon.Entry {
		var es []lexicon.Entry
		inTx(t, db, func(tx flows.Tx) error {
			var err error
			es, err = tx.(lexicon.Store).Lexicon(ctx, schoolID)
			return err
		})
		return es
	}
	own, other := read(a.School.ID), read(b.School.ID)
	if len(own) != 5 || len(other) != 0 {
		t.Fatalf("school words: %d and %d, want 5 and 0", len(own), len(other))
	}
	msg := "保洁员刘芳 13800001234 叮咚买菜 送校服"
	g := visit.ParseVisitorWith(msg, own)
	if g.Name != "刘芳" || g.Org != "叮咚买菜" || g.Purpose != "送货" || g.PurposeNote != "送校服" {
		t.Errorf("with 一中's words: %+v", g)
	}
	g = visit.ParseVisitorWith(msg, other)
	if g.Name == "刘芳" || g.Org == "叮咚买菜" || g.Purpose == "送货" {
		t.Errorf("二中 reads 一中's words: %+v", g)
	}
	if m, ok := canteen.ParseMealWith("午点", own); !ok || m != flows.MealSnack {
		t.Errorf("午点 with 一中's words = %q, %v", m, ok)
	}
	if _, ok := canteen.ParseMealWith("午点", other); ok {
		t.Errorf("午点 is a meal at 二中")
	}
}

// The surname, notname, document and fridge kinds through the store:
// added, validated, listed, read back into the check-in's and 留样's words
// for that school only, and removed.
func TestLexiconNameDocumentAndFridgeWords(t *testing.T) {
	db := storetest.Open(t)
	a := storetest.Seed(t, db, "一中")
	b := storetest.Seed(t, db, "二中")

	for _, e := range []lexicon.Entry{
		{Kind: lexicon.Surname, Word: "禤"},
		{Kind: lexicon.NotName, Word: "钟点工", Value: "noise"},
		{Kind: lexicon.Document, Word: "居住证"},
		{Kind: lexicon.Fridge, Word: "留样箱"},
	} {
		if _, err := db.AddLexiconEntry(ctx, a.School.ID, e); err != nil {
			t.Fatalf("AddLexiconEntry(%+v): %v", e, err)
		}
	}
	for _, bad := range []lexicon.Entry{
		{Kind: lexicon.Surname, Word: "欧阳修"},
		{Kind: lexicon.Surname, Word: "禤", Value: "rare"},
		{Kind: lexicon.NotName, Word: "钟点工", Value: "never"},
		{Kind: lexicon.Document, Word: "居住证", Value: "other"},
		{Kind: lexicon.Fridge, Word: "留样箱", Value: "cold"},
		{Kind: lexicon.Fridge, Word: "1号冰箱"},
	} {
		if _, err := db.AddLexiconEntry(ctx, a.School.ID, bad); err == nil {
			t.Errorf("AddLexiconEntry(%+v) accepted", bad)
		}
	}
	if ds, err := db.LexiconEntries(ctx, a.School.ID, lexicon.Document); err != nil || len(ds) != 1 || ds[0].Word != "居住证" || ds[0].Value != "" {
		t.Fatalf("document entries = %+v, %v", ds, err)
	}

	read := func(schoolID int64) []lexicon.Entry {
		var es []lexicon.Entry
		inTx(t, db, func(tx flows.Tx) error {
			var err error
			es, err = tx.(lexicon.Store).Lexicon(ctx, schoolID)
			return err
		})
		return es
	}
	own, other := read(a.School.ID), read(b.School.ID)
	if len(own) != 4 || len(other) != 0 {
		t.Fatalf("school words: %d and %d, want 4 and 0", len(own), len(other))
	}
	msg := "禤海燕 居住证 JZ20240012 13800001234 找王老师 面试"
	g := visit.ParseVisitorWith(msg, own)
	if g.Name != "禤海燕" || g.IDType != visit.IDOther || g.IDNumber != "JZ20240012" || g.IDNote != "居住证" {
		t.Errorf("with 一中's words: %+v", g)
	}
	g = visit.ParseVisitorWith(msg, other)
	if g.Name == "禤海燕" || g.IDNumber != "" {
		t.Errorf("二中 reads 一中's words: %+v", g)
	}
	if c, found, err := canteen.FridgeTemperatureWith("留样箱 3", own); !found || err != nil || c != 3 {
		t.Errorf("留样箱 3 with 一中's words = %v, %v, %v", c, found, err)
	}
	if _, found, _ := canteen.FridgeTemperatureWith("留样箱 3", other); found {
		t.Error("留样箱 is a fridge at 二中")
	}

	for k, w := range map[lexicon.Kind]string{lexicon.Surname: "禤", lexicon.Fridge: "留样箱"} {
		if _, err := db.RemoveLexiconEntry(ctx, a.School.ID, k, w); err != nil {
			t.Fatalf("remove %s %s: %v", k, w, err)
		}
	}
	if all, _ := db.LexiconEntries(ctx, a.School.ID, ""); len(all) != 2 {
		t.Fatalf("after removing two of four: %+v", all)
	}
	if _, found, _ := canteen.FridgeTemperatureWith("留样箱 3", read(a.School.ID)); found {
		t.Error("留样箱 is still a fridge after its removal")
	}
}
