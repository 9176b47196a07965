package visit

import (
	"context"
	"slices"
	"testing"

	"github.com/houqin/houqin/flows"
	"github.com/houqin/houqin/flows/flowtest"
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
	if !vocabs.Of(lexicon.Default().With(own)).knownPurpose("研学旅行") || defaultVocab().knownPurpose("研学旅行") {
		t.Error("a school's hint word is not a reason for that school only")
	}
}

// Titles: the longest first whatever the order added, and a school's
// title finds the staff of its roles.
func TestVocabTitles(t *testing.T) {
	v := vocabs.Of(lexicon.Default().With([]lexicon.Entry{
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

// A school's surnames, never-a-name words and documents, as ParseVisitor
// reads them; the defaults read as before.
func TestParseVisitorWithSchoolNamesAndDocuments(t *testing.T) {
	own := []lexicon.Entry{
		{Kind: lexicon.Surname, Word: "禤"},
		{Kind: lexicon.Surname, Word: "第五"},
		{Kind: lexicon.NotName, Word: "钟点工"},
		{Kind: lexicon.Document, Word: "居住证"},
		{Kind: lexicon.Document, Word: "旅行证", Value: "passport"},
	}
	for _, tt := range []struct {
		text       string
		check      func(VisitorGuess) bool
		defaultsDo bool // whether the defaults read it the same
	}{
		{"禤某某找王老师", func(g VisitorGuess) bool { return g.Name == "禤某某" && g.Host == "王老师" }, false},
		{"禤海燕 13800001234 找王老师 面试", func(g VisitorGuess) bool { return g.Name == "禤海燕" && g.Purpose == "面试" }, false},
		{"第五伦 13800001234 找王老师", func(g VisitorGuess) bool { return g.Name == "第五伦" && g.Purpose == "" }, false},
		{"覃某某找王老师", func(g VisitorGuess) bool { return g.Name == "覃某某" }, true}, // 覃 is a default surname
		{"钟点工 13800001234 找王老师", func(g VisitorGuess) bool { return g.Name == "" }, false},
		{"李明 居住证 JZ20240012 13800001234", func(g VisitorGuess) bool {
			return g.IDType == IDOther && g.IDNumber == "JZ20240012" && g.IDNote == "居住证" && g.Phone == "13800001234"
		}, false},
		{"李明 居住证号码：JZ20240012", func(g VisitorGuess) bool { return g.IDType == IDOther && g.IDNumber == "JZ20240012" }, false},
		{"李明 13800001234 只有居住证", func(g VisitorGuess) bool { return g.IDType == IDOther && g.IDNumber == "" && g.Purpose == "" }, false},
		{"李明 旅行证 T12345678", func(g VisitorGuess) bool { return g.IDType == IDPassport && g.IDNumber == "T12345678" }, false},
		{"居住证 JZ20240012 13800001234", func(g VisitorGuess) bool { return g.Name == "" && g.IDType == IDOther }, false},
		// Another document missing is not a visitor without any.
		{"李明 没带居住证 13800001234", func(g VisitorGuess) bool { return g.IDType != IDNone }, true},
		{"李明 身份证 " + idLi + " 13800001234", func(g VisitorGuess) bool { return g.IDType == IDResident && g.IDNumber == idLi }, true},
		{"李明 没带身份证 13800001234", func(g VisitorGuess) bool { return g.IDType == IDNone && g.IDNote == "没带身份证" }, true},
	} {
		if g := ParseVisitorWith(tt.text, own); !tt.check(g) {
			t.Errorf("ParseVisitorWith(%q) = %+v", tt.text, g)
		}
		if g := ParseVisitor(tt.text); tt.check(g) != tt.defaultsDo {
			t.Errorf("ParseVisitor(%q) = %+v: the school's words leaked into the defaults, or the case shows nothing", tt.text, g)
		}
	}
	v := vocabs.Of(lexicon.Default().With(own))
	if !v.hasSurname("第五伦") || defaultVocab().hasSurname("第五伦") || !v.hasSurname("欧阳修") {
		t.Error("a school's compound surname is not a surname for that school only")
	}
	if v.isName("钟点工") || !defaultVocab().isName("钟点工") || v.isName("居住证") {
		t.Error("a school's never-a-name and document words are names")
	}
}

// The document types of the lexicon are the gate's: a document word's
// value is recorded as the visit's IDType.
func TestDocumentValuesAreIDTypes(t *testing.T) {
	for _, d := range lexicon.Documents {
		if d == "any" {
			continue
		}
		if IDType(d).Label() == d {
			t.Errorf("document value %q is no IDType", d)
		}
	}
	v := defaultVocab()
	for w, want := range map[string]IDType{"身份证": IDResident, "护照": IDPassport, "回乡证": IDHomeReturn, "港澳通行证": IDHKMacau, "台胞证": IDTaiwan, "证件": "", "驾驶证": IDOther} {
		if got, ok := v.docs[w]; !ok || got != want {
			t.Errorf("document %s is %q, %v; want %q", w, got, ok, want)
		}
	}
}

// A host asked for by a school's compound surname and a title is found
// among the staff of that surname.
func TestHostByASchoolsCompoundSurname(t *testing.T) {
	c := flowtest.NewCore()
	s := c.AddSchool("一中")
	want := c.AddStaff(flows.Staff{SchoolID: s.ID, Name: "第五明", Roles: []flows.Role{flows.RoleTeacher}})
	c.AddStaff(flows.Staff{SchoolID: s.ID, Name: "伍建国", Roles: []flows.Role{flows.RoleTeacher}})
	own := vocabs.Of(lexicon.Default().With([]lexicon.Entry{{Kind: lexicon.Surname, Word: "第五"}}))
	got, err := findHosts(context.Background(), own, c, s.ID, "找初二的第五老师")
	if err != nil || len(got) != 1 || got[0].ID != want.ID {
		t.Errorf("with the school's 第五: %+v, %v; want %s", got, err, want.Name)
	}
	if got, err := findHosts(context.Background(), defaultVocab(), c, s.ID, "找初二的第五老师"); err != nil || len(got) != 0 {
		t.Errorf("with the defaults: %+v, %v; want nobody", got, err)
	}
}
