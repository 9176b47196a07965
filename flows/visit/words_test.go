package visit

import (
	"slices"
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/lexicon"
)

// A school's own words, kind by kind, as ParseVisitor reads them; the
// defaults are untouched.
func TestParseVisitorWithSchoolWords(t *testing.T) {
	own := []lexicon.Entry{
		{Kind: lexicon.Purpose, Word: "检查", Value: "施工维修"}, // a default word: the school's kind wins
		{Kind: lexicon.Purpose, Word: "研学", Value: "hint"},
		{Kind: lexicon.Org, Word: "叮咚买菜", Value: "courier"},
		{Kind: lexicon.Org, Word: "合作社", Value: "suffix"},
		{Kind: lexicon.Role, Word: "干妈", Value: "parent"},
	}
	for _, tt := range []struct {
		text       string
		check      func(VisitorGuess) bool
		defaultsDo bool // whether the defaults read it the same
	}{
		{"李明 13800001234 检查", func(g VisitorGuess) bool { return g.Purpose == "施工维修" }, false},
		{"李明 13800001234 叮咚买菜", func(g VisitorGuess) bool { return g.Org == "叮咚买菜" && g.Purpose == "送货" }, false},
		{"李明 13800001234 蔬菜合作社", func(g VisitorGuess) bool { return g.Org == "蔬菜合作社" }, false},
		{"干妈王芳 13800001234", func(g VisitorGuess) bool { return g.Name == "王芳" }, false},
		{"王芳 干妈 13800001234", func(g VisitorGuess) bool { return g.Name == "王芳" && g.Parent && g.Purpose == "家长来访" }, false},
		{"王芳 13800001234 送货", func(g VisitorGuess) bool { return g.Name == "王芳" && g.Purpose == "送货" }, true},
	} {
		if g := ParseVisitorWith(tt.text, own); !tt.check(g) {
			t.Errorf("ParseVisitorWith(%q) = %+v", tt.text, g)
		}
		if g := ParseVisitor(tt.text); tt.check(g) != tt.defaultsDo {
			t.Errorf("ParseVisitor(%q) = %+v: the school's words leaked into the defaults, or the case shows nothing", tt.text, g)
		}
	}
	if !vocabOf(lexicon.Default().With(own)).knownPurpose("研学旅行") || defaultVocab().knownPurpose("研学旅行") {
		t.Error("a school's hint word is not a reason for that school only")
	}
}

// Titles: the longest first whatever the order added, and a school's
// title finds the staff of its roles.
func TestVocabTitles(t *testing.T) {
	v := vocabOf(lexicon.Default().With([]lexicon.Entry{
		{Kind: lexicon.Title, Word: "后勤副主管", Value: "head"},
		{Kind: lexicon.Title, Word: "主管", Value: "head,leader"},
	}))
	if i, j := slices.Index(v.titles, "后勤副主管"), slices.Index(v.titles, "主管"); i < 0 || j < 0 || i > j {
		t.Errorf("titles %v: the longer title must come first", v.titles)
	}
	if i, j := slices.Index(v.titles, "副校长"), slices.Index(v.titles, "校长"); i > j {
		t.Errorf("titles %v: 副校长 must come before 校长", v.titles)
	}
	if !slices.Equal(v.titleRoles["主管"], []flows.Role{flows.RoleHead, flows.RoleLeader}) {
		t.Errorf("主管 fits %v", v.titleRoles["主管"])
	}
	if _, ok := defaultVocab().titleRoles["主管"]; ok {
		t.Error("a school's title reached the defaults")
	}
}
