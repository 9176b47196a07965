package lexicon

import (
	"slices"
	"strings"
	"testing"
)

func TestDefaultLoads(t *testing.T) {
	l := Default()
	for _, k := range Kinds {
		if len(l.Entries(k)) == 0 {
			t.Errorf("the default lexicon has no %s entries", k)
		}
	}
	for _, e := range l.base {
		if err := e.Validate(); err != nil {
			t.Errorf("default entry %+v: %v", e, err)
		}
	}
	if l.Key() != "" {
		t.Errorf("the defaults' key is %q, want empty", l.Key())
	}
}

func TestValidate(t *testing.T) {
	good := []Entry{
		{Trade, "风幕机", "electrical"},
		{Trade, "冷却塔!", "general"},
		{Trade, "漏风", "general/symptom"},
		{Trade, "门卫室", "/neutral"},
		{Hazard, "氨气味", "gas"},
		{Hazard, "玻璃/镜子+碎", "glass"},
		{Large, "中央空调", ""},
		{Synonym, "男卫", "男厕所"},
		{Building, "课室", "教学"},
		{Place, "生物园", ""},
		{Place, "隔壁", "relative"},
		{Marker, "弄妥了", "done"},
		{Purpose, "送校服", "送货"},
		{Purpose, "研学", "hint"},
		{Purpose, "送", "verb"},
		{Title, "教务主任", ""},
		{Title, "教务主任", "head"},
		{Title, "书记", "principal,leader"},
		{Org, "美团", ""},
		{Org, "美团", "known"},
		{Org, "叮咚买菜", "courier"},
		{Org, "快运", "delivers"},
		{Org, "合作社", "suffix"},
		{Org, "驾校", "kind"},
		{Role, "保洁员", ""},
		{Role, "外婆", "parent"},
		{Meal, "午点", "snack"},
		{Meal, "brunch", "lunch"},
		{Surname, "禤", ""},
		{Surname, "第五", ""},
		{NotName, "保安", ""},
		{NotName, "打扰了", "noise"},
		{Document, "居住证", ""},
		{Document, "外国人永久居留身份证", "resident"},
		{Document, "旅行证", "passport"},
		{Document, "ID", "any"},
		{Fridge, "留样箱", ""},
		{Fridge, "箱温", "temperature"},
		{Fridge, "样品盒", "box"},
	}
	for _, e := range good {
		if err := e.Validate(); err != nil {
			t.Errorf("Validate(%+v) = %v, want nil", e, err)
		}
	}
	bad := []Entry{
		{"colour", "红", "red"},
		{Trade, "", "electrical"},
		{Trade, "两个 词", "electrical"},
		{Trade, "风幕机", "painting"},
		{Trade, "风幕机", "electrical/broken"},
		{Trade, "a+b", "electrical"},
		{Hazard, "氨气味", "smelly"},
		{Hazard, "玻璃/+碎", "glass"},
		{Large, "中央空调", "yes"},
		{Large, "中央空调!", ""},
		{Synonym, "男卫", " "},
		{Building, "课室", ""},
		{Place, "生物园", "near"},
		{Marker, "弄妥了", "finished"},
		{Purpose, "送校服", ""},
		{Purpose, "送校服", "delivery"},
		{Purpose, "送/校服", "送货"},
		{Title, "教务主任", "boss"},
		{Title, "教务主任", "head,admin"},
		{Org, "美团", "shop"},
		{Role, "保洁员", "cleaner"},
		{Role, "保洁员!", ""},
		{Meal, "午点", ""},
		{Meal, "午点", "tea"},
		{Surname, "欧阳修", ""},
		{Surname, "Li", ""},
		{Surname, "禤", "rare"},
		{Surname, "禤!", ""},
		{NotName, "保安", "never"},
		{Document, "居住证", "other"},
		{Document, "居住证2", ""},
		{Fridge, "留样箱", "fridge"},
		{Fridge, "2号冰箱", ""},
		{Fridge, "留样", ""},
	}
	for _, e := range bad {
		if err := e.Validate(); err == nil {
			t.Errorf("Validate(%+v) = nil, want an error", e)
		}
	}
}

func TestWith(t *testing.T) {
	l := Default().With([]Entry{{Trade, " 风幕机 ", "electrical"}, {Hazard, "氨气味", "smelly"}, {Place, "生物园", ""}})
	if l == Default() || l.Key() == "" {
		t.Fatal("With of new entries gave the defaults")
	}
	trades := l.Entries(Trade)
	if last := trades[len(trades)-1]; last != (Entry{Trade, "风幕机", "electrical"}) {
		t.Errorf("the added trade word is %+v, want it trimmed, after the defaults", last)
	}
	if slices.ContainsFunc(l.Entries(Hazard), func(e Entry) bool { return e.Word == "氨气味" }) {
		t.Error("an invalid entry was added")
	}
	if len(Default().Entries(Trade)) != len(trades)-1 {
		t.Error("With changed the defaults")
	}
	same := Default().With([]Entry{{Trade, "风幕机", "electrical"}, {Place, "生物园", ""}})
	if same.Key() != l.Key() {
		t.Errorf("the same entries gave keys %q and %q", same.Key(), l.Key())
	}
	if Default().With(nil) != Default() {
		t.Error("With(nil) is not the lexicon itself")
	}
}

func TestParse(t *testing.T) {
	es, err := Parse(Trade, strings.NewReader("# comment\nelectrical: 风机 风幕机 # trailing\n\t冷却塔!\n/neutral: 门卫\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{{Trade, "风机", "electrical"}, {Trade, "风幕机", "electrical"}, {Trade, "冷却塔!", "electrical"}, {Trade, "门卫", "/neutral"}}
	if !slices.Equal(es, want) {
		t.Errorf("Parse = %+v, want %+v", es, want)
	}
	for _, bad := range []string{"\t风机\n", "electrical 风机\n", "painting: 刷子\n"} {
		if _, err := Parse(Trade, strings.NewReader(bad)); err == nil {
			t.Errorf("Parse(%q) accepted", bad)
		}
	}
}

func TestAdded(t *testing.T) {
	if len(Default().Added(Purpose)) != 0 {
		t.Error("the defaults have added entries")
	}
	l := Default().With([]Entry{{Purpose, "送校服", "送货"}, {Meal, "午点", "snack"}})
	if got := l.Added(Purpose); len(got) != 1 || got[0].Word != "送校服" {
		t.Errorf("Added(Purpose) = %+v", got)
	}
	if got := l.With([]Entry{{Purpose, "研学", "hint"}}).Added(Purpose); len(got) != 2 {
		t.Errorf("Added after two Withs = %+v, want both", got)
	}
	if n, d := len(l.Entries(Purpose)), len(Default().Entries(Purpose)); n != d+1 {
		t.Errorf("%d purpose entries, want the %d defaults and one", n, d)
	}
}

func TestTitleRoles(t *testing.T) {
	rs, err := TitleRoles("principal, leader")
	if err != nil || len(rs) != 2 || rs[0] != "principal" || rs[1] != "leader" {
		t.Errorf("TitleRoles = %v, %v", rs, err)
	}
	if rs, err := TitleRoles(""); err != nil || rs != nil {
		t.Errorf("TitleRoles(\"\") = %v, %v", rs, err)
	}
}
